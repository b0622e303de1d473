//! Data-driven build tests: the fixture site's output as snapshots, and one overlay folder per kind of bad input.
//!
//! `fixtures/sites/basic/` is a small bilingual site using every feature. Each folder in `fixtures/bad/` holds
//! files laid over a copy of it; its build must fail with the snapshotted messages and leave the previous output
//! exactly as it was. Refresh snapshots with `cargo insta review` (or `INSTA_UPDATE=always`).

use std::path::{Path, PathBuf};

mod support;
use support::{copy_tree, redact_hashes, tree};

use polydoc_site::{BuildOptions, build};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    }
}

#[test]
fn basic_site_output() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("sites/basic"), dir.path());
    let report = build(&options(dir.path())).unwrap_or_else(|f| panic!("{f}"));
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    let out = dir.path().join("public");
    let files = tree(&out);
    let listing: Vec<String> = files.keys().map(|k| redact_hashes(k)).collect();
    insta::assert_snapshot!("basic_listing", listing.join("\n"));
    for page in [
        "index.html",
        "404.html",
        "en/index.html",
        "en/guide/features/index.html",
        "es/guide/funciones/index.html",
        "es/guide/only-english/index.html",
        "es/comprobador/index.html",
        "sitemap.xml",
        "robots.txt",
        "_headers",
        "es/pages/index.html",
        "llms.txt",
        "es/llms.txt",
        "es/guide/funciones/index.md",
        "es/guide/only-english/index.md",
        "es/comprobador/index.md",
    ] {
        let text = String::from_utf8(files.get(page).unwrap_or_else(|| panic!("no {page}")).clone()).unwrap();
        insta::assert_snapshot!(format!("basic_{}", page.replace('/', "_")), redact_hashes(&text));
    }
}

#[test]
fn a_memory_build_writes_nothing_and_matches_the_disk_build() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("sites/basic"), dir.path());
    let report = build(&BuildOptions {
        in_memory: true,
        ..options(dir.path())
    })
    .unwrap_or_else(|f| panic!("{f}"));
    assert!(!dir.path().join("public").exists(), "nothing on disk");
    let memory = report.memory.expect("the files");
    assert_eq!(memory.len(), report.files);
    build(&options(dir.path())).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(memory, tree(&dir.path().join("public")));
}

#[test]
fn base_path_prefixes_every_url() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("sites/basic"), dir.path());
    let toml = std::fs::read_to_string(dir.path().join("book.toml")).unwrap();
    std::fs::write(
        dir.path().join("book.toml"),
        toml.replace("base-path = \"/\"", "base-path = \"/project/\""),
    )
    .unwrap();
    build(&options(dir.path())).unwrap_or_else(|f| panic!("{f}"));
    let out = dir.path().join("public");
    for (path, bytes) in tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for attr in ["href=\"/", "src=\"/", "data-glue=\"/", "data-wasm=\"/"] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len() - 1..];
                assert!(
                    rest.starts_with("/project/"),
                    "{path}: `{}` is outside the base path",
                    &rest[..rest.len().min(60)]
                );
            }
        }
    }
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://docs.example.org/project/es/guide/funciones/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn bad_inputs_report_everything_and_keep_the_old_output() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures().join("bad"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "fixture cases went missing");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixtures().join("sites/basic"), dir.path());
        build(&options(dir.path())).unwrap_or_else(|f| panic!("the base fixture must build: {f}"));
        let before = tree(&dir.path().join("public"));
        copy_tree(&case, dir.path());
        let failure = match build(&options(dir.path())) {
            Ok(_) => panic!("{name}: the build should fail"),
            Err(f) => f,
        };
        assert!(failure.error_count() > 0, "{name}");
        assert_eq!(
            before,
            tree(&dir.path().join("public")),
            "{name}: the previous output changed"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.') && n != ".public.spare")
            .collect();
        assert!(
            leftovers.is_empty(),
            "{name}: staging folders left behind: {leftovers:?}"
        );
        insta::assert_snapshot!(format!("bad_{name}"), failure.to_string());
    }
}

#[test]
fn strict_turns_warnings_into_errors() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("sites/basic"), dir.path());
    // A UI string missing in Spanish: a warning (the English text is used), an error under --strict.
    let es = dir.path().join("locales/es/site.ftl");
    let text = std::fs::read_to_string(&es).unwrap();
    std::fs::write(&es, text.replace("toc-title = En esta página\n", "")).unwrap();
    let report = build(&options(dir.path())).unwrap_or_else(|f| panic!("{f}"));
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("message `toc-title` is missing in `es`"),
        "{}",
        warnings[0]
    );
    let page = std::fs::read_to_string(dir.path().join("public/es/guide/funciones/index.html")).unwrap();
    assert!(page.contains("On this page"), "falls back to English");
    let failure = build(&BuildOptions {
        strict: true,
        ..options(dir.path())
    })
    .unwrap_err();
    assert!(
        failure
            .to_string()
            .contains("error: message `toc-title` is missing in `es`"),
        "{failure}"
    );
}

