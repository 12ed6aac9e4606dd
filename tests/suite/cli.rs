//! The `relais` binary driven with assert_cmd on real temporary files: every
//! command, its help, JSON shapes, id tails, both languages, and every bad
//! input of issue 2 point 5 — each with the right exit code, a one-line
//! message that says what is wrong and what to do, no panic, and the database
//! unchanged (same digest, same bytes).

use assert_cmd::Command;
use relais::domain::clock::FixedClock;
use relais::domain::{Change, Kind};
use relais::store::{ApplyOptions, LocalIdentity, OpenMode, Store};
use serde_json::Value;
use std::collections::BTreeSet;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

const NOW: &str = "2026-03-02T09:00:00Z";

struct Env {
    dir: tempfile::TempDir,
    db: PathBuf,
    config: PathBuf,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("relais.db");
        // Never created: a missing config means defaults, and the user's own
        // config is never read.
        let config = dir.path().join("config.toml");
        Env { dir, db, config }
    }

    fn initialised() -> Env {
        let env = Env::new();
        env.ok(&[
            "init",
            "--name",
            "EPN de Forcalquier",
            "--departement",
            "04",
            "--author",
            "Anne",
        ]);
        env
    }

    fn with_db(&self, name: &str) -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
            db: self.dir.path().join(name),
            config: self.config.clone(),
        }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("relais").expect("binary");
        for var in [
            "LANGUAGE",
            "LC_ALL",
            "LC_MESSAGES",
            "RELAIS_DB",
            "RELAIS_CONFIG",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("LANG", "C.UTF-8")
            .env("RELAIS_DB", &self.db)
            .env("RELAIS_CONFIG", &self.config)
            .env("RELAIS_NOW", NOW)
            .env("RUST_BACKTRACE", "0");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run relais")
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "relais {args:?} failed ({:?}): {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8 stdout")
    }

    fn json(&self, args: &[&str]) -> Value {
        let text = self.ok(args);
        serde_json::from_str(&text).unwrap_or_else(|err| panic!("{args:?}: {err}: {text}"))
    }

    /// Runs a command that must fail with `code`; returns the message line.
    fn fails(&self, args: &[&str], code: i32) -> String {
        fails_with(self.run(args), args, code)
    }

    fn digest(&self) -> String {
        self.json(&["status", "--json"])["digest"]
            .as_str()
            .expect("digest")
            .to_string()
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.db).expect("read database")
    }

    fn site(&self) -> String {
        self.json(&["status", "--json"])["site"]["id"]
            .as_str()
            .expect("site id")
            .to_string()
    }

    fn add(&self, args: &[&str]) -> String {
        let mut full = vec!["add"];
        full.extend_from_slice(args);
        let id = self.ok(&full).trim().to_string();
        assert_eq!(id.len(), 36, "add prints a UUID: {id}");
        id
    }

    fn open_store(&self) -> Store {
        Store::open(
            &self.db,
            OpenMode::MustExist,
            Arc::new(FixedClock::parse(NOW).expect("clock")),
        )
        .expect("open store")
    }

    /// Files beside the database (to see that nothing was left behind).
    fn files(&self) -> BTreeSet<String> {
        let dir = self.db.parent().expect("parent");
        std::fs::read_dir(dir)
            .expect("list dir")
            .map(|entry| {
                entry
                    .expect("entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }
}

/// Asserts a failure with `code` and a single `relais: …` line, no panic.
fn fails_with(output: Output, args: &[&str], code: i32) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(code),
        "relais {args:?}: expected exit {code}; stderr: {stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "relais {args:?} panicked: {stderr}"
    );
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "relais {args:?}: expected one line, got: {stderr}"
    );
    assert!(
        lines[0].starts_with("relais: "),
        "relais {args:?}: {stderr}"
    );
    assert!(
        output.stdout.is_empty(),
        "relais {args:?} printed on stdout while failing: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    lines[0].to_string()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

fn key_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().expect("name").to_os_string();
    name.push(".key");
    db.with_file_name(name)
}

// ---------------------------------------------------------------------------
// init

#[test]
fn init_creates_a_private_database_and_key_and_refuses_a_second_time() {
    let env = Env::new();
    let out = env.ok(&[
        "init",
        "--name",
        "EPN de Manosque",
        "--departement",
        "04",
        "--role",
        "regional",
        "--author",
        "Anne",
    ]);
    assert!(out.contains("EPN de Manosque"), "{out}");
    assert_eq!(mode(&env.db), 0o600, "database file mode");
    let key = key_path(&env.db);
    assert_eq!(mode(&key), 0o600, "key file mode");
    let key_text = std::fs::read_to_string(&key).unwrap();
    assert_eq!(key_text.trim().len(), 64);
    assert!(
        !env.bytes()
            .windows(16)
            .any(|w| w == &key_text.as_bytes()[..16]),
        "the private key never enters the database"
    );

    let status = env.json(&["status", "--json"]);
    let site = status["site"]["id"].as_str().unwrap().to_string();
    assert_eq!(site.len(), 16);
    assert_eq!(status["site"]["role"], "regional");
    assert_eq!(status["counts"]["site"], 1);
    // The site's own record carries its public key, not the private one.
    let sites = env.json(&["list", "site", "--json"]);
    assert_eq!(sites[0]["id"], site.as_str());
    assert_eq!(sites[0]["public_key"].as_str().unwrap().len(), 64);
    assert_ne!(sites[0]["public_key"].as_str().unwrap(), key_text.trim());
    // The author given at init signs later changes.
    let id = env.add(&["org", "name=Mairie"]);
    let history = env.json(&["history", "org", &id, "--json"]);
    assert_eq!(history[0]["author"], "Anne");

    let digest = env.digest();
    let bytes = env.bytes();
    let message = env.fails(&["init", "--name", "Autre", "--departement", "13"], 1);
    assert!(message.contains("already has an identity"), "{message}");
    assert_eq!(env.digest(), digest);
    assert_eq!(env.bytes(), bytes);
    assert_eq!(std::fs::read_to_string(&key).unwrap(), key_text);
}

#[test]
fn init_with_bad_input_creates_nothing() {
    let env = Env::new();
    let message = env.fails(&["init", "--name", "EPN", "--departement", "99"], 1);
    assert!(message.contains("\"99\""), "{message}");
    assert!(message.contains("INSEE"), "{message}");
    assert!(!env.db.exists(), "a refused init leaves no database");
    assert!(!key_path(&env.db).exists(), "a refused init leaves no key");
    let message = env.fails(&["init", "--name", "", "--departement", "13"], 1);
    assert!(message.contains("Name"), "{message}");
    assert!(!env.db.exists());
    // A missing required option or a bad role is a usage error.
    env.fails(&["init", "--departement", "13"], 2);
    env.fails(
        &[
            "init",
            "--name",
            "x",
            "--departement",
            "13",
            "--role",
            "boss",
        ],
        2,
    );
    assert!(!env.db.exists());
    // A key file already in the way is refused before anything is created.
    std::fs::write(key_path(&env.db), "not mine\n").unwrap();
    let message = env.fails(&["init", "--name", "EPN", "--departement", "13"], 1);
    assert!(message.contains("key file already exists"), "{message}");
    assert!(!env.db.exists());
}

#[test]
fn init_turns_an_empty_file_into_a_database_but_other_commands_refuse_it() {
    let env = Env::new();
    std::fs::write(&env.db, b"").unwrap();
    let message = env.fails(&["status"], 1);
    assert!(message.contains("not a Relais database"), "{message}");
    assert_eq!(
        std::fs::metadata(&env.db).unwrap().len(),
        0,
        "status wrote nothing"
    );
    env.ok(&["init", "--name", "EPN de Digne", "--departement", "04"]);
    let status = env.json(&["status", "--json"]);
    assert_eq!(status["site"]["name"], "EPN de Digne");
}

// ---------------------------------------------------------------------------
// add / set / list / show / history / rm

fn expected_keys(kind: Kind) -> BTreeSet<String> {
    std::iter::once("id".to_string())
        .chain(kind.fields().iter().map(|field| field.name.to_string()))
        .collect()
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().expect("object").keys().cloned().collect()
}

#[test]
fn records_round_trip_through_add_set_list_show_and_history() {
    let env = Env::initialised();
    let org = env.add(&[
        "org",
        "name=Collectif des locataires",
        "kind=tenants",
        "departement=13",
        "siret=12345678901234",
    ]);
    let request = env.add(&[
        "request",
        "title=Carte des maraudes",
        "need=Une carte partagée",
        &format!("organisation={}", &org[org.len() - 8..]),
        "departement=13",
        "category=dataviz",
        "licence=ODbL-1.0",
        "skills=web,gis",
    ]);
    let developer = env.add(&[
        "developer",
        "name=Inès",
        "email=ines@example.org",
        "departement=84",
        "skills=web:3,gis:1",
        "availability=6",
    ]);
    let workshop = env.add(&[
        "workshop",
        "title=Atelier carto",
        "kind=hackathon",
        "date=2026-03-14",
        &format!("request={request}"),
        "participants=12",
    ]);

    // list --json: an array of objects with `id` and every field of the kind.
    for (kind, name, id) in [
        (Kind::Org, "org", &org),
        (Kind::Request, "request", &request),
        (Kind::Developer, "developer", &developer),
        (Kind::Workshop, "workshop", &workshop),
    ] {
        let list = env.json(&["list", name, "--json"]);
        let array = list.as_array().expect("array");
        assert_eq!(array.len(), 1, "{name}: {list}");
        assert_eq!(keys(&array[0]), expected_keys(kind), "{name}");
        assert_eq!(array[0]["id"], id.as_str());
    }
    let list = env.json(&["list", "request", "--json"]);
    assert_eq!(list[0]["title"], "Carte des maraudes");
    assert_eq!(
        list[0]["organisation"],
        org.as_str(),
        "a tail resolves to the full id"
    );
    assert_eq!(list[0]["status"], "new");
    assert_eq!(list[0]["received_on"], "2026-03-02");
    assert_eq!(
        list[0]["skills"],
        serde_json::json!({"gis": true, "web": true})
    );
    let list = env.json(&["list", "developer", "--json"]);
    assert_eq!(list[0]["skills"], serde_json::json!({"gis": 1, "web": 3}));
    assert_eq!(list[0]["availability"], 6);
    let list = env.json(&["list", "workshop", "--json"]);
    assert_eq!(list[0]["participants"], 12);
    assert_eq!(list[0]["date"], "2026-03-14");

    // set: replace a set, add and remove elements, clear a field.
    let tail = &developer[developer.len() - 6..];
    env.ok(&["set", "developer", tail, "skills=dataviz:2,web:1"]);
    let shown = env.json(&["show", "developer", tail, "--json"]);
    assert_eq!(shown["skills"], serde_json::json!({"dataviz": 2, "web": 1}));
    env.ok(&["set", "developer", tail, "skills+=ux:3"]);
    env.ok(&["set", "developer", tail, "skills-=web", "availability="]);
    let shown = env.json(&["show", "developer", tail, "--json"]);
    assert_eq!(shown["skills"], serde_json::json!({"dataviz": 2, "ux": 3}));
    assert_eq!(shown["availability"], Value::Null);
    assert_eq!(shown["deleted"], false);
    assert_eq!(shown["id"], developer.as_str());
    // Setting a field to the value it has writes nothing.
    let out = env.ok(&["set", "developer", tail, "name=Inès"]);
    assert!(out.contains('0'), "{out}");

    // Status changes follow the rules; a delivery date is filled in.
    env.ok(&["set", "request", &request, "status=qualified"]);
    env.ok(&[
        "set",
        "request",
        &request,
        "status=assigned",
        "developers=Inès",
    ]);
    env.ok(&["set", "request", &request, "status=in_progress"]);
    env.ok(&["set", "request", &request, "status=delivered"]);
    let shown = env.json(&["show", "request", &request, "--json"]);
    assert_eq!(shown["status"], "delivered");
    assert_eq!(shown["delivered_on"], "2026-03-02");

    // history: which site and author changed which field, from what to what.
    let site = env.site();
    let history = env.json(&["history", "developer", tail, "--json"]);
    let entries = history.as_array().expect("array");
    for entry in entries {
        for key in ["change", "site", "author", "field", "old", "new", "time"] {
            assert!(
                entry.get(key).is_some(),
                "history entry without {key}: {entry}"
            );
        }
        assert_eq!(entry["site"], site.as_str());
        assert_eq!(entry["author"], "Anne");
    }
    let availability: Vec<(&Value, &Value)> = entries
        .iter()
        .filter(|entry| entry["field"] == "availability")
        .map(|entry| (&entry["old"], &entry["new"]))
        .collect();
    assert_eq!(
        availability,
        [
            (&Value::Null, &Value::from("6")),
            (&Value::from("6"), &Value::Null)
        ]
    );
    let web: Vec<(&Value, &Value)> = entries
        .iter()
        .filter(|entry| entry["field"] == "skill.web")
        .map(|entry| (&entry["old"], &entry["new"]))
        .collect();
    assert_eq!(
        web,
        [
            (&Value::Null, &Value::from("3")),
            (&Value::from("3"), &Value::from("1")),
            (&Value::from("1"), &Value::Null)
        ]
    );
    let text = env.ok(&["history", "developer", tail]);
    assert!(text.contains("Availability (h/month): — → 6 h"), "{text}");
    assert!(
        text.contains("Skills: Web development (3/3 → 1/3)"),
        "{text}"
    );
    assert!(text.contains("Anne"), "{text}");

    // show as text
    let text = env.ok(&["show", "request", &request]);
    assert!(text.contains("Carte des maraudes"), "{text}");
    let text = env.ok(&["list", "request"]);
    assert!(text.contains(&request[request.len() - 8..]), "{text}");

    // status and check
    let status = env.json(&["status", "--json"]);
    assert_eq!(
        keys(&status),
        ["changes", "counts", "digest", "site", "vector"]
            .map(String::from)
            .into()
    );
    let counts = &status["counts"];
    for kind in Kind::ALL {
        assert!(
            counts.get(kind.name()).is_some(),
            "counts lack {}",
            kind.name()
        );
    }
    assert_eq!(counts["org"], 1);
    assert_eq!(counts["request"], 1);
    assert_eq!(counts["developer"], 1);
    assert_eq!(counts["workshop"], 1);
    let changes = status["changes"].as_u64().unwrap();
    assert_eq!(status["vector"][&site], changes);
    let digest = status["digest"].as_str().unwrap();
    assert_eq!(digest.len(), 64);
    assert!(digest.bytes().all(|b| b.is_ascii_hexdigit()));
    let text = env.ok(&["check"]);
    assert!(text.contains(&changes.to_string()), "{text}");

    // Reopening the file (a new process each time) shows the same state.
    assert_eq!(env.digest(), digest);
}

#[test]
fn rm_leaves_a_tombstone_that_show_and_history_still_see() {
    let env = Env::initialised();
    let keep = env.add(&["org", "name=Reste"]);
    let gone = env.add(&["org", "name=Partie"]);
    let out = env.ok(&["rm", "org", &gone[gone.len() - 6..]]);
    assert!(out.contains(&gone[gone.len() - 8..]), "{out}");
    let list = env.json(&["list", "org", "--json"]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [keep.as_str()]);
    assert_eq!(env.json(&["status", "--json"])["counts"]["org"], 1);
    let shown = env.json(&["show", "org", &gone, "--json"]);
    assert_eq!(shown["deleted"], true);
    assert_eq!(shown["name"], "Partie");
    let history = env.json(&["history", "org", &gone, "--json"]);
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|entry| entry["field"] == "deleted" && entry["new"] == "1")
    );
    // A deleted record can no longer be edited or deleted again.
    let digest = env.digest();
    let bytes = env.bytes();
    let message = env.fails(&["set", "org", &gone, "name=Revenue"], 1);
    assert!(message.contains("deleted"), "{message}");
    env.fails(&["rm", "org", &gone], 1);
    assert_eq!(env.digest(), digest);
    assert_eq!(env.bytes(), bytes);
    env.ok(&["check"]);
}

