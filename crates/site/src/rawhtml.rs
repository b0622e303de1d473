//! What content may not do to the checker's page: script in raw HTML and `javascript:` links in Markdown, and script-capable files in `content/`.
//!
//! Raw HTML is read with a small HTML tokenizer (tags, attributes with entity-decoded values, comments,
//! raw-text elements), not with patterns, so `<ScRiPt>`, `&#106;avascript:`, attributes split across lines
//! and markup hidden in a `<style>` or `<title>` are all seen. Where the browser's reading depends on context
//! (raw-text elements inside `<svg>` parse as markup), both readings are checked.
//!
//! Refused unless `[output.html] allow-content-scripts = true`:
//! - `<script>` elements, `on*` event-handler attributes, `srcdoc` documents that contain either;
//! - attribute values and Markdown link or image targets that are `javascript:` or `vbscript:` URLs;
//! - `data-glue` / `data-wasm` attributes (what the theme's loader imports a checker from);
//! - raw HTML left open where Markdown resumes (the browser would read the page's own markup as its
//!   attributes), and `<![CDATA[`, which HTML and SVG read differently;
//! - files in `content/` a browser runs as script or as a same-origin document that can hold script
//!   (`.js`, `.mjs`, `.html`, `.xml`, `.wasm`, …), and `.svg` files that contain script (an SVG opened
//!   directly runs its script on the site's origin; one shown through `<img>` cannot, but the file is
//!   published either way).

use std::path::Path;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diag::{Diagnostic, Location};

/// File endings a browser runs as script, or opens as a same-origin document that may hold script.
pub const SCRIPT_CAPABLE: &[&str] = &[
    "js", "mjs", "cjs", "wasm", "html", "htm", "xhtml", "xht", "shtml", "xml", "xsl", "xslt", "svgz",
];

/// How the text is parsed: HTML (raw HTML in Markdown) or XML (an `.svg` file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Html,
    Xml,
}

/// One thing that could run script, at a byte offset of the scanned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub offset: usize,
    pub what: What,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    ScriptElement,
    EventHandler(String),
    ScriptUrl { attr: String, scheme: String },
    Srcdoc,
    LoaderAttribute(String),
    Cdata,
    Doctype,
    Stylesheet,
    Unclosed,
}

impl What {
    fn message(&self) -> String {
        match self {
            What::ScriptElement => "a `<script>` element in content".into(),
            What::EventHandler(a) => format!("an event-handler attribute `{a}` in content"),
            What::ScriptUrl { attr, scheme } if attr.is_empty() => {
                format!("a `{scheme}:` link in content")
            }
            What::ScriptUrl { attr, scheme } => format!("a `{scheme}:` URL in the `{attr}` attribute"),
            What::Srcdoc => "an `<iframe srcdoc>` document with script in it".into(),
            What::LoaderAttribute(a) => {
                format!("a `{a}` attribute in content (the checker loader imports what it names)")
            }
            What::Cdata => "a `<![CDATA[` section in raw HTML".into(),
            What::Doctype => "a DOCTYPE with an internal subset (entity declarations) in an SVG file".into(),
            What::Stylesheet => "an `<?xml-stylesheet?>` instruction in an SVG file".into(),
            What::Unclosed => "raw HTML is left open here".into(),
        }
    }

    fn help(&self) -> &'static str {
        match self {
            What::ScriptElement | What::EventHandler(_) | What::Srcdoc | What::LoaderAttribute(_) => {
                "content runs beside the token checker, so it may not script the page; remove it, or set `allow-content-scripts = true` in `[output.html]` of book.toml if you trust every author and translator (see README, \"Content and scripts\")"
            }
            What::ScriptUrl { .. } => {
                "link to an `https:` address or to a page instead; `javascript:` runs on the checker's page"
            }
            What::Cdata => "remove the `<![CDATA[ … ]]>` wrapper: HTML and SVG end it at different places",
            What::Doctype | What::Stylesheet => {
                "remove it: it can bring in markup that is not in the file; a plain `<svg>` needs neither"
            }
            What::Unclosed => {
                "close the tag (`>`), attribute quote or comment (`-->`) before the Markdown text that follows"
            }
        }
    }

    /// Problems that stay errors even with `allow-content-scripts` (they hide markup from this check).
    fn always(&self) -> bool {
        matches!(self, What::Unclosed | What::Cdata | What::Doctype)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Data,
    /// Inside `<style>`, `<title>`, `<textarea>`, …: markup is text until `</name`.
    RawText(String),
}

