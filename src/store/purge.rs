//! Erasure (GDPR purge) in the store: the marker, the stubs, the derived
//! state of a purged record, and leaving no bytes behind.
//!
//! `changes.purged` says what a logged row is: 0 a change, 1 a stub (value
//! and author erased, the original content hash kept so that a resend of
//! the whole change is recognised as a duplicate and not as a fork), 2 a
//! purge marker. `purge_marker` lists the markers so that imports and edits
//! find a purged record with one index probe. A purged record derives to a
//! bare row (its id, `purged` = 1): hours and workshops keep pointing at it
//! and show "personne effacée". The state is decided by the log alone, so
//! every replica holding the same marker derives the same digest.

use super::apply::sql_seq;
use super::codec::{self, Codes};
use super::heads::owner_kind;
use super::materialise::Materialiser;
use super::{Store, StoreError};
use crate::domain::purge::purgeable;
use crate::domain::{Change, ChangeId, Kind, SiteId};
use rusqlite::{CachedStatement, Connection, OptionalExtension, params};
use std::collections::HashSet;

/// What a logged row is (`changes.purged`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RowStatus {
    Live,
    Stub,
    Marker,
}

impl RowStatus {
    fn code(self) -> i64 {
        match self {
            RowStatus::Live => 0,
            RowStatus::Stub => 1,
            RowStatus::Marker => 2,
        }
    }
}

const INSERT_LOGGED: &str = "INSERT OR IGNORE INTO changes(site, seq, record, kind, field, value, stamp, wall, author, parents, hash, purged)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

/// The log's insert, prepared once for a batch that writes many rows (an
/// import: looking it up in the statement cache for each change hashed
/// its text three million times in a full import).
pub(super) struct LogInsert<'c> {
    stmt: CachedStatement<'c>,
}

impl<'c> LogInsert<'c> {
    pub(super) fn new(conn: &'c Connection) -> Result<LogInsert<'c>, StoreError> {
        let stmt = conn
            .prepare_cached(INSERT_LOGGED)
            .map_err(StoreError::sqlite)?;
        Ok(LogInsert { stmt })
    }

    /// Inserts a logged row unless its id is present; returns whether it
    /// was new. A stub is written without value and author: they never
    /// touch disk.
    pub(super) fn insert_if_new(
        &mut self,
        conn: &Connection,
        codes: &mut Codes,
        change: &Change,
        hash: &[u8; 32],
        status: RowStatus,
    ) -> Result<bool, StoreError> {
        let stamp = i64::try_from(change.stamp.0).map_err(|_| StoreError::MalformedChange {
            id: change.id.to_string(),
            reason: "stamp out of range".into(),
        })?;
        let (value, author) = match status {
            RowStatus::Stub => (None, ""),
            _ => (change.value.as_deref(), change.author.as_str()),
        };
        let written = self
            .stmt
            .execute(params![
                codes.site(conn, &change.id.site)?,
                sql_seq(change.id.seq)?,
                codes.record(conn, &change.record)?,
                codes.kind(conn, change.kind)?,
                codes.name(conn, &change.field)?,
                value,
                stamp,
                codec::wall_code(stamp, change.wall_ms),
                codes.author(conn, author)?,
                codes.parents(conn, &change.parents)?,
                codec::stored_hash(status.code(), hash),
                status.code(),
            ])
            .map_err(StoreError::sqlite)?;
        Ok(written == 1)
    }
}

/// Whether a purge marker names `record`.
pub(super) fn is_purged(conn: &Connection, record: &str) -> Result<bool, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT 1 FROM purge_marker WHERE record = ?1 LIMIT 1")
        .map_err(StoreError::sqlite)?;
    stmt.query_row([record], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
        .map_err(StoreError::sqlite)
}

/// Every purged record (a small set: one row per erased person).
pub(super) fn purged_records(conn: &Connection) -> Result<HashSet<String>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT DISTINCT record FROM purge_marker")
        .map_err(StoreError::sqlite)?;
    let rows = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(StoreError::sqlite)?;
    rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)
}

