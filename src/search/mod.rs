//! Fuzzy matching for the terminal UI's global search and pickers.
//!
//! Labels are matched on an accent-folded, lower-case key (`ecomusee` finds
//! `Écomusée`) with `nucleo-matcher`. Folding maps one character to one
//! character, so the matched positions it reports are positions in the
//! original label and can be highlighted there.

pub mod duplicates;
pub mod merge;
pub mod rank;
mod scattered;
pub mod suggest;

use crate::domain::Kind;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

pub use crate::domain::text::{fold, fold_char};

/// One searchable record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub id: String,
    pub label: String,
    key: String,
}

impl Entry {
    pub fn new(kind: Kind, id: String, label: String) -> Entry {
        let key = fold(&label);
        Entry {
            kind,
            id,
            label,
            key,
        }
    }
}

/// A match: the entry (index into the index), its score and the positions
/// (in characters) of the matched characters of its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub entry: usize,
    pub score: u32,
    pub positions: Vec<usize>,
}

/// The searchable labels, with the matches of the query's prefixes kept:
/// a growing query only re-examines what still matched ("narrowing"), and
/// a shorter one (Backspace) finds its matches already scored.
pub struct SearchIndex {
    entries: Vec<Entry>,
    matcher: Matcher,
    /// (query, its scored matches before filtering), each query a plain
    /// extension of the one before it.
    prefixes: Vec<(String, Vec<(u32, usize)>)>,
}

/// The deepest stack of remembered prefixes (about one per typed character).
const MAX_PREFIXES: usize = 32;

/// How many labels `search_until` scores between two questions to `stop`.
const STOP_EVERY: usize = 1024;

/// Characters that give a pattern a meaning beyond "these letters in this
/// order": extending a query with them does not always narrow its matches.
const OPERATORS: [char; 5] = ['!', '^', '$', '\'', '\\'];

/// Whether the matches of `query` are a subset of the matches of `prefix`.
fn narrows(prefix: &str, query: &str) -> bool {
    query.starts_with(prefix) && !query.contains(OPERATORS)
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("entries", &self.entries.len())
            .field("prefixes", &self.prefixes.len())
            .finish()
    }
}

impl SearchIndex {
    pub fn new(entries: Vec<Entry>) -> SearchIndex {
        SearchIndex {
            entries,
            matcher: Matcher::new(Config::DEFAULT),
            prefixes: Vec::new(),
        }
    }

