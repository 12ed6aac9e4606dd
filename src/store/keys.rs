//! Record keys (schema v22): every record id has a small integer key in
//! `record_key`, and a record's row in a kind table is stored under it (its
//! rowid is the key), so that tables holding records by key (the full-text
//! rows; the set elements since v23, the kept digests since v24) reach the
//! row directly. Ids are kept as the change log keeps them
//! (`codec::record_key`: 16 bytes for a canonical UUID, else text). Keys are
//! never reused: an erased or rebuilt record keeps its key, and the change
//! log names records by key (v25). Also the migrations that moved rows
//! under keys, and `check`'s test that they stay.

use super::StoreError;
use super::codec;
use crate::domain::Kind;
use rusqlite::{Connection, OptionalExtension};

/// The key of `record`, given to it now if it had none.
pub(super) fn ensure(conn: &Connection, record: &str) -> Result<i64, StoreError> {
    if let Some(key) = find(conn, record)? {
        return Ok(key);
    }
    conn.prepare_cached("INSERT INTO main.record_key(id) VALUES (?1)")
        .and_then(|mut stmt| stmt.execute([codec::record_key(record)]))
        .map_err(StoreError::sqlite)?;
    Ok(conn.last_insert_rowid())
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

/// SQL for the key of the record id in `column` (qualified: `record_key`
/// has an `id` too), which must already have one (`ensure`).
pub(super) fn key_sql(column: &str) -> String {
    format!(
        "(SELECT key FROM main.record_key WHERE id = {})",
        codec::record_key_sql(column)
    )
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
    // Elements and kept digests are read from their record's row: one
    // without a row would be seen by no reader, not even `check`'s walk.
    if held_by_no_row(conn, "SELECT DISTINCT key FROM main.element")? {
        found.push("element (elements of no record's row)".to_string());
    }
    if held_by_no_row(conn, "SELECT key FROM main.record_digest")? {
        found.push("record_digest (digests of no record's row)".to_string());
    }
    // The walk reads the log from `record_key` (v25): a change under a key
    // it does not hold would be read by no one.
    let unkeyed: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM (SELECT DISTINCT record AS key FROM main.changes) c
                 WHERE NOT EXISTS (SELECT 1 FROM main.record_key k WHERE k.key = c.key))",
            [],
            |row| row.get(0),
        )
        .map_err(StoreError::sqlite)?;
    if unkeyed {
        found.push("changes (changes of a record with no key)".to_string());
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

/// The migration to v22, after its SQL: `record_key` takes the keys of
/// `search_key` (the full-text rowids), then gives one to every other id of
/// the kind tables, in id order; each kind table is rebuilt with its rows
/// under their keys (indexes and triggers as they were).
pub(super) fn migrate_to_record_keys(conn: &Connection) -> Result<(), StoreError> {
    let text_key = codec::record_key_sql("id");
    let ids: Vec<String> = Kind::ALL
        .iter()
        .map(|kind| format!("SELECT id FROM main.{}", kind.table()))
        .collect();
    let search_keys: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'search_key')",
            [],
            |row| row.get(0),
        )
        .map_err(StoreError::sqlite)?;
    if search_keys {
        conn.execute_batch(&format!(
            "INSERT INTO record_key(key, id) SELECT key, {text_key} FROM search_key;
             DROP TABLE search_key;"
        ))
        .map_err(StoreError::sqlite)?;
    }
    conn.execute_batch(&format!(
        "INSERT OR IGNORE INTO record_key(id)
             SELECT {text_key} FROM ({}) ORDER BY id;",
        ids.join(" UNION ")
    ))
    .map_err(StoreError::sqlite)?;
    Kind::ALL
        .iter()
        .try_for_each(|kind| rebuild_under_keys(conn, kind.table()))
}

