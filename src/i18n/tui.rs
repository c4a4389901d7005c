//! Every user-facing string of the terminal app, Italian and English side by side.