#[test]
fn ids_resolve_from_unique_tails_and_refuse_short_unknown_and_ambiguous_ones() {
    let env = Env::initialised();
    let org = env.add(&["org", "name=Une"]);
    // Two records whose ids share their last 12 characters (written through
    // the library: UUIDv7 tails are random).
    {
        let mut store = env.open_store();
        let mut writer = store.writer("Anne").unwrap();
        for (id, name) in [
            ("00000000-0000-7000-8000-abcdefabcdef", "Jumelle A"),
            ("00000000-0000-7000-9000-abcdefabcdef", "Jumelle B"),
        ] {
            writer.create_with_id(Kind::Org, id);
            writer
                .insert_new(Kind::Org, id, &[("name", name.to_string())])
                .unwrap();
        }
        writer.commit().unwrap();
    }
    let digest = env.digest();
    let bytes = env.bytes();

    let full = env.json(&["show", "org", &org, "--json"]);
    assert_eq!(full["name"], "Une");
    // The text names the kind in the reader's language, then the id.
    let text = env.ok(&["--lang", "fr", "show", "org", &org]);
    assert!(text.starts_with(&format!("Organisation {org}\n")), "{text}");
    let upper = org[org.len() - 8..].to_uppercase();
    assert_eq!(
        env.json(&["show", "org", &upper, "--json"])["id"],
        org.as_str()
    );
    let six = env.json(&["show", "org", &org[org.len() - 6..], "--json"]);
    assert_eq!(six["id"], org.as_str());
    let exact = env.json(&[
        "show",
        "org",
        "00000000-0000-7000-9000-abcdefabcdef",
        "--json",
    ]);
    assert_eq!(exact["name"], "Jumelle B");

    let message = env.fails(&["show", "org", "abcdef"], 1);
    assert!(message.contains("several org"), "{message}");
    assert!(message.contains("more characters"), "{message}");
    let message = env.fails(&["set", "org", "abcdefabcdef", "name=X"], 1);
    assert!(message.contains("several"), "{message}");
    let message = env.fails(&["show", "org", &org[org.len() - 5..]], 1);
    assert!(message.contains("too short"), "{message}");
    assert!(message.contains("at least 6"), "{message}");
    let message = env.fails(&["show", "org", "999999"], 1);
    assert!(message.contains("no org matches"), "{message}");
    assert!(message.contains("relais list org"), "{message}");
    // An id of another kind is unknown for this kind.
    env.fails(&["show", "request", &org], 1);
    env.fails(&["history", "org", "zzzzzz"], 1);
    env.fails(&["rm", "org", "abcdef"], 1);
    // A reference by an unknown tail is refused too.
    let message = env.fails(&["add", "request", "title=X", "organisation=999999"], 1);
    assert!(message.contains("999999"), "{message}");
    // Odd characters are an unknown id, not an SQL pattern.
    env.fails(&["show", "org", "%%%%%%"], 1);
    env.fails(&["show", "org", "______"], 1);
    assert_eq!(env.digest(), digest);
    assert_eq!(env.bytes(), bytes);
}

