//! Test harness for polydoc's end-to-end tests: builds the shipped site with the compiled checker
//! widget, serves it on loopback under a base path, starts headless Chromium (always cleaned up),
//! and offers helpers to drive the checker, read verdict texts from the Fluent files and crawl links.
//!
//! The tests live in `tests/`: `checker.rs` (every fake-GitLab scenario, both languages, security),
//! `checker_page.rs` (the server-rendered form and layout shift, the origin line and look-alike
//! confirmation, the emptied token field, redirect, body cap, bidi isolation, the stopped panel),
//! `reading.rs` (no-JS reading, language redirect and switcher, theme) and `crawl.rs` (every page
//! answers, no broken links). They need `cargo xtask build` first; `cargo xtask test` does both.

pub mod axe;
pub mod browser;
pub mod checker;
pub mod crawl;
pub mod expect;
pub mod ftl;
pub mod http;
pub mod site;

pub use browser::{Browser, BrowserOptions, with_browser};
pub use expect::Expect;
pub use site::Site;
