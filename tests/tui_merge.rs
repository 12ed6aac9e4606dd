//! Duplicates in the terminal UI, through `update(Action)` and `TestBackend`
//! at 80×24 in French: a new developer that looks like an existing one is
//! shown with the candidates and asked about before saving, and `m` on a
//! record's detail merges its look-alike into it.

// A failed unwrap here is a failing test or bench, not a crash.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod tui_support;

use relais::app::ui::{Action, Model, Overlay, View, update};
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
    update(&mut model, Action::Merge);
    let text = screen(&model);
    insta::assert_snapshot!("merge_question_fr", text);
    assert!(
        text.contains("Fusionner « Zoe Martin » dans « Zoé Martin »"),
        "{text}"
    );
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
