//! Statement (estratto conto): every ledger movement with its running balance, filtered by service and
//! year, and the year's total paid, for the 730 tax return.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Screen;
use crate::backend::{BResult, ChildCard, Statement as Data};
use crate::domain::money::format_eur;
use crate::i18n::{Lang, Localized, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::exec::Req;
use crate::tui::widgets::field::title;

#[derive(Debug)]
pub struct Statement {
    pub child_cf: String,
    pub child_name: String,
    pub services: Vec<String>,
    /// `None`: all services.
    pub service: Option<usize>,
    /// `None`: all years.
    pub year: Option<i32>,
    pub data: Option<Data>,
    pub scroll: usize,
}

impl Statement {
    pub fn new(child: &ChildCard) -> Self {
        Statement {
            child_cf: child.cf.clone(),
            child_name: child.full_name(),
            services: child.services.iter().map(|s| s.service.clone()).collect(),
            service: None,
            year: Some(crate::store::now().year()),
            data: None,
            scroll: 0,
        }
    }

    pub fn request(&self) -> Req {
        Req::Statement {
            cf: self.child_cf.clone(),
            service: self.service.and_then(|i| self.services.get(i).cloned()),
            year: self.year,
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        match key.code {
            KeyCode::Esc => return vec![Action::Back],
            KeyCode::Down => self.scroll += 1,
            KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
            _ if env.keys.next_service.matches(&key) => {
                self.service = match self.service {
                    None if !self.services.is_empty() => Some(0),
                    Some(i) if i + 1 < self.services.len() => Some(i + 1),
                    _ => None,
                };
                return vec![Action::Request(self.request())];
            }
            _ if env.keys.next_year.matches(&key) => {
                let this_year = crate::store::now().year();
                self.year = match self.year {
                    Some(y) if y == this_year => Some(this_year - 1),
                    Some(_) => None,
                    None => Some(this_year),
                };
                return vec![Action::Request(self.request())];
            }
            _ => {}
        }
        Vec::new()
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let service = self
            .service
            .and_then(|i| self.services.get(i))
            .map(String::as_str)
            .unwrap_or(lang.t(t::ALL_SERVICES));
        let year = self
            .year
            .map(|y| y.to_string())
            .unwrap_or_else(|| lang.t(t::ALL_YEARS).to_string());
        let mut lines = vec![
            title(&format!(
                "{} · {}",
                lang.t(t::STATEMENT_TITLE),
                self.child_name
            )),
            Line::from(Span::styled(format!("{service} · {year}"), th.label)),
        ];
        let rows = area.height.saturating_sub(4) as usize;
        match &self.data {
            Some(d) if d.movements.is_empty() => lines.push(Line::from(lang.t(t::NO_MOVEMENTS))),
            Some(d) => {
                for m in d.movements.iter().skip(self.scroll).take(rows) {
                    let style = if m.balance_cents < 0 {
                        th.negative
                    } else {
                        Default::default()
                    };
                    lines.push(Line::from(vec![
                        Span::raw(format!(
                            "{} {:<10} {:<32} {:>10} ",
                            m.at.format("%d/%m/%y"),
                            super::search::truncate(&m.service, 10),
                            super::search::truncate(&m.description, 32),
                            format_eur(m.amount_cents)
                        )),
                        Span::styled(format!("{:>11}", format_eur(m.balance_cents)), style),
                    ]));
                }
            }
            None => {}
        }
        f.render_widget(
            Paragraph::new(lines),
            Rect {
                x: area.x + 1,
                width: area.width.saturating_sub(2),
                ..area
            },
        );
        if let (Some(d), Some(y)) = (&self.data, self.year) {
            let total = Line::from(Span::styled(
                format!("{} {y}: {}", lang.t(t::PAID_730), format_eur(d.paid_cents)),
                th.focus,
            ));
            f.render_widget(
                Paragraph::new(total),
                Rect::new(
                    area.x + 1,
                    area.bottom().saturating_sub(1),
                    area.width.saturating_sub(2),
                    1,
                ),
            );
        }
    }
}

pub fn footer(env: &Env) -> String {
    env.lang.t(t::K_STATEMENT).to_string()
}

pub fn on_statement(screen: &mut Screen, r: BResult<Data>, lang: Lang) -> Vec<Action> {
    match (r, screen) {
        (Ok(d), Screen::Statement(s)) => {
            s.scroll = d.movements.len().saturating_sub(1);
            s.scroll = s.scroll.saturating_sub(14);
            s.data = Some(d);
            Vec::new()
        }
        (Ok(_), _) => Vec::new(),
        (Err(e), _) => vec![Action::Error(e.localized(lang))],
    }
}
