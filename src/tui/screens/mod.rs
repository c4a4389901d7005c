//! One file per screen: its state, its keys (returning `Action`s) and its view.
//! To add a screen: a file with a state struct, `key(&mut self, KeyEvent, &Env) -> Vec<Action>`,
//! `view(&self, &mut Frame, Rect, &App)` and `footer(&Env) -> String`; a variant below.

pub mod anomalies;
pub mod attendance;
pub mod credentials;
pub mod enrol;
pub mod family;
pub mod family_apps;
pub mod family_linked;
pub mod history;
pub mod kiosks;
pub mod link_parent;
pub mod login;
pub mod parent_data;
pub mod payment;
pub mod reconciliation;
pub mod register;
pub mod review;
mod review_view;
pub mod search;
pub mod staff;
pub mod statement;
pub mod topup;
pub mod withdrawal;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Margin, Rect};

use super::app::{Action, App, Env};
use super::job::{self, Request};
use crate::backend::BResult;
use crate::i18n::{Lang, Localized, tui as t};
use crate::paper::document::What;
use crate::paper::{Delivery, Outbox, Sent};

#[derive(Debug)]
pub enum Screen {
    Login(login::Login),
    Search(search::Search),
    Family(family::Family),
    Topup(topup::Topup),
    Payment(payment::Payment),
    Register(register::Register),
    Credentials(credentials::CredentialsLetter),
    Attendance(attendance::Attendance),
    Statement(statement::Statement),
    ParentData(parent_data::ParentData),
    Enrol(Box<enrol::Enrol>),
    LinkParent(link_parent::LinkParent),
    Staff(staff::Staff),
    Kiosks(kiosks::Kiosks),
    Anomalies(anomalies::Anomalies),
    Reconciliation(reconciliation::Reconciliation),
    Withdrawal(withdrawal::Withdrawal),
    Review(review::Review),
    History(history::History),
}

impl Screen {
    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        match self {
            Screen::Login(s) => s.key(key, env),
            Screen::Search(s) => s.key(key, env),
            Screen::Family(s) => s.key(key, env),
            Screen::Topup(s) => s.key(key, env),
            Screen::Payment(s) => s.key(key, env),
            Screen::Register(s) => s.key(key, env),
            Screen::Credentials(s) => s.key(key, env),
            Screen::Attendance(s) => s.key(key, env),
            Screen::Statement(s) => s.key(key, env),
            Screen::ParentData(s) => s.key(key, env),
            Screen::Enrol(s) => s.key(key, env),
            Screen::LinkParent(s) => s.key(key, env),
            Screen::Staff(s) => s.key(key, env),
            Screen::Kiosks(s) => s.key(key, env),
            Screen::Anomalies(s) => s.key(key, env),
            Screen::Reconciliation(s) => s.key(key, env),
            Screen::Withdrawal(s) => s.key(key, env),
            Screen::Review(s) => s.key(key, env),
            Screen::History(s) => s.key(key, env),
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        match self {
            Screen::Login(s) => s.view(f, area, app),
            Screen::Search(s) => s.view(f, area, app),
            Screen::Family(s) => s.view(f, area, app),
            Screen::Topup(s) => s.view(f, area, app),
            Screen::Payment(s) => s.view(f, area, app),
            Screen::Register(s) => s.view(f, area, app),
            Screen::Credentials(s) => s.view(f, area, app),
            Screen::Attendance(s) => s.view(f, area, app),
            Screen::Statement(s) => s.view(f, area, app),
            Screen::ParentData(s) => s.view(f, area, app),
            Screen::Enrol(s) => s.view(f, area, app),
            Screen::LinkParent(s) => s.view(f, area, app),
            Screen::Staff(s) => s.view(f, area, app),
            Screen::Kiosks(s) => s.view(f, area, app),
            Screen::Anomalies(s) => s.view(f, area, app),
            Screen::Reconciliation(s) => s.view(f, area, app),
            Screen::Withdrawal(s) => s.view(f, area, app),
            Screen::Review(s) => s.view(f, area, app),
            Screen::History(s) => s.view(f, area, app),
        }
    }

    /// Rows the screen's body cannot give up to a long status message.
    pub fn rows_needed(&self) -> u16 {
        match self {
            Screen::Payment(s) => s.rows_needed(),
            _ => 0,
        }
    }

    /// Where the screen can show a status message longer than the rows it leaves for one (beside a
    /// QR code), if anywhere.
    pub fn status_place(&self, body: Rect) -> Option<Rect> {
        match self {
            Screen::Payment(s) => s.status_place(body),
            _ => None,
        }
    }

    /// The read that follows what is on screen until it changes by itself (a notice's QR until it is
    /// paid), when the screen is following anything.
    pub fn follow(&self) -> Option<Request> {
        match self {
            Screen::Payment(s) => s.follow(),
            _ => None,
        }
    }

    /// What following says on the status line, and whether it has stopped.
    pub fn follow_note(&self, lang: Lang) -> Option<(String, bool)> {
        match self {
            Screen::Payment(s) => s.follow_note(lang),
            _ => None,
        }
    }

