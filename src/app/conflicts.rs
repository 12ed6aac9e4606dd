//! Conflicts as both interfaces show them: each open conflict with its
//! competing values (who wrote which, from which site, when), the value
//! before the conflict, and for an edit concurrent with a deletion one card
//! saying who deleted the record and what was changed meanwhile. Settling
//! one writes an ordinary change whose parents are all heads, so it syncs
//! like any edit. Values come in words in both languages (`Words`), so
//! that the terminal UI's background job needs no language.

use super::present::display_value;
use super::{App, AppError, AppResult, HistoryEntry};
use crate::domain::schema::{FieldRef, resolve_field};
use crate::domain::{ChangeId, ConflictReason, DELETED_FIELD, Kind};
use crate::i18n::{Lang, Message};
use crate::store::{ConflictHead, Store};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// A text in both languages (a value in words).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Words {
    pub fr: String,
    pub en: String,
}

impl Words {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }
}

/// One open conflict and its competing values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConflictCard {
    #[serde(serialize_with = "kind_name")]
    pub kind: Kind,
    pub id: String,
    /// The record's name.
    pub label: String,
    pub field: String,
    pub reason: ConflictReason,
    /// The value before the conflict: what the competing values replaced
    /// (their common parent's value; `None` when it was empty).
    pub before: Option<String>,
    #[serde(skip)]
    pub before_words: Option<Words>,
    pub heads: Vec<HeadCard>,
    /// An edit concurrent with a deletion: who deleted, what changed meanwhile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion: Option<DeletionCard>,
}

/// One competing value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeadCard {
    #[serde(serialize_with = "change_text")]
    pub change: ChangeId,
    pub site: String,
    pub site_name: String,
    /// The field this value is of (a deletion conflict lists every field).
    #[serde(skip)]
    pub field: String,
    pub value: Option<String>,
    /// The value this one replaced.
    pub before: Option<String>,
    #[serde(skip)]
    pub words: Words,
    #[serde(skip)]
    pub before_words: Words,
    pub author: String,
    #[serde(rename = "time", serialize_with = "time_text")]
    pub wall_ms: i64,
}

/// An edit concurrent with a deletion, as one story: the deletion, then
/// the changes it did not see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeletionCard {
    pub deleted_by: HeadCard,
    /// The changes made meanwhile, oldest first.
    pub edits: Vec<HeadCard>,
}

pub(crate) fn kind_name<S: serde::Serializer>(kind: &Kind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind.name())
}

fn change_text<S: serde::Serializer>(change: &ChangeId, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(change)
}

fn time_text<S: serde::Serializer>(wall_ms: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&super::present::rfc3339(*wall_ms))
}

/// A stored value in words in both languages; an empty one reads "(vide)".
fn words(store: &Store, kind: Kind, field: &str, value: Option<&str>) -> Words {
    let one = |lang: Lang| match value {
        None => crate::i18n::tr(lang, "conflict.empty").to_string(),
        Some(value) => match resolve_field(kind, field) {
            Some(FieldRef::Scalar(def)) => display_value(store, lang, def.ty, value),
            _ => crate::domain::escape::escape_control(value),
        },
    };
    Words {
        fr: one(Lang::Fr),
        en: one(Lang::En),
    }
}

/// What each conflict card is made from, read once per card.
struct CardSource<'a> {
    store: &'a Store,
    sites: &'a [(String, String)],
    kind: Kind,
    history: BTreeMap<ChangeId, HistoryEntry>,
}

impl CardSource<'_> {
    fn site_name(&self, site: &str) -> String {
        self.sites
            .iter()
            .find(|(id, _)| id == site)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| crate::store::short_id(site).to_string())
    }

    fn head(&self, head: ConflictHead) -> HeadCard {
        let before = self
            .history
            .get(&head.change)
            .and_then(|line| line.old.clone());
        HeadCard {
            site_name: self.site_name(&head.change.site),
            site: head.change.site.clone(),
            words: words(self.store, self.kind, &head.field, head.value.as_deref()),
            before_words: words(self.store, self.kind, &head.field, before.as_deref()),
            before,
            change: head.change,
            field: head.field,
            value: head.value,
            author: head.author,
            wall_ms: head.wall_ms,
        }
    }

    /// The deletion (the latest, if several sites deleted) and the heads of
    /// other fields it did not name as parents: the edits made meanwhile.
    fn deletion(&self, heads: &[HeadCard]) -> AppResult<Option<DeletionCard>> {
        let Some(deleted_by) = heads
            .iter()
            .filter(|head| head.field == DELETED_FIELD && head.value.as_deref() == Some("1"))
            .max_by_key(|head| head.wall_ms)
        else {
            return Ok(None);
        };
        let mut seen: HashSet<ChangeId> = HashSet::new();
        for head in heads.iter().filter(|head| head.field == DELETED_FIELD) {
            seen.extend(self.store.change_parents(&head.change)?);
        }
        let mut edits: Vec<HeadCard> = heads
            .iter()
            .filter(|head| head.field != DELETED_FIELD && !seen.contains(&head.change))
            .cloned()
            .collect();
        edits.sort_by(|a, b| (a.wall_ms, &a.field).cmp(&(b.wall_ms, &b.field)));
        Ok(Some(DeletionCard {
            deleted_by: deleted_by.clone(),
            edits,
        }))
    }
}

