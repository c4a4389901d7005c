//! sportello: the terminal app of a comune's school-services help desk.
//!
//! `domain` holds the pure rules; `backend` is the one trait every front end talks to;
//! `store` is the offline SQLite implementation; `cli` the scriptable command line.

pub mod api;
pub mod assets;
pub mod backend;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod logging;
pub mod pagopa;
pub mod paper;
pub mod qr;
pub mod remote;
pub mod server;
pub mod store;
pub mod text;
pub mod tui;
