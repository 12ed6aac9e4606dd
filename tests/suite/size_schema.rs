//! Schema v16 (smaller derived tables, issue 13 item 1) and `relais compact`:
//! a database with the indexes of schema v15 migrates with its digest
//! unchanged and `check` passing; the golden fixture (schema 10) still
//! migrates; the hot queries still read an index (no `SCAN` of a big table
//! where there was a `SEARCH`, the listings from their covering label
//! index); compaction keeps the digest and `check` and does not grow the file;
//! records under keys (v22–v27) migrate and `check` finds a key gone astray.

use crate::cli_support;

use cli_support::Env;
use relais::domain::Kind;
use relais::store::{SCHEMA_VERSION, order_key};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The indexes of schema v15 that v16 drops or redefines, as v15 had them.
const V15_INDEXES: &str = "
    DROP INDEX IF EXISTS request_area;
    DROP INDEX IF EXISTS request_by_label;
    DROP INDEX IF EXISTS workshop_by_label;
    DROP INDEX IF EXISTS time_entry_by_label;
    CREATE INDEX time_by_developer ON time_entry (developer);
    CREATE INDEX time_by_request ON time_entry (request);
    CREATE INDEX workshop_by_date ON workshop (date, deleted, request, participants, duration);
    CREATE INDEX request_by_received ON request (received_on, deleted, status, departement, organisation);
    CREATE INDEX request_open ON request (id, deleted, status);
    CREATE INDEX request_area ON request (id, departement, deleted, organisation);
    CREATE INDEX request_titles ON request (deleted, id, title, received_on);
    CREATE INDEX workshop_titles ON workshop (deleted, id, title, date);
    CREATE INDEX request_by_label ON request (title COLLATE NOCASE, id);
    CREATE INDEX workshop_by_label ON workshop (title COLLATE NOCASE, id);
    CREATE INDEX time_entry_by_label ON time_entry (date COLLATE NOCASE, id);
    DROP INDEX time_by_request_date;
    CREATE INDEX time_by_request_date ON time_entry (request, date, deleted, hours, developer);
    DROP INDEX time_by_workshop_date;
    CREATE INDEX time_by_workshop_date ON time_entry (workshop, date, deleted, hours, developer);
    DROP INDEX request_by_delivered;
    CREATE INDEX request_by_delivered ON request (delivered_on, deleted, status, departement, received_on);
    PRAGMA user_version = 15;
";

/// A site with the demo's records (every kind, sets, time entries).
fn demo_env() -> Env {
    let env = Env::new();
    env.ok(&["demo", "--seed", "7", "--scale", "30"]);
    env
}

fn digest(env: &Env) -> String {
    env.json(&["status", "--json"])["digest"]
        .as_str()
        .unwrap()
        .to_string()
}

fn open(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

/// Drops what schema v17 (the dashboard's kept counts) creates, read from its
/// own SQL, so the database is back to v15's objects before v16 runs again.
fn without_v17() -> String {
    let sql = include_str!("../../src/store/schema_v17_dashboard.sql");
    let mut drops = String::new();
    for line in sql.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if let ["CREATE", what @ ("TABLE" | "VIEW" | "TRIGGER"), name, ..] = words.as_slice() {
            drops.push_str(&format!("DROP {what} IF EXISTS {name};\n"));
        }
    }
    assert!(drops.contains("kept_request_status"), "v17's objects found");
    drops
}

/// `element` back in its shape before v23 (keyed by record id), its
/// triggers and views of v23 dropped, so that the migrations from v16 on meet
/// the table they were written for (v23 writes them again).
fn element_by_id() -> String {
    let v23 = include_str!("../../src/store/schema_v23_element_key.sql");
    let drops: Vec<&str> = v23
        .lines()
        .filter(|line| line.starts_with("DROP "))
        .collect();
    assert!(drops.len() > 10, "v23's drops found");
    let rows: Vec<String> = [
        "org",
        "request",
        "developer",
        "workshop",
        "time_entry",
        "budget_line",
        "deliverable",
        "site",
        "place",
    ]
    .iter()
    .map(|table| format!("SELECT rowid AS key, id FROM {table}"))
    .collect();
    format!(
        "{}
         PRAGMA legacy_alter_table = ON;
         CREATE TABLE element_by_id (record TEXT, name TEXT, element TEXT, value TEXT,
             PRIMARY KEY (record, name, element)) WITHOUT ROWID;
         INSERT INTO element_by_id SELECT t.id, e.name, e.element, e.value
             FROM element e JOIN ({}) t ON t.key = e.key;
         DROP TABLE element;
         ALTER TABLE element_by_id RENAME TO element;
         CREATE INDEX element_by_name ON element (name, element);
         PRAGMA legacy_alter_table = OFF;",
        drops.join("\n"),
        rows.join(" UNION ")
    )
}

