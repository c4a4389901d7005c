//! Widgets reused across screens.

pub mod field;
pub mod form;
pub mod list;
