//! Ranked matching of a query against the text fields of a record.
//!
//! Both the query and the field are accent-folded and lower-cased one
//! character for one character (`domain::text::fold`), so the positions
//! reported are character positions in the original field text.
//!
//! Each word of the query must match a word of the field, in one of four
//! ways, best first: the whole word, a prefix of it, a piece inside it
//! (three letters or more), or — for query words of five letters or more —
//! the word with one letter substituted, inserted, deleted or two swapped.
//! When some query word matches no word, the query may still match as a
//! scattered subsequence of a title or name, but only when its letters come
//! in runs or at word starts: letters picked one by one across unrelated
//! words (`verdon` in "Indexer les initiatives européennes de la région")
//! are noise, not a match.

use super::fold;
use super::scattered::{SCATTERED_MAX, scattered_is_meaningful, word_start_alignment};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use serde::Serialize;

mod words;

use words::{Word, fold_fast, folded, match_word, words_into, words_of};
pub use words::{within_one_edit, word_class};

/// How a query matched a field, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchClass {
    Exact,
    Prefix,
    Inner,
    Typo,
    Scattered,
}

impl MatchClass {
    /// Points of one query word matched this way. Whole words and prefixes
    /// are one band (a title's prefix, 950, comes before body text's whole
    /// word, 900); the gaps to the next classes are larger than every bonus,
    /// so a whole word in body text still comes before a typo in a title.
    pub fn points(self) -> u32 {
        match self {
            MatchClass::Exact => 900,
            MatchClass::Prefix => 850,
            MatchClass::Inner => 500,
            MatchClass::Typo => 300,
            MatchClass::Scattered => 100,
        }
    }
}

/// Bonus of a match in a title or name over one in body text.
pub const PRIMARY_BONUS: u32 = 100;
/// The most a record's recency adds (a record of today).
pub const RECENCY_MAX: u32 = 30;
/// Shortest query word that tolerates a typo.
pub const TYPO_MIN_LEN: usize = 5;

/// A query, folded and split into words, ready to match many fields.
pub struct Query {
    words: Vec<Vec<char>>,
    pattern: Pattern,
    letters: usize,
    matcher: Matcher,
    /// Scratch space reused from field to field (search runs over hundreds
    /// of thousands of fields: allocating for each one costs more than
    /// matching it).
    chars: Vec<char>,
    spans: Vec<Word>,
    text: String,
    utf32: Vec<char>,
    states: Vec<WordState>,
}

/// How far the quick refusal got with one query word inside the current
/// word of a text: letters found in order with none left out (`whole`) or
/// with one left out (`skipped`), and whether some word held them.
#[derive(Clone, Copy, Debug, Default)]
struct WordState {
    whole: usize,
    skipped: usize,
    found: bool,
}

/// How one field matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMatch {
    pub class: MatchClass,
    /// Higher is better; comparable across fields and records.
    pub score: u32,
    /// Matched character positions in the field's text, ascending.
    pub positions: Vec<usize>,
}

impl Query {
    /// `None` when the query has no letter or digit.
    pub fn parse(text: &str) -> Option<Query> {
        let folded = fold(text.trim());
        let chars: Vec<char> = folded.chars().collect();
        let words: Vec<Vec<char>> = words_of(&chars)
            .into_iter()
            .map(|word| chars[word.start..word.end].to_vec())
            .collect();
        if words.is_empty() {
            return None;
        }
        let letters = words.iter().map(Vec::len).sum();
        let pattern = Pattern::parse(&folded, CaseMatching::Ignore, Normalization::Never);
        Some(Query {
            words,
            pattern,
            letters,
            matcher: Matcher::new(Config::DEFAULT),
            chars: Vec::new(),
            spans: Vec::new(),
            text: String::new(),
            utf32: Vec::new(),
            states: Vec::new(),
        })
    }

