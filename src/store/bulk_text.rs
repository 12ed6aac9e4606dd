//! The full-text index on the bulk path of an import (`store::bulk`): the
//! triggers that keep an FTS5 table in step with a kind table's rows on
//! insert and update are suspended with the figure triggers when the schema
//! says how to fill that index from scratch (a view `fill_<index>`, schema
//! v33), and the index is emptied and filled from the view at the end, in
//! one statement. Tables, columns and triggers are read from the schema: a
//! trigger's header and body, never a name written here.

use super::StoreError;
use super::bulk::{find_word, quoted, schema_names, words, written_tables};
use rusqlite::Connection;

/// Prefix of the views that give a full-text index's rows from scratch.
const FILL_PREFIX: &str = "fill_";

/// A full-text index filled from scratch at the end of a bulk import: the
/// view gives the rowid, then the indexed columns, of every row its insert
/// trigger would index. Emptying it first (`'delete-all'`: its tables are
/// contentless) leaves no row that the import changed or removed.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TextFill {
    index: String,
    view: String,
    /// The view's columns, `rowid` first, as the index's insert names them.
    columns: Vec<String>,
}

impl TextFill {
    /// Empties the index and fills it from its view.
    pub(super) fn run(&self, conn: &Connection) -> Result<(), StoreError> {
        let index = quoted(&self.index);
        let columns = self
            .columns
            .iter()
            .map(|column| quoted(column))
            .collect::<Vec<_>>()
            .join(", ");
        conn.execute_batch(&format!(
            "INSERT INTO {index}({index}) VALUES ('delete-all');
             INSERT INTO {index}({columns}) SELECT {columns} FROM {};",
            quoted(&self.view)
        ))
        .map_err(StoreError::sqlite)
    }

    /// Whether a trigger is one this fill replaces: on insert or update,
    /// writing its index and nothing else (what else it wrote would be
    /// lost while it is suspended).
    pub(super) fn replaces(&self, sql: &str) -> bool {
        let written = written_tables(sql);
        matches!(event(sql), Some(Event::Insert | Event::Update))
            && !written.is_empty()
            && written.iter().all(|table| *table == self.index)
    }
}

/// The full-text indexes that have a fill view, with its columns.
pub(super) fn text_fills(conn: &Connection) -> Result<Vec<TextFill>, StoreError> {
    let indexes = schema_names(
        conn,
        &format!(
            "SELECT t.name FROM sqlite_master t JOIN sqlite_master v
               ON v.type = 'view' AND v.name = '{FILL_PREFIX}' || t.name
             WHERE t.type = 'table' AND t.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.sql LIKE '%USING fts5%'"
        ),
    )?;
    let mut fills = Vec::new();
    for index in indexes {
        let view = format!("{FILL_PREFIX}{index}");
        let columns = view_columns(conn, &view)?;
        fills.push(TextFill {
            index,
            view,
            columns,
        });
    }
    Ok(fills)
}

/// A view's column names, in order.
fn view_columns(conn: &Connection, view: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn
        .prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
        .map_err(StoreError::sqlite)?;
    let names = stmt
        .query_map([view], |row| row.get::<_, String>(0))
        .map_err(StoreError::sqlite)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(StoreError::sqlite)?;
    Ok(names)
}

/// What fires a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Event {
    Insert,
    Update,
    Delete,
}

/// What fires a trigger (`CREATE TRIGGER [IF NOT EXISTS] name [BEFORE |
/// AFTER] event ... BEGIN`); `None` if it cannot be read.
fn event(sql: &str) -> Option<Event> {
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
    words
        .iter()
        .skip(name + 1)
        .find_map(|word| match word.to_ascii_uppercase().as_str() {
            "INSERT" => Some(Event::Insert),
            "UPDATE" => Some(Event::Update),
            "DELETE" => Some(Event::Delete),
            _ => None,
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
    fn reads_what_fires_a_trigger() {
        let update = "CREATE TRIGGER request_text_update AFTER UPDATE OF need, \"data_sources\", deleted ON request
            BEGIN DELETE FROM request_text WHERE rowid = 1; END";
        assert_eq!(event(update), Some(Event::Update));
        // A trigger named after an event is not taken for it.
        let insert = "CREATE TRIGGER IF NOT EXISTS \"update\" AFTER INSERT ON \"workshop\"
            WHEN new.notes IS NOT NULL BEGIN SELECT 1; END";
        assert_eq!(event(insert), Some(Event::Insert));
        let delete = "CREATE TRIGGER insert_log BEFORE DELETE ON t BEGIN SELECT 1; END";
        assert_eq!(event(delete), Some(Event::Delete));
        assert_eq!(event("CREATE TRIGGER t AFTER INSERT ON x SELECT 1"), None);
    }

    #[test]
    fn a_fill_replaces_the_triggers_that_only_write_its_index_on_insert_and_update() {
        let fill = TextFill {
            index: "request_text".into(),
            view: "fill_request_text".into(),
            columns: vec!["rowid".into(), "need".into()],
        };
        let on = |event: &str, body: &str| {
            format!("CREATE TRIGGER t AFTER {event} ON request BEGIN {body}; END")
        };
        let writes = "INSERT INTO request_text(rowid, need) VALUES (new.rowid, new.need)";
        assert!(fill.replaces(&on("INSERT", writes)));
        assert!(fill.replaces(&on("UPDATE OF need", writes)));
        assert!(!fill.replaces(&on(
            "DELETE",
            "DELETE FROM request_text WHERE rowid = old.rowid"
        )));
        assert!(!fill.replaces(&on("INSERT", "INSERT INTO workshop_text(rowid) VALUES (1)")));
        let also = format!("{writes}; INSERT INTO audit(id) VALUES (new.rowid)");
        assert!(
            !fill.replaces(&on("INSERT", &also)),
            "it writes another table too"
        );
    }
}
