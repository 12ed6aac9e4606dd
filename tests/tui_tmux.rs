//! A real terminal: the `relais` binary run inside tmux on a temporary
//! database. Goes through first-run setup and the demo offer, moves, opens
//! search, resizes, quits; then checks that the terminal settings are those
//! from before (`stty -g`) and that with `NO_COLOR` the screen holds no
//! colour codes. Skipped, with a notice, when tmux is not installed.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Session {
    name: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}

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
    let session = Session { name: name.clone() };
    // The shell records the terminal settings before and after relais.
    let script = format!(
        "stty -g > {before}; NO_COLOR=1 LANG=fr_FR.UTF-8 RELAIS_NOW=2026-11-26 RELAIS_DB={db} RELAIS_CONFIG={config} {binary}; echo $? > {done}; stty -g > {after}; sleep 30",
        before = stty_before.display(),
        after = stty_after.display(),
        db = db.display(),
        config = config.display(),
        done = done.display(),
    );
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &name,
        "-x",
        "80",
        "-y",
        "24",
        "sh",
        "-c",
        &script,
    ]);
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
