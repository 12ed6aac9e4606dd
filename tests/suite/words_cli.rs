//! The person's own words on the command line: French kind names, vocabulary
//! labels in either language (accents, case and unique parts), record names
//! where an id is expected — with an ambiguous name refused, listing its
//! candidates — and records and histories read back in words.

use crate::cli_support;

use cli_support::Env;

#[test]
fn french_kind_names_work_wherever_a_kind_is_expected() {
    let env = Env::with_lang("fr_FR.UTF-8");
    let zoe = env.ok(&["add", "développeur", "name=Zoé Martin", "departement=04"]);
    let org = env.ok(&[
        "add",
        "organisation",
        "name=Parc du Verdon",
        "departement=04",
    ]);
    let request = env.ok(&[
        "add",
        "demande",
        "title=Carte",
        "organisation=Parc du Verdon",
    ]);
    env.ok(&["add", "atelier", "title=Balade", "date=2026-11-20"]);
    env.ok(&["add", "livrable", "title=Code", "request=Carte"]);
    env.ok(&[
        "add",
        "temps",
        "developer=Zoé",
        "date=2026-11-20",
        "hours=3,5",
    ]);
    env.ok(&["set", "developpeur", "Zoé", "availability=12"]);
    let listed = env.json(&["list", "développeur", "--json"]);
    assert_eq!(listed[0]["id"], zoe.as_str());
    assert_eq!(listed[0]["availability"], 12);
    assert_eq!(
        env.json(&["show", "demande", &request, "--json"])["organisation"],
        org.as_str()
    );
    assert_eq!(env.json(&["list", "temps", "--json"])[0]["hours"], 3.5);
    assert_eq!(
        env.json(&["list", "livrable", "--json"])[0]["request"],
        request.as_str()
    );
}

#[test]
fn vocabulary_labels_are_accepted_in_either_language_and_stored_as_slugs() {
    let env = Env::new();
    let zoe = env.ok(&[
        "add",
        "developer",
        "name=Zoé",
        "skills=SIG et cartographie:3,dataviz:2",
    ]);
    let yanis = env.ok(&["add", "developer", "name=Yanis", "skills=cartographie"]);
    let ines = env.ok(&["add", "developer", "name=Inès", "skills=sig:2"]);
    for (id, level) in [(&zoe, 3), (&yanis, 1), (&ines, 2)] {
        let record = env.json(&["show", "developer", id, "--json"]);
        assert_eq!(record["skills"]["gis"], level, "{record}");
    }
    let request = env.ok(&["add", "request", "title=Sentiers", "priority=haute"]);
    assert_eq!(
        env.json(&["show", "request", &request, "--json"])["priority"],
        "high"
    );
    env.ok(&[
        "set",
        "request",
        &request,
        "status=Abandonnée",
        "status_reason=doublon",
    ]);
    assert_eq!(
        env.json(&["show", "request", &request, "--json"])["status"],
        "abandoned"
    );
    // Unknown and ambiguous values are refused with the choices in words.
    let message = env.refused(&["set", "request", &request, "priority=klingon"]);
    assert!(message.contains("Low, Normal, High, Urgent"), "{message}");
    assert!(
        !message.contains("high,"),
        "choices are labels, not slugs: {message}"
    );
    let message = env.refused(&["add", "developer", "name=X", "skills=d"]);
    assert!(message.contains("could mean"), "{message}");
    assert!(message.contains("Databases"), "{message}");
}

#[test]
fn names_stand_for_ids_and_an_ambiguous_name_lists_its_candidates() {
    let env = Env::new();
    let martin = env.ok(&["add", "developer", "name=Zoé Martin"]);
    let blanc = env.ok(&["add", "developer", "name=Zoé Blanc"]);
    let request = env.ok(&[
        "add",
        "request",
        "title=Carte des sentiers",
        "developers=zoe mar",
    ]);
    let record = env.json(&["show", "request", "carte des", "--json"]);
    assert_eq!(record["id"], request.as_str());
    assert_eq!(record["developers"][&martin], true, "{record}");
    // An ambiguous name changes nothing and says whom it could mean.
    let before = env.json(&["history", "request", &request, "--json"]);
    let message = env.refused(&["set", "request", "Carte", "developers+=Zoé"]);
    assert!(message.contains("Zoé Blanc, Zoé Martin"), "{message}");
    assert_eq!(
        env.json(&["history", "request", &request, "--json"]),
        before
    );
    env.ok(&["set", "request", "Carte", "developers+=blanc"]);
    let record = env.json(&["show", "request", &request, "--json"]);
    assert_eq!(record["developers"][&blanc], true, "{record}");
    // Erasure takes a name too (this site created the record).
    env.ok(&["purge", "développeur", "Zoé Blanc", "--yes"]);
    let erased = env.json(&["show", "developer", &blanc, "--json"]);
    assert_eq!(erased["name"], serde_json::Value::Null, "{erased}");
    let message = env.refused(&["show", "developer", "Paul Durand"]);
    assert!(
        message.contains("Developer not found: nothing is called \"Paul Durand\""),
        "{message}"
    );
    // In French the kind is said in words, never as its code (`org`).
    let french = Env::with_lang("fr_FR.UTF-8");
    let message = french.refused(&["add", "demande", "title=Sentier", "organisation=Écomusée"]);
    assert!(
        message.contains("Organisation introuvable : aucune fiche ne s'appelle « Écomusée »"),
        "{message}"
    );
    // A commune by its name, as people know it.
    let org = french.ok(&[
        "add",
        "organisation",
        "name=Écomusée",
        "commune=forcalquier",
    ]);
    let record = french.json(&["show", "org", org.trim(), "--json"]);
    assert_eq!(record["commune"], "04088", "{record}");
}

#[test]
fn show_list_and_history_speak_in_words() {
    let env = Env::with_lang("fr_FR.UTF-8");
    env.ok(&["add", "developer", "name=Zoé Martin", "skills=web:3,sig"]);
    env.ok(&[
        "add",
        "request",
        "title=Carte",
        "developers=Zoé",
        "priority=urgente",
    ]);
    let shown = env.ok(&["show", "demande", "Carte"]);
    assert!(
        shown.contains("Développeur·ses      : Zoé Martin") || shown.contains(": Zoé Martin"),
        "{shown}"
    );
    assert!(shown.contains("Urgente"), "{shown}");
    let listed = env.ok(&["list", "developer"]);
    assert!(listed.contains("SIG et cartographie (1/3)"), "{listed}");
    let shown = env.ok(&["show", "developer", "Zoé"]);
    assert!(shown.contains("Développement web (3/3)"), "{shown}");
    let history = env.ok(&["history", "demande", "Carte"]);
    assert!(history.contains("26/11/2026 09:00  Anne"), "{history}");
    assert!(history.contains("Priorité : — → Urgente"), "{history}");
    assert!(
        history.contains("Développeur·ses : Zoé Martin (ajout)"),
        "{history}"
    );
    assert!(!history.contains("priority"), "no field codes: {history}");
}
