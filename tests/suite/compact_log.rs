//! The compact change log (issue 13, item 1): a database written by an older
//! Relais (`tests/fixtures/golden/relais.sql`, schema version 10, the text
//! log) is migrated on opening, then checked, exported and re-imported. The
//! bundle body of every change is byte-for-byte what the text log held, the
//! digest is a fresh replica's that imported those changes, and what the
//! dictionaries and 16-byte keys cannot express (a record id that is not a
//! canonical UUID, a field name this build does not know, parents naming an
//! unknown site, an extreme wall clock) comes back out unchanged.

use relais::domain::clock::FixedClock;
use relais::domain::purge::{Hashed, Logged};
use relais::domain::{Change, ChangeId, Kind, Stamp};
use relais::store::{ApplyOptions, OpenMode, SCHEMA_VERSION, Store, StoreError};
use relais::sync::format::encode_logged;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const NOW_MS: i64 = 1_795_683_600_000; // 2026-11-26T09:00:00Z

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(NOW_MS))
}

/// The fixture loaded into a fresh file (still at version 10).
fn fixture(dir: &Path) -> PathBuf {
    let path = dir.join("relais.db");
    let dump = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden/relais.sql"),
    )
    .unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(&dump)
        .unwrap();
    path
}

/// Every row of a version-10 (text) log, as bundles carry it, in (site, seq)
/// order: read with plain SQL, the way that layout was read.
fn text_log(path: &Path) -> Vec<Logged> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 10);
    let mut stmt = conn
        .prepare(
            "SELECT site, seq, record, kind, field, value, stamp, wall, author, parents, purged, hash
             FROM changes ORDER BY site, seq",
        )
        .unwrap();
    stmt.query_map([], |row| {
        let change = Change {
            id: ChangeId::new(row.get::<_, String>(0)?, row.get::<_, i64>(1)? as u64),
            record: row.get(2)?,
            kind: Kind::from_name(&row.get::<_, String>(3)?).unwrap(),
            field: row.get(4)?,
            value: row.get(5)?,
            stamp: Stamp(row.get::<_, i64>(6)? as u64),
            wall_ms: row.get(7)?,
            author: row.get(8)?,
            parents: ChangeId::split(&row.get::<_, String>(9)?).unwrap(),
        };
        let hash: Vec<u8> = row.get(11)?;
        Ok(if row.get::<_, i64>(10)? == 1 {
            Logged::stub_of(change, hash.try_into().unwrap())
        } else {
            Logged::from(change)
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// What an export of everything carries, sorted as `text_log`.
fn exported(store: &Store) -> Vec<Logged> {
    let mut logged = store.logged_since(&BTreeMap::new()).unwrap();
    logged.sort_by(|a, b| a.change.id.cmp(&b.change.id));
    logged
}

fn bodies(logged: &[Logged]) -> Vec<Vec<u8>> {
    logged
        .iter()
        .map(|logged| {
            let mut out = Vec::new();
            encode_logged(logged, &mut out);
            out
        })
        .collect()
}

fn open(path: &Path) -> Store {
    Store::open(path, OpenMode::CreateIfMissing, clock()).unwrap()
}

fn schema_version(path: &Path) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap()
}

#[test]
fn the_old_text_log_migrates_checks_and_exports_the_same_bundle_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    let before = text_log(&path);
    assert!(before.len() > 100, "{} changes", before.len());
    assert!(
        before
            .iter()
            .any(|logged| !logged.change.parents.is_empty()),
        "the fixture has edits naming parents"
    );

    let mut store = open(&path);
    assert_eq!(schema_version(&path), SCHEMA_VERSION);
    assert!(dir.path().join("relais.db.v10.backup").exists());
    let report = store.check().unwrap();
    assert!(report.is_ok(), "{report:?}");
    assert_eq!(report.changes_checked, before.len() as u64);

    let after = exported(&store);
    assert_eq!(after.len(), before.len());
    assert!(after == before, "the export differs from the text log");
    assert!(bodies(&after) == bodies(&before));

    // A fresh replica that imports those changes derives the same state.
    let mut fresh = Store::open_in_memory(clock()).unwrap();
    fresh
        .apply_logged(
            &mut after.into_iter().map(|logged| Ok(Hashed::new(logged))),
            ApplyOptions::default(),
        )
        .unwrap();
    assert_eq!(fresh.digest().unwrap(), store.digest().unwrap());
    assert!(fresh.check().unwrap().is_ok());
}

#[test]
fn what_the_dictionaries_and_keys_cannot_express_round_trips_through_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture(dir.path());
    // Rows an older or newer Relais may have logged: a record id that is no
    // canonical UUID (upper case, or free text), a field this build does
    // not know, parents naming a site heard of nowhere else, wall clocks at
    // the ends of i64, and a stub with its original hash.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO changes(site, seq, record, kind, field, value, stamp, wall, author, parents, hash, purged) VALUES
         ('00000000000000aa', 1, 'legacy-7', 'request', 'colour', 'vert', 117682156339200000, -9223372036854775808, 'Zoé', '', x'00', 0),
         ('00000000000000aa', 2, '01A22D18-0B80-7659-88B5-8572383D4383', 'request', 'title', 'Carte', 117682156339200001, 9223372036854775807, '', '00000000000000aa:1 00000000000000bb:7', x'00', 0),
         ('00000000000000aa', 3, 'legacy-7', 'developer', 'name', NULL, 117682156339200002, 0, '', '00000000000000aa:2',
          x'0102030405060708091011121314151617181920212223242526272829303132', 1);
         INSERT INTO vector(site, contiguous, max_seq, changes) VALUES ('00000000000000aa', 3, 3, 3);",
    )
    .unwrap();
    drop(conn);
    let before = text_log(&path);

    let store = open(&path);
    let after = exported(&store);
    assert_eq!(after.len(), before.len());
    assert!(after == before, "the export differs from the text log");
    assert!(bodies(&after) == bodies(&before));
    let legacy: Vec<&Logged> = after
        .iter()
        .filter(|logged| logged.change.id.site == "00000000000000aa")
        .collect();
    assert_eq!(legacy.len(), 3);
    assert_eq!(legacy[0].change.field, "colour");
    assert_eq!(legacy[0].change.wall_ms, i64::MIN);
    assert_eq!(
        legacy[1].change.record,
        "01A22D18-0B80-7659-88B5-8572383D4383"
    );
    assert_eq!(legacy[1].change.wall_ms, i64::MAX);
    assert_eq!(legacy[2].stub.map(|hash| hash[0]), Some(1));
    assert_eq!(
        store
            .history("legacy-7")
            .unwrap()
            .iter()
            .map(|entry| entry.field.as_str())
            .collect::<Vec<_>>(),
        ["colour", "name"]
    );
}

