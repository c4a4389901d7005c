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
