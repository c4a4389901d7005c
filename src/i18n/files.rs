//! Messages about files and the command line itself: the arguments, the documents written, a store
//! the user may only read.

pub use super::{Pair, Text};

/// " (sportello --help)", the hint ending every argument error.
fn with_help(it: String, en: String) -> Pair {
    (
        format!("{it} (vedere sportello --help)"),
        format!("{en} (see sportello --help)"),
    )
}

pub fn args_not_utf8() -> Pair {
    with_help(
        "un argomento contiene caratteri non validi (il testo non è UTF-8)".into(),
        "an argument holds invalid characters (the text is not UTF-8)".into(),
    )
}

pub fn unknown_argument(arg: &str) -> Pair {
    with_help(
        format!("argomento sconosciuto: {arg}"),
        format!("unknown argument: {arg}"),
    )
}

pub fn unknown_command(cmd: &str) -> Pair {
    with_help(
        format!("comando sconosciuto: {cmd}"),
        format!("unknown command: {cmd}"),
    )
}

pub fn invalid_value(arg: &str, value: &str) -> Pair {
    with_help(
        format!("valore non valido per {arg}: «{value}»"),
        format!("invalid value for {arg}: \"{value}\""),
    )
}

pub fn missing_argument(args: &str) -> Pair {
    with_help(
        format!("manca un argomento obbligatorio: {args}"),
        format!("a required argument is missing: {args}"),
    )
}

pub fn missing_command() -> Pair {
    with_help("manca il comando".into(), "the command is missing".into())
}

pub fn conflicting_arguments(arg: &str, other: &str) -> Pair {
    with_help(
        format!("{arg} non si può usare insieme a {other}"),
        format!("{arg} cannot be used with {other}"),
    )
}

pub fn bad_arguments(arg: &str) -> Pair {
    let (it, en) = if arg.is_empty() {
        (
            "argomenti non validi".to_string(),
            "invalid arguments".to_string(),
        )
    } else {
        (
            format!("argomento non valido: {arg}"),
            format!("invalid argument: {arg}"),
        )
    };
    with_help(it, en)
}

pub fn is_a_folder(path: &std::path::Path) -> Pair {
    let p = path.display();
    (
        format!("{p}: è una cartella, non un file (indicare il nome del file)"),
        format!("{p}: is a folder, not a file (give a file name)"),
    )
}

pub fn no_such_folder(dir: &std::path::Path) -> Pair {
    let p = dir.display();
    (
        format!("{p}: la cartella non esiste (nessun file scritto)"),
        format!("{p}: no such folder (no file written)"),
    )
}

pub fn file_exists(path: &std::path::Path) -> Pair {
    let p = path.display();
    (
        format!("{p}: il file esiste già e non è stato toccato (--force per sostituirlo)"),
        format!("{p}: the file already exists and was left alone (--force to replace it)"),
    )
}

pub fn no_permission(path: &std::path::Path) -> Pair {
    let p = path.display();
    (
        format!("{p}: permesso negato, qui non si può scrivere (nessun file scritto)"),
        format!("{p}: permission denied, cannot write here (no file written)"),
    )
}

pub fn disk_full(path: &std::path::Path) -> Pair {
    let p = path.display();
    (
        format!("{p}: il disco è pieno (nessun file scritto)"),
        format!("{p}: the disk is full (no file written)"),
    )
}

pub fn cannot_write(path: &std::path::Path, e: &dyn std::fmt::Display) -> Pair {
    let p = path.display();
    (
        format!("{p}: impossibile scrivere il file ({e})"),
        format!("{p}: cannot write the file ({e})"),
    )
}

pub fn written(path: &std::path::Path) -> Pair {
    let p = path.display();
    (format!("Scritto: {p}"), format!("Written: {p}"))
}

pub fn store_read_only(path: &std::path::Path) -> Pair {
    let p = path.display();
    (
        format!("{p}: l'archivio è in sola lettura per questo utente; nessuna modifica eseguita"),
        format!("{p}: the store file is read-only for this user; nothing was changed"),
    )
}

pub fn read_only_outdated(path: &std::path::Path) -> Pair {
    let p = path.display();
    (
        format!(
            "{p}: l'archivio va aggiornato a questa versione di sportello, ma questo utente può solo leggerlo (il file non è stato modificato)"
        ),
        format!(
            "{p}: the store needs updating to this version of sportello, but this user may only read it (the file was not modified)"
        ),
    )
}
