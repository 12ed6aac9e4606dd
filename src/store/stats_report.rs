//! Aggregates the yearly report adds to the dashboard's (`stats.rs`): the
//! developers, requests and workshops with most hours, hours by département,
//! and the budget lines (the per-area figures are in `stats_year.rs`). Each
//! is one grouped SQL query over the year's index range; none loads every
//! record.

use super::stats::year_bounds;
use super::{Store, StoreError};
use rusqlite::{Row, params};
use std::collections::BTreeMap;

/// Workshops of one kind in a year.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KindFigures {
    pub kind: String,
    pub workshops: u64,
    pub participants: u64,
    pub hours: f64,
}

/// One developer's hours in a year, against their availability.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeveloperHours {
    pub name: String,
    pub departement: Option<String>,
    pub role: Option<String>,
    /// Hours per month the developer said they can give.
    pub availability_per_month: f64,
    pub hours: f64,
    pub request_hours: f64,
    pub workshop_hours: f64,
}

/// The hours spent on one request or workshop in a year.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordHours {
    pub title: String,
    pub departement: Option<String>,
    /// Request: when it was received; workshop: its date.
    pub date: Option<String>,
    pub hours: f64,
    /// Request: the estimate; workshop: its duration.
    pub planned: Option<f64>,
}

/// Deliverables at one place: (commune, département, count).
pub type PlaceCount = (Option<String>, Option<String>, u64);

/// A budget line of the year.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BudgetLine {
    pub label: String,
    pub amount: f64,
    /// The stored category slug (none on lines written before categories).
    pub category: Option<String>,
}

/// The figures of an area that only the yearly report shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AreaDetails {
    pub requests_by_category: BTreeMap<String, u64>,
    pub workshops_by_kind: Vec<KindFigures>,
    /// Participants by anonymous group (`women`, `not_given`…), where given.
    pub participants_breakdown: BTreeMap<String, u64>,
    /// Distinct organisations whose requests were received in the year.
    pub organisations_served: u64,
    /// Developer hours per month (index 0 = January).
    pub hours_by_month: [f64; 12],
    /// Hours per month the area's developers can give, summed.
    pub availability_per_month: f64,
}

/// `?1` = the year's first day, `?3` the next year's, `?2` = département or
/// NULL. The developers of a département are listed once (a small set)
/// rather than joined to every row of hours; through merges: a record
/// merged into another is of the département of the one it leads to
/// (`merged_alias`), not of its own.
const TIME_IN_AREA: &str = "t.deleted IS NOT 1 AND t.date >= ?1 AND t.date < ?3
     AND (?2 IS NULL OR t.developer IN (
         SELECT rowid FROM developer WHERE departement = ?2 AND id NOT IN (SELECT id FROM merged_alias)
         UNION ALL SELECT a.key FROM merged_alias_key a JOIN developer d ON d.id = a.target WHERE d.departement = ?2))";

pub(super) fn number(row: &Row, index: usize) -> rusqlite::Result<f64> {
    Ok(row.get::<_, Option<f64>>(index)?.unwrap_or(0.0))
}

pub(super) fn text(row: &Row, index: usize) -> rusqlite::Result<String> {
    Ok(row.get::<_, Option<String>>(index)?.unwrap_or_default())
}

