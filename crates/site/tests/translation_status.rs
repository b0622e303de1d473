//! The translator's loop on the fixture site: an edited original makes its translation outdated in
//! `status` (text and JSON) and on the built page (banner, switcher mark) until `mark` records the new hash.

use std::path::Path;

use polydoc_site::status::{self, PageState};
use polydoc_site::{BuildOptions, build};

/// The project through the loader the build and the CLI use.
fn load(
    root: &std::path::Path,
) -> (
    polydoc_site::Config,
    polydoc_site::Content,
    polydoc_site::Catalog,
    polydoc_site::Diagnostics,
) {
    let (p, diags) = polydoc_site::Project::load(root, None).unwrap();
    (p.config, p.content, p.catalog, diags)
}

fn fixture() -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/basic");
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&src).into_iter().map(Result::unwrap) {
        let dest = dir.path().join(entry.path().strip_prefix(&src).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
    dir
}

fn state_of(root: &Path, key: &str) -> PageState {
    let (config, content, catalog, _) = load(root);
    let report = status::status(&config, &content, &catalog, None);
    report.languages[0].pages.iter().find(|p| p.key == key).unwrap().state
}

#[test]
fn editing_an_original_outdates_its_translation_until_marked() {
    let dir = fixture();
    let root = dir.path();
    assert_eq!(state_of(root, "guide/features.md"), PageState::Current);
    assert_eq!(state_of(root, "guide/untranslated.md"), PageState::Missing);

    let original = root.join("content/en/guide/features.md");
    let text = std::fs::read_to_string(&original).unwrap();
    std::fs::write(&original, text.replace("## Task list", "## Task list, revised")).unwrap();
    assert_eq!(state_of(root, "guide/features.md"), PageState::Outdated);

    // The text table says what to do; JSON is stable for tools.
    let (config, content, catalog, _) = load(root);
    let report = status::status(&config, &content, &catalog, Some("es"));
    let text = status::render_text(&report);
    assert!(text.contains("outdated   content/es/guide/features.md"), "{text}");
    assert!(
        text.contains("`polydoc i18n mark content/es/guide/features.md`"),
        "{text}"
    );
    assert!(report.has_work());
    insta::assert_json_snapshot!("status_after_edit", report);

    // Readers see a banner linking to the original, and the switcher marks the language.
    let built = build(&BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })
    .unwrap();
    assert!(
        built
            .warnings
            .iter()
            .any(|w| w.message.contains("changed since this translation was made"))
    );
    let page = std::fs::read_to_string(root.join("public/es/guide/funciones/index.html")).unwrap();
    assert!(page.contains("class=\"notice notice-outdated\""), "no banner");
    assert!(
        page.contains("<a href=\"/en/guide/features/\" hreflang=\"en\">Lee el original.</a>"),
        "no link to the original"
    );
    let english = std::fs::read_to_string(root.join("public/en/guide/features/index.html")).unwrap();
    assert!(
        english.contains("class=\"outdated\">Español <span class=\"badge\">(outdated)</span>"),
        "no switcher mark"
    );
    assert!(
        build(&BuildOptions {
            root: root.to_path_buf(),
            strict: true,
            ..BuildOptions::default()
        })
        .is_err()
    );

    // After review, `mark` records the new hash: current again, no banner.
    let marked = status::mark(&config, &content, &[root.join("content/es/guide/features.md")]).unwrap();
    assert_eq!(marked.len(), 1);
    assert_eq!(state_of(root, "guide/features.md"), PageState::Current);
    build(&BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })
    .unwrap();
    let page = std::fs::read_to_string(root.join("public/es/guide/funciones/index.html")).unwrap();
    assert!(!page.contains("notice-outdated"));
    // `mark` touched only the translated-from line.
    let es = std::fs::read_to_string(root.join("content/es/guide/features.md")).unwrap();
    assert_eq!(es.lines().filter(|l| l.starts_with("translated-from: ")).count(), 1);
    assert!(es.starts_with("---\ntitle: Funciones\n"));
}

