//! The terminal UI without a terminal: the model driven through
//! `update(Action)`, and every screen drawn into ratatui's `TestBackend` at
//! 80×24 (French, some English, one small size) and compared with insta
//! snapshots. Fixed clock and data; record ids never appear on screen.

use crate::tui_support;

use ratatui::style::Modifier;
use relais::app::identity::{InitRequest, init};
use relais::app::ui::{Action, Context, Model, Overlay, Screen, View, settle_search_index, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::PathBuf;
use tui_support::{a, buffer_text, clock, drawn};

/// A database with a site and a few records of every kind on screen.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relais.db");
    init(
        &path,
        clock(),
        &InitRequest {
            name: "EPN de Digne",
            departement: "04",
            role: "epn",
            author: Some("Camille"),
        },
    )
    .expect("init");
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    let eco = app
        .add(
            Kind::Org,
            &[
                a("name", "Écomusée du Pays de la Roudoule"),
                a("kind", "ecomuseum"),
                a("departement", "06"),
            ],
        )
        .expect("org");
    let pnr = app
        .add(
            Kind::Org,
            &[
                a("name", "Parc naturel régional du Verdon"),
                a("kind", "pnr"),
                a("departement", "04"),
            ],
        )
        .expect("org");
    let zoe = app
        .add(
            Kind::Developer,
            &[
                a("name", "Zoé Martin"),
                a("departement", "04"),
                a("role", "departmental"),
                a("skills", "web:3,gis:2"),
                a("availability", "40"),
            ],
        )
        .expect("dev");
    app.add(
        Kind::Developer,
        &[
            a("name", "Yanis Benali"),
            a("departement", "13"),
            a("role", "volunteer"),
            a("skills", "dataviz:2"),
        ],
    )
    .expect("dev");
    let trail = app
        .add(
            Kind::Request,
            &[
                a("title", "Carte du sentier de découverte"),
                a("organisation", &eco),
                a("departement", "06"),
                a("category", "map"),
                a("skills", "gis"),
                a("priority", "high"),
            ],
        )
        .expect("request");
    app.set(Kind::Request, &trail, &[a("status", "qualified")])
        .expect("qualify");
    app.set(
        Kind::Request,
        &trail,
        &[a("status", "assigned"), a("developers", &zoe)],
    )
    .expect("assign");
    app.add(
        Kind::Request,
        &[
            a("title", "Valoriser les données patrimoniales"),
            a("organisation", &pnr),
            a("departement", "04"),
            a("category", "dataviz"),
            a(
                "need",
                "Montrer le patrimoine du parc sur une carte interactive.",
            ),
        ],
    )
    .expect("request");
    app.add(
        Kind::Request,
        &[
            a("title", "Annuaire des initiatives européennes"),
            a("departement", "13"),
            a("category", "database"),
            // The preview pane under the list says a licence by its name.
            a("licence", "etalab-2.0"),
            a("estimated_hours", "40"),
        ],
    )
    .expect("request");
    app.add(
        Kind::Workshop,
        &[
            a("title", "Atelier carte sensible"),
            a("kind", "cocreation"),
            a("date", "2026-11-14"),
            a("request", &trail),
            a("participants", "12"),
        ],
    )
    .expect("workshop");
    app.add(
        Kind::Workshop,
        &[
            a("title", "Restitution publique"),
            a("kind", "restitution"),
            a("date", "2026-10-03"),
            a("participants", "30"),
        ],
    )
    .expect("workshop");
    (dir, path)
}

/// A model on the requests tab (the second; the dashboard comes first).
fn model(path: &std::path::Path, lang: Lang, size: (u16, u16)) -> Model {
    let mut model = Model::open(path, Config::default(), clock(), lang, size).expect("model");
    update(&mut model, Action::Screen(1));
    model
}

fn render(model: &Model) -> (String, ratatui::buffer::Buffer) {
    let buffer = drawn(model, model.size, false).backend().buffer().clone();
    (buffer_text(&buffer), buffer)
}

fn screen(model: &Model) -> String {
    render(model).0
}

fn keys(model: &mut Model, actions: &[Action]) {
    for action in actions {
        update(model, *action);
    }
}

fn type_text(model: &mut Model, text: &str) {
    for c in text.chars() {
        update(model, Action::Type(c));
    }
}

// ---- snapshots -------------------------------------------------------------

