//! Golden files for the listings and exports that stream their rows
//! (issue 13, item 3): `list`, `list --json`, `history` and every open-data
//! export, run by the real binary on one fixed database, must print exactly
//! the bytes committed under `tests/fixtures/golden/`.
//!
//! The database is committed as its SQL text (`tests/fixtures/golden/relais.sql`,
//! `sqlite3 relais.db .dump`) rather than rebuilt by commands, because record
//! and site ids are random: it was made once with
//! `relais init --name EPN --departement 04 --author Anne`,
//! `relais demo --seed 7 --scale 12`, `relais sites import
//! tests/fixtures/lamednum_exemple-valide.csv`, one `set` of a request (status,
//! a title with quotes and a comma) and one `rm org`, all at
//! `RELAIS_NOW=2026-11-26T09:00:00Z`, at schema version 10. Each test loads
//! it into a fresh file, which the binary then migrates on opening.
//!
//! To write the golden files again after a change that is meant to alter
//! the output: `RELAIS_BLESS=1 cargo test --test suite streaming_golden::`, then read
//! the diff before committing it.

use crate::cli_support;

use cli_support::Env;
use std::path::{Path, PathBuf};

const KINDS: [&str; 9] = [
    "site",
    "org",
    "request",
    "developer",
    "workshop",
    "time",
    "budget",
    "deliverable",
    "place",
];

/// The first request of the listing: the one whose history was edited.
const EDITED_REQUEST: &str = "01a22d18-0b80-7659-88b5-8572383d4383";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden")
}

