//! The kept digests: one row per record with derived state in
//! `record_digest`, their sum in `digest_state`. The materialiser marks the
//! records it writes (`Materialiser::mark`); `rehash` recomputes each marked
//! record once from its rows before the transaction commits and moves the sum
//! by the difference. `MainScan` (in `scan`) streams every record's digest from the
//! tables in key order (the migration's build and `check`). The same
//! pass keeps the live records per kind (`live_count`), so `status` counts
//! without scanning the kind tables.

use super::StoreError;
use super::check_parts::Part;
use super::digest::{RecordDigest, RecordHasher, Sum256, hashed_reads, kind_bit};
use super::key_order::KeyIds;
use crate::domain::Kind;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use std::sync::OnceLock;

mod scan;

pub(super) use scan::{KeptScan, MainScan, unkeyed};

/// A record's kept digest, `?1` its id as the log keeps it: kept digests
/// are stored under their record's key (schema v24).
const READ_DIGEST: &str = "SELECT digest, live FROM record_digest
     WHERE key = (SELECT key FROM main.record_key WHERE id = ?1)";

/// Removes a record's kept digest, `?1` its id as the log keeps it.
const DELETE_DIGEST: &str =
    "DELETE FROM record_digest WHERE key = (SELECT key FROM main.record_key WHERE id = ?1)";

/// Writes a record's kept digest: `?1` its id as the log keeps it.
const INSERT_DIGEST: &str = "INSERT OR REPLACE INTO record_digest(key, digest, live)
     VALUES ((SELECT key FROM main.record_key WHERE id = ?1), ?2, ?3)";

/// SQL text per kind, built once from the schema (never from data).
struct Queries {
    /// One record's row: `SELECT columns FROM table WHERE` its key is `?1`'s.
    row: Vec<String>,
}

fn queries() -> &'static Queries {
    static CELL: OnceLock<Queries> = OnceLock::new();
    CELL.get_or_init(|| Queries {
        row: Kind::ALL
            .iter()
            .map(|kind| {
                format!(
                    "SELECT {} FROM main.{table} WHERE {}",
                    hashed_reads(*kind, kind.table()),
                    super::keys::row_of("?1"),
                    table = kind.table(),
                )
            })
            .collect(),
    })
}

/// A record's elements, `?1` its id as `record_key.id` spells it
/// (`codec::record_key`).
const ELEMENTS: &str = "SELECT name, element, value FROM main.element
     WHERE key = (SELECT key FROM main.record_key WHERE id = ?1) ORDER BY name, element";
const CONFLICTS: &str =
    "SELECT field, kind, reason FROM main.conflict WHERE record = ?1 ORDER BY field";

/// The kept state digest (zero when the table is empty).
pub(super) fn kept_total(conn: &Connection) -> Result<Sum256, StoreError> {
    let total: Option<Vec<u8>> = conn
        .prepare_cached("SELECT total FROM digest_state WHERE id = 1")
        .and_then(|mut stmt| stmt.query_row([], |row| row.get(0)).optional())
        .map_err(StoreError::sqlite)?;
    Ok(total
        .map(|bytes| Sum256::from_blob(&bytes))
        .unwrap_or_default())
}

/// A record's digest from its rows in the kind tables named by `kinds`.
fn record_digest(
    conn: &Connection,
    record: &str,
    kinds: u16,
) -> Result<Option<RecordDigest>, StoreError> {
    let mut hasher = RecordHasher::new();
    for (position, kind) in Kind::ALL.into_iter().enumerate() {
        if kinds & kind_bit(kind) == 0 {
            continue;
        }
        let mut stmt = conn
            .prepare_cached(&queries().row[position])
            .map_err(StoreError::sqlite)?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([record]).map_err(StoreError::sqlite)?;
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let values: Vec<ValueRef<'_>> = (0..columns)
                .map(|index| row.get_ref(index))
                .collect::<Result<_, _>>()
                .map_err(StoreError::sqlite)?;
            hasher.row(kind, &values);
        }
    }
    let mut stmt = conn.prepare_cached(ELEMENTS).map_err(StoreError::sqlite)?;
    let mut rows = stmt
        .query([super::codec::record_key(record)])
        .map_err(StoreError::sqlite)?;
    while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
        let get = |index| row.get_ref(index).map_err(StoreError::sqlite);
        hasher.element(get(0)?, get(1)?, get(2)?);
    }
    let mut stmt = conn.prepare_cached(CONFLICTS).map_err(StoreError::sqlite)?;
    let mut rows = stmt.query([record]).map_err(StoreError::sqlite)?;
    while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
        let get = |index| row.get_ref(index).map_err(StoreError::sqlite);
        hasher.conflict(get(0)?, get(1)?, get(2)?);
    }
    Ok(hasher.finish(record))
}

