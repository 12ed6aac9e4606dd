//! SQL text derived from the domain schema, built once. Table and column
//! names come only from the schema (never from data), so formatting them into
//! SQL is safe.

use crate::domain::Kind;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The scalar references stored as their target's record key rather than
/// as the id text (schema v29): an integer where a time entry held 36 bytes
/// three times over, in the table and in four indexes. The store writes the
/// key (`keys::stored`), reads the id back through `record_key`
/// ([`read_columns`], decoded by `codec::record_text`) and hashes it as the
/// text, so every reader, the bundles and the digest see the id as written.
pub(super) const KEYED: [(Kind, &str); 3] = [
    (Kind::Time, "developer"),
    (Kind::Time, "request"),
    (Kind::Time, "workshop"),
];

/// The characters `fold` changes beyond ASCII case that French names and
/// titles use, lower then upper case: SQLite's `lower()` (no ICU) changes
/// only ASCII letters, so each of these is replaced by name. No more than
/// these: each is a nested `replace`, and past about 25 levels the parser
/// of the `sqlite3` shell (3.40) refuses the schema ("parser stack
/// overflow"); rarer letters (`ä`, `ñ`, `Ü`) sort as `COLLATE NOCASE` did.
const FOLDED_CHARS: &str = "àâçéèêëîïôùûœÀÂÇÉÈÊÎÔŒ’";

/// `expr` folded in SQL as `domain::text::fold` folds French in Rust
/// (lower case, accents removed, for the letters of `FOLDED_CHARS`), with
/// built-in functions only, so that an index
/// on it (schema v30, the labels) is read by any SQLite, the `sqlite3`
/// shell's `integrity_check` included: « Écomusée » sorts among the E, not
/// after « Zone » as `COLLATE NOCASE` put it. A query that reads such an
/// index in order must write this same expression (`order_key`).
pub fn folded(expr: &str) -> String {
    FOLDED_CHARS
        .chars()
        .fold(format!("lower({expr})"), |inner, c| {
            let to = crate::domain::text::fold_char(c);
            let to = if to == '\'' {
                "''".to_string()
            } else {
                to.to_string()
            };
            format!("replace({inner}, '{c}', '{to}')")
        })
}

/// How many folded characters of a label lead its sort key. Past them the
/// label sorts as stored (`COLLATE NOCASE`): the key then holds the label
/// once whole and once folded only where the two differ in order, which
/// kept the database within the size the issue set (160 B/change at 100 k,
/// where the whole label twice gave 160.7). Labels sharing their first 40
/// letters are rare outside workshop titles built on a request's.
pub const FOLDED_PREFIX: usize = 40;

/// `ORDER BY` terms for `kind`'s column `column` read through `alias`
/// (empty: unqualified), each in `direction` (`""`, `ASC` or `DESC`): for
/// words (names, titles), the folded prefix then the text as stored, the
/// terms the label indexes of v30 hold; for the rest (dates, years, codes,
/// numbers, which a fold would only slow down or turn into text) the
/// column as stored.
pub fn order_key(kind: Kind, alias: &str, column: &str, direction: &str) -> String {
    order_terms(kind, alias, column)
        .iter()
        .map(|term| match direction {
            "" => term.clone(),
            direction => format!("{term} {direction}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The terms of `order_key`, first to last, without a direction.
pub fn order_terms(kind: Kind, alias: &str, column: &str) -> Vec<String> {
    use crate::domain::schema::FieldType;
    let qualified = match alias {
        "" => column.to_string(),
        alias => format!("{alias}.{column}"),
    };
    let stored = format!("{qualified} COLLATE NOCASE");
    match kind.field(column).map(|field| field.ty) {
        Some(FieldType::Text | FieldType::LongText) => vec![
            format!("substr({}, 1, {FOLDED_PREFIX})", folded(&qualified)),
            stored,
        ],
        _ => vec![stored],
    }
}

/// Whether `kind`.`column` holds record keys (v29).
pub fn keyed(kind: Kind, column: &str) -> bool {
    KEYED.contains(&(kind, column))
}

#[derive(Default)]
struct Catalog {
    ensure_row: HashMap<Kind, String>,
    update_column: HashMap<Kind, Vec<(&'static str, String)>>,
    read_deleted: HashMap<Kind, String>,
    /// Positions of the keyed columns in `columns(kind)`.
    keyed_at: HashMap<Kind, Vec<usize>>,
}

fn catalog() -> &'static Catalog {
    static CELL: OnceLock<Catalog> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut catalog = Catalog::default();
        for kind in Kind::ALL {
            let table = kind.table();
            catalog.ensure_row.insert(
                kind,
                format!("INSERT OR IGNORE INTO main.{table}(rowid, id) VALUES (?2, ?1)"),
            );
            catalog.read_deleted.insert(
                kind,
                format!(
                    "SELECT deleted FROM main.{table} WHERE {}",
                    super::keys::row_of("?1")
                ),
            );
            let updates = kind
                .scalar_fields()
                .map(|field| field.name)
                .chain(["deleted"])
                .map(|column| {
                    (
                        column,
                        format!(
                            "UPDATE main.{table} SET {column} = ?1 WHERE {}",
                            super::keys::row_of("?2")
                        ),
                    )
                })
                .collect();
            catalog.update_column.insert(kind, updates);
            let keyed_at = columns(kind)
                .iter()
                .enumerate()
                .filter(|(_, column)| keyed(kind, column))
                .map(|(index, _)| index)
                .collect();
            catalog.keyed_at.insert(kind, keyed_at);
        }
        catalog
    })
}

/// Inserts a row if missing: `?1` the id, `?2` its key (`keys::ensure`).
pub fn ensure_row(kind: Kind) -> &'static str {
    catalog().ensure_row[&kind].as_str()
}

pub fn read_deleted(kind: Kind) -> &'static str {
    catalog().read_deleted[&kind].as_str()
}

