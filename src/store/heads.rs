//! A record's heads read from the change log: the versions of each field
//! that no later version of it supersedes, within a memory budget (`Values`
//! says how much of their values), and the kind a record id derives as
//! (`owner_kind`). The materialiser derives fields from these heads; `read`
//! shows them (history, conflicts); `derive` finds the same heads in memory.

use super::{StoreError, codec};
use crate::domain::merge::Version;
use crate::domain::{ChangeId, DELETED_FIELD, Kind, Stamp};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{BTreeMap, HashMap};

// The working set of a field is its heads: superseded versions stay in the
// log and are dropped as soon as they are known to be superseded. One query
// reads the versions with their parents and values while they fit in
// `KEEP_BUDGET` bytes (every honest field); beyond, the parents and values
// read so far are dropped, a second pass streams the parents keeping one flag
// per version, and the heads' own parents and values are read one by one.
// Memory follows the number of versions of a field, never their parents or
// values. Only the changes of the record's kind count (see `owner_kind`).
// Rows come out with their field name and site id (joins with the log's
// dictionaries, see `codec`); kind and field are bound as names.
const FIELD_ROWS: &str = "SELECT f.name, s.id, c.seq, c.stamp, c.parents, c.value FROM changes c JOIN log_name f ON f.code = c.field JOIN log_site s ON s.code = c.site WHERE c.record = (SELECT key FROM record_key WHERE id = ?1) AND c.kind = (SELECT code FROM log_name WHERE name = ?2) AND c.field = (SELECT code FROM log_name WHERE name = ?3) AND c.purged = 0";
const FIELD_PARENTS: &str = "SELECT f.name, s.id, c.seq, c.stamp, c.parents FROM changes c JOIN log_name f ON f.code = c.field JOIN log_site s ON s.code = c.site WHERE c.record = (SELECT key FROM record_key WHERE id = ?1) AND c.kind = (SELECT code FROM log_name WHERE name = ?2) AND c.field = (SELECT code FROM log_name WHERE name = ?3) AND c.purged = 0";
const RECORD_ROWS: &str = "SELECT f.name, s.id, c.seq, c.stamp, c.parents, c.value FROM changes c JOIN log_name f ON f.code = c.field JOIN log_site s ON s.code = c.site WHERE c.record = (SELECT key FROM record_key WHERE id = ?1) AND c.kind = (SELECT code FROM log_name WHERE name = ?2) AND c.purged = 0";
const RECORD_PARENTS: &str = "SELECT f.name, s.id, c.seq, c.stamp, c.parents FROM changes c JOIN log_name f ON f.code = c.field JOIN log_site s ON s.code = c.site WHERE c.record = (SELECT key FROM record_key WHERE id = ?1) AND c.kind = (SELECT code FROM log_name WHERE name = ?2) AND c.purged = 0";
const HEAD: &str = "SELECT parents, value FROM changes WHERE site = (SELECT code FROM log_site WHERE id = ?1) AND seq = ?2";
/// One kind code for the record or several (codes compare as the kinds do
/// for equality, which is all this asks).
const RECORD_KINDS: &str = "SELECT lo.name, hi.name FROM (SELECT min(kind) AS low, max(kind) AS high FROM changes WHERE record = (SELECT key FROM record_key WHERE id = ?1)) m LEFT JOIN log_name lo ON lo.code = m.low LEFT JOIN log_name hi ON hi.code = m.high";
/// The earliest change of a record by (stamp, site, seq) fixes its kind.
const EARLIEST_KIND: &str = "SELECT k.name FROM changes c JOIN log_site s ON s.code = c.site JOIN log_name k ON k.code = c.kind WHERE c.record = (SELECT key FROM record_key WHERE id = ?1) ORDER BY c.stamp, s.id, c.seq LIMIT 1";
/// Parents and values kept from the first query, in bytes.
const KEEP_BUDGET: usize = 1 << 20;

/// A version's parents text and value.
type Row = (String, Option<String>);
/// Reads a head's row, unless it was kept from the first query.
type ReadRow<'a> = dyn FnMut(&ChangeId, Option<Row>) -> Result<Row, StoreError> + 'a;

/// One field's versions while its heads are found.
#[derive(Default)]
struct Candidates {
    versions: Vec<(ChangeId, Stamp)>,
    index: HashMap<ChangeId, usize>,
    superseded: Vec<bool>,
    /// Parents and value of each version, while within the budget.
    kept: Vec<Row>,
}

