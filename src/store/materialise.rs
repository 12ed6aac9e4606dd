//! Derives the current state of fields from their heads (read from the log
//! by `heads`, or found in memory by `derive`) by the merge rule
//! (`domain::merge`), and writes it to the kind tables, the set elements and
//! the conflict list. Used by local edits and by imports; `check` derives
//! the same way in memory (`digest_check`) and compares.

use super::StoreError;
use super::heads::{Values, load_record_versions};
use super::sql;
use crate::domain::merge::{self, Merged, Version};
use crate::domain::schema::{self, FieldRef};
use crate::domain::{DELETED_FIELD, Kind};
use conflicts::may_conflict;
use rusqlite::{Connection, params};
use std::collections::BTreeMap;
use std::collections::hash_map::Entry;

mod conflicts;

/// Records known to have a row, and words known to be in search's
/// vocabulary, kept at most (then forgotten: a forgotten one costs one
/// `INSERT OR IGNORE`). Each set only saves statements; bounded small so an
/// import's memory does not grow with its size (the former cap of 16,384
/// records was reached by a 1 M-change import of 129 k records, not by one
/// of 100 k changes and 14 k records; words had 65,536, real text can
/// reach it).
const KNOWN_CAP: usize = 4_096;

/// What refreshing a field changed in the conflict list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConflictDelta {
    pub opened: usize,
    pub closed: usize,
}

impl std::ops::AddAssign for ConflictDelta {
    fn add_assign(&mut self, other: ConflictDelta) {
        self.opened += other.opened;
        self.closed += other.closed;
    }
}

/// Writes derived state into the database. It keeps no connection, so that
/// a long-lived writer can own both.
#[derive(Default)]
pub struct Materialiser {
    /// Records whose row is known to exist (saves an insert per field).
    ensured: foldhash::HashSet<String>,
    /// Words of body text known to be in `search_term` (saves an insert per word).
    terms: foldhash::HashSet<String>,
    /// Records written since the last `flush_digest`, with the kind tables
    /// they may hold a row in (see `digest_kept`).
    dirty: BTreeMap<String, u16>,
    /// `RowWrite`s per kind and column list (a handful per import).
    row_writes: foldhash::HashMap<(Kind, Vec<&'static str>), RowWrite>,
    /// The record last given its key, and the key.
    last_key: Option<(String, i64)>,
    /// Whether the kept digests are rebuilt whole once the batch is
    /// written (the bulk path), so that nothing needs marking.
    digests_rebuilt: bool,
}

/// The two statements that write some columns of a kind's row, `?1` the
/// id then one parameter per column (names come from the schema, never
/// from data); the insert's last parameter is the row's key.
struct RowWrite {
    insert: String,
    update: String,
}

impl RowWrite {
    /// `None` if a name is not a column of `kind`.
    fn new(kind: Kind, columns: &[&str]) -> Option<RowWrite> {
        if !columns
            .iter()
            .all(|column| sql::update_column(kind, column).is_some())
        {
            return None;
        }
        let table = format!("main.{}", kind.table());
        let slots: Vec<String> = (2..columns.len() + 2).map(|n| format!("?{n}")).collect();
        let sets: Vec<String> = columns
            .iter()
            .zip(&slots)
            .map(|(column, slot)| format!("{column} = {slot}"))
            .collect();
        Some(RowWrite {
            insert: format!(
                "INSERT OR IGNORE INTO {table}(id, {}, rowid) VALUES (?1, {}, ?{})",
                columns.join(", "),
                slots.join(", "),
                columns.len() + 2
            ),
            update: format!(
                "UPDATE {table} SET {} WHERE {}",
                sets.join(", "),
                super::keys::row_of("?1")
            ),
        })
    }
}

impl Materialiser {
    /// A materialiser for a bulk import, which rebuilds every kept digest
    /// in one pass at its end (`digest_kept::rebuild`): re-hashing each
    /// record written meant reading it back at random (9 % of a 100 k
    /// import), where the pass reads the tables in key order.
    pub fn digests_rebuilt() -> Materialiser {
        Materialiser {
            digests_rebuilt: true,
            ..Materialiser::default()
        }
    }

    /// Notes that a record's derived state changed in the kind tables of
    /// `kinds` (bits of `Kind::ALL`), so its kept digest is re-hashed.
    pub fn mark(&mut self, record: &str, kinds: u16) {
        if self.digests_rebuilt {
            return;
        }
        match self.dirty.get_mut(record) {
            Some(known) => *known |= kinds,
            None => {
                self.dirty.insert(record.to_string(), kinds);
            }
        }
    }

    /// Re-hashes the records marked since the last call (before a commit).
    pub fn flush_digest(&mut self, conn: &Connection) -> Result<(), StoreError> {
        let dirty = std::mem::take(&mut self.dirty);
        super::digest_kept::rehash(conn, dirty.iter().map(|(r, k)| (r.as_str(), *k)))
    }

