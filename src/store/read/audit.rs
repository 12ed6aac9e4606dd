//! A record's audit trail and the open conflicts with their competing
//! values, as the log tells them.

use crate::domain::merge;
use crate::domain::{ChangeId, Kind, Stamp};
use crate::store::heads::{Values, load_record_versions};
use crate::store::{Store, StoreError, codec};
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeMap;

/// One line of a record's audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub change: ChangeId,
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub wall_ms: i64,
    pub stamp: Stamp,
    pub author: String,
}

/// One competing value of a conflict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictHead {
    pub change: ChangeId,
    /// The field this head is a value of (a deletion conflict lists every field).
    pub field: String,
    pub value: Option<String>,
    pub author: String,
    pub wall_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictEntry {
    pub kind: Kind,
    pub record: String,
    pub field: String,
    /// `values` (heads disagree) or `deleted` (an edit the deletion did not see).
    pub reason: String,
    pub heads: Vec<ConflictHead>,
}

impl Store {
    /// The audit trail of a record, oldest first.
    pub fn history(&self, record: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut entries = Vec::new();
        self.for_each_history::<StoreError>(record, |entry| {
            entries.push(entry);
            Ok(())
        })?;
        Ok(entries)
    }

    /// Visits a record's audit trail oldest first, one entry at a time;
    /// stops at the visitor's first error. Keeps only the values of the
    /// record's own changes (what "from" is read from).
    pub fn for_each_history<E: From<StoreError>>(
        &self,
        record: &str,
        mut visit: impl FnMut(HistoryEntry) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT s.id, c.seq, f.name, c.value, {}, c.stamp, a.name, c.parents
                 FROM changes c JOIN log_site s ON s.code = c.site
                 JOIN log_name f ON f.code = c.field JOIN log_author a ON a.code = c.author
                 WHERE c.record = (SELECT key FROM record_key WHERE id = ?1)
                 ORDER BY c.stamp, s.id, c.seq",
                codec::wall_sql("c.stamp", "c.wall")
            ))
            .map_err(StoreError::sqlite)?;
        let mut rows = stmt
            .query([codec::record_key(record)])
            .map_err(StoreError::sqlite)?;
        let mut values: BTreeMap<ChangeId, Option<String>> = BTreeMap::new();
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let entry = history_entry(&self.conn, row, &values).map_err(StoreError::sqlite)?;
            values.insert(entry.change.clone(), entry.new.clone());
            visit(entry)?;
        }
        Ok(())
    }

    /// Every open conflict with its competing values.
    pub fn conflicts(&self) -> Result<Vec<ConflictEntry>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT record, field, kind, reason FROM conflict ORDER BY kind, record, field",
            )
            .map_err(StoreError::sqlite)?;
        let rows: Vec<(String, String, String, String)> = stmt
            .query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)?;
        let mut entries = Vec::new();
        for (record, field, kind, reason) in rows {
            let Some(kind) = Kind::from_name(&kind) else {
                continue;
            };
            let fields = load_record_versions(&self.conn, kind, &record, Values::All)?;
            let mut heads = Vec::new();
            let wanted: Vec<&String> = if reason == "deleted" {
                fields.keys().collect()
            } else {
                vec![&field]
            };
            for name in wanted {
                let Some(versions) = fields.get(name) else {
                    continue;
                };
                for index in merge::heads(versions) {
                    let version = &versions[index];
                    let (author, wall_ms) = self.change_author(&version.id)?;
                    heads.push(ConflictHead {
                        change: version.id.clone(),
                        field: name.clone(),
                        value: version.value.clone(),
                        author,
                        wall_ms,
                    });
                }
            }
            entries.push(ConflictEntry {
                kind,
                record,
                field,
                reason,
                heads,
            });
        }
        Ok(entries)
    }

    /// The parents a logged change names (none when it is not held).
    pub fn change_parents(&self, id: &ChangeId) -> Result<Vec<ChangeId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT parents FROM changes
                 WHERE site = (SELECT code FROM log_site WHERE id = ?1) AND seq = ?2",
            )
            .map_err(StoreError::sqlite)?;
        let parents: Option<Vec<ChangeId>> = stmt
            .query_row(
                params![id.site, crate::store::apply::sql_seq(id.seq)?],
                |row| Ok(codec::parent_ids(&self.conn, row.get_ref(0)?).unwrap_or_default()),
            )
            .optional()
            .map_err(StoreError::sqlite)?;
        Ok(parents.unwrap_or_default())
    }

    fn change_author(&self, id: &ChangeId) -> Result<(String, i64), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT a.name, {} FROM changes c JOIN log_author a ON a.code = c.author
                 WHERE c.site = (SELECT code FROM log_site WHERE id = ?1) AND c.seq = ?2",
                codec::wall_sql("c.stamp", "c.wall")
            ))
            .map_err(StoreError::sqlite)?;
        stmt.query_row(params![id.site, id.seq as i64], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .map_err(StoreError::sqlite)
    }

    /// Fields of a record currently in conflict.
    pub fn conflicting_fields(&self, record: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT field FROM conflict WHERE record = ?1 ORDER BY field")
            .map_err(StoreError::sqlite)?;
        stmt.query_map([record], |row| row.get(0))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }
}

/// One row of `changes` as a history entry; "from" is the value of a
/// parent of the same field the editor saw, looked up in `values`.
fn history_entry(
    conn: &rusqlite::Connection,
    row: &rusqlite::Row<'_>,
    values: &BTreeMap<ChangeId, Option<String>>,
) -> rusqlite::Result<HistoryEntry> {
    let site: String = row.get(0)?;
    let seq: i64 = row.get(1)?;
    let field: String = row.get(2)?;
    let new: Option<String> = row.get(3)?;
    let old = codec::parent_ids(conn, row.get_ref(7)?)
        .unwrap_or_default()
        .iter()
        .find_map(|parent| values.get(parent))
        .cloned()
        .flatten();
    Ok(HistoryEntry {
        change: ChangeId::new(site, seq as u64),
        old: if field == "deleted" { None } else { old },
        field,
        new,
        wall_ms: row.get(4)?,
        stamp: Stamp(row.get::<_, i64>(5)? as u64),
        author: row.get(6)?,
    })
}
