//! The bulk path of a large import (issue 13 item 2): every kept figure is a
//! function of the log (GUIDE: derived state), so when a batch is large
//! relative to what the replica holds, maintaining the figures row by row
//! through triggers costs more than recounting them once.
//!
//! Inside the import's own transaction, `Suspended::begin` drops the triggers
//! whose every written table has a from-scratch definition (a view
//! `recount_<table>`), keeping their SQL as `sqlite_master` gives it, and the
//! secondary indexes of the kind tables and the elements likewise; the import
//! runs; `Suspended::finish` builds the indexes again, refills those tables from
//! their views and creates the triggers again from the saved SQL; the kept
//! digests, which need SHA-256 rather than a view, are likewise rebuilt in one
//! pass (`digest_kept::rebuild`) instead of per record written. Nothing here
//! names a trigger, an index or a table: they are read from the schema, which
//! other migrations change. The full-text indexes' triggers on insert and
//! update are dropped too when a view `fill_<index>` gives the index's rows
//! (`bulk_text`), and the index is filled from it at the end. A trigger that
//! also writes a table without such a view (merged links) stays and runs as
//! before. Any error or crash before the commit rolls the DDL back with the
//! rest: the database is exactly as before, triggers and indexes included.

use super::StoreError;
use super::bulk_text::{TextFill, text_fills, unquoted};
use crate::domain::Kind;
use rusqlite::Connection;
use std::collections::BTreeSet;

/// Whether an import uses the bulk path.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BulkMode {
    /// When the batch announces many changes relative to those held.
    #[default]
    Auto,
    /// Never (the incremental path; tests compare both).
    Never,
    /// Always, whatever the sizes (tests).
    Always,
}

/// Fewest announced changes for the automatic bulk path: below this, the
/// recount's full pass over the kind tables costs more than it saves.
pub const BULK_MIN_CHANGES: u64 = 20_000;

/// The automatic bulk path also needs the batch to bring at least this
/// share of the changes the replica holds (1/RATIO): the recount reads
/// every row, the triggers only the touched ones.
pub const BULK_HELD_RATIO: u64 = 2;

/// Prefix of the views that define a kept table from scratch.
const RECOUNT_PREFIX: &str = "recount_";

/// Decides whether a batch announcing `expected` changes takes the bulk path.
pub fn wanted(
    conn: &Connection,
    mode: BulkMode,
    expected: Option<u64>,
) -> Result<bool, StoreError> {
    match mode {
        BulkMode::Never => Ok(false),
        BulkMode::Always => Ok(true),
        BulkMode::Auto => {
            let Some(expected) = expected else {
                return Ok(false);
            };
            if expected < BULK_MIN_CHANGES {
                return Ok(false);
            }
            let held: i64 = conn
                .query_row("SELECT coalesce(sum(changes), 0) FROM vector", [], |row| {
                    row.get(0)
                })
                .map_err(StoreError::sqlite)?;
            let held = u64::try_from(held).unwrap_or(0);
            Ok(expected.saturating_mul(BULK_HELD_RATIO) >= held)
        }
    }
}

/// Triggers and indexes dropped for the length of an import, with what
/// rebuilds their tables.
#[derive(Debug)]
pub struct Suspended {
    /// `CREATE TRIGGER` statements, as the schema held them.
    triggers: Vec<String>,
    /// Kept tables to refill from their `recount_` view.
    tables: BTreeSet<String>,
    /// `CREATE INDEX` statements of the secondary indexes suspended.
    indexes: Vec<String>,
    /// The full-text triggers on insert and update (see `TextFill`).
    text: Vec<String>,
    /// The full-text indexes those triggers write, filled at the end.
    fills: Vec<TextFill>,
}

impl Suspended {
    /// Drops every trigger whose written tables all have a recount view,
    /// the insert and update triggers of the full-text indexes that have a
    /// fill view, and the kind tables' secondary indexes.
    pub fn begin(conn: &Connection) -> Result<Suspended, StoreError> {
        let recountable = recount_views(conn)?;
        let all = schema_triggers(conn)?;
        let fills = text_fills(conn)?;
        let mut triggers = Vec::new();
        let mut tables = BTreeSet::new();
        let mut text = Vec::new();
        for (name, sql) in all {
            let written = written_tables(&sql);
            if written.is_empty() {
                continue;
            }
            if written.iter().all(|t| recountable.contains(t)) {
                tables.extend(written);
                triggers.push(sql);
            } else if fills.iter().any(|fill| fill.replaces(&sql)) {
                text.push(sql);
            } else {
                continue;
            }
            conn.execute_batch(&format!("DROP TRIGGER {}", quoted(&name)))
                .map_err(StoreError::sqlite)?;
        }
        let mut indexes = Vec::new();
        for (name, sql) in secondary_indexes(conn)? {
            conn.execute_batch(&format!("DROP INDEX {}", quoted(&name)))
                .map_err(StoreError::sqlite)?;
            indexes.push(sql);
        }
        Ok(Suspended {
            triggers,
            tables,
            indexes,
            text,
            fills,
        })
    }

