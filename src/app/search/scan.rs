//! Titles and fields matched on rows borrowed from the store as they are
//! scanned: only the hits that may be among the best are copied.

use super::best::Best;
use super::body::skill_labels;
use super::{Pending, SNIPPET_WIDTH, STOP_EVERY, SearchHit, stopped};
use crate::app::{App, AppResult};
use crate::domain::Kind;
use crate::domain::geo;
use crate::search::rank::{Query, recency_points, snippet};
use std::collections::HashMap;

impl App {
    /// Records of `kind` whose title (`fields[0]`; `fields[1]` its date,
    /// if any) matches, offered to `best`, read without a copy of the rows
    /// that do not; those also in `pending` are noted there.
    pub(super) fn match_titles(
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
    pub(super) fn match_scanned(
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
}
