//! Markdown → HTML with pulldown-cmark: heading ids and the TOC, link and image rewriting, callouts, figures, checker blocks.

use std::collections::HashSet;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

use crate::content::Page;
use crate::diag::{Diagnostic, Location};
use crate::frontmatter::{self, CheckerBlock};

/// One TOC line: a level-2 or level-3 heading.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An internal link found in a page, to be checked once every page's ids are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The target page's key, or `None` for a `#anchor` on the same page.
    pub target: Option<String>,
    pub anchor: Option<String>,
    /// Byte offset of the link in the page file.
    pub offset: usize,
}

/// What rendering one page in one output language produced.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every `id` a link can point at (headings, raw HTML ids, footnotes).
    pub ids: HashSet<String>,
    pub links: Vec<InternalLink>,
    pub checkers: Vec<CheckerBlock>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A heading being collected: its inner events are buffered to derive its id and TOC text.
struct OpenHeading<'a> {
    level: HeadingLevel,
    explicit: Option<String>,
    classes: Vec<String>,
    start: usize,
    inner: Vec<Event<'a>>,
    text: String,
}

/// What the renderer asks of the rest of the build.
pub trait Resolver {
    /// The URL (with base path) of page `key` in the output language, if such a page exists.
    fn page_url(&self, key: &str) -> Option<String>;
    /// The URL of content asset `key` (looked up in the page's language, then the default), if it exists.
    fn asset_url(&self, key: &str) -> Option<String>;
    /// The localized title of a callout kind (`note`, `tip`, …).
    fn callout_title(&self, kind: &str) -> String;
    /// The HTML of the n-th (0-based) checker placeholder on this page.
    fn checker_html(&self, block: &CheckerBlock, index: usize) -> String;
    /// `[output.html] allow-content-scripts`: whether raw `<script>`, `on*` and `javascript:` are let through.
    fn allow_content_scripts(&self) -> bool {
        false
    }
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A stable id from heading text: accents folded, lowercase, letters and digits kept, other runs → `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.nfd().filter(|c| !is_combining(*c)).flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c == '_' || c == '-' || c.is_whitespace() || c.is_ascii_punctuation() || !c.is_alphanumeric() {
            dash = true;
        }
    }
    if out.is_empty() { "section".to_string() } else { out }
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Replace byte ranges of `text` (non-overlapping after sorting; an overlapping edit is dropped).
pub fn apply_edits(text: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len() + edits.iter().map(|(_, t)| t.len()).sum::<usize>());
    let mut pos = 0;
    for (r, replacement) in edits {
        if r.start < pos {
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(&replacement);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn kind_name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// Is this link target outside the site (has a scheme, or is protocol-relative)?
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Join a relative path onto the folder of `from_key`, resolving `.` and `..`; `None` if it climbs out of the language folder.
pub fn resolve_key(from_key: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_key.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// `%XX` escapes decoded (invalid ones kept as they are).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Render `page`'s Markdown body for one output language.
pub fn render(page: &Page, resolver: &dyn Resolver) -> Rendered {
    let body = page.body();
    let base = page.body_offset;
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(body, options()).into_offset_iter().collect();
    let mut r = Rendered::default();
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let at = |offset: usize| Location::at_offset(&page.file, &page.text, base + offset);
    r.diagnostics.extend(crate::rawhtml::check_events(
        &events,
        &page.file,
        &page.text,
        base,
        resolver.allow_content_scripts(),
    ));

    let mut i = 0;
    let mut quote_stack: Vec<bool> = Vec::new();
    let mut heading: Option<OpenHeading<'_>> = None;
    let mut used_ids: HashSet<String> = HashSet::new();

    while i < events.len() {
        let (ev, range) = (&events[i].0, events[i].1.clone());
        let mut emit: Vec<Event<'_>> = Vec::new();
        match ev {
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                heading = Some(OpenHeading {
                    level: *level,
                    explicit: id.as_ref().map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    start: range.start,
                    inner: Vec::new(),
                    text: String::new(),
                });
                i += 1;
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(OpenHeading {
                    level,
                    explicit,
                    classes,
                    start,
                    inner,
                    text,
                }) = heading.take()
                {
                    let id = match explicit {
                        Some(id) => {
                            if !used_ids.insert(id.clone()) {
                                r.diagnostics.push(
                                    Diagnostic::error(format!("heading id `{id}` is used twice on this page"))
                                        .at(at(start))
                                        .help("give each heading a different `{#id}`"),
                                );
                            }
                            id
                        }
                        None => {
                            let stem = slugify(&text);
                            let mut id = stem.clone();
                            let mut n = 1;
                            while used_ids.contains(&id) {
                                id = format!("{stem}-{n}");
                                n += 1;
                            }
                            used_ids.insert(id.clone());
                            id
                        }
                    };
                    let lvl = level as u8;
                    if lvl == 2 || lvl == 3 {
                        r.toc.push(TocEntry {
                            level: lvl,
                            id: id.clone(),
                            text: text.trim().to_string(),
                        });
                    }
                    let class = if classes.is_empty() {
                        String::new()
                    } else {
                        format!(" class=\"{}\"", escape_html(&classes.join(" ")))
                    };
                    let eid = escape_html(&id);
                    emit.push(Event::Html(CowStr::from(format!("<h{lvl} id=\"{eid}\"{class}>"))));
                    emit.extend(inner);
                    emit.push(Event::Html(CowStr::from(format!(
                        "<a class=\"anchor\" href=\"#{eid}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{lvl}>\n"
                    ))));
                    r.ids.insert(id);
                }
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let name = kind_name(*kind);
                quote_stack.push(true);
                emit.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{name}\" role=\"note\">\n<p class=\"callout-title\">{}</p>\n",
                    escape_html(&resolver.callout_title(name))
                ))));
            }
            Event::Start(Tag::BlockQuote(None)) => {
                quote_stack.push(false);
                emit.push(ev.clone());
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                if quote_stack.pop().unwrap_or(false) {
                    emit.push(Event::Html(CowStr::from("</div>\n")));
                } else {
                    emit.push(ev.clone());
                }
            }
            Event::Start(Tag::Table(_)) => {
                emit.push(Event::Html(CowStr::from(crate::a11y::TABLE_WRAP_OPEN)));
                emit.push(ev.clone());
            }
            Event::End(TagEnd::Table) => {
                emit.push(ev.clone());
                emit.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("token-checker") =>
            {
                let mut yaml = String::new();
                let mut j = i + 1;
                let body_start = events.get(j).map_or(range.end, |e| e.1.start);
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::CodeBlock)) {
                    if let Event::Text(t) = &events[j].0 {
                        yaml.push_str(t);
                    }
                    j += 1;
                }
                match frontmatter::parse_checker(&page.file, &page.text, base + body_start, &yaml) {
                    Ok(block) => {
                        if block.require.is_empty() && block.require_any.is_empty() {
                            r.diagnostics.push(
                                Diagnostic::error("this `token-checker` block asks for no scopes")
                                    .at(at(range.start))
                                    .help(
                                        "add `require: [read_api]` (all of) or `require-any: [api, read_api]` (any of)",
                                    ),
                            );
                        }
                        for s in block.require.iter().chain(&block.require_any) {
                            if s.is_empty()
                                || !s
                                    .chars()
                                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                            {
                                let in_block = yaml.find(s.as_str()).map_or(0, |o| o + body_start);
                                r.diagnostics.push(
                                    Diagnostic::error(format!("`{s}` is not a scope name"))
                                        .at(if in_block > 0 { at(in_block) } else { at(range.start) })
                                        .help("scopes are written like GitLab shows them: `api`, `read_api`, `read_repository`…"),
                                );
                            }
                        }
                        emit.push(Event::Html(CowStr::from(
                            resolver.checker_html(&block, r.checkers.len()),
                        )));
                        r.checkers.push(block);
                    }
                    Err(d) => r.diagnostics.push(d),
                }
                out.extend(emit);
                i = j + 1;
                continue;
            }
            Event::Start(Tag::Paragraph) if is_lone_figure(&events, i) => {
                // `![alt](src "caption")` alone in a paragraph → <figure>.
                if let Event::Start(Tag::Image { dest_url, title, .. }) = &events[i + 1].0 {
                    let mut alt = String::new();
                    let mut j = i + 2;
                    while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Image)) {
                        if let Event::Text(t) | Event::Code(t) = &events[j].0 {
                            alt.push_str(t);
                        }
                        j += 1;
                    }
                    let src = rewrite_asset(dest_url, page, resolver, &mut r, at(events[i + 1].1.start));
                    emit.push(Event::Html(CowStr::from(format!(
                        "<figure>\n<img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">\n<figcaption>{}</figcaption>\n</figure>\n",
                        escape_html(&src),
                        escape_html(&alt),
                        escape_html(title)
                    ))));
                    out.extend(emit);
                    i = j + 2; // past End(Image) and End(Paragraph)
                    continue;
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let src = rewrite_asset(dest_url, page, resolver, &mut r, at(range.start));
                emit.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: CowStr::from(src),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = rewrite_link(dest_url, page, resolver, &mut r, base + range.start, at(range.start));
                emit.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(dest),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                collect_html_ids(html, &mut r.ids);
                emit.push(ev.clone());
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                r.ids.insert(name.to_string());
                emit.push(ev.clone());
            }
            _ => emit.push(ev.clone()),
        }
        if let Some(h) = heading.as_mut() {
            for e in &emit {
                if let Event::Text(t) | Event::Code(t) = e {
                    h.text.push_str(t);
                }
            }
            h.inner.extend(emit);
        } else {
            out.extend(emit);
        }
        i += 1;
    }

    // Same-page anchors can be checked now.
    r.links.retain(|l| {
        if l.target.is_none()
            && let Some(a) = &l.anchor
            && !r.ids.contains(a)
        {
            r.diagnostics.push(
                Diagnostic::error(format!("broken link: no heading `#{a}` on this page"))
                    .at(Location::at_offset(&page.file, &page.text, l.offset))
                    .help(nearest_id_help(a, &r.ids)),
            );
            return false;
        }
        l.target.is_some()
    });

    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    r.html = crate::a11y::focusable_code_blocks(html);
    r
}

