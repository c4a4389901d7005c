//! Paper and e-mail: the documents a parent takes home (payment notice, 730 certificate, credentials
//! letter, statement) as PDF and CSV, sent by e-mail or to the office printer.

pub mod certificate;
pub mod letter;
pub mod mail;
pub mod notice;
pub mod pdf;
pub mod print;
pub mod statement;
mod table;

/// The demo comune's emblem, used when the configuration names no logo.
pub const DEMO_LOGO: &[u8] = include_bytes!("../../assets/logo-demo.png");
