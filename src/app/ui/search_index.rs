//! The `/` search's title index as the model holds it: built in the
//! background, searched while it grows, started again after a failure.

use super::jobs::JobKind;
use super::{Model, Screen, jobs};
use crate::search::SearchIndex;
use std::sync::{Arc, Mutex};

/// The search index as the UI thread and a titles job share it.
pub type SharedIndex = Arc<Mutex<SearchIndex>>;

impl Model {
    /// Starts building the search index in the background, into a new
    /// index searched while it grows.
    pub(super) fn start_search_index(&mut self) {
        let index: SharedIndex = Arc::new(Mutex::new(SearchIndex::new(Vec::new())));
        self.search_index = Some(index.clone());
        self.search_index_built = false;
        let kinds = Screen::ALL.into_iter().map(Screen::kind).collect();
        let gate = self.index_gate.clone();
        self.start_job(jobs::Work::SearchIndex { kinds, index, gate });
    }

    /// Opening `/`: the index is being built, built, or starts building
    /// now; never waited for (a failed build shows in the box and starts
    /// again at the next keystroke).
    pub(super) fn prepare_search_index(&mut self) {
        if self.search_index.is_none()
            && !self.jobs.is_running(JobKind::SearchIndex)
            && self.jobs.failure(JobKind::SearchIndex).is_none()
        {
            self.start_search_index();
        }
    }

    /// The search index as far as it is built, without waiting for the
    /// rest (a keystroke never waits: the labels read so far and the
    /// search through every field answer meanwhile). A failed build is
    /// started again.
    pub(super) fn search_index_now(&mut self) -> Option<SharedIndex> {
        if !self.search_index_built
            && !self.jobs.is_running(JobKind::SearchIndex)
            && self.jobs.failure(JobKind::SearchIndex).is_some()
        {
            self.start_search_index();
        }
        self.search_index.clone()
    }

    /// The search index now holds every label.
    pub(crate) fn search_index_done(&mut self) {
        self.search_index_built = true;
    }

    /// How far the search index is built, in percent, while it is; `None`
    /// once built (or when no build runs).
    pub fn search_index_building(&self) -> Option<u64> {
        if self.search_index_built {
            return None;
        }
        let progress = self.jobs.progress(JobKind::SearchIndex)?;
        Some(progress.done.saturating_mul(100) / progress.total.max(1))
    }
}
