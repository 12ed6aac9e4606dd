//! A Relais site in a temporary folder, driven through the real binary:
//! the set-up the CLI test files share (one site "EPN" in the 04, author
//! Anne, a fixed clock, the C or a French locale).

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

pub struct Env {
    _dir: tempfile::TempDir,
    pub db: PathBuf,
    pub config: PathBuf,
    /// The `LANG` every command runs under.
    pub lang: &'static str,
}

impl Env {
    /// A fresh site, commands in English.
    pub fn new() -> Env {
        Env::with_lang("C.UTF-8")
    }

    /// A fresh site, commands under `lang` (`fr_FR.UTF-8`).
    pub fn with_lang(lang: &'static str) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let env = Env {
            db: dir.path().join("relais.db"),
            config: dir.path().join("config.toml"),
            _dir: dir,
            lang,
        };
        env.ok(&[
            "init",
            "--name",
            "EPN",
            "--departement",
            "04",
            "--author",
            "Anne",
        ]);
        env
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        Command::from_std(self.process(args))
    }

    /// The command `cmd` runs, as a `std` one (to spawn it with pipes).
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("relais"));
        for var in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
            cmd.env_remove(var);
        }
        cmd.env("LANG", self.lang)
            .env("RELAIS_DB", &self.db)
            .env("RELAIS_CONFIG", &self.config)
            .env("RELAIS_NOW", "2026-11-26T09:00:00Z")
            .args(args);
        cmd
    }

    /// Runs a command that must succeed; returns its stdout, trimmed.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.cmd(args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap().trim().to_string()
    }

    /// Runs a command that must be refused: exit 1, nothing on stdout;
    /// returns stderr.
    pub fn refused(&self, args: &[&str]) -> String {
        let output = self.cmd(args).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?} should be refused");
        assert!(output.stdout.is_empty(), "{args:?} printed on stdout");
        String::from_utf8(output.stderr).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// The value `show` prints for a field (`label : value`), empty when
    /// the field is not shown.
    pub fn shown(&self, kind: &str, id: &str, label: &str) -> String {
        self.ok(&["show", kind, id])
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(" : ")?;
                (name.trim() == label).then(|| value.trim().to_string())
            })
            .unwrap_or_default()
    }

    /// Sets `column = value` on the derived row `id` of `table` directly,
    /// as a reference received from another site reads (before its record
    /// arrives, or after a merge).
    /// A time entry's references hold the record key of the id (schema
    /// v29), given here as the store gives it.
    pub fn point(&self, table: &str, id: &str, column: &str, value: &str) {
        let db = rusqlite::Connection::open(&self.db).unwrap();
        let stored = match table {
            "time_entry" => rusqlite::types::Value::Integer(record_key(&db, value)),
            _ => rusqlite::types::Value::Text(value.to_string()),
        };
        let updated = db
            .execute(
                &format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2"),
                rusqlite::params![stored, id],
            )
            .unwrap();
        assert_eq!(updated, 1);
    }
}

/// The key of `id` in `record_key`, given if it had none: a UUID as Relais
/// writes it is kept as its 16 bytes, any other id as text.
fn record_key(db: &rusqlite::Connection, id: &str) -> i64 {
    let canonical = id.len() == 36
        && id.bytes().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte),
        });
    let spelt = match canonical {
        true => rusqlite::types::Value::Blob(
            (0..16)
                .map(|at| {
                    let hex: String = id.chars().filter(|c| *c != '-').collect();
                    u8::from_str_radix(&hex[at * 2..at * 2 + 2], 16).unwrap()
                })
                .collect(),
        ),
        false => rusqlite::types::Value::Text(id.to_string()),
    };
    db.execute("INSERT OR IGNORE INTO record_key(id) VALUES (?1)", [&spelt])
        .unwrap();
    db.query_row(
        "SELECT key FROM record_key WHERE id = ?1",
        [&spelt],
        |row| row.get(0),
    )
    .unwrap()
}

/// The element of a JSON array whose `id` is `id`.
pub fn by_id<'a>(array: &'a Value, id: &str) -> &'a Value {
    array
        .as_array()
        .unwrap()
        .iter()
        .find(|element| element["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {array}"))
}
