//! Tidy checks run by `cargo test`: the layering rules of
//! docs/ARCHITECTURE.md, checked on the parsed sources (`tidy/checker.rs`),
//! each rule with a self-test that feeds it a violating snippet; catalog keys
//! used in code exist in both languages; every module says what it is for.

mod checker;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use checker::{Rule, Scan, Violation};
use relais::i18n::{Lang, catalog};

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

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `src/cli/sync.rs`, with forward slashes.
fn relative(path: &Path) -> String {
    let inner = path.strip_prefix(root()).unwrap_or(path);
    inner
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every production file under `src/`, scanned once for all the tests of
/// this file (parsing is most of their time); files of modules declared
/// `#[cfg(test)] mod x;` are left out.
fn scan_tree() -> &'static [(String, Scan)] {
    static TREE: OnceLock<Vec<(String, Scan)>> = OnceLock::new();
    TREE.get_or_init(scan_sources)
}

fn scan_sources() -> Vec<(String, Scan)> {
    let files: Vec<(String, String)> = rust_files(&root().join("src"))
        .iter()
        .map(|path| (relative(path), std::fs::read_to_string(path).unwrap()))
        .collect();
    assert!(files.len() > 20, "found only {} source files", files.len());
    let test_only: Vec<Vec<String>> = files
        .iter()
        .flat_map(|(name, source)| checker::test_only_children(name, source))
        .collect();
    files
        .into_iter()
        .filter(|(name, _)| {
            let module = checker::module_path(name);
            !test_only
                .iter()
                .any(|gated| module.starts_with(gated.as_slice()))
        })
        .map(|(name, source)| {
            let scan = checker::scan(&name, &source).unwrap_or_else(|err| panic!("{err}"));
            (name, scan)
        })
        .collect()
}

fn tree_violations(rules: &[Rule]) -> Vec<String> {
    scan_tree()
        .iter()
        .flat_map(|(name, scan)| checker::violations(name, scan))
        .filter(|violation| rules.contains(&violation.rule))
        .map(|violation| violation.to_string())
        .collect()
}

fn assert_clean(rules: &[Rule], what: &str) {
    let violations = tree_violations(rules);
    assert!(
        violations.is_empty(),
        "{what} ({} places):\n{}",
        violations.len(),
        violations.join("\n")
    );
}

#[test]
fn layers_only_import_downwards() {
    assert_clean(&[Rule::Layer], "a layer reaches one it may not");
}

#[test]
fn cli_and_tui_reach_the_core_only_through_app() {
    assert_clean(
        &[Rule::OneDoor],
        "cli or tui reaches store, sync, report or search instead of app",
    );
}

/// The same door seen from inside: `app` does not hand core items to the
/// interfaces (`pub use crate::store::…`, a `pub` field of a store type),
/// which would let them reach the core without naming it.
#[test]
fn app_hands_no_core_item_to_the_interfaces() {
    assert_clean(
        &[Rule::Leak],
        "app exposes store, sync, report or search items",
    );
}

#[test]
fn external_crates_stay_in_their_layer() {
    assert_clean(
        &[Rule::Crate],
        "an external crate is used outside its layer",
    );
}

#[test]
fn domain_and_i18n_do_no_io() {
    assert_clean(&[Rule::Io], "domain or i18n does I/O");
}

#[test]
fn every_top_level_module_has_a_layer_row() {
    let src = root().join("src");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap().flatten() {
        let name = relative(&entry.path());
        if !name.ends_with(".rs") && !entry.path().is_dir() {
            continue;
        }
        let layer = checker::layer_of(&name);
        if layer != "lib" && !checker::LAYERS.iter().any(|(row, _)| *row == layer) {
            missing.push(layer);
        }
    }
    assert!(
        missing.is_empty(),
        "modules with no row in checker::LAYERS: {missing:?}"
    );
}

