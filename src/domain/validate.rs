//! Validation of values typed by a person, with messages that say what is
//! wrong and what to do. Merged data is never validated (guide §3).
//!
//! Each check returns the value in its stored (canonical) form: dates as
//! `YYYY-MM-DD`, numbers without spaces, slugs as given.

use super::geo;
use super::schema::{Element, ElementValue, FieldDef, FieldType, Kind};
use super::vocab::Vocab;
use crate::i18n::Message;
use chrono::NaiveDate;

/// The longest one-line text (names, titles).
pub const MAX_TEXT: usize = 300;
/// The longest free text (needs, notes).
pub const MAX_LONG_TEXT: usize = 20_000;

/// A refused value: the field it was for and what to tell the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub field: String,
    pub message: Message,
}

impl Invalid {
    pub fn new(field: &str, message: Message) -> Invalid {
        Invalid {
            field: field.to_string(),
            message,
        }
    }
}

/// Parses a date written `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Some(date) = stored_date(text) {
        return Some(date);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

/// Why a date written in one of the accepted shapes (`31/02/2026`,
/// `2026-13-01`) is still no date: no such month, or no such day in its
/// month. `None` for any other text (the general message says the shapes).
fn impossible_date(field: &str, value: &str) -> Option<Invalid> {
    let parts: Vec<&str> = if value.contains('/') {
        value.split('/').rev().collect()
    } else {
        value.split('-').collect()
    };
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let digits = |part: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(year, 4..=4) && digits(month, 1..=2) && digits(day, 1..=2)) {
        return None;
    }
    let (year, month) = (year.parse::<i32>().ok()?, month.parse::<u32>().ok()?);
    let message = if !(1..=12).contains(&month) {
        Message::new("error.value.date_month").arg("month", month)
    } else {
        let next = match month {
            12 => NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?,
            _ => NaiveDate::from_ymd_opt(year, month + 1, 1)?,
        };
        let days = next.pred_opt()?.format("%d").to_string();
        Message::new("error.value.date_day").arg("days", days)
    };
    Some(Invalid::new(
        field,
        message.arg_field(field).arg("value", value.trim()),
    ))
}

/// A date as the store writes it, exactly `YYYY-MM-DD`, read without a
/// `strftime` pattern (which chrono parses anew at every call: a listing
/// reads one date per row); anything else is left to the patterns.
fn stored_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(at, byte)| match at {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

/// Parses a non-negative decimal, accepting a French decimal comma.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .replace(',', ".")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let value: f64 = cleaned.parse().ok()?;
    (value.is_finite()).then_some(value)
}

/// Decimal degrees within `limit` either way (a comma or a point), kept
/// with a point and at most six decimals (about 10 cm): how a place's
/// coordinates are stored, typed or imported.
pub fn canonical_degrees(text: &str, limit: f64) -> Option<String> {
    let value = parse_decimal(text).filter(|value| value.abs() <= limit)?;
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    Some(if text == "-0" { "0" } else { text }.to_string())
}

