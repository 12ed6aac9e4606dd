//! A region driven through the real binary: sites named by a word (`L`,
//! `A`, `lead`…), each a database `<word>.db` in one temporary folder, every
//! command run in a fixed locale and on a fixed day. `Region::runbook` sets
//! up a lead and EPNs that trust each other as the runbook says. Shared by
//! the CLI tests of sync, purge, hostile bundles, encryption, installation
//! and the one door.

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The day of the sync tests, before every honest change they stamp.
pub const NOW: &str = "2026-03-02T10:00:00Z";

pub struct Region {
    dir: tempfile::TempDir,
    lang: &'static str,
    now: Option<&'static str>,
}

/// The EPNs `runbook` can make: name, département, author.
const EPNS: [(&str, &str, &str, &str); 3] = [
    ("A", "EPN A", "04", "Ana"),
    ("B", "EPN B", "05", "Bob"),
    ("C", "EPN C", "06", "Cy"),
];

impl Region {
    /// No site yet; commands in British English on `NOW`.
    pub fn empty() -> Region {
        Region {
            dir: tempfile::tempdir().expect("temp dir"),
            lang: "en_GB.UTF-8",
            now: Some(NOW),
        }
    }

    /// Commands under `lang` (`fr_FR.UTF-8`).
    pub fn in_lang(self, lang: &'static str) -> Region {
        Region { lang, ..self }
    }

    /// Commands on `now`, or on the real clock with `None`.
    pub fn at(self, now: Option<&'static str>) -> Region {
        Region { now, ..self }
    }

    /// A lead `L` (« Coordination », 13, author Léa) and the EPNs `epns`
    /// of `A` (« EPN A », 04, Ana), `B` (05, Bob) and `C` (06, Cy): each
    /// exports its card to `<site>.card`, the lead trusts every EPN and
    /// every EPN trusts the lead `--as-lead`.
    pub fn runbook(epns: &[&str]) -> Region {
        let region = Region::empty();
        region.init("L", "Coordination", "13", "regional", "Léa");
        for (site, name, departement, author) in EPNS {
            if epns.contains(&site) {
                region.init(site, name, departement, "epn", author);
            }
        }
        for site in std::iter::once(&"L").chain(epns) {
            region.ok(
                site,
                &[
                    "identity",
                    "export",
                    "--out",
                    &region.path(&format!("{site}.card")),
                ],
            );
        }
        for site in epns {
            region.ok("L", &["trust", &region.path(&format!("{site}.card"))]);
            region.ok(site, &["trust", &region.path("L.card"), "--as-lead"]);
        }
        region
    }

    /// `relais init` of site `db`.
    pub fn init(&self, db: &str, name: &str, departement: &str, role: &str, author: &str) {
        self.ok(
            db,
            &[
                "init",
                "--name",
                name,
                "--departement",
                departement,
                "--role",
                role,
                "--author",
                author,
            ],
        );
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The database of site `name`.
    pub fn db(&self, name: &str) -> PathBuf {
        self.file(&format!("{name}.db"))
    }

    /// A file of the region's folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `file`, as a command-line argument.
    pub fn path(&self, name: &str) -> String {
        self.file(name).display().to_string()
    }

    /// The command `relais args` on site `db`, not run yet (to add input or
    /// a variable).
    pub fn command(&self, db: &str, args: &[&str]) -> Command {
        let mut command = Command::cargo_bin("relais").expect("binary");
        for var in [
            "LANGUAGE",
            "LC_ALL",
            "LC_MESSAGES",
            "RELAIS_PASSPHRASE",
            "RELAIS_NOW",
        ] {
            command.env_remove(var);
        }
        command
            .env("RELAIS_DB", self.db(db))
            .env("RELAIS_CONFIG", self.file("config.toml"))
            .env("LANG", self.lang)
            .args(args);
        if let Some(now) = self.now {
            command.env("RELAIS_NOW", now);
        }
        command
    }

    pub fn cmd(&self, db: &str, args: &[&str]) -> Assert {
        self.command(db, args).assert()
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, db: &str, args: &[&str]) -> String {
        let out = self.cmd(db, args).success();
        String::from_utf8_lossy(&out.get_output().stdout).into_owned()
    }

    /// Runs a command that must fail with `code` in one line; returns its
    /// stderr.
    pub fn fails(&self, db: &str, args: &[&str], code: i32) -> String {
        let out = self.cmd(db, args).code(code);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        stderr
    }

    pub fn json(&self, db: &str, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(db, args)).expect("json")
    }

    pub fn digest(&self, db: &str) -> String {
        self.json(db, &["status", "--json"])["digest"]
            .as_str()
            .expect("digest")
            .to_string()
    }

    /// The site id of `db`.
    pub fn site(&self, db: &str) -> String {
        self.json(db, &["status", "--json"])["site"]["id"]
            .as_str()
            .expect("site id")
            .to_string()
    }

    /// `from` exports for `to` into the file `name`, `to` imports it.
    pub fn send(&self, from: &str, to: &str, name: &str) {
        let to_site = self.site(to);
        self.ok(
            from,
            &["export", "--out", &self.path(name), "--to", &to_site],
        );
        self.ok(to, &["import", &self.path(name)]);
    }
}
