//! The `/` search box through `update(Action)` on a real store, drawn with
//! `TestBackend` at 80×24 in French: each result names its kind in words,
//! its title with the matched letters, and, when another field matched
//! (a request's need, an organisation's commune), that field's name and a
//! piece of its text around the match. Enter opens the record on its tab.

use crate::tui_support;

use ratatui::style::Modifier;
use relais::app::ui::{Action, Model, Overlay, Screen, Tab, View, settle, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::PathBuf;
use tui_support::{a, clock, drawn, keys, screen, site};

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    fontaines: String,
    org: String,
}

/// An EPN of the Alpes-de-Haute-Provence: an association of Forcalquier,
/// a request whose need speaks of fountains and bories, one about the
/// Luberon, and a developer.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relais.db");
    site(&path, "EPN de Forcalquier", "04", "epn", "Camille");
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    let org = app
        .add(
            Kind::Org,
            &[
                a("name", "Les Amis du patrimoine"),
                a("kind", "association"),
                a("departement", "04"),
                a("commune", "04088"),
            ],
        )
        .expect("org");
    let fontaines = app
        .add(
            Kind::Request,
            &[
                a("title", "Inventaire du petit patrimoine"),
                a("organisation", &org),
                a("departement", "04"),
                a(
                    "need",
                    "Recenser et photographier les fontaines, lavoirs et bories \
                     des villages autour de la montagne de Lure",
                ),
            ],
        )
        .expect("request");
    app.add(
        Kind::Request,
        &[
            a("title", "Carte des sentiers du Luberon"),
            a("departement", "04"),
        ],
    )
    .expect("request");
    app.add(
        Kind::Developer,
        &[
            a("name", "Zoé Martin"),
            a("departement", "04"),
            a("skills", "web:3"),
            a("availability", "12"),
        ],
    )
    .expect("developer");
    Fixture {
        _dir: dir,
        path,
        fontaines,
        org,
    }
}

/// Opens `/` and types `text`, letting the search through every field end.
fn search(model: &mut Model, text: &str) {
    keys(model, &[Action::Search]);
    for c in text.chars() {
        update(model, Action::Type(c));
    }
    settle(model);
}

fn hits(model: &Model) -> Vec<(Kind, String, Option<&'static str>)> {
    let Overlay::Search(state) = &model.overlay else {
        panic!("the search box is open");
    };
    state
        .hits
        .iter()
        .map(|hit| (hit.kind, hit.label.clone(), hit.field))
        .collect()
}

#[test]
fn a_word_of_a_need_finds_the_request_with_the_field_and_a_snippet() {
    let fixture = fixture();
    let mut model = tui_support::open(&fixture.path, Lang::Fr);
    search(&mut model, "fontaine");
    let found = hits(&model);
    assert_eq!(
        found.first(),
        Some(&(
            Kind::Request,
            "Inventaire du petit patrimoine".to_string(),
            Some("need")
        )),
        "{found:?}"
    );
    let Overlay::Search(state) = &model.overlay else {
        unreachable!()
    };
    let hit = &state.hits[0];
    let snippet = hit.snippet.as_deref().expect("a snippet of the need");
    let matched: String = snippet
        .chars()
        .enumerate()
        .filter(|(at, _)| hit.snippet_positions.contains(at))
        .map(|(_, c)| c)
        .collect();
    assert_eq!(matched, "fontaine", "the matched letters of the snippet");
    let text = screen(&model);
    insta::assert_snapshot!("search_fontaine_fr_80x24", text);
    assert!(text.contains("Demande"), "the kind in words:\n{text}");
    assert!(text.contains("Besoin : "), "the field's name:\n{text}");
    assert!(
        text.contains("les fontaines, lavoirs"),
        "the snippet:\n{text}"
    );

    // Enter opens the request on its tab.
    keys(&mut model, &[Action::Open]);
    assert!(matches!(model.overlay, Overlay::None));
    let View::Detail(detail) = &model.view else {
        panic!("a detail is open");
    };
    assert_eq!(detail.record.id, fixture.fontaines);
    assert_eq!(model.tab, Tab::Records(Screen::Requests));
}

