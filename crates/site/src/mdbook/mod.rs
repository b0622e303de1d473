//! mdBook compatibility: the pieces that read a book written for mdBook (its `SUMMARY.md`, its preprocessor
//! directives, its heading ids and its `book.toml` keys), each self-contained so the build can call it.

pub(crate) mod config;
pub(crate) mod hidden;
pub(crate) mod ids;
pub(crate) mod include;
pub(crate) mod summary;
