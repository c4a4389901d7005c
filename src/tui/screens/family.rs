//! The family card: paying parent, account state, children with their balances (and the day a child
//! was withdrawn from a service), the family's applications, pending notices. A supervisor withdraws
//! the selected child from a service from here.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Screen;
use super::attendance::Attendance;
use super::family_apps::{self, Applications};
use super::parent_data::ParentData;
use super::statement::Statement;
use super::topup::Topup;
use crate::backend::{BResult, FamilyCard, ParentInfo};
use crate::domain::money::format_eur;
use crate::i18n::{Lang, Localized, family_review as fr, tui as t};
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::title;
use crate::tui::widgets::list;

#[derive(Debug)]
pub struct Family {
    pub card: FamilyCard,
    pub scroll: u16,
    /// The child the per-child keys (attendance, statement) act on.
    pub selected: usize,
    /// The family's applications, read after the card.
    pub apps: Applications,
}

impl Family {
    pub fn new(card: FamilyCard) -> Self {
        Family {
            card,
            scroll: 0,
            selected: 0,
            apps: Applications::default(),
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        let cf = self.card.parent.cf.to_string();
        if let Some(actions) = self.apps.key(&key, env) {
            return actions;
        }
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            _ if env.keys.topup.matches(&key) => {
                vec![Action::Push(Screen::Topup(Topup::new(self, env)))]
            }
            _ if env.keys.credentials.matches(&key) => {
                vec![Action::Request(super::credentials::regenerate(cf))]
            }
            _ if env.keys.unlock.matches(&key) && env.supervisor() && self.card.parent.locked => {
                vec![Action::Request(job::change(
                    "unlock_parent",
                    cf,
                    |b, cf| b.unlock_parent(&cf),
                    on_unlocked,
                ))]
            }
            _ if env.keys.refresh.matches(&key) => vec![Action::Request(load(cf))],
            _ if env.keys.history.matches(&key) => super::history::open(&self.card),
            code if list::select(&mut self.selected, self.card.children.len(), code) => Vec::new(),
            KeyCode::PageDown => {
                self.scroll = self.scroll.saturating_add(10);
                Vec::new()
            }
            KeyCode::PageUp => {
                self.scroll = self.scroll.saturating_sub(10);
                Vec::new()
            }
            _ if env.keys.attendance.matches(&key) => match self.card.children.get(self.selected) {
                Some(child) => {
                    let screen = Attendance::new(child, env.clock.today());
                    let req = screen.request();
                    let mut actions = vec![Action::Push(Screen::Attendance(screen))];
                    actions.extend(req.map(Action::Request));
                    actions
                }
                None => Vec::new(),
            },
            _ if env.keys.statement.matches(&key) => match self.card.children.get(self.selected) {
                Some(child) => {
                    let screen = Statement::new(child, &cf, env.clock.today().year());
                    let req = screen.request();
                    vec![
                        Action::Push(Screen::Statement(screen)),
                        Action::Request(req),
                    ]
                }
                None => Vec::new(),
            },
            _ if env.keys.enrol.matches(&key) => {
                vec![Action::Request(super::enrol::open(cf))]
            }
            _ if env.keys.other_parent.matches(&key) => {
                match self.card.children.get(self.selected) {
                    Some(child) => vec![Action::Push(Screen::LinkParent(
                        super::link_parent::LinkParent::new(child),
                    ))],
                    None => Vec::new(),
                }
            }
            _ if env.keys.withdraw.matches(&key) && env.supervisor() => {
                match self.card.children.get(self.selected) {
                    Some(child) => super::withdrawal::open(child, &self.card, env),
                    None => Vec::new(),
                }
            }
            _ if env.keys.edit_data.matches(&key) => {
                vec![Action::Push(Screen::ParentData(ParentData::new(
                    &self.card.parent,
                )))]
            }
            _ => Vec::new(),
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let p = &self.card.parent;
        let width = area.width.saturating_sub(2) as usize;
        let mut lines: Vec<Line> = vec![title(&format!(
            "{} · {}",
            lang.t(t::FAMILY_TITLE),
            p.full_name()
        ))];
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", lang.t(t::PAYING_PARENT)), th.label),
            Span::raw(format!("{}  {}", p.full_name(), p.cf)),
        ]));
        lines.push(Line::from(format!(
            "  e-mail: {}   tel: {}",
            p.email.as_deref().unwrap_or("-"),
            p.phone.as_deref().unwrap_or("-")
        )));
        lines.push(Line::from(format!(
            "  {}",
            p.address.as_deref().unwrap_or("-")
        )));
        let mut account = vec![Span::styled(
            format!("  {}: ", lang.t(t::ACCOUNT)),
            th.label,
        )];
        if p.locked {
            let text = format!(
                "{} ({} {})",
                lang.t(t::LOCKED),
                p.failed_attempts,
                lang.t(t::FAILED_ATTEMPTS)
            );
            account.push(Span::styled(text, th.error));
            // The footer is full at 80 columns: the unlock key sits where the problem is.
            if app.env.supervisor() {
                account.push(Span::styled(
                    app.env.keys.fill(lang.t(t::K_FAMILY_UNLOCK)),
                    th.focus,
                ));
            }
        } else {
            account.push(Span::styled(lang.t(t::ACTIVE).to_string(), th.ok));
        }
        lines.push(Line::from(account));
        lines.push(Line::from(Span::styled(
            format!(
                "  {}{}",
                app.env.keys.fill(lang.t(t::K_FAMILY_PARENT)),
                app.env
                    .keys
                    .fill(lang.t(crate::i18n::history::K_FAMILY_HISTORY))
            ),
            th.dim,
        )));
        lines.push(Line::default());
        if self.card.children.is_empty() {
            lines.push(Line::from(lang.t(t::NO_CHILDREN)));
        }
        for (i, c) in self.card.children.iter().enumerate() {
            // While the arrows are on the applications, the child stays marked but not highlighted.
            let name_style = if i == self.selected && !self.apps.focused {
                th.selected
            } else {
                th.focus
            };
            let class = match (&c.class, &c.section) {
                (Some(k), Some(s)) => format!("{k}{s}"),
                _ => "-".into(),
            };
            let mut name = vec![
                Span::styled(c.full_name(), name_style),
                Span::raw(format!("  {}  PAN {}", c.cf, c.pan)),
            ];
            let mut school = vec![Span::raw(format!(
                "  {} {}",
                c.school.as_deref().unwrap_or("-"),
                class
            ))];
            // The footer is full: the withdrawal key sits beside the selected child, on the line
            // where it fits whole.
            if i == self.selected && app.env.supervisor() {
                let hint = Span::styled(app.env.keys.fill(lang.t(fr::K_WITHDRAW)), th.dim);
                let fits = |spans: &[Span]| {
                    spans.iter().map(Span::width).sum::<usize>() + hint.width() <= width
                };
                if fits(&name) || !fits(&school) {
                    name.push(hint);
                } else {
                    school.push(hint);
                }
            }
            lines.push(Line::from(name));
            lines.push(Line::from(school));
            let mut extra = Vec::new();
            if let Some(d) = &c.diet {
                extra.push(format!("{}: {d}", lang.t(t::DIET)));
            }
            if let Some(sp) = &c.second_parent {
                extra.push(format!("{}: {}", lang.t(t::SECOND_PARENT), sp.full_name));
            }
            if !extra.is_empty() {
                lines.push(Line::from(format!("  {}", extra.join(" · "))));
            }
            for s in &c.services {
                let (bal_style, word) = if s.balance_cents < 0 {
                    (th.negative, format!(" {}", lang.t(t::NEGATIVE)))
                } else {
                    (Default::default(), String::new())
                };
                // A withdrawal matters more than the last top-up, and both do not fit at 80 columns.
                let last = s
                    .withdrawn_from
                    .map(|from| fr::withdrawn_from(lang, from))
                    .or_else(|| {
                        s.last_topup.as_ref().map(|tp| {
                            format!(
                                "{} {} {}",
                                lang.t(t::LAST_TOPUP),
                                tp.at.format("%d/%m/%y"),
                                format_eur(tp.amount_cents)
                            )
                        })
                    })
                    .unwrap_or_else(|| lang.t(t::NO_TOPUP).to_string());
                let last_style = if s.withdrawn_from.is_some() {
                    th.warning
                } else {
                    th.dim
                };
                lines.push(Line::from(vec![
                    Span::raw(format!("  {:<21}", s.service_name)),
                    Span::styled(
                        format!("{:>11}{word}", format_eur(s.balance_cents)),
                        bal_style,
                    ),
                    Span::styled(format!("  {last}"), last_style),
                ]));
            }
        }
        let (apps, selected_app) = self.apps.lines(app, width);
        let selected_line = selected_app.map(|i| lines.len() + i);
        lines.extend(apps);
        let section_end = lines.len();
        if !self.card.pending_notices.is_empty() {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                lang.t(t::PENDING_NOTICES),
                th.label,
            )));
            for n in &self.card.pending_notices {
                let grouped = n.number.grouped();
                lines.push(Line::from(format!(
                    "  {grouped}  {:>11}  {}",
                    format_eur(n.amount_cents),
                    n.subject
                )));
            }
        }
        // While the arrows are on the applications the section comes into sight, the selected one
        // first (the card scrolls with PgUp/PgDn otherwise).
        let scroll = match selected_line {
            Some(at) => {
                let end = (section_end as u16).saturating_sub(area.height);
                self.scroll.max(end).min(at as u16)
            }
            None => self.scroll,
        };
        f.render_widget(
            Paragraph::new(lines).scroll((scroll, 0)),
            Rect {
                x: area.x + 1,
                width: area.width.saturating_sub(2),
                ..area
            },
        );
    }
}

