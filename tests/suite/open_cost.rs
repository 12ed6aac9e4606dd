//! Schema v19 (`src/store/schema_v19_open.sql`): the year of a date is a
//! look-up in `cal_year` instead of v14's expression over its leading digits.
//! The look-up must put every stored text in the year v14 put it in (or, like
//! v14, in none of the kept years 0..9998), so the kept figures need no
//! refill; and the schema every client parses at open stays small.

use crate::cli_support;

use cli_support::Env;
use rusqlite::Connection;

/// v14's year of the text `d` (`schema_v14_counters.sql`), verbatim.
fn v14_year(d: &str) -> String {
    format!(
        "(CASE WHEN {d} GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr({d}, 1, 4) AS INTEGER) - ({d} < substr({d}, 1, 4) || '-01-01') WHEN {d} GLOB '[0-9][0-9][0-9]*' THEN CAST(substr({d}, 1, 3) AS INTEGER) * 10 + (CASE WHEN substr({d}, 4, 1) > '9' THEN 9 ELSE -1 END) WHEN {d} GLOB '[0-9][0-9]*' THEN CAST(substr({d}, 1, 2) AS INTEGER) * 100 + (CASE WHEN substr({d}, 3, 1) > '9' THEN 99 ELSE -1 END) WHEN {d} GLOB '[0-9]*' THEN CAST(substr({d}, 1, 1) AS INTEGER) * 1000 + (CASE WHEN substr({d}, 2, 1) > '9' THEN 999 ELSE -1 END) END)"
    )
}

/// v19's year of `d`, as its triggers and views write it.
fn v19_year(d: &str) -> String {
    format!("(SELECT y FROM cal_year WHERE lo <= {d} ORDER BY lo DESC LIMIT 1)")
}

/// A fresh store at the latest schema, opened directly.
fn latest() -> (Env, Connection) {
    let env = Env::new();
    env.ok(&["status"]);
    let conn = Connection::open(&env.db).unwrap();
    (env, conn)
}

/// Every string of up to four characters over digits and the characters
/// around them in byte order, plus dates and their edges.
fn samples() -> Vec<String> {
    let alphabet = ['0', '1', '2', '8', '9', '-', '/', ':', ' ', 'a'];
    let mut all = vec![String::new()];
    let mut layer = vec![String::new()];
    for _ in 0..4 {
        layer = layer
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        all.extend(layer.iter().cloned());
    }
    for edge in [
        "2026-01-01",
        "2026-12-31",
        "2025-12-31T23:59",
        "2026-00-00",
        "2026-01-00",
        "2026-01-01T00:00",
        "2026-",
        "2026-0",
        "2026-01",
        "2026-01-0",
        "0000-01-01",
        "0000-00-00",
        "9998-12-31",
        "9999-01-01",
        "9999-00-01",
        "99999",
        "20260101",
        "2026/01/01",
        "é2026",
        "2026é",
    ] {
        all.push(edge.to_owned());
    }
    all
}

#[test]
fn the_looked_up_year_is_v14s_year_for_every_text() {
    let (_env, conn) = latest();
    conn.execute_batch("CREATE TEMP TABLE d(v TEXT)").unwrap();
    let mut insert = conn.prepare("INSERT INTO d(v) VALUES (?1)").unwrap();
    let samples = samples();
    for sample in &samples {
        insert.execute([sample]).unwrap();
    }
    insert.execute([None::<String>]).unwrap();
    // The kept tables hold years 0..9998 only: elsewhere, "no year" either way.
    let kept = |expr: String| format!("(CASE WHEN {expr} BETWEEN 0 AND 9998 THEN {expr} END)");
    let sql = format!(
        "SELECT v, {}, {} FROM d WHERE {} IS NOT {}",
        kept(v14_year("d.v")),
        kept(v19_year("d.v")),
        kept(v14_year("d.v")),
        kept(v19_year("d.v")),
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let differ: Vec<(Option<String>, Option<i64>, Option<i64>)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(differ.is_empty(), "{differ:?}");
    let counted: i64 = conn
        .query_row(
            &format!(
                "SELECT count(*) FROM d WHERE {} BETWEEN 0 AND 9998",
                v19_year("d.v")
            ),
            [],
            |row| row.get(0),
        )
        .unwrap();
    // The comparison saw texts in years, not only texts in none.
    assert!(counted > 1000, "{counted} of {}", samples.len());
}

#[test]
fn the_schema_parsed_at_open_is_short() {
    let (_env, conn) = latest();
    let (text, long_years): (i64, i64) = conn
        .query_row(
            "SELECT sum(length(sql)), sum(instr(sql, 'GLOB ''[0-9][0-9][0-9][0-9]*''') > 0) FROM sqlite_schema",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(long_years, 0, "a trigger or view still spells the year out");
    // v18: 166 KB; v19: about 91 KB.
    assert!(text < 100_000, "{text} bytes of schema text");
    let starts: (i64, String, String) = conn
        .query_row(
            "SELECT count(*), min(lo), max(lo) FROM cal_year",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!(starts, (10_000, "0000-01-01".into(), "9999-01-01".into()));
}
