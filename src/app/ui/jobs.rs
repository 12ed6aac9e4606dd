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

use super::conflicts::ConflictList;
use super::home::Dashboard;
pub use super::index_build::IndexGate;
use super::job_priority;
use super::map::MapData;
use super::skills::SkillGrid;
use crate::app::ImportStep;
use crate::app::backup::BackedUp;
use crate::app::report::{ReportFormat, WrittenReport};
use crate::app::search::SearchOutcome;
use crate::app::suggest::SuggestOutcome;
use crate::app::sync_ops::SummaryLine;
use crate::app::{App, AppError, AppResult, Config};
use crate::domain::Kind;
use crate::domain::clock::Clock;
use crate::i18n::{Lang, Message};
use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;

/// The kinds of background work; at most one of each runs at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JobKind {
    Dashboard,
    Skills,
    Map,
    Conflicts,
    SearchIndex,
    Import,
    Export,
    Backup,
    /// The yearly report written to a file (from the dashboard).
    Report,
    /// The `/` search through every field (titles come at once from the index).
    Search,
    /// The `/` search's titles, matched in a large index off the UI thread.
    SearchTitles,
    /// The developers suggested in a request's detail.
    Suggest,
}

impl JobKind {
    /// Whether stopping it part-way leaves nothing behind. An import or an
    /// export commits as it goes, and the store's progress callbacks cannot
    /// stop it: it runs to its end.
    pub fn cancellable(self) -> bool {
        // A report is written beside its target and renamed: it runs to its
        // end too (stopping would only leave the person without it).
        !matches!(
            self,
            JobKind::Import | JobKind::Export | JobKind::Backup | JobKind::Report
        )
    }

    /// Whether its jobs go to a long-lived worker instead of a thread
    /// each: the `/` search's, started at every keystroke.
    pub fn pooled(self) -> bool {
        matches!(self, JobKind::Search | JobKind::SearchTitles)
    }

    /// Catalog key of what the job does ("computing the figures"…).
    pub fn title_key(self) -> &'static str {
        match self {
            JobKind::Dashboard | JobKind::Skills | JobKind::Map | JobKind::Conflicts => {
                "tui.jobs.figures"
            }
            JobKind::SearchIndex => "tui.jobs.search_index",
            JobKind::Import => "tui.jobs.import",
            JobKind::Export => "tui.jobs.export",
            JobKind::Backup => "tui.jobs.backup",
            JobKind::Report => "report.export.job",
            JobKind::Search | JobKind::SearchTitles => "tui.match.jobs.search",
            JobKind::Suggest => "tui.match.jobs.suggest",
        }
    }
}

/// What to do, with what it needs.
#[derive(Clone, Debug)]
pub enum Work {
    /// The dashboard of a year (`None`: this year).
    Dashboard(Option<i32>),
    Skills,
    Map,
    Conflicts,
    /// Read the labels of these kinds into `index`, chunk by chunk: a
    /// search matches the labels read so far while the rest come.
    SearchIndex {
        kinds: Vec<Kind>,
        index: super::SharedIndex,
        /// Tests only: holds the builder before each chunk.
        gate: Option<IndexGate>,
    },
    /// Import this bundle of `total` changes.
    Import {
        path: PathBuf,
        total: u64,
    },
    /// Write a bundle for a site (or the lead) at a path.
    Export {
        to: Option<String>,
        path: PathBuf,
        /// Encrypted for the addressee (`app::crypt`).
        encrypt: bool,
    },
    /// Copy the database to a dated file beside it.
    Backup,
    /// Write the report of a year (the whole region, or every département
    /// and the region) in a format, in a language, at a path.
    Report {
        year: i32,
        format: ReportFormat,
        lang: Lang,
        path: PathBuf,
    },
    /// Search every field for this query.
    Search(String),
    /// Match this query against the titles of this index.
    SearchTitles {
        index: super::SharedIndex,
        query: String,
    },
    /// Rank developers for this request, explained in this language.
    Suggest {
        request: String,
        lang: Lang,
    },
}

impl Work {
    pub fn kind(&self) -> JobKind {
        match self {
            Work::Dashboard(_) => JobKind::Dashboard,
            Work::Skills => JobKind::Skills,
            Work::Map => JobKind::Map,
            Work::Conflicts => JobKind::Conflicts,
            Work::SearchIndex { .. } => JobKind::SearchIndex,
            Work::Import { .. } => JobKind::Import,
            Work::Export { .. } => JobKind::Export,
            Work::Backup => JobKind::Backup,
            Work::Report { .. } => JobKind::Report,
            Work::Search(_) => JobKind::Search,
            Work::SearchTitles { .. } => JobKind::SearchTitles,
            Work::Suggest { .. } => JobKind::Suggest,
        }
    }
}

