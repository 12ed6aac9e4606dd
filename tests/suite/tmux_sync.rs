//! *Sync with a folder* with the real `relais` binary inside tmux, at 80×24
//! in French: the EPN syncs with a folder (a USB stick), the lead syncs with
//! it and gets the EPN's request, then the EPN syncs again and gets the
//! lead's. Each bundle carries its sender's name and nothing is
//! overwritten. Skipped, with a printed reason, when tmux is missing
//! (unless `CI` is set: there it must run).

use crate::tmux_support;

use relais::app::identity::{InitRequest, init};
use relais::app::{App, Assignment, Config};
use relais::domain::Kind;
use relais::domain::clock::{Clock, FixedClock};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::thread::sleep;
use std::time::{Duration, Instant};
use tmux_support::Session;

fn tmux(args: &[&str]) -> String {
    let output = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The screen as one line of words (box borders and wrapping removed), so
/// that a sentence wrapped over two rows is still found.
fn words(session: &str) -> (String, String) {
    let screen = tmux(&["capture-pane", "-p", "-t", session]);
    let flat = screen
        .replace(['│', '─', '┌', '┐', '└', '┘'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (flat, screen)
}

fn wait_for(session: &str, text: &str) -> String {
    let start = Instant::now();
    loop {
        let (flat, screen) = words(session);
        if flat.contains(text) {
            return flat;
        }
        if start.elapsed() > Duration::from_secs(20) {
            panic!("waited for {text:?}, screen:\n{screen}");
        }
        sleep(Duration::from_millis(100));
    }
}

fn keys(session: &str, keys: &[&str]) {
    let mut args = vec!["send-keys", "-t", session];
    args.extend_from_slice(keys);
    tmux(&args);
    sleep(Duration::from_millis(150));
}

fn literal(session: &str, text: &str) {
    tmux(&["send-keys", "-t", session, "-l", text]);
    sleep(Duration::from_millis(150));
}

fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::parse("2026-11-26").expect("date"))
}

/// The lead and an EPN that trust each other, each with a request of its own.
fn two_sites(dir: &Path) -> (PathBuf, PathBuf) {
    let lead = dir.join("lead.db");
    let epn = dir.join("epn.db");
    for (path, name, departement, role) in [
        (&lead, "Coordination régionale", "13", "regional"),
        (&epn, "EPN de Digne", "04", "epn"),
    ] {
        init(
            path,
            clock(),
            &InitRequest {
                name,
                departement,
                role,
                author: Some("Camille"),
            },
        )
        .expect("init");
    }
    let card = |db: &Path| {
        let app = App::open(db, Config::default(), clock()).expect("open");
        let path = db.with_extension("card.json");
        app.export_card(&path).expect("card");
        path
    };
    let (lead_card, epn_card) = (card(&lead), card(&epn));
    for (db, other, as_lead, title, departement) in [
        (&lead, &epn_card, false, "Carte des lavoirs", "13"),
        (&epn, &lead_card, true, "Inventaire des fontaines", "04"),
    ] {
        let mut app = App::open(db, Config::default(), clock()).expect("open");
        app.enrol_card(other, as_lead).expect("trust");
        app.add(
            Kind::Request,
            &[
                Assignment::new("title", title),
                Assignment::new("departement", departement),
            ],
        )
        .expect("request");
    }
    (lead, epn)
}

/// Runs the binary on `db`, syncs with `usb` from the Synchronisation
/// screen, waits for `expect` in the outcome, then looks for `title` in the
/// requests and quits.
fn sync_in_tmux(dir: &Path, db: &Path, usb: &Path, plan: &str, expect: &str, title: &str) {
    let binary = env!("CARGO_BIN_EXE_relais");
    let config = dir.join("config.toml");
    let done = dir.join("done");
    let _ = std::fs::remove_file(&done);
    let name = format!(
        "relais-folder-{}-{}",
        std::process::id(),
        db.file_stem().unwrap().to_string_lossy()
    );
    let script = format!(
        "NO_COLOR=1 LANG=fr_FR.UTF-8 RELAIS_NOW=2026-11-26 RELAIS_DB={db} RELAIS_CONFIG={config} {binary}; echo $? > {done}; sleep 30",
        db = db.display(),
        config = config.display(),
        done = done.display(),
    );
    let session = Session::start(&name, &script);
    wait_for(&name, "À traiter");
    keys(&name, &["8"]);
    wait_for(&name, "Synchronisation ·");
    keys(&name, &["s"]);
    wait_for(&name, "Synchroniser avec un dossier");
    keys(&name, &["C-u"]);
    literal(&name, &usb.display().to_string());
    keys(&name, &["Enter"]);
    let asked = wait_for(&name, "Continuer ?");
    assert!(asked.contains(plan), "{plan:?} not in: {asked}");
    keys(&name, &["o"]);
    let outcome = wait_for(&name, "Synchronisation terminée");
    assert!(outcome.contains(expect), "{expect:?} not in: {outcome}");
    keys(&name, &["2"]);
    wait_for(&name, title);
    keys(&name, &["q"]);
    let start = Instant::now();
    while !done.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "relais did not quit:\n{}",
            words(&name).1
        );
        sleep(Duration::from_millis(100));
    }
    assert_eq!(
        std::fs::read_to_string(&done).unwrap_or_default().trim(),
        "0",
        "exit code"
    );
    drop(session);
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn an_epn_and_the_lead_sync_through_one_folder_both_ways() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux must be installed on CI (.ci/run installs it)"
        );
        eprintln!("SKIPPED tmux_sync: tmux is not installed (apt-get install tmux)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (lead, epn) = two_sites(dir.path());
    let usb = dir.path().join("CLE USB");
    std::fs::create_dir(&usb).expect("usb");
    let epn_bundle = "relais-epn-de-digne-vers-coordination-regionale-2026-11-26-1.rb";
    let lead_bundle = "relais-coordination-regionale-vers-epn-de-digne-2026-11-26-1.rb";

    // The EPN goes first: nothing to import, its bundle for the lead written.
    sync_in_tmux(
        dir.path(),
        &epn,
        &usb,
        "0 paquet à importer",
        "Écrit pour le site Coordination régionale",
        "Inventaire des fontaines",
    );
    assert_eq!(files_in(&usb), vec![epn_bundle.to_string()]);

    // The lead imports it, and writes one for its enrolled EPN.
    sync_in_tmux(
        dir.path(),
        &lead,
        &usb,
        "1 paquet à importer",
        "Écrit pour le site EPN de Digne",
        "Inventaire des fontaines",
    );
    assert_eq!(
        files_in(&usb),
        vec![lead_bundle.to_string(), epn_bundle.to_string()]
    );

    // The EPN again: the lead's bundle comes in (its own left aside), and
    // its new bundle takes the next number.
    sync_in_tmux(
        dir.path(),
        &epn,
        &usb,
        "1 paquet à importer",
        "est un paquet de ce site : laissé de côté",
        "Carte des lavoirs",
    );
    assert!(
        files_in(&usb).contains(
            &"relais-epn-de-digne-vers-coordination-regionale-2026-11-26-2.rb".to_string()
        ),
        "{:?}",
        files_in(&usb)
    );
}
