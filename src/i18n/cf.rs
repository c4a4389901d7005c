//! Messages about codici fiscali.
