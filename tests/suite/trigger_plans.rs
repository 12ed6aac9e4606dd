//! The triggers that keep figures current (schema v14 and later) run inside
//! every write, so each of their statements must find its rows through an
//! index bound to the written record: a loop over every row of a name or a
//! table costs the whole table on each write (v14's request triggers walked
//! every `breakdown` element: 0.2-0.5 s per request at demo scale 100,000).
//! SQLite plans without statistics here (no `ANALYZE`), so the plans read on
//! a small database are those a large one gets.

use crate::cli_support;

use cli_support::Env;
use rusqlite::Connection;
use rusqlite::config::DbConfig;

/// Writes of every kind the triggers watch, with any values: only their
/// plans are read (`EXPLAIN QUERY PLAN` runs nothing). A row is updated or
/// deleted under its record's key (its rowid), as the materialiser does
/// (`keys::row_of`; the kind tables have no unique index of ids, v28); a
/// time entry's references are record keys (v29).
const WRITES: &[&str] = &[
    "INSERT OR REPLACE INTO request(id, title, departement, status, received_on, organisation) VALUES ('r', 't', '04', 'new', '2026-01-01', 'o')",
    "UPDATE request SET departement = '05', status = 'qualified', deleted = 1, organisation = 'p' WHERE rowid = 7",
    "DELETE FROM request WHERE rowid = 7",
    "INSERT OR REPLACE INTO workshop(id, title, date, request, participants, duration) VALUES ('w', 't', '2026-01-01', 'r', 3, 2)",
    "UPDATE workshop SET date = '2026-02-01', request = 'q', deleted = 1 WHERE rowid = 7",
    "DELETE FROM workshop WHERE rowid = 7",
    "INSERT OR REPLACE INTO time_entry(id, developer, request, date, hours) VALUES ('t', 3, 4, '2026-01-01', 2)",
    "UPDATE time_entry SET developer = 5, date = '2026-02-01', deleted = 1 WHERE rowid = 7",
    "DELETE FROM time_entry WHERE rowid = 7",
    "DELETE FROM developer WHERE rowid = 7",
    "INSERT OR REPLACE INTO element(key, name, element, value) VALUES (7, 'breakdown', 'g', '3')",
    "DELETE FROM element WHERE key = 7 AND name = 'breakdown'",
    "INSERT OR REPLACE INTO developer(id, name, departement) VALUES ('d', 'n', '04')",
    "UPDATE developer SET departement = '05', deleted = 1 WHERE rowid = 7",
    "INSERT OR REPLACE INTO org(id, name, siret) VALUES ('o', 'n', '12345678900011')",
    "UPDATE org SET deleted = 1 WHERE rowid = 7",
    "INSERT OR REPLACE INTO deliverable(id, title, request, published_on) VALUES ('v', 't', 'r', '2026-01-01')",
];

/// Every line of the plan of `sql`, triggers' statements included.
fn plan(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let rows = stmt.query_map([], |row| row.get::<_, String>(3)).unwrap();
    rows.map(Result::unwrap).collect()
}

/// A plan line that reads rows not bound to the written record.
fn walks(line: &str) -> bool {
    // A virtual table's `INDEX 0:=` is FTS5 reading one rowid.
    let bound_virtual = line.contains("VIRTUAL TABLE INDEX") && line.ends_with(":=");
    let scans_table =
        line.starts_with("SCAN ") && !line.starts_with("SCAN CONSTANT ROW") && !bound_virtual;
    // `element_by_name (name=?)`: every element of one name, e.g. every
    // workshop's breakdown lines.
    let walks_a_name = line.contains("element_by_name (name=?)");
    scans_table || walks_a_name
}

#[test]
fn no_trigger_walks_a_table_on_a_write() {
    let env = Env::new();
    env.ok(&["status"]);
    let conn = Connection::open(&env.db).unwrap();
    assert!(
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRIGGER_EQP, true)
            .unwrap()
    );
    let mut seen = 0;
    for write in WRITES {
        let lines = plan(&conn, write);
        seen += lines.len();
        let walking: Vec<&String> = lines.iter().filter(|line| walks(line)).collect();
        assert!(walking.is_empty(), "{write}\nwalks: {walking:#?}");
    }
    // The triggers' statements are in the plans (hundreds of lines), so the
    // check above read them, not the bare writes alone.
    assert!(
        seen > 200,
        "only {seen} plan lines: trigger plans not shown"
    );
}
