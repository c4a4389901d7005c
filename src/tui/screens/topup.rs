//! Top-up: pick children and services of the family, one amount each, and make ONE notice (one fee).
//! It opens on the child chosen on the family card, whose debts come ticked with their exact amount
//! (raised to the smallest top-up allowed, and then said so). A missing e-mail is asked for on the spot.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Screen;
use super::family::Family;
use super::payment::Payment;
use crate::backend::{Allocation, BResult, CodiceFiscale, NewNotice, ParentInfo, ParentPatch};
use crate::domain::money::{format_amount, format_eur, parse_amount, parse_payable};
use crate::i18n::{Lang, Localized, desk_fit as d, tui as t};
use crate::text::wrap_words;
use crate::tui::app::{Action, App, Env};
use crate::tui::job::{self, Request};
use crate::tui::widgets::field::{Field, title};
use crate::tui::widgets::list;

#[derive(Debug)]
pub struct TopupLine {
    pub child_cf: CodiceFiscale,
    pub child_name: String,
    pub service: String,
    pub service_name: String,
    pub balance_cents: i64,
    pub picked: bool,
    pub amount: Field,
    /// The amount was put there by the screen (the debt, a preset): the first character typed
    /// replaces it rather than being added to it (typing 20 over 7,30 makes 20, not 7,3020).
    pub suggested: bool,
}

#[derive(Debug)]
pub struct Topup {
    pub parent_cf: String,
    /// Whether the parent has children at all (with no wallet line, the screen says which case).
    pub has_children: bool,
    pub lines: Vec<TopupLine>,
    pub cursor: usize,
    /// Asked only when the parent has no e-mail on file.
    pub email: Option<Field>,
    pub email_focus: bool,
}

/// What a negative balance suggests: the exact debt, or the smallest top-up allowed when the debt is
/// smaller (`raised`, and the screen says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DebtOffer {
    pub cents: i64,
    pub raised: bool,
}

pub fn debt_offer(balance_cents: i64, min_cents: i64) -> Option<DebtOffer> {
    (balance_cents < 0).then(|| DebtOffer {
        cents: (-balance_cents).max(min_cents),
        raised: -balance_cents < min_cents,
    })
}

impl Topup {
    /// The top-up of the family on the card, opened on the child chosen there (the first if none is):
    /// only that child's debts come ticked, with their exact amounts. Other children's debts are
    /// filled in but left for the operator to tick.
    pub fn new(family: &Family, env: &Env) -> Self {
        let card = &family.card;
        let chosen = card.children.get(family.selected).or(card.children.first());
        let mut lines = Vec::new();
        let mut cursor = None;
        for c in &card.children {
            let is_chosen = chosen.is_some_and(|ch| ch.cf == c.cf);
            for s in c.services.iter().filter(|s| s.prepaid) {
                let offer = debt_offer(s.balance_cents.get(), env.min_topup);
                if is_chosen && cursor.is_none() {
                    cursor = Some(lines.len());
                }
                lines.push(TopupLine {
                    child_cf: c.cf.clone(),
                    child_name: c.full_name(),
                    service: s.service.clone(),
                    service_name: s.service_name.clone(),
                    balance_cents: s.balance_cents.get(),
                    picked: is_chosen && offer.is_some(),
                    amount: Field::new("")
                        .with_value(&offer.map(|o| format_amount(o.cents)).unwrap_or_default()),
                    suggested: offer.is_some(),
                });
            }
        }
        let email = card.parent.email.is_none().then(|| Field::new(""));
        Topup {
            parent_cf: card.parent.cf.to_string(),
            has_children: !card.children.is_empty(),
            lines,
            cursor: cursor.unwrap_or(0),
            email,
            email_focus: false,
        }
    }

    pub fn key(&mut self, key: KeyEvent, env: &Env) -> Vec<Action> {
        if self.email_focus
            && let Some(field) = &mut self.email
        {
            match key.code {
                KeyCode::Esc | KeyCode::Up | KeyCode::Tab => self.email_focus = false,
                KeyCode::Enter => return self.submit(env),
                _ => {
                    field.key(key);
                }
            }
            return Vec::new();
        }
        match key.code {
            KeyCode::Esc => return vec![Action::Back],
            KeyCode::Up => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Down if self.cursor + 1 < self.lines.len() => self.cursor += 1,
            KeyCode::Down | KeyCode::Tab if self.email.is_some() && !self.lines.is_empty() => {
                self.email_focus = true
            }
            KeyCode::Char(' ') => {
                if let Some(l) = self.lines.get_mut(self.cursor) {
                    l.picked = !l.picked;
                }
            }
            KeyCode::F(n @ 1..=4) => {
                if let (Some(l), Some(p)) = (
                    self.lines.get_mut(self.cursor),
                    env.presets.get(n as usize - 1),
                ) {
                    l.suggest(*p);
                }
            }
            KeyCode::F(6) => {
                if let Some(l) = self.lines.get_mut(self.cursor)
                    && let Some(o) = debt_offer(l.balance_cents, env.min_topup)
                {
                    l.suggest(o.cents);
                }
            }
            KeyCode::Enter if self.lines.is_empty() => {}
            KeyCode::Enter => return self.submit(env),
            _ => {
                if let Some(l) = self.lines.get_mut(self.cursor) {
                    l.type_key(key, env.lang);
                }
            }
        }
        Vec::new()
    }

