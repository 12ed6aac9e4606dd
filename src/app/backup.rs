//! Backup and restore that respect sync. A backup is an online copy of the
//! database (safe while the terminal UI is open), reopened and checked before
//! it is reported. A restore brings a copy back *under a new site id and key*:
//! the copy may be older than what the site already sent, and a site that kept
//! writing under its old id would reuse change ids with other content, which
//! every peer refuses as a fork. Re-enrolment is then one card exchange.

use super::identity::new_identity;
use super::{App, AppError, AppResult};
use crate::domain::clock::Clock;
use crate::i18n::Message;
use crate::store::{OpenMode, Store, keyfile};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The local setting holding when the last backup was made (ms).
const LAST_BACKUP: &str = "last_backup_ms";
const DAY_MS: i64 = 86_400_000;

/// A backup written and checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackedUp {
    pub path: PathBuf,
    pub bytes: u64,
    pub changes: u64,
}

/// A restore: the database now holds the copy, under a new identity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Restored {
    pub database: PathBuf,
    pub from: PathBuf,
    /// The site id the copy was made under (now retired).
    pub old_site: String,
    pub new_site: String,
    pub name: String,
    /// Where the database and key that were there before were set aside.
    pub set_aside: Option<PathBuf>,
}

/// `…/backups/relais-2026-11-26-1405.db` beside the database.
pub fn default_backup_path(database: &Path, now_ms: i64) -> PathBuf {
    let stamp = chrono::DateTime::from_timestamp_millis(now_ms)
        .unwrap_or_default()
        .format("%Y-%m-%d-%H%M%S");
    let folder = database
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups");
    folder.join(format!("relais-{stamp}.db"))
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> AppError + '_ {
    move |err| crate::store::StoreError::Io(path.to_path_buf(), err).into()
}

impl App {
    /// Copies the database to `out` (default: a dated file in `backups/`
    /// beside it), reopens the copy and checks it, and remembers when.
    pub fn backup(&mut self, out: Option<&Path>) -> AppResult<BackedUp> {
        self.require_site()?;
        let now = self.store.now_ms();
        let path = out
            .map(Path::to_path_buf)
            .unwrap_or_else(|| default_backup_path(self.store.path(), now));
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        self.store.backup_to(&path)?;
        let changes = verify_copy(&path, self.store.clock().clone())?;
        let bytes = std::fs::metadata(&path).map_err(io(&path))?.len();
        self.store
            .set_local_setting(LAST_BACKUP, &now.to_string())?;
        Ok(BackedUp {
            path,
            bytes,
            changes,
        })
    }

    /// When the last backup was made (ms), if ever.
    pub fn last_backup_ms(&self) -> AppResult<Option<i64>> {
        Ok(self
            .store
            .local_setting(LAST_BACKUP)?
            .and_then(|ms| ms.parse().ok()))
    }

    /// How old the last backup is, against the configured reminder.
    pub fn backup_age(&self) -> AppResult<BackupAge> {
        Ok(BackupAge::of(
            self.last_backup_ms()?,
            self.store.now_ms(),
            self.config.backup_reminder_days(),
        ))
    }
}

/// How old the last backup is, for the dashboard's reminder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum BackupAge {
    /// No backup was ever made of this database.
    Never,
    /// The last one is `days` old, at least the configured reminder.
    Overdue { days: i64 },
    /// The last one is younger than the reminder.
    Recent { days: i64 },
}

impl BackupAge {
    /// From when the last backup was made (ms), now, and the reminder in
    /// days. A backup stamped in the future (the clock was put back) is
    /// recent: it exists, and a wrong clock must not nag.
    pub fn of(last_ms: Option<i64>, now_ms: i64, reminder_days: u32) -> BackupAge {
        let Some(last) = last_ms else {
            return BackupAge::Never;
        };
        let days = match now_ms.checked_sub(last) {
            Some(ms) => ms.max(0) / DAY_MS,
            // Too far apart to subtract: as old as can be told.
            None if now_ms > last => i64::MAX / DAY_MS,
            None => 0,
        };
        if days >= i64::from(reminder_days) {
            BackupAge::Overdue { days }
        } else {
            BackupAge::Recent { days }
        }
    }

    /// Whether the dashboard should remind.
    pub fn due(self) -> bool {
        !matches!(self, BackupAge::Recent { .. })
    }
}

/// The backups in the `backups/` folder beside the database, newest first
/// (offered when restoring). A missing folder has none.
pub fn backups_beside(database: &Path) -> Vec<PathBuf> {
    let folder = default_backup_path(database, 0)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "db") && path.is_file())
        .map(|path| {
            let modified = std::fs::metadata(&path)
                .and_then(|meta| meta.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (modified, path)
        })
        .collect();
    found.sort_by(|a, b| b.cmp(a));
    found.into_iter().map(|(_, path)| path).collect()
}

/// Opens a copy, checks SQLite's integrity and that it is a Relais database
/// with an identity; returns its number of changes.
fn verify_copy(path: &Path, clock: Arc<dyn Clock>) -> AppResult<u64> {
    let store = Store::open(path, OpenMode::MustExist, clock)?;
    let integrity = store.integrity()?;
    if integrity != ["ok"] {
        return Err(AppError::refused(
            Message::new("backup.damaged")
                .arg("path", path.display())
                .arg("problems", integrity.join("; ")),
        ));
    }
    store.require_identity()?;
    Ok(store.change_count()?)
}