    /// The query's words, folded.
    pub fn words(&self) -> impl Iterator<Item = String> + '_ {
        self.words.iter().map(|word| word.iter().collect())
    }

    /// How `text` matches; `primary` for titles and names (the only fields
    /// where scattered letters are accepted).
    pub fn match_field(&mut self, text: &str, primary: bool) -> Option<FieldMatch> {
        if text.is_empty() || !self.may_match(text, primary) {
            return None;
        }
        let mut chars = std::mem::take(&mut self.chars);
        chars.clear();
        chars.extend(text.chars().map(fold_fast));
        let found = self.match_folded(&chars, primary);
        self.chars = chars;
        found
    }

    /// Whether `text` can match at all, in one pass over it without a copy
    /// (matching folds the text and splits it into words: most fields of a
    /// search stop here). Matching word by word needs each query word's
    /// letters in order inside one word of the text, all of them, or all
    /// but one for a word long enough for a typo (a whole word, a prefix or
    /// a piece inside contain the word; one edit keeps all letters but one
    /// in order); scattered letters, tried on titles only, need all the
    /// query's letters in order across the text.
    fn may_match(&mut self, text: &str, primary: bool) -> bool {
        let mut states = std::mem::take(&mut self.states);
        states.clear();
        states.resize(self.words.len(), WordState::default());
        let found = self.refuse_or_accept(text, primary, &mut states);
        self.states = states;
        found
    }

    fn refuse_or_accept(&self, text: &str, primary: bool, states: &mut [WordState]) -> bool {
        let mut missing = self.words.len();
        let mut letters = self.words.iter().flatten();
        let mut next_letter = if primary && self.letters >= 2 {
            letters.next().copied()
        } else {
            None
        };
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            // ASCII without decoding; anything else one character at a time.
            let (c, alphanumeric) = if byte.is_ascii() {
                at += 1;
                let lower = byte.to_ascii_lowercase();
                (char::from(lower), lower.is_ascii_alphanumeric())
            } else {
                let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                at += c.len_utf8();
                folded(c)
            };
            if next_letter == Some(c) {
                next_letter = letters.next().copied();
                if next_letter.is_none() {
                    return true;
                }
            }
            if !alphanumeric {
                for state in states.iter_mut() {
                    state.whole = 0;
                    state.skipped = 0;
                }
                continue;
            }
            for (word, state) in self.words.iter().zip(states.iter_mut()) {
                if state.found {
                    continue;
                }
                let length = word.len();
                let slack = usize::from(length >= TYPO_MIN_LEN);
                if slack > 0 {
                    state.skipped = state.skipped.max(state.whole + 1);
                    if word.get(state.skipped) == Some(&c) {
                        state.skipped += 1;
                    }
                }
                if word.get(state.whole) == Some(&c) {
                    state.whole += 1;
                }
                if state.whole + slack >= length || state.skipped >= length {
                    state.found = true;
                    missing -= 1;
                    if missing == 0 {
                        return true;
                    }
                }
            }
        }
        false
    }

    fn match_folded(&mut self, chars: &[char], primary: bool) -> Option<FieldMatch> {
        let bonus = if primary { PRIMARY_BONUS } else { 0 };
        if let Some((class, points, positions)) = self.match_words(chars) {
            return Some(FieldMatch {
                class,
                score: points + bonus,
                positions,
            });
        }
        if !primary {
            return None;
        }
        let (points, positions) = self.match_scattered(chars)?;
        Some(FieldMatch {
            class: MatchClass::Scattered,
            score: points + bonus,
            positions,
        })
    }

    /// Every query word against the field's words; the mean of their points.
    fn match_words(&mut self, chars: &[char]) -> Option<(MatchClass, u32, Vec<usize>)> {
        let mut spans = std::mem::take(&mut self.spans);
        words_into(chars, &mut spans);
        let mut total = 0u32;
        let mut worst = MatchClass::Exact;
        let mut ranges = Vec::with_capacity(self.words.len());
        let mut complete = true;
        for query_word in &self.words {
            let best = spans
                .iter()
                .filter_map(|word| {
                    match_word(query_word, &chars[word.start..word.end])
                        .map(|(class, range)| (class, (word.start + range.0, word.start + range.1)))
                })
                .min_by_key(|(class, _)| *class);
            let Some((class, range)) = best else {
                complete = false;
                break;
            };
            total = total.saturating_add(class.points());
            worst = worst.max(class);
            ranges.push(range);
        }
        self.spans = spans;
        if !complete {
            return None;
        }
        let mut positions: Vec<usize> = ranges.into_iter().flat_map(|(a, b)| a..b).collect();
        positions.sort_unstable();
        positions.dedup();
        let count = u32::try_from(self.words.len()).unwrap_or(u32::MAX).max(1);
        Some((worst, total / count, positions))
    }

    /// The query's letters in order anywhere in the field, kept only when
    /// they come mostly in runs or at word starts.
    fn match_scattered(&mut self, chars: &[char]) -> Option<(u32, Vec<usize>)> {
        if self.letters < 2 {
            return None;
        }
        // Cheap refusal first: most fields do not hold the letters in order.
        let mut rest = chars.iter();
        if !self.words.iter().flatten().all(|c| rest.any(|h| h == c)) {
            return None;
        }
        let letters: Vec<char> = self.words.iter().flatten().copied().collect();
        if let Some(positions) = word_start_alignment(&letters, chars) {
            return Some((MatchClass::Scattered.points() + SCATTERED_MAX, positions));
        }
        self.text.clear();
        self.text.extend(chars.iter());
        let haystack = Utf32Str::new(&self.text, &mut self.utf32);
        let mut indices = Vec::new();
        let score = self
            .pattern
            .indices(haystack, &mut self.matcher, &mut indices)?;
        indices.sort_unstable();
        indices.dedup();
        let positions: Vec<usize> = indices.into_iter().map(|i| i as usize).collect();
        if !scattered_is_meaningful(chars, &positions) {
            return None;
        }
        Some((
            MatchClass::Scattered.points() + (score / 8).min(50),
            positions,
        ))
    }
}

