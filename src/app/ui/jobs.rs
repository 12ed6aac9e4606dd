//! One mechanism for work done off the UI thread (after gitui's asyncgit):
//! the dashboard, the skills map, the map of the region and the conflict list
//! (figures that take a moment at scale), the search index, imports, exports,
//! backups and the report. Each job runs
//! on a thread of its own over a second connection, reports its progress
//! through shared counters, can be asked to stop, and ends with a result
//! that the model installs — or a failure that stays on screen until the
//! job is started again. A thread that dies without a result (a panic) is
//! a failure too, never silence.
//!
//! The `/` search's jobs come at every keystroke: they go to a long-lived
//! worker per kind (`JobKind::pooled`) that keeps its connection open and
//! skips the queries replaced before it took them, instead of a thread and
//! a connection per key. Each job thread runs at its kind's priority
//! (`job_priority`): the figures a screen waits for at the UI thread's,
//! other jobs below it, the search index's builder lowest.
//!
//! The search index grows in place, chunk by chunk (`index_build`): the
//! `/` box opens at once and matches the titles read so far, never waiting
//! for the rest.

pub use super::index_build::IndexGate;
use super::job_priority;
use crate::app::ImportStep;
use crate::app::{App, AppError, AppResult, Config};
use crate::domain::clock::Clock;
use crate::i18n::Message;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
mod runner;
mod work;
mod worker;

pub use runner::run;
pub use work::{JobKind, Output, Work};
use worker::{Task, Worker};

/// Where and how a job opens the database.
#[derive(Clone)]
pub struct Source {
    pub db: PathBuf,
    pub config: Config,
    pub clock: Arc<dyn Clock>,
}

impl Source {
    pub fn open(&self) -> AppResult<App> {
        App::open(&self.db, self.config.clone(), self.clock.clone())
    }
}

/// How far a job is: `done` of `total` (0 when unknown); `finishing` once
/// an import has read every change and brings its indexes and figures up
/// to date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    pub finishing: bool,
}

/// The job's side of the shared state: progress to report, a request to
/// stop to honour.
#[derive(Clone, Default)]
pub struct Handle {
    done: Arc<AtomicU64>,
    total: Arc<AtomicU64>,
    finishing: Arc<AtomicBool>,
    cancelled: Arc<AtomicBool>,
}

impl Handle {
    pub fn set_done(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }

    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// How far an import is (`set_done`, and whether it is finishing).
    pub fn set_import_step(&self, step: ImportStep) {
        self.set_done(step.done());
        if matches!(step, ImportStep::Finishing { .. }) {
            self.finishing.store(true, Ordering::Relaxed);
        }
    }

    pub fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// Stops the job where it checks (see `JobKind::cancellable`).
    pub fn check(&self) -> AppResult<()> {
        if self.cancelled() {
            return Err(AppError::refused(Message::new("tui.jobs.cancelled")));
        }
        Ok(())
    }

    fn progress(&self) -> Progress {
        Progress {
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            finishing: self.finishing.load(Ordering::Relaxed),
        }
    }
}

/// A job under way.
struct Running {
    kind: JobKind,
    handle: Handle,
    receiver: Receiver<AppResult<Output>>,
}

impl Running {
    fn try_take(&self) -> Option<AppResult<Output>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(died())),
        }
    }

    fn wait(self) -> AppResult<Output> {
        self.receiver.recv().unwrap_or_else(|_| Err(died()))
    }
}

/// The failure of a thread that ended without a result (it panicked).
fn died() -> AppError {
    AppError::refused(Message::new("tui.jobs.died"))
}

/// The runner of a job: what the thread does, given where the database is.
pub type Runner = fn(&Work, &Source, &Handle) -> AppResult<Output>;

/// The jobs under way and the last failure of each kind.
#[derive(Default)]
pub struct Jobs {
    running: Vec<Running>,
    failures: Vec<(JobKind, Message)>,
    /// Jobs asked to stop whose thread may not have ended yet (each may
    /// still hold a connection: see `stop_all`).
    stopping: Vec<Receiver<AppResult<Output>>>,
    /// The long-lived threads of the pooled kinds, started on first use.
    workers: Vec<Worker>,
}

impl Jobs {
    /// Starts `work` on a thread (replacing a job of the same kind, asked
    /// to stop) and forgets that kind's last failure.
    pub fn start(&mut self, work: Work, source: Source, runner: Runner) {
        let kind = work.kind();
        self.cancel(kind);
        self.failures.retain(|(failed, _)| *failed != kind);
        let handle = Handle::default();
        let (sender, receiver) = mpsc::channel();
        let task = Task {
            work,
            source,
            runner,
            handle: handle.clone(),
            sender,
        };
        if kind.pooled() {
            self.hand_over(kind, task);
        } else {
            std::thread::spawn(move || {
                job_priority::set_for(kind);
                task.run();
            });
        }
        self.running.push(Running {
            kind,
            handle,
            receiver,
        });
    }

