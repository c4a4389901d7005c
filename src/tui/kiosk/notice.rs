//! The payment notice just created: its QR code to scan with the IO or banking app, and what to pay
//! with elsewhere (the number in groups of four, the amount, the due date).

use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Action, Kiosk, Screen, Status, request};
use crate::backend::Notice;
use crate::domain::kiosk::short_name;
use crate::domain::money::format_eur;
use crate::i18n::{Localized, kiosk as k};
use crate::paper::Outbox;
use crate::qr::{QrMatrix, QrWidget, payload_qr, widget_size};

#[derive(Debug)]
pub struct NoticeView {
    pub notice: Notice,
    qr: Option<QrMatrix>,
}

impl NoticeView {
    pub fn new(notice: Notice) -> NoticeView {
        let qr = Some(payload_qr(&notice.qr_payload));
        NoticeView { notice, qr }
    }

    /// Esc goes home; with a printer, S or P prints the notice.
    pub fn key(&self, key: KeyEvent, printer: Option<&Arc<Outbox>>) -> Vec<Action> {
        match (key.code, printer) {
            (KeyCode::Esc, _) => vec![Action::go(Screen::Home)],
            (KeyCode::Char('s' | 'S' | 'p' | 'P'), Some(outbox)) => {
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
        // Whom it funds, by the short names the parent saw on the home screen.
        let funds: Vec<String> = n
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
        let lines = vec![
            Line::from(Span::styled(lang.t(k::NOTICE_TITLE), th.focus)),
            Line::from(funds.join(", ")),
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
}
