//! Screens whose figures take a moment at scale (the dashboard, the skills
//! map, the conflict list with its review items) are computed on a thread of
//! their own, over a second connection, so that keys stay live meanwhile.

use super::conflicts::ConflictList;
use super::home::Dashboard;
use super::skills::SkillGrid;
use crate::app::{App, AppResult, Config};
use crate::domain::clock::Clock;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

/// Which screen a computation is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    Home,
    Skills,
    Conflicts,
}

/// What a computation produced.
pub enum Loaded {
    Home(Box<Dashboard>),
    Skills(SkillGrid),
    Conflicts(ConflictList),
}

/// A computation under way.
pub struct Loader {
    pub job: Job,
    receiver: Receiver<AppResult<Loaded>>,
}

/// Where and how to open the database from another thread.
#[derive(Clone)]
pub struct Source {
    pub db: PathBuf,
    pub config: Config,
    pub clock: Arc<dyn Clock>,
}

/// Starts computing `job` off this thread.
pub fn spawn(job: Job, source: Source) -> Loader {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let result = compute(job, &source);
        // The model may have moved on (another tab, newer data): fine.
        let _ = sender.send(result);
    });
    Loader { job, receiver }
}

/// Computes `job` here (also what the thread runs).
pub fn compute(job: Job, source: &Source) -> AppResult<Loaded> {
    let app = App::open(&source.db, source.config.clone(), source.clock.clone())?;
    Ok(match job {
        Job::Home => Loaded::Home(Box::new(super::home::load(&app)?)),
        Job::Skills => Loaded::Skills(super::skills::load(&app)?),
        Job::Conflicts => Loaded::Conflicts(super::conflicts::load(&app)?),
    })
}

impl Loader {
    /// The result if it is ready, without waiting.
    pub fn try_take(&self) -> Option<AppResult<Loaded>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(crate::app::AppError::refused(
                crate::i18n::Message::new("error.internal").arg("what", "background computation"),
            ))),
        }
    }

    /// Waits for the result (tests, benchmarks).
    pub fn wait(self) -> AppResult<Loaded> {
        match self.receiver.recv() {
            Ok(result) => result,
            Err(_) => Err(crate::app::AppError::refused(
                crate::i18n::Message::new("error.internal").arg("what", "background computation"),
            )),
        }
    }
}
