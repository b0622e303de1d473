//! Shared test helpers: fixture loading and a stub for the browser's IDNA conversion.
#![allow(dead_code)]

use std::path::PathBuf;

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gitlab")
        .join(name)
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).unwrap_or_else(|e| panic!("reading fixture {name}: {e}"))
}

/// `key=value` lines of example_tokens.txt.
pub fn example_token(key: &str) -> String {
    fixture("example_tokens.txt")
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix('=').map(str::to_owned))
        .unwrap_or_else(|| panic!("no {key} in example_tokens.txt"))
}

/// Stands in for the browser's `URL` API: knows a few internationalized names.
pub fn to_ascii(name: &str) -> Option<String> {
    match name {
        "bücher.example" => Some("xn--bcher-kva.example".into()),
        "gitlab.españa.example" => Some("gitlab.xn--espaa-rta.example".into()),
        _ => None,
    }
}