#[test]
fn a_commune_finds_the_organisation_there() {
    let fixture = fixture();
    let mut model = tui_support::open(&fixture.path, Lang::Fr);
    search(&mut model, "forcalquier");
    let found = hits(&model);
    assert!(
        found.contains(&(
            Kind::Org,
            "Les Amis du patrimoine".to_string(),
            Some("commune")
        )),
        "{found:?}"
    );
    let text = screen(&model);
    insta::assert_snapshot!("search_forcalquier_fr_80x24", text);
    assert!(text.contains("Organisation"), "{text}");
    assert!(text.contains("Commune : Forcalquier"), "{text}");
    let at = found
        .iter()
        .position(|(kind, _, _)| *kind == Kind::Org)
        .expect("listed");
    for _ in 0..at {
        update(&mut model, Action::Down);
    }
    keys(&mut model, &[Action::Open]);
    let View::Detail(detail) = &model.view else {
        panic!("a detail is open");
    };
    assert_eq!(detail.record.id, fixture.org);
    assert_eq!(model.tab, Tab::Records(Screen::Orgs));
}

#[test]
fn a_slip_of_the_keyboard_still_finds_the_title_highlighted() {
    let fixture = fixture();
    let mut model = tui_support::open(&fixture.path, Lang::Fr);
    search(&mut model, "lubreon");
    let found = hits(&model);
    assert_eq!(
        found.first(),
        Some(&(
            Kind::Request,
            "Carte des sentiers du Luberon".to_string(),
            None
        )),
        "{found:?}"
    );
    let text = screen(&model);
    insta::assert_snapshot!("search_lubreon_fr_80x24", text);
    assert!(!text.contains("recherche dans tous les champs"), "{text}");
    // The letters of « Luberon » are highlighted (underlined, not by
    // colour alone), the others of the title are not; the row is selected.
    let styled = styled_row(&model, "Carte des sentiers");
    let underlined: String = styled
        .iter()
        .filter(|(_, modifier)| modifier.contains(Modifier::UNDERLINED))
        .map(|(symbol, _)| symbol.as_str())
        .collect();
    assert_eq!(underlined, "Luberon");
    assert!(
        styled
            .iter()
            .all(|(_, modifier)| modifier.contains(Modifier::REVERSED)),
        "the selected result is in reverse video"
    );
}

/// The symbols and modifiers of the screen row containing `text`, inside
/// the search box.
fn styled_row(model: &Model, text: &str) -> Vec<(String, Modifier)> {
    let terminal = drawn(model, (80, 24), false);
    let buffer = terminal.backend().buffer();
    let row = (0..24)
        .find(|&y| {
            let line: String = (0..80).map(|x| buffer[(x, y)].symbol()).collect();
            line.contains(text)
        })
        .expect("the row is drawn");
    // Inside the box: from its left border to its right one.
    (5..75)
        .map(|x| {
            let cell = &buffer[(x, row)];
            (cell.symbol().to_string(), cell.modifier)
        })
        .collect()
}

#[test]
fn the_titles_show_at_once_and_the_full_search_replaces_them() {
    let fixture = fixture();
    let mut model = tui_support::open(&fixture.path, Lang::Fr);
    keys(&mut model, &[Action::Search]);
    update(&mut model, Action::Type('l'));
    let Overlay::Search(state) = &model.overlay else {
        panic!("the search box is open");
    };
    assert!(
        state.full.is_none(),
        "the full search runs in the background"
    );
    settle(&mut model);
    let Overlay::Search(state) = &model.overlay else {
        panic!("the search box is open");
    };
    assert_eq!(state.full.as_deref(), Some("l"));
    // Esc closes the box, the search done or not.
    update(&mut model, Action::Back);
    assert!(matches!(model.overlay, Overlay::None));
}

#[test]
fn more_matches_than_the_list_holds_are_counted_above_it() {
    let fixture = fixture();
    {
        let mut app = App::open(&fixture.path, Config::default(), clock()).expect("open");
        for n in 0..1_203 {
            app.add(
                Kind::Request,
                &[
                    a("title", &format!("Borne de recharge {n}")),
                    a("departement", "04"),
                ],
            )
            .expect("request");
        }
    }
    let mut model = tui_support::open(&fixture.path, Lang::Fr);
    search(&mut model, "borne recharge");
    assert_eq!(hits(&model).len(), 50, "the list keeps the best 50");
    let text = screen(&model);
    assert!(
        text.contains("1 203 fiches trouvées, les 50 meilleures ci-dessous"),
        "{text}"
    );
}
