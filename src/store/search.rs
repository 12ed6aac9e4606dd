//! The rows search, suggestions and duplicate detection read: text fields
//! of live records, set elements, developers' load. Read-only queries; the
//! ranking itself is in `search`.

use super::{Store, StoreError};
use crate::domain::Kind;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

/// One live record's searchable texts, in the order the fields were asked.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRow {
    pub id: String,
    pub texts: Vec<Option<String>>,
}

/// A live developer as suggestions see them.
#[derive(Clone, Debug, PartialEq)]
pub struct DeveloperRow {
    pub id: String,
    pub name: String,
    pub departement: Option<String>,
    pub availability: f64,
}

/// An open request wanting a skill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WantingRequest {
    pub id: String,
    pub title: String,
    pub departement: Option<String>,
}

/// A kind's body text in a full-text index (schema v10): the index table
/// and its columns, which are fields of the kind.
pub fn body_index(kind: Kind) -> Option<(&'static str, &'static [&'static str])> {
    match kind {
        Kind::Request => Some(("request_text", &["need", "data_sources"])),
        Kind::Workshop => Some(("workshop_text", &["notes", "outputs"])),
        _ => None,
    }
}

/// One query word as the full-text index is asked for it: the word itself
/// as a prefix of an indexed word, or any of `terms` (words of the
/// vocabulary it matches otherwise: inside them, or with a typo).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyWord {
    pub word: String,
    pub terms: Vec<String>,
}

/// A word as an FTS5 string: quoted, quotes doubled.
fn quoted(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// Adds the words of `text`, written to `kind`.`column`, to `search_term`
/// when that column is indexed body text. `known` spares an insert per word
/// already seen by this materialiser.
pub(crate) fn remember_terms(
    conn: &rusqlite::Connection,
    kind: Kind,
    column: &str,
    text: &str,
    known: &mut foldhash::HashSet<String>,
) -> Result<(), StoreError> {
    if !body_index(kind).is_some_and(|(_, columns)| columns.contains(&column)) {
        return Ok(());
    }
    let mut stmt = conn
        .prepare_cached("INSERT OR IGNORE INTO main.search_term(term) VALUES (?1)")
        .map_err(StoreError::sqlite)?;
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let term = word.to_lowercase();
        if known.contains(&term) {
            continue;
        }
        stmt.execute([&term]).map_err(StoreError::sqlite)?;
        if known.len() > 65_536 {
            known.clear();
        }
        known.insert(term);
    }
    Ok(())
}

/// Refuses names that are not scalar fields of `kind` read as stored: a
/// set, or a reference stored as a key (v29), whose column holds no text.
fn text_fields(kind: Kind, fields: &[&str]) -> Result<(), StoreError> {
    let unreadable = |field: &&str| {
        kind.field(field).is_none_or(|def| def.set.is_some()) || super::sql::keyed(kind, field)
    };
    match fields.iter().any(unreadable) {
        true => Err(StoreError::sqlite(rusqlite::Error::InvalidColumnName(
            fields.join(","),
        ))),
        false => Ok(()),
    }
}

fn text_of(value: Value) -> Option<String> {
    match value {
        Value::Text(text) => Some(text),
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(f) => Some(f.to_string()),
        _ => None,
    }
}

