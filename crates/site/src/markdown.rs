//! The Markdown pass: one pulldown-cmark walk per published page that yields everything later stages need —
//! HTML, TOC and ids, links to check, checker blocks, search text, the structure translations must keep, and the
//! edits that make the page's Markdown alternate. One link rewriter serves all of them.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::content::Page;
use crate::diag::{Diagnostic, Location};
use crate::frontmatter::{self, CheckerBlock};
use crate::search::{SearchText, Section};
use crate::text::{HeadingIds, concat, escape_html, percent_decode};
use crate::translation::Structure;

/// One TOC line: a level-2 or level-3 heading.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An internal link found in a page, to be checked once every page's ids are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InternalLink {
    /// The target page's key, or `None` for a `#anchor` on the same page.
    pub target: Option<String>,
    pub anchor: Option<String>,
    /// Byte offset of the link in the page file.
    pub offset: usize,
}

/// A page's ids: hashed with `FxHash` (the ids are the site's own, and SipHash was in every page's pass).
pub(crate) type Ids = rustc_hash::FxHashSet<String>;

/// What the pass produced for one page in one output language.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every `id` a link can point at (headings, raw HTML ids, footnotes).
    pub ids: Ids,
    pub links: Vec<InternalLink>,
    pub checkers: Vec<CheckerBlock>,
    /// Prose, headings, inline code and link text; no fenced code or checker blocks.
    pub search: SearchText,
    /// Code blocks, link targets, checker scopes and explicit ids: what a translation must keep.
    pub structure: Structure,
    /// Links that leave an mdBook book on purpose: their offset in the page file and their path from the book's
    /// root, for one grouped warning per place (`check`).
    pub outside: Vec<(usize, String)>,
    /// Byte ranges of the page body to replace to get the Markdown alternate.
    pub alternate_edits: Vec<(Range<usize>, String)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// How a link to another page resolved.
pub(crate) enum PageLink {
    Found(String),
    /// The page exists but failed to load (already reported).
    Unloaded,
    /// No such page in this language; these languages have it.
    OtherLanguages(Vec<String>),
    Missing,
}

/// What the pass asks of the rest of the build.
pub(crate) trait Resolver {
    /// Page `key` in the output language.
    fn page(&self, key: &str) -> PageLink;
    /// Content asset `key` (looked up in the page's language, then the default): its URL and file.
    fn asset(&self, key: &str) -> Option<(String, &Path)>;
    /// The localized title of a callout kind (`note`, `tip`, …).
    fn callout_title(&self, kind: &str) -> String;
    /// The HTML of the n-th (0-based) checker placeholder on this page.
    fn checker_html(&self, block: &CheckerBlock, index: usize) -> String;
    /// What replaces a checker block in the Markdown alternate.
    fn checker_note(&self, scopes: &[String]) -> String;
    /// A site URL made absolute.
    fn absolute(&self, url: &str) -> String;
    /// `[output.html] allow-content-scripts`: whether raw `<script>`, `on*` and `javascript:` are let through.
    fn allow_content_scripts(&self) -> bool {
        false
    }
    /// The book's mdBook settings when it is in mdBook's layout (heading ids, links out of the book, hidden
    /// lines, smart punctuation).
    fn book(&self) -> Option<&crate::mdbook::config::Settings> {
        None
    }
    /// The build's highlighted code blocks, shared by every page of the pass.
    fn highlights(&self) -> Option<&crate::highlight::Cache> {
        None
    }
}

