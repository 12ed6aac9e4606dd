//! Numbers, amounts and dates written the way each language expects:
//! `26/11/2026` and `280 000 €` in French.

use super::Lang;
use chrono::{Datelike, NaiveDate};

/// Groups the digits of an integer by three with `sep`.
fn group_digits(mut n: u64, sep: &str) -> String {
    let mut groups = Vec::new();
    loop {
        if n < 1000 {
            groups.push(n.to_string());
            break;
        }
        groups.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    groups.reverse();
    groups.join(sep)
}

/// A whole count with the language's thousands separator: `3 135 451` (fr),
/// `3,135,451` (en). Any integer type; one beyond `i64` reads as its maximum.
pub fn format_count(lang: Lang, n: impl TryInto<i64>) -> String {
    let n: i64 = n.try_into().unwrap_or(i64::MAX);
    let (thousands, _) = separators(lang);
    let digits = group_digits(n.unsigned_abs(), thousands);
    if n < 0 { format!("-{digits}") } else { digits }
}

/// The thousands separator and the decimal point of a language.
fn separators(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Fr => (" ", ","),
        Lang::En => (",", "."),
    }
}

/// A number with `decimals` digits after the separator (trailing zeros of a
/// whole number are dropped).
pub fn format_number(lang: Lang, value: f64, decimals: usize) -> String {
    let negative = value < 0.0;
    let scale = 10f64.powi(decimals as i32);
    let rounded = (value.abs() * scale).round() as u64;
    let whole = rounded / scale as u64;
    let frac = rounded % scale as u64;
    let (thousands, point) = separators(lang);
    let mut out = String::new();
    if negative && rounded != 0 {
        out.push('-');
    }
    out.push_str(&group_digits(whole, thousands));
    if decimals > 0 && frac != 0 {
        out.push_str(point);
        out.push_str(&format!("{frac:0width$}", width = decimals));
    }
    out
}

/// Decimal degrees with up to six decimals, trailing zeros dropped:
/// `44,089876` in French, `44.089876` in English.
pub fn format_degrees(lang: Lang, degrees: f64) -> String {
    let text = format_number(lang, degrees, 6);
    let (_, point) = separators(lang);
    match text.split_once(point) {
        Some((whole, fraction)) => format!("{whole}{point}{}", fraction.trim_end_matches('0')),
        None => text,
    }
}

/// An amount in euros: `280 000 €` (fr), `€280,000` (en).
pub fn format_amount(lang: Lang, euros: f64) -> String {
    let number = format_number(lang, euros, 2);
    match lang {
        Lang::Fr => format!("{number} €"),
        Lang::En => format!("€{number}"),
    }
}

/// Hours with at most one decimal: `12,5 h`.
pub fn format_hours(lang: Lang, hours: f64) -> String {
    format!("{} h", format_number(lang, hours, 1))
}

/// A share (`0.816`) as a percentage with one decimal: `81,6 %` in French,
/// `81.6%` in English.
pub fn format_percent(lang: Lang, ratio: f64) -> String {
    let number = format_number(lang, ratio * 100.0, 1);
    match lang {
        Lang::Fr => format!("{number} %"),
        Lang::En => format!("{number}%"),
    }
}

/// A calendar date: `26/11/2026` in French, `2026-11-26` in English.
/// Written directly rather than through a `strftime` pattern, which chrono
/// parses again for every date (4 % of `list time`); a year outside
/// 0..=9999, which chrono writes with a sign, goes through the pattern.
pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    let (year, month, day) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&year) {
        return match lang {
            Lang::Fr => date.format("%d/%m/%Y").to_string(),
            Lang::En => date.format("%Y-%m-%d").to_string(),
        };
    }
    match lang {
        Lang::Fr => format!("{day:02}/{month:02}/{year:04}"),
        Lang::En => format!("{year:04}-{month:02}-{day:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_dates_follow_each_language() {
        assert_eq!(format_amount(Lang::Fr, 280_000.0), "280 000 €");
        assert_eq!(format_amount(Lang::En, 280_000.0), "€280,000");
        assert_eq!(format_amount(Lang::Fr, 1234.5), "1 234,50 €");
        assert_eq!(format_number(Lang::Fr, 12.5, 1), "12,5");
        assert_eq!(format_number(Lang::En, 999.0, 0), "999");
        assert_eq!(format_number(Lang::Fr, -1500.0, 0), "-1 500");
        let date = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(format_percent(Lang::Fr, 0.816), "81,6 %");
        assert_eq!(format_percent(Lang::En, 0.816), "81.6%");
        assert_eq!(format_date(Lang::Fr, date), "26/11/2026");
        assert_eq!(format_date(Lang::En, date), "2026-11-26");
        assert_eq!(format_count(Lang::Fr, 3_135_451), "3 135 451");
        assert_eq!(format_count(Lang::En, -1_000), "-1,000");
        assert_eq!(format_count(Lang::En, 999), "999");
        assert_eq!(
            format_count(Lang::Fr, i64::MIN),
            "-9 223 372 036 854 775 808"
        );
    }

    #[test]
    fn dates_read_as_the_strftime_patterns_write_them() {
        let patterns = [(Lang::Fr, "%d/%m/%Y"), (Lang::En, "%Y-%m-%d")];
        for (year, month, day) in [(1, 1, 1), (999, 3, 9), (2026, 2, 28), (9999, 12, 31)] {
            for extreme in [-5, 0, 10_000, 12_345] {
                for (lang, pattern) in patterns {
                    for (y, m, d) in [(year, month, day), (extreme, 1, 2)] {
                        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
                        assert_eq!(format_date(lang, date), date.format(pattern).to_string());
                    }
                }
            }
        }
    }
}
