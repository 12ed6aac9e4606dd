//! Reading changes back out of the log, as they would travel to another site
//! (tests feed them to another store's `apply`; the sync's export may stream
//! its own way).

use super::{Store, StoreError};
use crate::domain::{Change, ChangeId, Kind, SiteId, Stamp};
use rusqlite::params;
use std::collections::BTreeMap;

const READ_SITE_AFTER: &str =
    "SELECT site, seq, record, kind, field, value, stamp, wall, author, parents
     FROM changes WHERE site = ?1 AND seq > ?2 ORDER BY seq";

impl Store {
    /// Every logged change whose seq is above what `known` says we already
    /// hold for its origin site (absent sites: everything), ordered by site
    /// then seq.
    pub fn changes_since(&self, known: &BTreeMap<SiteId, u64>) -> Result<Vec<Change>, StoreError> {
        let sites: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT DISTINCT site FROM changes ORDER BY site")
                .map_err(StoreError::sqlite)?;
            stmt.query_map([], |row| row.get(0))
                .map_err(StoreError::sqlite)?
                .collect::<Result<_, _>>()
                .map_err(StoreError::sqlite)?
        };
        let mut stmt = self
            .conn
            .prepare_cached(READ_SITE_AFTER)
            .map_err(StoreError::sqlite)?;
        let mut changes = Vec::new();
        for site in sites {
            let after = known.get(&site).copied().unwrap_or(0);
            let after = i64::try_from(after).unwrap_or(i64::MAX);
            let mut rows = stmt
                .query(params![site, after])
                .map_err(StoreError::sqlite)?;
            while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
                changes.push(change_from_row(row)?);
            }
        }
        Ok(changes)
    }

    /// Every change in the log.
    pub fn all_changes(&self) -> Result<Vec<Change>, StoreError> {
        self.changes_since(&BTreeMap::new())
    }
}

fn change_from_row(row: &rusqlite::Row<'_>) -> Result<Change, StoreError> {
    let get_text = |index: usize| row.get::<_, String>(index).map_err(StoreError::sqlite);
    let site = get_text(0)?;
    let seq: i64 = row.get(1).map_err(StoreError::sqlite)?;
    let id_text = format!("{site}:{seq}");
    let malformed = |reason: &str| StoreError::MalformedChange {
        id: id_text.clone(),
        reason: reason.to_string(),
    };
    let kind_name = get_text(3)?;
    let kind = Kind::from_name(&kind_name).ok_or_else(|| malformed("unknown kind"))?;
    let parents_text = get_text(9)?;
    let parents = ChangeId::split(&parents_text).ok_or_else(|| malformed("bad parents"))?;
    let stamp: i64 = row.get(6).map_err(StoreError::sqlite)?;
    Ok(Change {
        id: ChangeId::new(site, u64::try_from(seq).map_err(|_| malformed("bad seq"))?),
        record: get_text(2)?,
        kind,
        field: get_text(4)?,
        value: row.get(5).map_err(StoreError::sqlite)?,
        stamp: Stamp(u64::try_from(stamp).map_err(|_| malformed("bad stamp"))?),
        wall_ms: row.get(7).map_err(StoreError::sqlite)?,
        author: get_text(8)?,
        parents,
    })
}
