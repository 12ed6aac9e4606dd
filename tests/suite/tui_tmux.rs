//! A real terminal: the `relais` binary run inside tmux on a temporary
//! database. Goes through first-run setup and the demo offer, moves, opens
//! search, resizes, quits; then checks that the terminal settings are those
//! from before (`stty -g`) and that with `NO_COLOR` the screen holds no
//! colour codes. A second session imports a bundle through the
//! Synchronisation screen and finds its request in the list. Skipped, with
//! a notice, when tmux is not installed.

use crate::tmux_support;

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};
use tmux_support::Session;

fn tmux(args: &[&str]) -> String {
    let output = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn capture(session: &str, escapes: bool) -> String {
    if escapes {
        tmux(&["capture-pane", "-p", "-e", "-t", session])
    } else {
        tmux(&["capture-pane", "-p", "-t", session])
    }
}

/// Waits until the screen shows `text` (or fails with what it shows).
fn wait_for(session: &str, text: &str) -> String {
    let start = Instant::now();
    loop {
        let screen = capture(session, false);
        if screen.contains(text) {
            return screen;
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
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!(
            "SKIPPED tui_tmux: tmux is not installed (apt-get install tmux; .ci/run installs it)"
        );
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
    wait_for(&name, "Première utilisation");
    literal(&name, "EPN de Digne");
    keys(&name, &["Tab"]);
    literal(&name, "04");
    keys(&name, &["Tab", "Tab"]);
    literal(&name, "Camille");
    keys(&name, &["C-s"]);
    wait_for(&name, "Charger des données d'exemple");
    keys(&name, &["o"]);
    // The dashboard comes first, filled right after its first frame.
    wait_for(&name, "À traiter");
    keys(&name, &["2"]);
    wait_for(&name, "42 lignes");
    // No colour codes with NO_COLOR, but the selection is still shown (reverse video).
    let coloured = capture(&name, true);
    assert!(
        colour_codes(&coloured).is_empty(),
        "colour codes: {:?}",
        colour_codes(&coloured)
    );
    assert!(
        coloured.contains("\u{1b}[7m") || coloured.contains(";7m") || coloured.contains("[1;7m"),
        "no reverse video:\n{coloured}"
    );
    keys(&name, &["j", "j", "G", "g", "3", "4", "5", "6", "8", "2"]);
    keys(&name, &["/"]);
    literal(&name, "ecomusee");
    let screen = wait_for(&name, "Recherche");
    assert!(screen.contains("/ ecomusee"), "{screen}");
    keys(&name, &["Escape"]);
    tmux(&["resize-window", "-t", &name, "-x", "40", "-y", "10"]);
    wait_for(&name, "trop petite");
    tmux(&["resize-window", "-t", &name, "-x", "100", "-y", "30"]);
    let screen = wait_for(&name, "42 lignes");
    assert!(
        screen.contains("EPN de Digne (04)"),
        "the site shows when there is room:\n{screen}"
    );
    keys(&name, &["q"]);
    let start = Instant::now();
    while !done.exists() || !stty_after.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "relais did not quit:\n{}",
            capture(&name, false)
        );
        sleep(Duration::from_millis(100));
    }
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
fn lead_with_a_bundle_waiting(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    use relais::app::identity::{InitRequest, init};
    use relais::app::{App, Assignment, Config};
    use relais::domain::Kind;
    use relais::domain::clock::{Clock, FixedClock};
    use std::sync::Arc;
    let clock = || -> Arc<dyn Clock> { Arc::new(FixedClock::parse("2026-11-26").expect("date")) };
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
        let identity = app.test_store().require_identity().expect("identity");
        let key = relais::sync::signing_key(db).expect("key");
        let card = relais::sync::SiteCard::new(
            &identity.site,
            &identity.name,
            &identity.departement,
            &identity.role,
            &key,
        );
        let path = db.with_extension("card.json");
        std::fs::write(&path, card.to_json()).expect("card");
        path
    };
    let (lead_card, epn_card) = (card(&lead), card(&epn));
    let mut lead_app = App::open(&lead, Config::default(), clock()).expect("open");
    lead_app.enrol_card(&epn_card, false).expect("enrol");
    drop(lead_app);
    let mut epn_app = App::open(&epn, Config::default(), clock()).expect("open");
    epn_app.enrol_card(&lead_card, true).expect("trust");
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
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED tui_tmux: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, bundle) = lead_with_a_bundle_waiting(dir.path());
    let binary = env!("CARGO_BIN_EXE_relais");
    let config = dir.path().join("config.toml");
    let done = dir.path().join("done");
    let name = format!("relais-sync-{}", std::process::id());
    let script = format!(
        "NO_COLOR=1 LANG=fr_FR.UTF-8 RELAIS_NOW=2026-11-26 RELAIS_DB={db} RELAIS_CONFIG={config} {binary}; echo $? > {done}; sleep 30",
        db = db.display(),
        config = config.display(),
        done = done.display(),
    );
    let session = Session::start(&name, &script);
    wait_for(&name, "À traiter");
    keys(&name, &["2"]);
    let before = wait_for(&name, "0 ligne");
    assert!(!before.contains("Inventaire des fontaines"), "{before}");
    keys(&name, &["8"]);
    wait_for(&name, "Synchronisation ·");
    keys(&name, &["i"]);
    wait_for(&name, "Importer un paquet");
    keys(&name, &["C-u"]);
    literal(&name, &bundle.display().to_string());
    keys(&name, &["Enter"]);
    let preview = wait_for(&name, "Importer ce paquet");
    assert!(preview.contains("De : EPN de Digne"), "{preview}");
    keys(&name, &["o"]);
    wait_for(&name, "Paquet du site EPN de Digne importé");
    keys(&name, &["2"]);
    wait_for(&name, "Inventaire des fontaines");
    keys(&name, &["q"]);
    let start = Instant::now();
    while !done.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "relais did not quit:\n{}",
            capture(&name, false)
        );
        sleep(Duration::from_millis(100));
    }
    drop(session);
}
