//! mdBook's heading ids, so a book's existing `#anchors` and readers' bookmarks still land: the id of a
//! heading is its text, trimmed and lowercased, keeping letters, digits (any script), `_` and `-`, each
//! whitespace character becoming `-`, everything else dropped; empty gives `section`. Repeats on a page get
//! `-1`, `-2`… (the first unused). A heading's own `{#id}` is kept as written and, as in mdBook, does not
//! reserve its id for the automatic ones. Definition terms (`<dt>`) share the count with headings.
//!
//! The rules are those of mdBook 0.5's `mdbook-html` (`id_from_content`, `unique_id`, `add_header_links`),
//! written anew; the tests are its own cases. Books deployed until late 2025 were built by mdBook 0.4, whose
//! rules differ a little ([`Rules::V04`]): only ASCII letters are lowercased (`Über` stays `Über`), an empty
//! heading gets an empty id, repeats count per id (`a`, `a-1`, then `a` again gives `a-1` once more, where 0.5
//! gives `a-2`), and definition terms get no id.

use pulldown_cmark::{Event, Options, Tag, TagEnd};

/// Which mdBook's ids to reproduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Rules {
    /// mdBook 0.4 (`normalize_id`, `unique_id_from_content`).
    V04,
    /// mdBook 0.5 and later.
    #[default]
    V05,
}

