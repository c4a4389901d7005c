//! Supervisor: the desk's staff accounts, with their login wait or lock, and the unlock of one.
//! Reached from the search screen; one's own account cannot be unlocked here (the store refuses).

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Screen;
use crate::backend::{BResult, Role, StaffAccount};
use crate::i18n::{Lang, Localized, staff, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::title;
use crate::tui::widgets::list;

#[derive(Debug, Default)]
pub struct Staff {
    pub accounts: Vec<StaffAccount>,
    pub selected: usize,
}

/// The screen and its first load, or a refusal for an operator.
pub fn open(env: &Env) -> Vec<Action> {
    if !env.supervisor() {
        return vec![Action::Error(
            env.lang.t(crate::i18n::errors::SUPERVISOR_ONLY).into(),
        )];
    }
    vec![
        Action::Push(Screen::Staff(Staff::default())),
        Action::Request(accounts()),
    ]
}

/// The list of accounts, read again.
fn accounts() -> Request {
    job::read("staff_accounts", |b| b.staff_accounts(), on_accounts)
}

impl Staff {
    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            code if list::select(&mut self.selected, self.accounts.len(), code) => Vec::new(),
            _ if env.keys.refresh.matches(&key) => vec![Action::Request(accounts())],
            _ if env.keys.unlock.matches(&key) => match self.accounts.get(self.selected) {
                Some(a) if a.blocked_seconds.is_some() || a.recent_failures > 0 => {
                    vec![Action::Request(job::change(
                        "unlock_operator",
                        a.username.clone(),
                        |b, username| b.unlock_operator(&username),
                        |_, r, lang| on_unlocked(r, lang),
                    ))]
                }
                Some(_) => vec![Action::Info(env.lang.t(staff::NOTHING_TO_UNLOCK).into())],
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let mut lines = vec![
            title(lang.t(staff::TITLE)),
            Line::from(""),
            Line::from(Span::styled(lang.t(staff::HEADER), app.theme.dim)),
        ];
        for (i, a) in self.accounts.iter().enumerate() {
            let role = match a.role {
                Role::Supervisor => lang.t(t::ROLE_SUPERVISOR),
                Role::Operator => lang.t(t::ROLE_OPERATOR),
                Role::Kiosk => lang.t(staff::KIOSK),
            };
            let minutes = a.blocked_seconds.map(|s| s.div_ceil(60));
            let state = lang.pair(staff::state(a.locked, minutes, a.recent_failures));
            let row = format!(
                "{:<16} {:<20} {:<11} {state}",
                clip(&a.username, 16),
                clip(&a.full_name, 20),
                clip(role, 11)
            );
            let style = if i == self.selected {
                app.theme.selected
            } else if a.blocked_seconds.is_some() {
                app.theme.error
            } else {
                ratatui::style::Style::default()
            };
            lines.push(Line::from(Span::styled(row, style)));
        }
        let [_, body] = list::rows(area.inner(Margin::new(1, 0)), [1, 0]);
        f.render_widget(Paragraph::new(lines), body);
    }
}

fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

pub fn footer(env: &Env) -> String {
    env.keys.fill(env.lang.t(staff::FOOTER))
}

fn on_accounts(screen: &mut Screen, r: BResult<Vec<StaffAccount>>, lang: Lang) -> Vec<Action> {
    match (screen, r) {
        (Screen::Staff(s), Ok(accounts)) => {
            s.selected = s.selected.min(accounts.len().saturating_sub(1));
            s.accounts = accounts;
            Vec::new()
        }
        (_, Ok(_)) => Vec::new(),
        (_, Err(e)) => vec![Action::Error(e.localized(lang))],
    }
}

/// After an unlock: say so and read the list again (the state of the others may have moved too).
fn on_unlocked(r: BResult<StaffAccount>, lang: Lang) -> Vec<Action> {
    match r {
        Ok(a) => vec![
            Action::Info(lang.pair(staff::unlocked(&a.username))),
            Action::Request(accounts()),
        ],
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}
