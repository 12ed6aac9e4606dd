//! `check`: SQLite's integrity check and the kept figures against their
//! recount on one connection, while the records are walked in key order —
//! the tables' digests against the kept ones and against a re-derivation
//! from the log (`digest_check`). The walk runs in key ranges taken in turn
//! by one thread per spare core over one pinned snapshot (`check_parts`).

use super::check_parts::{PARTS, Part, pin_snapshot, quantiles, walk_parts_in_turn};
use super::check_parts::{walkers, walking_connection};
use super::digest::{RecordDigest, Sum256, kind_bit};
use super::digest_check::{LogScan, make_scratch_tables};
use super::digest_kept::{KeptScan, MainScan, unkeyed};
use super::key_order::KeyIds;
use super::{Store, StoreError};
use crate::domain::Kind;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::atomic::AtomicUsize;

/// Mismatches named one by one before `check` only counts the rest.
const NAMED_MISMATCHES: usize = 20;
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
pub(super) struct Tally {
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
            report
                .mismatched_tables
                .extend(super::keys::mismatches(&self.conn)?);
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

/// `body` in one read transaction on `conn` (a consistent snapshot; the
/// scratch rows of the temp schema are written without a commit each), with
/// a larger page cache for the pass over the log's index.
fn in_snapshot<T>(
    conn: &Connection,
    body: impl FnOnce(&Connection) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    make_scratch_tables(conn)?;
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
pub(super) fn walk(conn: &Connection, part: &Part) -> Result<Tally, StoreError> {
    let mut tally = Tally::default();
    // Every statement is prepared before any starts reading: the log's
    // makes the scratch tables, and SQLite aborts a scan with a correlated
    // subquery (the time entries' ids read from `record_key`, v29) when
    // the connection's schema changes between two of its steps ("abort due
    // to ROLLBACK"; reproduced outside Relais with SQLite 3.51).
    let mut log_statement = LogScan::prepare(conn, part)?;
    let mut main_statements = MainScan::prepare(conn, part)?;
    let mut kept_statement = KeptScan::prepare(conn, part)?;
    let mut id_statement = KeyIds::prepare(conn, part)?;
    let mut main = MainScan::new(&mut main_statements)?;
    let mut kept = KeptScan::new(&mut kept_statement)?;
    let mut log = LogScan::new(conn, &mut log_statement)?;
    let mut ids = KeyIds::new(&mut id_statement)?;
    while let Some(key) = [main.key(), kept.key(), log.key()]
        .into_iter()
        .flatten()
        .min()
    {
        let id = ids.id_of(key)?;
        let record = id.clone().unwrap_or_else(|| unkeyed(key));
        let from_main = main.take(key, &record)?;
        let from_kept = kept.take(key)?;
        let from_log = log.take(key, &record)?;
        if let Some(digest) = &from_main {
            tally.count(digest);
        }
        if id.is_none() {
            // Rows, elements and digests under no id are `keys::mismatches`'.
            if from_log.is_some() {
                tally
                    .mismatches
                    .push("changes (changes of a record with no key)".into());
            }
            continue;
        }
        tally
            .mismatches
            .compare(&record, from_main.as_ref(), from_log.flatten().as_ref());
        if from_main.map(|d| d.total) != from_kept {
            tally.mismatches.push(format!("record_digest ({record})"));
        }
    }
    tally.problems = log.problems();
    tally.changes = log.changes_read();
    Ok(tally)
}

impl Tally {
    /// A record's digest from the tables into the sums.
    fn count(&mut self, digest: &RecordDigest) {
        self.sum.add(&digest.total);
        for (position, kind) in Kind::ALL.into_iter().enumerate() {
            if digest.live & kind_bit(kind) != 0
                && let Some(count) = self.live.get_mut(position)
            {
                *count += 1;
            }
        }
    }
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
    let mut kept = super::kept_dashboard::all_mismatches(&conn)?;
    kept.extend(super::keys::mismatches(&conn)?);
    Ok((integrity, kept))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clock::FixedClock;
    use rusqlite::StatementStatus;
    use std::sync::Arc;

    /// `check` leaves the connection's schema as it found it: a statement
    /// prepared before it runs after it without being compiled again (a
    /// schema change rolled back made SQLite re-read the whole schema and
    /// re-prepare every cached statement, twice the cost of the
    /// convergence tests' checks).
    #[test]
    fn check_does_not_make_sqlite_read_the_schema_again() {
        let mut store =
            Store::open_in_memory(Arc::new(FixedClock::new(1_780_000_000_000))).expect("store");
        store.check().expect("first check");
        let count = |store: &Store| {
            let mut statement = store
                .conn
                .prepare_cached("SELECT count(*) FROM meta")
                .expect("prepared");
            let rows: i64 = statement.query_row([], |row| row.get(0)).expect("counted");
            (rows, statement.get_status(StatementStatus::RePrepare))
        };
        let (rows, _) = count(&store);
        assert!(store.check().expect("second check").is_ok());
        assert_eq!(count(&store), (rows, 0));
    }

    /// While another program writes (its transaction holds the lock),
    /// `check` walks on its own connection at once instead of waiting for
    /// the lock's timeout to walk in parts.
    #[test]
    fn check_does_not_wait_for_a_writer_at_work() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("relais.db");
        let clock = Arc::new(FixedClock::new(1_780_000_000_000));
        let mut store =
            Store::open(&path, crate::store::OpenMode::CreateIfMissing, clock).expect("store");
        let writer = Connection::open(&path).expect("writer");
        writer.execute_batch("BEGIN IMMEDIATE").expect("lock");
        let started = std::time::Instant::now();
        let report = store.check().expect("checked");
        assert!(
            started.elapsed() < super::super::BUSY_TIMEOUT / 2,
            "{:?}",
            started.elapsed()
        );
        assert!(report.is_ok());
    }
}
