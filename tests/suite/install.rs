//! Installing and looking after Relais, through the real binary: the version
//! text, shell completions that the shell parses, manual pages that `man`
//! renders without warnings, settings validated key by key, an online backup
//! taken while another process writes, and a restore that takes a new site
//! id so that sync with the lead goes on without a fork.

use crate::region_support;

use assert_cmd::Command;
use region_support::Region;
use std::path::Path;

/// A folder with no site yet; commands in British English on the real
/// clock (backups and restores are stamped when they happen).
fn place() -> Region {
    Region::empty().at(None)
}

/// Site `site`'s card, written anew to `<site>.card`.
fn card(place: &Region, site: &str) -> String {
    let path = place.path(&format!("{site}.card"));
    let _ = std::fs::remove_file(&path);
    place.ok(site, &["identity", "export", "--out", &path]);
    path
}

fn text(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn the_version_names_the_commit_sqlite_and_bundle_formats() {
    let place = place();
    let english = place.ok("x", &["--version"]);
    assert!(english.starts_with("relais 0.1.0 (commit "), "{english}");
    assert!(english.contains("SQLite 3."), "{english}");
    assert!(
        english.contains("bundle formats: reads 1, 2, writes 2"),
        "{english}"
    );
    let french = place.ok("x", &["--lang", "fr", "--version"]);
    assert!(french.contains("formats de paquets : lit 1"), "{french}");
}

fn tool(name: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|output| output.status.success())
}

#[test]
fn completion_scripts_parse_in_their_shell() {
    let place = place();
    for shell in ["bash", "zsh", "fish"] {
        let script = place.ok("x", &["completions", shell]);
        assert!(script.contains("relais"), "{shell}");
        if !tool(shell) {
            assert_ne!(shell, "bash", "bash must be there to check the script");
            continue;
        }
        let file = place.file(&format!("completion.{shell}"));
        std::fs::write(&file, &script).expect("write");
        let parsed = std::process::Command::new(shell)
            .arg("-n")
            .arg(&file)
            .output()
            .expect("shell");
        assert!(
            parsed.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&parsed.stderr)
        );
    }
    place.cmd("x", &["completions", "tcsh"]).code(2);
}

/// `man` prints bold as `X\bX` when not writing to a terminal.
fn without_overstrike(text: &str) -> String {
    let mut plain = String::new();
    for c in text.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    plain
}

#[test]
fn manual_pages_render_without_warnings_in_both_languages() {
    if !tool("man") {
        assert!(std::env::var_os("CI").is_none(), "CI installs man-db");
        eprintln!("man is not installed: skipped");
        return;
    }
    let place = place();
    for (lang, heading, command_help) in [
        ("en", "NAME", "Copies the database while it is in use"),
        ("fr", "NOM", "Copie la base pendant qu'elle sert"),
    ] {
        let page = place.file(&format!("relais.{lang}.1"));
        std::fs::write(&page, place.ok("x", &["--lang", lang, "manpage"])).expect("write");
        let rendered = std::process::Command::new("man")
            .args(["--warnings", "-l"])
            .arg(&page)
            .env("MANWIDTH", "80")
            .env("MAN_KEEP_FORMATTING", "0")
            .env("LANG", "C.UTF-8")
            .output()
            .expect("man");
        let stderr = String::from_utf8_lossy(&rendered.stderr);
        assert!(rendered.status.success(), "{lang}: {stderr}");
        assert!(stderr.trim().is_empty(), "{lang}: warnings: {stderr}");
        let body = without_overstrike(&String::from_utf8_lossy(&rendered.stdout));
        assert!(body.contains(heading), "{lang}: {body}");
        assert!(body.contains(command_help), "{lang}: {body}");
        if lang == "fr" {
            french_throughout(&body);
        }
    }
}

/// The French page has French headings and French words where clap_mangen
/// writes English ones.
fn french_throughout(body: &str) {
    for french in [
        "Manuel de Relais",
        "NOM",
        "COMMANDES",
        "REMARQUES",
        "Affiche l'aide",
        "Affiche la version",
        "Peut aussi être donné par la variable d'environnement RELAIS_DB.",
        "Valeurs possibles :",
        "--db <CHEMIN>",
        "--lang <LANGUE>",
    ] {
        assert!(body.contains(french), "{french}: {body}");
    }
    for english in [
        "General Commands Manual",
        "NAME",
        "SUBCOMMANDS",
        "EXTRA",
        "Commands",
        "Print help",
        "Print version",
        "May also",
        "environment variable",
        "Possible values",
        "default:",
        "<PATH>",
        "<LANG>",
    ] {
        assert!(!body.contains(english), "{english}: {body}");
    }
}

