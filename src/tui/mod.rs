//! The help-desk terminal app (ratatui). Elm-like: raw terminal events become `Msg`s; `App::update` is
//! pure and returns `Cmd`s; backend calls run on blocking tasks and come back as `Msg`s, so typing never
//! waits for the store or the network; `App::view` draws only when something changed, as one buffered,
//! synchronized write (kind to slow SSH links).

pub mod app;
pub mod follow;
pub mod job;
pub mod kiosk;
pub mod screens;
pub mod theme;
pub mod typeahead;
pub mod widgets;

/// The longest wait a server's Retry-After can impose on a screen (the longest lock is an hour): a
/// wild value must not overflow the timer.
pub const MAX_WAIT_SECS: u64 = 86_400;

use std::io::{BufWriter, Stdout, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{Event, EventStream};
use ratatui::crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute, queue};

use crate::backend::{Backend, Mode};
use crate::config::Settings;
use crate::i18n::tui as t;
use app::{App, Cmd, Env, Msg};
use ratatui::Frame;

pub struct TuiOptions {
    /// Shown on the login screen of a demo store.
    pub demo_credentials: Option<[(String, String); 2]>,
}

type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Builds the app state for a backend and the resolved settings. A logo that cannot be read stops
/// here, before the terminal is taken.
pub fn new_app(
    backend: &dyn Backend,
    settings: &Settings,
    opts: &TuiOptions,
) -> Result<App, String> {
    let lang = settings.lang;
    let ente_name = backend
        .ente()
        .map(|e| e.name)
        .unwrap_or_else(|_| settings.ente.name.clone());
    let mode_label = match backend.mode() {
        Mode::Local { .. } => lang.t(t::MODE_LOCAL).to_string(),
        Mode::Remote { .. } => lang.t(t::MODE_REMOTE).to_string(),
    };
    let env = Env {
        lang,
        operator: None,
        presets: settings.topup_presets.clone(),
        min_topup: settings.policy.min_topup_cents,
        keys: settings.keys.clone(),
        outbox: Some(std::sync::Arc::new(crate::paper::Outbox::from_settings(
            settings,
        )?)),
        clock: backend.clock(),
    };
    let mut app = App::new(
        env,
        theme::Theme::from_config(settings.theme),
        ente_name,
        mode_label,
        settings.desk_idle,
    );
    app.demo_credentials = opts.demo_credentials.clone();
    Ok(app)
}

fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(std::io::stdout(), LeaveAlternateScreen, cursor::Show);
}

/// What the event loop runs: the desk app or the lobby kiosk.
pub trait Program {
    /// What a backend call gives back, applied to the program when it arrives.
    type Answer: Send + 'static;
    fn update(&mut self, msg: Msg<Self::Answer>) -> Vec<Cmd<Self::Answer>>;
    fn view(&self, f: &mut Frame);
    /// Whether a countdown is on screen (then every tick redraws).
    fn counting_down(&self) -> bool;
    /// Whether the central API answered the last call.
    fn set_reachable(&mut self, reachable: bool);
    /// What to run before ending on SIGHUP or SIGTERM (an unfinished draft to keep).
    fn on_hangup(&self) -> Option<job::Job<Self::Answer>>;
    /// The kiosk: interrupt, quit and stop signals sent from outside are ignored too.
    fn ignores_interrupts(&self) -> bool {
        false
    }
}

impl Program for App {
    type Answer = job::Answer;
    fn update(&mut self, msg: Msg) -> Vec<Cmd> {
        App::update(self, msg)
    }
    fn view(&self, f: &mut Frame) {
        App::view(self, f)
    }
    fn counting_down(&self) -> bool {
        self.idle_countdown().is_some()
    }
    fn set_reachable(&mut self, reachable: bool) {
        self.offline = !reachable;
    }
    fn on_hangup(&self) -> Option<job::Request> {
        self.draft_request()
    }
}

/// Runs the app until the operator quits or the terminal goes away (SIGHUP, SIGTERM).
pub fn run(backend: Arc<dyn Backend>, settings: &Settings, opts: TuiOptions) -> anyhow::Result<()> {
    let app = new_app(backend.as_ref(), settings, &opts).map_err(anyhow::Error::msg)?;
    run_program(backend, app)
}

