//! What SQLite stores for a text value bound into a column, told in Rust for
//! the cases that are certain, so that `check` hashes most derived rows
//! without a round trip through SQLite (`digest_check`). Anything else
//! (decimals, exponents, signs, spaces, leading zeros, a NUL, a REAL column)
//! is left to SQLite itself: `None` means "ask SQLite".

use rusqlite::types::ValueRef;

/// A column's type affinity, by SQLite's rules on its declared type
/// (<https://sqlite.org/datatype3.html#determination_of_column_affinity>).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Affinity {
    Integer,
    Text,
    /// No affinity (`BLOB` or no declared type): the value is kept as bound.
    Blob,
    Real,
    Numeric,
}

impl Affinity {
    /// The affinity of a column declared `declared`, in SQLite's order of
    /// rules.
    pub(super) fn of_declared(declared: &str) -> Affinity {
        let declared = declared.to_ascii_uppercase();
        let has = |part: &str| declared.contains(part);
        if has("INT") {
            Affinity::Integer
        } else if has("CHAR") || has("CLOB") || has("TEXT") {
            Affinity::Text
        } else if has("BLOB") || declared.is_empty() {
            Affinity::Blob
        } else if has("REAL") || has("FLOA") || has("DOUB") {
            Affinity::Real
        } else {
            Affinity::Numeric
        }
    }

    /// What a column of this affinity stores for `value` bound as text
    /// (`None` as NULL), when that is certain without SQLite; `None` when
    /// only SQLite can tell.
    pub(super) fn stores(self, value: Option<&str>) -> Option<ValueRef<'_>> {
        let Some(value) = value else {
            return Some(ValueRef::Null);
        };
        match self {
            Affinity::Text | Affinity::Blob => Some(ValueRef::Text(value.as_bytes())),
            Affinity::Integer | Affinity::Numeric => {
                if let Some(integer) = canonical_integer(value) {
                    Some(ValueRef::Integer(integer))
                } else if plainly_not_a_number(value) {
                    Some(ValueRef::Text(value.as_bytes()))
                } else {
                    None
                }
            }
            Affinity::Real => None,
        }
    }
}

/// `0`, or an optional `-` then a non-zero digit and at most 17 more: an
/// integer literal that fits in an i64 and that SQLite stores as that
/// integer under numeric affinity.
fn canonical_integer(value: &str) -> Option<i64> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let canonical = value == "0"
        || (digits.len() <= 18
            && digits.starts_with(|c: char| matches!(c, '1'..='9'))
            && digits.bytes().all(|byte| byte.is_ascii_digit()));
    match canonical {
        true => value.parse().ok(),
        false => None,
    }
}

/// Whether `value` holds a byte that no number SQLite reads can hold (its
/// `sqlite3AtoF` takes signs, digits, a point, an exponent and white
/// space), so that numeric affinity leaves it text. A NUL is not enough:
/// SQLite reads a text only up to its first NUL.
fn plainly_not_a_number(value: &str) -> bool {
    let numeric = |byte: u8| byte.is_ascii_digit() || b"+-.eE \t\n\x0b\x0c\r".contains(&byte);
    !value.contains('\0') && value.bytes().any(|byte| !numeric(byte))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;
    use rusqlite::types::Value;

    const DECLARED: [(&str, Affinity); 8] = [
        ("INTEGER", Affinity::Integer),
        ("INT", Affinity::Integer),
        ("TEXT", Affinity::Text),
        ("NUMERIC", Affinity::Numeric),
        ("NUM", Affinity::Numeric),
        ("", Affinity::Blob),
        ("REAL", Affinity::Real),
        ("varchar(10)", Affinity::Text),
    ];

    #[test]
    fn declared_types_give_sqlite_affinities() {
        for (declared, affinity) in DECLARED {
            assert_eq!(Affinity::of_declared(declared), affinity, "{declared}");
        }
    }

    /// Strings over an alphabet of number parts and a few others, every
    /// one up to three characters, and a list of known traps.
    fn values() -> Vec<String> {
        let alphabet = [
            "0", "1", "9", "-", "+", ".", "e", " ", "x", "é", "\0", "\x0b",
        ];
        let mut values = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..3 {
            last = last
                .iter()
                .flat_map(|prefix| alphabet.iter().map(move |c| format!("{prefix}{c}")))
                .collect();
            values.extend(last.iter().cloned());
        }
        for trap in [
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "12\0x",
            "0x10",
            "Inf",
            "NaN",
            "3.0e+5",
            "48.00",
            "007",
            "-0",
            " 12 ",
            "2.5",
            "١٢",
            "1e",
        ] {
            values.push(trap.to_string());
        }
        values
    }

    #[test]
    fn what_rust_tells_is_what_sqlite_stores() {
        let conn = Connection::open_in_memory().unwrap();
        let columns: Vec<String> = DECLARED
            .iter()
            .enumerate()
            .map(|(at, (declared, _))| format!("c{at} {declared}"))
            .collect();
        conn.execute_batch(&format!("CREATE TABLE t ({})", columns.join(", ")))
            .unwrap();
        let mut told = 0;
        for value in values() {
            for (at, (_, affinity)) in DECLARED.iter().enumerate() {
                let sql = format!("INSERT INTO t(c{at}) VALUES (?1) RETURNING c{at}");
                let stored: Value = conn.query_row(&sql, [&value], |row| row.get(0)).unwrap();
                if let Some(ours) = affinity.stores(Some(&value)) {
                    assert_eq!(ours, ValueRef::from(&stored), "{value:?} into {affinity:?}");
                    told += 1;
                }
            }
        }
        // Most values are told without SQLite.
        assert!(told > values().len() * 4, "{told}");
        assert_eq!(Affinity::Numeric.stores(None), Some(ValueRef::Null));
    }

    #[test]
    fn only_certain_cases_are_told() {
        assert_eq!(
            Affinity::Numeric.stores(Some("12")),
            Some(ValueRef::Integer(12))
        );
        assert_eq!(
            Affinity::Integer.stores(Some("-3")),
            Some(ValueRef::Integer(-3))
        );
        assert_eq!(
            Affinity::Numeric.stores(Some("abc")),
            Some(ValueRef::Text(b"abc"))
        );
        for left_to_sqlite in ["2.5", "007", "+1", " 1", "1e3", "", "1\0x"] {
            assert_eq!(Affinity::Numeric.stores(Some(left_to_sqlite)), None);
        }
        assert_eq!(Affinity::Real.stores(Some("1")), None);
    }
}
