//! The help overlay (`?`): generated from the keymap, each key listed once,
//! grouped (everywhere, screens, moving, then each place's own keys), the
//! screen list once; it scrolls with ↑/↓/PgUp/PgDn and fits 80×24.
//! Snapshots at 80×24 in French, at the top and scrolled.

use crate::tui_support;

use relais::app::ui::{Action, Overlay, update};
use relais::i18n::Lang;
use std::path::PathBuf;
use tui_support::{keys, open, screen, site};

/// A fresh EPN with its help open, the file paths fixed for the picture.
fn help_open() -> (tempfile::TempDir, relais::app::ui::Model) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("epn.db");
    site(&path, "EPN de Digne", "04", "epn", "Camille");
    let mut model = open(&path, Lang::Fr);
    // The dashboard behind is computed first (it reads the real database).
    update(&mut model, Action::Tick);
    relais::app::ui::settle(&mut model);
    update(&mut model, Action::Help);
    model.db_path = PathBuf::from("/home/camille/.local/share/relais/relais.db");
    model.config_path = PathBuf::from("/home/camille/.config/relais/config.toml");
    (dir, model)
}

/// Every line of the help, on a screen tall enough to hold it all.
fn whole_help(model: &mut relais::app::ui::Model) -> Vec<String> {
    update(model, Action::Resize(80, 400));
    screen(model)
        .lines()
        .filter_map(|line| {
            let start = line.find('│')?;
            let rest = &line[start + '│'.len_utf8()..];
            let end = rest.rfind('│')?;
            Some(rest[..end].trim_end().to_string())
        })
        .collect()
}

#[test]
fn the_help_fits_80_by_24_and_scrolls() {
    let (_dir, mut model) = help_open();
    let top = screen(&model);
    insta::assert_snapshot!("help_top_fr", top);
    keys(&mut model, &[Action::PageDown]);
    let scrolled = screen(&model);
    assert_ne!(top, scrolled, "PgDn scrolls");
    insta::assert_snapshot!("help_scrolled_fr", scrolled);
    keys(&mut model, &[Action::PageUp]);
    assert_eq!(screen(&model), top, "PgUp comes back");
    keys(&mut model, &[Action::Down, Action::Up]);
    assert_eq!(screen(&model), top, "↓ then ↑ comes back");
    for line in top.lines().chain(scrolled.lines()) {
        assert!(line.chars().count() <= 80, "{line}");
    }
    keys(&mut model, &[Action::Back]);
    assert!(matches!(model.overlay, Overlay::None));
}

#[test]
fn each_key_line_is_listed_once_and_the_screens_once() {
    let (_dir, mut model) = help_open();
    let lines = whole_help(&mut model);
    let text = lines.join("\n");
    // Key lines are indented by two; a line listed twice is a repetition.
    let key_lines: Vec<&String> = lines
        .iter()
        .filter(|line| line.starts_with("  ") && !line.trim().is_empty())
        // The note under each place where letters type text is not a key.
        .filter(|line| !line.contains("Les autres touches écrivent"))
        .collect();
    for (index, line) in key_lines.iter().enumerate() {
        assert!(
            !key_lines[index + 1..].contains(line),
            "listed twice: {line}\n{text}"
        );
    }
    // The screens: named once each, on the screens' lines.
    for name in ["Accueil", "Demandes", "Compétences", "Conflits"] {
        let numbered = text.matches(&format!(" {name}")).count();
        assert!(numbered >= 1, "{name}\n{text}");
    }
    assert_eq!(text.matches("1 Accueil").count(), 1, "{text}");
    assert_eq!(text.matches("9 Conflits").count(), 1, "{text}");
    // Grouped: everywhere, screens, moving, then the places.
    let at = |heading: &str| {
        lines
            .iter()
            .position(|line| line.trim() == heading)
            .unwrap_or_else(|| panic!("heading {heading}\n{text}"))
    };
    assert!(at("Partout (sauf pendant la saisie)") < at("Écrans"));
    assert!(at("Écrans") < at("Se déplacer (listes, tableau de bord, carte, grilles)"));
    assert!(at("Se déplacer (listes, tableau de bord, carte, grilles)") < at("Listes"));
    // The dashboard's own keys are there (its year selector among them).
    assert!(text.contains("année précédente"), "{text}");
    assert!(text.contains("ouvrir la liste"), "{text}");
}
