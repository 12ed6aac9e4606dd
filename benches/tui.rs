//! Terminal UI benchmark (plain std timing, `cargo bench --bench tui`):
//! time to first frame on an empty database and on 100,000 requests, the
//! cost of moving, scrolling and paging in a 100-row list and in the 100k
//! list, and the latency of search keystrokes (at 80×24 and 200×50).
//! Renders into ratatui's `TestBackend` at 80×24. Set
//! `RELAIS_BENCH_REQUESTS` to change the size, `RELAIS_BENCH_DB` to use a
//! copy of a `relais demo` database instead of loading one,
//! `RELAIS_BENCH_PART=search` to time only the search keystrokes and
//! `RELAIS_BENCH_RUNS` for how many times each (3).

// A failed unwrap here is a failing test or bench, not a crash.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{clock, frame, median};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use relais::app::demo::{self, DemoSize};
use relais::app::identity::{InitRequest, init};
use relais::app::ui::{Action, Model, Overlay, settle_search_index, update};
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

/// An 80×24 terminal showing the requests screen of the database at `path`.
fn requests_screen(path: &Path) -> (Keymap, Terminal<TestBackend>, Model) {
    let terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut model =
        Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
    // The dashboard comes first: go to the requests; the tick counts them.
    update(&mut model, Action::Screen(1));
    update(&mut model, Action::Tick);
    (Keymap::builtin(), terminal, model)
}

fn per_action(path: &Path, actions: &[Action]) -> Duration {
    let (keymap, mut terminal, mut model) = requests_screen(path);
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

/// The requests screen sorted by each of its columns in turn: the median
/// press (update + frame) per column, over `rounds` cycles.
fn sort_presses(path: &Path, rounds: usize) -> Vec<(&'static str, Duration)> {
    let (keymap, mut terminal, mut model) = requests_screen(path);
    let columns = model.list().sort_columns();
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); columns.len()];
    for _ in 0..rounds {
        for slot in times.iter_mut() {
            let start = Instant::now();
            update(&mut model, Action::Sort);
            frame(&model, &mut terminal, &keymap);
            slot.push(start.elapsed());
        }
    }
    // The first press sorts by the second column.
    let order = (1..=columns.len()).map(|i| columns[i % columns.len()]);
    order.zip(times.iter().map(|t| spread(t).0)).collect()
}

/// What one run of search keystrokes measured: opening `/`, each
/// keystroke of the query and each Backspace back to empty (update +
/// frame: what the person waits for before the next key is taken), and
/// with `pace`, the slowest wait until each query's results show.
struct Keystrokes {
    opening: Duration,
    typed: Vec<Duration>,
    erased: Vec<Duration>,
    worst_shown: Duration,
}

/// How keys follow each other.
#[derive(Clone, Copy)]
enum Typing {
    /// Each key at once after the frame of the one before (a paste).
    Burst,
    /// A key every so often, the thread idle in between as the event loop
    /// is while it waits for input.
    Every(Duration),
    /// A key every so often, with ticks every 16 ms (as the event loop
    /// does while results are due) until results of that query show, or
    /// the time is over.
    Watched(Duration),
}

/// When `/` is opened, and whether the box then waits for the index.
#[derive(Clone, Copy)]
enum Opening {
    /// After this long (the index built in the background meanwhile, or
    /// still building): the box opens at once either way.
    After(Duration),
    /// At once, then waiting for the whole index before the first key:
    /// what opening `/` did before session 8 (the "before" of the same run).
    AtOnceWaitingForTheIndex,
}

/// Search latencies at a terminal `size`: opening `/` (see `Opening`),
/// every keystroke of `query` and every Backspace back to empty.
fn search_keystrokes(
    path: &Path,
    size: (u16, u16),
    query: &str,
    opening: Opening,
    typing: Typing,
) -> Keystrokes {
    let keymap = Keymap::builtin();
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
    let mut model = Model::open(path, Config::default(), clock(), Lang::Fr, size).expect("model");
    update(&mut model, Action::Screen(1));
    update(&mut model, Action::Tick);
    frame(&model, &mut terminal, &keymap);
    if let Opening::After(wait) = opening {
        std::thread::sleep(wait);
    }
    let open = Instant::now();
    update(&mut model, Action::Search);
    if let Opening::AtOnceWaitingForTheIndex = opening {
        settle_search_index(&mut model);
    }
    frame(&model, &mut terminal, &keymap);
    let opening = open.elapsed();
    let mut typed = Vec::new();
    let mut worst_shown = Duration::ZERO;
    for c in query.chars() {
        let start = Instant::now();
        let before = sched();
        update(&mut model, Action::Type(c));
        let updated = start.elapsed();
        frame(&model, &mut terminal, &keymap);
        typed.push(start.elapsed());
        trace(c, updated, start.elapsed(), before, sched());
        match typing {
            Typing::Burst => {}
            Typing::Every(gap) => std::thread::sleep(gap.saturating_sub(start.elapsed())),
            Typing::Watched(pace) => {
                while !titles_shown(&model) && start.elapsed() < pace {
                    // The event loop's tick while results are due.
                    std::thread::sleep(Duration::from_millis(16));
                    update(&mut model, Action::Tick);
                    frame(&model, &mut terminal, &keymap);
                }
                worst_shown = worst_shown.max(start.elapsed());
                // The rest of the time between two keys.
                std::thread::sleep(pace.saturating_sub(start.elapsed()));
            }
        }
    }
    let mut erased = Vec::new();
    for _ in query.chars() {
        let start = Instant::now();
        let before = sched();
        update(&mut model, Action::DeleteBack);
        let updated = start.elapsed();
        frame(&model, &mut terminal, &keymap);
        erased.push(start.elapsed());
        trace('⌫', updated, start.elapsed(), before, sched());
        if let Typing::Every(gap) | Typing::Watched(gap) = typing {
            std::thread::sleep(gap.saturating_sub(start.elapsed()));
        }
    }
    Keystrokes {
        opening,
        typed,
        erased,
        worst_shown,
    }
}

