//! How this process may use the store file: to write, or only to read it (a file the user may not
//! write, shared by its owner or copied read-only). Reading must leave no trace beside the file: a
//! `-wal`/`-shm` pair created by a user who cannot clean it up would make the owner's next session
//! read-only too.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Read and write (creating the file if missing): the normal case.
    Write,
    /// Read-only, sharing the write-ahead log a writer keeps open beside the file.
    Read,
    /// Read-only with no log beside the file: everything is in the file itself, which SQLite then
    /// reads without locks or side files (`immutable`).
    ReadFileOnly,
}

impl Access {
    /// `Write` unless the file exists and this user may not write it.
    pub fn for_file(path: &Path) -> Access {
        let denied = matches!(
            std::fs::OpenOptions::new().write(true).open(path),
            Err(e) if matches!(
                e.kind(),
                std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
            )
        );
        if !denied {
            Access::Write
        } else if wal_of(path).exists() {
            Access::Read
        } else {
            Access::ReadFileOnly
        }
    }

    pub fn read_only(self) -> bool {
        self != Access::Write
    }

    /// A connection to `path`; `reader` asks for a read-only one even when the store is writable.
    pub fn connect(self, path: &Path, reader: bool) -> rusqlite::Result<Connection> {
        // One connection behind our own mutex: SQLite's per-call locking is not needed.
        let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX;
        match self {
            Access::Write if !reader => Connection::open_with_flags(
                path,
                flags | OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            ),
            Access::Write | Access::Read => {
                Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_READ_ONLY)
            }
            Access::ReadFileOnly => Connection::open_with_flags(
                format!("file:{}?immutable=1", uri_path(path)),
                flags | OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI,
            ),
        }
    }
}

fn wal_of(path: &Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    name.into()
}

/// The path as a URI path: every byte but the plainest percent-encoded (`?`, `#`, `%` and spaces
/// would otherwise cut or change it).
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(absolute.as_os_str()).to_vec();
    #[cfg(not(unix))]
    let bytes = absolute.to_string_lossy().replace('\\', "/").into_bytes();
    let mut out = String::new();
    for &b in &bytes {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_file_names_survive_the_uri() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("archivio 50% ?#.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (7);")
            .unwrap();
        let c = Access::ReadFileOnly.connect(&path, false).unwrap();
        let x: i64 = c.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 7);
    }
}
