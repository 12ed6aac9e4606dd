//! `relais duplicates`, `relais merge` and the look-alike check of `relais
//! add` through the real binary: each reason found, references re-pointed,
//! the other record retired with `merged_into`, `check` clean afterwards,
//! and clear one-line refusals (exit 1).

use serde_json::Value;

use crate::cli_support::Env;

fn reasons(pair: &Value) -> Vec<&str> {
    pair["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|reason| reason.as_str().unwrap())
        .collect()
}

#[test]
fn duplicates_lists_each_reason_and_leaves_unrelated_records_alone() {
    let env = Env::new();
    let mairie = env.ok(&[
        "add",
        "org",
        "name=Mairie de Forcalquier",
        "siret=21040088100015",
        "departement=04",
    ]);
    let ville = env.ok(&[
        "add",
        "org",
        "name=Ville de Forcalquier",
        "siret=21040088100015",
        "departement=04",
        "--force",
    ]);
    env.ok(&["add", "org", "name=Écomusée de la Crau", "departement=13"]);
    env.ok(&[
        "add",
        "org",
        "name=Ecomusee Crau",
        "departement=13",
        "--force",
    ]);
    env.ok(&["add", "org", "name=Ecomusée de la Crau", "departement=84"]);
    env.ok(&[
        "add",
        "developer",
        "name=Zoé Martin",
        "email=zoe@exemple.fr",
        "departement=04",
    ]);
    env.ok(&[
        "add",
        "developer",
        "name=Z. Martin",
        "email=ZOE@exemple.fr",
        "departement=84",
        "--force",
    ]);
    env.ok(&["add", "developer", "name=Paul Girard", "departement=04"]);

    let json = env.json(&["duplicates", "--json"]);
    let pairs = json["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3, "{json}");
    let by_reason = |reason: &str| {
        pairs
            .iter()
            .find(|pair| reasons(pair) == [reason])
            .unwrap_or_else(|| panic!("no pair for {reason}: {json}"))
    };
    let siret = by_reason("same_identifier");
    assert_eq!(siret["kind"], "org");
    let ids = [
        siret["first"]["id"].as_str().unwrap(),
        siret["second"]["id"].as_str().unwrap(),
    ];
    assert!(
        ids.contains(&mairie.as_str()) && ids.contains(&ville.as_str()),
        "{siret}"
    );
    assert_eq!(by_reason("same_email")["kind"], "developer");
    let name = by_reason("similar_name");
    assert_eq!(name["first"]["departement"], "13");
    assert_eq!(name["second"]["departement"], "13");

    let text = env.ok(&["--lang", "fr", "duplicates", "--kind", "org"]);
    assert!(text.contains("même SIRET/RNA"), "{text}");
    assert!(
        text.contains("nom très proche dans le même département"),
        "{text}"
    );
    assert!(
        !text.contains("Zoé"),
        "only organisations were asked for: {text}"
    );
    assert!(text.contains("2 paires de doublons probables"), "{text}");
}

#[test]
fn adding_a_look_alike_is_refused_with_the_candidates_unless_forced() {
    let env = Env::new();
    let parc = env.ok(&[
        "add",
        "org",
        "name=Parc naturel régional du Luberon",
        "departement=84",
    ]);
    let stderr = env.refused(&[
        "add",
        "org",
        "name=Parc naturel regional du Lubreon",
        "departement=84",
    ]);
    assert!(
        stderr.contains("looks like records already there"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&parc[parc.len() - 8..]),
        "the candidate's id: {stderr}"
    );
    assert!(
        stderr.contains("Parc naturel régional du Luberon"),
        "{stderr}"
    );
    assert!(
        stderr.contains("very similar name in the same département"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "says how to go on: {stderr}");
    assert_eq!(
        env.json(&["list", "org", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1,
        "nothing saved"
    );
    // Another département is another organisation; --force saves anyway.
    env.ok(&[
        "add",
        "org",
        "name=Parc naturel régional du Luberon",
        "departement=04",
    ]);
    env.ok(&[
        "add",
        "org",
        "name=Parc naturel regional du Lubreon",
        "departement=84",
        "--force",
    ]);
    assert_eq!(
        env.json(&["list", "org", "--json"])
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // The same e-mail for a developer, wherever they are.
    env.ok(&[
        "add",
        "developer",
        "name=Zoé Martin",
        "email=zoe@exemple.fr",
    ]);
    let stderr = env.refused(&[
        "--lang",
        "fr",
        "add",
        "developer",
        "name=Zoé M.",
        "email=zoe@exemple.fr",
    ]);
    assert!(stderr.contains("même adresse e-mail"), "{stderr}");
    // Other kinds are not checked.
    env.ok(&["add", "request", "title=Carte"]);
    env.ok(&["add", "request", "title=Carte"]);
}

#[test]
fn merging_organisations_re_points_requests_and_retires_the_other() {
    let env = Env::new();
    let keep = env.ok(&["add", "org", "name=Mairie de Forcalquier", "departement=04"]);
    let other = env.ok(&[
        "add",
        "org",
        "name=Ville de Forcalquier",
        "siret=21040088100015",
        "website=https://forcalquier.fr",
        "departement=04",
    ]);
    let request = env.ok(&[
        "add",
        "request",
        "title=Carte des fontaines",
        &format!("organisation={other}"),
    ]);
    let untouched = env.ok(&[
        "add",
        "request",
        "title=Autre",
        &format!("organisation={keep}"),
    ]);

    let outcome = env.json(&["merge", "org", &keep, &other[other.len() - 8..], "--json"]);
    assert_eq!(outcome["keep"], keep.as_str());
    assert_eq!(outcome["other"], other.as_str());
    assert_eq!(outcome["repointed"], 1);
    assert_eq!(outcome["filled"], 2, "siret and website: {outcome}");

    let shown = env.json(&["show", "request", &request, "--json"]);
    assert_eq!(shown["organisation"], keep.as_str());
    let shown = env.json(&["show", "request", &untouched, "--json"]);
    assert_eq!(shown["organisation"], keep.as_str());
    let kept = env.json(&["show", "org", &keep, "--json"]);
    assert_eq!(
        kept["name"], "Mairie de Forcalquier",
        "the kept record's own values stay"
    );
    assert_eq!(kept["siret"], "21040088100015");
    assert_eq!(kept["website"], "https://forcalquier.fr");
    let retired = env.json(&["show", "org", &other, "--json"]);
    assert_eq!(retired["merged_into"], keep.as_str());
    let live: Vec<String> = env
        .json(&["list", "org", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|org| org["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(live, vec![keep.clone()], "the other one is retired");
    // The history says what happened, and the derived state is sound.
    let history = env.ok(&["history", "org", &other]);
    assert!(
        history.contains("Merged into: — → Mairie de Forcalquier"),
        "{history}"
    );
    assert!(history.contains("Record deleted"), "{history}");
    env.ok(&["check"]);
    assert!(
        env.json(&["duplicates", "--json"])["pairs"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let stderr = env.refused(&["merge", "org", &keep, &untouched]);
    assert!(
        stderr.contains("is a request, not a org"),
        "a request is no organisation: {stderr}"
    );
}

#[test]
fn merging_developers_moves_assignments_time_and_skills() {
    let env = Env::new();
    let keep = env.ok(&[
        "add",
        "developer",
        "name=Zoé Martin",
        "skills=web:2",
        "departement=04",
    ]);
    let other = env.ok(&[
        "add",
        "developer",
        "name=Zoe Martin",
        "skills=web:3,gis:1",
        "email=zoe@exemple.fr",
        "departement=04",
        "--force",
    ]);
    let request = env.ok(&["add", "request", "title=Carte", "skills=web"]);
    env.ok(&["assign", &request, &other]);
    let time = env.ok(&[
        "add",
        "time",
        &format!("developer={other}"),
        "date=2026-11-20",
        "hours=2",
    ]);

    let text = env.ok(&["merge", "developer", &keep, &other]);
    assert!(text.contains("references re-pointed: 2"), "{text}");
    let shown = env.json(&["show", "request", &request, "--json"]);
    let developers = shown["developers"].to_string();
    assert!(developers.contains(&keep), "{shown}");
    assert!(!developers.contains(&other), "{shown}");
    assert_eq!(
        env.json(&["show", "time", &time, "--json"])["developer"],
        keep.as_str()
    );
    let kept = env.json(&["show", "developer", &keep, "--json"]);
    assert_eq!(kept["email"], "zoe@exemple.fr");
    let skills = kept["skills"].to_string();
    assert!(
        skills.contains("web") && skills.contains('3') && skills.contains("gis"),
        "{kept}"
    );
    env.ok(&["check"]);
}

#[test]
fn merge_refusals_are_one_clear_line() {
    let env = Env::new();
    let keep = env.ok(&["add", "org", "name=Mairie de Forcalquier"]);
    let stderr = env.refused(&["merge", "org", &keep, "ffffff"]);
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("no org matches \"ffffff\""), "{stderr}");
    let stderr = env.refused(&["merge", "org", &keep, &keep]);
    assert!(stderr.contains("cannot be merged into itself"), "{stderr}");
    let other = env.ok(&["add", "org", "name=Autre"]);
    env.ok(&["merge", "org", &keep, &other]);
    let stderr = env.refused(&["merge", "org", &keep, &other]);
    assert!(
        stderr.contains("was already merged into \"Mairie de Forcalquier\""),
        "a merged record is retired: {stderr}"
    );
    let output = env
        .cmd(&["merge", "request", &keep, &other])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "only org and developer are merged"
    );
}
