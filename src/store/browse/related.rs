//! The few queries the screens need beside their listing: an
//! organisation's requests or a request's workshops, the hours logged on a
//! record, the records holding a set element, a developer's load, labels.

use super::HoursOn;
use crate::domain::Kind;
use crate::store::read::row_to_record;
use crate::store::{Record, Store, StoreError, sql};
use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use std::collections::HashMap;

impl Store {
    /// Live records of `kind` whose `column` names `id` (an organisation's
    /// requests, a request's workshops), newest first, at most `limit`.
    pub fn referencing(
        &self,
        kind: Kind,
        column: &'static str,
        id: &str,
        limit: usize,
    ) -> Result<Vec<Record>, StoreError> {
        if kind.field(column).is_none_or(|field| field.set.is_some()) {
            return Ok(Vec::new());
        }
        let table = kind.table();
        let sql = format!(
            "SELECT {} FROM {table} WHERE deleted IS NOT 1 AND {} ORDER BY rowid DESC LIMIT ?2",
            sql::read_columns(kind, table).join(", "),
            sql::names(kind, column, "?1")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        stmt.query_map(rusqlite::params![id, limit as i64], |row| {
            row_to_record(kind, row)
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }

    /// Hours of the live time entries whose `column` (`request`, `workshop`
    /// or `developer`) names `id`: in all, in the year and the month of
    /// `today`, and how many entries — summed in SQL on the covering
    /// `time_by_*_date` index, whatever the number of entries.
    pub fn hours_on(
        &self,
        column: &'static str,
        id: &str,
        today: NaiveDate,
    ) -> Result<HoursOn, StoreError> {
        if Kind::Time
            .field(column)
            .is_none_or(|field| field.set.is_some())
        {
            return Ok(HoursOn::default());
        }
        let year = format!("{:04}-", today.year());
        let month = format!("{:04}-{:02}-", today.year(), today.month());
        let sql = format!(
            "SELECT count(*), total(hours),
                    total(CASE WHEN substr(date, 1, 5) = ?2 THEN hours END),
                    total(CASE WHEN substr(date, 1, 8) = ?3 THEN hours END)
             FROM time_entry WHERE {} AND deleted IS NOT 1",
            sql::names(Kind::Time, column, "?1")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        stmt.query_row(rusqlite::params![id, year, month], |row| {
            Ok(HoursOn {
                entries: u64::try_from(row.get::<_, i64>(0)?).unwrap_or(0),
                total: row.get(1)?,
                year: row.get(2)?,
                month: row.get(3)?,
            })
        })
        .map_err(StoreError::sqlite)
    }

    /// The latest `limit` live time entries whose `column` names `id`, by
    /// the date worked, then by when they were written.
    pub fn latest_time_entries(
        &self,
        column: &'static str,
        id: &str,
        limit: usize,
    ) -> Result<Vec<Record>, StoreError> {
        if Kind::Time
            .field(column)
            .is_none_or(|field| field.set.is_some())
        {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {} FROM time_entry WHERE deleted IS NOT 1 AND {}
             ORDER BY date DESC, rowid DESC LIMIT ?2",
            sql::read_columns(Kind::Time, "time_entry").join(", "),
            sql::names(Kind::Time, column, "?1")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        stmt.query_map(rusqlite::params![id, limit as i64], |row| {
            row_to_record(Kind::Time, row)
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }

    /// Live records of `kind` whose set `prefix` holds `element` (a
    /// developer's requests, a developer's workshops), at most `limit`.
    pub fn holding_element(
        &self,
        kind: Kind,
        prefix: &str,
        element: &str,
        limit: usize,
    ) -> Result<Vec<Record>, StoreError> {
        let columns = sql::read_columns(kind, "t");
        let sql = format!(
            "SELECT {} FROM element e JOIN {} t ON t.rowid = e.key
             WHERE e.name = ?1 AND e.element = ?2 AND t.deleted IS NOT 1
             ORDER BY t.rowid DESC LIMIT ?3",
            columns.join(", "),
            kind.table()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        stmt.query_map(rusqlite::params![prefix, element, limit as i64], |row| {
            row_to_record(kind, row)
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }

    /// For each developer id: how many open requests (not delivered nor
    /// abandoned) they are assigned to.
    pub fn developer_loads(&self, ids: &[String]) -> Result<HashMap<String, u64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM element e JOIN request r ON r.rowid = e.key
                 WHERE e.name = 'developer' AND e.element = ?1 AND r.deleted IS NOT 1
                 AND coalesce(r.status, 'new') NOT IN ('delivered', 'abandoned')",
            )
            .map_err(StoreError::sqlite)?;
        let mut loads = HashMap::new();
        for id in ids {
            let count: i64 = stmt
                .query_row([id], |row| row.get(0))
                .map_err(StoreError::sqlite)?;
            loads.insert(id.clone(), count.max(0) as u64);
        }
        Ok(loads)
    }

    /// For each organisation id: how many live requests it made.
    pub fn org_request_counts(&self, ids: &[String]) -> Result<HashMap<String, u64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM request WHERE organisation = ?1 AND deleted IS NOT 1",
            )
            .map_err(StoreError::sqlite)?;
        let mut counts = HashMap::new();
        for id in ids {
            let count: i64 = stmt
                .query_row([id], |row| row.get(0))
                .map_err(StoreError::sqlite)?;
            counts.insert(id.clone(), count.max(0) as u64);
        }
        Ok(counts)
    }

    /// `(id, label)` of every live record of `kind`: what search matches.
    pub fn labels(&self, kind: Kind) -> Result<Vec<(String, String)>, StoreError> {
        let sql = format!(
            "SELECT id, coalesce({}, '') FROM {} WHERE deleted IS NOT 1",
            kind.label_field(),
            kind.table()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| {
            let label: rusqlite::types::Value = row.get(1)?;
            let label = match label {
                Value::Text(text) => text,
                Value::Integer(i) => i.to_string(),
                Value::Real(f) => f.to_string(),
                _ => String::new(),
            };
            Ok((row.get(0)?, label))
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }

    /// The live organisations that name a département, with it: what a
    /// new request's form fills its département from.
    pub fn org_departements(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, departement FROM org
                 WHERE deleted IS NOT 1 AND typeof(departement) = 'text' AND departement <> ''",
            )
            .map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }

    /// The label of one record, if it exists.
    pub fn label_of(&self, kind: Kind, id: &str) -> Result<Option<String>, StoreError> {
        let sql = format!(
            "SELECT {} FROM {} WHERE {}",
            kind.label_field(),
            kind.table(),
            crate::store::keys::row_of("?1")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let mut rows = stmt.query([id]).map_err(StoreError::sqlite)?;
        match rows.next().map_err(StoreError::sqlite)? {
            Some(row) => Ok(row.get::<_, Option<String>>(0).ok().flatten()),
            None => Ok(None),
        }
    }
}
