//! SQL text derived from the domain schema, built once. Table and column
//! names come only from the schema (never from data), so formatting them into
//! SQL is safe.

use crate::domain::Kind;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The schemas a materialiser can write to: the database itself, or the
/// scratch copy `check` re-derives into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Main,
    Rederive,
}

impl Target {
    pub fn schema(self) -> &'static str {
        match self {
            Target::Main => "main",
            Target::Rederive => "rederive",
        }
    }

    /// The rowid a new row of `record` takes in this schema's kind tables:
    /// its key in the database (given now if it had none); in the scratch
    /// copy, any (`NULL`), since `check` compares rows by id and writes
    /// nothing to the database.
    pub fn row_key(
        self,
        conn: &rusqlite::Connection,
        record: &str,
    ) -> Result<Option<i64>, super::StoreError> {
        match self {
            Target::Main => super::keys::ensure(conn, record).map(Some),
            Target::Rederive => Ok(None),
        }
    }
}

#[derive(Default)]
struct Catalog {
    ensure_row: HashMap<(Target, Kind), String>,
    update_column: HashMap<(Target, Kind), Vec<(&'static str, String)>>,
    read_deleted: HashMap<(Target, Kind), String>,
}

fn catalog() -> &'static Catalog {
    static CELL: OnceLock<Catalog> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut catalog = Catalog::default();
        for target in [Target::Main, Target::Rederive] {
            let schema = target.schema();
            for kind in Kind::ALL {
                let table = kind.table();
                catalog.ensure_row.insert(
                    (target, kind),
                    format!("INSERT OR IGNORE INTO {schema}.{table}(rowid, id) VALUES (?2, ?1)"),
                );
                catalog.read_deleted.insert(
                    (target, kind),
                    format!("SELECT deleted FROM {schema}.{table} WHERE id = ?1"),
                );
                let updates = kind
                    .scalar_fields()
                    .map(|field| field.name)
                    .chain(["deleted"])
                    .map(|column| {
                        (
                            column,
                            format!("UPDATE {schema}.{table} SET {column} = ?1 WHERE id = ?2"),
                        )
                    })
                    .collect();
                catalog.update_column.insert((target, kind), updates);
            }
        }
        catalog
    })
}

/// Inserts a row if missing: `?1` the id, `?2` its key (`Target::row_key`).
pub fn ensure_row(target: Target, kind: Kind) -> &'static str {
    catalog().ensure_row[&(target, kind)].as_str()
}

pub fn read_deleted(target: Target, kind: Kind) -> &'static str {
    catalog().read_deleted[&(target, kind)].as_str()
}

/// `None` if `column` is not a scalar column of `kind`.
pub fn update_column(target: Target, kind: Kind, column: &str) -> Option<&'static str> {
    catalog().update_column[&(target, kind)]
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
