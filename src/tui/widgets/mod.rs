//! Widgets reused across screens.

pub mod field;