/// `output.html.code.hidelines`: language → the prefix that hides a line in its code blocks.
fn hidelines(resolver: &dyn Resolver) -> &std::collections::BTreeMap<String, String> {
    static NONE: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    resolver.book().map_or(&NONE, |b| &b.hidelines)
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
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

/// What a link or image destination points at, decided once for HTML, the alternate, parity and the link check.
#[derive(Debug, PartialEq, Eq)]
enum Dest {
    /// Has a scheme, is protocol-relative, or is empty: left alone.
    External,
    /// `#anchor` on the same page.
    Anchor(String),
    /// `/path`: breaks under a base path.
    SiteAbsolute,
    /// Climbs out of the language folder.
    Climbs,
    /// In mdBook's layout, climbs out of the book on purpose (`../std/index.html`): the path from the book's root.
    Outside(String),
    /// Another page (`.md`), with an optional anchor.
    Page { key: String, anchor: Option<String> },
    /// A content file, with an optional fragment.
    File { key: String, fragment: Option<String> },
}

/// How [`classify`] sees the book: which keys are pages (for mdBook's `chapter.html` links) and whether links
/// may leave the book (mdBook's layout).
struct Book<'a> {
    is_page: &'a dyn Fn(&str) -> bool,
    outside_allowed: bool,
}