/// `None` if `column` is not a scalar column of `kind`.
pub fn update_column(kind: Kind, column: &str) -> Option<&'static str> {
    catalog().update_column[&kind]
        .iter()
        .find(|(name, _)| *name == column)
        .map(|(_, sql)| sql.as_str())
}

/// The columns of a kind's table, in order: `id`, `deleted`, then scalars.
pub fn columns(kind: Kind) -> Vec<&'static str> {
    ["id", "deleted"]
        .into_iter()
        .chain(kind.scalar_fields().map(|field| field.name))
        .collect()
}

/// Positions of the keyed columns among `columns(kind)` (and the hashed
/// columns, which start the same).
pub fn keyed_at(kind: Kind) -> &'static [usize] {
    catalog().keyed_at[&kind].as_slice()
}

/// The SQL reading `column` of the row named `table` (its name or alias):
/// the column, or for a keyed reference the id's spelling in `record_key`
/// under the column's name (NULL for a key no id has: `check` names it).
pub fn read_column(kind: Kind, table: &str, column: &str) -> String {
    match keyed(kind, column) {
        true => format!(
            "(SELECT k.id FROM main.record_key k WHERE k.key = {table}.{column}) AS {column}"
        ),
        false => format!("{table}.{column}"),
    }
}

/// [`read_column`] for a keyed reference whose target's row is already
/// joined as `row`: that row's id (a kind table's row has its key as rowid,
/// so its id is the one `record_key` holds), with no second look-up per row;
/// `record_key` only when the target has no row of that key (a dangling
/// reference, or a key of another kind's record).
pub fn read_column_beside(kind: Kind, table: &str, column: &str, row: &str) -> String {
    match keyed(kind, column) {
        true => format!(
            "coalesce({row}.id, (SELECT k.id FROM main.record_key k WHERE k.key = {table}.{column})) AS {column}"
        ),
        false => format!("{table}.{column}"),
    }
}

/// The condition that `column` of `kind`'s table names the value bound at
/// `param`: compared as text, or for a keyed reference with the value's key
/// (a value with no key is named by no row).
pub fn names(kind: Kind, column: &str, param: &str) -> String {
    match keyed(kind, column) {
        true => format!("{column} = {}", super::keys::key_sql(param)),
        false => format!("{column} = {param}"),
    }
}

/// `columns(kind)` as [`read_column`] reads them.
pub fn read_columns(kind: Kind, table: &str) -> Vec<String> {
    columns(kind)
        .into_iter()
        .map(|column| read_column(kind, table, column))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schema::FieldType;

    #[test]
    fn keyed_columns_are_scalar_references_of_their_kind() {
        for (kind, column) in KEYED {
            let field = kind.field(column).map(|field| (field.set, field.ty));
            assert!(
                matches!(field, Some((None, FieldType::Ref(_)))),
                "{}.{column} is not a scalar reference",
                kind.table()
            );
        }
        assert_eq!(keyed_at(Kind::Time), &[2, 3, 4]);
        assert!(keyed_at(Kind::Request).is_empty());
    }

    #[test]
    fn sqlite_folds_a_label_as_rust_folds_it() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let every = format!("{FOLDED_CHARS} AbZz09 'x' ÉCOMUSÉE Œuvre 🦀");
        for text in [
            every.as_str(),
            "Écomusée du Pays de la Roudoule",
            "L’Îlot des Prés",
            "",
        ] {
            let sql = format!("SELECT {}", folded("?1"));
            let in_sql: String = conn.query_row(&sql, [text], |row| row.get(0)).unwrap();
            assert_eq!(in_sql, crate::domain::text::fold(text), "{text}");
        }
        // « Écomusée » among the E, before « Parc » and « Zone ».
        let sql = format!(
            "WITH v(n) AS (VALUES ('Zone'), ('Parc'), ('Écomusée'), ('école'), ('Ecrin'))
             SELECT group_concat(n, ',') FROM (SELECT n FROM v ORDER BY {}, n)",
            folded("n")
        );
        let order: String = conn.query_row(&sql, [], |row| row.get(0)).unwrap();
        assert_eq!(order, "école,Écomusée,Ecrin,Parc,Zone");
    }

    #[test]
    fn dates_and_years_sort_as_stored_and_texts_folded() {
        assert_eq!(
            order_key(Kind::Time, "t", "date", ""),
            "t.date COLLATE NOCASE"
        );
        assert_eq!(
            order_key(Kind::Budget, "", "year", "DESC"),
            "year COLLATE NOCASE DESC"
        );
        assert_eq!(
            order_key(Kind::Org, "", "name", "ASC"),
            format!(
                "substr({}, 1, 40) ASC, name COLLATE NOCASE ASC",
                folded("name")
            )
        );
        assert_eq!(
            order_key(Kind::Developer, "d", "availability", ""),
            "d.availability COLLATE NOCASE"
        );
    }
}
