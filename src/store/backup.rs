//! Online copies of the database through SQLite's backup API: safe while
//! another connection (the terminal UI, an import) reads or writes, because
//! SQLite restarts the copy whenever the source changes under it. The copy is
//! written to a private temporary file, synced, then renamed into place.

use super::{Store, StoreError};
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// Pages copied per step; between steps other connections may write.
const PAGES_PER_STEP: std::ffi::c_int = 256;

impl Store {
    /// Copies the whole database to `dest` (which must not exist yet).
    pub fn backup_to(&self, dest: &Path) -> Result<(), StoreError> {
        if dest.exists() {
            return Err(StoreError::Io(
                dest.to_path_buf(),
                std::io::Error::new(std::io::ErrorKind::AlreadyExists, "file exists"),
            ));
        }
        let temp = dest.with_extension("db-partial");
        let _ = std::fs::remove_file(&temp);
        super::create_private_file(&temp)?;
        let result = self.copy_into(&temp).and_then(|()| {
            std::fs::rename(&temp, dest).map_err(|err| StoreError::Io(dest.to_path_buf(), err))
        });
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        result
    }

    fn copy_into(&self, path: &Path) -> Result<(), StoreError> {
        let mut target = Connection::open(path).map_err(StoreError::sqlite)?;
        {
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut target)
                .map_err(StoreError::sqlite)?;
            backup
                .run_to_completion(PAGES_PER_STEP, Duration::from_millis(5), None)
                .map_err(StoreError::sqlite)?;
        }
        // The copy is a single file: no WAL beside it.
        target
            .pragma_update(None, "journal_mode", "DELETE")
            .map_err(StoreError::sqlite)?;
        target.close().map_err(|(_, err)| StoreError::sqlite(err))?;
        std::fs::File::open(path)
            .and_then(|file| file.sync_all())
            .map_err(|err| StoreError::Io(path.to_path_buf(), err))
    }

    /// Forgets this installation's identity, so that a restored copy can take
    /// a new one (`set_identity`). Its changes and records stay: they are the
    /// old site's, and the old site id never writes again.
    pub fn forget_identity(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute(
                "DELETE FROM meta WHERE key IN ('site_id', 'site_name', 'site_departement', 'site_role')",
                [],
            )
            .map(drop)
            .map_err(StoreError::sqlite)
    }

    /// SQLite's own consistency check of the file (`ok` when sound).
    pub fn integrity(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(StoreError::sqlite)?;
        stmt.query_map([], |row| row.get::<_, String>(0))
            .map_err(StoreError::sqlite)?
            .collect::<Result<_, _>>()
            .map_err(StoreError::sqlite)
    }

    /// The version of the SQLite library built in.
    pub fn sqlite_version() -> &'static str {
        rusqlite::version()
    }
}