// ---------------------------------------------------------------------------
// demo, status, check

#[test]
fn demo_fills_a_sound_database_and_the_same_seed_gives_the_same_content() {
    let first = Env::initialised();
    let out = first.ok(&["demo", "--seed", "7"]);
    assert!(!out.trim().is_empty());
    // The seconds as the language writes a decimal (`0,4 s`, never `0.4 s`).
    let french = Env::initialised().ok(&["--lang", "fr", "demo", "--seed", "8"]);
    let seconds = french
        .rsplit_once(" en ")
        .and_then(|(_, rest)| rest.split_once(" s)."))
        .map(|(seconds, _)| seconds.to_string());
    assert!(
        seconds.is_some_and(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == ',')),
        "{french}"
    );
    let status = first.json(&["status", "--json"]);
    for kind in [
        "org",
        "request",
        "developer",
        "workshop",
        "time",
        "deliverable",
    ] {
        assert!(
            status["counts"][kind].as_u64().unwrap() > 0,
            "demo made no {kind}: {status}"
        );
    }
    first.ok(&["check"]);
    // The data set spans the six PACA départements.
    let mut departements: BTreeSet<String> = BTreeSet::new();
    for kind in ["request", "org", "developer"] {
        departements.extend(
            first
                .json(&["list", kind, "--json"])
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|r| r["departement"].as_str().map(String::from)),
        );
    }
    for code in ["04", "05", "06", "13", "83", "84"] {
        assert!(departements.contains(code), "nothing in {code}");
    }

    let second = Env::initialised();
    second.ok(&["demo", "--seed", "7"]);
    let titles = |env: &Env, kind: &str, field: &str| -> Vec<String> {
        let mut titles: Vec<String> = env
            .json(&["list", kind, "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[field].to_string())
            .collect();
        titles.sort();
        titles
    };
    for (kind, field) in [
        ("request", "title"),
        ("developer", "name"),
        ("org", "name"),
        ("workshop", "title"),
    ] {
        assert_eq!(titles(&first, kind, field), titles(&second, kind, field));
    }
    let scaled = Env::initialised();
    scaled.ok(&["demo", "--seed", "1", "--scale", "300"]);
    assert_eq!(scaled.json(&["status", "--json"])["counts"]["request"], 300);
    scaled.ok(&["check"]);
}

#[test]
fn check_fails_when_a_derived_table_disagrees_with_the_log() {
    let env = Env::initialised();
    env.add(&["org", "name=Juste"]);
    env.ok(&["check"]);
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute("UPDATE org SET name = 'Falsifiée'", [])
            .unwrap();
    }
    let message = env.fails(&["check"], 1);
    assert!(message.contains("org"), "{message}");
}