#[test]
fn message_problems_are_found() {
    let dir = fixture();
    let es = dir.path().join("locales/es/site.ftl");
    let text = std::fs::read_to_string(&es).unwrap();
    let text = text.replace("toc-title = En esta página\n", "").replace(
        "not-translated-notice = Esta página aún no está traducida. Se muestra en { $language }.",
        "not-translated-notice = Sin traducir ({ $idioma }).",
    ) + "stray-message = Nadie me usa\nplural-days = { $n ->\n   *[other] { $n } días\n}\n";
    std::fs::write(&es, text).unwrap();
    let en = dir.path().join("locales/en/site.ftl");
    let mut en_text = std::fs::read_to_string(&en).unwrap();
    en_text.push_str("plural-days = { $n ->\n    [one] { $n } day\n   *[other] { $n } days\n}\n");
    std::fs::write(&en, en_text).unwrap();
    let (config, content, catalog, _) = load(dir.path());
    let report = status::status(&config, &content, &catalog, None);
    let found: Vec<(String, status::MessageProblem)> = report.languages[0]
        .messages
        .iter()
        .map(|m| (m.id.clone(), m.problem))
        .collect();
    use status::MessageProblem::*;
    for expected in [
        ("toc-title".to_string(), Missing),
        ("not-translated-notice".to_string(), Variables),
        ("stray-message".to_string(), Extra),
        ("plural-days".to_string(), Plural),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    let plural = report.languages[0]
        .messages
        .iter()
        .find(|m| m.problem == Plural)
        .unwrap();
    assert!(
        plural.detail.contains("lacks the plural form(s) one"),
        "{}",
        plural.detail
    );
}

#[test]
fn structure_parity_is_checked() {
    let dir = fixture();
    let es = dir.path().join("content/es/guide/features.md");
    let text = std::fs::read_to_string(&es).unwrap();
    std::fs::write(
        &es,
        text.replace("## Tablas {#tables}", "## Tablas {#tablas}")
            .replace("../index.md#start", "../index.md"),
    )
    .unwrap();
    let (config, content, catalog, _) = load(dir.path());
    let report = status::status(&config, &content, &catalog, None);
    let kinds: Vec<&str> = report.languages[0].parity.iter().map(|p| p.kind).collect();
    assert!(kinds.contains(&"heading-ids") && kinds.contains(&"links"), "{kinds:?}");
}

#[test]
fn adding_french_and_arabic_builds_at_once_with_fallbacks() {
    let dir = fixture();
    let root = dir.path();
    for lang in ["fr", "ar"] {
        polydoc_site::add::add_language(root, lang).unwrap_or_else(|e| panic!("{e:?}"));
    }
    let book = std::fs::read_to_string(root.join("book.toml")).unwrap();
    assert!(
        book.contains("[i18n.fr]\nname = \"français\"\ndir = \"ltr\"\n"),
        "{book}"
    );
    assert!(
        book.contains("[i18n.ar]\nname = \"العربية\"\ndir = \"rtl\"\n"),
        "{book}"
    );
    assert!(
        polydoc_site::add::add_language(root, "fr").is_err(),
        "adding twice is refused"
    );

    let report = build(&BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    })
    .unwrap_or_else(|f| panic!("{f}"));
    // Every page in every language: 4 pages × 4 languages.
    assert_eq!(report.pages, 16);
    let ar = std::fs::read_to_string(root.join("public/ar/guide/features/index.html")).unwrap();
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(
        ar.contains("<article lang=\"en\" dir=\"ltr\">"),
        "the English text keeps its own direction"
    );
    assert!(ar.contains("notice-untranslated"));
    // The UI falls back to English until locales/ar is translated, and the build says so.
    assert!(ar.contains("Skip to content"));
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("messages of `site.ftl` are missing in `ar`"))
    );

    let (config, content, catalog, _) = load(root);
    let status = status::status(&config, &content, &catalog, Some("fr"));
    let fr = &status.languages[0];
    assert_eq!((fr.counts.missing, fr.counts.current), (4, 0));
    assert!(fr.messages.iter().all(|m| m.problem == status::MessageProblem::Missing));
    assert!(
        fr.messages
            .iter()
            .any(|m| m.id == "toc-title" && m.file == "locales/fr/site.ftl")
    );
}
