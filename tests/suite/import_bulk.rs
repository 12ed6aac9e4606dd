//! The bulk path of a large import (issue 13 item 2, `store::bulk`): the
//! triggers keeping the figures are dropped inside the import's transaction
//! and the figures recounted at the end. On the same changes (a demo
//! region's log, into an empty replica and into one already holding part
//! of it) both paths end in the same state digest, conflicts, kept figures
//! and review items, `check` passes, and the schema's triggers are back
//! exactly as they were; a failure at any step of a bulk import leaves the
//! database exactly as before, triggers included; a large bundle takes the
//! bulk path on its own through `relais import`. The kind tables'
//! secondary indexes, dropped on the bulk path, are back after it and after
//! a failure; the full-text index, filled in one sweep at the end, answers
//! as the one kept row by row. The records touched, as an import reports
//! them, are exactly the distinct records of its new changes on both paths,
//! when a record comes back after a flush and after the tally's window.

use crate::cli_support;
use crate::sync_support;

use cli_support::Env;
use relais::domain::Kind;
use relais::domain::clock::FixedClock;
use relais::domain::purge::{Hashed, Logged};
use relais::store::{
    ApplyOptions, BulkMode, FailPoint, LocalIdentity, OpenMode, Store, StoreError,
};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const NOW_MS: i64 = 1_764_150_000_000; // 2025-11-26

/// A demo region's whole log (the CLI's `demo`, every scenario).
pub(crate) fn demo_log(scale: &str) -> Vec<Logged> {
    let env = Env::new();
    env.ok(&["demo", "--scale", scale]);
    whole_log(&env)
}

/// Every logged change of an environment's database.
fn whole_log(env: &Env) -> Vec<Logged> {
    let store = Store::open(
        &env.db,
        OpenMode::MustExist,
        Arc::new(FixedClock::new(NOW_MS)),
    )
    .unwrap();
    store.logged_since(&BTreeMap::new()).unwrap()
}

/// An empty replica in a file (a second connection reads its schema).
pub(crate) fn replica(dir: &Path, name: &str) -> Store {
    let mut store = Store::open(
        &dir.join(format!("{name}.db")),
        OpenMode::CreateIfMissing,
        Arc::new(FixedClock::new(NOW_MS)),
    )
    .unwrap();
    store
        .set_identity(&LocalIdentity {
            site: "9f9f9f9f9f9f9f9f".into(),
            name: "Coordination".into(),
            departement: "13".into(),
            role: "regional".into(),
        })
        .unwrap();
    store
}

pub(crate) fn apply(
    store: &mut Store,
    log: &[Logged],
    bulk: BulkMode,
    fail_at: Option<FailPoint>,
) -> Result<usize, StoreError> {
    let mut source = log
        .iter()
        .cloned()
        .map(|logged| Ok::<Hashed, StoreError>(Hashed::new(logged)));
    store
        .apply_logged(
            &mut source,
            ApplyOptions {
                bulk,
                fail_at,
                expected: Some(log.len() as u64),
                ..ApplyOptions::default()
            },
        )
        .map(|report| report.new_changes)
}

