//! The supervisor's review queue: the enrolment applications sent (or waiting for a place, accepted,
//! refused), by window and date, with what it takes to decide at a glance. `A` accepts after a
//! confirmation that says what will happen, and shows what it enrolled (the PAN for the letter) or
//! the waiting-list position; `R` refuses with a reason the parent will read; `L` hands the decision's
//! letter over like any other document. Reached from the search screen; drawn in `review_view`.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

use super::Screen;
use crate::backend::{Application, ApplicationState, BResult, QueuedApplication};
use crate::domain::enrolment::check_decidable;
use crate::i18n::review_desk as rd;
use crate::i18n::{Lang, Localized};
use crate::paper::document::What;
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::Field;
use crate::tui::widgets::list;

/// The views the filter key cycles through, the queue of sent applications first.
pub const VIEWS: [Option<ApplicationState>; 5] = [
    Some(ApplicationState::Submitted),
    Some(ApplicationState::Waitlisted),
    Some(ApplicationState::Accepted),
    Some(ApplicationState::Rejected),
    None,
];

/// What the keys are doing besides moving through the list.
#[derive(Debug, Default)]
pub enum Mode {
    #[default]
    Browse,
    /// Enter accepts application `.0`.
    ConfirmAccept(i64),
    /// The refusal's reason being typed for application `.0` (kept on screen on an error).
    Refuse(i64, Field),
    /// The letter of application `.0`: a document key sends it.
    Letter(i64),
}

#[derive(Debug, Default)]
pub struct Review {
    /// Index into `VIEWS`.
    pub view: usize,
    /// `None` until the first answer; sorted by window, then by sending time.
    pub list: Option<Vec<QueuedApplication>>,
    pub selected: usize,
    pub mode: Mode,
    /// The decision just taken here: shown (with the PAN for the letter) until the list is moved.
    pub outcome: Option<Application>,
}

impl Review {
    pub fn open() -> Vec<Action> {
        vec![
            Action::Push(Screen::Review(Review::default())),
            Action::Request(load(VIEWS[0])),
        ]
    }

    pub fn chosen(&self) -> Option<&QueuedApplication> {
        self.list.as_ref().and_then(|l| l.get(self.selected))
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        match &mut self.mode {
            Mode::Browse => self.browse(key, env),
            Mode::ConfirmAccept(id) => {
                let id = *id;
                match key.code {
                    KeyCode::Enter => {
                        self.mode = Mode::Browse;
                        vec![Action::Request(accept(id))]
                    }
                    KeyCode::Esc => {
                        self.mode = Mode::Browse;
                        Vec::new()
                    }
                    _ => Vec::new(),
                }
            }
            Mode::Refuse(id, reason) => match key.code {
                KeyCode::Esc => {
                    self.mode = Mode::Browse;
                    Vec::new()
                }
                // The field stays until the store has taken the refusal: a refused reason is not lost.
                KeyCode::Enter => vec![Action::Request(refuse(*id, reason.value().to_string()))],
                _ => {
                    reason.key(key);
                    Vec::new()
                }
            },
            Mode::Letter(id) => {
                let id = *id;
                if key.code == KeyCode::Esc {
                    self.mode = Mode::Browse;
                    return Vec::new();
                }
                let Some(outbox) = &env.outbox else {
                    return Vec::new();
                };
                match super::delivery(&key, env, outbox, true) {
                    Some(how) => {
                        self.mode = Mode::Browse;
                        vec![Action::Request(super::send_document(
                            What::ApplicationLetter { id },
                            how,
                            outbox.clone(),
                        ))]
                    }
                    None => Vec::new(),
                }
            }
        }
    }

