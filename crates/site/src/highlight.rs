//! Build-time syntax highlighting of code blocks: tree-sitter grammars through `arborium`, HTML with classes
//! only (the CSP forbids inline style), and the stylesheet whose light and dark colours follow the theme.
//!
//! [`highlight`] returns the inside of a `<code>` element, already escaped, or `None` for a language it does
//! not know (the caller then writes the block plain, keeping its `language-*` class). `console` and `http` are
//! small lexers of our own: a prompt line is highlighted as bash and its output left plain; an HTTP message's
//! start line and headers are marked and a JSON body is highlighted as JSON.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use arborium::{Config, GrammarStore, Highlighter, HtmlFormat};

/// The class prefix of every span: `hl-keyword`, `hl-string`…
const PREFIX: &str = "hl";

/// The languages we highlight, and the info-string names that mean each. The first name is the canonical one,
/// the one `arborium` knows; `console` and `http` are ours.
pub(crate) const LANGUAGES: &[(&str, &[&str])] = &[
    ("rust", &["rust", "rs"]),
    ("toml", &["toml"]),
    ("bash", &["bash", "sh", "shell", "zsh"]),
    ("console", &["console", "shell-session", "shellsession"]),
    ("json", &["json", "jsonc", "json5"]),
    ("yaml", &["yaml", "yml"]),
    ("python", &["python", "py", "python3", "py3"]),
    ("javascript", &["javascript", "js", "jsx", "mjs", "cjs"]),
    ("typescript", &["typescript", "ts", "mts", "cts"]),
    ("html", &["html", "htm", "xhtml"]),
    ("css", &["css"]),
    ("diff", &["diff", "patch"]),
    ("ini", &["ini", "cfg", "conf", "editorconfig", "gitconfig"]),
    ("http", &["http", "https"]),
];

/// The canonical language for a code block's language name (`rs` → `rust`), case-insensitive, or `None`.
pub(crate) fn canonical(lang: &str) -> Option<&'static str> {
    let lang = lang.trim().to_ascii_lowercase();
    LANGUAGES
        .iter()
        .find(|(_, names)| names.contains(&lang.as_str()))
        .map(|(canon, _)| *canon)
}

/// The language named by a fenced block's info string: its first word, before any `,` attribute
/// (mdBook writes `rust,ignore` and `rust edition2021`).
pub(crate) fn info_language(info: &str) -> &str {
    let first = info.split_whitespace().next().unwrap_or("");
    first.split(',').next().unwrap_or("").trim_matches(['{', '}', '.'])
}

static STORE: LazyLock<Arc<GrammarStore>> = LazyLock::new(|| Arc::new(GrammarStore::new()));

thread_local! {
    /// One parse context per thread (pages render on rayon threads); the compiled grammars are shared.
    static HIGHLIGHTER: RefCell<Highlighter> = RefCell::new(Highlighter::with_store_and_config(
        STORE.clone(),
        Config { max_injection_depth: 2, html_format: HtmlFormat::ClassNamesWithPrefix(PREFIX.into()) },
    ));
}

/// `code` as HTML spans with `hl-*` classes, escaped, for the inside of `<code>`; `None` when `lang` is not a
/// language we highlight. The text is kept byte for byte: only spans are added, trailing newlines included.
pub(crate) fn highlight(lang: &str, code: &str) -> Option<String> {
    let canon = canonical(lang)?;
    Some(match canon {
        "console" => console(code),
        "http" => http(code),
        // The diff grammar marks removed lines as keywords and added ones as strings: name them for what
        // they are, so they get red and green.
        "diff" => grammar(canon, code)
            .replace("class=\"hl-keyword\"", "class=\"hl-diff-delete\"")
            .replace("class=\"hl-string\"", "class=\"hl-diff-add\""),
        _ => grammar(canon, code),
    })
}

