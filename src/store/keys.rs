//! Record keys (schema v22): every record id has a small integer key in
//! `record_key`, and a record's row in a kind table is stored under it (its
//! rowid is the key), so that tables holding records by key (the full-text
//! rows; the set elements since v23, the kept digests since v24) reach the
//! row directly. Ids are spelt as the change log spelt them from v12 to v24
//! (`codec::record_key`: 16 bytes for a canonical UUID, else text). Keys are
//! never reused: an erased or rebuilt record keeps its key, and the change
//! log names records by key (v25). Also `check`'s test that rows stay under
//! their keys; the migrations that moved them there are in `steps`.

use super::StoreError;
use super::check_parts::Part;
use super::codec;
use crate::domain::Kind;
use rusqlite::{Connection, OptionalExtension, Rows, Statement};

mod steps;

pub(super) use steps::{
    drop_id_primary_keys, drop_last_id_primary_keys, key_elements, key_log, key_record_digests,
    migrate_to_record_keys,
};

/// The key of `record`, given to it now if it had none.
pub(super) fn ensure(conn: &Connection, record: &str) -> Result<i64, StoreError> {
    if let Some(key) = find(conn, record)? {
        return Ok(key);
    }
    conn.prepare_cached("INSERT INTO main.record_key(id) VALUES (?1)")
        .and_then(|mut stmt| stmt.execute([codec::record_key(record)]))
        .map_err(StoreError::sqlite)?;
    Ok(conn.last_insert_rowid())
}

/// The key of `record`, if it has one.
pub(super) fn find(conn: &Connection, record: &str) -> Result<Option<i64>, StoreError> {
    conn.prepare_cached("SELECT key FROM main.record_key WHERE id = ?1")
        .and_then(|mut stmt| {
            stmt.query_row([codec::record_key(record)], |row| row.get(0))
                .optional()
        })
        .map_err(StoreError::sqlite)
}

/// SQL for the key of the record id in `column` (qualified: `record_key`
/// has an `id` too), which must already have one (`ensure`).
pub(super) fn key_sql(column: &str) -> String {
    format!(
        "(SELECT key FROM main.record_key WHERE id = {})",
        codec::record_key_sql(column)
    )
}

/// The condition selecting a kind table's row of the record id bound at
/// `param`: the row stored under its key (v22). The kind tables keep no
/// index of ids of their own (v27, v28); a record with no key has no row.
pub(super) fn row_of(param: &str) -> String {
    format!("rowid = {}", key_sql(param))
}

/// The ids of one part of the keys, read in key order beside scans in key
/// order (`check`'s walk, the kept digests' build): each asked key is at or
/// after the one before, so the ids are read once, in one pass.
pub(super) struct KeyIds<'s> {
    rows: Rows<'s>,
    ahead: Option<(i64, String)>,
}

impl<'s> KeyIds<'s> {
    /// The statement the ids are read through, limited to `part`.
    pub fn prepare<'c>(conn: &'c Connection, part: &Part) -> Result<Statement<'c>, StoreError> {
        conn.prepare(&format!(
            "SELECT key, id FROM main.record_key WHERE {} ORDER BY key",
            part.keys("key")
        ))
        .map_err(StoreError::sqlite)
    }

    pub fn new(statement: &'s mut Statement<'_>) -> Result<Self, StoreError> {
        let mut ids = KeyIds {
            rows: statement.query([]).map_err(StoreError::sqlite)?,
            ahead: None,
        };
        ids.advance()?;
        Ok(ids)
    }

    fn advance(&mut self) -> Result<(), StoreError> {
        self.ahead = match self.rows.next().map_err(StoreError::sqlite)? {
            Some(row) => Some((
                row.get(0).map_err(StoreError::sqlite)?,
                row.get_ref(1)
                    .and_then(codec::record_text)
                    .map_err(StoreError::sqlite)?,
            )),
            None => None,
        };
        Ok(())
    }

    /// The id under `key` (`None`: no id has it), for keys asked in
    /// increasing order.
    pub fn id_of(&mut self, key: i64) -> Result<Option<String>, StoreError> {
        while let Some((ahead, _)) = &self.ahead {
            if *ahead >= key {
                break;
            }
            self.advance()?;
        }
        match self.ahead.take() {
            Some((ahead, id)) if ahead == key => {
                self.advance()?;
                Ok(Some(id))
            }
            other => {
                self.ahead = other;
                Ok(None)
            }
        }
    }
}

