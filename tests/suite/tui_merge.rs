//! Duplicates in the terminal UI, through `update(Action)` and `TestBackend`
//! at 80×24 in French: a new developer that looks like an existing one is
//! shown with the candidates and asked about before saving (an organisation
//! with a known SIRET too), and `m` on a record's detail lets the person pick
//! any look-alike (or name another record), then confirm a question naming
//! both records and the records re-pointed per kind.

use crate::tui_support;

use relais::app::ui::{Action, Model, Overlay, Screen, Tab, View, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::{Path, PathBuf};
use tui_support::{a, clock, keys, screen, site};

/// A site, a developer with an e-mail, her look-alike, and a request
/// assigned to the look-alike.
fn fixture() -> (tempfile::TempDir, PathBuf, String, String, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relais.db");
    site(&path, "EPN de Digne", "04", "epn", "Camille");
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    let zoe = app
        .add(
            Kind::Developer,
            &[
                a("name", "Zoé Martin"),
                a("email", "zoe@exemple.fr"),
                a("departement", "04"),
                a("skills", "web:2"),
            ],
        )
        .expect("developer");
    let twin = app
        .add(
            Kind::Developer,
            &[
                a("name", "Zoe Martin"),
                a("departement", "04"),
                a("skills", "gis:3"),
            ],
        )
        .expect("look-alike");
    let request = app
        .add(
            Kind::Request,
            &[a("title", "Carte des fontaines"), a("departement", "04")],
        )
        .expect("request");
    app.assign(&request, &twin).expect("assign");
    (dir, path, zoe, twin, request)
}

fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        update(model, Action::Type(c));
    }
}

fn developers(path: &Path) -> usize {
    let app = App::open(path, Config::default(), clock()).expect("open");
    app.list(Kind::Developer)
        .expect("list")
        .iter()
        .filter(|record| !record.deleted)
        .count()
}

#[test]
fn a_new_look_alike_is_shown_and_saved_only_when_confirmed() {
    let (_dir, path, _, _, _) = fixture();
    let mut model = tui_support::open(&path, Lang::Fr);
    keys(&mut model, &[Action::Screen(2), Action::New]);
    type_text(&mut model, "Zoé M.");
    update(&mut model, Action::NextField);
    type_text(&mut model, "ZOE@exemple.fr");
    update(&mut model, Action::Save);
    assert!(
        matches!(model.overlay, Overlay::Confirm(_)),
        "asked before saving"
    );
    let text = screen(&model);
    insta::assert_snapshot!("look_alike_question_fr", text);
    assert!(
        text.contains("« Zoé Martin » (même adresse e-mail)"),
        "{text}"
    );
    assert_eq!(developers(&path), 2, "nothing saved while asking");

    // No: back to the form, nothing saved.
    update(&mut model, Action::No);
    assert!(matches!(model.view, View::Form(_)));
    assert_eq!(developers(&path), 2);
    // Saving again asks again; yes saves.
    update(&mut model, Action::Save);
    assert!(matches!(model.overlay, Overlay::Confirm(_)));
    update(&mut model, Action::Yes);
    assert!(matches!(model.view, View::Detail(_)), "the saved record");
    assert_eq!(developers(&path), 3);
}

#[test]
fn a_different_person_is_saved_without_a_question() {
    let (_dir, path, _, _, _) = fixture();
    let mut model = tui_support::open(&path, Lang::Fr);
    keys(&mut model, &[Action::Screen(2), Action::New]);
    type_text(&mut model, "Paul Girard");
    update(&mut model, Action::Save);
    assert!(matches!(model.overlay, Overlay::None));
    assert_eq!(developers(&path), 3);
}

#[test]
fn m_on_a_detail_merges_its_look_alike_into_it() {
    let (_dir, path, zoe, twin, request) = fixture();
    let mut model = tui_support::open(&path, Lang::Fr);
    keys(&mut model, &[Action::Screen(2)]);
    // Open Zoé Martin (with the accent): the record to keep.
    let row = (0..10)
        .find(|&index| {
            model
                .list()
                .row(index)
                .is_some_and(|record| record.id == zoe)
        })
        .expect("listed");
    keys(&mut model, &[Action::Select(row), Action::Open]);
    // `m` lists her look-alikes to choose from, the closest in the line.
    update(&mut model, Action::Merge);
    assert!(matches!(model.overlay, Overlay::Prompt(_)));
    // The id's end is random: redacted.
    let text = screen(&model).replace(&twin[twin.len() - 8..], "[id    ]");
    insta::assert_snapshot!("merge_pick_fr", text);
    assert!(text.contains("Garder « Zoé Martin »"), "{text}");
    assert!(text.contains("> Zoe Martin ·"), "{text}");
    // Enter: the question names both records and what moves, per kind.
    update(&mut model, Action::Open);
    let text = screen(&model);
    assert!(
        text.contains("Fusionner « Zoe Martin » dans « Zoé Martin »"),
        "{text}"
    );
    assert!(text.contains("1 demande"), "{text}");
    update(&mut model, Action::Yes);
    let text = screen(&model);
    assert!(
        text.contains("Fusion faite (références redirigées : 1, valeurs reprises : 1)"),
        "{text}"
    );
    assert!(
        text.contains("Carte des fontaines"),
        "the request now names her:\n{text}"
    );

    let app = App::open(&path, Config::default(), clock()).expect("open");
    let assigned = app.show(Kind::Request, &request).expect("request");
    let developers = &assigned.sets["developers"];
    assert!(developers.contains_key(&zoe) && !developers.contains_key(&twin));
    let merged = app.show(Kind::Developer, &twin).expect("merged");
    assert!(merged.deleted);
    assert_eq!(merged.get("merged_into"), Some(zoe.as_str()));

    // Nothing looks like her any more.
    update(&mut model, Action::Merge);
    assert!(matches!(model.overlay, Overlay::None));
    assert!(screen(&model).contains("Aucune fiche ne ressemble à celle-ci."));
}

