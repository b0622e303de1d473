//! The shipped guide (this repository's `content/` and `locales/`) must build under `--strict`: zero warnings,
//! zero broken links, every checker verdict explained on the help page in every language.

use polydoc_site::{BuildOptions, build};

#[test]
fn shipped_site_builds_strictly_with_zero_warnings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = tempfile::tempdir().unwrap();
    let report = build(&BuildOptions {
        root,
        strict: true,
        out_dir: Some(out.path().join("public")),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|f| panic!("{f}"));
    assert!(report.warnings.is_empty(), "{:#?}", report.warnings);
    // Eleven pages in each of the two languages (the guide's ten plus "Use your token").
    assert_eq!(report.pages, 22);
    for lang in ["en", "es"] {
        let home = std::fs::read_to_string(out.path().join("public").join(lang).join("index.html")).unwrap();
        assert!(home.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
    }
}
