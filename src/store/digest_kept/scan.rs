//! The streaming scans of the kept digests: every record's digest from the
//! tables (`MainScan`: one cursor per kind table, per kind's elements, and
//! the conflicts, merged in record order) and the kept digests themselves
//! (`KeptScan`), each over one part of the record keys. Read by `check` and
//! by the migration that builds the kept digests.

use crate::domain::Kind;
use crate::store::StoreError;
use crate::store::check_parts::Part;
use crate::store::digest::{RecordDigest, RecordHasher, Sum256, hashed_columns};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, Rows, Statement};

/// A kind table's rows of one part of the keys in id order, the id first.
fn scan_sql(kind: Kind, part: &Part) -> String {
    format!(
        "SELECT id, {} FROM main.{} WHERE {} ORDER BY id",
        hashed_columns(kind).join(", "),
        kind.table(),
        part.text_keys("id")
    )
}

/// The elements of one kind's records in one part, in id order: elements
/// are stored under keys, so the id order comes from the kind table's id
/// index (a record with rows in two kinds is met by both scans).
fn element_scan(kind: Kind, part: &Part) -> String {
    format!(
        "SELECT t.id, e.name, e.element, e.value FROM main.{} t
         CROSS JOIN main.element e ON e.key = t.rowid WHERE {}
         ORDER BY t.id, e.name, e.element",
        kind.table(),
        part.text_keys("t.id")
    )
}

fn conflict_scan(part: &Part) -> String {
    format!(
        "SELECT record, field, kind, reason FROM main.conflict WHERE {} ORDER BY record, field",
        part.text_keys("record")
    )
}

/// A table read in record order, one row ahead.
struct Cursor<'s> {
    rows: Rows<'s>,
    /// The record of the row ahead, and its other columns.
    ahead: Option<(String, Vec<Value>)>,
}

/// A record id as text (a tampered non-text id still gets a key).
fn key_of(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Null => String::new(),
    }
}

impl<'s> Cursor<'s> {
    fn new(stmt: &'s mut Statement<'_>) -> Result<Self, StoreError> {
        let mut cursor = Cursor {
            rows: stmt.query([]).map_err(StoreError::sqlite)?,
            ahead: None,
        };
        cursor.advance()?;
        Ok(cursor)
    }

    fn advance(&mut self) -> Result<(), StoreError> {
        self.ahead = match self.rows.next().map_err(StoreError::sqlite)? {
            Some(row) => {
                let columns = row.as_ref().column_count();
                let key = key_of(row.get_ref(0).map_err(StoreError::sqlite)?);
                let values = (1..columns)
                    .map(|index| row.get::<_, Value>(index))
                    .collect::<Result<_, _>>()
                    .map_err(StoreError::sqlite)?;
                Some((key, values))
            }
            None => None,
        };
        Ok(())
    }

    /// The row ahead's values if it belongs to `record` (then moves on).
    fn take(&mut self, record: &str) -> Result<Option<Vec<Value>>, StoreError> {
        match self.ahead.take() {
            Some((key, values)) if key == record => {
                self.advance()?;
                Ok(Some(values))
            }
            other => {
                self.ahead = other;
                Ok(None)
            }
        }
    }
}

/// Every record's digest from the tables, in record order: a merge of one
/// cursor per kind table, the elements and the conflicts. Memory: one row
/// per cursor.
pub(in crate::store) struct MainScan<'s> {
    kinds: Vec<Cursor<'s>>,
    /// One per kind, as `kinds`.
    elements: Vec<Cursor<'s>>,
    conflicts: Cursor<'s>,
}

/// The statements a `MainScan` reads through (they must outlive it).
pub(in crate::store) struct MainStatements<'c> {
    kinds: Vec<Statement<'c>>,
    elements: Vec<Statement<'c>>,
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
            elements: Kind::ALL
                .iter()
                .map(|kind| conn.prepare(&element_scan(*kind, part)))
                .collect::<Result<_, _>>()
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
            elements: statements
                .elements
                .iter_mut()
                .map(Cursor::new)
                .collect::<Result<_, _>>()?,
            conflicts: Cursor::new(&mut statements.conflicts)?,
        })
    }

    /// The next record with derived state and its digest.
    pub fn next(&mut self) -> Result<Option<(String, RecordDigest)>, StoreError> {
        let record = self
            .kinds
            .iter()
            .chain(&self.elements)
            .chain([&self.conflicts])
            .filter_map(|cursor| cursor.ahead.as_ref().map(|(key, _)| key))
            .min()
            .cloned();
        let Some(record) = record else {
            return Ok(None);
        };
        let mut hasher = RecordHasher::new();
        for (kind, cursor) in Kind::ALL.into_iter().zip(self.kinds.iter_mut()) {
            while let Some(values) = cursor.take(&record)? {
                let values: Vec<ValueRef<'_>> = values.iter().map(ValueRef::from).collect();
                hasher.row(kind, &values);
            }
        }
        // The first kind's scan that meets the record hashes its elements;
        // another kind's scan meets the same ones again and passes them.
        let mut hashed = false;
        for cursor in &mut self.elements {
            let mut met = false;
            while let Some(values) = cursor.take(&record)? {
                met = true;
                if !hashed {
                    let get =
                        |index: usize| values.get(index).map_or(ValueRef::Null, ValueRef::from);
                    hasher.element(get(0), get(1), get(2));
                }
            }
            hashed |= met;
        }
        while let Some(values) = self.conflicts.take(&record)? {
            let get = |index: usize| values.get(index).map_or(ValueRef::Null, ValueRef::from);
            hasher.conflict(get(0), get(1), get(2));
        }
        // A record key always comes from a row, so the hasher saw something.
        Ok(hasher.finish(&record).map(|digest| (record, digest)))
    }
}

/// The kept record digests in record order: one scan per kind table, each
/// in id order through its id index (digests are stored under keys); a
/// record with rows in two kinds is met by both, and given once.
pub(in crate::store) struct KeptScan<'s> {
    kinds: Vec<Cursor<'s>>,
}

impl<'s> KeptScan<'s> {
    pub fn prepare<'c>(
        conn: &'c Connection,
        part: &Part,
    ) -> Result<Vec<Statement<'c>>, StoreError> {
        Kind::ALL
            .iter()
            .map(|kind| {
                conn.prepare(&format!(
                    "SELECT t.id, d.digest FROM main.{} t
                     CROSS JOIN main.record_digest d ON d.key = t.rowid
                     WHERE {} ORDER BY t.id",
                    kind.table(),
                    part.text_keys("t.id")
                ))
            })
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }

    pub fn new(statements: &'s mut [Statement<'_>]) -> Result<Self, StoreError> {
        Ok(KeptScan {
            kinds: statements
                .iter_mut()
                .map(Cursor::new)
                .collect::<Result<_, _>>()?,
        })
    }

    pub fn next(&mut self) -> Result<Option<(String, [u8; 32])>, StoreError> {
        let record = self
            .kinds
            .iter()
            .filter_map(|cursor| cursor.ahead.as_ref().map(|(key, _)| key))
            .min()
            .cloned();
        let Some(record) = record else {
            return Ok(None);
        };
        let mut digest = None;
        for cursor in &mut self.kinds {
            while let Some(values) = cursor.take(&record)? {
                digest.get_or_insert(match values.first() {
                    Some(Value::Blob(bytes)) if bytes.len() == 32 => Sum256::from_blob(bytes).0,
                    // A damaged digest never equals a real one.
                    _ => [0xffu8; 32],
                });
            }
        }
        Ok(digest.map(|digest| (record, digest)))
    }
}