/// The schema's triggers and indexes, and every kept table's rows: what the
/// bulk path drops and refills.
fn schema_and_figures(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out: Vec<String> = conn
        .prepare(
            "SELECT type || ' ' || name || ' ' || sql FROM sqlite_master
             WHERE type IN ('trigger', 'index') AND sql IS NOT NULL",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    out.sort();
    let tables = strings(
        &conn,
        "SELECT t.name FROM sqlite_master t JOIN sqlite_master v
           ON v.type = 'view' AND v.name = 'recount_' || t.name
         WHERE t.type = 'table' ORDER BY 1",
    );
    assert!(tables.len() >= 10, "the kept tables: {tables:?}");
    for table in tables {
        // Rows whose count fell to zero may stay on the incremental path.
        let has_n = conn
            .prepare(&format!("SELECT n FROM {table} LIMIT 0"))
            .is_ok();
        let filter = if has_n { " WHERE n <> 0" } else { "" };
        let mut rows = dump_plain(&conn, &table, filter);
        rows.sort();
        out.extend(rows);
    }
    out
}

/// The first column of every row of a query.
fn strings(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A kept table's rows as text, column by column.
fn dump_plain(conn: &rusqlite::Connection, table: &str, filter: &str) -> Vec<String> {
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table}{filter}"))
        .unwrap();
    let columns = stmt.column_count();
    stmt.query_map([], |row| {
        let mut line = table.to_string();
        for i in 0..columns {
            let value: rusqlite::types::Value = row.get(i)?;
            line.push_str(&format!(" {value:?}"));
        }
        Ok(line)
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn triggers(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'",
        [],
        |row| row.get(0),
    )
    .unwrap()
}

fn assert_same(incremental: &mut Store, bulk: &mut Store, dir: &Path, context: &str) {
    assert_eq!(
        incremental.digest().unwrap(),
        bulk.digest().unwrap(),
        "{context}: digest"
    );
    assert_eq!(
        incremental.conflicts().unwrap().len(),
        bulk.conflicts().unwrap().len(),
        "{context}: conflicts"
    );
    for store in [&mut *incremental, &mut *bulk] {
        assert!(
            store.kept_figures_mismatches().unwrap().is_empty(),
            "{context}"
        );
        let report = store.check().unwrap();
        assert!(report.is_ok(), "{context}: check {report:?}");
    }
    assert_eq!(
        schema_and_figures(&dir.join("incremental.db")),
        schema_and_figures(&dir.join("bulk.db")),
        "{context}: triggers, indexes and kept figures"
    );
    let (incremental, bulk) = (
        text_matches(&dir.join("incremental.db")),
        text_matches(&dir.join("bulk.db")),
    );
    assert!(
        incremental.len() > 100,
        "{context}: {} matches",
        incremental.len()
    );
    let (incremental, bulk): (BTreeSet<String>, BTreeSet<String>) = (
        incremental.into_iter().collect(),
        bulk.into_iter().collect(),
    );
    let only = |a: &BTreeSet<String>, b: &BTreeSet<String>| -> Vec<String> {
        a.difference(b).take(5).cloned().collect()
    };
    assert!(
        incremental == bulk,
        "{context}: the full-text index; only incremental: {:?}; only bulk: {:?}",
        only(&incremental, &bulk),
        only(&bulk, &incremental)
    );
}

/// What the full-text index answers: for every word of search's vocabulary
/// (up to 400) and every FTS5 table, the ids of the rows it matches. The
/// bulk path fills the index in one sweep at the end, the incremental path
/// row by row: they must answer alike (its keys may differ, the ids not).
fn text_matches(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables = strings(
        &conn,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%USING fts5%'
         ORDER BY name",
    );
    assert!(tables.len() >= 2, "the full-text tables: {tables:?}");
    let terms = strings(
        &conn,
        "SELECT term FROM search_term ORDER BY term LIMIT 400",
    );
    let mut out = Vec::new();
    for table in &tables {
        // The rows it indexes (a deleted or emptied row must not be there).
        let indexed = strings(
            &conn,
            &format!(
                "SELECT hex(k.id) FROM {table}_docsize d JOIN record_key k ON k.key = d.id
                 ORDER BY k.id"
            ),
        );
        out.extend(
            indexed
                .into_iter()
                .map(|id| format!("{table} indexes {id}")),
        );
        let mut stmt = conn
            .prepare(&format!(
                "SELECT hex(k.id) FROM {table} t JOIN record_key k ON k.key = t.rowid
                 WHERE {table} MATCH ?1 ORDER BY k.id"
            ))
            .unwrap();
        for term in &terms {
            let quoted = format!("\"{}\"", term.replace('"', "\"\""));
            let ids: Vec<String> = stmt
                .query_map([&quoted], |row| row.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            out.extend(ids.into_iter().map(|id| format!("{table} {term} {id}")));
        }
    }
    out
}

/// How many secondary indexes the kind tables have (the bulk path drops
/// them and builds them again).
fn kind_indexes(path: &Path) -> usize {
    let conn = rusqlite::Connection::open(path).unwrap();
    Kind::ALL
        .iter()
        .map(|kind| {
            conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1
                 AND sql IS NOT NULL",
                [kind.table()],
                |row| row.get::<_, i64>(0),
            )
            .unwrap() as usize
        })
        .sum()
}

#[test]
fn both_paths_end_in_the_same_state_into_an_empty_replica() {
    let log = demo_log("40");
    assert!(log.len() > 1_000, "a demo log: {} changes", log.len());
    let dir = tempfile::tempdir().unwrap();
    let mut incremental = replica(dir.path(), "incremental");
    let mut bulk = replica(dir.path(), "bulk");
    let before = triggers(&dir.path().join("bulk.db"));
    assert!(before > 20, "the schema keeps figures by triggers");
    let indexes = kind_indexes(&dir.path().join("bulk.db"));
    assert!(indexes >= 10, "the kind tables' indexes: {indexes}");
    let n = apply(&mut incremental, &log, BulkMode::Never, None).unwrap();
    assert_eq!(apply(&mut bulk, &log, BulkMode::Always, None).unwrap(), n);
    assert_eq!(triggers(&dir.path().join("bulk.db")), before);
    assert_eq!(kind_indexes(&dir.path().join("bulk.db")), indexes);
    assert_same(&mut incremental, &mut bulk, dir.path(), "empty replica");
}

/// A demo log where requests and workshops were deleted, their texts
/// changed or emptied: what the full-text indexes hold depends on it.
fn edited_demo_log() -> Vec<Logged> {
    let env = Env::new();
    env.ok(&["demo", "--scale", "20"]);
    let ids = |kind: &str| -> Vec<String> {
        let rows = env.json(&["list", kind, "--json"]);
        let rows = rows.as_array().cloned().unwrap_or_default();
        rows.iter()
            .filter_map(|row| row["id"].as_str().map(str::to_string))
            .collect()
    };
    let (requests, workshops) = (ids("request"), ids("workshop"));
    assert!(requests.len() > 10 && workshops.len() > 10);
    for id in &requests[..3] {
        env.ok(&["rm", "request", id]);
    }
    env.ok(&["rm", "workshop", &workshops[0]]);
    env.ok(&["set", "request", &requests[3], "need=", "data_sources="]);
    env.ok(&["set", "request", &requests[4], "need=zythum"]);
    env.ok(&["set", "workshop", &workshops[1], "notes=", "outputs="]);
    whole_log(&env)
}

#[test]
fn both_paths_index_the_same_texts_after_deletions_and_emptied_fields() {
    let log = edited_demo_log();
    let dir = tempfile::tempdir().unwrap();
    let mut incremental = replica(dir.path(), "incremental");
    let mut bulk = replica(dir.path(), "bulk");
    apply(&mut incremental, &log, BulkMode::Never, None).unwrap();
    apply(&mut bulk, &log, BulkMode::Always, None).unwrap();
    assert_same(&mut incremental, &mut bulk, dir.path(), "edited");
    let conn = rusqlite::Connection::open(dir.path().join("bulk.db")).unwrap();
    let found: i64 = conn
        .query_row(
            "SELECT count(*) FROM request_text WHERE request_text MATCH 'zythum'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(found, 1, "the changed text is indexed, once");
}

#[test]
fn both_paths_end_in_the_same_state_into_a_replica_holding_part_of_it() {
    let log = demo_log("30");
    let (first, rest) = log.split_at(log.len() / 3);
    let dir = tempfile::tempdir().unwrap();
    let mut incremental = replica(dir.path(), "incremental");
    let mut bulk = replica(dir.path(), "bulk");
    for store in [&mut incremental, &mut bulk] {
        apply(store, first, BulkMode::Never, None).unwrap();
    }
    apply(&mut incremental, rest, BulkMode::Never, None).unwrap();
    apply(&mut bulk, rest, BulkMode::Always, None).unwrap();
    assert_same(&mut incremental, &mut bulk, dir.path(), "held part");
    // The whole log again, in bulk: nothing new, nothing changed.
    assert_eq!(apply(&mut bulk, &log, BulkMode::Always, None).unwrap(), 0);
    assert_same(&mut incremental, &mut bulk, dir.path(), "replayed");
}

#[test]
fn a_failure_at_any_step_of_a_bulk_import_leaves_the_database_as_before() {
    let log = demo_log("20");
    let (first, rest) = log.split_at(log.len() / 2);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulk.db");
    let mut store = replica(dir.path(), "bulk");
    apply(&mut store, first, BulkMode::Never, None).unwrap();
    let digest = store.digest().unwrap();
    let before = schema_and_figures(&path);
    let text = text_matches(&path);
    let indexes = kind_indexes(&path);
    for point in FailPoint::ALL {
        let err = apply(&mut store, rest, BulkMode::Always, Some(point)).unwrap_err();
        assert!(
            matches!(err, StoreError::InjectedFault(_)),
            "{point:?}: {err:?}"
        );
        assert_eq!(store.digest().unwrap(), digest, "{point:?}");
        assert_eq!(schema_and_figures(&path), before, "{point:?}");
        assert_eq!(text_matches(&path), text, "{point:?}");
        assert_eq!(kind_indexes(&path), indexes, "{point:?}");
    }
    assert!(apply(&mut store, rest, BulkMode::Always, None).unwrap() > 0);
    assert!(store.check().unwrap().is_ok());
}

/// A region's full bundle (`demo --scale 1000`) and an empty replica that
/// trusts its sender as the lead: well above the bulk threshold relative to
/// what the replica holds (the CLI passes `Auto`).
pub(crate) struct FullBundle {
    pub source: Env,
    pub receiver: Env,
    _dir: tempfile::TempDir,
    pub bundle: PathBuf,
}

impl FullBundle {
    pub fn new() -> FullBundle {
        let source = Env::new();
        source.ok(&["demo", "--scale", "1000"]);
        let dir = tempfile::tempdir().unwrap();
        let card = dir.path().join("src.card");
        let bundle = dir.path().join("full.rb");
        source.ok(&["identity", "export", "--out", card.to_str().unwrap()]);
        source.ok(&["export", "--full", "--out", bundle.to_str().unwrap()]);
        let receiver = Env::new();
        receiver.ok(&["trust", card.to_str().unwrap(), "--as-lead"]);
        FullBundle {
            source,
            receiver,
            _dir: dir,
            bundle,
        }
    }
}

#[test]
fn a_large_bundle_takes_the_bulk_path_through_the_cli_and_checks() {
    let full = FullBundle::new();
    let (source, receiver, bundle) = (&full.source, &full.receiver, &full.bundle);
    let triggers_before = triggers(&receiver.db);
    receiver.ok(&["import", bundle.to_str().unwrap()]);
    let changes = receiver.json(&["status", "--json"])["changes"]
        .as_u64()
        .unwrap();
    assert!(changes >= 20_000, "above the bulk threshold: {changes}");
    assert_eq!(triggers(&receiver.db), triggers_before);
    receiver.ok(&["check"]);
    for kind in ["request", "org", "workshop"] {
        assert_eq!(
            receiver.ok(&["list", kind]),
            source.ok(&["list", kind]),
            "{kind}"
        );
    }
}

/// The distinct records of `log`, counted apart from the store.
fn distinct_records(log: &[Logged]) -> usize {
    log.iter()
        .map(|logged| logged.change.record.as_str())
        .collect::<BTreeSet<_>>()
        .len()
}

fn records_touched(store: &mut Store, log: &[Logged], bulk: BulkMode) -> usize {
    let mut source = log
        .iter()
        .cloned()
        .map(|logged| Ok::<Hashed, StoreError>(Hashed::new(logged)));
    store
        .apply_logged(
            &mut source,
            ApplyOptions {
                bulk,
                expected: Some(log.len() as u64),
                ..ApplyOptions::default()
            },
        )
        .unwrap()
        .records_touched
}

#[test]
fn the_records_touched_are_counted_exactly_on_both_paths() {
    // 11,000 requests of two fields: 22,000 (record, field) pairs, so two
    // flushes of the derivation (20,000 each) and three windows of the
    // tally (4,096 records); then a request in the middle edited fifty
    // times and the first one edited again, after both.
    let mut site = sync_support::Site::new(7, "epn");
    let mut writer = site.store.writer("op").unwrap();
    let mut ids = Vec::new();
    for n in 0..11_000 {
        let id = writer.create(Kind::Request);
        writer
            .set(Kind::Request, &id, "title", Some(&format!("Demande {n}")))
            .unwrap();
        writer
            .set(Kind::Request, &id, "need", Some("Une carte"))
            .unwrap();
        ids.push(id);
    }
    for round in 0..50 {
        let title = format!("Demande revue {round}");
        writer
            .set(Kind::Request, &ids[5_000], "title", Some(&title))
            .unwrap();
    }
    writer
        .set(Kind::Request, &ids[0], "title", Some("Demande 0 (revue)"))
        .unwrap();
    writer.commit().unwrap();
    let log = site.store.logged_since(&BTreeMap::new()).unwrap();
    let records = distinct_records(&log);
    assert!(
        (11_000..11_010).contains(&records),
        "the requests and the site's own records: {records}"
    );
    let (first, rest) = log.split_at(log.len() / 2);
    assert!(rest.iter().any(|logged| logged.change.record == ids[0]));
    for bulk in [BulkMode::Never, BulkMode::Always] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = replica(dir.path(), "whole");
        assert_eq!(records_touched(&mut store, &log, bulk), records, "{bulk:?}");
        // Nothing new: nothing touched.
        assert_eq!(records_touched(&mut store, &log, bulk), 0, "{bulk:?}");
        // Into a replica holding the first half: the records of the rest
        // only, the first request among them.
        let mut half = replica(dir.path(), "half");
        records_touched(&mut half, first, BulkMode::Never);
        assert_eq!(
            records_touched(&mut half, &log, bulk),
            distinct_records(rest),
            "{bulk:?}"
        );
        assert_eq!(store.digest().unwrap(), half.digest().unwrap(), "{bulk:?}");
    }
}

/// Writes `changes` changes on `site`: requests of ten fields each, in
/// commits of one request (as an EPN's days of work).
fn requests(site: &mut sync_support::Site, changes: usize, seed: usize) {
    let mut written = 0;
    let mut n = 0;
    while written < changes {
        n += 1;
        let mut w = site.store.writer("op").unwrap();
        let id = w.create(Kind::Request);
        let title = format!("Demande {seed}-{n}");
        let need = format!("Besoin numéro {n} du site {seed}: carte des lieux et horaires");
        let received = format!("2026-{:02}-{:02}", 1 + n % 12, 1 + n % 28);
        let fields: [(&str, &str); 10] = [
            ("title", &title),
            ("need", &need),
            ("departement", "04"),
            ("category", "map"),
            ("priority", "high"),
            ("status", "new"),
            ("status_reason", "reçue"),
            ("received_on", &received),
            ("licence", "etalab-2.0"),
            ("data_sources", "open data"),
        ];
        for (field, value) in fields {
            w.set(Kind::Request, &id, field, Some(value)).unwrap();
        }
        written += w.commit().unwrap();
    }
}

/// Bench input (bench/import.sh, measure 3; not a timed test): with
/// `RELAIS_BENCH_DIR` set, writes 120 EPN bundles of about 1,000 changes
/// (`epns/eN.rb`, cards `eN.card`) and one EPN's bundle of as many changes
/// in all (`one.rb`, `one.card`).
#[test]
#[ignore]
fn bench_epn_bundles() {
    let Some(dir) = std::env::var_os("RELAIS_BENCH_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(dir.join("epns")).unwrap();
    for (index, name, changes) in (1..=120u8)
        .map(|i| (i, format!("epns/e{i}"), 1_000))
        .chain([(200u8, "one".to_string(), 120_000)])
    {
        let mut site = sync_support::Site::new(index, "epn");
        requests(&mut site, changes, index.into());
        std::fs::write(dir.join(format!("{name}.card")), site.card().to_json()).unwrap();
        site.export(&dir, &format!("{name}.rb"), sync_support::full());
    }
}
