//! The reconciliation report's open anomalies (supervisor): IUVs in a pagoPA flow with no receipt,
//! amounts that differ, receipts with no flow after the grace days. Enter credits a "no receipt" line
//! after a confirmation that shows the amount and the family (a cancelled or expired notice asks
//! the reason). Reached from the search screen.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::Screen;
use crate::backend::{
    BResult, LineKind, NoticeState, ReceiptOutcome, ReconciliationLine, ReconciliationReport,
};
use crate::domain::money::format_eur;
use crate::i18n::reconciliation as r;
use crate::i18n::{Lang, Localized};
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::{Field, title};
use crate::tui::widgets::list;

#[derive(Debug, Default)]
pub struct Reconciliation {
    /// `None` until the first answer.
    pub report: Option<ReconciliationReport>,
    pub selected: usize,
    /// Asking to confirm a credit: the reason typed (needed for a cancelled or expired notice).
    pub confirm: Option<Field>,
}

impl Reconciliation {
    pub fn open() -> Vec<Action> {
        vec![
            Action::Push(Screen::Reconciliation(Reconciliation::default())),
            Action::Request(load()),
        ]
    }

    /// The open anomalies, as listed.
    fn open_lines(&self) -> Vec<&ReconciliationLine> {
        self.report
            .as_ref()
            .map(|rep| rep.lines.iter().filter(|l| l.kind.is_anomaly()).collect())
            .unwrap_or_default()
    }

    fn chosen(&self) -> Option<&ReconciliationLine> {
        self.open_lines().get(self.selected).copied()
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        if let Some(reason) = &mut self.confirm {
            return match key.code {
                KeyCode::Esc => {
                    self.confirm = None;
                    Vec::new()
                }
                KeyCode::Enter => {
                    let reason = reason.value().trim().to_string();
                    self.confirm = None;
                    match self.chosen() {
                        Some(l) => vec![Action::Request(credit(l.iuv.clone(), reason))],
                        None => Vec::new(),
                    }
                }
                _ => {
                    reason.key(key);
                    Vec::new()
                }
            };
        }
        let len = self.open_lines().len();
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            code if list::select(&mut self.selected, len, code) => Vec::new(),
            KeyCode::Enter => match self.chosen() {
                Some(l) if l.kind == LineKind::NoReceipt && l.notice_number.is_some() => {
                    self.confirm = Some(Field::default());
                    Vec::new()
                }
                Some(_) => vec![Action::Error(env.lang.t(r::ONLY_NO_RECEIPT).to_string())],
                None => Vec::new(),
            },
            _ if env.keys.refresh.matches(&key) => vec![Action::Request(load())],
            _ => Vec::new(),
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let area = area.inner(Margin::new(1, 0));
        let [_, heading, summary, _, body, _, detail] = list::rows(area, [1, 1, 1, 1, 0, 1, 4]);
        f.render_widget(Paragraph::new(title(lang.t(r::SCREEN_TITLE))), heading);
        let Some(report) = &self.report else {
            f.render_widget(Paragraph::new(lang.t(crate::i18n::tui::WORKING)), summary);
            return;
        };
        let lines = self.open_lines();
        let last = report
            .last_import
            .map_or("-".into(), |t| t.format("%d/%m/%Y %H:%M").to_string());
        f.render_widget(
            Paragraph::new(lang.pair(r::screen_summary(lines.len(), &last, report.grace_days)))
                .style(app.theme.dim),
            summary,
        );
        if lines.is_empty() {
            f.render_widget(Paragraph::new(lang.t(r::NO_ANOMALIES)), body);
            return;
        }
        let rows = body.height as usize;
        let start = self.selected.saturating_sub(rows.saturating_sub(1));
        let eur = |c: Option<i64>| c.map_or("-".into(), format_eur);
        let shown: Vec<Line> = lines
            .iter()
            .enumerate()
            .skip(start)
            .take(rows)
            .map(|(i, l)| {
                let text = format!(
                    "{:<22} {:<17} {:<16} {:>9} {:>9}",
                    cut(lang.t(short_label(l.kind)), 22),
                    l.iuv,
                    cut(l.family.as_deref().unwrap_or("-"), 16),
                    eur(l.receipt_cents),
                    eur(l.flow_cents),
                );
                let style = if i == self.selected {
                    app.theme.focus
                } else {
                    Style::default()
                };
                Line::styled(text, style)
            })
            .collect();
        f.render_widget(Paragraph::new(shown), body);
        let Some(l) = self.chosen() else { return };
        let mut text = vec![
            Line::from(format!(
                "{} {} · {}",
                lang.t(r::NOTICE),
                l.notice_number.as_deref().unwrap_or("-"),
                l.notice_state
                    .map_or(lang.t(r::NO_NOTICE), |s| crate::i18n::notice_state(lang, s))
            )),
            Line::from(format!(
                "{} {} · PSP {} · {}",
                lang.t(r::FLOW),
                l.flow_id.as_deref().unwrap_or("-"),
                l.psp.as_deref().unwrap_or("-"),
                l.paid_on
                    .map_or("-".into(), |d| d.format("%d/%m/%Y").to_string())
            )),
        ];
        match &self.confirm {
            Some(reason) => {
                text.push(Line::styled(
                    lang.pair(r::confirm_credit(
                        &eur(l.flow_cents),
                        l.family.as_deref().unwrap_or("-"),
                    )),
                    app.theme.focus,
                ));
                f.render_widget(Paragraph::new(text), detail);
                if matches!(
                    l.notice_state,
                    Some(NoticeState::Cancelled | NoticeState::Expired)
                ) {
                    let [_, _, _, field] = list::rows(detail, [1, 1, 1, 1]);
                    let mut field_shown = reason.clone();
                    field_shown.label = lang.t(r::REASON);
                    field_shown.draw(f, field, true, 10, &app.theme);
                }
            }
            None => f.render_widget(Paragraph::new(text), detail),
        }
    }
}

/// The kind's label within the list's column.
fn short_label(kind: LineKind) -> crate::i18n::Text {
    match kind {
        LineKind::NoReceipt => r::KIND_NO_RECEIPT_SHORT,
        other => other.label(),
    }
}

fn cut(s: &str, width: usize) -> String {
    s.chars().take(width).collect()
}

pub fn footer(env: &Env) -> String {
    env.keys.fill(env.lang.t(r::K_SCREEN))
}

fn load() -> Request {
    job::read("fdr_report", |b| b.fdr_report(), on_report)
}

fn credit(iuv: String, reason: String) -> Request {
    job::change(
        "fdr_credit",
        (iuv, reason),
        |b, (iuv, reason)| b.fdr_credit(&iuv, Some(reason.as_str()).filter(|r| !r.is_empty())),
        on_credited,
    )
}

fn on_report(screen: &mut Screen, res: BResult<ReconciliationReport>, lang: Lang) -> Vec<Action> {
    let Screen::Reconciliation(s) = screen else {
        return Vec::new();
    };
    match res {
        Ok(report) => {
            let open = report.lines.iter().filter(|l| l.kind.is_anomaly()).count();
            s.selected = s.selected.min(open.saturating_sub(1));
            s.report = Some(report);
            Vec::new()
        }
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}

fn on_credited(screen: &mut Screen, res: BResult<ReceiptOutcome>, lang: Lang) -> Vec<Action> {
    if !matches!(screen, Screen::Reconciliation(_)) {
        return Vec::new();
    }
    match res {
        Ok(outcome) => vec![
            Action::Info(lang.pair(r::credited(
                outcome.notice.number.as_str(),
                outcome.credited,
            ))),
            Action::Request(load()),
        ],
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}
