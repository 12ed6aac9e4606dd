//! Compaction (`relais compact`): SQLite's `VACUUM`, which rewrites every
//! table and index into a fresh file in key order. Changes appended one by
//! one leave each B-tree page about 12 % empty (SQLite splits full pages
//! evenly) and a migration leaves the old tables' pages free in the file;
//! the copy packs the pages and gives the free ones back. The rows do not
//! change, so the digest and `check` do not either (tests/suite/size_schema.rs).

use super::{Store, StoreError};

/// The file's size and its free pages, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileSize {
    pub bytes: u64,
    pub free: u64,
}

impl Store {
    /// The database file's size by SQLite's count (pages × page size) and
    /// how much of it is free pages.
    pub fn file_size(&self) -> Result<FileSize, StoreError> {
        let pragma = |name: &str| -> Result<u64, StoreError> {
            let value: i64 = self
                .conn
                .query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))
                .map_err(StoreError::sqlite)?;
            Ok(u64::try_from(value).unwrap_or(0))
        };
        let page = pragma("page_size")?;
        Ok(FileSize {
            bytes: pragma("page_count")?.saturating_mul(page),
            free: pragma("freelist_count")?.saturating_mul(page),
        })
    }

    /// Rewrites the database packed (`VACUUM`), then folds the write-ahead
    /// log back into the file so that it shrinks on disk. The copy SQLite
    /// makes goes to a temporary file, not to memory (`temp_store`): it is
    /// the size of the database.
    pub fn compact(&self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("PRAGMA temp_store = FILE")
            .map_err(StoreError::sqlite)?;
        let vacuum = self.conn.execute_batch("VACUUM");
        let memory = self.conn.execute_batch("PRAGMA temp_store = MEMORY");
        vacuum.and(memory).map_err(StoreError::sqlite)?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(StoreError::sqlite)
    }
}
