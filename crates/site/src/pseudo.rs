//! Pseudo-locales for `polydoc build --pseudo`: an accented, lengthened pseudo-English (`en-XA`) and a
//! right-to-left pseudo-locale (`ar-XB`), made from the default language so hard-coded strings and layouts that
//! break with long or right-to-left text show at once.

use std::borrow::Cow;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::config::{Config, Direction, Language};
use crate::content::{self, Content, Page};
use crate::i18n::Catalog;
use crate::markdown;
use crate::text::{HeadingIds, apply_edits};

/// One pseudo-locale: its code, name, direction and text transform.
pub struct PseudoLocale {
    pub code: &'static str,
    pub name: &'static str,
    pub dir: Direction,
    pub transform: fn(&str) -> Cow<'_, str>,
}

/// Accented and about a third longer: `Settings` → `Şeeŧŧiƞɠş`.
fn accented(s: &str) -> Cow<'_, str> {
    fluent_pseudo::transform(s, false, true)
}

/// Letters turned upside down and forced right to left (U+202E … U+202C), inside an `rtl` page.
fn bidi(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_alphabetic) {
        return Cow::Borrowed(s);
    }
    let flipped = fluent_pseudo::transform(s, true, false);
    Cow::Owned(format!("\u{202e}{flipped}\u{202c}"))
}

pub const LOCALES: [PseudoLocale; 2] = [
    PseudoLocale {
        code: "en-XA",
        name: "Ƥşeeuuḓoo-Eƞɠŀiş",
        dir: Direction::Ltr,
        transform: accented,
    },
    PseudoLocale {
        code: "ar-XB",
        name: "Pseudo-RTL",
        dir: Direction::Rtl,
        transform: bidi,
    },
];

/// Transform the prose of a Markdown body: text events only (never code, URLs, HTML or ids). Headings
/// without an explicit id get the id of their original text, so every link and anchor still resolves.
pub fn transform_markdown(body: &str, f: fn(&str) -> Cow<'_, str>) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut in_code = 0usize;
    let mut heading: Option<(std::ops::Range<usize>, String)> = None;
    let mut ids = HeadingIds::default();
    for (ev, range) in Parser::new_ext(body, markdown::options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(Tag::Heading { id, .. }) => {
                heading = if id.is_none() {
                    Some((range.clone(), String::new()))
                } else {
                    None
                };
                if let Some(id) = id {
                    ids.explicit(&id);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((h, text)) = heading.take() {
                    // The same id the renderer would give the original heading.
                    let id = ids.generated(&text);
                    let line_end = body[h.clone()].trim_end_matches(['\n', '\r']).len() + h.start;
                    // ATX headings only (`## Title`); a setext heading keeps its generated id.
                    if body[h.start..].starts_with('#') {
                        edits.push((line_end..line_end, format!(" {{#{id}}}")));
                    }
                }
            }
            Event::Text(t) if in_code == 0 => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                // Only where the source is the text itself (no escapes or entities to break).
                if body.get(range.clone()) == Some(&*t) {
                    let out = f(&t);
                    if out != *t {
                        edits.push((range, out.into_owned()));
                    }
                }
            }
            Event::Code(t) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            _ => {}
        }
    }
    apply_edits(body, &edits)
}

/// Add both pseudo-locales to the configuration, their pages (from the default language's) and their UI strings.
pub fn extend(config: &mut Config, content: &mut Content, catalog: &mut Catalog) {
    let default = config.default_language().code.clone();
    for locale in &LOCALES {
        if config.language(locale.code).is_some() {
            continue;
        }
        config.languages.push(Language {
            code: locale.code.to_string(),
            name: locale.name.to_string(),
            dir: locale.dir,
        });
        catalog.add_pseudo(locale.code, locale.transform);
        let pages: Vec<Page> = content
            .pages
            .get(&default)
            .into_iter()
            .flat_map(|p| p.values())
            .map(|original| {
                let mut front = original.front.clone();
                front.title = (locale.transform)(&front.title).into_owned();
                front.description = front.description.map(|d| (locale.transform)(&d).into_owned());
                front.translated_from = Some(original.hash.clone());
                let body = transform_markdown(original.body(), locale.transform);
                Page {
                    lang: locale.code.to_string(),
                    key: original.key.clone(),
                    file: original.file.clone(),
                    site_path: content::site_path(locale.code, &original.key, front.slug.as_deref()),
                    text: body,
                    front,
                    body_offset: 0,
                    hash: original.hash.clone(),
                    stamp: None,
                    // The text is transformed: offsets no longer match the expansion's.
                    includes: None,
                }
            })
            .collect();
        let map = content.pages.entry(locale.code.to_string()).or_default();
        for p in pages {
            map.insert(p.key.clone(), std::sync::Arc::new(p));
        }
        if let Some(s) = content.summaries.get(&default).cloned() {
            content
                .summaries
                .insert(locale.code.to_string(), transform_summary(&s, locale.transform));
        }
    }
}

fn transform_summary(s: &content::Summary, f: fn(&str) -> Cow<'_, str>) -> content::Summary {
    use content::SummaryItem::*;
    content::Summary {
        items: s
            .items
            .iter()
            .map(|i| match i {
                Part { title } => Part {
                    title: f(title).into_owned(),
                },
                Chapter { title, key, level } => Chapter {
                    title: f(title).into_owned(),
                    key: key.clone(),
                    level: *level,
                },
                Separator => Separator,
                Draft { title, level } => Draft {
                    title: f(title).into_owned(),
                    level: *level,
                },
            })
            .collect(),
        numbers: s.numbers.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_prose_changes() {
        let body = "## Create a token\n\nRead [the scopes](scopes.md#api) and `inline code`.\n\n```bash\necho hello\n```\n\n## Keep {#keep}\n\nA &amp; B \\* star.\n";
        let out = transform_markdown(body, accented);
        assert!(out.starts_with("## Ƈřeeaaŧee aa ŧooķeeƞ {#create-a-token}\n"), "{out}");
        assert!(
            out.contains("[ŧħee şƈooƥeeş](scopes.md#api)"),
            "link target kept: {out}"
        );
        assert!(out.contains("`inline code`"), "{out}");
        assert!(out.contains("```bash\necho hello\n```"), "code kept: {out}");
        assert!(out.contains("## Ķeeeeƥ {#keep}"), "{out}");
        assert!(out.contains("&amp;"), "entities kept: {out}");
    }

    #[test]
    fn rtl_pseudo_wraps_in_bidi_controls() {
        assert_eq!(bidi("Next"), "\u{202e}Nǝxʇ\u{202c}");
        assert_eq!(bidi("42"), "42");
    }
}
