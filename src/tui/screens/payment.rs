//! The payment notice with its QR code, for the parent to scan or take home; cancel it, record cash,
//! or record the pagoPA receipt a parent shows when the payment has not arrived ("I paid but the
//! balance did not move").

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::Screen;
use crate::backend::{BResult, NewReceipt, Notice, NoticeState, PaidAt, ReceiptOutcome};
use crate::domain::money::format_eur;
use crate::i18n::{Lang, Localized, notice_state, tui as t};
use crate::paper::document::What;
use crate::qr::{QrMatrix, QrWidget, payload_qr, widget_size};
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::{Field, title};
use crate::tui::widgets::form::Form;
use crate::tui::widgets::list;

#[derive(Debug)]
pub struct Payment {
    pub notice: Notice,
    pub qr: Option<QrMatrix>,
    /// Asking the reason for cancelling.
    pub reason: Option<Field>,
    /// Typing a receipt from the parent's copy (supervisor).
    pub receipt: Option<Box<ReceiptForm>>,
}

/// The receipt's code and payment day, as printed on the parent's copy.
#[derive(Debug, Clone)]
pub struct ReceiptForm {
    pub form: Form,
}

impl ReceiptForm {
    fn new(today: NaiveDate) -> Self {
        let today = today.format("%d/%m/%Y").to_string();
        let fields = vec![Field::new("id"), Field::new("day").with_value(&today)];
        ReceiptForm {
            form: Form::new(fields).wrapping(),
        }
    }

    /// The form's field for a field the store names in its refusal.
    fn field_of(field: Option<&str>) -> Option<usize> {
        match field? {
            "receipt_id" => Some(0),
            "paid_at" => Some(1),
            _ => None,
        }
    }

    /// The receipt to record, or the field at fault.
    fn receipt(&mut self, notice: &Notice, lang: Lang) -> Option<NewReceipt> {
        // Whether the day is plausible (not in the future, not before the notice) is the store's
        // rule: its message comes back on this field.
        let day = chrono::NaiveDate::parse_from_str(&self.form.trimmed(1), "%d/%m/%Y").ok();
        let Some(day) = day else {
            self.form.fail(1, lang.t(t::BAD_PAID_DAY).to_string());
            return None;
        };
        Some(NewReceipt {
            notice_number: notice.number.clone(),
            receipt_id: self.form.trimmed(0),
            amount_cents: notice.amount_cents,
            // The copy gives the day only: that is what is kept.
            paid_at: Some(PaidAt::Day(day)),
            psp: Some("ricevuta mostrata allo sportello".into()),
        })
    }
}