/// Recency points: `RECENCY_MAX` for today, one less per month of age.
pub fn recency_points(age_days: Option<i64>) -> u32 {
    match age_days {
        Some(days) if days >= 0 => {
            let months = u32::try_from(days / 30).unwrap_or(u32::MAX);
            RECENCY_MAX.saturating_sub(months)
        }
        Some(_) => RECENCY_MAX,
        None => 0,
    }
}

/// A piece of `text` of at most `width` characters around the first matched
/// position, with the positions shifted into it; `…` marks cut ends. The
/// piece starts and ends at whole words where it can (not where that would
/// cut the match out).
pub fn snippet(text: &str, positions: &[usize], width: usize) -> (String, Vec<usize>) {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if chars.len() <= width {
        return (chars.into_iter().collect(), positions.to_vec());
    }
    let first = positions.first().copied().unwrap_or(0).min(chars.len());
    let start = first.saturating_sub(width / 3).min(chars.len() - width);
    let end = (start + width).min(chars.len());
    let last = positions.iter().copied().filter(|&p| p < end).max();
    let (start, end) = at_words(&chars, start..end, first, last.unwrap_or(first));
    let mut piece = String::new();
    let mut shift = 0usize;
    if start > 0 {
        piece.push('…');
        shift = 1;
    }
    piece.extend(&chars[start..end]);
    if end < chars.len() {
        piece.push('…');
    }
    let inside = positions
        .iter()
        .filter(|&&p| p >= start && p < end)
        .map(|&p| p - start + shift)
        .collect();
    (piece, inside)
}

/// `range` of `chars` moved in to whole words: its start past the tail of a
/// word it cuts, its end back before the head of a word it cuts, never past
/// the matched characters `first` and `last` it holds.
fn at_words(
    chars: &[char],
    range: std::ops::Range<usize>,
    first: usize,
    last: usize,
) -> (usize, usize) {
    let (mut start, mut end) = (range.start, range.end);
    if start > 0 && chars[start - 1] != ' ' {
        let before_match = &chars[start..first.clamp(start, end)];
        if let Some(space) = before_match.iter().position(|c| *c == ' ') {
            start += space + 1;
        }
    }
    if end < chars.len() && chars[end] != ' ' {
        let after_match = (last + 1).clamp(start, end);
        if let Some(space) = chars[after_match..end].iter().rposition(|c| *c == ' ') {
            end = after_match + space;
        }
    }
    (start, end)
}

#[cfg(test)]
mod tests;