    /// The picked lines whose amount reads as money.
    fn picked_allocations(&self) -> Vec<Allocation> {
        self.lines
            .iter()
            .filter(|l| l.picked)
            .filter_map(|l| {
                let cents = parse_payable(l.amount.value()).ok()?;
                Some(Allocation {
                    child_cf: l.child_cf.clone(),
                    child_name: l.child_name.clone(),
                    service: l.service.clone(),
                    amount_cents: cents,
                })
            })
            .collect()
    }

    fn submit(&mut self, env: &Env) -> Vec<Action> {
        let lang = env.lang;
        let mut bad = false;
        for l in self.lines.iter_mut().filter(|l| l.picked) {
            if let Err(e) = parse_payable(l.amount.value()) {
                l.amount.error = Some(e.localized(lang));
                bad = true;
            }
        }
        if bad {
            return Vec::new();
        }
        let allocations = self.picked_allocations();
        if allocations.is_empty() {
            return vec![Action::Error(lang.t(t::NOTHING_SELECTED).to_string())];
        }
        if let Some(field) = &mut self.email {
            let email = field.value().trim().to_string();
            if email.is_empty() {
                self.email_focus = true;
                return vec![Action::Error(lang.t(t::EMAIL_NEEDED).to_string())];
            }
            let patch = ParentPatch {
                email: Some(email),
                ..Default::default()
            };
            return vec![Action::Request(job::change(
                "save_email",
                (self.parent_cf.clone(), patch),
                |b, (cf, patch)| b.update_parent(&cf, &patch),
                on_email_saved,
            ))];
        }
        vec![Action::Request(create_notice(allocations))]
    }

    pub fn view(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let inner = area.inner(Margin::new(1, 0));
        // The e-mail's field, when asked, has room for its error under it.
        let email_rows = if self.email.is_some() { 3 } else { 1 };
        let [
            heading,
            help,
            presets_row,
            _,
            lines_area,
            total_row,
            email_hint,
            email_row,
        ] = list::rows(inner, [1, 1, 1, 1, 0, 1, 1, email_rows]);
        f.render_widget(Paragraph::new(title(lang.t(t::TOPUP_TITLE))), heading);
        if self.lines.is_empty() {
            // Nothing to pick: say why instead of an empty list.
            let why = if self.has_children {
                d::TOPUP_NO_WALLET
            } else {
                d::TOPUP_NO_CHILDREN
            };
            f.render_widget(
                Paragraph::new(lang.t(why))
                    .style(th.warning)
                    .wrap(Wrap { trim: true }),
                Rect {
                    height: 3,
                    ..help.union(lines_area)
                },
            );
            return;
        }
        f.render_widget(Paragraph::new(lang.t(t::TOPUP_HELP)).style(th.dim), help);
        let presets: Vec<String> = app
            .env
            .presets
            .iter()
            .enumerate()
            .map(|(i, p)| format!("F{} {}", i + 1, format_eur(*p)))
            .collect();
        f.render_widget(
            Paragraph::new(presets.join("   ")).style(th.label),
            presets_row,
        );
        self.draw_lines(f, lines_area, app);
        let total: i64 = self
            .lines
            .iter()
            .filter(|l| l.picked)
            .filter_map(|l| parse_amount(l.amount.value()).ok())
            .sum();
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(
                format!("{}: {}", lang.t(t::TOTAL), format_eur(total)),
                th.focus,
            ))),
            total_row,
        );
        if let Some(field) = &self.email {
            let mut shown = field.clone();
            shown.label = lang.t(t::EMAIL);
            f.render_widget(
                Paragraph::new(lang.t(t::EMAIL_NEEDED)).style(th.warning),
                email_hint,
            );
            shown.draw(f, email_row, self.email_focus, 8, th);
        }
    }

    /// One row per child and service, in columns as wide as the window allows (a service's name is cut
    /// only when the window is too narrow for it); the amount at the row's end, and under it its error
    /// or the note that the debt was raised to the smallest top-up.
    fn draw_lines(&self, f: &mut Frame, area: Rect, app: &App) {
        let lang = app.lang();
        let th = &app.theme;
        let (x, w) = (area.x, area.width);
        // "[x] " name " " service " " balance(11) word(9) " " amount(11)
        const AMOUNT_W: u16 = 11;
        let rest = usize::from(w.saturating_sub(4 + 1 + 1 + 11 + 9 + 1 + AMOUNT_W));
        let widest =
            |of: &dyn Fn(&TopupLine) -> usize| self.lines.iter().map(of).max().unwrap_or(0);
        let service_w = widest(&|l| l.service_name.chars().count()).min(rest.saturating_sub(16));
        let name_w = widest(&|l| l.child_name.chars().count()).min(rest - service_w);
        let row_w = (4 + name_w + 1 + service_w + 1 + 11 + 9) as u16;
        let mut y = area.y;
        for (i, l) in self.lines.iter().enumerate() {
            if y >= area.bottom() {
                break;
            }
            let focused = i == self.cursor && !self.email_focus;
            let mark = if l.picked { "[x]" } else { "[ ]" };
            let neg = if l.balance_cents < 0 {
                format!(" {}", lang.t(t::NEGATIVE))
            } else {
                String::new()
            };
            let label = format!(
                "{mark} {:<name_w$} {:<service_w$} {:>11}{neg:<9}",
                truncate(&l.child_name, name_w),
                truncate(&l.service_name, service_w),
                format_eur(l.balance_cents)
            );
            let style = if focused {
                th.selected
            } else if l.balance_cents < 0 {
                th.negative
            } else {
                Default::default()
            };
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(label, style))),
                Rect::new(x, y, row_w.min(w), 1),
            );
            let mut amount = l.amount.clone();
            let error = amount.error.take();
            amount.draw(
                f,
                Rect::new(x + row_w + 1, y, w.saturating_sub(row_w + 1), 1),
                focused,
                0,
                th,
            );
            y += 1;
            let note = match (error, debt_offer(l.balance_cents, app.env.min_topup)) {
                (Some(e), _) => Some((e, th.error)),
                (None, Some(o))
                    if o.raised && l.picked && l.amount.value() == format_amount(o.cents) =>
                {
                    let text = lang
                        .t(d::TOPUP_RAISED)
                        .replace("{min}", &format_eur(o.cents))
                        .replace("{debt}", &format_eur(-l.balance_cents));
                    Some((text, th.dim))
                }
                (None, _) => None,
            };
            if let Some((text, style)) = note {
                for part in wrap_words(&text, usize::from(w.saturating_sub(4))) {
                    if y >= area.bottom() {
                        break;
                    }
                    let line = Line::from(Span::styled(format!("    {part}"), style));
                    f.render_widget(Paragraph::new(line), Rect::new(x, y, w, 1));
                    y += 1;
                }
            }
        }
    }

    pub fn footer(&self, env: &Env) -> String {
        let keys = if self.lines.is_empty() {
            d::K_TOPUP_EMPTY
        } else {
            t::K_TOPUP
        };
        env.lang.t(keys).to_string()
    }
}

