//! Pure domain rules: no I/O, no async. Most unit tests of the crate live here.

pub mod birthplaces;
pub mod cf_ente;
pub mod codice_fiscale;
pub mod enrolment;
pub mod iban;
pub mod italian_time;
pub mod kiosk;
pub mod lockout;
pub mod meals;
pub mod money;
pub mod name_key;
pub mod notice;
pub mod phone;
pub mod schooling;
pub mod staff_lockout;
pub mod tariff;
pub mod transliteration;
pub mod wire;