#[test]
fn a_database_without_identity_says_how_to_init() {
    let env = Env::new();
    // A database created by the library but never initialised.
    drop(
        Store::open(
            &env.db,
            OpenMode::CreateIfMissing,
            Arc::new(FixedClock::parse(NOW).unwrap()),
        )
        .unwrap(),
    );
    assert_eq!(mode(&env.db), 0o600);
    let digest = env.digest();
    let bytes = env.bytes();
    let message = env.fails(&["add", "org", "name=X"], 1);
    assert!(message.contains("relais init"), "{message}");
    assert_eq!(env.digest(), digest);
    assert_eq!(env.bytes(), bytes);
    // init then works on it.
    env.ok(&["init", "--name", "EPN", "--departement", "2A"]);
    env.add(&["org", "name=X"]);
}

// ---------------------------------------------------------------------------
// conflicts and resolve (a second site made with the library)

fn apply(store: &mut Store, changes: Vec<Change>) {
    let mut iter = changes.into_iter().map(Ok);
    store
        .apply(&mut iter, ApplyOptions::default())
        .expect("apply");
}

#[test]
fn conflicts_from_another_site_are_listed_and_resolved() {
    let env = Env::initialised();
    let request = env.add(&["request", "title=Carte", "need=Besoin"]);
    // Site B receives everything, then edits the same fields concurrently.
    let clock = Arc::new(FixedClock::parse("2026-03-02T10:00:00Z").unwrap());
    let mut other = Store::open_in_memory(clock).unwrap();
    other
        .set_identity(&LocalIdentity {
            site: "bbbbbbbbbbbbbbbb".into(),
            name: "EPN B".into(),
            departement: "13".into(),
            role: "epn".into(),
        })
        .unwrap();
    apply(&mut other, env.open_store().all_changes().unwrap());
    let mut writer = other.writer("Bruno").unwrap();
    writer
        .set(Kind::Request, &request, "title", Some("Carte B"))
        .unwrap();
    writer
        .set(Kind::Request, &request, "need", Some("Besoin B"))
        .unwrap();
    writer.commit().unwrap();
    env.ok(&["set", "request", &request, "title=Carte A", "need=Besoin A"]);
    apply(&mut env.open_store(), other.all_changes().unwrap());
    env.ok(&["check"]);

    let conflicts = env.json(&["conflicts", "--json"]);
    let array = conflicts.as_array().unwrap();
    assert_eq!(array.len(), 2, "{conflicts}");
    for entry in array {
        assert_eq!(entry["kind"], "request");
        assert_eq!(entry["id"], request.as_str());
        assert_eq!(entry["reason"], "values");
        assert_eq!(entry["heads"].as_array().unwrap().len(), 2);
        for head in entry["heads"].as_array().unwrap() {
            for key in ["change", "site", "value", "author", "time"] {
                assert!(head.get(key).is_some(), "head without {key}: {head}");
            }
        }
    }
    let text = env.ok(&["conflicts"]);
    assert!(text.contains("2"), "{text}");
    assert!(text.contains("Carte B"), "{text}");
    let shown = env.json(&["show", "request", &request, "--json"]);
    assert_eq!(shown["conflicts"].as_array().unwrap().len(), 2, "{shown}");

    let title = array.iter().find(|e| e["field"] == "title").unwrap();
    let theirs = title["heads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["site"] == "bbbbbbbbbbbbbbbb")
        .unwrap();
    let keep = theirs["change"].as_str().unwrap().to_string();

    // Bad resolutions change nothing.
    let digest = env.digest();
    let bytes = env.bytes();
    let message = env.fails(
        &["resolve", "request", &request, "title", "--keep", "nope"],
        1,
    );
    assert!(message.contains("SITE:SEQ"), "{message}");
    let message = env.fails(
        &[
            "resolve",
            "request",
            &request,
            "title",
            "--keep",
            "bbbbbbbbbbbbbbbb:999",
        ],
        1,
    );
    assert!(message.contains("relais conflicts"), "{message}");
    env.fails(&["resolve", "request", &request, "title"], 2);
    env.fails(
        &["resolve", "request", &request, "nofield", "--value", "x"],
        1,
    );
    assert_eq!(env.digest(), digest);
    assert_eq!(env.bytes(), bytes);

    env.ok(&["resolve", "request", &request, "title", "--keep", &keep]);
    env.ok(&[
        "resolve",
        "request",
        &request[request.len() - 6..],
        "need",
        "--value",
        "Besoin commun",
    ]);
    assert_eq!(env.json(&["conflicts", "--json"]), serde_json::json!([]));
    let shown = env.json(&["show", "request", &request, "--json"]);
    assert_eq!(shown["title"], "Carte B");
    assert_eq!(shown["need"], "Besoin commun");
    env.ok(&["check"]);

    // The resolution syncs: site B ends with the same state.
    apply(&mut other, env.open_store().all_changes().unwrap());
    assert_eq!(other.digest().unwrap(), env.digest());
    assert!(other.conflicts().unwrap().is_empty());
}

// ---------------------------------------------------------------------------
// help

const COMMANDS: [&str; 12] = [
    "init",
    "add",
    "set",
    "rm",
    "list",
    "show",
    "history",
    "status",
    "check",
    "demo",
    "conflicts",
    "resolve",
];
const KINDS: [&str; 8] = [
    "site",
    "org",
    "request",
    "developer",
    "workshop",
    "time",
    "budget",
    "deliverable",
];

#[test]
fn every_command_has_help_in_both_languages() {
    let env = Env::new();
    let top = env.ok(&["--help"]);
    for command in COMMANDS {
        assert!(top.contains(command), "--help does not list {command}");
    }
    for code in ["0", "1", "2", "3"] {
        assert!(
            top.contains(code),
            "--help does not document exit code {code}"
        );
    }
    let mut paths: Vec<Vec<&str>> = COMMANDS.iter().map(|c| vec![*c]).collect();
    for kind in KINDS {
        paths.push(vec!["add", kind]);
        paths.push(vec!["set", kind]);
    }
    for path in &paths {
        for lang in ["en", "fr"] {
            let mut args = path.clone();
            args.extend(["--help", "--lang", lang]);
            let out = env.ok(&args);
            assert!(
                out.contains("Usage") || out.contains("Utilisation"),
                "{args:?}: {out}"
            );
        }
    }
    let fr = env.ok(&["--lang", "fr", "--help"]);
    assert_ne!(fr, top, "French help differs from English help");
    assert!(!env.db.exists(), "help creates no database");
}

#[test]
fn add_kind_help_lists_the_fields_and_their_allowed_values() {
    let env = Env::new();
    let out = env.ok(&["add", "request", "--help"]);
    for field in [
        "title",
        "need",
        "organisation",
        "departement",
        "category",
        "status",
        "licence",
        "skills",
    ] {
        assert!(
            out.contains(field),
            "add request --help lacks {field}:\n{out}"
        );
    }
    assert!(out.contains("dataviz"), "{out}");
    let out = env.ok(&["add", "developer", "--help"]);
    for field in ["name", "email", "departement", "skills", "availability"] {
        assert!(
            out.contains(field),
            "add developer --help lacks {field}:\n{out}"
        );
    }
    let out = env.ok(&["add", "workshop", "--help"]);
    for field in ["title", "kind", "date", "site", "request", "participants"] {
        assert!(
            out.contains(field),
            "add workshop --help lacks {field}:\n{out}"
        );
    }
    let out = env.ok(&["add", "org", "--help"]);
    for field in ["name", "kind", "departement", "siret"] {
        assert!(out.contains(field), "add org --help lacks {field}:\n{out}");
    }
}

// ---------------------------------------------------------------------------
// Bad input: each one refused with the right code, one line, nothing changed.

#[test]
fn bad_values_are_refused_with_a_useful_line_and_change_nothing() {
    let env = Env::initialised();
    let developer = env.add(&["developer", "name=Inès"]);
    let request = env.add(&["request", "title=Carte"]);
    let digest = env.digest();
    let bytes = env.bytes();
    let cases: Vec<(Vec<&str>, &[&str])> = vec![
        (
            vec!["add", "org", "nom=X"],
            &["nom", "known fields", "name"],
        ),
        (
            vec!["set", "developer", &developer, "colour=red"],
            &["colour", "known fields"],
        ),
        (
            vec!["add", "org", "name=X", "departement=99"],
            &["99", "INSEE", "13"],
        ),
        (
            vec!["add", "org", "name=X", "departement=20"],
            &["20", "2A"],
        ),
        (
            vec!["add", "org", "name=X", "kind=club"],
            &["club", "choose one of"],
        ),
        (
            vec!["add", "developer", "name=X", "availability=-3"],
            &["negative"],
        ),
        (
            vec!["add", "developer", "name=X", "availability=beaucoup"],
            &["beaucoup", "12.5"],
        ),
        (
            vec!["add", "developer", "name=X", "skills=web:7"],
            &["7", "1, 2 or 3"],
        ),
        (
            vec!["add", "developer", "name=X", "skills=cobol"],
            &["cobol", "choose one of"],
        ),
        (
            vec!["add", "workshop", "title=X", "date=32/13/2026"],
            &["32/13/2026", "YYYY-MM-DD"],
        ),
        (
            vec!["add", "workshop", "title=X", "participants=-1"],
            &["-1"],
        ),
        (
            vec!["add", "request", "title=X", "licence=Proprietary"],
            &["Proprietary", "licence"],
        ),
        (
            vec!["add", "request", "title=X", "status=delivered"],
            &["New", "Delivered", "allowed"],
        ),
        (
            vec!["set", "request", &request, "status=abandoned"],
            &["reason", "Reason"],
        ),
        (
            vec!["set", "request", &request, "title="],
            &["Title", "empty"],
        ),
        (
            vec!["add", "request", "need=sans titre"],
            &["Title", "required"],
        ),
        (vec!["add", "org", "name"], &["FIELD=VALUE"]),
        (vec!["add", "org", "name=X", "siret=123"], &["123", "SIRET"]),
        (
            vec!["add", "org", "name=X", "website=ftp://x"],
            &["https://"],
        ),
        (
            vec!["add", "budget", "year=1999", "amount=10"],
            &["1999", "2000"],
        ),
        (
            vec!["add", "site", "name=X", "departement=13"],
            &["relais trust"],
        ),
        (
            vec!["set", "developer", &developer, "name+=X"],
            &["not a list"],
        ),
    ];
    for (args, needles) in cases {
        let message = env.fails(&args, 1);
        for needle in needles {
            assert!(
                message.contains(needle),
                "{args:?}: {message:?} lacks {needle:?}"
            );
        }
        assert_eq!(env.digest(), digest, "{args:?} changed the digest");
        assert_eq!(env.bytes(), bytes, "{args:?} changed the file");
    }
}

#[test]
fn usage_errors_exit_2_on_one_line_and_change_nothing() {
    let env = Env::initialised();
    let digest = env.digest();
    let bytes = env.bytes();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["add", "widget", "name=X"], "widget"),
        (vec!["list", "widget"], "widget"),
        (vec!["show", "widget", "abcdef"], "widget"),
        (vec!["frobnicate"], "frobnicate"),
        (vec!["list", "org", "--bogus"], "--bogus"),
        (vec!["--colour", "status"], "--colour"),
        (vec!["status", "--lang", "de"], "de"),
        (vec!["demo", "--seed", "abc"], "abc"),
        (vec!["show", "org"], ""),
        (vec!["set", "org", "abcdef"], ""),
    ];
    for (args, needle) in cases {
        let message = env.fails(&args, 2);
        assert!(message.contains(needle), "{args:?}: {message}");
        assert!(
            message.contains("--help"),
            "{args:?} does not say where to look: {message}"
        );
        assert_eq!(env.digest(), digest, "{args:?}");
        assert_eq!(env.bytes(), bytes, "{args:?}");
    }
    // In French too.
    let output = env
        .cmd()
        .env("LANG", "fr_FR.UTF-8")
        .args(["add", "widget", "name=X"])
        .output()
        .unwrap();
    let message = fails_with(output, &["add", "widget"], 2);
    assert!(message.contains("widget"), "{message}");
    assert!(message.contains("inconnu"), "not French: {message}");
}

