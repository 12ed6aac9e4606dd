//! What can go wrong in the store, each with a message that says what to do.

use crate::domain::escape::escape_control;
use crate::domain::validate::Invalid;
use crate::domain::{ChangeId, Kind};
use crate::i18n::Message;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no database at {0}")]
    Missing(PathBuf),
    #[error("{0} is a directory")]
    IsDirectory(PathBuf),
    #[error("{0} is not a Relais database")]
    NotRelais(PathBuf),
    #[error("{path} was written by a newer Relais (schema {found}, this one knows {known})")]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{0} is read-only")]
    ReadOnly(PathBuf),
    #[error("{0} is not initialised")]
    NotInitialised(PathBuf),
    #[error("{0} is initialised already")]
    AlreadyInitialised(PathBuf),
    #[error("the database is busy")]
    Busy,
    #[error("the disk holding {0} is full")]
    DiskFull(PathBuf),
    #[error("I/O error on {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("no {kind} ends with {id}")]
    UnknownId { kind: &'static str, id: String },
    #[error("{count} {kind} records end with {id}")]
    AmbiguousId {
        kind: &'static str,
        id: String,
        count: usize,
    },
    #[error("id {0} is too short")]
    ShortId(String),
    #[error("the {kind} {id} is deleted")]
    Deleted { kind: &'static str, id: String },
    /// The record was erased (purged): it can no longer be edited.
    #[error("the {kind} {id} was erased")]
    Purged { kind: &'static str, id: String },
    #[error("invalid value for {}", .0.field)]
    Invalid(Invalid),
    #[error("change {id} arrived with other content")]
    Fork { id: ChangeId },
    #[error("malformed change {id}: {reason}")]
    MalformedChange { id: String, reason: String },
    #[error("site {site} has used every seq")]
    SeqExhausted { site: String },
    #[error("import interrupted at step {0}")]
    InjectedFault(&'static str),
    #[error("{}", .0.key)]
    Aborted(Message),
    #[error("SQLite: {0}")]
    Sqlite(rusqlite::Error),
}

impl StoreError {
    /// A change naming a field `kind` does not have: refused, never applied.
    pub(crate) fn unknown_field(kind: Kind, record: &str, field: &str) -> StoreError {
        StoreError::MalformedChange {
            id: record.to_string(),
            reason: format!("unknown field {field} for {}", kind.name()),
        }
    }

    pub(crate) fn sqlite(err: rusqlite::Error) -> StoreError {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            _ => StoreError::Sqlite(err),
        }
    }

    pub(crate) fn from_open(path: &Path, err: rusqlite::Error) -> StoreError {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotRelais(path.to_path_buf()),
            Some(rusqlite::ErrorCode::ReadOnly) | Some(rusqlite::ErrorCode::CannotOpen) => {
                StoreError::ReadOnly(path.to_path_buf())
            }
            _ => StoreError::sqlite(err),
        }
    }

    /// A disk-level failure (SQLite's I/O error or full disk), which on a
    /// full disk is what opening a WAL database reports.
    pub(crate) fn is_io_failure(&self) -> bool {
        matches!(self, StoreError::Sqlite(err) if matches!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::SystemIoFailure) | Some(rusqlite::ErrorCode::DiskFull)
        ))
    }

    /// The message a person reads.
    pub fn message(&self) -> Message {
        let path = |p: &PathBuf| p.display().to_string();
        match self {
            StoreError::Missing(p) => Message::new("error.store.missing").arg("path", path(p)),
            StoreError::IsDirectory(p) => {
                Message::new("error.store.directory").arg("path", path(p))
            }
            StoreError::NotRelais(p) => Message::new("error.store.not_relais").arg("path", path(p)),
            StoreError::Newer {
                path: p,
                found,
                known,
            } => Message::new("error.store.newer")
                .arg("path", path(p))
                .arg("found", found)
                .arg("known", known),
            StoreError::ReadOnly(p) => Message::new("error.store.read_only").arg("path", path(p)),
            StoreError::NotInitialised(p) => {
                Message::new("error.store.not_initialised").arg("path", path(p))
            }
            StoreError::AlreadyInitialised(p) => {
                Message::new("error.store.already_initialised").arg("path", path(p))
            }
            StoreError::Busy => Message::new("error.store.busy"),
            StoreError::DiskFull(_) => Message::new("error.store.disk_full"),
            StoreError::Io(_, err) if is_disk_full(err) => Message::new("error.store.disk_full"),
            StoreError::Io(p, err) => Message::new("error.store.io")
                .arg("path", path(p))
                .arg("error", err),
            StoreError::UnknownId { kind, id } => Message::new("error.id.unknown")
                .arg("kind", kind)
                .arg("id", id),
            StoreError::AmbiguousId { kind, id, count } => Message::new("error.id.ambiguous")
                .arg("kind", kind)
                .arg("id", id)
                .arg("count", count),
            StoreError::ShortId(id) => Message::new("error.id.short").arg("id", id),
            StoreError::Deleted { kind, id } => Message::new("error.id.deleted")
                .arg("kind", kind)
                .arg("id", id),
            StoreError::Purged { kind, id } => Message::new("error.purge.erased")
                .arg("kind", kind)
                .arg("id", id),
            StoreError::Invalid(invalid) => invalid.message.clone(),
            StoreError::Fork { id } => Message::new("error.sync.fork")
                .arg("site", &id.site)
                .arg("id", id),
            StoreError::MalformedChange { id, reason } => {
                Message::new("error.sync.malformed_change")
                    .arg("id", escape_control(id))
                    .arg("reason", escape_control(reason))
            }
            StoreError::SeqExhausted { site } => {
                Message::new("error.sync.seq_exhausted").arg("site", site)
            }
            StoreError::InjectedFault(step) => {
                Message::new("error.sync.injected").arg("step", step)
            }
            StoreError::Aborted(message) => message.clone(),
            StoreError::Sqlite(err) => match err.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ReadOnly) => Message::new("error.store.read_only_write"),
                Some(rusqlite::ErrorCode::DiskFull) => Message::new("error.store.disk_full"),
                Some(rusqlite::ErrorCode::NotADatabase)
                | Some(rusqlite::ErrorCode::DatabaseCorrupt) => Message::new("error.store.corrupt"),
                _ => Message::new("error.store.sqlite").arg("error", err),
            },
        }
    }
}

/// Whether an I/O error says the disk is full (ENOSPC, or EDQUOT: a quota).
pub fn is_disk_full(err: &std::io::Error) -> bool {
    err.kind() == std::io::ErrorKind::StorageFull
        || err.kind() == std::io::ErrorKind::QuotaExceeded
        || matches!(err.raw_os_error(), Some(28) | Some(122))
}

/// Whether the disk holding `path` is full: SQLite only reports "disk I/O
/// error", so this writes a small probe file beside it (removed at once).
pub fn disk_full_near(path: &Path) -> bool {
    use std::io::Write;
    let dir = match path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from("."),
    };
    let probe = dir.join(format!(".relais-space-probe.{}", std::process::id()));
    let result = std::fs::File::create(&probe).and_then(|mut file| {
        file.write_all(&[0u8; 64 * 1024])?;
        file.sync_all()
    });
    let _ = std::fs::remove_file(&probe);
    matches!(result, Err(err) if is_disk_full(&err))
}

impl From<Invalid> for StoreError {
    fn from(invalid: Invalid) -> Self {
        StoreError::Invalid(invalid)
    }
}
