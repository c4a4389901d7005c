//! The Backend over HTTP: the remote client of the central API.
