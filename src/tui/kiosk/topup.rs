//! A top-up for one child and service: the parent types an amount (suggested amounts shown), and a
//! payment notice is created. A refused amount stays on screen with the reason.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Action, Family, Kiosk, Screen, notice::NoticeView, request};
use crate::backend::{Allocation, ErrorKind, NewNotice};
use crate::domain::money::{format_amount, parse_payable};
use crate::i18n::{Lang, Localized, kiosk as k};
use crate::tui::widgets::field::Field;
use crate::tui::widgets::list;

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
            KeyCode::Esc => vec![Action::go(Screen::Home)],
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
                        let notice = NewNotice {
                            allocations: vec![Allocation {
                                child_cf: child.cf.clone(),
                                child_name: String::new(),
                                service: sb.service.clone(),
                                amount_cents: cents,
                            }],
                            due_date: None,
                        };
                        vec![Action::Request(request(
                            "create_notice",
                            move |b| b.create_notice(&notice),
                            |kiosk, result| {
                                kiosk.during_visit(result, |kiosk, result| {
                                    let lang = kiosk.lang;
                                    if let Screen::Topup(s) = &mut kiosk.screen {
                                        s.sending = false;
                                        match result {
                                            Ok(n) => {
                                                kiosk.screen =
                                                    Screen::Notice(Box::new(NoticeView::new(n)))
                                            }
                                            Err(e) if e.kind == ErrorKind::Unavailable => {
                                                kiosk.error(lang.t(k::OFFLINE).to_string())
                                            }
                                            Err(e) => s.amount.error = Some(e.localized(lang)),
                                        }
                                    }
                                    Vec::new()
                                })
                            },
                        ))]
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
        let Some(heading) = kiosk.heading(k::TOPUP_TITLE, self.child, self.service) else {
            return;
        };
        let (lang, th) = (kiosk.lang, &kiosk.settings.theme);
        let presets: Vec<String> = kiosk
            .settings
            .presets
            .iter()
            .map(|c| format!("{} €", format_amount(*c)))
            .collect();
        let lines = vec![
            heading,
            Line::default(),
            Line::from(lang.t(k::TOPUP_HELP)),
            Line::default(),
            Line::from(Span::styled(presets.join("   ·   "), th.label)),
            Line::default(),
            Line::from(lang.t(k::TOPUP_OTHER)),
        ];
        let [_, text, _, amount] = list::rows(area.inner(Margin::new(2, 0)), [1, 8, 1, 2]);
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), text);
        self.amount.draw(f, amount, true, 1, th);
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
        assert!(
            matches!(first.as_slice(), [Action::Request(r)] if r.name() == "create_notice"),
            "{first:?}"
        );
        assert!(
            t.key(key(KeyCode::Enter), Some(&family), Lang::It)
                .is_empty()
        );
    }
}