/// A tokenizer over one run of text, from a carried-over state.
struct Tokenizer<'a> {
    s: &'a [u8],
    mode: Mode,
    i: usize,
    found: Vec<Finding>,
    /// How many readings deep (raw-text content, `srcdoc`) this tokenizer is; bounded so bad input stays linear.
    depth: u8,
}

const MAX_DEPTH: u8 = 4;

const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

impl<'a> Tokenizer<'a> {
    fn starts_with_ci(&self, at: usize, word: &str) -> bool {
        let w = word.as_bytes();
        at + w.len() <= self.s.len() && self.s[at..at + w.len()].eq_ignore_ascii_case(w)
    }

    fn find(&self, from: usize, needle: &[u8]) -> Option<usize> {
        self.s
            .get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    }

    /// Run from `state`; returns the state at the end, or `None` if the text ends inside a tag or comment.
    fn run(&mut self, mut state: State) -> Option<State> {
        loop {
            if let State::RawText(name) = &state {
                let name = name.clone();
                let start = self.i;
                let mut j = self.i;
                let end = loop {
                    match self.s[j..].iter().position(|&b| b == b'<') {
                        None => break None,
                        Some(p) => {
                            let at = j + p;
                            if self.s.get(at + 1) == Some(&b'/')
                                && self.starts_with_ci(at + 2, &name)
                                && self
                                    .s
                                    .get(at + 2 + name.len())
                                    .is_none_or(|&b| is_space(b) || b == b'/' || b == b'>')
                            {
                                break Some(at);
                            }
                            j = at + 1;
                        }
                    }
                };
                // The other reading: inside <svg> or <math>, this element's content is markup.
                let inner_end = end.unwrap_or(self.s.len());
                if name != "script" && self.depth == 0 {
                    let mut inner = Tokenizer {
                        s: &self.s[..inner_end],
                        mode: self.mode,
                        i: start,
                        found: Vec::new(),
                        depth: 1,
                    };
                    inner.run(State::Data);
                    self.found
                        .extend(inner.found.into_iter().filter(|f| f.what != What::Unclosed));
                }
                match end {
                    None => {
                        self.i = self.s.len();
                        return Some(state);
                    }
                    Some(at) => {
                        self.i = at;
                        state = State::Data;
                    }
                }
            }
            let Some(p) = self.s[self.i..].iter().position(|&b| b == b'<') else {
                self.i = self.s.len();
                return Some(State::Data);
            };
            let lt = self.i + p;
            self.i = lt + 1;
            match self.s.get(self.i) {
                None => return Some(State::Data), // a lone `<` at the end is text
                Some(b'!') => {
                    if self.s[self.i..].starts_with(b"!--") {
                        // `<!-->` and `<!--->` close at once in HTML.
                        let body = self.i + 3;
                        if self.mode == Mode::Html
                            && (self.s[body..].starts_with(b">") || self.s[body..].starts_with(b"->"))
                        {
                            self.i = body + if self.s[body] == b'>' { 1 } else { 2 };
                            continue;
                        }
                        let close = [
                            self.find(body, b"-->"),
                            if self.mode == Mode::Html {
                                self.find(body, b"--!>")
                            } else {
                                None
                            },
                        ]
                        .into_iter()
                        .flatten()
                        .min();
                        match close {
                            Some(c) => self.i = c + if self.s[c + 2] == b'!' { 4 } else { 3 },
                            None => {
                                self.found.push(Finding {
                                    offset: lt,
                                    what: What::Unclosed,
                                });
                                return None;
                            }
                        }
                    } else if self.starts_with_ci(self.i, "![cdata[") {
                        // In XML (an .svg file) CDATA is plain text; in HTML its end depends on context.
                        if self.mode == Mode::Html {
                            self.found.push(Finding {
                                offset: lt,
                                what: What::Cdata,
                            });
                        }
                        match self.find(self.i, b"]]>") {
                            Some(c) => self.i = c + 3,
                            None => return None,
                        }
                    } else {
                        // DOCTYPE or a bogus comment: up to the next `>`.
                        let close = self.find(self.i, b">");
                        if self.mode == Mode::Xml
                            && self.starts_with_ci(self.i, "!doctype")
                            && self.s[self.i..close.unwrap_or(self.s.len())].contains(&b'[')
                        {
                            self.found.push(Finding {
                                offset: lt,
                                what: What::Doctype,
                            });
                        }
                        match close {
                            Some(c) => self.i = c + 1,
                            None => {
                                self.found.push(Finding {
                                    offset: lt,
                                    what: What::Unclosed,
                                });
                                return None;
                            }
                        }
                    }
                }
                Some(b'?') => {
                    if self.mode == Mode::Xml && self.starts_with_ci(self.i, "?xml-stylesheet") {
                        self.found.push(Finding {
                            offset: lt,
                            what: What::Stylesheet,
                        });
                    }
                    match self.find(self.i, b">") {
                        Some(c) => self.i = c + 1,
                        None => {
                            self.found.push(Finding {
                                offset: lt,
                                what: What::Unclosed,
                            });
                            return None;
                        }
                    }
                }
                Some(b'/') if self.s.get(self.i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                    self.i += 1;
                    self.tag(lt, true)?;
                }
                Some(b) if b.is_ascii_alphabetic() => {
                    if let Some(name) = self.tag(lt, false)? {
                        state = State::RawText(name);
                    }
                }
                Some(_) => {} // `<` followed by anything else is text
            }
        }
    }

