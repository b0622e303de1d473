//! `polydoc i18n add <lang>`: a new language in one step — its `book.toml` table (native name and text
//! direction from CLDR), `locales/<lang>/` with every message of the default language to translate, `content/<lang>/`.

use std::path::{Path, PathBuf};

use unic_langid::{CharacterDirection, LanguageIdentifier};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::i18n::{Catalog, FtlFile};

/// Languages' names for themselves (CLDR "autonyms"), for the language switcher. Others get their code,
/// which the translator replaces in `book.toml`.
const NATIVE_NAMES: &[(&str, &str)] = &[
    ("af", "Afrikaans"),
    ("am", "አማርኛ"),
    ("ar", "العربية"),
    ("az", "azərbaycan"),
    ("be", "беларуская"),
    ("bg", "български"),
    ("bn", "বাংলা"),
    ("bs", "bosanski"),
    ("ca", "català"),
    ("cs", "čeština"),
    ("cy", "Cymraeg"),
    ("da", "dansk"),
    ("de", "Deutsch"),
    ("el", "Ελληνικά"),
    ("en", "English"),
    ("eo", "esperanto"),
    ("es", "español"),
    ("et", "eesti"),
    ("eu", "euskara"),
    ("fa", "فارسی"),
    ("fi", "suomi"),
    ("fil", "Filipino"),
    ("fr", "français"),
    ("ga", "Gaeilge"),
    ("gl", "galego"),
    ("gu", "ગુજરાતી"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("hr", "hrvatski"),
    ("hu", "magyar"),
    ("hy", "հայերեն"),
    ("id", "Indonesia"),
    ("is", "íslenska"),
    ("it", "italiano"),
    ("ja", "日本語"),
    ("ka", "ქართული"),
    ("kk", "қазақ тілі"),
    ("km", "ខ្មែរ"),
    ("kn", "ಕನ್ನಡ"),
    ("ko", "한국어"),
    ("lt", "lietuvių"),
    ("lv", "latviešu"),
    ("mk", "македонски"),
    ("ml", "മലയാളം"),
    ("mn", "монгол"),
    ("mr", "मराठी"),
    ("ms", "Melayu"),
    ("my", "မြန်မာ"),
    ("nb", "norsk bokmål"),
    ("ne", "नेपाली"),
    ("nl", "Nederlands"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("pl", "polski"),
    ("ps", "پښتو"),
    ("pt", "português"),
    ("pt-BR", "português (Brasil)"),
    ("pt-PT", "português (Portugal)"),
    ("ro", "română"),
    ("ru", "русский"),
    ("si", "සිංහල"),
    ("sk", "slovenčina"),
    ("sl", "slovenščina"),
    ("sq", "shqip"),
    ("sr", "српски"),
    ("sv", "svenska"),
    ("sw", "Kiswahili"),
    ("ta", "தமிழ்"),
    ("te", "తెలుగు"),
    ("th", "ไทย"),
    ("tr", "Türkçe"),
    ("uk", "українська"),
    ("ur", "اردو"),
    ("uz", "o‘zbek"),
    ("vi", "Tiếng Việt"),
    ("yi", "ייִדיש"),
    ("zh", "中文"),
    ("zh-Hans", "中文（简体）"),
    ("zh-Hant", "中文（繁體）"),
    ("zu", "isiZulu"),
];

/// The language's name for itself: exact code first, then its primary language subtag.
pub fn native_name(code: &str) -> Option<&'static str> {
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    NATIVE_NAMES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .or_else(|| NATIVE_NAMES.iter().find(|(c, _)| c.eq_ignore_ascii_case(primary)))
        .map(|(_, n)| *n)
}

/// Text direction from CLDR's script data (`ar`, `he`, `fa`, `ur`… are right to left).
pub fn direction(id: &LanguageIdentifier) -> &'static str {
    match id.character_direction() {
        CharacterDirection::RTL => "rtl",
        _ => "ltr",
    }
}

