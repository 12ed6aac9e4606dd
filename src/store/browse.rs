//! Queries for the terminal UI: one page of a sorted, filtered listing and
//! its count; beside it (`browse/related.rs`) an organisation's requests, a
//! developer's load, the labels the search matches. They read only what is shown (LIMIT/OFFSET on the
//! indexed columns), never a whole table of records with their sets.
//!
//! Column names come from the domain schema only (a requested sort or filter
//! field that is not a scalar column of the kind is ignored), so formatting
//! them into SQL is safe; values are always bound parameters.

use super::read::row_to_record;
use super::{Record, Store, StoreError, sql};
use crate::domain::Kind;
use crate::domain::vocab::Vocab;
use rusqlite::types::Value;

mod related;

/// Hours logged on one record (see `Store::hours_on`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HoursOn {
    pub total: f64,
    /// In the year of the day asked about.
    pub year: f64,
    /// In its month.
    pub month: f64,
    pub entries: u64,
}

/// What a listing shows: which kind, filtered how, sorted by which column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrowseQuery {
    pub kind: Kind,
    /// `(column, value)` pairs that must all hold.
    pub filters: Vec<(&'static str, String)>,
    pub sort: &'static str,
    pub descending: bool,
}

impl BrowseQuery {
    pub fn new(kind: Kind) -> BrowseQuery {
        BrowseQuery {
            kind,
            filters: Vec::new(),
            sort: kind.label_field(),
            descending: false,
        }
    }

    fn is_column(&self, name: &str) -> bool {
        self.kind
            .field(name)
            .is_some_and(|field| field.set.is_none())
    }

    /// `WHERE …` and its parameters.
    fn where_clause(&self) -> (String, Vec<Value>) {
        let mut sql = String::from("WHERE deleted IS NOT 1");
        let mut params = Vec::new();
        for (column, value) in &self.filters {
            if self.is_column(column) {
                params.push(Value::Text(value.clone()));
                let param = format!("?{}", params.len());
                sql.push_str(&format!(" AND {}", sql::names(self.kind, column, &param)));
            }
        }
        (sql, params)
    }

    /// `ORDER BY …`; `reversed` reads the same order from the other end.
    fn order_clause(&self, reversed: bool) -> String {
        // A keyed reference (v29) would sort by key, not by the id: such
        // a listing keeps the label's order.
        let sort = if self.is_column(self.sort) && !sql::keyed(self.kind, self.sort) {
            self.sort
        } else {
            self.kind.label_field()
        };
        let descending = self.descending != reversed;
        let direction = if descending { "DESC" } else { "ASC" };
        let tie = if reversed { "DESC" } else { "ASC" };
        let label = self.kind.label_field();
        // Words folded (« Écomusée » among the E), as the label index is.
        if sort == label {
            let label_key = sql::order_key(self.kind, "", label, direction);
            return format!("ORDER BY {label_key}, id {tie}");
        }
        let label_key = sql::order_key(self.kind, "", label, tie);
        let vocab = self.kind.field(sort).and_then(|field| field.ty.vocab());
        let key = match vocab {
            Some(vocab) => format!(
                "{} {direction}, {sort} {direction}",
                vocab_rank(sort, vocab)
            ),
            None => sql::order_key(self.kind, "", sort, direction),
        };
        format!("ORDER BY {key}, {label_key}, id {tie}")
    }
}

/// A vocabulary column's place in its vocabulary, the order its pickers
/// list (a status in the workflow's order, a priority from low to urgent)
/// rather than the slugs' alphabet; a slug the vocabulary does not know (a
/// newer peer's) after the known ones. Slugs come from the compiled-in
/// vocabulary file, quoted all the same.
fn vocab_rank(column: &str, vocab: Vocab) -> String {
    let terms = vocab.terms();
    let cases: String = terms
        .iter()
        .enumerate()
        .map(|(rank, term)| format!(" WHEN '{}' THEN {rank}", term.slug.replace('\'', "''")))
        .collect();
    format!("CASE {column}{cases} ELSE {} END", terms.len())
}

impl Store {
    /// How many live records a listing holds.
    pub fn browse_count(&self, query: &BrowseQuery) -> Result<usize, StoreError> {
        let (where_sql, params) = query.where_clause();
        let sql = format!("SELECT count(*) FROM {} {where_sql}", query.kind.table());
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        let count: i64 = stmt
            .query_row(rusqlite::params_from_iter(params), |row| row.get(0))
            .map_err(StoreError::sqlite)?;
        Ok(count.max(0) as usize)
    }

