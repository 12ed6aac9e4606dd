//! Builds the global search index on a thread of its own, over a second
//! connection, so that neither start-up nor the first `/` waits for reading
//! every label of a large database.

use crate::domain::Kind;
use crate::domain::clock::Clock;
use crate::search::{Entry, SearchIndex};
use crate::store::{OpenMode, Store, StoreError};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

/// An index being built elsewhere.
pub struct PendingIndex {
    receiver: Receiver<Result<Vec<Entry>, StoreError>>,
}

/// Reads the labels of `kinds` from `db` and folds them, off this thread.
pub fn spawn(db: PathBuf, clock: Arc<dyn Clock>, kinds: Vec<Kind>) -> PendingIndex {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let result = read_entries(&db, clock, &kinds);
        // The model may be gone (quit, or a newer build asked for): fine.
        let _ = sender.send(result);
    });
    PendingIndex { receiver }
}

/// The entries of an index, read over a connection of its own.
pub fn read_entries(
    db: &std::path::Path,
    clock: Arc<dyn Clock>,
    kinds: &[Kind],
) -> Result<Vec<Entry>, StoreError> {
    let store = Store::open(db, OpenMode::MustExist, clock)?;
    let mut entries = Vec::new();
    for &kind in kinds {
        for (id, label) in store.labels(kind)? {
            entries.push(Entry::new(kind, id, label));
        }
    }
    Ok(entries)
}

impl PendingIndex {
    /// The index if it is ready, without waiting.
    pub fn try_take(&self) -> Option<Result<SearchIndex, StoreError>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(result.map(SearchIndex::new)),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Ok(SearchIndex::new(Vec::new()))),
        }
    }

    /// Waits for the index (only when a person asks to search before it is done).
    pub fn wait(self) -> Result<SearchIndex, StoreError> {
        match self.receiver.recv() {
            Ok(result) => result.map(SearchIndex::new),
            Err(_) => Ok(SearchIndex::new(Vec::new())),
        }
    }
}