/// A default-language `.ftl` file, as the catalog parsed it, turned into a template for a translator: comments and
/// group comments kept, every message and term commented out (`# id = source text`) so the site falls back until
/// it is translated. Which lines belong to an entry comes from the parsed file, not from scanning lines.
pub(crate) fn template_ftl(file: &FtlFile, from: &str, to: &str) -> String {
    use fluent_syntax::ast::Entry;
    let mut out = format!(
        "# Translation of {from}'s messages into `{to}`. Each message is commented out with its {from} text:\n\
         # remove the `# ` in front of a message and translate its text. Until then the site shows the {from} text.\n\
         # Keep `{{ $variables }}` as they are; plural selects need the forms `{to}` uses (see `polydoc i18n status`).\n\n"
    );
    // The first line of every entry, and whether it is one to comment out.
    let mut starts: Vec<(usize, bool)> = file
        .entries()
        .filter_map(|e| match e {
            Entry::Message(m) => Some((file.line_of(m.id.name), true)),
            Entry::Term(t) => Some((file.line_of(t.id.name), true)),
            Entry::Junk { content } => Some((file.line_of(content), true)),
            Entry::Comment(c) | Entry::GroupComment(c) | Entry::ResourceComment(c) => {
                c.content.first().map(|l| (file.line_of(l), false))
            }
        })
        .collect();
    starts.sort();
    let mut entry = 0;
    for (i, line) in file.text().lines().enumerate() {
        while entry + 1 < starts.len() && starts[entry + 1].0 <= i + 1 {
            entry += 1;
        }
        let inside = starts
            .get(entry)
            .is_some_and(|(start, message)| *message && *start <= i + 1);
        if inside && !line.trim().is_empty() {
            out.push_str("# ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Add language `code` to the project at `root`. Returns the files created or changed.
pub fn add_language(root: &Path, code: &str) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let config = Config::load(root).map_err(|d| d.into_iter().collect::<Vec<_>>())?;
    let id: LanguageIdentifier = code.parse().map_err(|_| {
        vec![
            Diagnostic::error(format!("`{code}` is not a valid language code"))
                .help("use a BCP 47 code such as `fr`, `ar` or `pt-BR`"),
        ]
    })?;
    if config.language(code).is_some() {
        return Err(vec![
            Diagnostic::error(format!("`{code}` is already configured"))
                .in_file(root.join("book.toml"))
                .help("see what is left to translate with `polydoc i18n status`"),
        ]);
    }
    let default = config.default_language().code.clone();
    let mut changed = Vec::new();
    let fail = |e: std::io::Error, path: &Path| vec![Diagnostic::error(format!("cannot write: {e}")).in_file(path)];

    // book.toml: append a table, keeping the file's own formatting and comments.
    let book = root.join("book.toml");
    let mut toml = std::fs::read_to_string(&book).map_err(|e| fail(e, &book))?;
    if !toml.ends_with('\n') {
        toml.push('\n');
    }
    let name = native_name(code)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string());
    if !has_i18n_table(&toml) {
        // A one-language book (mdBook's, with no `[i18n]`): name its language first.
        let d = config.default_language();
        toml.push_str(&format!(
            "\n[i18n]\ndefault = \"{}\"\n\n[i18n.{}]\nname = \"{}\"\ndir = \"{}\"\n",
            d.code,
            d.code,
            d.name,
            d.dir.as_str()
        ));
    }
    toml.push_str(&format!(
        "\n[i18n.{code}]\nname = \"{name}\"\ndir = \"{}\"\n",
        direction(&id)
    ));
    // Check the result parses before writing anything.
    if let Err(d) = Config::parse(root, &book, &toml) {
        return Err(d.into_iter().collect());
    }

    // locales/<code>/: every file of the default language, as the catalog parsed it, as a template.
    let (catalog, _) = Catalog::load(&config);
    let dst_dir = config.locales_dir.join(code);
    std::fs::create_dir_all(&dst_dir).map_err(|e| fail(e, &dst_dir))?;
    for file in catalog.files.get(&default).into_iter().flatten() {
        let dst = dst_dir.join(file.path.file_name().unwrap_or_default());
        if dst.exists() {
            continue;
        }
        // The default language's strings are polydoc's own (a book with no `locales/`): take polydoc's own
        // translation when it ships one, else a template to fill in.
        let text = match crate::init::builtin_strings(code, &config.title) {
            Some(t) if !file.path.exists() => t,
            _ => template_ftl(file, &default, code),
        };
        std::fs::write(&dst, text).map_err(|e| fail(e, &dst))?;
        changed.push(dst);
    }

    // content/<code>/ with the default SUMMARY.md, whose part headings and entries the translator translates.
    // (In mdBook's layout the book's `src/` stays as it is and the translation goes beside it, `src-<code>/`.)
    let content = config.lang_dir(code);
    std::fs::create_dir_all(&content).map_err(|e| fail(e, &content))?;
    let summary = config.lang_dir(&default).join("SUMMARY.md");
    let dst_summary = content.join("SUMMARY.md");
    if summary.is_file() && !dst_summary.exists() {
        std::fs::copy(&summary, &dst_summary).map_err(|e| fail(e, &dst_summary))?;
        changed.push(dst_summary);
    }
    std::fs::write(&book, toml).map_err(|e| fail(e, &book))?;
    changed.insert(0, book);
    Ok(changed)
}

/// Whether `book.toml` has an `[i18n]` table already.
fn has_i18n_table(toml: &str) -> bool {
    toml::from_str::<toml::Table>(toml).is_ok_and(|t| t.contains_key("i18n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_directions() {
        for (code, name, dir) in [
            ("fr", "français", "ltr"),
            ("ar", "العربية", "rtl"),
            ("pt-BR", "português (Brasil)", "ltr"),
            ("he", "עברית", "rtl"),
            ("de-AT", "Deutsch", "ltr"),
        ] {
            assert_eq!(native_name(code), Some(name), "{code}");
            assert_eq!(direction(&code.parse().unwrap()), dir, "{code}");
        }
        assert_eq!(native_name("tlh"), None);
    }

    #[test]
    fn templates_comment_out_every_message() {
        let src =
            "## Group\nsimple = Hello\nplural = { $n ->\n    [one] one\n   *[other] many\n}\n\n# note\nnext = Next\n";
        let file = crate::i18n::FtlFile {
            path: "site.ftl".into(),
            resource: std::sync::Arc::new(fluent_bundle::FluentResource::try_new(src.to_string()).unwrap()),
        };
        let t = template_ftl(&file, "en", "fr");
        assert!(
            t.contains("## Group\n# simple = Hello\n# plural = { $n ->\n#     [one] one\n#    *[other] many\n# }\n"),
            "{t}"
        );
        assert!(t.contains("# note\n# next = Next\n"), "{t}");
        // Nothing in it is a message yet: the site falls back to English.
        let parsed = fluent_syntax::parser::parse(t.as_str()).unwrap_or_else(|(r, _)| r);
        let messages = parsed
            .body
            .iter()
            .filter(|e| matches!(e, fluent_syntax::ast::Entry::Message(_)))
            .count();
        assert_eq!(messages, 0, "{t}");
    }
}
