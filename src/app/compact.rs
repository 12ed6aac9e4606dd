//! `relais compact`: packs the database file (see `store::compact`), for a
//! replica grown by imports or just migrated; the records, the log and the
//! digest stay as they were.

use super::{App, AppResult};
use serde::Serialize;
use std::path::PathBuf;

/// What a compaction did: the file's size before and after, in bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Compacted {
    pub path: PathBuf,
    pub bytes_before: u64,
    pub bytes_after: u64,
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
        })
    }
}