/// What a job produced.
pub enum Output {
    Dashboard(Box<Dashboard>),
    Skills(SkillGrid),
    Map(Box<MapData>),
    Conflicts(ConflictList),
    /// Every label is in the index (it grew in place, chunk by chunk).
    SearchIndexBuilt,
    /// The summary lines of an import or an export.
    Summary(Vec<SummaryLine>),
    /// The backup written and checked.
    BackedUp(BackedUp),
    /// Where the report was written.
    Report(WrittenReport),
    /// The hits of a query in every field.
    Search(SearchOutcome),
    /// The titles matching a query (the query as typed).
    SearchTitles {
        query: String,
        hits: Vec<super::dialog::SearchHit>,
    },
    /// The developers suggested for a request.
    Suggestions(Box<SuggestOutcome>),
}

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

/// A job handed to a thread: its work, how to run it, and where its
/// result goes.
struct Task {
    work: Work,
    source: Source,
    runner: Runner,
    handle: Handle,
    sender: Sender<AppResult<Output>>,
}

impl Task {
    /// Runs the job and sends its result. A job asked to stop before it
    /// began is dropped unrun: its sender goes with it, and whoever waits
    /// on it sees it ended.
    fn run(self) {
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
struct Worker {
    kind: JobKind,
    tasks: Sender<Task>,
    thread: JoinHandle<()>,
}

impl Worker {
    fn spawn(kind: JobKind) -> Worker {
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
fn with_kept<T>(source: &Source, work: impl FnOnce(&App) -> AppResult<T>) -> AppResult<T> {
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

/// What the thread of a job does (the `Runner` of every job but tests').
pub fn run(work: &Work, source: &Source, handle: &Handle) -> AppResult<Output> {
    if let Work::SearchTitles { index, query } = work {
        // In memory: no connection to open.
        let mut index = index
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let hits = super::dialog::title_hits(&mut index, query, &|| handle.cancelled());
        handle.check()?;
        return Ok(Output::SearchTitles {
            query: query.clone(),
            hits: hits.unwrap_or_default(),
        });
    }
    if let Work::Search(query) = work {
        let outcome = with_kept(source, |app| {
            super::dialog::search_everywhere(app, query, &|| handle.cancelled())
        })?;
        return Ok(Output::Search(outcome));
    }
    let mut app = source.open()?;
    Ok(match work {
        Work::Dashboard(year) => Output::Dashboard(Box::new(super::home::load(&app, *year)?)),
        Work::Skills => Output::Skills(super::skills::load(&app)?),
        Work::Map => Output::Map(Box::new(super::map::load(&app)?)),
        Work::Conflicts => Output::Conflicts(super::conflicts::load(&app)?),
        Work::SearchIndex { kinds, index, gate } => {
            super::index_build::build_index(&app, kinds, index, gate.as_ref(), handle)?;
            Output::SearchIndexBuilt
        }
        Work::Import { path, total } => {
            handle.set_total(*total);
            let imported = app.import_bundle(path, &mut |step| handle.set_import_step(step))?;
            Output::Summary(imported.summary())
        }
        Work::Backup => Output::BackedUp(app.backup(None)?),
        Work::Export { to, path, encrypt } => {
            let encryption = if *encrypt {
                crate::app::crypt::Encryption::ForAddressees
            } else {
                crate::app::crypt::Encryption::None
            };
            let exported =
                app.export_bundle_as(to.as_deref(), false, path, &encryption, &mut |n| {
                    handle.set_done(n)
                })?;
            let mut lines = vec![SummaryLine::done(
                Message::new("tui.sync.exported")
                    .count(exported.changes as i64)
                    .arg("path", exported.file.display())
                    .arg("bytes", exported.bytes),
            )];
            lines.extend(exported.sealed_line().map(SummaryLine::done));
            Output::Summary(lines)
        }
        Work::Report {
            year,
            format,
            lang,
            path,
        } => {
            let written = app.write_report(
                (Some(*year), None),
                *format,
                *lang,
                path,
                &mut |done, total| {
                    handle.set_total(total as u64);
                    handle.set_done(done as u64);
                },
            )?;
            Output::Report(written)
        }
        // Answered below, on the worker's kept connection.
        Work::Search(_) => return Err(died()),
        // Answered above, without the database.
        Work::SearchTitles { .. } => return Err(died()),
        Work::Suggest { request, lang } => Output::Suggestions(Box::new(app.suggest(
            request,
            super::detail::SUGGESTED,
            *lang,
        )?)),
    })
}

#[cfg(test)]
mod tests;
