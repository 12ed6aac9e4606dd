//! The *Carte* tab and the places (*Lieux*) in the terminal UI, without a
//! terminal: a regional site holding the real Région Sud directory and two
//! organisations with requests (one in Digne wanting GIS skills nobody in
//! 04 has: a gap). The map as snapshots at 80×24 in French, with colour and
//! under `NO_COLOR` (where the marks are distinct characters); arrows move
//! the cursor between communes, Enter lists what is there and opens the
//! record chosen; the list of places opens from the map, with search and
//! detail; a workshop is linked to a place through its form.

use crate::app_support;
use crate::tui_support;

use app_support::assignments;
use ratatui::style::Color;
use relais::app::ui::map::Direction;
use relais::app::ui::{Action, Model, Overlay, Screen, Tab, View, settle, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use relais::tui::theme::Theme;
use std::path::{Path, PathBuf};
use tui_support::{buffer_text, clock, drawn, site};

/// A regional site with the Région Sud directory, two organisations with
/// requests (one in Digne wanting GIS skills nobody in 04 has: a gap).
fn database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    site(&path, "Coordination", "13", "regional", "Anne");
    let mut app = App::open(&path, Config::default(), clock()).unwrap();
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
    (dir, path)
}

fn open(path: &Path) -> Model {
    let mut model = Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).unwrap();
    update(&mut model, Action::Tick);
    settle(&mut model);
    model
}

fn keys(model: &mut Model, actions: &[Action]) {
    for action in actions {
        update(model, *action);
        settle(model);
    }
}

fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        update(model, Action::Type(c));
    }
}

/// The screen drawn with `theme`: its text and each cell's colour.
fn draw_with(model: &Model, theme: Theme) -> (String, Vec<Color>) {
    let terminal = drawn(model, model.size, theme.color);
    let buffer = terminal.backend().buffer();
    let colours = buffer.content().iter().map(|cell| cell.fg).collect();
    (buffer_text(buffer), colours)
}

fn screen(model: &Model) -> String {
    let (text, colours) = draw_with(model, Theme { color: false });
    assert!(colours.iter().all(|fg| *fg == Color::Reset), "NO_COLOR");
    text
}

/// The map tab, its data computed in the background.
fn map_tab(model: &mut Model) {
    let index = Tab::Map.index() as u8;
    keys(model, &[Action::Screen(index)]);
    assert_eq!(model.tab, Tab::Map);
    assert_eq!(model.view, View::Map);
}

fn select_commune(model: &mut Model, code: &str) {
    let data = model.map.data.as_ref().unwrap();
    model.map.selected = data.communes.iter().position(|c| c.code == code).unwrap();
}

#[test]
fn the_map_tab_draws_at_80x24_in_french_with_and_without_colour() {
    let (_dir, path) = database();
    let mut model = open(&path);
    let index = Tab::Map.index() as u8;
    update(&mut model, Action::Screen(index));
    // The figures come from a background job: the first frame says so.
    assert!(screen(&model).contains("Calcul des indicateurs…"));
    settle(&mut model);
    assert_eq!(model.view, View::Map);
    let data = model.map.data.as_ref().expect("computed");
    assert_eq!(data.departements.len(), 6);
    let digne = data.departements.iter().find(|d| d.code == "04").unwrap();
    assert!(digne.gap, "GIS wanted in 04, nobody available");
    assert!(data.communes.len() > 300, "the directory's communes");

    let (coloured, colours) = draw_with(&model, Theme { color: true });
    assert!(colours.iter().any(|fg| *fg != Color::Reset));
    insta::assert_snapshot!("map_fr", coloured);
    let plain = screen(&model);
    assert_eq!(plain, coloured, "the marks are characters, not colours");
    insta::assert_snapshot!("map_no_color_fr", plain);
    // The tab bar, the cursor on Marseille, both requests (◆ at Digne and
    // at Apt: the directory has places in both communes), the gaps and the
    // legend, whose ▲ is the only one (no request stands alone).
    assert!(plain.starts_with("1 Accueil"), "{plain}");
    assert!(plain.contains("7 Carte"), "{plain}");
    for mark in [
        "◉",
        "04!",
        "84!",
        "13",
        "• lieux de l'annuaire",
        "▲ demandes",
    ] {
        assert!(plain.contains(mark), "{mark} on the map:\n{plain}");
    }
    assert_eq!(
        plain.matches('◆').count(),
        3,
        "two requests and the legend:\n{plain}"
    );
    assert_eq!(plain.matches('▲').count(), 1, "the legend alone:\n{plain}");
    assert!(plain.contains("Marseille (13055)"), "{plain}");
    assert!(
        plain
            .chars()
            .any(|c| ('\u{2801}'..='\u{28FF}').contains(&c)),
        "braille outlines"
    );
}