impl App {
    /// Every open conflict with its competing values, in a stable order for
    /// people (ids are random): by kind, name, field; values by time.
    pub fn conflicts(&self) -> AppResult<Vec<ConflictCard>> {
        let sites = self.store.site_names()?;
        let mut cards = Vec::new();
        for entry in self.store.conflicts()? {
            let source = CardSource {
                store: &self.store,
                sites: &sites,
                kind: entry.kind,
                history: self
                    .store
                    .history(&entry.record)?
                    .into_iter()
                    .map(|line| (line.change.clone(), line))
                    .collect(),
            };
            let mut heads: Vec<HeadCard> = entry
                .heads
                .into_iter()
                .map(|head| source.head(head))
                .collect();
            heads.sort_by(|a, b| {
                (a.wall_ms, &a.site_name, &a.field).cmp(&(b.wall_ms, &b.site_name, &b.field))
            });
            let reason = ConflictReason::from_code(&entry.reason);
            let deletion = match reason {
                ConflictReason::Deleted => source.deletion(&heads)?,
                ConflictReason::Values => None,
            };
            // The competing values replaced one value (their common parent);
            // the earliest head's is it when they branched from one edit.
            let before_head = heads.iter().find(|head| head.field == entry.field);
            let label = self
                .store
                .label_of(entry.kind, &entry.record)?
                .filter(|label| !label.trim().is_empty())
                .unwrap_or_else(|| crate::store::short_id(&entry.record).to_string());
            cards.push(ConflictCard {
                kind: entry.kind,
                label,
                before: before_head.and_then(|head| head.before.clone()),
                before_words: (reason == ConflictReason::Values)
                    .then(|| before_head.map(|head| head.before_words.clone()))
                    .flatten(),
                id: entry.record,
                field: entry.field,
                reason,
                heads,
                deletion,
            });
        }
        cards.sort_by(|a, b| {
            (a.kind.name(), &a.label, &a.field).cmp(&(b.kind.name(), &b.label, &b.field))
        });
        Ok(cards)
    }

    /// Settles a conflict by keeping head `change` (`site:seq`): its value;
    /// for an edit-against-deletion conflict, the deletion or a restore.
    pub fn resolve_keep(
        &mut self,
        kind: Kind,
        id_text: &str,
        field: &str,
        change: &str,
    ) -> AppResult<String> {
        let wanted = ChangeId::parse(change).ok_or_else(|| {
            AppError::refused(Message::new("error.resolve.keep_syntax").arg("value", change))
        })?;
        let id = super::refs::resolve_record(&self.store, kind, id_text)?;
        let (field, value) = self
            .store
            .conflicts()?
            .into_iter()
            .filter(|entry| entry.record == id)
            .find_map(|entry| {
                let reason = ConflictReason::from_code(&entry.reason);
                let head = entry.heads.iter().find(|head| {
                    head.change == wanted
                        && (head.field == field || reason == ConflictReason::Deleted)
                })?;
                Some(keep_value(
                    reason,
                    &entry.field,
                    &head.field,
                    head.value.as_deref(),
                ))
            })
            .ok_or_else(|| {
                AppError::refused(Message::new("error.resolve.not_a_head").arg("change", change))
            })?;
        self.resolve(kind, &id, &field, value.as_deref())
    }
}

/// What keeping a head writes: its value; for a deletion conflict, the
/// deletion itself (`deleted = 1`) or a restore (`deleted = 0`) when an edit
/// is kept.
pub fn keep_value(
    reason: ConflictReason,
    conflict_field: &str,
    head_field: &str,
    head_value: Option<&str>,
) -> (String, Option<String>) {
    if reason == ConflictReason::Deleted {
        let deleting = head_field == DELETED_FIELD && head_value == Some("1");
        let value = if deleting { "1" } else { "0" };
        return (DELETED_FIELD.to_string(), Some(value.to_string()));
    }
    (conflict_field.to_string(), head_value.map(str::to_string))
}

impl DeletionCard {
    /// "Fiche supprimée le … par Y (site)." then one sentence per person who
    /// changed something meanwhile: "Pendant ce temps, Z (site) a changé
    /// participants 12 → 14 le …", field labels and values in words.
    pub fn story(&self, kind: Kind) -> Vec<Message> {
        let time = |wall_ms: i64| {
            (
                super::present::format_time(Lang::Fr, wall_ms),
                super::present::format_time(Lang::En, wall_ms),
            )
        };
        let (fr, en) = time(self.deleted_by.wall_ms);
        let mut lines = vec![
            Message::new("conflict.deleted_by")
                .arg("author", &self.deleted_by.author)
                .arg("site", &self.deleted_by.site_name)
                .arg_localized("time", fr, en),
        ];
        // One sentence per person and site, in the order they wrote.
        let mut groups: Vec<(&str, &str, Vec<&HeadCard>)> = Vec::new();
        for edit in &self.edits {
            match groups.last_mut() {
                Some((author, site, edits))
                    if *author == edit.author && *site == edit.site_name =>
                {
                    edits.push(edit)
                }
                _ => groups.push((&edit.author, &edit.site_name, vec![edit])),
            }
        }
        for (author, site, edits) in groups {
            let changes = |lang: Lang| {
                edits
                    .iter()
                    .map(|edit| {
                        let field = super::undo::in_sentence(super::present::field_label(
                            lang,
                            kind,
                            &edit.field,
                        ));
                        Message::new("conflict.change")
                            .arg("field", field)
                            .arg("before", edit.before_words.get(lang))
                            .arg("after", edit.words.get(lang))
                            .render(lang)
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let last = edits.last().map(|edit| edit.wall_ms).unwrap_or_default();
            let (fr, en) = time(last);
            lines.push(
                Message::new("conflict.meanwhile")
                    .arg("author", author)
                    .arg("site", site)
                    .arg_localized("changes", changes(Lang::Fr), changes(Lang::En))
                    .arg_localized("time", fr, en),
            );
        }
        lines
    }
}
