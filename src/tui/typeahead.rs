//! Keys typed while a screen loads (issue 15 #9). A key that asks the backend for something (Enter on
//! a search hit: the card) is answered later; keys typed meanwhile wait for that answer and then go,
//! in order, to whatever screen shows: the card opened, never the search box left behind.
//!
//! Esc never waits: it acts at once on the screen showing and the keys waiting are dropped (the
//! operator changed their mind). The same key pressed again before its answer is one press on a slow
//! link, dropped, as the desk already sends a change once. Answers are counted by generation, so one
//! that arrives after Esc does not release the keys of a later wait.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

#[derive(Debug, Default)]
pub struct Typeahead {
    generation: u64,
    /// Answers of this generation not yet applied.
    awaiting: usize,
    /// The key whose answer is awaited first.
    first: Option<KeyEvent>,
    /// The last key given to a screen.
    last: Option<KeyEvent>,
    queued: Vec<KeyEvent>,
}

impl Typeahead {
    /// A key given to the screen showing (what it asks for may be awaited).
    pub fn pressed(&mut self, key: KeyEvent) {
        self.last = Some(key);
    }

    /// A request to await; its answer carries the generation returned.
    pub fn expect(&mut self) -> u64 {
        if self.awaiting == 0 {
            self.first = self.last;
        }
        self.awaiting += 1;
        self.generation
    }

    /// Whether `key` must not go to the screen now: it waits (or is dropped as a second press).
    pub fn hold(&mut self, key: KeyEvent) -> bool {
        if self.awaiting == 0 {
            return false;
        }
        if key.code == KeyCode::Esc {
            self.cancel();
            return false;
        }
        if !(self.queued.is_empty() && self.first == Some(key)) {
            self.queued.push(key);
        }
        true
    }

    /// An answer arrived: whether it was awaited (then what it asks for next is awaited too).
    pub fn answered(&mut self, generation: Option<u64>) -> bool {
        let awaited = generation == Some(self.generation) && self.awaiting > 0;
        if awaited {
            self.awaiting -= 1;
        }
        awaited
    }

    /// An awaited answer that will not come (its call given up).
    pub fn given_up(&mut self, generation: Option<u64>) {
        self.answered(generation);
        if self.awaiting == 0 {
            self.queued.clear();
        }
    }

    /// Nothing is awaited any more; the keys waiting are dropped.
    pub fn cancel(&mut self) {
        self.generation += 1;
        self.awaiting = 0;
        self.first = None;
        self.queued.clear();
    }

    /// The keys waiting, once every answer is in.
    pub fn release(&mut self) -> Vec<KeyEvent> {
        if self.awaiting > 0 {
            return Vec::new();
        }
        std::mem::take(&mut self.queued)
    }

    pub fn waiting(&self) -> bool {
        self.awaiting > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn keys_wait_for_the_answer_and_go_in_order() {
        let mut t = Typeahead::default();
        t.pressed(key(KeyCode::Enter));
        let generation = t.expect();
        assert!(t.hold(key(KeyCode::Char('i'))));
        assert!(t.hold(key(KeyCode::Down)));
        assert!(t.release().is_empty(), "not before the answer");
        assert!(t.answered(Some(generation)));
        assert_eq!(
            t.release(),
            vec![key(KeyCode::Char('i')), key(KeyCode::Down)]
        );
        assert!(!t.hold(key(KeyCode::Char('x'))), "nothing awaited: at once");
    }

    #[test]
    fn the_same_key_again_is_one_press_and_esc_ends_the_wait() {
        let mut t = Typeahead::default();
        t.pressed(key(KeyCode::Enter));
        let old = t.expect();
        assert!(t.hold(key(KeyCode::Enter)));
        assert!(t.hold(key(KeyCode::Char('i'))));
        assert!(!t.hold(key(KeyCode::Esc)), "Esc goes at once");
        assert!(!t.waiting());
        // A new wait is not released by the answer that came late from the old one.
        t.pressed(key(KeyCode::Char('p')));
        let new = t.expect();
        assert!(t.hold(key(KeyCode::Char('q'))));
        assert!(!t.answered(Some(old)));
        assert!(t.release().is_empty());
        assert!(t.answered(Some(new)));
        assert_eq!(t.release(), vec![key(KeyCode::Char('q'))]);
    }
}
