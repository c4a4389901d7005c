//! Files and the command line: what the real binary does with the files it is given and writes.

#[path = "common/cli.rs"]
mod cli;

use cli::{refused, run, stderr};

#[test]
fn an_empty_file_given_as_the_store_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vuoto.db");
    std::fs::write(&db, b"").unwrap();
    let o = run(&db, &["search", "ROSSI"]);
    refused(&o, "non è un archivio di sportello");
    let o = run(
        &db,
        &["--lang", "en", "notice", "show", "302000000000000199"],
    );
    refused(&o, "not a sportello database");
    assert_eq!(std::fs::read(&db).unwrap(), b"", "still 0 bytes");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["vuoto.db"], "no -wal or -shm left beside it");

    // An empty SQLite database is not a sportello store either.
    let empty_sqlite = dir.path().join("altro.db");
    rusqlite::Connection::open(&empty_sqlite)
        .unwrap()
        .execute_batch("PRAGMA user_version = 0; VACUUM;")
        .unwrap();
    let before = std::fs::read(&empty_sqlite).unwrap();
    refused(
        &run(&empty_sqlite, &["search", "ROSSI"]),
        "non è un archivio",
    );
    assert_eq!(std::fs::read(&empty_sqlite).unwrap(), before);
}

#[test]
fn a_missing_store_is_created_only_by_demo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub").join("nuovo.db");
    let o = run(&db, &["search", "ROSSI"]);
    refused(&o, "archivio inesistente");
    assert!(!db.exists());
    let db = cli::demo(&dir.path().join("sub"), 3);
    let o = run(&db, &["search", "ZZZZZZ"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("Nessun risultato"), "{}", stderr(&o));
}

/// The first parent's surname in a demo store: a search that finds something.
fn a_surname(db: &std::path::Path) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("SELECT surname FROM parents LIMIT 1", [], |r| r.get(0))
        .unwrap()
}

/// Ended quietly: nothing on stderr, and either success or the conventional death by SIGPIPE.
fn quiet_end(status: std::process::ExitStatus, err: &[u8]) {
    use std::os::unix::process::ExitStatusExt;
    let err = String::from_utf8_lossy(err);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err, "", "nothing said");
    assert!(
        status.success() || status.signal() == Some(libc_sigpipe()),
        "{status:?}"
    );
}

fn libc_sigpipe() -> i32 {
    13
}

#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    // `sportello search X | head -0`: the reader is gone before the first line is written.
    let dir = tempfile::tempdir().unwrap();
    let db = cli::demo(dir.path(), 25);
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = cli::command(&db, &["search", &a_surname(&db)])
        .stdout(writer)
        .output()
        .unwrap();
    quiet_end(o.status, &o.stderr);

    // `sportello cf check ... | head -c 10`: the reader leaves after a few bytes of a long output.
    use std::io::Read;
    let codes = vec!["RSSMRA85T10A562S"; 20_000];
    let mut child = cli::command(&db, &[&["cf", "check"][..], &codes].concat())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    assert_eq!(&first, b"RSSMRA85T1");
    let mut err = Vec::new();
    child.stderr.take().unwrap().read_to_end(&mut err).unwrap();
    quiet_end(child.wait().unwrap(), &err);
}

#[test]
fn argument_errors_are_one_line_in_the_users_language() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("none.db");
    let bad = OsStr::from_bytes(b"ROSS\xffI");
    let one_line = |o: &std::process::Output, text: &str| {
        let err = stderr(o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.starts_with("sportello: "), "{err}");
        assert!(err.contains(text), "expected {text:?}: {err}");
        assert!(!err.contains("panicked") && !err.contains("Usage"), "{err}");
    };
    let o = run(&db, &[OsStr::new("search"), bad]);
    one_line(&o, "caratteri non validi");
    let o = run(
        &db,
        &[
            OsStr::new("--lang"),
            OsStr::new("en"),
            OsStr::new("search"),
            bad,
        ],
    );
    one_line(&o, "not UTF-8");
    let o = cli::command(&db, &[OsStr::new("search"), bad])
        .env("SPORTELLO_DESK_LANGUAGE", "en")
        .output()
        .unwrap();
    one_line(&o, "not UTF-8");
    one_line(
        &run(&db, &["search", "--frobnicate"]),
        "argomento sconosciuto: --frobnicate",
    );
    one_line(
        &run(&db, &["search", "X", "--limit", "tanti"]),
        "valore non valido per --limit",
    );
    one_line(
        &run(&db, &["notice", "new"]),
        "manca un argomento obbligatorio",
    );
    one_line(
        &run(&db, &["--lang", "en", "notice", "frob"]),
        "unknown command: frob",
    );
    assert!(!db.exists());
    // Help is still help.
    let o = run(&db, &["--help"]);
    assert!(o.status.success());
    assert!(cli::stdout(&o).contains("Usage"));
}