impl Store {
    /// Runs a query bound to (year, département) and maps each row.
    fn year_rows<T>(
        &self,
        sql: &str,
        year: i32,
        departement: Option<&str>,
        map: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let (start, end) = year_bounds(year);
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map(params![start, departement, end], map)
            .map_err(StoreError::sqlite)?;
        rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)
    }

    /// The `limit` developers with most hours in the year (then by name).
    pub fn hours_by_developer(
        &self,
        year: i32,
        departement: Option<&str>,
        limit: usize,
    ) -> Result<Vec<DeveloperHours>, StoreError> {
        let sql = format!(
            "SELECT d.name, d.departement, d.role, d.availability, h.hours, h.request_hours, h.workshop_hours
             FROM (SELECT iif(a.key IS NULL, t.developer, a.target_key) AS developer, sum(t.hours) AS hours,
                          sum(CASE WHEN t.request IS NOT NULL THEN t.hours ELSE 0 END) AS request_hours,
                          sum(CASE WHEN t.workshop IS NOT NULL THEN t.hours ELSE 0 END) AS workshop_hours
                   FROM time_entry t INDEXED BY time_by_developer_date
                   LEFT JOIN merged_alias_key a ON a.key = t.developer WHERE {TIME_IN_AREA}
                   GROUP BY 1) h
             LEFT JOIN developer d ON d.rowid = h.developer
             ORDER BY h.hours DESC, d.name LIMIT {limit}"
        );
        self.year_rows(&sql, year, departement, |row| {
            Ok(DeveloperHours {
                name: text(row, 0)?,
                departement: row.get(1)?,
                role: row.get(2)?,
                availability_per_month: number(row, 3)?,
                hours: number(row, 4)?,
                request_hours: number(row, 5)?,
                workshop_hours: number(row, 6)?,
            })
        })
    }

    /// The `limit` requests with most developer hours in the year.
    pub fn hours_by_request(
        &self,
        year: i32,
        departement: Option<&str>,
        limit: usize,
    ) -> Result<Vec<RecordHours>, StoreError> {
        let sql = format!(
            "SELECT r.title, r.departement, r.received_on, h.hours, r.estimated_hours
             FROM (SELECT t.request AS request, sum(t.hours) AS hours
                   FROM time_entry t INDEXED BY time_by_request_date WHERE t.request IS NOT NULL AND {TIME_IN_AREA}
                   GROUP BY t.request ORDER BY 2 DESC, (SELECT id FROM record_id WHERE key = t.request) LIMIT {limit}) h
             LEFT JOIN request r ON r.rowid = h.request
             ORDER BY h.hours DESC, r.title LIMIT {limit}"
        );
        self.year_rows(&sql, year, departement, record_hours)
    }

    /// The `limit` workshops with most developer hours in the year.
    pub fn hours_by_workshop(
        &self,
        year: i32,
        departement: Option<&str>,
        limit: usize,
    ) -> Result<Vec<RecordHours>, StoreError> {
        let sql = format!(
            "SELECT w.title, r.departement, w.date, h.hours, w.duration
             FROM (SELECT t.workshop AS workshop, sum(t.hours) AS hours
                   FROM time_entry t INDEXED BY time_by_workshop_date WHERE t.workshop IS NOT NULL AND {TIME_IN_AREA}
                   GROUP BY t.workshop ORDER BY 2 DESC, (SELECT id FROM record_id WHERE key = t.workshop) LIMIT {limit}) h
             LEFT JOIN workshop w ON w.rowid = h.workshop LEFT JOIN request r ON r.id = w.request
             ORDER BY h.hours DESC, w.title LIMIT {limit}"
        );
        self.year_rows(&sql, year, departement, record_hours)
    }

    /// Deliverables published in the year by (commune of the requesting
    /// organisation, read through merges, département of the request, else
    /// of the organisation):
    /// one row per place, counted in memory (a few hundred communes) rather
    /// than by sorting the year's deliverables.
    pub fn deliverables_by_place(
        &self,
        year: i32,
        departement: Option<&str>,
    ) -> Result<Vec<PlaceCount>, StoreError> {
        let (start, end) = year_bounds(year);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT o.commune, coalesce(r.departement, o.departement)
                 FROM deliverable v INDEXED BY deliverable_by_published
                 LEFT JOIN request r INDEXED BY request_area ON r.id = v.request AND r.deleted IS NOT 1
                 LEFT JOIN merged_alias a ON a.id = r.organisation
                 LEFT JOIN org o INDEXED BY org_area ON o.id = coalesce(a.target, r.organisation) AND o.deleted IS NOT 1
                 WHERE v.deleted IS NOT 1 AND v.published_on >= ?1 AND v.published_on < ?3
                   AND (?2 IS NULL OR coalesce(r.departement, o.departement) = ?2)",
            )
            .map_err(StoreError::sqlite)?;
        let mut rows = stmt
            .query(params![start, departement, end])
            .map_err(StoreError::sqlite)?;
        let mut places: BTreeMap<(Option<String>, Option<String>), u64> = BTreeMap::new();
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            // A code that is not text is no place (merged data is never validated).
            let place = (row.get(0).unwrap_or(None), row.get(1).unwrap_or(None));
            *places.entry(place).or_default() += 1;
        }
        Ok(places
            .into_iter()
            .map(|((commune, departement), n)| (commune, departement, n))
            .collect())
    }

    /// The budget lines of a year, largest first.
    pub fn budget_lines(&self, year: i32) -> Result<Vec<BudgetLine>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT label, amount, category FROM budget_line WHERE deleted IS NOT 1 AND year = ?1
                 ORDER BY amount DESC, label",
            )
            .map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map([year], |row| {
                Ok(BudgetLine {
                    label: text(row, 0)?,
                    amount: number(row, 1)?,
                    // A category that is not text is no category (merged data is never validated).
                    category: row.get(2).unwrap_or(None),
                })
            })
            .map_err(StoreError::sqlite)?;
        rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)
    }
}

fn record_hours(row: &Row) -> rusqlite::Result<RecordHours> {
    Ok(RecordHours {
        title: text(row, 0)?,
        departement: row.get(1)?,
        date: row.get(2)?,
        hours: number(row, 3)?,
        planned: row.get::<_, Option<f64>>(4)?,
    })
}
