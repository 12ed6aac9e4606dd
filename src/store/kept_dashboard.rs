//! The dashboard's last scans kept current (schema v17): live requests per
//! status and département of any year ("new requests to qualify"), and
//! each developer's latest hours and facilitated workshop (the retention
//! review). Their reads, and the comparison of every kept table (these and
//! the v14 figures) with its `recount_*` view, which `relais check` runs.

use super::{Store, StoreError};
use rusqlite::Connection;

/// The kept tables of schema v17, with the rows compared: a count fallen to
/// zero, or a developer with neither date, stays and is not compared.
const KEPT: [(&str, &str); 2] = [
    (
        "kept_request_status",
        "SELECT status, dep, n FROM kept_request_status WHERE n <> 0",
    ),
    (
        "kept_person_last",
        "SELECT developer, last_hours, last_workshop FROM kept_person_last
         WHERE last_hours IS NOT NULL OR last_workshop IS NOT NULL",
    ),
];

/// Whether the rows of `kept` (a query) and of `recount` (a view) differ as
/// sets. The recount is computed once: both sides are tagged, grouped by
/// every column, and a group found on one side only is a difference.
pub(super) fn differs(conn: &Connection, kept: &str, recount: &str) -> Result<bool, StoreError> {
    // Cached: the property tests compare after every operation, and
    // preparing the recount views' joins is most of a comparison's cost.
    let columns: Vec<String> = conn
        .prepare_cached(kept)
        .map_err(StoreError::sqlite)?
        .column_names()
        .map(|name| format!("\"{}\"", name.replace('"', "\"\"")))
        .collect();
    let columns = columns.join(", ");
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM (
             SELECT {columns}, 1 AS side FROM ({kept})
             UNION ALL SELECT {columns}, 2 AS side FROM {recount})
         GROUP BY {columns} HAVING min(side) = max(side))"
    );
    conn.prepare_cached(&sql)
        .and_then(|mut statement| statement.query_row([], |row| row.get(0)))
        .map_err(StoreError::sqlite)
}

/// The kept tables of schema v17 whose rows differ from their recount.
pub(super) fn mismatches(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut mismatched = Vec::new();
    for (table, kept) in KEPT {
        if differs(conn, kept, &format!("recount_{table}"))? {
            mismatched.push(table.to_string());
        }
    }
    Ok(mismatched)
}

/// Every kept table (v14 figures and review items, v17 dashboard) that
/// differs from its recount, read in one snapshot of `conn`.
pub(super) fn all_mismatches(conn: &Connection) -> Result<Vec<String>, StoreError> {
    conn.execute_batch("BEGIN DEFERRED")
        .map_err(StoreError::sqlite)?;
    let result = super::stats_check::mismatches(conn).and_then(|mut mismatched| {
        mismatched.extend(mismatches(conn)?);
        Ok(mismatched)
    });
    let end = conn.execute_batch("COMMIT").map_err(StoreError::sqlite);
    let mismatched = result?;
    end?;
    Ok(mismatched)
}

impl Store {
    /// Live requests with `status`, of any year, in `departement` (`None`:
    /// anywhere): the same as a count of the requests list with these
    /// filters, read from the kept counts (a few rows).
    pub fn kept_request_count(
        &self,
        status: &str,
        departement: Option<&str>,
    ) -> Result<u64, StoreError> {
        let key = format!("={status}");
        let count: i64 = match departement {
            Some(code) => self.conn.query_row(
                "SELECT coalesce(sum(n), 0) FROM kept_request_status WHERE status = ?1 AND dep = ?2",
                rusqlite::params![key, format!("={code}")],
                |row| row.get(0),
            ),
            None => self.conn.query_row(
                "SELECT coalesce(sum(n), 0) FROM kept_request_status WHERE status = ?1",
                rusqlite::params![key],
                |row| row.get(0),
            ),
        }
        .map_err(StoreError::sqlite)?;
        Ok(count.max(0) as u64)
    }

    /// The kept tables of schema v17 that differ from their recount (the
    /// property test of `tests/suite/kept_dashboard.rs`).
    pub fn kept_dashboard_mismatches(&self) -> Result<Vec<String>, StoreError> {
        mismatches(&self.conn)
    }
}
