//! Outputs for agents: a Markdown alternate (`index.md`) beside every page, with front matter saying its language,
//! its original and whether the translation is current; and `llms.txt` for the site and for each language.

use std::fmt::Write as _;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::content::Page;
use crate::markdown::{self, Resolver, resolve_key};

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
    /// `original`, `current`, `outdated`, `untracked` (translated, never recorded) or `not-translated`.
    pub translation: &'static str,
    /// The original's Markdown alternate, on translations and untranslated pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translated_from: Option<String>,
}

/// A page's Markdown for agents: its body with internal links pointing at the other pages' Markdown alternates,
/// images at absolute URLs, and each checker block replaced by a short note linking to the page.
pub fn page_markdown(
    page: &Page,
    header: &AlternateHeader,
    resolver: &dyn Resolver,
    absolute: &dyn Fn(&str) -> String,
    checker_note: &dyn Fn(&[String]) -> String,
) -> String {
    let body = page.body();
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut checker: Option<(usize, String)> = None;
    for (ev, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("token-checker") =>
            {
                checker = Some((range.start, String::new()));
                let _ = range;
            }
            Event::Text(t) if checker.is_some() => {
                if let Some((_, yaml)) = checker.as_mut() {
                    yaml.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((start, yaml)) = checker.take() {
                    let block = crate::frontmatter::parse_checker(&page.file, &page.text, 0, &yaml).unwrap_or_default();
                    let scopes: Vec<String> = block.require.iter().chain(&block.require_any).cloned().collect();
                    edits.push((start..range.end, checker_note(&scopes)));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                let dest = dest_url.to_string();
                if let Some(new) = rewrite(&dest, page, resolver, absolute)
                    && let Some(at) = body[range.clone()].find(&format!("]({dest}"))
                {
                    let start = range.start + at + 2;
                    edits.push((start..start + dest.len(), new));
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(body.len() + 512);
    out.push_str("---\n");
    out.push_str(&crate::frontmatter::to_yaml(header));
    out.push_str("---\n");
    out.push_str(&markdown::apply_edits(body, edits));
    out
}

/// Internal `.md` links → the target's Markdown alternate; relative files → absolute URLs; others unchanged.
fn rewrite(dest: &str, page: &Page, resolver: &dyn Resolver, absolute: &dyn Fn(&str) -> String) -> Option<String> {
    if dest.is_empty()
        || dest.starts_with('#')
        || dest.starts_with('/')
        || dest.contains("://")
        || dest.starts_with("mailto:")
    {
        return None;
    }
    let (path, anchor) = dest.split_once('#').map_or((dest, None), |(p, a)| (p, Some(a)));
    let key = resolve_key(&page.key, path)?;
    let url = if path.ends_with(".md") {
        format!("{}index.md", resolver.page_url(&key)?)
    } else {
        resolver.asset_url(&key)?
    };
    let url = absolute(&url);
    Some(match anchor {
        Some(a) => format!("{url}#{a}"),
        None => url,
    })
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