fn user_version(path: &Path) -> i64 {
    open(path)
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap()
}

fn index_names(path: &Path) -> Vec<String> {
    let conn = open(path);
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
        .unwrap();
    stmt.query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn backups_beside(db: &Path) -> Vec<PathBuf> {
    let dir = db.parent().unwrap();
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().contains(".backup"))
        .collect()
}

#[test]
fn a_v15_database_migrates_with_the_same_digest_and_check_passes() {
    let env = demo_env();
    let before = digest(&env);
    let listing = env.ok(&["list", "request"]);
    let listing_time = env.ok(&["list", "time"]);
    let elements = open(&env.db)
        .query_row("SELECT count(*) FROM element", [], |row| {
            row.get::<_, i64>(0)
        })
        .unwrap();
    open(&env.db).execute_batch(&element_by_id()).unwrap();
    assert_eq!(
        open(&env.db)
            .query_row("SELECT count(*) FROM element", [], |row| row
                .get::<_, i64>(0))
            .unwrap(),
        elements
    );
    open(&env.db).execute_batch(&without_v17()).unwrap();
    open(&env.db).execute_batch(V15_INDEXES).unwrap();
    assert_eq!(user_version(&env.db), 15);

    assert_eq!(digest(&env), before, "the digest after the migration");
    assert_eq!(user_version(&env.db), SCHEMA_VERSION);
    assert!(
        !backups_beside(&env.db).is_empty(),
        "a backup before migrating"
    );
    env.ok(&["check"]);
    let names = index_names(&env.db);
    for gone in [
        "time_by_developer",
        "time_by_request",
        "workshop_by_date",
        "request_by_received",
        "request_open",
        "request_titles",
        "workshop_titles",
        // v32: the year's workshops are read in rowid order, their
        // elements' key order.
        "workshop_by_id_date",
    ] {
        assert!(!names.iter().any(|name| name == gone), "{gone} is dropped");
    }
    for kept in [
        "request_area",
        "request_by_label",
        "time_entry_by_label",
        "time_by_request_date",
        "time_by_developer_date",
        "workshop_year",
        "request_year",
    ] {
        assert!(names.iter().any(|name| name == kept), "{kept} is there");
    }
    assert_eq!(env.ok(&["list", "request"]), listing);
    assert_eq!(env.ok(&["list", "time"]), listing_time);
    env.ok(&["report", "--year", "2026"]);
}

#[test]
fn the_golden_fixture_of_schema_10_still_migrates() {
    let env = Env::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = env.db.clone().into_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
    let dump = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden/relais.sql"),
    )
    .unwrap();
    open(&env.db).execute_batch(&dump).unwrap();
    assert_eq!(user_version(&env.db), 10);
    let status = env.json(&["status", "--json"]);
    assert_eq!(user_version(&env.db), SCHEMA_VERSION);
    assert!(status["digest"].as_str().is_some());
    env.ok(&["check"]);
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden/list_request.txt"),
    )
    .unwrap();
    assert_eq!(env.ok(&["list", "request"]), golden.trim());
    // v27, v28: the big kind tables lost their unique index of ids (rows are
    // found by key); the small ones keep theirs.
    let names = index_names(&env.db);
    let tables = [
        "org",
        "request",
        "developer",
        "workshop",
        "time_entry",
        "deliverable",
    ];
    for table in tables {
        let unique = format!("sqlite_autoindex_{table}_1");
        assert!(!names.contains(&unique), "{unique} is dropped: {names:?}");
    }
    assert!(names.contains(&"sqlite_autoindex_place_1".to_string()));
    // The full-text rows found their records again under the keys of v22:
    // "ascenseurs" is in the need of exactly these two requests.
    let found = env.json(&["search", "--kind", "request", "--json", "ascenseurs"]);
    let hits: Vec<(&str, &str)> = found["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| (hit["id"].as_str().unwrap(), hit["field"].as_str().unwrap()))
        .collect();
    assert_eq!(
        hits,
        [
            ("01a22d18-0b7f-7023-aa19-a6606b123fd2", "need"),
            ("01a22d18-0b79-70be-ba0b-f7c34e6640d9", "need")
        ]
    );
}