/// The migration to v23, before its SQL: `element` rebuilt with each row
/// under its record's key instead of its id (skipped when it has no
/// `record` column: already done). An element whose record has no key yet
/// gets one (none should: its record has a row).
pub(super) fn key_elements(conn: &Connection) -> Result<(), StoreError> {
    if !has_record_column(conn, "element")? {
        return Ok(());
    }
    let before = count(conn, "element")?;
    let record = codec::record_key_sql("e.record");
    // Its triggers and index go with the table; this version's SQL writes
    // them again.
    conn.execute_batch(&format!(
        "INSERT OR IGNORE INTO record_key(id) SELECT {record} FROM element e;
         CREATE TEMP TABLE relais_elements AS
             SELECT {key} AS key, e.name, e.element, e.value FROM element e;
         DROP TABLE element;
         CREATE TABLE element (
             key     INTEGER NOT NULL,
             name    TEXT,
             element TEXT,
             value   TEXT,
             PRIMARY KEY (key, name, element)
         ) WITHOUT ROWID;
         INSERT INTO element(key, name, element, value)
             SELECT key, name, element, value FROM temp.relais_elements ORDER BY 1, 2, 3;
         DROP TABLE temp.relais_elements;",
        key = key_sql("e.record"),
    ))
    .map_err(StoreError::sqlite)?;
    if count(conn, "element")? != before {
        return Err(unexpected("elements lost giving them keys".to_string()));
    }
    Ok(())
}

/// The migration to v24, after its SQL: `record_digest` rebuilt with each
/// kept digest under its record's key (skipped when it has no `record`
/// column: already done).
pub(super) fn key_record_digests(conn: &Connection) -> Result<(), StoreError> {
    if !has_record_column(conn, "record_digest")? {
        return Ok(());
    }
    let before = count(conn, "record_digest")?;
    let record = codec::record_key_sql("d.record");
    conn.execute_batch(&format!(
        "INSERT OR IGNORE INTO record_key(id) SELECT {record} FROM record_digest d;
         CREATE TEMP TABLE relais_digests AS
             SELECT {key} AS key, d.digest, d.live FROM record_digest d;
         DROP TABLE record_digest;
         CREATE TABLE record_digest (
             key    INTEGER PRIMARY KEY,
             digest BLOB NOT NULL,
             -- The kind tables where the record has a live row (bits of Kind::ALL).
             live   INTEGER NOT NULL DEFAULT 0
         );
         INSERT INTO record_digest(key, digest, live)
             SELECT key, digest, live FROM temp.relais_digests ORDER BY 1;
         DROP TABLE temp.relais_digests;",
        key = key_sql("d.record"),
    ))
    .map_err(StoreError::sqlite)?;
    if count(conn, "record_digest")? != before {
        return Err(unexpected("kept digests lost giving them keys".to_string()));
    }
    Ok(())
}

/// The log's table (v25: `record` an integer key), named `name`.
fn keyed_log_table(name: &str) -> String {
    format!(
        "CREATE TABLE {name} (
             site    INTEGER NOT NULL,
             seq     INTEGER NOT NULL,
             -- The record's key (`record_key`); bundles carry its id.
             record  INTEGER NOT NULL,
             kind    INTEGER NOT NULL,
             field   INTEGER NOT NULL,
             value   TEXT,
             stamp   INTEGER NOT NULL,
             wall    INTEGER NOT NULL,
             author  INTEGER NOT NULL,
             parents BLOB,
             hash    BLOB,
             purged  INTEGER NOT NULL DEFAULT 0,
             PRIMARY KEY (site, seq)
         ) WITHOUT ROWID;"
    )
}