/// Brings back the backup `from` as the database at `database`, under a new
/// site id and key. What was at `database` (and its key) is set aside with a
/// `.before-restore-…` suffix, never deleted.
pub fn restore(
    database: &Path,
    from: &Path,
    clock: Arc<dyn Clock>,
    author: &str,
) -> AppResult<Restored> {
    if !from.is_file() {
        return Err(AppError::refused(
            Message::new("backup.not_found").arg("path", from.display()),
        ));
    }
    let staging = database.with_extension("db-restoring");
    let staging_key = keyfile::key_path(&staging);
    for leftover in [&staging, &staging_key] {
        let _ = std::fs::remove_file(leftover);
    }
    let result =
        stage(&staging, &staging_key, from, clock.clone(), author).and_then(|(old, identity)| {
            let set_aside = set_aside(database, clock.now_ms())?;
            std::fs::rename(&staging_key, keyfile::key_path(database)).map_err(io(database))?;
            std::fs::rename(&staging, database).map_err(io(database))?;
            Ok(Restored {
                database: database.to_path_buf(),
                from: from.to_path_buf(),
                old_site: old,
                new_site: identity.site,
                name: identity.name,
                set_aside,
            })
        });
    if result.is_err() {
        for leftover in [&staging, &staging_key] {
            let _ = std::fs::remove_file(leftover);
        }
    }
    result
}

/// Copies the backup to `staging`, checks it and gives it a new identity.
fn stage(
    staging: &Path,
    staging_key: &Path,
    from: &Path,
    clock: Arc<dyn Clock>,
    author: &str,
) -> AppResult<(String, crate::store::LocalIdentity)> {
    // Work on a copy: opening may migrate, and the backup itself stays as it was.
    std::fs::copy(from, staging).map_err(io(from))?;
    make_private(staging)?;
    verify_copy(staging, clock.clone())?;
    let mut store = Store::open(staging, OpenMode::MustExist, clock)?;
    let old = store.require_identity()?;
    let old_site = old.site.clone();
    store.forget_identity()?;
    let identity = new_identity(&mut store, staging_key, old, author)?;
    Ok((old_site, identity))
}

/// Readable and writable by the owner only (the copy holds personal data).
fn make_private(path: &Path) -> AppResult<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(io(path))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Renames the current database and key out of the way; `None` when there
/// was no database.
fn set_aside(database: &Path, now_ms: i64) -> AppResult<Option<PathBuf>> {
    if !database.exists() {
        return Ok(None);
    }
    let stamp = chrono::DateTime::from_timestamp_millis(now_ms)
        .unwrap_or_default()
        .format("%Y%m%d-%H%M%S");
    let suffix = format!("before-restore-{stamp}");
    let aside = database.with_extension(format!("db.{suffix}"));
    std::fs::rename(database, &aside).map_err(io(database))?;
    // SQLite finds a database's journal by name: the WAL travels with it.
    for extra in ["-wal", "-shm"] {
        let beside = |path: &Path| {
            let mut name = path.as_os_str().to_os_string();
            name.push(extra);
            PathBuf::from(name)
        };
        if beside(database).exists() {
            std::fs::rename(beside(database), beside(&aside)).map_err(io(database))?;
        }
    }
    let key = keyfile::key_path(database);
    if key.exists() {
        std::fs::rename(&key, keyfile::key_path(&aside)).map_err(io(&key))?;
    }
    Ok(Some(aside))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_age_of_the_last_backup_is_never_overdue_or_recent() {
        let now = 100 * DAY_MS;
        assert_eq!(BackupAge::of(None, now, 7), BackupAge::Never);
        assert_eq!(
            BackupAge::of(Some(now - 3 * DAY_MS), now, 7),
            BackupAge::Recent { days: 3 }
        );
        assert_eq!(
            BackupAge::of(Some(now - 7 * DAY_MS), now, 7),
            BackupAge::Overdue { days: 7 },
            "on the day the reminder falls due"
        );
        assert_eq!(
            BackupAge::of(Some(now - 7 * DAY_MS + 1), now, 7),
            BackupAge::Recent { days: 6 }
        );
        assert_eq!(
            BackupAge::of(Some(now + DAY_MS), now, 7),
            BackupAge::Recent { days: 0 },
            "a backup from a clock that ran ahead"
        );
        assert_eq!(
            BackupAge::of(Some(i64::MIN), i64::MAX, 1),
            BackupAge::Overdue {
                days: i64::MAX / DAY_MS
            },
            "no overflow"
        );
        assert!(BackupAge::Never.due());
        assert!(BackupAge::Overdue { days: 30 }.due());
        assert!(!BackupAge::Recent { days: 1 }.due());
    }

    #[test]
    fn default_backups_go_in_a_dated_file_beside_the_database() {
        let path = default_backup_path(Path::new("/data/relais.db"), 1_764_166_500_000);
        assert_eq!(path, Path::new("/data/backups/relais-2025-11-26-141500.db"));
    }
}
