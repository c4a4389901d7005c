//! The central API: sportello serve.
