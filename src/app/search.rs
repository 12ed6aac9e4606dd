//! Search across kinds: requests (title, need, data sources), organisations
//! (name, commune, SIRET/RNA), developers (name, skills), workshops (title,
//! notes, outputs) and deliverables (title, URL, licence), ranked by
//! `search::rank`, each hit naming the field that matched with a snippet.

use super::{App, AppError, AppResult};
use crate::domain::Kind;
use crate::i18n::Message;
use crate::search::rank::{MatchClass, Query};
use crate::store::{BodyWord, body_index};
use std::collections::{HashMap, HashSet};

mod best;
mod body;
mod scan;

use best::{Best, by_rank};
use body::match_in_parallel;

/// How a query matched, best first (the matcher's classes, as the
/// interfaces see them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitClass {
    Exact,
    Prefix,
    Inner,
    Typo,
    Scattered,
}

impl From<MatchClass> for HitClass {
    fn from(class: MatchClass) -> HitClass {
        match class {
            MatchClass::Exact => HitClass::Exact,
            MatchClass::Prefix => HitClass::Prefix,
            MatchClass::Inner => HitClass::Inner,
            MatchClass::Typo => HitClass::Typo,
            MatchClass::Scattered => HitClass::Scattered,
        }
    }
}
use serde::Serialize;

/// The kinds search looks into, in the order results tie-break on.
pub const SEARCHABLE: [Kind; 5] = [
    Kind::Request,
    Kind::Org,
    Kind::Developer,
    Kind::Workshop,
    Kind::Deliverable,
];

/// What one kind gives a search before body text is weighed: its best
/// hits in titles (in every field, for a kind without a body index) and
/// how many there were, and the records whose body text the index says
/// matches, with those among them whose title matched too.
struct KindPart {
    kind: Kind,
    hits: Best,
    pending: Option<Pending>,
}

/// Records of a kind whose body text matches, by the index.
struct Pending {
    kind: Kind,
    ids: HashSet<String>,
    /// Those whose title matched too (counted once).
    titled: HashSet<String>,
}

/// The kinds read on a second connection when every kind is searched:
/// about as much text as the requests and deliverables read on the first
/// (at 100k: 7 M characters of workshop titles, organisations' names,
/// communes and numbers, against 8 M of request titles and deliverables'
/// titles, URLs and licences).
const SECOND_CONNECTION: [Kind; 3] = [Kind::Workshop, Kind::Org, Kind::Developer];

/// Rows read between two questions to a search's `stop`.
const STOP_EVERY: usize = 4096;

/// A search given up part-way (its result would be thrown away).
fn stopped(stop: &(dyn Fn() -> bool + Sync)) -> AppResult<()> {
    if stop() {
        return Err(AppError::refused(Message::new("tui.jobs.cancelled")));
    }
    Ok(())
}

/// Width of a body-text snippet, in characters.
const SNIPPET_WIDTH: usize = 60;

/// One record found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    #[serde(serialize_with = "kind_name")]
    pub kind: Kind,
    pub id: String,
    /// The record's title or name.
    pub title: String,
    /// The field that matched best (`title`, `need`, `commune`, `skills`…).
    pub field: &'static str,
    pub class: HitClass,
    pub score: u32,
    /// Matched characters of that field (character positions).
    pub positions: Vec<usize>,
    /// For a field other than the title: a piece of it around the match…
    pub snippet: Option<String>,
    /// …and the matched characters' positions in that piece.
    pub snippet_positions: Vec<usize>,
}

fn kind_name<S: serde::Serializer>(kind: &Kind, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(kind.name())
}

/// The best hits of a query.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchOutcome {
    pub query: String,
    /// How many records matched in all (the hits are the best `limit`).
    pub total: usize,
    pub hits: Vec<SearchHit>,
}

/// The searchable fields of a kind: (field, whether it names the record),
/// and the date that makes a record recent.
fn fields_of(kind: Kind) -> (&'static [&'static str], Option<&'static str>) {
    match kind {
        Kind::Request => (
            &["title", "need", "data_sources", "received_on"],
            Some("received_on"),
        ),
        Kind::Org => (&["name", "commune", "siret"], None),
        Kind::Developer => (&["name"], None),
        Kind::Workshop => (&["title", "notes", "outputs", "date"], Some("date")),
        Kind::Deliverable => (
            &["title", "url", "licence", "published_on"],
            Some("published_on"),
        ),
        Kind::Place => (&["name", "commune_name", "address"], None),
        Kind::Site | Kind::Time | Kind::Budget => (&[], None),
    }
}

impl App {
    /// The best `limit` records matching `query`, in `kind` or in every
    /// searchable kind.
    pub fn search(
        &self,
        query: &str,
        kind: Option<Kind>,
        limit: usize,
    ) -> AppResult<SearchOutcome> {
        self.search_until(query, kind, limit, &|| false)
    }

