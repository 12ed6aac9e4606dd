//! Undo (`u` in the terminal UI): takes back the last edit this session
//! made, as long as nobody changed those fields since. An undo is never a
//! rewind of the log: it writes NEW changes whose parents are the undone
//! ones, restoring the values they replaced, so it syncs like any edit and
//! every replica agrees on it. Undoing a deletion restores the record (a
//! change on `deleted` whose parent is the deletion); undoing a creation
//! deletes it.

use super::present::{display_value, field_label, format_time};
use super::{App, AppError, AppResult, HistoryEntry};
use crate::domain::schema::{FieldRef, resolve_field};
use crate::domain::{ChangeId, DELETED_FIELD, Kind};
use crate::i18n::{Lang, Message};
use crate::store::Store;

/// How many edits a session remembers (older ones cannot be undone).
const JOURNAL_LIMIT: usize = 100;

/// What an edit did to its record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Created,
    Edited,
    Deleted,
}

/// One edit of this session: the changes it wrote, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    kind: Kind,
    record: String,
    written: Written,
    changes: Vec<ChangeId>,
}

/// The edits this session made, newest last. Kept in memory only: "this
/// session" is the life of one `App` (one terminal UI run).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Journal {
    entries: Vec<Entry>,
}

impl Journal {
    pub(super) fn push(
        &mut self,
        kind: Kind,
        record: &str,
        written: Written,
        changes: Vec<ChangeId>,
    ) {
        // An edit that wrote nothing (the values were already there) has
        // nothing to take back.
        if changes.is_empty() {
            return;
        }
        if self.entries.len() >= JOURNAL_LIMIT {
            self.entries.remove(0);
        }
        self.entries.push(Entry {
            kind,
            record: record.to_string(),
            written,
            changes,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// What an undo did: the record, and the sentence for the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UndoOutcome {
    pub kind: Kind,
    pub id: String,
    /// The record is live after the undo (a restored deletion, an edit).
    pub live: bool,
    pub message: Message,
}

impl App {
    /// Whether this session has an edit that `undo` may take back.
    pub fn can_undo(&self) -> bool {
        !self.journal.is_empty()
    }

    /// Takes back the last edit of this session (see the module doc).
    /// Refused, writing nothing, when another change has since become the
    /// head of one of its fields; that edit then leaves the journal, since
    /// a head that moved on never comes back.
    pub fn undo(&mut self) -> AppResult<UndoOutcome> {
        self.require_site()?;
        let Some(entry) = self.journal.entries.pop() else {
            return Err(AppError::refused(Message::new("undo.nothing")));
        };
        let (kind, record) = (entry.kind, entry.record.as_str());
        let history = self.store.history(record)?;
        let ours: Vec<&HistoryEntry> = entry
            .changes
            .iter()
            .filter_map(|id| history.iter().find(|line| &line.change == id))
            .collect();
        let label = record_label(&self.store, kind, record);
        let sites = self.store.site_names()?;
        let message = done_message(&self.store, kind, &label, entry.written, &ours);
        let author = self.author();
        let mut writer = self.store.writer(&author)?;
        for change in &ours {
            let heads = writer.heads(kind, record, &change.field)?;
            if heads.len() == 1 && heads[0].id == change.change {
                continue;
            }
            // Dropping the writer rolls back: nothing is written.
            let newest = heads
                .iter()
                .filter(|head| head.id != change.change)
                .max_by(|a, b| a.order_key().cmp(&b.order_key()))
                .and_then(|head| history.iter().find(|line| line.change == head.id));
            return Err(AppError::refused(moved_message(
                kind,
                &label,
                &change.field,
                newest,
                &sites,
            )));
        }
        match entry.written {
            Written::Deleted => {
                writer.set(kind, record, DELETED_FIELD, Some("0"))?;
            }
            Written::Created => writer.delete(kind, record)?,
            Written::Edited => {
                for change in &ours {
                    writer.set(kind, record, &change.field, change.old.as_deref())?;
                }
            }
        }
        writer.commit()?;
        Ok(UndoOutcome {
            kind,
            id: entry.record.clone(),
            live: entry.written != Written::Created,
            message,
        })
    }
}

/// The name of a record, or a neutral word when it has none.
fn record_label(store: &Store, kind: Kind, id: &str) -> String {
    store
        .label_of(kind, id)
        .ok()
        .flatten()
        .filter(|label| !label.trim().is_empty())
        .unwrap_or_else(|| crate::store::short_id(id).to_string())
}

/// A field's label inside a sentence: « statut », but « SIRET » stays.
pub fn in_sentence(label: String) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label,
    }
}

fn field_words(kind: Kind, field: &str) -> (String, String) {
    (
        in_sentence(field_label(Lang::Fr, kind, field)),
        in_sentence(field_label(Lang::En, kind, field)),
    )
}

/// A stored value in words, in one language.
fn value_words(store: &Store, lang: Lang, kind: Kind, field: &str, value: &str) -> String {
    match resolve_field(kind, field) {
        Some(FieldRef::Scalar(def)) => display_value(store, lang, def.ty, value),
        _ => crate::domain::escape::escape_control(value),
    }
}

/// "Annulé : statut de « … » remis à Qualifiée", in words.
fn done_message(
    store: &Store,
    kind: Kind,
    label: &str,
    written: Written,
    ours: &[&HistoryEntry],
) -> Message {
    match written {
        Written::Deleted => Message::new("undo.done.deletion").arg("label", label),
        Written::Created => Message::new("undo.done.creation").arg("label", label),
        Written::Edited => {
            let Some(first) = ours.first() else {
                return Message::new("undo.done.nothing").arg("label", label);
            };
            let (french, english) = field_words(kind, &first.field);
            let others = ours.len().saturating_sub(1);
            let more = if others == 0 {
                Message::new("undo.more.none")
            } else {
                Message::new("undo.more").count(others as i64)
            };
            let message = match first.old.as_deref() {
                Some(old) => Message::new("undo.done.field").arg_localized(
                    "value",
                    value_words(store, Lang::Fr, kind, &first.field, old),
                    value_words(store, Lang::En, kind, &first.field, old),
                ),
                None => Message::new("undo.done.cleared"),
            };
            message
                .arg("label", label)
                .arg_localized("field", french, english)
                .arg_message("more", more)
        }
    }
}

/// Why an undo was refused: who changed the field since, from which site, when.
fn moved_message(
    kind: Kind,
    label: &str,
    field: &str,
    newest: Option<&HistoryEntry>,
    sites: &[(String, String)],
) -> Message {
    let base = if field == DELETED_FIELD {
        Message::new("undo.moved.deletion")
    } else {
        let (french, english) = field_words(kind, field);
        Message::new("undo.moved.field").arg_localized("field", french, english)
    };
    let base = base.arg("label", label);
    let Some(newest) = newest else {
        return base.arg_message("who", Message::new("undo.moved.someone"));
    };
    let site = sites
        .iter()
        .find(|(id, _)| *id == newest.change.site)
        .map(|(_, name)| name.clone());
    let who = match site {
        Some(site) => Message::new("undo.moved.who").arg("site", site),
        None => Message::new("undo.moved.who_elsewhere"),
    };
    let who = who.arg("author", &newest.author).arg_localized(
        "time",
        format_time(Lang::Fr, newest.wall_ms),
        format_time(Lang::En, newest.wall_ms),
    );
    base.arg_message("who", who)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_start_lower_case_in_a_sentence_but_acronyms_stay() {
        assert_eq!(in_sentence("Statut".into()), "statut");
        assert_eq!(in_sentence("SIRET".into()), "SIRET");
        assert_eq!(in_sentence("É".into()), "É");
    }

    #[test]
    fn an_edit_that_wrote_nothing_is_not_remembered() {
        let mut journal = Journal::default();
        journal.push(Kind::Org, "x", Written::Edited, Vec::new());
        assert!(journal.is_empty());
        for seq in 1..=(JOURNAL_LIMIT as u64 + 5) {
            journal.push(
                Kind::Org,
                "x",
                Written::Edited,
                vec![ChangeId::new("s", seq)],
            );
        }
        assert_eq!(journal.entries.len(), JOURNAL_LIMIT);
        assert_eq!(journal.entries[0].changes[0].seq, 6);
    }
}