/// The highlighted bodies of one build's code blocks, by language and text. A translation keeps its original's
/// code blocks, so a block is highlighted once per build, not once per language. Dropped with the pass.
///
/// It holds every distinct block of the site while the other languages render, so it is kept small: a block is
/// found by its language, length and a 128-bit hash of its text, and its HTML is stored with each
/// `<span class="…">` as two bytes and each `</span>` as one.
#[derive(Debug, Default)]
pub(crate) struct Cache(Mutex<Packed>);

/// A code block's identity: its language, its length and a 128-bit hash of its text.
type BlockKey = (&'static str, usize, u128);

#[derive(Debug, Default)]
struct Packed {
    /// Each block's packed HTML (`None`: not packable, highlighted each time).
    bodies: HashMap<BlockKey, Option<Box<[u8]>>>,
    /// The opening tags seen, by the byte that stands for each.
    tags: Vec<Box<str>>,
}

/// In a packed body: an opening tag follows (its number in the next byte), or a closing one.
const OPEN: u8 = 1;
const CLOSE: u8 = 2;

impl Cache {
    /// [`highlight`], remembered.
    fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let canon = canonical(lang)?;
        let key = (canon, code.len(), hash128(code));
        let lock = || self.0.lock().unwrap_or_else(|e| e.into_inner());
        {
            let packed = lock();
            if let Some(Some(body)) = packed.bodies.get(&key) {
                return Some(unpack(body, &packed.tags));
            }
        }
        let html = highlight(canon, code)?;
        let mut packed = lock();
        let body = pack(&html, &mut packed.tags);
        packed.bodies.insert(key, body);
        Some(html)
    }

    /// Forget every block (the pass is over), giving the memory back.
    pub(crate) fn clear(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Packed::default();
    }
}

/// Two SipHash-1-3 passes with different keys: a code block's identity in [`Cache`] (with its length).
fn hash128(code: &str) -> u128 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let half = |salt: u8| {
        let mut h = DefaultHasher::new();
        salt.hash(&mut h);
        code.hash(&mut h);
        h.finish()
    };
    (u128::from(half(0)) << 64) | u128::from(half(1))
}

/// `html` with its span tags as [`OPEN`] n and [`CLOSE`]; `None` (not kept) if the text itself holds those
/// bytes or there are more than 256 distinct tags.
fn pack(html: &str, tags: &mut Vec<Box<str>>) -> Option<Box<[u8]>> {
    if html.bytes().any(|b| b == OPEN || b == CLOSE) {
        return None;
    }
    let mut out = Vec::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.extend_from_slice(&rest.as_bytes()[..i]);
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("</span>") {
            out.push(CLOSE);
            rest = after;
        } else if let (true, Some(end)) = (tail.starts_with("<span "), tail.find('>')) {
            let tag = &tail[..=end];
            let n = match tags.iter().position(|t| &**t == tag) {
                Some(n) => n,
                None => {
                    tags.push(tag.into());
                    tags.len() - 1
                }
            };
            out.extend([OPEN, u8::try_from(n).ok()?]);
            rest = &tail[end + 1..];
        } else {
            out.push(b'<');
            rest = &tail[1..];
        }
    }
    out.extend_from_slice(rest.as_bytes());
    Some(out.into_boxed_slice())
}

/// The HTML [`pack`] was given.
fn unpack(body: &[u8], tags: &[Box<str>]) -> String {
    let mut out = String::with_capacity(body.len() * 2);
    let mut bytes = body.iter();
    let mut start = 0;
    let mut at = 0;
    while let Some(&b) = bytes.next() {
        if b == OPEN || b == CLOSE {
            out.push_str(std::str::from_utf8(&body[start..at]).unwrap_or_default());
            if b == CLOSE {
                out.push_str("</span>");
                at += 1;
            } else {
                let n = bytes.next().copied().unwrap_or_default();
                out.push_str(tags.get(usize::from(n)).map_or("", |t| t));
                at += 2;
            }
            start = at;
        } else {
            at += 1;
        }
    }
    out.push_str(std::str::from_utf8(&body[start..]).unwrap_or_default());
    out
}

