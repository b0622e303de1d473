//! Outputs for agents: a Markdown alternate (`index.md`) beside every page, with front matter saying its language,
//! its original and whether the translation is current; and `llms.txt` for the site and for each language.

use std::fmt::Write as _;

use std::ops::Range;

use crate::content::Page;
use crate::text::push_edited;

/// The front matter of a Markdown alternate.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AlternateHeader {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The language of the text below (the original's when the page is not translated yet).
    pub lang: String,
    /// The language of the site section this file belongs to.
    pub page_lang: String,
    /// The HTML page.
    pub url: String,
    /// `original`, or the translation's state: `current`, `outdated`, `untracked` (never recorded) or `missing`
    /// (not translated: the text is the original's).
    pub translation: &'static str,
    /// The original's Markdown alternate, on translations and untranslated pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translated_from: Option<String>,
}

/// How serde_yaml writes a string value, when that is sure without asking it.
enum Style {
    Plain,
    SingleQuoted,
}

/// The style of `v` in a block mapping, if it is one of the sure cases: text that starts with a letter (or `¿`, `¡`), holds only
/// letters, digits, single spaces and `.,/_-()'?!¿¡:`, and is no word YAML reads as something else, is written
/// plain; the same text with a `: ` in it (which would start a mapping) single-quoted. Anything else: `None`.
fn style(v: &str) -> Option<Style> {
    let first = v.chars().next()?;
    let allowed = |c: char| c.is_alphanumeric() || " .,/_-()'?!¿¡:".contains(c);
    if !(first.is_alphabetic() || "¿¡".contains(first))
        || v.ends_with(' ')
        || v.contains("  ")
        || !v.chars().all(allowed)
    {
        return None;
    }
    const WORDS: &[&str] = &[
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "nan", "infinity",
    ];
    if WORDS.iter().any(|w| w.eq_ignore_ascii_case(v)) {
        return None;
    }
    if v.contains(": ") {
        return Some(Style::SingleQuoted);
    }
    // A `:` elsewhere is plain (`https://…`), except last.
    (!v.ends_with(':')).then_some(Style::Plain)
}

impl AlternateHeader {
    /// The header as serde_yaml writes it (`frontmatter::to_yaml`), written here when every value is a sure case
    /// of [`style`]; `None` otherwise.
    fn fast_yaml(&self) -> Option<String> {
        let fields = [
            ("title", Some(self.title.as_str())),
            ("description", self.description.as_deref()),
            ("lang", Some(self.lang.as_str())),
            ("page_lang", Some(self.page_lang.as_str())),
            ("url", Some(self.url.as_str())),
            ("translation", Some(self.translation)),
            ("translated_from", self.translated_from.as_deref()),
        ];
        let mut out = String::with_capacity(256);
        for (key, value) in fields {
            let Some(value) = value else { continue };
            out.push_str(key);
            out.push_str(": ");
            match style(value)? {
                Style::Plain => out.push_str(value),
                Style::SingleQuoted => {
                    out.push('\'');
                    out.push_str(&value.replace('\'', "''"));
                    out.push('\'');
                }
            }
            out.push('\n');
        }
        Some(out)
    }
}

/// A page's Markdown for agents: its body with the Markdown pass's edits applied (internal links pointing at the
/// other pages' Markdown alternates, files at absolute URLs, each checker block replaced by a short note).
pub(crate) fn page_markdown(page: &Page, header: &AlternateHeader, edits: &[(Range<usize>, String)]) -> String {
    let body = page.body();
    let grows: usize = edits.iter().map(|(_, t)| t.len()).sum();
    let mut out = String::with_capacity(body.len() + grows + 512);
    out.push_str("---\n");
    match header.fast_yaml() {
        Some(yaml) => out.push_str(&yaml),
        None => out.push_str(&crate::frontmatter::to_yaml(header)),
    }
    out.push_str("---\n");
    push_edited(&mut out, body, edits);
    out
}

/// One line of an `llms.txt` list.
pub struct LlmsEntry {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
}

/// `llms.txt` (llmstxt.org): a title, a one-line summary, then one section of links per language.
pub fn llms_txt(title: &str, summary: &str, intro: &str, sections: &[(String, Vec<LlmsEntry>)]) -> String {
    let mut s = format!("# {title}\n\n> {summary}\n\n{intro}\n");
    for (heading, entries) in sections {
        let _ = write!(s, "\n## {heading}\n\n");
        for e in entries {
            match &e.description {
                Some(d) => {
                    let _ = writeln!(s, "- [{}]({}): {}", e.title, e.url, d);
                }
                None => {
                    let _ = writeln!(s, "- [{}]({})", e.title, e.url);
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> AlternateHeader {
        AlternateHeader {
            title: text.to_string(),
            description: Some(format!("{text} and more")),
            lang: "es".into(),
            page_lang: "es".into(),
            url: "https://example.org/docs/es/crear-token/".into(),
            translation: "current",
            translated_from: Some("https://example.org/docs/en/create-token/index.md".into()),
        }
    }

    #[test]
    fn the_header_is_written_as_serde_yaml_writes_it() {
        // Every string of up to three characters from an alphabet of the cases that matter, then real titles.
        let alphabet = ["a", "Z", "é", "0", " ", ":", "'", "#", "-", ".", "?", ",", "¿", "/"];
        let mut texts: Vec<String> = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        texts.extend(
            [
                "Guide 0: tokens",
                "Create a token",
                "¿Qué es un token de acceso personal?",
                "Tokens de acceso personal de GitLab",
                "It's 401: what now?",
                "true",
                "True",
                "null",
                "yes",
                "No",
                "infinity",
                "e1",
                "x: y:",
                "ends with:",
                "https://gitlab.com/api/v4/user",
                "Ámbitos (scopes), paso a paso.",
                "dos  espacios",
                "tab\there",
                "line\nbreak",
                "日本語のページ",
                "Ελληνικά: δοκιμή",
            ]
            .map(String::from),
        );
        let mut fast = 0;
        for text in &texts {
            for h in [
                header(text),
                AlternateHeader {
                    description: None,
                    translated_from: None,
                    ..header(text)
                },
            ] {
                let want = crate::frontmatter::to_yaml(&h);
                if let Some(got) = h.fast_yaml() {
                    assert_eq!(got, want, "{text:?}");
                    fast += 1;
                }
            }
        }
        assert!(fast > 1000, "the sure cases were taken {fast} times");
        for common in [
            "Guide 0: tokens",
            "Create a token",
            "¿Qué es un token de acceso personal?",
            "It's 401: what now?",
        ] {
            assert!(header(common).fast_yaml().is_some(), "{common}");
        }
    }
}