    fn ensure_row(
        &mut self,
        conn: &Connection,
        kind: Kind,
        record: &str,
    ) -> Result<(), StoreError> {
        self.mark(record, super::digest::kind_bit(kind));
        if self.ensured.contains(record) {
            return Ok(());
        }
        let key = self.row_key(conn, record)?;
        let mut stmt = conn
            .prepare_cached(sql::ensure_row(kind))
            .map_err(StoreError::sqlite)?;
        stmt.execute(params![record, key])
            .map_err(StoreError::sqlite)?;
        if self.ensured.len() > KNOWN_CAP {
            self.ensured.clear();
        }
        self.ensured.insert(record.to_string());
        Ok(())
    }

    /// Forgets that a record's row exists (it was removed from a table).
    pub fn forget(&mut self, record: &str) {
        self.mark(record, super::digest::ALL_KINDS);
        self.ensured.remove(record);
    }

    /// Rebuilds a record named by changes of several kinds: its rows in
    /// every kind table, its elements and conflicts are removed, then the
    /// fields of its owner kind are derived again.
    pub fn rebuild_record(
        &mut self,
        conn: &Connection,
        owner: Kind,
        record: &str,
    ) -> Result<ConflictDelta, StoreError> {
        super::purge::delete_derived(conn, record)?;
        self.forget(record);
        let mut delta = ConflictDelta::default();
        for (field, versions) in load_record_versions(conn, owner, record, Values::Compact)? {
            delta += self
                .refresh_field(conn, owner, record, &field, &versions)?
                .1;
        }
        delta += self.refresh_deletion(conn, owner, record)?;
        Ok(delta)
    }

    /// Recomputes one field from its versions and stores the outcome.
    pub fn refresh_field(
        &mut self,
        conn: &Connection,
        kind: Kind,
        record: &str,
        field: &str,
        versions: &[Version],
    ) -> Result<(Merged, ConflictDelta), StoreError> {
        let merged = merge::merge(versions);
        let value = merged.winning_value(versions);
        self.ensure_row(conn, kind, record)?;
        match schema::resolve_field(kind, field) {
            Some(FieldRef::Deleted) => {
                self.write_column(conn, kind, record, DELETED_FIELD, Some(is_deleted(value)))?
            }
            Some(FieldRef::Scalar(def)) => {
                self.write_column(conn, kind, record, def.name, value)?
            }
            Some(FieldRef::Element { set, element }) => {
                let prefix = set.set.map(|s| s.prefix).unwrap_or_default();
                self.write_element(conn, record, prefix, element, value)?;
            }
            None => {
                return Err(StoreError::unknown_field(kind, record, field));
            }
        }
        let delta = if may_conflict(versions) {
            self.set_conflict(conn, kind, record, field, merged.conflict, "values")?
        } else {
            ConflictDelta::default()
        };
        Ok((merged, delta))
    }