/// The id mdBook 0.4 derived from a heading's text.
pub(crate) fn id_from_content_v04(text: &str) -> String {
    text.trim()
        .trim_start_matches('#')
        .trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The id mdBook derives from a heading's text.
pub(crate) fn id_from_content(text: &str) -> String {
    let id: String = text
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect();
    if id.is_empty() { "section".to_string() } else { id }
}

/// The ids already given on one page.
#[derive(Debug, Default, Clone)]
pub(crate) struct UniqueIds {
    used: rustc_hash::FxHashSet<String>,
    /// mdBook 0.4's count of each id.
    counts: rustc_hash::FxHashMap<String, usize>,
}

impl UniqueIds {
    /// mdBook 0.4's rule: the n-th repeat of `id` is `id-n`, whatever else was given.
    pub fn unique_v04(&mut self, id: &str) -> String {
        let n = self.counts.entry(id.to_string()).or_insert(0);
        let out = if *n == 0 { id.to_string() } else { format!("{id}-{n}") };
        *n += 1;
        out
    }

    /// `id`, or `id-1`, `id-2`… the first not yet given on this page.
    pub fn unique(&mut self, id: &str) -> String {
        if self.used.insert(id.to_string()) {
            return id.to_string();
        }
        (1u32..)
            .map(|n| format!("{id}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("an unused suffix exists")
    }
}

/// The parser options mdBook 0.5 renders with (`smart-punctuation`, `definition-lists` and `admonitions`
/// default to on there and are passed in from `book.toml`).
pub(crate) fn mdbook_options(smart_punctuation: bool, definition_lists: bool, admonitions: bool) -> Options {
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if definition_lists {
        o |= Options::ENABLE_DEFINITION_LIST;
    }
    if admonitions {
        o |= Options::ENABLE_GFM;
    }
    o
}

/// One heading (or definition term) and the id mdBook gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HeadingId {
    /// 1–6, or 0 for a definition term.
    pub level: u8,
    pub text: String,
    pub id: String,
}

/// mdBook's ids for one page, fed the page's events by the one Markdown pass (no second parse): it returns
/// a [`HeadingId`] at the end of each heading and definition term. The text is what mdBook's tree holds: text
/// and inline code, inline HTML tags left out (their text kept), image alt text left out. Headings written as
/// raw HTML are not heading events, and mdBook gives them no id either.
#[derive(Debug, Default)]
pub(crate) struct PageIds {
    rules: Rules,
    ids: UniqueIds,
    open: Option<Open>,
}

#[derive(Debug)]
struct Open {
    level: u8,
    explicit: Option<String>,
    text: String,
    image_depth: usize,
}

impl PageIds {
    pub fn new(rules: Rules) -> Self {
        Self {
            rules,
            ..Self::default()
        }
    }

    /// Take the next event of the page; at a heading's (or term's) end, its id.
    pub fn event(&mut self, ev: &Event<'_>) -> Option<HeadingId> {
        let new = |level, explicit| Open {
            level,
            explicit,
            text: String::new(),
            image_depth: 0,
        };
        match ev {
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.open = Some(new(*level as u8, id.as_ref().map(|i| i.to_string())));
            }
            Event::Start(Tag::DefinitionListTitle) if self.rules == Rules::V05 => self.open = Some(new(0, None)),
            Event::End(TagEnd::Heading(_) | TagEnd::DefinitionListTitle) => {
                let o = self.open.take()?;
                let id = match o.explicit {
                    Some(id) => id,
                    None if self.rules == Rules::V04 => self.ids.unique_v04(&id_from_content_v04(&o.text)),
                    None => self.ids.unique(&id_from_content(&o.text)),
                };
                return Some(HeadingId {
                    level: o.level,
                    text: o.text,
                    id,
                });
            }
            Event::Start(Tag::Image { .. }) => {
                if let Some(o) = &mut self.open {
                    o.image_depth += 1;
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(o) = &mut self.open {
                    o.image_depth = o.image_depth.saturating_sub(1);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(o) = &mut self.open
                    && o.image_depth == 0
                {
                    o.text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(o) = &mut self.open {
                    o.text.push('\n');
                }
            }
            _ => {}
        }
        None
    }
}

/// Every heading id of a page (tests and the fixture book; the build feeds [`PageIds`] from its one pass).
#[cfg(test)]
pub(crate) fn page_ids(markdown: &str, options: Options, rules: Rules) -> Vec<HeadingId> {
    let mut ids = PageIds::new(rules);
    pulldown_cmark::Parser::new_ext(markdown, options)
        .filter_map(|ev| ids.event(&ev))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// mdBook's `it_normalizes_ids` cases.
    #[test]
    fn ids_from_content() {
        let table = [
            (
                "`--passes`: add more rustdoc passes",
                "--passes-add-more-rustdoc-passes",
            ),
            ("Method-call 🐙 expressions \u{1f47c}", "method-call--expressions-"),
            ("_-_12345", "_-_12345"),
            ("12345", "12345"),
            ("中文", "中文"),
            ("にほんご", "にほんご"),
            ("한국어", "한국어"),
            ("", "section"),
            ("::", "section"),
            ("!.():", "section"),
            ("   ", "section"),
            ("中文標題 CJK title", "中文標題-cjk-title"),
            ("Über", "über"),
            // And a few of ours.
            ("Hello, World!", "hello-world"),
            ("  Trim me  ", "trim-me"),
            ("a  b", "a--b"),
            ("Ünïcödé straße", "ünïcödé-straße"),
            ("C++ & Rust", "c--rust"),
        ];
        for (text, want) in table {
            assert_eq!(id_from_content(text), want, "{text:?}");
        }
    }

    /// mdBook's `it_generates_unique_ids` and `punctuation_only_headings_get_unique_section_ids`.
    #[test]
    fn unique_ids() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.unique(""), "");
        assert_eq!(ids.unique("Über"), "Über");
        assert_eq!(ids.unique("Über"), "Über-1");
        assert_eq!(ids.unique("Über"), "Über-2");
        let mut ids = UniqueIds::default();
        let got: Vec<String> = ["::", "!!!", "Real Heading", "***", "   "]
            .iter()
            .map(|t| ids.unique(&id_from_content(t)))
            .collect();
        assert_eq!(got, ["section", "section-1", "real-heading", "section-2", "section-3"]);
        // The first unused suffix: a heading literally named `a-1` pushes the next repeat on.
        let mut ids = UniqueIds::default();
        let got: Vec<String> = ["a", "a-1", "a", "a"].iter().map(|t| ids.unique(t)).collect();
        assert_eq!(got, ["a", "a-1", "a-2", "a-3"]);
    }

    /// mdBook 0.4's `it_normalizes_ids` and `it_generates_unique_ids`, and where 0.4 and 0.5 differ.
    #[test]
    fn mdbook_04_rules() {
        let table = [
            (
                "`--passes`: add more rustdoc passes",
                "--passes-add-more-rustdoc-passes",
            ),
            ("Method-call 🐙 expressions \u{1f47c}", "method-call--expressions-"),
            ("_-_12345", "_-_12345"),
            ("12345", "12345"),
            ("中文", "中文"),
            ("にほんご", "にほんご"),
            ("한국어", "한국어"),
            ("", ""),
            ("中文標題 CJK title", "中文標題-cjk-title"),
            ("Über", "Über"),
        ];
        for (text, want) in table {
            assert_eq!(id_from_content_v04(text), want, "{text:?}");
        }
        let mut ids = UniqueIds::default();
        let got: Vec<String> = ["Über", "中文標題-cjk-title", "Über", "Über"]
            .iter()
            .map(|t| ids.unique_v04(t))
            .collect();
        assert_eq!(got, ["Über", "中文標題-cjk-title", "Über-1", "Über-2"]);
        // Where the two versions part: a natural `a-1`, and a definition term.
        let md = "# A\n\n# A-1\n\n# A\n\nTerm\n: def\n\n# Term\n";
        let ids_of = |rules| {
            page_ids(md, mdbook_options(true, true, true), rules)
                .into_iter()
                .map(|h| h.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids_of(Rules::V04), ["a", "a-1", "a-1", "term"]);
        assert_eq!(ids_of(Rules::V05), ["a", "a-1", "a-2", "term", "term-1"]);
    }

    #[test]
    fn ids_of_a_page() {
        let md = "# Intro\n\n## Setup `cargo`\n\n## Setup `cargo`\n\n### *Styled* <span>inline html</span> \
                  ![logo](x.png) text\n\n## Custom {#my-id}\n\n## My Id\n\n## my-id\n\nTerm\n: its definition\n\n\
                  ## Term\n\n<h2>Raw HTML</h2>\n\n## It’s \"smart\"\n";
        let got: Vec<(u8, String)> = page_ids(md, mdbook_options(true, true, true), Rules::V05)
            .into_iter()
            .map(|h| (h.level, h.id))
            .collect();
        let want: Vec<(u8, String)> = [
            (1, "intro"),
            (2, "setup-cargo"),
            (2, "setup-cargo-1"),
            (3, "styled-inline-html--text"),
            (2, "my-id"),
            // An explicit id does not reserve itself: the automatic `my-id` is given again, as mdBook does.
            (2, "my-id"),
            (2, "my-id-1"),
            (0, "term"),
            (2, "term-1"),
            (2, "its-smart"),
        ]
        .iter()
        .map(|(l, i)| (*l, i.to_string()))
        .collect();
        assert_eq!(got, want);
    }
}