/// The plan SQLite picks for `sql`, one detail line per step.
fn plan(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    stmt.query_map([], |row| row.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Asserts that `sql` reads `table` through `index` and scans no table
/// outside an index.
fn assert_plan(conn: &Connection, sql: &str, expected: &[&str]) {
    let steps = plan(conn, sql);
    for step in &steps {
        let bare_scan = step.starts_with("SCAN ") && !step.contains("INDEX");
        assert!(!bare_scan, "{sql}\nscans a table: {steps:?}");
    }
    for wanted in expected {
        assert!(
            steps.iter().any(|step| step.contains(wanted)),
            "{sql}\nexpected {wanted:?} in {steps:?}"
        );
    }
}

#[test]
fn the_hot_queries_still_read_an_index() {
    let env = demo_env();
    let conn = open(&env.db);
    // The text listings, from their covering label index alone.
    // Labels in the order of their folded words (v30): the same expression
    // as the index.
    assert_plan(
        &conn,
        &format!(
            "SELECT t.id, t.deleted, t.title, t.status, t.departement, t.category FROM request t
             WHERE t.deleted IS NOT 1 ORDER BY {}, t.id",
            order_key(Kind::Request, "t", "title", "")
        ),
        &["COVERING INDEX request_by_label"],
    );
    assert_plan(
        &conn,
        // A time entry's references are record keys (v29): their ids are
        // read from `record_key`, their rows found by rowid.
        "SELECT t.id, t.deleted, t.date, t.hours,
                (SELECT k.id FROM main.record_key k WHERE k.key = t.developer) AS developer,
                (SELECT k.id FROM main.record_key k WHERE k.key = t.request) AS request, r0.name, r1.title
         FROM time_entry t LEFT JOIN developer r0 ON r0.rowid = t.developer
         LEFT JOIN request r1 ON r1.rowid = t.request
         WHERE t.deleted IS NOT 1 ORDER BY t.date COLLATE NOCASE, t.id",
        &[
            "COVERING INDEX time_entry_by_label",
            "SEARCH r0 USING INTEGER PRIMARY KEY",
            "SEARCH r1 USING INTEGER PRIMARY KEY",
            "SEARCH k USING INTEGER PRIMARY KEY",
        ],
    );
    for (kind, columns) in [
        (
            Kind::Workshop,
            "t.id, t.deleted, t.title, t.date, t.participants",
        ),
        (Kind::Org, "t.id, t.deleted, t.name, t.kind, t.departement"),
        (
            Kind::Developer,
            "t.id, t.deleted, t.name, t.departement, t.role",
        ),
    ] {
        let table = kind.table();
        assert_plan(
            &conn,
            &format!(
                "SELECT {columns} FROM {table} t
                 WHERE t.deleted IS NOT 1 ORDER BY {}, t.id",
                order_key(kind, "t", kind.label_field(), "")
            ),
            &[&format!("COVERING INDEX {table}_by_label")],
        );
    }
    // A screen's page sorted by another column (`Store::browse_page`):
    // the rowids sorted and skipped on the label index, not the rows.
    for (kind, sort) in [
        (Kind::Request, "status"),
        (Kind::Org, "kind"),
        (Kind::Developer, "availability"),
    ] {
        let table = kind.table();
        assert_plan(
            &conn,
            &format!(
                "SELECT * FROM {table} WHERE rowid IN (SELECT rowid FROM {table}
                 WHERE deleted IS NOT 1
                 ORDER BY {sort} DESC, {}, id LIMIT 60 OFFSET 0)",
                order_key(kind, "", kind.label_field(), "")
            ),
            &[&format!("COVERING INDEX {table}_by_label")],
        );
    }
    // `list --json`: every column, still in label order without a sort.
    assert_plan(
        &conn,
        &format!(
            "SELECT * FROM request t WHERE t.deleted IS NOT 1 ORDER BY {}, t.id",
            order_key(Kind::Request, "t", "title", "")
        ),
        &["INDEX request_by_label"],
    );
    // Search's title scans (`Store::scan_texts`), from an index, not the rows.
    assert_plan(
        &conn,
        "SELECT id, title, received_on FROM request WHERE deleted IS NOT 1",
        &["COVERING INDEX"],
    );
    assert_plan(
        &conn,
        "SELECT id, title, date FROM workshop WHERE deleted IS NOT 1",
        &["COVERING INDEX"],
    );
    // Open assignments (`Store::open_assignments_of`), each request by id.
    assert_plan(
        &conn,
        "SELECT count(DISTINCT e.key) FROM element e JOIN request r ON r.rowid = e.key
         WHERE e.name = 'developer' AND e.element = 'x' AND r.deleted IS NOT 1
           AND coalesce(r.status, 'new') NOT IN ('delivered', 'abandoned')",
        &["SEARCH e", "SEARCH r"],
    );
    // What the dropped prefix indexes served: a time entry by developer or
    // by request (the dangling-reference triggers, the detail panes).
    for column in ["developer", "request"] {
        assert_plan(
            &conn,
            &format!("SELECT id FROM time_entry WHERE {column} = 7 AND deleted IS NOT 1"),
            &[&format!("time_by_{column}_date ({column}=?)")],
        );
    }
    // The year's figures by date range (`request_by_received`, `workshop_by_date` gone).
    assert_plan(
        &conn,
        "SELECT status, departement, organisation FROM request
         WHERE received_on >= '2026-01-01' AND received_on < '2027-01-01' AND deleted IS NOT 1",
        &["COVERING INDEX request_year (received_on>? AND received_on<?)"],
    );
    assert_plan(
        &conn,
        "SELECT request, participants, duration FROM workshop
         WHERE date >= '2026-01-01' AND date < '2027-01-01' AND deleted IS NOT 1",
        &["COVERING INDEX workshop_year (date>? AND date<?)"],
    );
    // The report's hours per request and per workshop name their (now
    // partial) indexes: SQLite must still find them usable.
    for column in ["request", "workshop"] {
        assert_plan(
            &conn,
            &format!(
                "SELECT t.{column}, sum(t.hours) FROM time_entry t INDEXED BY time_by_{column}_date
                 WHERE t.{column} IS NOT NULL AND t.date >= '2026-01-01' AND t.deleted IS NOT 1
                 GROUP BY t.{column}"
            ),
            &[&format!("COVERING INDEX time_by_{column}_date")],
        );
    }
    // The figures' joins name their indexes: they still exist.
    assert_plan(
        &conn,
        "SELECT r.departement, r.organisation, r.status FROM workshop w
         LEFT JOIN request r INDEXED BY request_area ON r.id = w.request",
        &["COVERING INDEX request_area (id=?)"],
    );
}

#[test]
fn compact_keeps_the_digest_and_check_and_does_not_grow_the_file() {
    let env = demo_env();
    // Leave free pages behind, as a migration does when it drops a table.
    open(&env.db)
        .execute_batch(
            "CREATE TABLE scratch (x BLOB);
             INSERT INTO scratch SELECT zeroblob(3000) FROM element;
             DROP TABLE scratch;",
        )
        .unwrap();
    let before = digest(&env);
    let listing = env.ok(&["list", "request", "--json"]);
    let done = env.json(&["compact", "--json"]);
    let bytes_before = done["bytes_before"].as_u64().unwrap();
    let bytes_after = done["bytes_after"].as_u64().unwrap();
    assert!(bytes_after > 0 && bytes_after < bytes_before, "{done}");
    // The dropped table's pages were free in the file; all are given back.
    let free_before = done["free_bytes_before"].as_u64().unwrap();
    assert!(free_before > 0 && free_before < bytes_before, "{done}");
    assert_eq!(done["free_bytes_after"], 0, "{done}");
    assert_eq!(done["free_bytes_reclaimed"], free_before, "{done}");
    let free: i64 = open(&env.db)
        .query_row("PRAGMA freelist_count", [], |row| row.get(0))
        .unwrap();
    assert_eq!(free, 0, "no free page left");
    assert_eq!(digest(&env), before);
    env.ok(&["check"]);
    assert_eq!(env.ok(&["list", "request", "--json"]), listing);
    // Compacted again: nothing free is left to give back, and it says so.
    let said = env.ok(&["compact"]);
    assert!(said.contains("compacted"), "{said}");
    assert!(
        said.ends_with("; 0 bytes of free pages given back."),
        "{said}"
    );
}

#[test]
fn compact_speaks_french() {
    let env = Env::with_lang("fr_FR.UTF-8");
    let said = env.ok(&["compact"]);
    assert!(said.contains("compactée"), "{said}");
    assert!(said.contains("octets de pages libres rendus"), "{said}");
    // French counts 0 as one.
    let again = env.ok(&["compact"]);
    assert!(
        again
            .trim_end()
            .ends_with("; 0 octet de pages libres rendu."),
        "{again}"
    );
    // Sizes read with the thousands separator.
    let sizes = said.split_once("compactée").map_or("", |(_, sizes)| sizes);
    let longest_digits = sizes
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0);
    assert!(longest_digits <= 3, "{said}");
}

