//! Schema v30: the label indexes keyed by the folded label's first letters
//! (`sql::order_key`) then the label, rather than `label COLLATE NOCASE`,
//! which folds ASCII only and put « Écomusée » after « Zone » in every
//! listing. Each index keeps the columns it covered after its first (read
//! from the index itself, so the step follows whatever v16 and v21 made of
//! it).

use super::{StoreError, sql};
use crate::domain::Kind;
use crate::domain::schema::FieldType;
use rusqlite::Connection;

/// Rebuilds the label index of every kind whose label is words (a date or
/// a year label keeps its index: nothing in it folds).
pub(super) fn fold_label_indexes(conn: &Connection) -> Result<(), StoreError> {
    for kind in Kind::ALL {
        let label = kind.label_field();
        let words = kind
            .field(label)
            .is_some_and(|field| matches!(field.ty, FieldType::Text | FieldType::LongText));
        if words {
            rebuild(conn, kind, label)?;
        }
    }
    Ok(())
}

fn rebuild(conn: &Connection, kind: Kind, label: &str) -> Result<(), StoreError> {
    let table = kind.table();
    let index = format!("{table}_by_label");
    // The key columns after the first, in order; an expression (cid -2)
    // first means the index is already folded.
    let mut stmt = conn
        .prepare(&format!(
            "SELECT cid, name FROM pragma_index_xinfo('{index}') WHERE key = 1 ORDER BY seqno"
        ))
        .map_err(StoreError::sqlite)?;
    let columns: Vec<(i64, Option<String>)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)?;
    if columns.first().is_some_and(|(cid, _)| *cid == -2) {
        return Ok(());
    }
    // The key (the folded prefix, then the label as stored: the listings
    // and search's title scans read the label from the index alone), the
    // id that breaks ties, then what the index covered before.
    let rest = columns
        .into_iter()
        .skip(1)
        .filter_map(|(_, name)| name)
        .filter(|name| name != "id" && name != label);
    let covered: Vec<String> = std::iter::once("id".to_string()).chain(rest).collect();
    conn.execute_batch(&format!(
        "DROP INDEX IF EXISTS {index};
         CREATE INDEX {index} ON {table} ({}, {});",
        sql::order_key(kind, "", label, ""),
        covered.join(", ")
    ))
    .map_err(StoreError::sqlite)
}
