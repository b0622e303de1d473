//! polydoc-site: the engine that turns `book.toml`, `content/`, `locales/` and a theme into a multilingual static site.
//!
//! One direction: [`config`] → [`content`] + [`i18n`] + [`theme`] → [`markdown`] (per page and language, in parallel)
//! → [`links`] → [`render`] (Tera) → [`output`] (staging folder, then swap). See ARCHITECTURE.md.

pub mod a11y;
pub mod add;
pub mod alternates;
pub mod checker;
pub mod config;
pub mod content;
pub mod csp;
pub mod diag;
pub mod frontmatter;
pub mod i18n;
pub mod links;
pub mod markdown;
pub mod output;
pub mod pseudo;
pub mod rawhtml;
pub mod render;
pub mod search;
pub mod site;
pub mod status;
pub mod theme;

pub use diag::{Diagnostic, Diagnostics, Location, Severity};
pub use site::{BuildFailure, BuildOptions, BuildReport, build};