#[test]
fn check_reports_a_row_not_stored_under_its_record_key() {
    let env = demo_env();
    env.ok(&["check"]);
    let db = open(&env.db);
    let moved = db
        .execute(
            "UPDATE developer SET rowid = (SELECT max(key) FROM record_key) + 1
             WHERE rowid = (SELECT min(rowid) FROM developer)",
            [],
        )
        .unwrap();
    assert_eq!(moved, 1);
    drop(db);
    let message = env.refused(&["check"]);
    assert!(
        message.contains("developer (rows not under their record's key)"),
        "{message}"
    );
}

#[test]
fn check_reports_a_time_entry_reference_under_no_key() {
    let env = demo_env();
    let db = open(&env.db);
    // An entry logged on a workshop has no request: the log derives NULL,
    // and a key no id has would read as NULL too, so only this test of the
    // column itself can see it (schema v29).
    let pointed = db
        .execute(
            "UPDATE time_entry SET request = (SELECT max(key) FROM record_key) + 1
             WHERE rowid = (SELECT min(rowid) FROM time_entry WHERE request IS NULL)",
            [],
        )
        .unwrap();
    assert_eq!(pointed, 1);
    drop(db);
    let message = env.refused(&["check"]);
    assert!(
        message.contains("time_entry (request: references under no key)"),
        "{message}"
    );
    let db = open(&env.db);
    db.execute(
        "UPDATE time_entry SET request = NULL, workshop = 'not a key'
         WHERE rowid = (SELECT min(rowid) FROM time_entry WHERE workshop IS NOT NULL)",
        [],
    )
    .unwrap();
    drop(db);
    let message = env.refused(&["check"]);
    assert!(
        message.contains("time_entry (workshop: references under no key)"),
        "{message}"
    );
}

