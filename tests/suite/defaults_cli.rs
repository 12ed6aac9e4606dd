//! Defaults and checks that match between the CLI and the forms: a new
//! request takes the site's département, a commune must lie in the record's
//! département, a request is never *Attribuée* without a developer, a status
//! reason is left behind when the status moves on, years and département
//! codes are checked, a missing bundle file is not a refused bundle, and a
//! `--db` into a missing folder creates nothing.

use crate::cli_support;

use cli_support::Env;

#[test]
fn a_new_request_takes_the_sites_departement_unless_given_one() {
    let env = Env::new();
    let plain = env.ok(&["add", "request", "title=Carte"]);
    assert_eq!(
        env.json(&["show", "request", &plain, "--json"])["departement"],
        "04"
    );
    let given = env.ok(&["add", "request", "title=Atlas", "departement=6"]);
    assert_eq!(
        env.json(&["show", "request", &given, "--json"])["departement"],
        "06"
    );
    let time = env.ok(&["add", "developer", "name=Zoé"]);
    let logged = env.ok(&["add", "time", "developer=Zoé", "hours=2"]);
    let entry = env.json(&["show", "time", &logged, "--json"]);
    assert_eq!(entry["date"], "2026-11-26", "today by default: {entry}");
    assert_eq!(entry["developer"], time.as_str());
}

#[test]
fn a_commune_must_lie_in_the_records_departement() {
    let env = Env::new();
    let message = env.refused(&["add", "org", "name=O", "departement=04", "commune=13055"]);
    assert!(message.contains("Marseille"), "{message}");
    assert!(message.contains("04"), "{message}");
    let org = env.ok(&["add", "org", "name=O", "departement=13", "commune=13055"]);
    // Moving the organisation alone would leave its commune behind.
    let message = env.refused(&["set", "org", &org, "departement=84"]);
    assert!(message.contains("Marseille"), "{message}");
    env.ok(&["set", "org", &org, "departement=84", "commune=84007"]);
}

#[test]
fn an_assigned_request_needs_a_developer_and_reasons_do_not_linger() {
    let env = Env::new();
    let request = env.ok(&["add", "request", "title=Carte", "status=qualified"]);
    let message = env.refused(&["set", "request", &request, "status=assigned"]);
    assert!(message.contains("at least one developer"), "{message}");
    assert!(!message.contains("status_reason"), "{message}");
    env.ok(&["add", "developer", "name=Zoé"]);
    env.ok(&[
        "set",
        "request",
        &request,
        "status=abandoned",
        "status_reason=doublon",
    ]);
    env.ok(&[
        "set",
        "request",
        &request,
        "status=qualified",
        "status_reason=rouverte",
    ]);
    let reopened = env.json(&["show", "request", &request, "--json"]);
    assert_eq!(reopened["status_reason"], "rouverte");
    env.ok(&[
        "set",
        "request",
        &request,
        "status=assigned",
        "developers=Zoé",
    ]);
    let assigned = env.json(&["show", "request", &request, "--json"]);
    assert_eq!(assigned["status"], "assigned");
    assert_eq!(
        assigned["status_reason"],
        serde_json::Value::Null,
        "{assigned}"
    );
    // A reason asked for is asked in words, not in command-line syntax.
    let message = env.refused(&["set", "request", &request, "status=abandoned"]);
    assert!(
        message.contains("\"Assigned\" to \"Abandoned\""),
        "{message}"
    );
    assert!(message.contains("\"Reason\""), "{message}");
}

#[test]
fn report_options_are_checked_before_anything_is_computed() {
    let env = Env::new();
    let message = env.refused(&["report", "--year", "26"]);
    assert!(message.contains("four digits"), "{message}");
    let message = env.refused(&["report", "--departement", "99"]);
    assert!(message.contains("INSEE"), "{message}");
    let report = env.json(&["report", "--departement", "4", "--json"]);
    assert!(report.to_string().contains("\"04\""), "{report}");
}

#[test]
fn a_missing_bundle_file_exits_1_and_a_db_in_a_missing_folder_is_refused() {
    let env = Env::new();
    let output = env
        .cmd(&["import", "/nonexistent/relais-x.rb"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("does not exist"), "{message}");
    let dir = tempfile::tempdir().unwrap();
    let astray = dir.path().join("typo").join("relais.db");
    let astray_text = astray.to_str().unwrap();
    for args in [
        vec!["--db", astray_text],
        vec!["--db", astray_text, "status"],
    ] {
        let output = env.cmd(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(
            !dir.path().join("typo").exists(),
            "{args:?} created the folder"
        );
    }
    let message =
        String::from_utf8(env.cmd(&["--db", astray_text]).output().unwrap().stderr).unwrap();
    assert!(message.contains("does not exist"), "{message}");
    // init is the one command that creates the folder.
    env.cmd(&[
        "--db",
        astray_text,
        "init",
        "--name",
        "EPN 2",
        "--departement",
        "05",
    ])
    .assert()
    .success();
    assert!(astray.exists());
}
