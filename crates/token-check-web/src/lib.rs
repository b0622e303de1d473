//! The in-page token checker widget: a thin wasm edge over `token-check`. On start it mounts
//! a form into every `.token-checker` placeholder the site builder wrote, pre-checks the
//! fields locally, drives `token_check::Check` with `fetch`, and renders the verdict with the
//! page's message catalogue. The pure parts (catalogue interpreter, layout decisions) build
//! and test natively; the DOM and network code exists only on wasm32.

pub mod catalogue;
pub mod heap;
pub mod view;

#[cfg(target_arch = "wasm32")]
mod web;