/// A whole fenced code block as HTML: `<pre tabindex="0"><code class="language-x">…</code></pre>` (focusable, so a
/// keyboard can scroll it; see [`crate::a11y`]), highlighted when the language is known, escaped and plain (with
/// its class) when not. The language is the info string's first
/// word before any `,` (mdBook's `rust,ignore`); an empty info string gives no class. With a `cache`, a block
/// already highlighted in this build is not highlighted again.
pub(crate) fn code_block(info: &str, code: &str, cache: Option<&Cache>) -> String {
    let lang = info_language(info);
    let highlighted = match cache {
        Some(c) => c.highlight(lang, code),
        None => highlight(lang, code),
    };
    let body = highlighted.unwrap_or_else(|| escape(code));
    let class = if lang.is_empty() {
        String::new()
    } else {
        crate::text::concat(&[" class=\"language-", &escape(lang), "\""])
    };
    crate::text::concat(&["<pre tabindex=\"0\"><code", &class, ">", &body, "</code></pre>\n"])
}

/// One grammar over the whole text. `arborium` trims trailing newlines; they are put back so the block's text
/// is unchanged. A grammar that fails leaves the text plain (escaped), never an error.
///
/// A bash block made only of simple commands takes the fast path ([`crate::simple_shell`]), which writes what
/// tree-sitter would.
fn grammar(canon: &str, code: &str) -> String {
    let body = code.trim_end_matches('\n');
    let tail = &code[body.len()..];
    let fast = match canon {
        "bash" => crate::simple_shell::highlight(body),
        _ => None,
    };
    let mut html = fast.unwrap_or_else(|| tree_sitter(canon, body));
    html.push_str(tail);
    html
}

/// `body` highlighted by its tree-sitter grammar, or escaped if that fails.
pub(crate) fn tree_sitter(canon: &str, body: &str) -> String {
    HIGHLIGHTER
        .with(|h| h.borrow_mut().highlight(canon, body).ok())
        .unwrap_or_else(|| escape(body))
}

/// A terminal session: a line starting with a prompt (`$ `, `% `, `# `) is a command, highlighted as bash;
/// any other line is output, left plain.
fn console(code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    for line in code.split_inclusive('\n') {
        let (text, nl) = split_newline(line);
        let prompt = ["$ ", "% ", "# "].iter().find(|p| text.starts_with(**p)).copied();
        match prompt {
            Some(p) => {
                span(&mut out, "prompt", p);
                out.push_str(&grammar("bash", &text[p.len()..]));
            }
            None if !text.is_empty() => span(&mut out, "output", text),
            None => {}
        }
        out.push_str(nl);
    }
    out
}

/// An HTTP exchange: request and status lines, headers, then a body (JSON highlighted, anything else plain).
/// A blank line ends the headers; a later start line begins the next message.
fn http(code: &str) -> String {
    let mut out = String::with_capacity(code.len() * 2);
    let mut in_headers = false;
    let mut body = String::new();
    let flush = |body: &mut String, out: &mut String| {
        if body.is_empty() {
            return;
        }
        let t = body.trim_start();
        if t.starts_with('{') || t.starts_with('[') {
            out.push_str(&grammar("json", body));
        } else {
            out.push_str(&escape(body));
        }
        body.clear();
    };
    for line in code.split_inclusive('\n') {
        let (text, nl) = split_newline(line);
        if let Some(parts) = start_line(text) {
            flush(&mut body, &mut out);
            for (i, (class, part)) in parts.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                span(&mut out, class, part);
            }
            out.push_str(nl);
            in_headers = true;
        } else if in_headers && text.is_empty() {
            in_headers = false;
            out.push_str(nl);
        } else if in_headers && let Some((name, value)) = header(text) {
            span(&mut out, "property", name);
            span(&mut out, "punctuation", ":");
            out.push_str(&escape(value));
            out.push_str(nl);
        } else {
            in_headers = false;
            body.push_str(line);
        }
    }
    flush(&mut body, &mut out);
    out
}

