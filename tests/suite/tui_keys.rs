//! Keys as a person meets them: the footer says what each key does *here*
//! (Enter opens in a list, confirms in a dialog, goes to the record in the
//! search box) with the keys the person chose in their `keymap.toml`, and
//! the hints inside screens name the same keys. Then the one line editor,
//! driven through the model in the search box and a prompt: word moves,
//! Ctrl-w, Delete, paste, and display widths with accents and emoji.

use crate::tui_support;

use crossterm::event::Event;
use relais::app::ui::{Action, Overlay, Tab, View, update};
use relais::i18n::Lang;
use relais::tui::actions_for;
use relais::tui::keymap::Keymap;
use tui_support::{keys, network, open, screen, screen_with};

fn footer(text: &str) -> &str {
    text.lines().last().unwrap_or("")
}

#[test]
fn the_footer_shows_remapped_keys_and_what_enter_does_in_each_context() {
    let net = network();
    let mut model = open(&net.lead, Lang::Fr);
    let keymap = Keymap::with_user_file(
        "[browse]\nopen = [\"l\"]\n[status_dialog]\nopen = [\"f9\"]\n[form]\nsave = [\"f3\"]\n",
    )
    .expect("keymap");

    keys(&mut model, &[Action::Screen(1)]);
    assert_eq!(model.tab, Tab::Records(relais::app::ui::Screen::Requests));
    let text = screen_with(&model, &keymap);
    assert!(footer(&text).starts_with("l ouvrir"), "{text}");
    assert!(!footer(&text).contains("Entrée"), "{text}");

    // In the status dialog, Enter (here F9) confirms the change.
    keys(&mut model, &[Action::Status]);
    assert!(matches!(model.overlay, Overlay::Status(_)));
    let text = screen_with(&model, &keymap);
    assert!(footer(&text).starts_with("F9 valider"), "{text}");
    assert!(footer(&text).contains("↓ statut suivant"), "{text}");
    assert!(footer(&text).contains("Échap annuler"), "{text}");
    let builtin = screen(&model);
    assert!(footer(&builtin).starts_with("Entrée valider"), "{builtin}");
    assert!(!builtin.contains("Entrée ouvrir"), "{builtin}");

    // A form: the footer names F3 (the line under the fields says only
    // what the star means).
    keys(&mut model, &[Action::Back, Action::New]);
    assert!(matches!(model.view, View::Form(_)));
    let text = screen_with(&model, &keymap);
    assert!(footer(&text).starts_with("F3 enregistrer"), "{text}");
    assert!(footer(&text).contains("Échap annuler"), "{text}");
    assert!(!text.contains("Ctrl-s"), "{text}");

    // The search box: Enter goes to the record.
    keys(&mut model, &[Action::Back]);
    if matches!(model.overlay, Overlay::Confirm(_)) {
        keys(&mut model, &[Action::Yes]);
    }
    keys(&mut model, &[Action::Search]);
    let text = screen(&model);
    assert!(
        footer(&text).starts_with("Entrée aller à la fiche"),
        "{text}"
    );
}

#[test]
fn the_help_says_what_a_key_does_where_it_applies() {
    let net = network();
    let mut model = open(&net.lead, Lang::En);
    keys(&mut model, &[Action::Help]);
    let lines = relais::tui::view::help_lines(
        &model,
        &relais::tui::view::ViewCtx {
            keymap: &Keymap::builtin(),
            theme: relais::tui::theme::Theme { color: false },
        },
    );
    let text: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
    let text = text.join("\n");
    assert!(text.contains("Everywhere (except while typing)"), "{text}");
    assert!(text.contains("go to the record"), "{text}");
    assert!(text.contains("open the linked record"), "{text}");
    // The global keys are listed once, not under every heading.
    assert_eq!(text.matches("next screen").count(), 1, "{text}");
}

