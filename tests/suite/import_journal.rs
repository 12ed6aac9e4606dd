//! A bulk import writes through a rollback journal when nothing else has
//! the database open (`store::bulk::Settings`): its pages go once into the
//! file instead of through the WAL and a checkpoint. The store is in WAL
//! again after it; with the database open elsewhere the import stays in WAL
//! at once; a process killed in the middle of one leaves a hot journal that
//! the next command rolls back, and the replica is exactly as before.

use crate::import_bulk::{FullBundle, apply, demo_log, replica};
use relais::domain::purge::Hashed;
use relais::store::{ApplyOptions, ApplyStep, BulkMode, StoreError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The files beside a database: whether its `-wal` and `-journal` exist.
#[derive(Debug, PartialEq, Eq)]
struct Beside {
    wal: bool,
    journal: bool,
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn beside(path: &Path) -> Beside {
    Beside {
        wal: with_suffix(path, "-wal").exists(),
        journal: with_suffix(path, "-journal").exists(),
    }
}

/// The journal mode the file's header names, read by a connection of its own.
fn journal_mode(path: &Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap()
}

/// Applies `log` on the bulk path; returns what was beside the database as
/// the import finished reading (inside its transaction).
fn apply_watching(
    store: &mut relais::store::Store,
    path: &Path,
    log: &[relais::domain::purge::Logged],
) -> Beside {
    let mut seen = None;
    let mut progress = |step: ApplyStep| {
        if matches!(step, ApplyStep::Finishing { .. }) {
            seen = Some(beside(path));
        }
    };
    let mut source = log
        .iter()
        .cloned()
        .map(|logged| Ok::<Hashed, StoreError>(Hashed::new(logged)));
    let report = store
        .apply_logged(
            &mut source,
            ApplyOptions {
                bulk: BulkMode::Always,
                expected: Some(log.len() as u64),
                progress: Some(&mut progress),
                ..ApplyOptions::default()
            },
        )
        .unwrap();
    assert_eq!(report.new_changes, log.len());
    seen.expect("the import told it was finishing")
}

#[test]
fn a_bulk_import_writes_through_a_rollback_journal_then_the_store_is_wal_again() {
    let log = demo_log("20");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulk.db");
    let mut store = replica(dir.path(), "bulk");
    assert_eq!(journal_mode(&path), "wal");
    let during = apply_watching(&mut store, &path, &log);
    assert_eq!(
        during,
        Beside {
            wal: false,
            journal: true
        }
    );
    assert_eq!(journal_mode(&path), "wal");
    assert_eq!(
        beside(&path),
        Beside {
            wal: true,
            journal: false
        }
    );
    assert!(store.check().unwrap().is_ok());
    // A failed bulk import puts WAL back too.
    let mut again = replica(dir.path(), "failed");
    let failed = apply(
        &mut again,
        &log,
        BulkMode::Always,
        Some(relais::store::FailPoint::BeforeCommit),
    );
    assert!(
        matches!(failed, Err(StoreError::InjectedFault(_))),
        "{failed:?}"
    );
    assert_eq!(journal_mode(&dir.path().join("failed.db")), "wal");
    assert!(!with_suffix(&dir.path().join("failed.db"), "-journal").exists());
}

#[test]
fn with_the_database_open_elsewhere_a_bulk_import_stays_in_wal() {
    let log = demo_log("20");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulk.db");
    let mut store = replica(dir.path(), "bulk");
    // Another reader, as a second process or the TUI's own connection.
    let other = rusqlite::Connection::open(&path).unwrap();
    let tables: i64 = other
        .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
        .unwrap();
    assert!(tables > 0);
    let during = apply_watching(&mut store, &path, &log);
    assert_eq!(
        during,
        Beside {
            wal: true,
            journal: false
        }
    );
    assert_eq!(journal_mode(&path), "wal");
    assert!(store.check().unwrap().is_ok());
    // The reader still reads, and sees the import.
    let changes: i64 = other
        .query_row("SELECT count(*) FROM changes", [], |row| row.get(0))
        .unwrap();
    assert!(changes >= log.len() as i64, "{changes}");
}

#[test]
fn a_bulk_import_killed_midway_leaves_the_replica_as_before() {
    let full = FullBundle::new();
    let (source, receiver, bundle) = (&full.source, &full.receiver, &full.bundle);
    let before = receiver.json(&["status", "--json"]);
    let size_before = std::fs::metadata(&receiver.db).unwrap().len();
    let journal = with_suffix(&receiver.db, "-journal");
    let mut child = receiver
        .process(&["import", bundle.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once the import has written pages into the file itself (in a
    // rollback journal, the pages it spills go there, their old contents
    // to the journal).
    let started = Instant::now();
    loop {
        let grown = std::fs::metadata(&receiver.db).map_or(0, |meta| meta.len()) > size_before;
        if journal.exists() && grown {
            child.kill().unwrap();
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import ended before it was caught writing"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "no journal");
        std::thread::sleep(Duration::from_millis(1));
    }
    child.wait().unwrap();
    assert!(journal.exists(), "a hot journal is left");
    // The next command rolls it back before reading.
    let after = receiver.json(&["status", "--json"]);
    assert_eq!(after["digest"], before["digest"]);
    assert_eq!(after["changes"], before["changes"]);
    assert!(!journal.exists());
    assert_eq!(journal_mode(&receiver.db), "wal");
    receiver.ok(&["check"]);
    // And the import, run again, lands whole.
    receiver.ok(&["import", bundle.to_str().unwrap()]);
    receiver.ok(&["check"]);
    for kind in ["request", "org"] {
        assert_eq!(
            receiver.ok(&["list", kind]),
            source.ok(&["list", kind]),
            "{kind}"
        );
    }
}