/// A site whose database is a copy of the fixture.
fn fixture_env(lang: &'static str) -> Env {
    let env = Env::with_lang(lang);
    for suffix in ["-wal", "-shm"] {
        let mut name = env.db.clone().into_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
    std::fs::remove_file(&env.db).unwrap();
    let dump = std::fs::read_to_string(golden_dir().join("relais.sql")).unwrap();
    rusqlite::Connection::open(&env.db)
        .unwrap()
        .execute_batch(&dump)
        .unwrap();
    env
}

/// Runs a command that must succeed; returns its stdout, untrimmed.
fn stdout(env: &Env, args: &[&str]) -> Vec<u8> {
    let output = env.cmd(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Compares `actual` with the golden file `name` (or writes it when
/// `RELAIS_BLESS` is set).
fn golden(name: &str, actual: &[u8]) {
    let path = golden_dir().join(name);
    if std::env::var_os("RELAIS_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|err| panic!("{}: {err} (RELAIS_BLESS=1 writes it)", path.display()));
    if expected == actual {
        return;
    }
    let expected = String::from_utf8_lossy(&expected);
    let actual = String::from_utf8_lossy(actual);
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    panic!(
        "{name} differs from its golden file at line {}:\n  expected: {:?}\n  actual:   {:?}\n  ({} vs {} bytes)",
        line + 1,
        expected.lines().nth(line),
        actual.lines().nth(line),
        expected.len(),
        actual.len()
    );
}

#[test]
fn the_fixture_is_the_one_the_golden_files_describe() {
    let env = fixture_env("C.UTF-8");
    let status = env.json(&["status", "--json"]);
    assert_eq!(status["counts"]["request"], 12, "{status}");
    assert_eq!(status["counts"]["org"], 17, "{status}");
    assert_eq!(status["counts"]["place"], 1, "{status}");
    env.ok(&["check"]);
}

#[test]
fn list_prints_the_golden_columns() {
    let env = fixture_env("C.UTF-8");
    for kind in KINDS {
        golden(&format!("list_{kind}.txt"), &stdout(&env, &["list", kind]));
    }
    let french = fixture_env("fr_FR.UTF-8");
    for kind in ["request", "developer", "time"] {
        golden(
            &format!("list_{kind}.fr.txt"),
            &stdout(&french, &["list", kind]),
        );
    }
}

#[test]
fn list_json_prints_the_golden_documents() {
    let env = fixture_env("C.UTF-8");
    for kind in KINDS {
        golden(
            &format!("list_{kind}.json"),
            &stdout(&env, &["list", kind, "--json"]),
        );
    }
}

#[test]
fn history_prints_the_golden_lines() {
    let env = fixture_env("C.UTF-8");
    golden(
        "history_request.txt",
        &stdout(&env, &["history", "request", EDITED_REQUEST]),
    );
    golden(
        "history_request.json",
        &stdout(&env, &["history", "request", EDITED_REQUEST, "--json"]),
    );
    let developers = env.json(&["list", "developer", "--json"]);
    let developer = developers[0]["id"].as_str().unwrap();
    golden(
        "history_developer.json",
        &stdout(&env, &["history", "developer", developer, "--json"]),
    );
    let french = fixture_env("fr_FR.UTF-8");
    golden(
        "history_request.fr.txt",
        &stdout(&french, &["history", "request", EDITED_REQUEST]),
    );
}

#[test]
fn open_data_exports_print_the_golden_files() {
    let env = fixture_env("C.UTF-8");
    for (dataset, formats) in [
        ("catalogue", &["csv", "json", "geojson"][..]),
        ("skills", &["csv", "json"][..]),
        ("workshops", &["csv", "json"][..]),
    ] {
        for format in formats {
            golden(
                &format!("publish_{dataset}.{format}"),
                &stdout(&env, &["publish", dataset, "--format", format]),
            );
        }
    }
    for format in ["lamednum", "geojson"] {
        golden(
            &format!("sites_{format}.out"),
            &stdout(&env, &["sites", "export", "--format", format]),
        );
    }
}

#[test]
fn an_export_to_a_file_holds_the_same_bytes_as_on_stdout() {
    let env = fixture_env("C.UTF-8");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalogue.csv");
    env.ok(&["publish", "catalogue", "--out", file.to_str().unwrap()]);
    golden("publish_catalogue.csv", &std::fs::read(&file).unwrap());
    let file = dir.path().join("lieux.csv");
    env.ok(&["sites", "export", "--out", file.to_str().unwrap()]);
    golden("sites_lamednum.out", &std::fs::read(&file).unwrap());
}

/// `relais list … | head`: the reader closes the pipe after a few bytes,
/// and every streamed output ends there quietly, exit 0 and nothing on
/// stderr, as `cat` or `rg` do (JSON and open-data exports said "Broken
/// pipe" and exited 1: serde's and the exporters' I/O errors lost their
/// kind on the way up).
#[test]
fn a_closed_pipe_ends_every_stream_quietly() {
    let env = Env::new();
    env.ok(&["demo", "--scale", "2000"]);
    for args in [
        &["list", "request"][..],
        &["list", "time", "--json"],
        &["list", "time"],
        &["publish", "catalogue"],
        &["publish", "catalogue", "--format", "json"],
        &["publish", "catalogue", "--format", "geojson"],
    ] {
        // Each prints far more than a pipe holds (64 KiB).
        let whole = env.cmd(args).output().unwrap().stdout.len();
        assert!(whole > 128 * 1024, "{args:?} printed {whole} bytes");
        ends_quietly_when_its_reader_leaves(&env, args);
    }
}

/// Runs `args`, reads 16 bytes of its output and closes the pipe: the
/// command must end with exit 0 and nothing on stderr.
fn ends_quietly_when_its_reader_leaves(env: &Env, args: &[&str]) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = env
        .process(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).as_ref()
        ),
        (Some(0), ""),
        "{args:?} after its reader closed the pipe"
    );
}

#[test]
fn an_empty_listing_is_an_empty_array_and_a_zero_count() {
    let env = Env::new();
    assert_eq!(stdout(&env, &["list", "place", "--json"]), b"[]\n");
    let text = String::from_utf8(stdout(&env, &["list", "place"])).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("id  "), "{text}");
    assert!(lines[1].starts_with('0'), "{text}");
}

/// A listing long enough to be read in two halves at once (10,000 live
/// records and more, `store::read::halves`): `list --json` is one array
/// holding every record once, in the order of the text listing (read whole
/// by one thread), each record as `show --json` writes it; and a reader
/// closing the pipe after a few bytes still ends either quietly.
#[test]
fn a_listing_read_in_two_halves_is_the_whole_listing_in_order() {
    let env = Env::new();
    // About 1.6 time entries per request: some 11,000.
    env.ok(&["demo", "--scale", "7000"]);
    // The widest name, on the latest date: in the second half only.
    let widest = "Marie-Thérèse Delacroix-Vasseur de Montclar";
    env.ok(&["add", "developer", &format!("name={widest}")]);
    env.ok(&["add", "time", &format!("developer={widest}"), "hours=2"]);
    let listed = env.json(&["list", "time", "--json"]);
    let listed = listed.as_array().expect("an array");
    let text = env.ok(&["list", "time"]);
    let lines: Vec<&str> = text.lines().collect();
    // A header, a row per record, the count.
    let short_ids: Vec<&str> = lines[1..lines.len() - 1]
        .iter()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(listed.len() >= 10_000, "{} entries", listed.len());
    // Each half is measured and laid out on its own thread, with the widths
    // of the two: the last column starts at the same place on every row.
    let widest_at = lines.iter().position(|line| line.contains(widest));
    assert!(widest_at > Some(lines.len() / 2), "in the second half");
    let header: Vec<char> = lines[0].chars().collect();
    let last_at = header.len() - header.iter().rev().position(|c| *c == ' ').unwrap();
    for line in &lines[1..lines.len() - 1] {
        let row: Vec<char> = line.chars().collect();
        if row.len() > last_at {
            assert_eq!(&row[last_at - 2..last_at], &[' ', ' '], "{line}");
            assert_ne!(row[last_at], ' ', "{line}");
        } else {
            assert!(row.len() <= last_at - 2, "{line}");
        }
    }
    // Both are read in two halves: the order is checked on its own too.
    let order: Vec<(&str, &str)> = listed
        .iter()
        .map(|entry| {
            (
                entry["date"].as_str().unwrap_or(""),
                entry["id"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(order.is_sorted(), "the listing in date then id order");
    assert_eq!(listed.len(), short_ids.len());
    for (index, (record, short)) in listed.iter().zip(&short_ids).enumerate() {
        let id = record["id"].as_str().expect("an id");
        assert!(
            id.ends_with(short),
            "entry {index}: {id} where the text has {short}"
        );
    }
    for index in [0, listed.len() / 2 - 1, listed.len() / 2, listed.len() - 1] {
        let id = listed[index]["id"].as_str().expect("an id");
        let mut shown = env.json(&["show", "time", id, "--json"]);
        let shown = shown.as_object_mut().expect("an object");
        shown.remove("deleted");
        shown.remove("conflicts");
        assert_eq!(
            &listed[index],
            &serde_json::Value::Object(shown.clone()),
            "entry {index}"
        );
    }
    ends_quietly_when_its_reader_leaves(&env, &["list", "time", "--json"]);
    // The text listing too, its second half laid out on another thread.
    ends_quietly_when_its_reader_leaves(&env, &["list", "time"]);
}
