//! *Conflits*: the open conflicts (a field whose heads disagree, or an edit
//! a deletion did not see) and the review items merges left (dangling
//! references, duplicate SIRETs, clock skew). Opening a conflict shows the
//! competing values side by side; keeping one, or writing another value,
//! writes a change whose parents are all the heads, which syncs like any
//! edit.

use super::home::SKEW_MS;
use crate::app::conflicts::{ConflictCard, DeletionCard, HeadCard, Words};
use crate::app::{App, AppResult};
use crate::domain::{ConflictReason, DELETED_FIELD, Kind, ReviewReason};
use crate::store::ReviewItem;

/// How many review items are listed at most.
const REVIEW_LIMIT: usize = 200;

/// One competing value, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadView {
    pub field: String,
    pub value: Option<String>,
    /// The value in words (labels, names, dates), in both languages.
    pub words: Words,
    pub site: String,
    pub site_name: String,
    pub author: String,
    pub wall_ms: i64,
    pub change: String,
}

impl From<&HeadCard> for HeadView {
    fn from(head: &HeadCard) -> HeadView {
        HeadView {
            field: head.field.clone(),
            value: head.value.clone(),
            words: head.words.clone(),
            site: head.site.clone(),
            site_name: head.site_name.clone(),
            author: head.author.clone(),
            wall_ms: head.wall_ms,
            change: head.change.to_string(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictRow {
    pub kind: Kind,
    pub record: String,
    pub label: String,
    pub field: String,
    pub reason: ConflictReason,
    pub heads: Vec<HeadView>,
    /// The value before the conflict, in words (a values conflict).
    pub before: Option<Words>,
    /// An edit concurrent with a deletion: who deleted, what changed meanwhile.
    pub deletion: Option<DeletionCard>,
}

/// The two ways to settle an edit concurrent with a deletion, in the order
/// the card offers them.
pub const DELETION_CHOICES: [&str; 2] = ["conflict.keep_deletion", "conflict.restore"];

impl ConflictRow {
    pub fn is_deletion(&self) -> bool {
        self.reason == ConflictReason::Deleted
    }

    /// How many choices the open card offers (values, or keep / restore).
    pub fn choices(&self) -> usize {
        if self.is_deletion() {
            DELETION_CHOICES.len()
        } else {
            self.heads.len()
        }
    }

    /// What choosing `cursor` writes: a head's value; for an edit against a
    /// deletion, the deletion itself (first choice) or a restore that keeps
    /// the changes made meanwhile (second).
    pub fn choice(&self, cursor: usize) -> Option<(String, Option<String>)> {
        if self.is_deletion() {
            let value = match cursor {
                0 => "1",
                1 => "0",
                _ => return None,
            };
            return Some((DELETED_FIELD.to_string(), Some(value.to_string())));
        }
        let head = self.heads.get(cursor)?;
        Some(self.keep_value(head))
    }

    /// What keeping a head writes: its value; for a deletion conflict, the
    /// deletion itself or a restore when an edit is kept.
    pub fn keep_value(&self, head: &HeadView) -> (String, Option<String>) {
        crate::app::conflicts::keep_value(
            self.reason,
            &self.field,
            &head.field,
            head.value.as_deref(),
        )
    }
}

impl From<ConflictCard> for ConflictRow {
    fn from(card: ConflictCard) -> ConflictRow {
        ConflictRow {
            heads: card.heads.iter().map(HeadView::from).collect(),
            kind: card.kind,
            record: card.id,
            label: card.label,
            field: card.field,
            reason: card.reason,
            before: card.before_words,
            deletion: card.deletion,
        }
    }
}

/// A review item with the label of its record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRow {
    pub reason: ReviewReason,
    pub kind: Option<Kind>,
    pub record: String,
    pub label: String,
    /// The field whose reference dangles (a schema name).
    pub field: Option<&'static str>,
    /// The record a dangling reference names, the SIRET shared, or when a
    /// site's clock is ahead, its latest change's time (ms).
    pub detail: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConflictList {
    pub conflicts: Vec<ConflictRow>,
    pub review: Vec<ReviewRow>,
}

impl ConflictList {
    pub fn len(&self) -> usize {
        self.conflicts.len() + self.review.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The conflict opened side by side, with the head under the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictView {
    pub row: ConflictRow,
    pub cursor: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConflictsState {
    /// `None` until loaded (and after a write).
    pub list: Option<ConflictList>,
    /// Index over the conflicts, then the review items.
    pub selected: usize,
    pub open: Option<ConflictView>,
}

fn kind_of(name: &str) -> Option<Kind> {
    Kind::from_name(name)
}

/// Reads the conflicts (through the use case the command line shares) and
/// the review items.
pub fn load(app: &App) -> AppResult<ConflictList> {
    let conflicts: Vec<ConflictRow> = app
        .conflicts()?
        .into_iter()
        .map(ConflictRow::from)
        .collect();
    let store = &app.store;
    let names = store.site_names()?;
    let site_name = |site: &str| {
        names
            .iter()
            .find(|(id, _)| id == site)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| crate::store::short_id(site).to_string())
    };
    let label = |kind: Option<Kind>, id: &str| {
        kind.and_then(|kind| store.label_of(kind, id).ok().flatten())
            .filter(|label| !label.is_empty())
            .unwrap_or_else(|| crate::store::short_id(id).to_string())
    };
    let mut review: Vec<ReviewRow> = store
        .review_items(REVIEW_LIMIT)?
        .into_iter()
        .map(|item: ReviewItem| {
            let kind = kind_of(item.kind);
            ReviewRow {
                reason: ReviewReason::from_code(item.reason)
                    .unwrap_or(ReviewReason::DanglingReference),
                label: label(kind, &item.record),
                kind,
                record: item.record,
                field: item.field,
                detail: item.detail,
            }
        })
        .collect();
    for skewed in store.clock_skew(store.now_ms() + SKEW_MS)? {
        review.push(ReviewRow {
            reason: ReviewReason::ClockSkew,
            kind: None,
            label: site_name(&skewed.site),
            record: skewed.site,
            field: None,
            detail: skewed.latest_wall_ms.to_string(),
        });
    }
    // A stable order for people (ids are random): review items by reason
    // (the conflicts come sorted from the use case).
    review.sort_by(|a, b| (a.reason, &a.label).cmp(&(b.reason, &b.label)));
    Ok(ConflictList { conflicts, review })
}
