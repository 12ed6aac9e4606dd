//! Shared by the property tests of replicas (tests/suite/convergence.rs,
//! counters.rs, kept_dashboard.rs, digest_incremental.rs): in-memory stores,
//! each with its own site id and fixed clock; edits committed in one call;
//! the log as it travels between replicas, whole or in part; a
//! deterministic shuffle; the record of the shared pool a replica may edit;
//! the case count (`RELAIS_PROPTEST_CASES`) and the golden database of an
//! older version, migrated. Each test keeps its own operations and
//! strategies; only the set-up lives here.

use proptest::prelude::*;
use relais::domain::clock::FixedClock;
use relais::domain::purge::{Hashed, Logged};
use relais::domain::{DELETED_FIELD, Kind};
use relais::store::{
    ApplyOptions, ApplyReport, LocalIdentity, OpenMode, Store, StoreError, Writer,
};
use std::collections::BTreeMap;
use std::fmt::Display;
use std::path::Path;
use std::sync::Arc;

pub const START_MS: i64 = 1_772_442_000_000; // 2026-03-02T09:00:00Z

/// The site ids of replicas 0, 1, 2 and 3.
pub const SITES: [&str; 4] = [
    "1a1a1a1a1a1a1a1a",
    "2b2b2b2b2b2b2b2b",
    "3c3c3c3c3c3c3c3c",
    "4d4d4d4d4d4d4d4d",
];

/// A replica and the clock its stamps read, which a test may move on.
pub struct Replica {
    pub store: Store,
    pub clock: Arc<FixedClock>,
}

impl Replica {
    /// Replica `index`: an EPN in the 13 with the site id `SITES[index]`.
    pub fn new(index: usize) -> Replica {
        Replica::in_departement(index, "13")
    }

    /// Replica `index`, its identity in `departement`.
    pub fn in_departement(index: usize, departement: &str) -> Replica {
        let clock = Arc::new(FixedClock::new(START_MS));
        let mut store = Store::open_in_memory(clock.clone()).expect("in-memory store");
        store
            .set_identity(&identity(index, departement))
            .expect("identity");
        Replica { store, clock }
    }
}

/// The identity of replica `index`: « EPN index », an EPN in `departement`.
pub fn identity(index: usize, departement: &str) -> LocalIdentity {
    LocalIdentity {
        site: SITES[index].to_string(),
        name: format!("EPN {index}"),
        departement: departement.into(),
        role: "epn".into(),
    }
}

/// One local edit by `author`, committed: what `edit` returns.
pub fn write<T>(
    store: &mut Store,
    author: &str,
    edit: impl FnOnce(&mut Writer<'_>) -> Result<T, StoreError>,
) -> T {
    let mut writer = store.writer(author).expect("writer");
    let done = edit(&mut writer).expect("edit");
    writer.commit().expect("commit");
    done
}

/// A new record of `kind` with `fields`, by `author`: its id.
pub fn create(store: &mut Store, author: &str, kind: Kind, fields: &[(&str, String)]) -> String {
    write(store, author, |writer| {
        let id = writer.create(kind);
        writer.insert_new(kind, &id, fields)?;
        Ok(id)
    })
}

/// A record deleted (a tombstone), or restored (`deleted = 0`).
pub fn set_deleted(
    writer: &mut Writer<'_>,
    kind: Kind,
    id: &str,
    deleted: bool,
) -> Result<(), StoreError> {
    if deleted {
        writer.delete(kind, id)
    } else {
        writer.set(kind, id, DELETED_FIELD, Some("0")).map(drop)
    }
}

/// The log as it travels: every row, stubs told apart.
pub fn logged(store: &Store) -> Vec<Logged> {
    store.logged_since(&BTreeMap::new()).expect("read log")
}

/// Another replica's log rows applied, as an import applies them.
pub fn apply_logged(store: &mut Store, logged: Vec<Logged>) -> Result<ApplyReport, StoreError> {
    let mut iter = logged.into_iter().map(|logged| Ok(Hashed::new(logged)));
    store.apply_logged(&mut iter, ApplyOptions::default())
}

/// What one sync sends of a log, by `mode`: 0 newest first (children
/// before parents), 1 a random half or so, shuffled, else all in log order.
pub fn sent_part(mut changes: Vec<Logged>, mode: u8, seed: u64) -> Vec<Logged> {
    match mode {
        0 => changes.reverse(),
        1 => {
            shuffle(&mut changes, seed);
            changes.truncate(changes.len() / 2 + 1);
        }
        _ => {}
    }
    changes
}

/// A deterministic shuffle (no extra dependency).
pub fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut state = seed | 1;
    for i in (1..items.len()).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        items.swap(i, (state >> 33) as usize % (i + 1));
    }
}

/// The record `index` of the shared pool, if this replica holds it (and
/// did not purge it: an erased record cannot be edited).
pub fn pick(pool: &[(Kind, String)], store: &Store, index: usize) -> Option<(Kind, String)> {
    if pool.is_empty() {
        return None;
    }
    let (kind, id) = pool[index % pool.len()].clone();
    if store.is_purged(&id).expect("purged") {
        return None;
    }
    store.record(kind, &id).expect("record").map(|_| (kind, id))
}

/// A step's error as the failure of the case, with the step it came from.
pub fn failed<E: Display>(context: &str) -> impl Fn(E) -> TestCaseError + '_ {
    move |err| TestCaseError::fail(format!("{context}: {err}"))
}

/// How many cases: `RELAIS_PROPTEST_CASES`, else 256.
pub fn cases() -> u32 {
    std::env::var("RELAIS_PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(256)
}

/// `cases()` cases, and room to shrink a long failing sequence.
pub fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

/// The golden database (written by schema v10, kept as SQL text) in `dir`,
/// opened by this version: migrated.
pub fn migrated_golden(dir: &Path) -> Store {
    let path = dir.join("old.db");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden/relais.sql");
    let dump = std::fs::read_to_string(fixture).expect("golden fixture");
    rusqlite::Connection::open(&path)
        .expect("old database")
        .execute_batch(&dump)
        .expect("golden dump");
    let clock = Arc::new(FixedClock::new(START_MS));
    Store::open(&path, OpenMode::MustExist, clock).expect("migrated")
}
