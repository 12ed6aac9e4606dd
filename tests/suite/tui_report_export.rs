//! "Export the report" from the dashboard, as a person does it: `x` opens
//! the form (format list, year, path with a default in the documents
//! folder), keys choose the format and type a path, Enter writes the report
//! in the background, and the status line says where it is. The file holds
//! the same report as `App::report`.

use crate::tui_support;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use relais::app::ui::{Overlay, settle, update};
use relais::app::{App, Config};
use relais::i18n::Lang;
use relais::tui::actions_for;
use relais::tui::keymap::Keymap;
use tui_support::{clock, network, open, screen, wait_until_idle};

/// Presses one key (through the built-in keymap, as the event loop does).
fn press(model: &mut relais::app::ui::Model, code: KeyCode, modifiers: KeyModifiers) {
    let keymap = Keymap::builtin();
    let event = Event::Key(KeyEvent::new(code, modifiers));
    for action in actions_for(model, &keymap, event) {
        update(model, action);
    }
}

fn key(model: &mut relais::app::ui::Model, code: KeyCode) {
    press(model, code, KeyModifiers::NONE);
}

fn type_text(model: &mut relais::app::ui::Model, text: &str) {
    for c in text.chars() {
        key(model, KeyCode::Char(c));
    }
}

#[test]
fn x_on_the_dashboard_writes_the_report_in_the_background_and_says_where() {
    let net = network();
    let mut model = open(&net.lead, Lang::Fr);
    settle(&mut model);
    wait_until_idle(&mut model);
    key(&mut model, KeyCode::Char('x'));
    let Overlay::Report(form) = &model.overlay else {
        panic!("no form: {}", screen(&model))
    };
    assert_eq!(form.year.as_str(), "2026", "this year by default");
    assert!(form.path.as_str().ends_with("rapport-2026.html"));
    // html → xlsx → md → csv → json: a default path follows the format.
    for _ in 0..4 {
        key(&mut model, KeyCode::Right);
    }
    let Overlay::Report(form) = &model.overlay else {
        panic!("the form closed")
    };
    assert!(form.path.as_str().ends_with("rapport-2026.json"));
    for _ in 0..4 {
        key(&mut model, KeyCode::Left);
    }
    // The default folder depends on the machine (documents, else home):
    // the snapshot shows the path as a person would type it.
    key(&mut model, KeyCode::Down);
    key(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut model, "~/Documents/rapport-2026.html");
    key(&mut model, KeyCode::Up);
    key(&mut model, KeyCode::Up);
    insta::assert_snapshot!("report_export_form_fr_80x24", screen(&model));

    // To JSON again: a typed path is kept as it is.
    for _ in 0..4 {
        key(&mut model, KeyCode::Right);
    }
    let Overlay::Report(form) = &model.overlay else {
        panic!("the form closed")
    };
    assert_eq!(form.path.as_str(), "~/Documents/rapport-2026.html");
    // Down twice to the path; clear it and type another.
    key(&mut model, KeyCode::Down);
    key(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Char('u'), KeyModifiers::CONTROL);
    let out = net.dir.path().join("export.json");
    type_text(&mut model, &out.display().to_string());
    key(&mut model, KeyCode::Enter);
    wait_until_idle(&mut model);

    assert!(matches!(model.overlay, Overlay::None), "the form closed");
    let text = screen(&model);
    assert!(
        text.contains("Rapport écrit :") && text.contains("export.json"),
        "{text}"
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let app = App::open(&net.lead, Config::default(), clock()).unwrap();
    let expected = serde_json::to_value(app.report(Some(2026), None).unwrap()).unwrap();
    assert_eq!(written, expected, "the file is the year's report");
    assert_eq!(written["year"], 2026);
}

#[test]
fn a_wrong_year_stays_in_the_form_explained() {
    let net = network();
    let mut model = open(&net.lead, Lang::En);
    wait_until_idle(&mut model);
    key(&mut model, KeyCode::Char('x'));
    key(&mut model, KeyCode::Tab);
    press(&mut model, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_text(&mut model, "20x6");
    key(&mut model, KeyCode::Enter);
    let text = screen(&model);
    assert!(matches!(model.overlay, Overlay::Report(_)), "{text}");
    assert!(
        text.contains("✗ The year must be a number between 2000 and 2100."),
        "{text}"
    );
    key(&mut model, KeyCode::Esc);
    assert!(matches!(model.overlay, Overlay::None));
}
