//! The store on real temporary files: round trips through a reopen, sets,
//! deletions, history, the consistency check, the batch entry point's
//! atomicity, and how files are opened, created, migrated and refused.

use relais::domain::clock::FixedClock;
use relais::domain::{Change, ChangeId, Kind, Stamp};
use relais::store::{
    ApplyOptions, FailPoint, LocalIdentity, OpenMode, SCHEMA_VERSION, Store, StoreError,
};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const START_MS: i64 = 1_772_442_000_000; // 2026-03-02T09:00:00Z
const SITE: &str = "0123456789abcdef";
const OTHER: &str = "fedcba9876543210";
const APPLICATION_ID: i64 = 0x524C_4149;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(START_MS))
}

fn identity(site: &str) -> LocalIdentity {
    LocalIdentity {
        site: site.into(),
        name: "EPN de Digne".into(),
        departement: "04".into(),
        role: "epn".into(),
    }
}

fn new_store(dir: &Path) -> (Store, PathBuf) {
    let path = dir.join("relais.db");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing, clock()).unwrap();
    store.set_identity(&identity(SITE)).unwrap();
    (store, path)
}

fn reopen(path: &Path) -> Store {
    Store::open(path, OpenMode::MustExist, clock()).unwrap()
}

fn pragma(path: &Path, name: &str) -> i64 {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))
        .unwrap()
}

fn apply(
    store: &mut Store,
    changes: Vec<Change>,
) -> Result<relais::store::ApplyReport, StoreError> {
    let mut iter = changes.into_iter().map(Ok);
    store.apply(&mut iter, ApplyOptions::default())
}

#[test]
fn records_sets_and_deletions_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = new_store(dir.path());
    store.set_local_setting("author", "Anne").unwrap();
    let mut writer = store.writer("Anne").unwrap();
    let developer = writer.create(Kind::Developer);
    writer
        .insert_new(
            Kind::Developer,
            &developer,
            &[
                ("name", "Inès".into()),
                ("availability", "6".into()),
                ("skill.web", "3".into()),
                ("skill.gis", "1".into()),
            ],
        )
        .unwrap();
    let request = writer.create(Kind::Request);
    writer
        .insert_new(Kind::Request, &request, &[("title", "Carte".into())])
        .unwrap();
    let org = writer.create(Kind::Org);
    writer
        .insert_new(Kind::Org, &org, &[("name", "Éphémère".into())])
        .unwrap();
    let written = writer.commit().unwrap();
    assert_eq!(written, 6);

    let mut writer = store.writer("Anne").unwrap();
    assert!(
        writer
            .set(Kind::Developer, &developer, "skill.web", Some("2"))
            .unwrap()
    );
    assert!(
        writer
            .set(Kind::Developer, &developer, "skill.gis", None)
            .unwrap()
    );
    assert!(
        writer
            .set(Kind::Developer, &developer, "skill.ux", Some("1"))
            .unwrap()
    );
    assert!(
        writer
            .set(Kind::Developer, &developer, "availability", None)
            .unwrap()
    );
    assert!(
        !writer
            .set(Kind::Developer, &developer, "name", Some("Inès"))
            .unwrap(),
        "an unchanged value writes nothing"
    );
    assert!(
        writer
            .set(
                Kind::Request,
                &request,
                "developer.".to_string().as_str(),
                Some("1")
            )
            .is_err(),
        "an empty set element is not a field"
    );
    writer
        .set(
            Kind::Request,
            &request,
            &format!("developer.{developer}"),
            Some("1"),
        )
        .unwrap();
    writer.delete(Kind::Org, &org).unwrap();
    writer.commit().unwrap();
    let digest = store.digest().unwrap();
    let vector = store.vector().unwrap();
    let changes = store.change_count().unwrap();
    assert!(store.check().unwrap().is_ok());
    drop(store);

    let mut store = reopen(&path);
    assert_eq!(store.identity().unwrap(), Some(identity(SITE)));
    assert_eq!(
        store.local_setting("author").unwrap().as_deref(),
        Some("Anne")
    );
    assert_eq!(store.digest().unwrap(), digest);
    assert_eq!(store.vector().unwrap(), vector);
    assert_eq!(store.change_count().unwrap(), changes);
    assert_eq!(vector.len(), 1);
    assert_eq!(vector[0].site, SITE);
    assert_eq!(vector[0].contiguous, changes);
    assert!(store.check().unwrap().is_ok());

    let shown = store.record(Kind::Developer, &developer).unwrap().unwrap();
    assert_eq!(shown.get("name"), Some("Inès"));
    assert_eq!(shown.get("availability"), None);
    let skills: Vec<(&str, &str)> = shown.sets["skills"]
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(skills, [("ux", "1"), ("web", "2")]);
    let shown = store.record(Kind::Request, &request).unwrap().unwrap();
    assert!(shown.sets["developers"].contains_key(&developer));
    let gone = store.record(Kind::Org, &org).unwrap().unwrap();
    assert!(gone.deleted);
    assert_eq!(gone.get("name"), Some("Éphémère"));
    assert!(store.list(Kind::Org).unwrap().is_empty());
    let counts: Vec<(Kind, u64)> = store.counts().unwrap();
    assert!(counts.contains(&(Kind::Org, 0)));
    assert!(counts.contains(&(Kind::Developer, 1)));
    // Tails resolve after a reopen.
    assert_eq!(
        store
            .resolve_id(Kind::Developer, &developer[developer.len() - 6..])
            .unwrap(),
        developer
    );

    // History: old → new values, oldest first, with site and author.
    let history = store.history(&developer).unwrap();
    let web: Vec<(Option<&str>, Option<&str>)> = history
        .iter()
        .filter(|entry| entry.field == "skill.web")
        .map(|entry| (entry.old.as_deref(), entry.new.as_deref()))
        .collect();
    assert_eq!(web, [(None, Some("3")), (Some("3"), Some("2"))]);
    let gis: Vec<(Option<&str>, Option<&str>)> = history
        .iter()
        .filter(|entry| entry.field == "skill.gis")
        .map(|entry| (entry.old.as_deref(), entry.new.as_deref()))
        .collect();
    assert_eq!(gis, [(None, Some("1")), (Some("1"), None)]);
    assert!(history.iter().all(|entry| entry.author == "Anne"));
    assert!(history.iter().all(|entry| entry.change.site == SITE));
    assert!(history.windows(2).all(|pair| pair[0].stamp < pair[1].stamp));
    let org_history = store.history(&org).unwrap();
    assert_eq!(org_history.last().unwrap().field, "deleted");
    assert_eq!(org_history.last().unwrap().new.as_deref(), Some("1"));
}