/// This thread's time on a CPU and waiting for one, in ns (Linux).
fn sched() -> (u64, u64) {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let mut fields = text
        .split_whitespace()
        .map(|f| f.parse::<u64>().unwrap_or(0));
    (fields.next().unwrap_or(0), fields.next().unwrap_or(0))
}

fn trace(c: char, updated: Duration, total: Duration, before: (u64, u64), after: (u64, u64)) {
    if std::env::var_os("RELAIS_BENCH_TRACE").is_some() && total > Duration::from_millis(8) {
        println!(
            "  slow key {c:?}: update {}, total {}, on cpu {:.2} ms, runqueue {:.2} ms",
            ms(updated),
            ms(total),
            (after.0 - before.0) as f64 / 1e6,
            (after.1 - before.1) as f64 / 1e6
        );
    }
}

/// Whether the search box shows results for the query typed.
fn titles_shown(model: &Model) -> bool {
    matches!(&model.overlay, Overlay::Search(state) if !state.hits.is_empty() || state.full.is_some())
}

/// Median and slowest of some timings.
fn spread(times: &[Duration]) -> (Duration, Duration) {
    let mut sorted = times.to_vec();
    sorted.sort();
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or_default();
    (median, sorted.last().copied().unwrap_or_default())
}

/// The search keystrokes on one database, at 80×24 and 200×50, with the
/// box opened at once (index still building) and after 2 s (built), each
/// `runs` times: typed in a burst and at key-repeat speed (30 keys/s);
/// then typed at ten keys a second, watching for results.
fn search_report(path: &Path, name: &str, runs: usize) {
    let repeat = Duration::from_millis(33);
    for size in [(80, 24), (200, 50)] {
        for (typing, how) in [
            (Typing::Burst, "burst"),
            (Typing::Every(repeat), "30 keys/s"),
        ] {
            for (when, wait) in [
                ("at once", Opening::After(Duration::ZERO)),
                (
                    "at once waiting for the index (before)",
                    Opening::AtOnceWaitingForTheIndex,
                ),
                ("after 2 s", Opening::After(Duration::from_secs(2))),
            ] {
                let mut openings = Vec::new();
                let (mut typed, mut erased) = (Vec::new(), Vec::new());
                for _ in 0..runs {
                    let run = search_keystrokes(path, size, "carte sentier", wait, typing);
                    openings.push(run.opening);
                    typed.extend(run.typed);
                    erased.extend(run.erased);
                }
                let (open_median, open_worst) = spread(&openings);
                let (typed_median, typed_worst) = spread(&typed);
                let (erased_median, erased_worst) = spread(&erased);
                println!(
                    "search on {name} {}×{}, {how}, opened {when} ({runs} runs): open {} (worst {}), keystroke median {} worst {}, Backspace median {} worst {}",
                    size.0,
                    size.1,
                    ms(open_median),
                    ms(open_worst),
                    ms(typed_median),
                    ms(typed_worst),
                    ms(erased_median),
                    ms(erased_worst)
                );
            }
        }
        // Typed at about ten keys a second: how long until each query's
        // results show.
        let pace = Duration::from_millis(100);
        let run = search_keystrokes(
            path,
            size,
            "carte sentier",
            Opening::After(Duration::from_secs(2)),
            Typing::Watched(pace),
        );
        let (typed_median, typed_worst) = spread(&run.typed);
        println!(
            "search on {name} {}×{}, 10 keys/s watched: keystroke median {} worst {}, slowest until results show {} (cut at {})",
            size.0,
            size.1,
            ms(typed_median),
            ms(typed_worst),
            ms(run.worst_shown),
            ms(pace)
        );
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let big: usize = std::env::var("RELAIS_BENCH_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    // A copy of a database made by `relais demo --scale N` instead of
    // loading one here (minutes at 100k); it is opened read and written.
    let given = std::env::var_os("RELAIS_BENCH_DB").map(std::path::PathBuf::from);
    // `search`: only the search keystrokes.
    let only_search = std::env::var("RELAIS_BENCH_PART").is_ok_and(|part| part == "search");
    let runs: usize = std::env::var("RELAIS_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.db");
    let small = dir.path().join("small.db");
    let large = given.unwrap_or_else(|| dir.path().join("large.db"));
    database(&empty, 0);
    database(&small, 100);
    if !large.exists() {
        let loading = Instant::now();
        database(&large, big);
        println!(
            "setup: {big} demo requests loaded in {:.1} s",
            loading.elapsed().as_secs_f64()
        );
    }
    if only_search {
        search_report(&small, "100 requests", runs);
        search_report(&large, "large", runs);
        return;
    }

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
        // Each press sorts by the next column, the label's included (the
        // slowest column: `sort_presses`).
        ("sort by the next column", vec![Action::Sort]),
    ] {
        let small_cost = per_action(&small, &actions);
        let large_cost = per_action(&large, &actions);
        println!(
            "{name:<24} 100 rows: {:>9}   {big} rows: {:>9} per action (update + frame)",
            ms(small_cost),
            ms(large_cost)
        );
    }
    for (column, press) in sort_presses(&large, 20) {
        println!(
            "sort by {column:<12} {big} rows: {:>9} a press (median)",
            ms(press)
        );
    }
    search_report(&small, "100 requests", runs);
    search_report(&large, "large", runs);
}