#[test]
fn arrows_move_between_communes_and_enter_lists_and_opens_what_is_there() {
    let (_dir, path) = database();
    let mut model = open(&path);
    map_tab(&mut model);
    let start = model.map.selected_commune().unwrap().clone();
    // The busiest commune first: Marseille has the most places.
    assert_eq!(start.code, "13055");
    keys(&mut model, &[Action::Up]);
    let north = model.map.selected_commune().unwrap().clone();
    assert!(north.at.1 > start.at.1, "up goes north");
    keys(&mut model, &[Action::OptionNext]);
    let east = model.map.selected_commune().unwrap().clone();
    assert!(east.at.0 > north.at.0, "right goes east");
    keys(&mut model, &[Action::OptionPrev]);
    let west = model.map.selected_commune().unwrap().clone();
    assert!(west.at.0 < east.at.0, "left goes west");
    keys(&mut model, &[Action::Down]);
    assert!(
        model.map.selected_commune().unwrap().at.1 < west.at.1,
        "down goes south"
    );

    // Digne: Enter lists the directory's places there and the request.
    select_commune(&mut model, "04070");
    keys(&mut model, &[Action::Open]);
    let listing = model.map.listing.as_ref().expect("listed");
    let requests: Vec<&str> = listing
        .of_kind(Kind::Request)
        .map(|(_, r)| r.label.as_str())
        .collect();
    assert_eq!(requests, ["Carte des fossiles"]);
    assert_eq!(listing.of_kind(Kind::Place).count(), 10);
    insta::assert_snapshot!("map_listing_fr", screen(&model));

    // ↓ down to the request, Enter opens it; Esc comes back to the listing.
    for _ in 0..10 {
        keys(&mut model, &[Action::Down]);
    }
    let chosen = model
        .map
        .listing
        .as_ref()
        .unwrap()
        .selected_record()
        .unwrap();
    assert_eq!(chosen.label, "Carte des fossiles");
    keys(&mut model, &[Action::Open]);
    let View::Detail(detail) = &model.view else {
        panic!("a detail: {:?}", model.view);
    };
    assert_eq!(detail.record.label(), "Carte des fossiles");
    assert_eq!(model.tab, Tab::Map, "opened over the map");
    keys(&mut model, &[Action::Back]);
    assert_eq!(model.view, View::Map);
    assert!(model.map.listing.is_some(), "the listing is still there");

    // ↑ to a place: Enter opens the place's detail.
    keys(&mut model, &[Action::Up]);
    keys(&mut model, &[Action::Open]);
    let View::Detail(detail) = &model.view else {
        panic!("a detail: {:?}", model.view);
    };
    assert_eq!(detail.record.kind, Kind::Place);
    assert_eq!(detail.record.get("commune"), Some("04070"));
    keys(&mut model, &[Action::Back, Action::Back]);
    assert!(model.map.listing.is_none(), "Esc closes the listing");
    assert_eq!(model.map.selected_commune().unwrap().code, "04070");
}

#[test]
fn the_cursor_stops_at_the_edge_of_the_region() {
    let (_dir, path) = database();
    let mut model = open(&path);
    map_tab(&mut model);
    let data = model.map.data.as_ref().unwrap();
    let westmost = data
        .communes
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.at.0.total_cmp(&b.1.at.0))
        .map(|(at, _)| at)
        .unwrap();
    model.map.selected = westmost;
    model.map.step(Direction::Left);
    assert_eq!(model.map.selected, westmost, "nothing further west");
}

