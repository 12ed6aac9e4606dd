//! Everyday editing in the terminal UI, driven through `update(Action)` and
//! drawn into ratatui's `TestBackend` at 80×24: the caret in text fields
//! (and the terminal cursor on it), long values and messages, names typed
//! in forms, history in words, and links followed from a detail.

use crate::tui_support;

use ratatui::style::Modifier;
use relais::app::ui::{Action, Model, View, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::{Path, PathBuf};
use tui_support::{a, buffer_text, clock, drawn, site};

const NEED: &str = "Montrer le patrimoine du parc sur une carte interactive, avec les \
                    sentiers, les points d'eau et les lieux de mémoire, pour les habitants \
                    comme pour les visiteurs de passage.";

/// A site, an organisation, three developers (two named Zoé) and a request.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relais.db");
    site(&path, "EPN de Digne", "04", "epn", "Camille");
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    let pnr = app
        .add(
            Kind::Org,
            &[
                a("name", "Parc naturel régional du Verdon"),
                a("kind", "pnr"),
            ],
        )
        .expect("org");
    for (name, dep) in [
        ("Zoé Martin", "04"),
        ("Zoé Blanc", "05"),
        ("Yanis Benali", "13"),
    ] {
        app.add(Kind::Developer, &[a("name", name), a("departement", dep)])
            .expect("dev");
    }
    let request = app
        .add(
            Kind::Request,
            &[
                a("title", "Valoriser les données patrimoniales"),
                a("organisation", &pnr),
                a("departement", "04"),
                a("category", "dataviz"),
                a("need", NEED),
            ],
        )
        .expect("request");
    app.add(
        Kind::Workshop,
        &[
            a("title", "Atelier carte sensible"),
            a("kind", "cocreation"),
            a("date", "2026-11-14"),
            a("request", &request),
        ],
    )
    .expect("workshop");
    (dir, path)
}

/// A model on the requests tab.
fn model(path: &Path) -> Model {
    let mut model =
        Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
    update(&mut model, Action::Screen(1));
    model
}

