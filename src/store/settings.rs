//! The ente's settings kept in the store, so every desk and the central API print the same identity.

use rusqlite::{Connection, OptionalExtension, params};

use crate::backend::{BResult, Ente};

pub fn get(conn: &Connection, key: &str) -> BResult<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> BResult<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn ente(conn: &Connection) -> BResult<Ente> {
    Ok(Ente {
        name: get(conn, "ente.name")?.unwrap_or_else(|| "Comune".into()),
        fiscal_code: get(conn, "ente.fiscal_code")?.unwrap_or_default(),
        segregation_code: get(conn, "ente.segregation_code")?
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        cbill: get(conn, "ente.cbill")?.unwrap_or_default(),
    })
}

pub fn set_ente(conn: &Connection, ente: &Ente) -> BResult<()> {
    set(conn, "ente.name", &ente.name)?;
    set(conn, "ente.fiscal_code", &ente.fiscal_code)?;
    set(
        conn,
        "ente.segregation_code",
        &ente.segregation_code.to_string(),
    )?;
    set(conn, "ente.cbill", &ente.cbill)
}
