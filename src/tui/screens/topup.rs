//! Top-up: pick children and services of the family, one amount each, and make ONE notice (one fee).
//! A negative balance suggests the amount that clears it. A missing e-mail is asked for on the spot.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Screen;
use super::payment::Payment;
use crate::backend::{
    Allocation, BResult, CodiceFiscale, FamilyCard, NewNotice, ParentInfo, ParentPatch,
};
use crate::domain::money::{format_eur, parse_amount, parse_payable};
use crate::i18n::{Lang, Localized, tui as t};
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
}

#[derive(Debug)]
pub struct Topup {
    pub parent_cf: String,
    pub lines: Vec<TopupLine>,
    pub cursor: usize,
    /// Asked only when the parent has no e-mail on file.
    pub email: Option<Field>,
    pub email_focus: bool,
}

/// The amount that brings a negative balance back to zero: rounded up to the euro, at least the minimum.
pub fn amount_to_zero(balance_cents: i64, min_cents: i64) -> Option<i64> {
    (balance_cents < 0).then(|| (((-balance_cents) + 99) / 100 * 100).max(min_cents))
}

impl Topup {
    pub fn new(card: &FamilyCard, env: &Env) -> Self {
        let mut lines = Vec::new();
        for c in &card.children {
            for s in c.services.iter().filter(|s| s.prepaid) {
                let suggested = amount_to_zero(s.balance_cents.get(), env.min_topup);
                lines.push(TopupLine {
                    child_cf: c.cf.clone(),
                    child_name: c.full_name(),
                    service: s.service.clone(),
                    service_name: s.service_name.clone(),
                    balance_cents: s.balance_cents.get(),
                    picked: suggested.is_some(),
                    amount: Field::new("").with_value(
                        &suggested
                            .map(crate::domain::money::format_amount)
                            .unwrap_or_default(),
                    ),
                });
            }
        }
        let email = card.parent.email.is_none().then(|| Field::new(""));
        Topup {
            parent_cf: card.parent.cf.to_string(),
            lines,
            cursor: 0,
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
            KeyCode::Down | KeyCode::Tab if self.email.is_some() => self.email_focus = true,
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
                    l.amount = Field::new("").with_value(&crate::domain::money::format_amount(*p));
                    l.picked = true;
                }
            }
            KeyCode::F(6) => {
                if let Some(l) = self.lines.get_mut(self.cursor)
                    && let Some(a) = amount_to_zero(l.balance_cents, env.min_topup)
                {
                    l.amount = Field::new("").with_value(&crate::domain::money::format_amount(a));
                    l.picked = true;
                }
            }
            KeyCode::Enter => return self.submit(env),
            _ => {
                if let Some(l) = self.lines.get_mut(self.cursor)
                    && l.amount.key(key)
                {
                    l.picked = true;
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
        let (x, w) = (inner.x, inner.width);
        let [
            heading,
            help,
            presets_row,
            _,
            lines_area,
            total_row,
            email_hint,
            email_row,
        ] = list::rows(inner, [1, 1, 1, 1, 0, 1, 1, 1]);
        f.render_widget(Paragraph::new(title(lang.t(t::TOPUP_TITLE))), heading);
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
        let mut y = lines_area.y;
        let bottom = lines_area.bottom();
        for (i, l) in self.lines.iter().enumerate() {
            if y >= bottom {
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
                "{mark} {:<24} {:<12} {:>11}{neg:<9}",
                truncate(&l.child_name, 24),
                truncate(&l.service_name, 12),
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
                Rect::new(x, y, w.min(64), 1),
            );
            // The amount sits at the row's end; its error gets the whole next line.
            let mut amount = l.amount.clone();
            let error = amount.error.take();
            amount.draw(
                f,
                Rect::new(x + 65, y, w.saturating_sub(65), 1),
                focused,
                0,
                th,
            );
            y += 1;
            if let Some(e) = error {
                let line = Line::from(Span::styled(format!("    {e}"), th.error));
                f.render_widget(Paragraph::new(line), Rect::new(x, y, w, 1));
                y += 1;
            }
        }
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
}

fn truncate(s: &str, n: usize) -> String {
    super::search::truncate(s, n)
}

pub fn footer(env: &Env) -> String {
    env.lang.t(t::K_TOPUP).to_string()
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