/// `GET /path HTTP/1.1` or `HTTP/1.1 200 OK`, split into classed parts.
fn start_line(text: &str) -> Option<Vec<(&'static str, &str)>> {
    let words: Vec<&str> = text.splitn(3, ' ').collect();
    let is_version = |w: &str| w.starts_with("HTTP/") && w[5..].chars().all(|c| c.is_ascii_digit() || c == '.');
    match words.as_slice() {
        [v, code, rest @ ..] if is_version(v) && code.len() == 3 && code.chars().all(|c| c.is_ascii_digit()) => {
            let mut parts = vec![("constant", *v), ("number", *code)];
            parts.extend(rest.iter().map(|r| ("string", *r)));
            Some(parts)
        }
        [method, target, v]
            if !method.is_empty() && method.chars().all(|c| c.is_ascii_uppercase()) && is_version(v) =>
        {
            Some(vec![("keyword", *method), ("string", *target), ("constant", *v)])
        }
        _ => None,
    }
}

/// `Name: value` with a token name (letters, digits, `-`).
fn header(text: &str) -> Option<(&str, &str)> {
    let (name, value) = text.split_once(':')?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')).then_some((name, value))
}

fn split_newline(line: &str) -> (&str, &str) {
    let text = line.trim_end_matches(['\n', '\r']);
    (text, &line[text.len()..])
}

