//! What the store holds about one person, for the right of access and the
//! retention review: hours logged, workshops facilitated, requests assigned,
//! and each developer's latest activity. Aggregated in SQL, one developer
//! (or one pass over the developers) at a time.

use super::{Store, StoreError, codec};
use rusqlite::params;
use rusqlite::types::ValueRef;

/// One live time entry of a person.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonHours {
    pub id: String,
    pub date: Option<String>,
    pub hours: f64,
    pub request: Option<String>,
    pub workshop: Option<String>,
    pub note: Option<String>,
}

/// A live record a person is linked to (a workshop they facilitated, a
/// request assigned to them), with its label and its date or status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonLink {
    pub id: String,
    pub label: Option<String>,
    /// The workshop's date, or the request's status.
    pub detail: Option<String>,
}

/// A developer record with the dates its retention is judged by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonActivity {
    pub id: String,
    pub name: Option<String>,
    /// Removed (or merged into another record): its values are still held.
    pub deleted: bool,
    /// The latest change of the record itself (wall clock, ms).
    pub last_change_ms: Option<i64>,
    /// The latest date hours were logged for the person (`YYYY-MM-DD`).
    pub last_hours: Option<String>,
    /// The latest workshop the person facilitated (`YYYY-MM-DD`).
    pub last_workshop: Option<String>,
}

/// A reference read as its `record_key.id`: the record id text, or none.
fn reference(key: ValueRef<'_>) -> rusqlite::Result<Option<String>> {
    match key {
        ValueRef::Null => Ok(None),
        key => codec::record_text(key).map(Some),
    }
}

/// The developer records that still hold a name (`d`), in listing order:
/// the rows `person_names` and `person_activities` both read.
fn named_in_order() -> String {
    format!(
        "WHERE d.name IS NOT NULL AND d.name != '' ORDER BY {}, d.id",
        super::sql::order_key(crate::domain::Kind::Developer, "d", "name", "")
    )
}

fn collect<T>(
    rows: rusqlite::MappedRows<'_, impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>>,
) -> Result<Vec<T>, StoreError> {
    rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)
}

impl Store {
    /// The live time entries of a developer, oldest first. The request
    /// and workshop ids are spelt from their keys here rather than through
    /// the `record_id` view, whose five `hex()` calls per id were two
    /// thirds of the query's time (0.09 → 0.06 s in the shell for 15,402
    /// entries).
    pub fn person_hours(&self, developer: &str) -> Result<Vec<PersonHours>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, date, coalesce(hours, 0), (SELECT id FROM record_key WHERE key = request),
                        (SELECT id FROM record_key WHERE key = workshop), note FROM time_entry
                 WHERE developer = (SELECT key FROM record_key WHERE id = ?1) AND deleted IS NOT 1
                 ORDER BY date, id",
            )
            .map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map(params![codec::record_key(developer)], |row| {
                Ok(PersonHours {
                    id: row.get(0)?,
                    date: row.get(1)?,
                    hours: row.get(2)?,
                    request: reference(row.get_ref(3)?)?,
                    workshop: reference(row.get_ref(4)?)?,
                    note: row.get(5)?,
                })
            })
            .map_err(StoreError::sqlite)?;
        collect(rows)
    }

    /// The live workshops a developer facilitated, oldest first.
    pub fn person_workshops(&self, developer: &str) -> Result<Vec<PersonLink>, StoreError> {
        self.person_links(
            "SELECT w.id, w.title, w.date FROM element e JOIN workshop w ON w.rowid = e.key
             WHERE e.name = 'facilitator' AND e.element = ?1 AND w.deleted IS NOT 1
             ORDER BY w.date, w.id",
            developer,
        )
    }

    /// The live requests a developer is assigned to.
    pub fn person_requests(&self, developer: &str) -> Result<Vec<PersonLink>, StoreError> {
        self.person_links(
            "SELECT r.id, r.title, r.status FROM element e JOIN request r ON r.rowid = e.key
             WHERE e.name = 'developer' AND e.element = ?1 AND r.deleted IS NOT 1
             ORDER BY r.received_on, r.id",
            developer,
        )
    }

    fn person_links(&self, sql: &str, developer: &str) -> Result<Vec<PersonLink>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map(params![developer], |row| {
                Ok(PersonLink {
                    id: row.get(0)?,
                    label: row.get(1)?,
                    detail: row.get(2)?,
                })
            })
            .map_err(StoreError::sqlite)?;
        collect(rows)
    }

    /// Every developer record still holding a name, as `(id, name)`, in
    /// the order of `person_activities` (to find a person by name without
    /// reading anyone's log).
    pub fn person_names(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT d.id, d.name FROM developer d {}",
                named_in_order()
            ))
            .map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(StoreError::sqlite)?;
        collect(rows)
    }

    /// Every developer record still holding a name, with its latest
    /// activities. Records without a name (erased) hold nothing to review.
    /// The latest hours and workshop are kept by schema v17's triggers
    /// (`kept_person_last`; `relais check` recounts them).
    pub fn person_activities(&self) -> Result<Vec<PersonActivity>, StoreError> {
        self.activities("1", None)
    }

    /// The same, for the retention review as of `cutoff` (`YYYY-MM-DD`): the
    /// record's own latest change (a pass over its log) is read only for the
    /// people whose kept dates do not already show them active on or after
    /// the cutoff, and for removed people; for the others it is `None`.
    /// Whom the review finds due, and their last activity, do not change.
    pub fn person_activities_for_review(
        &self,
        cutoff: &str,
    ) -> Result<Vec<PersonActivity>, StoreError> {
        // A kept date counts only when it is a plain valid date (`date(x) =
        // x`): the review parses it, and ignores what does not parse.
        let needed = "(d.deleted IS 1 OR d.merged_into IS NOT NULL
             OR NOT ((k.last_hours = date(k.last_hours) AND k.last_hours >= ?1)
                  OR (k.last_workshop = date(k.last_workshop) AND k.last_workshop >= ?1)))";
        self.activities(&format!("coalesce({needed}, 1)"), Some(cutoff))
    }

    /// `person_activities`, the log read only where `needed` (SQL) holds.
    fn activities(
        &self,
        needed: &str,
        cutoff: Option<&str>,
    ) -> Result<Vec<PersonActivity>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT d.id, d.name, d.deleted IS 1 OR d.merged_into IS NOT NULL,
                    CASE WHEN {needed}
                         THEN (SELECT max({}) FROM changes c WHERE c.record = d.rowid) END,
                    k.last_hours, k.last_workshop
                 FROM developer d LEFT JOIN kept_person_last k ON k.developer = d.id {}",
                super::codec::wall_sql("c.stamp", "c.wall"),
                named_in_order(),
            ))
            .map_err(StoreError::sqlite)?;
        let params: Vec<&str> = cutoff.into_iter().collect();
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |row| {
                Ok(PersonActivity {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    deleted: row.get(2)?,
                    last_change_ms: row.get(3)?,
                    last_hours: row.get(4)?,
                    last_workshop: row.get(5)?,
                })
            })
            .map_err(StoreError::sqlite)?;
        collect(rows)
    }
}
