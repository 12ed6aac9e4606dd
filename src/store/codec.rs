//! How the change log is laid out on disk (schema versions 12 and 25, issue 13):
//! every value of `changes` is encoded and decoded here and nowhere else.
//!
//! - `site` and the sites named in `parents`: a code from `log_site`;
//! - `author`: a code from `log_author`; `kind` and `field`: codes from
//!   `log_name` (a dictionary, not an enum order: a field name a newer peer
//!   sends gets its own code and comes back out unchanged);
//! - `record`: the record's key in `record_key` (v25; `keys`), whose `id`
//!   spells the record id as the log did from v12 to v24: the 16 bytes of a
//!   canonical UUID text (lowercase, hyphenated, so that decoding gives back
//!   exactly the text that came in); any other record id stays TEXT, and
//!   readers decode by type. A query by record id compares `c.record` with
//!   `(SELECT key FROM record_key WHERE id = ?)`, `?` bound to [`record_key`];
//! - `parents`: NULL when none, else a blob of varint pairs (site code, seq)
//!   in `ChangeId` order; TEXT only for a legacy list that did not parse;
//! - `wall`: the author's wall clock as its distance below the physical part
//!   of `stamp` (0 for a change stamped on its own clock: no byte at all);
//!   see [`wall_code`];
//! - `hash`: see [`stored_hash`].
//!
//! Bundles, the digest and every reader see the logical values only.

use super::StoreError;
use crate::domain::purge::Logged;
use crate::domain::{Change, ChangeId, Kind, Stamp};
use rusqlite::types::{Type, Value, ValueRef};
use rusqlite::{Connection, params};

mod codes;
mod parents;

pub(super) use codes::Codes;
pub(super) use parents::{encode_legacy_parents, parent_ids, parent_ids_by, parents_text};

/// The GLOB a canonical UUID text matches (lowercase, hyphenated): exactly
/// the record ids [`record_key`] stores as 16 bytes.
const UUID_GLOB: &str = "'[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'";

/// SQL turning the record id text in `column` into its spelling in
/// `record_key.id` (for joins with tables that keep record ids as text).
/// The length is counted in bytes: GLOB stops at a NUL, so a text that
/// only starts with a UUID must not be spelt as that UUID's 16 bytes (Rust,
/// in [`record_key`], would keep it as text).
pub(super) fn record_key_sql(column: &str) -> String {
    format!(
        "CASE WHEN {column} GLOB {UUID_GLOB} AND length(CAST({column} AS BLOB)) = 36 \
         THEN unhex(replace({column}, '-', '')) ELSE {column} END"
    )
}

/// Whether `text` is a UUID as Relais writes it (round-trips through 16 bytes).
pub(super) fn is_canonical_uuid(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte),
        })
}

/// The spelling of a record id in `record_key.id` (bound where SQL looks
/// the record's key up).
pub(super) fn record_key(record: &str) -> Value {
    if !is_canonical_uuid(record) {
        return Value::Text(record.to_string());
    }
    let hex: Vec<u8> = record.bytes().filter(|byte| *byte != b'-').collect();
    let nibble = |byte: u8| match byte {
        b'0'..=b'9' => byte - b'0',
        _ => byte - b'a' + 10,
    };
    Value::Blob(
        hex.chunks_exact(2)
            .map(|pair| (nibble(pair[0]) << 4) | nibble(pair[1]))
            .collect(),
    )
}

/// The record id text of a `record_key.id`.
pub(super) fn record_text(key: ValueRef<'_>) -> rusqlite::Result<String> {
    match key {
        // Checked as UTF-8 first, as `read::value_text` does (the lossy
        // reading's check is slower, and most ids are text).
        ValueRef::Text(text) => Ok(match std::str::from_utf8(text) {
            Ok(text) => text.to_owned(),
            Err(_) => String::from_utf8_lossy(text).into_owned(),
        }),
        ValueRef::Blob(bytes) if bytes.len() == 16 => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let mut out = String::with_capacity(36);
            for (index, byte) in bytes.iter().enumerate() {
                if matches!(index, 4 | 6 | 8 | 10) {
                    out.push('-');
                }
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0x0f)]));
            }
            Ok(out)
        }
        other => Err(corrupt(other.data_type(), "record key")),
    }
}

/// `changes.wall` from a stamp and a wall clock, and the wall clock back
/// from the stamp and `changes.wall` (the same map both ways): the physical
/// milliseconds of the stamp minus the value, wrapping, so that any i64 a
/// bundle carries comes back exactly.
pub(super) fn wall_code(stamp: i64, value: i64) -> i64 {
    (stamp >> 16).wrapping_sub(value)
}