/// A mistyped field is refused with the one it most likely meant, and
/// nothing is written.
#[test]
fn a_mistyped_field_is_refused_with_the_one_it_meant() {
    let env = Env::initialised();
    let digest = env.digest();
    let message = env.fails(&["add", "request", "title=Carte", "hours=12"], 1);
    assert!(
        message.contains("did you mean \"estimated_hours\"?"),
        "{message}"
    );
    let message = env.fails(&["--lang", "fr", "add", "org", "nme=Mairie"], 1);
    assert!(
        message.contains("vouliez-vous dire « name » ?"),
        "{message}"
    );
    // Nothing near: the list alone.
    let message = env.fails(&["add", "org", "budget=12"], 1);
    assert!(!message.contains("did you mean"), "{message}");
    assert!(message.contains("known fields"), "{message}");
    assert_eq!(env.digest(), digest);
}

/// A mistyped command or kind is a usage error (exit 2) that names the
/// likeliest one, in the user's language.
#[test]
fn a_mistyped_command_or_kind_names_the_one_it_meant() {
    let env = Env::initialised();
    let message = env.fails(&["lsit", "request"], 2);
    assert!(message.contains("did you mean \"list\"?"), "{message}");
    let message = env.fails(&["--lang", "fr", "list", "requets"], 2);
    assert!(
        message.contains("vouliez-vous dire « request » ?"),
        "{message}"
    );
    assert!(message.contains("relais list --help"), "{message}");
    let message = env.fails(&["list", "zzz"], 2);
    assert!(!message.contains("did you mean"), "{message}");
    assert!(message.contains("possible values"), "{message}");
}

