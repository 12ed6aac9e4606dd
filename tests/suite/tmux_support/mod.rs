//! A real terminal for the tests: the `relais` binary in a detached tmux
//! session (killed when dropped), read as words and driven by keys.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Whether tmux is here to run `test`. Elsewhere than CI a missing tmux
/// skips the test with a printed reason; on CI it must be installed.
pub fn available(test: &str) -> bool {
    if Command::new("tmux").arg("-V").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "tmux must be installed on CI (.ci/run installs it)"
    );
    eprintln!("SKIPPED {test}: tmux is not installed (apt-get install tmux)");
    false
}

/// The shell line that runs `relais` on `db` in French without colour on
/// the tests' day, then writes its exit code to `done` and stays a while
/// (so that the last screen can still be read).
pub fn relais_script(db: &Path, config: &Path, done: &Path) -> String {
    format!(
        "NO_COLOR=1 LANG=fr_FR.UTF-8 RELAIS_NOW=2026-11-26 RELAIS_DB={db} RELAIS_CONFIG={config} {binary}; echo $? > {done}; sleep 30",
        db = db.display(),
        config = config.display(),
        done = done.display(),
        binary = env!("CARGO_BIN_EXE_relais"),
    )
}

fn tmux(args: &[&str]) -> String {
    let output = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A detached 80×24 tmux session running a shell script.
pub struct Session {
    name: String,
}

impl Session {
    /// Starts `script` in a new session named `name`; a refusal is retried
    /// a few times, then reported with tmux's own words. Once on CI the
    /// pane of a test's third session never existed (an empty screen after
    /// 20 s, "no server running" at the end): the previous session, the
    /// server's last, had just been killed. Not reproduced in 100 rounds of
    /// kill-then-start; the old code never looked at `new-session`'s status.
    pub fn start(name: &str, script: &str) -> Session {
        let mut refused = String::new();
        for _ in 0..5 {
            let output = Command::new("tmux")
                .args(["new-session", "-d", "-s", name, "-x", "80", "-y", "24"])
                .args(["sh", "-c", script])
                .output()
                .expect("tmux runs");
            if output.status.success() {
                return Session {
                    name: name.to_string(),
                };
            }
            refused = String::from_utf8_lossy(&output.stderr).into_owned();
            sleep(Duration::from_millis(300));
        }
        panic!("tmux refused session {name}: {refused}");
    }

    /// The screen as tmux shows it.
    pub fn screen(&self) -> String {
        tmux(&["capture-pane", "-p", "-t", &self.name])
    }

    /// The screen with its SGR escape sequences (colours, reverse video).
    pub fn screen_with_escapes(&self) -> String {
        tmux(&["capture-pane", "-p", "-e", "-t", &self.name])
    }

    /// The screen as one line of words (box borders and wrapping removed),
    /// so that a sentence wrapped over two rows is still found.
    pub fn words(&self) -> String {
        self.screen()
            .replace(['│', '─', '┌', '┐', '└', '┘'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Waits until the screen's words hold `text` and returns them, or
    /// fails after 20 s with the screen.
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let words = self.words();
            if words.contains(text) {
                return words;
            }
            if start.elapsed() > Duration::from_secs(20) {
                panic!("waited for {text:?}, screen:\n{}", self.screen());
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// Waits until `file` exists (the script writes it when relais has
    /// quit), or fails after 10 s with the screen.
    pub fn wait_for_file(&self, file: &Path) {
        let start = Instant::now();
        while !file.exists() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "relais did not quit:\n{}",
                self.screen()
            );
            sleep(Duration::from_millis(100));
        }
    }

    /// Sends keys by their tmux names (`Tab`, `C-s`, `j`).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.name];
        args.extend_from_slice(keys);
        tmux(&args);
        sleep(Duration::from_millis(150));
    }

    /// Types `text` as it is.
    pub fn literal(&self, text: &str) {
        tmux(&["send-keys", "-t", &self.name, "-l", text]);
        sleep(Duration::from_millis(150));
    }

    pub fn resize(&self, width: u16, height: u16) {
        let (width, height) = (width.to_string(), height.to_string());
        tmux(&[
            "resize-window",
            "-t",
            &self.name,
            "-x",
            &width,
            "-y",
            &height,
        ]);
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}