/// [`wall_code`] in SQL, over the columns (or parameters) `stamp` and
/// `value`. SQLite has no wrapping arithmetic: the rare value whose
/// difference overflows (a wall clock near -2^63) takes the second branch,
/// which computes the same wrapped result without overflowing. Stamps are
/// never negative (checked when logged).
pub(super) fn wall_sql(stamp: &str, value: &str) -> String {
    format!(
        "CASE WHEN {value} < ({stamp} >> 16) - 9223372036854775807 \
         THEN (({stamp} >> 16) - 9223372036854775807 - 1) - ({value} + 9223372036854775807 + 1) \
         ELSE ({stamp} >> 16) - {value} END"
    )
}

/// A value of the log that cannot be decoded (a damaged file).
#[derive(Debug)]
struct Undecodable(&'static str);

impl std::fmt::Display for Undecodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "undecodable {} in the change log", self.0)
    }
}

impl std::error::Error for Undecodable {}

fn corrupt(data_type: Type, what: &'static str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, data_type, Box::new(Undecodable(what)))
}

/// A code the log's dictionaries do not hold.
pub(super) fn unknown_code(what: &'static str) -> rusqlite::Error {
    corrupt(Type::Integer, what)
}

/// The `hash` column of a row: only a stub keeps one, the content hash of
/// the change before its value and author were erased (32 bytes, the whole
/// SHA-256: bundles carry it and peers compare it). Any other row stores
/// none: fork detection recomputes the hash from the row itself when the
/// same id arrives again, which compares the full 256 bits at the cost of
/// zero stored bytes (`existing_hash`).
pub(super) fn stored_hash(status: i64, hash: &[u8; 32]) -> Option<&[u8]> {
    (status == STUB).then_some(hash.as_slice())
}

/// `changes.purged` of a stub.
const STUB: i64 = 1;

/// The columns [`logged_from_row`] reads, over [`LOGGED_FROM`].
pub(super) const LOGGED_COLUMNS: &str = "s.id, c.seq, r.id, k.name, f.name, c.value, c.stamp, c.wall, a.name, c.parents, c.purged, c.hash";
/// The log with its dictionaries (`c` the row, `s` its site, `r` its
/// record's key, `k` its kind, `f` its field, `a` its author).
pub(super) const LOGGED_FROM: &str = "changes c
     LEFT JOIN record_key r ON r.key = c.record
     LEFT JOIN log_site s ON s.code = c.site
     LEFT JOIN log_name k ON k.code = c.kind
     LEFT JOIN log_name f ON f.code = c.field
     LEFT JOIN log_author a ON a.code = c.author";

/// One logged row, decoded: the change, its `purged` status, its stored hash.
pub(super) struct LoggedRow {
    pub change: Change,
    pub status: i64,
    pub hash: Option<Vec<u8>>,
}

/// Decodes a row of `SELECT {LOGGED_COLUMNS} FROM {LOGGED_FROM}`.
pub(super) fn logged_from_row(
    conn: &Connection,
    row: &rusqlite::Row<'_>,
) -> Result<LoggedRow, StoreError> {
    let get_text = |index: usize| row.get::<_, String>(index).map_err(StoreError::sqlite);
    let site = get_text(0)?;
    let seq: i64 = row.get(1).map_err(StoreError::sqlite)?;
    let corrupt = |reason: &str| StoreError::MalformedChange {
        id: format!("{site}:{seq}"),
        reason: reason.to_string(),
    };
    let kind = Kind::from_name(&get_text(3)?).ok_or_else(|| corrupt("unknown kind in the log"))?;
    let parents = row
        .get_ref(9)
        .and_then(|parents| parent_ids(conn, parents))
        .map_err(|_| corrupt("bad parents in the log"))?;
    let record = row
        .get_ref(2)
        .and_then(record_text)
        .map_err(|_| corrupt("bad record in the log"))?;
    let stamp: i64 = row.get(6).map_err(StoreError::sqlite)?;
    let wall: i64 = row.get(7).map_err(StoreError::sqlite)?;
    let change = Change {
        id: ChangeId::new(site.clone(), u64::try_from(seq).unwrap_or(0)),
        record,
        kind,
        field: get_text(4)?,
        value: row.get(5).map_err(StoreError::sqlite)?,
        stamp: Stamp(u64::try_from(stamp).unwrap_or(0)),
        wall_ms: wall_code(stamp, wall),
        author: get_text(8)?,
        parents,
    };
    Ok(LoggedRow {
        change,
        status: row.get(10).map_err(StoreError::sqlite)?,
        hash: row.get(11).map_err(StoreError::sqlite)?,
    })
}

