//! `polydoc init [DIR] [--lang en,es]`: a new multilingual book that builds at once, even with `--strict`:
//! `book.toml`, `content/<lang>/` with an index page and `SUMMARY.md`, and `locales/<lang>/site.ftl` with the
//! theme's strings. The first language is the default; each other one is added the way `polydoc i18n add`
//! adds it ([`crate::add`]), after its theme strings are written when polydoc ships them (English, Spanish).

use std::path::{Path, PathBuf};

use unic_langid::LanguageIdentifier;

use crate::diag::Diagnostic;

/// The theme's strings in the languages polydoc ships; `{TITLE}` becomes the book's title.
const THEME_STRINGS: &[(&str, &str)] = &[
    ("en", include_str!("init/site.en.ftl")),
    ("es", include_str!("init/site.es.ftl")),
];

/// The theme's strings polydoc ships for `lang` (`en`, `es`), with `{TITLE}` made the book's title: what a
/// book in mdBook's layout, which has no `locales/`, is built with.
pub(crate) fn builtin_strings(lang: &str, title: &str) -> Option<String> {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    THEME_STRINGS
        .iter()
        .find(|(l, _)| *l == primary)
        .map(|(_, text)| text.replace("{TITLE}", &fluent_text(title)))
}

/// The index page and first chapter, per language polydoc has words for (English otherwise).
fn pages(lang: &str, title: &str) -> (String, String, String) {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    match primary {
        "es" => (
            format!(
                "---\ntitle: {}\n---\n\n# {title}\n\nBienvenido. Escribe tus páginas en `content/{lang}/` y enuméralas en `SUMMARY.md`.\n",
                yaml_string(title)
            ),
            "# Resumen\n\n[Introducción](index.md)\n\n- [Primer capítulo](chapter-1.md)\n".to_string(),
            "---\ntitle: Primer capítulo\n---\n\n# Primer capítulo\n\nEscribe aquí.\n".to_string(),
        ),
        _ => (
            format!(
                "---\ntitle: {}\n---\n\n# {title}\n\nWelcome. Write your pages in `content/{lang}/` and list them in `SUMMARY.md`.\n",
                yaml_string(title)
            ),
            "# Summary\n\n[Introduction](index.md)\n\n- [Chapter 1](chapter-1.md)\n".to_string(),
            "---\ntitle: Chapter 1\n---\n\n# Chapter 1\n\nWrite here.\n".to_string(),
        ),
    }
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A Fluent message value that shows `s` literally: braces become string literals.
fn fluent_text(s: &str) -> String {
    s.replace('{', "\u{0}")
        .replace('}', "{\"}\"}")
        .replace('\u{0}', "{\"{\"}")
}

/// Write `text` to `path`, creating folders, and record it.
fn put(written: &mut Vec<PathBuf>, path: PathBuf, text: &str) -> Result<(), Vec<Diagnostic>> {
    let fail = |e: std::io::Error, path: &Path| {
        vec![
            Diagnostic::error(format!("cannot write: {e}"))
                .in_file(path)
                .help("check the folder's permissions"),
        ]
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| fail(e, parent))?;
    }
    std::fs::write(&path, text).map_err(|e| fail(e, &path))?;
    written.push(path);
    Ok(())
}

