//! The connection's settings for the length of a bulk import (`bulk`),
//! set before its transaction and put back after it whatever its outcome:
//! SQLite's sorts in temporary files with helper threads, and a rollback
//! journal instead of WAL when nothing else has the database open. A
//! large sorted read borrows the sorts in files for its length
//! (`sorting_in_files`).

use super::StoreError;
use rusqlite::Connection;

/// Sends SQLite's sorts to temporary files for a bulk import (outside any
/// transaction). The store keeps temporary data in memory, where a sort is
/// held whole: building an index of the kind tables or recounting a kept
/// table then took memory growing with the tables (the import's peak grew
/// from 37 to 49 MB with the index builds). In files, a sort keeps about
/// the page cache's size in memory and merges the rest from disk. The
/// temporary tables (the import's tally of touched records, `touched`)
/// keep a small page cache of their own: SQLite's default of 2 MB would
/// hold as much as the tally itself. The sorts also get helper threads
/// (one per core beyond the first, at most `SORT_HELPERS`): the index
/// builds and recounts at the import's end ran on one core while the
/// other idled (6.5 → 5.5 s of a full import's end, 4 MB more at the peak).
fn sort_in_files(conn: &Connection) -> Result<(), StoreError> {
    let helpers = std::thread::available_parallelism()
        .map_or(0, |cores| cores.get() - 1)
        .min(SORT_HELPERS);
    conn.execute_batch(&format!(
        "PRAGMA temp_store = FILE; PRAGMA temp.cache_size = {TEMP_CACHE_IN_FILES}; PRAGMA threads = {helpers}"
    ))
    .map_err(StoreError::sqlite)
}

/// Back to the store's settings after a bulk import (see `sort_in_files`).
fn sort_in_memory(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(&format!(
        "PRAGMA temp_store = MEMORY; PRAGMA temp.cache_size = {TEMP_CACHE_DEFAULT}; PRAGMA threads = 0"
    ))
    .map_err(StoreError::sqlite)
}

/// Runs `read` with SQLite's sorts in temporary files, then puts the
/// store's settings back: a read whose `ORDER BY` no index gives (the
/// catalogue, newest first) would otherwise hold every row it sorts in
/// memory. Inside a transaction SQLite refuses to change where temporary
/// data goes; the read then runs as it is (the same rows, in memory).
pub fn sorting_in_files<T, E: From<StoreError>>(
    conn: &Connection,
    read: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
    if !conn.is_autocommit() {
        return read();
    }
    if let Err(err) = sort_in_files(conn) {
        // What was set is put back; the first failure is the one told.
        sort_in_memory(conn).ok();
        return Err(err.into());
    }
    let outcome = read();
    // The read's own failure is the one told.
    let restored = sort_in_memory(conn);
    let value = outcome?;
    restored?;
    Ok(value)
}

/// The connection's settings for the length of a bulk import: set before
/// its transaction, put back after it whatever its outcome (`leave`).
#[must_use]
#[derive(Debug)]
pub struct Settings {
    /// Whether the import runs in a rollback journal (`rollback_journal`).
    rollback: bool,
}

impl Settings {
    /// Sorts in files (`sort_in_files`), and a rollback journal when the
    /// database is not open elsewhere (`rollback_journal`).
    pub fn enter(conn: &Connection) -> Result<Settings, StoreError> {
        let settings = Settings {
            rollback: rollback_journal(conn)?,
        };
        if let Err(err) = sort_in_files(conn) {
            // What was set is put back; the first failure is the one told.
            settings.leave(conn).ok();
            return Err(err);
        }
        Ok(settings)
    }

    /// The store's own settings again.
    pub fn leave(self, conn: &Connection) -> Result<(), StoreError> {
        if self.rollback {
            wal_again(conn);
        }
        sort_in_memory(conn)
    }
}

/// Moves the database from WAL to a rollback journal for a bulk import,
/// when nothing else has it open. In WAL, every page the import writes goes
/// to the `-wal` file, then again into the database at the checkpoint that
/// follows the commit (a region's first import: 860 MB of frames for a
/// 538 MB database, the commit 1.2 s); in a rollback journal, a page new to
/// the file is written once and only the pages that existed before are
/// copied to the journal. SQLite's own advice (wal.html, section 1): "WAL
/// does not work well for very large transactions". Leaving WAL needs the
/// database alone: when another connection has it open (the TUI's own
/// while its import job runs, a reader in another process), the import
/// stays in WAL, at once rather than after the busy timeout. It runs with
/// `synchronous = FULL`, which SQLite asks of a rollback journal for a
/// transaction to survive a power cut; a crash leaves a hot journal that
/// the next connection rolls back before anything else.
fn rollback_journal(conn: &Connection) -> Result<bool, StoreError> {
    conn.busy_timeout(std::time::Duration::ZERO)
        .map_err(StoreError::sqlite)?;
    let mode = conn.query_row("PRAGMA journal_mode = DELETE", [], |row| {
        row.get::<_, String>(0)
    });
    conn.busy_timeout(super::BUSY_TIMEOUT)
        .map_err(StoreError::sqlite)?;
    match mode.map_err(StoreError::sqlite) {
        // An in-memory database answers "memory" and keeps it.
        Ok(mode) if mode.eq_ignore_ascii_case("delete") => {
            conn.execute_batch("PRAGMA synchronous = FULL")
                .map_err(StoreError::sqlite)?;
            Ok(true)
        }
        Ok(_) | Err(StoreError::Busy) => Ok(false),
        Err(err) => Err(err),
    }
}