#[test]
fn every_module_says_what_it_is_for() {
    let missing: Vec<String> = rust_files(&root().join("src"))
        .into_iter()
        .filter(|file| {
            !std::fs::read_to_string(file)
                .unwrap_or_default()
                .trim_start()
                .starts_with("//!")
        })
        .map(|file| relative(&file))
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a //! doc comment:\n{}",
        missing.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Catalog keys

/// What a string literal that looks like a catalog key refers to.
#[derive(Debug, PartialEq, Eq)]
enum KeyUse {
    /// Not a catalog key (no catalog root, or not key-shaped).
    NotAKey,
    /// A key or a plural base (`key.one`/`key.other`) present in the
    /// catalog, or a template (`tui.action.{name}`) that some key fits.
    Found,
    /// Key-shaped, under a catalog root, and absent.
    Missing,
}

/// The first segments of all keys (`error`, `tui`, `cli`…).
fn roots(keys: &HashMap<String, String>) -> BTreeSet<String> {
    keys.keys()
        .filter_map(|key| key.split('.').next())
        .map(str::to_string)
        .collect()
}

fn is_key_shaped(text: &str) -> bool {
    let mut segments = 0;
    for segment in text.split('.') {
        segments += 1;
        let ok = !segment.is_empty()
            && segment
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return false;
        }
    }
    segments >= 2
}

/// Matches a key against a template whose `{…}` placeholders stand for one
/// or more characters other than a dot.
fn template_matches(template: &str, key: &str) -> bool {
    match template.find('{') {
        None => template == key,
        Some(open) => {
            let Some(close) = template[open..].find('}') else {
                return template == key;
            };
            let (head, tail) = (&template[..open], &template[open + close + 1..]);
            let Some(rest) = key.strip_prefix(head) else {
                return false;
            };
            (1..=rest.len())
                .take_while(|&n| !rest[..n].contains('.'))
                .any(|n| template_matches(tail, &rest[n..]))
        }
    }
}

/// Strings shaped like catalog keys that are not messages, and why.
const NOT_KEYS: &[(&str, &str)] = &[
    (
        "sync.last_sent.{site}",
        "a setting the store keeps per site (app/trust.rs)",
    ),
    ("config.toml", "the settings file's name (app/config.rs)"),
    (
        "sync.previous_keys.{site}",
        "a setting keeping a rotated site's old keys (sync/rotation.rs)",
    ),
];

fn key_use(text: &str, keys: &HashMap<String, String>, roots: &BTreeSet<String>) -> KeyUse {
    if NOT_KEYS.iter().any(|(not_a_key, _)| *not_a_key == text) {
        return KeyUse::NotAKey;
    }
    let Some(root) = text.split('.').next() else {
        return KeyUse::NotAKey;
    };
    if !roots.contains(root) {
        return KeyUse::NotAKey;
    }
    if text.contains('{') {
        // A template such as "tui.action.{name}": some key must fit it.
        let shape = text.replace(['{', '}'], "");
        if !shape
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._".contains(c))
        {
            return KeyUse::NotAKey;
        }
        let fits = keys.keys().any(|key| {
            let base = key
                .strip_suffix(".one")
                .or_else(|| key.strip_suffix(".other"))
                .unwrap_or(key);
            template_matches(text, key) || template_matches(text, base)
        });
        return if fits { KeyUse::Found } else { KeyUse::Missing };
    }
    if !is_key_shaped(text) {
        return KeyUse::NotAKey;
    }
    let present = keys.contains_key(text)
        || (keys.contains_key(&format!("{text}.one"))
            && keys.contains_key(&format!("{text}.other")))
        || keys.keys().any(|key| key.starts_with(&format!("{text}.")));
    if present {
        KeyUse::Found
    } else {
        KeyUse::Missing
    }
}

#[test]
fn catalog_keys_used_in_code_exist_in_both_languages() {
    let mut missing = Vec::new();
    let mut found = 0;
    for lang in [Lang::Fr, Lang::En] {
        let keys = catalog(lang);
        let roots = roots(keys);
        for (name, scan) in scan_tree() {
            for (line, text) in &scan.strings {
                match key_use(text, keys, &roots) {
                    KeyUse::Found => found += 1,
                    KeyUse::Missing => missing.push(format!("{name}:{line}: {text} ({lang:?})")),
                    KeyUse::NotAKey => {}
                }
            }
        }
    }
    assert!(found > 200, "only {found} catalog keys seen in code");
    assert!(
        missing.is_empty(),
        "keys used in code but absent from a catalog:\n{}",
        missing.join("\n")
    );
}

