//! The state digest and the consistency check.
//!
//! The digest is SHA-256 over the canonical replicated state: every kind
//! table, every set element and every conflict, in key order. It never covers
//! local identity or the version vector, so two replicas holding the same
//! changes have the same digest whatever order they received them in.
//!
//! `check` re-derives the whole state from the log into a scratch schema with
//! the same materialiser and compares digests table by table.

use super::materialise::{Materialiser, Values, load_record_versions, owner_kind};
use super::sql::{self, Target};
use super::{Store, StoreError};
use crate::domain::Kind;
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

/// What `check` found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// `ok` or SQLite's integrity-check messages.
    pub integrity: Vec<String>,
    /// Tables whose derived content differs from a re-derivation.
    pub mismatched_tables: Vec<String>,
    pub changes_checked: u64,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.integrity == ["ok"] && self.mismatched_tables.is_empty()
    }
}

fn hash_value(hasher: &mut Sha256, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => hasher.update([0u8]),
        ValueRef::Integer(i) => {
            hasher.update([1u8]);
            hasher.update(i.to_le_bytes());
        }
        ValueRef::Real(f) => {
            hasher.update([2u8]);
            hasher.update(f.to_bits().to_le_bytes());
        }
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            hasher.update([3u8]);
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
    }
}

/// The tables of replicated state, with the columns and order they are hashed in.
fn digest_queries(schema: &str) -> Vec<(String, String)> {
    let mut queries: Vec<(String, String)> = Kind::ALL
        .into_iter()
        .map(|kind| {
            let columns = sql::columns(kind).join(", ");
            (
                kind.table().to_string(),
                format!(
                    "SELECT {columns} FROM {schema}.{} ORDER BY id",
                    kind.table()
                ),
            )
        })
        .collect();
    queries.push((
        "element".into(),
        format!("SELECT record, name, element, value FROM {schema}.element ORDER BY record, name, element"),
    ));
    queries.push((
        "conflict".into(),
        format!("SELECT record, field, kind, reason FROM {schema}.conflict ORDER BY record, field"),
    ));
    queries
}

fn table_digest(conn: &Connection, sql: &str) -> Result<[u8; 32], StoreError> {
    let mut stmt = conn.prepare(sql).map_err(StoreError::sqlite)?;
    let columns = stmt.column_count();
    let mut rows = stmt.query([]).map_err(StoreError::sqlite)?;
    let mut hasher = Sha256::new();
    while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
        hasher.update(b"(");
        for index in 0..columns {
            hash_value(&mut hasher, row.get_ref(index).map_err(StoreError::sqlite)?);
        }
    }
    Ok(hasher.finalize().into())
}

fn state_digests(conn: &Connection, schema: &str) -> Result<Vec<(String, [u8; 32])>, StoreError> {
    digest_queries(schema)
        .into_iter()
        .map(|(table, sql)| Ok((table, table_digest(conn, &sql)?)))
        .collect()
}

fn combine(digests: &[(String, [u8; 32])]) -> String {
    let mut hasher = Sha256::new();
    for (table, digest) in digests {
        hasher.update(table.as_bytes());
        hasher.update(digest);
    }
    hex(&hasher.finalize())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

impl Store {
    /// SHA-256 over the canonical replicated state, as 64 hex digits.
    pub fn digest(&self) -> Result<String, StoreError> {
        Ok(combine(&state_digests(&self.conn, "main")?))
    }

    /// SQLite's integrity check plus a full re-derivation from the log.
    pub fn check(&mut self) -> Result<CheckReport, StoreError> {
        let mut report = CheckReport::default();
        {
            let mut stmt = self
                .conn
                .prepare("PRAGMA integrity_check")
                .map_err(StoreError::sqlite)?;
            report.integrity = stmt
                .query_map([], |row| row.get(0))
                .map_err(StoreError::sqlite)?
                .collect::<Result<_, _>>()
                .map_err(StoreError::sqlite)?;
        }
        self.conn
            .execute_batch("ATTACH DATABASE ':memory:' AS rederive")
            .map_err(StoreError::sqlite)?;
        let result = self.rederive_and_compare(&mut report);
        let detach = self
            .conn
            .execute_batch("DETACH DATABASE rederive")
            .map_err(StoreError::sqlite);
        result?;
        detach?;
        Ok(report)
    }

    fn rederive_and_compare(&mut self, report: &mut CheckReport) -> Result<(), StoreError> {
        // The scratch schema gets the same tables as main (minus indexes).
        let ddl: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE TABLE %'",
                )
                .map_err(StoreError::sqlite)?;
            stmt.query_map([], |row| row.get::<_, String>(0))
                .map_err(StoreError::sqlite)?
                .collect::<Result<_, _>>()
                .map_err(StoreError::sqlite)?
        };
        for statement in ddl {
            let scratch = statement.replacen("CREATE TABLE ", "CREATE TABLE rederive.", 1);
            self.conn
                .execute_batch(&scratch)
                .map_err(StoreError::sqlite)?;
        }
        let conn = &self.conn;
        let mut materialiser = Materialiser::new(Target::Rederive);
        let purged = super::purge::purged_records(conn)?;
        // One kind per record id, as imports derive it (`owner_kind`).
        let mut stmt = conn
            .prepare("SELECT DISTINCT record FROM changes ORDER BY record")
            .map_err(StoreError::sqlite)?;
        let mut rows = stmt.query([]).map_err(StoreError::sqlite)?;
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let record = row
                .get_ref(0)
                .and_then(super::codec::record_text)
                .map_err(StoreError::sqlite)?;
            if purged.contains(&record) {
                super::purge::materialise_purged(
                    conn,
                    &mut materialiser,
                    Target::Rederive,
                    &record,
                )?;
                continue;
            }
            let Some((kind, _)) = owner_kind(conn, &record)? else {
                report
                    .mismatched_tables
                    .push(format!("changes (unknown kind for {record})"));
                continue;
            };
            for (field, versions) in load_record_versions(conn, kind, &record, Values::Compact)? {
                materialiser.refresh_field(conn, kind, &record, &field, &versions)?;
            }
            materialiser.refresh_deletion(conn, kind, &record)?;
        }
        let logged: i64 = conn
            .query_row("SELECT count(*) FROM changes", [], |row| row.get(0))
            .map_err(StoreError::sqlite)?;
        report.changes_checked = u64::try_from(logged).unwrap_or(0);
        // An erased record keeps no value anywhere in the log.
        if self.unerased_changes()? > 0 {
            report
                .mismatched_tables
                .push("changes (values of a purged record)".into());
        }
        let main = state_digests(conn, "main")?;
        let derived = state_digests(conn, "rederive")?;
        for ((table, ours), (_, theirs)) in main.iter().zip(derived.iter()) {
            if ours != theirs {
                report.mismatched_tables.push(table.clone());
            }
        }
        Ok(())
    }
}
