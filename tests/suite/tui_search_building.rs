//! Opening `/` while the search index is still being built (issue 11): the
//! box opens at once and every keystroke, the first letter included, is
//! answered without waiting for the index — with the titles read so far
//! (under an « index en cours… n % » hint) and the search through every
//! field — and once the index is complete the box shows exactly what it
//! shows over an index built beforehand. The builder is held between its
//! chunks by a test hook (`jobs::IndexGate`), so that "still building" is
//! a fact of the test, not a race. Timings are in `benches/tui.rs`.

use crate::tui_support;

use relais::app::demo::{self, DemoSize};
use relais::app::ui::jobs::{IndexGate, JobKind};
use relais::app::ui::{Action, Model, Overlay, settle, settle_search_index, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tui_support::{clock, screen, site};

/// A site with the demo's records for 300 requests (requests, developers,
/// workshops, organisations: one chunk of the index each).
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

/// What the box shows: (kind, id, label, positions, field) of each hit,
/// and the query whose search through every field they are (`None`:
/// titles from the index).
type Shown = (Vec<(Kind, String, String, Vec<usize>)>, Option<String>);

fn shown(model: &Model) -> Shown {
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
            )
        })
        .collect();
    (hits, state.full.clone())
}

/// A model on the requests tab whose titles are scored on its own thread
/// (so that what a keystroke shows is known when it returns).
fn model(path: &Path) -> Model {
    let mut model = tui_support::open(path, Lang::Fr);
    model.titles_at_once = usize::MAX;
    update(&mut model, Action::Screen(1));
    model
}

/// Found in requests' titles and in workshops' (named after a request).
const QUERY: &str = "agenda";

/// The titles a keystroke shows at once and the final hits, over an index
/// built before `/` is opened.
fn over_a_built_index(path: &Path) -> (Shown, Shown) {
    let mut model = model(path);
    update(&mut model, Action::Tick);
    settle_search_index(&mut model);
    update(&mut model, Action::Search);
    for c in QUERY.chars() {
        update(&mut model, Action::Type(c));
    }
    let titles = shown(&model);
    settle(&mut model);
    (titles, shown(&model))
}

#[test]
fn slash_opens_at_once_while_the_index_builds_and_ends_on_the_built_results() {
    let (_dir, path) = fixture();
    let (titles_built, final_built) = over_a_built_index(&path);
    assert!(!titles_built.0.is_empty(), "the query finds titles");
    assert!(
        titles_built.0.iter().any(|hit| hit.0 != Kind::Request),
        "the query finds titles of other kinds than requests: {titles_built:?}"
    );
    assert_eq!(final_built.1.as_deref(), Some(QUERY));

    let gate = IndexGate::default();
    let mut model = model(&path);
    model.index_gate = Some(gate.clone());
    // The first tick starts the index; only its first chunk (the requests'
    // titles) gets through.
    gate.allow(1);
    update(&mut model, Action::Tick);
    let start = Instant::now();
    while model
        .search_index_building()
        .is_none_or(|percent| percent == 0)
    {
        assert!(start.elapsed() < Duration::from_secs(20), "no chunk read");
        std::thread::sleep(Duration::from_millis(2));
    }

    let open = Instant::now();
    update(&mut model, Action::Search);
    assert!(matches!(model.overlay, Overlay::Search(_)));
    for c in QUERY.chars() {
        update(&mut model, Action::Type(c));
    }
    // Had any keystroke waited for the held builder, it would have taken
    // the gate's patience (30 s).
    assert!(
        open.elapsed() < Duration::from_secs(5),
        "{:?}",
        open.elapsed()
    );
    assert!(model.jobs.is_running(JobKind::SearchIndex), "still held");
    let (titles, full) = shown(&model);
    assert_eq!(full, None, "the search through every field runs on");
    assert!(
        !titles.is_empty(),
        "the requests' titles read so far answer"
    );
    assert!(
        titles.iter().all(|hit| hit.0 == Kind::Request),
        "only the chunk read so far: {titles:?}"
    );
    // The requests among the built index's best hits are the best of the
    // part read, in the same order (labels and matched letters).
    let seen = |hits: &[(Kind, String, String, Vec<usize>)]| -> Vec<(String, Vec<usize>)> {
        hits.iter()
            .filter(|hit| hit.0 == Kind::Request)
            .map(|hit| (hit.2.clone(), hit.3.clone()))
            .collect()
    };
    let expected_part = seen(&titles_built.0);
    let part = seen(&titles);
    assert!(part.len() >= expected_part.len(), "{part:?}");
    assert_eq!(part[..expected_part.len()], expected_part[..]);
    let text = screen(&model);
    assert!(text.contains("index en cours… "), "{text}");
    assert!(text.contains(" %"), "{text}");

    // Backspace while building: answered at once too.
    update(&mut model, Action::DeleteBack);
    update(&mut model, Action::Type('a'));
    assert!(model.jobs.is_running(JobKind::SearchIndex), "still held");

    // The rest comes: the titles are matched again over every label
    // (the full search's answer is not taken yet), then the full search.
    gate.open();
    settle_search_index(&mut model);
    assert_eq!(model.search_index_building(), None);
    assert_eq!(
        shown(&model),
        titles_built,
        "refined once the index is built"
    );
    assert!(!screen(&model).contains("index en cours"));
    settle(&mut model);
    assert_eq!(shown(&model), final_built, "the results of a built index");
}

#[test]
fn a_failed_build_is_not_waited_for_and_the_next_keystroke_builds_again() {
    let (dir, path) = fixture();
    let mut model = model(&path);
    // The model's connection keeps the real file; the builder opens the
    // path anew and finds something that is not a database.
    let kept = dir.path().join("kept.db");
    std::fs::rename(&path, &kept).expect("rename");
    std::fs::write(&path, b"not a Relais database").expect("write");
    update(&mut model, Action::Tick);
    settle_search_index(&mut model);
    assert!(model.jobs.failure(JobKind::SearchIndex).is_some());
    update(&mut model, Action::Search);
    assert!(matches!(model.overlay, Overlay::Search(_)));
    assert!(
        !model.jobs.is_running(JobKind::SearchIndex),
        "not restarted"
    );
    std::fs::remove_file(&path).expect("remove");
    std::fs::rename(&kept, &path).expect("rename back");
    update(&mut model, Action::Type('a'));
    assert!(model.jobs.is_running(JobKind::SearchIndex), "built again");
    settle_search_index(&mut model);
    assert_eq!(model.jobs.failure(JobKind::SearchIndex), None);
    assert_eq!(model.search_index_building(), None);
}
