//! Records an import sees for the first time (issue 13 item 2: no version
//! read for records first seen in the same batch). Between two flushes the
//! import keeps the changes of each record that had no change in the log
//! before it; at the flush such a record derives from those changes in
//! memory (`derive`), exactly as from the log, instead of reading its heads
//! and its kind back. Any other record (already logged, flushed earlier in
//! the import, sent a stub or a purge marker, or named under several kinds)
//! is re-derived from the log as before.
//!
//! Deriving a record from the changes held is pure (`derive_held`); writing
//! it is not (`write_derived`). A flush of a large window derives on a
//! helper thread while the import's thread writes the records before
//! (`refresh::derivations`).

use super::StoreError;
use super::codec::Codes;
use super::derive::{ChangeRow, LogRow, Names, Owner, field_heads};
use super::keys;
use super::materialise::{ConflictDelta, Materialiser};
use crate::domain::merge::Version;
use crate::domain::{Change, Kind, merge};
use foldhash::HashMap;
use rusqlite::Connection;
use std::collections::BTreeMap;

/// Bytes of held changes past which the import flushes early (a batch of
/// large values must not sit in memory whole).
const BUDGET: usize = 16 << 20;

/// Changes noted per flush: bounds memory on big imports.
const FLUSH_EVERY: usize = 20_000;

/// Whether the log holds any change of a record, by its key (one step on
/// its index).
const ANY_CHANGE: &str = "SELECT 1 FROM changes WHERE record = ?1 LIMIT 1";

/// The records an import touched since the last flush, each with what its
/// derivation needs: the changes of a record new to the log, or the fields
/// to read back for any other. One map serves both (a map of every touched
/// (record, field) beside it cost a tree insert of two strings per change).
#[derive(Default)]
pub(super) struct Window {
    records: HashMap<String, Slot>,
    bytes: usize,
    /// Changes noted since the last flush.
    noted: usize,
    /// Whether most records seen are expected to be new to the replica (a
    /// bulk import): each is given its key as it is seen, in one statement.
    mostly_new: bool,
}

/// How a touched record derives at the next flush.
pub(super) enum Slot {
    /// It had no change in the log before the window and has had only live
    /// changes since: from these changes, in memory.
    Fresh(Held),
    /// From the log: these fields (repeats allowed) were touched.
    Logged(Vec<String>),
}

/// What the window holds of a record new to the log: its changes as they
/// arrived (made into log rows where they are derived, which may be
/// another thread).
#[derive(Default)]
pub(super) struct Held {
    /// Its key, as its first change was logged under it.
    pub(super) key: Option<i64>,
    pub(super) changes: Vec<ChangeRow>,
}

impl Held {
    /// The fields its changes touched, each once.
    pub(super) fn fields(&self) -> Vec<String> {
        fields_of(self.changes.iter().map(|change| change.field.as_str()))
    }
}

/// `fields`, each once, in order.
fn fields_of<'f>(fields: impl Iterator<Item = &'f str>) -> Vec<String> {
    let mut fields: Vec<String> = fields.map(str::to_string).collect();
    fields.sort_unstable();
    fields.dedup();
    fields
}

/// A record new to the log derived from its changes (`derive_held`),
/// to be written (`write_derived`).
#[derive(Debug, PartialEq)]
pub(super) struct Derived {
    kind: Kind,
    key: Option<i64>,
    fields: BTreeMap<String, Vec<Version>>,
}

/// What deriving a held record gave.
#[derive(Debug, PartialEq)]
pub(super) enum Derivation {
    Derived(Derived),
    /// Its changes name it under several kinds or none known: it derives
    /// from the log, which settles that, for these fields.
    FromLog(Vec<String>),
}

impl Window {
    /// A window for an import that brings mostly new records.
    pub(super) fn mostly_new() -> Window {
        Window {
            mostly_new: true,
            ..Window::default()
        }
    }

    /// Before a live change is logged: notes whether its record is new to
    /// the log (the first time the window sees it), and tells `codes` the
    /// record's key it looked up (a record without a key has no change
    /// logged either) or, in a window of mostly new records, gave it.
    pub(super) fn see(
        &mut self,
        conn: &Connection,
        codes: &mut Codes,
        record: &str,
    ) -> Result<(), StoreError> {
        if self.records.contains_key(record) {
            return Ok(());
        }
        let (key, held) = match self.mostly_new {
            true => match keys::give_or_find(conn, record)? {
                (key, true) => (Some(key), false),
                (key, false) => (Some(key), any_change(conn, key)?),
            },
            false => match keys::find(conn, record)? {
                Some(key) => (Some(key), any_change(conn, key)?),
                None => (None, false),
            },
        };
        codes.know_record(record, key);
        let slot = match held {
            true => Slot::Logged(Vec::new()),
            false => Slot::Fresh(Held::default()),
        };
        self.records.insert(record.to_string(), slot);
        Ok(())
    }

