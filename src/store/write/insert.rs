//! The writer's inserts: the fast path for a record created in this
//! transaction (`Writer::insert_new`: its changes and its row in one go)
//! and the insert of one change of this site into the log.

use super::{Writer, next_seq};
use crate::domain::schema;
use crate::domain::{Change, ChangeId, Kind};
use crate::store::StoreError;
use crate::store::apply::{check_shape, sql_seq};
use crate::store::codec::{self, Codes};
use rusqlite::params;

impl Writer<'_> {
    /// Fast path for a record created in this transaction: logs one change
    /// per field and writes the derived row in one statement. The values are
    /// already validated and canonical; `fields` holds scalar names and
    /// `prefix.element` names. Refused (and the transaction with it) when
    /// the record already has a row.
    pub fn insert_new(
        &mut self,
        kind: Kind,
        record: &str,
        fields: &[(&str, String)],
    ) -> Result<(), StoreError> {
        // `deleted` stays NULL until a deletion change exists, exactly as a
        // re-derivation from the log leaves it.
        let mut columns: Vec<&str> = vec!["id"];
        let mut values: Vec<&str> = vec![record];
        for (field, value) in fields {
            let change = Change {
                id: ChangeId::new(self.site.clone(), self.next_seq),
                record: record.to_string(),
                kind,
                field: field.to_string(),
                value: Some(value.clone()),
                stamp: {
                    self.stamp = self.stamp.tick(self.now_ms);
                    self.stamp
                },
                wall_ms: self.now_ms,
                author: self.author.clone(),
                parents: Vec::new(),
            };
            check_shape(&change)?;
            insert_change(&self.tx, &mut self.codes, &change)?;
            self.next_seq = next_seq(&self.site, i64::try_from(self.next_seq).ok())?;
            self.written += 1;
            match schema::resolve_field(kind, field) {
                Some(schema::FieldRef::Scalar(def)) => {
                    self.materialiser
                        .remember_terms(&self.tx, kind, def.name, value)?;
                    columns.push(def.name);
                    values.push(value);
                }
                Some(schema::FieldRef::Element { set, element }) => {
                    let prefix = set.set.map(|s| s.prefix).unwrap_or_default();
                    let key = crate::store::keys::ensure(&self.tx, record)?;
                    let mut stmt = self
                        .tx
                        .prepare_cached("INSERT OR REPLACE INTO element(key, name, element, value) VALUES (?1, ?2, ?3, ?4)")
                        .map_err(StoreError::sqlite)?;
                    stmt.execute(params![key, prefix, element, value])
                        .map_err(StoreError::sqlite)?;
                }
                _ => {
                    return Err(StoreError::unknown_field(kind, record, field));
                }
            }
        }
        let placeholders: Vec<String> = (1..=columns.len())
            .map(|index| format!("?{index}"))
            .collect();
        // Plain INSERT: the kept figures' triggers (v14, v20) cannot take
        // back a row replaced under them; a second creation is an error.
        let sql = format!(
            "INSERT INTO {}({}, rowid) VALUES ({}, ?{})",
            kind.table(),
            columns.join(", "),
            placeholders.join(", "),
            columns.len() + 1
        );
        let key = crate::store::keys::ensure(&self.tx, record)?;
        let stored = columns
            .iter()
            .zip(&values)
            .map(|(column, value)| crate::store::keys::stored(&self.tx, kind, column, Some(value)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut params: Vec<&dyn rusqlite::ToSql> = stored
            .iter()
            .map(|value| value as &dyn rusqlite::ToSql)
            .collect();
        params.push(&key);
        let mut stmt = self.tx.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        stmt.execute(params.as_slice())
            .map_err(StoreError::sqlite)?;
        self.materialiser
            .mark(record, crate::store::digest::kind_bit(kind));
        // Later edits in this transaction read the logged versions back; a
        // fresh record cannot be deleted or conflicting, so no deletion pass.
        self.fresh.remove(record);
        self.touched_records.remove(&(kind, record.to_string()));
        Ok(())
    }
}

const INSERT_CHANGE: &str =
    "INSERT INTO changes(site, seq, record, kind, field, value, stamp, wall, author, parents)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/// Logs a change of this site (no stored hash: see `codec::stored_hash`).
pub(super) fn insert_change(
    conn: &rusqlite::Connection,
    codes: &mut Codes,
    change: &Change,
) -> Result<(), StoreError> {
    let mut stmt = conn
        .prepare_cached(INSERT_CHANGE)
        .map_err(StoreError::sqlite)?;
    let stamp = i64::try_from(change.stamp.0).map_err(|_| StoreError::MalformedChange {
        id: change.id.to_string(),
        reason: "stamp out of range".into(),
    })?;
    stmt.execute(params![
        codes.site(conn, &change.id.site)?,
        sql_seq(change.id.seq)?,
        codes.record(conn, &change.record)?,
        codes.kind(conn, change.kind)?,
        codes.name(conn, &change.field)?,
        change.value,
        stamp,
        codec::wall_code(stamp, change.wall_ms),
        codes.author(conn, &change.author)?,
        codes.parents(conn, &change.parents)?,
    ])
    .map(drop)
    .map_err(StoreError::sqlite)
}
