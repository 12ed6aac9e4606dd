//! Fuzzy matching for the terminal UI's global search and pickers.
//!
//! Labels are matched on an accent-folded, lower-case key (`ecomusee` finds
//! `Écomusée`) with `nucleo-matcher`. Folding maps one character to one
//! character, so the matched positions it reports are positions in the
//! original label and can be highlighted there.

use crate::domain::Kind;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// Folds one character: lower case, accents removed, one char for one char.
pub fn fold_char(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'œ' => 'o',
        'æ' => 'a',
        '’' | '‘' => '\'',
        '·' => '.',
        other => other,
    }
}

/// The search key of a text: every character folded.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

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

/// The searchable labels, with the last query's candidates kept so that a
/// growing query only re-examines what still matched ("narrowing").
pub struct SearchIndex {
    entries: Vec<Entry>,
    matcher: Matcher,
    last_query: String,
    /// Entries that matched `last_query` (all of them when it is empty).
    last_candidates: Option<Vec<usize>>,
}

impl SearchIndex {
    pub fn new(entries: Vec<Entry>) -> SearchIndex {
        SearchIndex {
            entries,
            matcher: Matcher::new(Config::DEFAULT),
            last_query: String::new(),
            last_candidates: None,
        }
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
        let folded = fold(query.trim());
        if folded.is_empty() {
            self.last_query.clear();
            self.last_candidates = None;
            return Vec::new();
        }
        let pattern = Pattern::parse(&folded, CaseMatching::Ignore, Normalization::Smart);
        // A query that extends the previous one can only match a subset.
        let narrowing = !self.last_query.is_empty()
            && folded.starts_with(&self.last_query)
            && !folded.contains([' ', '!', '^', '$', '\'', '\\']);
        let candidates: Vec<usize> = match (&self.last_candidates, narrowing) {
            (Some(previous), true) => previous.clone(),
            _ => (0..self.entries.len()).collect(),
        };
        let mut buffer = Vec::new();
        let mut matched = Vec::new();
        let mut scored: Vec<(u32, usize)> = Vec::new();
        for index in candidates {
            let entry = &self.entries[index];
            if let Some(score) =
                pattern.score(Utf32Str::new(&entry.key, &mut buffer), &mut self.matcher)
            {
                matched.push(index);
                if keep(entry) {
                    scored.push((score, index));
                }
            }
        }
        self.last_query = folded;
        self.last_candidates = Some(matched);
        scored.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| self.entries[a.1].key.cmp(&self.entries[b.1].key))
        });
        scored.truncate(limit);
        scored
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
            .collect()
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
    fn the_filter_restricts_kinds() {
        let mut index = index();
        let hits = index.search("e", 10, &|entry| entry.kind == Kind::Developer);
        assert_eq!(hits.len(), 1);
    }
}
