//! The few aggregates the terminal UI's dashboard, skills map and conflict
//! screens need beyond `stats` (whose year figures the dashboard shares
//! with the report): open conflicts, clock skew seen in the log, the
//! developers behind a skills-map cell and site names. All computed in SQL, none loads rows
//! it does not show.

use super::{Store, StoreError, sql};
use crate::domain::Kind;
use rusqlite::params;

/// A developer behind one cell of the skills map.
#[derive(Clone, Debug, PartialEq)]
pub struct SkilledDeveloper {
    pub id: String,
    pub name: String,
    /// The level of the skill (1–3), if given.
    pub level: Option<u8>,
    /// Hours a month; zero means not available.
    pub availability: f64,
}

/// A site whose changes are stamped ahead of this installation's clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkewedSite {
    pub site: String,
    /// The furthest wall-clock time (ms) seen in its changes.
    pub latest_wall_ms: i64,
}

/// How many of each site's latest changes the clock-skew check reads.
const SKEW_WINDOW: i64 = 500;

impl Store {
    /// How many fields are in conflict.
    pub fn conflict_count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM conflict", [], |row| {
                row.get::<_, i64>(0)
            })
            .map(|n| n as u64)
            .map_err(StoreError::sqlite)
    }

    /// Sites whose latest changes are stamped after `after_ms` on the wall
    /// clock (a PC whose clock runs ahead): worth a look, never trusted to
    /// move ours. Only each site's last `SKEW_WINDOW` changes are read, by
    /// primary key, so the cost follows the number of sites, not the log.
    pub fn clock_skew(&self, after_ms: i64) -> Result<Vec<SkewedSite>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT v.site, (SELECT max(w.wall) FROM (SELECT {} AS wall FROM changes c
                     WHERE c.site = (SELECT code FROM log_site WHERE id = v.site)
                     ORDER BY c.seq DESC LIMIT ?2) w)
                 FROM vector v ORDER BY v.site",
                super::codec::wall_sql("c.stamp", "c.wall")
            ))
            .map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map(params![after_ms, SKEW_WINDOW], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, Option<i64>>(1)?))
            })
            .map_err(StoreError::sqlite)?;
        let mut skewed = Vec::new();
        for row in rows {
            let (site, latest) = row.map_err(StoreError::sqlite)?;
            if let Some(latest_wall_ms) = latest.filter(|wall| *wall > after_ms) {
                skewed.push(SkewedSite {
                    site,
                    latest_wall_ms,
                });
            }
        }
        Ok(skewed)
    }

    /// The live developers of a département who marked a skill, available
    /// ones first, then by name.
    pub fn developers_with_skill(
        &self,
        departement: &str,
        skill: &str,
    ) -> Result<Vec<SkilledDeveloper>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT d.id, coalesce(d.name, ''), CAST(e.value AS TEXT), CAST(coalesce(d.availability, 0) AS REAL)
                 FROM element e JOIN developer d ON d.rowid = e.key
                 WHERE e.name = 'skill' AND e.element = ?2 AND d.deleted IS NOT 1
                   AND d.departement = ?1
                 ORDER BY coalesce(d.availability, 0) > 0 DESC, {}",
                sql::order_key(Kind::Developer, "d", "name", "")
            ))
            .map_err(StoreError::sqlite)?;
        stmt.query_map(params![departement, skill], |row| {
            let level: Option<String> = row.get(2)?;
            Ok(SkilledDeveloper {
                id: row.get(0)?,
                name: row.get(1)?,
                level: level.and_then(|l| l.parse().ok()),
                availability: row.get::<_, f64>(3)?,
            })
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }

    /// Site id → name, for every site record known here.
    pub fn site_names(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, coalesce(name, id) FROM site ORDER BY id")
            .map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }
}

impl Store {
    /// When a bundle from each sender was last imported (ms).
    pub fn last_imports(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT sender, max(imported_at) FROM imported_bundle GROUP BY sender ORDER BY sender",
            )
            .map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }
}

impl Store {
    /// Whether the log holds change `site:seq` (a key lookup).
    pub fn has_change(&self, site: &str, seq: u64) -> Result<bool, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT 1 FROM changes
                 WHERE site = (SELECT code FROM log_site WHERE id = ?1) AND seq = ?2",
            )
            .map_err(StoreError::sqlite)?;
        stmt.exists(params![site, seq as i64])
            .map_err(StoreError::sqlite)
    }
}