    fn browse(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        let lang = env.lang;
        let len = self.list.as_ref().map_or(0, Vec::len);
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            code if list::select(&mut self.selected, len, code) => {
                self.outcome = None;
                Vec::new()
            }
            KeyCode::Tab => {
                self.view = (self.view + 1) % VIEWS.len();
                self.selected = 0;
                self.outcome = None;
                self.list = None;
                vec![Action::Request(load(VIEWS[self.view]))]
            }
            KeyCode::Char('a' | 'A') | KeyCode::Char('r' | 'R') => {
                let Some(q) = self.chosen() else {
                    return Vec::new();
                };
                if let Err(e) = check_decidable(q.state) {
                    return vec![Action::Error(e.localized(lang))];
                }
                let id = q.id;
                self.outcome = None;
                self.mode = if matches!(key.code, KeyCode::Char('a' | 'A')) {
                    Mode::ConfirmAccept(id)
                } else {
                    Mode::Refuse(id, Field::default())
                };
                Vec::new()
            }
            KeyCode::Char('l' | 'L') => {
                // The decision just taken is the letter's, even when it has left this view.
                let target = match &self.outcome {
                    Some(a) => Some((a.id, a.state)),
                    None => self.chosen().map(|q| (q.id, q.state)),
                };
                match target {
                    None => Vec::new(),
                    Some((_, ApplicationState::Draft | ApplicationState::Submitted)) => {
                        vec![Action::Error(lang.t(rd::NO_LETTER_UNDECIDED).to_string())]
                    }
                    Some(_) if env.outbox.is_none() => {
                        vec![Action::Error(lang.t(rd::NO_OUTBOX).to_string())]
                    }
                    Some((id, _)) => {
                        self.mode = Mode::Letter(id);
                        Vec::new()
                    }
                }
            }
            _ if env.keys.refresh.matches(&key) => {
                vec![Action::Request(load(VIEWS[self.view]))]
            }
            _ => Vec::new(),
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        super::review_view::draw(self, f, area, app);
    }

    pub fn footer(&self, env: &Env) -> String {
        let lang = env.lang;
        match &self.mode {
            Mode::Browse => env.keys.fill(lang.t(rd::K_SCREEN)),
            Mode::ConfirmAccept(_) | Mode::Refuse(..) => lang.t(rd::K_CONFIRM).to_string(),
            Mode::Letter(_) => format!(
                "{} {}{}",
                lang.t(rd::K_LETTER),
                super::delivery_keys(env, true).trim_start_matches(" · "),
                lang.t(rd::K_LETTER_END)
            ),
        }
    }
}

fn load(state: Option<ApplicationState>) -> Request {
    job::read("applications", move |b| b.applications(state), on_list)
}

fn accept(id: i64) -> Request {
    job::change(
        "accept_application",
        id,
        |b, id| b.accept_application(id),
        on_decided,
    )
}

fn refuse(id: i64, reason: String) -> Request {
    job::change(
        "refuse_application",
        (id, reason),
        |b, (id, reason)| b.refuse_application(id, &reason),
        on_decided,
    )
}

fn on_list(screen: &mut Screen, r: BResult<Vec<QueuedApplication>>, lang: Lang) -> Vec<Action> {
    let Screen::Review(s) = screen else {
        return Vec::new();
    };
    // By window, then in the order they were sent (the store's order within a window).
    let r = r.map(|mut rows| {
        rows.sort_by_key(|q| q.window_id);
        rows
    });
    list::fill(&mut s.list, &mut s.selected, r, lang)
}

fn on_decided(screen: &mut Screen, r: BResult<Application>, lang: Lang) -> Vec<Action> {
    let Screen::Review(s) = screen else {
        return Vec::new();
    };
    match r {
        // The panel shows what the decision did (the status line would only repeat its first line).
        Ok(app) => {
            s.mode = Mode::Browse;
            s.outcome = Some(app);
            vec![Action::Request(load(VIEWS[s.view]))]
        }
        Err(e) => {
            let text = e.localized(lang);
            match &mut s.mode {
                Mode::Refuse(_, reason) => {
                    reason.error = Some(text);
                    Vec::new()
                }
                _ => vec![Action::Error(text)],
            }
        }
    }
}