    /// Creates the indexes again (one sorted build each, the recounts then
    /// use them), refills the kept tables from their definitions and the
    /// full-text indexes from theirs, then creates the triggers again.
    pub fn finish(self, conn: &Connection) -> Result<(), StoreError> {
        for sql in &self.indexes {
            conn.execute_batch(sql).map_err(StoreError::sqlite)?;
        }
        for table in &self.tables {
            let view = quoted(&format!("{RECOUNT_PREFIX}{table}"));
            let table = quoted(table);
            conn.execute_batch(&format!(
                "DELETE FROM {table}; INSERT INTO {table} SELECT * FROM {view};"
            ))
            .map_err(StoreError::sqlite)?;
        }
        for fill in &self.fills {
            fill.run(conn)?;
        }
        for sql in self.text.iter().chain(&self.triggers) {
            conn.execute_batch(sql).map_err(StoreError::sqlite)?;
        }
        Ok(())
    }
}

/// A name quoted for SQL (names come from the schema, never from outside).
pub(super) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The tables having a `recount_<table>` view.
fn recount_views(conn: &Connection) -> Result<BTreeSet<String>, StoreError> {
    let views = schema_names(
        conn,
        "SELECT v.name FROM sqlite_master v JOIN sqlite_master t
           ON t.type = 'table' AND v.name = 'recount_' || t.name
         WHERE v.type = 'view'",
    )?;
    Ok(views
        .into_iter()
        .filter_map(|view| view.strip_prefix(RECOUNT_PREFIX).map(str::to_string))
        .collect())
}

/// The names a query of `sqlite_master` gives.
pub(super) fn schema_names(conn: &Connection, sql: &str) -> Result<BTreeSet<String>, StoreError> {
    let mut stmt = conn.prepare(sql).map_err(StoreError::sqlite)?;
    let names = stmt
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(StoreError::sqlite)?
        .collect::<Result<BTreeSet<_>, _>>()
        .map_err(StoreError::sqlite)?;
    Ok(names)
}

/// The secondary indexes of the kind tables (name and SQL): each row
/// written during an import costs a B-tree insert in each (seven on
/// `request`), where building them once at the end sorts each once. The
/// derivation reads a kind table's row by its key (the rowid, schema v28),
/// which needs none of them (before v28 it read by id, and v27 made an
/// id-first covering index the only index of ids of four tables: dropping it
/// made a 100 k import read a whole table per record). The elements' index
/// by name (who has a skill, who facilitated) likewise: the derivation
/// writes elements by record key, and the triggers that read them by name
/// keep figures, dropped here too (half a million rows inserted at random
/// places of the index in a region's first import). A `UNIQUE` index is a
/// constraint and stays.
fn secondary_indexes(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn
        .prepare(
            "SELECT m.name, m.sql FROM sqlite_master m
             WHERE m.type = 'index' AND m.tbl_name = ?1 AND m.sql IS NOT NULL
             ORDER BY m.rowid",
        )
        .map_err(StoreError::sqlite)?;
    let mut out = Vec::new();
    let tables = Kind::ALL.iter().map(|kind| kind.table()).chain(["element"]);
    for table in tables {
        let rows = stmt
            .query_map([table], |row| Ok((row.get(0)?, row.get(1)?)))
            .map_err(StoreError::sqlite)?
            .collect::<Result<Vec<(String, String)>, _>>()
            .map_err(StoreError::sqlite)?;
        out.extend(rows.into_iter().filter(|(_, sql)| !is_unique(sql)));
    }
    Ok(out)
}

/// Whether a `CREATE INDEX` statement makes a unique index.
fn is_unique(sql: &str) -> bool {
    words(sql)
        .get(1)
        .is_some_and(|word| word.eq_ignore_ascii_case("UNIQUE"))
}

/// Every trigger of the schema: name and SQL.
fn schema_triggers(conn: &Connection) -> Result<Vec<(String, String)>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL ORDER BY rowid")
        .map_err(StoreError::sqlite)?;
    let rows = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .map_err(StoreError::sqlite)?
        .collect::<Result<Vec<(String, String)>, _>>()
        .map_err(StoreError::sqlite)?;
    Ok(rows)
}