#[test]
fn an_uncommitted_writer_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = new_store(dir.path());
    let digest = store.digest().unwrap();
    {
        let mut writer = store.writer("Anne").unwrap();
        let id = writer.create(Kind::Org);
        writer
            .insert_new(Kind::Org, &id, &[("name", "Fantôme".into())])
            .unwrap();
        // dropped without commit
    }
    assert_eq!(store.digest().unwrap(), digest);
    drop(store);
    let store = reopen(&path);
    assert_eq!(store.digest().unwrap(), digest);
    assert_eq!(store.change_count().unwrap(), 0);
    assert!(store.all_changes().unwrap().is_empty());
}

/// The kept figures count a record row when it is inserted; a second
/// `insert_new` of the same id would replace the row under them. It is
/// refused, and the transaction leaves nothing.
#[test]
fn a_record_created_twice_is_refused_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _path) = new_store(dir.path());
    let mut writer = store.writer("Anne").unwrap();
    let id = writer.create(Kind::Request);
    writer
        .insert_new(
            Kind::Request,
            &id,
            &[("title", "Carte".into()), ("status", "new".into())],
        )
        .unwrap();
    writer.commit().unwrap();
    let digest = store.digest().unwrap();
    let changes = store.change_count().unwrap();
    {
        let mut writer = store.writer("Anne").unwrap();
        writer.create_with_id(Kind::Request, &id);
        let again = writer.insert_new(
            Kind::Request,
            &id,
            &[("title", "Autre".into()), ("status", "done".into())],
        );
        assert!(again.is_err(), "a second row for {id} was accepted");
    }
    assert_eq!(store.digest().unwrap(), digest);
    assert_eq!(store.digest_from_scratch().unwrap(), digest);
    assert_eq!(store.change_count().unwrap(), changes);
    let record = store.record(Kind::Request, &id).unwrap().unwrap();
    assert_eq!(record.get("title"), Some("Carte"));
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn writing_needs_an_identity_and_init_happens_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    let mut store = Store::open(&path, OpenMode::CreateIfMissing, clock()).unwrap();
    assert!(matches!(
        store.writer("Anne").err(),
        Some(StoreError::NotInitialised(_))
    ));
    store.set_identity(&identity(SITE)).unwrap();
    assert!(matches!(
        store.set_identity(&identity(OTHER)),
        Err(StoreError::AlreadyInitialised(_))
    ));
    assert_eq!(store.identity().unwrap().unwrap().site, SITE);
}

