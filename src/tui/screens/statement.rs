//! Statement (estratto conto): every ledger movement with its running balance, filtered by service and
//! year, and the year's total paid, for the 730 tax return. On paper (save, print, e-mail) goes either
//! this statement or the paying parent's 730 certificate for the year shown.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Screen;
use crate::backend::{BResult, ChildCard, Statement as Data};
use crate::domain::money::format_eur;
use crate::i18n::{Lang, Localized, tui as t};
use crate::paper::document::What;
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::title;

#[derive(Debug)]
pub struct Statement {
    pub child_cf: String,
    pub child_name: String,
    /// The family's paying parent: the 730 certificate is theirs.
    pub payer_cf: String,
    pub services: Vec<String>,
    /// `None`: all services.
    pub service: Option<usize>,
    /// `None`: all years.
    pub year: Option<i32>,
    pub data: Option<Data>,
    pub scroll: usize,
    /// The document on paper is the year's 730 certificate rather than the statement (needs a year).
    pub certificate: bool,
}

impl Statement {
    pub fn new(child: &ChildCard, payer_cf: &str, this_year: i32) -> Self {
        Statement {
            child_cf: child.cf.to_string(),
            child_name: child.full_name(),
            payer_cf: payer_cf.to_string(),
            services: child.services.iter().map(|s| s.service.clone()).collect(),
            service: None,
            year: Some(this_year),
            data: None,
            scroll: 0,
            certificate: false,
        }
    }

    /// What goes on paper: the statement as filtered on screen, or the 730 of the year shown.
    pub fn document(&self) -> What {
        match self.year {
            Some(year) if self.certificate => What::Certificate730 {
                parent_cf: self.payer_cf.clone(),
                year,
            },
            year => What::Statement {
                child_cf: self.child_cf.clone(),
                service: self.service.and_then(|i| self.services.get(i).cloned()),
                year,
            },
        }
    }

    pub fn request(&self) -> Request {
        let cf = self.child_cf.clone();
        let service = self.service.and_then(|i| self.services.get(i).cloned());
        let year = self.year;
        job::read(
            "statement",
            move |b| b.statement(&cf, service.as_deref(), year),
            on_statement,
        )
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        if let Some(outbox) = &env.outbox
            && let Some(how) = super::delivery(&key, env, outbox, true)
        {
            return vec![Action::Request(super::send_document(
                self.document(),
                how,
                outbox.clone(),
            ))];
        }
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
                let this_year = env.clock.today().year();
                self.year = match self.year {
                    Some(y) if y == this_year => Some(this_year - 1),
                    Some(_) => None,
                    None => Some(this_year),
                };
                self.certificate &= self.year.is_some();
                return vec![Action::Request(self.request())];
            }
            _ if env.keys.certificate.matches(&key) && self.year.is_some() => {
                self.certificate = !self.certificate;
            }
            _ => {}
        }
        Vec::new()
    }

    pub fn footer(&self, env: &Env) -> String {
        let mut s = env.lang.t(t::K_STATEMENT).to_string();
        if env.outbox.is_some() && self.year.is_some() {
            s.push_str(env.lang.t(t::K_STATEMENT_730));
        }
        s.push_str(&super::delivery_keys(env, true));
        s
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
            Line::from(Span::styled(
                match &app.env.outbox {
                    Some(_) if self.certificate && self.year.is_some() => {
                        format!("{service} · {year} · {}", lang.t(t::DOC_730))
                    }
                    Some(_) => format!("{service} · {year} · {}", lang.t(t::DOC_STATEMENT)),
                    None => format!("{service} · {year}"),
                },
                th.label,
            )),
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
        f.render_widget(Paragraph::new(lines), area.inner(Margin::new(1, 0)));
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

fn on_statement(screen: &mut Screen, r: BResult<Data>, lang: Lang) -> Vec<Action> {
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