/// A help line naming the closest existing id.
pub fn nearest_id_help(anchor: &str, ids: &HashSet<String>) -> String {
    match crate::diag::nearest(anchor, ids.iter().map(String::as_str)) {
        Some(n) => format!("did you mean `#{n}`?"),
        None if ids.is_empty() => "that page has no headings to link to".to_string(),
        None => "link to one of the page's heading ids; give the heading an explicit `{#id}` to keep links stable"
            .to_string(),
    }
}

fn is_lone_figure(events: &[(Event<'_>, std::ops::Range<usize>)], i: usize) -> bool {
    let Some((Event::Start(Tag::Image { title, .. }), _)) = events.get(i + 1) else {
        return false;
    };
    if title.is_empty() {
        return false;
    }
    let mut j = i + 2;
    while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Image)) {
        j += 1;
    }
    matches!(events.get(j + 1), Some((Event::End(TagEnd::Paragraph), _)))
}

fn rewrite_asset(dest: &str, page: &Page, resolver: &dyn Resolver, r: &mut Rendered, loc: Location) -> String {
    if dest.is_empty() || is_external(dest) || dest.starts_with('/') || dest.starts_with('#') {
        return dest.to_string();
    }
    let (path, frag) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let Some(key) = resolve_key(&page.key, &percent_decode(path)) else {
        r.diagnostics.push(
            Diagnostic::error(format!("`{dest}` climbs out of the language folder"))
                .at(loc)
                .help("keep files inside `content/<lang>/` and link to them relatively"),
        );
        return dest.to_string();
    };
    match resolver.asset_url(&key) {
        Some(url) => match frag {
            Some(f) => format!("{url}#{f}"),
            None => url,
        },
        None => {
            r.diagnostics.push(
                Diagnostic::error(format!("broken link: file `{key}` not found"))
                    .at(loc)
                    .help(format!(
                        "add `content/{}/{key}` (or to the default language's folder), or fix the path",
                        page.lang
                    )),
            );
            dest.to_string()
        }
    }
}