fn remote_changes() -> Vec<Change> {
    let other_clock = clock();
    let mut other = Store::open_in_memory(other_clock).unwrap();
    other.set_identity(&identity(OTHER)).unwrap();
    let mut writer = other.writer("Bruno").unwrap();
    for title in ["Un", "Deux", "Trois"] {
        let id = writer.create(Kind::Request);
        writer
            .insert_new(
                Kind::Request,
                &id,
                &[("title", title.into()), ("skill.web", "1".into())],
            )
            .unwrap();
    }
    writer.commit().unwrap();
    other.all_changes().unwrap()
}

#[test]
fn a_fault_at_any_step_of_an_import_leaves_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, path) = new_store(dir.path());
    let mut writer = store.writer("Anne").unwrap();
    let id = writer.create(Kind::Org);
    writer
        .insert_new(Kind::Org, &id, &[("name", "Locale".into())])
        .unwrap();
    writer.commit().unwrap();
    let digest = store.digest().unwrap();
    let log = store.all_changes().unwrap();
    let vector = store.vector().unwrap();
    let batch = remote_changes();
    for point in FailPoint::ALL {
        let mut iter = batch.clone().into_iter().map(Ok);
        let result = store.apply(
            &mut iter,
            ApplyOptions {
                fail_at: Some(point),
                ..ApplyOptions::default()
            },
        );
        assert!(
            matches!(result, Err(StoreError::InjectedFault(_))),
            "{point:?}: {result:?}"
        );
        assert_eq!(store.digest().unwrap(), digest, "{point:?}");
        assert_eq!(store.all_changes().unwrap(), log, "{point:?}");
        assert_eq!(store.vector().unwrap(), vector, "{point:?}");
    }
    // An error from the source midway rolls back too.
    let mut iter = batch
        .clone()
        .into_iter()
        .map(Ok)
        .chain(std::iter::once(Err(StoreError::Busy)));
    assert!(store.apply(&mut iter, ApplyOptions::default()).is_err());
    assert_eq!(store.digest().unwrap(), digest);
    drop(store);
    let mut store = reopen(&path);
    assert_eq!(store.digest().unwrap(), digest);
    assert!(store.check().unwrap().is_ok());
    // And the same batch then goes through.
    let report = apply(&mut store, batch.clone()).unwrap();
    assert_eq!(report.new_changes, batch.len());
    assert_eq!(report.records_touched, 3);
    assert_eq!(store.list(Kind::Request).unwrap().len(), 3);
    assert!(store.check().unwrap().is_ok());
    let other = store
        .vector()
        .unwrap()
        .into_iter()
        .find(|entry| entry.site == OTHER)
        .unwrap();
    assert_eq!(other.contiguous, batch.len() as u64);
}