fn change(site: &str, seq: u64, record: &str, field: &str, value: &str) -> Change {
    Change {
        id: ChangeId::new(site, seq),
        record: record.into(),
        kind: Kind::Org,
        field: field.into(),
        value: Some(value.into()),
        stamp: Stamp((NOW_MS as u64) << 16),
        wall_ms: NOW_MS - 5,
        author: "Zoé".into(),
        parents: Vec::new(),
    }
}

#[test]
fn a_bundle_change_with_a_free_text_record_id_round_trips_and_forks_are_still_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open(&dir.path().join("fresh.db"));
    let first = change("00000000000000aa", 1, "Org-Legacy-7", "name", "Atelier");
    let mut second = change("00000000000000bb", 1, "Org-Legacy-7", "name", "Fablab");
    second.parents = vec![first.id.clone()];
    second.stamp = Stamp(first.stamp.0 + 1);
    let uuid = change(
        "00000000000000bb",
        2,
        "01a22d18-0b80-7659-88b5-8572383d4383",
        "name",
        "Médiathèque",
    );
    let batch = vec![first.clone(), second.clone(), uuid.clone()];
    let report = store
        .apply(
            &mut batch.clone().into_iter().map(Ok),
            ApplyOptions::default(),
        )
        .unwrap();
    assert_eq!(report.new_changes, 3);
    let mut all = store.all_changes().unwrap();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(all, batch);
    let org = store.record(Kind::Org, "Org-Legacy-7").unwrap().unwrap();
    assert_eq!(org.get("name"), Some("Fablab"));

    // The same ids again: duplicates (the hash is recomputed from the row).
    let again = store
        .apply(&mut batch.into_iter().map(Ok), ApplyOptions::default())
        .unwrap();
    assert_eq!((again.new_changes, again.duplicate_changes), (0, 3));
    // The same id with other content: a fork, refused whole.
    let mut forged = uuid;
    forged.wall_ms += 1;
    let refused = store.apply(&mut std::iter::once(Ok(forged)), ApplyOptions::default());
    assert!(
        matches!(refused, Err(StoreError::Fork { .. })),
        "{refused:?}"
    );
}
