//! Start-up does not grow with the data: the first frame shows the first
//! rows before the listing is counted; the first tick counts; End reads from
//! the far end of the listing and shows the same rows as paging down would.

use crate::tui_support;

use relais::app::demo::{self, DemoSize};
use relais::app::identity::{InitRequest, init};
use relais::app::ui::{Action, Model, update};
use relais::app::{App, Config};
use relais::i18n::Lang;
use tui_support::clock;

/// A database of `role` holding the demo data at `requests` requests.
fn demo_database(role: &str, requests: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let request = InitRequest {
        name: "Site",
        departement: "04",
        role,
        author: None,
    };
    init(&path, clock(), &request).unwrap();
    let mut app = App::open(&path, Config::default(), clock()).unwrap();
    demo::load(
        &mut app,
        7,
        DemoSize::for_requests(Some(requests)),
        &mut |_, _| {},
    )
    .unwrap();
    (dir, path)
}

#[test]
fn the_first_frame_does_not_count_and_the_first_tick_does() {
    let (_dir, path) = demo_database("epn", 300);

    let mut model = Model::open(&path, Config::default(), clock(), Lang::Fr, (80, 24)).unwrap();
    // The dashboard comes first; the requests are the second tab.
    update(&mut model, Action::Screen(1));
    let list = model.list();
    assert!(
        !list.counted,
        "start-up counted 300 rows before the first frame"
    );
    assert!(list.total < 300 && list.total > 0);
    update(&mut model, Action::Tick);
    assert!(model.list().counted);
    assert_eq!(model.list().total, 300);

    // End reads from the far end; the rows match what Home + paging give.
    update(&mut model, Action::Bottom);
    let bottom: Vec<String> = model
        .list()
        .visible(model.table_rows())
        .map(|(_, r)| r.id.clone())
        .collect();
    assert_eq!(model.list().selected, 299);
    update(&mut model, Action::Top);
    for _ in 0..40 {
        update(&mut model, Action::PageDown);
    }
    let paged: Vec<String> = model
        .list()
        .visible(model.table_rows())
        .map(|(_, r)| r.id.clone())
        .collect();
    assert_eq!(model.list().selected, 299);
    assert_eq!(bottom, paged);
    assert!(!bottom.is_empty());
}

#[test]
fn the_dashboard_is_computed_in_the_background_and_keys_stay_live() {
    use relais::app::ui::{View, settle};
    let (_dir, path) = demo_database("regional", 200);

    let mut model = Model::open(&path, Config::default(), clock(), Lang::Fr, (80, 24)).unwrap();
    assert_eq!(model.view, View::Home);
    update(&mut model, Action::Tick);
    // The tick started the computation and returned without the figures.
    assert!(model.busy(), "no background computation started");
    assert!(
        !model.pending(),
        "the event loop would spin while the figures are computed"
    );
    // A key is handled meanwhile (here: moving to the requests tab and back).
    update(&mut model, Action::Screen(2));
    assert_eq!(model.view, View::Browse);
    update(&mut model, Action::Screen(1));
    settle(&mut model);
    let dashboard = model
        .home
        .dashboard
        .as_ref()
        .expect("figures after settling");
    assert_eq!(dashboard.year, 2026);
    assert!(
        dashboard.bar_values.iter().map(|(_, n)| n).sum::<u64>() > 0,
        "no requests counted"
    );
}
