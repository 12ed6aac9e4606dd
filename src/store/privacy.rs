//! What the store holds about one person, for the right of access and the
//! retention review: hours logged, workshops facilitated, requests assigned,
//! and each developer's latest activity. Aggregated in SQL, one developer
//! (or one pass over the developers) at a time.

use super::{Store, StoreError};
use rusqlite::params;

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

fn collect<T>(
    rows: rusqlite::MappedRows<'_, impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>>,
) -> Result<Vec<T>, StoreError> {
    rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)
}

impl Store {
    /// The live time entries of a developer, oldest first.
    pub fn person_hours(&self, developer: &str) -> Result<Vec<PersonHours>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, date, coalesce(hours, 0), request, workshop, note FROM time_entry
                 WHERE developer = ?1 AND deleted IS NOT 1 ORDER BY date, id",
            )
            .map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map(params![developer], |row| {
                Ok(PersonHours {
                    id: row.get(0)?,
                    date: row.get(1)?,
                    hours: row.get(2)?,
                    request: row.get(3)?,
                    workshop: row.get(4)?,
                    note: row.get(5)?,
                })
            })
            .map_err(StoreError::sqlite)?;
        collect(rows)
    }

    /// The live workshops a developer facilitated, oldest first.
    pub fn person_workshops(&self, developer: &str) -> Result<Vec<PersonLink>, StoreError> {
        self.person_links(
            "SELECT w.id, w.title, w.date FROM element e JOIN workshop w ON w.id = e.record
             WHERE e.name = 'facilitator' AND e.element = ?1 AND w.deleted IS NOT 1
             ORDER BY w.date, w.id",
            developer,
        )
    }

    /// The live requests a developer is assigned to.
    pub fn person_requests(&self, developer: &str) -> Result<Vec<PersonLink>, StoreError> {
        self.person_links(
            "SELECT r.id, r.title, r.status FROM element e JOIN request r ON r.id = e.record
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

    /// Every developer record still holding a name, with its latest
    /// activities. Records without a name (erased) hold nothing to review.
    pub fn person_activities(&self) -> Result<Vec<PersonActivity>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT d.id, d.name, d.deleted IS 1 OR d.merged_into IS NOT NULL,
                    (SELECT max({}) FROM changes c WHERE c.record = {}),
                    (SELECT max(t.date) FROM time_entry t
                      WHERE t.developer = d.id AND t.deleted IS NOT 1),
                    (SELECT max(w.date) FROM element e JOIN workshop w ON w.id = e.record
                      WHERE e.name = 'facilitator' AND e.element = d.id
                        AND w.deleted IS NOT 1)
                 FROM developer d WHERE d.name IS NOT NULL AND d.name != ''
                 ORDER BY d.name COLLATE NOCASE, d.id",
                super::codec::wall_sql("c.stamp", "c.wall"),
                super::codec::record_key_sql("d.id")
            ))
            .map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map([], |row| {
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
