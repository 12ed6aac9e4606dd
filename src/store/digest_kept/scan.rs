//! The streaming scans of the kept digests, in record key order over one
//! part of the keys: every record's digest from the tables (`MainScan`: one
//! cursor per kind table by rowid, one over the elements and one over the
//! conflicts, merged by key) and the kept digests themselves (`KeptScan`).
//! Every cursor but the conflicts' reads its table in stored order; the
//! conflicts are kept by id and sorted by key (few rows). Read by `check`
//! and by the migration that builds the kept digests.

use crate::domain::Kind;
use crate::store::StoreError;
use crate::store::check_parts::Part;
use crate::store::codec;
use crate::store::digest::{RecordDigest, RecordHasher, Sum256, hashed_reads};
use crate::store::key_order::{Cursor, KeyIds, by_key};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row, Statement};

/// A kind table's rows of one part in key order, the key first.
fn scan_sql(kind: Kind, part: &Part) -> String {
    format!(
        "SELECT rowid, {} FROM main.{table} WHERE {} ORDER BY rowid",
        hashed_reads(kind, kind.table()),
        part.keys("rowid"),
        table = kind.table(),
    )
}

/// The elements of one part, in key order then as hashed.
fn element_scan(part: &Part) -> String {
    format!(
        "SELECT key, name, element, value FROM main.element WHERE {}
         ORDER BY key, name, element",
        part.keys("key")
    )
}

/// The conflicts of one part by their record's key (a conflict whose
/// record has no key is `keys::mismatches`' to report).
fn conflict_scan(part: &Part) -> String {
    format!(
        "SELECT k.key, c.field, c.kind, c.reason FROM main.conflict c
         JOIN main.record_key k ON k.id = {}
         WHERE {} ORDER BY k.key, c.field",
        codec::record_key_sql("c.record"),
        part.keys("k.key")
    )
}

/// Every record's digest from the tables, in key order: a merge of one
/// cursor per kind table, the elements and the conflicts. Memory: one row
/// per cursor.
pub(in crate::store) struct MainScan<'s> {
    kinds: Vec<Cursor<'s>>,
    elements: Cursor<'s>,
    conflicts: Cursor<'s>,
}

/// The statements a `MainScan` reads through (they must outlive it).
pub(in crate::store) struct MainStatements<'c> {
    kinds: Vec<Statement<'c>>,
    elements: Statement<'c>,
    conflicts: Statement<'c>,
}

impl<'s> MainScan<'s> {
    /// The statements of one part of the record keys.
    pub fn prepare<'c>(
        conn: &'c Connection,
        part: &Part,
    ) -> Result<MainStatements<'c>, StoreError> {
        Ok(MainStatements {
            kinds: Kind::ALL
                .iter()
                .map(|kind| conn.prepare(&scan_sql(*kind, part)))
                .collect::<Result<_, _>>()
                .map_err(StoreError::sqlite)?,
            elements: conn
                .prepare(&element_scan(part))
                .map_err(StoreError::sqlite)?,
            conflicts: conn
                .prepare(&conflict_scan(part))
                .map_err(StoreError::sqlite)?,
        })
    }

    pub fn new(statements: &'s mut MainStatements<'_>) -> Result<Self, StoreError> {
        Ok(MainScan {
            kinds: statements
                .kinds
                .iter_mut()
                .map(Cursor::new)
                .collect::<Result<_, _>>()?,
            elements: Cursor::new(&mut statements.elements)?,
            conflicts: Cursor::new(&mut statements.conflicts)?,
        })
    }

    /// The next key the tables hold something under.
    pub fn key(&self) -> Option<i64> {
        self.kinds
            .iter()
            .chain([&self.elements, &self.conflicts])
            .filter_map(Cursor::key)
            .min()
    }

    /// The digest of what the tables hold under `key`, for the record
    /// `record` (`None`: nothing; keys are asked in increasing order).
    pub fn take(&mut self, key: i64, record: &str) -> Result<Option<RecordDigest>, StoreError> {
        let mut hasher = RecordHasher::new();
        for (kind, cursor) in Kind::ALL.into_iter().zip(self.kinds.iter_mut()) {
            let mut hash_row = |row: &Row<'_>| {
                let columns = row.as_ref().column_count();
                let values = (1..columns)
                    .map(|index| row.get_ref(index))
                    .collect::<Result<Vec<ValueRef<'_>>, _>>()?;
                hasher.row(kind, &values);
                Ok(())
            };
            while cursor.take(key, &mut hash_row)?.is_some() {}
        }
        let parts: [(&mut Cursor<'s>, PartHash); 2] = [
            (&mut self.elements, RecordHasher::element),
            (&mut self.conflicts, RecordHasher::conflict),
        ];
        for (cursor, hash) in parts {
            let mut hash_row =
                |row: &Row<'_>| three(row).map(|[a, b, c]| hash(&mut hasher, a, b, c));
            while cursor.take(key, &mut hash_row)?.is_some() {}
        }
        Ok(hasher.finish(record))
    }

    /// The next record with something in the tables, its key, id and
    /// digest (the id as `ids` gives it, or `unkeyed` names the key).
    pub fn next(
        &mut self,
        ids: &mut KeyIds<'_>,
    ) -> Result<Option<(i64, String, RecordDigest)>, StoreError> {
        while let Some(key) = self.key() {
            let record = ids.id_of(key)?.unwrap_or_else(|| unkeyed(key));
            if let Some(digest) = self.take(key, &record)? {
                return Ok(Some((key, record, digest)));
            }
        }
        Ok(None)
    }
}

/// How an element or a conflict (three columns) enters a record's digest.
type PartHash = for<'v> fn(&mut RecordHasher, ValueRef<'v>, ValueRef<'v>, ValueRef<'v>);

/// Columns 1 to 3 of a row (after its key).
fn three<'r>(row: &'r Row<'_>) -> rusqlite::Result<[ValueRef<'r>; 3]> {
    Ok([row.get_ref(1)?, row.get_ref(2)?, row.get_ref(3)?])
}

/// How a key that no id has is named in `check`'s findings.
pub(in crate::store) fn unkeyed(key: i64) -> String {
    format!("#{key}")
}

/// The kept record digests in key order.
pub(in crate::store) struct KeptScan<'s> {
    digests: Cursor<'s>,
}

impl<'s> KeptScan<'s> {
    pub fn prepare<'c>(conn: &'c Connection, part: &Part) -> Result<Statement<'c>, StoreError> {
        by_key(conn, "record_digest", "digest", part)
    }

    pub fn new(statement: &'s mut Statement<'_>) -> Result<Self, StoreError> {
        Ok(KeptScan {
            digests: Cursor::new(statement)?,
        })
    }

    pub fn key(&self) -> Option<i64> {
        self.digests.key()
    }

    /// The digest kept under `key`, if any.
    pub fn take(&mut self, key: i64) -> Result<Option<[u8; 32]>, StoreError> {
        self.digests.take(key, |row| {
            Ok(match row.get_ref(1)? {
                ValueRef::Blob(bytes) if bytes.len() == 32 => Sum256::from_blob(bytes).0,
                // A damaged digest never equals a real one.
                _ => [0xffu8; 32],
            })
        })
    }
}
