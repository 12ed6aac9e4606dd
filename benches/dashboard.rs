//! Dashboard benchmark (plain std timing, `cargo bench --bench dashboard`):
//! the regional lead's *Accueil* on an empty database and on 100,000
//! requests with 120 enrolled sites: time to the first frame (which says
//! "loading"), time to the filled dashboard (open, first frame, the tick
//! that computes the figures, second frame), and the skills map and
//! conflicts screens. Renders into ratatui's `TestBackend` at 80×24. Set
//! `RELAIS_BENCH_REQUESTS` to change the size.

// A failed unwrap here is a failing test or bench, not a crash.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{clock, frame, median};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use relais::app::demo::{self, DemoSize};
use relais::app::identity::{InitRequest, init};
use relais::app::ui::{Action, Model, settle, update};
use relais::app::{App, Config};
use relais::domain::Kind;
use relais::i18n::Lang;
use relais::tui::keymap::Keymap;
use std::path::Path;
use std::time::{Duration, Instant};

const SITES: usize = 120;
const DEPARTEMENTS: [&str; 6] = ["04", "05", "06", "13", "83", "84"];

fn database(path: &Path, requests: usize, sites: usize) {
    init(
        path,
        clock(),
        &InitRequest {
            name: "Coordination régionale",
            departement: "13",
            role: "regional",
            author: Some("bench"),
        },
    )
    .expect("init");
    let mut app = App::open(path, Config::default(), clock()).expect("open");
    // The lead's enrolments: site records, written as the trust layer does.
    let mut writer = app.test_store_mut().writer("bench").expect("writer");
    for index in 0..sites {
        let departement = DEPARTEMENTS[index % DEPARTEMENTS.len()];
        let id = writer.create(Kind::Site);
        writer
            .insert_new(
                Kind::Site,
                &id,
                &[
                    ("name", format!("EPN {index:03}")),
                    ("departement", departement.to_string()),
                    ("role", "epn".to_string()),
                ],
            )
            .expect("site");
    }
    writer.commit().expect("commit");
    if requests > 0 {
        demo::load(
            &mut app,
            2026,
            DemoSize::for_requests(Some(requests)),
            &mut |_, _| {},
        )
        .expect("demo");
    }
}

/// `(first frame, filled dashboard)`, both from opening the database.
fn dashboard(path: &Path) -> (Duration, Duration) {
    let keymap = Keymap::builtin();
    let mut first = Vec::new();
    let filled = median(7, || {
        let start = Instant::now();
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        let mut model =
            Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
        frame(&model, &mut terminal, &keymap);
        first.push(start.elapsed());
        update(&mut model, Action::Tick);
        settle(&mut model);
        assert!(model.home.dashboard.is_some(), "figures computed");
        frame(&model, &mut terminal, &keymap);
    });
    first.sort();
    (first[first.len() / 2], filled)
}

/// Opening a tab (`Screen(n)`) that loads its data, plus its frame.
fn tab(path: &Path, n: u8) -> Duration {
    let keymap = Keymap::builtin();
    median(7, || {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        let mut model =
            Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
        update(&mut model, Action::Screen(n));
        settle(&mut model);
        assert!(!model.pending());
        frame(&model, &mut terminal, &keymap);
    })
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let big: usize = std::env::var("RELAIS_BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.db");
    let large = dir.path().join("large.db");
    database(&empty, 0, 0);
    let loading = Instant::now();
    database(&large, big, SITES);
    println!(
        "setup: {big} demo requests and {SITES} sites loaded in {:.1} s",
        loading.elapsed().as_secs_f64()
    );
    let (empty_first, empty_filled) = dashboard(&empty);
    let (large_first, large_filled) = dashboard(&large);
    println!(
        "dashboard first frame:  empty {}   {big} requests {}",
        ms(empty_first),
        ms(large_first)
    );
    println!(
        "dashboard filled:       empty {}   {big} requests {} ({:.1}× empty)",
        ms(empty_filled),
        ms(large_filled),
        large_filled.as_secs_f64() / empty_filled.as_secs_f64()
    );
    for (name, n) in [("skills map", 5u8), ("map", 6u8), ("conflicts", 8u8)] {
        println!(
            "{name:<22}  empty {}   {big} requests {}",
            ms(tab(&empty, n)),
            ms(tab(&large, n))
        );
    }
}
