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
