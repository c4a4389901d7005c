//! Statement (estratto conto): every ledger movement, grouped by service with that service's running
//! balance (balances of different services never follow one another), filtered by service and year;
//! for a year, the paying parent's 730 total for all children, the very figure of the certificate.
//! On paper (save, print, e-mail) goes either this statement or that 730 certificate.

use std::cell::Cell;

use chrono::Datelike;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Screen;
use super::search::truncate;
use crate::backend::{BResult, ChildCard, Movement, Statement as Data};
use crate::domain::money::{Cents, format_eur};
use crate::i18n::{Lang, Localized, tui as t};
use crate::paper::document::What;
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::title;

/// Width of the description column: date, description, amount and balance make 78 columns, the
/// whole width at 80 (a notice number is not cut).
const DESCRIPTION: usize = 46;

#[derive(Debug)]
pub struct Statement {
    pub child_cf: String,
    pub child_name: String,
    /// The family's paying parent: the 730 certificate is theirs.
    pub payer_cf: String,
    /// The child's services: (code, name).
    pub services: Vec<(String, String)>,
    /// `None`: all services.
    pub service: Option<usize>,
    /// `None`: all years.
    pub year: Option<i32>,
    pub data: Option<Data>,
    /// The 730 certificate's total for the year shown (all the paying parent's children).
    pub total_730: Option<Cents>,
    /// The first line shown; kept within the lines by the view (`usize::MAX`: the last page).
    pub scroll: usize,
    /// Lines that fit, as last drawn: a page for PgUp/PgDn.
    page: Cell<usize>,
    /// The document on paper is the year's 730 certificate rather than the statement (needs a year).
    pub certificate: bool,
}

