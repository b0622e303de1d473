//! The engine parses each page's Markdown in one place and each `.ftl` file in one place (issue: "Markdown parsed
//! three times per page", five walkers and seven Fluent parsers). This test reads the engine's sources and fails if
//! a second parse site appears outside tests, so a new feature has to take what the one pass already yields.

use std::path::Path;

/// (what, the only files allowed to construct it outside `#[cfg(test)]`).
const PARSE_SITES: &[(&str, &[&str])] = &[
    // The Markdown pass; pseudo-locales transform the default language's text into new pages (only with --pseudo);
    // gettext translation turns a page's Markdown into the translated Markdown the pass then reads (po/segment.rs);
    // SUMMARY.md, which is not a page, is read once at load (mdbook/summary.rs).
    ("Parser::new", &["markdown.rs", "pseudo.rs", "segment.rs", "summary.rs"]),
    ("FluentResource::try_new", &["i18n.rs"]),
    ("fluent_syntax::parser::parse", &[]),
    ("fluent_bundle::FluentResource::try_new", &[]),
];

#[test]
fn markdown_and_fluent_are_parsed_in_one_place() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&src).into_iter().map(Result::unwrap) {
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // Only the code before the unit tests counts.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (what, allowed) in PARSE_SITES {
            let n = code.matches(what).count();
            if n > 0 && !allowed.contains(&name.as_str()) {
                problems.push(format!("{name}: {n} × `{what}` (allowed only in {allowed:?})"));
            }
            if allowed.contains(&name.as_str()) && n > 1 {
                problems.push(format!(
                    "{name}: `{what}` appears {n} times; the one pass should be the only one"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "second parse sites:\n{}", problems.join("\n"));
}
