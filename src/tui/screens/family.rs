//! The family card: paying parent, account state, children with their balances (and the day a child
//! was withdrawn from a service), the family's applications, pending notices. A supervisor withdraws
//! the selected child from a service from here. The arrows go on from the last child to the pending
//! notices (Enter opens one) and the applications; a card longer than the screen says so on its last
//! row; F1 lists every key.

use std::cell::Cell;

use chrono::Datelike;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph};

use super::Screen;
use super::attendance::Attendance;
use super::family_apps::{self, Applications};
use super::parent_data::ParentData;
use super::statement::Statement;
use super::topup::Topup;
use crate::backend::{BResult, FamilyCard, ParentInfo};
use crate::domain::money::format_eur;
use crate::i18n::{Lang, Localized, card_edges as ce, family_review as fr, tui as t};
use crate::text::wrap_words;
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::title;
use crate::tui::widgets::list;

#[derive(Debug)]
pub struct Family {
    pub card: FamilyCard,
    /// The first line shown, as asked by PgUp/PgDn (the view keeps it within the card).
    pub scroll: u16,
    /// The child the per-child keys (attendance, statement) act on.
    pub selected: usize,
    /// The arrows are on this pending notice (Enter opens it) rather than on a child.
    pub notice: Option<usize>,
    /// The family's applications, read after the card.
    pub apps: Applications,
    /// The keys overlay is open (F1 or `?`): any key closes it.
    pub help: bool,
    /// New credentials wait for Enter: the portal password in use would stop working.
    pub confirm_credentials: bool,
    /// The arrows moved last (not PgUp/PgDn): the view brings what they are on into sight.
    follow: bool,
    /// What the last view showed: its first line, the last first line possible, and the rows.
    shown: Cell<(u16, u16, u16)>,
}