/// A line of the statement: a service's heading, or one of its movements.
enum Row<'a> {
    Service(&'a str),
    Movement(&'a Movement),
}

impl Statement {
    pub fn new(child: &ChildCard, payer_cf: &str, this_year: i32) -> Self {
        Statement {
            child_cf: child.cf.to_string(),
            child_name: child.full_name(),
            payer_cf: payer_cf.to_string(),
            services: child
                .services
                .iter()
                .map(|s| (s.service.clone(), s.service_name.clone()))
                .collect(),
            service: None,
            year: Some(this_year),
            data: None,
            total_730: None,
            scroll: usize::MAX,
            page: Cell::new(16),
            certificate: false,
        }
    }

    fn service_code(&self) -> Option<String> {
        self.service
            .and_then(|i| self.services.get(i))
            .map(|s| s.0.clone())
    }

    /// A service's name from its code (the code itself for one the child no longer has).
    fn name<'a>(&'a self, code: &'a str) -> &'a str {
        self.services
            .iter()
            .find(|s| s.0 == code)
            .map_or(code, |s| s.1.as_str())
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
                service: self.service_code(),
                year,
            },
        }
    }

    /// The statement and, for a year, the 730 certificate of the paying parent, in one request: the
    /// total shown is the certificate's own.
    pub fn request(&self) -> Request {
        let (cf, payer) = (self.child_cf.clone(), self.payer_cf.clone());
        let service = self.service_code();
        let year = self.year;
        job::read(
            "statement",
            move |b| {
                let statement = b.statement(&cf, service.as_deref(), year)?;
                let total = match year {
                    Some(y) => Some(b.certificate_730(&payer, y)?.total_cents),
                    None => None,
                };
                Ok((statement, total))
            },
            on_statement,
        )
    }

    /// The lines: per service (the child's order, then any other), its heading and its movements.
    fn rows(&self) -> Vec<Row<'_>> {
        let Some(d) = &self.data else {
            return Vec::new();
        };
        let mut codes: Vec<&str> = self.services.iter().map(|s| s.0.as_str()).collect();
        for m in &d.movements {
            if !codes.contains(&m.service.as_str()) {
                codes.push(&m.service);
            }
        }
        let mut rows = Vec::new();
        for code in codes {
            let mut movements = d.movements.iter().filter(|m| m.service == code).peekable();
            if movements.peek().is_some() {
                rows.push(Row::Service(self.name(code)));
                rows.extend(movements.map(Row::Movement));
            }
        }
        rows
    }

    /// The first line that can be shown: the one that fills the last page.
    fn last_scroll(&self) -> usize {
        self.rows().len().saturating_sub(self.page.get())
    }

    fn scroll_by(&mut self, up: bool, lines: usize) {
        let at = self.scroll.min(self.last_scroll());
        self.scroll = if up {
            at.saturating_sub(lines)
        } else {
            (at + lines).min(self.last_scroll())
        };
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
        let page = self.page.get().saturating_sub(1).max(1);
        match key.code {
            KeyCode::Esc => return vec![Action::Back],
            KeyCode::Down => self.scroll_by(false, 1),
            KeyCode::Up => self.scroll_by(true, 1),
            KeyCode::PageDown => self.scroll_by(false, page),
            KeyCode::PageUp => self.scroll_by(true, page),
            KeyCode::Home => self.scroll = 0,
            KeyCode::End => self.scroll = usize::MAX,
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
        let service = match self.service_code() {
            Some(code) => self.name(&code).to_string(),
            None => lang.t(t::ALL_SERVICES).to_string(),
        };
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
        // Title and subtitle above; a line saying what is out of sight and the 730 total below.
        let page = area.height.saturating_sub(4) as usize;
        self.page.set(page.max(1));
        let rows = self.rows();
        let scroll = self.scroll.min(rows.len().saturating_sub(page));
        let (head_amount, head_balance) = t::AMOUNT_BALANCE;
        if self.data.as_ref().is_some_and(|d| d.movements.is_empty()) {
            lines.push(Line::from(lang.t(t::NO_MOVEMENTS)));
        }
        for row in rows.iter().skip(scroll).take(page) {
            lines.push(match row {
                Row::Service(name) => Line::from(Span::styled(
                    format!(
                        "{:<w$} {:>10} {:>11}",
                        truncate(name, DESCRIPTION + 9),
                        lang.t(head_amount),
                        lang.t(head_balance),
                        w = DESCRIPTION + 9
                    ),
                    th.label,
                )),
                Row::Movement(m) => Line::from(vec![
                    Span::raw(format!(
                        "{} {:<w$} {:>10} ",
                        m.at.format("%d/%m/%y"),
                        truncate(&m.description, DESCRIPTION),
                        format_eur(m.amount_cents),
                        w = DESCRIPTION
                    )),
                    Span::styled(
                        format!("{:>11}", format_eur(m.balance_cents)),
                        if m.balance_cents < 0 {
                            th.negative
                        } else {
                            Default::default()
                        },
                    ),
                ]),
            });
        }
        f.render_widget(Paragraph::new(lines), area.inner(Margin::new(1, 0)));
        let line_at = |up: u16| {
            Rect::new(
                area.x + 1,
                area.bottom().saturating_sub(up),
                area.width.saturating_sub(2),
                1,
            )
        };
        let below = rows.len().saturating_sub(scroll + page);
        if scroll > 0 || below > 0 {
            let mut more: Vec<String> = [(scroll, t::LINES_ABOVE), (below, t::LINES_BELOW)]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, text)| lang.t(text).replace("{}", &n.to_string()))
                .collect();
            more.push(lang.t(t::K_PAGES).to_string());
            f.render_widget(
                Paragraph::new(Span::styled(more.join(" · "), th.dim)),
                line_at(2),
            );
        }
        if let (Some(total), Some(y)) = (self.total_730, self.year) {
            let text = lang
                .t(t::PAID_730)
                .replace("{year}", &y.to_string())
                .replace("{amount}", &format_eur(total));
            f.render_widget(Paragraph::new(Span::styled(text, th.focus)), line_at(1));
        }
    }
}

fn on_statement(screen: &mut Screen, r: BResult<(Data, Option<Cents>)>, lang: Lang) -> Vec<Action> {
    match (r, screen) {
        (Ok((d, total)), Screen::Statement(s)) => {
            // The latest movements first in sight, as before a filter changed.
            s.scroll = usize::MAX;
            s.data = Some(d);
            s.total_730 = total;
            Vec::new()
        }
        (Ok(_), _) => Vec::new(),
        (Err(e), _) => vec![Action::Error(e.localized(lang))],
    }
}
