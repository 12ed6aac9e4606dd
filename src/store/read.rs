//! Queries: records, id tails, listings, counts and the version vector
//! (a record's history and the conflicts are in `audit`).

mod audit;
mod halves;
mod labels;
mod query;

pub use audit::{ConflictEntry, ConflictHead, HistoryEntry};
use halves::Cut;
use query::listing_query;

use super::{Store, StoreError, sql};
use crate::domain::Kind;
use rusqlite::types::ValueRef;
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeMap;

/// A record as currently derived: scalar values and set elements.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub kind: Kind,
    pub id: String,
    pub deleted: bool,
    /// Scalar fields in schema order; `None` when never set.
    pub fields: Vec<(&'static str, Option<String>)>,
    /// Set name (`skills`) → element → value.
    pub sets: BTreeMap<&'static str, BTreeMap<String, String>>,
}

impl Record {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(name, _)| *name == field)
            .and_then(|(_, value)| value.as_deref())
    }

    /// The text that names this record to a person.
    pub fn label(&self) -> &str {
        self.get(self.kind.label_field()).unwrap_or("")
    }

    /// The short id shown in listings: the last 8 characters.
    pub fn short_id(&self) -> &str {
        short_id(&self.id)
    }
}

pub fn short_id(id: &str) -> &str {
    let start = id.len().saturating_sub(8);
    id.get(start..).unwrap_or(id)
}

/// Whether a listing reads the records' set elements too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sets {
    Read,
    /// Scalar fields only (a listing whose columns are all scalars).
    Skip,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VectorEntry {
    pub site: String,
    pub contiguous: u64,
    pub max_seq: u64,
    pub changes: u64,
}

fn value_text(value: ValueRef<'_>) -> Option<String> {
    match value {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(if f.fract() == 0.0 && f.abs() < 1e15 {
            format!("{}", f as i64)
        } else {
            f.to_string()
        }),
        // Checked as UTF-8 first (the common case, and a faster check
        // than the lossy reading's), replaced only where it is not.
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => Some(match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => String::from_utf8_lossy(bytes).into_owned(),
        }),
    }
}

/// A field's value as read by `sql::read_column`: a keyed reference is the
/// id's spelling in `record_key`, given back as the id text.
fn field_text(kind: Kind, name: &str, value: ValueRef<'_>) -> rusqlite::Result<Option<String>> {
    match (sql::keyed(kind, name), value) {
        (true, ValueRef::Null) => Ok(None),
        (true, key) => super::codec::record_text(key).map(Some),
        (false, value) => Ok(value_text(value)),
    }
}

impl Store {
    /// Finds a record by full id or by a unique tail of at least 6 characters.
    pub fn resolve_id(&self, kind: Kind, text: &str) -> Result<String, StoreError> {
        let text = text.trim().to_ascii_lowercase();
        if text.len() < 6 {
            return Err(StoreError::ShortId(text));
        }
        let unknown = || StoreError::UnknownId {
            kind: kind.name(),
            id: text.clone(),
        };
        if !crate::domain::change::has_record_id_bytes(&text) {
            return Err(unknown());
        }
        // A whole id is one look-up in the key; only a tail reads every id
        // (`id = ?1 OR id LIKE ?2` did so for a whole id too: 25–40 ms at
        // 100,000 requests, most of `relais suggest`).
        let exact = format!(
            "SELECT id FROM {} WHERE {}",
            kind.table(),
            super::keys::row_of("?1")
        );
        let mut stmt = self
            .conn
            .prepare_cached(&exact)
            .map_err(StoreError::sqlite)?;
        if let Some(id) = stmt
            .query_row(params![text], |row| row.get::<_, String>(0))
            .optional()
            .map_err(StoreError::sqlite)?
        {
            return Ok(id);
        }
        let sql = format!(
            "SELECT id FROM {} WHERE id = ?1 OR id LIKE ?2 LIMIT 3",
            kind.table()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let ids: Vec<String> = stmt
            .query_map(params![text, format!("%{text}")], |row| row.get(0))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)?;
        if let Some(exact) = ids.iter().find(|id| **id == text) {
            return Ok(exact.clone());
        }
        match ids.len() {
            0 => Err(unknown()),
            1 => Ok(ids[0].clone()),
            count => Err(StoreError::AmbiguousId {
                kind: kind.name(),
                id: text,
                count,
            }),
        }
    }