/// Sets up the terminal, runs the program, and restores the terminal whatever happens.
pub fn run_program<P: Program>(backend: Arc<dyn Backend>, program: P) -> anyhow::Result<()> {
    // A panic restores the terminal first, then its report goes to the log (never to the screen).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        tracing::error!(panic = %info, "panic");
        default_hook(info);
    }));
    enable_raw_mode()?;
    let mut out = BufWriter::with_capacity(16 * 1024, std::io::stdout());
    execute!(out, EnterAlternateScreen)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(out))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = runtime.block_on(event_loop(&mut terminal, program, backend));
    restore();
    result
}

async fn event_loop<P: Program>(
    terminal: &mut Term,
    mut app: P,
    backend: Arc<dyn Backend>,
) -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut hangup = signal(SignalKind::hangup())?;
    let mut term = signal(SignalKind::terminate())?;
    // Raw mode already turns Ctrl+C, Ctrl+\ and Ctrl+Z into keys; these catch the same signals sent
    // from outside. The desk ends cleanly on them; the kiosk ignores them.
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut quit = signal(SignalKind::quit())?;
    let mut stop = signal(SignalKind::from_raw(libc_sigtstp()))?;
    draw(terminal, &app)?;
    loop {
        let (msg, redraw) = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => (Some(Msg::Key(k)), true),
                Some(Ok(Event::Resize(w, h))) => {
                    // A forced full repaint without clearing (no cursor query over SSH).
                    terminal.resize(ratatui::layout::Rect::new(0, 0, w, h))?;
                    (None, true)
                }
                Some(Ok(_)) => (None, false),
                Some(Err(_)) | None => break,
            },
            Some(reply) = rx.recv() => {
                app.set_reachable(backend.reachable());
                (Some(Msg::Reply(reply)), true)
            }
            _ = tick.tick() => {
                let showing = app.counting_down();
                let msg = Msg::Tick(Instant::now());
                (Some(msg), showing)
            }
            _ = hangup.recv() => return on_hangup(&app, backend).await,
            _ = term.recv() => return on_hangup(&app, backend).await,
            _ = interrupt.recv() => {
                if app.ignores_interrupts() { (None, false) } else { return on_hangup(&app, backend).await }
            }
            _ = quit.recv() => {
                if app.ignores_interrupts() { (None, false) } else { return on_hangup(&app, backend).await }
            }
            // Nobody may suspend either program to a shell: the stop request is swallowed.
            _ = stop.recv() => (None, false),
        };
        let mut redraw = redraw;
        if let Some(msg) = msg {
            for cmd in app.update(msg) {
                match cmd {
                    Cmd::Quit => return Ok(()),
                    Cmd::Backend(job) => {
                        redraw = true;
                        let backend = backend.clone();
                        let tx = tx.clone();
                        tokio::task::spawn_blocking(move || {
                            let _ = tx.send(job.run(backend.as_ref()));
                        });
                    }
                }
            }
            // The countdown appears or the lock happened on this tick.
            redraw |= app.counting_down();
        }
        if redraw {
            draw(terminal, &app)?;
        }
    }
    Ok(())
}

/// SIGTSTP's number (20 on Linux and the BSDs' 18 aside): tokio has no named constructor for it.
fn libc_sigtstp() -> i32 {
    if cfg!(any(
        target_os = "macos",
        target_os = "freebsd",
        target_os = "openbsd"
    )) {
        18
    } else {
        20
    }
}

/// SIGHUP (the SSH link dropped) or SIGTERM: keep the unfinished draft, then end cleanly.
async fn on_hangup<P: Program>(app: &P, backend: Arc<dyn Backend>) -> anyhow::Result<()> {
    if let Some(job) = app.on_hangup() {
        // The answer is not applied: the program ends.
        let reply = tokio::task::spawn_blocking(move || {
            job.run(backend.as_ref());
        })
        .await;
        tracing::info!(done = reply.is_ok(), "work kept on signal");
    }
    Ok(())
}

/// One frame: diffed by ratatui, wrapped in synchronized output, written in one flush.
pub fn draw<W: Write, P: Program>(
    terminal: &mut Terminal<CrosstermBackend<W>>,
    app: &P,
) -> std::io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|f| app.view(f))?;
    queue!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()
}
