//! A tmux session for the real-terminal tests, killed when dropped.

use std::process::Command;
use std::thread::sleep;
use std::time::Duration;

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
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}
