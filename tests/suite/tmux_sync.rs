//! *Sync with a folder* with the real `relais` binary inside tmux, at 80×24
//! in French: the EPN syncs with a folder (a USB stick), the lead syncs with
//! it and gets the EPN's request, then the EPN syncs again and gets the
//! lead's. Each bundle carries its sender's name and nothing is
//! overwritten. Skipped, with a printed reason, when tmux is missing
//! (unless `CI` is set: there it must run).

use crate::tmux_support;
use crate::tui_support;

use relais::app::{App, Assignment, Config};
use relais::domain::Kind;
use std::path::{Path, PathBuf};
use tmux_support::Session;
use tui_support::{clock, linked_pair};

/// The lead and an EPN that trust each other, each with a request of its own.
fn two_sites(dir: &Path) -> (PathBuf, PathBuf) {
    let (lead, epn) = linked_pair(dir);
    for (db, title, departement) in [
        (&lead, "Carte des lavoirs", "13"),
        (&epn, "Inventaire des fontaines", "04"),
    ] {
        let mut app = App::open(db, Config::default(), clock()).expect("open");
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
    let done = dir.join("done");
    let _ = std::fs::remove_file(&done);
    let name = format!(
        "relais-folder-{}-{}",
        std::process::id(),
        db.file_stem().unwrap().to_string_lossy()
    );
    let script = tmux_support::relais_script(db, &dir.join("config.toml"), &done);
    let session = Session::start(&name, &script);
    session.wait_for("À traiter");
    session.keys(&["8"]);
    session.wait_for("Synchronisation ·");
    session.keys(&["s"]);
    session.wait_for("Synchroniser avec un dossier");
    session.keys(&["C-u"]);
    session.literal(&usb.display().to_string());
    session.keys(&["Enter"]);
    let asked = session.wait_for("Continuer ?");
    assert!(asked.contains(plan), "{plan:?} not in: {asked}");
    session.keys(&["o"]);
    let outcome = session.wait_for("Synchronisation terminée");
    assert!(outcome.contains(expect), "{expect:?} not in: {outcome}");
    session.keys(&["2"]);
    session.wait_for(title);
    session.keys(&["q"]);
    session.wait_for_file(&done);
    assert_eq!(
        std::fs::read_to_string(&done).unwrap_or_default().trim(),
        "0",
        "exit code"
    );
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
    if !tmux_support::available("tmux_sync") {
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
