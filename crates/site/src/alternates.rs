//! Outputs for agents: a Markdown alternate (`index.md`) beside every page, with front matter saying its language,
//! its original and whether the translation is current; and `llms.txt` for the site and for each language.

use std::fmt::Write as _;

use std::ops::Range;

use crate::content::Page;
use crate::text::apply_edits;

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

/// A page's Markdown for agents: its body with the Markdown pass's edits applied (internal links pointing at the
/// other pages' Markdown alternates, files at absolute URLs, each checker block replaced by a short note).
pub(crate) fn page_markdown(page: &Page, header: &AlternateHeader, edits: &[(Range<usize>, String)]) -> String {
    let body = page.body();
    let mut out = String::with_capacity(body.len() + 512);
    out.push_str("---\n");
    out.push_str(&crate::frontmatter::to_yaml(header));
    out.push_str("---\n");
    out.push_str(&apply_edits(body, edits.to_vec()));
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
