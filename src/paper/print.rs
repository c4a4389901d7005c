//! Printing: a PDF sent to the office printer with `lp` (CUPS) when `[print] printer` names one.

use std::io::Write;

use crate::backend::{BResult, BackendError, ErrorKind};
use crate::config::PrintConfig;
use crate::i18n::errors;

pub fn enabled(cfg: &PrintConfig) -> bool {
    !cfg.printer.trim().is_empty()
}

/// Sends the PDF to the printer; `title` names the job in the printer's queue (no personal data).
pub fn print(cfg: &PrintConfig, pdf: &[u8], title: &str) -> BResult<()> {
    if !enabled(cfg) {
        return Err(BackendError::text(ErrorKind::Invalid, errors::NO_PRINTER));
    }
    let mut file = tempfile::Builder::new()
        .prefix("sportello-")
        .suffix(".pdf")
        .tempfile()
        .map_err(BackendError::internal)?;
    file.write_all(pdf).map_err(BackendError::internal)?;
    let out = std::process::Command::new(&cfg.command)
        .args(["-d", cfg.printer.trim(), "-t", title])
        .arg(file.path())
        .output();
    match out {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(failed(cfg, String::from_utf8_lossy(&o.stderr).trim())),
        Err(e) => Err(failed(cfg, &e.to_string())),
    }
}

fn failed(cfg: &PrintConfig, why: &str) -> BackendError {
    BackendError::pair(
        ErrorKind::Unavailable,
        errors::print_failed(&cfg.printer, why),
    )
}
