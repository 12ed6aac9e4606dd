//! Batched imports (issue 13 item 2): many bundles in one `relais import`
//! (a bad one refused alone, exit 3, the good ones landed), the same state
//! whatever the batches and order the changes arrive in, and a record first
//! seen and edited within one batch derived as its last edit says.

use crate::sync_support;

use relais::domain::{Change, Kind};
use relais::store::{ApplyOptions, StoreError};
use serde_json::Value;
use std::path::{Path, PathBuf};
use sync_support::Site;

/// Runs `relais` on `db` of the region folder `dir`.
fn relais(dir: &Path, db: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    assert_cmd::Command::cargo_bin("relais")
        .unwrap()
        .env("RELAIS_DB", dir.join(format!("{db}.db")))
        .env("RELAIS_CONFIG", dir.join("config.toml"))
        .env("RELAIS_NOW", "2026-03-02T10:00:00Z")
        .env("LANG", "en_GB.UTF-8")
        .env_remove("LANGUAGE")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .assert()
}

fn ok(dir: &Path, db: &str, args: &[&str]) -> String {
    let out = relais(dir, db, args).success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

fn status(dir: &Path, db: &str) -> Value {
    serde_json::from_str(&ok(dir, db, &["status", "--json"])).unwrap()
}

/// A lead `L` and EPNs `A`, `B`, `C` enrolled by it; each EPN adds a
/// request and exports its bundle for the lead.
fn region(dir: &Path) -> Vec<PathBuf> {
    ok(
        dir,
        "L",
        &[
            "init",
            "--name",
            "Coordination",
            "--departement",
            "13",
            "--role",
            "regional",
            "--author",
            "Léa",
        ],
    );
    let mut bundles = Vec::new();
    for (name, title) in [
        ("A", "Carte des lieux"),
        ("B", "Annuaire"),
        ("C", "Horaires"),
    ] {
        let epn = format!("EPN {name}");
        ok(
            dir,
            name,
            &[
                "init",
                "--name",
                &epn,
                "--departement",
                "04",
                "--author",
                name,
            ],
        );
        let card = dir.join(format!("{name}.card"));
        ok(
            dir,
            name,
            &["identity", "export", "--out", &card.display().to_string()],
        );
        ok(dir, "L", &["trust", &card.display().to_string()]);
        ok(dir, name, &["add", "request", &format!("title={title}")]);
        ok(
            dir,
            name,
            &["add", "developer", &format!("name=Dev {name}")],
        );
        let bundle = dir.join(format!("{name}.rb"));
        ok(
            dir,
            name,
            &["export", "--out", &bundle.display().to_string()],
        );
        bundles.push(bundle);
    }
    bundles
}

fn site_id(dir: &Path, db: &str) -> String {
    status(dir, db)["site"]["id"].as_str().unwrap().to_string()
}

#[test]
fn many_bundles_in_one_command_a_bad_one_refused_alone() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let bundles = region(dir);
    // B's bundle is damaged in its payload: its hash no longer matches.
    let mut bytes = std::fs::read(&bundles[1]).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(&bundles[1], bytes).unwrap();
    let paths: Vec<String> = bundles.iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["import"];
    args.extend(paths.iter().map(String::as_str));
    let out = relais(dir, "L", &args).code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(
        stderr.lines().count(),
        1,
        "one line for the one bad bundle: {stderr}"
    );
    assert!(stderr.contains("B.rb"), "{stderr}");

    // The lead holds exactly A's and C's changes, not B's.
    let vector = &status(dir, "L")["vector"];
    let held = |db: &str| vector.get(site_id(dir, db)).and_then(Value::as_u64);
    assert!(held("A").is_some_and(|n| n > 0));
    assert!(held("C").is_some_and(|n| n > 0));
    assert_eq!(held("B"), None);
    let titles = ok(dir, "L", &["list", "request"]);
    assert!(titles.contains("Carte des lieux") && titles.contains("Horaires"));
    assert!(!titles.contains("Annuaire"));

    // The same records as a lead that imported the two good bundles one
    // by one (another region: other ids, so counts rather than digests).
    let fresh = dir.join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    let again = region(&fresh);
    ok(&fresh, "L", &["import", &again[0].display().to_string()]);
    ok(&fresh, "L", &["import", &again[2].display().to_string()]);
    let one_by_one = status(&fresh, "L");
    assert_eq!(one_by_one["counts"], status(dir, "L")["counts"]);
    ok(dir, "L", &["check"]);
}

