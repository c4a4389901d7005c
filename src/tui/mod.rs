//! The help-desk terminal app.
