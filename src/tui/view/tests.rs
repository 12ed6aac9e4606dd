//! The views' own tests: text cut and wrapped in display columns, and the
//! tab bar at every width.

use super::*;

#[test]
fn fit_cuts_in_display_columns_with_an_ellipsis() {
    assert_eq!(fit("Visualisation de données", 16), "Visualisation d…");
    assert_eq!(fit("Écomusée", 8), "Écomusée");
    assert_eq!(fit("🦀🦀🦀", 4), "🦀…");
    assert_eq!(columns(&fit("🦀🦀🦀", 4)), 3, "a crab is never cut in half");
    assert_eq!(fit("abc", 0), "");
    // A cut after a space leaves no space before the ellipsis.
    assert_eq!(
        fit("Centre Communal d'Action Sociale", 26),
        "Centre Communal d'Action…"
    );
}

#[test]
fn wrap_breaks_at_spaces_and_keeps_every_word() {
    let text = "Des sites ont écrit des valeurs différentes. Gardez-en une.";
    let lines = wrap(text, 30);
    assert!(lines.iter().all(|line| columns(line) <= 30), "{lines:?}");
    assert_eq!(lines.join(" "), text);
    assert_eq!(wrap("anticonstitutionnellement", 10), vec!["anticonst…"]);
}

/// Wraps `text` at every width from `narrowest`: every word is kept, no
/// line starts with one of `starts` nor ends with one of `ends`.
fn wraps_whole(text: &str, narrowest: usize, starts: &[char], ends: &[char]) {
    for width in narrowest..=text.len() {
        let lines = wrap(text, width);
        assert_eq!(lines.join(" "), text, "{width}: {lines:?}");
        for line in &lines {
            assert!(!line.starts_with(starts), "{width}: {lines:?}");
            assert!(!line.ends_with(ends), "{width}: {lines:?}");
        }
    }
}

#[test]
fn french_quotation_marks_stay_with_their_word() {
    wraps_whole(
        "Pas annulé : la fiche « Atelier carte » a changé.",
        10,
        &['»'],
        &['«'],
    );
    assert_eq!(
        wrap("la fiche « Atelier » a changé", 12),
        ["la fiche", "« Atelier »", "a changé"]
    );
}

#[test]
fn wrap_within_marks_what_it_leaves_out() {
    let text = "4 manques : Applications mobiles 04 (1), Visualisation de données 04 (1)";
    assert_eq!(wrap_within(text, 80, 2), [text]);
    let lines = wrap_within(text, 30, 2);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[1].ends_with('…'), "{lines:?}");
    assert!(lines.iter().all(|line| columns(line) <= 30), "{lines:?}");
    assert_eq!(wrap_within(text, 30, 0).len(), 1);
}

#[test]
fn a_count_stays_with_the_word_it_counts() {
    assert_eq!(
        wrap("« b.rb » (1 modification)", 16),
        ["« b.rb »", "(1 modification)"]
    );
    assert_eq!(
        wrap("0 disponible, 12 demandes", 14),
        ["0 disponible,", "12 demandes"]
    );
    assert_eq!(wrap("a changé x 12 → 14", 14), ["a changé x", "12 → 14"]);
    // A count answering a label stays beside it, not alone on the next line.
    assert_eq!(
        wrap("nouvelles, déjà importés : 1 ; puis écrire", 28),
        ["nouvelles, déjà", "importés : 1 ; puis écrire"]
    );
}

#[test]
fn french_double_marks_stay_with_the_word_before() {
    // From 12 columns: "« relais » :" is one unbreakable group.
    wraps_whole(
        "Dossier « relais » : laissé de côté ; faites-lui exporter sa carte ! Prêt ?",
        12,
        &[':', ';', '!', '?', '»'],
        &['«'],
    );
    assert_eq!(wrap("relais : laissé", 8), ["relais :", "laissé"]);
}

#[test]
fn every_tab_keeps_its_place_on_a_narrow_bar() {
    for width in [40u16, 60, 80, 120] {
        for lang in [Lang::Fr, Lang::En] {
            let spans = tab_spans(lang, width, Tab::Sync);
            assert_eq!(spans.len(), Tab::count(), "{width} {lang:?}");
            let end = spans.last().map_or(0, |(_, end, _)| *end);
            assert!(end <= width, "{width} {lang:?}: {end}");
        }
    }
    let (_, texts) = tab_texts(Lang::En, 60, Tab::Sync);
    assert!(texts.iter().any(|(text, _)| text == "8 Sync"), "{texts:?}");
    assert!(texts.iter().any(|(text, _)| text == "9"), "{texts:?}");
    // At 80 columns every tab keeps its short title, in both languages.
    for lang in [Lang::Fr, Lang::En] {
        let (_, texts) = tab_texts(lang, 80, Tab::Home);
        assert!(
            texts.iter().all(|(text, _)| text.contains(' ')),
            "{texts:?}"
        );
    }
}

#[test]
fn every_month_of_the_workshops_column_fits_uncut() {
    for lang in [Lang::Fr, Lang::En] {
        let width = usize::from(super::table::month_width(lang));
        for month in 1..=12 {
            let label = super::table::month_label(lang, Some(&format!("2026-{month:02}-15")));
            assert!(
                unicode_width::UnicodeWidthStr::width(label.as_str()) <= width,
                "{label:?} is wider than the {width} columns of the month column"
            );
        }
    }
    assert_eq!(super::table::month_width(Lang::Fr), 10, "« sept. 2026 »");
}

#[test]
fn a_separator_where_a_line_breaks_is_left_out() {
    let legend = "disponibles : · 0, ░ 1 — ! demandée — Entrée : les personnes";
    assert_eq!(
        wrap(legend, 40),
        [
            "disponibles : · 0, ░ 1 — ! demandée",
            "Entrée : les personnes"
        ]
    );
    // Where it fits, it stays; a break just before it drops it too.
    assert_eq!(wrap("a — b", 5), ["a — b"]);
    assert_eq!(wrap("aaaa — bbbb", 6), ["aaaa", "bbbb"]);
    assert_eq!(wrap("aaaa — bbbb — cc", 11), ["aaaa — bbbb", "cc"]);
    // A dot may be a sign (the skills legend's `· 0`): never left out.
    assert_eq!(wrap("aaaa · 0", 6).concat(), "aaaa ·0");
}
