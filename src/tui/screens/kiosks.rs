//! The lobby kiosks held up by wrong identifications (supervisor): each kiosk account with the wrong
//! tries still counted and the wait left; Enter forgets the selected kiosk's tries, for a parent
//! waiting at it. Reached from the search screen.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::Screen;
use crate::backend::{BResult, KioskThrottle};
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::title;
use crate::tui::widgets::list;

#[derive(Debug, Default)]
pub struct Kiosks {
    /// `None` until the first answer.
    pub list: Option<Vec<KioskThrottle>>,
    pub selected: usize,
}

impl Kiosks {
    /// The screen, and the request that fills it.
    pub fn open() -> Vec<Action> {
        vec![
            Action::Push(Screen::Kiosks(Kiosks::default())),
            Action::Request(list()),
        ]
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        let len = self.list.as_ref().map_or(0, Vec::len);
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            code if list::select(&mut self.selected, len, code) => Vec::new(),
            KeyCode::Enter => match self.list.as_ref().and_then(|l| l.get(self.selected)) {
                Some(k) => vec![Action::Request(job::change(
                    "clear_kiosk_throttle",
                    k.kiosk.clone(),
                    |b, kiosk| b.clear_kiosk_throttle(&kiosk),
                    on_cleared,
                ))],
                None => Vec::new(),
            },
            _ if env.keys.refresh.matches(&key) => vec![Action::Request(list())],
            _ => Vec::new(),
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let mut lines = vec![
            title(lang.t(t::KIOSKS_TITLE)),
            Line::from(lang.t(t::KIOSKS_HELP)),
            Line::default(),
        ];
        match &self.list {
            None => lines.push(Line::from(lang.t(t::WORKING))),
            Some(list) if list.is_empty() => lines.push(Line::from(lang.t(t::KIOSKS_NONE))),
            Some(list) => {
                for (i, k) in list.iter().enumerate() {
                    let wait = if k.wait_secs > 0 {
                        format!(
                            "{} {}:{:02}",
                            lang.t(t::KIOSKS_WAIT),
                            k.wait_secs / 60,
                            k.wait_secs % 60
                        )
                    } else {
                        String::new()
                    };
                    let line = format!(
                        "{:<14} {:<24} {} {:>2}  {wait}",
                        k.kiosk,
                        k.full_name,
                        lang.t(t::KIOSKS_TRIES),
                        k.wrong_tries
                    );
                    let style = if i == self.selected {
                        app.theme.focus
                    } else {
                        ratatui::style::Style::default()
                    };
                    lines.push(Line::styled(line, style));
                }
            }
        }
        let [_, body] = list::rows(area.inner(Margin::new(2, 0)), [1, 0]);
        f.render_widget(Paragraph::new(lines), body);
    }
}

pub fn footer(env: &Env) -> String {
    env.lang.t(t::K_KIOSKS).to_string()
}

fn list() -> Request {
    job::read("kiosk_throttles", |b| b.kiosk_throttles(), on_list)
}

fn on_list(screen: &mut Screen, r: BResult<Vec<KioskThrottle>>, lang: Lang) -> Vec<Action> {
    let Screen::Kiosks(s) = screen else {
        return Vec::new();
    };
    list::fill(&mut s.list, &mut s.selected, r, lang)
}

fn on_cleared(screen: &mut Screen, r: BResult<()>, lang: Lang) -> Vec<Action> {
    if !matches!(screen, Screen::Kiosks(_)) {
        return Vec::new();
    }
    match r {
        Ok(()) => vec![
            Action::Info(lang.t(crate::i18n::kiosk::THROTTLE_CLEARED).to_string()),
            Action::Request(list()),
        ],
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}
