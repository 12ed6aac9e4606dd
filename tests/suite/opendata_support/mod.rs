//! What the open-data and places tests share: a temporary installation
//! driven through the real binary, and the reference validator
//! (`frictionless validate`, run from the files' folder with relative paths).

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub const NOW: &str = "2026-11-26T09:00:00Z";

pub struct Env {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub config: PathBuf,
}

impl Env {
    /// A regional site, initialised.
    pub fn initialised() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let env = Env {
            db: dir.path().join("relais.db"),
            config: dir.path().join("config.toml"),
            dir,
        };
        env.ok(&[
            "init",
            "--name",
            "Coordination régionale",
            "--departement",
            "13",
            "--role",
            "regional",
            "--author",
            "Anne",
        ]);
        env
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("relais").expect("binary");
        for var in ["LANGUAGE", "LC_ALL", "LC_MESSAGES"] {
            cmd.env_remove(var);
        }
        cmd.env("LANG", "C.UTF-8")
            .env("RELAIS_DB", &self.db)
            .env("RELAIS_CONFIG", &self.config)
            .env("RELAIS_NOW", NOW)
            .env("RUST_BACKTRACE", "0");
        cmd
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.cmd().args(args).output().expect("run relais");
        assert!(
            output.status.success(),
            "relais {args:?} failed ({:?}): {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8 stdout")
    }

    /// Runs a command that must fail with exit code 1; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let output = self.cmd().args(args).output().expect("run relais");
        assert_eq!(output.status.code(), Some(1), "relais {args:?}");
        let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        stderr
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let text = self.ok(args);
        serde_json::from_str(&text).unwrap_or_else(|err| panic!("{args:?}: {err}: {text}"))
    }

    pub fn digest(&self) -> String {
        self.json(&["status", "--json"])["digest"]
            .as_str()
            .expect("digest")
            .to_string()
    }
}

/// Whether the reference validator can run here. CI installs it (`.ci/run`);
/// elsewhere a test without it says so and checks the rest.
pub fn frictionless_available() -> bool {
    let found = std::process::Command::new("frictionless")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(
        found || std::env::var_os("CI").is_none(),
        "CI must have `frictionless` (pip install frictionless)"
    );
    if !found {
        eprintln!("frictionless is not installed: Table Schema validation skipped");
    }
    found
}

/// `frictionless validate --schema SCHEMA FILE` from `dir`, with relative
/// paths; panics with the validator's report when the file is not valid.
pub fn validate(dir: &Path, schema: &str, file: &str) {
    let output = std::process::Command::new("frictionless")
        .args(["validate", "--schema", schema, file])
        .current_dir(dir)
        .output()
        .expect("run frictionless");
    assert!(
        output.status.success(),
        "{file} is not valid against {schema}:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The schemas Relais ships, copied beside the files to validate.
pub fn copy_schemas(dir: &Path) {
    let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/schemas");
    for name in [
        "catalogue.json",
        "skills.json",
        "workshops.json",
        "lamednum.json",
    ] {
        std::fs::copy(assets.join(name), dir.join(name)).expect("copy schema");
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}
