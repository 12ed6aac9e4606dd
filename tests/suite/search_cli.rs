//! `relais search`, `suggest`, `assign` and `skills` through the real binary:
//! text and JSON output, and a clear one-line error (exit 1) for an unknown
//! request.

use serde_json::Value;

use crate::cli_support::Env;

#[test]
fn search_prints_kind_title_and_the_matched_field() {
    let env = Env::new();
    let id = env.ok(&[
        "add",
        "request",
        "title=Carte du patrimoine rural",
        "need=Signaler chaque fontaine et les bories du chemin",
    ]);
    env.ok(&["add", "org", "name=Parc naturel régional du Luberon"]);
    let text = env.ok(&["--lang", "fr", "search", "bories"]);
    assert!(text.contains("Carte du patrimoine rural"), "{text}");
    assert!(text.contains("bories"), "{text}");
    assert!(text.contains("1 résultat"), "{text}");
    let json = env.json(&["search", "lubreon", "--json"]);
    let hit = &json["hits"][0];
    assert_eq!(hit["kind"], "org");
    assert_eq!(hit["field"], "name");
    assert_eq!(hit["class"], "typo");
    assert!(hit["score"].as_u64().unwrap() > 0);
    assert!(!hit["positions"].as_array().unwrap().is_empty());
    let json = env.json(&["search", "fontaine", "--kind", "org", "--json"]);
    assert_eq!(json["total"], 0);
    let json = env.json(&["search", "carte", "--limit", "1", "--json"]);
    assert_eq!(json["hits"][0]["id"], id.trim());
    let none = env.ok(&["--lang", "en", "search", "zzzzzz"]);
    assert!(none.starts_with("Nothing matches"), "{none}");
}

#[test]
fn suggest_assign_and_skills() {
    let env = Env::new();
    let request = env.ok(&[
        "add",
        "request",
        "title=Carte des refuges",
        "departement=05",
        "skills=web",
        "status=qualified",
    ]);
    let request = request.trim();
    let dev = env.ok(&[
        "add",
        "developer",
        "name=Zoé",
        "departement=04",
        "skills=web:3",
        "availability=12",
    ]);
    let dev = dev.trim();
    let text = env.ok(&["--lang", "fr", "suggest", request]);
    assert!(
        text.contains("Zoé")
            && text.contains("compétences : Développement web)")
            && text
                .contains("Développement web (3/3), département voisin, 12 h disponibles ce mois"),
        "{text}"
    );
    // Skills by their names in the text, by their slugs for scripts.
    let text = env.ok(&["--lang", "fr", "skills"]);
    assert!(text.contains("05  Développement web"), "{text}");
    let json = env.json(&["suggest", request, "--json"]);
    assert_eq!(json["suggestions"][0]["id"], dev);
    assert_eq!(json["suggestions"][0]["territory"], "neighbour");
    let json = env.json(&["skills", "--json"]);
    let gap = json["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|cell| cell["departement"] == "05")
        .unwrap();
    assert_eq!(gap["gap"], true);
    assert_eq!(gap["skill"], "web");
    let text = env.ok(&["--lang", "en", "assign", request, dev]);
    assert!(text.contains("now \"Assigned\""), "{text}");
    let json = env.json(&["show", "request", request, "--json"]);
    assert!(json.to_string().contains("assigned"));
}

#[test]
fn an_unknown_request_fails_with_one_clear_line() {
    let env = Env::new();
    let output = env
        .cmd(&["--lang", "en", "suggest", "abcdef123456"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("abcdef123456"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn suggest_on_a_closed_request_answers_and_says_it_waits_for_nobody() {
    let env = Env::new();
    let request = env.ok(&[
        "add",
        "request",
        "title=Sentier de l'écomusée",
        "departement=05",
        "skills=web",
        "status=qualified",
    ]);
    let request = request.trim();
    env.ok(&["add", "developer", "name=Zoé", "skills=web:3"]);
    let open = env
        .cmd(&["--lang", "fr", "suggest", request])
        .output()
        .unwrap();
    assert!(open.stderr.is_empty(), "{open:?}");
    assert_eq!(
        env.json(&["suggest", request, "--json"])["closed"],
        Value::Null
    );
    env.ok(&[
        "set",
        "request",
        request,
        "status=abandoned",
        "status_reason=plus de financement",
    ]);
    let closed = env
        .cmd(&["--lang", "fr", "suggest", request])
        .output()
        .unwrap();
    assert!(closed.status.success());
    let stderr = String::from_utf8(closed.stderr).unwrap();
    assert_eq!(
        stderr,
        "relais: Cette demande est « Abandonnée » : ces suggestions ne serviront que si elle est rouverte.\n"
    );
    assert!(String::from_utf8(closed.stdout).unwrap().contains("Zoé"));
    let json = env.json(&["suggest", request, "--json"]);
    assert_eq!(json["closed"], "abandoned");
    assert_eq!(json["suggestions"][0]["name"], "Zoé");
}