impl TopupLine {
    /// An amount the screen proposes (a preset, the debt): ticked, and replaced by what is typed next.
    fn suggest(&mut self, cents: i64) {
        self.amount = Field::new("").with_value(&format_amount(cents));
        self.picked = true;
        self.suggested = true;
    }

    /// A key for the amount: anything but digits and separators is refused at once, what was typed
    /// staying as it was; the first character over a proposed amount replaces it.
    fn type_key(&mut self, key: KeyEvent, lang: Lang) {
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if let KeyCode::Char(c) = key.code
            && plain
        {
            if !(c.is_ascii_digit() || c == ',' || c == '.') {
                self.amount.error = Some(lang.t(d::TOPUP_DIGITS_ONLY).to_string());
                return;
            }
            if self.suggested {
                self.amount = Field::new("");
            }
        }
        self.suggested = false;
        if self.amount.key(key) {
            self.picked = true;
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    super::search::truncate(s, n)
}

/// The notice for the amounts picked; once created, the payment screen takes the top-up's place.
fn create_notice(allocations: Vec<Allocation>) -> Request {
    let notice = NewNotice {
        allocations,
        due_date: None,
    };
    job::change(
        "create_notice",
        notice,
        |b, n| b.create_notice(&n),
        |_, r, lang| match r {
            Ok(notice) => vec![Action::Replace(Screen::Payment(Payment::new(notice)))],
            Err(e) => vec![Action::Error(e.localized(lang))],
        },
    )
}

/// The e-mail is on file now: go on and create the notice.
fn on_email_saved(screen: &mut Screen, r: BResult<ParentInfo>, lang: Lang) -> Vec<Action> {
    match (r, screen) {
        (Ok(_), Screen::Topup(tp)) => {
            tp.email = None;
            tp.email_focus = false;
            let allocations = tp.picked_allocations();
            vec![Action::Request(create_notice(allocations))]
        }
        (Ok(_), _) => Vec::new(),
        (Err(e), Screen::Topup(tp)) => {
            if let Some(field) = &mut tp.email {
                field.error = Some(e.localized(lang));
                tp.email_focus = true;
            }
            Vec::new()
        }
        (Err(e), _) => vec![Action::Error(e.localized(lang))],
    }
}