impl LoggedRow {
    /// What bundles carry: a stub with its original hash, or the change.
    pub(super) fn into_logged(self) -> Result<Logged, StoreError> {
        if self.status != STUB {
            return Ok(Logged::from(self.change));
        }
        let hash: [u8; 32] = self
            .hash
            .as_deref()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| StoreError::MalformedChange {
                id: self.change.id.to_string(),
                reason: "bad hash in the log".into(),
            })?;
        Ok(Logged::stub_of(self.change, hash))
    }
}

/// The content hash of the logged change `site:seq`, if held: a stub's
/// stored one, else recomputed from the row (see [`stored_hash`]).
pub(super) fn existing_hash(
    conn: &Connection,
    site: &str,
    seq: i64,
) -> Result<Option<[u8; 32]>, StoreError> {
    let sql = format!(
        "SELECT {LOGGED_COLUMNS} FROM {LOGGED_FROM}
         WHERE c.site = (SELECT code FROM log_site WHERE id = ?1) AND c.seq = ?2"
    );
    let mut stmt = conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
    let mut rows = stmt.query(params![site, seq]).map_err(StoreError::sqlite)?;
    let Some(row) = rows.next().map_err(StoreError::sqlite)? else {
        return Ok(None);
    };
    let logged = logged_from_row(conn, row)?;
    if logged.status == STUB {
        // A damaged stored hash compares unequal: reported as a fork.
        let mut out = [0u8; 32];
        if let Some(bytes) = logged.hash.filter(|bytes| bytes.len() == 32) {
            out.copy_from_slice(&bytes);
        }
        return Ok(Some(out));
    }
    Ok(Some(logged.change.content_hash()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uuids_round_trip_through_16_bytes_and_others_stay_text() {
        let id = "01a22d18-0b80-7659-88b5-8572383d4383";
        let key = record_key(id);
        assert!(matches!(&key, Value::Blob(bytes) if bytes.len() == 16));
        let Value::Blob(bytes) = &key else { panic!() };
        assert_eq!(record_text(ValueRef::Blob(bytes)).unwrap(), id);
        for other in [
            "01A22D18-0B80-7659-88B5-8572383D4383",
            "01a22d180b80765988b58572383d4383",
            "r1",
            "01a22d18-0b80-7659-88b5-8572383d438",
            "01a22d18-0b80-7659-88b5-8572383d4383x",
            "01a22d18_0b80-7659-88b5-8572383d4383",
        ] {
            assert_eq!(record_key(other), Value::Text(other.into()));
        }
    }

    #[test]
    fn the_sql_key_is_the_rust_key() {
        let conn = Connection::open_in_memory().unwrap();
        let sql = format!("SELECT {}", record_key_sql("?1"));
        for id in [
            "01a22d18-0b80-7659-88b5-8572383d4383",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "01A22D18-0B80-7659-88B5-8572383D4383",
            "01a22d18-0b80-7659-88b5-8572383d438g",
            "legacy-7",
            "",
        ] {
            let key: Value = conn.query_row(&sql, [id], |row| row.get(0)).unwrap();
            assert_eq!(key, record_key(id), "{id}");
        }
    }

    #[test]
    fn wall_clocks_round_trip_in_rust_and_in_sql() {
        let conn = Connection::open_in_memory().unwrap();
        let sql = format!("SELECT {}", wall_sql("?1", "?2"));
        let max_stamp = i64::try_from(Stamp::MAX.0).unwrap();
        for stamp in [0, 117_682_156_339_200_000, max_stamp] {
            for wall in [
                i64::MIN,
                i64::MIN + 1,
                -1,
                0,
                1_795_687_200_000,
                stamp >> 16,
                (stamp >> 16) - i64::MAX,
                (stamp >> 16) - i64::MAX - 1,
                i64::MAX,
            ] {
                let code = wall_code(stamp, wall);
                assert_eq!(wall_code(stamp, code), wall, "{stamp} {wall}");
                let in_sql: i64 = conn
                    .query_row(&sql, params![stamp, wall], |row| row.get(0))
                    .unwrap();
                assert_eq!(in_sql, code, "{stamp} {wall}");
                let back: i64 = conn
                    .query_row(&sql, params![stamp, code], |row| row.get(0))
                    .unwrap();
                assert_eq!(back, wall, "{stamp} {wall}");
            }
        }
        assert_eq!(wall_code(max_stamp, max_stamp >> 16), 0);
    }

    #[test]
    fn the_migration_encodes_as_this_module_does() {
        let migration = include_str!("schema_v12_compact_log.sql");
        assert!(migration.contains(&record_key_sql("c.record")));
        assert!(migration.contains(&wall_sql("c.stamp", "c.wall")));
        let keyed = include_str!("schema_v29_time_keys.sql");
        assert!(keyed.contains(&record_key_sql("a.id")));
        assert!(keyed.contains(&record_key_sql("a.target")));
    }
}
