//! The long-lived threads of the pooled kinds (the `/` search's): jobs run
//! one after the other on a connection each worker keeps between them.

use super::JobKind;
use super::{Handle, Output, Runner, Source, Work, died, job_priority};
use crate::app::{App, AppResult};
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;

/// A job handed to a thread: its work, how to run it, and where its
/// result goes.
pub(super) struct Task {
    pub(super) work: Work,
    pub(super) source: Source,
    pub(super) runner: Runner,
    pub(super) handle: Handle,
    pub(super) sender: Sender<AppResult<Output>>,
}

impl Task {
    /// Runs the job and sends its result. A job asked to stop before it
    /// began is dropped unrun: its sender goes with it, and whoever waits
    /// on it sees it ended.
    pub(super) fn run(self) {
        if self.handle.cancelled() {
            return;
        }
        let result = (self.runner)(&self.work, &self.source, &self.handle);
        // The model may have moved on (quit, or a newer job): fine.
        let _ = self.sender.send(result);
    }
}

/// A long-lived thread running the jobs of one kind one after the other
/// (see `JobKind::pooled`).
pub(super) struct Worker {
    pub(super) kind: JobKind,
    pub(super) tasks: Sender<Task>,
    pub(super) thread: JoinHandle<()>,
}

impl Worker {
    pub(super) fn spawn(kind: JobKind) -> Worker {
        let (tasks, queue) = mpsc::channel::<Task>();
        let thread = std::thread::spawn(move || {
            job_priority::set_for(kind);
            // Ends when the jobs are stopped or dropped (the sender gone);
            // the connection it kept closes with it.
            // A panicking job fails alone (its result sender is dropped while
            // unwinding, so it reads as "died"); the worker lives on, so a
            // job handed over meanwhile is never lost with a dying thread.
            while let Ok(task) = queue.recv() {
                if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| task.run())).is_err() {
                    KEPT.with_borrow_mut(|kept| *kept = None);
                }
            }
            KEPT.with_borrow_mut(|kept| *kept = None);
        });
        Worker {
            kind,
            tasks,
            thread,
        }
    }
}

thread_local! {
    /// A worker's connection, kept between its jobs: no file opened per
    /// keystroke, and SQLite's page cache stays warm.
    static KEPT: RefCell<Option<(PathBuf, App)>> = const { RefCell::new(None) };
}

/// Runs `work` on this thread's kept connection to `source` (opened the
/// first time, or again for another file).
pub(super) fn with_kept<T>(
    source: &Source,
    work: impl FnOnce(&App) -> AppResult<T>,
) -> AppResult<T> {
    KEPT.with_borrow_mut(|kept| {
        if kept.as_ref().is_none_or(|(db, _)| *db != source.db) {
            *kept = None;
            *kept = Some((source.db.clone(), source.open()?));
        }
        let result = match kept.as_ref() {
            Some((_, app)) => work(app),
            None => Err(died()),
        };
        // A failure other than a newer keystroke's stop may come from the
        // connection itself: the next job opens a new one.
        if result
            .as_ref()
            .is_err_and(|err| err.message().key != "tui.jobs.cancelled")
        {
            *kept = None;
        }
        result
    })
}
