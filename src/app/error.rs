//! Errors of use cases: each carries a message in no language yet.

use crate::domain::validate::Invalid;
use crate::i18n::Message;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("invalid value for {}", .0.field)]
    Invalid(Invalid),
    /// A request that cannot be carried out as asked (unknown field…).
    #[error("{}", .0.key)]
    Refused(Message),
}

impl AppError {
    pub fn message(&self) -> Message {
        match self {
            AppError::Store(err) => err.message(),
            AppError::Invalid(invalid) => invalid.message.clone(),
            AppError::Refused(message) => message.clone(),
        }
    }

    pub fn refused(message: Message) -> AppError {
        AppError::Refused(message)
    }
}

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        AppError::Invalid(invalid)
    }
}

pub type AppResult<T> = Result<T, AppError>;
