//! The payment notice with its QR code, for the parent to scan or take home; cancel it, or record cash.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Screen;
use crate::backend::{BResult, Notice, NoticeState};
use crate::domain::money::format_eur;
use crate::domain::notice::NoticeNumber;
use crate::i18n::{Lang, Localized, notice_state, tui as t};
use crate::paper::Sent;
use crate::paper::document::What;
use crate::qr::{QrMatrix, QrWidget, pagopa_qr, widget_size};
use crate::tui::app::{Action, App, Env};
use crate::tui::exec::Req;
use crate::tui::widgets::field::{Field, title};

#[derive(Debug)]
pub struct Payment {
    pub notice: Notice,
    pub qr: Option<QrMatrix>,
    /// Asking the reason for cancelling.
    pub reason: Option<Field>,
}

impl Payment {
    pub fn new(notice: Notice) -> Self {
        let qr = pagopa_qr(&notice.qr_payload).ok();
        Payment {
            notice,
            qr,
            reason: None,
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        let number = self.notice.number.clone();
        if let Some(field) = &mut self.reason {
            match key.code {
                KeyCode::Esc => self.reason = None,
                KeyCode::Enter => {
                    let reason = field.value().trim().to_string();
                    return vec![Action::Request(Req::CancelNotice { number, reason })];
                }
                _ => {
                    field.key(key);
                }
            }
            return Vec::new();
        }
        let pending = self.notice.state == NoticeState::Pending;
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            _ if env.keys.cancel_notice.matches(&key) && pending => {
                self.reason = Some(Field::new(""));
                Vec::new()
            }
            _ if env.keys.cash.matches(&key) && pending && env.supervisor() => {
                vec![Action::Request(Req::Cash { number })]
            }
            _ if let Some(outbox) = &env.outbox
                && let Some(how) = super::delivery(&key, env, outbox, true) =>
            {
                vec![Action::Request(Req::Document {
                    what: What::Notice { number },
                    how,
                    outbox: outbox.clone(),
                })]
            }
            _ => Vec::new(),
        }
    }

    /// Rows the body must keep: the whole QR code while it can be paid (a cut code does not scan).
    pub fn rows_needed(&self) -> u16 {
        match &self.qr {
            Some(qr) if self.notice.state == NoticeState::Pending => widget_size(qr).1,
            _ => 0,
        }
    }

    pub fn footer(&self, env: &Env) -> String {
        if self.reason.is_some() {
            return env.lang.t(t::K_REASON).to_string();
        }
        let mut s = env.lang.t(t::K_PAYMENT).to_string();
        if self.notice.state == NoticeState::Pending {
            s.push_str(env.lang.t(t::K_PAYMENT_CANCEL));
            if env.supervisor() {
                s.push_str(env.lang.t(t::K_PAYMENT_CASH));
            }
        }
        s.push_str(&super::delivery_keys(env, true));
        s
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let n = &self.notice;
        let grouped = NoticeNumber::parse(&n.number)
            .map(|x| x.grouped())
            .unwrap_or_else(|_| n.number.clone());
        // The QR takes the right side (41x21 cells); the data the left.
        let (qw, qh) = self.qr.as_ref().map(widget_size).unwrap_or((0, 0));
        let text_w = area.width.saturating_sub(qw + 1);
        let mut lines = vec![
            title(lang.t(t::PAYMENT_TITLE)),
            Line::default(),
            Line::from(Span::styled(lang.t(t::NOTICE_NUMBER), th.label)),
            Line::from(Span::styled(grouped, th.focus)),
            Line::from(vec![
                Span::styled(format!("{}: ", lang.t(t::AMOUNT)), th.label),
                Span::styled(format_eur(n.amount_cents), th.focus),
            ]),
            Line::from(format!(
                "{}: {}",
                lang.t(t::ENTE_CF),
                n.qr_payload.split('|').nth(3).unwrap_or("-")
            )),
            Line::from(format!("{}: {}", lang.t(t::PAYER), n.payer.full_name)),
            Line::from(format!("  {}", n.payer.cf)),
            Line::from(format!(
                "{}: {}",
                lang.t(t::DUE),
                n.due_date
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_else(|| lang.t(t::NO_DUE).into())
            )),
            Line::from(vec![
                Span::raw(format!("{}: ", lang.t(t::STATE))),
                Span::styled(notice_state(lang, n.state), th.warning),
            ]),
        ];
        for a in &n.allocations {
            lines.push(Line::from(Span::styled(
                format!(
                    "  {} {}",
                    truncate(&a.child_name, 20),
                    format_eur(a.amount_cents)
                ),
                th.dim,
            )));
        }
        for r in &n.receipts {
            lines.push(Line::from(format!(
                "{}: {} {}",
                lang.t(t::RECEIPT),
                r.paid_at.format("%d/%m/%Y %H:%M"),
                r.receipt_id
            )));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(lang.t(t::SCAN_HINT), th.dim)));
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }),
            Rect {
                x: area.x + 1,
                width: text_w.saturating_sub(1),
                ..area
            },
        );
        if let Some(qr) = &self.qr
            && n.state == NoticeState::Pending
        {
            let qr_area = Rect {
                x: area.right().saturating_sub(qw),
                y: area.y,
                width: qw,
                height: qh.min(area.height),
            };
            f.render_widget(QrWidget(qr), qr_area);
        }
        if let Some(field) = &self.reason {
            let mut shown = field.clone();
            shown.label = lang.t(t::CANCEL_REASON);
            let y = area.bottom().saturating_sub(2);
            shown.draw(
                f,
                Rect::new(area.x + 1, y, text_w.saturating_sub(1).max(30), 2),
                true,
                26,
                th,
            );
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    super::search::truncate(s, n)
}

/// The notice was saved, printed or e-mailed (or why not).
pub fn on_sent(r: BResult<Sent>, lang: Lang) -> Vec<Action> {
    match r {
        // The file's name first: on an 80-column status line the folder is what gets cut.
        Ok(Sent::Saved(path)) => vec![Action::Info(format!(
            "{} {} · {}",
            lang.t(t::DOC_SAVED),
            path.file_name().unwrap_or_default().to_string_lossy(),
            path.parent().unwrap_or(&path).display()
        ))],
        Ok(Sent::Printed) => vec![Action::Info(lang.t(t::DOC_PRINTED).to_string())],
        Ok(Sent::Emailed(to)) => vec![Action::Info(format!("{} {to}", lang.t(t::DOC_EMAILED)))],
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}

/// A notice looked up from search: show it.
pub fn on_notice(r: BResult<Notice>, lang: Lang) -> Vec<Action> {
    match r {
        Ok(n) => vec![Action::Push(Screen::Payment(Payment::new(n)))],
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}

/// The notice changed (cancelled, paid in cash): show its new state.
pub fn on_changed(
    screen: &mut Screen,
    r: BResult<(Notice, crate::i18n::tui::Text)>,
    lang: Lang,
) -> Vec<Action> {
    match (r, screen) {
        (Ok((notice, msg)), Screen::Payment(p)) => {
            p.notice = notice;
            p.reason = None;
            vec![Action::Info(lang.t(msg).to_string())]
        }
        (Ok(_), _) => Vec::new(),
        (Err(e), Screen::Payment(p)) if e.field.as_deref() == Some("reason") => {
            if let Some(field) = &mut p.reason {
                field.error = Some(e.localized(lang));
            }
            Vec::new()
        }
        (Err(e), _) => vec![Action::Error(e.localized(lang))],
    }
}
