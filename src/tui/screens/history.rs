//! The family's history: what was done for it (cancelled, corrected, unlocked, enrolled...) newest
//! first, in words and names, with the desk notes staff add. Opened from the family card; the notes
//! are typed here and kept as written.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::Screen;
use crate::backend::{BResult, FamilyCard, HistoryEntry};
use crate::i18n::{Lang, Localized, history as h, tui as t};
use crate::text::wrap_words;
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::{Field, title};
use crate::tui::widgets::list;

/// Rows the note being typed may take: its label, three lines of text, its error.
const NOTE_ROWS: u16 = 6;

#[derive(Debug)]
pub struct History {
    pub parent_cf: String,
    pub family_name: String,
    /// `None` until the first answer.
    pub entries: Option<Vec<HistoryEntry>>,
    /// The first line shown.
    pub scroll: usize,
    /// The note being typed.
    pub note: Option<Field>,
    /// The rows the list had and the last line it can start from, as last drawn (PgUp/PgDn and
    /// the end of the scroll follow the screen's size).
    page: Cell<usize>,
    max_scroll: Cell<usize>,
}

/// The history screen of a family card, and the request that fills it.
pub fn open(card: &FamilyCard) -> Vec<Action> {
    let cf = card.parent.cf.to_string();
    vec![
        Action::Push(Screen::History(History {
            parent_cf: cf.clone(),
            family_name: card.parent.full_name(),
            entries: None,
            scroll: 0,
            note: None,
            page: Cell::new(10),
            max_scroll: Cell::new(usize::MAX),
        })),
        Action::Request(load(cf)),
    ]
}

impl History {
    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        if let Some(field) = &mut self.note {
            match key.code {
                KeyCode::Esc => self.note = None,
                KeyCode::Enter => {
                    let text = field.value().trim().to_string();
                    if text.is_empty() {
                        field.error = Some(env.lang.t(h::NOTE_EMPTY).to_string());
                        return Vec::new();
                    }
                    return vec![Action::Request(job::change(
                        "add_family_note",
                        (self.parent_cf.clone(), text),
                        |b, (cf, text)| b.add_family_note(&cf, &text),
                        on_note,
                    ))];
                }
                _ => {
                    field.key(key);
                }
            }
            return Vec::new();
        }
        let max = self.max_scroll.get();
        let page = self.page.get().max(1);
        match key.code {
            KeyCode::Esc => return vec![Action::Back],
            KeyCode::Down => self.scroll = (self.scroll + 1).min(max),
            KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll = (self.scroll + page).min(max),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(page),
            KeyCode::Home => self.scroll = 0,
            KeyCode::End => self.scroll = max,
            _ if env.keys.add_note.matches(&key) => self.note = Some(Field::new("")),
            _ if env.keys.refresh.matches(&key) => {
                return vec![Action::Request(load(self.parent_cf.clone()))];
            }
            _ => {}
        }
        Vec::new()
    }

    pub fn footer(&self, env: &Env) -> String {
        let keys = if self.note.is_some() {
            h::K_NOTE
        } else {
            h::K_HISTORY
        };
        env.lang.t(keys).to_string()
    }

    /// Every entry as lines of `width` columns: its heading, then what it says, indented.
    fn lines(&self, app: &App, width: usize) -> Vec<Line<'static>> {
        let lang = app.lang();
        let th = &app.theme;
        let Some(entries) = &self.entries else {
            return vec![Line::from(lang.t(t::WORKING))];
        };
        if entries.is_empty() {
            return vec![Line::from(lang.t(h::EMPTY))];
        }
        let mut out = Vec::new();
        for e in entries {
            let (head, body) = e.lines(lang);
            let style = if e.is_note() { th.focus } else { th.label };
            out.push(Line::from(Span::styled(head, style)));
            for l in wrap_words(&body, width.saturating_sub(2)) {
                out.push(Line::from(format!("  {l}")));
            }
        }
        out
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let inner = area.inner(Margin::new(1, 0));
        let [head, body] = list::rows(inner, [2, 0]);
        let lines = self.lines(app, body.width as usize);
        let rows = usize::from(body.height);
        let max = lines.len().saturating_sub(rows);
        self.page.set(rows.saturating_sub(1).max(1));
        self.max_scroll.set(max);
        let scroll = self.scroll.min(max);
        let mut heading = title(&format!("{} · {}", lang.t(h::TITLE), self.family_name));
        if scroll > 0 {
            heading.push_span(Span::styled(lang.t(h::MORE_ABOVE), th.dim));
        }
        f.render_widget(Paragraph::new(heading), head);
        let more = scroll < max;
        // The last row says there is more below rather than cut a line silently.
        let shown = if more { rows.saturating_sub(1) } else { rows };
        let mut visible: Vec<Line> = lines.into_iter().skip(scroll).take(shown).collect();
        if more {
            visible.push(Line::from(Span::styled(lang.t(h::MORE_BELOW), th.dim)));
        }
        f.render_widget(Paragraph::new(visible), body);
        if let Some(field) = &self.note {
            self.draw_note(f, inner, field, app);
        }
    }

    /// The note being typed, across the screen's foot: its label, the text wrapped (its last lines
    /// when long), its error.
    fn draw_note(&self, f: &mut Frame, area: Rect, field: &Field, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let [_, overlay] = list::rows(area, [0, NOTE_ROWS.min(area.height)]);
        f.render_widget(Clear, overlay);
        let width = usize::from(overlay.width.max(2));
        let mut text = wrap_words(field.value(), width - 1);
        if text.is_empty() {
            text.push(String::new());
        }
        let room = usize::from(NOTE_ROWS) - 2;
        let first = text.len().saturating_sub(room);
        let mut lines = vec![Line::from(Span::styled(
            format!("{}:", lang.t(h::NOTE_LABEL)),
            th.focus,
        ))];
        lines.extend(
            text[first..]
                .iter()
                .map(|l| Line::from(Span::styled(format!("{l:<width$}"), th.input_focus))),
        );
        let cursor_row = lines.len() - 1;
        let cursor_col = text.last().map_or(0, |l| l.chars().count());
        if let Some(e) = &field.error {
            lines.push(Line::from(Span::styled(e.clone(), th.error)));
        }
        f.render_widget(Paragraph::new(lines), overlay);
        let x = overlay.x + (cursor_col as u16).min(overlay.width.saturating_sub(1));
        f.set_cursor_position((x, overlay.y + cursor_row as u16));
    }
}

fn load(cf: String) -> Request {
    job::read("family_history", move |b| b.family_history(&cf), on_list)
}

fn on_list(screen: &mut Screen, r: BResult<Vec<HistoryEntry>>, lang: Lang) -> Vec<Action> {
    let Screen::History(s) = screen else {
        return Vec::new();
    };
    let mut unused = 0;
    list::fill(&mut s.entries, &mut unused, r, lang)
}

fn on_note(screen: &mut Screen, r: BResult<HistoryEntry>, lang: Lang) -> Vec<Action> {
    match (r, screen) {
        (Ok(_), Screen::History(s)) => {
            s.note = None;
            s.scroll = 0;
            vec![
                Action::Info(lang.t(h::NOTE_SAVED).to_string()),
                Action::Request(load(s.parent_cf.clone())),
            ]
        }
        (Ok(_), _) => vec![Action::Info(lang.t(h::NOTE_SAVED).to_string())],
        (Err(e), Screen::History(s)) if e.field.as_deref() == Some("text") => {
            if let Some(field) = &mut s.note {
                field.error = Some(e.localized(lang));
            }
            Vec::new()
        }
        (Err(e), _) => vec![Action::Error(e.localized(lang))],
    }
}