    /// After a live change is logged under `key` (its record seen first):
    /// a new record keeps it, any other notes its field.
    pub(super) fn keep(&mut self, change: Change, key: Option<i64>) {
        self.noted += 1;
        match self.records.get_mut(&change.record) {
            Some(Slot::Fresh(held)) => {
                let change = ChangeRow::of(change);
                self.bytes = self.bytes.saturating_add(change.size());
                held.changes.push(change);
                held.key = held.key.or(key);
            }
            Some(Slot::Logged(fields)) => fields.push(change.field),
            None => {
                self.records
                    .insert(change.record, Slot::Logged(vec![change.field]));
            }
        }
    }

    /// After a stub is logged: its record derives from the log (a stub
    /// still counts in the record's kind), from the fields touched so far.
    pub(super) fn spoil(&mut self, record: &str) {
        if let Some(slot) = self.records.get_mut(record)
            && let Slot::Fresh(held) = slot
        {
            *slot = Slot::Logged(held.fields());
        }
    }

    /// After a purge marker is logged: its record derives from the log,
    /// which erases it.
    pub(super) fn erase(&mut self, change: &Change) {
        self.spoil(&change.record);
        self.noted += 1;
        match self.records.get_mut(&change.record) {
            Some(Slot::Logged(fields)) => fields.push(change.field.clone()),
            _ => {
                self.records.insert(
                    change.record.clone(),
                    Slot::Logged(vec![change.field.clone()]),
                );
            }
        }
    }

    /// Whether the window calls for a flush now: enough changes noted, or
    /// enough bytes held (a batch of large values must not sit in memory
    /// whole).
    pub(super) fn is_full(&self) -> bool {
        self.noted >= FLUSH_EVERY || self.bytes > BUDGET
    }

    /// Every touched record with its slot, in the order of their ids; the
    /// window is empty after.
    pub(super) fn drain(&mut self) -> Vec<(String, Slot)> {
        self.bytes = 0;
        self.noted = 0;
        let mut records: Vec<(String, Slot)> = self.records.drain().collect();
        records.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        records
    }
}

/// Whether the log holds a change of the record keyed `key`.
fn any_change(conn: &Connection, key: i64) -> Result<bool, StoreError> {
    conn.prepare_cached(ANY_CHANGE)
        .and_then(|mut stmt| stmt.exists([key]))
        .map_err(StoreError::sqlite)
}

/// Derives a record new to the log from its changes, by the merge rule
/// as from the log (its kind, every field's heads), reading nothing:
/// `names` shares the kind and field names of the rows made on the way.
pub(super) fn derive_held(held: Held, names: &mut Names) -> Result<Derivation, StoreError> {
    let Held { key, changes } = held;
    let rows: Vec<LogRow> = changes
        .into_iter()
        .map(|change| LogRow::from_change(change, names))
        .collect();
    let mut owner = Owner::default();
    for row in &rows {
        owner.see(row);
    }
    let kind = match owner.kind() {
        Some(kind) if !owner.is_mixed() => kind,
        _ => {
            return Ok(Derivation::FromLog(fields_of(
                rows.iter().map(|row| &*row.field),
            )));
        }
    };
    let fields = field_heads(kind, rows)?;
    Ok(Derivation::Derived(Derived { kind, key, fields }))
}