#[test]
fn messages_follow_the_french_locale_and_the_lang_flag() {
    let env = Env::initialised();
    let digest = env.digest();
    let english = env.fails(&["add", "org", "nom=X"], 1);
    assert!(english.contains("has no field"), "{english}");
    let output = env
        .cmd()
        .env("LANG", "fr_FR.UTF-8")
        .args(["add", "org", "nom=X"])
        .output()
        .unwrap();
    let french = fails_with(output, &["add", "org", "nom=X"], 1);
    assert!(french.contains("n'a pas de champ"), "{french}");
    let flag = env.fails(&["--lang", "fr", "add", "org", "nom=X"], 1);
    assert_eq!(flag, french);
    // --lang wins over the locale.
    let output = env
        .cmd()
        .env("LANG", "fr_FR.UTF-8")
        .args(["--lang", "en", "add", "org", "nom=X"])
        .output()
        .unwrap();
    assert_eq!(fails_with(output, &[], 1), english);
    let french = env.fails(
        &["--lang", "fr", "add", "org", "name=X", "departement=99"],
        1,
    );
    assert!(french.contains("INSEE"), "{french}");
    assert!(french.contains("n'est pas"), "{french}");
    let french = env.fails(&["--lang", "fr", "show", "org", "abc"], 1);
    assert!(french.contains("6"), "{french}");
    let french = env.fails(&["--lang", "fr", "show", "org", "Mairie d'Apt"], 1);
    assert!(french.contains("s'appelle « Mairie d'Apt »"), "{french}");
    assert!(french.contains("relais list org"), "{french}");
    let missing = env.with_db("absent.db");
    let french = missing.fails(&["--lang", "fr", "status"], 1);
    assert!(french.contains("relais init"), "{french}");
    assert_ne!(french, missing.fails(&["status"], 1));
    // Output follows the language too.
    let text = env.ok(&["--lang", "fr", "status"]);
    assert!(text.contains("Site"), "{text}");
    assert_eq!(env.digest(), digest);
}