    /// Adds labels read since (an index built in chunks, searched while it
    /// grows). The remembered matches covered only the labels before: they
    /// are forgotten, so that no search misses the new ones.
    pub fn extend(&mut self, entries: Vec<Entry>) {
        if entries.is_empty() {
            return;
        }
        self.entries.extend(entries);
        self.prefixes.clear();
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn entry(&self, index: usize) -> Option<&Entry> {
        self.entries.get(index)
    }

    /// The best `limit` matches of `query`, best first (ties by label), only
    /// among entries `keep` accepts. An empty query matches nothing.
    pub fn search(&mut self, query: &str, limit: usize, keep: &dyn Fn(&Entry) -> bool) -> Vec<Hit> {
        self.search_until(query, limit, keep, &|| false)
            .unwrap_or_default()
    }

    /// How many labels a search of `query` would score: none when its
    /// matches are remembered, those of the longest remembered prefix it
    /// narrows, else every label. The interface decides from this whether
    /// a keystroke can be answered at once or off its thread.
    pub fn cost(&self, query: &str) -> usize {
        let folded = fold(query.trim());
        if folded.is_empty() {
            return 0;
        }
        match self
            .prefixes
            .iter()
            .rev()
            .find(|(prefix, _)| narrows(prefix, &folded))
        {
            Some((prefix, _)) if *prefix == folded => 0,
            Some((_, matches)) => matches.len(),
            None => self.entries.len(),
        }
    }

    /// `search`, given up (`None`, nothing remembered) as soon as `stop`
    /// says so: it is asked every `STOP_EVERY` labels.
    pub fn search_until(
        &mut self,
        query: &str,
        limit: usize,
        keep: &dyn Fn(&Entry) -> bool,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<Hit>> {
        let folded = fold(query.trim());
        if folded.is_empty() {
            self.prefixes.clear();
            return Some(Vec::new());
        }
        let pattern = Pattern::parse(&folded, CaseMatching::Ignore, Normalization::Smart);
        while self
            .prefixes
            .last()
            .is_some_and(|(prefix, _)| !narrows(prefix, &folded))
        {
            self.prefixes.pop();
        }
        let mut buffer = Vec::new();
        let mut scored: Vec<(u32, usize)> = match self.prefixes.last() {
            Some((prefix, matches)) if *prefix == folded => matches.clone(),
            previous => {
                let candidates: Vec<usize> = match previous {
                    Some((_, matches)) => matches.iter().map(|&(_, index)| index).collect(),
                    None => (0..self.entries.len()).collect(),
                };
                let mut matches = Vec::new();
                for (count, index) in candidates.into_iter().enumerate() {
                    if count.is_multiple_of(STOP_EVERY) && stop() {
                        return None;
                    }
                    let key = Utf32Str::new(&self.entries[index].key, &mut buffer);
                    if let Some(score) = pattern.score(key, &mut self.matcher) {
                        matches.push((score, index));
                    }
                }
                if self.prefixes.len() == MAX_PREFIXES {
                    self.prefixes.remove(0);
                }
                self.prefixes.push((folded.clone(), matches.clone()));
                matches
            }
        };
        scored.retain(|&(_, index)| keep(&self.entries[index]));
        let by_rank = |a: &(u32, usize), b: &(u32, usize)| {
            b.0.cmp(&a.0)
                .then_with(|| self.entries[a.1].key.cmp(&self.entries[b.1].key))
        };
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit, by_rank);
            scored.truncate(limit);
        }
        scored.sort_by(by_rank);
        let hits = scored
            .into_iter()
            .map(|(score, entry)| {
                let mut indices = Vec::new();
                pattern.indices(
                    Utf32Str::new(&self.entries[entry].key, &mut buffer),
                    &mut self.matcher,
                    &mut indices,
                );
                indices.sort_unstable();
                indices.dedup();
                Hit {
                    entry,
                    score,
                    positions: indices.into_iter().map(|i| i as usize).collect(),
                }
            })
            .collect();
        Some(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SearchIndex {
        SearchIndex::new(vec![
            Entry::new(
                Kind::Org,
                "a".into(),
                "Écomusée du Pays de la Roudoule".into(),
            ),
            Entry::new(Kind::Request, "b".into(), "Carte des sentiers".into()),
            Entry::new(Kind::Developer, "c".into(), "Zoé Martin".into()),
        ])
    }

    #[test]
    fn folding_keeps_one_character_per_character() {
        assert_eq!(fold("Écomusée Œuvre"), "ecomusee ouvre");
        assert_eq!(fold("Écomusée").chars().count(), "Écomusée".chars().count());
    }

    #[test]
    fn accents_and_case_do_not_matter_and_positions_point_into_the_label() {
        let mut index = index();
        let hits = index.search("ecomusee", 10, &|_| true);
        assert_eq!(hits.len(), 1);
        assert_eq!(index.entries()[hits[0].entry].id, "a");
        assert_eq!(hits[0].positions, (0..8).collect::<Vec<_>>());
        let hits = index.search("ZOE", 10, &|_| true);
        assert_eq!(index.entries()[hits[0].entry].label, "Zoé Martin");
    }

    #[test]
    fn a_growing_query_narrows_and_a_shorter_one_widens_again() {
        let mut index = index();
        assert_eq!(index.search("e", 10, &|_| true).len(), 3);
        assert_eq!(index.search("ec", 10, &|_| true).len(), 1);
        assert_eq!(index.search("e", 10, &|_| true).len(), 3);
        assert!(index.search("", 10, &|_| true).is_empty());
    }

    #[test]
    fn backspace_and_retyping_give_the_same_results_as_a_fresh_search() {
        let mut index = index();
        let fresh = |query: &str| index_fresh_search(query);
        for query in ["c", "ca", "car", "ca", "c", "ce", "c", "e", "e d", "e"] {
            let hits = index.search(query, 10, &|_| true);
            assert_eq!(hits, fresh(query), "{query}");
        }
    }

    fn index_fresh_search(query: &str) -> Vec<Hit> {
        index().search(query, 10, &|_| true)
    }

    #[test]
    fn the_cost_counts_what_a_search_would_score_and_a_stopped_one_is_forgotten() {
        let mut index = index();
        assert_eq!(index.cost("e"), 3, "nothing remembered: every label");
        assert_eq!(index.search_until("e", 10, &|_| true, &|| true), None);
        assert_eq!(index.cost("e"), 3, "a stopped search remembers nothing");
        assert_eq!(index.search("e", 10, &|_| true).len(), 3);
        assert_eq!(index.cost("e"), 0, "remembered");
        assert_eq!(index.search("ec", 10, &|_| true).len(), 1);
        assert_eq!(index.cost("eco"), 1, "the matches of `ec` only");
        assert_eq!(index.cost(""), 0);
        assert_eq!(index.cost("z"), 3, "not an extension: every label");
    }

    #[test]
    fn an_index_grown_in_chunks_finds_what_one_built_at_once_finds() {
        let whole = index();
        let mut grown = SearchIndex::new(Vec::new());
        let mut entries = whole.entries().to_vec();
        let rest = entries.split_off(1);
        grown.extend(entries);
        assert_eq!(grown.search("e", 10, &|_| true).len(), 1, "the first chunk");
        grown.extend(rest);
        for query in ["e", "ec", "zoe", "carte"] {
            assert_eq!(
                grown.search(query, 10, &|_| true),
                index().search(query, 10, &|_| true),
                "{query}: nothing remembered from the smaller index"
            );
        }
    }

    #[test]
    fn the_filter_restricts_kinds() {
        let mut index = index();
        let hits = index.search("e", 10, &|entry| entry.kind == Kind::Developer);
        assert_eq!(hits.len(), 1);
    }
}
