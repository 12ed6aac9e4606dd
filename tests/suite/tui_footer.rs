//! Small defects seen by users of the terminal UI (issue 11, session 4):
//! the footer of a request's detail at 80 columns shows `t` (hours), `l`
//! (deliverable) and `? aide` — `? aide` always, the others as many as
//! fit, with shorter labels when all do not; at 200 columns every item
//! shows with its full label. (The conflict card's « Fiche supprimée » is
//! in tests/suite/conflicts_words.rs; « … » kept whole when a line wraps is
//! tested beside the wrapping helpers in src/tui/view.)

use crate::tui_support;

use relais::app::ui::{Action, Model, Screen, Tab, View, update};
use relais::app::{App, Assignment, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::{Path, PathBuf};
use tui_support::{buffer_text, clock, drawn, site};

/// An EPN with an organisation and a request of it.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relais.db");
    site(&path, "EPN de Digne", "04", "epn", "Camille");
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    let pnr = app
        .add(
            Kind::Org,
            &[
                Assignment::new("name", "Parc naturel régional du Verdon"),
                Assignment::new("kind", "pnr"),
            ],
        )
        .expect("org");
    app.add(
        Kind::Request,
        &[
            Assignment::new("title", "Valoriser les données patrimoniales"),
            Assignment::new("organisation", &pnr),
        ],
    )
    .expect("request");
    (dir, path)
}

/// The request's detail open, at `size`, in `lang`.
fn request_detail(path: &Path, lang: Lang, size: (u16, u16)) -> Model {
    let mut model = Model::open(path, Config::default(), clock(), lang, size).expect("model");
    update(
        &mut model,
        Action::Screen(Tab::Records(Screen::Requests).index() as u8),
    );
    update(&mut model, Action::Open);
    assert!(matches!(model.view, View::Detail(_)), "{:?}", model.view);
    model
}

/// The lines drawn at `size`, trailing spaces left out.
fn lines(model: &Model, size: (u16, u16)) -> Vec<String> {
    let terminal = drawn(model, size, false);
    let text = buffer_text(terminal.backend().buffer());
    text.lines().map(str::to_string).collect()
}

/// The last line drawn at `size`, trailing spaces left out.
fn footer(model: &Model, size: (u16, u16)) -> String {
    lines(model, size).pop().unwrap_or_default()
}

#[test]
fn a_request_detail_at_80_columns_shows_hours_deliverable_and_help() {
    let (_dir, path) = fixture();
    let size = (80, 24);
    // On the linked organisation (the detail opens there) and on a line
    // without a link: the same keys that matter stay.
    let mut model = request_detail(&path, Lang::Fr, size);
    let on_link = footer(&model, size);
    update(&mut model, Action::Up);
    let elsewhere = footer(&model, size);
    for text in [&on_link, &elsewhere] {
        assert!(text.contains("t heures"), "{text}");
        assert!(text.contains("l livrable"), "{text}");
        assert!(text.ends_with("? aide"), "{text}");
        assert!(text.starts_with("Échap retour  e modifier"), "{text}");
        assert!(text.chars().count() <= 80, "{text}");
    }
    insta::assert_snapshot!("request_detail_footer_fr_80", on_link);

    let english = request_detail(&path, Lang::En, size);
    let text = footer(&english, size);
    assert!(text.contains("t hours"), "{text}");
    assert!(text.contains("l deliverable"), "{text}");
    assert!(text.contains("? help"), "{text}");
    insta::assert_snapshot!("request_detail_footer_en_80", text);
}

#[test]
fn a_wide_terminal_shows_every_item_with_its_full_label() {
    let (_dir, path) = fixture();
    let size = (200, 50);
    let model = request_detail(&path, Lang::Fr, size);
    let text = footer(&model, size);
    for item in [
        "t saisir des heures",
        "l nouveau livrable",
        "/ chercher",
        "? aide",
    ] {
        assert!(text.contains(item), "{item}: {text}");
    }
    insta::assert_snapshot!("request_detail_footer_fr_200", text);
}

#[test]
fn help_shows_even_when_nothing_else_fits() {
    let (_dir, path) = fixture();
    // The narrowest terminal the interface draws in.
    let size = (
        relais::app::ui::layout::MIN_WIDTH,
        relais::app::ui::layout::MIN_HEIGHT,
    );
    let model = request_detail(&path, Lang::Fr, size);
    let text = footer(&model, size);
    assert!(text.contains("? aide"), "{text}");
    assert!(text.chars().count() <= size.0 as usize, "{text}");
}

/// A form says what its star means and no more: saving and cancelling are
/// the footer's, which keeps both even at the narrowest width, in both
/// languages, on a text field and on a list.
#[test]
fn a_form_footer_keeps_save_and_cancel_at_the_narrowest_width() {
    let (_dir, path) = fixture();
    let size = (
        relais::app::ui::layout::MIN_WIDTH,
        relais::app::ui::layout::MIN_HEIGHT,
    );
    for (lang, save, cancel, legend) in [
        (
            Lang::Fr,
            "Ctrl-s enregistrer",
            "Échap annuler",
            "* obligatoire",
        ),
        (Lang::En, "Ctrl-s save", "Esc cancel", "* required"),
    ] {
        let mut model = request_detail(&path, lang, size);
        update(&mut model, Action::Edit);
        assert!(matches!(model.view, View::Form(_)), "{:?}", model.view);
        for field in 0..3 {
            let text = footer(&model, size);
            assert!(text.contains(save), "field {field}: {text}");
            assert!(text.contains(cancel), "field {field}: {text}");
            update(&mut model, Action::NextField);
        }
        let screen = lines(&model, size).join("\n");
        assert!(screen.contains(legend), "{screen}");
        assert!(!screen.contains(&format!("{legend} ·")), "{screen}");
    }
}
