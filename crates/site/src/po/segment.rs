//! A page cut into gettext messages the way mdbook-i18n-helpers cuts it, so the msgids of `.po` files made
//! by `mdbook-xgettext` match, and the page translated back from a catalogue.
//!
//! The rules (read from the helpers' documentation and behaviour, written anew):
//! - pulldown-cmark with tables, old-style footnotes, strikethrough, task lists and heading attributes; soft
//!   breaks become spaces; shortcut, collapsed and reference links become inline links.
//! - Inline content (text, code, emphasis, links, images, footnote references, inline HTML) forms one
//!   message; any other block event ends it. Paragraphs and code blocks are groups of their own.
//! - Each message is its events written back as Markdown by `pulldown-cmark-to-cmark` (`-` bullets, `_`
//!   emphasis, `**` strong), without the indentation of the lists and quotes around it.
//! - `<!-- i18n:skip -->` skips the next message; `<!-- i18n:comment … -->` is a translator comment.
//! - A code block is one message when it has a `"` or `//` in it, else none. **Difference:** for a code block
//!   whose language syntect knows, the helpers make one message per string and comment instead; those
//!   translations are not found here and the block shows its original (counted as missing).
//!
//! Untranslated and fuzzy messages show the original, and are counted ([`super::Counts`]).

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use pulldown_cmark_to_cmark::{State, calculate_code_block_token_count, cmark_resume_with_options};

use super::{Catalog, Counts, Lookup};

/// One message of a page: its 1-based line, its msgid and any translator comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Message {
    pub line: usize,
    pub id: String,
    pub comment: String,
}

/// Events with their 1-based lines, owned (the writer's state carries strings from one group to the next).
type Events = Vec<(usize, Event<'static>)>;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_OLD_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn common(ev: Event<'_>) -> Event<'_> {
    let inline = |lt: LinkType| match lt {
        LinkType::Shortcut | LinkType::Collapsed | LinkType::Reference => LinkType::Inline,
        other => other,
    };
    match ev {
        Event::SoftBreak => Event::Text(" ".into()),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type: inline(link_type),
            dest_url,
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type: inline(link_type),
            dest_url,
            title,
            id,
        }),
        other => other,
    }
}

