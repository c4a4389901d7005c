//! The configuration as the real binary reads it at start: a bad value stops it with one line naming
//! the key, and a store named on the command line beats a central API named in the file.

#[path = "common/cli.rs"]
mod cli;
#[path = "common/pty.rs"]
#[allow(dead_code)]
mod pty;

use std::path::{Path, PathBuf};

use pty::{Term, demo_store};

/// A configuration file naming a central API where nothing listens (port 9, discard).
fn file_with_dead_api(dir: &Path) -> PathBuf {
    let path = dir.join("sportello.toml");
    std::fs::write(&path, "[api]\nurl = \"http://127.0.0.1:9\"\n").unwrap();
    path
}

#[test]
fn a_bad_value_stops_the_start_with_one_line_naming_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli::demo(dir.path(), 3);
    let o = cli::command(&db, &["search", "ROSSI"])
        .env("SPORTELLO_TOPUP_MIN", "abc")
        .output()
        .unwrap();
    cli::refused(&o, "topup.min: \"abc\": Importo non valido");
    let o = cli::command(&db, &["search", "ROSSI"])
        .env("SPORTELLO_TOPUP_MIN", "abc")
        .env("SPORTELLO_DESK_LANGUAGE", "en")
        .output()
        .unwrap();
    cli::refused(&o, "topup.min: \"abc\": Amount not valid");
    // The desk stops the same way, before it takes the terminal.
    let o = cli::command(&db, &[] as &[&str])
        .env("SPORTELLO_TOPUP_MIN", "abc")
        .output()
        .unwrap();
    cli::refused(&o, "topup.min:");
}

#[test]
fn values_once_ignored_or_bent_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli::demo(dir.path(), 3);
    for (var, value, key) in [
        ("SPORTELLO_DESK_THEME", "neon", "desk.theme: uno tra"),
        (
            "SPORTELLO_DESK_IDLE_TIMEOUT_SECS",
            "3",
            "desk.idle_timeout_secs:",
        ),
        (
            "SPORTELLO_KIOSK_IDLE_TIMEOUT_SECS",
            "1",
            "kiosk.idle_timeout_secs:",
        ),
    ] {
        let o = cli::command(&db, &["search", "ROSSI"])
            .env(var, value)
            .output()
            .unwrap();
        cli::refused(&o, key);
    }
    // A logo that cannot be read once left the desk without documents, silently.
    let o = cli::command(&db, &[] as &[&str])
        .env("SPORTELLO_ENTE_LOGO", dir.path().join("missing.png"))
        .output()
        .unwrap();
    cli::refused(&o, "ente.logo");
    // A type error in the user's file is one line too, naming the key.
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, "[desk]\nissuer = \"abc\"\n").unwrap();
    let o = cli::command(
        &db,
        &["--config", file.to_str().unwrap(), "search", "ROSSI"],
    )
    .output()
    .unwrap();
    cli::refused(&o, "issuer");
}

#[test]
fn the_desk_uses_the_store_named_on_the_command_line_over_the_configured_api() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let config = file_with_dead_api(dir.path());
    let mut t = Term::start(&[
        "--config",
        config.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    t.wait_for("Accesso operatore");
    t.wait_for("archivio locale");
    t.line("operatore");
    t.line("Operatore1");
    t.wait_for("Ricerca");
    t.send("\x03");
}

#[test]
fn the_kiosk_uses_the_store_named_on_the_command_line_over_the_configured_api() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_store(dir.path());
    let config = file_with_dead_api(dir.path());
    let t = Term::start_with(
        &[
            "--config",
            config.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            "kiosk",
        ],
        &[("SPORTELLO_KIOSK_PASSWORD", "Chiosco1")],
    );
    t.wait_for("Il suo codice fiscale");
}

#[test]
fn one_shot_commands_use_the_store_named_on_the_command_line_over_the_configured_api() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli::demo(dir.path(), 3);
    let config = file_with_dead_api(dir.path());
    let o = cli::run(
        &db,
        &["--config", config.to_str().unwrap(), "debtors", "--json"],
    );
    assert!(o.status.success(), "{}", cli::stderr(&o));
}