    /// One record, deleted or not; `None` if no change ever named it.
    pub fn record(&self, kind: Kind, id: &str) -> Result<Option<Record>, StoreError> {
        let table = kind.table();
        let sql = format!(
            "SELECT {} FROM {table} WHERE {}",
            sql::read_columns(kind, table).join(", "),
            super::keys::row_of("?1")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let record = stmt
            .query_row([id], |row| row_to_record(kind, row))
            .optional()
            .map_err(StoreError::sqlite)?;
        let Some(mut record) = record else {
            return Ok(None);
        };
        // Elements are stored under the row's key (its rowid, schema v23).
        let sql = format!(
            "SELECT name, element, value FROM element
             WHERE key = (SELECT rowid FROM {} WHERE {}) ORDER BY name, element",
            kind.table(),
            super::keys::row_of("?1")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let rows = stmt
            .query_map([id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .map_err(StoreError::sqlite)?;
        for row in rows {
            let (prefix, element, value) = row.map_err(StoreError::sqlite)?;
            let set = kind.set_by_prefix(&prefix).map(|set| set.name);
            add_element(&mut record, set, element, value);
        }
        Ok(Some(record))
    }

    /// Every live record of a kind, ordered by its label, with set elements.
    pub fn list(&self, kind: Kind) -> Result<Vec<Record>, StoreError> {
        let mut records = Vec::new();
        self.for_each_record::<StoreError>(kind, Sets::Read, |record| {
            records.push(record);
            Ok(())
        })?;
        Ok(records)
    }

    /// Visits every live record of a kind in the order of `list`, one at a
    /// time (memory flat in the table's size); stops at the visitor's first
    /// error.
    pub fn for_each_record<E: From<StoreError>>(
        &self,
        kind: Kind,
        sets: Sets,
        mut visit: impl FnMut(Record) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_record_named(kind, sets, &[], |record, _| visit(record))
    }

    /// `for_each_record`, with the labels of the records that the scalar
    /// reference fields `named` point to, read by the same query (one
    /// `LEFT JOIN` on the referenced table's primary key per field) rather
    /// than by one query per row. The visitor gets them in the order of
    /// `named`: `Some(label)` as `label_of` reads it, `None` when that record
    /// is unknown or has no text label, or when the field is not a scalar
    /// reference of `kind` (nothing is joined for it). A `named` reference
    /// to a merged record is read as `show` reads it (`follow_merges`): the
    /// record handed over names the end of the chain and the label is that
    /// record's; the fields not in `named` stay as written.
    ///
    /// Both cursors walk the `{table}_by_label` index (schema v11) rather
    /// than sorting the table: the records, and their set elements found
    /// by primary key, side by side.
    pub fn for_each_record_named<E: From<StoreError>>(
        &self,
        kind: Kind,
        sets: Sets,
        named: &[&str],
        visit: impl FnMut(Record, &[Option<String>]) -> Result<(), E>,
    ) -> Result<(), E> {
        let every: Vec<&str> = kind.scalar_fields().map(|field| field.name).collect();
        self.for_each_record_columns(kind, sets, &every, named, visit)
    }

    /// `for_each_record_named`, reading only the scalar fields `shown` (and
    /// the label, by which the listing is ordered): the records handed to
    /// `visit` hold those fields and no other. The text `list` shows a few
    /// columns; read alone, they come from the covering label index
    /// (schema v16) in its order, with no row fetched from the table.
    /// Names that are not scalar fields of `kind` are ignored.
    pub fn for_each_record_columns<E: From<StoreError>>(
        &self,
        kind: Kind,
        sets: Sets,
        shown: &[&str],
        named: &[&str],
        visit: impl FnMut(Record, &[Option<String>]) -> Result<(), E>,
    ) -> Result<(), E> {
        self.walk_listing(kind, sets, shown, named, None, visit)
    }

    /// `for_each_record_columns` over the whole listing, or over the half
    /// of it `cut` names (`halves`).
    fn walk_listing<E: From<StoreError>>(
        &self,
        kind: Kind,
        sets: Sets,
        shown: &[&str],
        named: &[&str],
        cut: Option<&Cut>,
        mut visit: impl FnMut(Record, &[Option<String>]) -> Result<(), E>,
    ) -> Result<(), E> {
        let within = cut.map_or(String::new(), |cut| cut.condition(kind));
        let bound = || rusqlite::params_from_iter(cut.map(|cut| &cut.value));
        let query = listing_query(kind, shown, named, &within);
        let mut stmt = self.conn.prepare(&query.rows).map_err(StoreError::sqlite)?;
        let mut rows = stmt.query(bound()).map_err(StoreError::sqlite)?;
        let read_sets = sets == Sets::Read && kind.set_fields().next().is_some();
        let mut element_stmt = match read_sets {
            true => Some(
                self.conn
                    .prepare(&query.elements)
                    .map_err(StoreError::sqlite)?,
            ),
            false => None,
        };
        let mut elements = match element_stmt.as_mut() {
            Some(stmt) => Some(stmt.query(bound()).map_err(StoreError::sqlite)?),
            None => None,
        };
        let mut pending = None;
        let first_label = query.first_label();
        let mut labels: Vec<Option<String>> = vec![None; named.len()];
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let mut record = row_to_fields(kind, query.scalars.iter().copied(), row)
                .map_err(StoreError::sqlite)?;
            for (slot, joined) in labels.iter_mut().zip(&query.joins.slots) {
                let Some(joined) = joined else {
                    *slot = None;
                    continue;
                };
                // Read as `label_of` reads it: a label that is not text
                // names nothing. The slot's buffer is reused.
                let label = match row.get_ref(first_label + joined.label) {
                    Ok(ValueRef::Text(bytes)) => std::str::from_utf8(bytes).ok(),
                    _ => None,
                };
                *slot = label.map(|label| {
                    let mut kept = slot.take().unwrap_or_default();
                    kept.clear();
                    kept.push_str(label);
                    kept
                });
                let merged = match joined.merged {
                    Some(offset) => row
                        .get::<_, bool>(first_label + offset)
                        .map_err(StoreError::sqlite)?,
                    None => false,
                };
                if merged {
                    *slot = self.follow_reference(&mut record, joined.field, joined.target)?;
                }
            }
            if let Some(elements) = elements.as_mut() {
                let key = row.get(query.key_at).map_err(StoreError::sqlite)?;
                take_elements(elements, &mut pending, key, &mut record)?;
            }
            visit(record, &labels)?;
        }
        Ok(())
    }

    /// Live records per kind.
    pub fn counts(&self) -> Result<Vec<(Kind, u64)>, StoreError> {
        Kind::ALL
            .into_iter()
            .map(|kind| {
                let sql = format!(
                    "SELECT count(*) FROM {} WHERE deleted IS NOT 1",
                    kind.table()
                );
                let count: i64 = self
                    .conn
                    .query_row(&sql, [], |row| row.get(0))
                    .map_err(StoreError::sqlite)?;
                Ok((kind, count as u64))
            })
            .collect()
    }

    /// Number of changes in the log.
    pub fn change_count(&self) -> Result<u64, StoreError> {
        let count: Option<i64> = self
            .conn
            .query_row("SELECT sum(changes) FROM vector", [], |row| row.get(0))
            .map_err(StoreError::sqlite)?;
        Ok(count.unwrap_or(0) as u64)
    }

    /// The version vector: per origin site, the highest seq held without gaps.
    pub fn vector(&self) -> Result<Vec<VectorEntry>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT site, contiguous, max_seq, changes FROM vector ORDER BY site")
            .map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| {
            Ok(VectorEntry {
                site: row.get(0)?,
                contiguous: row.get::<_, i64>(1)? as u64,
                max_seq: row.get::<_, i64>(2)? as u64,
                changes: row.get::<_, i64>(3)? as u64,
            })
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }
}

/// A record from a row of `id, deleted` then the scalar fields `scalars`,
/// in that order; the fields not read are left out of the record.
fn row_to_fields(
    kind: Kind,
    scalars: impl Iterator<Item = &'static str>,
    row: &rusqlite::Row<'_>,
) -> rusqlite::Result<Record> {
    let id: String = row.get(0)?;
    let deleted = value_text(row.get_ref(1)?).as_deref() == Some("1");
    let fields = scalars
        .enumerate()
        .map(|(index, name)| Ok((name, field_text(kind, name, row.get_ref(index + 2)?)?)))
        .collect::<rusqlite::Result<_>>()?;
    Ok(Record {
        kind,
        id,
        deleted,
        fields,
        sets: BTreeMap::new(),
    })
}

/// A row of every column of `kind`'s table (`sql::read_columns`).
pub(super) fn row_to_record(kind: Kind, row: &rusqlite::Row<'_>) -> rusqlite::Result<Record> {
    row_to_fields(kind, kind.scalar_fields().map(|field| field.name), row)
}

/// One set element of the listing's element cursor: its record's key, the
/// name of its set (`None`: a prefix the kind does not have), the element
/// and its value.
type ElementRow = (i64, Option<&'static str>, String, String);

/// Adds to `record` (whose key is `key`) its elements from the element
/// cursor, which walks the same order: stops at the first element of a
/// later record and keeps it for that one.
fn take_elements(
    rows: &mut rusqlite::Rows<'_>,
    pending: &mut Option<ElementRow>,
    key: i64,
    record: &mut Record,
) -> Result<(), StoreError> {
    loop {
        if pending.is_none() {
            let Some(row) = rows.next().map_err(StoreError::sqlite)? else {
                return Ok(());
            };
            *pending = Some(element_row(record.kind, row).map_err(StoreError::sqlite)?);
        }
        match pending.take() {
            Some((of, set, element, value)) if of == key => {
                add_element(record, set, element, value);
            }
            next => {
                *pending = next;
                return Ok(());
            }
        }
    }
}

fn element_row(kind: Kind, row: &rusqlite::Row<'_>) -> rusqlite::Result<ElementRow> {
    let prefix = row.get_ref(1)?.as_str().map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(err))
    })?;
    let set = kind.set_by_prefix(prefix).map(|set| set.name);
    Ok((row.get(0)?, set, row.get(2)?, row.get(3)?))
}

/// Adds an element to its set (`None`: a prefix the kind does not have,
/// left out).
fn add_element(record: &mut Record, set: Option<&'static str>, element: String, value: String) {
    if let Some(set) = set {
        record.sets.entry(set).or_default().insert(element, value);
    }
}