/// The events of `text` with their lines. Inside a code block (from `state`) the text is lines; inside a
/// table cell it is parsed as a cell's inlines.
fn events(text: &str, state: Option<&State<'_>>) -> Events {
    if state.is_some_and(|s| s.is_in_code_block()) {
        return text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, l)| (i + 1, Event::Text(l.to_string().into())))
            .collect();
    }
    // A cell's text is parsed inside a one-cell table, whose own events are dropped; its line is always 1.
    let in_cell = state.is_some_and(|s| s.in_table_cell);
    let source = if in_cell {
        format!("|{text}|\n|-|")
    } else {
        text.to_string()
    };
    let newlines: Vec<usize> = source.match_indices('\n').map(|(o, _)| o).collect();
    Parser::new_ext(&source, options())
        .into_offset_iter()
        .filter(|(e, _)| {
            !in_cell
                || !matches!(
                    e,
                    Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableCell)
                        | Event::End(TagEnd::Table | TagEnd::TableHead | TagEnd::TableCell)
                )
        })
        .map(|(e, r)| {
            let line = if in_cell {
                1
            } else {
                newlines.partition_point(|&o| o < r.start) + 1
            };
            (line, common(e).into_static())
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Group {
    Translate { events: Events, comment: String },
    Skip(Events),
}

enum Directive {
    Skip,
    Comment(String),
}

/// `<!-- i18n:skip -->`, `<!-- mdbook-xgettext: comment text -->`.
fn directive(html: &str) -> Option<Directive> {
    let t = html.trim();
    let inner = t.strip_prefix("<!--")?.trim_start_matches('-');
    let inner = inner.strip_suffix("-->")?.trim_end_matches('-').trim();
    let rest = inner
        .strip_prefix("i18n")
        .or_else(|| inner.strip_prefix("mdbook-xgettext"))?;
    let command = rest.trim_start().strip_prefix(':')?.trim();
    let word = command
        .split(|c: char| c.is_whitespace() || c == ':' || c == '-')
        .next()
        .unwrap_or("");
    match word {
        "skip" => Some(Directive::Skip),
        "comment" => {
            let start = (command.find("comment").unwrap_or(0) + "comment".len() + 1).min(command.len());
            Some(Directive::Comment(command[start..].trim().to_string()))
        }
        _ => None,
    }
}

#[derive(Default)]
struct Ctx {
    skip_next: bool,
    comments: Vec<String>,
}

fn close(translate: bool, events: &[(usize, Event<'static>)], ctx: &mut Ctx, out: &mut Vec<Group>) {
    if events.is_empty() && !translate {
        return;
    }
    if !translate {
        out.push(Group::Skip(events.to_vec()));
    } else if ctx.skip_next {
        ctx.skip_next = false;
        out.push(Group::Skip(events.to_vec()));
    } else if matches!(
        events,
        [
            (_, Event::Start(Tag::CodeBlock(_))),
            ..,
            (_, Event::End(TagEnd::CodeBlock))
        ]
    ) {
        let admonish = matches!(&events[0].1, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
            if info.split_once(' ').is_some_and(|(k, _)| k == "admonish"));
        let text: String = events
            .iter()
            .filter_map(|(_, e)| if let Event::Text(t) = e { Some(t.as_ref()) } else { None })
            .collect();
        if admonish || text.contains('"') || text.contains("//") {
            out.push(Group::Translate {
                events: events.to_vec(),
                comment: std::mem::take(&mut ctx.comments).join(" "),
            });
        } else {
            out.push(Group::Skip(events.to_vec()));
        }
    } else {
        out.push(Group::Translate {
            events: events.to_vec(),
            comment: std::mem::take(&mut ctx.comments).join(" "),
        });
    }
}

fn group(events: &[(usize, Event<'static>)]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut ctx = Ctx::default();
    let mut translating = false;
    let mut start = 0;
    for (i, (_, ev)) in events.iter().enumerate() {
        match ev {
            Event::Start(Tag::Paragraph | Tag::CodeBlock(_)) => {
                close(translating, &events[start..i], &mut ctx, &mut out);
                translating = true;
                start = i;
            }
            Event::End(TagEnd::Paragraph | TagEnd::CodeBlock) => {
                close(translating, &events[start..=i], &mut ctx, &mut out);
                translating = false;
                start = i + 1;
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. })
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image)
            | Event::Text(_)
            | Event::Code(_)
            | Event::FootnoteReference(_)
            | Event::SoftBreak
            | Event::HardBreak => {
                if !translating {
                    close(false, &events[start..i], &mut ctx, &mut out);
                    translating = true;
                    start = i;
                }
            }
            Event::Html(s) | Event::InlineHtml(s) => match directive(s) {
                Some(d) => {
                    if translating {
                        close(true, &events[start..i], &mut ctx, &mut out);
                        start = i;
                    }
                    match d {
                        Directive::Skip => ctx.skip_next = true,
                        Directive::Comment(c) => ctx.comments.push(c),
                    }
                }
                None if matches!(ev, Event::Html(_)) => {
                    if translating {
                        close(true, &events[start..i], &mut ctx, &mut out);
                        translating = false;
                        start = i;
                    }
                }
                None => {
                    if !translating {
                        close(false, &events[start..i], &mut ctx, &mut out);
                        translating = true;
                        start = i;
                    }
                }
            },
            _ => {
                if translating {
                    close(true, &events[start..i], &mut ctx, &mut out);
                    translating = false;
                    start = i;
                }
            }
        }
    }
    let rest = &events[start..];
    if translating {
        out.push(Group::Translate {
            events: rest.to_vec(),
            comment: String::new(),
        });
    } else {
        out.push(Group::Skip(rest.to_vec()));
    }
    out
}

/// Markdown for one group, without the padding of the lists and quotes around it, and the state after it.
fn markdown(events: &[(usize, Event<'static>)], state: Option<State<'static>>) -> (String, Option<State<'static>>) {
    let evs = || events.iter().map(|(_, e)| e);
    let options = pulldown_cmark_to_cmark::Options {
        code_block_token_count: calculate_code_block_token_count(evs()).unwrap_or(3),
        list_token: '-',
        emphasis_token: '_',
        strong_token: "**",
        ..pulldown_cmark_to_cmark::Options::default()
    };
    let next = cmark_resume_with_options(evs(), String::new(), state.clone(), options.clone()).ok();
    let simple = state.map(|mut s| {
        s.newlines_before_start = 0;
        s.padding.clear();
        s
    });
    let mut out = String::new();
    if cmark_resume_with_options(evs(), &mut out, simple, options).is_err() {
        out.clear();
    }
    (out.trim_start_matches('\n').to_string(), next)
}

/// The messages of a page, as `mdbook-xgettext` extracts them.
pub(crate) fn messages(text: &str) -> Vec<Message> {
    let evs = events(text, None);
    let mut out = Vec::new();
    let mut state = None;
    for g in group(&evs) {
        match g {
            Group::Translate { events, comment } => {
                let Some((line, _)) = events.first() else { continue };
                let (md, next) = markdown(&events, state);
                if !md.trim().is_empty() {
                    out.push(Message {
                        line: *line,
                        id: md,
                        comment,
                    });
                }
                state = next;
            }
            Group::Skip(events) => state = markdown(&events, state).1,
        }
    }
    out
}

/// Drop the paragraph a translation's events come wrapped in when the original had none (a heading's text).
fn trim_paragraph<'b>(
    new: &'b [(usize, Event<'static>)],
    old: &[(usize, Event<'static>)],
) -> &'b [(usize, Event<'static>)] {
    match new {
        [
            (_, Event::Start(Tag::Paragraph)),
            inner @ ..,
            (_, Event::End(TagEnd::Paragraph)),
        ] => match old {
            [
                (_, Event::Start(Tag::Paragraph)),
                ..,
                (_, Event::End(TagEnd::Paragraph)),
            ] => new,
            _ => inner,
        },
        _ => new,
    }
}

/// The page in the catalogue's language, as Markdown, and how its messages fared. A message that is fuzzy,
/// empty or missing keeps its original text.
pub(crate) fn translate(text: &str, catalog: &Catalog) -> (String, Counts) {
    let evs = events(text, None);
    let mut counts = Counts::default();
    let mut translated: Events = Vec::new();
    let mut state: Option<State<'static>> = None;
    for g in group(&evs) {
        match g {
            Group::Translate { events: old, .. } => {
                let (msgid, next) = markdown(&old, state.clone());
                let lookup = if msgid.trim().is_empty() {
                    Lookup::Missing
                } else {
                    catalog.lookup(&msgid)
                };
                if !msgid.trim().is_empty() {
                    counts.add(lookup);
                }
                match lookup {
                    Lookup::Translated(msgstr) => {
                        let new = events(msgstr, state.as_ref());
                        translated.extend_from_slice(trim_paragraph(&new, &old));
                    }
                    _ => translated.extend(old),
                }
                state = next;
            }
            Group::Skip(old) => {
                state = markdown(&old, state).1;
                translated.extend(old);
            }
        }
    }
    (markdown(&translated, None).0, counts)
}

/// Text and code of `text`'s Markdown, the rest dropped: how mdBook strips `SUMMARY.md` titles.
fn strip_formatting(text: &str) -> String {
    events(text, None)
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.to_string()),
            _ => None,
        })
        .collect()
}