impl Payment {
    pub fn new(notice: Notice) -> Self {
        let qr = Some(payload_qr(&notice.qr_payload));
        Payment {
            notice,
            qr,
            reason: None,
            receipt: None,
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        let number = self.notice.number.to_string();
        if let Some(form) = &mut self.receipt {
            match key.code {
                KeyCode::Esc => self.receipt = None,
                KeyCode::Enter => {
                    if let Some(r) = form.receipt(&self.notice, env.lang) {
                        return vec![Action::Request(job::change(
                            "record_receipt",
                            r,
                            |b, r| b.record_receipt(&r),
                            |screen, r, lang| {
                                let said = |o: &ReceiptOutcome| {
                                    if o.credited {
                                        t::RECEIPT_OK
                                    } else {
                                        t::RECEIPT_KNOWN
                                    }
                                };
                                on_changed(screen, r.map(|o| (said(&o), o.notice)), lang)
                            },
                        ))];
                    }
                }
                _ => form.form.key(key),
            }
            return Vec::new();
        }
        if let Some(field) = &mut self.reason {
            match key.code {
                KeyCode::Esc => self.reason = None,
                KeyCode::Enter => {
                    let reason = field.value().trim().to_string();
                    return vec![Action::Request(job::change(
                        "cancel_notice",
                        (number, reason),
                        |b, (number, reason)| b.cancel_notice(&number, &reason, false),
                        |screen, r, lang| on_changed(screen, r.map(|n| (t::CANCELLED_OK, n)), lang),
                    ))];
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
                vec![Action::Request(job::change(
                    "cash_payment",
                    number,
                    |b, number| b.record_cash_payment(&number),
                    |screen, r, lang| on_changed(screen, r.map(|o| (t::CASH_OK, o.notice)), lang),
                ))]
            }
            _ if env.keys.receipt.matches(&key) && pending && env.supervisor() => {
                self.receipt = Some(Box::new(ReceiptForm::new(env.clock.today())));
                Vec::new()
            }
            _ if let Some(outbox) = &env.outbox
                && let Some(how) = super::delivery(&key, env, outbox, true) =>
            {
                vec![Action::Request(super::send_document(
                    What::Notice { number },
                    how,
                    outbox.clone(),
                ))]
            }
            _ => Vec::new(),
        }
    }

    /// The QR is drawn while the notice can be paid and no receipt is being typed over it.
    fn shows_qr(&self) -> bool {
        self.notice.state == NoticeState::Pending && self.receipt.is_none()
    }

    /// Rows the body must keep: the whole QR code while it can be paid (a cut code does not scan).
    pub fn rows_needed(&self) -> u16 {
        match &self.qr {
            Some(qr) if self.shows_qr() => widget_size(qr).1,
            _ => 0,
        }
    }

    pub fn footer(&self, env: &Env) -> String {
        if self.reason.is_some() {
            return env.lang.t(t::K_REASON).to_string();
        }
        if self.receipt.is_some() {
            return env.lang.t(t::K_RECEIPT_FORM).to_string();
        }
        let mut s = env.lang.t(t::K_PAYMENT).to_string();
        if self.notice.state == NoticeState::Pending {
            s.push_str(env.lang.t(t::K_PAYMENT_CANCEL));
            if env.supervisor() {
                s.push_str(env.lang.t(t::K_PAYMENT_CASH));
                s.push_str(env.lang.t(t::K_PAYMENT_RECEIPT));
            }
        }
        s.push_str(&super::delivery_keys(env, true));
        s
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let n = &self.notice;
        let grouped = n.number.grouped();
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
            Line::from(format!("{}: {}", lang.t(t::ENTE_CF), n.qr_payload.ente())),
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
                r.paid_at.display(),
                r.receipt_id
            )));
        }
        if self.shows_qr() {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(lang.t(t::SCAN_HINT), th.dim)));
        }
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }),
            Rect {
                x: area.x + 1,
                width: text_w.saturating_sub(1),
                ..area
            },
        );
        if let Some(qr) = &self.qr
            && self.shows_qr()
        {
            let qr_area = Rect {
                x: area.right().saturating_sub(qw),
                y: area.y,
                width: qw,
                height: qh.min(area.height),
            };
            f.render_widget(QrWidget(qr), qr_area);
        }
        if let Some(form) = &self.receipt {
            // Over the notice's last six rows.
            let [_, overlay] = list::rows(area, [0, 6]);
            f.render_widget(Clear, overlay);
            let [help, fields] = list::rows(overlay.inner(Margin::new(1, 0)), [1, 0]);
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(lang.t(t::RECEIPT_HELP), th.label))),
                help,
            );
            let labels = [lang.t(t::RECEIPT_ID), lang.t(t::RECEIPT_DAY)];
            form.form.draw(f, fields, &labels, 24, 1, th);
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

/// Looks up a notice (from search) and shows it.
pub fn open(number: String) -> Request {
    job::read(
        "notice",
        move |b| b.notice(&number),
        |_, r, lang| match r {
            Ok(n) => vec![Action::Push(Screen::Payment(Payment::new(n)))],
            Err(e) => vec![Action::Error(e.localized(lang))],
        },
    )
}

/// The notice changed (cancelled, paid in cash): show its new state.
fn on_changed(screen: &mut Screen, r: BResult<(t::Text, Notice)>, lang: Lang) -> Vec<Action> {
    match (r, screen) {
        // The change is made whatever is on screen now; only the notice it changed takes its new state
        // (the operator may have opened another notice before a slow answer came back).
        (Ok((msg, notice)), screen) => {
            if let Screen::Payment(p) = screen
                && p.notice.number == notice.number
            {
                p.notice = notice;
                p.reason = None;
                p.receipt = None;
            }
            vec![Action::Info(lang.t(msg).to_string())]
        }
        (Err(e), Screen::Payment(p))
            if p.receipt.is_some()
                && let Some(at) = ReceiptForm::field_of(e.field.as_deref()) =>
        {
            // On its field, what was typed kept: the clerk corrects rather than retypes.
            if let Some(form) = &mut p.receipt {
                form.form.fail(at, e.localized(lang));
            }
            Vec::new()
        }
        (Err(e), Screen::Payment(p)) if e.field.as_deref() == Some("reason") => {
            if let Some(field) = &mut p.reason {
                field.error = Some(e.localized(lang));
            }
            Vec::new()
        }
        (Err(e), _) => vec![Action::Error(e.localized(lang))],
    }
}