#[test]
fn malformed_changes_are_refused_and_nothing_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _path) = new_store(dir.path());
    let digest = store.digest().unwrap();
    let good = remote_changes();
    let mut variants: Vec<Change> = Vec::new();
    let mut bad = good[0].clone();
    bad.field = "colour".into();
    variants.push(bad);
    let mut bad = good[0].clone();
    bad.id = ChangeId::new("NOT-A-SITE", 1);
    variants.push(bad);
    let mut bad = good[0].clone();
    bad.record = "bad id; DROP TABLE org".into();
    variants.push(bad);
    let mut bad = good[0].clone();
    bad.value = Some("x".repeat(70 * 1024));
    variants.push(bad);
    let mut bad = good[0].clone();
    bad.stamp = Stamp(u64::MAX);
    variants.push(bad);
    for bad in variants {
        let mut batch = good.clone();
        batch.push(bad.clone());
        let result = apply(&mut store, batch);
        assert!(
            matches!(result, Err(StoreError::MalformedChange { .. })),
            "{bad:?}: {result:?}"
        );
        assert_eq!(store.digest().unwrap(), digest);
        assert_eq!(store.change_count().unwrap(), 0);
    }
}

#[test]
fn a_change_from_a_clock_far_ahead_is_kept_but_does_not_drag_ours() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _path) = new_store(dir.path());
    let mut batch = remote_changes();
    let future = Stamp::from_parts(START_MS + 3_650 * 86_400_000, 0);
    for change in batch.iter_mut() {
        change.stamp = future;
    }
    let report = apply(&mut store, batch).unwrap();
    assert!(report.skewed_sites.contains(OTHER), "{report:?}");
    let mut writer = store.writer("Anne").unwrap();
    let id = writer.create(Kind::Org);
    writer
        .insert_new(Kind::Org, &id, &[("name", "Ici".into())])
        .unwrap();
    writer.commit().unwrap();
    let ours = store
        .all_changes()
        .unwrap()
        .into_iter()
        .find(|change| change.id.site == SITE)
        .unwrap();
    assert!(
        ours.stamp.wall_ms() < START_MS + 86_400_000,
        "our clock jumped to {}",
        ours.stamp.wall_ms()
    );
    // Yet an edit of a future value is stamped after it, so it replaces it.
    let request = store.list(Kind::Request).unwrap()[0].id.clone();
    let mut writer = store.writer("Anne").unwrap();
    writer
        .set(Kind::Request, &request, "title", Some("Corrigé"))
        .unwrap();
    writer.commit().unwrap();
    let shown = store.record(Kind::Request, &request).unwrap().unwrap();
    assert_eq!(shown.get("title"), Some("Corrigé"));
    assert!(store.conflicts().unwrap().is_empty());
    assert!(store.check().unwrap().is_ok());
}

// ---------------------------------------------------------------------------
// Opening, creating, migrating, refusing.

#[test]
fn a_new_file_is_private_and_at_the_latest_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/relais.db");
    drop(Store::open(&path, OpenMode::CreateIfMissing, clock()).unwrap());
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert_eq!(pragma(&path, "user_version"), SCHEMA_VERSION);
    assert_eq!(pragma(&path, "application_id"), APPLICATION_ID);
    let journal: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    // Reopening a current file migrates nothing and backs nothing up.
    let bytes = std::fs::read(&path).unwrap();
    drop(reopen(&path));
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["relais.db"], "no backup, no leftover files");
}

#[test]
fn missing_files_and_directories_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.db");
    assert!(matches!(
        Store::open(&path, OpenMode::MustExist, clock()).err(),
        Some(StoreError::Missing(_))
    ));
    assert!(!path.exists());
    assert!(matches!(
        Store::open(dir.path(), OpenMode::CreateIfMissing, clock()).err(),
        Some(StoreError::IsDirectory(_))
    ));
}

fn assert_refused_untouched(path: &Path, expected: fn(&StoreError) -> bool) {
    let bytes = std::fs::read(path).unwrap();
    for mode in [OpenMode::MustExist, OpenMode::CreateIfMissing] {
        match Store::open(path, mode, clock()) {
            Err(err) => assert!(expected(&err), "unexpected error {err:?}"),
            Ok(_) => panic!("{} was opened", path.display()),
        }
        assert_eq!(std::fs::read(path).unwrap(), bytes, "the file changed");
    }
    let names: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "files left beside it: {names:?}");
}

#[test]
fn a_database_from_a_newer_relais_is_refused_byte_for_byte_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (store, path) = new_store(dir.path());
    drop(store);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    assert_refused_untouched(&path, |err| {
        matches!(
            err,
            StoreError::Newer {
                found: 99,
                known: SCHEMA_VERSION,
                ..
            }
        )
    });
}

