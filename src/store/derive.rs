//! A record's state derived in memory from its logged changes, by the
//! merge rule exactly as the materialiser derives it from the log (same
//! owner kind, same supersession, same compact values). `check` derives
//! every record of the log this way (`digest_check`); an import derives
//! the records it sees for the first time from the changes it holds
//! (`fresh`), without reading them back.

use super::StoreError;
use super::heads::{Values, read_heads};
use crate::domain::merge::{self, Version};
use crate::domain::{Change, ChangeId, Kind, Stamp};
use std::collections::BTreeMap;
use std::rc::Rc;

/// A head with its parents text and value, as `read_heads` takes it.
pub(super) type Head = (ChangeId, Stamp, Option<(String, Option<String>)>);

/// One logged change as the derivation needs it.
pub(super) struct LogRow {
    pub(super) kind: Rc<str>,
    pub(super) field: Rc<str>,
    pub(super) id: ChangeId,
    pub(super) stamp: Stamp,
    pub(super) parents: Vec<ChangeId>,
    /// The parents as the log spells them, when it holds them as text.
    pub(super) parents_text: Option<String>,
    pub(super) value: Option<String>,
    pub(super) purged: i64,
}

/// What the derivation reads of a change, its names spelt out: it may go
/// to another thread, where a `LogRow` (names shared) may not.
pub(super) struct ChangeRow {
    kind: Kind,
    pub(super) field: String,
    id: ChangeId,
    stamp: Stamp,
    parents: Vec<ChangeId>,
    value: Option<String>,
}

impl ChangeRow {
    /// The parts of `change` the derivation reads; its record id and its
    /// author are let go.
    pub(super) fn of(change: Change) -> ChangeRow {
        ChangeRow {
            kind: change.kind,
            field: change.field,
            id: change.id,
            stamp: change.stamp,
            parents: change.parents,
            value: change.value,
        }
    }

    /// Bytes the row holds, roughly (for the callers' memory budgets).
    pub(super) fn size(&self) -> usize {
        self.field.len()
            + self.parents.len() * 32
            + self.value.as_ref().map_or(0, String::len)
            + 128
    }
}

impl LogRow {
    /// A change as the log would give it back: parents in the log's
    /// order (sorted), never as text; a live change (`purged` 0). Its
    /// strings move into the row; kind and field names are shared through
    /// `names`.
    pub(super) fn from_change(change: ChangeRow, names: &mut Names) -> LogRow {
        let mut parents = change.parents;
        parents.sort_unstable();
        LogRow {
            kind: names.get(change.kind.name()),
            field: names.get(&change.field),
            id: change.id,
            stamp: change.stamp,
            parents,
            parents_text: None,
            value: change.value,
            purged: 0,
        }
    }

    /// Bytes the row holds, roughly (for the callers' memory budgets).
    pub(super) fn size(&self) -> usize {
        self.field.len()
            + self.parents.len() * 32
            + self.parents_text.as_ref().map_or(0, String::len)
            + self.value.as_ref().map_or(0, String::len)
            + 128
    }

    /// The parents as `read_heads` takes them (text).
    pub(super) fn parents_for_heads(&mut self) -> String {
        self.parents_text
            .take()
            .unwrap_or_else(|| ChangeId::join(&self.parents))
    }

    /// The order the merge rule compares changes in: stamp, site, seq.
    pub(super) fn order_key(&self) -> (Stamp, &str, u64) {
        (self.stamp, self.id.site.as_str(), self.id.seq)
    }
}

/// Kind and field names shared by the rows that spell them: a window of
/// an import holds thousands of rows of a few dozen names, each row
/// allocated two names of its own before.
#[derive(Default)]
pub(super) struct Names {
    names: foldhash::HashSet<Rc<str>>,
}

/// Names remembered at most (a set's elements are names too:
/// `developer.<id>`); a full set starts again empty.
const NAMES_CAP: usize = 1_024;

impl Names {
    /// `name`, shared.
    pub(super) fn get(&mut self, name: &str) -> Rc<str> {
        if let Some(shared) = self.names.get(name) {
            return shared.clone();
        }
        if self.names.len() >= NAMES_CAP {
            self.names.clear();
        }
        let shared: Rc<str> = Rc::from(name);
        self.names.insert(shared.clone());
        shared
    }
}

/// The kind a record derives as, followed as its changes stream by
/// (`heads::owner_kind` over the same rows).
#[derive(Default)]
pub(super) struct Owner {
    low: Option<Rc<str>>,
    high: Option<Rc<str>>,
    earliest: Option<(Stamp, String, u64, Rc<str>)>,
}

impl Owner {
    /// Takes one more of the record's changes into account.
    pub(super) fn see(&mut self, row: &LogRow) {
        if self.low.as_ref().is_none_or(|low| row.kind < *low) {
            self.low = Some(row.kind.clone());
        }
        if self.high.as_ref().is_none_or(|high| row.kind > *high) {
            self.high = Some(row.kind.clone());
        }
        let (stamp, site, seq) = row.order_key();
        let earlier = self
            .earliest
            .as_ref()
            .is_none_or(|(s, si, q, _)| (stamp, site, seq) < (*s, si.as_str(), *q));
        if earlier {
            self.earliest = Some((stamp, site.to_string(), seq, row.kind.clone()));
        }
    }

    /// Whether changes of several kinds name the record.
    pub(super) fn is_mixed(&self) -> bool {
        self.low != self.high
    }

    /// The kind the record derives as, if its changes name a known one.
    pub(super) fn kind(&self) -> Option<Kind> {
        if self.low == self.high {
            return self.low.as_deref().and_then(Kind::from_name);
        }
        self.earliest
            .as_ref()
            .and_then(|(_, _, _, kind)| Kind::from_name(kind))
    }
}

/// The heads of every field of `kind` among a record's changes, as
/// `heads::load_record_versions` reads them (same supersession rule,
/// same compact values, parents kept where the merge uses them).
pub(super) fn field_heads(
    kind: Kind,
    rows: Vec<LogRow>,
) -> Result<BTreeMap<String, Vec<Version>>, StoreError> {
    let mut by_field: BTreeMap<Rc<str>, Vec<LogRow>> = BTreeMap::new();
    for row in rows {
        if row.purged == 0 && &*row.kind == kind.name() {
            by_field.entry(row.field.clone()).or_default().push(row);
        }
    }
    let mut out = BTreeMap::new();
    for (field, rows) in by_field {
        let superseded = merge::superseded(&rows, |row| {
            (&row.id, row.parents.as_slice(), row.order_key())
        });
        let heads: Vec<Head> = rows
            .into_iter()
            .zip(superseded)
            .filter(|(_, superseded)| !superseded)
            .map(|(mut row, _)| {
                let parents = row.parents_for_heads();
                (row.id, row.stamp, Some((parents, row.value)))
            })
            .collect();
        // Every head's row is at hand.
        let mut unread = |id: &ChangeId, row: Option<(String, Option<String>)>| {
            row.ok_or_else(|| StoreError::MalformedChange {
                id: id.to_string(),
                reason: "a head without its row".into(),
            })
        };
        let versions = read_heads(&field, heads, Values::Compact, &mut unread)?;
        out.insert(field.to_string(), versions);
    }
    Ok(out)
}