#[test]
fn every_setting_refuses_a_bad_value_in_one_line_and_keeps_the_file() {
    let place = place();
    place.ok("x", &["config", "set", "author", "Anne Martin"]);
    let before = std::fs::read(place.file("config.toml")).expect("config written");
    for (key, bad) in [
        ("lang", "de"),
        ("author", "x\u{7}y"),
        ("hourly_cost", "cher"),
        ("yearly_budget", "-1"),
        ("retention_years", "0"),
        ("backup_reminder_days", "400"),
        ("colour", "blue"),
    ] {
        let refused = place.cmd("x", &["config", "set", key, bad]).code(1);
        let stderr = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
        assert_eq!(stderr.lines().count(), 1, "{key}: {stderr}");
        assert!(stderr.contains(key), "{key}: {stderr}");
        assert_eq!(
            std::fs::read(place.file("config.toml")).expect("config"),
            before,
            "{key}: the file is unchanged"
        );
    }
    place.ok("x", &["config", "set", "hourly_cost", "47,5"]);
    let shown = place.json("x", &["config", "show", "--json"]);
    let hourly = shown
        .as_array()
        .expect("settings")
        .iter()
        .find(|setting| setting["key"] == "hourly_cost")
        .expect("hourly_cost");
    assert_eq!(hourly["value"], "47.5");
    assert_eq!(hourly["set"], true);
    // In words, an unset author reads as a dash, not as nothing.
    place.ok("x", &["config", "set", "author", ""]);
    let said = place.ok("x", &["config", "show"]);
    let author = said
        .lines()
        .find(|line| line.trim_start().starts_with("author"))
        .unwrap_or_default();
    assert!(author.contains("= —"), "{said}");
    assert_eq!(
        place.ok("x", &["config", "path"]).trim(),
        place.path("config.toml")
    );
}

#[test]
fn a_backup_taken_while_another_process_writes_passes_check() {
    let place = place();
    place.ok(
        "epn",
        &["init", "--name", "EPN de Digne", "--departement", "04"],
    );
    place.ok("epn", &["demo", "--scale", "300"]);
    let db = place.db("epn");
    let config = place.file("config.toml");
    let writer = std::thread::spawn(move || {
        for n in 0..40 {
            Command::cargo_bin("relais")
                .expect("binary")
                .env("RELAIS_DB", &db)
                .env("RELAIS_CONFIG", &config)
                .args([
                    "add",
                    "request",
                    &format!("title=Demande écrite pendant la copie {n}"),
                ])
                .assert()
                .success();
        }
    });
    let mut copies = Vec::new();
    for n in 0..4 {
        let copy = place.file(&format!("copy-{n}.db"));
        let done = place.json("epn", &["backup", "--out", &text(&copy), "--json"]);
        assert!(done["changes"].as_u64().expect("changes") > 0);
        copies.push(copy);
    }
    writer.join().expect("writer");
    for copy in &copies {
        Command::cargo_bin("relais")
            .expect("binary")
            .env("RELAIS_DB", copy)
            .env("RELAIS_CONFIG", place.file("config.toml"))
            .arg("check")
            .assert()
            .success();
    }
    place
        .cmd("epn", &["backup", "--out", &text(&copies[0])])
        .code(1);
}

#[test]
fn a_restored_site_takes_a_new_id_and_syncs_with_the_lead_without_a_fork() {
    let place = place();
    place.ok(
        "lead",
        &[
            "init",
            "--name",
            "Région Sud",
            "--departement",
            "13",
            "--role",
            "regional",
        ],
    );
    place.ok(
        "epn",
        &["init", "--name", "EPN de Digne", "--departement", "04"],
    );
    let epn_card = card(&place, "epn");
    let lead_card = card(&place, "lead");
    place.ok("lead", &["trust", &epn_card]);
    place.ok("epn", &["trust", &lead_card, "--as-lead"]);
    let old_id = place.site("epn");
    let bundle = place.path("1.rb");
    place.ok("epn", &["add", "request", "title=Atlas de la biodiversité"]);
    place.ok("epn", &["export", "--out", &bundle]);
    place.ok("lead", &["import", &bundle]);
    let backup = place.path("epn-backup.db");
    place.ok("epn", &["backup", "--out", &backup]);
    // Written after the backup, sent to the lead, then the PC dies.
    place.ok("epn", &["add", "request", "title=Carte des maraudes"]);
    let bundle = place.path("2.rb");
    place.ok("epn", &["export", "--out", &bundle]);
    place.ok("lead", &["import", &bundle]);

    let restored = place.json("epn", &["restore", &backup, "--json"]);
    let new_id = place.site("epn");
    assert_ne!(new_id, old_id);
    assert_eq!(restored["old_site"], old_id.as_str());
    assert_eq!(restored["new_site"], new_id.as_str());
    assert!(restored["set_aside"].as_str().is_some());
    place.ok("epn", &["check"]);

    // The restored site writes; the lead does not know it yet, then enrols it.
    place.ok("epn", &["add", "request", "title=Sentier de l'écomusée"]);
    let bundle = place.path("3.rb");
    place.ok("epn", &["export", "--out", &bundle]);
    place.cmd("lead", &["import", &bundle]).code(3);
    let new_card = card(&place, "epn");
    place.ok("lead", &["trust", &new_card]);
    let imported = place.json("lead", &["import", &bundle, "--json"]);
    assert!(imported[0]["new_changes"].as_u64().expect("new") > 0);

    // Back from the lead: the change the dead PC had sent comes home.
    let back = place.path("back.rb");
    place.ok("lead", &["export", "--out", &back, "--to", &new_id]);
    place.ok("epn", &["import", &back]);
    let titles = place.ok("epn", &["list", "request"]);
    assert!(titles.contains("Carte des maraudes"), "{titles}");
    assert_eq!(
        place.json("epn", &["status", "--json"])["digest"],
        place.json("lead", &["status", "--json"])["digest"]
    );
    place.ok("lead", &["check"]);
}
