//! *Conflits*: the open conflicts (a field whose heads disagree, or an edit
//! a deletion did not see) and the review items merges left (dangling
//! references, duplicate SIRETs, clock skew). Opening a conflict shows the
//! competing values side by side; keeping one, or writing another value,
//! writes a change whose parents are all the heads, which syncs like any
//! edit.

use super::home::SKEW_MS;
use crate::app::{App, AppResult};
use crate::domain::{ConflictReason, Kind, ReviewReason};
use crate::store::{ConflictEntry, ReviewItem};

/// How many review items are listed at most.
const REVIEW_LIMIT: usize = 200;

/// One competing value, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeadView {
    pub field: String,
    pub value: Option<String>,
    pub site: String,
    pub site_name: String,
    pub author: String,
    pub wall_ms: i64,
    pub change: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictRow {
    pub kind: Kind,
    pub record: String,
    pub label: String,
    pub field: String,
    pub reason: ConflictReason,
    pub heads: Vec<HeadView>,
}

impl ConflictRow {
    pub fn is_deletion(&self) -> bool {
        self.reason == ConflictReason::Deleted
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

/// A review item with the label of its record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRow {
    pub reason: ReviewReason,
    pub kind: Option<Kind>,
    pub record: String,
    pub label: String,
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

/// Reads the conflicts and review items.
pub fn load(app: &App) -> AppResult<ConflictList> {
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
    let mut conflicts: Vec<ConflictRow> = store
        .conflicts()?
        .into_iter()
        .map(|entry: ConflictEntry| ConflictRow {
            label: label(Some(entry.kind), &entry.record),
            kind: entry.kind,
            record: entry.record,
            field: entry.field,
            reason: ConflictReason::from_code(&entry.reason),
            heads: entry
                .heads
                .into_iter()
                .map(|head| HeadView {
                    site_name: site_name(&head.change.site),
                    site: head.change.site.to_string(),
                    change: head.change.to_string(),
                    field: head.field,
                    value: head.value,
                    author: head.author,
                    wall_ms: head.wall_ms,
                })
                .collect(),
        })
        .collect();
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
            detail: skewed.latest_wall_ms.to_string(),
        });
    }
    // A stable order for people (ids are random): by kind, label, field;
    // values side by side by time then site; review items by reason.
    conflicts.sort_by(|a, b| {
        (a.kind.name(), &a.label, &a.field).cmp(&(b.kind.name(), &b.label, &b.field))
    });
    for row in &mut conflicts {
        row.heads.sort_by(|a, b| {
            (a.wall_ms, &a.site_name, &a.field).cmp(&(b.wall_ms, &b.site_name, &b.field))
        });
    }
    review.sort_by(|a, b| (a.reason, &a.label).cmp(&(b.reason, &b.label)));
    Ok(ConflictList { conflicts, review })
}
