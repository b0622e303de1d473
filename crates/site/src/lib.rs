//! polydoc-site: the engine that turns `book.toml`, `content/`, `locales/` and a theme into a multilingual static site.
//!
//! The build is a driver ([`build()`]) over named stages: [`Project::load`] → `plan` → `check` (the one Markdown pass
//! per page, in parallel, and the link check) → `nav` and `views` → `emit` (through a `write::Writer`: a staging
//! folder swapped in at the end, or memory). See ARCHITECTURE.md. The public API is this page: the build, the
//! project loader, the translator's tools (`status`, `add`) and diagnostics.

pub mod add;
pub mod diag;
pub mod init;
pub mod status;

mod a11y;
mod alternates;
mod assets;
mod build;
mod bytes8;
mod check;
mod checker;
mod config;
mod content;
mod csp;
mod deferred;
mod emit;
mod frontmatter;
mod highlight;
mod i18n;
mod images;
mod links;
mod markdown;
// Wired (issue 10); a few helpers (`mdbook_options`, `Chapter::label`) serve only the module's own tests.
#[allow(dead_code)]
mod mdbook;
mod nav;
mod output;
mod page_template;
mod plan;
// Wired (issue 10); message extraction (`segment::messages`) serves only the tests against mdbook-i18n-helpers.
#[allow(dead_code)]
mod po;
mod project;
mod pseudo;
mod rawhtml;
mod render;
mod resolve;
mod search;
mod session;
mod simple_shell;
mod text;
mod theme;
mod timings;
mod translation;
mod views;
mod write;

pub use build::{BuildFailure, BuildOptions, BuildReport, Progress, build};
pub use config::{Config, Direction, Language};
pub use content::{Content, Page, short_hash};
pub use csp::uses_html_sink;
pub use diag::{Diagnostic, Diagnostics, Location, Severity};
pub use i18n::Catalog;
pub use project::Project;
pub use search::{QueryCost, query_cost};
pub use session::Session;
pub use text::percent_decode;
pub use write::overwrite;

/// The pulldown-cmark options of the Markdown pass, for the bench's render-only floor.
pub fn markdown_options() -> pulldown_cmark::Options {
    markdown::options()
}

/// Used by tests and tools: the root of this repository's shipped site.
pub fn repo_root() -> &'static std::path::Path {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}
