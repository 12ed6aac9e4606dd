//! Dashboard benchmark (plain std timing, `cargo bench --bench dashboard`):
//! the regional lead's *Accueil* on an empty database and on 100,000
//! requests with 120 enrolled sites: time to the first frame (which says
//! "loading"), time to the filled dashboard (open, first frame, the tick
//! that starts the figures' job, the tick that installs them, second frame;
//! each phase printed), time until every start-up job settled (the search
//! index too), keys pressed while the figures compute, and the skills map and
//! conflicts screens. Renders into ratatui's `TestBackend` at 80×24. Set
//! `RELAIS_BENCH_REQUESTS` to change the size, or `RELAIS_BENCH_DB` to a
//! copy of an existing demo database (e.g. of `relais demo --scale 100000`):
//! the 120 enrolments are added to it if it holds fewer sites, so that two
//! builds can be timed on the same file in the same run. The reads of the
//! dashboard are also timed one by one on the large database, on a warm
//! connection and on a freshly opened one.

// A failed unwrap here is a failing test or bench, not a crash.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{clock, frame, median};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use relais::app::demo::{self, DemoSize};
use relais::app::identity::{InitRequest, init};
use relais::app::ui::{Action, Model, home, retention, settle, update};
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

/// Adds the lead's enrolments to an existing database that lacks them.
fn enrol_sites(path: &Path, sites: usize) {
    let mut app = App::open(path, Config::default(), clock()).expect("open");
    let held = app
        .test_store()
        .kept_counts()
        .expect("counts")
        .into_iter()
        .find(|(kind, _)| *kind == Kind::Site)
        .map_or(0, |(_, n)| n);
    if held >= sites as u64 {
        return;
    }
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
}

/// Each read of the dashboard on its own (median of 7): on a connection
/// that has made the read before (warm page cache), and on one opened just
/// before it, as the dashboard's job does at every opening (cold page cache;
/// the opening itself not counted).
fn breakdown(path: &Path) {
    let open = || App::open(path, Config::default(), clock()).expect("open");
    let app = open();
    let store = app.test_store();
    const YEAR: i32 = 2026;
    type Read = dyn Fn(&App);
    let reads: [(&str, &Read); 8] = [
        ("year figures", &|app| {
            app.test_store().year_figures(YEAR).expect("figures");
        }),
        ("review items", &|app| {
            app.test_store().review_items(50).expect("review");
        }),
        ("new requests, list count", &|app| {
            app.test_store()
                .browse_count(&home::new_requests_query(None))
                .expect("count");
        }),
        ("new requests, kept", &|app| {
            app.test_store()
                .kept_request_count("new", None)
                .expect("kept count");
        }),
        ("retention review", &|app| {
            retention::ReviewList::load(app).expect("retention");
        }),
        ("clock skew", &|app| {
            let store = app.test_store();
            store.clock_skew(store.now_ms()).expect("skew");
        }),
        ("exchanges", &|app| {
            relais::app::ui::sync::exchanges(app).expect("exchanges");
        }),
        ("whole load", &|app| {
            home::load(app, None).expect("load");
        }),
    ];
    println!(
        "  {:<26} {}",
        "open a connection",
        ms(median(7, || drop(open())))
    );
    println!("  {:<26} {:>10} {:>10}", "read", "warm", "cold");
    for (name, read) in reads {
        let warm = median(7, || read(&app));
        let cold = median_of(7, || {
            let fresh = open();
            let start = Instant::now();
            read(&fresh);
            start.elapsed()
        });
        println!("  {name:<26} {:>10} {:>10}", ms(warm), ms(cold));
    }
    // What the dashboard says, to compare two builds' numbers.
    let dashboard = home::load(&app, None).expect("load");
    println!("  attention: {:?}", dashboard.attention);
    println!(
        "  new requests (list count): {}",
        store
            .browse_count(&home::new_requests_query(None))
            .expect("count")
    );
}

/// Where the time from opening the database to the filled dashboard goes,
/// one run: the model's connection opened (schema parsed, migrations
/// checked), the first frame ("computing"), the dashboard's job (started by
/// the first tick, run on the job thread over its own connection, installed
/// by a tick: polled every millisecond here, every 16 ms by the terminal),
/// the second frame.
#[derive(Clone, Copy, Default)]
struct Phases {
    open: Duration,
    first_frame: Duration,
    job: Duration,
    second_frame: Duration,
}

impl Phases {
    fn total(&self) -> Duration {
        self.open + self.first_frame + self.job + self.second_frame
    }
}

