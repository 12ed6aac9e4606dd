//! Gaps on the Compétences screen, through `update(Action)` on a real store
//! and `TestBackend` at 80×24 in French: Enter on a gap cell lists the open
//! requests that want the skill in that département and the developers of
//! neighbouring départements who have it; Enter opens a request, Esc closes.

use crate::tui_support;

use relais::app::ui::{Action, Model, Tab, View};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::PathBuf;
use tui_support::{a, clock, keys, screen, site};

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    wanting: Vec<String>,
    neighbour: String,
}

/// In the 04 two open requests want GIS and nobody there has it; Paul in
/// the 05 (a neighbour) has it; a web request of the 04 is no gap.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relais.db");
    site(&path, "EPN de Digne", "04", "epn", "Camille");
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
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
    let neighbour = app
        .add(
            Kind::Developer,
            &[
                a("name", "Paul Girard"),
                a("departement", "05"),
                a("skills", "gis:3"),
                a("availability", "20"),
            ],
        )
        .expect("developer");
    let mut wanting = Vec::new();
    for title in ["Carte des fontaines", "Carte des sentiers de Lure"] {
        wanting.push(
            app.add(
                Kind::Request,
                &[
                    a("title", title),
                    a("departement", "04"),
                    a("skills", "gis"),
                ],
            )
            .expect("request"),
        );
    }
    app.add(
        Kind::Request,
        &[
            a("title", "Site de l'association"),
            a("departement", "04"),
            a("skills", "web"),
        ],
    )
    .expect("request");
    wanting.sort();
    Fixture {
        _dir: dir,
        path,
        wanting,
        neighbour,
    }
}

/// The Compétences tab with the cursor on the `skill` × 04 cell.
fn on_cell_of_04(model: &mut Model, skill: &str) {
    keys(model, &[Action::Screen(Tab::Skills.index() as u8)]);
    for _ in 0..40 {
        let grid = model.skills.grid.as_ref().expect("the grid is computed");
        if grid.skills.get(model.skills.row).map(String::as_str) == Some(skill) {
            break;
        }
        keys(model, &[Action::Down]);
    }
    let grid = model.skills.grid.as_ref().expect("grid");
    assert_eq!(grid.skills[model.skills.row], skill);
    assert_eq!(grid.departements[model.skills.col], "04");
}

#[test]
fn enter_on_a_gap_lists_the_requests_and_a_neighbouring_developer() {
    let fixture = fixture();
    let mut model = tui_support::open(&fixture.path, Lang::Fr);
    on_cell_of_04(&mut model, "gis");
    assert!(model.skills.on_gap());
    keys(&mut model, &[Action::Open]);
    let gap = model.skills.gap.as_ref().expect("the gap panel is open");
    let mut requests: Vec<String> = gap.detail.requests.iter().map(|r| r.id.clone()).collect();
    requests.sort();
    assert_eq!(requests, fixture.wanting, "the requests wanting GIS in 04");
    let nearby: Vec<(&str, Option<&str>)> = gap
        .detail
        .nearby
        .iter()
        .map(|d| (d.id.as_str(), d.departement.as_deref()))
        .collect();
    assert_eq!(nearby, [(fixture.neighbour.as_str(), Some("05"))]);
    let text = screen(&model);
    insta::assert_snapshot!("gap_panel_fr_80x24", text);
    assert!(text.contains("Paul Girard"), "{text}");
    assert!(text.contains("2 demandes ouvertes la veulent"), "{text}");

    // Enter opens the request under the cursor; Esc comes back to the
    // panel, Esc again to the grid.
    keys(&mut model, &[Action::Open]);
    let View::Detail(detail) = &model.view else {
        panic!("the request opens");
    };
    assert!(fixture.wanting.contains(&detail.record.id));
    keys(&mut model, &[Action::Back]);
    assert_eq!(model.view, View::Skills);
    assert!(model.skills.gap.is_some(), "the panel is still there");
    keys(&mut model, &[Action::Back]);
    assert!(model.skills.gap.is_none());

    // The developer below the requests opens too.
    keys(
        &mut model,
        &[Action::Open, Action::Down, Action::Down, Action::Open],
    );
    let View::Detail(detail) = &model.view else {
        panic!("the developer opens");
    };
    assert_eq!(detail.record.id, fixture.neighbour);
}

#[test]
fn enter_on_a_cell_that_is_no_gap_lists_its_people() {
    let fixture = fixture();
    let mut model = tui_support::open(&fixture.path, Lang::Fr);
    // Web in the 04: Zoé is available there.
    on_cell_of_04(&mut model, "web");
    assert!(!model.skills.on_gap());
    keys(&mut model, &[Action::Open]);
    assert!(model.skills.gap.is_none());
    let drill = model.skills.drill.as_ref().expect("the people of the cell");
    assert_eq!(drill.people.len(), 1);
}