fn classify(from_key: &str, dest: &str, book: &Book<'_>) -> Dest {
    if dest.is_empty() || is_external(dest) {
        return Dest::External;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Dest::Anchor(percent_decode(anchor));
    }
    if dest.starts_with('/') {
        return Dest::SiteAbsolute;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let mdbook = || crate::mdbook::links::resolve(from_key, dest, book.is_page);
    let Some(key) = resolve_key(from_key, &percent_decode(path)) else {
        return match mdbook() {
            crate::mdbook::links::Target::OutsideBook { path } if book.outside_allowed => Dest::Outside(path),
            _ => Dest::Climbs,
        };
    };
    if path.ends_with(".md") {
        return Dest::Page { key, anchor: fragment };
    }
    // mdBook's `chapter.html`, `dir/index.html` and `dir/` mean the chapter's Markdown file.
    match mdbook() {
        crate::mdbook::links::Target::Chapter { key, .. } => Dest::Page { key, anchor: fragment },
        _ => Dest::File { key, fragment },
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
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Join a relative path onto the folder of `from_key`, resolving `.` and `..`; `None` if it climbs out of the language folder.
pub(crate) fn resolve_key(from_key: &str, rel: &str) -> Option<String> {
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

/// A heading being collected: its inner events are buffered to derive its id and TOC text.
struct OpenHeading<'a> {
    level: HeadingLevel,
    explicit: Option<String>,
    classes: Vec<String>,
    start: usize,
    inner: Vec<Event<'a>>,
    text: String,
}

/// The pass's state for one page.
struct Pass<'p> {
    page: &'p Page,
    resolver: &'p dyn Resolver,
    r: Rendered,
    ids: HeadingIds,
    /// Inside a (non-checker) fenced or indented code block: its text so far.
    code: Option<String>,
    images: usize,
    /// mdBook's heading ids (a book in mdBook's layout), fed every event; the id of the heading just closed.
    mdbook_ids: Option<(crate::mdbook::ids::PageIds, Option<String>)>,
    /// The last section's text so far, in a buffer the thread reuses page after page: the section gets an
    /// exact copy when it ends ([`Pass::end_section`]). Grown in place, each section's text was reallocated
    /// several times as it doubled, then shrunk (a copy each time).
    text: String,
}

impl Pass<'_> {
    /// [`classify`] for this page, asking the resolver which keys are pages.
    fn classify(&self, dest: &str) -> Dest {
        let is_page = |k: &str| !matches!(self.resolver.page(k), PageLink::Missing);
        let book = Book {
            is_page: &is_page,
            outside_allowed: self.resolver.book().is_some(),
        };
        classify(&self.page.key, dest, &book)
    }

    fn at(&self, body_offset: usize) -> Location {
        self.page.location(self.page.body_offset + body_offset)
    }

    /// The last section's text so far, after starting the section before the first heading if there is none.
    fn section_text(&mut self) -> &mut String {
        if self.r.search.sections.is_empty() {
            self.r.search.sections.push(Section::default());
        }
        &mut self.text
    }

    /// Give the last section its text (without a trailing space) and empty the buffer for the next one.
    fn end_section(&mut self) {
        if let Some(last) = self.r.search.sections.last_mut() {
            last.text = self.text.strip_suffix(' ').unwrap_or(&self.text).to_owned();
        }
        self.text.clear();
    }

    /// Searchable text and code-block text, from the events as they come.
    fn observe(&mut self, ev: &Event<'_>, in_heading: bool) {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => self.code = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(code) = self.code.take() {
                    self.r.structure.code_blocks.push(crate::translation::code_hash(&code));
                }
            }
            Event::Text(t) if self.code.is_some() => {
                if let Some(c) = self.code.as_mut() {
                    c.push_str(t);
                }
            }
            Event::Text(t) | Event::Code(t) if !in_heading => crate::text::push_collapsed(self.section_text(), t),
            // Blocks are separated by a space, also where a list item holds a nested list.
            Event::SoftBreak
            | Event::HardBreak
            | Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell)
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell)
                if self.code.is_none() =>
            {
                crate::text::push_collapsed(self.section_text(), " ");
            }
            _ => {}
        }
    }

    /// One destination, rewritten for HTML; the alternate's edit, the link check and parity are recorded too.
    /// `range` is the link's or image's range in the body; `image` says whether it is an image.
    fn destination(&mut self, dest: &str, range: Range<usize>, image: bool) -> String {
        let class = self.classify(dest);
        if !image && matches!(class, Dest::External | Dest::Anchor(_) | Dest::SiteAbsolute) && !dest.is_empty() {
            // Translations keep every URL and anchor as the original has them.
            self.r.structure.links.insert(dest.to_string());
        }
        let (html, alternate) = match class {
            Dest::External => (dest.to_string(), None),
            Dest::Anchor(anchor) => {
                if !image {
                    self.r.links.push(InternalLink {
                        target: None,
                        anchor: Some(anchor),
                        offset: self.page.body_offset + range.start,
                    });
                }
                (dest.to_string(), None)
            }
            Dest::SiteAbsolute => {
                self.r.diagnostics.push(
                    Diagnostic::warning(format!(
                        "`{dest}` is a site-absolute link: it breaks under a base path and is not checked"
                    ))
                    .code("link-site-absolute")
                    .at(self.at(range.start))
                    .help("link to the page's Markdown file relatively, e.g. `other.md#anchor`"),
                );
                (dest.to_string(), None)
            }
            Dest::Outside(path) => {
                if !image {
                    self.r.structure.links.insert(dest.to_string());
                }
                // Written from the book's root; the page's folder is deeper here than in mdBook (the language,
                // then a folder per page), so climb from it to the root first.
                let depth = self.page.site_path.matches('/').count();
                let fragment = dest.split_once('#').map(|(_, f)| format!("#{f}")).unwrap_or_default();
                let href = format!("{}{path}{fragment}", "../".repeat(depth));
                self.r.outside.push((self.page.body_offset + range.start, path));
                (href, None)
            }
            Dest::Climbs => {
                self.r.diagnostics.push(
                    Diagnostic::error(format!("broken link: `{dest}` climbs out of the language folder"))
                        .at(self.at(range.start))
                        .help(
                            "keep files inside `content/<lang>/` and link to them with a relative path like `other.md`",
                        ),
                );
                (dest.to_string(), None)
            }
            Dest::Page { key, anchor } if !image => {
                self.r.structure.links.insert(match &anchor {
                    Some(a) => concat(&[&key, "#", a]),
                    None => key.clone(),
                });
                self.page_link(dest, key, anchor, range.start)
            }
            Dest::Page { key, anchor } | Dest::File { key, fragment: anchor } => {
                if !image {
                    self.r.structure.links.insert(key.clone());
                }
                match self.resolver.asset(&key) {
                    Some((url, _)) => {
                        let with = |u: String| match &anchor {
                            Some(f) => concat(&[&u, "#", f]),
                            None => u,
                        };
                        (with(url.clone()), Some(with(self.resolver.absolute(&url))))
                    }
                    None => {
                        self.r.diagnostics.push(
                            Diagnostic::error(format!("broken link: file `{key}` not found"))
                                .at(self.at(range.start))
                                .help(format!(
                                    "add `content/{}/{key}` (or to the default language's folder), or fix the path",
                                    self.page.lang
                                )),
                        );
                        (dest.to_string(), None)
                    }
                }
            }
        };
        if let Some(new) = alternate {
            let body = self.page.body();
            if let Some(at) = body.get(range.clone()).and_then(|s| s.find(&concat(&["](", dest]))) {
                let start = range.start + at + 2;
                self.r.alternate_edits.push((start..start + dest.len(), new));
            }
        }
        html
    }

    fn page_link(&mut self, dest: &str, key: String, anchor: Option<String>, start: usize) -> (String, Option<String>) {
        let with = |u: &str| match &anchor {
            Some(a) => concat(&[u, "#", a]),
            None => u.to_string(),
        };
        match self.resolver.page(&key) {
            PageLink::Found(url) => {
                let target = (key != self.page.key).then_some(key);
                if target.is_some() || anchor.is_some() {
                    self.r.links.push(InternalLink {
                        target,
                        anchor: anchor.clone(),
                        offset: self.page.body_offset + start,
                    });
                }
                let alternate = with(&self.resolver.absolute(&concat(&[&url, "index.md"])));
                (with(&url), Some(alternate))
            }
            PageLink::Unloaded => (dest.to_string(), None),
            PageLink::OtherLanguages(langs) => {
                self.r.diagnostics.push(
                    Diagnostic::error(format!(
                        "broken link: `{key}` exists only in {}, not in this page's language",
                        langs.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ")
                    ))
                    .at(self.at(start))
                    .help(
                        "a page is published in every language only when the default language has it: add its \
                         original to the default language's folder, or remove the link",
                    ),
                );
                (dest.to_string(), None)
            }
            PageLink::Missing => {
                self.r.diagnostics.push(
                    Diagnostic::error(format!("broken link: no page `{key}`"))
                        .at(self.at(start))
                        .help(format!(
                            "create `content/{}/{key}`, or fix the path (it is relative to this page's folder)",
                            self.page.lang
                        )),
                );
                (dest.to_string(), None)
            }
        }
    }

    /// `<img>` with its size when the file tells it; the first image of a page is not lazy.
    fn img(&mut self, dest: &str, alt: &str, title: &str, range: Range<usize>) -> String {
        let src = self.destination(dest, range, true);
        let size = match self.classify(dest) {
            Dest::File { key, .. } | Dest::Page { key, .. } => self
                .resolver
                .asset(&key)
                .and_then(|(_, file)| crate::images::dimensions(file)),
            _ => None,
        };
        let mut s = format!("<img src=\"{}\" alt=\"{}\"", escape_html(&src), escape_html(alt));
        if !title.is_empty() {
            s.push_str(&format!(" title=\"{}\"", escape_html(title)));
        }
        if let Some((w, h)) = size {
            s.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        if self.images > 0 {
            s.push_str(" loading=\"lazy\"");
        }
        s.push_str(" decoding=\"async\">");
        self.images += 1;
        s
    }

    fn checker_block(&mut self, yaml: &str, block_range: Range<usize>, body_start: usize) -> Option<String> {
        let at = self.at(block_range.start);
        let block = match frontmatter::parse_checker(
            &self.page.file,
            &self.page.text,
            self.page.body_offset + body_start,
            yaml,
        ) {
            Ok(b) => b,
            Err(d) => {
                self.r.diagnostics.push(d);
                return None;
            }
        };
        if block.require.is_empty() && block.require_any.is_empty() {
            self.r.diagnostics.push(
                Diagnostic::error("this `token-checker` block asks for no scopes")
                    .at(at.clone())
                    .help("add `require: [read_api]` (all of) or `require-any: [api, read_api]` (any of)"),
            );
        }
        for s in block.require.iter().chain(&block.require_any) {
            if s.is_empty()
                || !s
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                let loc = match yaml.find(s.as_str()) {
                    Some(o) if !s.is_empty() => self.at(body_start + o),
                    _ => at.clone(),
                };
                self.r.diagnostics.push(
                    Diagnostic::error(format!("`{s}` is not a scope name"))
                        .at(loc)
                        .help("scopes are written like GitLab shows them: `api`, `read_api`, `read_repository`…"),
                );
            }
        }
        let scopes: Vec<String> = block.require.iter().chain(&block.require_any).cloned().collect();
        let mut key: Vec<String> = block.require.iter().map(|r| format!("all:{r}")).collect();
        key.extend(block.require_any.iter().map(|r| format!("any:{r}")));
        key.sort();
        self.r.structure.checker_scopes.push(key.join(" "));
        self.r
            .alternate_edits
            .push((block_range, self.resolver.checker_note(&scopes)));
        let html = self.resolver.checker_html(&block, self.r.checkers.len());
        self.r.checkers.push(block);
        Some(html)
    }
}