    /// Rows `offset .. offset + limit` of a listing (scalar fields only).
    pub fn browse_page(
        &self,
        query: &BrowseQuery,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Record>, StoreError> {
        self.page(query, offset, limit, false)
    }

    /// The same rows counted from the end: skips `skip_from_end` rows from
    /// the bottom, returns the `limit` rows before them, in listing order.
    pub fn browse_page_from_end(
        &self,
        query: &BrowseQuery,
        skip_from_end: usize,
        limit: usize,
    ) -> Result<Vec<Record>, StoreError> {
        let mut rows = self.page(query, skip_from_end, limit, true)?;
        rows.reverse();
        Ok(rows)
    }

    fn page(
        &self,
        query: &BrowseQuery,
        offset: usize,
        limit: usize,
        reversed: bool,
    ) -> Result<Vec<Record>, StoreError> {
        let (where_sql, mut params) = query.where_clause();
        params.push(Value::Integer(limit as i64));
        params.push(Value::Integer(offset as i64));
        // The page's rows are found first by rowid, sorted and skipped on
        // what the kind's covering label index holds (schema v16) rather
        // than on the table's whole rows; only those rows are then read.
        let table = query.kind.table();
        let order = query.order_clause(reversed);
        let sql = format!(
            "SELECT {} FROM {table} WHERE rowid IN
                 (SELECT rowid FROM {table} {where_sql} {order} LIMIT ?{} OFFSET ?{})
             {order}",
            sql::read_columns(query.kind, table).join(", "),
            params.len() - 1,
            params.len()
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(StoreError::sqlite)?;
        stmt.query_map(rusqlite::params_from_iter(params), |row| {
            row_to_record(query.kind, row)
        })
        .map_err(StoreError::sqlite)?
        .collect::<Result<_, _>>()
        .map_err(StoreError::sqlite)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clock::FixedClock;
    use std::sync::Arc;

    fn store_with(titles: &[(&str, &str)]) -> Store {
        let mut store =
            Store::open_in_memory(Arc::new(FixedClock::new(1_780_000_000_000))).expect("store");
        store
            .set_identity(&super::super::LocalIdentity::test_epn())
            .expect("identity");
        let mut writer = store.writer("test").expect("writer");
        for (title, status) in titles {
            let id = writer.create(Kind::Request);
            writer
                .insert_new(
                    Kind::Request,
                    &id,
                    &[("title", title.to_string()), ("status", status.to_string())],
                )
                .expect("insert");
        }
        writer.commit().expect("commit");
        store
    }

    #[test]
    fn a_page_is_sorted_filtered_and_counted() {
        let store = store_with(&[("b", "new"), ("a", "new"), ("c", "delivered"), ("D", "new")]);
        let mut query = BrowseQuery::new(Kind::Request);
        assert_eq!(store.browse_count(&query).unwrap(), 4);
        let page = store.browse_page(&query, 1, 2).unwrap();
        let titles: Vec<&str> = page.iter().map(|r| r.label()).collect();
        assert_eq!(titles, ["b", "c"]);
        query.filters.push(("status", "new".into()));
        query.descending = true;
        assert_eq!(store.browse_count(&query).unwrap(), 3);
        let page = store.browse_page(&query, 0, 10).unwrap();
        let titles: Vec<&str> = page.iter().map(|r| r.label()).collect();
        assert_eq!(titles, ["D", "b", "a"]);
    }

    #[test]
    fn a_vocabulary_column_sorts_in_the_vocabulary_order_not_the_slugs_alphabet() {
        let store = store_with(&[
            ("a", "delivered"),
            ("b", "abandoned"),
            ("c", "in_progress"),
            ("d", "new"),
            ("e", "from-a-newer-peer"),
            ("f", "qualified"),
            ("g", "assigned"),
            ("h", "new"),
        ]);
        let mut query = BrowseQuery::new(Kind::Request);
        query.sort = "status";
        let titles = |query: &BrowseQuery| -> Vec<String> {
            let page = store.browse_page(query, 0, 10).unwrap();
            page.iter().map(|r| r.label().to_string()).collect()
        };
        // The workflow, then what the vocabulary does not know; equal
        // statuses by title.
        assert_eq!(titles(&query), ["d", "h", "f", "g", "c", "a", "b", "e"]);
        query.descending = true;
        assert_eq!(titles(&query), ["e", "b", "a", "c", "g", "f", "d", "h"]);
        let from_end = store.browse_page_from_end(&query, 0, 3).unwrap();
        let last: Vec<&str> = from_end.iter().map(|r| r.label()).collect();
        assert_eq!(last, ["f", "d", "h"]);
    }

    #[test]
    fn unknown_columns_are_ignored_not_formatted_into_sql() {
        let store = store_with(&[("a", "new")]);
        let mut query = BrowseQuery::new(Kind::Request);
        query
            .filters
            .push(("1=1; DROP TABLE request; --", "x".into()));
        query.sort = "nope";
        assert_eq!(store.browse_count(&query).unwrap(), 1);
        assert_eq!(store.browse_page(&query, 0, 5).unwrap().len(), 1);
    }

    #[test]
    fn reading_from_the_end_gives_the_same_rows_as_reading_from_the_start() {
        // Equal titles too, so that the tie-breakers must reverse as well.
        let rows: Vec<(String, &str)> = (0..23)
            .map(|i| {
                (
                    format!("t{}", i % 7),
                    if i % 3 == 0 { "new" } else { "qualified" },
                )
            })
            .collect();
        let pairs: Vec<(&str, &str)> = rows.iter().map(|(t, s)| (t.as_str(), *s)).collect();
        let store = store_with(&pairs);
        for (sort, descending) in [
            ("title", false),
            ("title", true),
            ("status", false),
            ("status", true),
        ] {
            let mut query = BrowseQuery::new(Kind::Request);
            query.sort = sort;
            query.descending = descending;
            let all: Vec<String> = store
                .browse_page(&query, 0, 100)
                .unwrap()
                .into_iter()
                .map(|r| r.id)
                .collect();
            for (skip, limit) in [(0, 5), (3, 4), (18, 5), (20, 10)] {
                let tail: Vec<String> = store
                    .browse_page_from_end(&query, skip, limit)
                    .unwrap()
                    .into_iter()
                    .map(|r| r.id)
                    .collect();
                let end = all.len() - skip;
                let start = end.saturating_sub(limit);
                assert_eq!(
                    tail,
                    all[start..end].to_vec(),
                    "{sort} desc={descending} skip={skip} limit={limit}"
                );
            }
        }
    }
}
