//! What makes search fast must not make it wrong (issue 11, search speed):
//! with the titles matched off the UI thread and every keystroke stopping
//! the searches of the one before, the `/` box never shows the results of
//! an older query — neither its titles nor its search through every field —
//! and the results it settles on are those of the query in the box. A
//! search asked to stop gives up instead of finishing. Timings are in
//! `benches/tui.rs` and `bench/search.sh`, not here.

use crate::tui_support;

use relais::app::demo::{self, DemoSize};
use relais::app::ui::{Action, Model, Overlay, settle, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tui_support::{clock, keys, site};

/// A site with the demo's records for 300 requests (titles, needs,
/// organisations' communes, developers' skills).
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("relais.db");
    site(&path, "EPN de Forcalquier", "04", "epn", "Camille");
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    demo::load(
        &mut app,
        2026,
        DemoSize::for_requests(Some(300)),
        &mut |_, _| {},
    )
    .expect("demo");
    (dir, path)
}

/// A hit as compared: kind, id, label, matched positions, field.
type Shown = (Kind, String, String, Vec<usize>, Option<&'static str>);

/// The query in the box, the hits shown, and the query whose search through
/// every field they are (`None`: titles, or nothing yet).
fn shown(model: &Model) -> (String, Vec<Shown>, Option<String>) {
    let Overlay::Search(state) = &model.overlay else {
        panic!("the search box is open");
    };
    let hits = state
        .hits
        .iter()
        .map(|hit| {
            (
                hit.kind,
                hit.id.clone(),
                hit.label.clone(),
                hit.positions.clone(),
                hit.field,
            )
        })
        .collect();
    (state.query.as_str().to_string(), hits, state.full.clone())
}

/// The keystrokes of the test: a query typed, partly erased, typed on.
fn keystrokes() -> Vec<Action> {
    let mut actions: Vec<Action> = "carte sentier".chars().map(Action::Type).collect();
    actions.extend([Action::DeleteBack; 8]);
    actions.extend(" patrimoine".chars().map(Action::Type));
    actions
}

/// For every query the keystrokes go through, its titles and its hits
/// through every field, from a model that scores titles on its own thread
/// and waits for each search.
fn expected(path: &std::path::Path) -> HashMap<String, (Vec<Shown>, Vec<Shown>)> {
    let mut model = tui_support::open(path, Lang::Fr);
    model.titles_at_once = usize::MAX;
    keys(&mut model, &[Action::Search]);
    let mut expected = HashMap::new();
    for action in keystrokes() {
        update(&mut model, action);
        let (query, titles, full) = shown(&model);
        assert_eq!(full, None, "the search through every field runs on");
        settle(&mut model);
        let (_, hits, full) = shown(&model);
        assert_eq!(full.as_deref(), Some(query.trim()));
        expected.insert(query, (titles, hits));
    }
    expected
}

/// What the box shows belongs to the query in it: nothing yet, its titles,
/// or its hits through every field.
fn check(model: &Model, expected: &HashMap<String, (Vec<Shown>, Vec<Shown>)>) {
    let (query, hits, full) = shown(model);
    let (titles, everywhere) = expected.get(&query).expect("a query typed");
    match full {
        Some(full) => {
            assert_eq!(full, query.trim(), "the full search of another query");
            assert_eq!(&hits, everywhere, "{query}: not this query's results");
        }
        None => assert!(
            hits.is_empty() || &hits == titles,
            "{query}: titles of another query shown: {hits:?}"
        ),
    }
}

#[test]
fn stale_results_are_never_shown_while_typing_fast() {
    let (_dir, path) = fixture();
    let expected = expected(&path);
    assert!(
        expected.values().any(|(titles, _)| !titles.is_empty()),
        "the queries find titles"
    );
    // Every keystroke goes through the titles job (as in a large index),
    // typed faster than the jobs end: each keystroke stops the jobs of the
    // one before while ticks install whatever has ended.
    let mut model = tui_support::open(&path, Lang::Fr);
    model.titles_at_once = 0;
    keys(&mut model, &[Action::Search]);
    for (step, action) in keystrokes().into_iter().enumerate() {
        update(&mut model, action);
        check(&model, &expected);
        for _ in 0..step % 3 {
            std::thread::sleep(Duration::from_millis(1));
            update(&mut model, Action::Tick);
            check(&model, &expected);
        }
    }
    settle(&mut model);
    check(&model, &expected);
    let (query, hits, full) = shown(&model);
    assert_eq!(query, "carte patrimoine");
    assert_eq!(full.as_deref(), Some("carte patrimoine"));
    assert_eq!(hits, expected[&query].1);
}

#[test]
fn the_titles_job_gives_the_same_titles_as_the_ui_thread() {
    let (_dir, path) = fixture();
    let expected = expected(&path);
    let mut model = tui_support::open(&path, Lang::Fr);
    model.titles_at_once = 0;
    keys(&mut model, &[Action::Search]);
    for action in "carte".chars().map(Action::Type) {
        update(&mut model, action);
        let (query, hits, _) = shown(&model);
        assert!(hits.is_empty(), "{query}: nothing until the job answers");
        // Waiting for the titles job only (the full search may still run).
        let mut waited = 0;
        loop {
            update(&mut model, Action::Tick);
            let (_, hits, full) = shown(&model);
            if !hits.is_empty() || full.is_some() || waited > 5_000 {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
            waited += 1;
        }
        check(&model, &expected);
    }
}

#[test]
fn a_search_asked_to_stop_gives_up() {
    let (_dir, path) = fixture();
    let app = App::open(&path, Config::default(), clock()).expect("open");
    let whole = app.search("carte", None, 20).expect("search");
    assert!(whole.total > 0);
    let asked = AtomicUsize::new(0);
    let never = app
        .search_until("carte", None, 20, &|| {
            asked.fetch_add(1, Ordering::Relaxed);
            false
        })
        .expect("search");
    assert_eq!(never, whole, "asking changes nothing");
    assert!(
        asked.load(Ordering::Relaxed) >= 5,
        "asked between kinds at least"
    );
    let err = app
        .search_until("carte", None, 20, &|| true)
        .expect_err("stopped");
    assert_eq!(err.message().key, "tui.jobs.cancelled");
    // Stopped after the first kind read: still no result.
    let calls = AtomicUsize::new(0);
    let late = app.search_until("carte", None, 20, &|| {
        calls.fetch_add(1, Ordering::Relaxed) >= 2
    });
    assert!(late.is_err());
}

/// The search worker keeps its connection between keystrokes: a record
/// written after its first search is found by the next one, and closing
/// the database (before a restore replaces the file) ends the worker.
#[test]
fn the_kept_search_connection_sees_new_records_and_closes_with_the_database() {
    let (_dir, path) = fixture();
    let mut model = tui_support::open(&path, Lang::Fr);
    keys(&mut model, &[Action::Search]);
    for c in "zéphyrine".chars() {
        update(&mut model, Action::Type(c));
    }
    settle(&mut model);
    let (_, hits, full) = shown(&model);
    assert_eq!(full.as_deref(), Some("zéphyrine"));
    assert!(hits.is_empty(), "{hits:?}");
    let mut app = App::open(&path, Config::default(), clock()).expect("open");
    app.add(
        Kind::Developer,
        &[
            relais::app::Assignment::new("name", "Zéphyrine Arnaud"),
            relais::app::Assignment::new("departement", "04"),
        ],
    )
    .expect("developer");
    update(&mut model, Action::DeleteBack);
    update(&mut model, Action::Type('e'));
    settle(&mut model);
    let (_, hits, full) = shown(&model);
    assert_eq!(full.as_deref(), Some("zéphyrine"));
    assert_eq!(
        hits.iter().map(|hit| hit.2.as_str()).collect::<Vec<_>>(),
        ["Zéphyrine Arnaud"]
    );
    // No thread of the model holds the file any more.
    model.jobs.stop_all();
    assert!(!model.jobs.busy());
}
