//! Records the git commit Relais is built from (`relais --version`): from
//! `RELAIS_COMMIT` when a packager sets it, else from git when built inside a
//! checkout; `unknown` otherwise (a source tarball).

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
}

fn main() {
    println!("cargo:rerun-if-env-changed=RELAIS_COMMIT");
    let commit = std::env::var("RELAIS_COMMIT")
        .ok()
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]));
    if let Some(commit) = commit {
        println!("cargo:rustc-env=RELAIS_COMMIT={commit}");
    }
    // Build again when the checked-out commit moves (HEAD or the branch it names).
    if let Some(git_dir) = git(&["rev-parse", "--git-dir"]) {
        println!("cargo:rerun-if-changed={git_dir}/HEAD");
        let common = git(&["rev-parse", "--git-common-dir"]).unwrap_or(git_dir);
        let branch = git(&["symbolic-ref", "-q", "HEAD"])
            .map(|branch| format!("{common}/{branch}"))
            .filter(|path| std::path::Path::new(path).exists());
        if let Some(branch) = branch {
            println!("cargo:rerun-if-changed={branch}");
        }
    }
}