pub fn footer(env: &Env) -> String {
    env.lang.t(t::K_FAMILY).to_string()
}

/// Asks for a family card: it refreshes the one on screen, or opens it.
pub fn load(cf: String) -> Request {
    job::read("family", move |b| b.family(&cf), on_family)
}

/// A family card arrived: refresh the one on screen, or open it.
fn on_family(screen: &mut Screen, r: BResult<FamilyCard>, lang: Lang) -> Vec<Action> {
    match r {
        Ok(card) => {
            // The applications are read once the card is on screen: the card never waits for them.
            let apps = Action::Request(family_apps::load(card.parent.cf.to_string()));
            match screen {
                Screen::Family(f) if f.card.parent.cf == card.parent.cf => {
                    f.card = card;
                    vec![apps]
                }
                Screen::Register(_) | Screen::Credentials(_) => {
                    vec![Action::Replace(Screen::Family(Family::new(card))), apps]
                }
                _ => vec![Action::Push(Screen::Family(Family::new(card))), apps],
            }
        }
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}

fn on_unlocked(screen: &mut Screen, r: BResult<ParentInfo>, lang: Lang) -> Vec<Action> {
    match r {
        Ok(info) => {
            // Only onto the card of the parent unlocked: another family's card may be open by now.
            if let Screen::Family(f) = screen
                && f.card.parent.cf == info.cf
            {
                f.card.parent = info;
            }
            vec![Action::Info(lang.t(t::UNLOCKED).to_string())]
        }
        Err(e) => vec![Action::Error(e.localized(lang))],
    }
}
