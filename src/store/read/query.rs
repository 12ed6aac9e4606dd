//! The SQL of a listing: a kind's rows in label order (with the labels of
//! the records they reference) and, beside them in the same order, their
//! set elements. Written once here so that the walk and the tests of its
//! query plan read the same statement.

use super::labels::{LabelJoins, label_joins};
use crate::domain::Kind;
use crate::store::sql;

/// A listing's statements and where its parts sit in a row.
pub(super) struct ListingQuery {
    /// The rows: `id`, `deleted`, the scalars, the row's key, then the
    /// joined labels.
    pub(super) rows: String,
    /// The set elements of the same rows, in the same order.
    pub(super) elements: String,
    /// The scalar fields read, in schema order.
    pub(super) scalars: Vec<&'static str>,
    /// The referenced records' labels read beside the rows.
    pub(super) joins: LabelJoins,
    /// Position of the row's key (its set elements are matched by it).
    pub(super) key_at: usize,
}

impl ListingQuery {
    /// Position of the first joined label in a row.
    pub(super) fn first_label(&self) -> usize {
        self.key_at + 1
    }
}

/// The listing of `kind`'s live records: the label and the `shown` scalar
/// fields, the labels of the `named` references, within `within` (an
/// ` AND …` condition, or nothing).
pub(super) fn listing_query(
    kind: Kind,
    shown: &[&str],
    named: &[&str],
    within: &str,
) -> ListingQuery {
    let table = kind.table();
    let label = kind.label_field();
    let order = format!("{}, t.id", sql::order_key(kind, "t", label, ""));
    // Schema order, from the schema: names never come from data.
    let scalars: Vec<&'static str> = kind
        .scalar_fields()
        .map(|field| field.name)
        .filter(|name| *name == label || shown.contains(name))
        .collect();
    let joins = label_joins(kind, named);
    let mut columns: Vec<String> = ["id", "deleted"]
        .iter()
        .chain(&scalars)
        .map(|column| match joins.row_of(column) {
            Some(row) => sql::read_column_beside(kind, "t", column, &row),
            None => sql::read_column(kind, "t", column),
        })
        .collect();
    // The row's key, after the fields: its set elements are matched by it.
    columns.push("t.rowid".to_string());
    let key_at = columns.len() - 1;
    let rows = format!(
        "SELECT {}{} FROM {table} t{} WHERE t.deleted IS NOT 1{within} ORDER BY {order}",
        columns.join(", "),
        joins.columns,
        joins.tables,
    );
    // CROSS JOIN keeps the record table outside, so the order comes from
    // its index and each record's elements from the element table's
    // primary key, with no sort of the whole.
    let elements = format!(
        "SELECT t.rowid, e.name, e.element, e.value FROM {table} t
         CROSS JOIN element e ON e.key = t.rowid
         WHERE t.deleted IS NOT 1{within} ORDER BY {order}"
    );
    ListingQuery {
        rows,
        elements,
        scalars,
        joins,
        key_at,
    }
}

#[cfg(test)]
mod tests {
    use super::super::halves::Cut;
    use super::*;
    use crate::domain::clock::FixedClock;
    use crate::store::Store;
    use rusqlite::types::Value;
    use std::sync::Arc;

    /// SQLite's plan of `sql` on a new store, one line per step.
    fn plan(sql: &str) -> String {
        let store = Store::open_in_memory(Arc::new(FixedClock::new(1_780_000_000_000))).unwrap();
        crate::store::query_plan(&store.conn, sql)
            .unwrap()
            .join("\n")
    }

    fn every_scalar(kind: Kind) -> Vec<&'static str> {
        kind.scalar_fields().map(|field| field.name).collect()
    }

    #[test]
    fn every_column_of_the_time_entries_is_read_from_their_label_index_alone() {
        // `list time --json`: every scalar, no label joined. Fetching each
        // row from the table in date order was most of its page reads.
        let all = every_scalar(Kind::Time);
        let whole = plan(&listing_query(Kind::Time, &all, &[], "").rows);
        assert!(
            whole.contains("SCAN t USING COVERING INDEX time_entry_by_label"),
            "{whole}"
        );
        // Both halves of a long listing read the same way.
        for from in [false, true] {
            let cut = Cut {
                value: Value::Text("2025-06-01".into()),
                from,
            };
            let half = plan(&listing_query(Kind::Time, &all, &[], &cut.condition(Kind::Time)).rows);
            assert!(
                half.contains("SEARCH t USING COVERING INDEX time_entry_by_label"),
                "{half}"
            );
        }
    }

    #[test]
    fn a_note_longer_than_a_page_is_listed_whole_from_the_index() {
        // A peer's note is not held to the 300 characters of an edit: up to
        // a change's 64 KiB, it spills from the index entry into overflow
        // pages, and the listing must read it back whole, as `record` does.
        let mut store =
            Store::open_in_memory(Arc::new(FixedClock::new(1_780_000_000_000))).unwrap();
        store
            .set_identity(&crate::store::LocalIdentity::test_epn())
            .unwrap();
        let note = "Relevé « long » des fontaines ; ".repeat(1_000);
        let mut writer = store.writer("test").unwrap();
        let developer = writer.create(Kind::Developer);
        writer
            .insert_new(Kind::Developer, &developer, &[("name", "Zoé".to_string())])
            .unwrap();
        let mut ids = Vec::new();
        for (date, note) in [("2026-11-02", note.clone()), ("2026-11-01", "court".into())] {
            let id = writer.create(Kind::Time);
            let fields = [
                ("date", date.to_string()),
                ("hours", "2".to_string()),
                ("developer", developer.clone()),
                ("note", note),
            ];
            writer.insert_new(Kind::Time, &id, &fields).unwrap();
            ids.push(id);
        }
        writer.commit().unwrap();
        let listed = store.list(Kind::Time).unwrap();
        let listed_ids: Vec<&str> = listed.iter().map(|record| record.id.as_str()).collect();
        assert_eq!(listed_ids, [ids[1].as_str(), ids[0].as_str()], "date order");
        for record in &listed {
            let read = store.record(Kind::Time, &record.id).unwrap().unwrap();
            assert_eq!(record.fields, read.fields);
        }
        assert_eq!(listed[1].get("note"), Some(note.as_str()));
    }

    #[test]
    fn the_text_listing_of_time_entries_finds_the_labels_by_key() {
        let shown = ["date", "hours", "developer", "request"];
        let query = listing_query(Kind::Time, &shown, &["developer", "request"], "");
        let plan = plan(&query.rows);
        assert!(
            plan.contains("SCAN t USING COVERING INDEX time_entry_by_label"),
            "{plan}"
        );
        for joined in ["r0", "r1"] {
            let search = format!("SEARCH {joined} USING INTEGER PRIMARY KEY");
            assert!(plan.contains(&search), "{plan}");
        }
    }
}
