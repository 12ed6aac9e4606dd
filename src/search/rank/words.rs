//! One word against one word: characters folded, a folded text cut into
//! words, and how a query word matches a word (whole, prefix, inside, or
//! one typo away).

use super::{MatchClass, TYPO_MIN_LEN};
use crate::search::fold_char;

/// Shortest query word that may match inside a word.
const INNER_MIN_LEN: usize = 3;

/// `fold_char` with a fast path for ASCII, which most text is.
pub(super) fn fold_fast(c: char) -> char {
    folded(c).0
}

/// Characters below this are folded through a table.
const TABLE_END: usize = 0x250;

/// A character folded, and whether the folded character is a letter or a
/// digit (what splits words). ASCII is computed, the rest of Latin (all
/// but a few characters of French text) read from a table made once from
/// `fold_char`, the others folded one by one.
pub(super) fn folded(c: char) -> (char, bool) {
    if c.is_ascii() {
        let lower = c.to_ascii_lowercase();
        return (lower, lower.is_ascii_alphanumeric());
    }
    static TABLE: std::sync::OnceLock<Vec<(char, bool)>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..TABLE_END)
            .map(|code| {
                let folded = char::from_u32(code as u32).map_or('\0', fold_char);
                (folded, folded.is_alphanumeric())
            })
            .collect()
    });
    match table.get(c as usize) {
        Some(&entry) => entry,
        None => {
            let folded = fold_char(c);
            (folded, folded.is_alphanumeric())
        }
    }
}

/// A word of a folded text: its characters' range.
#[derive(Clone, Copy, Debug)]
pub(super) struct Word {
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn words_of(chars: &[char]) -> Vec<Word> {
    let mut words = Vec::new();
    words_into(chars, &mut words);
    words
}

pub(super) fn words_into(chars: &[char], words: &mut Vec<Word>) {
    words.clear();
    let mut start = None;
    for (index, c) in chars.iter().enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(index),
            (false, Some(begin)) => {
                words.push(Word {
                    start: begin,
                    end: index,
                });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(begin) = start {
        words.push(Word {
            start: begin,
            end: chars.len(),
        });
    }
}

/// How the query word `query` (folded) matches the word `word` (folded
/// here), when it does.
pub fn word_class(query: &str, word: &str) -> Option<MatchClass> {
    let query: Vec<char> = query.chars().collect();
    let word: Vec<char> = word.chars().map(fold_fast).collect();
    match_word(&query, &word).map(|(class, _)| class)
}

/// How a query word matches one word of the field, with the matched range
/// inside that word.
pub(super) fn match_word(query: &[char], word: &[char]) -> Option<(MatchClass, (usize, usize))> {
    let (Some(&first), Some(&word_first)) = (query.first(), word.first()) else {
        return None;
    };
    let length = query.len();
    // Comparing first characters before slices: this runs for every word
    // of every field searched.
    if word.len() >= length {
        if word_first == first && word[..length] == *query {
            let class = if word.len() == length {
                MatchClass::Exact
            } else {
                MatchClass::Prefix
            };
            return Some((class, (0, length)));
        }
        if length >= INNER_MIN_LEN {
            for at in 1..=word.len() - length {
                if word[at] == first && word[at..at + length] == *query {
                    return Some((MatchClass::Inner, (at, at + length)));
                }
            }
        }
    }
    if length >= TYPO_MIN_LEN && word.len() + 1 >= length {
        // The whole word, or a prefix of about the query's length (a word
        // being typed with a slip in it).
        for cut in [word.len(), length - 1, length, length + 1] {
            if cut <= word.len()
                && cut + 1 >= length
                && cut <= length + 1
                && within_one_edit(query, &word[..cut])
            {
                return Some((MatchClass::Typo, (0, cut)));
            }
        }
    }
    None
}

/// Whether `a` and `b` are at most one substitution, insertion, deletion or
/// transposition of adjacent characters apart.
pub fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if prefix == short.len() {
        return true; // equal, or one character added at the end
    }
    if short.len() == long.len() {
        let rest = prefix + 1;
        // substitution
        if short[rest..] == long[rest..] {
            return true;
        }
        // transposition
        return rest < short.len()
            && short[prefix] == long[rest]
            && short[rest] == long[prefix]
            && short[rest + 1..] == long[rest + 1..];
    }
    // one insertion into the shorter
    short[prefix..] == long[prefix + 1..]
}
