//! The domain's checked values as SQLite columns: written as the text or integer they are, and
//! checked again when read, so a row that breaks a rule is an error and not a wrong value on a screen.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::codice_fiscale::CodiceFiscale;
use crate::domain::money::{Amount, Cents};
use crate::domain::notice::NoticeNumber;

fn other(e: impl std::error::Error + Send + Sync + 'static) -> FromSqlError {
    FromSqlError::Other(Box::new(e))
}

impl ToSql for CodiceFiscale {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for CodiceFiscale {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        CodiceFiscale::parse(value.as_str()?).map_err(other)
    }
}

impl ToSql for NoticeNumber {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for NoticeNumber {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        NoticeNumber::parse(value.as_str()?).map_err(other)
    }
}

impl ToSql for Cents {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.get()))
    }
}

impl FromSql for Cents {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(Cents)
    }
}

impl ToSql for Amount {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.get()))
    }
}

impl FromSql for Amount {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Amount::new(i64::column_result(value)?).map_err(other)
    }
}
