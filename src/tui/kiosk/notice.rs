//! The payment notice just created: its QR code to scan with the IO or banking app, and what to pay
//! with elsewhere (the number in groups of four, the amount, the due date). The notice is followed
//! while it waits (`tui::follow`): once paid, the QR gives way to "Pagamento ricevuto".

use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Action, Kiosk, Request, Screen, Status, follow_read, request};
use crate::backend::{ErrorKind, Notice, NoticeState};
use crate::domain::kiosk::short_name;
use crate::domain::money::format_eur;
use crate::i18n::{Localized, kiosk as k};
use crate::paper::Outbox;
use crate::qr::{QrMatrix, QrWidget, payload_qr, widget_size};

#[derive(Debug)]
pub struct NoticeView {
    pub notice: Notice,
    qr: Option<QrMatrix>,
    /// Following stopped on a refusal other than the store being out of reach.
    stopped: bool,
}

impl NoticeView {
    pub fn new(notice: Notice) -> NoticeView {
        let qr = Some(payload_qr(&notice.qr_payload));
        NoticeView {
            notice,
            qr,
            stopped: false,
        }
    }

    /// Whether the notice still waits to be paid (its QR and printing offered).
    pub fn payable(&self) -> bool {
        self.notice.state == NoticeState::Pending
    }

    /// The read that follows the notice while it waits to be paid.
    pub fn follow(&self) -> Option<Request> {
        (self.payable() && !self.stopped).then(|| follow(self.notice.number.to_string()))
    }

    /// Esc goes home; with a printer, S or P prints the notice while it can be paid.
    pub fn key(&self, key: KeyEvent, printer: Option<&Arc<Outbox>>) -> Vec<Action> {
        match (key.code, printer) {
            (KeyCode::Esc, _) => vec![Action::go(Screen::Home)],
            (KeyCode::Char('s' | 'S' | 'p' | 'P'), Some(outbox)) if self.payable() => {
                let (notice, outbox) = (self.notice.clone(), outbox.clone());
                vec![Action::Request(request(
                    "kiosk_print",
                    move |b| outbox.print_notice(b, &notice),
                    |kiosk, result| {
                        if matches!(kiosk.screen, Screen::Notice(_)) {
                            let lang = kiosk.lang;
                            kiosk.status = Some(match result {
                                Ok(_) => Status {
                                    text: lang.t(k::PRINTED).to_string(),
                                    error: false,
                                },
                                Err(e) => Status {
                                    text: e.localized(lang),
                                    error: true,
                                },
                            });
                        }
                        Vec::new()
                    },
                ))]
            }
            _ => Vec::new(),
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, kiosk: &Kiosk) {
        let lang = kiosk.lang;
        let th = &kiosk.settings.theme;
        let n = &self.notice;
        if !self.payable() {
            return self.view_settled(f, area, kiosk);
        }
        let (qw, qh) = self.qr.as_ref().map(widget_size).unwrap_or((0, 0));
        if let Some(qr) = &self.qr {
            f.render_widget(
                QrWidget(qr),
                Rect::new(area.x, area.y, qw.min(area.width), qh.min(area.height)),
            );
        }
        let grouped = n.number.grouped();
        let due = n
            .due_date
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| "-".into());
        let lines = vec![
            Line::from(Span::styled(lang.t(k::NOTICE_TITLE), th.focus)),
            Line::from(self.funds(kiosk)),
            Line::from(Span::styled(lang.t(k::AMOUNT), th.label)),
            Line::from(Span::styled(format_eur(n.amount_cents), th.focus)),
            Line::from(Span::styled(lang.t(k::NOTICE_NUMBER), th.label)),
            Line::from(grouped),
            Line::from(Span::styled(lang.t(k::DUE), th.label)),
            Line::from(due),
            Line::default(),
            Line::from(lang.t(k::NOTICE_SCAN)),
        ];
        let x = area.x + qw + 2;
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }),
            Rect::new(
                x,
                area.y + 1,
                area.right().saturating_sub(x + 1),
                area.height.saturating_sub(1),
            ),
        );
    }

    /// Paid (or void): no QR any more; what the parent needs to know instead.
    fn view_settled(&self, f: &mut Frame, area: Rect, kiosk: &Kiosk) {
        let lang = kiosk.lang;
        let th = &kiosk.settings.theme;
        let n = &self.notice;
        let mut lines = vec![
            Line::from(Span::styled(lang.t(k::NOTICE_TITLE), th.focus)),
            Line::from(self.funds(kiosk)),
            Line::default(),
        ];
        if n.state == NoticeState::Paid {
            lines.push(Line::from(Span::styled(lang.t(k::PAID), th.ok)));
            lines.push(Line::from(Span::styled(
                format_eur(n.amount_cents),
                th.focus,
            )));
            lines.push(Line::default());
            lines.push(Line::from(lang.t(k::PAID_THANKS)));
        } else {
            lines.push(Line::from(Span::styled(lang.t(k::NOTICE_VOID), th.warning)));
        }
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }),
            Rect::new(
                area.x + 2,
                area.y + 1,
                area.width.saturating_sub(4),
                area.height.saturating_sub(1),
            ),
        );
    }

    /// Whom it funds, by the short names the parent saw on the home screen.
    fn funds(&self, kiosk: &Kiosk) -> String {
        let funds: Vec<String> = self
            .notice
            .allocations
            .iter()
            .filter_map(|a| {
                let child = kiosk
                    .family
                    .as_ref()?
                    .card
                    .children
                    .iter()
                    .find(|c| c.cf == a.child_cf)?;
                Some(short_name(&child.name, &child.surname))
            })
            .collect();
        funds.join(", ")
    }
}

/// Reads the notice on screen again: paid elsewhere (the parent's app), it shows so. The store out
/// of reach is tried again at the same pace without a word to the parent (the QR stays good); a lost
/// session is the kiosk's usual repair (`Kiosk::during_visit`).
fn follow(number: String) -> Request {
    let read = number.clone();
    follow_read(
        "kiosk_follow",
        move |b| b.notice(&read),
        move |kiosk, result| {
            kiosk.during_visit(result, |kiosk, result| {
                if let Screen::Notice(v) = &mut kiosk.screen
                    && v.notice.number.as_str() == number
                {
                    match result {
                        Ok(n) => v.notice = n,
                        Err(e) if e.kind == ErrorKind::Unavailable => {}
                        Err(_) => v.stopped = true,
                    }
                }
                Vec::new()
            })
        },
    )
}