/// Render `page`'s Markdown body for one output language: the one pass over it.
pub(crate) fn render(page: &Page, resolver: &dyn Resolver) -> Rendered {
    let body = page.body();
    let mut opts = options();
    if let Some(b) = resolver.book() {
        // mdBook's own pulldown-cmark options.
        opts.set(Options::ENABLE_SMART_PUNCTUATION, b.smart_punctuation);
        opts.set(Options::ENABLE_DEFINITION_LIST, b.definition_lists);
    }
    let (mut events, mut out) = Buffers::take();
    // Sized from the text (about one event per 16 bytes on the bench corpus), not grown by doubling.
    events.reserve(body.len() / 12);
    events.extend(Parser::new_ext(body, opts).into_offset_iter());
    let r = Rendered {
        diagnostics: crate::rawhtml::check_events(
            &events,
            &page.file,
            &page.text,
            page.body_offset,
            resolver.allow_content_scripts(),
        ),
        ..Rendered::default()
    };
    let mut p = Pass {
        page,
        resolver,
        r,
        ids: HeadingIds::default(),
        code: None,
        images: 0,
        mdbook_ids: resolver
            .book()
            .map(|_| (crate::mdbook::ids::PageIds::new(crate::mdbook::ids::Rules::V05), None)),
        text: Buffers::take_text(),
    };
    out.reserve(events.len());
    let mut quote_stack: Vec<bool> = Vec::new();
    let mut heading: Option<OpenHeading<'_>> = None;

    // What one event becomes (usually itself), reused from event to event.
    let mut emit: Vec<Event<'_>> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (ev, range) = (&events[i].0, events[i].1.clone());
        p.observe(ev, heading.is_some());
        if let Some((ids, last)) = p.mdbook_ids.as_mut()
            && let Some(h) = ids.event(ev)
        {
            *last = Some(h.id);
        }
        emit.clear();
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
                if let Some(h) = heading.take() {
                    out.extend(finish_heading(&mut p, h));
                }
                i += 1;
                continue;
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
                p.code = None; // not a code block for parity or search
                let mut yaml = String::new();
                let mut j = i + 1;
                let body_start = events.get(j).map_or(range.end, |e| e.1.start);
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::CodeBlock)) {
                    if let Event::Text(t) = &events[j].0 {
                        yaml.push_str(t);
                    }
                    j += 1;
                }
                let end = events.get(j).map_or(range.end, |e| e.1.end);
                if let Some(html) = p.checker_block(&yaml, range.start..end, body_start) {
                    out.push(Event::Html(CowStr::from(html)));
                }
                i = j + 1;
                continue;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                // Highlighted at build time; parity and search keep the block's original text.
                let mut code = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::CodeBlock)) {
                    if let Event::Text(t) = &events[j].0 {
                        code.push_str(t);
                    }
                    j += 1;
                }
                p.code = None;
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.as_ref(),
                    CodeBlockKind::Indented => "",
                };
                let shown = crate::mdbook::hidden::visible(info, &code, hidelines(resolver));
                out.push(Event::Html(CowStr::from(crate::highlight::code_block(
                    info,
                    &shown,
                    resolver.highlights(),
                ))));
                p.r.structure.code_blocks.push(crate::translation::code_hash(&code));
                i = j + 1;
                continue;
            }
            Event::Start(Tag::Paragraph) if is_lone_figure(&events, i) => {
                // `![alt](src "caption")` alone in a paragraph → <figure>.
                if let Event::Start(Tag::Image { dest_url, title, .. }) = &events[i + 1].0 {
                    let (alt, j) = alt_text(&events, i + 2);
                    crate::text::push_collapsed(p.section_text(), &alt);
                    let img = p.img(dest_url, &alt, "", events[i + 1].1.clone());
                    out.push(Event::Html(CowStr::from(format!(
                        "<figure>\n{img}\n<figcaption>{}</figcaption>\n</figure>\n",
                        escape_html(title)
                    ))));
                    i = j + 2; // past End(Image) and End(Paragraph)
                    continue;
                }
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                let (alt, j) = alt_text(&events, i + 1);
                crate::text::push_collapsed(p.section_text(), &alt);
                let img = p.img(dest_url, &alt, title, range);
                emit.push(Event::InlineHtml(CowStr::from(img)));
                i = j; // End(Image) is consumed below
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = p.destination(dest_url, range, false);
                emit.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(dest),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                collect_html_ids(html, &mut p.r.ids);
                emit.push(ev.clone());
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                p.r.ids.insert(name.to_string());
                emit.push(ev.clone());
            }
            _ => emit.push(ev.clone()),
        }
        match heading.as_mut() {
            Some(h) => {
                for e in &emit {
                    if let Event::Text(t) | Event::Code(t) = e {
                        h.text.push_str(t);
                    }
                }
                h.inner.append(&mut emit);
            }
            None => out.append(&mut emit),
        }
        i += 1;
    }

    p.end_section();
    Buffers::give_back_text(std::mem::take(&mut p.text));
    // Same-page anchors can be checked now.
    let mut r = p.r;
    let ids = &r.ids;
    let mut same_page = Vec::new();
    r.links.retain(|l| {
        if l.target.is_none()
            && let Some(a) = &l.anchor
            && !ids.contains(a)
        {
            same_page.push(
                Diagnostic::error(format!("broken link: no heading `#{a}` on this page"))
                    .at(page.location(l.offset))
                    .help(nearest_id_help(a, ids)),
            );
            return false;
        }
        l.target.is_some()
    });
    r.diagnostics.extend(same_page);
    if r.search
        .sections
        .first()
        .is_some_and(|s| s.heading.is_empty() && s.text.is_empty())
    {
        r.search.sections.remove(0);
    }
    // Twice the Markdown: a page's HTML (with its code highlighted) is most often more than one and a half times
    // its Markdown, and growing it copied the whole page once more.
    let mut html = String::with_capacity(body.len() * 2);
    pulldown_cmark::html::push_html(&mut html, out.drain(..));
    r.html = crate::a11y::focusable_code_blocks(html);
    Buffers::give_back(events, out);
    r
}

