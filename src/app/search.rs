//! Search across kinds: requests (title, need, data sources), organisations
//! (name, commune, SIRET/RNA), developers (name, skills), workshops (title,
//! notes, outputs) and deliverables (title, URL, licence), ranked by
//! `search::rank`, each hit naming the field that matched with a snippet.

use super::{App, AppError, AppResult};
use crate::domain::Kind;
use crate::domain::geo;
use crate::domain::vocab::Vocab;
use crate::i18n::Lang;
use crate::i18n::Message;
use crate::search::rank::{MatchClass, Query, RECENCY_MAX, recency_points, snippet, word_class};
use crate::store::{BodyWord, TextRow, body_index};
use std::collections::{HashMap, HashSet};

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

/// Threads matching at most (the machine may have more cores; the gain
/// flattens out while reading from the store stays on one).
const MAX_THREADS: usize = 4;
/// Fewer documents than this are not worth a thread of their own.
const MIN_SHARE: usize = 4096;

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

/// Hits in rank order: best score first, then by title, then by id.
fn by_rank(a: &SearchHit, b: &SearchHit) -> std::cmp::Ordering {
    rank_order((a.score, &a.title, &a.id), (b.score, &b.title, &b.id))
}

fn rank_order(a: (u32, &str, &str), b: (u32, &str, &str)) -> std::cmp::Ordering {
    b.0.cmp(&a.0)
        .then_with(|| a.1.cmp(b.1))
        .then_with(|| a.2.cmp(b.2))
}

/// The best `limit` hits offered, and how many were offered: a hit that
/// ranks after the worst one kept at the last trim is only counted, before
/// its title and snippet are copied (a query like `marau` matches tens of
/// thousands of records; 20 are shown).
struct Best {
    limit: usize,
    hits: Vec<SearchHit>,
    /// Hits offered (kept or not).
    seen: usize,
    /// (score, title, id) of the worst hit kept at the last trim.
    floor: Option<(u32, String, String)>,
}

impl Best {
    fn new(limit: usize) -> Best {
        Best {
            limit,
            hits: Vec::new(),
            seen: 0,
            floor: None,
        }
    }

    /// Counts a hit; whether it may be among the best (then `keep` it).
    fn admits(&mut self, score: u32, title: &str, id: &str) -> bool {
        self.seen += 1;
        self.limit > 0
            && self.floor.as_ref().is_none_or(|(s, t, i)| {
                rank_order((score, title, id), (*s, t, i)) == std::cmp::Ordering::Less
            })
    }

    fn keep(&mut self, hit: SearchHit) {
        self.hits.push(hit);
        if self.hits.len() >= self.limit.saturating_mul(2).max(64) {
            self.trim();
        }
    }