#[test]
fn snapshot_requests_fr() {
    let (_dir, path) = fixture();
    let model = model(&path, Lang::Fr, (80, 24));
    insta::assert_snapshot!(screen(&model));
}

#[test]
fn snapshot_requests_en() {
    let (_dir, path) = fixture();
    let model = model(&path, Lang::En, (80, 24));
    insta::assert_snapshot!(screen(&model));
}

#[test]
fn snapshot_developers_workshops_orgs_fr() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    update(&mut model, Action::Screen(2));
    insta::assert_snapshot!("developers_fr", screen(&model));
    update(&mut model, Action::Screen(3));
    insta::assert_snapshot!("workshops_fr", screen(&model));
    update(&mut model, Action::Screen(4));
    insta::assert_snapshot!("orgs_fr", screen(&model));
    update(&mut model, Action::Open);
    insta::assert_snapshot!("org_detail_fr", screen(&model));
}

#[test]
fn snapshot_request_detail_and_history_fr() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    keys(&mut model, &[Action::Down, Action::Open]);
    insta::assert_snapshot!("request_detail_fr", screen(&model));
    update(&mut model, Action::History);
    insta::assert_snapshot!("request_history_fr", screen(&model));
}

#[test]
fn snapshot_developer_detail_en() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::En, (80, 24));
    keys(&mut model, &[Action::Screen(2), Action::Down, Action::Open]);
    insta::assert_snapshot!(screen(&model));
}

#[test]
fn snapshot_forms_fr() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    update(&mut model, Action::New);
    insta::assert_snapshot!("request_form_fr", screen(&model));
    update(&mut model, Action::Save);
    insta::assert_snapshot!("request_form_refused_fr", screen(&model));
    keys(&mut model, &[Action::Back, Action::Screen(3), Action::New]);
    insta::assert_snapshot!("workshop_form_fr", screen(&model));
}

#[test]
fn snapshot_setup_fr_and_en() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.db");
    let mut model = Model::open(
        &path,
        Config {
            author: Some("Camille".into()),
            ..Config::default()
        },
        clock(),
        Lang::Fr,
        (80, 24),
    )
    .expect("model");
    type_text(&mut model, "EPN de Digne");
    update(&mut model, Action::NextField);
    type_text(&mut model, "alpes-de");
    let shown = screen(&model);
    let folder = dir.path().display().to_string();
    assert!(shown.contains(&format!("{folder}/new.db")), "{shown}");
    insta::assert_snapshot!("setup_fr", shown.replace(&folder, "<tmp>"));
    let english =
        Model::open(&path, Config::default(), clock(), Lang::En, (80, 24)).expect("model");
    let text = screen(&english);
    assert!(text.contains("First run"), "{text}");
}

#[test]
fn snapshot_overlays_fr() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    update(&mut model, Action::Help);
    // The help names the installation's files: fixed paths for the picture.
    let database = std::mem::replace(
        &mut model.db_path,
        PathBuf::from("/home/camille/.local/share/relais/relais.db"),
    );
    model.config_path = PathBuf::from("/home/camille/.config/relais/config.toml");
    insta::assert_snapshot!("help_fr", screen(&model));
    model.db_path = database;
    keys(&mut model, &[Action::Back, Action::Search]);
    // `/` opened at once; the picture is of the titles of the whole index.
    settle_search_index(&mut model);
    type_text(&mut model, "ecomusee");
    insta::assert_snapshot!("search_fr", screen(&model));
    keys(&mut model, &[Action::Back, Action::Status]);
    insta::assert_snapshot!("status_dialog_fr", screen(&model));
}

#[test]
fn snapshot_too_small_and_compact() {
    let (_dir, path) = fixture();
    let model_small = model(&path, Lang::Fr, (40, 10));
    insta::assert_snapshot!("too_small_fr", screen(&model_small));
    let compact = model(&path, Lang::En, (60, 16));
    // The titles keep their room; the category goes (at 60 columns the
    // titles had 13).
    let text = screen(&compact);
    assert!(text.contains("Annuaire des initiatives euro"), "{text}");
    assert!(!text.contains("Category"), "{text}");
    insta::assert_snapshot!("compact_60x16_en", text);
}

