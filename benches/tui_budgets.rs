//! Budgets of the desk app, measured on a demo store (200,000 families by default, shared with
//! `store_budgets`): first frame after start, resident memory, bytes written per typed character in a
//! form field, bytes of a full 80x24 repaint, and keystroke-to-frame time while backend calls run on
//! another thread. Frames go through the real crossterm backend into a byte counter.
//! Run: `cargo bench --bench tui_budgets` (FAMILIES=N or STORE=path as for store_budgets).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use sportello::backend::{Backend, Ente};
use sportello::config::Settings;
use sportello::demo::{self, DemoOptions};
use sportello::store::{LocalBackend, Store};
use sportello::tui::app::{Cmd, Msg};
use sportello::tui::{TuiOptions, draw, new_app};

/// Counts what a frame writes to the terminal.
#[derive(Clone, Default)]
struct Counter(Arc<Mutex<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        *self.0.lock().unwrap() += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Counter {
    fn take(&self) -> usize {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn key(c: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

mod common;

fn main() {
    let (families, path) = common::store_path();
    if !path.exists() {
        let ente = Ente {
            name: "Comune di Prova".into(),
            fiscal_code: "80001234568".into(),
            segregation_code: 2,
            cbill: "ABC12".into(),
        };
        let today = sportello::clock::Clock::system().today();
        demo::generate(
            &path,
            &ente,
            &DemoOptions {
                families,
                days: Some(20),
                seed: 1,
                today,
            },
        )
        .expect("demo store");
    }
    let settings = Settings::defaults();

    // First frame: open the store, build the app, draw the login screen.
    let start = Instant::now();
    let backend: Arc<dyn Backend> =
        Arc::new(LocalBackend::new(Arc::new(Store::open(&path).unwrap())));
    let opts = TuiOptions {
        demo_credentials: None,
    };
    let mut app = new_app(backend.as_ref(), &settings, &opts).expect("the desk app");
    let counter = Counter::default();
    let mut term = Terminal::with_options(
        CrosstermBackend::new(counter.clone()),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24)),
        },
    )
    .unwrap();
    draw(&mut term, &app).unwrap();
    let first_frame = start.elapsed();
    let full_repaint = counter.take();
    println!(
        "first frame after start:         {:.1} ms",
        first_frame.as_secs_f64() * 1e3
    );
    println!("full 80x24 repaint (login):      {full_repaint} bytes");

    // Log in (backend call done in place, as the real loop does on a blocking task).
    let feed = |app: &mut sportello::tui::app::App, msg: Msg| {
        let mut queue = vec![msg];
        while let Some(m) = queue.pop() {
            for cmd in app.update(m) {
                if let Cmd::Backend(req) = cmd {
                    queue.push(Msg::Reply(req.run(backend.as_ref())));
                }
            }
        }
    };
    for c in "supervisore".chars() {
        feed(&mut app, key(KeyCode::Char(c)));
    }
    feed(&mut app, key(KeyCode::Enter));
    for c in "Supervisore1".chars() {
        feed(&mut app, key(KeyCode::Char(c)));
    }
    feed(&mut app, key(KeyCode::Enter));
    feed(&mut app, key(KeyCode::F(2))); // the register form
    draw(&mut term, &app).unwrap();
    counter.take();
    {
        // A full repaint is what a fresh terminal gets: every cell written.
        let fresh = Counter::default();
        let mut t = Terminal::with_options(
            CrosstermBackend::new(fresh.clone()),
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24)),
            },
        )
        .unwrap();
        draw(&mut t, &app).unwrap();
        println!("full 80x24 repaint (form):       {} bytes", fresh.take());
    }

    // Typing in a form field while another thread keeps the store busy (a backend call in flight).
    let busy = Arc::new(AtomicBool::new(true));
    let worker = {
        let busy = busy.clone();
        let path = path.clone();
        std::thread::spawn(move || {
            let b = LocalBackend::acting_as(
                Arc::new(Store::open(&path).unwrap()),
                LocalBackend::cli_operator(),
            );
            let mut n = 0u64;
            while busy.load(Ordering::Relaxed) {
                let _ = b.search("ros", 50);
                n += 1;
            }
            n
        })
    };
    let text = "RSSMRA85T10A562S Rossi Mario ".repeat(8);
    let mut bytes = Vec::new();
    let mut times = Vec::new();
    for (i, c) in text.chars().enumerate() {
        // Fields: the code first, then (after Enter) the surname; each key is update + one frame.
        let msg = if c == ' ' && i % 29 == 16 {
            key(KeyCode::Tab)
        } else {
            key(KeyCode::Char(c))
        };
        let t = Instant::now();
        for cmd in app.update(msg) {
            // Backend requests would go to a blocking task: not on the keystroke path.
            let _ = cmd;
        }
        draw(&mut term, &app).unwrap();
        times.push(t.elapsed());
        bytes.push(counter.take());
        if i % 40 == 39 {
            // Start again on an empty field so the line does not scroll forever.
            for _ in 0..40 {
                let _ = app.update(key(KeyCode::Backspace));
            }
            draw(&mut term, &app).unwrap();
            counter.take();
        }
    }
    busy.store(false, Ordering::Relaxed);
    let searches = worker.join().unwrap();
    bytes.sort();
    times.sort();
    let p = |v: &[Duration], q: f64| v[((v.len() - 1) as f64 * q) as usize].as_secs_f64() * 1e3;
    println!(
        "bytes per typed character:       median {} · p90 {} · max {}",
        bytes[bytes.len() / 2],
        bytes[bytes.len() * 9 / 10],
        bytes[bytes.len() - 1]
    );
    println!(
        "keystroke to frame:              p50 {:.3} ms · p99 {:.3} ms ({} searches ran meanwhile)",
        p(&times, 0.5),
        p(&times, 0.99),
        searches
    );
    // The densest screen: the payment notice with its QR code, painted in full.
    let hits = backend.search("ROSSI", 5).unwrap();
    let card = backend.family(&hits[0].family_cf).unwrap();
    let child = card
        .children
        .iter()
        .find(|c| c.services.iter().any(|s| s.service == "refezione"))
        .unwrap();
    let alloc = sportello::backend::Allocation {
        child_cf: child.cf.clone(),
        child_name: String::new(),
        service: "refezione".into(),
        amount_cents: 2000.try_into().unwrap(),
    };
    let notice = backend
        .create_notice(&sportello::backend::NewNotice {
            allocations: vec![alloc],
            due_date: None,
        })
        .unwrap();
    app.screen = sportello::tui::screens::Screen::Payment(
        sportello::tui::screens::payment::Payment::new(notice),
    );
    let fresh = Counter::default();
    let mut t = Terminal::with_options(
        CrosstermBackend::new(fresh.clone()),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24)),
        },
    )
    .unwrap();
    draw(&mut t, &app).unwrap();
    println!("full 80x24 repaint (QR notice):  {} bytes", fresh.take());
    std::thread::sleep(Duration::from_millis(10));
    println!("resident memory:                 {:.1} MB", rss_mb());
}