/// The migration to v25, after its SQL: the log names each record by its
/// key (skipped when `changes.record` is no longer declared `BLOB`: already
/// done). The ids the log holds are spelt as `record_key` spells them
/// (`codec::record_key`), so they join as they are. The keyed rows are
/// copied once more into a table of the same shape, which SQLite bulk-loads
/// with every page full (as v12 did).
pub(super) fn key_log(conn: &Connection) -> Result<(), StoreError> {
    let declared: String = conn
        .query_row(
            "SELECT type FROM pragma_table_info('changes') WHERE name = 'record'",
            [],
            |row| row.get(0),
        )
        .map_err(StoreError::sqlite)?;
    if !declared.eq_ignore_ascii_case("BLOB") {
        return Ok(());
    }
    let before = count(conn, "changes")?;
    let fill = if before == 0 {
        "DROP TABLE changes;".to_string()
    } else {
        format!(
            "INSERT OR IGNORE INTO record_key(id) SELECT DISTINCT record FROM changes;
             {keyed}
             INSERT INTO relais_keyed_log
                 SELECT c.site, c.seq, k.key, c.kind, c.field, c.value, c.stamp, c.wall,
                     c.author, c.parents, c.hash, c.purged
                 FROM changes c JOIN record_key k ON k.id = c.record ORDER BY c.site, c.seq;
             DROP TABLE changes;",
            keyed = keyed_log_table("relais_keyed_log"),
        )
    };
    let copy_back = if before == 0 {
        ""
    } else {
        "INSERT INTO changes SELECT * FROM relais_keyed_log;
         DROP TABLE relais_keyed_log;"
    };
    conn.execute_batch(&format!(
        "{fill}
         {changes}
         {copy_back}
         CREATE INDEX changes_by_field ON changes (record, field);",
        changes = keyed_log_table("changes"),
    ))
    .map_err(StoreError::sqlite)?;
    if count(conn, "changes")? != before {
        return Err(unexpected(
            "changes lost giving their records keys".to_string(),
        ));
    }
    Ok(())
}

/// Moves each row of `table` under its record's key: the rows are copied
/// aside with their keys, the table emptied (its indexes and triggers
/// dropped first, made again after) and filled back. An empty table has
/// nothing to move (a new database: every migration runs at its creation).
/// No `ALTER TABLE … RENAME`: it re-reads every trigger of the schema, which
/// doubled the time to create a database.
fn rebuild_under_keys(conn: &Connection, table: &str) -> Result<(), StoreError> {
    let before = count(conn, table)?;
    if before == 0 {
        return Ok(());
    }
    let dependants: Vec<(String, String, String)> = {
        let mut stmt = conn
            .prepare(
                "SELECT type, name, sql FROM sqlite_master
                 WHERE type IN ('index', 'trigger') AND tbl_name = ?1 AND sql IS NOT NULL
                 ORDER BY rowid",
            )
            .map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map([table], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .map_err(StoreError::sqlite)?;
        rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)?
    };
    let columns: Vec<String> = {
        let mut stmt = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map([], |row| row.get(0))
            .map_err(StoreError::sqlite)?;
        rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)?
    };
    let columns = columns.join(", ");
    let drops: String = dependants
        .iter()
        .map(|(kind, name, _)| format!("DROP {} \"{name}\";\n", kind.to_uppercase()))
        .collect();
    conn.execute_batch(&format!(
        "{drops}
         CREATE TEMP TABLE relais_rekeyed AS SELECT {key} AS relais_key, {columns} FROM {table} t;
         DELETE FROM {table};
         INSERT INTO {table}(rowid, {columns})
             SELECT relais_key, {columns} FROM temp.relais_rekeyed ORDER BY relais_key;
         DROP TABLE temp.relais_rekeyed;",
        key = key_sql("t.id"),
    ))
    .map_err(StoreError::sqlite)?;
    if count(conn, table)? != before {
        return Err(unexpected(format!("rows of {table} lost giving them keys")));
    }
    dependants
        .iter()
        .try_for_each(|(_, _, sql)| conn.execute_batch(sql))
        .map_err(StoreError::sqlite)
}

/// Whether `table` still holds records by id (a `record` column): its
/// migration to keys has not run yet.
fn has_record_column(conn: &Connection, table: &str) -> Result<bool, StoreError> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = 'record')",
        [table],
        |row| row.get(0),
    )
    .map_err(StoreError::sqlite)
}

fn count(conn: &Connection, table: &str) -> Result<i64, StoreError> {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
        row.get(0)
    })
    .map_err(StoreError::sqlite)
}

/// A schema this migration does not recognise (a damaged or edited file).
fn unexpected(message: String) -> StoreError {
    StoreError::Sqlite(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
        Some(message),
    ))
}