#[test]
fn the_selection_is_reverse_video_with_a_marker_and_the_cursor_on_it() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    update(&mut model, Action::Down);
    let mut terminal = drawn(&model, (80, 24), false);
    let buffer = terminal.backend().buffer().clone();
    // Row 3 is the first table row; the second row is selected.
    let row = 4;
    assert_eq!(buffer[(0, row)].symbol(), "▶");
    for x in 0..40 {
        assert!(
            buffer[(x, row)].modifier.contains(Modifier::REVERSED),
            "cell {x} not reversed"
        );
        assert!(!buffer[(x, row - 1)].modifier.contains(Modifier::REVERSED));
    }
    // No colour at all without colours (NO_COLOR).
    for cell in buffer.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
    let position = terminal.get_cursor_position().expect("cursor");
    assert_eq!((position.x, position.y), (0, row));
}

// ---- behaviour through update(Action) -------------------------------------

#[test]
fn first_run_creates_the_site_and_offers_the_demo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sub").join("new.db");
    let mut model =
        Model::open(&path, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
    assert!(matches!(model.view, View::Setup(_)));
    assert!(
        !path.exists(),
        "nothing is written before the form is saved"
    );
    update(&mut model, Action::Save);
    let View::Setup(form) = &model.view else {
        panic!("still in setup")
    };
    assert!(
        form.fields
            .iter()
            .any(|f| f.name == "name" && f.error.is_some()),
        "the name is required"
    );
    type_text(&mut model, "EPN de Gap");
    update(&mut model, Action::NextField);
    type_text(&mut model, "05");
    update(&mut model, Action::Save);
    assert_eq!(model.site.as_deref(), Some("EPN de Gap (05)"));
    assert!(matches!(model.overlay, Overlay::Confirm(_)));
    update(&mut model, Action::Yes);
    assert_eq!(model.list().total, 42, "the demo's requests are listed");
}

#[test]
fn creating_a_request_shows_refusals_next_to_the_field_then_saves() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    update(&mut model, Action::New);
    assert_eq!(model.context(), Context::Form);
    // Letters type text: `q` does not quit while typing.
    type_text(&mut model, "q");
    assert!(!model.quit);
    update(&mut model, Action::ClearField);
    keys(&mut model, &[Action::NextField; 8]);
    type_text(&mut model, "beaucoup");
    update(&mut model, Action::Save);
    let View::Form(form) = &model.view else {
        panic!("form closed")
    };
    let hours = form
        .fields
        .iter()
        .find(|f| f.name == "estimated_hours")
        .expect("field");
    assert!(hours.error.is_some(), "hours must be a number");
    let title = form
        .fields
        .iter()
        .find(|f| f.name == "title")
        .expect("field");
    // Every problem at once: the empty title too, which takes the focus.
    assert!(title.error.is_some(), "the title is required");
    assert_eq!(form.fields[form.focus].name, "title");
    type_text(&mut model, "Site des jardins partagés");
    keys(&mut model, &[Action::NextField; 8]);
    update(&mut model, Action::ClearField);
    type_text(&mut model, "12");
    update(&mut model, Action::Save);
    let View::Detail(detail) = &model.view else {
        panic!("not saved: {:?}", model.notice)
    };
    assert_eq!(detail.record.label(), "Site des jardins partagés");
    assert_eq!(detail.record.get("estimated_hours"), Some("12"));
    update(&mut model, Action::Back);
    assert_eq!(model.list().total, 4);
}

#[test]
fn status_changes_follow_the_rules_and_ask_for_a_reason() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    // The first row (by title) is the new "Annuaire…" request.
    update(&mut model, Action::Status);
    let Overlay::Status(dialog) = &model.overlay else {
        panic!("no dialog")
    };
    assert_eq!(dialog.options.len(), 2, "qualified or abandoned");
    update(&mut model, Action::Down);
    update(&mut model, Action::Open);
    let Overlay::Status(dialog) = &model.overlay else {
        panic!("abandoning needs a reason")
    };
    assert!(dialog.error.is_some());
    type_text(&mut model, "Plus de financement");
    update(&mut model, Action::Open);
    assert_eq!(model.overlay, Overlay::None);
    assert_eq!(
        model.list().selected_record().and_then(|r| r.get("status")),
        Some("abandoned")
    );
}

