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

/// SIGPIPE's number on Linux (the tests run there; no libc dependency for the tests alone).
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

fn one_value(db: &std::path::Path, sql: &str) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Says the file went to `path`, in full.
fn says_written(o: &std::process::Output, path: &std::path::Path) {
    let err = stderr(o);
    assert!(o.status.success(), "{err}");
    let full = std::fs::canonicalize(path).unwrap();
    assert!(
        err.lines()
            .any(|l| l == format!("Scritto: {}", full.display())),
        "{err}"
    );
}

#[test]
fn an_existing_output_file_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli::demo(dir.path(), 25);
    let number = one_value(&db, "SELECT number FROM notices LIMIT 1");
    let child = one_value(&db, "SELECT cf FROM children LIMIT 1");
    let parent = one_value(&db, "SELECT cf FROM parents LIMIT 1");
    let mine = dir.path().join("mio.pdf");
    let table = dir.path().join("mio.csv");
    std::fs::write(&mine, b"il mio documento").unwrap();
    std::fs::write(&table, b"la mia tabella").unwrap();
    let fresh = dir.path().join("nuovo.pdf");
    let p = |p: &std::path::Path| p.to_str().unwrap().to_string();
    for args in [
        vec!["notice", "pdf", &number, "-o", &p(&mine)],
        vec!["statement", "--child", &child, "-o", &p(&mine)],
        vec![
            "statement",
            "--child",
            &child,
            "-o",
            &p(&fresh),
            "--csv",
            &p(&table),
        ],
        vec![
            "certificate",
            "730",
            "--parent",
            &parent,
            "--year",
            "2026",
            "-o",
            &p(&mine),
        ],
        vec!["debtors", "--csv", &p(&table)],
    ] {
        let o = run(&db, &args);
        refused(&o, "il file esiste già");
        assert!(
            !fresh.exists(),
            "{args:?}: nothing written when one file is refused"
        );
    }
    let o = run(
        &db,
        &["--lang", "en", "notice", "pdf", &number, "-o", &p(&mine)],
    );
    refused(&o, "already exists");
    assert_eq!(std::fs::read(&mine).unwrap(), b"il mio documento");
    assert_eq!(std::fs::read(&table).unwrap(), b"la mia tabella");

    // Relative to the working directory, and said in full.
    let o = cli::command(&db, &["notice", "pdf", &number, "-o", "avviso.pdf"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    says_written(&o, &dir.path().join("avviso.pdf"));
    let o = run(&db, &["notice", "pdf", &number, "-o", &p(&mine), "--force"]);
    says_written(&o, &mine);
    assert!(std::fs::read(&mine).unwrap().starts_with(b"%PDF"));
    let o = run(&db, &["debtors", "--csv", &p(&table), "--force"]);
    says_written(&o, &table);
    assert!(
        std::fs::read_to_string(&table)
            .unwrap()
            .starts_with("cf_genitore;")
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_path_that_cannot_take_the_file_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli::demo(dir.path(), 25);
    let number = one_value(&db, "SELECT number FROM notices LIMIT 1");
    let folder = dir.path().to_str().unwrap().to_string();
    let missing = dir.path().join("manca").join("a.pdf");
    let missing = missing.to_str().unwrap();
    refused(
        &run(&db, &["notice", "pdf", &number, "-o", &folder]),
        "è una cartella",
    );
    refused(
        &run(
            &db,
            &[
                "--lang", "en", "notice", "pdf", &number, "-o", &folder, "--force",
            ],
        ),
        "is a folder",
    );
    refused(
        &run(&db, &["notice", "pdf", &number, "-o", missing]),
        "la cartella non esiste",
    );
    refused(
        &run(&db, &["--lang", "en", "debtors", "--csv", missing]),
        "no such folder",
    );
}

#[test]
fn a_credentials_letter_over_an_existing_file_issues_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli::demo(dir.path(), 25);
    let parent = one_value(&db, "SELECT cf FROM parents LIMIT 1");
    let hash = || {
        one_value(
            &db,
            &format!("SELECT password_hash FROM parents WHERE cf = '{parent}'"),
        )
    };
    let audit = || one_value(&db, "SELECT CAST(count(*) AS TEXT) FROM audit");
    let (before, audited) = (hash(), audit());
    let letter = dir.path().join("lettera.pdf");
    std::fs::write(&letter, b"la lettera di ieri").unwrap();
    let o = run(
        &db,
        &[
            "credentials-letter",
            "--parent",
            &parent,
            "-o",
            letter.to_str().unwrap(),
        ],
    );
    refused(&o, "il file esiste già");
    assert_eq!(std::fs::read(&letter).unwrap(), b"la lettera di ieri");
    assert_eq!(hash(), before, "the old password still works");
    assert_eq!(audit(), audited, "nothing changed in the store");
    let o = run(
        &db,
        &[
            "credentials-letter",
            "--parent",
            &parent,
            "-o",
            letter.to_str().unwrap(),
            "--force",
        ],
    );
    says_written(&o, &letter);
    assert_ne!(hash(), before);
}

fn chmod(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn a_store_the_user_may_only_read_can_be_searched_but_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    chmod(dir.path(), 0o755);
    let db = cli::demo(dir.path(), 10);
    let child = one_value(
        &db,
        "SELECT c.cf FROM children c JOIN enrolments e ON e.child_id = c.id AND e.service = 'refezione' LIMIT 1",
    );
    let surname = a_surname(&db);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    chmod(&out, 0o777);
    // The store in a folder the user may write (SQLite could put its side files there) and in one
    // they may not (it cannot).
    for (folder, mode) in [("scrivibile", 0o777), ("chiusa", 0o755)] {
        let here = dir.path().join(folder);
        std::fs::create_dir(&here).unwrap();
        let store = here.join("s.db");
        std::fs::copy(&db, &store).unwrap();
        chmod(&store, 0o444);
        chmod(&here, mode);
        let before = std::fs::read(&store).unwrap();

        let Some(o) = cli::as_nobody(&store, &["search", &surname]) else {
            return;
        };
        assert!(o.status.success(), "{folder}: {}", stderr(&o));
        assert!(cli::stdout(&o).contains(&surname), "{folder}");
        let o = cli::as_nobody(&store, &["family", "show", &child]).unwrap();
        assert!(o.status.success(), "{folder}: {}", stderr(&o));
        let pdf = out.join(format!("{folder}.pdf"));
        let o = cli::as_nobody(
            &store,
            &["statement", "--child", &child, "-o", pdf.to_str().unwrap()],
        )
        .unwrap();
        assert!(o.status.success(), "{folder}: {}", stderr(&o));
        assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

        let new_notice = [
            "notice",
            "new",
            "--child",
            &child,
            "--service",
            "refezione",
            "--amount",
            "10",
        ];
        refused(
            &cli::as_nobody(&store, &new_notice).unwrap(),
            "l'archivio è in sola lettura",
        );
        let en = [&["--lang", "en"][..], &new_notice].concat();
        refused(
            &cli::as_nobody(&store, &en).unwrap(),
            "the store file is read-only",
        );

        assert_eq!(std::fs::read(&store).unwrap(), before, "{folder}");
        assert_eq!(
            names_in(&here),
            ["s.db"],
            "{folder}: no side files left behind"
        );
    }

    // A file of their own that they may not write: the refusal names the folder's permission.
    let closed = dir.path().join("chiusa").join("x.pdf");
    let store = dir.path().join("chiusa").join("s.db");
    let o = cli::as_nobody(
        &store,
        &[
            "statement",
            "--child",
            &child,
            "-o",
            closed.to_str().unwrap(),
        ],
    )
    .unwrap();
    refused(&o, "permesso negato");

    // While the owner has the store open (its write-ahead log beside the file), a reader sees the
    // owner's latest changes.
    let owner = rusqlite::Connection::open(&store).unwrap();
    owner
        .execute(
            "UPDATE parents SET surname = 'NUOVOCOGNOME' WHERE id = 1",
            [],
        )
        .unwrap();
    assert!(names_in(&dir.path().join("chiusa")).contains(&"s.db-wal".to_string()));
    let o = cli::as_nobody(&store, &["search", "NUOVOCOGNOME"]).unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(cli::stdout(&o).contains("NUOVOCOGNOME"));
    drop(owner);
}

#[test]
fn documents_the_desk_saves_twice_are_both_kept_each_with_its_table() {
    use sportello::paper::{Delivery, Outbox, Sent, document::What};
    let dir = tempfile::tempdir().unwrap();
    let db = cli::demo(dir.path(), 10);
    let child = one_value(&db, "SELECT cf FROM children LIMIT 1");
    let store = std::sync::Arc::new(sportello::store::Store::open(&db).unwrap());
    let b = sportello::store::LocalBackend::acting_as(
        store,
        sportello::store::LocalBackend::cli_operator(),
    );
    let config = sportello::config::Config::load(None).unwrap();
    let docs = dir.path().join("documenti");
    let outbox = Outbox {
        logo: sportello::paper::DEMO_LOGO.to_vec(),
        mail: config.mail.clone(),
        print: config.print.clone(),
        dir: docs.clone(),
    };
    let what = What::Statement {
        child_cf: child,
        service: None,
        year: None,
    };
    let saved: Vec<std::path::PathBuf> = (0..3)
        .map(
            |_| match outbox.send_document(&b, &what, Delivery::Save).unwrap() {
                Sent::Saved(p) => p,
                other => panic!("{other:?}"),
            },
        )
        .collect();
    let stem = saved[0].file_stem().unwrap().to_str().unwrap().to_string();
    let mut expected: Vec<String> = ["", "-2", "-3"]
        .iter()
        .flat_map(|n| [format!("{stem}{n}.csv"), format!("{stem}{n}.pdf")])
        .collect();
    expected.sort();
    assert_eq!(names_in(&docs), expected);
    assert_eq!(saved[2], docs.join(format!("{stem}-3.pdf")));
}