/// Back to WAL and the store's `synchronous` (`migrate::configure`) after a
/// bulk import in a rollback journal. Nothing here can leave the store
/// wrong: every connection that opens it sets WAL again
/// (`migrate::prepare`), so a refusal (another process opened the database
/// as the import ended) only leaves the setting to the next one, and the
/// import, committed or rolled back, stands.
fn wal_again(conn: &Connection) {
    let _ = conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
        row.get::<_, String>(0)
    });
    let _ = conn.execute_batch("PRAGMA synchronous = NORMAL");
}

/// Most helper threads a bulk import's sorts get.
const SORT_HELPERS: usize = 3;

/// Page cache of the temporary database during a bulk import (KiB, negated
/// as SQLite takes it).
const TEMP_CACHE_IN_FILES: i64 = -256;
/// SQLite's default, which the store otherwise never changes.
const TEMP_CACHE_DEFAULT: i64 = -2000;

#[cfg(test)]
mod tests {
    use super::*;

    /// The sorts of a bulk import go to files with helper threads (none
    /// on one core), and come back to memory and one thread after.
    #[test]
    fn a_bulk_import_sorts_in_files_with_helpers_then_as_before() -> Result<(), StoreError> {
        let conn = Connection::open_in_memory().map_err(StoreError::sqlite)?;
        let settings = |conn: &Connection| -> Result<(i64, i64), StoreError> {
            let get = |pragma: &str| {
                conn.query_row(&format!("PRAGMA {pragma}"), [], |row| row.get::<_, i64>(0))
                    .map_err(StoreError::sqlite)
            };
            Ok((get("temp_store")?, get("threads")?))
        };
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        sort_in_files(&conn)?;
        // temp_store: 1 is FILE, 2 MEMORY.
        let helpers = i64::try_from((cores - 1).min(SORT_HELPERS)).unwrap_or(0);
        assert_eq!(settings(&conn)?, (1, helpers));
        sort_in_memory(&conn)?;
        assert_eq!(settings(&conn)?, (2, 0));
        Ok(())
    }

    /// A sorted read runs with its sorts in files and puts memory back,
    /// whether it succeeds or fails; inside a transaction, where SQLite
    /// refuses the change, it runs as it is.
    #[test]
    fn a_sorted_read_sorts_in_files_then_as_before() -> Result<(), StoreError> {
        let conn = Connection::open_in_memory().map_err(StoreError::sqlite)?;
        sort_in_memory(&conn)?;
        let temp_store = |conn: &Connection| {
            conn.query_row("PRAGMA temp_store", [], |row| row.get::<_, i64>(0))
                .map_err(StoreError::sqlite)
        };
        // temp_store: 1 is FILE, 2 MEMORY.
        assert_eq!(sorting_in_files(&conn, || temp_store(&conn))?, 1);
        assert_eq!(temp_store(&conn)?, 2);
        let failed: Result<(), StoreError> = sorting_in_files(&conn, || Err(StoreError::Busy));
        assert!(matches!(failed, Err(StoreError::Busy)));
        assert_eq!(temp_store(&conn)?, 2);
        conn.execute_batch("BEGIN").map_err(StoreError::sqlite)?;
        assert_eq!(sorting_in_files(&conn, || temp_store(&conn))?, 2);
        conn.execute_batch("COMMIT").map_err(StoreError::sqlite)?;
        Ok(())
    }

    /// A bulk import's settings give a rollback journal, fully synced, on a
    /// file nothing else has open, and the store's own after; with another
    /// connection open, WAL stays, without waiting for it.
    #[test]
    fn a_bulk_import_takes_a_rollback_journal_only_when_alone() -> Result<(), StoreError> {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("alone.db");
        let conn = Connection::open(&path).map_err(StoreError::sqlite)?;
        conn.busy_timeout(super::super::BUSY_TIMEOUT)
            .map_err(StoreError::sqlite)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE t (x)",
        )
        .map_err(StoreError::sqlite)?;
        let settings = |conn: &Connection| -> Result<(String, i64, i64), StoreError> {
            let number = |pragma: &str| {
                conn.query_row(&format!("PRAGMA {pragma}"), [], |row| row.get::<_, i64>(0))
            };
            let journal = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0));
            (|| Ok((journal?, number("synchronous")?, number("busy_timeout")?)))()
                .map_err(StoreError::sqlite)
        };
        // synchronous: 1 is NORMAL, 2 FULL; the busy timeout in ms.
        let timeout = i64::try_from(super::super::BUSY_TIMEOUT.as_millis()).unwrap_or(-1);
        let store_own = ("wal".to_string(), 1, timeout);
        let bulk = Settings::enter(&conn)?;
        assert_eq!(settings(&conn)?, ("delete".to_string(), 2, timeout));
        bulk.leave(&conn)?;
        assert_eq!(settings(&conn)?, store_own);
        let other = Connection::open(&path).map_err(StoreError::sqlite)?;
        let rows: i64 = other
            .query_row("SELECT count(*) FROM t", [], |row| row.get(0))
            .map_err(StoreError::sqlite)?;
        assert_eq!(rows, 0);
        let started = std::time::Instant::now();
        let bulk = Settings::enter(&conn)?;
        assert!(
            started.elapsed() < super::super::BUSY_TIMEOUT / 2,
            "the other connection was not waited for"
        );
        assert_eq!(settings(&conn)?, store_own);
        bulk.leave(&conn)?;
        assert_eq!(settings(&conn)?, store_own);
        Ok(())
    }
}