#[test]
fn search_finds_accented_labels_and_enter_jumps_to_the_record() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    // The box never waits for the index: this test wants every title.
    update(&mut model, Action::Tick);
    settle_search_index(&mut model);
    update(&mut model, Action::Search);
    type_text(&mut model, "ZOE");
    let Overlay::Search(search) = &model.overlay else {
        panic!("no search")
    };
    assert_eq!(search.hits[0].label, "Zoé Martin");
    assert_eq!(search.hits[0].positions, vec![0, 1, 2]);
    update(&mut model, Action::Open);
    assert_eq!(model.screen, Screen::Developers);
    let View::Detail(detail) = &model.view else {
        panic!("no detail")
    };
    assert_eq!(detail.record.label(), "Zoé Martin");
}

#[test]
fn quitting_asks_only_when_a_form_has_input() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    keys(&mut model, &[Action::New, Action::Back]);
    assert_eq!(model.view, View::Browse, "an untouched form closes at once");
    update(&mut model, Action::New);
    type_text(&mut model, "Brouillon");
    update(&mut model, Action::Quit);
    assert!(!model.quit);
    assert!(matches!(model.overlay, Overlay::Confirm(_)));
    update(&mut model, Action::No);
    assert!(!model.quit);
    keys(&mut model, &[Action::Quit, Action::Yes]);
    assert!(model.quit);
}

#[test]
fn filters_sorting_and_paging_stay_within_the_rows() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    update(&mut model, Action::FilterStatus);
    assert_eq!(model.list().total, 2, "two new requests");
    update(&mut model, Action::ClearFilters);
    keys(
        &mut model,
        &[
            Action::PageDown,
            Action::PageDown,
            Action::Bottom,
            Action::Down,
        ],
    );
    assert_eq!(model.list().selected, 2);
    keys(&mut model, &[Action::PageUp, Action::Up]);
    assert_eq!(model.list().selected, 0);
    update(&mut model, Action::SortReverse);
    assert_eq!(
        model.list().selected_record().map(|r| r.label()),
        Some("Valoriser les données patrimoniales")
    );
    update(&mut model, Action::Resize(30, 8));
    update(&mut model, Action::Down);
    let _ = screen(&model);
}

#[test]
fn another_programs_write_shows_up_on_the_next_tick() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    assert_eq!(model.list().total, 3);
    let mut other = App::open(&path, Config::default(), clock()).expect("open");
    other
        .add(Kind::Request, &[a("title", "Importée d'une autre session")])
        .expect("add");
    update(&mut model, Action::Tick);
    assert_eq!(model.list().total, 4);
    assert!(model.notice.is_some());
}

#[test]
fn the_history_is_reachable_from_the_detail_and_back() {
    let (_dir, path) = fixture();
    let mut model = model(&path, Lang::Fr, (80, 24));
    keys(&mut model, &[Action::Down, Action::Open, Action::History]);
    let View::History(history) = &model.view else {
        panic!("no history")
    };
    assert!(history.lines.iter().any(|line| line.author == "Camille"));
    assert!(history.lines.iter().any(|line| line.new == "Attribuée"));
    update(&mut model, Action::Back);
    assert!(matches!(model.view, View::Detail(_)));
}

#[test]
fn an_organisation_heading_counts_all_its_requests_not_the_page_listed() {
    let (_dir, path) = fixture();
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    let org = app
        .add(
            Kind::Org,
            &[a("name", "Aaa association"), a("kind", "association")],
        )
        .expect("org");
    for n in 0..55 {
        app.add(
            Kind::Request,
            &[
                a("title", &format!("Demande {n}")),
                a("organisation", &org),
                a("departement", "04"),
            ],
        )
        .expect("request");
    }
    drop(app);
    let mut model = model(&path, Lang::Fr, (80, 24));
    update(&mut model, Action::Screen(4));
    let (text, _) = render(&model);
    assert!(text.contains("Aaa association"), "{text}");
    while model
        .list()
        .selected_record()
        .is_some_and(|record| record.label() != "Aaa association")
    {
        update(&mut model, Action::Down);
    }
    update(&mut model, Action::Open);
    let View::Detail(detail) = &model.view else {
        panic!("no detail")
    };
    let headings: Vec<&str> = detail
        .lines
        .iter()
        .filter_map(|line| match line {
            relais::app::ui::DetailLine::Heading(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        headings.contains(&"55 demandes · les 50 dernières ci-dessous"),
        "{headings:?}"
    );
}