/// Parse `en,es` (commas or spaces); empty means English alone.
pub fn parse_languages(list: &str) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut out: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for code in list.split([',', ' ']).map(str::trim).filter(|c| !c.is_empty()) {
        if code.parse::<LanguageIdentifier>().is_err() {
            errors.push(
                Diagnostic::error(format!("`{code}` is not a valid language code"))
                    .help("use BCP 47 codes such as `en`, `es` or `pt-BR`, separated by commas: `--lang en,es`"),
            );
        } else if out.iter().any(|c| c.eq_ignore_ascii_case(code)) {
            errors.push(Diagnostic::error(format!("`{code}` is listed twice")).help("list each language once"));
        } else {
            out.push(code.to_string());
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if out.is_empty() {
        out.push("en".to_string());
    }
    Ok(out)
}

/// Scaffold a book in `dir` (created if missing) with `langs`, the first being the default. Refuses to write
/// over an existing `book.toml`, `content/` or `locales/`. Returns the files written.
pub fn init(dir: &Path, langs: &[String], title: Option<&str>) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let Some(default) = langs.first() else {
        return Err(vec![
            Diagnostic::error("no language given").help("pass `--lang en` or a list like `--lang en,es`"),
        ]);
    };
    let existing: Vec<Diagnostic> = ["book.toml", "content", "locales"]
        .iter()
        .map(|name| dir.join(name))
        .filter(|p| p.exists())
        .map(|p| {
            Diagnostic::error(format!("`{}` already exists", p.display()))
                .in_file(&p)
                .help("`polydoc init` starts a new book: run it in an empty folder, or pass another DIR")
        })
        .collect();
    if !existing.is_empty() {
        return Err(existing);
    }
    let title = title.map(str::to_string).unwrap_or_else(|| {
        std::path::absolute(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "My book".to_string())
    });
    let mut written = Vec::new();

    let id: LanguageIdentifier = default.parse().map_err(|_| {
        vec![
            Diagnostic::error(format!("`{default}` is not a valid language code"))
                .help("use a BCP 47 code such as `en`"),
        ]
    })?;
    let name = crate::add::native_name(default).unwrap_or(default);
    put(
        &mut written,
        dir.join("book.toml"),
        &format!(
            "# polydoc configuration: see README.md. mdBook's [book] and [build] keys keep mdBook's meaning.\n\
             [book]\ntitle = {}\nauthors = []\nsrc = \"content\"\n\n[build]\nbuild-dir = \"public\"\n\n\
             [site]\n# Replace with the site's origin: canonical links, hreflang alternates and sitemap.xml use it.\n\
             url = \"https://example.org\"\nbase-path = \"/\"\n\n[i18n]\ndefault = \"{default}\"\n\n[i18n.{default}]\nname = {}\ndir = \"{}\"\n",
            toml_string(&title),
            toml_string(name),
            crate::add::direction(&id),
        ),
    )?;
    let theme_strings = |lang: &str| {
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        THEME_STRINGS
            .iter()
            .find(|(l, _)| *l == primary)
            .map(|(_, text)| text.replace("{TITLE}", &fluent_text(&title)))
    };
    let (index, summary, chapter) = pages(default, &title);
    let content = dir.join("content").join(default);
    put(&mut written, content.join("index.md"), &index)?;
    put(&mut written, content.join("SUMMARY.md"), &summary)?;
    put(&mut written, content.join("chapter-1.md"), &chapter)?;
    // The default language needs every theme string; without shipped ones, English stands in to be translated.
    let default_strings = theme_strings(default).unwrap_or_else(|| {
        format!(
            "# Translate these into `{default}`: they are the theme's strings, in English for now.\n{}",
            theme_strings("en").unwrap_or_default()
        )
    });
    put(
        &mut written,
        dir.join("locales").join(default).join("site.ftl"),
        &default_strings,
    )?;

    for lang in &langs[1..] {
        // Shipped strings first; `add_language` keeps existing files and templates the rest.
        if let Some(strings) = theme_strings(lang) {
            put(&mut written, dir.join("locales").join(lang).join("site.ftl"), &strings)?;
            // Its table of contents in its own words (the pages fall back until translated).
            put(
                &mut written,
                dir.join("content").join(lang).join("SUMMARY.md"),
                &pages(lang, &title).1,
            )?;
        } else {
            // No shipped strings: the default language's stand in, marked, so the book builds with
            // `--strict` at once (commented-out templates would be "missing" messages).
            put(
                &mut written,
                dir.join("locales").join(lang).join("site.ftl"),
                &format!(
                    "# Translate these into `{lang}`: they are the theme's strings, copied from `{default}`.\n{}",
                    default_strings
                        .trim_start_matches(|c| c != '\n')
                        .trim_start_matches('\n')
                ),
            )?;
        }
        let added = crate::add::add_language(dir, lang)?;
        written.extend(added.into_iter().filter(|p| !p.ends_with("book.toml")));
    }
    written.sort();
    written.dedup();
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_lists() {
        assert_eq!(parse_languages("").unwrap(), ["en"]);
        assert_eq!(parse_languages("en,es").unwrap(), ["en", "es"]);
        assert_eq!(parse_languages(" fr , pt-BR ").unwrap(), ["fr", "pt-BR"]);
        let e = parse_languages("en,en,!!").unwrap_err();
        let msgs: Vec<&str> = e.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs, ["`en` is listed twice", "`!!` is not a valid language code"]);
    }

    /// The scaffold's theme strings have exactly the messages of the shipped guide's, so the theme finds
    /// every one of them in a new book.
    #[test]
    fn theme_strings_match_the_shipped_locales() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales");
        for (lang, text) in THEME_STRINGS {
            let shipped = std::fs::read_to_string(root.join(lang).join("site.ftl")).expect("shipped site.ftl");
            let ids = |t: &str| {
                let resource = fluent_bundle::FluentResource::try_new(t.to_string()).expect("valid Fluent");
                resource
                    .entries()
                    .filter_map(|e| match e {
                        fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            };
            let mut a = ids(text);
            let mut b = ids(&shipped);
            a.sort();
            b.sort();
            assert_eq!(a, b, "{lang}");
        }
    }

    #[test]
    fn refuses_to_overwrite_and_escapes_the_title() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = init(dir.path(), &["en".into(), "es".into()], Some("A {braced} \"book\"")).expect("init");
        let rel: Vec<String> = files
            .iter()
            .map(|p| {
                p.strip_prefix(dir.path())
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(
            rel,
            [
                "book.toml",
                "content/en/SUMMARY.md",
                "content/en/chapter-1.md",
                "content/en/index.md",
                "content/es/SUMMARY.md",
                "locales/en/site.ftl",
                "locales/es/site.ftl",
            ]
        );
        let config = crate::config::Config::load(dir.path()).expect("book.toml loads");
        assert_eq!(config.title, "A {braced} \"book\"");
        let ftl = std::fs::read_to_string(dir.path().join("locales/en/site.ftl")).expect("ftl");
        assert!(ftl.contains("site-title = A {\"{\"}braced{\"}\"} \"book\""), "{ftl}");
        let again = init(dir.path(), &["en".into()], None).unwrap_err();
        assert_eq!(again.len(), 3, "{again:?}");
    }
}
