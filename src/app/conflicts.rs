//! Conflicts as both interfaces show them: each open conflict with its
//! competing values (who wrote which, when), and settling one either with a
//! new value or by keeping one of the heads. Either way the resolution is an
//! ordinary change whose parents are all heads, so it syncs like any edit.

use super::{App, AppError, AppResult};
use crate::domain::{ChangeId, ConflictReason, DELETED_FIELD, Kind};
use crate::i18n::Message;
use serde::Serialize;

/// One open conflict and its competing values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConflictCard {
    #[serde(serialize_with = "kind_name")]
    pub kind: Kind,
    pub id: String,
    pub field: String,
    pub reason: ConflictReason,
    pub heads: Vec<HeadCard>,
}

/// One competing value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeadCard {
    #[serde(serialize_with = "change_text")]
    pub change: ChangeId,
    pub site: String,
    /// The field this value is of (a deletion conflict lists every field).
    #[serde(skip)]
    pub field: String,
    pub value: Option<String>,
    pub author: String,
    #[serde(rename = "time", serialize_with = "time_text")]
    pub wall_ms: i64,
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

impl App {
    /// Every open conflict with its competing values.
    pub fn conflicts(&self) -> AppResult<Vec<ConflictCard>> {
        Ok(self
            .store
            .conflicts()?
            .into_iter()
            .map(|entry| ConflictCard {
                kind: entry.kind,
                id: entry.record,
                field: entry.field,
                reason: ConflictReason::from_code(&entry.reason),
                heads: entry
                    .heads
                    .into_iter()
                    .map(|head| HeadCard {
                        site: head.change.site.clone(),
                        change: head.change,
                        field: head.field,
                        value: head.value,
                        author: head.author,
                        wall_ms: head.wall_ms,
                    })
                    .collect(),
            })
            .collect())
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
            .conflicts()?
            .into_iter()
            .filter(|card| card.id == id)
            .find_map(|card| {
                let head = card.heads.iter().find(|head| {
                    head.change == wanted
                        && (head.field == field || card.reason == ConflictReason::Deleted)
                })?;
                Some(keep_value(
                    card.reason,
                    &card.field,
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
