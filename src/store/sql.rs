//! SQL text derived from the domain schema, built once. Table and column
//! names come only from the schema (never from data), so formatting them into
//! SQL is safe.

use crate::domain::Kind;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Default)]
struct Catalog {
    ensure_row: HashMap<Kind, String>,
    update_column: HashMap<Kind, Vec<(&'static str, String)>>,
    read_deleted: HashMap<Kind, String>,
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