fn canonical_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The slug of the term `value` names in `vocab` (a slug, or a label in
/// either language, or a unique part of one); a refusal lists the choices
/// in the reader's language.
pub fn resolve_term(field: &str, vocab: Vocab, value: &str) -> Result<String, Invalid> {
    match vocab.resolve(value) {
        Ok(slug) => Ok(slug.to_string()),
        Err(candidates) => {
            let key = match (vocab, candidates.is_empty()) {
                (_, false) => "error.value.vocab_ambiguous",
                (Vocab::Licence, true) => "error.value.licence",
                (_, true) => "error.value.vocab",
            };
            let (french, english) = vocab.choices(&candidates);
            Err(Invalid::new(
                field,
                Message::new(key)
                    .arg_field(field)
                    .arg("value", value)
                    .arg_localized("allowed", french, english),
            ))
        }
    }
}

fn check_text(field: &str, value: &str, max: usize, multiline: bool) -> Result<String, Invalid> {
    let value = if multiline {
        value.trim_end().to_string()
    } else {
        value.trim().to_string()
    };
    if value.chars().count() > max {
        return Err(Invalid::new(
            field,
            Message::new("error.value.too_long")
                .arg_field(field)
                .arg("max", max),
        ));
    }
    let bad_control = value
        .chars()
        .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t')));
    if bad_control {
        return Err(Invalid::new(
            field,
            Message::new("error.value.control").arg_field(field),
        ));
    }
    Ok(value)
}

/// The INSEE code of a département as written by a person (`6` → `06`,
/// `2a` → `2A`), refused when no département has it.
pub fn departement_code(field: &str, raw: &str) -> Result<String, Invalid> {
    let code = raw.trim().to_ascii_uppercase();
    // "6" is a common way to write "06".
    let code = if code.len() == 1 && code.as_bytes()[0].is_ascii_digit() {
        format!("0{code}")
    } else {
        code
    };
    match geo::departement(&code) {
        Some(dep) => Ok(dep.code.clone()),
        None => Err(Invalid::new(
            field,
            Message::new("error.value.departement")
                .arg_field(field)
                .arg("value", raw.trim()),
        )),
    }
}

/// Validates a scalar value for `def`; returns its canonical form.
pub fn validate_scalar(def: &FieldDef, raw: &str) -> Result<String, Invalid> {
    let field = def.name;
    let value = raw.trim();
    if value.is_empty() {
        return Err(Invalid::new(
            field,
            Message::new("error.value.empty").arg_field(field),
        ));
    }
    let err = |key: &'static str| {
        Invalid::new(
            field,
            Message::new(key).arg_field(field).arg("value", value),
        )
    };
    match def.ty {
        FieldType::Text | FieldType::Contact
            if def.ty == FieldType::Contact && value.contains(' ') =>
        {
            Err(err("error.value.contact"))
        }
        FieldType::Text | FieldType::Contact => check_text(field, value, MAX_TEXT, false),
        FieldType::LongText => check_text(field, raw, MAX_LONG_TEXT, true),
        FieldType::Departement => departement_code(field, value),
        FieldType::Commune => {
            let code = value.to_ascii_uppercase();
            let shape = code.len() == 5 && code.chars().all(|c| c.is_ascii_alphanumeric());
            let known_department = geo::departement(&code[..2.min(code.len())]).is_some()
                || geo::departement(&code[..3.min(code.len())]).is_some();
            if shape && known_department {
                return Ok(code);
            }
            // People know their commune by name: « Forcalquier », « digne ».
            match super::naming::match_term(geo::commune_labels(), value) {
                super::naming::NameMatch::One(code) => Ok(code),
                // Vitrolles is in the 05 and in the 13: the code tells them apart.
                super::naming::NameMatch::Many(names) => {
                    let candidates: Vec<String> = geo::commune_labels()
                        .iter()
                        .filter(|(_, name)| names.contains(name))
                        .take(6)
                        .map(|(code, name)| format!("{name} ({code})"))
                        .collect();
                    Err(Invalid::new(
                        field,
                        Message::new("error.value.commune_ambiguous")
                            .arg("value", value)
                            .arg("candidates", candidates.join(", ")),
                    ))
                }
                super::naming::NameMatch::None => Err(err("error.value.commune")),
            }
        }
        FieldType::Vocab(vocab) => resolve_term(field, vocab, value),
        FieldType::Licence => resolve_term(field, Vocab::Licence, value),
        FieldType::Status => resolve_term(field, Vocab::Status, value),
        FieldType::Date => match parse_date(value) {
            Some(date) if (1900..=2200).contains(&chrono::Datelike::year(&date)) => {
                Ok(date.format("%Y-%m-%d").to_string())
            }
            Some(_) => Err(err("error.value.date")),
            None => Err(impossible_date(field, value).unwrap_or_else(|| err("error.value.date"))),
        },
        FieldType::Hours | FieldType::Amount => match parse_decimal(value) {
            Some(number) if (0.0..1e12).contains(&number) => Ok(canonical_number(number)),
            Some(_) => Err(err("error.value.negative")),
            None => Err(err("error.value.number")),
        },
        FieldType::Latitude => {
            canonical_degrees(value, 90.0).ok_or_else(|| err("error.value.latitude"))
        }
        FieldType::Longitude => {
            canonical_degrees(value, 180.0).ok_or_else(|| err("error.value.longitude"))
        }
        FieldType::Count | FieldType::Seq => match value.parse::<i64>() {
            Ok(number) if number >= 0 => Ok(number.to_string()),
            Ok(_) => Err(err("error.value.negative")),
            Err(_) => Err(err("error.value.count")),
        },
        FieldType::Year => match value.parse::<i32>() {
            Ok(year) if (2000..=2100).contains(&year) => Ok(year.to_string()),
            _ => Err(err("error.value.year")),
        },
        // An id, the end of one or a name: the app resolves it against the
        // records (`developer=Zoé`).
        FieldType::Ref(_) => check_text(field, value, MAX_TEXT, false),
        FieldType::Url => {
            let ok = (value.starts_with("https://") || value.starts_with("http://"))
                && value.len() > 10
                && !value.contains(char::is_whitespace);
            if ok {
                check_text(field, value, 2_000, false)
            } else {
                Err(err("error.value.url"))
            }
        }
        FieldType::Siret => {
            let compact: String = value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_uppercase();
            let siret = compact.len() == 14 && compact.chars().all(|c| c.is_ascii_digit());
            let rna = compact.len() == 10
                && compact.starts_with('W')
                && compact[1..].chars().all(|c| c.is_ascii_alphanumeric());
            if siret || rna {
                Ok(compact)
            } else {
                Err(err("error.value.siret"))
            }
        }
        FieldType::PublicKey => {
            let ok = value.len() <= 128
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c));
            if ok {
                Ok(value.to_string())
            } else {
                Err(err("error.value.public_key"))
            }
        }
    }
}

