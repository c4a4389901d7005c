//! The one error type every Backend operation returns.
//!
//! It carries its message in both languages already, so it travels unchanged from the store through the
//! central API to a remote client, and the screen shows the reader's language.

use serde::{Deserialize, Serialize};

use crate::i18n::errors;
use crate::i18n::{Lang, Localized};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Input that breaks a rule; `field` names it.
    Invalid,
    NotFound,
    /// Already exists, or a state that forbids the change (a paid notice cancelled, a duplicate).
    Conflict,
    /// Not logged in, or a wrong operator password.
    Unauthenticated,
    /// The role may not do this.
    Forbidden,
    /// The account is locked.
    Locked,
    /// The store or the central API cannot be reached.
    Unavailable,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{en}")]
pub struct BackendError {
    pub kind: ErrorKind,
    /// The input field at fault, for validation errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub it: String,
    pub en: String,
    /// Seconds before a new try can succeed (a login wait or lock): the API sends it as
    /// `Retry-After`, the desk counts it down.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

pub type BResult<T> = Result<T, BackendError>;

impl BackendError {
    pub fn new(kind: ErrorKind, it: impl Into<String>, en: impl Into<String>) -> Self {
        BackendError {
            kind,
            field: None,
            it: it.into(),
            en: en.into(),
            retry_after: None,
        }
    }

    /// A validation error on `field`, explained by a domain error.
    pub fn invalid(field: &str, why: &dyn Localized) -> Self {
        BackendError {
            field: Some(field.to_string()),
            ..Self::new(
                ErrorKind::Invalid,
                why.localized(Lang::It),
                why.localized(Lang::En),
            )
        }
    }

    /// An error of this kind, with a message from `crate::i18n`.
    pub fn text(kind: ErrorKind, (it, en): crate::i18n::Text) -> Self {
        Self::new(kind, it, en)
    }

    /// A validation error on `field`, with a message from `crate::i18n`.
    pub fn invalid_text(field: &str, (it, en): crate::i18n::Text) -> Self {
        Self::invalid_msg(field, it, en)
    }

    pub fn invalid_msg(field: &str, it: impl Into<String>, en: impl Into<String>) -> Self {
        BackendError {
            field: Some(field.to_string()),
            ..Self::new(ErrorKind::Invalid, it, en)
        }
    }

    /// An error of this kind, with a message made in `crate::i18n`.
    pub fn pair(kind: ErrorKind, (it, en): errors::Pair) -> Self {
        Self::new(kind, it, en)
    }

    pub fn not_found(what_it: &str, what_en: &str) -> Self {
        Self::pair(ErrorKind::NotFound, errors::not_found(what_it, what_en))
    }

    pub fn conflict(it: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, it, en)
    }

    pub fn forbidden() -> Self {
        Self::text(ErrorKind::Forbidden, errors::SUPERVISOR_ONLY)
    }

    pub fn unauthenticated() -> Self {
        Self::text(ErrorKind::Unauthenticated, errors::NO_SESSION)
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        // The detail goes to the log, never to the screen: it may hold data.
        tracing::error!(error = %detail, "internal error");
        Self::text(ErrorKind::Internal, errors::INTERNAL)
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    pub fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }
}

impl Localized for BackendError {
    fn localized(&self, lang: Lang) -> String {
        lang.pick(&self.it, &self.en).to_string()
    }
}

impl From<rusqlite::Error> for BackendError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, _) = &e
            && matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            )
        {
            return BackendError::text(ErrorKind::Unavailable, errors::STORE_BUSY);
        }
        // SQLite rolls the statement back when the disk (or a size limit) is full: nothing was
        // written, and the way out is freeing space, not calling support about an "internal error".
        if let rusqlite::Error::SqliteFailure(f, _) = &e
            && f.code == rusqlite::ErrorCode::DiskFull
        {
            tracing::error!("store: the disk is full, a change was refused");
            return BackendError::text(ErrorKind::Unavailable, errors::STORE_FULL);
        }
        BackendError::internal(e)
    }
}

/// A value a person typed, read into its domain type before it becomes part of a request: a refusal
/// names the field and says why, as the backend's own check did when the value travelled as text.
pub fn read_field<T, E: Localized>(field: &str, read: Result<T, E>) -> BResult<T> {
    read.map_err(|e| BackendError::invalid(field, &e))
}