fn span(out: &mut String, class: &str, text: &str) {
    out.push_str("<span class=\"");
    out.push_str(PREFIX);
    out.push('-');
    out.push_str(class);
    out.push_str("\">");
    out.push_str(&escape(text));
    out.push_str("</span>");
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Every class a highlighted block can carry, with its light and dark colour and any extra declarations.
/// The names are `arborium`'s theme slots plus our `prompt` and `output`; a test checks that every class the
/// fixtures produce is here.
const PALETTE: &[(&str, &str, &str, &str)] = &[
    // (class, light, dark, extra CSS)
    ("keyword", "#cf222e", "#ff7b72", ""),
    ("function", "#6639ba", "#d2a8ff", ""),
    ("macro", "#6639ba", "#d2a8ff", ""),
    ("string", "#0a3069", "#a5d6ff", ""),
    ("literal", "#0a3069", "#a5d6ff", ""),
    ("comment", "#59636e", "#9198a1", "font-style:italic"),
    ("type", "#953800", "#ffa657", ""),
    ("constructor", "#953800", "#ffa657", ""),
    ("namespace", "#953800", "#ffa657", ""),
    ("constant", "#0550ae", "#79c0ff", ""),
    ("number", "#0550ae", "#79c0ff", ""),
    ("property", "#0550ae", "#79c0ff", ""),
    ("attribute", "#0550ae", "#79c0ff", ""),
    ("label", "#0550ae", "#79c0ff", ""),
    ("variable", "#1f2328", "#e6edf3", ""),
    ("operator", "#cf222e", "#ff7b72", ""),
    ("punctuation", "#1f2328", "#e6edf3", ""),
    ("tag", "#116329", "#7ee787", ""),
    ("title", "#0550ae", "#79c0ff", "font-weight:600"),
    ("strong", "#1f2328", "#e6edf3", "font-weight:600"),
    ("emphasis", "#1f2328", "#e6edf3", "font-style:italic"),
    ("link", "#0a3069", "#a5d6ff", "text-decoration:underline"),
    ("strikethrough", "#59636e", "#9198a1", "text-decoration:line-through"),
    ("diff-add", "#116329", "#aff5b4", ""),
    ("diff-delete", "#82071e", "#ffdcd7", ""),
    ("embedded", "#1f2328", "#e6edf3", ""),
    ("error", "#82071e", "#ffdcd7", ""),
    ("prompt", "#59636e", "#9198a1", "user-select:none"),
    ("output", "#59636e", "#9198a1", ""),
];

/// The stylesheet for highlighted code: custom properties per colour, set for light, for `data-theme="dark"`
/// and for a dark system preference unless the reader chose light, the same three cases as the theme's
/// `style.css`. Deterministic, so it can be hashed like any asset.
pub(crate) fn stylesheet() -> String {
    let vars = |dark: bool| -> String {
        PALETTE
            .iter()
            .map(|(class, light, darkc, _)| format!("--{PREFIX}-{class}:{};", if dark { darkc } else { light }))
            .collect()
    };
    let mut css = String::from("/* polydoc: syntax highlighting, generated (crates/site/src/highlight.rs) */\n");
    css.push_str(&format!(":root{{{}}}\n", vars(false)));
    css.push_str(&format!(":root[data-theme=\"dark\"]{{{}}}\n", vars(true)));
    css.push_str(&format!(
        "@media (prefers-color-scheme: dark){{:root:not([data-theme=\"light\"]){{{}}}}}\n",
        vars(true)
    ));
    for (class, _, _, extra) in PALETTE {
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(";{extra}")
        };
        css.push_str(&format!(".{PREFIX}-{class}{{color:var(--{PREFIX}-{class}){extra}}}\n"));
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn fixtures() -> Vec<(String, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/highlight");
        let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("fixture folder")
            .map(|e| {
                let path = e.expect("entry").path();
                let lang = path.file_stem().expect("stem").to_string_lossy().into_owned();
                (lang, std::fs::read_to_string(&path).expect("fixture text"))
            })
            .collect();
        out.sort();
        out
    }

    /// The text inside the spans, unescaped: must be the input, byte for byte.
    fn text_of(html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            out.push_str(&rest[..i]);
            rest = &rest[rest[i..].find('>').expect("closed tag") + i + 1..];
        }
        out.push_str(rest);
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    fn classes(html: &str) -> BTreeSet<String> {
        html.split("class=\"")
            .skip(1)
            .map(|s| s[..s.find('"').expect("quote")].to_string())
            .collect()
    }

    #[test]
    fn every_required_language_has_a_fixture_and_is_highlighted() {
        let fx = fixtures();
        for (canon, _) in LANGUAGES {
            let (_, code) = fx
                .iter()
                .find(|(l, _)| l == canon)
                .unwrap_or_else(|| panic!("no fixture for {canon}"));
            let html = highlight(canon, code).expect("known language");
            assert!(html.contains("<span class=\"hl-"), "{canon} got no spans:\n{html}");
        }
    }

    #[test]
    fn the_cache_gives_back_what_highlighting_gives_for_every_fixture() {
        let cache = Cache::default();
        let fx = fixtures();
        for _ in 0..2 {
            for (lang, code) in &fx {
                assert_eq!(cache.highlight(lang, code), highlight(lang, code), "{lang}");
            }
        }
        let packed = cache.0.lock().unwrap();
        assert_eq!(packed.bodies.len(), fx.len(), "each fixture packed once");
        assert!(packed.bodies.values().all(Option::is_some));
    }

    #[test]
    fn packing_round_trips_and_refuses_its_own_marker_bytes() {
        let mut tags = Vec::new();
        for html in [
            "",
            "plain &lt;b&gt;",
            "<span class=\"hl-a\">x</span> <span class=\"hl-b\"><span class=\"hl-a\">é</span></span>\n",
            "a < b",
        ] {
            let body = pack(html, &mut tags).expect("no marker bytes");
            assert_eq!(unpack(&body, &tags), html);
        }
        assert_eq!(tags.len(), 2, "a tag is stored once");
        assert!(pack("a\u{1}b", &mut tags).is_none());
        assert!(pack("a\u{2}b", &mut tags).is_none());
    }

    #[test]
    fn fixtures_snapshot_and_keep_their_text() {
        for (lang, code) in fixtures() {
            let html = highlight(&lang, &code).expect("fixture is a known language");
            assert_eq!(text_of(&html), code, "{lang}: text changed");
            assert!(!html.contains("style="), "{lang}: inline style");
            insta::assert_snapshot!(format!("highlight_{lang}"), html);
        }
    }

    #[test]
    fn every_class_produced_has_a_rule() {
        let css = stylesheet();
        for (lang, code) in fixtures() {
            for class in classes(&highlight(&lang, &code).expect("known")) {
                assert!(
                    css.contains(&format!(".{class}{{")),
                    "{lang}: class {class} has no rule in the stylesheet"
                );
            }
        }
    }

    #[test]
    fn names_and_info_strings() {
        let table: &[(&str, Option<&str>)] = &[
            ("rust", Some("rust")),
            ("RS", Some("rust")),
            ("sh", Some("bash")),
            ("shell", Some("bash")),
            ("console", Some("console")),
            ("yml", Some("yaml")),
            ("ts", Some("typescript")),
            ("patch", Some("diff")),
            ("text", None),
            ("", None),
            ("brainfuck", None),
        ];
        for (name, want) in table {
            assert_eq!(canonical(name), *want, "{name}");
        }
        let infos = [
            ("rust,ignore", "rust"),
            ("rust edition2021", "rust"),
            ("toml", "toml"),
            ("{.python}", "python"),
            ("", ""),
        ];
        for (info, want) in infos {
            assert_eq!(info_language(info), want, "{info}");
        }
    }

    #[test]
    fn unknown_language_is_none_and_markup_is_escaped() {
        assert_eq!(highlight("brainfuck", "+[>]"), None);
        let html = highlight("rust", "let s = \"<script>\";\n").expect("rust");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.ends_with('\n'), "trailing newline kept: {html:?}");
        assert_eq!(highlight("rust", "").as_deref(), Some(""));
    }

    #[test]
    fn code_blocks() {
        let table: &[(&str, &str, &str)] = &[
            ("", "a < b\n", "<pre tabindex=\"0\"><code>a &lt; b\n</code></pre>\n"),
            (
                "brainfuck",
                "+[>]\n",
                "<pre tabindex=\"0\"><code class=\"language-brainfuck\">+[&gt;]\n</code></pre>\n",
            ),
            (
                "text",
                "plain\n",
                "<pre tabindex=\"0\"><code class=\"language-text\">plain\n</code></pre>\n",
            ),
            (
                "rust,ignore",
                "fn x() {}\n",
                "<pre tabindex=\"0\"><code class=\"language-rust\"><span class=\"hl-keyword\">fn</span> <span class=\"hl-function\">x</span><span class=\"hl-punctuation\">()</span> <span class=\"hl-punctuation\">{}</span>\n</code></pre>\n",
            ),
            (
                "\"><script>",
                "x",
                "<pre tabindex=\"0\"><code class=\"language-&quot;&gt;&lt;script&gt;\">x</code></pre>\n",
            ),
        ];
        for (info, code, want) in table {
            assert_eq!(code_block(info, code, None), *want, "{info}");
            let cache = Cache::default();
            for _ in 0..2 {
                assert_eq!(code_block(info, code, Some(&cache)), *want, "{info}: through the cache");
            }
        }
    }

    #[test]
    fn stylesheet_follows_the_theme_switch() {
        let css = stylesheet();
        assert!(css.contains(":root[data-theme=\"dark\"]{"));
        assert!(css.contains(":root:not([data-theme=\"light\"])"));
        assert!(css.contains(".hl-keyword{color:var(--hl-keyword)}"));
        // The theme's own switch: the selectors above must be the ones style.css uses.
        let theme = include_str!("../../../themes/default/static/style.css");
        assert!(theme.contains(":root[data-theme=\"dark\"]") && theme.contains(":root:not([data-theme=\"light\"])"));
    }
}