/// Marks the versions that `child`, naming `parents`, supersedes.
fn supersede(
    versions: &[(ChangeId, Stamp)],
    index: &HashMap<ChangeId, usize>,
    superseded: &mut [bool],
    (child, stamp): (&ChangeId, Stamp),
    parents: &str,
) {
    let child_key = (stamp, child.site.as_str(), child.seq);
    for parent in parents.split_whitespace().filter_map(ChangeId::parse) {
        if let Some(&position) = index.get(&parent)
            && let (Some((id, stamp)), Some(flag)) =
                (versions.get(position), superseded.get_mut(position))
            // The merge rule: an edge counts only towards a lower
            // (stamp, site, seq), as in `merge::heads`.
            && (*stamp, id.site.as_str(), id.seq) < child_key
        {
            *flag = true;
        }
    }
}

fn id_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, ChangeId, Stamp)> {
    let field: String = row.get(0)?;
    let site: String = row.get(1)?;
    let seq: i64 = row.get(2)?;
    let stamp: i64 = row.get(3)?;
    Ok((
        field,
        ChangeId::new(site, u64::try_from(seq).unwrap_or(0)),
        Stamp(u64::try_from(stamp).unwrap_or(0)),
    ))
}

/// The heads of every field the queries select, with their parents and
/// values (see the comment above).
fn load_heads(
    conn: &Connection,
    rows_sql: &str,
    parents_sql: &str,
    args: &[&dyn rusqlite::ToSql],
    values: Values,
) -> Result<BTreeMap<String, Vec<Version>>, StoreError> {
    let mut fields: BTreeMap<String, Candidates> = BTreeMap::new();
    let mut kept_bytes = 0usize;
    let mut spilled = false;
    {
        let mut stmt = conn.prepare_cached(rows_sql).map_err(StoreError::sqlite)?;
        let mut rows = stmt.query(args).map_err(StoreError::sqlite)?;
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let (field, id, stamp) = id_from_row(row).map_err(StoreError::sqlite)?;
            let candidates = fields.entry(field).or_default();
            candidates
                .index
                .insert(id.clone(), candidates.versions.len());
            candidates.versions.push((id, stamp));
            candidates.superseded.push(false);
            if spilled {
                continue;
            }
            let parents = row
                .get_ref(4)
                .and_then(|parents| codec::parents_text(conn, parents))
                .map_err(StoreError::sqlite)?;
            let value: Option<String> = row.get(5).map_err(StoreError::sqlite)?;
            kept_bytes = kept_bytes
                .saturating_add(parents.len())
                .saturating_add(value.as_ref().map_or(0, String::len));
            if kept_bytes > KEEP_BUDGET {
                spilled = true;
                for candidates in fields.values_mut() {
                    candidates.kept = Vec::new();
                }
            } else {
                candidates.kept.push((parents, value));
            }
        }
    }
    if spilled {
        let mut stmt = conn
            .prepare_cached(parents_sql)
            .map_err(StoreError::sqlite)?;
        let mut rows = stmt.query(args).map_err(StoreError::sqlite)?;
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let (field, child, stamp) = id_from_row(row).map_err(StoreError::sqlite)?;
            let parents = row
                .get_ref(4)
                .and_then(|parents| codec::parents_text(conn, parents))
                .map_err(StoreError::sqlite)?;
            if let Some(c) = fields.get_mut(field.as_str()) {
                supersede(
                    &c.versions,
                    &c.index,
                    &mut c.superseded,
                    (&child, stamp),
                    &parents,
                );
            }
        }
    } else {
        for c in fields.values_mut() {
            for ((child, stamp), (parents, _)) in c.versions.iter().zip(c.kept.iter()) {
                supersede(
                    &c.versions,
                    &c.index,
                    &mut c.superseded,
                    (child, *stamp),
                    parents,
                );
            }
        }
    }
    let mut head = conn.prepare_cached(HEAD).map_err(StoreError::sqlite)?;
    let mut read = |id: &ChangeId, row: Option<Row>| -> Result<Row, StoreError> {
        if let Some(row) = row {
            return Ok(row);
        }
        let seq = i64::try_from(id.seq).unwrap_or(i64::MAX);
        head.query_row(params![id.site, seq], |row| {
            Ok((codec::parents_text(conn, row.get_ref(0)?)?, row.get(1)?))
        })
        .map_err(StoreError::sqlite)
    };
    let mut out = BTreeMap::new();
    for (field, candidates) in fields {
        let mut kept = candidates.kept;
        let heads: Vec<(ChangeId, Stamp, Option<Row>)> = candidates
            .versions
            .into_iter()
            .zip(candidates.superseded)
            .enumerate()
            .filter(|(_, (_, superseded))| !superseded)
            .map(|(position, ((id, stamp), _))| {
                (id, stamp, kept.get_mut(position).map(std::mem::take))
            })
            .collect();
        drop(kept);
        let versions = read_heads(&field, heads, values, &mut read)?;
        out.insert(field, versions);
    }
    Ok(out)
}

