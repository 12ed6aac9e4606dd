//! Terminal UI benchmark (plain std timing, `cargo bench --bench tui`):
//! time to first frame on an empty database and on 100,000 requests, the
//! cost of moving, scrolling and paging in a 100-row list and in the 100k
//! list, and the latency of search keystrokes. Renders into ratatui's
//! `TestBackend` at 80×24. Set `RELAIS_BENCH_REQUESTS` to change the size.

// A failed unwrap here is a failing test or bench, not a crash.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{clock, frame, median};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use relais::app::demo::{self, DemoSize};
use relais::app::identity::{InitRequest, init};
use relais::app::ui::{Action, Model, Overlay, update};
use relais::app::{App, Config};
use relais::i18n::Lang;
use relais::tui::keymap::Keymap;
use std::path::Path;
use std::time::{Duration, Instant};

fn database(path: &Path, requests: usize) {
    init(
        path,
        clock(),
        &InitRequest {
            name: "EPN",
            departement: "04",
            role: "epn",
            author: Some("bench"),
        },
    )
    .expect("init");
    if requests > 0 {
        let mut app = App::open(path, Config::default(), clock()).expect("open");
        demo::load(
            &mut app,
            2026,
            DemoSize::for_requests(Some(requests)),
            &mut |_, _| {},
        )
        .expect("demo");
    }
}

fn first_frame(path: &Path) -> Duration {
    let keymap = Keymap::builtin();
    median(7, || {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        let model =
            Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
        frame(&model, &mut terminal, &keymap);
    })
}

fn per_action(path: &Path, actions: &[Action]) -> Duration {
    let keymap = Keymap::builtin();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut model =
        Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
    // The dashboard comes first: go to the requests; the tick counts them.
    update(&mut model, Action::Screen(1));
    update(&mut model, Action::Tick);
    let rounds = 200;
    let start = Instant::now();
    for _ in 0..rounds {
        for action in actions {
            update(&mut model, *action);
            frame(&model, &mut terminal, &keymap);
        }
    }
    start.elapsed() / (rounds * actions.len()) as u32
}

/// Search latencies: opening `/` (after `wait`, so that the background
/// index has had time to build, or at once), the slowest keystroke of
/// `query` (update + frame: what the person waits for before the next key
/// is taken), and the slowest Backspace back to empty. With `pace`, each
/// keystroke is followed by ticks (as the event loop does) until the
/// titles of that query show, or `pace` has passed; the slowest of those
/// waits is returned as well.
fn search_keystrokes(
    path: &Path,
    query: &str,
    wait: Duration,
    pace: Option<Duration>,
) -> (Duration, Duration, Duration, Duration) {
    let keymap = Keymap::builtin();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut model =
        Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
    update(&mut model, Action::Screen(1));
    update(&mut model, Action::Tick);
    std::thread::sleep(wait);
    let open = Instant::now();
    update(&mut model, Action::Search);
    frame(&model, &mut terminal, &keymap);
    let opening = open.elapsed();
    let mut worst = Duration::ZERO;
    let mut worst_shown = Duration::ZERO;
    for c in query.chars() {
        let start = Instant::now();
        update(&mut model, Action::Type(c));
        frame(&model, &mut terminal, &keymap);
        worst = worst.max(start.elapsed());
        if let Some(pace) = pace {
            while !titles_shown(&model) && start.elapsed() < pace {
                std::thread::sleep(Duration::from_millis(1));
                update(&mut model, Action::Tick);
                frame(&model, &mut terminal, &keymap);
            }
            worst_shown = worst_shown.max(start.elapsed());
        }
    }
    let mut worst_back = Duration::ZERO;
    for _ in query.chars() {
        let start = Instant::now();
        update(&mut model, Action::DeleteBack);
        frame(&model, &mut terminal, &keymap);
        worst_back = worst_back.max(start.elapsed());
    }
    (opening, worst, worst_back, worst_shown)
}

/// Whether the search box shows results for the query typed.
fn titles_shown(model: &Model) -> bool {
    matches!(&model.overlay, Overlay::Search(state) if !state.hits.is_empty() || state.full.is_some())
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
    let small = dir.path().join("small.db");
    let large = dir.path().join("large.db");
    database(&empty, 0);
    database(&small, 100);
    let loading = Instant::now();
    database(&large, big);
    println!(
        "setup: {big} demo requests loaded in {:.1} s",
        loading.elapsed().as_secs_f64()
    );

    let empty_first = first_frame(&empty);
    let small_first = first_frame(&small);
    let large_first = first_frame(&large);
    println!("first frame, empty database:   {}", ms(empty_first));
    println!("first frame, 100 requests:     {}", ms(small_first));
    println!(
        "first frame, {big} requests: {} ({:.2}× empty)",
        ms(large_first),
        large_first.as_secs_f64() / empty_first.as_secs_f64()
    );

    for (name, actions) in [
        ("move down/up", vec![Action::Down, Action::Up]),
        ("page down/up", vec![Action::PageDown, Action::PageUp]),
        (
            "scroll (20 down, 20 up)",
            [vec![Action::Down; 20], vec![Action::Up; 20]].concat(),
        ),
        ("end/home", vec![Action::Bottom, Action::Top]),
    ] {
        let small_cost = per_action(&small, &actions);
        let large_cost = per_action(&large, &actions);
        println!(
            "{name:<24} 100 rows: {:>9}   {big} rows: {:>9} per action (update + frame)",
            ms(small_cost),
            ms(large_cost)
        );
    }
    for path in [&small, &large] {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        for (when, wait) in [
            ("at once", Duration::ZERO),
            ("after 2 s", Duration::from_secs(2)),
        ] {
            let (opening, worst, back, _) = search_keystrokes(path, "carte sentier", wait, None);
            println!(
                "search on {name}, opened {when}: open {}, slowest keystroke {}, slowest Backspace {}",
                ms(opening),
                ms(worst),
                ms(back)
            );
        }
        // Typed at about ten keys a second: how long until each query's
        // titles show.
        let pace = Duration::from_millis(100);
        let (_, worst, _, shown) =
            search_keystrokes(path, "carte sentier", Duration::from_secs(2), Some(pace));
        println!(
            "search on {name}, typed at 10 keys/s: slowest keystroke {}, slowest until titles show {} (cut at {})",
            ms(worst),
            ms(shown),
            ms(pace)
        );
    }
}