/// Keys built at run time from names (`kind.{}`, `field.{}`,
/// `tui.action.{name}`, `tui.month.{}`): every name the code can produce has
/// its key in both languages.
#[test]
fn keys_built_from_names_exist_in_both_languages() {
    let mut keys = Vec::new();
    for kind in relais::domain::Kind::ALL {
        keys.push(format!("kind.{}", kind.name()));
        keys.push(format!("tui.kind_one.{}", kind.name()));
        for field in kind.fields() {
            keys.push(format!("field.{}", field.name));
        }
    }
    for (name, _) in relais::app::ui::action::NAMED {
        keys.push(format!("tui.action.{name}"));
    }
    for month in 1..=12 {
        keys.push(format!("tui.month.{month}"));
    }
    let mut missing = Vec::new();
    for lang in [Lang::Fr, Lang::En] {
        let catalog = catalog(lang);
        for key in &keys {
            if !catalog.contains_key(key) {
                missing.push(format!("{key} ({lang:?})"));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "keys built from names but absent from a catalog:\n{}",
        missing.join("\n")
    );
}

// ---------------------------------------------------------------------------
// Self-tests: every rule catches a violating snippet and passes a clean one.

fn found(path: &str, source: &str) -> Vec<(Rule, usize, String)> {
    checker::check(path, source)
        .unwrap_or_else(|err| panic!("{err}"))
        .into_iter()
        .map(
            |Violation {
                 rule, line, path, ..
             }| (rule, line, path),
        )
        .collect()
}

fn assert_caught(path: &str, source: &str, rule: Rule, expected: &str) {
    let found = found(path, source);
    assert!(
        found.iter().any(|(r, _, p)| *r == rule && p == expected),
        "{path}: expected {rule:?} on {expected}, found {found:?}\n{source}"
    );
}

fn assert_passes(path: &str, source: &str) {
    let found = found(path, source);
    assert!(
        found.is_empty(),
        "{path}: expected nothing, found {found:?}\n{source}"
    );
}

#[test]
fn the_layer_rule_sees_every_way_of_naming_a_module() {
    let store = "src/store/write.rs";
    // Grouped and nested imports.
    assert_caught(
        store,
        "use crate::{domain::Kind, app::{App, Config}};",
        Rule::Layer,
        "crate::app::Config",
    );
    // `super::` chains resolved against the file's place under src/.
    assert_caught(
        "src/store/a/b.rs",
        "use super::super::super::sync::Bundle;",
        Rule::Layer,
        "crate::sync::Bundle",
    );
    assert_caught(
        "src/store/mod.rs",
        "use super::report;",
        Rule::Layer,
        "crate::report",
    );
    // Fully qualified paths in expressions, types, patterns and macros.
    assert_caught(
        store,
        "fn f() { let _ = crate::search::Index::new(); }",
        Rule::Layer,
        "crate::search::Index::new",
    );
    assert_caught(
        store,
        "fn f(_: &crate::app::App) {}",
        Rule::Layer,
        "crate::app::App",
    );
    assert_caught(
        store,
        "fn f() { println!(\"{}\", crate::app::NAME); }",
        Rule::Layer,
        "crate::app::NAME",
    );
    // `pub use`, renames, globs, `self` in a group, and the library's own name.
    assert_caught(
        store,
        "pub use crate::sync::Bundle as B;",
        Rule::Layer,
        "crate::sync::Bundle",
    );
    assert_caught(store, "use crate::tui::*;", Rule::Layer, "crate::tui");
    assert_caught(store, "use crate::cli::{self};", Rule::Layer, "crate::cli");
    assert_caught(
        "src/main.rs",
        "fn main() { relais::store::open(); }",
        Rule::Layer,
        "crate::store::open",
    );
    // A name bound by `use` and used later.
    assert_caught(
        store,
        "use crate::app as a;\nfn f() { a::run(); }",
        Rule::Layer,
        "crate::app::run",
    );
    // Inline modules keep their own path for `super`.
    assert_caught(
        store,
        "mod inner { use super::super::super::app::App; }",
        Rule::Layer,
        "crate::app::App",
    );
    // The crate under another name, a macro definition, a qualified self type.
    assert_caught(
        store,
        "use crate as c;\nfn f() { c::app::run(); }",
        Rule::Layer,
        "crate::app::run",
    );
    assert_caught(
        store,
        "macro_rules! m { () => { $crate::app::run() }; }",
        Rule::Layer,
        "crate::app::run",
    );
    assert_caught(
        store,
        "fn f() { <crate::app::App as Default>::default(); }",
        Rule::Layer,
        "crate::app::App",
    );
    assert_caught(
        store,
        "type A = std::sync::Arc<crate::app::App>;",
        Rule::Layer,
        "crate::app::App",
    );
    // Upward in the other direction too.
    assert_caught(
        "src/domain/kind.rs",
        "use crate::store::Store;",
        Rule::Layer,
        "crate::store::Store",
    );
    assert_caught(
        "src/i18n/mod.rs",
        "use crate::domain::Kind;",
        Rule::Layer,
        "crate::domain::Kind",
    );
    assert_caught(
        "src/app/mod.rs",
        "use crate::tui::run;",
        Rule::Layer,
        "crate::tui::run",
    );
    assert_caught(
        "src/tui/mod.rs",
        "use crate::cli::main;",
        Rule::Layer,
        "crate::cli::main",
    );

    assert_passes(
        store,
        "use crate::{domain::{Kind, Change}, i18n::Message};\nuse super::read::Row;\nuse self::inner::X;\nmod inner { pub struct X; }\nfn f() -> crate::domain::Kind { todo!() }",
    );
    assert_passes(
        "src/app/mod.rs",
        "use crate::{store::Store, sync, search, report::indicators};",
    );
    assert_passes(
        "src/cli/records.rs",
        "fn f() { crate::tui::run(); crate::app::App::open(); }",
    );
}

#[test]
fn the_one_door_rule_catches_cli_and_tui_reaching_the_core() {
    assert_caught(
        "src/cli/sync.rs",
        "use crate::{store::Store};",
        Rule::OneDoor,
        "crate::store::Store",
    );
    assert_caught(
        "src/cli/mod.rs",
        "use crate::{app::App, sync::{export, import}};",
        Rule::OneDoor,
        "crate::sync::import",
    );
    assert_caught(
        "src/tui/view/table.rs",
        "use crate::store::Record;",
        Rule::OneDoor,
        "crate::store::Record",
    );
    assert_caught(
        "src/tui/view/table.rs",
        "use super::super::super::report;",
        Rule::OneDoor,
        "crate::report",
    );
    assert_caught(
        "src/tui/view/home.rs",
        "fn f() { let i = crate::search::Index::default(); }",
        Rule::OneDoor,
        "crate::search::Index::default",
    );
    assert_caught(
        "src/cli/report.rs",
        "pub use crate::report::indicators;",
        Rule::OneDoor,
        "crate::report::indicators",
    );
    assert_caught(
        "src/cli/output.rs",
        "fn f(_: Vec<crate::store::Row>) {}",
        Rule::OneDoor,
        "crate::store::Row",
    );
    // A one-door break is reported as that, not as a plain layer break.
    let found = found("src/cli/sync.rs", "use crate::store::Store;");
    assert_eq!(
        found,
        vec![(Rule::OneDoor, 1, "crate::store::Store".to_string())]
    );

    // A local module or a std module named like a layer is not the layer.
    assert_passes(
        "src/tui/view/mod.rs",
        "mod sync;\nuse std::sync::Arc;\nuse self::sync::draw;\nfn f() { sync::draw(); draw(); }",
    );
    assert_passes(
        "src/tui/view/sync.rs",
        "use super::panes;\nuse crate::app::sync_ops as sync;\nfn f() { sync::export(); }",
    );
    assert_passes(
        "src/cli/mod.rs",
        "use crate::{app::{self, App}, domain::Kind, i18n::Lang};",
    );
}

#[test]
fn the_leak_rule_keeps_app_from_handing_out_the_core() {
    let app = "src/app/mod.rs";
    assert_caught(
        app,
        "pub use crate::store::Writer;",
        Rule::Leak,
        "crate::store::Writer",
    );
    // Plain derived data listed in SHARED_DATA may be handed out as it is.
    assert_passes(app, "pub use crate::store::Record;");
    assert_caught(
        app,
        "pub use crate::{sync::{self}};",
        Rule::Leak,
        "crate::sync",
    );
    assert_caught(
        app,
        "use crate::store::Store;\npub struct App { pub store: Store }",
        Rule::Leak,
        "crate::store::Store",
    );
    assert_caught(
        app,
        "pub struct Outcome { pub rows: Vec<crate::report::Row> }",
        Rule::Leak,
        "crate::report::Row",
    );
    assert_passes(
        app,
        "use crate::store::Store;\npub(crate) use crate::sync::Bundle;\npub struct App { store: Store, pub name: String }\npub use crate::domain::Kind;",
    );
}

#[test]
fn the_crate_rule_keeps_external_crates_in_their_layer() {
    assert_caught(
        "src/app/mod.rs",
        "fn f(_: &rusqlite::Connection) {}",
        Rule::Crate,
        "rusqlite::Connection",
    );
    assert_caught(
        "src/app/mod.rs",
        "use ::ratatui as r;",
        Rule::Crate,
        "ratatui",
    );
    assert_caught(
        "src/app/mod.rs",
        "fn f() { anyhow::bail!(\"x\"); }",
        Rule::Crate,
        "anyhow::bail!",
    );
    assert_caught(
        "src/tui/mod.rs",
        "use clap::{Parser, Subcommand};",
        Rule::Crate,
        "clap::Subcommand",
    );
    assert_caught(
        "src/cli/mod.rs",
        "use crossterm::event;",
        Rule::Crate,
        "crossterm::event",
    );
    assert_caught(
        "src/domain/mod.rs",
        "use rusqlite::params;",
        Rule::Crate,
        "rusqlite::params",
    );
    assert_caught(
        "src/sync/mod.rs",
        "#[derive(clap::Parser)] struct A;",
        Rule::Crate,
        "clap::Parser",
    );

    assert_passes("src/store/mod.rs", "use rusqlite::{Connection, params};");
    assert_passes(
        "src/tui/mod.rs",
        "use ratatui::Frame;\nuse crossterm::event::Event;",
    );
    assert_passes(
        "src/main.rs",
        "fn main() -> anyhow::Result<()> { relais::cli::main() }",
    );
    assert_passes(
        "src/cli/args.rs",
        "use clap::Parser;\nfn f() -> anyhow::Result<()> { Ok(()) }",
    );
}

#[test]
fn the_io_rule_keeps_domain_and_i18n_pure() {
    assert_caught(
        "src/domain/mod.rs",
        "fn f() { std::fs::read(\"x\").ok(); }",
        Rule::Io,
        "std::fs::read",
    );
    assert_caught(
        "src/domain/clock.rs",
        "use std::time::SystemTime;\nfn f() { SystemTime::now(); }",
        Rule::Io,
        "std::time::SystemTime::now",
    );
    assert_caught(
        "src/domain/clock.rs",
        "use std::time::{Instant as I};\nfn f() { I::now(); }",
        Rule::Io,
        "std::time::Instant::now",
    );
    assert_caught(
        "src/i18n/mod.rs",
        "fn f() { std::env::var(\"LANG\").ok(); }",
        Rule::Io,
        "std::env::var",
    );
    assert_caught(
        "src/i18n/mod.rs",
        "use std::{env};\nfn f() { env::var(\"LANG\").ok(); }",
        Rule::Io,
        "std::env::var",
    );
    assert_caught(
        "src/domain/mod.rs",
        "use std::{process::Command};",
        Rule::Io,
        "std::process::Command",
    );
    assert_caught(
        "src/domain/mod.rs",
        "use std::net::TcpStream;",
        Rule::Io,
        "std::net::TcpStream",
    );
    assert_caught(
        "src/domain/mod.rs",
        "fn f() { let _ = chrono::Utc::now(); }",
        Rule::Io,
        "chrono::Utc::now",
    );
    assert_caught(
        "src/domain/mod.rs",
        "fn f() { println!(\"x\"); }",
        Rule::Io,
        "println!",
    );
    assert_caught(
        "src/i18n/format.rs",
        "fn f(c: &rusqlite::Connection) {}",
        Rule::Io,
        "rusqlite::Connection",
    );

    assert_passes(
        "src/domain/clock.rs",
        "use chrono::{DateTime, NaiveDate, Utc};\nuse std::sync::atomic::AtomicI64;\nfn f() -> String { format!(\"{}\", NaiveDate::MIN) }",
    );
    assert_passes(
        "src/store/mod.rs",
        "fn f() { std::fs::read(\"x\").ok(); std::time::SystemTime::now(); }",
    );
}

#[test]
fn only_cfg_test_items_are_skipped() {
    // Code after a test module is still checked.
    let source =
        "#[cfg(test)]\nmod tests { use rusqlite::Connection; }\nuse rusqlite::Connection;\n";
    assert_eq!(
        found("src/app/mod.rs", source),
        vec![(Rule::Crate, 3, "rusqlite::Connection".to_string())]
    );
    assert_passes(
        "src/app/mod.rs",
        "#[cfg(test)]\nmod tests { use rusqlite::Connection; use crate::tui::run; }",
    );
    assert_passes(
        "src/app/mod.rs",
        "#[cfg(all(test, unix))]\nfn helper(_: rusqlite::Connection) {}",
    );
    assert_passes(
        "src/app/mod.rs",
        "struct A;\nimpl A {\n#[cfg(test)]\nfn t(_: rusqlite::Connection) {} }",
    );
    assert_passes(
        "src/app/mod.rs",
        "#[test]\nfn t() { let _ = rusqlite::Connection::open_in_memory(); }",
    );
    assert_passes("src/app/mod.rs", "#![cfg(test)]\nuse rusqlite::Connection;");
    // `not(test)` and `any(test, …)` are production code.
    assert_caught(
        "src/app/mod.rs",
        "#[cfg(not(test))]\nuse rusqlite::Connection;",
        Rule::Crate,
        "rusqlite::Connection",
    );
    assert_caught(
        "src/app/mod.rs",
        "#[cfg(any(test, unix))]\nuse rusqlite::Connection;",
        Rule::Crate,
        "rusqlite::Connection",
    );
    // A file declared `#[cfg(test)] mod x;` is skipped as a whole.
    assert_eq!(
        checker::test_only_children("src/store/mod.rs", "#[cfg(test)]\nmod fixtures;\nmod read;"),
        vec![vec![
            "crate".to_string(),
            "store".to_string(),
            "fixtures".to_string()
        ]]
    );
}

#[test]
fn module_paths_and_layers_follow_the_file_tree() {
    let path = |p: &str| checker::module_path(p).join("::");
    assert_eq!(path("src/lib.rs"), "crate");
    assert_eq!(path("src/main.rs"), "crate");
    assert_eq!(path("src/store/mod.rs"), "crate::store");
    assert_eq!(
        path("src/app/ui/update/forms.rs"),
        "crate::app::ui::update::forms"
    );
    assert_eq!(checker::layer_of("src/tui/view/table.rs"), "tui");
    assert_eq!(checker::layer_of("src/main.rs"), "main");
    assert_eq!(checker::layer_of("src/lib.rs"), "lib");
}

#[test]
fn the_catalog_check_sees_missing_keys() {
    let keys: HashMap<String, String> = [
        ("error.unknown_field", "x"),
        ("tui.help.browse", "x"),
        ("tui.count.one", "x"),
        ("tui.count.other", "x"),
        ("tui.action.quit", "x"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let roots = roots(&keys);
    let use_of = |text: &str| key_use(text, &keys, &roots);
    assert_eq!(use_of("error.unknown_field"), KeyUse::Found);
    assert_eq!(use_of("tui.count"), KeyUse::Found, "a plural base");
    assert_eq!(
        use_of("tui.help"),
        KeyUse::Found,
        "a table completed in code"
    );
    assert_eq!(use_of("tui.action.{name}"), KeyUse::Found);
    assert_eq!(use_of("error.unknown_feild"), KeyUse::Missing);
    assert_eq!(use_of("tui.actions.{name}"), KeyUse::Missing);
    assert_eq!(use_of("keymap.toml"), KeyUse::NotAKey);
    assert_eq!(use_of("error: {0}"), KeyUse::NotAKey);
    assert_eq!(use_of("Error.Unknown"), KeyUse::NotAKey);

    // And the scanner finds literals wherever they are: calls, macros, consts.
    let scan = checker::scan(
        "src/app/mod.rs",
        "const K: &str = \"error.a\";\nfn f() { Message::new(\"error.b\"); format!(\"{}\", tr(lang, \"error.c\")); }\n#[cfg(test)] mod tests { const T: &str = \"error.d\"; }",
    )
    .unwrap();
    let strings: Vec<&str> = scan.strings.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(strings, ["error.a", "error.b", "{}", "error.c"]);
}

/// `App::test_store` exists for tests and benches that set up data below the
/// use cases; an interface calling it would open the door from inside.
#[test]
fn interfaces_never_reach_the_store_through_the_test_accessors() {
    let mut found = Vec::new();
    for interface in checker::INTERFACES {
        for path in rust_files(&root().join("src").join(interface)) {
            let text = std::fs::read_to_string(&path).unwrap();
            for (index, line) in text.lines().enumerate() {
                if line.contains("test_store") {
                    found.push(format!("{}:{}", relative(&path), index + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "interfaces calling test_store: {found:?}");
}