/// Validates the value stored for one element of a set (`web:3`).
pub fn validate_element_value(
    set_name: &str,
    kind: ElementValue,
    raw: Option<&str>,
) -> Result<String, Invalid> {
    let raw = raw.map(str::trim).filter(|text| !text.is_empty());
    let err = |key: &'static str, value: &str| {
        Invalid::new(
            set_name,
            Message::new(key).arg_field(set_name).arg("value", value),
        )
    };
    match kind {
        ElementValue::Flag => Ok("1".to_string()),
        ElementValue::Level => {
            let raw = raw.unwrap_or("1");
            match raw.parse::<u8>() {
                Ok(level @ 1..=3) => Ok(level.to_string()),
                _ => Err(err("error.value.level", raw)),
            }
        }
        ElementValue::Date => match raw {
            None => Err(err("error.value.date", "")),
            Some(text) => match parse_date(text) {
                Some(date) => Ok(date.format("%Y-%m-%d").to_string()),
                None => Err(err("error.value.date", text)),
            },
        },
        ElementValue::Count => match raw.map(str::parse::<i64>) {
            Some(Ok(count)) if count >= 0 => Ok(count.to_string()),
            _ => Err(err("error.value.count", raw.unwrap_or(""))),
        },
    }
}

/// Every refused value among `values` (field name, text typed) at once, in
/// the order given, so that a form shows all its problems on the first
/// save: an empty required field, a value its type refuses, a term or a
/// level of a set that is not one. References to records are matched by
/// name in the app; an empty optional field is no problem.
pub fn check_all(kind: Kind, values: &[(&str, &str)]) -> Vec<Invalid> {
    values
        .iter()
        .filter_map(|(name, raw)| {
            let def = kind.field(name)?;
            check_one(def, raw).err()
        })
        .collect()
}

/// The first problem with one field's typed value, if any.
fn check_one(def: &FieldDef, raw: &str) -> Result<(), Invalid> {
    if raw.trim().is_empty() {
        return match def.required {
            true => Err(Invalid::new(
                def.name,
                Message::new("error.edit.required").arg_field(def.name),
            )),
            false => Ok(()),
        };
    }
    let Some(set) = def.set else {
        return validate_scalar(def, raw).map(|_| ());
    };
    let Element::Vocab(vocab) = set.element else {
        return Ok(());
    };
    for item in raw
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
    {
        let (element, value) = match item.split_once(':') {
            Some((element, value)) => (element.trim(), Some(value)),
            None => (item, None),
        };
        resolve_term(def.name, vocab, element)?;
        validate_element_value(def.name, set.value, value)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
