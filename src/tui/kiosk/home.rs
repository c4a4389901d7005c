//! The family at the kiosk: each child's balance and last top-up per service, masked and shortened.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Action, Family, Kiosk, Screen, meals::Meals, topup::Topup};
use crate::domain::codice_fiscale::CodiceFiscale;
use crate::domain::kiosk::short_name;
use crate::domain::money::format_eur;
use crate::i18n::kiosk as k;
use crate::tui::widgets::list;

pub fn key(key: KeyEvent, family: Option<&mut Family>, today: NaiveDate) -> Vec<Action> {
    let Some(family) = family else {
        return Vec::new();
    };
    let rows = family.rows();
    match key.code {
        KeyCode::Esc => vec![Action::go(Screen::Welcome(Default::default()))],
        code if list::select(&mut family.selected, rows.len(), code) => Vec::new(),
        KeyCode::Char('1') => {
            let Some(&(c, s)) = rows.get(family.selected) else {
                return Vec::new();
            };
            let child = &family.card.children[c];
            let service = child.services[s].service.clone();
            vec![
                Action::go(Screen::Meals(Meals::new(c, s))),
                Action::Request(Meals::month(
                    child.cf.to_string(),
                    service,
                    today.year(),
                    today.month(),
                )),
            ]
        }
        KeyCode::Char('2') => match rows.get(family.selected) {
            Some(&(c, s)) => vec![Action::go(Screen::Topup(Topup::new(c, s)))],
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The parent's masked code ("RSS***85T10***S").
pub fn masked(cf: &str) -> String {
    CodiceFiscale::parse(cf)
        .map(|c| c.masked())
        .unwrap_or_else(|_| "***".into())
}

pub fn view(f: &mut Frame, area: Rect, kiosk: &Kiosk) {
    let Some(family) = &kiosk.family else {
        return;
    };
    let lang = kiosk.lang;
    let th = &kiosk.settings.theme;
    let parent = &family.card.parent;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(
                format!(
                    "{}, {}",
                    lang.t(k::HELLO),
                    short_name(&parent.name, &parent.surname)
                ),
                th.focus,
            ),
            Span::styled(format!("   ({})", masked(&parent.cf)), th.dim),
        ]),
        Line::default(),
    ];
    let rows = family.rows();
    if rows.is_empty() {
        lines.push(Line::from(lang.t(k::NO_CHILDREN)));
    }
    for (i, &(c, s)) in rows.iter().enumerate() {
        let child = &family.card.children[c];
        let sb = &child.services[s];
        let style = if i == family.selected {
            th.selected
        } else {
            ratatui::style::Style::default()
        };
        let balance_style = if sb.balance_cents < 0 {
            th.negative
        } else {
            style
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{} {:<16} {:<22} ",
                    if i == family.selected { '▶' } else { ' ' },
                    clip(&short_name(&child.name, &child.surname), 16),
                    clip(&sb.service_name, 22)
                ),
                style,
            ),
            Span::styled(
                format!(
                    "{} {:>12}",
                    lang.t(k::BALANCE),
                    format_eur(sb.balance_cents)
                ),
                balance_style,
            ),
        ]));
        let last = match &sb.last_topup {
            Some(t) => format!("{} {}", t.at.format("%d/%m/%Y"), format_eur(t.amount_cents)),
            None => lang.t(k::NO_TOPUP).to_string(),
        };
        lines.push(Line::from(Span::styled(
            format!("  {:<16} {}: {last}", "", lang.t(k::LAST_TOPUP)),
            th.dim,
        )));
    }
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }),
        Rect {
            x: area.x + 1,
            y: area.y + 1,
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(1),
        },
    );
}

pub fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