    /// A start or end tag from its name to its `>`. Returns the raw-text element it opens, if any;
    /// `None` (outer) when the text ends inside the tag.
    fn tag(&mut self, lt: usize, end_tag: bool) -> Option<Option<String>> {
        let s = self.s;
        let name_start = self.i;
        while self.i < s.len() && !is_space(s[self.i]) && s[self.i] != b'/' && s[self.i] != b'>' {
            self.i += 1;
        }
        let name = String::from_utf8_lossy(&s[name_start..self.i]).to_ascii_lowercase();
        let local = name.rsplit(':').next().unwrap_or(&name).to_string();
        if !end_tag && local == "script" {
            self.found.push(Finding {
                offset: lt,
                what: What::ScriptElement,
            });
        }
        loop {
            while self.i < s.len() && (is_space(s[self.i]) || s[self.i] == b'/') {
                self.i += 1;
            }
            match s.get(self.i) {
                None => {
                    self.found.push(Finding {
                        offset: lt,
                        what: What::Unclosed,
                    });
                    return None;
                }
                Some(b'>') => {
                    self.i += 1;
                    let raw = self.mode == Mode::Html && !end_tag && RAW_TEXT.contains(&local.as_str());
                    return Some(raw.then_some(local));
                }
                Some(_) => {}
            }
            // Attribute name: up to space, `/`, `>` or `=` (a leading `=` belongs to the name).
            let attr_at = self.i;
            self.i += 1;
            while self.i < s.len() && !is_space(s[self.i]) && !matches!(s[self.i], b'/' | b'>' | b'=') {
                self.i += 1;
            }
            let attr = String::from_utf8_lossy(&s[attr_at..self.i]).to_ascii_lowercase();
            let mut j = self.i;
            while j < s.len() && is_space(s[j]) {
                j += 1;
            }
            let mut value: Option<String> = None;
            if s.get(j) == Some(&b'=') {
                j += 1;
                while j < s.len() && is_space(s[j]) {
                    j += 1;
                }
                match s.get(j) {
                    Some(&q @ (b'"' | b'\'')) => match s[j + 1..].iter().position(|&b| b == q) {
                        Some(e) => {
                            value = Some(String::from_utf8_lossy(&s[j + 1..j + 1 + e]).into_owned());
                            self.i = j + 2 + e;
                        }
                        None => {
                            self.found.push(Finding {
                                offset: lt,
                                what: What::Unclosed,
                            });
                            return None;
                        }
                    },
                    Some(_) => {
                        let e = s[j..]
                            .iter()
                            .position(|&b| is_space(b) || b == b'>')
                            .unwrap_or(s.len() - j);
                        value = Some(String::from_utf8_lossy(&s[j..j + e]).into_owned());
                        self.i = j + e;
                    }
                    None => self.i = j,
                }
            }
            if !end_tag {
                self.attribute(attr_at, &attr, value.as_deref());
            }
        }
    }

