//! References to a merged record that the merge did not re-point: one made
//! on another site while the merge was made, one held by a deleted record,
//! one through a chain of merges, one caught in a cycle of merges. Each reads
//! as the record kept (`App::show`, `relais show`), on every replica, with no
//! conflict and no extra change; removing the kept developer removes what
//! stands for it. And `relais merge` by names, with one-line refusals (exit
//! 1) that leave the database as it was (same digest).

use crate::cli_support;
use crate::tui_support;

use cli_support::Env;
use relais::app::{App, Assignment, Config};
use relais::domain::{DELETED_FIELD, Kind};
use std::path::Path;
use tui_support::{a, clock, send, site};

fn open(path: &Path) -> App {
    App::open(path, Config::default(), clock()).unwrap()
}

/// Two sites holding the same two organisations and two developers.
struct Pair {
    _dir: tempfile::TempDir,
    one: App,
    two: App,
    keep_org: String,
    other_org: String,
    keep_dev: String,
    other_dev: String,
}

fn pair() -> Pair {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("one.db"), dir.path().join("two.db"));
    site(&first, "Coordination", "13", "regional", "Léa");
    site(&second, "EPN de Digne", "04", "epn", "Camille");
    let mut one = open(&first);
    let mut two = open(&second);
    let keep_org = one
        .add(Kind::Org, &[a("name", "Mairie de Forcalquier")])
        .unwrap();
    let other_org = one
        .add(Kind::Org, &[a("name", "Ville de Forcalquier")])
        .unwrap();
    let keep_dev = one
        .add(Kind::Developer, &[a("name", "Zoé Martin")])
        .unwrap();
    let other_dev = one
        .add(Kind::Developer, &[a("name", "Zoe Martin")])
        .unwrap();
    send(one.test_store(), two.test_store_mut(), &|_| false);
    Pair {
        _dir: dir,
        one,
        two,
        keep_org,
        other_org,
        keep_dev,
        other_dev,
    }
}

fn sync(pair: &mut Pair) {
    send(pair.one.test_store(), pair.two.test_store_mut(), &|_| false);
    send(pair.two.test_store(), pair.one.test_store_mut(), &|_| false);
}

#[test]
fn references_made_elsewhere_during_a_merge_read_as_the_kept_record() {
    let mut pair = pair();
    // Site two refers to the other records while site one merges them.
    let request = pair
        .two
        .add(
            Kind::Request,
            &[
                a("title", "Carte des fontaines"),
                a("organisation", &pair.other_org),
            ],
        )
        .unwrap();
    pair.two.assign(&request, &pair.other_dev).unwrap();
    let time = pair
        .two
        .add(
            Kind::Time,
            &[
                a("developer", &pair.other_dev),
                a("date", "2026-11-20"),
                a("hours", "2"),
            ],
        )
        .unwrap();
    let merged = pair
        .one
        .merge(Kind::Org, &pair.keep_org, &pair.other_org)
        .unwrap();
    assert_eq!(merged.repointed, 0, "site one never saw the request");
    pair.one
        .merge(Kind::Developer, &pair.keep_dev, &pair.other_dev)
        .unwrap();
    sync(&mut pair);

    let digest = pair.one.test_store().digest().unwrap();
    assert_eq!(pair.two.test_store().digest().unwrap(), digest);
    for app in [&pair.one, &pair.two] {
        let shown = app.show(Kind::Request, &request).unwrap();
        assert_eq!(shown.get("organisation"), Some(pair.keep_org.as_str()));
        let developers: Vec<&String> = shown.sets["developers"].keys().collect();
        assert_eq!(developers, vec![&pair.keep_dev]);
        let shown = app.show(Kind::Time, &time).unwrap();
        assert_eq!(shown.get("developer"), Some(pair.keep_dev.as_str()));
        assert!(
            app.test_store()
                .conflicting_fields(&request)
                .unwrap()
                .is_empty(),
            "no conflict to review"
        );
    }
    // The log still says what site two wrote: nothing was re-written.
    let raw = pair
        .one
        .test_store()
        .record(Kind::Request, &request)
        .unwrap()
        .unwrap();
    assert_eq!(raw.get("organisation"), Some(pair.other_org.as_str()));

    // Removing the kept developer removes the element that stands for her.
    pair.one
        .set(
            Kind::Request,
            &request,
            &[Assignment::parse(&format!("developers-={}", pair.keep_dev)).unwrap()],
        )
        .unwrap();
    let shown = pair.one.show(Kind::Request, &request).unwrap();
    assert!(
        shown
            .sets
            .get("developers")
            .is_none_or(|set| set.is_empty()),
        "{shown:?}"
    );
}