impl Store {
    /// The `fields` of every live record of `kind`. Field names come from
    /// the schema (`Kind::field`); any other name is refused.
    pub fn text_rows(&self, kind: Kind, fields: &[&str]) -> Result<Vec<TextRow>, StoreError> {
        text_fields(kind, fields)?;
        let columns = if fields.is_empty() {
            String::new()
        } else {
            format!(", {}", fields.join(", "))
        };
        let sql = format!(
            "SELECT id{columns} FROM {} WHERE deleted IS NOT 1",
            kind.table()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let count = fields.len();
        stmt.query_map([], |row| {
            let mut texts = Vec::with_capacity(count);
            for index in 0..count {
                texts.push(text_of(row.get(index + 1)?));
            }
            Ok(TextRow {
                id: row.get(0)?,
                texts,
            })
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }

    /// The vocabulary of indexed body text (`search_term`).
    pub fn search_terms(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT term FROM search_term")
            .map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| row.get(0))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }

    /// Live records of `kind` whose body text holds every word of `words` in
    /// one indexed column (each word as a prefix, or one of its terms).
    /// Empty for a kind without a body index. The index holds live records
    /// only (schema v15), under the rows' rowids (their keys, v22).
    pub fn body_matches(&self, kind: Kind, words: &[BodyWord]) -> Result<Vec<String>, StoreError> {
        let Some((table, columns)) = body_index(kind) else {
            return Ok(Vec::new());
        };
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let all: Vec<String> = words
            .iter()
            .map(|word| {
                let mut options = vec![format!("{}*", quoted(&word.word))];
                options.extend(word.terms.iter().map(|term| quoted(term)));
                format!("({})", options.join(" OR "))
            })
            .collect();
        let all = all.join(" AND ");
        let expression = columns
            .iter()
            .map(|column| format!("({column} : ({all}))"))
            .collect::<Vec<_>>()
            .join(" OR ");
        let sql = format!(
            "SELECT r.id FROM {table} t JOIN {} r ON r.rowid = t.rowid WHERE {table} MATCH ?1",
            kind.table()
        );
        self.ids(&sql, params![expression])
    }

    /// Calls `each` with the id and the `fields` (at most four) of every
    /// live record of `kind`, borrowed from SQLite: search scans every title,
    /// and an allocation per row cost more than matching it. Stops when
    /// `each` returns false.
    pub fn scan_texts(
        &self,
        kind: Kind,
        fields: &[&str],
        mut each: impl FnMut(&str, &[Option<&str>]) -> bool,
    ) -> Result<(), StoreError> {
        const MOST: usize = 4;
        text_fields(kind, fields)?;
        if fields.len() > MOST {
            return Err(StoreError::sqlite(rusqlite::Error::InvalidColumnName(
                fields.join(","),
            )));
        }
        let columns: String = fields.iter().map(|field| format!(", {field}")).collect();
        let sql = format!(
            "SELECT id{columns} FROM {} WHERE deleted IS NOT 1",
            kind.table()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let mut rows = stmt.query([]).map_err(StoreError::sqlite)?;
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let text = |index: usize| match row.get_ref(index) {
                Ok(ValueRef::Text(bytes)) => std::str::from_utf8(bytes).ok(),
                _ => None,
            };
            let Some(id) = text(0) else { continue };
            let mut texts: [Option<&str>; MOST] = [None; MOST];
            for (index, slot) in texts.iter_mut().take(fields.len()).enumerate() {
                *slot = text(index + 1);
            }
            if !each(id, &texts[..fields.len()]) {
                break;
            }
        }
        Ok(())
    }

    /// `text_rows` for the records `ids` only (those deleted or unknown are
    /// left out).
    pub fn text_rows_of(
        &self,
        kind: Kind,
        fields: &[&str],
        ids: &[&str],
    ) -> Result<Vec<TextRow>, StoreError> {
        text_fields(kind, fields)?;
        let sql = format!(
            "SELECT id, {} FROM {} WHERE {} AND deleted IS NOT 1",
            if fields.is_empty() {
                "NULL".to_string()
            } else {
                fields.join(", ")
            },
            kind.table(),
            super::keys::row_of("?1")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            let found = stmt
                .query_row([id], |row| {
                    let mut texts = Vec::with_capacity(fields.len());
                    for index in 0..fields.len() {
                        texts.push(text_of(row.get(index + 1)?));
                    }
                    Ok(TextRow {
                        id: row.get(0)?,
                        texts,
                    })
                })
                .optional()
                .map_err(StoreError::sqlite)?;
            rows.extend(found);
        }
        Ok(rows)
    }

    /// The elements of set `prefix` (`skill`, `developer`) of live records
    /// of `kind`: record id → (element, value).
    pub fn set_elements(
        &self,
        kind: Kind,
        prefix: &str,
    ) -> Result<HashMap<String, Vec<(String, String)>>, StoreError> {
        // Driven by the kind table: each record's elements are one range of
        // the element table's key (record, name, element), where starting
        // from the name would visit every record's elements of that name
        // (requests want skills too).
        let sql = format!(
            "SELECT t.id, e.element, coalesce(CAST(e.value AS TEXT), '') FROM {} t
             CROSS JOIN element e ON e.key = t.rowid AND e.name = ?1
             WHERE t.deleted IS NOT 1",
            kind.table()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let mut rows = stmt.query(params![prefix]).map_err(StoreError::sqlite)?;
        let mut map: HashMap<String, Vec<(String, String)>> = HashMap::new();
        while let Some(row) = rows.next().map_err(StoreError::sqlite)? {
            let record: String = row.get(0).map_err(StoreError::sqlite)?;
            let element: String = row.get(1).map_err(StoreError::sqlite)?;
            let value: String = row.get(2).map_err(StoreError::sqlite)?;
            map.entry(record).or_default().push((element, value));
        }
        Ok(map)
    }

    /// Every live developer with their département and availability.
    pub fn developer_rows(&self) -> Result<Vec<DeveloperRow>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, coalesce(name, ''), departement, CAST(coalesce(availability, 0) AS REAL)
                 FROM developer WHERE deleted IS NOT 1",
            )
            .map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| {
            Ok(DeveloperRow {
                id: row.get(0)?,
                name: row.get(1)?,
                departement: row.get(2)?,
                availability: row.get(3)?,
            })
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }

    /// Open assignments of each developer of `ids` (live requests
    /// assigned to them, neither delivered nor abandoned), counting those
    /// that name a developer merged into them (`merged_alias`: assigned on
    /// another site during the merge, or held by a deleted request), each
    /// request once: one range of `element_by_name` per developer and per
    /// merged one, each request checked in the covering index `request_open`.
    pub fn open_assignments_of(&self, ids: &[&str]) -> Result<HashMap<String, u32>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT count(DISTINCT e.key) FROM element e JOIN request r ON r.rowid = e.key
                 WHERE e.name = 'developer'
                   AND e.element IN (SELECT ?1 UNION SELECT id FROM merged_alias WHERE target = ?1)
                   AND r.deleted IS NOT 1
                   AND coalesce(r.status, 'new') NOT IN ('delivered', 'abandoned')",
            )
            .map_err(StoreError::sqlite)?;
        let mut counts = HashMap::with_capacity(ids.len());
        for id in ids {
            let count: i64 = stmt
                .query_row(params![id], |row| row.get(0))
                .map_err(StoreError::sqlite)?;
            counts.insert(id.to_string(), u32::try_from(count).unwrap_or(u32::MAX));
        }
        Ok(counts)
    }

