//! The default theme's templates hold no user-visible text of their own: every word comes from Fluent via `t()`.
//!
//! Text outside tags, and the values of attributes people read (alt, title, aria-label, placeholder, content of
//! description metas), must be template expressions. Letters left over after removing tags, Tera blocks and
//! expressions are hard-coded text.

mod support;

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

/// Every HTML file of a memory build of the project at `root`.
fn html_pages(root: &Path) -> std::collections::BTreeMap<String, String> {
    let report = polydoc_site::build(&polydoc_site::BuildOptions {
        root: root.to_path_buf(),
        in_memory: true,
        ..polydoc_site::BuildOptions::default()
    })
    .unwrap_or_else(|f| panic!("{f}"));
    report
        .memory
        .expect("memory build")
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

/// The default theme's page and sidebar templates are also written in Rust (`page_template.rs`), used while the
/// theme's `base.html`, `page.html`, `switcher.html` and `nav.html` are the shipped ones. A project that overrides `page.html` with
/// the same template plus a comment gets Tera instead: every page must come out the same, on the shipped guide
/// and on fixtures that use the optional parts (an mdBook book: repository and edit links, extra CSS and JS,
/// page titles of its own, untranslated pages).
#[test]
fn the_rust_page_template_writes_what_tera_writes() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    // What to copy into the project's folder, and where below it.
    let shipped = ["book.toml", "content", "locales"].map(|p| (repo.join(p), p));
    let projects: [(&str, Vec<(std::path::PathBuf, &str)>); 4] = [
        ("the shipped guide", shipped.to_vec()),
        ("sites/basic", vec![(fixtures.join("sites/basic"), "")]),
        ("mdbook/book", vec![(fixtures.join("mdbook/book"), "")]),
        (
            "mdbook/book with po",
            vec![
                (fixtures.join("mdbook/book"), ""),
                (fixtures.join("mdbook/with-po"), ""),
            ],
        ),
    ];
    let page = std::fs::read_to_string(repo.join("themes/default/templates/page.html")).unwrap();
    for (name, parts) in projects {
        let dir = tempfile::tempdir().unwrap();
        for (from, to) in &parts {
            let to = dir.path().join(to);
            if from.is_dir() {
                support::copy_tree(from, &to);
            } else {
                std::fs::copy(from, to).unwrap();
            }
        }
        let rust = html_pages(dir.path());
        let templates = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(
            templates.join("page.html"),
            format!("{page}{{# Tera, not page_template.rs #}}\n"),
        )
        .unwrap();
        let tera = html_pages(dir.path());
        assert_eq!(
            rust.keys().collect::<Vec<_>>(),
            tera.keys().collect::<Vec<_>>(),
            "{name}: the same files"
        );
        let pages = rust.keys().filter(|p| p.ends_with("/index.html")).count();
        assert!(pages >= 4, "{name}: {pages} pages");
        for (path, html) in &rust {
            assert!(
                html == &tera[path],
                "{name}: {path} differs:\n{}",
                first_difference(html, &tera[path])
            );
        }
    }
}

/// Where two texts part, with some context.
fn first_difference(a: &str, b: &str) -> String {
    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let from = a[..at].char_indices().rev().nth(80).map_or(0, |(i, _)| i);
    let cut = |s: &str| s[from..].chars().take(200).collect::<String>();
    format!("rust: {:?}\ntera: {:?}", cut(a), cut(b))
}