fn rewrite_link(
    dest: &str,
    page: &Page,
    resolver: &dyn Resolver,
    r: &mut Rendered,
    offset: usize,
    loc: Location,
) -> String {
    if dest.is_empty() || is_external(dest) {
        return dest.to_string();
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        r.links.push(InternalLink {
            target: None,
            anchor: Some(percent_decode(anchor)),
            offset,
        });
        return dest.to_string();
    }
    if dest.starts_with('/') {
        r.diagnostics.push(
            Diagnostic::warning(format!(
                "`{dest}` is a site-absolute link: it breaks under a base path and is not checked"
            ))
            .at(loc)
            .help("link to the page's Markdown file relatively, e.g. `other.md#anchor`"),
        );
        return dest.to_string();
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(percent_decode(a))),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    if !path.ends_with(".md") {
        return rewrite_asset(dest, page, resolver, r, loc);
    }
    let Some(key) = resolve_key(&page.key, &percent_decode(path)) else {
        r.diagnostics.push(
            Diagnostic::error(format!("broken link: `{dest}` climbs out of the language folder"))
                .at(loc)
                .help("link to pages of the same language with a relative path like `other.md`"),
        );
        return dest.to_string();
    };
    match resolver.page_url(&key) {
        Some(url) => {
            let target = if key == page.key { None } else { Some(key) };
            if target.is_some() || anchor.is_some() {
                r.links.push(InternalLink {
                    target,
                    anchor: anchor.clone(),
                    offset,
                });
            }
            match anchor {
                Some(a) => format!("{url}#{a}"),
                None => url,
            }
        }
        None => {
            r.diagnostics.push(
                Diagnostic::error(format!("broken link: no page `{key}`"))
                    .at(loc)
                    .help(format!(
                        "create `content/{}/{key}`, or fix the path (it is relative to this page's folder)",
                        page.lang
                    )),
            );
            dest.to_string()
        }
    }
}