    /// Developer id → hours logged on or after `since` (YYYY-MM-DD), those
    /// logged for a developer merged away counted for the one kept. Read from
    /// the listing's index: a bound of digits and hyphens compares NOCASE as
    /// BINARY (schema v26).
    pub fn hours_since(&self, since: &str) -> Result<HashMap<String, f64>, StoreError> {
        self.counted(
            "SELECT coalesce(a.target, (SELECT id FROM record_id WHERE key = h.developer)), sum(h.hours)
             FROM (SELECT t.developer, sum(CAST(coalesce(t.hours, 0) AS REAL)) AS hours
                   FROM time_entry t INDEXED BY time_entry_by_label
                   WHERE t.deleted IS NOT 1 AND t.developer IS NOT NULL AND t.date COLLATE NOCASE >= ?1
                   GROUP BY t.developer) h
             LEFT JOIN merged_alias_key a ON a.key = h.developer
             GROUP BY 1",
            params![since],
        )
        .map(|rows| rows.into_iter().collect())
    }

    fn counted(
        &self,
        sql: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<(String, f64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
        stmt.query_map(params, |row| Ok((row.get(0)?, row.get::<_, f64>(1)?)))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }

    /// Open requests wanting `skill`, in `departement` when given.
    pub fn requests_wanting(
        &self,
        skill: &str,
        departement: Option<&str>,
    ) -> Result<Vec<WantingRequest>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT r.id, coalesce(r.title, ''), r.departement FROM element e
                 JOIN request r ON r.rowid = e.key
                 WHERE e.name = 'skill' AND e.element = ?1 AND r.deleted IS NOT 1
                   AND coalesce(r.status, 'new') NOT IN ('delivered', 'abandoned')
                   AND (?2 IS NULL OR r.departement = ?2)
                 ORDER BY r.received_on DESC, r.id",
            )
            .map_err(StoreError::sqlite)?;
        stmt.query_map(params![skill, departement], |row| {
            Ok(WantingRequest {
                id: row.get(0)?,
                title: row.get(1)?,
                departement: row.get(2)?,
            })
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }
}

impl Store {
    /// Live records of `kind` whose scalar `column` names `id` (what a merge
    /// re-points). `column` must be a scalar field of `kind`.
    pub fn referencing_ids(
        &self,
        kind: Kind,
        column: &str,
        id: &str,
    ) -> Result<Vec<String>, StoreError> {
        let Some(def) = kind.field(column).filter(|def| def.set.is_none()) else {
            return Err(StoreError::sqlite(rusqlite::Error::InvalidColumnName(
                column.to_string(),
            )));
        };
        let sql = format!(
            "SELECT id FROM {} WHERE deleted IS NOT 1 AND {} ORDER BY id",
            kind.table(),
            super::sql::names(kind, def.name, "?1")
        );
        self.ids(&sql, params![id])
    }

    /// Live records of `kind` whose set `prefix` holds `element`.
    pub fn holding_ids(
        &self,
        kind: Kind,
        prefix: &str,
        element: &str,
    ) -> Result<Vec<String>, StoreError> {
        let sql = format!(
            "SELECT t.id FROM element e JOIN {} t ON t.rowid = e.key
             WHERE e.name = ?1 AND e.element = ?2 AND t.deleted IS NOT 1 ORDER BY t.id",
            kind.table()
        );
        self.ids(&sql, params![prefix, element])
    }

    fn ids(&self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(StoreError::sqlite)?;
        stmt.query_map(params, |row| row.get(0))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }
}
