//! Reading the change log back out: streamed for bundle exports (every
//! change above what the addressee is known to hold, site by site in seq
//! order, without loading the log into memory), or collected for tests.

use super::{Store, StoreError};
use crate::domain::purge::Logged;
use crate::domain::{Change, ChangeId, Kind, SiteId, Stamp};
use rusqlite::params;
use std::collections::BTreeMap;

const SINCE: &str =
    "SELECT site, seq, record, kind, field, value, stamp, wall, author, parents, purged, hash
     FROM changes WHERE site = ?1 AND seq > ?2 ORDER BY seq";

/// A logged row: a stub (`purged` = 1) carries its original content hash.
fn logged_from_row(row: &rusqlite::Row<'_>) -> Result<Logged, StoreError> {
    let change = change_from_row(row)?;
    let status: i64 = row.get(10).map_err(StoreError::sqlite)?;
    if status != 1 {
        return Ok(Logged::from(change));
    }
    let bytes: Vec<u8> = row.get(11).map_err(StoreError::sqlite)?;
    let hash: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| StoreError::MalformedChange {
            id: change.id.to_string(),
            reason: "bad hash in the log".into(),
        })?;
    Ok(Logged::stub_of(change, hash))
}

fn change_from_row(row: &rusqlite::Row<'_>) -> Result<Change, StoreError> {
    let get_text = |index: usize| row.get::<_, String>(index).map_err(StoreError::sqlite);
    let site = get_text(0)?;
    let seq: i64 = row.get(1).map_err(StoreError::sqlite)?;
    let kind_name = get_text(3)?;
    let corrupt = |reason: &str| StoreError::MalformedChange {
        id: format!("{site}:{seq}"),
        reason: reason.to_string(),
    };
    let kind = Kind::from_name(&kind_name).ok_or_else(|| corrupt("unknown kind in the log"))?;
    let parents =
        ChangeId::split(&get_text(9)?).ok_or_else(|| corrupt("bad parents in the log"))?;
    Ok(Change {
        id: ChangeId::new(site.clone(), seq as u64),
        record: get_text(2)?,
        kind,
        field: get_text(4)?,
        value: row.get(5).map_err(StoreError::sqlite)?,
        stamp: Stamp(row.get::<_, i64>(6).map_err(StoreError::sqlite)? as u64),
        wall_ms: row.get(7).map_err(StoreError::sqlite)?,
        author: get_text(8)?,
        parents,
    })
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
            .prepare_cached(SINCE)
            .map_err(StoreError::sqlite)?;
        let mut count = 0u64;
        for site in &sites {
            let from = since.get(site).copied().unwrap_or(0).min(i64::MAX as u64) as i64;
            let mut rows = stmt
                .query(params![site, from])
                .map_err(StoreError::sqlite)?;
            while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
                each(logged_from_row(row)?)?;
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
