//! The matcher's own tests: one-edit slips, match classes, positions,
//! scattered letters, the quick refusal and snippets.

use super::*;

fn chars(text: &str) -> Vec<char> {
    text.chars().collect()
}

fn matched(query: &str, text: &str, primary: bool) -> Option<FieldMatch> {
    Query::parse(query)?.match_field(text, primary)
}

#[test]
fn one_edit_covers_the_four_slips_and_nothing_more() {
    let luberon = chars("luberon");
    for slip in ["lubreon", "luberno", "lubron", "lubberon", "lubaron"] {
        assert!(within_one_edit(&chars(slip), &luberon), "{slip}");
    }
    for far in ["lbreon", "lubreno", "lu", "noreb"] {
        assert!(!within_one_edit(&chars(far), &luberon), "{far}");
    }
}

#[test]
fn classes_order_exact_prefix_inner_typo() {
    assert_eq!(
        matched("velo", "Vélo", true).map(|m| m.class),
        Some(MatchClass::Exact)
    );
    assert_eq!(
        matched("marau", "Maraudes", false).map(|m| m.class),
        Some(MatchClass::Prefix)
    );
    assert_eq!(
        matched("musee", "Écomusée", false).map(|m| m.class),
        Some(MatchClass::Inner)
    );
    assert_eq!(
        matched("lubreon", "Parc du Luberon", false).map(|m| m.class),
        Some(MatchClass::Typo)
    );
    assert_eq!(
        matched("lube", "Luberon", false).map(|m| m.class),
        Some(MatchClass::Prefix)
    );
    assert!(
        matched("lubr", "Luberon", false).is_none(),
        "short words take no typo"
    );
}

#[test]
fn positions_point_into_the_original_text() {
    let found = matched("ecomusee", "L'Écomusée", true).unwrap();
    assert_eq!(found.positions, (2..10).collect::<Vec<_>>());
}

#[test]
fn scattered_letters_across_unrelated_words_are_dropped() {
    assert!(
        matched(
            "verdon",
            "Indexer les initiatives européennes de la région",
            true
        )
        .is_none()
    );
    let acronym = matched("cdsen", "Carte des sentiers", true).unwrap();
    assert_eq!(acronym.class, MatchClass::Scattered);
}

#[test]
fn the_quick_refusal_never_refuses_a_field_that_matches() {
    let fields = [
        "Parc naturel régional du Verdon",
        "Carte des sentiers du Luberon",
        "Écomusée du Pays de la Roudoule",
        "Maraudes sociales à Manosque",
        "Indexer les initiatives européennes de la région",
        "Vélo-école et pistes cyclables",
        "L'Écomusée",
        "ab",
        "Marché aux arbres du Luberon",
        "Maraîchage urbain",
        "Maison des arts de la rue",
    ];
    let mut queries: Vec<String> = vec![
        "verdon",
        "pnrv",
        "cdsen",
        "lubreon",
        "luberno",
        "lubron",
        "lubberon",
        "ecomusee",
        "musee",
        "marau",
        "maruad",
        "velo",
        "parc nat",
        "nat parc",
        "carte",
        "zzz",
        "ab",
        "ba",
        "e",
        "sentiers luberon",
        "regionn",
        "rgeion",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    // Every field's words with each one-letter slip.
    for field in fields {
        for word in fold(field).split(|c: char| !c.is_alphanumeric()) {
            let letters: Vec<char> = word.chars().collect();
            for at in 0..letters.len() {
                let mut dropped = letters.clone();
                dropped.remove(at);
                queries.push(dropped.iter().collect());
                let mut changed = letters.clone();
                changed[at] = 'x';
                queries.push(changed.iter().collect());
                if at + 1 < letters.len() {
                    let mut swapped = letters.clone();
                    swapped.swap(at, at + 1);
                    queries.push(swapped.iter().collect());
                }
            }
        }
    }
    let mut refused = 0;
    for query in &queries {
        let Some(mut parsed) = Query::parse(query) else {
            continue;
        };
        for field in fields {
            for primary in [true, false] {
                let found = parsed.match_field(field, primary);
                let text: Vec<char> = field.chars().map(fold_fast).collect();
                let full = parsed.match_folded(&text, primary);
                assert_eq!(found, full, "{query} in {field}");
                if !parsed.may_match(field, primary) {
                    refused += 1;
                }
            }
        }
    }
    assert!(refused > queries.len(), "the refusal does refuse");
}

#[test]
fn snippets_cut_around_the_match() {
    let text = "a ".repeat(50) + "fontaine" + &" b".repeat(50);
    let (piece, positions) = snippet(&text, &(100..108).collect::<Vec<_>>(), 30);
    assert!(piece.starts_with('…') && piece.ends_with('…'));
    let shown: String = positions
        .iter()
        .map(|&p| piece.chars().nth(p).unwrap())
        .collect();
    assert_eq!(shown, "fontaine");
}

#[test]
fn snippets_start_and_end_at_whole_words() {
    let text = "Recenser et photographier les fontaines, lavoirs et bories des villages du parc";
    let first = text.find("fontaines").unwrap();
    let positions: Vec<usize> = (first..first + 9).collect();
    for width in 20..text.len() {
        let (piece, inside) = snippet(text, &positions, width);
        assert!(piece.chars().count() <= width + 2, "{width}: {piece}");
        let body = piece.trim_start_matches('…').trim_end_matches('…');
        assert!(text.contains(body), "{width}: {piece}");
        let words: Vec<&str> = text.split(' ').collect();
        let first_word = body.split(' ').next().unwrap();
        let last_word = body.split(' ').next_back().unwrap();
        assert!(
            words.contains(&first_word),
            "{width}: starts mid-word: {piece}"
        );
        assert!(
            words.contains(&last_word),
            "{width}: ends mid-word: {piece}"
        );
        let shown: String = inside
            .iter()
            .map(|&p| piece.chars().nth(p).unwrap())
            .collect();
        assert_eq!(shown, "fontaines", "{width}: {piece}");
    }
}
