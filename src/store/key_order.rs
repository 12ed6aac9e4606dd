//! Tables read in record key order, one row ahead (`Cursor`), and the ids
//! of those keys read beside them (`KeyIds`): how `check`'s walk and the
//! kept digests' build merge the tables stored or indexed by key.

use super::StoreError;
use super::check_parts::Part;
use super::codec;
use rusqlite::fallible_streaming_iterator::FallibleStreamingIterator;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, Row, Rows, Statement};

/// A key that is not an integer (a damaged file) sorts after every
/// integer, as SQLite sorts it.
pub(in crate::store) const NOT_A_KEY: i64 = i64::MAX;

/// A table read in key order, one row ahead. The row ahead stays the
/// statement's current row, lent to `take`'s reader rather than copied.
pub(in crate::store) struct Cursor<'s> {
    rows: Rows<'s>,
    /// The key of the row ahead (`None`: no row left).
    ahead: Option<i64>,
}

impl<'s> Cursor<'s> {
    pub fn new(stmt: &'s mut Statement<'_>) -> Result<Self, StoreError> {
        let mut cursor = Cursor {
            rows: stmt.query([]).map_err(StoreError::sqlite)?,
            ahead: None,
        };
        cursor.advance()?;
        Ok(cursor)
    }

    pub fn advance(&mut self) -> Result<(), StoreError> {
        self.ahead = match self.rows.next().map_err(StoreError::sqlite)? {
            Some(row) => match row.get_ref(0).map_err(StoreError::sqlite)? {
                ValueRef::Integer(key) => Some(key),
                _ => Some(NOT_A_KEY),
            },
            None => None,
        };
        Ok(())
    }

    pub fn key(&self) -> Option<i64> {
        self.ahead
    }

    /// What `read` makes of the row ahead (its other columns from index 1)
    /// if it is under `key`, then moves on.
    pub fn take<T>(
        &mut self,
        key: i64,
        read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>, StoreError> {
        if self.ahead != Some(key) {
            return Ok(None);
        }
        let Some(row) = self.rows.get() else {
            // The statement has no current row after all: nothing is left.
            self.ahead = None;
            return Ok(None);
        };
        let read = read(row).map_err(StoreError::sqlite)?;
        self.advance()?;
        Ok(Some(read))
    }
}

/// A statement reading `column` of `table`, a table whose primary key is
/// `key`, in key order within `part` (names from the code, never data).
pub(in crate::store) fn by_key<'c>(
    conn: &'c Connection,
    table: &str,
    column: &str,
    part: &Part,
) -> Result<Statement<'c>, StoreError> {
    conn.prepare(&format!(
        "SELECT key, {column} FROM main.{table} WHERE {} ORDER BY key",
        part.keys("key")
    ))
    .map_err(StoreError::sqlite)
}

/// The ids of one part of the keys, read in key order beside scans in key
/// order (`check`'s walk, the kept digests' build): each asked key is at or
/// after the one before, so the ids are read once, in one pass.
pub(in crate::store) struct KeyIds<'s> {
    ids: Cursor<'s>,
}

impl<'s> KeyIds<'s> {
    /// The statement the ids are read through, limited to `part`.
    pub fn prepare<'c>(conn: &'c Connection, part: &Part) -> Result<Statement<'c>, StoreError> {
        by_key(conn, "record_key", "id", part)
    }

    pub fn new(statement: &'s mut Statement<'_>) -> Result<Self, StoreError> {
        Ok(KeyIds {
            ids: Cursor::new(statement)?,
        })
    }

    /// The id under `key` (`None`: no id has it), for keys asked in
    /// increasing order.
    pub fn id_of(&mut self, key: i64) -> Result<Option<String>, StoreError> {
        while self.ids.key().is_some_and(|ahead| ahead < key) {
            self.ids.advance()?;
        }
        self.ids
            .take(key, |row| codec::record_text(row.get_ref(1)?))
    }
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
