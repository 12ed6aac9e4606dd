//! `relais compact`: packs the database file (see `store::compact`), for a
//! replica grown by imports or just migrated; the records, the log and the
//! digest stay as they were.

use super::{App, AppResult};
use serde::Serialize;
use std::path::PathBuf;

/// What a compaction did: the file's size and its free pages before and
/// after, and the free pages given back, in bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Compacted {
    pub path: PathBuf,
    pub bytes_before: u64,
    pub bytes_after: u64,
    pub free_bytes_before: u64,
    pub free_bytes_after: u64,
    /// Free pages the file no longer holds (before less after).
    pub free_bytes_reclaimed: u64,
}

impl App {
    /// Rewrites the database packed and says how much smaller it is.
    pub fn compact(&mut self) -> AppResult<Compacted> {
        let before = self.store.file_size()?;
        self.store.compact()?;
        let after = self.store.file_size()?;
        Ok(Compacted {
            path: self.store.path().to_path_buf(),
            bytes_before: before.bytes,
            bytes_after: after.bytes,
            free_bytes_before: before.free,
            free_bytes_after: after.free,
            free_bytes_reclaimed: before.free.saturating_sub(after.free),
        })
    }
}
