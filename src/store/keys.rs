//! Record keys (schema v22): every record id has a small integer key in
//! `record_key`, and a record's row in a kind table is stored under it (its
//! rowid is the key), so that tables holding records by key (the full-text
//! rows; the set elements since v23, the kept digests since v24) reach the
//! row directly. Ids are spelt as the change log spelt them from v12 to v24
//! (`codec::record_key`: 16 bytes for a canonical UUID, else text). Keys are
//! never reused: an erased or rebuilt record keeps its key, and the change
//! log names records by key (v25). Also `check`'s test that rows stay under
//! their keys; the migrations that moved them there are in `steps`.

use super::StoreError;
use super::codec;
use crate::domain::Kind;
use rusqlite::{Connection, OptionalExtension};

mod steps;

pub(super) use steps::{
    drop_id_primary_keys, drop_last_id_primary_keys, key_elements, key_log, key_record_digests,
    key_time_references, migrate_to_record_keys,
};

/// The key of `record`, given to it now if it had none.
pub(super) fn ensure(conn: &Connection, record: &str) -> Result<i64, StoreError> {
    if let Some(key) = find(conn, record)? {
        return Ok(key);
    }
    give(conn, record)
}

/// Gives `record`, which has no key (`find` said so), its key.
pub(super) fn give(conn: &Connection, record: &str) -> Result<i64, StoreError> {
    conn.prepare_cached("INSERT INTO main.record_key(id) VALUES (?1)")
        .and_then(|mut stmt| stmt.execute([codec::record_key(record)]))
        .map_err(StoreError::sqlite)?;
    Ok(conn.last_insert_rowid())
}

/// The key of `record`, and whether it was given now: one statement for a
/// record without a key (on a bulk import, nearly every record it sees),
/// two for any other (an insert that does nothing, then `find`).
pub(super) fn give_or_find(conn: &Connection, record: &str) -> Result<(i64, bool), StoreError> {
    let given = conn
        .prepare_cached("INSERT OR IGNORE INTO main.record_key(id) VALUES (?1)")
        .and_then(|mut stmt| stmt.execute([codec::record_key(record)]))
        .map_err(StoreError::sqlite)?;
    if given == 1 {
        return Ok((conn.last_insert_rowid(), true));
    }
    let key = find(conn, record)?
        .ok_or_else(|| StoreError::sqlite(rusqlite::Error::QueryReturnedNoRows))?;
    Ok((key, false))
}

/// The key of `record`, if it has one.
pub(super) fn find(conn: &Connection, record: &str) -> Result<Option<i64>, StoreError> {
    conn.prepare_cached("SELECT key FROM main.record_key WHERE id = ?1")
        .and_then(|mut stmt| {
            stmt.query_row([codec::record_key(record)], |row| row.get(0))
                .optional()
        })
        .map_err(StoreError::sqlite)
}

/// A value as a kind table stores it: the text, or for a keyed reference
/// (`sql::keyed`, v29) the key of the id it names.
pub(super) enum Stored<'a> {
    Text(Option<&'a str>),
    Key(i64),
}

impl rusqlite::ToSql for Stored<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Stored::Text(text) => text.to_sql(),
            Stored::Key(key) => key.to_sql(),
        }
    }
}

/// How `kind`.`column` stores `value`: a reference's key is given now if
/// the id had none (the record it names may arrive later, or never), in
/// Rust, so that any text, however odd, gets the key `find` finds.
pub(super) fn stored<'a>(
    conn: &Connection,
    kind: Kind,
    column: &str,
    value: Option<&'a str>,
) -> Result<Stored<'a>, StoreError> {
    match value {
        Some(id) if super::sql::keyed(kind, column) => Ok(Stored::Key(ensure(conn, id)?)),
        _ => Ok(Stored::Text(value)),
    }
}

/// SQL for the key of the record id in `column` (qualified: `record_key`
/// has an `id` too), which must already have one (`ensure`).
pub(super) fn key_sql(column: &str) -> String {
    format!(
        "(SELECT key FROM main.record_key WHERE id = {})",
        codec::record_key_sql(column)
    )
}

/// The condition selecting a kind table's row of the record id bound at
/// `param`: the row stored under its key (v22). The kind tables keep no
/// index of ids of their own (v27, v28); a record with no key has no row.
pub(super) fn row_of(param: &str) -> String {
    format!("rowid = {}", key_sql(param))
}

/// The kind tables holding a row that is not under its record's key, for
/// `check` (a row written by a path that forgot `ensure`, or a damaged file).
pub(super) fn mismatches(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut found = Vec::new();
    for kind in Kind::ALL {
        let table = kind.table();
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM main.{table} t
                 LEFT JOIN main.record_key k ON k.key = t.rowid
                 WHERE k.id IS NOT {})",
            codec::record_key_sql("t.id")
        );
        let wrong: bool = conn
            .query_row(&sql, [], |row| row.get(0))
            .map_err(StoreError::sqlite)?;
        if wrong {
            found.push(format!("{table} (rows not under their record's key)"));
        }
    }
    // A keyed reference (v29) that is not a key, or a key no id has, would
    // read as no reference at all.
    for (kind, column) in super::sql::KEYED {
        let table = kind.table();
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM main.{table} t WHERE t.{column} IS NOT NULL
                 AND (typeof(t.{column}) <> 'integer'
                      OR NOT EXISTS (SELECT 1 FROM main.record_key k WHERE k.key = t.{column})))"
        );
        let wrong: bool = conn
            .query_row(&sql, [], |row| row.get(0))
            .map_err(StoreError::sqlite)?;
        if wrong {
            found.push(format!("{table} ({column}: references under no key)"));
        }
    }
    // Elements and kept digests are read from their record's row: one
    // without a row would be seen by no reader (`check`'s walk, in key
    // order, also meets those under a key, but passes keys no id has).
    if held_by_no_row(conn, "SELECT DISTINCT key FROM main.element")? {
        found.push("element (elements of no record's row)".to_string());
    }
    if held_by_no_row(conn, "SELECT key FROM main.record_digest")? {
        found.push("record_digest (digests of no record's row)".to_string());
    }
    // Conflicts are kept by id and walked by their record's key.
    let unkeyed: bool = conn
        .query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM main.conflict c
                     WHERE NOT EXISTS (SELECT 1 FROM main.record_key k WHERE k.id = {}))",
                codec::record_key_sql("c.record")
            ),
            [],
            |row| row.get(0),
        )
        .map_err(StoreError::sqlite)?;
    if unkeyed {
        found.push("conflict (conflicts of a record with no key)".to_string());
    }
    Ok(found)
}

/// Whether a key that `keys` (a query of a `key` column) gives has no row
/// in any kind table.
fn held_by_no_row(conn: &Connection, keys: &str) -> Result<bool, StoreError> {
    let in_no_table: Vec<String> = Kind::ALL
        .iter()
        .map(|kind| {
            format!(
                "NOT EXISTS (SELECT 1 FROM main.{} WHERE rowid = e.key)",
                kind.table()
            )
        })
        .collect();
    conn.query_row(
        &format!(
            "SELECT EXISTS (SELECT 1 FROM ({keys}) e WHERE {})",
            in_no_table.join(" AND ")
        ),
        [],
        |row| row.get(0),
    )
    .map_err(StoreError::sqlite)
}
