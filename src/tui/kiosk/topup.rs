//! A top-up for one child and service: the parent types an amount (suggested amounts shown), and a
//! payment notice is created. A refused amount stays on screen with the reason.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Action, Family, Kiosk, Screen};
use crate::backend::{Allocation, NewNotice};
use crate::domain::money::{format_amount, parse_payable};
use crate::i18n::{Lang, Localized, kiosk as k};
use crate::tui::exec::Req;
use crate::tui::widgets::field::Field;

#[derive(Debug)]
pub struct Topup {
    child: usize,
    service: usize,
    pub amount: Field,
    /// The notice was asked for: a second Enter before the answer makes no second notice.
    pub sending: bool,
}

impl Topup {
    pub fn new(child: usize, service: usize) -> Topup {
        Topup {
            child,
            service,
            amount: Field::new("€"),
            sending: false,
        }
    }

    pub fn key(&mut self, key: KeyEvent, family: Option<&Family>, lang: Lang) -> Vec<Action> {
        match key.code {
            KeyCode::Esc => vec![Action::Go(Screen::Home)],
            KeyCode::Enter if self.sending => Vec::new(),
            KeyCode::Enter => {
                let Some(child) = family.and_then(|f| f.card.children.get(self.child)) else {
                    return Vec::new();
                };
                let Some(sb) = child.services.get(self.service) else {
                    return Vec::new();
                };
                match parse_payable(self.amount.value()) {
                    Ok(cents) => {
                        self.sending = true;
                        vec![Action::Request(Req::CreateNotice(NewNotice {
                            allocations: vec![Allocation {
                                child_cf: child.cf.clone(),
                                child_name: String::new(),
                                service: sb.service.clone(),
                                amount_cents: cents,
                            }],
                            due_date: None,
                        }))]
                    }
                    Err(e) => {
                        self.amount.error = Some(e.localized(lang));
                        Vec::new()
                    }
                }
            }
            _ => {
                self.amount.key(key);
                Vec::new()
            }
        }
    }

    pub fn view(&self, f: &mut Frame, area: Rect, kiosk: &Kiosk) {
        let (Some(family), lang) = (&kiosk.family, kiosk.lang) else {
            return;
        };
        let th = &kiosk.settings.theme;
        let Some(title) = family.title(lang.t(k::TOPUP_TITLE), self.child, self.service) else {
            return;
        };
        let presets: Vec<String> = kiosk
            .settings
            .presets
            .iter()
            .map(|c| format!("{} €", format_amount(*c)))
            .collect();
        let x = area.x + 2;
        let width = area.width.saturating_sub(4);
        let lines = vec![
            Line::from(Span::styled(title, th.focus)),
            Line::default(),
            Line::from(lang.t(k::TOPUP_HELP)),
            Line::default(),
            Line::from(Span::styled(presets.join("   ·   "), th.label)),
            Line::default(),
            Line::from(lang.t(k::TOPUP_OTHER)),
        ];
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }),
            Rect::new(x, area.y + 1, width, 8),
        );
        self.amount
            .draw(f, Rect::new(x, area.y + 10, width, 2), true, 1, th);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn family() -> Family {
        let card = serde_json::from_value(serde_json::json!({
            "parent": {"cf": "RSSMRA85T10A562S", "surname": "ROSSI", "name": "MARIO",
                       "username": "RSSMRA85T10A562S", "locked": false, "failed_attempts": 0},
            "children": [{"cf": "RSSLCU15A01H501W", "surname": "ROSSI", "name": "LUCA",
                          "birth_date": "2015-01-01", "pan": "BF0000001",
                          "services": [{"service": "refezione", "service_name": "Refezione",
                                        "prepaid": true, "balance_cents": 0}]}],
            "pending_notices": []
        }))
        .unwrap();
        Family { card, selected: 0 }
    }

    #[test]
    fn a_second_enter_before_the_answer_asks_for_no_second_notice() {
        let family = family();
        let mut t = Topup::new(0, 0);
        let key = |c| KeyEvent::new(c, KeyModifiers::NONE);
        for c in "20".chars() {
            t.key(key(KeyCode::Char(c)), Some(&family), Lang::It);
        }
        let first = t.key(key(KeyCode::Enter), Some(&family), Lang::It);
        assert!(matches!(
            first.as_slice(),
            [Action::Request(Req::CreateNotice(_))]
        ));
        assert!(
            t.key(key(KeyCode::Enter), Some(&family), Lang::It)
                .is_empty()
        );
    }
}
