//! Compares the kept figures and review items (schema v14) with their
//! from-scratch definitions, the `recount_*` views of the same migration:
//! `relais check` reports a kept table that differs, and the property test
//! of `tests/suite/counters.rs` runs it after random operations.
//!
//! Both sides are raw rows, keyed by the developer or organisation a record
//! names as written: a merge is applied on *read* (`merged_alias`, in
//! `stats_kept.rs` and the recount of `stats_year.rs` alike), never kept in
//! the tables, so a merge that arrives after the references it retires, or
//! a chain of merges, changes no kept row and leaves nothing to recompute.

use super::{Store, StoreError};
use rusqlite::Connection;

/// The kept tables, and whether their rows carry a count `n` (rows whose
/// count fell to zero stay and are not compared).
pub const KEPT_TABLES: [(&str, bool); 12] = [
    ("fig_received", true),
    ("fig_delivered", true),
    ("fig_org_year", true),
    ("fig_workshop", true),
    ("fig_breakdown", true),
    ("fig_hours", true),
    ("fig_dev_active", true),
    ("fig_deliverable", true),
    ("fig_skill", true),
    ("fig_availability", true),
    ("siret_count", true),
    ("review_dangling", false),
];

impl Store {
    /// The kept tables whose content differs from a recount of the kind
    /// tables (empty when all agree). One full pass over the kind tables.
    pub fn kept_figures_mismatches(&self) -> Result<Vec<String>, StoreError> {
        mismatches(&self.conn)
    }
}

/// The kept tables of `KEPT_TABLES` that differ from their recount (each
/// recount computed once: `kept_dashboard::differs`).
pub(super) fn mismatches(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut mismatched = Vec::new();
    for (table, counted) in KEPT_TABLES {
        let kept = if counted {
            format!("SELECT * FROM {table} WHERE n <> 0")
        } else {
            format!("SELECT * FROM {table}")
        };
        if super::kept_dashboard::differs(conn, &kept, &format!("recount_{table}"))? {
            mismatched.push(table.to_string());
        }
    }
    Ok(mismatched)
}
