//! `check`'s re-derivation: the log streamed in record order (one pass over
//! the `(record, field)` index), each record derived in memory by the merge
//! rule exactly as the materialiser derives it (same heads, same winner, same
//! conflicts, same deletion rule) and hashed like the tables are. Only the
//! record's row may go through SQLite, into a temporary table with the kind
//! table's column affinities (`INSERT … RETURNING`), so that its values are
//! hashed as SQLite stores them; it does only when Rust cannot tell for
//! certain what SQLite stores (`affinity`: a text in a text column, a plain
//! integer in a numeric one and the like need no round trip). Memory: one
//! record's changes, or, past `RECORD_BUDGET`, the materialiser's own bounded
//! reading of that record.

use super::StoreError;
use super::affinity::Affinity;
use super::check_parts::Part;
use super::codec;
use super::derive::{LogRow, Owner, field_heads};
use super::digest::{RecordDigest, RecordHasher, hashed_columns, hashed_reads};
use super::heads::{Values, load_record_versions};
use super::key_order::NOT_A_KEY;
use crate::domain::merge::{self, Version, edit_concurrent_with_deletion};
use crate::domain::purge::purgeable;
use crate::domain::schema::{self, FieldRef};
use crate::domain::{ChangeId, DELETED_FIELD, Kind, Stamp};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, Rows, Statement};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

/// The log of one part in key order, one pass over its `(record, field)`
/// index: the log names each record by its key since v25. (A layout of the
/// log changes only this query and `log_row`.)
fn log_scan(part: &Part) -> String {
    format!(
        "SELECT c.record, c.kind, c.field, c.site, c.seq, c.stamp, c.parents, c.value, c.purged
         FROM main.changes c INDEXED BY changes_by_field
         WHERE {} ORDER BY c.record, c.field",
        part.keys("c.record")
    )
}
/// Bytes of one record's changes held before falling back to the
/// materialiser's bounded reading of that record.
const RECORD_BUDGET: usize = 32 << 20;
/// Records between two emptyings of the scratch tables.
const SCRATCH_ROWS: u64 = 1024;

/// The log's dictionaries, read once: each change names its site, kind and
/// field by code, looked up here rather than joined row by row.
struct Dictionaries {
    sites: ByCode<String>,
    names: ByCode<Rc<str>>,
}

impl Dictionaries {
    fn read(conn: &Connection) -> Result<Dictionaries, StoreError> {
        let pairs = |sql: &str| -> Result<Vec<(i64, String)>, StoreError> {
            let mut stmt = conn.prepare(sql).map_err(StoreError::sqlite)?;
            let rows = stmt
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
                .map_err(StoreError::sqlite)?;
            rows.collect::<Result<_, _>>().map_err(StoreError::sqlite)
        };
        Ok(Dictionaries {
            sites: ByCode::new(pairs("SELECT code, id FROM log_site")?),
            names: ByCode::new(
                pairs("SELECT code, name FROM log_name")?
                    .into_iter()
                    .map(|(code, name)| (code, Rc::from(name))),
            ),
        })
    }

    fn site(&self, code: i64) -> rusqlite::Result<String> {
        self.sites
            .get(code)
            .cloned()
            .ok_or_else(|| codec::unknown_code("site"))
    }

    fn name(&self, code: i64) -> rusqlite::Result<Rc<str>> {
        self.names
            .get(code)
            .cloned()
            .ok_or_else(|| codec::unknown_code("name"))
    }
}

/// Codes below this are looked up by index.
const DENSE_CODES: usize = 1 << 16;

/// Values by dictionary code. Codes count up from 1, so a vector indexed
/// by code serves them with no hashing per change; a code beyond
/// `DENSE_CODES` (only a damaged file has one) is kept in a map.
struct ByCode<T> {
    dense: Vec<Option<T>>,
    sparse: HashMap<i64, T>,
}

impl<T> ByCode<T> {
    fn new(pairs: impl IntoIterator<Item = (i64, T)>) -> Self {
        let mut by_code = ByCode {
            dense: Vec::new(),
            sparse: HashMap::new(),
        };
        for (code, value) in pairs {
            match usize::try_from(code) {
                Ok(index) if index < DENSE_CODES => {
                    if by_code.dense.len() <= index {
                        by_code.dense.resize_with(index + 1, || None);
                    }
                    by_code.dense[index] = Some(value);
                }
                _ => {
                    by_code.sparse.insert(code, value);
                }
            }
        }
        by_code
    }