/// Changes of two sites that edit the same record concurrently, delete
/// another, and each make several fields and set elements.
fn concurrent_changes() -> Vec<Change> {
    let (mut lead, mut sites) = sync_support::region(2);
    let dir = tempfile::tempdir().unwrap();
    let (a, rest) = sites.split_first_mut().unwrap();
    let b = &mut rest[0];
    let shared;
    {
        let mut w = a.store.writer("ana").unwrap();
        shared = w.create(Kind::Request);
        w.set(Kind::Request, &shared, "title", Some("Carte"))
            .unwrap();
        w.set(Kind::Request, &shared, "need", Some("Un besoin"))
            .unwrap();
        let gone = w.create(Kind::Developer);
        w.set(Kind::Developer, &gone, "name", Some("Zoé")).unwrap();
        w.set(Kind::Developer, &gone, "skill.web", Some("3"))
            .unwrap();
        w.commit().unwrap();
    }
    let bundle = a.export(dir.path(), "a.rb", sync_support::to(&lead.id));
    lead.import(&bundle).unwrap();
    let relay = lead.export(dir.path(), "l.rb", sync_support::to(&b.id));
    b.import(&relay).unwrap();
    {
        let mut w = a.store.writer("ana").unwrap();
        w.set(Kind::Request, &shared, "title", Some("Carte A"))
            .unwrap();
        w.commit().unwrap();
    }
    {
        let mut w = b.store.writer("bob").unwrap();
        w.set(Kind::Request, &shared, "title", Some("Carte B"))
            .unwrap();
        w.delete(Kind::Request, &shared).unwrap();
        let other = w.create(Kind::Org);
        w.set(Kind::Org, &other, "name", Some("Mairie")).unwrap();
        w.commit().unwrap();
    }
    let mut changes = a.store.all_changes().unwrap();
    changes.extend(b.store.all_changes().unwrap());
    changes
}

/// A fresh lead applying `changes` in batches of `size`.
fn applied_in_batches(changes: &[Change], size: usize) -> Site {
    let mut target = Site::new(9, "regional");
    for batch in changes.chunks(size) {
        let mut source = batch.iter().cloned().map(Ok::<Change, StoreError>);
        target
            .store
            .apply(&mut source, ApplyOptions::default())
            .unwrap();
    }
    target
}

#[test]
fn the_same_state_whatever_the_batches_and_the_order() {
    let changes = concurrent_changes();
    let reference = applied_in_batches(&changes, changes.len());
    let digest = reference.digest();
    let conflicts = reference.conflict_set();
    assert!(!conflicts.is_empty(), "the scenario makes conflicts");
    let mut reversed = changes.clone();
    reversed.reverse();
    let mut interleaved: Vec<Change> = changes.iter().step_by(2).cloned().collect();
    interleaved.extend(changes.iter().skip(1).step_by(2).cloned());
    for (name, order) in [
        ("given", &changes),
        ("reversed", &reversed),
        ("interleaved", &interleaved),
    ] {
        for size in [1, 2, 3, 7, order.len()] {
            let mut site = applied_in_batches(order, size);
            assert_eq!(site.digest(), digest, "{name} order, batches of {size}");
            assert_eq!(
                site.conflict_set(),
                conflicts,
                "{name} order, batches of {size}"
            );
            assert!(
                site.store.check().unwrap().is_ok(),
                "{name} order, batches of {size}"
            );
        }
    }
    // Applying everything twice more changes nothing.
    let mut twice = applied_in_batches(&changes, 4);
    let mut source = changes.iter().cloned().map(Ok::<Change, StoreError>);
    let report = twice
        .store
        .apply(&mut source, ApplyOptions::default())
        .unwrap();
    assert_eq!(report.new_changes, 0);
    assert_eq!(twice.digest(), digest);
}

#[test]
fn a_record_first_seen_and_edited_within_one_batch() {
    let (mut lead, mut sites) = sync_support::region(1);
    let dir = tempfile::tempdir().unwrap();
    let epn = &mut sites[0];
    let record;
    {
        let mut w = epn.store.writer("ana").unwrap();
        record = w.create(Kind::Request);
        w.set(Kind::Request, &record, "title", Some("Premier titre"))
            .unwrap();
        w.set(Kind::Request, &record, "need", Some("Premier besoin"))
            .unwrap();
        w.commit().unwrap();
    }
    for title in ["Deuxième titre", "Titre final"] {
        let mut w = epn.store.writer("ana").unwrap();
        w.set(Kind::Request, &record, "title", Some(title)).unwrap();
        w.commit().unwrap();
    }
    {
        let mut w = epn.store.writer("ana").unwrap();
        w.set(Kind::Request, &record, "need", None).unwrap();
        w.commit().unwrap();
    }
    let bundle = epn.export(dir.path(), "e.rb", sync_support::to(&lead.id));
    let outcome = lead.import(&bundle).unwrap();
    assert!(outcome.report.new_changes >= 5);
    assert_eq!(outcome.report.new_conflicts, 0);
    let row = lead.store.record(Kind::Request, &record).unwrap().unwrap();
    assert_eq!(row.get("title"), Some("Titre final"));
    assert_eq!(row.get("need"), None);
    assert_eq!(
        row.get("title"),
        epn.store
            .record(Kind::Request, &record)
            .unwrap()
            .unwrap()
            .get("title")
    );
    assert!(lead.conflict_set().is_empty());
    assert!(lead.store.check().unwrap().is_ok());
}
