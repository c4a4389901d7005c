//! Step 6: the review, and the sending (outside the window or with a debt, a supervisor's reason).

use ratatui::text::{Line, Span};

use super::{Enrol, on_application};
use crate::domain::money::format_eur;
use crate::i18n::{Lang, tui as t};
use crate::tui::app::Action;
use crate::tui::job;
use crate::tui::theme::Theme;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::Form;

pub fn form() -> Form {
    Form::new(vec![Field::new("reason")])
}

impl Enrol {
    /// Every step checked again, then the application sent (saved first if it never was).
    pub(super) fn submit(&mut self, lang: Lang) -> Vec<Action> {
        let reason = Some(self.late_reason.trimmed(0)).filter(|r| !r.is_empty());
        match (self.id, self.check_all(lang)) {
            (Some(id), Ok(())) => vec![Action::Request(job::change(
                "submit_application",
                (id, reason),
                |b, (id, reason)| b.submit_application(id, reason.as_deref()),
                |screen, r, lang| on_application(screen, r, lang, t::SUBMITTED),
            ))],
            (_, Err(e)) => vec![Action::Error(e)],
            (None, Ok(())) => vec![self.save(6)],
        }
    }

    /// Whether sending needs a reason (a supervisor's, the store checks).
    pub(super) fn needs_reason(&self) -> bool {
        self.debt_cents > 0
            || self
                .windows
                .get(self.window)
                .is_some_and(|w| !w.is_open_at(self.clock.now()))
    }

    pub(super) fn summary_lines(&self, lang: Lang, th: &Theme) -> Vec<Line<'static>> {
        let tick = super::tick;
        let d = self.data();
        // A new child's birth date and sex, as typed at step 2 (a registered child's are on file).
        let born = match (d.child_birth_date, d.child_sex) {
            (Some(b), Some(s)) => {
                format!(" · {} {} · {s:?}", lang.t(t::BORN), b.format("%d/%m/%Y"))
            }
            _ => String::new(),
        };
        let mut lines = vec![
            Line::from(format!(
                "{} {} ({}){born}",
                d.child_surname, d.child_name, d.child_cf
            )),
            Line::from(
                self.classes
                    .get(self.class)
                    .map(|c| c.1.clone())
                    .unwrap_or_default(),
            ),
            Line::from(format!(
                "{}: {} · ISEE {} · {}",
                lang.t(t::DIET).to_uppercase(),
                d.diet.as_deref().unwrap_or("-"),
                d.isee_cents.map(format_eur).unwrap_or_else(|| "-".into()),
                d.discounts.as_deref().unwrap_or("-")
            )),
            Line::from(format!(
                "{} {} · {} {}",
                tick(d.privacy_accepted),
                lang.t(t::PRIVACY),
                tick(d.conditions_accepted),
                lang.t(t::CONDITIONS)
            )),
            Line::from(format!("{}: {}", lang.t(t::ATTACHED), self.documents.len())),
        ];
        if self.debt_cents > 0 {
            lines.push(Line::from(Span::styled(
                format!("{} {}", lang.t(t::FAMILY_DEBT), format_eur(self.debt_cents)),
                th.warning,
            )));
        }
        lines
    }
}