    fn attribute(&mut self, at: usize, attr: &str, value: Option<&str>) {
        let local = attr.rsplit(':').next().unwrap_or(attr);
        if local.starts_with("on") && local.len() > 2 {
            self.found.push(Finding {
                offset: at,
                what: What::EventHandler(attr.to_string()),
            });
        }
        if matches!(attr, "data-glue" | "data-wasm") {
            self.found.push(Finding {
                offset: at,
                what: What::LoaderAttribute(attr.to_string()),
            });
        }
        let Some(value) = value else { return };
        let decoded = decode_entities(value);
        if let Some(scheme) = script_scheme(&decoded) {
            self.found.push(Finding {
                offset: at,
                what: What::ScriptUrl {
                    attr: attr.to_string(),
                    scheme: scheme.to_string(),
                },
            });
        }
        if attr == "srcdoc" && (self.depth >= MAX_DEPTH || !scan_at(&decoded, Mode::Html, self.depth + 1).is_empty()) {
            self.found.push(Finding {
                offset: at,
                what: What::Srcdoc,
            });
        }
    }
}

/// `javascript` or `vbscript` when a URL has that scheme, the way browsers read it: leading spaces and
/// control characters dropped, tabs and newlines removed anywhere, any case.
pub fn script_scheme(url: &str) -> Option<&'static str> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript", "vbscript"]
        .into_iter()
        .find(|s| cleaned.strip_prefix(s).is_some_and(|r| r.starts_with(':')))
}

/// Character references in an attribute value: numeric ones (with or without `;`) and the named ones that
/// can spell a URL scheme.
pub fn decode_entities(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let (ch, used) = decode_one(rest);
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_one(s: &str) -> (Option<char>, usize) {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let start = if hex { 3 } else { 2 };
        let len = b[start..]
            .iter()
            .take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() })
            .count();
        if len == 0 {
            return (None, 0);
        }
        let n = u32::from_str_radix(&s[start..start + len], if hex { 16 } else { 10 }).unwrap_or(0xFFFD);
        let used = start + len + usize::from(b.get(start + len) == Some(&b';'));
        return (Some(char::from_u32(n).unwrap_or('\u{FFFD}')), used);
    }
    const NAMED: &[(&str, char)] = &[
        ("&colon;", ':'),
        ("&Tab;", '\t'),
        ("&NewLine;", '\n'),
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&sol;", '/'),
        ("&lpar;", '('),
        ("&rpar;", ')'),
        ("&period;", '.'),
    ];
    for (name, c) in NAMED {
        if s.starts_with(name) {
            return (Some(*c), name.len());
        }
    }
    (None, 0)
}

/// Everything in `text` that could run script, read as `mode`.
pub fn scan(text: &str, mode: Mode) -> Vec<Finding> {
    scan_at(text, mode, 0)
}

fn scan_at(text: &str, mode: Mode, depth: u8) -> Vec<Finding> {
    let mut t = Tokenizer {
        s: text.as_bytes(),
        mode,
        i: 0,
        found: Vec::new(),
        depth,
    };
    t.run(State::Data);
    t.found
}

fn diagnostic(what: &What, loc: Location) -> Diagnostic {
    Diagnostic::error(what.message()).at(loc).help(what.help())
}

