//! The full-text index on the bulk path of an import (`store::bulk`): the
//! triggers that keep an FTS5 table in step with a kind table's rows (on
//! insert and update) are suspended with the figure triggers, and the index
//! is filled at the end by one statement per table that fires the update
//! trigger on every row. Tables, columns and triggers are read from the
//! schema: a trigger's header and body, never a name written here.

use super::StoreError;
use super::bulk::{find_word, quoted, schema_names, words, written_tables};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};

/// A table whose rows feed a full-text index through triggers: its update
/// trigger, fired once on every row by one statement (`UPDATE t SET c =
/// c`, `c` a column it watches), indexes every row from its current values.
/// One statement, one flush of the index's pending terms as they fill,
/// where the triggers flushed them at each write of a row (its contentless
/// tables have no `'rebuild'`).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TextSweep {
    table: String,
    column: String,
}

impl TextSweep {
    /// Fires the table's update trigger on every row, in one statement.
    pub(super) fn run(&self, conn: &Connection) -> Result<(), StoreError> {
        let column = quoted(&self.column);
        conn.execute_batch(&format!(
            "UPDATE {} SET {column} = {column}",
            quoted(&self.table)
        ))
        .map_err(StoreError::sqlite)
    }
}

/// The tables whose full-text triggers can be suspended: every trigger
/// writing an FTS5 table from them fires on insert or update, exactly one
/// on update, and that one watches named columns (`UPDATE OF`).
pub(super) fn text_sweeps(
    conn: &Connection,
    triggers: &[(String, String)],
) -> Result<Vec<TextSweep>, StoreError> {
    let fts = fts_tables(conn)?;
    let mut by_table: BTreeMap<String, Vec<Header>> = BTreeMap::new();
    for (_, sql) in triggers {
        if !written_tables(sql).iter().any(|t| fts.contains(t)) {
            continue;
        }
        let Some(header) = header(sql) else {
            continue;
        };
        by_table
            .entry(header.table.clone())
            .or_default()
            .push(header);
    }
    let mut sweeps = Vec::new();
    for (table, headers) in by_table {
        let updates: Vec<&Header> = headers
            .iter()
            .filter(|h| h.event == Event::Update)
            .collect();
        if let [update] = updates.as_slice()
            && let Some(column) = update.columns.first()
        {
            sweeps.push(TextSweep {
                table,
                column: column.clone(),
            });
        }
    }
    Ok(sweeps)
}

/// Whether a trigger is one of the full-text triggers `sweep` replaces:
/// on its table, on insert or update, writing a table with no recount view
/// (checked by the caller).
pub(super) fn sweeps_trigger(sweep: &TextSweep, sql: &str) -> bool {
    header(sql)
        .is_some_and(|h| h.table == sweep.table && matches!(h.event, Event::Insert | Event::Update))
}

/// The FTS5 virtual tables of the schema.
fn fts_tables(conn: &Connection) -> Result<BTreeSet<String>, StoreError> {
    schema_names(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'table'
         AND sql LIKE 'CREATE VIRTUAL TABLE%' AND sql LIKE '%USING fts5%'",
    )
}

/// What fires a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    Insert,
    Update,
    Delete,
}

/// A trigger's header: its event, its table and, for `UPDATE OF`, the
/// columns it watches.
#[derive(Debug, PartialEq, Eq)]
struct Header {
    event: Event,
    table: String,
    columns: Vec<String>,
}

/// Reads a trigger's header (`CREATE TRIGGER [IF NOT EXISTS] name [BEFORE |
/// AFTER] event [OF columns] ON table ... BEGIN`); `None` if it cannot.
fn header(sql: &str) -> Option<Header> {
    let upper = sql.to_ascii_uppercase();
    let begin = find_word(&upper, "BEGIN")?;
    let words = words(sql.get(..begin)?);
    let trigger = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("TRIGGER"))?;
    let if_not_exists = words
        .get(trigger + 1)
        .is_some_and(|w| w.eq_ignore_ascii_case("IF"));
    let name = trigger + if if_not_exists { 4 } else { 1 };
    let (at, event) = words
        .iter()
        .enumerate()
        .skip(name + 1)
        .find_map(|(at, word)| {
            let event = match word.to_ascii_uppercase().as_str() {
                "INSERT" => Event::Insert,
                "UPDATE" => Event::Update,
                "DELETE" => Event::Delete,
                _ => return None,
            };
            Some((at, event))
        })?;
    let on = at
        + words
            .get(at..)?
            .iter()
            .position(|w| w.eq_ignore_ascii_case("ON"))?;
    let table = unquoted(words.get(on + 1)?);
    let columns = if words
        .get(at + 1)
        .is_some_and(|w| w.eq_ignore_ascii_case("OF"))
    {
        words.get(at + 2..on)?.iter().map(|w| unquoted(w)).collect()
    } else {
        Vec::new()
    };
    Some(Header {
        event,
        table,
        columns,
    })
}

/// A name as the schema spells it, without its quotes.
pub(super) fn unquoted(word: &str) -> String {
    word.trim_matches(|c| c == '"' || c == '`').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_trigger_header() {
        let update = "CREATE TRIGGER request_text_update AFTER UPDATE OF need, \"data_sources\", deleted ON request
            BEGIN DELETE FROM request_text WHERE rowid = 1; END";
        assert_eq!(
            header(update),
            Some(Header {
                event: Event::Update,
                table: "request".into(),
                columns: vec!["need".into(), "data_sources".into(), "deleted".into()],
            })
        );
        let insert = "CREATE TRIGGER IF NOT EXISTS update_log AFTER INSERT ON \"workshop\"
            WHEN new.notes IS NOT NULL BEGIN SELECT 1; END";
        assert_eq!(
            header(insert),
            Some(Header {
                event: Event::Insert,
                table: "workshop".into(),
                columns: Vec::new(),
            })
        );
        assert_eq!(header("CREATE TRIGGER t AFTER INSERT ON x SELECT 1"), None);
    }
}
