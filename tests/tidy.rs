//! Tidy checks run by `cargo test`: the layering rules of docs/ARCHITECTURE.md
//! and a few hygiene rules, checked on the source text.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The layer a source file belongs to: its first directory under `src/`
/// (`main.rs` and `lib.rs` are the crate root).
fn layer_of(path: &Path) -> String {
    let relative = path.strip_prefix(src()).unwrap_or(path);
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

/// Code before the first `#[cfg(test)]` (tests may use anything).
fn production_code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match text.find("#[cfg(test)]") {
        Some(index) => text[..index].to_string(),
        None => text,
    }
}

fn uses(code: &str, krate: &str) -> bool {
    code.lines().any(|line| {
        let line = line.trim_start();
        !line.starts_with("//")
            && (line.contains(&format!("{krate}::")) || line.starts_with(&format!("use {krate}")))
    })
}

/// (crate, layers allowed to use it)
const RULES: &[(&str, &[&str])] = &[
    ("rusqlite", &["store"]),
    ("ratatui", &["tui"]),
    ("crossterm", &["tui"]),
    ("anyhow", &["cli", "main"]),
    ("clap", &["cli"]),
];

/// (layer, layers it must not import)
const LAYERS: &[(&str, &[&str])] = &[
    (
        "domain",
        &["store", "sync", "search", "report", "app", "tui", "cli"],
    ),
    (
        "i18n",
        &[
            "domain", "store", "sync", "search", "report", "app", "tui", "cli",
        ],
    ),
    ("store", &["sync", "search", "report", "app", "tui", "cli"]),
    ("sync", &["search", "report", "app", "tui", "cli"]),
    ("search", &["sync", "report", "app", "tui", "cli"]),
    ("report", &["sync", "search", "app", "tui", "cli"]),
    ("app", &["tui", "cli"]),
    ("tui", &["cli"]),
];

#[test]
fn external_crates_stay_in_their_layer() {
    let mut violations = Vec::new();
    for file in rust_files(&src()) {
        let layer = layer_of(&file);
        let code = production_code(&file);
        for (krate, allowed) in RULES {
            if uses(&code, krate) && !allowed.contains(&layer.as_str()) {
                violations.push(format!(
                    "{} uses {krate} (allowed only in {allowed:?})",
                    file.display()
                ));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "layering broken:\n{}",
        violations.join("\n")
    );
}

#[test]
fn layers_only_import_downwards() {
    let mut violations = Vec::new();
    for file in rust_files(&src()) {
        let layer = layer_of(&file);
        let code = production_code(&file);
        let Some((_, forbidden)) = LAYERS.iter().find(|(name, _)| *name == layer) else {
            continue;
        };
        for target in forbidden.iter() {
            if code.contains(&format!("crate::{target}::"))
                || code.contains(&format!("crate::{target}}}"))
                || code.contains(&format!("crate::{target};"))
            {
                violations.push(format!(
                    "{} ({layer}) imports crate::{target}",
                    file.display()
                ));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "a layer reaches upwards:\n{}",
        violations.join("\n")
    );
}

#[test]
fn every_module_says_what_it_is_for() {
    let missing: Vec<String> = rust_files(&src())
        .into_iter()
        .filter(|file| {
            !std::fs::read_to_string(file)
                .unwrap_or_default()
                .trim_start()
                .starts_with("//!")
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a //! doc comment:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_tidy_rules_see_violations() {
    // Guard against a check that cannot fail.
    assert!(uses("use rusqlite::Connection;", "rusqlite"));
    assert!(uses(
        "    let x = ratatui::widgets::Block::new();",
        "ratatui"
    ));
    assert!(!uses(
        "// rusqlite::Connection is only in store",
        "rusqlite"
    ));
    assert_eq!(layer_of(&src().join("store").join("mod.rs")), "store");
    assert_eq!(layer_of(&src().join("main.rs")), "main");
}
