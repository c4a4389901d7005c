//! The payment notice with its QR code, for the parent to scan or take home; cancel it, record cash,
//! or record the pagoPA receipt a parent shows when the payment has not arrived ("I paid but the
//! balance did not move"). While its QR is on screen the notice is followed (`tui::follow`): paid
//! elsewhere (the Node's receipt, a colleague), the QR gives way to a PAGATO panel without a key.
//! Cash asks for Enter first; a notice found by search opens its payer's family card with a key.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Wrap};

use super::Screen;
use crate::backend::{BResult, ErrorKind, NewReceipt, Notice, NoticeState, PaidAt, ReceiptOutcome};
use crate::domain::money::format_eur;
use crate::i18n::{Lang, Localized, card_edges as ce, notice_state, receipt_channel, tui as t};
use crate::paper::document::What;
use crate::qr::{QrMatrix, QrWidget, payload_qr, widget_size};
use crate::text::wrap_words;
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
    /// The store warned that pagoPA fetched the payment data minutes ago: the next Enter cancels
    /// anyway.
    pub confirming: bool,
    /// Typing a receipt from the parent's copy (supervisor).
    pub receipt: Option<Box<ReceiptForm>>,
    /// What the last follow read said when it did not bring the notice.
    pub note: Option<FollowNote>,
    /// Opened over the payer's family card (from it, or its top-up): Esc goes back there, so no key
    /// opens it again.
    pub from_card: bool,
    /// A cash payment waits for Enter (the notice becomes paid, for good).
    pub confirm_cash: bool,
    /// A paid notice: the document keys deliver its payment receipt rather than the notice.
    pub receipt_doc: bool,
    /// The reason typed is for reactivating a cancelled notice (supervisor), not for cancelling.
    pub reactivating: bool,
}

/// Why the notice could not be read again while following it.
#[derive(Debug)]
pub enum FollowNote {
    /// The store or the central API did not answer: tried again at the same pace.
    Retrying,
    /// The session expired: following stops; the operator logs in again the desk's usual way.
    SessionExpired,
    /// Any other refusal: following stops, and says why (in the desk's language).
    Stopped(String),
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
    /// A notice shown over its payer's family card (the top-up's, or one of the card's notices);
    /// `open` (search) says when it is not.
    pub fn new(notice: Notice) -> Self {
        let qr = Some(payload_qr(&notice.qr_payload));
        Payment {
            notice,
            qr,
            reason: None,
            confirming: false,
            receipt: None,
            note: None,
            from_card: true,
            confirm_cash: false,
            receipt_doc: false,
            reactivating: false,
        }
    }

    /// The notice as the store has it now; a form typed over it closes once it cannot be paid.
    fn update(&mut self, notice: Notice) {
        if notice.state != NoticeState::Pending {
            self.reason = None;
            self.confirming = false;
            self.receipt = None;
            self.confirm_cash = false;
        }
        self.notice = notice;
    }

    /// The read that follows the notice, while its QR is on screen and nothing stopped following.
    pub fn follow(&self) -> Option<Request> {
        let stopped = matches!(
            self.note,
            Some(FollowNote::SessionExpired | FollowNote::Stopped(_))
        );
        (self.shows_qr() && !stopped).then(|| follow(self.notice.number.to_string()))
    }