    fn get(&self, code: i64) -> Option<&T> {
        match usize::try_from(code) {
            Ok(index) if index < DENSE_CODES => self.dense.get(index)?.as_ref(),
            _ => self.sparse.get(&code),
        }
    }
}

/// One row of the log query, its codes looked up, and its record's key.
fn log_row(words: &Dictionaries, row: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, LogRow)> {
    let seq: i64 = row.get(4)?;
    let stamp: i64 = row.get(5)?;
    let parents = row.get_ref(6)?;
    let parents_text = match parents {
        ValueRef::Text(text) => Some(String::from_utf8_lossy(text).into_owned()),
        _ => None,
    };
    let parents = match &parents_text {
        // As the materialiser reads text parents: what does not parse is no parent.
        Some(text) => text
            .split_whitespace()
            .filter_map(ChangeId::parse)
            .collect(),
        None => codec::parent_ids_by(parents, |code| words.site(code))?,
    };
    let key = match row.get_ref(0)? {
        ValueRef::Integer(key) => key,
        _ => NOT_A_KEY,
    };
    let row = LogRow {
        kind: words.name(row.get(1)?)?,
        field: words.name(row.get(2)?)?,
        id: ChangeId::new(words.site(row.get(3)?)?, u64::try_from(seq).unwrap_or(0)),
        stamp: Stamp(u64::try_from(stamp).unwrap_or(0)),
        parents,
        parents_text,
        value: row.get(7)?,
        purged: row.get(8)?,
    };
    Ok((key, row))
}

/// The temporary tables the scan writes a derived row to, to read it back
/// as SQLite stores it; kept for the connection's life. Made outside a
/// transaction that will be rolled back: rolling back a schema change makes
/// SQLite read the whole schema again at the next statement.
pub(super) fn make_scratch_tables(conn: &Connection) -> Result<(), StoreError> {
    for kind in Kind::ALL {
        let sql = format!(
            "CREATE TEMP TABLE IF NOT EXISTS check_{table} AS SELECT {columns} FROM main.{table} WHERE 0",
            table = kind.table(),
            // A keyed reference is read as an expression: its scratch
            // column has no affinity and keeps the log's text as is.
            columns = hashed_reads(kind, kind.table())
        );
        conn.execute_batch(&sql).map_err(StoreError::sqlite)?;
    }
    Ok(())
}

/// Every record of the log with the digest of its re-derived state.
pub(super) struct LogScan<'c, 's> {
    conn: &'c Connection,
    words: Dictionaries,
    rows: Rows<'s>,
    /// The next row and its record's key.
    ahead: Option<(i64, LogRow)>,
    purged: HashSet<String>,
    /// Per kind, the affinities of its scratch table's columns, in the
    /// order of `hashed_columns`.
    affinities: HashMap<Kind, Vec<Affinity>>,
    problems: Vec<String>,
    read: u64,
    records: u64,
}

