//! The empty database at the latest schema version, made once per process
//! by running every migration (they stay the only definition of the schema)
//! and copied page by page into each database the process creates after.
//!
//! Running the thirty migrations makes SQLite parse the growing schema again
//! at nearly every step: 60–100 ms a database, most of the time of the
//! property tests, which create thousands. Copying its 196 pages (800 kB)
//! is a millisecond or so. The copy is the same pages the migrations would
//! write, so a database created either way is the same.

use super::StoreError;
use super::migrate::{configure, migrate};
use rusqlite::Connection;
use rusqlite::backup::Backup;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// More pages than the empty database has: one step copies it whole (a
/// step that meets a lock waits and goes on).
const PAGES_PER_STEP: i32 = 4096;

/// Built on first use, then only ever read (as the source of a backup).
static TEMPLATE: Mutex<Option<Connection>> = Mutex::new(None);

/// Writes the empty latest-version database into `conn`, which must hold
/// no table yet (the caller checked) and no open transaction.
pub(super) fn copy_into(conn: &mut Connection) -> Result<(), StoreError> {
    let mut guard = TEMPLATE.lock().unwrap_or_else(PoisonError::into_inner);
    let template = match guard.take() {
        Some(template) => template,
        None => build()?,
    };
    let copied = Backup::new(&template, conn)
        .and_then(|backup| {
            backup.run_to_completion(PAGES_PER_STEP, Duration::from_millis(10), None)
        })
        .map_err(StoreError::sqlite);
    *guard = Some(template);
    copied
}

/// A new in-memory database taken through every migration, with the
/// settings a writing connection has while it migrates.
fn build() -> Result<Connection, StoreError> {
    let mut conn = Connection::open_in_memory().map_err(StoreError::sqlite)?;
    configure(&mut conn)?;
    migrate(&mut conn, 0)?;
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrate::{LATEST, prepare};
    use std::path::Path;

    /// The schema in creation order, then every table's rows, as text.
    fn contents(conn: &Connection) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut stmt = conn
            .prepare(
                "SELECT type, name, tbl_name, ifnull(sql, '') FROM sqlite_master ORDER BY rowid",
            )
            .unwrap();
        let schema: Vec<[String; 4]> = stmt
            .query_map([], |row| {
                Ok([row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?])
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for [kind, name, table, sql] in &schema {
            lines.push(format!("{kind} {name} on {table}: {sql}"));
            if kind == "table" && !sql.contains("VIRTUAL") {
                let mut rows = conn.prepare(&format!("SELECT * FROM \"{name}\"")).unwrap();
                let width = rows.column_count();
                let mut cursor = rows.query([]).unwrap();
                while let Some(row) = cursor.next().unwrap() {
                    let values: Vec<String> = (0..width)
                        .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                        .collect();
                    lines.push(format!("  {name}: {}", values.join(", ")));
                }
            }
        }
        for pragma in [
            "user_version",
            "application_id",
            "page_count",
            "freelist_count",
        ] {
            let value: i64 = conn
                .query_row(&format!("PRAGMA {pragma}"), [], |row| row.get(0))
                .unwrap();
            lines.push(format!("{pragma} = {value}"));
        }
        lines
    }

    #[test]
    fn a_created_database_is_the_one_the_migrations_write() {
        let mut migrated = Connection::open_in_memory().unwrap();
        configure(&mut migrated).unwrap();
        migrate(&mut migrated, 0).unwrap();
        let mut created = Connection::open_in_memory().unwrap();
        prepare(&mut created, Path::new(":memory:")).unwrap();
        let (expected, found) = (contents(&migrated), contents(&created));
        assert!(expected.len() > 200, "{} lines", expected.len());
        assert!(expected.contains(&format!("user_version = {LATEST}")));
        // The first line that differs, not ten thousand lines of `cal_year`.
        let at = (0..expected.len().max(found.len())).find(|&i| expected.get(i) != found.get(i));
        assert_eq!(
            at.map(|i| (expected.get(i), found.get(i))),
            None,
            "{} lines migrated, {} created",
            expected.len(),
            found.len()
        );
    }

    #[test]
    fn each_created_database_starts_empty_whatever_the_others_hold() {
        let dir = tempfile::tempdir().unwrap();
        let count = |conn: &Connection| -> i64 {
            conn.query_row("SELECT count(*) FROM log_author", [], |row| row.get(0))
                .unwrap()
        };
        let mut first = Connection::open(dir.path().join("a.db")).unwrap();
        prepare(&mut first, &dir.path().join("a.db")).unwrap();
        first
            .execute("INSERT INTO log_author (name) VALUES ('Anne')", [])
            .unwrap();
        assert_eq!(count(&first), 1);
        let mut second = Connection::open(dir.path().join("b.db")).unwrap();
        prepare(&mut second, &dir.path().join("b.db")).unwrap();
        assert_eq!(count(&second), 0);
        let mode: String = second
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sound: String = second
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(sound, "ok");
    }
}