#[test]
fn a_deleted_record_is_not_re_pointed_and_reads_the_kept_one_once_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("relais.db");
    site(&path, "EPN de Digne", "04", "epn", "Camille");
    let mut app = open(&path);
    let keep = app.add(Kind::Org, &[a("name", "Mairie")]).unwrap();
    let middle = app.add(Kind::Org, &[a("name", "Ville")]).unwrap();
    let other = app.add(Kind::Org, &[a("name", "Commune")]).unwrap();
    let request = app
        .add(
            Kind::Request,
            &[a("title", "Atlas"), a("organisation", &other)],
        )
        .unwrap();
    app.remove(Kind::Request, &request).unwrap();
    // A chain: other → middle → keep.
    let outcome = app.merge(Kind::Org, &middle, &other).unwrap();
    assert_eq!(outcome.repointed, 0, "the deleted request is left alone");
    app.merge(Kind::Org, &keep, &middle).unwrap();
    assert!(
        app.test_store()
            .conflicting_fields(&request)
            .unwrap()
            .is_empty(),
        "no edit-versus-deletion conflict on the deleted request"
    );
    // Restoring it (a change on `deleted` whose parent is the deletion).
    let mut writer = app.test_store_mut().writer("Camille").unwrap();
    writer
        .set(Kind::Request, &request, DELETED_FIELD, Some("0"))
        .unwrap();
    writer.commit().unwrap();
    let shown = app.show(Kind::Request, &request).unwrap();
    assert!(!shown.deleted);
    assert_eq!(shown.get("organisation"), Some(keep.as_str()));
}

#[test]
fn a_cycle_of_merges_leaves_the_reference_as_written() {
    let mut pair = pair();
    let request = pair
        .one
        .add(
            Kind::Request,
            &[a("title", "Atlas"), a("organisation", &pair.other_org)],
        )
        .unwrap();
    send(pair.one.test_store(), pair.two.test_store_mut(), &|_| false);
    // Each site merges the other way round at the same time.
    pair.one
        .merge(Kind::Org, &pair.keep_org, &pair.other_org)
        .unwrap();
    pair.two
        .merge(Kind::Org, &pair.other_org, &pair.keep_org)
        .unwrap();
    sync(&mut pair);
    assert_eq!(
        pair.one.test_store().digest().unwrap(),
        pair.two.test_store().digest().unwrap()
    );
    let one = pair.one.show(Kind::Request, &request).unwrap();
    let two = pair.two.show(Kind::Request, &request).unwrap();
    assert_eq!(one, two);
    assert_eq!(
        one.get("organisation"),
        Some(pair.keep_org.as_str()),
        "site one's re-pointing, read as written"
    );
}

fn digest(env: &Env) -> String {
    env.json(&["status", "--json"])["digest"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn merge_takes_names_and_refuses_in_one_line_without_writing() {
    let env = Env::new();
    let keep = env.ok(&["add", "org", "name=Mairie de Forcalquier"]);
    let other = env.ok(&["add", "org", "name=Ville de Forcalquier"]);
    let developer = env.ok(&["add", "developer", "name=Zoé Martin"]);
    let gone = env.ok(&["add", "org", "name=Ancienne association"]);
    env.ok(&["rm", "org", &gone]);
    env.ok(&[
        "add",
        "request",
        "title=Carte",
        "organisation=Ville de Forcalquier",
    ]);

    let before = digest(&env);
    let refusals: [(&[&str], &str); 5] = [
        (
            &["merge", "org", "Mairie de Forcalquier", &keep],
            "cannot be merged into itself",
        ),
        (
            &["merge", "org", "Mairie de Forcalquier", &developer],
            "is a developer, not a org",
        ),
        (&["merge", "org", "Mairie de Forcalquier", &gone], "deleted"),
        (
            &["merge", "org", "Mairie de Forcalquier", "Personne"],
            "no org matches \"personne\"",
        ),
        (
            &["merge", "org", "Forcalquier", "Ville de Forcalquier"],
            "Mairie de Forcalquier",
        ),
    ];
    for (args, says) in refusals {
        let stderr = env.refused(args);
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert_eq!(digest(&env), before, "{args:?} changed the database");
    }

    let outcome = env.json(&[
        "merge",
        "org",
        "Mairie de Forcalquier",
        "ville de forcalquier",
        "--json",
    ]);
    assert_eq!(outcome["keep"], keep.as_str());
    assert_eq!(outcome["other"], other.as_str());
    assert_eq!(outcome["repointed_by_kind"][0]["kind"], "request");
    assert_eq!(outcome["repointed_by_kind"][0]["count"], 1);

    // Merging it again: it was merged already, and into whom.
    let before = digest(&env);
    let stderr = env.refused(&["--lang", "fr", "merge", "org", &keep, &other]);
    assert!(
        stderr.contains(
            "« Ville de Forcalquier » a déjà été fusionnée dans « Mairie de Forcalquier »"
        ),
        "{stderr}"
    );
    assert_eq!(digest(&env), before);
}