/// One run from opening the database to the filled dashboard; then waits
/// for the other start-up jobs (the search index) before the next run, so
/// that runs do not overlap.
fn dashboard_once(path: &Path, keymap: &Keymap) -> Phases {
    let mut phases = Phases::default();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let mut clock_at = Instant::now();
    let mut lap = || {
        let now = Instant::now();
        let elapsed = now - clock_at;
        clock_at = now;
        elapsed
    };
    let mut model =
        Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
    phases.open = lap();
    frame(&model, &mut terminal, keymap);
    phases.first_frame = lap();
    update(&mut model, Action::Tick);
    while model.home.dashboard.is_none() {
        std::thread::sleep(Duration::from_millis(1));
        update(&mut model, Action::Tick);
    }
    phases.job = lap();
    frame(&model, &mut terminal, keymap);
    phases.second_frame = lap();
    settle(&mut model);
    phases
}

/// Keys pressed while the dashboard's figures compute: after each pause of
/// a person's pace (20 ms), the time from the key to its frame drawn (help
/// opened, frame, help closed, frame), on the UI thread, with the job's
/// thread running beside it. Prints the median and the slowest key over 7
/// openings.
fn keys_while_computing(path: &Path) {
    let keymap = Keymap::builtin();
    let mut keys = Vec::new();
    for _ in 0..7 {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        let mut model =
            Model::open(path, Config::default(), clock(), Lang::Fr, (80, 24)).expect("model");
        frame(&model, &mut terminal, &keymap);
        update(&mut model, Action::Tick);
        while model.home.dashboard.is_none() {
            std::thread::sleep(Duration::from_millis(20));
            let pressed = Instant::now();
            for action in [Action::Help, Action::Back] {
                update(&mut model, action);
                frame(&model, &mut terminal, &keymap);
            }
            keys.push(pressed.elapsed());
            update(&mut model, Action::Tick);
        }
        settle(&mut model);
    }
    keys.sort();
    println!(
        "keys while the figures compute: {} keys, median {}, slowest {}",
        keys.len(),
        ms(keys[keys.len() / 2]),
        ms(keys[keys.len() - 1])
    );
}

/// `(first frame, filled dashboard, all start-up jobs settled)`, from
/// opening the database, medians of 7; prints the phases of the median run.
fn dashboard(path: &Path, label: &str) -> (Duration, Duration, Duration) {
    let keymap = Keymap::builtin();
    let mut first = Vec::new();
    let mut runs = Vec::new();
    let settled = median(7, || {
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
    for _ in 0..7 {
        runs.push(dashboard_once(path, &keymap));
    }
    runs.sort_by_key(Phases::total);
    let middle = runs[runs.len() / 2];
    println!(
        "  {label}: open {}  first frame {}  job {}  second frame {}  = {} (runs {} .. {})",
        ms(middle.open),
        ms(middle.first_frame),
        ms(middle.job),
        ms(middle.second_frame),
        ms(middle.total()),
        ms(runs[0].total()),
        ms(runs[runs.len() - 1].total()),
    );
    first.sort();
    (first[first.len() / 2], middle.total(), settled)
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

/// Median of `runs` durations that `run` measures itself.
fn median_of(runs: usize, mut run: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| run()).collect();
    times.sort();
    times[times.len() / 2]
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
    database(&empty, 0, 0);
    let loading = Instant::now();
    let large = match std::env::var_os("RELAIS_BENCH_DB") {
        Some(existing) => {
            let path = std::path::PathBuf::from(existing);
            enrol_sites(&path, SITES);
            path
        }
        None => {
            let path = dir.path().join("large.db");
            database(&path, big, SITES);
            path
        }
    };
    println!(
        "setup: {big} demo requests and {SITES} sites ready in {:.1} s",
        loading.elapsed().as_secs_f64()
    );
    println!("dashboard from opening, phases of the median run:");
    let (empty_first, empty_filled, empty_settled) = dashboard(&empty, "empty");
    let (large_first, large_filled, large_settled) = dashboard(&large, &format!("{big} requests"));
    keys_while_computing(&large);
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
    println!(
        "start-up jobs settled:  empty {}   {big} requests {} (the dashboard and the search index)",
        ms(empty_settled),
        ms(large_settled)
    );
    for (name, n) in [("skills map", 5u8), ("map", 6u8), ("conflicts", 8u8)] {
        println!(
            "{name:<22}  empty {}   {big} requests {}",
            ms(tab(&empty, n)),
            ms(tab(&large, n))
        );
    }
    println!("dashboard reads, {big} requests:");
    breakdown(&large);
}