fn query(model: &relais::app::ui::Model) -> (String, usize, usize) {
    let Overlay::Search(search) = &model.overlay else {
        panic!("no search box")
    };
    (
        search.query.as_str().to_string(),
        search.query.caret(),
        search.query.caret_column(),
    )
}

fn type_text(model: &mut relais::app::ui::Model, text: &str) {
    for c in text.chars() {
        update(model, Action::Type(c));
    }
}

#[test]
fn the_search_box_edits_with_word_moves_ctrl_w_delete_and_paste() {
    let net = network();
    let mut model = open(&net.lead, Lang::Fr);
    keys(&mut model, &[Action::Search]);
    type_text(&mut model, "Zoé Martin");
    assert_eq!(query(&model).0, "Zoé Martin");
    update(&mut model, Action::WordPrev);
    assert_eq!(query(&model).1, 4, "the caret at the start of Martin");
    update(&mut model, Action::DeleteWord);
    assert_eq!(query(&model).0, "Martin");
    update(&mut model, Action::DeleteForward);
    assert_eq!(query(&model).0, "artin");
    update(&mut model, Action::LineEnd);
    update(&mut model, Action::DeleteWord);
    assert_eq!(query(&model), (String::new(), 0, 0));

    // A paste arrives as one event and types one line, whatever it holds.
    let keymap = Keymap::builtin();
    for action in actions_for(&model, &keymap, Event::Paste("parc\nnaturel".to_string())) {
        update(&mut model, action);
    }
    assert_eq!(query(&model).0, "parc naturel");
    let Overlay::Search(search) = &model.overlay else {
        panic!("no search box")
    };
    assert_eq!(
        search.hits.first().map(|hit| hit.label.as_str()),
        Some("Parc naturel régional du Verdon")
    );
}

#[test]
fn the_caret_is_placed_in_display_columns_with_accents_and_emoji() {
    let net = network();
    let mut model = open(&net.lead, Lang::Fr);
    keys(&mut model, &[Action::Search]);
    type_text(&mut model, "é🦀e\u{301}x");
    // 5 code points, 4 characters as seen, 5 columns (the crab takes two).
    let (text, caret, column) = query(&model);
    assert_eq!(text.chars().count(), 5);
    assert_eq!((caret, column), (5, 5));
    update(&mut model, Action::OptionPrev);
    update(&mut model, Action::OptionPrev);
    // Two steps back: over `x`, then over `é` written as e + accent.
    assert_eq!(query(&model).1, 2);
    assert_eq!(query(&model).2, 3);
    update(&mut model, Action::DeleteBack);
    assert_eq!(query(&model).0, "ée\u{301}x");
    let drawn = screen(&model);
    assert!(drawn.contains("/ ée\u{301}x"), "{drawn}");
}

/// Hints take their keys from the keymap: no text of the terminal UI's
/// catalogs names a key itself (the key names are in `[tui.key]`).
#[test]
fn no_catalog_text_of_the_ui_names_a_key() {
    let names = [
        "Entrée", "Échap", "Enter", "Esc", "Ctrl-", "Alt-", "Tab", "F1", "F2", "F5", "←", "→", "↑",
        "↓", "(a)", "(r)",
    ];
    for file in [
        "en.tui.toml",
        "fr.tui.toml",
        "en.tui_tabs.toml",
        "fr.tui_tabs.toml",
    ] {
        let path = format!("{}/assets/i18n/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("catalog");
        let mut section = String::new();
        for line in text.lines() {
            if line.starts_with('[') {
                section = line.to_string();
                continue;
            }
            // Key names themselves, and a change's "old → new".
            if section == "[tui.key]"
                || line.starts_with('#')
                || line.starts_with("changed =")
                || line.starts_with("line =")
            {
                continue;
            }
            let Some((_, value)) = line.split_once('=') else {
                continue;
            };
            for name in names {
                assert!(
                    !value.contains(name),
                    "{file} {section} names the key {name}: {line}"
                );
            }
        }
    }
}
