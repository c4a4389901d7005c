//! Finding a person's row from a codice fiscale: shared by every part of the store that starts
//! from a code, kept apart so those parts need not import each other.

use rusqlite::Connection;

use super::OptionalRow;
use crate::backend::{BResult, BackendError};
use crate::domain::codice_fiscale;

/// A child's id and paying parent from its codice fiscale.
pub(super) fn child_ids(conn: &Connection, cf: &str) -> BResult<(i64, i64)> {
    let code = codice_fiscale::normalize(cf);
    conn.prepare_cached("SELECT id, paying_parent_id FROM children WHERE cf = ?1")?
        .query_row([code], |r| Ok((r.get(0)?, r.get(1)?)))
        .or_not_found("Alunno", "Child")
}

/// A parent's id from the codice fiscale.
pub(super) fn parent_id(conn: &Connection, cf: &str) -> BResult<i64> {
    let code = codice_fiscale::normalize(cf);
    conn.prepare_cached("SELECT id FROM parents WHERE cf = ?1")?
        .query_row([code], |r| r.get(0))
        .or_not_found("Genitore", "Parent")
}

/// Refuses a malformed codice fiscale with the reason, before any lookup.
pub(super) fn valid_cf(field: &str, cf: &str) -> BResult<codice_fiscale::CodiceFiscale> {
    codice_fiscale::CodiceFiscale::parse(cf).map_err(|e| BackendError::invalid(field, &e))
}