    /// The status line's word on following, and whether following stopped.
    pub fn follow_note(&self, lang: Lang) -> Option<(String, bool)> {
        Some(match self.note.as_ref()? {
            FollowNote::Retrying => (lang.t(t::FOLLOW_RETRYING).to_string(), false),
            FollowNote::SessionExpired => (lang.t(t::FOLLOW_SESSION).to_string(), true),
            FollowNote::Stopped(why) => (format!("{} {why}", lang.t(t::FOLLOW_STOPPED)), true),
        })
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
                KeyCode::Esc => {
                    self.reason = None;
                    self.confirming = false;
                    self.reactivating = false;
                }
                KeyCode::Enter if self.reactivating => {
                    return vec![Action::Request(reactivate(number, field.value().trim()))];
                }
                KeyCode::Enter => {
                    let reason = field.value().trim().to_string();
                    return vec![Action::Request(job::change(
                        "cancel_notice",
                        (number, reason, self.confirming),
                        |b, (number, reason, confirm)| b.cancel_notice(&number, &reason, confirm),
                        |screen, r, lang| on_changed(screen, r.map(|n| (t::CANCELLED_OK, n)), lang),
                    ))];
                }
                _ => {
                    // A changed reason is a new request: the warning is asked again.
                    if field.key(key) {
                        self.confirming = false;
                    }
                }
            }
            return Vec::new();
        }
        let pending = self.notice.state == NoticeState::Pending;
        if self.confirm_cash {
            self.confirm_cash = false;
            return match key.code {
                KeyCode::Enter if pending => vec![Action::Request(job::change(
                    "cash_payment",
                    number,
                    |b, number| b.record_cash_payment(&number),
                    |screen, r, lang| on_changed(screen, r.map(|o| (t::CASH_OK, o.notice)), lang),
                ))],
                // Esc, or any other key, records nothing.
                _ => Vec::new(),
            };
        }
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            _ if env.keys.family_card.matches(&key) && !self.from_card => {
                vec![Action::Request(super::family::load(
                    self.notice.payer.cf.to_string(),
                ))]
            }
            _ if env.keys.cancel_notice.matches(&key) && pending => {
                self.reason = Some(Field::new(""));
                Vec::new()
            }
            _ if env.keys.cash.matches(&key) && pending && env.supervisor() => {
                self.confirm_cash = true;
                Vec::new()
            }
            _ if env.keys.receipt.matches(&key) && pending && env.supervisor() => {
                self.receipt = Some(Box::new(ReceiptForm::new(env.clock.today())));
                Vec::new()
            }
            // Receipt of a paid notice: the document keys switch between it and the notice.
            _ if env.keys.receipt_pdf.matches(&key) && self.notice.state == NoticeState::Paid => {
                self.receipt_doc = !self.receipt_doc;
                Vec::new()
            }
            _ if env.keys.reactivate_notice.matches(&key)
                && env.supervisor()
                && self.notice.state == NoticeState::Cancelled =>
            {
                self.reason = Some(Field::new(""));
                self.reactivating = true;
                Vec::new()
            }
            _ if let Some(outbox) = &env.outbox
                && let Some(how) = super::delivery(&key, env, outbox, true) =>
            {
                let paid = self.notice.state == NoticeState::Paid;
                vec![Action::Request(super::send_document(
                    if self.receipt_doc && paid {
                        What::Receipt { number }
                    } else {
                        What::Notice { number }
                    },
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

    /// The QR is on screen: while it can be paid, and not while the reason to cancel it is typed
    /// (the reason's field takes the screen's width, and nobody should pay a notice being cancelled).
    fn draws_qr(&self) -> bool {
        self.shows_qr() && self.reason.is_none()
    }

    /// Rows the body must keep: the whole QR code while it is drawn (a cut code does not scan).
    pub fn rows_needed(&self) -> u16 {
        match &self.qr {
            Some(qr) if self.draws_qr() => widget_size(qr).1,
            _ => 0,
        }
    }

    /// Where a status message too long for the one row the QR leaves goes: the column beside the QR.
    pub fn status_place(&self, body: Rect) -> Option<Rect> {
        let (qw, _) = self
            .qr
            .as_ref()
            .filter(|_| self.draws_qr())
            .map(widget_size)?;
        Some(Rect {
            x: body.x + 1,
            width: body.width.saturating_sub(qw + 2),
            ..body
        })
    }

    pub fn footer(&self, env: &Env) -> String {
        if self.confirm_cash {
            return env.lang.t(ce::K_CONFIRM).to_string();
        }
        if self.confirming {
            return env.lang.t(t::K_CONFIRM_CANCEL).to_string();
        }
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
        if self.notice.state == NoticeState::Cancelled && env.supervisor() {
            s.push_str(env.lang.t(crate::i18n::history::K_PAYMENT_REACTIVATE));
        }
        s.push_str(&super::delivery_keys(env, true));
        // The family key also sits beside the payer: here only when the line has room for it.
        let family = env.keys.fill(env.lang.t(ce::K_PAYMENT_FAMILY_FOOTER));
        if !self.from_card
            && s.chars().count() + family.chars().count() < usize::from(crate::tui::app::MIN_WIDTH)
        {
            s.push_str(&family);
        }
        if self.notice.state == NoticeState::Paid && env.outbox.is_some() {
            let which = if self.receipt_doc {
                crate::i18n::second_parent::K_NOTICE_DOC
            } else {
                crate::i18n::second_parent::K_RECEIPT_DOC
            };
            s.push_str(&env.keys.fill(env.lang.t(which)));
        }
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
            Line::from(vec![
                Span::raw(format!("  {}", n.payer.cf)),
                Span::styled(
                    if self.from_card {
                        String::new()
                    } else {
                        app.env.keys.fill(lang.t(ce::K_PAYMENT_FAMILY))
                    },
                    th.focus,
                ),
            ]),
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
        if self.receipt_doc && n.state == NoticeState::Paid {
            lines.push(Line::from(Span::styled(
                lang.t(crate::i18n::second_parent::DOC_IS_RECEIPT),
                th.focus,
            )));
        }
        if self.confirm_cash {
            let amount = format_eur(n.amount_cents);
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                lang.pair(ce::confirm_cash(&amount)),
                th.warning,
            )));
        } else if self.draws_qr() {
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
            && self.draws_qr()
        {
            let qr_area = Rect {
                x: area.right().saturating_sub(qw),
                y: area.y,
                width: qw,
                height: qh.min(area.height),
            };
            f.render_widget(QrWidget(qr), qr_area);
        }
        if let Some((heading, panel)) = self.outcome(lang) {
            // Where the QR was, framed, one blank column inside each border.
            let width = qw.max(30).min(area.width);
            let inner = usize::from(width.saturating_sub(4)).max(1);
            let mut text = vec![
                Line::from(Span::styled(heading, th.ok)).centered(),
                Line::default(),
            ];
            text.extend(
                panel
                    .iter()
                    .flat_map(|l| wrap_words(l, inner))
                    .map(Line::from),
            );
            let panel_area = Rect {
                x: area.right().saturating_sub(width),
                y: area.y + 1,
                width,
                height: (text.len() as u16 + 2).min(area.height.saturating_sub(1)),
            };
            f.render_widget(Clear, panel_area);
            f.render_widget(
                Paragraph::new(text).block(
                    Block::default()
                        .borders(Borders::ALL)
                        .border_style(th.ok)
                        .padding(Padding::horizontal(1)),
                ),
                panel_area,
            );
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
            // Across the screen's width at its foot: the label, the whole reason under it, then
            // its error in full.
            let inner = area.inner(Margin::new(1, 0));
            let height = (1 + field.height(inner.width, 0)).min(area.height);
            let [_, overlay] = list::rows(inner, [0, height]);
            f.render_widget(Clear, overlay);
            let [label, value] = list::rows(overlay, [1, 0]);
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(
                    format!(
                        "{}:",
                        lang.t(if self.reactivating {
                            crate::i18n::history::REACTIVATE_REASON
                        } else {
                            t::CANCEL_REASON
                        })
                    ),
                    th.focus,
                ))),
                label,
            );
            field.draw(f, value, true, 0, th);
        }
    }
}

