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
    /// The central API no longer knew the session (restarted, or idle too long): the same call again,
    /// to send once the operator has given the password. The result is not applied: the screen and
    /// what was typed stay as they were. A change sent again carries the same Idempotency-Key (the
    /// remote client keeps it until the server's word on it).
    pub retry: Option<Request>,
    /// The answer to a key the desk waits on (`Request::awaited`), and the wait it belongs to: keys
    /// typed meanwhile wait for it (`tui::typeahead`).
    pub awaited: Option<u64>,
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
            retry: None,
            awaited: None,
            needs_session: true,
            follows: false,
            apply: Box::new(move |screen, lang| then(screen, result, lang)),
        }
    }

    /// The session was gone: nothing to apply, `retry` to send again after a new login.
    fn lost(retry: Request) -> Answer {
        Answer {
            retry: Some(retry),
            ..Answer::none()
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

impl Job<Answer> {
    /// The desk waits on this call's answer before it takes more keys: those typed meanwhile are
    /// kept for the screen it opens (see `App`).
    pub fn awaited(self, generation: u64) -> Request {
        let Job { name, once, work } = self;
        Job {
            name,
            once,
            work: Box::new(move |b| {
                let mut answer = work(b);
                answer.awaited = Some(generation);
                answer.retry = answer.retry.take().map(|r| r.awaited(generation));
                answer
            }),
        }
    }
}

/// A desk read: `call` on the backend task, then `then` with its result on the UI thread. A read the
/// central API refused for want of a session comes back as one to repeat (`Answer::retry`).
pub fn read<T, C, F>(name: &'static str, call: C, then: F) -> Request
where
    T: Send + 'static,
    C: Fn(&dyn Backend) -> T + Send + 'static,
    F: FnOnce(&mut Screen, T, Lang) -> Vec<Action> + Send + 'static,
{
    Job::new(name, move |b| {
        let (result, lost) = watch(|| call(b));
        if lost {
            return Answer::lost(read(name, call, then));
        }
        Answer::new(result, then)
    })
}

/// Makes a call and tells whether it found the session gone (only a remote backend's can: the
/// central API restarted, or the session idled out there). Asked of the thread the call ran on, so a
/// call running beside it on another task does not count.
fn watch<T>(call: impl FnOnce() -> T) -> (T, bool) {
    crate::remote::session_lost_here();
    let result = call();
    (result, crate::remote::session_lost_here())
}

/// A desk call that changes the store or the world (a notice, a payment, a letter printed): `call`
/// gets `what`, its arguments, which also tell one change from another, so the desk does not send the
/// very same change twice while it is busy (a key pressed twice on a slow link).
///
/// Refused for want of a session, it comes back as the same change to send again once the operator
/// has logged in again (`Answer::retry`): the remote client then sends it with the same
/// Idempotency-Key, so a change the server did make is answered from its record, not made twice.
pub fn change<T, W, C, F>(name: &'static str, what: W, call: C, then: F) -> Request
where
    T: Send + 'static,
    W: fmt::Debug + Clone + Send + 'static,
    C: Fn(&dyn Backend, W) -> T + Send + 'static,
    F: FnOnce(&mut Screen, T, Lang) -> Vec<Action> + Send + 'static,
{
    Job {
        name,
        once: Some(digest(name, &what)),
        work: Box::new(move |b| {
            let (result, lost) = watch(|| call(b, what.clone()));
            if lost {
                return Answer::lost(change(name, what, call, then));
            }
            Answer::new(result, then)
        }),
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
