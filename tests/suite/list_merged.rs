//! Listings and exports name a reference to a merged record as `show` names
//! it: the record it went into (issue 13, session 9). A merge re-points the
//! references its own site holds; a reference made elsewhere meanwhile
//! arrives naming the retired record and is *read* through `merged_into`
//! (`store::merged`). `list` named such a reference by the retired
//! record's own name, and `publish catalogue` left the organisation of a
//! request naming a merged one empty (it skipped the tombstone); both now
//! follow the chain, and `list --json` keeps the ids as written.

use crate::cli_support;

use cli_support::{Env, by_id};

/// The `list time` line of a time entry, by its short id.
fn listed_line(env: &Env, time: &str) -> String {
    env.ok(&["list", "time"])
        .lines()
        .find(|line| line.starts_with(&time[time.len() - 8..]))
        .unwrap_or_else(|| panic!("{time} not listed"))
        .to_string()
}

fn add_developer(env: &Env, name: &str) -> String {
    env.ok(&["add", "developer", &format!("name={name}"), "--force"])
}

/// Adds a record of `kind` with `fields` (name, value); its id.
fn add(env: &Env, kind: &str, fields: &[(&str, &str)]) -> String {
    let fields: Vec<String> = fields
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    let mut args = vec!["add", kind];
    args.extend(fields.iter().map(String::as_str));
    env.ok(&args)
}

fn add_time(env: &Env, developer: &str, request: &str) -> String {
    let fields = [
        ("developer", developer),
        ("request", request),
        ("date", "2026-11-03"),
        ("hours", "2"),
    ];
    add(env, "time", &fields)
}

#[test]
fn list_names_a_reference_to_a_merged_record_by_the_record_it_went_into() {
    let env = Env::new();
    let request = env.ok(&["add", "request", "title=Carte des tiers-lieux"]);
    let [first, middle, end] =
        ["Zoé Fusion", "Yann Relais", "Xavier Gardé"].map(|name| add_developer(&env, name));
    let on_first = add_time(&env, &end, &request);
    let on_middle = add_time(&env, &end, &request);
    // A chain: the first went into the middle one, which went into the end.
    env.ok(&["merge", "developer", &middle, &first]);
    env.ok(&["merge", "developer", &end, &middle]);
    env.point("time_entry", &on_first, "developer", &first);
    env.point("time_entry", &on_middle, "developer", &middle);

    for time in [&on_first, &on_middle] {
        assert_eq!(env.shown("time", time, "Developer"), "Xavier Gardé");
        let line = listed_line(&env, time);
        assert!(line.contains("Xavier Gardé"), "{line}");
        assert!(!line.contains("Zoé") && !line.contains("Yann"), "{line}");
    }
    // The JSON listing keeps the ids as written (what scripts read back).
    let entries = env.json(&["list", "time", "--json"]);
    assert_eq!(by_id(&entries, &on_first)["developer"], first.as_str());
}

fn add_org(env: &Env, name: &str, departement: &str, commune: &str) -> String {
    let fields = [
        ("name", name),
        ("departement", departement),
        ("commune", commune),
    ];
    add(env, "org", &fields)
}

fn add_deliverable(env: &Env, title: &str, request: &str) -> String {
    let fields = [
        ("title", title),
        ("request", request),
        ("published_on", "2026-11-02"),
    ];
    add(env, "deliverable", &fields)
}

/// The catalogue's CSV line of a deliverable.
fn catalogue_line(csv: &str, deliverable: &str) -> String {
    csv.lines()
        .find(|line| line.starts_with(deliverable))
        .unwrap_or_else(|| panic!("{deliverable} not in the catalogue:\n{csv}"))
        .to_string()
}

#[test]
fn the_catalogue_names_the_organisation_a_merged_one_went_into() {
    let env = Env::new();
    let kept = add_org(&env, "Mairie de Forcalquier", "04", "04088");
    let merged = add_org(&env, "Forcalquier (ville)", "05", "05061");
    let request =
        |title: &str, org: &str| add(&env, "request", &[("title", title), ("organisation", org)]);
    let late = request("Carte des fontaines", &kept);
    let repointed = request("Plan des lavoirs", &merged);
    let on_late = add_deliverable(&env, "Carte en ligne", &late);
    let on_repointed = add_deliverable(&env, "Plan imprimé", &repointed);
    env.ok(&["merge", "org", &kept, &merged]);
    // A request from elsewhere still naming the merged organisation.
    env.point("request", &late, "organisation", &merged);
    assert_eq!(
        env.shown("request", &late, "Organisation"),
        "Mairie de Forcalquier"
    );

    let csv = env.ok(&["publish", "catalogue"]);
    for deliverable in [&on_late, &on_repointed] {
        let line = catalogue_line(&csv, deliverable);
        assert!(line.contains(",Mairie de Forcalquier,04,04088,"), "{line}");
    }
    let json = env.json(&["publish", "catalogue", "--format", "json"]);
    let late_json = by_id(&json, &on_late);
    assert_eq!(
        late_json["organisation"], "Mairie de Forcalquier",
        "{late_json}"
    );
    assert_eq!(late_json["commune"], "04088", "{late_json}");
}
