//! `check`: SQLite's integrity check and the kept figures against their
//! recount on one connection, while the records are walked in key order —
//! the tables' digests against the kept ones and against a re-derivation
//! from the log (`digest_check`). The walk runs in key ranges (`Part`) taken
//! in turn by one thread per spare core, each on its own connection, all
//! reading one pinned snapshot.

use super::digest::{RecordDigest, Sum256, kind_bit};
use super::digest_check::LogScan;
use super::digest_kept::{KeptScan, MainScan};
use super::{Store, StoreError, codec};
use crate::domain::Kind;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Mismatches named one by one before `check` only counts the rest.
const NAMED_MISMATCHES: usize = 20;
/// Page cache of each walking connection: the log's index is read once in
/// key order, so a larger cache buys little (64 MiB in all, as before).
const WALK_CACHE: &str = "PRAGMA cache_size = -32768";

/// What `check` found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// `ok` or SQLite's integrity-check messages.
    pub integrity: Vec<String>,
    /// Tables (with the record) whose content differs from a re-derivation
    /// or from the kept digest.
    pub mismatched_tables: Vec<String>,
    pub changes_checked: u64,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity == ["ok"] && self.mismatched_tables.is_empty()
    }
}

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
    fn between(bounds: Vec<String>) -> Vec<Part> {
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

/// Collects the mismatches `check` finds, naming the first few.
#[derive(Default)]
struct Mismatches {
    named: Vec<String>,
    more: u64,
}

impl Mismatches {
    fn push(&mut self, what: String) {
        if self.named.len() < NAMED_MISMATCHES {
            self.named.push(what);
        } else {
            self.more += 1;
        }
    }

    /// Another part's mismatches, after these (parts come in key order).
    fn append(&mut self, other: Mismatches) {
        for what in other.named {
            self.push(what);
        }
        self.more += other.more;
    }

    /// The tables whose parts differ between two digests of a record.
    fn compare(
        &mut self,
        record: &str,
        ours: Option<&RecordDigest>,
        theirs: Option<&RecordDigest>,
    ) {
        let part =
            |digest: Option<&RecordDigest>, which: fn(&RecordDigest) -> [u8; 32]| digest.map(which);
        if part(ours, |d| d.row) != part(theirs, |d| d.row) {
            let kinds = ours.map_or(0, |d| d.kinds) | theirs.map_or(0, |d| d.kinds);
            let tables: Vec<&str> = Kind::ALL
                .into_iter()
                .filter(|kind| kinds & kind_bit(*kind) != 0)
                .map(Kind::table)
                .collect();
            let tables = if tables.is_empty() {
                "row".to_string()
            } else {
                tables.join(", ")
            };
            self.push(format!("{tables} ({record})"));
        }
        if part(ours, |d| d.elements) != part(theirs, |d| d.elements) {
            self.push(format!("element ({record})"));
        }
        if part(ours, |d| d.conflicts) != part(theirs, |d| d.conflicts) {
            self.push(format!("conflict ({record})"));
        }
    }

    fn into_lines(mut self) -> Vec<String> {
        if self.more > 0 {
            self.named.push(format!("… {} more", self.more));
        }
        self.named
    }
}

/// What the walk of one part found and counted.
#[derive(Default)]
struct Tally {
    mismatches: Mismatches,
    problems: Vec<String>,
    sum: Sum256,
    live: [u64; Kind::ALL.len()],
    changes: u64,
}

/// What the walk's sums must equal, read in its snapshot before it starts.
struct Kept {
    counts: Vec<(Kind, u64)>,
    total: Sum256,
    unerased: u64,
}

impl Kept {
    fn read(conn: &Connection) -> Result<Kept, StoreError> {
        Ok(Kept {
            counts: super::digest_kept::kept_counts(conn)?,
            total: super::digest_kept::kept_total(conn)?,
            unerased: super::purge::unerased_changes(conn)?,
        })
    }
}

impl Store {
    /// SQLite's integrity check, the kept digests against the tables, and
    /// the tables against a re-derivation from the log.
    pub fn check(&mut self) -> Result<CheckReport, StoreError> {
        let path = self.path.clone();
        if path == Path::new(":memory:") {
            let integrity = self.integrity()?;
            let mut report = in_snapshot(&self.conn, walk_whole)?;
            report.integrity = integrity;
            report
                .mismatched_tables
                .extend(super::kept_dashboard::all_mismatches(&self.conn)?);
            return Ok(report);
        }
        // SQLite's check, then the kept figures against their recount, on a
        // connection of their own while the records are walked.
        std::thread::scope(|scope| {
            let second = scope.spawn(|| integrity_on_own_connection(&path));
            let compared = self.walk_in_parts(&path);
            let (integrity, kept) = second.join().unwrap_or_else(|_| {
                Ok((vec!["integrity check stopped".to_string()], Vec::new()))
            })?;
            let mut report = compared?;
            report.integrity = integrity;
            report.mismatched_tables.extend(kept);
            Ok(report)
        })
    }

    /// The walk in `PARTS` key ranges taken in turn by `walkers()` threads,
    /// each on its own connection, all over one snapshot; in one range on
    /// the store's connection when a writer keeps the snapshot from being
    /// pinned.
    fn walk_in_parts(&self, path: &Path) -> Result<CheckReport, StoreError> {
        let walkers: Vec<Connection> = (0..walkers())
            .map(|_| walking_connection(path))
            .collect::<Result<_, _>>()?;
        if !pin_snapshot(&self.conn, &walkers)? {
            return in_snapshot(&self.conn, walk_whole);
        }
        let Some(first) = walkers.first() else {
            return in_snapshot(&self.conn, walk_whole);
        };
        let kept = Kept::read(first)?;
        let parts = Part::between(quantiles(first, PARTS)?);
        let next = AtomicUsize::new(0);
        let mut done: Vec<(usize, Tally)> = std::thread::scope(|scope| {
            let threads: Vec<_> = walkers
                .into_iter()
                .map(|conn| {
                    let (parts, next) = (&parts, &next);
                    scope.spawn(move || walk_parts_in_turn(&conn, parts, next))
                })
                .collect();
            let mut done = Vec::new();
            for thread in threads {
                let walked = thread.join().unwrap_or_else(|_| {
                    let mut stopped = Tally::default();
                    stopped.mismatches.push("check stopped".into());
                    Ok(vec![(usize::MAX, stopped)])
                })?;
                done.extend(walked);
            }
            Ok::<_, StoreError>(done)
        })?;
        done.sort_by_key(|(index, _)| *index);
        Ok(settle(&kept, done.into_iter().map(|(_, tally)| tally)))
    }
}

/// Key ranges of the walk, taken in turn by the walking threads, so that a
/// thread whose ranges went quickly takes the next one. (Eight ranges walked
/// by one thread cost what one range does: 18.4 against 18.6 s of CPU at
/// 100 k requests.)
const PARTS: usize = 8;

/// Threads walking the records: the cores left beside SQLite's check, at
/// least one and at most four. On two cores, one: a second walker only
/// shares the same two cores (measured: no faster, 60 % more memory).
fn walkers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |cores| cores.get().saturating_sub(1))
        .clamp(1, 4)
}