#[test]
fn m_lets_the_person_pick_any_look_alike_or_name_another_record() {
    let (_dir, path, zoe, twin, _) = fixture();
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    // A second look-alike: the same e-mail, another département.
    let third = app
        .add(
            Kind::Developer,
            &[
                a("name", "Z. Martin"),
                a("email", "zoe@exemple.fr"),
                a("departement", "84"),
            ],
        )
        .expect("third");
    let paul = app
        .add(
            Kind::Developer,
            &[a("name", "Paul Girard"), a("departement", "13")],
        )
        .expect("paul");
    drop(app);
    let mut model = tui_support::open(&path, Lang::Fr);
    keys(
        &mut model,
        &[Action::Screen(
            Tab::Records(Screen::Developers).index() as u8
        )],
    );
    let row = (0..10)
        .find(|&index| {
            model
                .list()
                .row(index)
                .is_some_and(|record| record.id == zoe)
        })
        .expect("listed");
    keys(
        &mut model,
        &[Action::Select(row), Action::Open, Action::Merge],
    );
    let Overlay::Prompt(prompt) = &model.overlay else {
        panic!("a choice of look-alikes");
    };
    assert_eq!(prompt.suggestions.len(), 2, "{:?}", prompt.suggestions);
    // ↓ puts the other look-alike in the line; Enter asks about that one.
    let chosen = (0..2)
        .find_map(|_| {
            update(&mut model, Action::Down);
            let Overlay::Prompt(prompt) = &model.overlay else {
                return None;
            };
            prompt.text.as_str().starts_with("Z. Martin").then_some(())
        })
        .is_some();
    assert!(chosen, "Z. Martin is offered too");
    update(&mut model, Action::Open);
    let text = screen(&model);
    assert!(
        text.contains("Fusionner « Z. Martin » dans « Zoé Martin »"),
        "{text}"
    );
    // No: nothing merged; a name that is no developer stays in the prompt
    // with the reason under the line.
    update(&mut model, Action::No);
    update(&mut model, Action::Merge);
    let Overlay::Prompt(prompt) = &mut model.overlay else {
        panic!("prompt");
    };
    prompt.text.set("Personne Inconnue");
    update(&mut model, Action::Open);
    assert!(matches!(model.overlay, Overlay::Prompt(ref p) if p.error.is_some()));
    // Any developer may be named, listed or not.
    let Overlay::Prompt(prompt) = &mut model.overlay else {
        panic!("prompt");
    };
    prompt.text.set("Paul Girard");
    update(&mut model, Action::Open);
    assert!(screen(&model).contains("Fusionner « Paul Girard » dans « Zoé Martin »"));
    update(&mut model, Action::Yes);

    let app = App::open(&path, Config::default(), clock()).expect("open");
    assert!(app.show(Kind::Developer, &paul).expect("paul").deleted);
    assert!(!app.show(Kind::Developer, &third).expect("third").deleted);
    assert!(!app.show(Kind::Developer, &twin).expect("twin").deleted);
}

#[test]
fn a_new_organisation_with_a_known_siret_is_asked_about_before_saving() {
    let (_dir, path, _, _, _) = fixture();
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    app.add(
        Kind::Org,
        &[
            a("name", "Mairie de Forcalquier"),
            a("siret", "21040088100015"),
            a("departement", "04"),
        ],
    )
    .expect("org");
    drop(app);
    let mut model = tui_support::open(&path, Lang::Fr);
    let orgs = Tab::Records(Screen::Orgs).index() as u8;
    keys(&mut model, &[Action::Screen(orgs), Action::New]);
    type_text(&mut model, "Ville de Forcalquier");
    // Name, kind, then the SIRET/RNA.
    update(&mut model, Action::NextField);
    update(&mut model, Action::NextField);
    type_text(&mut model, "21040088100015");
    update(&mut model, Action::Save);
    assert!(
        matches!(model.overlay, Overlay::Confirm(_)),
        "asked before saving"
    );
    update(&mut model, Action::No);
    let app = App::open(&path, Config::default(), clock()).expect("open");
    assert_eq!(app.list(Kind::Org).expect("list").len(), 1, "nothing saved");
}