    /// Re-derives the given fields of one record from their heads and writes
    /// the record's row with one statement (an upsert of every scalar column
    /// they set), instead of one `UPDATE` per field: each write of a row
    /// rewrites its indexes and runs its full-text triggers, so a new record
    /// of fifteen fields cost fifteen of each. Elements and conflicts are
    /// written per field as `refresh_field` does; the outcome is the same.
    pub fn refresh_record(
        &mut self,
        conn: &Connection,
        kind: Kind,
        record: &str,
        fields: &BTreeMap<String, Vec<Version>>,
    ) -> Result<ConflictDelta, StoreError> {
        // Its row, elements or conflicts may change: its kept digest too.
        self.mark(record, super::digest::kind_bit(kind));
        let mut columns: Vec<(&'static str, Option<String>)> = Vec::new();
        let mut delta = ConflictDelta::default();
        for (field, versions) in fields {
            let merged = merge::merge(versions);
            let value = merged.winning_value(versions);
            match schema::resolve_field(kind, field) {
                Some(FieldRef::Deleted) => {
                    columns.push((DELETED_FIELD, Some(is_deleted(value).to_string())));
                }
                Some(FieldRef::Scalar(def)) => columns.push((def.name, value.map(str::to_string))),
                Some(FieldRef::Element { set, element }) => {
                    let prefix = set.set.map(|s| s.prefix).unwrap_or_default();
                    self.write_element(conn, record, prefix, element, value)?;
                }
                None => {
                    return Err(StoreError::unknown_field(kind, record, field));
                }
            }
            if may_conflict(versions) {
                delta += self.set_conflict(conn, kind, record, field, merged.conflict, "values")?;
            }
        }
        self.write_row(conn, kind, record, &columns)?;
        for (column, value) in &columns {
            if let Some(text) = value {
                self.remember_terms(conn, kind, column, text)?;
            }
        }
        Ok(delta)
    }

    /// Writes a record's row: created with `columns` set if missing (one
    /// insert), else those columns updated (one update). Not an upsert:
    /// `ON CONFLICT` of the outer statement would override the `OR IGNORE`
    /// of the full-text triggers.
    fn write_row(
        &mut self,
        conn: &Connection,
        kind: Kind,
        record: &str,
        columns: &[(&'static str, Option<String>)],
    ) -> Result<(), StoreError> {
        if columns.is_empty() {
            return self.ensure_row(conn, kind, record);
        }
        self.mark(record, super::digest::kind_bit(kind));
        let known = self.ensured.contains(record);
        let row_key = match known {
            true => None,
            false => Some(self.row_key(conn, record)?),
        };
        let names: Vec<&'static str> = columns.iter().map(|(name, _)| *name).collect();
        let sql = match self.row_writes.entry((kind, names)) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                let sql = RowWrite::new(kind, &entry.key().1).ok_or_else(|| {
                    StoreError::MalformedChange {
                        id: record.to_string(),
                        reason: format!("no columns {}", entry.key().1.join(", ")),
                    }
                })?;
                entry.insert(sql)
            }
        };
        let stored = columns
            .iter()
            .map(|(column, value)| super::keys::stored(conn, kind, column, value.as_deref()))
            .collect::<Result<Vec<_>, _>>()?;
        let id = super::keys::Stored::Text(Some(record));
        let values = || {
            std::iter::once(&id)
                .chain(&stored)
                .map(|value| value as &dyn rusqlite::ToSql)
        };
        let inserted = !known && {
            let mut stmt = conn
                .prepare_cached(&sql.insert)
                .map_err(StoreError::sqlite)?;
            let mut params: Vec<&dyn rusqlite::ToSql> = values().collect();
            params.push(&row_key);
            stmt.execute(params.as_slice())
                .map_err(StoreError::sqlite)?
                == 1
        };
        if !inserted {
            let mut stmt = conn
                .prepare_cached(&sql.update)
                .map_err(StoreError::sqlite)?;
            let params: Vec<&dyn rusqlite::ToSql> = values().collect();
            stmt.execute(params.as_slice())
                .map_err(StoreError::sqlite)?;
        }
        if self.ensured.len() > KNOWN_CAP {
            self.ensured.clear();
        }
        self.ensured.insert(record.to_string());
        Ok(())
    }

    fn write_column(
        &mut self,
        conn: &Connection,
        kind: Kind,
        record: &str,
        column: &str,
        value: Option<&str>,
    ) -> Result<(), StoreError> {
        let sql = sql::update_column(kind, column).ok_or_else(|| StoreError::MalformedChange {
            id: record.to_string(),
            reason: format!("no column {column}"),
        })?;
        let stored = super::keys::stored(conn, kind, column, value)?;
        let mut stmt = conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
        stmt.execute(params![stored, record])
            .map_err(StoreError::sqlite)?;
        // Search's vocabulary of body text (its full-text index follows the
        // row by triggers).
        if let Some(text) = value {
            self.remember_terms(conn, kind, column, text)?;
        }
        Ok(())
    }

    /// Adds the words of body text written to `kind`.`column` to search's
    /// vocabulary.
    pub fn remember_terms(
        &mut self,
        conn: &Connection,
        kind: Kind,
        column: &str,
        text: &str,
    ) -> Result<(), StoreError> {
        if self.terms.len() > KNOWN_CAP {
            self.terms.clear();
        }
        super::search::remember_terms(conn, kind, column, text, &mut self.terms)
    }

    /// Remembers `record`'s key as the caller knows it (an import logged
    /// its changes under it), so that writing its row does not look it up.
    pub(super) fn know_key(&mut self, record: &str, key: i64) {
        self.last_key = Some((record.to_string(), key));
    }

    /// `record`'s row key (`keys::ensure`), remembered for the record last
    /// asked about: its fields and elements come one after another.
    fn row_key(&mut self, conn: &Connection, record: &str) -> Result<i64, StoreError> {
        if let Some((known, key)) = &self.last_key
            && known == record
        {
            return Ok(*key);
        }
        let key = super::keys::ensure(conn, record)?;
        self.last_key = Some((record.to_string(), key));
        Ok(key)
    }

    /// Elements are stored under their record's key (schema v23).
    fn write_element(
        &mut self,
        conn: &Connection,
        record: &str,
        prefix: &str,
        element: &str,
        value: Option<&str>,
    ) -> Result<(), StoreError> {
        let key = self.row_key(conn, record)?;
        match value {
            Some(value) => {
                let sql = "INSERT OR REPLACE INTO main.element(key, name, element, value) VALUES (?1, ?2, ?3, ?4)";
                let mut stmt = conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
                stmt.execute(params![key, prefix, element, value])
                    .map_err(StoreError::sqlite)?;
            }
            None => {
                let sql = "DELETE FROM main.element WHERE key = ?1 AND name = ?2 AND element = ?3";
                let mut stmt = conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
                stmt.execute(params![key, prefix, element])
                    .map_err(StoreError::sqlite)?;
            }
        }
        Ok(())
    }
}

/// How a `deleted` value reads in the kind table (`1` or `0`).
fn is_deleted(value: Option<&str>) -> &'static str {
    if value == Some("1") { "1" } else { "0" }
}