/// Takes the next part not yet taken until none is left; each part's tally
/// with its position. After an error the others stop taking parts.
fn walk_parts_in_turn(
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
fn quantiles(conn: &Connection, parts: usize) -> Result<Vec<String>, StoreError> {
    let records: i64 = conn
        .query_row("SELECT count(*) FROM record_digest", [], |row| row.get(0))
        .map_err(StoreError::sqlite)?;
    let parts = i64::try_from(parts).unwrap_or(1).max(1);
    let step = (records / parts).max(1);
    let mut stmt = conn
        .prepare(
            "SELECT record FROM (SELECT record, row_number() OVER (ORDER BY record) AS n
             FROM record_digest) WHERE n % ?1 = 0 LIMIT ?2",
        )
        .map_err(StoreError::sqlite)?;
    let rows = stmt
        .query_map([step, parts - 1], |row| row.get(0))
        .map_err(StoreError::sqlite)?;
    rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)
}

/// A read-only connection for one part of the walk.
fn walking_connection(path: &Path) -> Result<Connection, StoreError> {
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
fn pin_snapshot(store: &Connection, walkers: &[Connection]) -> Result<bool, StoreError> {
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

/// `body` in one read transaction on `conn` (a consistent snapshot; the
/// scratch rows of the temp schema are written without a commit each), with
/// a larger page cache for the pass over the log's index.
fn in_snapshot<T>(
    conn: &Connection,
    body: impl FnOnce(&Connection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    conn.execute_batch("PRAGMA cache_size = -65536; BEGIN DEFERRED")
        .map_err(StoreError::sqlite)?;
    let result = body(conn);
    let end = conn
        .execute_batch("ROLLBACK; PRAGMA cache_size = -2000")
        .map_err(StoreError::sqlite);
    let value = result?;
    end?;
    Ok(value)
}

/// The whole walk on one connection, in its current transaction.
fn walk_whole(conn: &Connection) -> Result<CheckReport, StoreError> {
    let kept = Kept::read(conn)?;
    let tally = walk(conn, &Part::WHOLE)?;
    Ok(settle(&kept, [tally]))
}

/// Walks one part's records in key order: each record's digest from the
/// tables, its kept digest and its re-derivation from the log, compared.
fn walk(conn: &Connection, part: &Part) -> Result<Tally, StoreError> {
    let mut tally = Tally::default();
    let mut main_statements = MainScan::prepare(conn, part)?;
    let mut main = MainScan::new(&mut main_statements)?;
    let mut kept_statement = KeptScan::prepare(conn, part)?;
    let mut kept = KeptScan::new(&mut kept_statement)?;
    let mut log_statement = LogScan::prepare(conn, part)?;
    let mut log = LogScan::new(conn, &mut log_statement)?;
    let (mut m, mut k, mut l) = (main.next()?, kept.next()?, log.next()?);
    loop {
        let key = [
            m.as_ref().map(|(r, _)| r),
            k.as_ref().map(|(r, _)| r),
            l.as_ref().map(|(r, _)| r),
        ]
        .into_iter()
        .flatten()
        .min()
        .cloned();
        let Some(key) = key else { break };
        let from_main = match m.take_if(|(r, _)| *r == key) {
            Some((_, digest)) => {
                m = main.next()?;
                Some(digest)
            }
            None => None,
        };
        let from_kept = match k.take_if(|(r, _)| *r == key) {
            Some((_, digest)) => {
                k = kept.next()?;
                Some(digest)
            }
            None => None,
        };
        let from_log = match l.take_if(|(r, _)| *r == key) {
            Some((_, derived)) => {
                l = log.next()?;
                derived
            }
            None => None,
        };
        tally
            .mismatches
            .compare(&key, from_main.as_ref(), from_log.as_ref());
        if from_main.map(|d| d.total) != from_kept {
            tally.mismatches.push(format!("record_digest ({key})"));
        }
        if let Some(digest) = from_main {
            tally.sum.add(&digest.total);
            for (position, kind) in Kind::ALL.into_iter().enumerate() {
                if digest.live & kind_bit(kind) != 0
                    && let Some(count) = tally.live.get_mut(position)
                {
                    *count += 1;
                }
            }
        }
    }
    tally.problems = log.problems();
    tally.changes = log.changes_read();
    Ok(tally)
}

/// The parts' findings together, in key order, and the sums against the
/// kept totals.
fn settle(kept: &Kept, tallies: impl IntoIterator<Item = Tally>) -> CheckReport {
    let mut mismatches = Mismatches::default();
    let mut problems = Vec::new();
    let mut sum = Sum256::default();
    let mut live = [0u64; Kind::ALL.len()];
    let mut changes = 0u64;
    for tally in tallies {
        mismatches.append(tally.mismatches);
        problems.extend(tally.problems);
        sum.add(&tally.sum.0);
        for (total, count) in live.iter_mut().zip(tally.live) {
            *total += count;
        }
        changes += tally.changes;
    }
    let counted: Vec<(Kind, u64)> = Kind::ALL.into_iter().zip(live).collect();
    if counted != kept.counts {
        mismatches.push("live_count".into());
    }
    for problem in problems {
        mismatches.push(problem);
    }
    if sum != kept.total {
        mismatches.push("digest_state".into());
    }
    // An erased record keeps no value anywhere in the log.
    if kept.unerased > 0 {
        mismatches.push("changes (values of a purged record)".into());
    }
    CheckReport {
        integrity: Vec::new(),
        mismatched_tables: mismatches.into_lines(),
        changes_checked: changes,
    }
}

/// `PRAGMA integrity_check`, then the kept tables that differ from their
/// recount, on a read-only connection of its own.
fn integrity_on_own_connection(path: &Path) -> Result<(Vec<String>, Vec<String>), StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(StoreError::sqlite)?;
    let integrity: Vec<String> = {
        let mut stmt = conn
            .prepare("PRAGMA integrity_check")
            .map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| row.get::<_, String>(0))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)?
    };
    let kept = super::kept_dashboard::all_mismatches(&conn)?;
    Ok((integrity, kept))
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
