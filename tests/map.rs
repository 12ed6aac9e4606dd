//! The *Carte* screen without a terminal: the region's départements in
//! braille, the places of the real Région Sud directory and requests by
//! commune, a skill gap marked; arrows move the cursor between communes and
//! Enter lists what is there. Snapshots at 80×24 in French, with colour and
//! under `NO_COLOR` (where the marks are distinct characters, no colour).

// A failed unwrap here is a failing test, not a crash.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use relais::app::identity::{InitRequest, init};
use relais::app::ui::map::{Direction, MapState, load};
use relais::app::{App, Assignment, Config};
use relais::domain::Kind;
use relais::domain::clock::FixedClock;
use relais::i18n::Lang;
use relais::tui::theme::Theme;
use relais::tui::view::map::map;
use std::path::Path;
use std::sync::Arc;

fn assignments(pairs: &[(&str, &str)]) -> Vec<Assignment> {
    pairs
        .iter()
        .map(|(field, value)| Assignment::new(field, value))
        .collect()
}

/// A regional site with the Région Sud directory, two organisations with
/// requests (one in Digne wanting GIS skills nobody in 04 has: a gap).
fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let clock = Arc::new(FixedClock::parse("2026-11-26").unwrap());
    let request = InitRequest {
        name: "Coordination",
        departement: "13",
        role: "regional",
        author: Some("Anne"),
    };
    init(&path, clock.clone(), &request).unwrap();
    let mut app = App::open(&path, Config::default(), clock).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/regionsud_lieux_inclusion_numerique_2022.csv");
    app.import_places(&fixture).unwrap();
    for (org, commune, departement, title, skill) in [
        (
            "PNR du Luberon",
            "84009",
            "84",
            "Sentier du patrimoine",
            "web",
        ),
        (
            "Écomusée de Digne",
            "04070",
            "04",
            "Carte des fossiles",
            "gis",
        ),
    ] {
        let org = app
            .add(
                Kind::Org,
                &assignments(&[
                    ("name", org),
                    ("commune", commune),
                    ("departement", departement),
                ]),
            )
            .unwrap();
        app.add(
            Kind::Request,
            &assignments(&[
                ("title", title),
                ("organisation", &org),
                ("departement", departement),
                ("skills", skill),
            ]),
        )
        .unwrap();
    }
    (dir, app)
}

fn draw(state: &MapState, theme: Theme) -> (String, Vec<Color>) {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| map(frame, Lang::Fr, theme, state, frame.area()))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let colours = buffer.content().iter().map(|cell| cell.fg).collect();
    let mut text = String::new();
    for y in 0..24 {
        let line: String = (0..80).map(|x| buffer[(x, y)].symbol()).collect();
        text.push_str(line.trim_end());
        text.push('\n');
    }
    (text, colours)
}

#[test]
fn the_map_draws_at_80x24_in_french_with_and_without_colour() {
    let (_dir, app) = app();
    let state = load(&app).unwrap();
    let data = state.data.as_ref().unwrap();
    assert_eq!(data.departements.len(), 6);
    let digne = data.departements.iter().find(|d| d.code == "04").unwrap();
    assert!(digne.gap, "GIS wanted in 04, nobody available");
    assert!(data.communes.len() > 300, "the directory's communes");
    let (coloured, colours) = draw(&state, Theme { color: true });
    assert!(colours.iter().any(|fg| *fg != Color::Reset));
    insta::assert_snapshot!("map_fr", coloured);
    let (plain, colours) = draw(&state, Theme { color: false });
    assert!(colours.iter().all(|fg| *fg == Color::Reset), "NO_COLOR");
    assert_eq!(plain, coloured, "the marks are characters, not colours");
    insta::assert_snapshot!("map_no_color_fr", plain);
    for mark in ["◉", "04!", "13"] {
        assert!(plain.contains(mark), "{mark} on the map");
    }
    assert!(
        plain.contains('⠀')
            || plain
                .chars()
                .any(|c| ('\u{2800}'..='\u{28FF}').contains(&c))
    );
}

#[test]
fn arrows_move_between_communes_and_enter_lists_what_is_there() {
    let (_dir, app) = app();
    let mut state = load(&app).unwrap();
    let start = state.selected_commune().unwrap().clone();
    // The busiest commune first: Marseille has the most places.
    assert_eq!(start.code, "13055");
    state.step(Direction::Up);
    let north = state.selected_commune().unwrap().clone();
    assert!(north.at.1 > start.at.1, "up goes north");
    state.step(Direction::Right);
    assert!(
        state.selected_commune().unwrap().at.0 > north.at.0,
        "right goes east"
    );

    // Go to Digne and list it: the directory's places and the request.
    let data = state.data.as_ref().unwrap();
    state.selected = data
        .communes
        .iter()
        .position(|c| c.code == "04070")
        .unwrap();
    state.open(&app).unwrap();
    let listing = state.listing.as_ref().unwrap();
    assert_eq!(listing.requests, ["Carte des fossiles"]);
    assert!(!listing.places.is_empty());
    let (text, _) = draw(&state, Theme { color: false });
    insta::assert_snapshot!("map_listing_fr", text);
    assert!(text.contains("Carte des fossiles"));
    state.close();
    assert!(state.listing.is_none());
}