    /// Gives `task` to the worker of `kind`, started if there is none or
    /// the one there died (a panic ends its thread and that job only).
    fn hand_over(&mut self, kind: JobKind, task: Task) {
        let task = match self.workers.iter().find(|worker| worker.kind == kind) {
            Some(worker) => match worker.tasks.send(task) {
                Ok(()) => return,
                Err(mpsc::SendError(task)) => task,
            },
            None => task,
        };
        self.workers.retain(|worker| worker.kind != kind);
        let worker = Worker::spawn(kind);
        // A new thread takes it (it cannot have ended yet: the sender is here).
        let _ = worker.tasks.send(task);
        self.workers.push(worker);
    }

    pub fn is_running(&self, kind: JobKind) -> bool {
        self.running.iter().any(|job| job.kind == kind)
    }

    pub fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    pub fn progress(&self, kind: JobKind) -> Option<Progress> {
        self.running
            .iter()
            .find(|job| job.kind == kind)
            .map(|job| job.handle.progress())
    }

    /// Why the last job of `kind` failed, until it is started again.
    pub fn failure(&self, kind: JobKind) -> Option<&Message> {
        self.failures
            .iter()
            .find(|(failed, _)| *failed == kind)
            .map(|(_, message)| message)
    }

    /// Forgets the last failure of `kind` (the person asked again).
    pub fn forget_failure(&mut self, kind: JobKind) {
        self.failures.retain(|(failed, _)| *failed != kind);
    }

    /// Asks a job to stop and forgets it (its result, if any, is dropped).
    /// `false` for a job that cannot stop part-way: it goes on.
    pub fn cancel(&mut self, kind: JobKind) -> bool {
        if !kind.cancellable() && self.is_running(kind) {
            return false;
        }
        let (stopped, kept) = std::mem::take(&mut self.running)
            .into_iter()
            .partition(|job| job.kind == kind);
        self.running = kept;
        for job in stopped {
            job.handle.cancelled.store(true, Ordering::Relaxed);
            self.stopping.push(job.receiver);
        }
        // Threads that ended since are forgotten for good.
        self.stopping
            .retain(|receiver| matches!(receiver.try_recv(), Err(TryRecvError::Empty)));
        true
    }

    /// Stops every job and waits until every thread, also those asked to
    /// stop before, has ended: then no connection but the model's is open
    /// on the database (a restore replaces the file). An import or an
    /// export is waited for to its end.
    pub fn stop_all(&mut self) {
        for job in std::mem::take(&mut self.running) {
            job.handle.cancelled.store(true, Ordering::Relaxed);
            self.stopping.push(job.receiver);
        }
        for receiver in std::mem::take(&mut self.stopping) {
            // A result or a thread gone: either way it has ended.
            let _ = receiver.recv();
        }
        // The workers end with their queue, closing the connections they kept.
        for worker in std::mem::take(&mut self.workers) {
            drop(worker.tasks);
            let _ = worker.thread.join();
        }
    }

    /// Stops every job that may stop (the data they read changed).
    pub fn cancel_readers(&mut self) {
        for kind in [
            JobKind::Dashboard,
            JobKind::Skills,
            JobKind::Map,
            JobKind::Conflicts,
            JobKind::SearchIndex,
            JobKind::SearchTitles,
        ] {
            self.cancel(kind);
        }
    }

    /// The jobs that ended since the last poll, with their results; a
    /// failure is also kept for the screen (see `failure`).
    pub fn poll(&mut self) -> Vec<(JobKind, AppResult<Output>)> {
        let mut ended = Vec::new();
        let mut index = 0;
        while index < self.running.len() {
            match self.running[index].try_take() {
                Some(result) => {
                    let job = self.running.remove(index);
                    ended.push((job.kind, result));
                }
                None => index += 1,
            }
        }
        for (kind, result) in &ended {
            self.note(*kind, result);
        }
        ended
    }

    /// Waits for the job of `kind`, if one runs (tests, benchmarks, and a
    /// search asked for before its index is ready).
    pub fn wait(&mut self, kind: JobKind) -> Option<AppResult<Output>> {
        let at = self.running.iter().position(|job| job.kind == kind)?;
        let result = self.running.remove(at).wait();
        self.note(kind, &result);
        Some(result)
    }

    /// The kinds running now.
    pub fn kinds(&self) -> Vec<JobKind> {
        self.running.iter().map(|job| job.kind).collect()
    }

    fn note(&mut self, kind: JobKind, result: &AppResult<Output>) {
        if let Err(err) = result {
            self.failures.retain(|(failed, _)| *failed != kind);
            self.failures.push((kind, err.message()));
        }
    }
}

#[cfg(test)]
mod tests;
