//! The real binary with arguments, for the command-line tests: `run` waits for it, `command` lets a
//! test wire its pipes or its user.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `sportello --db DB ARGS...`, in Italian unless the arguments say otherwise.
pub fn command<S: AsRef<OsStr>>(db: &Path, args: &[S]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sportello"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env("SPORTELLO_DESK_LANGUAGE", "it")
        .env_remove("SPORTELLO_DB")
        .env_remove("SPORTELLO_API")
        .env_remove("RUST_BACKTRACE");
    cmd
}

pub fn run<S: AsRef<OsStr>>(db: &Path, args: &[S]) -> Output {
    command(db, args).output().unwrap()
}

/// `sportello --db DB ARGS...` with the clock on the day `today` (`SPORTELLO_CLOCK_TODAY`).
pub fn run_on<S: AsRef<OsStr>>(db: &Path, args: &[S], today: &str) -> Output {
    command(db, args)
        .env("SPORTELLO_CLOCK_TODAY", today)
        .output()
        .unwrap()
}

/// The output of a run that must have succeeded (else its error output is shown).
pub fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", stderr(o));
    stdout(o)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A small demo store at `dir/demo.db`.
pub fn demo(dir: &Path, families: u32) -> PathBuf {
    let db = dir.join("demo.db");
    let families = families.to_string();
    let o = run(
        &db,
        &[
            "demo",
            "--families",
            &families,
            "--days",
            "5",
            "--seed",
            "3",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

/// Asserts a refusal: exit 1, exactly one line on stderr containing `text`.
pub fn refused(o: &Output, text: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(text), "expected {text:?} in: {err}");
}

/// `sportello --db DB ARGS...` as the unprivileged user `nobody` (tests run as root, and root ignores
/// file modes), or `None`, with a note, where `setpriv` cannot do that here.
pub fn as_nobody<S: AsRef<OsStr>>(db: &Path, args: &[S]) -> Option<Output> {
    const SETPRIV: [&str; 3] = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let works = Command::new("setpriv")
        .args(SETPRIV)
        .arg("true")
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        eprintln!("note: setpriv cannot switch to nobody here; the unprivileged check is skipped");
        return None;
    }
    let plain = command(db, args);
    let mut cmd = Command::new("setpriv");
    cmd.args(SETPRIV)
        .arg(plain.get_program())
        .args(plain.get_args());
    for (k, v) in plain.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    Some(cmd.output().unwrap())
}