/// Re-hashes the marked records (each with the kind tables it may have a row
/// in) and moves the kept sum by the difference. Runs inside the writing
/// transaction, before it commits.
pub(super) fn rehash<'r>(
    conn: &Connection,
    marked: impl Iterator<Item = (&'r str, u16)>,
) -> Result<(), StoreError> {
    let mut sum = kept_total(conn)?;
    let mut moved = false;
    let mut counts = LiveCounts::default();
    for (record, kinds) in marked {
        let id = super::codec::record_key(record);
        let old: Option<(Vec<u8>, i64)> = conn
            .prepare_cached(READ_DIGEST)
            .and_then(|mut stmt| {
                stmt.query_row([&id], |row| Ok((row.get(0)?, row.get(1)?)))
                    .optional()
            })
            .map_err(StoreError::sqlite)?;
        let old = old.map(|(bytes, live)| (Sum256::from_blob(&bytes).0, live_bits(live)));
        let new = record_digest(conn, record, kinds)?.map(|digest| (digest.total, digest.live));
        if old == new {
            continue;
        }
        moved = true;
        if let Some((old, live)) = &old {
            sum.sub(old);
            counts.move_by(*live, -1);
        }
        match &new {
            Some((new, live)) => {
                sum.add(new);
                counts.move_by(*live, 1);
                // A record with rows has its key (`keys::ensure` gave it).
                conn.prepare_cached(INSERT_DIGEST)
                    .and_then(|mut stmt| stmt.execute(params![id, new.as_slice(), live]))
                    .map_err(StoreError::sqlite)?;
            }
            None => {
                conn.prepare_cached(DELETE_DIGEST)
                    .and_then(|mut stmt| stmt.execute([&id]))
                    .map_err(StoreError::sqlite)?;
            }
        }
    }
    if moved {
        write_total(conn, sum)?;
        counts.write(conn)?;
    }
    Ok(())
}

fn live_bits(stored: i64) -> u16 {
    u16::try_from(stored).unwrap_or(0)
}

/// Moves of the live counts per kind, written once per `rehash`.
#[derive(Default)]
struct LiveCounts([i64; Kind::ALL.len()]);

impl LiveCounts {
    fn move_by(&mut self, live: u16, by: i64) {
        for (position, kind) in Kind::ALL.into_iter().enumerate() {
            if live & kind_bit(kind) != 0
                && let Some(count) = self.0.get_mut(position)
            {
                *count += by;
            }
        }
    }

    fn write(&self, conn: &Connection) -> Result<(), StoreError> {
        for (kind, by) in Kind::ALL.into_iter().zip(self.0) {
            if by == 0 {
                continue;
            }
            conn.prepare_cached(
                "INSERT INTO live_count(kind, live) VALUES (?1, ?2)
                 ON CONFLICT(kind) DO UPDATE SET live = live + excluded.live",
            )
            .and_then(|mut stmt| stmt.execute(params![kind.name(), by]))
            .map_err(StoreError::sqlite)?;
        }
        Ok(())
    }
}

/// Live records per kind, in schema order, as kept.
pub(super) fn kept_counts(conn: &Connection) -> Result<Vec<(Kind, u64)>, StoreError> {
    let mut stmt = conn
        .prepare_cached("SELECT kind, live FROM live_count")
        .map_err(StoreError::sqlite)?;
    let kept: std::collections::HashMap<String, i64> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)?;
    Ok(Kind::ALL
        .into_iter()
        .map(|kind| {
            let live = kept.get(kind.name()).copied().unwrap_or(0);
            (kind, u64::try_from(live).unwrap_or(0))
        })
        .collect())
}

fn write_total(conn: &Connection, sum: Sum256) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT OR REPLACE INTO digest_state(id, total) VALUES (1, ?1)")
        .and_then(|mut stmt| stmt.execute([sum.0.as_slice()]))
        .map(drop)
        .map_err(StoreError::sqlite)
}

/// Fills `record_digest`, `digest_state` and `live_count` again from the
/// tables (the bulk path of a large import: one pass in key order costs
/// less than re-hashing each record written, read back at random).
pub(super) fn rebuild(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("DELETE FROM digest_state")
        .map_err(StoreError::sqlite)?;
    build_if_absent(conn)
}

/// Fills `record_digest` and `digest_state` from the tables when the state
/// row is missing (the migration that adds them, whatever its number).
pub(super) fn build_if_absent(conn: &Connection) -> Result<(), StoreError> {
    let present: bool = conn
        .query_row("SELECT count(*) > 0 FROM digest_state", [], |row| {
            row.get(0)
        })
        .map_err(StoreError::sqlite)?;
    if present {
        return Ok(());
    }
    conn.execute_batch("DELETE FROM record_digest; DELETE FROM live_count;")
        .map_err(StoreError::sqlite)?;
    let mut statements = MainScan::prepare(conn, &Part::WHOLE)?;
    let mut scan = MainScan::new(&mut statements)?;
    let mut id_statement = KeyIds::prepare(conn, &Part::WHOLE)?;
    let mut ids = KeyIds::new(&mut id_statement)?;
    let mut insert = conn
        .prepare("INSERT OR REPLACE INTO record_digest(key, digest, live) VALUES (?1, ?2, ?3)")
        .map_err(StoreError::sqlite)?;
    let mut sum = Sum256::default();
    let mut counts = LiveCounts::default();
    while let Some((key, _, digest)) = scan.next(&mut ids)? {
        sum.add(&digest.total);
        counts.move_by(digest.live, 1);
        insert
            .execute(params![key, digest.total.as_slice(), digest.live])
            .map_err(StoreError::sqlite)?;
    }
    write_total(conn, sum)?;
    counts.write(conn)
}
