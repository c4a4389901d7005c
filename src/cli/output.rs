//! The files a command writes (`-o`, `--csv`): an existing file is kept unless `--force`, a path that
//! cannot take the file is refused before any work, and the user is told where the file went.

use std::path::{Path, PathBuf};

use super::Ctx;
use crate::i18n::files as f;
use crate::paper::{write_atomically, write_error, write_new};

/// How a command hands over a list: `--json`, and `--csv FILE` (`--force` to replace a file there).
#[derive(Debug, clap::Args)]
pub struct ListOutput {
    #[arg(long)]
    pub json: bool,
    /// Also write the list as CSV (`;`, Italian decimals) to this file.
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Replace a file already at --csv (without it an existing file is refused).
    #[arg(long)]
    pub force: bool,
}

impl ListOutput {
    /// Before the work: refuses a `--csv` path that cannot take the file.
    pub fn check(&self, ctx: &Ctx) -> Result<(), String> {
        match &self.csv {
            Some(path) => check(ctx, path, self.force),
            None => Ok(()),
        }
    }

    /// After the work: writes the CSV `table` makes, when `--csv` asks for it.
    pub fn write_csv(&self, ctx: &Ctx, table: impl FnOnce() -> String) -> Result<(), String> {
        match &self.csv {
            Some(path) => write(ctx, path, table().as_bytes(), self.force),
            None => Ok(()),
        }
    }
}

/// Refuses a path that cannot take the file: a folder, a folder that does not exist, an existing
/// file (unless `force`). Called before the work, so a refusal changes nothing.
pub fn check(ctx: &Ctx, path: &Path, force: bool) -> Result<(), String> {
    let refuse = |pair| Err(ctx.lang.pair(pair));
    if path.is_dir() {
        return refuse(f::is_a_folder(path));
    }
    let dir = folder_of(path);
    if !dir.is_dir() {
        return refuse(f::no_such_folder(dir));
    }
    if !force && path.symlink_metadata().is_ok() {
        return refuse(f::file_exists(path));
    }
    Ok(())
}

/// Writes `bytes` to `path` (replacing a file there only with `force`) and says where, in full.
pub fn write(ctx: &Ctx, path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    check(ctx, path, force)?;
    let written = if force {
        write_atomically(path, bytes)
    } else {
        write_new(path, bytes)
    };
    written.map_err(|e| ctx.lang.pair(write_error(path, &e)))?;
    eprintln!("{}", ctx.lang.pair(f::written(&full_path(path))));
    Ok(())
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn full_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}
