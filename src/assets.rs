//! Files built into the program. Kept apart so that the configuration (which falls back to them) and
//! the documents (which print them) read them without reading each other.

/// The demo comune's emblem, used when the configuration names no logo.
pub const DEMO_LOGO: &[u8] = include_bytes!("../assets/logo-demo.png");