/// The tables a trigger's body writes: the names after `INTO`, `DELETE
/// FROM` and `UPDATE [OR ...]` (not `UPDATE SET` of an upsert, nor the
/// `UPDATE OF` of its header, which comes before `BEGIN`). A body this
/// reading cannot follow (no `BEGIN`) writes "?" and is never suspended.
pub fn written_tables(sql: &str) -> BTreeSet<String> {
    let mut written = BTreeSet::new();
    let upper = sql.to_ascii_uppercase();
    let Some(start) = find_word(&upper, "BEGIN") else {
        written.insert("?".to_string());
        return written;
    };
    let words = words(&sql[start..]);
    let mut i = 0;
    while i < words.len() {
        let word = words[i].to_ascii_uppercase();
        let target = match word.as_str() {
            "INTO" => words.get(i + 1),
            "DELETE"
                if words
                    .get(i + 1)
                    .is_some_and(|w| w.eq_ignore_ascii_case("FROM")) =>
            {
                words.get(i + 2)
            }
            "UPDATE" => {
                let next = words.get(i + 1);
                match next {
                    Some(w) if w.eq_ignore_ascii_case("SET") => None,
                    Some(w) if w.eq_ignore_ascii_case("OR") => words.get(i + 3),
                    other => other,
                }
            }
            _ => None,
        };
        if let Some(table) = target {
            written.insert(unquoted(table));
        }
        i += 1;
    }
    written
}

/// Byte offset of `word` standing alone in `upper` (already upper case).
pub(super) fn find_word(upper: &str, word: &str) -> Option<usize> {
    let bytes = upper.as_bytes();
    let mut from = 0;
    while let Some(at) = upper[from..].find(word) {
        let at = from + at;
        let end = at + word.len();
        let before = at == 0 || !is_name_byte(bytes[at - 1]);
        let after = end >= bytes.len() || !is_name_byte(bytes[end]);
        if before && after {
            return Some(at);
        }
        from = end;
    }
    None
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'"' || b == b'`'
}

/// The SQL's names and keywords, in order (punctuation splits them; a
/// table name may be followed directly by its column list).
pub(super) fn words(sql: &str) -> Vec<&str> {
    sql.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '"' || c == '`'))
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// While suspended, the derivation's reads of a kind table's row (for
    /// each record it writes) and its removal of an element are still
    /// searches, not scans of the table.
    #[test]
    fn suspended_indexes_leave_every_kind_table_searchable_by_id() -> Result<(), StoreError> {
        let mut conn = Connection::open_in_memory().map_err(StoreError::sqlite)?;
        super::super::migrate::prepare(&mut conn, std::path::Path::new(":memory:"))?;
        conn.execute_batch("BEGIN").map_err(StoreError::sqlite)?;
        let suspended = Suspended::begin(&conn)?;
        assert!(
            suspended
                .indexes
                .iter()
                .any(|sql| sql.contains(" ON element ")),
            "the elements' index is suspended: {:?}",
            suspended.indexes
        );
        let element_removal =
            "DELETE FROM main.element WHERE key = ?1 AND name = ?2 AND element = ?3";
        let reads = Kind::ALL
            .iter()
            .map(|kind| super::super::sql::read_deleted(*kind))
            .chain([element_removal]);
        for read in reads {
            let plan = super::super::query_plan(&conn, read)?;
            assert!(
                !plan.iter().any(|step| step.starts_with("SCAN")),
                "{read}: {plan:?}"
            );
        }
        suspended.finish(&conn)?;
        conn.execute_batch("ROLLBACK").map_err(StoreError::sqlite)
    }

    #[test]
    fn reads_the_written_tables_of_a_trigger_body() {
        let sql = "CREATE TRIGGER t AFTER UPDATE OF a, b ON request WHEN 1 BEGIN
            INSERT INTO fig_x(year, n) SELECT 1, 2 ON CONFLICT DO UPDATE SET n = n + excluded.n;
            DELETE FROM review_dangling WHERE record = new.id;
            INSERT OR IGNORE INTO siret_count(siret, n) VALUES (1, 1);
            UPDATE OR REPLACE \"other\" SET x = 1;
        END";
        let written = written_tables(sql);
        let expected: BTreeSet<String> = ["fig_x", "review_dangling", "siret_count", "other"]
            .into_iter()
            .map(str::to_string)
            .collect();
        assert_eq!(written, expected);
    }

    #[test]
    fn a_unique_index_is_told_apart() {
        assert!(is_unique("CREATE UNIQUE INDEX x ON t (a)"));
        assert!(is_unique("create unique index \"x\" ON t (a)"));
        assert!(!is_unique("CREATE INDEX unique_x ON t (a)"));
    }

    #[test]
    fn a_body_it_cannot_read_is_never_suspended() {
        assert!(written_tables("CREATE TRIGGER t AFTER INSERT ON x SELECT 1").contains("?"));
    }
}