/// Lists a marker and turns every other logged change of its record into a
/// stub. Returns how many changes were erased.
pub(super) fn erase_record(conn: &Connection, marker: &Change) -> Result<u64, StoreError> {
    conn.execute(
        "INSERT OR IGNORE INTO purge_marker(record, site, seq, kind, wall, author)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            marker.record,
            marker.id.site,
            sql_seq(marker.id.seq)?,
            marker.kind.name(),
            marker.wall_ms,
            marker.author
        ],
    )
    .map_err(StoreError::sqlite)?;
    // A stub keeps the content hash of what it was (the only rows that
    // store one, see `codec::stored_hash`): computed before erasing.
    let mut stubs: Vec<(i64, i64, [u8; 32])> = Vec::new();
    {
        let sql = format!(
            "SELECT {}, c.site FROM {}
             WHERE c.record = (SELECT key FROM record_key WHERE id = ?1) AND c.purged = 0",
            codec::LOGGED_COLUMNS,
            codec::LOGGED_FROM
        );
        let mut stmt = conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let mut rows = stmt
            .query([codec::record_key(&marker.record)])
            .map_err(StoreError::sqlite)?;
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let logged = codec::logged_from_row(conn, row)?;
            let site: i64 = row.get(12).map_err(StoreError::sqlite)?;
            let seq = sql_seq(logged.change.id.seq)?;
            stubs.push((site, seq, logged.change.content_hash()));
        }
    }
    let erased_author = Codes::default().author(conn, "")?;
    let mut stmt = conn
        .prepare_cached(
            "UPDATE changes SET value = NULL, author = ?3, purged = 1, hash = ?4
             WHERE site = ?1 AND seq = ?2",
        )
        .map_err(StoreError::sqlite)?;
    for (site, seq, hash) in &stubs {
        stmt.execute(params![site, seq, erased_author, hash.as_slice()])
            .map_err(StoreError::sqlite)?;
    }
    Ok(stubs.len() as u64)
}

/// Writes the derived state of a purged record into `target`: no row in any
/// kind table but a bare one (id, `purged` = 1) in its owner kind's, no
/// element, no conflict.
pub(super) fn materialise_purged(
    conn: &Connection,
    materialiser: &mut Materialiser,
    record: &str,
) -> Result<(), StoreError> {
    delete_derived(conn, record)?;
    materialiser.forget(record);
    if let Some((kind, _)) = owner_kind(conn, record)? {
        let sql = if purgeable(kind) {
            format!(
                "INSERT INTO main.{}(id, rowid, purged) VALUES (?1, ?2, 1)",
                kind.table()
            )
        } else {
            format!(
                "INSERT INTO main.{}(id, rowid) VALUES (?1, ?2)",
                kind.table()
            )
        };
        let key = super::keys::ensure(conn, record)?;
        conn.execute(&sql, rusqlite::params![record, key])
            .map_err(StoreError::sqlite)?;
    }
    Ok(())
}

/// Removes what a record derived: its rows in every kind table, its
/// elements (under its key) and its conflicts.
pub(super) fn delete_derived(conn: &Connection, record: &str) -> Result<(), StoreError> {
    for kind in Kind::ALL {
        let sql = format!(
            "DELETE FROM main.{} WHERE {}",
            kind.table(),
            super::keys::row_of("?1")
        );
        conn.execute(&sql, [record]).map_err(StoreError::sqlite)?;
    }
    if let Some(key) = super::keys::find(conn, record)? {
        conn.execute("DELETE FROM main.element WHERE key = ?1", [key])
            .map_err(StoreError::sqlite)?;
    }
    conn.execute("DELETE FROM main.conflict WHERE record = ?1", [record])
        .map_err(StoreError::sqlite)?;
    Ok(())
}

