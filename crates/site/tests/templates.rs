//! The default theme's templates hold no user-visible text of their own: every word comes from Fluent via `t()`.
//!
//! Text outside tags, and the values of attributes people read (alt, title, aria-label, placeholder, content of
//! description metas), must be template expressions. Letters left over after removing tags, Tera blocks and
//! expressions are hard-coded text.

use std::path::Path;

const READ_ATTRIBUTES: &[&str] = &["alt", "title", "aria-label", "placeholder", "label"];

/// Remove `{{ … }}`, `{% … %}` and `{# … #}`.
fn strip_tera(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(['{']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let close = if tail.starts_with("{{") {
            "}}"
        } else if tail.starts_with("{%") {
            "%}"
        } else if tail.starts_with("{#") {
            "#}"
        } else {
            out.push('{');
            rest = &tail[1..];
            continue;
        };
        match tail.find(close) {
            Some(j) => rest = &tail[j + 2..],
            None => return out,
        }
        out.push('\u{1}'); // an expression stood here
    }
    out.push_str(rest);
    out
}

/// Problems in one template: hard-coded text nodes and read attributes without an expression.
fn hard_coded(template: &str) -> Vec<String> {
    let s = strip_tera(template);
    let mut problems = Vec::new();
    let mut rest = s.as_str();
    while !rest.is_empty() {
        match rest.find('<') {
            Some(i) => {
                let text = &rest[..i];
                if text.chars().any(char::is_alphabetic) {
                    problems.push(format!("text `{}`", text.trim()));
                }
                let Some(end) = rest[i..].find('>') else { break };
                let tag = &rest[i..i + end];
                for attr in READ_ATTRIBUTES {
                    let needle = format!(" {attr}=\"");
                    if let Some(a) = tag.find(&needle) {
                        let value = &tag[a + needle.len()..];
                        let value = &value[..value.find('"').unwrap_or(value.len())];
                        if value.chars().any(char::is_alphabetic) || !value.contains('\u{1}') {
                            problems.push(format!("attribute `{attr}=\"{value}\"` in `{tag}>`"));
                        }
                    }
                }
                rest = &rest[i + end + 1..];
            }
            None => {
                if rest.chars().any(char::is_alphabetic) {
                    problems.push(format!("text `{}`", rest.trim()));
                }
                break;
            }
        }
    }
    problems
}

#[test]
fn default_theme_has_no_hard_coded_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default/templates");
    let mut all = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for p in hard_coded(&text) {
            all.push(format!("{}: {p}", path.file_name().unwrap().to_string_lossy()));
        }
    }
    assert!(
        all.is_empty(),
        "hard-coded strings in templates (use t(id=…)):\n{}",
        all.join("\n")
    );
}

#[test]
fn the_check_finds_hard_coded_text() {
    let cases = [
        ("<p>Hello</p>", 1),
        ("<p>{{ t(id=\"hello\") }}</p>", 0),
        ("<a title=\"Next page\" href=\"x\">{{ t(id=\"n\") }}</a>", 1),
        ("<a title=\"{{ t(id='n') }}\">{{ x }}</a>", 0),
        ("{# a comment with words #}<span aria-hidden=\"true\">#</span>", 0),
        ("<button aria-label=\"\">{{ y }}</button>", 1),
    ];
    for (template, n) in cases {
        assert_eq!(hard_coded(template).len(), n, "{template}: {:?}", hard_coded(template));
    }
}
