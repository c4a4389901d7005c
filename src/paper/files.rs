//! Writing documents to disk: never half a file, and never over someone else's file unless asked.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::i18n::{Pair, files as f};

/// Writes through a temporary file renamed into place, replacing whatever was at `path`: a failure
/// never leaves half a document.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temporary_beside(path);
    write_then(&tmp, bytes, |tmp| std::fs::rename(tmp, path))
}

/// Writes a file that must not exist yet (`AlreadyExists` otherwise), as atomically as
/// `write_atomically`: the name is claimed first, so two writers never both believe they wrote it.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let tmp = temporary_beside(path);
    write_then(&tmp, bytes, |tmp| std::fs::rename(tmp, path)).inspect_err(|_| {
        let _ = std::fs::remove_file(path);
    })
}

/// Writes `filename` into `dir` under a name no file there has yet: `avviso.pdf`, else
/// `avviso-2.pdf`, `avviso-3.pdf`... Returns the path written.
pub fn write_unique(dir: &Path, filename: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    let name = Path::new(filename);
    let stem = name.file_stem().unwrap_or_default().to_string_lossy();
    let ext = name
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    for n in 1u32.. {
        let path = if n == 1 {
            dir.join(filename)
        } else {
            dir.join(format!("{stem}-{n}{ext}"))
        };
        match write_new(&path, bytes) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            other => return other.map(|_| path),
        }
    }
    unreachable!("some name is free")
}

/// A hidden name in the same folder (so the rename stays on one file system), unique to this process.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.{}.part", std::process::id()))
}

fn write_then(
    tmp: &Path,
    bytes: &[u8],
    publish: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let written = std::fs::File::create(tmp)
        .and_then(|mut file| file.write_all(bytes).and_then(|_| file.sync_all()))
        .and_then(|_| publish(tmp));
    written.inspect_err(|_| {
        let _ = std::fs::remove_file(tmp);
    })
}

/// Why a document could not be written to `path`, in words a user acts on.
pub fn write_error(path: &Path, e: &io::Error) -> Pair {
    if path.is_dir() {
        return f::is_a_folder(path);
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match e.kind() {
        io::ErrorKind::AlreadyExists => f::file_exists(path),
        io::ErrorKind::NotFound if !dir.is_dir() => f::no_such_folder(dir),
        io::ErrorKind::NotADirectory => f::no_such_folder(dir),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            f::no_permission(path)
        }
        io::ErrorKind::StorageFull => f::disk_full(path),
        _ => f::cannot_write(path, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_saved_under_one_name_never_overwrite_one_another() {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<PathBuf> = (1..=3)
            .map(|i| write_unique(dir.path(), "avviso-302.pdf", format!("{i}").as_bytes()).unwrap())
            .collect();
        assert_eq!(
            names,
            ["avviso-302.pdf", "avviso-302-2.pdf", "avviso-302-3.pdf"].map(|n| dir.path().join(n))
        );
        for (i, p) in names.iter().enumerate() {
            assert_eq!(std::fs::read_to_string(p).unwrap(), (i + 1).to_string());
        }
        let csv = write_unique(dir.path(), "avviso-302.csv", b"x").unwrap();
        assert_eq!(
            csv,
            dir.path().join("avviso-302.csv"),
            "another extension, its own sequence"
        );
        let mut all: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        all.sort();
        assert_eq!(all.len(), 4, "no temporary file left: {all:?}");
    }

    #[test]
    fn a_new_file_is_not_written_over_an_existing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mio.pdf");
        std::fs::write(&path, b"mine").unwrap();
        let e = write_new(&path, b"theirs").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).unwrap(), b"mine");
        write_atomically(&path, b"replaced").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"replaced");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
