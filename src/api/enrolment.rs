//! Enrolment applications: drafts, documents, sending.

use base64::Engine;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CfPath, IdPath, Visitor, endpoint};
use crate::backend::{Application, ApplicationDraft, BackendError, DocumentInfo};
use crate::i18n::errors;

endpoint! {
    ApplicationsOf: Get "/parents/{cf}/applications", Staff, Read,
    "A parent's enrolment applications",
    (CfPath, (), ()) -> Vec<Application>,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, _body| b.applications_of(&p.cf)
}

endpoint! {
    CreateApplication: Post "/applications", Staff, Change,
    "Create a draft application",
    ((), (), ApplicationDraft) -> Application,
    { const OK: u16 = 201; const ERRORS: &'static [u16] = &[404]; }
    |b, _p, _q, d| b.save_application(&ApplicationDraft { id: None, ..d })
}

endpoint! {
    GetApplication: Get "/applications/{id}", Staff, Read,
    "An application",
    (IdPath, (), ()) -> Application,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, _body| b.application(p.id)
}

endpoint! {
    UpdateApplication: Put "/applications/{id}", Staff, Change,
    "Update a draft",
    (IdPath, (), ApplicationDraft) -> Application,
    { const ERRORS: &'static [u16] = &[404]; }
    |b, p, _q, d| b.save_application(&ApplicationDraft { id: Some(p.id), ..d })
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Submit {
    /// Outside the window: a supervisor's reason.
    pub late_reason: Option<String>,
}

endpoint! {
    SubmitApplication: Post "/applications/{id}/submit", Staff, Change,
    "Send (outside the window: supervisor with late_reason)",
    (IdPath, (), Submit) -> Application,
    { const ERRORS: &'static [u16] = &[404]; const BODY_OPTIONAL: bool = true; }
    |b, p, _q, body| b.submit_application(p.id, body.late_reason.as_deref())
}

/// A document, its content in base64 (standard alphabet, padded).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    #[schemars(length(min = 1, max = 255))]
    pub filename: String,
    /// Canonical padded base64 of 1 byte to 10 MiB.
    #[schemars(
        length(min = 4, max = 13_981_016),
        regex(
            pattern = r"^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$"
        )
    )]
    pub content_base64: String,
}

impl Document {
    pub fn new(filename: &str, content: &[u8]) -> Document {
        Document {
            filename: filename.to_string(),
            content_base64: base64::engine::general_purpose::STANDARD.encode(content),
        }
    }

    fn content(&self) -> Result<Vec<u8>, BackendError> {
        base64::engine::general_purpose::STANDARD
            .decode(self.content_base64.as_bytes())
            .map_err(|_| BackendError::invalid_text("content_base64", errors::NOT_BASE64))
    }
}

endpoint! {
    AttachDocument: Post "/applications/{id}/documents", Staff, Change,
    "Attach a document (base64, 10 MiB at the most)",
    (IdPath, (), Document) -> DocumentInfo,
    { const OK: u16 = 201; const ERRORS: &'static [u16] = &[404]; const BODY_LIMIT: usize = 16 * 1024 * 1024; }
    |b, p, _q, d| b.attach_document(p.id, &d.filename, &d.content()?)
}

pub(super) fn visit(v: &mut impl Visitor) {
    v.visit::<ApplicationsOf>();
    v.visit::<CreateApplication>();
    v.visit::<GetApplication>();
    v.visit::<UpdateApplication>();
    v.visit::<SubmitApplication>();
    v.visit::<AttachDocument>();
}