thread_local! {
    /// The pass's two event vectors, kept from page to page on each thread: a page's are as large as its HTML,
    /// and allocating them afresh for every page made the allocator fault new memory in for each.
    static BUFFERS: std::cell::RefCell<Buffers> = Default::default();
}

#[derive(Default)]
struct Buffers {
    events: Vec<(Event<'static>, Range<usize>)>,
    out: Vec<Event<'static>>,
    /// [`Pass::text`].
    text: String,
}

/// Vectors kept longer than this are dropped (one huge page does not keep its buffers for the whole build).
const KEEP_EVENTS: usize = 1 << 16;
/// The same for the text buffer, in bytes.
const KEEP_TEXT: usize = 1 << 20;

impl Buffers {
    /// Empty vectors, with the capacity the thread's last page left. An event of any lifetime fits.
    fn take<'a>() -> (Vec<(Event<'a>, Range<usize>)>, Vec<Event<'a>>) {
        let (events, out) = BUFFERS.with_borrow_mut(|b| (std::mem::take(&mut b.events), std::mem::take(&mut b.out)));
        (events, out)
    }

    /// Keep the vectors' memory for the thread's next page. They are emptied first, so nothing of this page's
    /// text is kept: the collect into the `'static` type converts no element and (in place) keeps the memory.
    fn give_back(mut events: Vec<(Event<'_>, Range<usize>)>, mut out: Vec<Event<'_>>) {
        if events.capacity() > KEEP_EVENTS || out.capacity() > KEEP_EVENTS {
            return;
        }
        events.clear();
        out.clear();
        let events = events.into_iter().map(|_| (Event::Rule, 0..0)).collect();
        let out = out.into_iter().map(|_| Event::Rule).collect();
        BUFFERS.with_borrow_mut(|b| (b.events, b.out) = (events, out));
    }

    /// An empty text buffer, with the capacity the thread's last page left.
    fn take_text() -> String {
        BUFFERS.with_borrow_mut(|b| std::mem::take(&mut b.text))
    }

    /// Keep an (emptied) text buffer for the thread's next page, unless it grew huge.
    fn give_back_text(mut text: String) {
        if text.capacity() <= KEEP_TEXT {
            text.clear();
            BUFFERS.with_borrow_mut(|b| b.text = text);
        }
    }
}

