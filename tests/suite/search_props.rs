//! Properties of the matcher over generated French titles: a title is found
//! by a subsequence of it made of the starts of some of its words (typed
//! with or without spaces, as people abbreviate), and by itself with two
//! adjacent letters swapped or one letter replaced in a long word.

use proptest::prelude::*;
use relais::search::rank::{MatchClass, Query};

const WORDS: &[&str] = &[
    "carte",
    "des",
    "sentiers",
    "écomusée",
    "maraudes",
    "fontaine",
    "bories",
    "parc",
    "naturel",
    "régional",
    "luberon",
    "verdon",
    "vélo",
    "itinéraires",
    "cyclables",
    "tableau",
    "de",
    "bord",
    "associations",
    "inventaire",
    "patrimoine",
    "données",
    "ouvertes",
    "atelier",
    "numérique",
    "forcalquier",
    "collecte",
    "déchets",
    "jardins",
    "partagés",
    "la",
    "du",
    "et",
];

fn title() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(WORDS), 1..7)
}

fn found(query: &str, title: &str) -> Option<MatchClass> {
    Query::parse(query)?
        .match_field(title, true)
        .map(|found| found.class)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_subsequence_of_word_starts_finds_the_title(
        words in title(),
        picks in prop::collection::vec((any::<bool>(), 1usize..8), 7),
        spaced in any::<bool>(),
    ) {
        let text = words.join(" ");
        let mut chunks: Vec<String> = words
            .iter()
            .zip(&picks)
            .filter(|(_, (keep, _))| *keep)
            .map(|(word, (_, length))| word.chars().take(*length).collect())
            .collect();
        if chunks.is_empty() {
            chunks.push(words[0].chars().take(2).collect());
        }
        let query = chunks.join(if spaced { " " } else { "" });
        prop_assert!(found(&query, &text).is_some(), "{query:?} in {text:?}");
    }

    #[test]
    fn one_slip_in_a_long_word_still_finds_the_title(
        words in title(),
        which in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        substitute in any::<bool>(),
    ) {
        let long: Vec<usize> = (0..words.len())
            .filter(|&i| words[i].chars().count() >= 5)
            .collect();
        prop_assume!(!long.is_empty());
        let target = long[which.index(long.len())];
        let mut letters: Vec<char> = words[target].chars().collect();
        let i = at.index(letters.len() - 1);
        if substitute {
            letters[i] = if letters[i] == 'z' { 'y' } else { 'z' };
        } else {
            letters.swap(i, i + 1);
        }
        let slipped: String = letters.into_iter().collect();
        let mut query_words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        query_words[target] = slipped;
        let query = query_words.join(" ");
        let text = words.join(" ");
        prop_assert!(found(&query, &text).is_some(), "{query:?} in {text:?}");
    }
}
