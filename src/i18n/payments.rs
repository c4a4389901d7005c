//! Messages about money, notice numbers and the ente fiscal code.