/// Empties the WAL into the database and truncates it to zero bytes, so that
/// no older copy of an erased page stays in the `-wal` file.
pub(super) fn checkpoint_truncate(conn: &Connection) -> Result<(), StoreError> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(StoreError::sqlite)
}

/// Overwrites freed bytes with zeros for the rest of this connection.
pub(super) fn secure_delete(conn: &Connection) -> Result<(), StoreError> {
    conn.query_row("PRAGMA secure_delete = ON", [], |_| Ok(()))
        .map_err(StoreError::sqlite)
}

/// What purging a record did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PurgeOutcome {
    pub record: String,
    pub kind: Kind,
    /// The marker written.
    pub marker: ChangeId,
    /// Logged changes whose values were erased.
    pub stubbed: u64,
}

/// One purge as an act, for the audit (never the erased values).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PurgeAct {
    pub record: String,
    pub kind: String,
    /// The site whose operator purged.
    pub site: SiteId,
    /// That site's name, when its site record is known here.
    pub site_name: Option<String>,
    pub seq: u64,
    /// When, on that site's clock (ms since the epoch).
    pub wall_ms: i64,
    /// The operator who purged.
    pub author: String,
}

impl Store {
    /// Erases a record: a marker is logged, every logged change of the
    /// record loses its value and author, its derived row keeps only its id,
    /// in one transaction with freed bytes zeroed; then the WAL is truncated.
    pub fn purge(
        &mut self,
        kind: Kind,
        record: &str,
        author: &str,
    ) -> Result<PurgeOutcome, StoreError> {
        secure_delete(&self.conn)?;
        let mut writer = self.writer(author)?;
        let (marker, stubbed) = writer.append_marker(kind, record)?;
        writer.commit()?;
        checkpoint_truncate(&self.conn)?;
        Ok(PurgeOutcome {
            record: record.to_string(),
            kind,
            marker,
            stubbed,
        })
    }

    /// Whether a record was purged.
    pub fn is_purged(&self, record: &str) -> Result<bool, StoreError> {
        is_purged(&self.conn, record)
    }

    /// The site that created a record: the site of its earliest change.
    pub fn record_origin(&self, record: &str) -> Result<Option<SiteId>, StoreError> {
        self.conn
            .query_row(
                "SELECT s.id FROM changes c JOIN log_site s ON s.code = c.site
                 WHERE c.record = (SELECT key FROM record_key WHERE id = ?1)
                 ORDER BY c.stamp, s.id, c.seq LIMIT 1",
                [codec::record_key(record)],
                |row| row.get(0),
            )
            .optional()
            .map_err(StoreError::sqlite)
    }

    /// Every purge this replica knows of, oldest first.
    pub fn purge_acts(&self) -> Result<Vec<PurgeAct>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT m.record, m.kind, m.site, m.seq, m.wall, m.author, s.name
                 FROM purge_marker m LEFT JOIN site s ON s.id = m.site
                 ORDER BY m.wall, m.site, m.seq",
            )
            .map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map([], |row| {
                Ok(PurgeAct {
                    record: row.get(0)?,
                    kind: row.get(1)?,
                    site: row.get(2)?,
                    seq: u64::try_from(row.get::<_, i64>(3)?).unwrap_or(0),
                    wall_ms: row.get(4)?,
                    author: row.get(5)?,
                    site_name: row.get(6)?,
                })
            })
            .map_err(StoreError::sqlite)?;
        rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)
    }
}

/// Logged changes of purged records that still hold a value (`check`).
pub(super) fn unerased_changes(conn: &Connection) -> Result<u64, StoreError> {
    let count: i64 = conn
        .query_row(
            &format!(
                "SELECT count(*) FROM changes WHERE purged = 0
                 AND record IN (SELECT k.key FROM purge_marker m JOIN record_key k ON k.id = {})",
                codec::record_key_sql("m.record")
            ),
            [],
            |row| row.get(0),
        )
        .map_err(StoreError::sqlite)?;
    Ok(u64::try_from(count).unwrap_or(0))
}