#[test]
fn check_reports_elements_and_kept_digests_that_no_row_holds() {
    let env = demo_env();
    let db = open(&env.db);
    db.execute_batch(
        "INSERT INTO element(key, name, element, value)
             VALUES ((SELECT max(key) FROM record_key) + 1, 'skill', 'web', '1');",
    )
    .unwrap();
    drop(db);
    let message = env.refused(&["check"]);
    assert!(
        message.contains("element (elements of no record's row)"),
        "{message}"
    );
    let db = open(&env.db);
    db.execute_batch(
        "DELETE FROM element WHERE key > (SELECT max(key) FROM record_key);
         INSERT INTO record_digest(key, digest, live)
             VALUES ((SELECT max(key) FROM record_key) + 1, zeroblob(32), 0);",
    )
    .unwrap();
    drop(db);
    let message = env.refused(&["check"]);
    assert!(
        message.contains("record_digest (digests of no record's row)"),
        "{message}"
    );
    assert!(!message.contains("element ("), "{message}");
}

/// The change log as schema v24 kept it: each record by its id (16 bytes
/// for a UUID), read back from `record_key`.
const LOG_BY_ID: &str = "
    CREATE TABLE changes_v24 (
        site    INTEGER NOT NULL,
        seq     INTEGER NOT NULL,
        record  BLOB    NOT NULL,
        kind    INTEGER NOT NULL,
        field   INTEGER NOT NULL,
        value   TEXT,
        stamp   INTEGER NOT NULL,
        wall    INTEGER NOT NULL,
        author  INTEGER NOT NULL,
        parents BLOB,
        hash    BLOB,
        purged  INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site, seq)
    ) WITHOUT ROWID;
    INSERT INTO changes_v24 SELECT c.site, c.seq, k.id, c.kind, c.field, c.value, c.stamp,
        c.wall, c.author, c.parents, c.hash, c.purged
        FROM changes c JOIN record_key k ON k.key = c.record;
    DROP TABLE changes;
    ALTER TABLE changes_v24 RENAME TO changes;
    CREATE INDEX changes_by_field ON changes (record, field);
    PRAGMA user_version = 24;
";

