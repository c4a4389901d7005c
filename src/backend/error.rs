//! The one error type every Backend operation returns.
//!
//! It carries its message in both languages already, so it travels unchanged from the store through the
//! central API to a remote client, and the screen shows the reader's language.

use serde::{Deserialize, Serialize};

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
}

pub type BResult<T> = Result<T, BackendError>;

impl BackendError {
    pub fn new(kind: ErrorKind, it: impl Into<String>, en: impl Into<String>) -> Self {
        BackendError {
            kind,
            field: None,
            it: it.into(),
            en: en.into(),
        }
    }

    /// A validation error on `field`, explained by a domain error.
    pub fn invalid(field: &str, why: &dyn Localized) -> Self {
        BackendError {
            kind: ErrorKind::Invalid,
            field: Some(field.to_string()),
            it: why.localized(Lang::It),
            en: why.localized(Lang::En),
        }
    }

    pub fn invalid_msg(field: &str, it: impl Into<String>, en: impl Into<String>) -> Self {
        BackendError {
            field: Some(field.to_string()),
            ..Self::new(ErrorKind::Invalid, it, en)
        }
    }

    pub fn not_found(what_it: &str, what_en: &str) -> Self {
        Self::new(
            ErrorKind::NotFound,
            format!("{what_it}: non trovato. Controllare il dato inserito."),
            format!("{what_en}: not found. Check what was typed."),
        )
    }

    pub fn conflict(it: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, it, en)
    }

    pub fn forbidden() -> Self {
        Self::new(
            ErrorKind::Forbidden,
            "Operazione riservata a un supervisore.",
            "Only a supervisor may do this.",
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            ErrorKind::Unauthenticated,
            "Sessione assente o scaduta: accedere di nuovo.",
            "No session or session expired: log in again.",
        )
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        // The detail goes to the log, never to the screen: it may hold data.
        tracing::error!(error = %detail, "internal error");
        Self::new(
            ErrorKind::Internal,
            "Errore interno: l'operazione non è stata eseguita. Riprovare; se si ripete, avvisare l'assistenza.",
            "Internal error: nothing was changed. Try again; if it happens again, call support.",
        )
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
            return BackendError::new(
                ErrorKind::Unavailable,
                "Archivio occupato da un'altra postazione: riprovare tra qualche secondo.",
                "The store is busy with another desk: try again in a few seconds.",
            );
        }
        BackendError::internal(e)
    }
}