/// The structure of a page outside a build (for `i18n status`): the same pass, with every page and file taken
/// as present.
pub(crate) fn structure_of(page: &Page) -> Structure {
    struct Permissive;
    impl Resolver for Permissive {
        fn page(&self, _: &str) -> PageLink {
            PageLink::Found(String::new())
        }
        fn asset(&self, _: &str) -> Option<(String, &Path)> {
            Some((String::new(), Path::new("")))
        }
        fn callout_title(&self, _: &str) -> String {
            String::new()
        }
        fn checker_html(&self, _: &CheckerBlock, _: usize) -> String {
            String::new()
        }
        fn checker_note(&self, _: &[String]) -> String {
            String::new()
        }
        fn absolute(&self, url: &str) -> String {
            url.to_string()
        }
    }
    render(page, &Permissive).structure
}

/// The alt text of an image whose inner events start at `from`; also the index of its `End(Image)`.
fn alt_text(events: &[(Event<'_>, Range<usize>)], from: usize) -> (String, usize) {
    let mut alt = String::new();
    let mut j = from;
    while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Image)) {
        if let Event::Text(t) | Event::Code(t) = &events[j].0 {
            alt.push_str(t);
        }
        j += 1;
    }
    (alt, j)
}

/// A heading's HTML, its id (explicit or generated), its TOC entry and its search section.
fn finish_heading<'a>(p: &mut Pass<'_>, h: OpenHeading<'a>) -> Vec<Event<'a>> {
    let id = match h.explicit {
        Some(id) => {
            if !p.ids.explicit(&id) {
                let at = p.at(h.start);
                p.r.diagnostics.push(
                    Diagnostic::error(format!("heading id `{id}` is used twice on this page"))
                        .at(at)
                        .help("give each heading a different `{#id}`"),
                );
            }
            p.r.structure.heading_ids.insert(id.clone());
            id
        }
        None => match p.mdbook_ids.as_mut().and_then(|(_, last)| last.take()) {
            Some(id) => id,
            None => p.ids.generated(&h.text),
        },
    };
    let text = h.text.trim().to_string();
    let lvl = h.level as u8;
    if lvl == 2 || lvl == 3 {
        p.r.toc.push(TocEntry {
            level: lvl,
            id: id.clone(),
            text: text.clone(),
        });
    }
    let mut heading = String::with_capacity(text.len());
    crate::text::push_collapsed(&mut heading, &text);
    crate::text::end_collapsed(&mut heading);
    p.end_section();
    p.r.search.sections.push(Section {
        heading,
        anchor: id.clone(),
        text: String::new(),
    });
    let class = if h.classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", escape_html(&h.classes.join(" ")))
    };
    let eid = escape_html(&id);
    let lvl = ["1", "2", "3", "4", "5", "6"]
        .get(usize::from(lvl).wrapping_sub(1))
        .copied()
        .unwrap_or("6");
    let open = concat(&["<h", lvl, " id=\"", &eid, "\"", &class, ">"]);
    let mut events = vec![Event::Html(CowStr::from(open))];
    events.extend(h.inner);
    let anchor = concat(&[
        "<a class=\"anchor\" href=\"#",
        &eid,
        "\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h",
        lvl,
        ">\n",
    ]);
    events.push(Event::Html(CowStr::from(anchor)));
    p.r.ids.insert(id);
    events
}