    /// `search`, given up as soon as `stop` says so (a newer keystroke in
    /// the terminal UI): it is asked between kinds and every `STOP_EVERY`
    /// rows read.
    pub fn search_until(
        &self,
        query: &str,
        kind: Option<Kind>,
        limit: usize,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> AppResult<SearchOutcome> {
        let mut outcome = SearchOutcome {
            query: query.to_string(),
            total: 0,
            hits: Vec::new(),
        };
        if Query::parse(query).is_none() {
            return Ok(outcome);
        }
        let kinds: Vec<Kind> = match kind {
            Some(kind) => vec![kind],
            None => SEARCHABLE.to_vec(),
        };
        let body = match kinds.iter().any(|kind| body_index(*kind).is_some()) {
            true => Some(self.body_query(query)?),
            false => None,
        };
        let words = body.as_ref().and_then(|body| body.words.as_deref());
        let mut best = Best::new(limit);
        // Records whose body text the full-text index says matches, to be
        // matched in full only if they can reach the best `limit`.
        let mut pending: Vec<Pending> = Vec::new();
        for part in self.kind_parts(query, &kinds, words, limit, stop)? {
            best.seen += part.hits.seen;
            best.hits.extend(part.hits.hits);
            pending.extend(part.pending);
        }
        best.trim();
        let titled = best.seen;
        let unseen: usize = pending
            .iter()
            .map(|part| part.ids.len() - part.titled.len())
            .sum();
        outcome.total = titled + unseen;
        // The score the body text would need to enter the best `limit`.
        let threshold = match best.hits.iter().map(|hit| hit.score).min() {
            Some(worst) if limit > 0 && titled >= limit => worst,
            _ => 0,
        };
        let mut hits = best.hits;
        if body.as_ref().is_some_and(|body| body.bound >= threshold) {
            let mut at: HashMap<(Kind, String), usize> = hits
                .iter()
                .enumerate()
                .map(|(index, hit)| ((hit.kind, hit.id.clone()), index))
                .collect();
            let mut found = 0usize;
            for part in pending {
                stopped(stop)?;
                let kind = part.kind;
                let (fields, date_field) = fields_of(kind);
                let ids: Vec<&str> = part.ids.iter().map(String::as_str).collect();
                let rows = self.store.text_rows_of(kind, fields, &ids)?;
                let documents = self.documents(kind, fields, date_field, rows)?;
                for hit in match_in_parallel(query, kind, documents) {
                    if !part.titled.contains(&hit.id) {
                        found += 1;
                    }
                    match at.get(&(kind, hit.id.clone())) {
                        Some(&index) => hits[index] = hit,
                        None => {
                            at.insert((kind, hit.id.clone()), hits.len());
                            hits.push(hit);
                        }
                    }
                }
            }
            outcome.total = titled + found;
        }
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, by_rank);
        }
        hits.truncate(limit);
        hits.sort_by(by_rank);
        outcome.hits = hits;
        Ok(outcome)
    }

    /// What each of `kinds` gives, in their order. Every core reads: the
    /// kinds of `SECOND_CONNECTION` are read and matched on a thread with
    /// a connection of its own (when more than one kind is searched in a
    /// database file and that connection opens), the others here.
    fn kind_parts(
        &self,
        query: &str,
        kinds: &[Kind],
        words: Option<&[BodyWord]>,
        limit: usize,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> AppResult<Vec<KindPart>> {
        let (there, here): (Vec<Kind>, Vec<Kind>) = kinds
            .iter()
            .partition(|kind| SECOND_CONNECTION.contains(kind));
        let path = self.store.path();
        if there.is_empty() || here.is_empty() || !path.is_file() {
            return self.parts_of(query, kinds, words, limit, stop);
        }
        let (config, clock) = (self.config.clone(), self.store.clock().clone());
        let (mine, theirs) = std::thread::scope(|scope| {
            let theirs = scope.spawn(|| {
                let app = App::open(path, config, clock).ok()?;
                Some(app.parts_of(query, &there, words, limit, stop))
            });
            let mine = self.parts_of(query, &here, words, limit, stop);
            (mine, theirs.join().ok().flatten())
        });
        let mut parts = mine?;
        parts.extend(match theirs {
            Some(theirs) => theirs?,
            // No second connection: read those kinds here too.
            None => self.parts_of(query, &there, words, limit, stop)?,
        });
        parts.sort_by_key(|part| kinds.iter().position(|kind| *kind == part.kind));
        Ok(parts)
    }

    /// What each of `kinds` gives, read one after the other.
    fn parts_of(
        &self,
        query: &str,
        kinds: &[Kind],
        words: Option<&[BodyWord]>,
        limit: usize,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> AppResult<Vec<KindPart>> {
        let mut parts = Vec::with_capacity(kinds.len());
        for &kind in kinds {
            stopped(stop)?;
            let (fields, date_field) = fields_of(kind);
            let mut hits = Best::new(limit);
            if body_index(kind).is_none() {
                self.match_scanned(query, kind, fields, date_field, &mut hits, stop)?;
                parts.push(KindPart {
                    kind,
                    hits,
                    pending: None,
                });
                continue;
            }
            // Titles are matched here in every way (scattered letters
            // included); body text through the index, asked first so that
            // a record found by both is counted once without a copy of the
            // ids of every title matched.
            let titles: Vec<&'static str> = fields
                .iter()
                .take(1)
                .chain(fields.iter().filter(|field| Some(**field) == date_field))
                .copied()
                .collect();
            let mut pending = match words {
                Some(words) => Some(Pending {
                    kind,
                    ids: self.store.body_matches(kind, words)?.into_iter().collect(),
                    titled: HashSet::new(),
                }),
                None => None,
            };
            self.match_titles(query, kind, &titles, &mut hits, pending.as_mut(), stop)?;
            parts.push(KindPart {
                kind,
                hits,
                pending,
            });
        }
        Ok(parts)
    }
}