/// Check a page's Markdown events: raw HTML (consecutive raw events are one run, as the browser sees them)
/// and link and image targets. Offsets in `events` are relative to `base` in the page's file.
pub fn check_events(
    events: &[(Event<'_>, std::ops::Range<usize>)],
    file: &Path,
    text: &str,
    base: usize,
    allow_scripts: bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut report = |what: &What, offset: usize| {
        if !allow_scripts || what.always() {
            out.push(diagnostic(what, Location::at_offset(file, text, offset)));
        }
    };
    let mut state = State::Data;
    let mut run = String::new();
    // (offset in `run`, offset in the file) of each piece.
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let flush = |run: &mut String,
                 pieces: &mut Vec<(usize, usize)>,
                 state: &mut State,
                 report: &mut dyn FnMut(&What, usize)| {
        if run.is_empty() {
            return;
        }
        let mut t = Tokenizer {
            s: run.as_bytes(),
            mode: Mode::Html,
            i: 0,
            found: Vec::new(),
            depth: 0,
        };
        let end = t.run(state.clone());
        for f in &t.found {
            let k = pieces.partition_point(|(o, _)| *o <= f.offset).saturating_sub(1);
            let (ro, fo) = pieces[k];
            report(&f.what, fo + (f.offset - ro));
        }
        // The browser would go on reading the page's own markup inside the open tag: refuse that.
        *state = end.unwrap_or(State::Data);
        run.clear();
        pieces.clear();
    };
    for (ev, range) in events {
        match ev {
            Event::Html(h) | Event::InlineHtml(h) => {
                // Within a container (list, quote) the event's text may start after the range's start.
                let src = &text[base + range.start..(base + range.end).min(text.len())];
                let skip = src.find(h.as_ref()).unwrap_or(0);
                pieces.push((run.len(), base + range.start + skip));
                run.push_str(h);
            }
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            _ => {
                flush(&mut run, &mut pieces, &mut state, &mut report);
                if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = ev
                    && let Some(scheme) = script_scheme(&crate::text::percent_decode(dest_url))
                {
                    report(
                        &What::ScriptUrl {
                            attr: String::new(),
                            scheme: scheme.to_string(),
                        },
                        base + range.start,
                    );
                }
            }
        }
    }
    flush(&mut run, &mut pieces, &mut state, &mut report);
    out
}

/// A content asset that may not be published as it is, with why; `.svg` files are read and scanned.
pub fn check_asset(file: &Path, key: &str, allow_scripts: bool) -> Vec<Diagnostic> {
    let ext = key
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if SCRIPT_CAPABLE.contains(&ext.as_str()) {
        if allow_scripts {
            return Vec::new();
        }
        return vec![
            Diagnostic::error(format!(
                "`{key}` would be published on the checker's origin as a `.{ext}` file, which a browser can run as script"
            ))
            .in_file(file)
            .help("content may hold images, downloads and other passive files only: link to the file on another host, or zip it; set `allow-content-scripts = true` in `[output.html]` of book.toml only if you trust every author and translator"),
        ];
    }
    if ext != "svg" {
        return Vec::new();
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            return vec![
                Diagnostic::error(format!("cannot read `{key}`: {e}"))
                    .in_file(file)
                    .help("check the file's permissions"),
            ];
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    scan(&text, Mode::Xml)
        .iter()
        .filter(|f| !allow_scripts || f.what.always())
        .map(|f| {
            Diagnostic::error(format!(
                "{} (in an SVG file, which runs it when opened directly)",
                f.what.message()
            ))
            .at(Location::at_offset(file, &text, f.offset))
            .help(match f.what {
                What::ScriptElement | What::EventHandler(_) | What::ScriptUrl { .. } | What::Srcdoc => {
                    "remove the script from the SVG (an image needs none), or export it again without interactivity"
                }
                _ => f.what.help(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whats(text: &str, mode: Mode) -> Vec<String> {
        scan(text, mode)
            .iter()
            .map(|f| format!("{}@{}", f.what.message(), f.offset))
            .collect()
    }

    #[test]
    fn finds_what_can_run_script() {
        let cases: &[(&str, &[&str])] = &[
            ("<p class=\"x\">ok</p>", &[]),
            ("<img src=\"a.svg\" alt=\"onclick is fine here\">", &[]),
            ("<ScRiPt>alert(1)</sCrIpT>", &["a `<script>` element in content@0"]),
            ("<svg:script>", &["a `<script>` element in content@0"]),
            (
                "<img src=x\nONERROR=alert(1)>",
                &["an event-handler attribute `onerror` in content@11"],
            ),
            (
                "<a href=\"&#106;avascript:alert(1)\">",
                &["a `javascript:` URL in the `href` attribute@3"],
            ),
            (
                "<a href=\"java&#x09;script&colon;x\">",
                &["a `javascript:` URL in the `href` attribute@3"],
            ),
            (
                "<a href=' \u{1}JaVaScRiPt:x'>",
                &["a `javascript:` URL in the `href` attribute@3"],
            ),
            ("<a href=vbscript:x>", &["a `vbscript:` URL in the `href` attribute@3"]),
            ("<a href=\"https://x.io/javascript:\">", &[]),
            (
                "<svg><animate attributeName=href to=javascript:alert(1) /></svg>",
                &["a `javascript:` URL in the `to` attribute@33"],
            ),
            (
                "<iframe srcdoc=\"&lt;script src=x.js&gt;&lt;/script&gt;\"></iframe>",
                &["an `<iframe srcdoc>` document with script in it@8"],
            ),
            ("<iframe srcdoc=\"&lt;b&gt;hi&lt;/b&gt;\"></iframe>", &[]),
            (
                "<div class=\"token-checker\" data-glue=\"/x.js\">",
                &["a `data-glue` attribute in content (the checker loader imports what it names)@27"],
            ),
            // Comments and end tags hide nothing; a comment's end is where the browser ends it.
            ("<!-- <script> -->", &[]),
            ("<!--> <script>", &["a `<script>` element in content@6"]),
            ("</a onclick=x>", &[]),
            // Raw text: both readings (HTML ends <title> at </title>; inside <svg> its content is markup).
            (
                "<style><a title=\"</style><script>\"></a>",
                &["a `<script>` element in content@25"],
            ),
            (
                "<svg><title><img src=x onerror=alert(1)></title></svg>",
                &["an event-handler attribute `onerror` in content@23"],
            ),
            ("<![CDATA[ x ]]>", &["a `<![CDATA[` section in raw HTML@0"]),
            ("<div", &["raw HTML is left open here@0"]),
            ("<a title=\"x>", &["raw HTML is left open here@0"]),
            ("<!-- open", &["raw HTML is left open here@0"]),
            ("a < b and 1<2", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(whats(text, Mode::Html), *want, "{text:?}");
        }
    }

    #[test]
    fn svg_files_are_read_as_xml() {
        let cases: &[(&str, &[&str])] = &[
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>t</title><rect/></svg>",
                &[],
            ),
            (
                "<?xml version=\"1.0\"?><svg><style><![CDATA[a>b{}]]></style></svg>",
                &[],
            ),
            (
                "<!DOCTYPE svg [<!ENTITY e \"&#60;script&#62;\">]><svg>&e;</svg>",
                &["a DOCTYPE with an internal subset (entity declarations) in an SVG file@0"],
            ),
            (
                "<?xml-stylesheet href=\"x.xsl\"?><svg/>",
                &["an `<?xml-stylesheet?>` instruction in an SVG file@0"],
            ),
            (
                "<svg><title><script>x</script></title></svg>",
                &["a `<script>` element in content@12"],
            ),
            (
                "<svg><a xlink:href=\"javascript:x\"/></svg>",
                &["a `javascript:` URL in the `xlink:href` attribute@8"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(whats(text, Mode::Xml), *want, "{text:?}");
        }
    }

    #[test]
    fn bad_input_never_panics() {
        for text in [
            "<",
            "<a",
            "<a b",
            "<a b=",
            "<a b=\"",
            "&#",
            "&#x;",
            "<a href=&#99999999999>",
            "<!",
            "<?",
            "</",
            "<style>",
            "<\u{e9}>",
            "<a \u{e9}=\u{e9}>",
        ] {
            let _ = scan(text, Mode::Html);
            let _ = scan(text, Mode::Xml);
            let _ = decode_entities(text);
        }
    }
}