/// A help line naming the closest existing id.
pub(crate) fn nearest_id_help(anchor: &str, ids: &Ids) -> String {
    match crate::diag::nearest(anchor, ids.iter().map(String::as_str)) {
        Some(n) => format!("did you mean `#{n}`?"),
        None if ids.is_empty() => "that page has no headings to link to".to_string(),
        None => "link to one of the page's heading ids; give the heading an explicit `{#id}` to keep links stable"
            .to_string(),
    }
}

fn is_lone_figure(events: &[(Event<'_>, Range<usize>)], i: usize) -> bool {
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

/// Ids declared in raw HTML (`id="…"`), so links to them check out.
fn collect_html_ids(html: &str, ids: &mut Ids) {
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
    fn the_event_vectors_are_kept_empty_for_the_next_page() {
        let text = String::from("page text");
        let (mut events, mut out) = Buffers::take();
        events.push((Event::Text(CowStr::Borrowed(&text)), 0..9));
        out.extend([Event::Text(CowStr::Borrowed(&text)), Event::SoftBreak]);
        let kept = (events.capacity(), out.capacity());
        Buffers::give_back(events, out);
        drop(text); // nothing kept borrows it
        let (events, out) = Buffers::take();
        assert!(events.is_empty() && out.is_empty());
        assert_eq!((events.capacity(), out.capacity()), kept, "the memory is kept");
        let (mut events, out) = (Vec::with_capacity(KEEP_EVENTS + 1), out);
        events.push((Event::Rule, 0..0));
        Buffers::give_back(events, out);
        assert_eq!(Buffers::take().0.capacity(), 0, "a huge page's vectors are dropped");
    }

    #[test]
    fn relative_keys() {
        assert_eq!(resolve_key("a.md", "b.md").as_deref(), Some("b.md"));
        assert_eq!(resolve_key("guide/a.md", "../b.md").as_deref(), Some("b.md"));
        assert_eq!(resolve_key("guide/a.md", "./c/d.md").as_deref(), Some("guide/c/d.md"));
        assert_eq!(resolve_key("a.md", "../../x.md"), None);
    }

    #[test]
    fn destinations_are_classified_once() {
        let page = |key: &str, anchor: Option<&str>| Dest::Page {
            key: key.into(),
            anchor: anchor.map(Into::into),
        };
        let cases = [
            ("https://x.io", Dest::External),
            ("mailto:a@b", Dest::External),
            ("//cdn.x/y", Dest::External),
            ("", Dest::External),
            ("#a%20b", Dest::Anchor("a b".into())),
            ("/abs", Dest::SiteAbsolute),
            ("../../x.md", Dest::Climbs),
            ("b.md", page("guide/b.md", None)),
            ("b.md?x=1#sec", page("guide/b.md", Some("sec"))),
            ("my%20page.md", page("guide/my page.md", None)),
            ("a.md#x:y", page("guide/a.md", Some("x:y"))),
            (
                "img/a.svg",
                Dest::File {
                    key: "guide/img/a.svg".into(),
                    fragment: None,
                },
            ),
        ];
        let book = Book {
            is_page: &|k| k == "guide/b.md" || k == "README.md",
            outside_allowed: false,
        };
        for (dest, want) in cases {
            assert_eq!(classify("guide/a.md", dest, &book), want, "{dest}");
        }
        // mdBook's links: `.html` and folders mean chapters; out of the book only in mdBook's layout.
        let mdbook = Book {
            outside_allowed: true,
            ..book
        };
        let cases = [
            ("b.html#sec", page("guide/b.md", Some("sec"))),
            ("../index.html", page("README.md", None)),
            ("../", page("README.md", None)),
            ("../../std/index.html", Dest::Outside("../std/index.html".into())),
        ];
        for (dest, want) in cases {
            assert_eq!(classify("guide/a.md", dest, &mdbook), want, "{dest}");
        }
        assert_eq!(classify("guide/a.md", "../../std/index.html", &book), Dest::Climbs);
    }
}
