//! The jobs' own tests: pooled workers, replaced and cancelled jobs,
//! panics, and each kind's thread priority.

use super::*;
use crate::domain::clock::FixedClock;
use std::sync::Mutex;

fn source() -> Source {
    Source {
        db: PathBuf::from("/nonexistent/relais.db"),
        config: Config::default(),
        clock: Arc::new(FixedClock::new(0)),
    }
}

fn settle(jobs: &mut Jobs, kind: JobKind) -> AppResult<Output> {
    jobs.wait(kind).expect("a job ran")
}

#[test]
fn a_failing_job_leaves_its_failure_until_started_again() {
    let mut jobs = Jobs::default();
    jobs.start(Work::Skills, source(), |_, _, _| {
        Err(AppError::refused(Message::new("tui.jobs.cancelled")))
    });
    assert!(jobs.is_running(JobKind::Skills));
    assert!(settle(&mut jobs, JobKind::Skills).is_err());
    assert!(!jobs.busy());
    assert_eq!(
        jobs.failure(JobKind::Skills).map(|m| m.key),
        Some("tui.jobs.cancelled")
    );
    jobs.start(Work::Skills, source(), |_, _, _| {
        Ok(Output::Summary(Vec::new()))
    });
    assert_eq!(jobs.failure(JobKind::Skills), None);
    assert!(settle(&mut jobs, JobKind::Skills).is_ok());
}

#[test]
fn a_thread_that_dies_is_a_failure_not_silence() {
    let mut jobs = Jobs::default();
    let index = Arc::new(Mutex::new(crate::search::SearchIndex::new(Vec::new())));
    let work = Work::SearchIndex {
        kinds: Vec::new(),
        index,
        gate: None,
    };
    jobs.start(work, source(), |_, _, _| panic!("index thread dies"));
    assert!(settle(&mut jobs, JobKind::SearchIndex).is_err());
    assert_eq!(
        jobs.failure(JobKind::SearchIndex).map(|m| m.key),
        Some("tui.jobs.died")
    );
}

#[test]
fn progress_is_read_while_running_and_cancel_stops_a_reader_only() {
    let mut jobs = Jobs::default();
    jobs.start(Work::Conflicts, source(), |_, _, handle| {
        handle.set_total(10);
        handle.set_done(3);
        while !handle.cancelled() {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        handle.check().map(|()| Output::Summary(Vec::new()))
    });
    let start = std::time::Instant::now();
    while jobs.progress(JobKind::Conflicts)
        != Some(Progress {
            done: 3,
            total: 10,
            finishing: false,
        })
    {
        assert!(start.elapsed().as_secs() < 10, "no progress");
        std::thread::yield_now();
    }
    assert!(jobs.cancel(JobKind::Conflicts));
    assert!(!jobs.busy());
    jobs.start(
        Work::Export {
            to: None,
            path: PathBuf::from("x.rb"),
            encrypt: false,
        },
        source(),
        |_, _, _| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            Ok(Output::Summary(Vec::new()))
        },
    );
    assert!(!jobs.cancel(JobKind::Export), "an export runs to its end");
    assert!(jobs.is_running(JobKind::Export));
    assert!(settle(&mut jobs, JobKind::Export).is_ok());
}

#[test]
fn pooled_jobs_share_one_thread_and_one_replaced_before_it_began_never_runs() {
    use std::sync::atomic::AtomicUsize;
    static THREADS: Mutex<Vec<std::thread::ThreadId>> = Mutex::new(Vec::new());
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    fn slow(_: &Work, _: &Source, _: &Handle) -> AppResult<Output> {
        std::thread::sleep(std::time::Duration::from_millis(30));
        Ok(Output::Summary(Vec::new()))
    }
    fn counted(_: &Work, _: &Source, _: &Handle) -> AppResult<Output> {
        RUNS.fetch_add(1, Ordering::SeqCst);
        THREADS
            .lock()
            .expect("lock")
            .push(std::thread::current().id());
        Ok(Output::Summary(Vec::new()))
    }
    let mut jobs = Jobs::default();
    // The worker is busy with a slow job while three keystrokes come:
    // the first two are replaced before it takes them.
    jobs.start(Work::Search("a".into()), source(), slow);
    jobs.start(Work::Search("ab".into()), source(), counted);
    jobs.start(Work::Search("abc".into()), source(), counted);
    jobs.start(Work::Search("abcd".into()), source(), counted);
    assert!(settle(&mut jobs, JobKind::Search).is_ok());
    assert_eq!(RUNS.load(Ordering::SeqCst), 1, "only the last query ran");
    jobs.start(Work::Search("abcde".into()), source(), counted);
    assert!(settle(&mut jobs, JobKind::Search).is_ok());
    let threads = THREADS.lock().expect("lock").clone();
    assert_eq!(threads.len(), 2);
    assert_eq!(threads[0], threads[1], "one long-lived thread");
    assert_ne!(threads[0], std::thread::current().id());
    jobs.stop_all();
    assert!(jobs.workers.is_empty(), "the worker ended with the jobs");
}

#[test]
fn a_pooled_job_that_panics_fails_and_the_next_one_runs() {
    let mut jobs = Jobs::default();
    jobs.start(Work::Search("x".into()), source(), |_, _, _| {
        panic!("search thread dies")
    });
    assert!(settle(&mut jobs, JobKind::Search).is_err());
    assert_eq!(
        jobs.failure(JobKind::Search).map(|m| m.key),
        Some("tui.jobs.died")
    );
    jobs.start(Work::Search("y".into()), source(), |_, _, _| {
        Ok(Output::Summary(Vec::new()))
    });
    assert!(settle(&mut jobs, JobKind::Search).is_ok());
    assert_eq!(jobs.failure(JobKind::Search), None);
}

#[cfg(target_os = "linux")]
#[test]
fn job_threads_run_at_their_kinds_nice_value() {
    fn nice(_: &Work, _: &Source, _: &Handle) -> AppResult<Output> {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
        // The fields after the command's closing parenthesis: nice is
        // the 17th of them (field 19 of the line).
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let nice = after.split_whitespace().nth(16).unwrap_or("").to_string();
        Err(AppError::refused(
            Message::new("tui.jobs.cancelled").arg("nice", nice),
        ))
    }
    let mut jobs = Jobs::default();
    let index = Arc::new(Mutex::new(crate::search::SearchIndex::new(Vec::new())));
    let builder = Work::SearchIndex {
        kinds: Vec::new(),
        index,
        gate: None,
    };
    for (work, expected) in [
        (Work::Skills, job_priority::AWAITED_NICE),
        (Work::Search("a".into()), job_priority::BACKGROUND_NICE),
        (builder, job_priority::INDEX_NICE),
    ] {
        let kind = work.kind();
        jobs.start(work, source(), nice);
        let Err(err) = settle(&mut jobs, kind) else {
            panic!("the runner answers with its nice value")
        };
        let nice = expected.to_string();
        assert_eq!(err.message().args, [("nice", nice)], "{kind:?}");
    }
}

#[test]
fn an_import_reports_its_count_then_that_it_is_finishing() {
    let handle = Handle::default();
    handle.set_total(30_000);
    handle.set_import_step(ImportStep::Reading {
        done: 20_000,
        announced: Some(30_000),
    });
    assert_eq!(
        handle.progress(),
        Progress {
            done: 20_000,
            total: 30_000,
            finishing: false,
        }
    );
    handle.set_import_step(ImportStep::Finishing { done: 30_000 });
    assert_eq!(
        handle.progress(),
        Progress {
            done: 30_000,
            total: 30_000,
            finishing: true,
        }
    );
}