/// The screen as text, its cells, and where the terminal cursor is.
fn render(model: &Model) -> (String, ratatui::buffer::Buffer, (u16, u16)) {
    let mut terminal = drawn(model, (80, 24), false);
    let buffer = terminal.backend().buffer().clone();
    let cursor = terminal.get_cursor_position().expect("cursor");
    (buffer_text(&buffer), buffer, (cursor.x, cursor.y))
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

fn form_value(model: &Model, name: &str) -> String {
    match &model.view {
        View::Form(form) => form.value(name),
        other => panic!("no form: {other:?}"),
    }
}

/// The row of the screen that contains `text`.
fn row_of(text: &str, needle: &str) -> u16 {
    text.lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{text}")) as u16
}

#[test]
fn the_caret_moves_inside_a_field_and_the_cursor_follows_it() {
    let (_dir, path) = fixture();
    let mut model = model(&path);
    update(&mut model, Action::New);
    type_text(&mut model, "Carte");
    keys(&mut model, &[Action::OptionPrev, Action::OptionPrev]);
    type_text(&mut model, "x");
    assert_eq!(form_value(&model, "title"), "Carxte");
    let (text, _, cursor) = render(&model);
    let row = row_of(&text, "Carxte");
    let line = text.lines().nth(row as usize).unwrap_or("");
    let start = line
        .find("Carxte")
        .map_or(0, |at| line[..at].chars().count());
    assert_eq!(cursor, (start as u16 + 4, row), "after Carx\n{text}");
    keys(&mut model, &[Action::LineStart, Action::DeleteForward]);
    keys(&mut model, &[Action::LineEnd, Action::DeleteBack]);
    assert_eq!(form_value(&model, "title"), "arxt");
    type_text(&mut model, "e des œuvres");
    update(&mut model, Action::DeleteWord);
    assert_eq!(form_value(&model, "title"), "arxte des");
    update(&mut model, Action::ClearField);
    assert_eq!(form_value(&model, "title"), "");
}

#[test]
fn a_long_value_scrolls_so_the_caret_stays_visible() {
    let (_dir, path) = fixture();
    let mut model = model(&path);
    update(&mut model, Action::New);
    let long = "Une très longue demande écrite d'un seul trait par une personne pressée fin";
    type_text(&mut model, long);
    let (text, _, (x, y)) = render(&model);
    assert!(x < 80, "cursor inside the screen: {x}");
    let row = text.lines().nth(y as usize).unwrap_or("");
    assert!(row.contains("pressée fin"), "the end is shown:\n{text}");
    assert!(row.contains('…'), "the cut start is marked:\n{text}");
    update(&mut model, Action::LineStart);
    let (text, _, (_, y)) = render(&model);
    let row = text.lines().nth(y as usize).unwrap_or("");
    assert!(row.contains("Une très longue"), "{text}");
}

#[test]
fn a_long_need_wraps_in_the_detail_instead_of_being_cut() {
    let (_dir, path) = fixture();
    let mut model = model(&path);
    update(&mut model, Action::Open);
    let (text, _, _) = render(&model);
    assert!(
        text.contains("Valoriser les données patrimoniales"),
        "{text}"
    );
    let first = row_of(&text, "Montrer le patrimoine");
    let last = row_of(&text, "passage.");
    assert!(last >= first + 2, "over several lines:\n{text}");
    let need_rows: Vec<&str> = text.lines().skip(first as usize).take(3).collect();
    assert!(need_rows.iter().all(|row| !row.contains('…')), "{text}");
}

#[test]
fn up_and_down_choose_among_the_records_a_detail_names_and_enter_opens_one() {
    let (_dir, path) = fixture();
    let mut model = model(&path);
    update(&mut model, Action::Open);
    // The organisation is selected first: reverse video and a marker.
    let (text, buffer, cursor) = render(&model);
    let row = row_of(&text, "Parc naturel régional du Verdon");
    assert_eq!(buffer[(0, row)].symbol(), "▶");
    assert!(buffer[(5, row)].modifier.contains(Modifier::REVERSED));
    assert_eq!(cursor, (0, row), "the cursor is on the selection");
    // ↓ goes to the workshop below (not to the next plain field).
    update(&mut model, Action::Down);
    let (text, buffer, _) = render(&model);
    let row = row_of(&text, "Atelier carte sensible");
    assert_eq!(buffer[(0, row)].symbol(), "▶");
    update(&mut model, Action::Open);
    let View::Detail(detail) = &model.view else {
        panic!("no detail")
    };
    assert_eq!(detail.record.label(), "Atelier carte sensible");
    // The workshop names its request: Enter goes back to it.
    update(&mut model, Action::Open);
    let View::Detail(detail) = &model.view else {
        panic!("no detail")
    };
    assert_eq!(detail.record.label(), "Valoriser les données patrimoniales");
    // ↑ from the organisation scrolls nothing and keeps it; Enter opens it.
    keys(&mut model, &[Action::Up, Action::Open]);
    let View::Detail(detail) = &model.view else {
        panic!("no detail")
    };
    assert_eq!(detail.record.label(), "Parc naturel régional du Verdon");
}

#[test]
fn a_first_name_is_enough_when_it_is_unique_and_candidates_are_listed_otherwise() {
    let (_dir, path) = fixture();
    let mut model = model(&path);
    keys(&mut model, &[Action::Open, Action::Edit, Action::PrevField]);
    type_text(&mut model, "Zoé");
    update(&mut model, Action::Save);
    let (text, _, _) = render(&model);
    assert!(
        text.contains("« Zoé » peut désigner Zoé Blanc, Zoé Martin"),
        "the candidates are named:\n{text}"
    );
    assert!(text.contains("précisez."), "not cut:\n{text}");
    // A longer message takes a second line under the field, not an ellipsis.
    update(&mut model, Action::ClearField);
    type_text(&mut model, "a");
    update(&mut model, Action::Save);
    let (text, _, _) = render(&model);
    let row = row_of(
        &text,
        "« a » peut désigner Yanis Benali, Zoé Blanc, Zoé Martin",
    );
    let next = text.lines().nth(row as usize + 1).unwrap_or("");
    assert!(next.trim() == "précisez.", "{text}");
    update(&mut model, Action::ClearField);
    type_text(&mut model, "yan, Zoé M");
    update(&mut model, Action::Save);
    let View::Detail(detail) = &model.view else {
        panic!("not saved: {:?}", model.notice)
    };
    assert_eq!(detail.record.sets["developers"].len(), 2);
    let (text, _, _) = render(&model);
    let first = row_of(&text, "Yanis Benali");
    let second = row_of(&text, "Zoé Martin");
    assert_eq!(first.abs_diff(second), 1, "one line per developer:\n{text}");
}

#[test]
fn the_history_says_in_words_what_happened_to_skills_and_people() {
    let (_dir, path) = fixture();
    let mut model = model(&path);
    // Assign two developers, then take one off again.
    keys(&mut model, &[Action::Open, Action::Edit, Action::PrevField]);
    type_text(&mut model, "Yanis, Zoé Martin");
    keys(&mut model, &[Action::Save, Action::Edit, Action::PrevField]);
    update(&mut model, Action::ClearField);
    type_text(&mut model, "Yanis Benali");
    keys(&mut model, &[Action::Save, Action::History]);
    let (text, _, _) = render(&model);
    assert!(
        text.contains("Développeur·ses : Zoé Martin (retrait)"),
        "{text}"
    );
    assert!(
        text.contains("Développeur·ses : Yanis Benali (ajout)"),
        "{text}"
    );
    assert!(!text.contains("— → 1"), "no raw stored value:\n{text}");
    // A developer's skill: added with its level, then its level changed.
    keys(&mut model, &[Action::Back, Action::Screen(2), Action::Open]);
    keys(&mut model, &[Action::Edit]);
    keys(&mut model, &[Action::NextField; 4]);
    type_text(&mut model, "web:3");
    keys(&mut model, &[Action::Save, Action::Edit]);
    keys(&mut model, &[Action::NextField; 4]);
    update(&mut model, Action::ClearField);
    type_text(&mut model, "web:2");
    keys(&mut model, &[Action::Save, Action::History]);
    let (text, _, _) = render(&model);
    assert!(
        text.contains("Compétences : Développement web (ajout, 3/3)"),
        "{text}"
    );
    assert!(
        text.contains("Compétences : Développement web (3/3 → 2/3)"),
        "{text}"
    );
}

#[test]
fn the_commune_is_picked_by_typing_among_those_of_the_chosen_departement() {
    let (_dir, path) = fixture();
    let mut model = model(&path);
    keys(&mut model, &[Action::Screen(4), Action::New]);
    type_text(&mut model, "Tiers-lieu de Gap");
    // The département defaults to the site's (04): Digne is offered.
    keys(&mut model, &[Action::NextField; 4]);
    type_text(&mut model, "digne");
    assert_eq!(form_value(&model, "commune"), "04070");
    // Another département drops it and offers its own communes.
    update(&mut model, Action::PrevField);
    update(&mut model, Action::ClearField);
    type_text(&mut model, "05");
    assert_eq!(form_value(&model, "commune"), "");
    update(&mut model, Action::NextField);
    type_text(&mut model, "digne");
    assert_eq!(form_value(&model, "commune"), "", "not in the Hautes-Alpes");
    update(&mut model, Action::ClearField);
    type_text(&mut model, "gap");
    assert_eq!(form_value(&model, "commune"), "05061");
    update(&mut model, Action::Save);
    let (text, _, _) = render(&model);
    assert!(text.contains("Commune") && text.contains("Gap"), "{text}");
    assert!(!text.contains("05061"), "the name, not the code:\n{text}");
}

/// A list field shows the search that is finding its value while it has
/// the focus, and what it holds once left (it went on showing
/// « verdon → Parc naturel… · 1 possibilité » under the next field); a
/// search that found nothing stays in view, so that it can be seen.
#[test]
fn a_list_left_shows_its_choice_not_its_search() {
    let (_dir, path) = fixture();
    let mut model = model(&path);
    update(&mut model, Action::New);
    type_text(&mut model, "Carte des bancs");
    keys(&mut model, &[Action::NextField, Action::NextField]);
    // The organisation's line as drawn.
    let organisation = |model: &Model| {
        let (text, _, _) = render(model);
        let line = text.lines().nth(row_of(&text, "Organisation") as usize);
        line.unwrap_or_default().to_string()
    };
    type_text(&mut model, "verdon");
    let focused = organisation(&model);
    assert!(
        focused.contains("verdon → Parc naturel régional du Verdon"),
        "{focused}"
    );
    update(&mut model, Action::NextField);
    let left = organisation(&model);
    assert!(
        left.contains("‹ Parc naturel régional du Verdon ›"),
        "{left}"
    );
    assert!(!left.contains("verdon →"), "{left}");
    // Nothing found: the search stays in view.
    keys(&mut model, &[Action::PrevField, Action::ClearField]);
    type_text(&mut model, "zzz");
    update(&mut model, Action::NextField);
    assert!(organisation(&model).contains("zzz"));
}

/// A new request's département follows the organisation picked (the site's
/// own département was left on a request from Marseille), until the person
/// picks one themselves.
#[test]
fn a_new_request_takes_its_organisations_departement_until_one_is_picked() {
    let (_dir, path) = fixture();
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    for (name, dep) in [("Collectif Air Bel", "13"), ("Mairie de Gap", "05")] {
        app.add(Kind::Org, &[a("name", name), a("departement", dep)])
            .expect("org");
    }
    drop(app);
    let mut model = model(&path);
    update(&mut model, Action::New);
    type_text(&mut model, "Carte des bancs");
    keys(&mut model, &[Action::NextField, Action::NextField]);
    assert_eq!(form_value(&model, "departement"), "04", "the site's");
    type_text(&mut model, "air bel");
    assert_eq!(form_value(&model, "departement"), "13");
    // Another organisation: its département (the park was made in the 04).
    update(&mut model, Action::ClearField);
    type_text(&mut model, "verdon");
    assert_eq!(form_value(&model, "departement"), "04");
    // Picked by the person: it stays whatever the organisation.
    update(&mut model, Action::NextField);
    update(&mut model, Action::ClearField);
    type_text(&mut model, "84");
    update(&mut model, Action::PrevField);
    update(&mut model, Action::ClearField);
    type_text(&mut model, "gap");
    assert!(!form_value(&model, "organisation").is_empty());
    assert_eq!(form_value(&model, "departement"), "84");
    update(&mut model, Action::Save);
    let (text, _, _) = render(&model);
    assert!(text.contains("84 Vaucluse"), "{text}");
}
