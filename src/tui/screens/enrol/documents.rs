//! Step 5: documents attached by their path on the desk's computer (a medical certificate for a
//! special diet).

use ratatui::text::{Line, Span};

use super::{Enrol, Screen};
use crate::backend::{BResult, DocumentInfo};
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::app::Action;
use crate::tui::job;
use crate::tui::theme::Theme;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::Form;

pub fn form() -> Form {
    Form::new(vec![Field::new("path")])
}

impl Enrol {
    /// Reads the file at the path typed and attaches it (the draft is saved first if it is new).
    pub(super) fn attach(&mut self, lang: Lang) -> Vec<Action> {
        let path = self.document.trimmed(0);
        let Some(id) = self.id else {
            return vec![self.save(5)];
        };
        match std::fs::read(&path) {
            Ok(content) => {
                let filename = std::path::Path::new(&path)
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or(path);
                vec![Action::Request(job::change(
                    "attach_document",
                    (id, filename, Content(content)),
                    |b, (id, filename, content)| b.attach_document(id, &filename, &content.0),
                    on_attached,
                ))]
            }
            Err(_) => {
                self.document.fail(0, lang.t(t::DOC_UNREADABLE).into());
                Vec::new()
            }
        }
    }

    pub(super) fn document_lines(&self, lang: Lang, th: &Theme) -> Vec<Line<'static>> {
        vec![
            Line::from(Span::styled(lang.t(t::DOC_HINT), th.dim)),
            Line::from(format!(
                "{}: {}",
                lang.t(t::ATTACHED),
                self.documents
                    .iter()
                    .map(|d| d.filename.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ]
    }
}

/// A document's bytes: told apart by a digest, not printed whole.
#[derive(Clone)]
struct Content(Vec<u8>);

impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        self.0.hash(&mut h);
        write!(f, "{} bytes {:x}", self.0.len(), h.finish())
    }
}

fn on_attached(screen: &mut Screen, r: BResult<DocumentInfo>, lang: Lang) -> Vec<Action> {
    let Screen::Enrol(e) = screen else {
        return Vec::new();
    };
    match r {
        Ok(d) => {
            e.documents.push(d);
            e.document = form();
        }
        Err(err) => e.document.fail(0, err.localized(lang)),
    }
    Vec::new()
}
