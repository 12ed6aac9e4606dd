//! `check`'s walk in key ranges: the ranges (`Part`, cut at quantiles of
//! the records), the connections that walk them over one pinned snapshot,
//! and the turn-taking of the walking threads (one per spare core).

use super::StoreError;
use super::check::{Tally, walk};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Page cache of each walking connection: the log's index is read once in
/// key order, so a larger cache buys little (64 MiB in all, as before).
const WALK_CACHE: &str = "PRAGMA cache_size = -32768";

/// A range of record keys (`record_key.key`) walked on its own, in key
/// order: every table the walk reads is stored or indexed by key (the kind
/// tables' rowids, the elements, the kept digests, the log's
/// `(record, field)` index since v25), so each scan of a part is one
/// sequential range. `None` is open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Part {
    from: Option<i64>,
    below: Option<i64>,
}

impl Part {
    /// Every record.
    pub const WHOLE: Part = Part {
        from: None,
        below: None,
    };

    /// The parts between these bounds, in key order.
    pub fn between(mut bounds: Vec<i64>) -> Vec<Part> {
        bounds.sort_unstable();
        bounds.dedup();
        let mut parts = Vec::with_capacity(bounds.len() + 1);
        let mut from = None;
        for bound in bounds {
            parts.push(Part {
                from: from.take(),
                below: Some(bound),
            });
            from = Some(bound);
        }
        parts.push(Part { from, below: None });
        parts
    }

    /// The condition on a column of record keys (numbers only: no data
    /// reaches the SQL text).
    pub fn keys(&self, column: &str) -> String {
        let mut terms = Vec::new();
        if let Some(from) = self.from {
            terms.push(format!("{column} >= {from}"));
        }
        if let Some(below) = self.below {
            terms.push(format!("{column} < {below}"));
        }
        if terms.is_empty() {
            "1".to_string()
        } else {
            terms.join(" AND ")
        }
    }
}

/// Key ranges of the walk, taken in turn by the walking threads, so that a
/// thread whose ranges went quickly takes the next one. (Eight ranges walked
/// by one thread cost what one range does: 18.4 against 18.6 s of CPU at
/// 100 k requests.)
pub(super) const PARTS: usize = 8;

/// Threads walking the records: the cores left beside SQLite's check, at
/// least one and at most four. On two cores, one: a second walker only
/// shares the same two cores (measured: no faster, 60 % more memory).
pub(super) fn walkers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |cores| cores.get().saturating_sub(1))
        .clamp(1, 4)
}

/// Takes the next part not yet taken until none is left; each part's tally
/// with its position. After an error the others stop taking parts.
pub(super) fn walk_parts_in_turn(
    conn: &Connection,
    parts: &[Part],
    next: &AtomicUsize,
) -> Result<Vec<(usize, Tally)>, StoreError> {
    let mut done = Vec::new();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(part) = parts.get(index) else {
            return Ok(done);
        };
        match walk(conn, part) {
            Ok(tally) => done.push((index, tally)),
            Err(err) => {
                next.store(parts.len(), Ordering::Relaxed);
                return Err(err);
            }
        }
    }
}

/// The record keys cutting the records (those with a kept digest) into
/// `parts` ranges of about the same count.
pub(super) fn quantiles(conn: &Connection, parts: usize) -> Result<Vec<i64>, StoreError> {
    let records: i64 = conn
        .query_row("SELECT count(*) FROM record_digest", [], |row| row.get(0))
        .map_err(StoreError::sqlite)?;
    let parts = i64::try_from(parts).unwrap_or(1).max(1);
    let step = (records / parts).max(1);
    let mut stmt = conn
        .prepare(
            "SELECT key FROM (SELECT key, row_number() OVER (ORDER BY key) AS n
             FROM record_digest) WHERE n % ?1 = 0 LIMIT ?2",
        )
        .map_err(StoreError::sqlite)?;
    let rows = stmt
        .query_map([step, parts - 1], |row| row.get(0))
        .map_err(StoreError::sqlite)?;
    rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)
}

/// A read-only connection for one part of the walk.
pub(super) fn walking_connection(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(StoreError::sqlite)?;
    conn.busy_timeout(super::BUSY_TIMEOUT)
        .map_err(StoreError::sqlite)?;
    // As `migrate::prepare`: cached statements are not compiled again.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)
        .map_err(StoreError::sqlite)?;
    conn.execute_batch(WALK_CACHE).map_err(StoreError::sqlite)?;
    Ok(conn)
}

/// Starts a read transaction on each walking connection at the same commit:
/// the store's connection holds the write lock, so no commit lands, while
/// each starts reading. False (and nothing started) when the lock is busy:
/// tried once, without waiting for a writer at work (an import), since a
/// reader in WAL mode never waits and the caller can read on one
/// connection instead.
pub(super) fn pin_snapshot(store: &Connection, walkers: &[Connection]) -> Result<bool, StoreError> {
    let wait = |timeout| store.busy_timeout(timeout).map_err(StoreError::sqlite);
    wait(Duration::ZERO)?;
    let locked = store.execute_batch("BEGIN IMMEDIATE");
    // Given back before anything can return: later writes wait as before.
    let waits_again = wait(super::BUSY_TIMEOUT);
    if locked.is_err() {
        return waits_again.map(|()| false);
    }
    let started = walkers.iter().try_for_each(|conn| {
        conn.execute_batch("BEGIN DEFERRED")?;
        conn.query_row("SELECT count(*) FROM meta", [], |row| row.get::<_, i64>(0))
            .map(drop)
    });
    let released = store.execute_batch("ROLLBACK");
    started.map_err(StoreError::sqlite)?;
    released.map_err(StoreError::sqlite)?;
    waits_again?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many of `parts` hold `key`, asked of SQLite as the scans ask.
    fn holders(conn: &Connection, parts: &[Part], key: i64) -> usize {
        parts
            .iter()
            .filter(|part| {
                conn.query_row(
                    &format!("SELECT ?1 = ?1 AND {}", part.keys("?1")),
                    [key],
                    |row| row.get::<_, bool>(0),
                )
                .expect("condition")
            })
            .count()
    }

    #[test]
    fn every_key_falls_in_exactly_one_part() {
        let conn = Connection::open_in_memory().expect("memory database");
        let parts = Part::between(vec![500, 20, 500, -3]);
        assert_eq!(parts.len(), 4, "{parts:?}");
        for key in [i64::MIN, -4, -3, 0, 19, 20, 21, 499, 500, 501, i64::MAX] {
            assert_eq!(holders(&conn, &parts, key), 1, "{key}");
        }
        assert_eq!(holders(&conn, &[Part::WHOLE], 7), 1);
    }
}