#[test]
fn a_missing_database_is_reported_and_not_created() {
    let env = Env::new();
    for args in [
        vec!["status"],
        vec!["status", "--json"],
        vec!["list", "org"],
        vec!["add", "org", "name=X"],
        vec!["set", "org", "abcdef", "name=X"],
        vec!["rm", "org", "abcdef"],
        vec!["show", "org", "abcdef"],
        vec!["history", "org", "abcdef"],
        vec!["check"],
        vec!["demo"],
        vec!["conflicts"],
        vec!["resolve", "org", "abcdef", "name", "--value", "X"],
    ] {
        let message = env.fails(&args, 1);
        assert!(message.contains("no database at"), "{args:?}: {message}");
        assert!(message.contains("relais init"), "{args:?}: {message}");
        assert!(!env.db.exists(), "{args:?} created the database");
    }
    // A directory given as the database.
    let dir = env.with_db("folder");
    std::fs::create_dir(&dir.db).unwrap();
    let message = dir.fails(&["status"], 1);
    assert!(message.contains("directory"), "{message}");
}

/// Every command that opens the database, refused on `env`'s file: the file
/// keeps its bytes and nothing is left beside it.
fn refused_everywhere(env: &Env, needles: &[&str]) {
    let bytes = env.bytes();
    let files = env.files();
    for args in [
        vec!["status"],
        vec!["status", "--json"],
        vec!["list", "org", "--json"],
        vec!["add", "org", "name=X"],
        vec!["set", "org", "abcdef", "name=X"],
        vec!["rm", "org", "abcdef"],
        vec!["show", "org", "abcdef"],
        vec!["check"],
        vec!["demo"],
        vec!["conflicts"],
        vec!["init", "--name", "EPN", "--departement", "13"],
    ] {
        let message = env.fails(&args, 1);
        for needle in needles {
            assert!(
                message.contains(needle),
                "{args:?}: {message:?} lacks {needle:?}"
            );
        }
        assert_eq!(env.bytes(), bytes, "{args:?} changed the file");
        assert_eq!(
            env.files(),
            files,
            "{args:?} left files beside the database"
        );
    }
}

