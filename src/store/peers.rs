//! Local sync bookkeeping (schema version 2) and the replicated trust
//! registry as the sync layer reads it: peers' ack vectors, bundles already
//! imported, site cards trusted here, and the `site` records (public key,
//! enrolment, revocation cut-off) that the regional lead replicates.

use super::{Store, StoreError};
use crate::domain::SiteId;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;

/// A `site` record as the trust registry sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteEntry {
    pub site: SiteId,
    pub name: String,
    pub departement: String,
    pub role: String,
    pub public_key: Option<String>,
    pub enrolled_on: Option<String>,
    /// The last accepted seq of a revoked site.
    pub revoked_after: Option<u64>,
    pub deleted: bool,
}

/// A site card this installation chose to trust.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedCard {
    pub site: SiteId,
    pub public_key: String,
    pub name: String,
    pub departement: String,
    pub role: String,
    pub trusted_at: i64,
    pub revoked: bool,
    /// Trusted as the regional lead (`trust --as-lead`): may relay.
    pub lead: bool,
    /// The site's age recipient (`age1…`), from its card; older cards have none.
    pub recipient: Option<String>,
}

/// What an import records in the same transaction as the changes it applies:
/// the bundle (so that a replay is a no-op) and the sender's ack vector.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Receipt {
    pub bundle_id: String,
    pub sender: SiteId,
    pub ack: BTreeMap<SiteId, u64>,
    pub changes: u64,
}

const SITE_COLUMNS: &str = "id, coalesce(name, ''), coalesce(departement, ''), coalesce(role, ''), public_key, enrolled_on, revoked_after, deleted";

fn site_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SiteEntry> {
    let revoked: Option<i64> = row.get(6)?;
    let deleted: Option<i64> = row.get(7)?;
    Ok(SiteEntry {
        site: row.get(0)?,
        name: row.get(1)?,
        departement: row.get(2)?,
        role: row.get(3)?,
        public_key: row.get(4)?,
        enrolled_on: row.get(5)?,
        revoked_after: revoked.map(|seq| seq.max(0) as u64),
        deleted: deleted == Some(1),
    })
}

fn card_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<TrustedCard> {
    Ok(TrustedCard {
        site: row.get(0)?,
        public_key: row.get(1)?,
        name: row.get(2)?,
        departement: row.get(3)?,
        role: row.get(4)?,
        trusted_at: row.get(5)?,
        revoked: row.get::<_, i64>(6)? != 0,
        lead: row.get::<_, i64>(7)? != 0,
        recipient: row.get(8)?,
    })
}

const CARD_COLUMNS: &str =
    "site, public_key, name, departement, role, trusted_at, revoked, lead, age_recipient";

impl Store {
    /// The replicated record of one site.
    pub fn site_entry(&self, site: &str) -> Result<Option<SiteEntry>, StoreError> {
        let sql = format!("SELECT {SITE_COLUMNS} FROM site WHERE id = ?1");
        self.conn
            .query_row(&sql, [site], site_from_row)
            .optional()
            .map_err(StoreError::sqlite)
    }

    /// Every replicated site record, by id.
    pub fn site_entries(&self) -> Result<Vec<SiteEntry>, StoreError> {
        let sql = format!("SELECT {SITE_COLUMNS} FROM site ORDER BY id");
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::sqlite)?;
        stmt.query_map([], site_from_row)
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }

    /// Revocation cut-offs known here: site → last accepted seq.
    pub fn revocation_cutoffs(&self) -> Result<BTreeMap<SiteId, u64>, StoreError> {
        Ok(self
            .site_entries()?
            .into_iter()
            .filter_map(|entry| entry.revoked_after.map(|seq| (entry.site, seq)))
            .collect())
    }

    pub fn trusted_card(&self, site: &str) -> Result<Option<TrustedCard>, StoreError> {
        let sql = format!("SELECT {CARD_COLUMNS} FROM trusted_card WHERE site = ?1");
        self.conn
            .query_row(&sql, [site], card_from_row)
            .optional()
            .map_err(StoreError::sqlite)
    }

    pub fn trusted_cards(&self) -> Result<Vec<TrustedCard>, StoreError> {
        let sql = format!("SELECT {CARD_COLUMNS} FROM trusted_card ORDER BY site");
        let mut stmt = self.conn.prepare(&sql).map_err(StoreError::sqlite)?;
        stmt.query_map([], card_from_row)
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }

    /// Adds or replaces a trusted card (trusting again lifts a local revocation).
    pub fn save_trusted_card(&mut self, card: &TrustedCard) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO trusted_card(site, public_key, name, departement, role, trusted_at, revoked, lead, age_recipient)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    card.site,
                    card.public_key,
                    card.name,
                    card.departement,
                    card.role,
                    card.trusted_at,
                    i64::from(card.revoked),
                    i64::from(card.lead),
                    card.recipient,
                ],
            )
            .map_err(StoreError::sqlite)?;
        Ok(())
    }

    /// Marks a trusted card revoked; returns whether there was one.
    pub fn revoke_trusted_card(&mut self, site: &str) -> Result<bool, StoreError> {
        let updated = self
            .conn
            .execute(
                "UPDATE trusted_card SET revoked = 1 WHERE site = ?1",
                [site],
            )
            .map_err(StoreError::sqlite)?;
        Ok(updated > 0)
    }

    /// What `peer` last told us it holds (site → contiguous seq).
    pub fn peer_ack(&self, peer: &str) -> Result<BTreeMap<SiteId, u64>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT site, seq FROM peer_ack WHERE peer = ?1")
            .map_err(StoreError::sqlite)?;
        stmt.query_map([peer], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?.max(0) as u64,
            ))
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }

    /// Whether this sender's bundle with this id was imported already (keyed
    /// by both: another site reusing the id changes nothing).
    pub fn bundle_seen(&self, sender: &str, bundle_id: &str) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached("SELECT 1 FROM imported_bundle WHERE sender = ?1 AND id = ?2")
            .map_err(StoreError::sqlite)?
            .exists([sender, bundle_id])
            .map_err(StoreError::sqlite)
    }
}

/// Writes a receipt inside the import's transaction.
pub(super) fn write_receipt(
    conn: &Connection,
    receipt: &Receipt,
    now_ms: i64,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT OR IGNORE INTO imported_bundle(id, sender, imported_at, changes) VALUES (?1, ?2, ?3, ?4)",
        params![
            receipt.bundle_id,
            receipt.sender,
            now_ms,
            i64::try_from(receipt.changes).unwrap_or(i64::MAX)
        ],
    )
    .map_err(StoreError::sqlite)?;
    // An ack is clamped to what this site holds itself (its vector, already
    // updated by this transaction): a peer can never claim changes that do
    // not exist here, so an inflated ack cannot empty our exports for good.
    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO peer_ack(peer, site, seq)
             VALUES (?1, ?2, min(?3, coalesce((SELECT max_seq FROM vector WHERE site = ?2), 0)))
             ON CONFLICT(peer, site) DO UPDATE SET seq = max(seq, excluded.seq)",
        )
        .map_err(StoreError::sqlite)?;
    for (site, seq) in &receipt.ack {
        let seq = i64::try_from(*seq).unwrap_or(i64::MAX);
        stmt.execute(params![receipt.sender, site, seq])
            .map_err(StoreError::sqlite)?;
    }
    Ok(())
}
