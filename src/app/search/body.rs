//! Body text: how the full-text index is asked for a query, and the records
//! it names read as documents and matched in full on every core.

use super::{SNIPPET_WIDTH, SearchHit};
use crate::app::{App, AppResult};
use crate::domain::Kind;
use crate::domain::geo;
use crate::domain::vocab::Vocab;
use crate::i18n::Lang;
use crate::search::rank::{MatchClass, Query, RECENCY_MAX, recency_points, snippet, word_class};
use crate::store::{BodyWord, TextRow};

/// Threads matching at most (the machine may have more cores; the gain
/// flattens out while reading from the store stays on one).
const MAX_THREADS: usize = 4;
/// Fewer documents than this are not worth a thread of their own.
const MIN_SHARE: usize = 4096;

/// The body text part of a search.
pub(super) struct BodyQuery {
    /// `None` when some query word matches no word of any body text.
    pub(super) words: Option<Vec<BodyWord>>,
    /// The best score a match in body text can have.
    pub(super) bound: u32,
}

/// A record's texts as searched: commune codes read as names, skills as
/// their labels in both languages.
pub(super) struct Document {
    id: String,
    title: String,
    fields: Vec<(&'static str, String)>,
    age_days: Option<i64>,
}

impl App {
    /// How the body text index is asked for `query`: each query word with
    /// the words of the vocabulary it matches inside or with a typo, and the
    /// best score a body match can have (`None` words: nothing can match).
    pub(super) fn body_query(&self, query: &str) -> AppResult<BodyQuery> {
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
    pub(super) fn documents(
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
pub(super) fn skill_labels(elements: &[(String, String)]) -> String {
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
pub(super) fn match_in_parallel(
    query: &str,
    kind: Kind,
    documents: Vec<Document>,
) -> Vec<SearchHit> {
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
