//! Errors of use cases: each carries a message in no language yet. A bundle
//! refused by the sync checks keeps its own variant, so that interfaces can
//! tell it apart (the command line exits with code 3 for it).

use crate::domain::validate::Invalid;
use crate::i18n::Message;
use crate::store::StoreError;
use crate::sync::SyncError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("invalid value for {}", .0.field)]
    Invalid(Invalid),
    /// A request that cannot be carried out as asked (unknown field…).
    #[error("{}", .0.key)]
    Refused(Message),
    /// A bundle the sync checks refused (bad signature, unknown sender, fork…).
    #[error("bundle refused: {}", .0.key)]
    BundleRefused(Message),
}

impl AppError {
    pub fn message(&self) -> Message {
        match self {
            AppError::Store(err) => err.message(),
            AppError::Invalid(invalid) => invalid.message.clone(),
            AppError::Refused(message) | AppError::BundleRefused(message) => message.clone(),
        }
    }

    pub fn refused(message: Message) -> AppError {
        AppError::Refused(message)
    }

    /// Whether a bundle was refused (rather than the command failing otherwise).
    pub fn is_bundle_refusal(&self) -> bool {
        matches!(self, AppError::BundleRefused(_))
    }

    /// The same error with its message replaced (a file named, say), the
    /// variant kept so a bundle refusal stays one.
    pub fn with_message(self, message: Message) -> AppError {
        match self {
            AppError::BundleRefused(_) => AppError::BundleRefused(message),
            _ => AppError::Refused(message),
        }
    }
}

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        AppError::Invalid(invalid)
    }
}

impl From<SyncError> for AppError {
    fn from(err: SyncError) -> Self {
        if err.is_refusal() {
            return AppError::BundleRefused(err.message());
        }
        match err {
            SyncError::Store(store) => AppError::Store(store),
            other => AppError::Refused(other.message()),
        }
    }
}

/// A sync error that is not about a bundle being imported (a card, an
/// export): never exit code 3.
pub(crate) fn not_a_bundle(err: SyncError) -> AppError {
    match AppError::from(err) {
        AppError::BundleRefused(message) => AppError::Refused(message),
        other => other,
    }
}

pub type AppResult<T> = Result<T, AppError>;
