//! Reading the change log back out: streamed for bundle exports (every
//! change above what the addressee is known to hold, site by site in seq
//! order, without loading the log into memory), or collected for tests.

use super::{Store, StoreError, codec};
use crate::domain::purge::Logged;
use crate::domain::{Change, SiteId};
use rusqlite::params;
use std::collections::BTreeMap;

/// A site's logged rows above a seq, in seq order.
fn since_sql() -> String {
    format!(
        "SELECT {} FROM {}
         WHERE c.site = (SELECT code FROM log_site WHERE id = ?1) AND c.seq > ?2 ORDER BY c.seq",
        codec::LOGGED_COLUMNS,
        codec::LOGGED_FROM
    )
}

impl Store {
    /// Calls `each` with every logged change whose seq is above `since[site]`
    /// (0 when absent), for the sites of `only` (every site when `None`),
    /// ordered by site then seq. Returns how many changes were passed.
    pub fn for_each_change_since(
        &self,
        since: &BTreeMap<SiteId, u64>,
        only: Option<&[SiteId]>,
        each: &mut dyn FnMut(Change) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        self.for_each_logged_since(since, only, &mut |logged| each(logged.change))
    }

    /// As `for_each_change_since`, with stubs told apart (what bundles carry).
    pub fn for_each_logged_since(
        &self,
        since: &BTreeMap<SiteId, u64>,
        only: Option<&[SiteId]>,
        each: &mut dyn FnMut(Logged) -> Result<(), StoreError>,
    ) -> Result<u64, StoreError> {
        let sites: Vec<SiteId> = match only {
            Some(sites) => sites.to_vec(),
            None => self.vector()?.into_iter().map(|entry| entry.site).collect(),
        };
        let mut stmt = self
            .conn
            .prepare_cached(&since_sql())
            .map_err(StoreError::sqlite)?;
        let mut count = 0u64;
        for site in &sites {
            let from = since.get(site).copied().unwrap_or(0).min(i64::MAX as u64) as i64;
            let mut rows = stmt
                .query(params![site, from])
                .map_err(StoreError::sqlite)?;
            while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
                each(codec::logged_from_row(&self.conn, row)?.into_logged()?)?;
                count += 1;
            }
        }
        Ok(count)
    }

    /// Every logged change above `known[site]` (all of a site's when absent),
    /// collected (tests and small exchanges; exports stream instead).
    pub fn changes_since(&self, known: &BTreeMap<SiteId, u64>) -> Result<Vec<Change>, StoreError> {
        let mut changes = Vec::new();
        self.for_each_change_since(known, None, &mut |change| {
            changes.push(change);
            Ok(())
        })?;
        Ok(changes)
    }

    /// Every change in the log.
    pub fn all_changes(&self) -> Result<Vec<Change>, StoreError> {
        self.changes_since(&BTreeMap::new())
    }

    /// Every logged row above `known[site]`, stubs told apart, collected
    /// (tests; exports stream instead).
    pub fn logged_since(&self, known: &BTreeMap<SiteId, u64>) -> Result<Vec<Logged>, StoreError> {
        let mut out = Vec::new();
        self.for_each_logged_since(known, None, &mut |logged| {
            out.push(logged);
            Ok(())
        })?;
        Ok(out)
    }
}
