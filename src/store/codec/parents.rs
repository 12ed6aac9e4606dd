//! The log's `parents` column: varint pairs (site code, seq) in `ChangeId`
//! order, written and read here; the text of a legacy list encoded by the
//! migration to the compact log.

use super::codes::Codes;
use super::corrupt;
use crate::domain::ChangeId;
use crate::store::StoreError;
use rusqlite::types::{Type, ValueRef};
use rusqlite::{Connection, params};

impl Codes {
    /// The `parents` value of a list: NULL when empty, else varint pairs
    /// (site code, seq) in `ChangeId` order (as `ChangeId::join` lists them).
    pub(in crate::store) fn parents(
        &mut self,
        conn: &Connection,
        parents: &[ChangeId],
    ) -> Result<Option<Vec<u8>>, StoreError> {
        if parents.is_empty() {
            return Ok(None);
        }
        let mut sorted: Vec<&ChangeId> = parents.iter().collect();
        sorted.sort();
        let mut out = Vec::with_capacity(sorted.len() * 5);
        for parent in sorted {
            let code = self.site(conn, &parent.site)?;
            put_varint(&mut out, u64::try_from(code).unwrap_or(0));
            put_varint(&mut out, parent.seq);
        }
        Ok(Some(out))
    }
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn take_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// The site id of a site code.
fn site_id(conn: &Connection, code: i64) -> rusqlite::Result<String> {
    conn.prepare_cached("SELECT id FROM log_site WHERE code = ?1")?
        .query_row([code], |row| row.get(0))
}

/// The parents named by a `parents` value.
pub(in crate::store) fn parent_ids(
    conn: &Connection,
    parents: ValueRef<'_>,
) -> rusqlite::Result<Vec<ChangeId>> {
    parent_ids_by(parents, |code| site_id(conn, code))
}

/// The parents named by a `parents` value, a site code named by `site`.
pub(in crate::store) fn parent_ids_by(
    parents: ValueRef<'_>,
    mut site: impl FnMut(i64) -> rusqlite::Result<String>,
) -> rusqlite::Result<Vec<ChangeId>> {
    match parents {
        ValueRef::Null => Ok(Vec::new()),
        ValueRef::Text(text) => ChangeId::split(&String::from_utf8_lossy(text))
            .ok_or_else(|| corrupt(Type::Text, "parents")),
        ValueRef::Blob(mut bytes) => {
            let mut ids = Vec::new();
            let mut last: Option<(u64, String)> = None;
            while !bytes.is_empty() {
                let pair = take_varint(&mut bytes).zip(take_varint(&mut bytes));
                let (code, seq) = pair.ok_or_else(|| corrupt(Type::Blob, "parents"))?;
                let name = match &last {
                    Some((last_code, name)) if *last_code == code => name.clone(),
                    _ => {
                        let code_sql =
                            i64::try_from(code).map_err(|_| corrupt(Type::Blob, "parents"))?;
                        let name = site(code_sql)?;
                        last = Some((code, name.clone()));
                        name
                    }
                };
                ids.push(ChangeId::new(name, seq));
            }
            Ok(ids)
        }
        other => Err(corrupt(other.data_type(), "parents")),
    }
}

/// The parents named by a `parents` value, as `ChangeId::join` writes them.
pub(in crate::store) fn parents_text(
    conn: &Connection,
    parents: ValueRef<'_>,
) -> rusqlite::Result<String> {
    match parents {
        ValueRef::Text(text) => Ok(String::from_utf8_lossy(text).into_owned()),
        other => Ok(ChangeId::join(&parent_ids(conn, other)?)),
    }
}

/// Rust half of the migration to the compact log: encodes the parents the
/// SQL half copied as text (it cannot give site codes to the sites they
/// name). A list that does not parse stays text, as it was.
pub(in crate::store) fn encode_legacy_parents(conn: &Connection) -> Result<(), StoreError> {
    let mut codes = Codes::default();
    let mut encoded: Vec<(i64, i64, Vec<u8>)> = Vec::new();
    {
        let mut stmt = conn
            .prepare("SELECT site, seq, parents FROM changes WHERE typeof(parents) = 'text'")
            .map_err(StoreError::sqlite)?;
        let mut rows = stmt.query([]).map_err(StoreError::sqlite)?;
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let text: String = row.get(2).map_err(StoreError::sqlite)?;
            let Some(ids) = ChangeId::split(&text) else {
                continue;
            };
            let blob = codes.parents(conn, &ids)?;
            let site: i64 = row.get(0).map_err(StoreError::sqlite)?;
            let seq: i64 = row.get(1).map_err(StoreError::sqlite)?;
            // An empty list is NULL; a whitespace-only text parses to one.
            encoded.push((site, seq, blob.unwrap_or_default()));
        }
    }
    let mut update = conn
        .prepare("UPDATE changes SET parents = nullif(?3, x'') WHERE site = ?1 AND seq = ?2")
        .map_err(StoreError::sqlite)?;
    for (site, seq, blob) in encoded {
        update
            .execute(params![site, seq, blob])
            .map_err(StoreError::sqlite)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_round_trip_in_change_id_order() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE log_site (code INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);",
        )
        .unwrap();
        let mut codes = Codes::default();
        let parents = vec![
            ChangeId::new("ffffffffffffffff", 1),
            ChangeId::new("0123456789abcdef", 300),
            ChangeId::new("0123456789abcdef", crate::domain::change::MAX_SEQ),
        ];
        let blob = codes.parents(&conn, &parents).unwrap().unwrap();
        let decoded = parent_ids(&conn, ValueRef::Blob(&blob)).unwrap();
        let mut sorted = parents.clone();
        sorted.sort();
        assert_eq!(decoded, sorted);
        assert_eq!(
            parents_text(&conn, ValueRef::Blob(&blob)).unwrap(),
            ChangeId::join(&parents)
        );
        assert_eq!(codes.parents(&conn, &[]).unwrap(), None);
        assert!(parent_ids(&conn, ValueRef::Blob(&[0x80])).is_err());
    }
}
