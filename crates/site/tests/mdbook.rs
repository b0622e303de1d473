//! Books in mdBook's layout, built unchanged (issue 10): `tests/fixtures/mdbook/book` is a book exactly as
//! mdBook lays it out (`book.toml` with mdBook-only keys, `src/SUMMARY.md` with parts, drafts, nesting and
//! suffix chapters, no front matter, `{{#include}}` with anchors, `.html` links, links out of the book). Its
//! output is snapshotted; the overlays below pin where include problems are reported and that an included
//! file's change reaches its includer in `serve`'s incremental builds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod support;
use support::{copy_tree, redact_hashes};

use polydoc_site::{BuildOptions, Session, build};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mdbook/book")
}

fn memory_build(root: &Path) -> Result<polydoc_site::BuildReport, polydoc_site::BuildFailure> {
    build(&BuildOptions {
        root: root.to_path_buf(),
        in_memory: true,
        ..BuildOptions::default()
    })
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in {:?}", files.keys()));
    redact_hashes(&String::from_utf8_lossy(bytes))
}

/// The part of a page that its content and the book's settings decide: head links, header, sidebar, main.
fn page_parts(html: &str) -> String {
    let mut out = String::new();
    for line in html.lines() {
        let l = line.trim();
        if l.starts_with("<link rel=\"stylesheet\"")
            || l.starts_with("<script src")
            || l.starts_with("<title>")
            || l.contains("repository-link")
        {
            out.push_str(l);
            out.push('\n');
        }
    }
    // The sidebar, whole: its numbers, parts, separators and drafts.
    if let Some(a) = html.find("<ol class=\"nav-list\">")
        && let Some(b) = html[a..].find("</nav>")
    {
        out.push_str(html[a..a + b].trim());
        out.push('\n');
    }
    if let (Some(a), Some(b)) = (html.find("<main"), html.find("</main>")) {
        out.push_str(&html[a..b + 7]);
        out.push('\n');
    }
    out
}

#[test]
fn a_book_in_mdbooks_layout_builds_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    let report = memory_build(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let files = report.memory.expect("memory build");
    let mut warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    warnings.sort();
    insta::assert_snapshot!("warnings", warnings.join("\n\n"));
    insta::assert_snapshot!(
        "listing",
        files.keys().map(|k| redact_hashes(k)).collect::<Vec<_>>().join("\n")
    );
    for page in [
        "en/index.html",
        "en/guide/installation/index.html",
        "en/guide/reading/index.html",
        "en/guide/listings/index.html",
        "en/reference/index.html",
    ] {
        insta::assert_snapshot!(page.replace('/', "_"), page_parts(&text(&files, page)));
    }
    // Each old mdBook address leads to the new one; the settings' redirects too.
    for old in ["guide/installation.html", "reference/index.html", "old-install.html"] {
        insta::assert_snapshot!(format!("redirect_{}", old.replace('/', "_")), text(&files, old));
    }
}

#[test]
fn include_problems_point_at_the_file_that_has_them() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    let src = dir.path().join("src");
    // A missing file, a missing anchor, and a broken link inside an included file.
    std::fs::write(
        src.join("misc/contributors.md"),
        "# Contributors\n\n{{#include missing.md}}\n\n```rust\n{{#include ../listings/main.rs:nope}}\n```\n\n{{#include part.md}}\n",
    )
    .unwrap();
    std::fs::write(src.join("misc/part.md"), "Some text.\n\nA [broken link](nowhere.md).\n").unwrap();
    let failure = memory_build(dir.path()).expect_err("the build must fail");
    let errors: Vec<String> = failure
        .diagnostics
        .iter()
        .filter(|d| d.severity == polydoc_site::Severity::Error)
        .map(|d| {
            d.clone()
                .relative_to(dir.path())
                .to_string()
                .replace(&dir.path().display().to_string(), "BOOK")
        })
        .collect();
    insta::assert_snapshot!("include_errors", errors.join("\n\n"));
}

#[test]
fn an_included_files_change_rebuilds_its_includer() {
    // Regression: the content cache reused a page by its own size and mtime, so editing only an included file
    // left the page as it was in `serve`.
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    let out = dir.path().join("out");
    let mut session = Session::new(BuildOptions {
        root: dir.path().to_path_buf(),
        out_dir: Some(out.clone()),
        ..BuildOptions::default()
    });
    session.build().unwrap_or_else(|f| panic!("{f}"));
    let page = out.join("en/guide/listings/index.html");
    assert!(!std::fs::read_to_string(&page).unwrap().contains("farewell"));
    let listing = dir.path().join("src/listings/main.rs");
    let changed = std::fs::read_to_string(&listing).unwrap().replace("Hello", "farewell");
    std::fs::write(&listing, changed).unwrap();
    // The page's own file is untouched; only what it includes changed.
    let report = session.build().unwrap_or_else(|f| panic!("{f}"));
    assert!(report.rendered >= 1, "the includer was rendered again");
    assert!(std::fs::read_to_string(&page).unwrap().contains("farewell"));
}