#[test]
fn a_log_of_ids_migrates_to_record_keys_with_the_same_digest_and_history() {
    let env = demo_env();
    let before = digest(&env);
    let request = env.ok(&["list", "request", "--json"]);
    let first = env.json(&["list", "request", "--json"])[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let history = env.ok(&["history", "request", &first]);
    let count =
        |db: &Connection, sql: &str| -> i64 { db.query_row(sql, [], |row| row.get(0)).unwrap() };
    let logged = count(&open(&env.db), "SELECT count(*) FROM changes");
    open(&env.db).execute_batch(LOG_BY_ID).unwrap();
    assert_eq!(
        count(
            &open(&env.db),
            "SELECT count(*) FROM changes WHERE typeof(record) IN ('blob', 'text')"
        ),
        logged,
        "the log is back to ids"
    );

    assert_eq!(digest(&env), before, "the digest after the migration");
    assert_eq!(user_version(&env.db), SCHEMA_VERSION);
    let db = open(&env.db);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM changes WHERE typeof(record) = 'integer'"
        ),
        logged,
        "every change names its record by key"
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM changes c JOIN record_key k ON k.key = c.record"
        ),
        logged
    );
    drop(db);
    env.ok(&["check"]);
    assert_eq!(env.ok(&["history", "request", &first]), history);
    assert_eq!(env.ok(&["list", "request", "--json"]), request);
}

#[test]
fn check_reports_a_change_whose_record_has_no_key() {
    let env = demo_env();
    let db = open(&env.db);
    db.execute_batch(
        "INSERT INTO changes(site, seq, record, kind, field, value, stamp, wall, author)
             SELECT site, seq + 1000000, (SELECT max(key) FROM record_key) + 1, kind, field,
                 value, stamp, wall, author
             FROM changes LIMIT 1;",
    )
    .unwrap();
    drop(db);
    let message = env.refused(&["check"]);
    assert!(
        message.contains("changes (changes of a record with no key)"),
        "{message}"
    );
}

#[test]
fn check_reports_a_conflict_whose_record_has_no_key() {
    let env = demo_env();
    env.ok(&["check"]);
    let db = open(&env.db);
    db.execute_batch(
        "INSERT INTO conflict(record, field, kind, reason)
             VALUES ('no-such-record', 'title', 'request', 'values');",
    )
    .unwrap();
    drop(db);
    let message = env.refused(&["check"]);
    assert!(
        message.contains("conflict (conflicts of a record with no key)"),
        "{message}"
    );
}

#[test]
fn check_reports_a_second_row_of_an_id_now_that_ids_have_no_unique_index() {
    let env = demo_env();
    let db = open(&env.db);
    let copied = db
        .execute(
            "INSERT INTO request(rowid, id, deleted, title)
                 SELECT (SELECT max(key) FROM record_key) + 1, id, deleted, title
                 FROM request LIMIT 1",
            [],
        )
        .unwrap();
    assert_eq!(copied, 1, "SQLite no longer refuses a second row of an id");
    drop(db);
    let message = env.refused(&["check"]);
    assert!(
        message.contains("request (rows not under their record's key)"),
        "{message}"
    );
}

/// The label indexes of v30 are expressions of built-in functions only, and
/// shallow enough for the `sqlite3` shell's parser (3.40 refuses about 25
/// nested calls): the reference tool still reads, checks and sorts the file.
#[test]
fn the_sqlite3_shell_reads_checks_and_sorts_the_folded_label_indexes() {
    let env = demo_env();
    env.ok(&["add", "org", "name=Écomusée de test", "--force"]);
    let shell = |sql: &str| {
        let out = std::process::Command::new("sqlite3")
            .arg("-readonly")
            .arg(&env.db)
            .arg(sql)
            .output()
            .expect("the sqlite3 shell (apt install sqlite3)");
        assert!(
            out.status.success(),
            "{sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(shell("PRAGMA integrity_check;").trim(), "ok");
    let names = shell(&format!(
        "SELECT name FROM org WHERE deleted IS NOT 1 ORDER BY {}, id;",
        order_key(Kind::Org, "", "name", "")
    ));
    let names: Vec<&str> = names.lines().collect();
    let ecomusee = names.iter().position(|name| *name == "Écomusée de test");
    let first_f = names
        .iter()
        .position(|name| name.starts_with('F') || name.starts_with('G'));
    assert!(
        ecomusee.is_some() && (first_f.is_none() || ecomusee < first_f),
        "« Écomusée » among the E: {names:?}"
    );
}