#[test]
fn pseudo_locales_transform_text_but_not_code_urls_or_ids() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("sites/basic"), dir.path());
    let report = build(&BuildOptions {
        pseudo: true,
        ..options(dir.path())
    })
    .unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(report.pages, 16, "4 pages in en, es, en-XA and ar-XB");
    let out = dir.path().join("public");
    let xa = std::fs::read_to_string(out.join("en-XA/guide/features/index.html")).unwrap();
    assert!(xa.contains("<html lang=\"en-XA\" dir=\"ltr\">"));
    assert!(xa.contains("<h1>Ƒeeaaŧuuřeeş</h1>"), "title transformed");
    assert!(
        xa.contains("<h2 id=\"footnotes-and-strikethrough\">"),
        "generated ids kept from the original text"
    );
    assert!(
        text_of(&xa).contains("curl --header &quot;PRIVATE-TOKEN: $TOKEN&quot; https://gitlab.example.com/api/v4/user"),
        "code untouched (the highlighter only adds spans)"
    );
    assert!(
        xa.contains("href=\"/en-XA/#start\""),
        "links point into the pseudo-locale"
    );
    assert!(
        xa.contains("Şķiƥ ŧoo ƈooƞŧeeƞŧ"),
        "UI strings from Fluent are transformed"
    );
    let xb = std::fs::read_to_string(out.join("ar-XB/guide/features/index.html")).unwrap();
    assert!(xb.contains("<html lang=\"ar-XB\" dir=\"rtl\">"));
    assert!(xb.contains("\u{202e}"), "right-to-left text");
}

#[test]
fn search_index_is_per_language_and_marks_fallback_pages() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("sites/basic"), dir.path());
    build(&options(dir.path())).unwrap_or_else(|f| panic!("{f}"));
    let es = dir.path().join("public/search/es");
    let meta: serde_json::Value = serde_json::from_slice(&std::fs::read(es.join("meta.json")).unwrap()).unwrap();
    assert_eq!(meta["pages"], 4);
    assert_eq!(meta["stemmed"], true);
    let fragments: Vec<serde_json::Value> = (0..4)
        .map(|i| serde_json::from_slice(&std::fs::read(es.join(format!("p/{i}.json"))).unwrap()).unwrap())
        .collect();
    // Every Spanish result points into /es/; the untranslated page says its text is English.
    assert!(fragments.iter().all(|f| f["u"].as_str().unwrap().starts_with("/es/")));
    let fallback = fragments.iter().find(|f| f["u"] == "/es/guide/only-english/").unwrap();
    assert_eq!(
        (fallback["l"].as_str(), fallback["n"].as_str()),
        (Some("en"), Some("English"))
    );
    let translated = fragments.iter().find(|f| f["u"] == "/es/guide/funciones/").unwrap();
    assert_eq!(translated["l"], "es");
    // A Spanish word finds the Spanish page through its stem; code blocks are not indexed.
    let files: std::collections::BTreeMap<String, Vec<u8>> = walkdir::WalkDir::new(&es)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(&es).unwrap().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    let hits = polydoc_site::query_cost(&files, "tablas", 8).hits;
    let first: serde_json::Value = serde_json::from_slice(&files[&hits[0].0]).unwrap();
    assert_eq!(first["u"], "/es/guide/funciones/");
    // The result points at the section holding the word, by its heading's explicit id.
    let section = &first["s"][hits[0].1];
    assert_eq!(
        (&section[0], &section[1]),
        (&serde_json::json!("Tablas"), &serde_json::json!("tables")),
        "{section}"
    );
    let hits = polydoc_site::query_cost(&files, "curl", 8).hits;
    assert!(hits.is_empty(), "fenced code is not indexed: {hits:?}");
}

/// Issue 11 (content could script the checker's page): with `allow-content-scripts = true` the publisher opts
/// in knowingly, and what the default refuses is published; what hides markup from the check is still refused.
#[test]
fn allow_content_scripts_is_an_explicit_opt_in() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("sites/basic"), dir.path());
    let page = dir.path().join("content/en/guide/untranslated.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\n<script src=\"helper.js\"></script>\n")).unwrap();
    std::fs::write(dir.path().join("content/en/guide/helper.js"), "void 0;\n").unwrap();
    assert!(build(&options(dir.path())).is_err(), "refused by default");

    let toml_path = dir.path().join("book.toml");
    let toml = std::fs::read_to_string(&toml_path).unwrap();
    std::fs::write(
        &toml_path,
        format!("{toml}\n[output.html]\nallow-content-scripts = true\n"),
    )
    .unwrap();
    let report = build(&options(dir.path())).unwrap_or_else(|f| panic!("{f}"));
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    let out = dir.path().join("public");
    assert!(out.join("en/guide/helper.js").is_file());
    let html = std::fs::read_to_string(out.join("en/guide/only-english/index.html")).unwrap();
    assert!(html.contains("<script src=\"helper.js\"></script>"), "{html}");

    std::fs::write(
        &page,
        format!("{text}\n<div class=\"box\"\n  title=\"left open\n\nText.\n"),
    )
    .unwrap();
    let failure = build(&options(dir.path())).unwrap_err().to_string();
    assert!(failure.contains("raw HTML is left open here"), "{failure}");
}

/// A page's HTML with its tags removed (entities kept): the text a highlighted code block shows.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