#[test]
fn i18n_add_makes_an_mdbook_book_bilingual_without_moving_it() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    let changed = polydoc_site::add::add_language(dir.path(), "es").unwrap_or_else(|d| panic!("{d:#?}"));
    let mut changed: Vec<String> = changed
        .iter()
        .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
        .collect();
    changed.sort();
    assert_eq!(changed, ["book.toml", "locales/es/site.ftl", "src-es/SUMMARY.md"]);
    // The book's own files stay where they are; one page translated, tracked by its original's hash.
    assert!(dir.path().join("src/SUMMARY.md").is_file() && dir.path().join("src/README.md").is_file());
    let original = std::fs::read_to_string(dir.path().join("src/README.md")).unwrap();
    std::fs::write(
        dir.path().join("src-es/README.md"),
        format!(
            "---\ntitle: Introducción\ntranslated-from: {}\n---\n\n# Introducción\n\nEmpieza por la \
             [instalación](guide/installation.html) o lee sobre los [listados](guide/listings.html#hidden-lines).\n",
            polydoc_site::short_hash(&original)
        ),
    )
    .unwrap();
    let (project, _) = polydoc_site::Project::load(dir.path(), None).unwrap_or_else(|d| panic!("{d:#?}"));
    let report = polydoc_site::status::status(&project.config, &project.content, &project.catalog, Some("es"));
    insta::assert_snapshot!("i18n_status_es", polydoc_site::status::render_text(&report));
    let built = memory_build(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let files = built.memory.expect("memory build");
    let home = text(&files, "es/index.html");
    assert!(
        home.contains("<h1 id=\"introducción\">Introducción"),
        "the translation is shown"
    );
    assert!(
        home.contains("href=\"/example-book/es/guide/installation/\""),
        "links stay in Spanish"
    );
    let fallback = text(&files, "es/guide/installation/index.html");
    assert!(
        fallback.contains("notice-untranslated") || fallback.contains("not-translated"),
        "{fallback}"
    );
    assert!(fallback.contains("hreflang=\"en\""), "the switcher links the original");
    assert!(
        files.contains_key("es/guide/installation.html"),
        "old Spanish addresses redirect too"
    );
    // Staleness works as for polydoc's own layout: editing the original outdates its translation.
    std::fs::write(
        dir.path().join("src/README.md"),
        format!("{original}\nOne more line.\n"),
    )
    .unwrap();
    let (project, _) = polydoc_site::Project::load(dir.path(), None).unwrap_or_else(|d| panic!("{d:#?}"));
    let report = polydoc_site::status::status(&project.config, &project.content, &project.catalog, Some("es"));
    let readme = report.languages[0]
        .pages
        .iter()
        .find(|p| p.key == "README.md")
        .expect("README.md");
    assert_eq!(readme.state, polydoc_site::status::PageState::Outdated);
    assert_eq!(readme.file.as_deref(), Some("src-es/README.md"));
}

#[test]
fn a_book_translated_with_po_files_builds_every_language_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    copy_tree(&fixture().join("../with-po"), dir.path());
    let report = memory_build(dir.path()).unwrap_or_else(|f| panic!("{f}"));
    let files = report.memory.expect("memory build");
    for page in ["es/guide/installation/index.html", "es/misc/contributors/index.html"] {
        insta::assert_snapshot!(
            format!("po_{}", page.replace('/', "_")),
            page_parts(&text(&files, page))
        );
    }
    // No message of this page is translated: the original, with the notice, as for any missing page.
    let reading = text(&files, "es/guide/reading/index.html");
    assert!(reading.contains("notice-untranslated"), "{reading}");
    let (project, _) = polydoc_site::Project::load(dir.path(), None).unwrap_or_else(|d| panic!("{d:#?}"));
    let status = polydoc_site::status::status(&project.config, &project.content, &project.catalog, Some("es"));
    insta::assert_snapshot!("po_status_es", polydoc_site::status::render_text(&status));
}

#[test]
fn ignored_mdbook_keys_are_one_note_that_strict_does_not_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(), dir.path());
    // Without its links out of the book (a warning, which --strict does fail on), the book builds strictly.
    let reading = dir.path().join("src/guide/reading.md");
    let text = std::fs::read_to_string(&reading).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains("std/")).collect();
    std::fs::write(&reading, kept.join("\n")).unwrap();
    // A file SUMMARY.md does not list (mdBook builds none of those; real books keep include fragments so).
    std::fs::write(dir.path().join("src/fragment.md"), "Included elsewhere.\n").unwrap();
    let report = build(&BuildOptions {
        root: dir.path().to_path_buf(),
        in_memory: true,
        strict: true,
        ..BuildOptions::default()
    })
    .unwrap_or_else(|f| panic!("{f}"));
    let notes: Vec<&str> = report
        .warnings
        .iter()
        .map(|d| d.message.lines().next().unwrap_or(""))
        .collect();
    assert!(
        report
            .warnings
            .iter()
            .all(|d| d.severity == polydoc_site::Severity::Note),
        "{notes:?}"
    );
    assert_eq!(
        notes,
        [
            "no `[site] url` in book.toml: sitemap.xml and canonical links need the site's address",
            "6 mdBook settings in `book.toml` have no effect in polydoc:",
            "`fragment.md` is not listed in SUMMARY.md, so no sidebar entry or prev/next link leads to it",
        ]
    );
}