#[test]
fn a_file_of_random_bytes_is_not_a_relais_database() {
    let env = Env::new();
    let mut noise = vec![0u8; 64 * 1024];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    for byte in noise.iter_mut() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *byte = state as u8;
    }
    std::fs::write(&env.db, &noise).unwrap();
    refused_everywhere(&env, &["not a Relais database", "--db"]);
    // A short text file too.
    std::fs::write(&env.db, "hello\n").unwrap();
    refused_everywhere(&env, &["not a Relais database"]);
}

#[test]
fn a_foreign_sqlite_file_is_not_a_relais_database() {
    let env = Env::new();
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch("CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('mine');")
            .unwrap();
    }
    refused_everywhere(&env, &["not a Relais database"]);
    // Another program's database that uses user_version is refused too.
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch("PRAGMA user_version = 1").unwrap();
    }
    refused_everywhere(&env, &["not a Relais database"]);
}

#[test]
fn a_database_from_a_newer_relais_is_left_untouched() {
    let env = Env::initialised();
    env.add(&["org", "name=Future"]);
    {
        let conn = rusqlite::Connection::open(&env.db).unwrap();
        conn.execute_batch("PRAGMA user_version = 99").unwrap();
    }
    refused_everywhere(&env, &["newer Relais", "99", "update Relais"]);
    let french = env.fails(&["--lang", "fr", "status"], 1);
    assert!(!french.contains("newer"), "{french}");
    let backups: Vec<String> = env
        .files()
        .into_iter()
        .filter(|name| name.contains("backup"))
        .collect();
    assert!(backups.is_empty(), "{backups:?}");
}

fn effective_uid() -> u32 {
    let probe = tempfile::NamedTempFile::new().expect("probe file");
    probe.as_file().metadata().expect("metadata").uid()
}

/// A read-only database: refused with a message about permissions, the file
/// unchanged, and once the permissions are fixed the database works again.
/// As root, permission bits do not stop writes, so the commands run as
/// `nobody` through `setpriv` (a user the bits do stop).
#[test]
fn a_read_only_database_is_refused_and_works_again_once_writable() {
    let env = Env::initialised();
    env.add(&["org", "name=Lecture seule"]);
    let digest = env.digest();
    let as_root = effective_uid() == 0;
    let runner: Option<(u32, PathBuf)> = if as_root {
        let Ok(setpriv) = which("setpriv") else {
            eprintln!("skipped: running as root without setpriv, permission bits cannot be tested");
            return;
        };
        Some((65534, setpriv))
    } else {
        None
    };
    let dir = env.dir.path();
    if let Some((uid, _)) = &runner {
        for path in [dir.to_path_buf(), env.db.clone(), key_path(&env.db)] {
            std::os::unix::fs::chown(&path, Some(*uid), Some(*uid)).unwrap();
        }
    }
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o400)).unwrap();
    let run = |args: &[&str]| -> Output {
        match &runner {
            None => env.run(args),
            Some((uid, setpriv)) => {
                let binary = assert_cmd::cargo::cargo_bin("relais");
                let mut wrapped = Command::new(setpriv);
                wrapped
                    .env_clear()
                    .env("LANG", "C.UTF-8")
                    .env("RELAIS_DB", &env.db)
                    .env("RELAIS_CONFIG", &env.config)
                    .env("RELAIS_NOW", NOW)
                    .args([
                        format!("--reuid={uid}"),
                        format!("--regid={uid}"),
                        "--clear-groups".to_string(),
                        "--".to_string(),
                    ])
                    .arg(binary)
                    .args(args);
                wrapped.output().expect("run relais through setpriv")
            }
        }
    };
    let bytes = env.bytes();
    let files = env.files();
    for args in [
        vec!["add", "org", "name=Refusée"],
        vec!["demo"],
        vec!["status", "--json"],
    ] {
        let message = fails_with(run(&args), &args, 1);
        assert!(message.contains("read-only"), "{args:?}: {message}");
        assert!(message.contains("permissions"), "{args:?}: {message}");
        assert_eq!(env.bytes(), bytes, "{args:?} changed the file");
        assert_eq!(
            env.files(),
            files,
            "{args:?} left files beside the database"
        );
    }
    // Following the advice (fixing the permissions) is enough.
    std::fs::set_permissions(&env.db, std::fs::Permissions::from_mode(0o600)).unwrap();
    let output = run(&["add", "org", "name=Écrite"]);
    assert!(
        output.status.success(),
        "after fixing the permissions: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_ne!(env.digest(), digest);
    env.ok(&["check"]);
}

fn which(program: &str) -> Result<PathBuf, ()> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
        .ok_or(())
}

#[test]
fn help_headings_and_clap_options_speak_french_under_a_french_locale() {
    let env = Env::new();
    for args in [
        vec!["--help"],
        vec!["list", "--help"],
        vec!["add", "org", "--help"],
    ] {
        let output = env
            .cmd()
            .env("LANG", "fr_FR.UTF-8")
            .args(&args)
            .output()
            .expect("run");
        assert!(output.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("Utilisation :"), "{args:?}: {text}");
        assert!(text.contains("Affiche l'aide"), "{args:?}: {text}");
        assert!(
            !text.contains("Usage:") && !text.contains("Print help"),
            "{args:?}: {text}"
        );
    }
    let output = env.cmd().args(["--help"]).output().expect("run");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("Usage:") && text.contains("Print help"),
        "{text}"
    );
}
