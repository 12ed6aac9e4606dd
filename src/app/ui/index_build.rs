//! The `/` search's title index, built on a job thread chunk by chunk
//! (`build_index`, run by `jobs::run` for `Work::SearchIndex`): the `/` box
//! opens at once and matches the titles read so far, never waiting for the
//! rest. `IndexGate` is a test hook that holds the builder before each chunk,
//! so that a test can see the index provably still building.

use super::jobs::Handle;
use crate::app::{App, AppResult};
use crate::domain::Kind;
use crate::search::Entry;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Labels folded and added to the index at a time: small enough that a
/// search sees the first ones at once and the builder holds the index's
/// lock only briefly, large enough that the lock is taken rarely.
const INDEX_CHUNK: usize = 8192;

/// Reads the labels of `kinds` into `index`, one chunk at a time (folded
/// before the lock is taken), reporting the share done in hundredths of
/// each kind: `Model::search_index_building` shows it as a percentage.
pub(super) fn build_index(
    app: &App,
    kinds: &[Kind],
    index: &super::SharedIndex,
    gate: Option<&IndexGate>,
    handle: &Handle,
) -> AppResult<()> {
    handle.set_total((kinds.len() as u64).saturating_mul(100));
    for (done, &kind) in kinds.iter().enumerate() {
        handle.check()?;
        // A place is named with its commune: the directory has
        // many a « France Services ».
        let labels = match kind {
            Kind::Place => app.place_labels()?,
            _ => app.store.labels(kind)?,
        };
        let count = labels.len();
        let mut labels = labels.into_iter();
        let mut read = 0;
        while read < count {
            handle.check()?;
            let chunk: Vec<Entry> = labels
                .by_ref()
                .take(INDEX_CHUNK)
                .map(|(id, label)| Entry::new(kind, id, label))
                .collect();
            read += chunk.len();
            if let Some(gate) = gate {
                gate.pass(handle);
                handle.check()?;
            }
            index
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .extend(chunk);
            let share = (read * 100 / count.max(1)) as u64;
            handle.set_done((done as u64 * 100).saturating_add(share));
        }
        handle.set_done(done as u64 * 100 + 100);
    }
    Ok(())
}

/// A test hook: the index builder waits before each chunk until a test
/// lets it through, so that a test can open `/` while the index is
/// provably still building. Never set outside tests and benchmarks.
#[doc(hidden)]
#[derive(Clone, Debug, Default)]
pub struct IndexGate(Arc<(Mutex<usize>, Condvar)>);

/// How long a held builder waits at most: a test that forgets to open the
/// gate is slow, never stuck.
const GATE_PATIENCE: Duration = Duration::from_secs(30);

impl IndexGate {
    /// Lets `chunks` more chunks through.
    pub fn allow(&self, chunks: usize) {
        let (count, wake) = &*self.0;
        let mut count = count
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *count = count.saturating_add(chunks);
        wake.notify_all();
    }

    /// Lets every chunk through from now on.
    pub fn open(&self) {
        self.allow(usize::MAX);
    }

    /// Waits until a chunk may pass (or the job is stopped).
    fn pass(&self, handle: &Handle) {
        let (count, wake) = &*self.0;
        let start = std::time::Instant::now();
        let mut count = count
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *count == 0 && !handle.cancelled() && start.elapsed() < GATE_PATIENCE {
            count = wake
                .wait_timeout(count, Duration::from_millis(10))
                .map(|(count, _)| count)
                .unwrap_or_else(|err| err.into_inner().0);
        }
        *count = count.saturating_sub(1);
    }
}