/// The kind tables holding a row that is not under its record's key, for
/// `check` (a row written by a path that forgot `ensure`, or a damaged file).
pub(super) fn mismatches(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut found = Vec::new();
    for kind in Kind::ALL {
        let table = kind.table();
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM main.{table} t
                 LEFT JOIN main.record_key k ON k.key = t.rowid
                 WHERE k.id IS NOT {})",
            codec::record_key_sql("t.id")
        );
        let wrong: bool = conn
            .query_row(&sql, [], |row| row.get(0))
            .map_err(StoreError::sqlite)?;
        if wrong {
            found.push(format!("{table} (rows not under their record's key)"));
        }
    }
    // Elements and kept digests are read from their record's row: one
    // without a row would be seen by no reader (`check`'s walk, in key
    // order, also meets those under a key, but passes keys no id has).
    if held_by_no_row(conn, "SELECT DISTINCT key FROM main.element")? {
        found.push("element (elements of no record's row)".to_string());
    }
    if held_by_no_row(conn, "SELECT key FROM main.record_digest")? {
        found.push("record_digest (digests of no record's row)".to_string());
    }
    // Conflicts are kept by id and walked by their record's key.
    let unkeyed: bool = conn
        .query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM main.conflict c
                     WHERE NOT EXISTS (SELECT 1 FROM main.record_key k WHERE k.id = {}))",
                codec::record_key_sql("c.record")
            ),
            [],
            |row| row.get(0),
        )
        .map_err(StoreError::sqlite)?;
    if unkeyed {
        found.push("conflict (conflicts of a record with no key)".to_string());
    }
    Ok(found)
}

/// Whether a key that `keys` (a query of a `key` column) gives has no row
/// in any kind table.
fn held_by_no_row(conn: &Connection, keys: &str) -> Result<bool, StoreError> {
    let in_no_table: Vec<String> = Kind::ALL
        .iter()
        .map(|kind| {
            format!(
                "NOT EXISTS (SELECT 1 FROM main.{} WHERE rowid = e.key)",
                kind.table()
            )
        })
        .collect();
    conn.query_row(
        &format!(
            "SELECT EXISTS (SELECT 1 FROM ({keys}) e WHERE {})",
            in_no_table.join(" AND ")
        ),
        [],
        |row| row.get(0),
    )
    .map_err(StoreError::sqlite)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `record_key` table holding these ids under these keys.
    fn keyed(ids: &[(i64, &str)]) -> Connection {
        let conn = Connection::open_in_memory().expect("memory database");
        conn.execute_batch("CREATE TABLE record_key (key INTEGER PRIMARY KEY, id NOT NULL UNIQUE)")
            .expect("record_key");
        for (key, id) in ids {
            conn.execute(
                "INSERT INTO record_key(key, id) VALUES (?1, ?2)",
                rusqlite::params![key, codec::record_key(id)],
            )
            .expect("insert");
        }
        conn
    }

    #[test]
    fn ids_are_given_for_increasing_keys_in_one_pass_gaps_included() {
        let uuid = "01a23050-5548-70cc-9cc7-784cf76b43be";
        let conn = keyed(&[(2, "org-1"), (5, uuid), (9, "Z"), (12, "last")]);
        let mut stmt = KeyIds::prepare(&conn, &Part::WHOLE).expect("prepare");
        let mut ids = KeyIds::new(&mut stmt).expect("ids");
        let asked: Vec<Option<String>> = [1, 2, 3, 5, 9, 10, 13]
            .into_iter()
            .map(|key| ids.id_of(key).expect("id"))
            .collect();
        let expected = [None, Some("org-1"), None, Some(uuid), Some("Z"), None, None];
        let expected: Vec<Option<String>> = expected
            .into_iter()
            .map(|id| id.map(str::to_string))
            .collect();
        assert_eq!(asked, expected, "a UUID comes back as its text");
    }

    #[test]
    fn ids_of_a_part_are_only_those_of_its_keys() {
        let conn = keyed(&[(1, "a"), (4, "b"), (7, "c")]);
        let parts = Part::between(vec![4, 7]);
        let middle = parts.get(1).expect("three parts");
        let mut stmt = KeyIds::prepare(&conn, middle).expect("prepare");
        let mut ids = KeyIds::new(&mut stmt).expect("ids");
        assert_eq!(ids.id_of(1).expect("id"), None, "before the part");
        assert_eq!(ids.id_of(4).expect("id").as_deref(), Some("b"));
        assert_eq!(ids.id_of(7).expect("id"), None, "the next part's");
    }
}