#[test]
fn the_places_open_from_the_map_with_search_and_detail() {
    let (_dir, path) = database();
    let mut model = open(&path);
    map_tab(&mut model);
    keys(&mut model, &[Action::Places]);
    assert_eq!(model.view, View::Browse);
    assert_eq!(model.screen, Screen::Places);
    assert_eq!(model.tab, Tab::Map, "the map's tab stays lit");
    assert_eq!(model.list().total, 1241, "every place of the directory");
    let text = screen(&model);
    insta::assert_snapshot!("places_fr", text);
    for column in ["Nom", "Commune", "Dép.", "Services"] {
        assert!(text.contains(column), "{column}:\n{text}");
    }

    // Filtered by département (d cycles them), then cleared.
    keys(&mut model, &[Action::FilterDepartement]);
    assert!(model.list().total < 1241);
    assert!(
        model
            .list()
            .selected_record()
            .is_some_and(|p| p.get("departement") == Some("04"))
    );
    keys(&mut model, &[Action::ClearFilters]);

    // Places are read-only here: n says where they come from.
    keys(&mut model, &[Action::New]);
    assert_eq!(model.view, View::Browse);
    let notice = model.notice.as_ref().unwrap();
    assert_eq!(notice.message.key, "tui.places.read_only");

    // Search finds a place by name, shown with its commune.
    keys(&mut model, &[Action::Search]);
    type_text(&mut model, "lumen");
    let Overlay::Search(search) = &model.overlay else {
        panic!("search box");
    };
    let hit = search.hits.first().expect("a hit");
    assert_eq!(hit.kind, Kind::Place);
    assert_eq!(hit.label, "Lumen (Digne-les-Bains)");
    keys(&mut model, &[Action::Open]);
    let View::Detail(detail) = &model.view else {
        panic!("a detail: {:?}", model.view);
    };
    assert_eq!(detail.record.label(), "Lumen");
    let text = screen(&model);
    assert!(text.contains("Lumen"), "{text}");
    assert!(text.contains("Digne-les-Bains"), "{text}");
    insta::assert_snapshot!("place_detail_fr", text);

    // Esc: back to the list of places, Esc again: the map.
    keys(&mut model, &[Action::Back]);
    assert_eq!(model.view, View::Browse);
    assert_eq!(model.screen, Screen::Places);
    keys(&mut model, &[Action::Back]);
    assert_eq!(model.view, View::Map);
}

#[test]
fn a_workshop_is_linked_to_a_place_through_its_form_and_shown_by_name() {
    let (_dir, path) = database();
    let mut model = open(&path);
    keys(
        &mut model,
        &[Action::Screen(Tab::Records(Screen::Workshops).index() as u8)],
    );
    keys(&mut model, &[Action::New]);
    let View::Form(form) = &model.view else {
        panic!("a form: {:?}", model.view);
    };
    let place = form.fields.iter().position(|f| f.name == "place").unwrap();
    type_text(&mut model, "Atelier cartes anciennes");
    for _ in 0..place {
        keys(&mut model, &[Action::NextField]);
    }
    type_text(&mut model, "lumen");
    let View::Form(form) = &model.view else {
        panic!("a form");
    };
    assert_eq!(form.focus, place);
    insta::assert_snapshot!("workshop_form_place_fr", screen(&model));
    keys(&mut model, &[Action::Save]);
    let View::Detail(detail) = &model.view else {
        panic!("saved and shown: {:?} {:?}", model.view, model.notice);
    };
    assert_eq!(detail.record.kind, Kind::Workshop);
    let text = screen(&model);
    assert!(
        text.lines().any(|line| line.contains("Lieu")
            && line
                .trim_end_matches("Entrée fiche liée")
                .trim_end()
                .ends_with("Lumen")),
        "{text}"
    );
    insta::assert_snapshot!("workshop_with_place_fr", text);

    // The place's line opens the place, whose detail lists the workshop.
    let at = detail
        .lines
        .iter()
        .position(|line| line.target().is_some_and(|(kind, _)| kind == Kind::Place))
        .unwrap();
    if let View::Detail(detail) = &mut model.view {
        detail.selected = Some(at);
    }
    keys(&mut model, &[Action::Open]);
    let View::Detail(detail) = &model.view else {
        panic!("the place");
    };
    assert_eq!(detail.record.label(), "Lumen");
    assert!(screen(&model).contains("Atelier cartes anciennes"));
}

#[test]
fn the_map_still_reads_on_a_small_terminal_and_in_english() {
    let (_dir, path) = database();
    let mut model = open(&path);
    map_tab(&mut model);
    model.lang = Lang::En;
    for (width, height) in [(60, 16), (120, 40)] {
        keys(&mut model, &[Action::Resize(width, height)]);
        let text = screen(&model);
        assert!(text.contains('◉'), "{width}×{height}:\n{text}");
        assert!(text.contains("7 Map"), "{width}×{height}:\n{text}");
    }
    keys(&mut model, &[Action::Resize(60, 16)]);
    insta::assert_snapshot!("map_60x16_en", screen(&model));
}