#[test]
fn files_that_are_not_relais_databases_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    std::fs::write(
        &path,
        (0..50_000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert_refused_untouched(&path, |err| matches!(err, StoreError::NotRelais(_)));

    std::fs::remove_file(&path).unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE notes(x); INSERT INTO notes VALUES (1);")
        .unwrap();
    assert_refused_untouched(&path, |err| matches!(err, StoreError::NotRelais(_)));

    std::fs::remove_file(&path).unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA application_id = 42; PRAGMA user_version = 1;")
        .unwrap();
    assert_refused_untouched(&path, |err| matches!(err, StoreError::NotRelais(_)));
}

#[test]
fn an_empty_file_is_not_silently_turned_into_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let clock: std::sync::Arc<dyn relais::domain::clock::Clock> =
        std::sync::Arc::new(relais::domain::clock::FixedClock::new(0));
    let result = relais::store::Store::open(&path, relais::store::OpenMode::MustExist, clock);
    assert!(matches!(
        result,
        Err(relais::store::StoreError::NotRelais(_))
    ));
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        0,
        "the file was written to"
    );
}

#[test]
fn an_older_database_is_backed_up_then_migrated_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // A version-1 file as the first release wrote it, with one change.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(include_str!("../../src/store/schema.sql"))
        .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA user_version = 1; PRAGMA application_id = {APPLICATION_ID};
         INSERT INTO meta(key, value) VALUES ('site_id', '0123456789abcdef'), ('site_name', 'EPN'),
             ('site_departement', '04'), ('site_role', 'epn');
         INSERT INTO org(id, name) VALUES ('r1', 'PNR');"
    ))
    .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    let store = reopen(&path);
    assert_eq!(pragma(&path, "user_version"), SCHEMA_VERSION);
    assert_eq!(
        store.record(Kind::Org, "r1").unwrap().unwrap().label(),
        "PNR"
    );
    drop(store);
    let backup = dir.path().join("old.db.v1.backup");
    assert!(backup.exists(), "no backup taken before migrating");
    let backup_conn = rusqlite::Connection::open(&backup).unwrap();
    let version: i64 = backup_conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1, "the backup holds the old version");
    let name: String = backup_conn
        .query_row("SELECT name FROM org WHERE id = 'r1'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "PNR");
    assert_ne!(std::fs::read(&path).unwrap(), before);
}

/// The report's hours per request and per workshop break a tie by the
/// record id, as when the references were stored as id text: keys (v29)
/// are given in the order ids are first seen, here the reverse of theirs.
#[test]
fn hours_tied_between_records_are_ordered_by_id_not_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_store(dir.path());
    let mut writer = store.writer("Anne").unwrap();
    for (kind, id, title) in [
        (Kind::Request, "zzzzzz-request", "Seen first"),
        (Kind::Request, "aaaaaa-request", "Named first"),
        (Kind::Workshop, "zzzzzz-workshop", "Seen first"),
        (Kind::Workshop, "aaaaaa-workshop", "Named first"),
    ] {
        writer.create_with_id(kind, id);
        let mut fields = vec![("title", title.to_string())];
        if kind == Kind::Workshop {
            fields.push(("date", "2026-05-01".to_string()));
        }
        writer.insert_new(kind, id, &fields).unwrap();
    }
    for (column, target) in [
        ("request", "zzzzzz-request"),
        ("request", "aaaaaa-request"),
        ("workshop", "zzzzzz-workshop"),
        ("workshop", "aaaaaa-workshop"),
    ] {
        let entry = writer.create(Kind::Time);
        let fields = [
            ("developer", "someone".to_string()),
            (column, target.to_string()),
            ("date", "2026-05-02".to_string()),
            ("hours", "3".to_string()),
        ];
        writer.insert_new(Kind::Time, &entry, &fields).unwrap();
    }
    writer.commit().unwrap();
    let requests = store.hours_by_request(2026, None, 1).unwrap();
    let workshops = store.hours_by_workshop(2026, None, 1).unwrap();
    assert_eq!(requests[0].title, "Named first");
    assert_eq!(workshops[0].title, "Named first");
    assert!(store.check().unwrap().is_ok());
}
