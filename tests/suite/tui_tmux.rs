//! A real terminal: the `relais` binary run inside tmux on a temporary
//! database. Goes through first-run setup and the demo offer, moves, opens
//! search, resizes, quits; then checks that the terminal settings are those
//! from before (`stty -g`) and that with `NO_COLOR` the screen holds no
//! colour codes. A second session imports a bundle through the
//! Synchronisation screen and finds its request in the list. Skipped, with
//! a notice, when tmux is not installed.

use crate::tmux_support;
use crate::tui_support;

use relais::app::{App, Assignment, Config};
use relais::domain::Kind;
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::Duration;
use tmux_support::Session;
use tui_support::{clock, linked_pair};

/// SGR sequences that set a colour (30–37, 38;…, 39 excluded, 40–47, 48;…, 90–107).
fn colour_codes(screen: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = screen;
    while let Some(start) = rest.find("\u{1b}[") {
        let after = &rest[start + 2..];
        let Some(end) = after.find('m') else { break };
        let params = &after[..end];
        if params.chars().all(|c| c.is_ascii_digit() || c == ';') {
            for param in params.split(';') {
                if let Ok(n) = param.parse::<u32>()
                    && (matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107))
                {
                    found.push(params.to_string());
                    break;
                }
            }
        }
        rest = &after[end..];
    }
    found
}

#[test]
fn the_real_binary_sets_up_searches_resizes_and_restores_the_terminal() {
    if !tmux_support::available("tui_tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let binary = env!("CARGO_BIN_EXE_relais");
    let db = dir.path().join("relais.db");
    let config = dir.path().join("config.toml");
    let stty_before = dir.path().join("before");
    let stty_after = dir.path().join("after");
    let done = dir.path().join("done");
    let name = format!("relais-test-{}", std::process::id());
    // The shell records the terminal settings before and after relais.
    let script = format!(
        "stty -g > {before}; NO_COLOR=1 LANG=fr_FR.UTF-8 RELAIS_NOW=2026-11-26 RELAIS_DB={db} RELAIS_CONFIG={config} {binary}; echo $? > {done}; stty -g > {after}; sleep 30",
        before = stty_before.display(),
        after = stty_after.display(),
        db = db.display(),
        config = config.display(),
        done = done.display(),
    );
    let session = Session::start(&name, &script);
    session.wait_for("Première utilisation");
    session.literal("EPN de Digne");
    session.keys(&["Tab"]);
    session.literal("04");
    session.keys(&["Tab", "Tab"]);
    session.literal("Camille");
    session.keys(&["C-s"]);
    session.wait_for("Charger des données d'exemple");
    session.keys(&["o"]);
    // The dashboard comes first, filled right after its first frame.
    session.wait_for("À traiter");
    session.keys(&["2"]);
    session.wait_for("42 lignes");
    // No colour codes with NO_COLOR, but the selection is still shown (reverse video).
    let coloured = session.screen_with_escapes();
    assert!(
        colour_codes(&coloured).is_empty(),
        "colour codes: {:?}",
        colour_codes(&coloured)
    );
    assert!(
        coloured.contains("\u{1b}[7m") || coloured.contains(";7m") || coloured.contains("[1;7m"),
        "no reverse video:\n{coloured}"
    );
    session.keys(&["j", "j", "G", "g", "3", "4", "5", "6", "8", "2"]);
    session.keys(&["/"]);
    session.literal("ecomusee");
    let screen = session.wait_for("Recherche");
    assert!(screen.contains("/ ecomusee"), "{screen}");
    session.keys(&["Escape"]);
    session.resize(40, 10);
    session.wait_for("trop petite");
    session.resize(100, 30);
    let screen = session.wait_for("42 lignes");
    assert!(
        screen.contains("EPN de Digne (04)"),
        "the site shows when there is room:\n{screen}"
    );
    session.keys(&["q"]);
    session.wait_for_file(&done);
    session.wait_for_file(&stty_after);
    sleep(Duration::from_millis(200));
    let read = |path: &Path| {
        std::fs::read_to_string(path)
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    assert_eq!(read(&done), "0", "exit code");
    assert_eq!(
        read(&stty_before),
        read(&stty_after),
        "terminal settings restored"
    );
    drop(session);
}

/// Two databases made with the library: the lead, and an EPN that trusts it,
/// recorded a new request and exported a bundle for it. Returns the lead's
/// database and the bundle.
fn lead_with_a_bundle_waiting(dir: &Path) -> (PathBuf, PathBuf) {
    let (lead, epn) = linked_pair(dir);
    let mut epn_app = App::open(&epn, Config::default(), clock()).expect("open");
    epn_app
        .add(
            Kind::Request,
            &[
                Assignment::new("title", "Inventaire des fontaines"),
                Assignment::new("departement", "04"),
            ],
        )
        .expect("request");
    let bundle = dir.join("digne.rb");
    epn_app
        .export_bundle(None, false, &bundle, &mut |_| {})
        .expect("export");
    (lead, bundle)
}

#[test]
fn a_bundle_imported_through_the_synchronisation_screen_brings_its_records() {
    if !tmux_support::available("tui_tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, bundle) = lead_with_a_bundle_waiting(dir.path());
    let config = dir.path().join("config.toml");
    let done = dir.path().join("done");
    let name = format!("relais-sync-{}", std::process::id());
    let script = tmux_support::relais_script(&db, &config, &done);
    let session = Session::start(&name, &script);
    session.wait_for("À traiter");
    session.keys(&["2"]);
    let before = session.wait_for("0 ligne");
    assert!(!before.contains("Inventaire des fontaines"), "{before}");
    session.keys(&["8"]);
    session.wait_for("Synchronisation ·");
    session.keys(&["i"]);
    session.wait_for("Importer un paquet");
    session.keys(&["C-u"]);
    session.literal(&bundle.display().to_string());
    session.keys(&["Enter"]);
    let preview = session.wait_for("Importer ce paquet");
    assert!(preview.contains("De : EPN de Digne"), "{preview}");
    session.keys(&["o"]);
    session.wait_for("Paquet du site EPN de Digne importé");
    session.keys(&["2"]);
    session.wait_for("Inventaire des fontaines");
    session.keys(&["q"]);
    session.wait_for_file(&done);
    drop(session);
}
