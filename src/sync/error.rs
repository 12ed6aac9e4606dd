//! Why a bundle or a card was refused, each with a one-line message that
//! names the problem and says what to do. Only the interface renders them.

use crate::domain::escape::escape_control;
use crate::i18n::Message;
use crate::store::StoreError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("I/O error on {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("{0} is a directory")]
    IsDirectory(PathBuf),
    #[error("not a Relais bundle")]
    NotABundle,
    #[error("bundle format {found} is newer than {known}")]
    FutureVersion { found: u16, known: u16 },
    #[error("bad header: {0}")]
    BadHeader(String),
    #[error("truncated bundle")]
    Truncated,
    #[error("data after the end of the bundle")]
    TrailingData,
    #[error("damaged payload: {0}")]
    Damaged(String),
    #[error("payload hash mismatch")]
    HashMismatch,
    #[error("bad signature from {sender}")]
    BadSignature { sender: String },
    #[error("unknown sender {sender}")]
    UnknownSender {
        sender: String,
        name: String,
        fingerprint: String,
    },
    #[error("revoked sender {sender}")]
    RevokedSender {
        sender: String,
        name: String,
        fingerprint: String,
    },
    #[error("sender {sender} signed with another key")]
    KeyMismatch {
        sender: String,
        name: String,
        fingerprint: String,
        expected: String,
    },
    #[error("header announces {declared} changes, payload holds {found}")]
    CountMismatch { declared: u64, found: u64 },
    #[error("header's contained vector is wrong")]
    ContainsMismatch,
    #[error("payload larger than announced")]
    PayloadTooLarge,
    #[error("bad change #{index}: {reason}")]
    BadChange { index: u64, reason: String },
    #[error("site {sender} may not relay change {change}")]
    ForeignChange { sender: String, change: String },
    #[error("site {sender} may not change trust field {field} of site {record}")]
    TrustField {
        sender: String,
        record: String,
        field: String,
    },
    #[error("the bundle changed during import")]
    ChangedDuringImport,
    #[error("bad site card: {0}")]
    BadCard(String),
    #[error("own card")]
    OwnCard,
    #[error("site {site} is pinned to another key")]
    KeyPinned {
        site: String,
        name: String,
        pinned: String,
        offered: String,
    },
    #[error("card of {site} says it is the lead")]
    LeadNeedsConfirmation {
        site: String,
        name: String,
        fingerprint: String,
    },
    #[error("bad key rotation: {0}")]
    BadRotation(String),
    #[error("site {0} is not trusted here")]
    NotTrusted(String),
    #[error("bad site id {0}")]
    BadSiteId(String),
    #[error("no key at {0}")]
    NoKey(PathBuf),
    /// The encrypted envelope (`crypt`).
    #[error(transparent)]
    Crypt(super::crypt::CryptError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// Whether this refuses a bundle (exit code 3) rather than failing otherwise.
    pub fn is_refusal(&self) -> bool {
        match self {
            SyncError::NoKey(_)
            | SyncError::BadSiteId(_)
            | SyncError::OwnCard
            | SyncError::KeyPinned { .. }
            | SyncError::LeadNeedsConfirmation { .. }
            | SyncError::BadRotation(_)
            | SyncError::NotTrusted(_) => false,
            // A file that is not there (or not ours to read) is no bundle to refuse.
            SyncError::Io(_, err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied
                ) =>
            {
                false
            }
            SyncError::Crypt(err) => err.is_refusal(),
            SyncError::Store(err) => matches!(
                err,
                StoreError::Fork { .. }
                    | StoreError::MalformedChange { .. }
                    | StoreError::Aborted(_)
            ),
            _ => true,
        }
    }

    pub fn message(&self) -> Message {
        match self {
            SyncError::Io(path, err) if crate::store::is_disk_full(err) => {
                Message::new("error.bundle.disk_full").arg("path", path.display())
            }
            SyncError::Io(_, err) if err.kind() == std::io::ErrorKind::NotFound => {
                Message::new("error.bundle.not_found")
            }
            SyncError::Io(path, err) => Message::new("error.bundle.io")
                .arg("path", path.display())
                .arg("error", err),
            SyncError::IsDirectory(path) => {
                Message::new("error.bundle.directory").arg("path", path.display())
            }
            SyncError::NotABundle => Message::new("error.bundle.not_a_bundle"),
            SyncError::FutureVersion { found, known } => Message::new("error.bundle.future")
                .arg("found", found)
                .arg("known", known),
            SyncError::BadHeader(reason) => {
                Message::new("error.bundle.bad_header").arg("reason", escape_control(reason))
            }
            SyncError::Truncated => Message::new("error.bundle.truncated"),
            SyncError::TrailingData => Message::new("error.bundle.trailing"),
            SyncError::HashMismatch => Message::new("error.bundle.hash"),
            SyncError::Damaged(reason) => {
                Message::new("error.bundle.damaged").arg("reason", escape_control(reason))
            }
            SyncError::BadSignature { sender } => {
                Message::new("error.bundle.signature").arg("sender", sender)
            }
            SyncError::UnknownSender {
                sender,
                name,
                fingerprint,
            } => Message::new("error.bundle.unknown_sender")
                .arg("sender", sender)
                .arg("name", escape_control(name))
                .arg("fingerprint", fingerprint),
            SyncError::RevokedSender {
                sender,
                name,
                fingerprint,
            } => Message::new("error.bundle.revoked_sender")
                .arg("sender", sender)
                .arg("name", escape_control(name))
                .arg("fingerprint", fingerprint),
            SyncError::KeyMismatch {
                sender,
                name,
                fingerprint,
                expected,
            } => Message::new("error.bundle.key_mismatch")
                .arg("sender", sender)
                .arg("name", escape_control(name))
                .arg("fingerprint", fingerprint)
                .arg("expected", expected),
            SyncError::CountMismatch { declared, found } => Message::new("error.bundle.count")
                .arg("declared", declared)
                .arg("found", found),
            SyncError::ContainsMismatch => Message::new("error.bundle.contains"),
            SyncError::PayloadTooLarge => Message::new("error.bundle.too_large"),
            SyncError::BadChange { index, reason } => Message::new("error.bundle.bad_change")
                .arg("index", index)
                .arg("reason", escape_control(reason)),
            SyncError::ForeignChange { sender, change } => Message::new("error.bundle.foreign")
                .arg("sender", sender)
                .arg("change", change),
            SyncError::TrustField {
                sender,
                record,
                field,
            } => Message::new("error.bundle.trust_field")
                .arg("sender", sender)
                .arg("record", escape_control(record))
                .arg("field", escape_control(field)),
            SyncError::ChangedDuringImport => Message::new("error.bundle.changed"),
            SyncError::BadCard(reason) => {
                Message::new("error.card.bad").arg("reason", escape_control(reason))
            }
            SyncError::OwnCard => Message::new("error.card.own"),
            SyncError::KeyPinned {
                site,
                name,
                pinned,
                offered,
            } => Message::new("error.card.pinned")
                .arg("site", site)
                .arg("name", escape_control(name))
                .arg("pinned", pinned)
                .arg("offered", offered),
            SyncError::LeadNeedsConfirmation {
                site,
                name,
                fingerprint,
            } => Message::new("error.card.lead")
                .arg("site", site)
                .arg("name", escape_control(name))
                .arg("fingerprint", fingerprint),
            SyncError::BadRotation(reason) => {
                Message::new("error.card.rotation").arg("reason", reason)
            }
            SyncError::NotTrusted(site) => {
                Message::new("error.trust.not_trusted").arg("site", site)
            }
            SyncError::BadSiteId(site) => {
                Message::new("error.trust.bad_site").arg("site", escape_control(site))
            }
            SyncError::NoKey(path) => {
                Message::new("error.trust.no_key").arg("path", path.display())
            }
            SyncError::Crypt(err) => err.message(),
            SyncError::Store(err) => err.message(),
        }
    }
}