impl<'c, 's> LogScan<'c, 's> {
    /// The scan's statement; also makes the scratch tables if the caller
    /// has not (`make_scratch_tables`).
    pub fn prepare<'db>(conn: &'db Connection, part: &Part) -> Result<Statement<'db>, StoreError> {
        make_scratch_tables(conn)?;
        conn.prepare(&log_scan(part)).map_err(StoreError::sqlite)
    }

    pub fn new(conn: &'c Connection, statement: &'s mut Statement<'_>) -> Result<Self, StoreError> {
        let mut scan = LogScan {
            conn,
            words: Dictionaries::read(conn)?,
            rows: statement.query([]).map_err(StoreError::sqlite)?,
            ahead: None,
            purged: super::purge::purged_records(conn)?,
            affinities: scratch_affinities(conn)?,
            problems: Vec::new(),
            read: 0,
            records: 0,
        };
        scan.advance()?;
        Ok(scan)
    }

    fn advance(&mut self) -> Result<(), StoreError> {
        self.ahead = match self.rows.next().map_err(StoreError::sqlite)? {
            Some(row) => {
                self.read += 1;
                Some(log_row(&self.words, row).map_err(StoreError::sqlite)?)
            }
            None => None,
        };
        Ok(())
    }

    /// The key of the next record of the log.
    pub fn key(&self) -> Option<i64> {
        self.ahead.as_ref().map(|(key, _)| *key)
    }

    /// Changes read so far.
    pub fn changes_read(&self) -> u64 {
        self.read
    }

    /// What the log itself got wrong (records of no known kind).
    pub fn problems(&mut self) -> Vec<String> {
        std::mem::take(&mut self.problems)
    }

    /// The digest of the state the log derives for the record under `key`
    /// named `record`: `None` when the log holds nothing under `key`,
    /// `Some(None)` when it derives to nothing. Keys are asked in order.
    pub fn take(
        &mut self,
        key: i64,
        record: &str,
    ) -> Result<Option<Option<RecordDigest>>, StoreError> {
        if self.key() != Some(key) {
            return Ok(None);
        }
        let mut owner = Owner::default();
        let mut held = 0usize;
        let mut spilled = false;
        let mut rows = Vec::new();
        while let Some((_, row)) = self.ahead.take_if(|(ahead, _)| *ahead == key) {
            self.advance()?;
            owner.see(&row);
            if spilled {
                continue;
            }
            held = held.saturating_add(row.size());
            if held > RECORD_BUDGET {
                spilled = true;
                rows = Vec::new();
            } else {
                rows.push(row);
            }
        }
        self.records += 1;
        if self.records.is_multiple_of(SCRATCH_ROWS) {
            self.empty_scratch()?;
        }
        self.derive(record, &owner, rows, spilled).map(Some)
    }

    fn derive(
        &mut self,
        record: &str,
        owner: &Owner,
        rows: Vec<LogRow>,
        spilled: bool,
    ) -> Result<Option<RecordDigest>, StoreError> {
        let kind = owner.kind();
        if self.purged.contains(record) {
            return match kind {
                Some(kind) => self.purged_digest(kind, record),
                None => Ok(None),
            };
        }
        let Some(kind) = kind else {
            self.problems
                .push(format!("changes (unknown kind for {record})"));
            return Ok(None);
        };
        let fields = if spilled {
            load_record_versions(self.conn, kind, record, Values::Compact)?
        } else {
            field_heads(kind, rows)?
        };
        self.state_digest(kind, record, &fields)
    }

    /// A purged record: a bare row (id, and `purged` = 1 where the kind has it).
    fn purged_digest(&self, kind: Kind, record: &str) -> Result<Option<RecordDigest>, StoreError> {
        let mut columns: HashMap<&str, Option<&str>> = HashMap::new();
        if purgeable(kind) {
            columns.insert("purged", Some("1"));
        }
        let mut hasher = RecordHasher::new();
        self.hash_row(&mut hasher, kind, record, &columns)?;
        Ok(hasher.finish(record))
    }

    /// The state the materialiser writes for these heads, hashed.
    fn state_digest(
        &self,
        kind: Kind,
        record: &str,
        fields: &BTreeMap<String, Vec<Version>>,
    ) -> Result<Option<RecordDigest>, StoreError> {
        let mut columns: HashMap<&str, Option<&str>> = HashMap::new();
        let mut elements: BTreeMap<(&str, &str), &str> = BTreeMap::new();
        let mut conflicts: BTreeMap<&str, &str> = BTreeMap::new();
        for (field, versions) in fields {
            let merged = merge::merge(versions);
            let value = merged.winning_value(versions);
            match schema::resolve_field(kind, field) {
                Some(FieldRef::Deleted) => {
                    columns.insert(
                        DELETED_FIELD,
                        Some(if value == Some("1") { "1" } else { "0" }),
                    );
                }
                Some(FieldRef::Scalar(def)) => {
                    columns.insert(def.name, value);
                }
                Some(FieldRef::Element { set, element }) => {
                    let prefix = set.set.map(|s| s.prefix).unwrap_or_default();
                    if let Some(value) = value {
                        elements.insert((prefix, element), value);
                    }
                }
                None => {
                    return Err(StoreError::unknown_field(kind, record, field));
                }
            }
            if merged.conflict {
                conflicts.insert(field.as_str(), "values");
            }
        }
        let deleted = columns.get(DELETED_FIELD).copied().flatten() == Some("1");
        if deleted
            && !conflicts.contains_key(DELETED_FIELD)
            && edit_concurrent_with_deletion(fields)
        {
            conflicts.insert(DELETED_FIELD, "deleted");
        }
        let mut hasher = RecordHasher::new();
        if !fields.is_empty() {
            self.hash_row(&mut hasher, kind, record, &columns)?;
        }
        for ((name, element), value) in elements {
            hasher.element(text(name), text(element), text(value));
        }
        for (field, reason) in conflicts {
            hasher.conflict(text(field), text(kind.name()), text(reason));
        }
        Ok(hasher.finish(record))
    }

    /// Hashes a row as SQLite stores it: the values go through a scratch
    /// table with the kind table's affinities and come back by `RETURNING`.
    fn hash_row(
        &self,
        hasher: &mut RecordHasher,
        kind: Kind,
        record: &str,
        columns: &HashMap<&str, Option<&str>>,
    ) -> Result<(), StoreError> {
        let names = hashed_columns(kind);
        let values: Vec<Option<&str>> = names
            .iter()
            .map(|name| {
                if *name == "id" {
                    Some(record)
                } else {
                    columns.get(name).copied().flatten()
                }
            })
            .collect();
        let told: Option<Vec<ValueRef<'_>>> = match self.affinities.get(&kind) {
            Some(affinities) if affinities.len() == values.len() => values
                .iter()
                .zip(affinities)
                .map(|(value, affinity)| affinity.stores(*value))
                .collect(),
            _ => None,
        };
        if let Some(told) = told {
            hasher.row(kind, &told);
            return Ok(());
        }
        let sql = scratch_insert(kind);
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(values.iter()))
            .map_err(StoreError::sqlite)?;
        let mut stored: Vec<Value> = Vec::with_capacity(names.len());
        if let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            for index in 0..names.len() {
                stored.push(row.get(index).map_err(StoreError::sqlite)?);
            }
        }
        while rows.next().map_err(StoreError::sqlite)?.is_some() {}
        let stored: Vec<ValueRef<'_>> = stored.iter().map(ValueRef::from).collect();
        hasher.row(kind, &stored);
        Ok(())
    }

    fn empty_scratch(&self) -> Result<(), StoreError> {
        for kind in Kind::ALL {
            let sql = format!("DELETE FROM temp.check_{}", kind.table());
            self.conn
                .prepare_cached(&sql)
                .and_then(|mut stmt| stmt.execute([]))
                .map_err(StoreError::sqlite)?;
        }
        Ok(())
    }
}

