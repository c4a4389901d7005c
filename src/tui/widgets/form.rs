//! A column of labelled fields with one focus: Tab and Shift+Tab (and, where the screen leaves them to
//! the form, Up and Down) move between them, other keys go to the focused field. A field's error stays
//! under it and what was typed stays too (see `Field`).

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::field::Field;
use crate::tui::theme::Theme;

#[derive(Debug, Clone, Default)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Up and Down move between fields (off where the screen gives the arrows another use).
    arrows: bool,
    /// Past the last field comes the first again (and back).
    wraps: bool,
}

/// Where a key sends the focus.
enum Move {
    Next,
    Back,
}

impl Form {
    /// Fields in focus order; Tab stops at the last, Shift+Tab at the first; Up and Down move too.
    pub fn new(fields: Vec<Field>) -> Form {
        Form {
            fields,
            focus: 0,
            arrows: true,
            wraps: false,
        }
    }

    /// Tab after the last field goes to the first, Shift+Tab before the first to the last.
    pub fn wrapping(mut self) -> Form {
        self.wraps = true;
        self
    }

    /// Up and Down are the screen's (a list beside the fields).
    pub fn without_arrows(mut self) -> Form {
        self.arrows = false;
        self
    }

    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", Field::value)
    }

    /// The value of field `i`, trimmed.
    pub fn trimmed(&self, i: usize) -> String {
        self.value(i).trim().to_string()
    }

    fn movement(&self, key: &KeyEvent) -> Option<Move> {
        match key.code {
            KeyCode::BackTab => Some(Move::Back),
            KeyCode::Tab if key.modifiers.contains(KeyModifiers::SHIFT) => Some(Move::Back),
            KeyCode::Tab => Some(Move::Next),
            KeyCode::Up if self.arrows => Some(Move::Back),
            KeyCode::Down if self.arrows => Some(Move::Next),
            _ => None,
        }
    }

    /// Whether the key moves the focus (then it has moved).
    pub fn navigate(&mut self, key: &KeyEvent) -> bool {
        let Some(m) = self.movement(key) else {
            return false;
        };
        let last = self.fields.len().saturating_sub(1);
        self.focus = match m {
            Move::Next if self.focus >= last => {
                if self.wraps {
                    0
                } else {
                    last
                }
            }
            Move::Next => self.focus + 1,
            Move::Back if self.focus == 0 => {
                if self.wraps {
                    last
                } else {
                    0
                }
            }
            Move::Back => self.focus - 1,
        };
        true
    }

    /// A key for the form: a move between fields, or typing into the focused one.
    pub fn key(&mut self, key: KeyEvent) {
        if !self.navigate(&key)
            && let Some(field) = self.fields.get_mut(self.focus)
        {
            field.key(key);
        }
    }

    /// Whether the focus is on the last field (Enter then sends rather than moves on).
    pub fn on_last(&self) -> bool {
        self.focus + 1 >= self.fields.len()
    }

    /// Enter before the last field moves to the next one (true); on the last it is the screen's.
    pub fn advance(&mut self) -> bool {
        let moves = !self.on_last();
        if moves {
            self.focus += 1;
        }
        moves
    }

    /// An error under field `i`, which takes the focus.
    pub fn fail(&mut self, i: usize, message: String) {
        if let Some(field) = self.fields.get_mut(i) {
            field.error = Some(message);
            self.focus = i;
        }
    }

    /// An error under the field named `name` (a store's refusal names its field); false if none is.
    pub fn fail_on(&mut self, name: Option<&str>, message: String) -> bool {
        match name.and_then(|n| self.fields.iter().position(|f| f.label == n)) {
            Some(i) => {
                self.fail(i, message);
                true
            }
            None => false,
        }
    }

    /// Field `i` emptied (a password after a refusal), with the focus on it.
    pub fn clear(&mut self, i: usize) {
        if let Some(field) = self.fields.get_mut(i) {
            *field = Field {
                label: field.label,
                secret: field.secret,
                ..Default::default()
            };
            self.focus = i;
        }
    }

    /// The fields one under the other, `gap` blank rows apart, each with its error under it.
    pub fn draw(
        &self,
        f: &mut Frame,
        area: Rect,
        labels: &[&'static str],
        label_width: u16,
        gap: u16,
        theme: &Theme,
    ) {
        let mut y = area.y;
        for (i, field) in self.fields.iter().enumerate() {
            let mut shown = field.clone();
            shown.label = labels.get(i).copied().unwrap_or("");
            let height = shown.height(area.width, label_width);
            if y + height > area.bottom() {
                break;
            }
            let row = Rect { y, height, ..area };
            shown.draw(f, row, self.focus == i, label_width, theme);
            y += height + gap;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn form() -> Form {
        Form::new(vec![Field::new("a"), Field::new("b"), Field::new("c")])
    }

    #[test]
    fn shift_tab_goes_back_however_the_terminal_sends_it() {
        let mut f = form();
        f.key(key(KeyCode::Tab, KeyModifiers::NONE));
        f.key(key(KeyCode::Tab, KeyModifiers::NONE));
        assert_eq!(f.focus, 2);
        f.key(key(KeyCode::BackTab, KeyModifiers::SHIFT));
        assert_eq!(f.focus, 1);
        f.key(key(KeyCode::Tab, KeyModifiers::SHIFT));
        assert_eq!(f.focus, 0);
        // Nothing typed went into a field.
        assert!(f.fields.iter().all(|x| x.value().is_empty()));
    }

    #[test]
    fn a_form_stops_at_its_ends_unless_it_wraps() {
        let mut f = form();
        f.key(key(KeyCode::BackTab, KeyModifiers::SHIFT));
        assert_eq!(f.focus, 0);
        let mut f = form().wrapping();
        f.key(key(KeyCode::BackTab, KeyModifiers::SHIFT));
        assert_eq!(f.focus, 2);
        f.key(key(KeyCode::Tab, KeyModifiers::NONE));
        assert_eq!(f.focus, 0);
    }

    #[test]
    fn arrows_are_the_screens_when_it_says_so_and_an_error_keeps_the_text() {
        let mut f = form().without_arrows();
        f.key(key(KeyCode::Down, KeyModifiers::NONE));
        assert_eq!(f.focus, 0);
        f.key(key(KeyCode::Char('x'), KeyModifiers::NONE));
        assert!(f.fail_on(Some("b"), "no".into()));
        assert_eq!((f.focus, f.fields[1].error.as_deref()), (1, Some("no")));
        assert_eq!(f.value(0), "x");
        assert!(!f.fail_on(Some("z"), "no".into()));
    }
}
