//! Why an encrypted bundle was refused or could not be written, in a
//! message for the reader; a refusal is told apart from a local failure.

use crate::sync::error::SyncError;

/// Why an encrypted bundle was refused (or could not be written).
#[derive(Debug, thiserror::Error)]
pub enum CryptError {
    #[error("not encrypted for this site ({recipient})")]
    NotForThisSite { recipient: String },
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("a passphrase is needed")]
    NeedPassphrase,
    #[error("encrypted bundle altered (encrypted for {recipient})")]
    Tampered { recipient: String },
    #[error("encrypted bundle altered (encrypted with a passphrase)")]
    TamperedPassphrase,
    #[error("damaged age header: {0}")]
    BadEnvelope(String),
    #[error("ASCII-armored age file")]
    Armored,
    #[error("passphrase work factor {0} too high")]
    ExcessiveWork(u8),
    #[error("{name} ({site}) has no encryption key yet")]
    NoRecipient { site: String, name: String },
    #[error("an encrypted bundle needs an addressee")]
    NoAddressee,
    #[error("bad recipient {0}")]
    BadRecipient(String),
    #[error("bad age identity file {0}")]
    BadIdentity(String),
}

impl CryptError {
    /// Whether this refuses a bundle being read (exit code 3), rather than
    /// an export that cannot be encrypted as asked.
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            CryptError::NoRecipient { .. }
                | CryptError::NoAddressee
                | CryptError::BadRecipient(_)
                | CryptError::BadIdentity(_)
        )
    }

    pub fn message(&self) -> crate::i18n::Message {
        use crate::domain::escape::escape_control;
        use crate::i18n::Message;
        match self {
            CryptError::NotForThisSite { recipient } => {
                Message::new("error.crypt.not_for_us").arg("recipient", recipient)
            }
            CryptError::WrongPassphrase => Message::new("error.crypt.wrong_passphrase"),
            CryptError::NeedPassphrase => Message::new("error.crypt.need_passphrase"),
            CryptError::Tampered { recipient } => {
                Message::new("error.crypt.tampered").arg("recipient", recipient)
            }
            CryptError::TamperedPassphrase => Message::new("error.crypt.tampered_passphrase"),
            CryptError::BadEnvelope(reason) => {
                Message::new("error.crypt.bad_envelope").arg("reason", escape_control(reason))
            }
            CryptError::Armored => Message::new("error.crypt.armored"),
            CryptError::ExcessiveWork(factor) => {
                Message::new("error.crypt.excessive_work").arg("factor", factor)
            }
            CryptError::NoRecipient { site, name } => Message::new("error.crypt.no_recipient")
                .arg("site", site)
                .arg("name", escape_control(name)),
            CryptError::NoAddressee => Message::new("error.crypt.no_addressee"),
            CryptError::BadRecipient(text) => {
                Message::new("error.crypt.bad_recipient").arg("recipient", escape_control(text))
            }
            CryptError::BadIdentity(path) => {
                Message::new("error.crypt.bad_identity").arg("path", escape_control(path))
            }
        }
    }
}

impl From<CryptError> for SyncError {
    fn from(err: CryptError) -> Self {
        SyncError::Crypt(err)
    }
}