/// The declared types of the scratch tables' columns (as `CREATE TABLE …
/// AS SELECT` gave them from the kind tables) as affinities.
fn scratch_affinities(conn: &Connection) -> Result<HashMap<Kind, Vec<Affinity>>, StoreError> {
    let mut affinities = HashMap::new();
    for kind in Kind::ALL {
        let sql = format!("PRAGMA temp.table_info(check_{})", kind.table());
        let mut stmt = conn.prepare(&sql).map_err(StoreError::sqlite)?;
        let declared: HashMap<String, String> = stmt
            .query_map([], |row| Ok((row.get(1)?, row.get(2)?)))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)?;
        let of_kind = hashed_columns(kind)
            .into_iter()
            .filter_map(|column| declared.get(column))
            .map(|declared| Affinity::of_declared(declared))
            .collect();
        affinities.insert(kind, of_kind);
    }
    Ok(affinities)
}

fn scratch_insert(kind: Kind) -> String {
    let columns = hashed_columns(kind);
    let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
    format!(
        "INSERT INTO temp.check_{}({cols}) VALUES ({}) RETURNING {cols}",
        kind.table(),
        placeholders.join(", "),
        cols = columns.join(", ")
    )
}

fn text(value: &str) -> ValueRef<'_> {
    ValueRef::Text(value.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::ByCode;

    #[test]
    fn codes_are_found_in_range_beyond_it_and_below_zero() {
        let codes = ByCode::new([(1, "a"), (3, "c"), (-2, "minus"), (1 << 40, "far")]);
        assert_eq!(codes.get(1), Some(&"a"));
        assert_eq!(codes.get(3), Some(&"c"));
        assert_eq!(codes.get(2), None);
        assert_eq!(codes.get(0), None);
        assert_eq!(codes.get(4), None);
        assert_eq!(codes.get(-2), Some(&"minus"));
        assert_eq!(codes.get(1 << 40), Some(&"far"));
        assert_eq!(codes.dense.len(), 4, "a far code is not a reason to grow");
    }
}