/// Ids declared in raw HTML (`id="…"`), so links to them check out.
fn collect_html_ids(html: &str, ids: &mut HashSet<String>) {
    let mut rest = html;
    while let Some(i) = rest.find("id=") {
        let before = rest[..i].chars().last();
        rest = &rest[i + 3..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            continue;
        }
        let quote = rest.chars().next();
        if let Some(q @ ('"' | '\'')) = quote
            && let Some(end) = rest[1..].find(q)
        {
            ids.insert(rest[1..1 + end].to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_and_fold_accents() {
        let cases = [
            ("Create a token", "create-a-token"),
            ("Fecha de caducidad y rotación", "fecha-de-caducidad-y-rotacion"),
            ("`read_api` scope", "read-api-scope"),
            ("What's 401?", "what-s-401"),
            ("  ", "section"),
            ("Ámbitos: ¿cuál elegir?", "ambitos-cual-elegir"),
            ("النطاقات", "النطاقات"),
        ];
        for (text, id) in cases {
            assert_eq!(slugify(text), id, "{text}");
        }
    }

    #[test]
    fn relative_keys() {
        assert_eq!(resolve_key("a.md", "b.md").as_deref(), Some("b.md"));
        assert_eq!(resolve_key("guide/a.md", "../b.md").as_deref(), Some("b.md"));
        assert_eq!(resolve_key("guide/a.md", "./c/d.md").as_deref(), Some("guide/c/d.md"));
        assert_eq!(resolve_key("a.md", "../../x.md"), None);
    }

    #[test]
    fn external_detection() {
        for e in ["https://x.io", "mailto:a@b", "//cdn.x/y"] {
            assert!(is_external(e), "{e}");
        }
        for i in ["a.md", "a.md#x:y", "images/a.svg", "#x"] {
            assert!(!is_external(i), "{i}");
        }
    }
}