/// How much of the heads' values to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    /// Every head's value (the conflict list shows them).
    All,
    /// The winner's value; each other head holds a small stand-in that is
    /// equal to it exactly when its value is (all that merging needs), so
    /// thousands of concurrent large values never sit in memory together.
    Compact,
}

/// Reads the parents and values of a field's heads. Parents are kept where
/// they are used: on `deleted` (deletion concurrent with an edit) and on a
/// single head (whether it superseded anything).
pub(super) fn read_heads(
    field: &str,
    mut heads: Vec<(ChangeId, Stamp, Option<Row>)>,
    values: Values,
    read: &mut ReadRow<'_>,
) -> Result<Vec<Version>, StoreError> {
    let keep_parents = heads.len() == 1 || field == DELETED_FIELD;
    let winner = heads
        .iter()
        .enumerate()
        .max_by(|(_, a), (_, b)| {
            (a.1, a.0.site.as_str(), a.0.seq).cmp(&(b.1, b.0.site.as_str(), b.0.seq))
        })
        .map(|(index, _)| index);
    let mut winner_value: Option<String> = None;
    if let Some((id, _, row)) = winner.and_then(|index| heads.get_mut(index)) {
        let (parents, value) = read(id, row.take())?;
        winner_value = value.clone();
        *row = Some((parents, value));
    }
    let mut out = Vec::with_capacity(heads.len());
    for (index, (id, stamp, row)) in heads.into_iter().enumerate() {
        let (parents, value) = read(&id, row)?;
        let value = if values == Values::All || Some(index) == winner || value.is_none() {
            value
        } else if value == winner_value {
            winner_value.clone()
        } else {
            // Differs from the winner: any other value does.
            Some(
                if winner_value.as_deref() == Some("") {
                    "\u{0}"
                } else {
                    ""
                }
                .to_string(),
            )
        };
        let parents = if keep_parents {
            ChangeId::split(&parents).unwrap_or_default()
        } else {
            Vec::new()
        };
        out.push(Version {
            id,
            stamp,
            parents,
            value,
        });
    }
    Ok(out)
}

/// The heads of one field of one record of `kind` (the working set: merging
/// them gives what merging every version would).
pub fn load_versions(
    conn: &Connection,
    kind: Kind,
    record: &str,
    field: &str,
) -> Result<Vec<Version>, StoreError> {
    let mut fields = load_heads(
        conn,
        FIELD_ROWS,
        FIELD_PARENTS,
        &[&codec::record_key(record), &kind.name(), &field],
        Values::Compact,
    )?;
    Ok(fields.remove(field).unwrap_or_default())
}

/// The heads of every field of a record of `kind`, grouped by field, with
/// `values` read as asked.
pub fn load_record_versions(
    conn: &Connection,
    kind: Kind,
    record: &str,
    values: Values,
) -> Result<BTreeMap<String, Vec<Version>>, StoreError> {
    load_heads(
        conn,
        RECORD_ROWS,
        RECORD_PARENTS,
        &[&codec::record_key(record), &kind.name()],
        values,
    )
}

/// The kind a record id is derived as, and whether changes of other kinds
/// name it too. One kind per record id, decided from the set of changes
/// alone (the kind of its earliest change by stamp, site, seq), so every
/// replica holding the same changes derives the same state; changes of the
/// other kinds stay in the log, set aside.
pub fn owner_kind(conn: &Connection, record: &str) -> Result<Option<(Kind, bool)>, StoreError> {
    let mut stmt = conn
        .prepare_cached(RECORD_KINDS)
        .map_err(StoreError::sqlite)?;
    let (low, high): (Option<String>, Option<String>) = stmt
        .query_row([codec::record_key(record)], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .map_err(StoreError::sqlite)?;
    if low == high {
        return Ok(low
            .as_deref()
            .and_then(Kind::from_name)
            .map(|kind| (kind, false)));
    }
    let mut stmt = conn
        .prepare_cached(EARLIEST_KIND)
        .map_err(StoreError::sqlite)?;
    let earliest: Option<String> = stmt
        .query_row([codec::record_key(record)], |row| row.get(0))
        .optional()
        .map_err(StoreError::sqlite)?;
    Ok(earliest
        .as_deref()
        .and_then(Kind::from_name)
        .map(|kind| (kind, true)))
}