/// Writes a derived record: its row, elements, conflicts and deletion
/// state, as `refresh_record` and `refresh_deletion` write them from the
/// log.
pub(super) fn write_derived(
    conn: &Connection,
    materialiser: &mut Materialiser,
    record: &str,
    derived: &Derived,
) -> Result<ConflictDelta, StoreError> {
    let Derived { kind, key, fields } = derived;
    if let Some(key) = *key {
        materialiser.know_key(record, key);
    }
    let mut delta = materialiser.refresh_record(conn, *kind, record, fields)?;
    // A record new to the log has no conflict on its deletion to clear:
    // only a deleted one can gain one (`refresh_deletion` then reads it
    // back, as from the log).
    if merge::is_deleted(fields) {
        delta += materialiser.refresh_deletion(conn, *kind, record)?;
    }
    Ok(delta)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{ChangeId, Kind, Stamp};
    use crate::store::codec;

    /// The two tables `see` reads: `old` has a key and a logged change,
    /// `keyed` a key only (a row written locally, nothing logged yet).
    fn log() -> Connection {
        let conn = Connection::open_in_memory().expect("memory database");
        conn.execute_batch(
            "CREATE TABLE record_key (key INTEGER PRIMARY KEY, id NOT NULL UNIQUE);
             CREATE TABLE changes (record INTEGER NOT NULL);
             INSERT INTO changes(record) VALUES (1);",
        )
        .expect("tables");
        for (key, id) in [(1, "old"), (2, "keyed")] {
            conn.execute(
                "INSERT INTO record_key(key, id) VALUES (?1, ?2)",
                rusqlite::params![key, codec::record_key(id)],
            )
            .expect("key");
        }
        conn
    }

    fn change(record: &str, seq: u64, field: &str) -> Change {
        Change {
            id: ChangeId::new("0123456789abcdef", seq),
            record: record.into(),
            kind: Kind::Request,
            field: field.into(),
            value: Some("v".into()),
            stamp: Stamp(seq),
            wall_ms: 0,
            author: "test".into(),
            parents: Vec::new(),
        }
    }

    /// Logs `change` into the window as the import does for a live one.
    fn live(window: &mut Window, conn: &Connection, codes: &mut Codes, change: &Change) {
        window.see(conn, codes, &change.record).expect("see");
        let key = codes.record(conn, &change.record).expect("key");
        window.keep(change.clone(), Some(key));
    }

    fn fields(slot: &Slot) -> Vec<String> {
        match slot {
            Slot::Fresh(held) => held
                .changes
                .iter()
                .map(|change| change.field.clone())
                .collect(),
            Slot::Logged(fields) => fields.clone(),
        }
    }

    /// The records a window holds after live changes of a new, a logged
    /// and a keyed record, a stub after two live changes, and a marker of
    /// a record it never saw.
    fn scenario(mut window: Window, conn: &Connection) -> Vec<(String, Slot)> {
        let mut codes = Codes::default();
        let changes = [
            ("new", "title"),
            ("old", "title"),
            ("keyed", "title"),
            ("new", "status"),
            ("old", "title"),
            ("stubbed", "title"),
            ("stubbed", "status"),
            ("stubbed", "title"),
        ];
        for (seq, (record, field)) in changes.into_iter().enumerate() {
            let change = change(record, seq as u64 + 1, field);
            live(&mut window, conn, &mut codes, &change);
        }
        window.spoil("stubbed");
        window.erase(&change("erased", 9, "purged"));
        let drained = window.drain();
        assert!(window.drain().is_empty());
        drained
    }

    fn key_of(drained: &[(String, Slot)], record: &str) -> Option<i64> {
        match drained.iter().find(|(id, _)| id == record) {
            Some((_, Slot::Fresh(held))) => held.key,
            _ => panic!("{record} is not fresh"),
        }
    }

    #[test]
    fn new_records_keep_their_changes_and_the_others_their_fields_in_id_order() {
        for mostly_new in [false, true] {
            let conn = log();
            let window = match mostly_new {
                true => Window::mostly_new(),
                false => Window::default(),
            };
            let drained = scenario(window, &conn);
            let ids: Vec<&str> = drained.iter().map(|(id, _)| id.as_str()).collect();
            assert_eq!(ids, ["erased", "keyed", "new", "old", "stubbed"]);
            let fresh: Vec<bool> = drained
                .iter()
                .map(|(_, slot)| matches!(slot, Slot::Fresh(_)))
                .collect();
            assert_eq!(fresh, [false, true, true, false, false]);
            let touched: Vec<Vec<String>> = drained.iter().map(|(_, slot)| fields(slot)).collect();
            assert_eq!(
                touched,
                [
                    vec!["purged"],
                    vec!["title"],
                    vec!["title", "status"],
                    vec!["title", "title"],
                    vec!["status", "title"],
                ]
            );
            // The key rides with the changes of a new record, whether it
            // had one (`keyed`) or was given one, as the window saw it
            // (mostly new) or as its change was logged; each once.
            assert_eq!(key_of(&drained, "keyed"), Some(2));
            assert_eq!(key_of(&drained, "new"), Some(3));
            let keys: i64 = conn
                .query_row("SELECT count(*) FROM record_key", [], |row| row.get(0))
                .expect("keys");
            assert_eq!(keys, 4);
        }
    }

    #[test]
    fn the_window_is_full_after_enough_changes_and_empty_after_a_drain() {
        let conn = log();
        let mut codes = Codes::default();
        let mut window = Window::default();
        for seq in 1..FLUSH_EVERY as u64 {
            live(&mut window, &conn, &mut codes, &change("old", seq, "title"));
        }
        assert!(!window.is_full());
        window.erase(&change("old", FLUSH_EVERY as u64, "purged"));
        assert!(window.is_full());
        assert_eq!(window.drain().len(), 1);
        assert!(!window.is_full());
    }
}
