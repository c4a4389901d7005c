//! The real binary in a pseudo-terminal at 80x24, read back through a terminal emulator (vt100), driven
//! by keystrokes as a person would.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub struct Term {
    pub parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    _home: tempfile::TempDir,
}

impl Term {
    pub fn start(args: &[&str]) -> Term {
        Term::start_with(args, &[])
    }

    /// Starts with extra environment variables (configuration overrides).
    pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Term {
        let home = tempfile::tempdir().unwrap();
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sportello"));
        cmd.args(args);
        cmd.env("HOME", home.path());
        cmd.env("XDG_DATA_HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("SPORTELLO_DESK_LANGUAGE", "it");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(24).unwrap(),
            std::num::NonZeroU16::new(80).unwrap(),
            0,
        )));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let p = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        // Keep the master alive as long as the writer: leak it into the reader's lifetime.
        std::mem::forget(pty.master);
        Term {
            parser,
            writer,
            child,
            _home: home,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits (generously: CI machines are small) until the screen shows `text`.
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    /// Waits, with no key pressed, for `text` to show up at most `limit` after `since`.
    pub fn within(&self, text: &str, since: Instant, limit: Duration) {
        while since.elapsed() < limit {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "{text:?} not shown within {limit:?}; screen:\n{}",
            self.screen()
        );
    }

    pub fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
    }

    pub fn line(&mut self, s: &str) {
        self.send(s);
        self.send("\r");
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub const F2: &str = "\x1bOQ";

pub fn demo_store(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("e2e.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sportello"))
        .args([
            "demo",
            "--families",
            "40",
            "--days",
            "15",
            "--seed",
            "9",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}