    /// Keeps the best `limit` hits and remembers the worst of them.
    fn trim(&mut self) {
        if self.limit == 0 {
            self.hits.clear();
            return;
        }
        if self.hits.len() > self.limit {
            self.hits.select_nth_unstable_by(self.limit - 1, by_rank);
            self.hits.truncate(self.limit);
        }
        if self.hits.len() == self.limit {
            self.floor = self
                .hits
                .iter()
                .max_by(|a, b| by_rank(a, b))
                .map(|hit| (hit.score, hit.title.clone(), hit.id.clone()));
        }
    }
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

/// The body text part of a search.
struct BodyQuery {
    /// `None` when some query word matches no word of any body text.
    words: Option<Vec<BodyWord>>,
    /// The best score a match in body text can have.
    bound: u32,
}

/// A record's texts as searched: commune codes read as names, skills as
/// their labels in both languages.
struct Document {
    id: String,
    title: String,
    fields: Vec<(&'static str, String)>,
    age_days: Option<i64>,
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

    /// Records of `kind` whose title (`fields[0]`; `fields[1]` its date,
    /// if any) matches, offered to `best`, read without a copy of the rows
    /// that do not; those also in `pending` are noted there.
    fn match_titles(
        &self,
        query: &str,
        kind: Kind,
        fields: &[&'static str],
        best: &mut Best,
        mut pending: Option<&mut Pending>,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> AppResult<()> {
        let (Some(parsed), Some(&field)) = (Query::parse(query), fields.first()) else {
            return Ok(());
        };
        let mut parsed = parsed;
        let today = self.today();
        let mut rows = 0usize;
        self.store.scan_texts(kind, fields, |id, texts| {
            rows += 1;
            if rows.is_multiple_of(STOP_EVERY) && stop() {
                return false;
            }
            let Some(title) = texts.first().copied().flatten() else {
                return true;
            };
            let Some(found) = parsed.match_field(title, true) else {
                return true;
            };
            if let Some(pending) = pending.as_deref_mut()
                && pending.ids.contains(id)
            {
                pending.titled.insert(id.to_string());
            }
            let age_days = texts
                .get(1)
                .copied()
                .flatten()
                .and_then(|date| date.parse::<chrono::NaiveDate>().ok())
                .map(|date| (today - date).num_days());
            let score = found.score + recency_points(age_days);
            if !best.admits(score, title, id) {
                return true;
            }
            best.keep(SearchHit {
                kind,
                id: id.to_string(),
                title: title.to_string(),
                field,
                class: found.class.into(),
                score,
                positions: found.positions,
                snippet: None,
                snippet_positions: Vec::new(),
            });
            true
        })?;
        stopped(stop)
    }

    /// Records of `kind` (without a body index: every field is read) whose
    /// `fields` match, offered to `kept`, read on rows borrowed from SQLite:
    /// only hits that may be among the best are copied. Fields are tried in the order of `documents`, so the same
    /// field wins as when matching a `Document`.
    fn match_scanned(
        &self,
        query: &str,
        kind: Kind,
        fields: &[&'static str],
        date_field: Option<&str>,
        kept: &mut Best,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> AppResult<()> {
        let (Some(mut parsed), Some(&title_field)) = (Query::parse(query), fields.first()) else {
            return Ok(());
        };
        let today = self.today();
        let date_index = date_field.and_then(|date| fields.iter().position(|f| *f == date));
        let skills = self.skill_texts(kind)?;
        let mut rows = 0usize;
        self.store.scan_texts(kind, fields, |id, texts| {
            rows += 1;
            if rows.is_multiple_of(STOP_EVERY) && stop() {
                return false;
            }
            let title = texts.first().copied().flatten().unwrap_or("");
            let mut best: Option<(&'static str, &str, crate::search::rank::FieldMatch)> = None;
            let others = texts
                .iter()
                .enumerate()
                .skip(1)
                .filter_map(|(index, text)| {
                    if Some(index) == date_index {
                        return None;
                    }
                    let text = (*text)?;
                    let text = match fields[index] {
                        "commune" => {
                            geo::commune(text).map_or(text, |commune| commune.name.as_str())
                        }
                        _ => text,
                    };
                    Some((fields[index], text))
                });
            let skill = skills.get(id).map(|text| ("skills", text.as_str()));
            for (index, (field, text)) in std::iter::once((title_field, title))
                .chain(others)
                .chain(skill)
                .enumerate()
            {
                let Some(found) = parsed.match_field(text, index == 0) else {
                    continue;
                };
                if best
                    .as_ref()
                    .is_none_or(|(_, _, known)| found.score > known.score)
                {
                    best = Some((field, text, found));
                }
            }
            let Some((field, text, found)) = best else {
                return true;
            };
            let age_days = date_index
                .and_then(|index| texts.get(index).copied().flatten())
                .and_then(|date| date.parse::<chrono::NaiveDate>().ok())
                .map(|date| (today - date).num_days());
            let score = found.score + recency_points(age_days);
            if !kept.admits(score, title, id) {
                return true;
            }
            let (snippet, snippet_positions) = if field == title_field {
                (None, Vec::new())
            } else {
                let (piece, positions) = snippet(text, &found.positions, SNIPPET_WIDTH);
                (Some(piece), positions)
            };
            kept.keep(SearchHit {
                kind,
                id: id.to_string(),
                title: title.to_string(),
                field,
                class: found.class.into(),
                score,
                positions: found.positions,
                snippet,
                snippet_positions,
            });
            true
        })?;
        stopped(stop)
    }

    /// Developers' skills as searched: each skill's labels in both
    /// languages and its slug, by developer id (empty for other kinds).
    fn skill_texts(&self, kind: Kind) -> AppResult<HashMap<String, String>> {
        if kind != Kind::Developer {
            return Ok(HashMap::new());
        }
        Ok(self
            .store
            .set_elements(kind, "skill")?
            .into_iter()
            .map(|(id, elements)| (id, skill_labels(&elements)))
            .collect())
    }

    /// How the body text index is asked for `query`: each query word with
    /// the words of the vocabulary it matches inside or with a typo, and the
    /// best score a body match can have (`None` words: nothing can match).
    fn body_query(&self, query: &str) -> AppResult<BodyQuery> {
        let Some(parsed) = Query::parse(query) else {
            return Ok(BodyQuery {
                words: None,
                bound: 0,
            });
        };
        let vocabulary = self.store.search_terms()?;
        let mut words = Vec::new();
        let mut points = 0u32;
        let mut complete = true;
        for word in parsed.words() {
            let mut best: Option<MatchClass> = None;
            let mut terms = Vec::new();
            for term in &vocabulary {
                let Some(class) = word_class(&word, term) else {
                    continue;
                };
                best = Some(best.map_or(class, |known| known.min(class)));
                // Whole words and prefixes are asked as a prefix query.
                if class > MatchClass::Prefix {
                    terms.push(term.clone());
                }
            }
            match best {
                Some(class) => points = points.saturating_add(class.points()),
                None => complete = false,
            }
            words.push(BodyWord { word, terms });
        }
        let count = u32::try_from(words.len()).unwrap_or(u32::MAX).max(1);
        Ok(BodyQuery {
            bound: (points / count).saturating_add(RECENCY_MAX),
            words: complete.then_some(words),
        })
    }

    /// `rows` of `kind` (holding `fields`, in order) as searched.
    fn documents(
        &self,
        kind: Kind,
        fields: &[&'static str],
        date_field: Option<&str>,
        rows: Vec<TextRow>,
    ) -> AppResult<Vec<Document>> {
        if fields.is_empty() {
            return Ok(Vec::new());
        }
        let today = self.today();
        let date_index = date_field.and_then(|date| fields.iter().position(|f| *f == date));
        let mut skills = if kind == Kind::Developer {
            self.store.set_elements(kind, "skill")?
        } else {
            Default::default()
        };
        let mut documents = Vec::with_capacity(rows.len());
        for row in rows {
            let mut texts = row.texts;
            let age_days = date_index
                .and_then(|index| texts.get(index).cloned().flatten())
                .and_then(|date| date.parse::<chrono::NaiveDate>().ok())
                .map(|date| (today - date).num_days());
            let title = texts.first_mut().and_then(Option::take).unwrap_or_default();
            let mut named: Vec<(&'static str, String)> = vec![(fields[0], title.clone())];
            for (index, text) in texts.into_iter().enumerate().skip(1) {
                let field = fields[index];
                if Some(index) == date_index {
                    continue;
                }
                let Some(text) = text else { continue };
                let text = match field {
                    "commune" => geo::commune(&text)
                        .map(|commune| commune.name.clone())
                        .unwrap_or(text),
                    _ => text,
                };
                named.push((field, text));
            }
            if let Some(elements) = skills.remove(&row.id) {
                named.push(("skills", skill_labels(&elements)));
            }
            documents.push(Document {
                id: row.id,
                title,
                fields: named,
                age_days,
            });
        }
        Ok(documents)
    }
}

/// A developer's skills as one searchable text.
fn skill_labels(elements: &[(String, String)]) -> String {
    let labels: Vec<String> = elements
        .iter()
        .map(|(slug, _)| {
            let fr = Vocab::Skill.label(slug, Lang::Fr);
            let en = Vocab::Skill.label(slug, Lang::En);
            // The slug too: it is what people type in FIELD=VALUE.
            if fr == en {
                format!("{fr} ({slug})")
            } else {
                format!("{fr} ({en}, {slug})")
            }
        })
        .collect();
    labels.join(", ")
}

/// Matches documents on every core: each thread has its own query (its
/// matcher and scratch buffers) and a share of the documents.
fn match_in_parallel(query: &str, kind: Kind, documents: Vec<Document>) -> Vec<SearchHit> {
    let threads = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
        .clamp(1, MAX_THREADS);
    let share = documents.len().div_ceil(threads).max(MIN_SHARE);
    let mut shares: Vec<Vec<Document>> = Vec::new();
    let mut documents = documents.into_iter().peekable();
    while documents.peek().is_some() {
        shares.push(documents.by_ref().take(share).collect());
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| {
                scope.spawn(move || {
                    let Some(mut parsed) = Query::parse(query) else {
                        return Vec::new();
                    };
                    share
                        .into_iter()
                        .filter_map(|document| match_document(&mut parsed, kind, document))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_default())
            .collect()
    })
}

/// The record's best-matching field, if any matched.
fn match_document(query: &mut Query, kind: Kind, document: Document) -> Option<SearchHit> {
    let mut best: Option<(usize, crate::search::rank::FieldMatch)> = None;
    for (index, (_, text)) in document.fields.iter().enumerate() {
        let Some(found) = query.match_field(text, index == 0) else {
            continue;
        };
        if best
            .as_ref()
            .is_none_or(|(_, known)| found.score > known.score)
        {
            best = Some((index, found));
        }
    }
    let (index, found) = best?;
    let (field, text) = &document.fields[index];
    let (snippet, snippet_positions) = if index == 0 {
        (None, Vec::new())
    } else {
        let (piece, positions) = snippet(text, &found.positions, SNIPPET_WIDTH);
        (Some(piece), positions)
    };
    Some(SearchHit {
        kind,
        id: document.id,
        title: document.title,
        field,
        class: found.class.into(),
        score: found.score + recency_points(document.age_days),
        positions: found.positions,
        snippet,
        snippet_positions,
    })
}
