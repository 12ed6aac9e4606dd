//! Records an import sees for the first time (issue 13 item 2: no version
//! read for records first seen in the same batch). Between two flushes the
//! import keeps the changes of each record that had no change in the log
//! before it; at the flush such a record derives from those changes in
//! memory (`derive`), exactly as from the log, instead of reading its heads
//! and its kind back. Any other record (already logged, flushed earlier in
//! the import, sent a stub or a purge marker, or named under several kinds)
//! is re-derived from the log as before.

use super::StoreError;
use super::codec::Codes;
use super::derive::{LogRow, Owner, field_heads};
use super::keys;
use super::materialise::{ConflictDelta, Materialiser};
use crate::domain::{Change, merge};
use rusqlite::Connection;
use std::collections::HashMap;

/// Bytes of held changes past which the import flushes early (a batch of
/// large values must not sit in memory whole).
const BUDGET: usize = 16 << 20;

/// Whether the log holds any change of a record, by its key (one step on
/// its index).
const ANY_CHANGE: &str = "SELECT 1 FROM changes WHERE record = ?1 LIMIT 1";

/// The records seen since the last flush.
#[derive(Default)]
pub(super) struct Window {
    /// Each record's changes when it was new to the log and has had only
    /// live changes since; `None` for any other record.
    records: HashMap<String, Option<Held>>,
    bytes: usize,
}

/// What the window holds of a record new to the log.
#[derive(Default)]
pub(super) struct Held {
    /// Its key, as its first change was logged under it.
    pub(super) key: Option<i64>,
    pub(super) rows: Vec<LogRow>,
}

impl Window {
    /// Before a live change is logged: notes whether its record is new to
    /// the log (the first time the window sees it), and tells `codes` the
    /// record's key it looked up (a record without a key has no change
    /// logged either).
    pub(super) fn see(
        &mut self,
        conn: &Connection,
        codes: &mut Codes,
        record: &str,
    ) -> Result<(), StoreError> {
        if self.records.contains_key(record) {
            return Ok(());
        }
        let key = keys::find(conn, record)?;
        codes.know_record(record, key);
        let held = match key {
            None => false,
            Some(key) => conn
                .prepare_cached(ANY_CHANGE)
                .and_then(|mut stmt| stmt.exists([key]))
                .map_err(StoreError::sqlite)?,
        };
        self.records
            .insert(record.to_string(), (!held).then(Held::default));
        Ok(())
    }

    /// After a live change is logged under `key`: a new record keeps it.
    pub(super) fn keep(&mut self, change: &Change, key: Option<i64>) {
        if let Some(Some(held)) = self.records.get_mut(&change.record) {
            let row = LogRow::from_change(change);
            self.bytes = self.bytes.saturating_add(row.size());
            held.rows.push(row);
            held.key = held.key.or(key);
        }
    }

    /// After a stub or a purge marker is logged: its record derives from
    /// the log (a stub still counts in the record's kind, a marker erases).
    pub(super) fn spoil(&mut self, record: &str) {
        if let Some(slot) = self.records.get_mut(record) {
            *slot = None;
        }
    }

    /// Whether the held changes call for a flush now.
    pub(super) fn over_budget(&self) -> bool {
        self.bytes > BUDGET
    }

    /// The changes of a record new to the log, taken out of the window.
    pub(super) fn take(&mut self, record: &str) -> Option<Held> {
        self.records
            .get_mut(record)
            .and_then(Option::take)
            .filter(|held| !held.rows.is_empty())
    }

    /// Forgets the window (after a flush).
    pub(super) fn clear(&mut self) {
        self.records.clear();
        self.bytes = 0;
    }
}

/// Derives a record new to the log from its changes: its row, elements,
/// conflicts and deletion state, as `refresh_record` and `refresh_deletion`
/// write them from the log. `None` when the changes name the record under
/// several kinds: the caller re-derives it from the log, which settles that.
pub(super) fn derive(
    conn: &Connection,
    materialiser: &mut Materialiser,
    record: &str,
    held: Held,
) -> Result<Option<ConflictDelta>, StoreError> {
    let Held { key, rows } = held;
    let mut owner = Owner::default();
    for row in &rows {
        owner.see(row);
    }
    if owner.is_mixed() {
        return Ok(None);
    }
    let Some(kind) = owner.kind() else {
        return Ok(None);
    };
    let fields = field_heads(kind, rows)?;
    if let Some(key) = key {
        materialiser.know_key(record, key);
    }
    let mut delta = materialiser.refresh_record(conn, kind, record, &fields)?;
    // A record new to the log has no conflict on its deletion to clear:
    // only a deleted one can gain one (`refresh_deletion` then reads it
    // back, as from the log).
    if merge::is_deleted(&fields) {
        delta += materialiser.refresh_deletion(conn, kind, record)?;
    }
    Ok(Some(delta))
}
