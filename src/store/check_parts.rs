//! `check`'s walk in key ranges: the ranges (`Part`, cut at quantiles of
//! the records), the connections that walk them over one pinned snapshot,
//! and the turn-taking of the walking threads (one per spare core).

use super::check::{Tally, walk};
use super::{StoreError, codec};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Page cache of each walking connection: the log's index is read once in
/// key order, so a larger cache buys little (64 MiB in all, as before).
const WALK_CACHE: &str = "PRAGMA cache_size = -32768";

/// A range of record keys walked on its own, in text order (the log keys a
/// UUID record by its 16 bytes, which sort as its text does). Its bounds
/// are canonical UUIDs, so each is also spelt as those bytes; `None` is
/// open. Ids are time-ordered (UUIDv7): the bounds are quantiles of the
/// records, not fixed digits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Part {
    from: Option<String>,
    below: Option<String>,
}

impl Part {
    /// Every record.
    pub const WHOLE: Part = Part {
        from: None,
        below: None,
    };

    /// The parts between these bounds, in key order; only canonical UUIDs
    /// bound a part (any other is skipped).
    pub fn between(bounds: Vec<String>) -> Vec<Part> {
        let mut bounds: Vec<String> = bounds
            .into_iter()
            .filter(|bound| codec::is_canonical_uuid(bound))
            .collect();
        bounds.dedup();
        let mut parts = Vec::with_capacity(bounds.len() + 1);
        let mut from = None;
        for bound in bounds {
            parts.push(Part {
                from: from.take(),
                below: Some(bound.clone()),
            });
            from = Some(bound);
        }
        parts.push(Part { from, below: None });
        parts
    }

    /// The condition on a text key column.
    pub fn text_keys(&self, column: &str) -> String {
        let mut terms = Vec::new();
        if let Some(from) = &self.from {
            terms.push(format!("{column} >= '{from}'"));
        }
        if let Some(below) = &self.below {
            terms.push(format!("{column} < '{below}'"));
        }
        if terms.is_empty() {
            "1".to_string()
        } else {
            terms.join(" AND ")
        }
    }

    /// The condition on the log's record column for its text keys (all
    /// text sorts before any blob). One bound on each side: given two,
    /// SQLite may walk the index from the looser one.
    pub fn log_text_keys(&self, column: &str) -> String {
        match &self.below {
            // A text upper bound already leaves every blob out.
            Some(_) => self.text_keys(column),
            None => match &self.from {
                Some(from) => format!("{column} >= '{from}' AND {column} < x''"),
                None => format!("{column} < x''"),
            },
        }
    }

    /// The condition on the log's record column for its 16-byte UUID keys
    /// (one bound on each side, as above).
    pub fn log_blob_keys(&self, column: &str) -> String {
        let bytes = |uuid: &str| format!("x'{}'", uuid.replace('-', ""));
        let lower = match &self.from {
            Some(from) => format!("{column} >= {}", bytes(from)),
            None => format!("{column} >= x''"),
        };
        match &self.below {
            Some(below) => format!("{lower} AND {column} < {}", bytes(below)),
            None => lower,
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
pub(super) fn quantiles(conn: &Connection, parts: usize) -> Result<Vec<String>, StoreError> {
    let records: i64 = conn
        .query_row("SELECT count(*) FROM record_digest", [], |row| row.get(0))
        .map_err(StoreError::sqlite)?;
    let parts = i64::try_from(parts).unwrap_or(1).max(1);
    let step = (records / parts).max(1);
    // Digests are stored under keys (v24): ids from `record_key`, in the
    // log's order (other ids first, then UUIDs in their text order), which
    // is text order among the UUIDs, the only ids that bound a part.
    let mut stmt = conn
        .prepare(
            "SELECT id FROM (SELECT k.id, row_number() OVER (ORDER BY k.id) AS n
             FROM record_digest d JOIN record_key k ON k.key = d.key) WHERE n % ?1 = 0 LIMIT ?2",
        )
        .map_err(StoreError::sqlite)?;
    let rows = stmt
        .query_map([step, parts - 1], |row| codec::record_text(row.get_ref(0)?))
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
/// each starts reading. False (and nothing started) when the lock is busy.
pub(super) fn pin_snapshot(store: &Connection, walkers: &[Connection]) -> Result<bool, StoreError> {
    if store.execute_batch("BEGIN IMMEDIATE").is_err() {
        return Ok(false);
    }
    let started = walkers.iter().try_for_each(|conn| {
        conn.execute_batch("BEGIN DEFERRED")?;
        conn.query_row("SELECT count(*) FROM meta", [], |row| row.get::<_, i64>(0))
            .map(drop)
    });
    let released = store.execute_batch("ROLLBACK");
    started.map_err(StoreError::sqlite)?;
    released.map_err(StoreError::sqlite)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many of `parts` hold `key`, asked of SQLite as the scans ask.
    fn holders(conn: &Connection, parts: &[Part], key: &str) -> usize {
        let blob = codec::record_key(key);
        parts
            .iter()
            .filter(|part| {
                let condition = match blob {
                    rusqlite::types::Value::Blob(_) => part.log_blob_keys("?1"),
                    _ => part.log_text_keys("?1"),
                };
                let in_log: bool = conn
                    .query_row(&format!("SELECT ?1 = ?1 AND {condition}"), [&blob], |row| {
                        row.get(0)
                    })
                    .expect("log condition");
                let in_table: bool = conn
                    .query_row(
                        &format!("SELECT ?1 = ?1 AND {}", part.text_keys("?1")),
                        [key],
                        |row| row.get(0),
                    )
                    .expect("table condition");
                assert_eq!(in_log, in_table, "{key} in {part:?}: log and tables agree");
                in_log
            })
            .count()
    }

    #[test]
    fn every_key_falls_in_exactly_one_part() {
        let conn = Connection::open_in_memory().expect("memory database");
        let bounds = vec![
            "01a23050-5548-70cc-9cc7-784cf76b43be".to_string(),
            "not a uuid".to_string(),
            "01a23050-5549-740f-846b-05b0e9e0a20b".to_string(),
            "01a23050-5549-740f-846b-05b0e9e0a20b".to_string(),
        ];
        let parts = Part::between(bounds);
        assert_eq!(parts.len(), 3, "{parts:?}");
        for key in [
            "00000000-0000-7000-8000-000000000000",
            "01a23050-5548-70cc-9cc7-784cf76b43bd",
            "01a23050-5548-70cc-9cc7-784cf76b43be",
            "01a23050-5548-70cc-9cc7-784cf76b43bf",
            "01a23050-5549-740f-846b-05b0e9e0a20b",
            "ffffffff-ffff-7fff-bfff-ffffffffffff",
            "",
            "01a2",
            "org-1",
            "Z",
        ] {
            assert_eq!(holders(&conn, &parts, key), 1, "{key:?}");
        }
        assert_eq!(holders(&conn, &[Part::WHOLE], "org-1"), 1);
    }
}