impl Payment {
    /// A paid or cancelled notice's panel: its heading and lines (how, by whom, when; or why).
    fn outcome(&self, lang: Lang) -> Option<(&'static str, Vec<String>)> {
        let n = &self.notice;
        match n.state {
            NoticeState::Paid => {
                let mut lines = vec![format_eur(n.amount_cents)];
                if let Some(r) = n.receipts.last() {
                    lines.push(format!(
                        "{}: {}",
                        lang.t(t::CHANNEL),
                        receipt_channel(lang, &r.channel)
                    ));
                    lines.push(format!(
                        "{}: {}",
                        lang.t(t::PSP),
                        r.psp.as_deref().unwrap_or("-")
                    ));
                    lines.push(format!("{} {}", lang.t(t::PAID_ON), r.paid_at.display()));
                }
                Some((lang.t(t::PAID_PANEL), lines))
            }
            NoticeState::Cancelled => {
                let lines = n
                    .cancellation
                    .as_ref()
                    .map(|c| {
                        vec![
                            format!(
                                "{} {}",
                                lang.t(t::CANCELLED_ON),
                                c.at.format("%d/%m/%Y %H:%M")
                            ),
                            format!("{}: {}", lang.t(t::REASON), c.reason),
                        ]
                    })
                    .unwrap_or_default();
                Some((lang.t(t::CANCELLED_PANEL), lines))
            }
            NoticeState::Pending | NoticeState::Expired => None,
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    super::search::truncate(s, n)
}

/// Looks up a notice (from search) and shows it.
pub fn open(number: String) -> Request {
    read(number, false)
}

/// Looks up one of the family card's pending notices and shows it over the card.
pub fn open_from_card(number: String) -> Request {
    read(number, true)
}

fn read(number: String, from_card: bool) -> Request {
    job::read(
        "notice",
        move |b| b.notice(&number),
        move |_, r, lang| match r {
            Ok(n) => vec![Action::Push(Screen::Payment(Payment {
                from_card,
                ..Payment::new(n)
            }))],
            Err(e) => vec![Action::Error(e.localized(lang))],
        },
    )
}

/// Reads the notice on screen again: paid or cancelled elsewhere, it shows its new state. The store
/// being busy or the central API out of reach is said quietly and tried again at the same pace; an
/// expired session stops following (the desk never logs out by itself).
fn follow(number: String) -> Request {
    let read = number.clone();
    job::follow(
        "follow_notice",
        move |b| b.notice(&read),
        move |screen, r, lang| {
            // Only onto the notice it read: the operator may have moved on to another one.
            let Screen::Payment(p) = screen else {
                return Vec::new();
            };
            if p.notice.number.as_str() != number {
                return Vec::new();
            }
            match r {
                Ok(n) => {
                    p.note = None;
                    p.update(n);
                }
                Err(e) => {
                    p.note = Some(match e.kind {
                        ErrorKind::Unavailable => FollowNote::Retrying,
                        ErrorKind::Unauthenticated => FollowNote::SessionExpired,
                        _ => FollowNote::Stopped(e.localized(lang)),
                    })
                }
            }
            Vec::new()
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
                p.update(notice);
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
        (Err(e), Screen::Payment(p))
            if e.field.as_deref() == Some("confirm_in_progress") && p.reason.is_some() =>
        {
            // pagoPA may be taking the parent's money right now: say so, and let Enter confirm.
            p.confirming = true;
            vec![Action::Error(e.localized(lang))]
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

/// A cancelled notice made payable again (supervisor, with the reason typed).
fn reactivate(number: String, reason: &str) -> Request {
    job::change(
        "reactivate_notice",
        (number, reason.to_string()),
        |b, (number, reason)| b.reactivate_notice(&number, &reason),
        |screen, r, lang| {
            if let (Ok(n), Screen::Payment(p)) = (&r, &mut *screen)
                && p.notice.number == n.number
            {
                p.reason = None;
                p.reactivating = false;
            }
            on_changed(
                screen,
                r.map(|n| (crate::i18n::history::REACTIVATED, n)),
                lang,
            )
        },
    )
}
