//! The migrations that put records under their keys (schema v22 to v25):
//! each kind table's rows, then the set elements, the kept digests and the
//! change log; and v27–v28, which drop the unique index of ids that the
//! keys made redundant. Each runs once per database and again harmlessly (a test may
//! fake an older version): it looks at the schema for its own work first.
//! No `ALTER TABLE … RENAME`: it re-reads every trigger of the schema, and
//! every migration runs when a database is created.

use super::key_sql;
use crate::domain::Kind;
use crate::store::{StoreError, codec};
use rusqlite::Connection;

/// The migration to v22, after its SQL: `record_key` takes the keys of
/// `search_key` (the full-text rowids), then gives one to every other id of
/// the kind tables, in id order; each kind table is rebuilt with its rows
/// under their keys (indexes and triggers as they were).
pub(in crate::store) fn migrate_to_record_keys(conn: &Connection) -> Result<(), StoreError> {
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
pub(in crate::store) fn key_elements(conn: &Connection) -> Result<(), StoreError> {
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
pub(in crate::store) fn key_record_digests(conn: &Connection) -> Result<(), StoreError> {
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
pub(in crate::store) fn key_log(conn: &Connection) -> Result<(), StoreError> {
    if !declared_type(conn, "changes", "record")?.eq_ignore_ascii_case("BLOB") {
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
fn rebuild_under_keys(conn: &Connection, table: &str) -> Result<(), StoreError> {
    let before = count(conn, table)?;
    if before == 0 {
        return Ok(());
    }
    let dependants = dependants(conn, table)?;
    let columns = column_list(conn, table)?;
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
    restore(conn, &dependants)
}

/// The kind tables whose covering index that starts with `id` (schema v16)
/// also served every look-up by id (v27), and that index.
const ID_FIRST_COVERED: [(&str, Option<&str>); 4] = [
    ("org", Some("org_area")),
    ("request", Some("request_area")),
    ("developer", Some("developer_area")),
    ("workshop", Some("workshop_by_id_date")),
];

/// The kind tables with no other index of ids (v28): look-ups by id go
/// through the record's key to the rowid (`keys::row_of`).
const LOOKED_UP_BY_KEY: [(&str, Option<&str>); 2] = [("time_entry", None), ("deliverable", None)];

/// What v27 and v28 take out of a kind table's definition: the `PRIMARY
/// KEY` of `id`, whose unique index repeats every id once more.
const ID_PRIMARY_KEY: &str = "id TEXT PRIMARY KEY";

/// The migration to v27, after its SQL: the tables of `ID_FIRST_COVERED`
/// made again without `PRIMARY KEY` on `id` (about 3 B/change at 100 k).
pub(in crate::store) fn drop_id_primary_keys(conn: &Connection) -> Result<(), StoreError> {
    drop_primary_keys(conn, &ID_FIRST_COVERED)
}

/// The migration to v28, after its SQL: the same for `LOOKED_UP_BY_KEY`
/// (about 2.6 B/change at 100 k).
pub(in crate::store) fn drop_last_id_primary_keys(conn: &Connection) -> Result<(), StoreError> {
    drop_primary_keys(conn, &LOOKED_UP_BY_KEY)
}

/// `time_entry`'s columns before v29, and the references it stores as keys
/// from v29 on (`sql::KEYED`).
const TIME_COLUMNS: &str = "id, deleted, developer, request, workshop, date, hours, note";
const TIME_KEYED: [&str; 3] = ["developer", "request", "workshop"];

/// The migration to v29, before its SQL: `time_entry` made again with its
/// references as INTEGER record keys. Every distinct value gets its key in
/// Rust (`keys::ensure`, as the store gives them: any text, however odd,
/// keeps its exact spelling), kept beside it in a scratch table the copy
/// reads. Skipped when the columns already hold keys.
pub(in crate::store) fn key_time_references(conn: &Connection) -> Result<(), StoreError> {
    if declared_type(conn, "time_entry", "developer")?.eq_ignore_ascii_case("INTEGER") {
        return Ok(());
    }
    if column_list(conn, "time_entry")? != TIME_COLUMNS {
        return Err(unexpected("time_entry has other columns".to_string()));
    }
    conn.execute_batch(
        "CREATE TEMP TABLE relais_reference(value TEXT PRIMARY KEY, key INTEGER NOT NULL) WITHOUT ROWID",
    )
    .map_err(StoreError::sqlite)?;
    let values: Vec<String> = TIME_KEYED
        .iter()
        .map(|column| format!("SELECT {column} FROM time_entry WHERE {column} IS NOT NULL"))
        .collect();
    let mut read = conn
        .prepare(&values.join(" UNION "))
        .map_err(StoreError::sqlite)?;
    let mut rows = read.query([]).map_err(StoreError::sqlite)?;
    let mut keep = conn
        .prepare("INSERT INTO temp.relais_reference(value, key) VALUES (?1, ?2)")
        .map_err(StoreError::sqlite)?;
    while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
        let value: String = row.get(0).map_err(StoreError::sqlite)?;
        let key = super::ensure(conn, &value)?;
        keep.execute(rusqlite::params![value, key])
            .map_err(StoreError::sqlite)?;
    }
    let dependants = dependants(conn, "time_entry")?;
    let key_of =
        |column: &str| format!("(SELECT key FROM temp.relais_reference WHERE value = {column})");
    let reads = format!(
        "id, deleted, {}, {}, {}, date, hours, note",
        key_of("developer"),
        key_of("request"),
        key_of("workshop")
    );
    remake_reading(
        conn,
        "time_entry",
        "CREATE TABLE time_entry (
    id TEXT, deleted INTEGER,
    developer INTEGER, request INTEGER, workshop INTEGER, date TEXT, hours NUMERIC, note TEXT
)",
        &reads,
    )?;
    restore(conn, &dependants)?;
    conn.execute_batch("DROP TABLE temp.relais_reference")
        .map_err(StoreError::sqlite)
}

/// Makes each table again without `PRIMARY KEY` on `id`, after checking
/// that it still has the covering index named beside it, if any. An id
/// stays unique: its row is stored under its record's key (the rowid, v22),
/// `record_key` gives an id one key, and `check` reports a row not under
/// its key. Skipped for a table already without it.
fn drop_primary_keys(conn: &Connection, tables: &[(&str, Option<&str>)]) -> Result<(), StoreError> {
    for (table, covering) in tables {
        let created: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |row| row.get(0),
            )
            .map_err(StoreError::sqlite)?;
        if !created.contains(ID_PRIMARY_KEY) {
            continue;
        }
        let dependants = dependants(conn, table)?;
        if let Some(covering) = covering
            && !dependants.iter().any(|(_, name, _)| name == covering)
        {
            return Err(unexpected(format!("{table} has no index {covering}")));
        }
        remake(conn, table, &created.replacen(ID_PRIMARY_KEY, "id TEXT", 1))?;
        restore(conn, &dependants)?;
    }
    Ok(())
}

/// Makes `table` again from `create` (its rows, under the same rowids, and
/// none of its indexes and triggers: the caller restores them). Dropping a
/// table takes its indexes and triggers with it; views and other tables'
/// triggers name it only in their text.
fn remake(conn: &Connection, table: &str, create: &str) -> Result<(), StoreError> {
    let columns = column_list(conn, table)?;
    remake_reading(conn, table, create, &columns)
}

/// `remake`, each row's new values read by `reads` (one expression per
/// column, in order) from the old row in `temp.relais_remade`.
fn remake_reading(
    conn: &Connection,
    table: &str,
    create: &str,
    reads: &str,
) -> Result<(), StoreError> {
    let before = count(conn, table)?;
    if before == 0 {
        return conn
            .execute_batch(&format!("DROP TABLE {table};\n{create};"))
            .map_err(StoreError::sqlite);
    }
    let columns = column_list(conn, table)?;
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE relais_remade AS SELECT rowid AS relais_key, {columns} FROM {table};
         DROP TABLE {table};
         {create};
         INSERT INTO {table}(rowid, {columns})
             SELECT relais_key, {reads} FROM temp.relais_remade ORDER BY relais_key;
         DROP TABLE temp.relais_remade;"
    ))
    .map_err(StoreError::sqlite)?;
    if count(conn, table)? != before {
        return Err(unexpected(format!("rows of {table} lost making it again")));
    }
    Ok(())
}

/// The indexes and triggers of `table`: (type, name, SQL), in creation order.
fn dependants(conn: &Connection, table: &str) -> Result<Vec<(String, String, String)>, StoreError> {
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
    rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)
}

fn restore(conn: &Connection, dependants: &[(String, String, String)]) -> Result<(), StoreError> {
    dependants
        .iter()
        .try_for_each(|(_, _, sql)| conn.execute_batch(sql))
        .map_err(StoreError::sqlite)
}

/// The columns of `table`, comma-separated, in their order.
fn column_list(conn: &Connection, table: &str) -> Result<String, StoreError> {
    let mut stmt = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .map_err(StoreError::sqlite)?;
    let rows = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(StoreError::sqlite)?;
    let columns: Vec<String> = rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)?;
    Ok(columns.join(", "))
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

/// The type `column` of `table` is declared with: what tells a migration
/// that changed it whether it already ran.
fn declared_type(conn: &Connection, table: &str, column: &str) -> Result<String, StoreError> {
    conn.query_row(
        "SELECT coalesce(type, '') FROM pragma_table_info(?1) WHERE name = ?2",
        [table, column],
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