/// A chapter or part title from `SUMMARY.md` (already stripped of formatting, as [`crate::mdbook::summary`]
/// gives it), translated as mdbook-gettext does: the message itself, else a message whose msgid, stripped of
/// formatting, is the title (its msgstr stripped too). `None` keeps the original.
pub(crate) fn translate_title(title: &str, catalog: &Catalog) -> Option<String> {
    if let Lookup::Translated(t) = catalog.lookup(title) {
        return Some(strip_formatting(t));
    }
    catalog
        .entries()
        .iter()
        .filter(|e| e.context.is_none() && e.is_translated())
        .find(|e| strip_formatting(&e.id) == title)
        .map(|e| strip_formatting(&e.strs[0]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Each page of `tests/fixtures/mdbook/po/pages/` against the messages `mdbook-xgettext`'s library
    /// (mdbook-i18n-helpers 0.4.0 `extract_messages`) gave for it, saved beside it as `.messages.json`.
    #[test]
    fn messages_match_mdbook_i18n_helpers() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mdbook/po/pages");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).expect("fixture folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("page");
            let expected: Vec<serde_json::Value> =
                serde_json::from_str(&std::fs::read_to_string(path.with_extension("messages.json")).expect("json"))
                    .expect("valid json");
            let got: Vec<serde_json::Value> = messages(&text)
                .into_iter()
                .map(|m| serde_json::json!({"line": m.line, "id": m.id, "comment": m.comment}))
                .collect();
            assert_eq!(got, expected, "{}", path.display());
            checked += 1;
        }
        assert!(checked >= 2);
    }

    /// The same pages translated with `pages/es.po`, against what the helpers' `translate_events` and
    /// `reconstruct_markdown` made of them (`.es.md.expected`).
    #[test]
    fn translations_match_mdbook_i18n_helpers() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mdbook/po/pages");
        let po = dir.join("es.po");
        let (catalog, diags) = super::super::parse(&po, &std::fs::read_to_string(&po).expect("po"));
        assert!(diags.is_empty(), "{diags:?}");
        for (page, want) in [("basics.md", (7, 1, 0, 10)), ("blocks.md", (3, 0, 1, 2))] {
            let text = std::fs::read_to_string(dir.join(page)).expect("page");
            let expected = std::fs::read_to_string(dir.join(page.replace(".md", ".es.md.expected"))).expect("expected");
            let (md, counts) = translate(&text, &catalog);
            assert_eq!(md, expected, "{page}");
            assert_eq!(
                (counts.translated, counts.fuzzy, counts.untranslated, counts.missing),
                want,
                "{page}"
            );
        }
    }

    #[test]
    fn translating_a_page() {
        let po = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mdbook/po/es.po");
        let (catalog, diags) = super::super::parse(&po, &std::fs::read_to_string(&po).expect("po"));
        assert!(diags.is_empty(), "{diags:?}");
        let page = "# Introduction\n\nThis book is laid out **exactly** as mdBook lays books out.\n\n\
                    ## Installation\n\n## Pre-compiled binaries\n\nA paragraph nobody translated.\n";
        let (md, counts) = translate(page, &catalog);
        assert_eq!(
            md,
            "# Introducción\n\nEste libro sigue **exactamente** la disposición de mdBook.\n\n## Installation\n\n\
             ## Pre-compiled binaries\n\nA paragraph nobody translated."
        );
        // Fuzzy (Installation), empty (Pre-compiled binaries) and missing (the last paragraph) keep the original.
        assert_eq!(
            counts,
            Counts {
                translated: 2,
                fuzzy: 1,
                untranslated: 1,
                missing: 1
            }
        );
    }

    #[test]
    fn summary_titles() {
        let text = "msgid \"`book.toml` Keys\"\nmsgstr \"Claves de `book.toml`\"\n\nmsgid \"Introduction\"\nmsgstr \"Introducción\"\n\n#, fuzzy\nmsgid \"Old\"\nmsgstr \"Viejo\"\n";
        let (catalog, d) = super::super::parse(Path::new("es.po"), text);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(
            translate_title("book.toml Keys", &catalog).as_deref(),
            Some("Claves de book.toml")
        );
        assert_eq!(
            translate_title("Introduction", &catalog).as_deref(),
            Some("Introducción")
        );
        assert_eq!(translate_title("Old", &catalog), None);
        assert_eq!(translate_title("Unknown", &catalog), None);
    }

    #[test]
    fn directives() {
        let table = [
            ("<!-- i18n:skip -->", Some("skip")),
            ("<!-- i18n: skip -->", Some("skip")),
            ("<!-- mdbook-xgettext:skip -->", Some("skip")),
            ("<!-- i18n:comment Hello there -->", Some("comment Hello there")),
            ("<!-- i18n:comment: With colon -->", Some("comment With colon")),
            ("<!-- a normal comment -->", None),
            ("<div>", None),
        ];
        for (html, want) in table {
            let got = directive(html).map(|d| match d {
                Directive::Skip => "skip".to_string(),
                Directive::Comment(c) => format!("comment {c}"),
            });
            assert_eq!(got.as_deref(), want, "{html}");
        }
    }

    #[test]
    fn bad_input_never_panics() {
        for t in ["", "```", "| a |\n|-", "<!--", "[^x]: y", "- ", "> > >", "*a **b", "\\"] {
            let _ = messages(t);
            let _ = translate(t, &Catalog::default());
        }
    }
}