    pub fn footer(&self, env: &Env) -> String {
        let s = match self {
            Screen::Login(_) => login::footer(env),
            Screen::Search(_) => search::footer(env),
            Screen::Family(s) => s.footer(env),
            Screen::Topup(s) => s.footer(env),
            Screen::Payment(s) => s.footer(env),
            Screen::Register(_) => register::footer(env),
            Screen::Credentials(_) => credentials::footer(env),
            Screen::Attendance(s) => s.footer(env),
            Screen::Statement(s) => s.footer(env),
            Screen::ParentData(_) => parent_data::footer(env),
            Screen::Enrol(s) => s.footer(env),
            Screen::LinkParent(s) => s.footer(env),
            Screen::Staff(_) => staff::footer(env),
            Screen::Kiosks(_) => kiosks::footer(env),
            Screen::Anomalies(s) => s.footer(env),
            Screen::Reconciliation(_) => reconciliation::footer(env),
            Screen::Withdrawal(s) => s.footer(env),
            Screen::Review(s) => s.footer(env),
            Screen::History(s) => s.footer(env),
        };
        format!(" {s}")
    }
}

/// A form screen's parts, inside a margin of `margin` columns: its title on the second row, and what
/// goes under it after a blank row.
pub fn title_and_body(area: Rect, margin: u16) -> [Rect; 2] {
    let [_, title, _, body] =
        super::widgets::list::rows(area.inner(Margin::new(margin, 0)), [1, 1, 1, 0]);
    [title, body]
}

/// The document action a key asks for, among those the office has set up (`email`: whether this
/// document may go by e-mail at all).
pub fn delivery(key: &KeyEvent, env: &Env, outbox: &Outbox, email: bool) -> Option<Delivery> {
    if env.keys.save_pdf.matches(key) {
        Some(Delivery::Save)
    } else if env.keys.print.matches(key) && outbox.can_print() {
        Some(Delivery::Print)
    } else if email && env.keys.email.matches(key) && outbox.can_email() {
        Some(Delivery::Email)
    } else {
        None
    }
}

/// A payment notice, statement or 730 certificate: saved (PDF and CSV), printed or e-mailed.
pub fn send_document(what: What, how: Delivery, outbox: std::sync::Arc<Outbox>) -> Request {
    job::change(
        "document",
        (what, how),
        move |b, (what, how)| outbox.send_document(b, &what, how),
        |_, r, lang| on_sent(r, lang),
    )
}

/// The document was saved, printed or e-mailed (or why not).
pub fn on_sent(r: BResult<Sent>, lang: Lang) -> Vec<Action> {
    match r {
        // The file's name first, then its folder shortened to what two lines of 80 columns leave.
        Ok(Sent::Saved(path)) => {
            let head = format!(
                "{} {} · ",
                lang.t(t::DOC_SAVED),
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            let room = usize::from(2 * super::app::MIN_WIDTH).saturating_sub(head.chars().count());
            let folder = short_folder(path.parent().unwrap_or(&path), room);
            vec![Action::Info(format!("{head}{folder}"))]
        }
        Ok(Sent::Printed) => vec![Action::Info(lang.t(t::DOC_PRINTED).to_string())],
        Ok(Sent::Emailed(to)) => vec![Action::Info(format!("{} {to}", lang.t(t::DOC_EMAILED)))],
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}

/// A folder in about `room` columns: the home folder as `~`, then the leading folders as `…` (the
/// last ones are those staff recognise); the last folder is always shown whole.
pub fn short_folder(dir: &std::path::Path, room: usize) -> String {
    let home = directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf());
    let dir = match home.as_deref().and_then(|h| dir.strip_prefix(h).ok()) {
        Some(rest) => std::path::Path::new("~").join(rest),
        None => dir.to_path_buf(),
    };
    let full = dir.display().to_string();
    if full.chars().count() <= room {
        return full;
    }
    let sep = std::path::MAIN_SEPARATOR;
    let parts: Vec<&str> = full.split(sep).filter(|p| !p.is_empty()).collect();
    let mut shown = String::new();
    for part in parts.iter().rev() {
        let longer = if shown.is_empty() {
            part.to_string()
        } else {
            format!("{part}{sep}{shown}")
        };
        if !shown.is_empty() && longer.chars().count() + 2 > room {
            break;
        }
        shown = longer;
    }
    format!("…{sep}{shown}")
}

/// The footer's document keys: those `delivery` accepts.
pub fn delivery_keys(env: &Env, email: bool) -> String {
    let mut s = String::new();
    if let Some(outbox) = &env.outbox {
        s.push_str(env.lang.t(t::K_PAYMENT_PDF));
        if outbox.can_print() {
            s.push_str(env.lang.t(t::K_PAYMENT_PRINT));
        }
        if email && outbox.can_email() {
            s.push_str(env.lang.t(t::K_PAYMENT_EMAIL));
        }
    }
    s
}
