//! The conflict list's rows a derivation opens and closes: disagreeing
//! values on a field, and an edit concurrent with the record's deletion.

use super::{ConflictDelta, Materialiser};
use crate::domain::merge::{self, Version};
use crate::domain::{DELETED_FIELD, Kind};
use crate::store::heads::{Values, load_record_versions};
use crate::store::{StoreError, sql};
use rusqlite::{Connection, OptionalExtension, params};

impl Materialiser {
    pub(super) fn set_conflict(
        &self,
        conn: &Connection,
        kind: Kind,
        record: &str,
        field: &str,
        present: bool,
        reason: &str,
    ) -> Result<ConflictDelta, StoreError> {
        let mut delta = ConflictDelta::default();
        if present {
            // One row per (record, field): on `deleted`, disagreeing values
            // take precedence over an edit concurrent with the deletion,
            // whichever was found first, so the outcome does not depend on
            // the order fields are refreshed in.
            let sql = "INSERT INTO main.conflict(record, field, kind, reason) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(record, field) DO UPDATE SET kind = excluded.kind, reason = excluded.reason
                 WHERE excluded.reason = 'values' AND reason <> 'values'";
            let mut stmt = conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
            delta.opened = stmt
                .execute(params![record, field, kind.name(), reason])
                .map_err(StoreError::sqlite)?;
        } else {
            let sql = "DELETE FROM main.conflict WHERE record = ?1 AND field = ?2 AND reason = ?3";
            let mut stmt = conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
            delta.closed = stmt
                .execute(params![record, field, reason])
                .map_err(StoreError::sqlite)?;
        }
        Ok(delta)
    }

    /// Re-evaluates whether the record's deletion is concurrent with an edit
    /// it did not see (run after the record's fields are refreshed).
    pub fn refresh_deletion(
        &mut self,
        conn: &Connection,
        kind: Kind,
        record: &str,
    ) -> Result<ConflictDelta, StoreError> {
        let deleted: Option<Option<i64>> = {
            let mut stmt = conn
                .prepare_cached(sql::read_deleted(kind))
                .map_err(StoreError::sqlite)?;
            stmt.query_row([record], |row| row.get::<_, Option<i64>>(0))
                .optional()
                .map_err(StoreError::sqlite)?
        };
        let is_deleted = deleted == Some(Some(1));
        let concurrent_edit = is_deleted && {
            let fields = load_record_versions(conn, kind, record, Values::Compact)?;
            merge::edit_concurrent_with_deletion(&fields)
        };
        if concurrent_edit {
            // A disagreement on `deleted` itself is already listed as such.
            let values_conflict: bool = {
                let sql = "SELECT 1 FROM main.conflict WHERE record = ?1 AND field = 'deleted' AND reason = 'values'";
                let mut stmt = conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
                stmt.exists([record]).map_err(StoreError::sqlite)?
            };
            if values_conflict {
                return Ok(ConflictDelta::default());
            }
        }
        let delta = self.set_conflict(
            conn,
            kind,
            record,
            DELETED_FIELD,
            concurrent_edit,
            "deleted",
        )?;
        if delta != ConflictDelta::default() {
            self.mark(record, crate::store::digest::kind_bit(kind));
        }
        Ok(delta)
    }
}

/// Whether a field's versions can hold a conflict or clear one. A single
/// head without parents is a field's only version: it cannot conflict and
/// had nothing before it. (A single head naming parents may have
/// superseded a conflict that must be cleared.)
pub(super) fn may_conflict(versions: &[Version]) -> bool {
    versions.len() > 1 || versions.iter().any(|version| !version.parents.is_empty())
}
