//! A backend call and the handling of its answer, written side by side by the screen that makes it.
//! The call runs on a blocking task, so the keyboard never waits for the store or the network; what it
//! gives back (an answer: a closure) is applied on the UI thread to whatever is showing by then. The
//! program that runs jobs lists neither the calls nor their answers.

use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::backend::Backend;
use crate::i18n::Lang;
use crate::tui::app::Action;
use crate::tui::screens::Screen;

type Work<A> = Box<dyn FnOnce(&dyn Backend) -> A + Send>;

/// One backend call; `A` is what the program applies when it is back (the desk's `Answer`, the
/// kiosk's own).
pub struct Job<A> {
    name: &'static str,
    once: Option<u64>,
    work: Work<A>,
}

impl<A> Job<A> {
    /// A call sent every time it is asked for (the desk's changes are made with `change`).
    pub fn new(name: &'static str, work: impl FnOnce(&dyn Backend) -> A + Send + 'static) -> Self {
        Job {
            name,
            once: None,
            work: Box::new(work),
        }
    }

    /// Makes the call (on a blocking task) and returns the answer to apply.
    pub fn run(self, backend: &dyn Backend) -> A {
        (self.work)(backend)
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Set for a change (see `change`): the same value means the same change.
    pub fn once(&self) -> Option<u64> {
        self.once
    }
}

/// Only a digest of a change's arguments is kept: they may hold a codice fiscale.
fn digest(name: &str, what: &impl fmt::Debug) -> u64 {
    let mut h = DefaultHasher::new();
    (name, format!("{what:?}")).hash(&mut h);
    h.finish()
}

impl<A> fmt::Debug for Job<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Job({})", self.name)
    }
}

/// A desk call.
pub type Request = Job<Answer>;

type Apply = Box<dyn FnOnce(&mut Screen, Lang) -> Vec<Action> + Send>;

/// What the desk does with a call's result, against the screen showing when it arrives.
pub struct Answer {
    /// Answers that need no session (the login's own) are applied after a logout too; all others are
    /// dropped then, so no personal data comes back on screen after the idle lock.
    pub needs_session: bool,
    /// The answer of a follow read (`follow`): it frees the desk's follow timer and was never counted
    /// as work in progress.
    pub follows: bool,
    apply: Apply,
}

impl Answer {
    pub fn apply(self, screen: &mut Screen, lang: Lang) -> Vec<Action> {
        (self.apply)(screen, lang)
    }

    fn new<T: Send + 'static>(
        result: T,
        then: impl FnOnce(&mut Screen, T, Lang) -> Vec<Action> + Send + 'static,
    ) -> Answer {
        Answer {
            needs_session: true,
            follows: false,
            apply: Box::new(move |screen, lang| then(screen, result, lang)),
        }
    }

    /// Nothing to do with the result.
    pub fn none() -> Answer {
        Answer::new((), |_, (), _| Vec::new())
    }
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Answer")
    }
}

/// A desk read: `call` on the backend task, then `then` with its result on the UI thread.
pub fn read<T: Send + 'static>(
    name: &'static str,
    call: impl FnOnce(&dyn Backend) -> T + Send + 'static,
    then: impl FnOnce(&mut Screen, T, Lang) -> Vec<Action> + Send + 'static,
) -> Request {
    Job::new(name, move |b| Answer::new(call(b), then))
}

/// A desk call that changes the store or the world (a notice, a payment, a letter printed): `call`
/// gets `what`, its arguments, which also tell one change from another, so the desk does not send the
/// very same change twice while it is busy (a key pressed twice on a slow link).
pub fn change<T: Send + 'static, W: fmt::Debug + Send + 'static>(
    name: &'static str,
    what: W,
    call: impl FnOnce(&dyn Backend, W) -> T + Send + 'static,
    then: impl FnOnce(&mut Screen, T, Lang) -> Vec<Action> + Send + 'static,
) -> Request {
    Job {
        name,
        once: Some(digest(name, &what)),
        work: Box::new(move |b| Answer::new(call(b, what), then)),
    }
}

/// A call made without a session (the login): its answer is applied whoever is logged in.
pub fn open_session<T: Send + 'static>(
    name: &'static str,
    call: impl FnOnce(&dyn Backend) -> T + Send + 'static,
    then: impl FnOnce(&mut Screen, T, Lang) -> Vec<Action> + Send + 'static,
) -> Request {
    Job::new(name, move |b| Answer {
        needs_session: false,
        ..Answer::new(call(b), then)
    })
}

/// A read of what the screen follows (a notice until it is paid): sent on the tick, at the follow
/// timer's pace (`tui::follow`), and quiet: the status line does not say "working" every 2 seconds.
pub fn follow<T: Send + 'static>(
    name: &'static str,
    call: impl FnOnce(&dyn Backend) -> T + Send + 'static,
    then: impl FnOnce(&mut Screen, T, Lang) -> Vec<Action> + Send + 'static,
) -> Request {
    Job::new(name, move |b| Answer {
        follows: true,
        ..Answer::new(call(b), then)
    })
}