impl Family {
    pub fn new(card: FamilyCard) -> Self {
        Family {
            card,
            scroll: 0,
            selected: 0,
            notice: None,
            apps: Applications::default(),
            help: false,
            confirm_credentials: false,
            follow: true,
            shown: Cell::new((0, 0, 0)),
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        let cf = self.card.parent.cf.to_string();
        if self.help {
            self.help = false;
            return Vec::new();
        }
        if self.confirm_credentials {
            self.confirm_credentials = false;
            return match key.code {
                KeyCode::Enter => vec![Action::Request(super::credentials::regenerate(cf))],
                // Esc, or any other key, leaves the credentials as they are.
                _ => Vec::new(),
            };
        }
        if let Some(actions) = self.arrows(&key, env) {
            self.scroll = self.shown.get().0;
            self.follow = true;
            return actions;
        }
        let (top, max, rows) = self.shown.get();
        let page = rows.saturating_sub(1).max(1);
        match key.code {
            KeyCode::Esc => vec![Action::Back],
            KeyCode::F(1) | KeyCode::Char('?') => {
                self.help = true;
                Vec::new()
            }
            KeyCode::Enter => match self.notice.and_then(|i| self.card.pending_notices.get(i)) {
                Some(n) => vec![Action::Request(super::payment::open_from_card(
                    n.number.to_string(),
                ))],
                None => Vec::new(),
            },
            KeyCode::PageDown | KeyCode::PageUp | KeyCode::Home | KeyCode::End => {
                self.scroll = match key.code {
                    KeyCode::PageDown => top.saturating_add(page).min(max),
                    KeyCode::PageUp => top.saturating_sub(page),
                    KeyCode::Home => 0,
                    _ => max,
                };
                self.follow = false;
                // Until the next view, the arrows go on from here.
                self.shown.set((self.scroll, max, rows));
                Vec::new()
            }
            _ if env.keys.topup.matches(&key) => {
                vec![Action::Push(Screen::Topup(Topup::new(self, env)))]
            }
            _ if env.keys.credentials.matches(&key) => {
                self.confirm_credentials = true;
                Vec::new()
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
            // Second parent of another family's child: a digit opens that child's card (family_linked).
            KeyCode::Char(d @ '1'..='9') => super::family_linked::open(&self.card, d),
            _ => Vec::new(),
        }
    }

    /// The arrows (and Tab, and the applications' own keys): children, then pending notices, then
    /// applications, in the order the card shows them. `None`: not theirs.
    fn arrows(&mut self, key: &KeyEvent, env: &Env) -> Option<Vec<Action>> {
        let children = self.card.children.len();
        let notices = self.card.pending_notices.len();
        let apps = self.apps.len();
        let up = key.code == KeyCode::Up;
        let down = key.code == KeyCode::Down;
        if self.apps.focused && self.apps.confirm.is_none() && up && self.apps.selected == 0 {
            // Up from the first application: back to the notices, or the last child.
            self.apps.focused = false;
            self.notice = notices.checked_sub(1);
            return Some(Vec::new());
        }
        if let Some(actions) = self.apps.key(key, env) {
            if matches!(key.code, KeyCode::Tab | KeyCode::BackTab) {
                self.notice = None;
            }
            return Some(actions);
        }
        if let Some(i) = self.notice {
            if up {
                self.notice = i.checked_sub(1);
            } else if down && i + 1 < notices {
                self.notice = Some(i + 1);
            } else if down && apps > 0 {
                self.notice = None;
                self.apps.focused = true;
                self.apps.selected = 0;
            }
            return (up || down).then(Vec::new);
        }
        if down && self.selected + 1 >= children {
            // Past the last child: the pending notices, then the applications.
            if notices > 0 {
                self.notice = Some(0);
            } else if apps > 0 {
                self.apps.focused = true;
                self.apps.selected = 0;
            }
            return Some(Vec::new());
        }
        list::select(&mut self.selected, children, key.code).then(Vec::new)
    }

    pub fn footer(&self, env: &Env) -> String {
        let text = if self.help {
            ce::HELP_CLOSE
        } else if self.confirm_credentials {
            ce::K_CONFIRM
        } else if self.notice.is_some() {
            ce::K_CARD_NOTICE
        } else {
            ce::K_CARD
        };
        env.keys.fill(env.lang.t(text))
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
            format!("  {}", app.env.keys.fill(lang.t(ce::K_PARENT))),
            th.dim,
        )));
        lines.push(Line::default());
        if self.card.children.is_empty() {
            lines.push(Line::from(lang.t(t::NO_CHILDREN)));
        }
        // The lines of what the arrows are on, to keep in sight.
        let mut chosen = (0, 0);
        let on_children = self.notice.is_none() && !self.apps.focused;
        for (i, c) in self.card.children.iter().enumerate() {
            let first = lines.len();
            self.child_lines(&mut lines, i, c, app, width);
            if i == self.selected && on_children {
                chosen = (first, lines.len());
            }
        }
        // Children of other families this parent is second parent of (family_linked).
        lines.extend(super::family_linked::lines(&self.card, app, width));
        if !self.card.pending_notices.is_empty() {
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                lang.t(t::PENDING_NOTICES),
                th.label,
            )));
            for (i, n) in self.card.pending_notices.iter().enumerate() {
                let grouped = n.number.grouped();
                let on = self.notice == Some(i);
                let text = format!(
                    "{} {grouped}  {:>11}  {}",
                    if on { "▶" } else { " " },
                    format_eur(n.amount_cents),
                    n.subject
                );
                if on {
                    // The heading comes into sight with the first notice.
                    chosen = (
                        if i == 0 { lines.len() - 1 } else { lines.len() },
                        lines.len() + 1,
                    );
                    lines.push(Line::styled(text, th.selected));
                } else {
                    lines.push(Line::from(text));
                }
            }
        }
        let (apps, selected_app) = self.apps.lines(app, width);
        if let Some((from, to)) = selected_app {
            chosen = (lines.len() + from, lines.len() + to);
        }
        lines.extend(apps);
        let body = Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(2),
            ..area
        };
        let total = lines.len() as u16;
        // A card longer than the screen gives its last row to saying so.
        let rows = if total > body.height {
            body.height.saturating_sub(1)
        } else {
            body.height
        };
        let max = total.saturating_sub(rows);
        let mut scroll = self.scroll.min(max);
        if self.follow {
            let (from, to) = (chosen.0 as u16, chosen.1 as u16);
            if to > scroll + rows {
                scroll = to.saturating_sub(rows).min(from);
            }
            scroll = scroll.min(from);
        }
        self.shown.set((scroll, max, rows));
        let [text, more] = list::rows(body, [rows, 0]);
        f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), text);
        let marker = match (scroll > 0, scroll < max) {
            (true, true) => Some(ce::MORE_BOTH),
            (false, true) => Some(ce::MORE_BELOW),
            (true, false) => Some(ce::MORE_ABOVE),
            (false, false) => None,
        };
        if let Some(m) = marker.filter(|_| more.height > 0) {
            f.render_widget(
                Paragraph::new(Line::styled(lang.t(m), th.warning).right_aligned()),
                more,
            );
        }
        if self.confirm_credentials {
            self.draw_confirm(f, body, app);
        }
        if self.help {
            draw_help(f, area, app);
        }
    }

    /// One child: name, code and PAN; school and class; diet and second parent; a line per service.
    fn child_lines(
        &self,
        lines: &mut Vec<Line<'static>>,
        i: usize,
        c: &crate::backend::ChildCard,
        app: &App,
        width: usize,
    ) {
        let lang = app.lang();
        let th = &app.theme;
        // While the arrows are elsewhere, the child stays marked but not highlighted.
        let on_children = self.notice.is_none() && !self.apps.focused;
        let name_style = if i == self.selected && on_children {
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
        // The footer is full: the keys acting on a child sit beside the selected one, on the line
        // where they fit whole (under them when neither has room).
        let mut own_line = None;
        if i == self.selected {
            let mut keys = lang.t(ce::K_CHILD).to_string();
            if app.env.supervisor() {
                keys.push_str(lang.t(ce::K_CHILD_WITHDRAW));
            }
            let hint = Span::styled(app.env.keys.fill(&keys), th.dim);
            let fits = |spans: &[Span]| {
                spans.iter().map(Span::width).sum::<usize>() + hint.width() <= width
            };
            if fits(&name) {
                name.push(hint);
            } else if fits(&school) {
                school.push(hint);
            } else {
                own_line = Some(Line::from(vec![Span::raw("  "), hint]));
            }
        }
        lines.push(Line::from(name));
        lines.push(Line::from(school));
        lines.extend(own_line);
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

    /// What new credentials do, at the foot of the card, until Enter or Esc.
    fn draw_confirm(&self, f: &mut Frame, body: Rect, app: &App) {
        let ask = app
            .lang()
            .pair(ce::confirm_credentials(&self.card.parent.full_name()));
        let text: Vec<Line> = wrap_words(&ask, usize::from(body.width.saturating_sub(2)).max(1))
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), app.theme.warning))
            .collect();
        let height = (text.len() as u16 + 2).min(body.height);
        let [_, place] = list::rows(body, [0, height]);
        f.render_widget(Clear, place);
        f.render_widget(
            Paragraph::new(text).block(
                Block::default()
                    .borders(Borders::TOP | Borders::BOTTOM)
                    .border_style(app.theme.warning),
            ),
            place,
        );
    }
}

/// Every key of the card, framed over it.
fn draw_help(f: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang();
    let th = &app.theme;
    let keys: Vec<Line> = ce::HELP
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(format!("{:<12}", app.env.keys.fill(key)), th.focus),
                Span::raw(lang.t(*what)),
            ])
        })
        .collect();
    let width = (keys.iter().map(Line::width).max().unwrap_or(0) as u16 + 4).min(area.width);
    let height = (keys.len() as u16 + 2).min(area.height);
    let place = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    f.render_widget(Clear, place);
    f.render_widget(
        Paragraph::new(keys).block(
            Block::default()
                .borders(Borders::ALL)
                .title(lang.t(ce::HELP_TITLE))
                .padding(Padding::horizontal(1)),
        ),
        place,
    );
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
                    // A notice paid or cancelled meanwhile leaves the list: the arrows stay within it.
                    let notices = card.pending_notices.len();
                    f.notice = f.notice.map(|i| i.min(notices.saturating_sub(1)));
                    f.notice = f.notice.filter(|_| notices > 0);
                    f.selected = f.selected.min(card.children.len().saturating_sub(1));
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
