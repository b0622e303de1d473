//! mdBook's `SUMMARY.md`, the whole format: a title, prefix chapters, numbered chapters (nested, in parts
//! under `# Part` headings, with separators), suffix chapters, and draft chapters (`[Draft]()`, listed, not
//! linked). Section numbers run on across parts and separators, and print as mdBook prints them (`1.2.`).
//!
//! The rules are mdBook's (read from its `mdbook-summary` crate and tests), written anew on pulldown-cmark
//! events with mdBook's parser options (none), so a summary means the same here as there. Unlike mdBook, which
//! stops at the first problem, every problem is a [`Diagnostic`] and parsing goes on.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, Location};

/// A parsed `SUMMARY.md`: the optional `# Summary` title and the items in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    pub title: Option<String>,
    pub items: Vec<Item>,
}

/// One top-level entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Chapter(Chapter),
    /// `# Part title` before a run of numbered chapters: shown as text, not a link.
    Part {
        title: String,
        line: usize,
    },
    /// `---` (three or more dashes): a rule in the table of contents.
    Separator,
}

/// Where a chapter sits: before, inside or after the numbered chapters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Prefix,
    Numbered,
    Suffix,
}

/// One chapter, possibly a draft, with its nested chapters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chapter {
    /// The link text, Markdown styling removed, line breaks as spaces (mdBook's rule).
    pub title: String,
    /// The link target as written, `%20` decoded as mdBook does; `None` for a draft chapter (`[Draft]()`).
    pub path: Option<String>,
    /// `Some` for numbered chapters: `[1, 2]` is printed `1.2.`.
    pub number: Option<SectionNumber>,
    pub section: Section,
    pub children: Vec<Chapter>,
    /// 1-based line and column of the entry's `[` in SUMMARY.md.
    pub line: usize,
    pub column: usize,
}

impl Chapter {
    pub fn is_draft(&self) -> bool {
        self.path.is_none()
    }

    /// The path below the book's source folder, `/`-separated, without a leading `./`: `guide/intro.md`.
    pub fn key(&self) -> Option<String> {
        let p = self.path.as_deref()?.replace('\\', "/");
        let mut p = p.as_str();
        while let Some(rest) = p.strip_prefix("./") {
            p = rest;
        }
        Some(p.to_string())
    }

    /// The title as mdBook's sidebar shows it: `1.2. Title`, or just `Title` when `no_section_label` is set
    /// (`output.html.no-section-label`) or the chapter is not numbered.
    pub fn label(&self, no_section_label: bool) -> String {
        match (&self.number, no_section_label) {
            (Some(n), false) => format!("{n} {}", self.title),
            _ => self.title.clone(),
        }
    }
}

/// A section number; `Display` writes each part followed by a dot, as mdBook does: `1.`, `2.3.`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SectionNumber(pub Vec<u32>);

impl fmt::Display for SectionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return write!(f, "0");
        }
        for n in &self.0 {
            write!(f, "{n}.")?;
        }
        Ok(())
    }
}

impl Summary {
    /// Every chapter, depth first in reading order, with its depth (0 for top level).
    pub fn chapters(&self) -> Vec<(usize, &Chapter)> {
        fn walk<'a>(c: &'a Chapter, depth: usize, out: &mut Vec<(usize, &'a Chapter)>) {
            out.push((depth, c));
            for child in &c.children {
                walk(child, depth + 1, out);
            }
        }
        let mut out = Vec::new();
        for item in &self.items {
            if let Item::Chapter(c) = item {
                walk(c, 0, &mut out);
            }
        }
        out
    }
}

/// Parse `text`, the contents of `file`. The summary is as complete as the text allows even when there are
/// problems; each problem is an error with file:line:col and a fix.
pub(crate) fn parse(file: &Path, text: &str) -> (Summary, Vec<Diagnostic>) {
    let mut p = SummaryParser {
        file,
        text,
        events: Parser::new(text).into_offset_iter().collect(),
        pos: 0,
        diags: Vec::new(),
        lines: crate::diag::LineStarts::new(text),
    };
    let title = p.title();
    let mut items = p.affix(Section::Prefix);
    items.extend(p.parts());
    items.extend(p.affix(Section::Suffix));
    let summary = Summary { title, items };
    p.duplicates(&summary);
    (summary, p.diags)
}

struct SummaryParser<'a> {
    file: &'a Path,
    text: &'a str,
    events: Vec<(Event<'a>, Range<usize>)>,
    pos: usize,
    diags: Vec<Diagnostic>,
    /// Where each line starts: a book's SUMMARY.md can list thousands of chapters, and each needs its line.
    lines: crate::diag::LineStarts,
}

fn is_h1(ev: &Event<'_>) -> bool {
    matches!(
        ev,
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        })
    )
}

impl<'a> SummaryParser<'a> {
    fn peek(&self) -> Option<&Event<'a>> {
        self.events.get(self.pos).map(|(e, _)| e)
    }

    fn next(&mut self) -> Option<(Event<'a>, usize)> {
        let (e, r) = self.events.get(self.pos)?.clone();
        self.pos += 1;
        Some((e, r.start))
    }

    fn at(&self, offset: usize) -> Location {
        Location::at_offset(self.file, self.text, offset)
    }

    fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(self.text, offset)
    }

    /// The plain text of events up to the end tag `end`: text and code, soft breaks as spaces.
    fn text_until(&mut self, end: TagEnd) -> String {
        let mut out = String::new();
        while let Some((ev, _)) = self.next() {
            match ev {
                Event::End(e) if e == end => break,
                Event::Text(t) | Event::Code(t) => out.push_str(&t),
                Event::SoftBreak => out.push(' '),
                _ => {}
            }
        }
        out
    }

    /// Skip the rest of an element whose start was just read.
    fn skip_element(&mut self) {
        let mut depth = 1usize;
        while let Some((ev, _)) = self.next() {
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// A leading `# Title`, after any HTML comments.
    fn title(&mut self) -> Option<String> {
        loop {
            match self.peek()? {
                Event::Html(_)
                | Event::InlineHtml(_)
                | Event::Start(Tag::HtmlBlock)
                | Event::End(TagEnd::HtmlBlock) => self.pos += 1,
                ev if is_h1(ev) => {
                    self.pos += 1;
                    return Some(self.text_until(TagEnd::Heading(HeadingLevel::H1)));
                }
                _ => return None,
            }
        }
    }

    fn link(&mut self, dest: &str, offset: usize, section: Section) -> Chapter {
        let title = self.text_until(TagEnd::Link);
        let (line, column) = self.line_col(offset);
        Chapter {
            title,
            path: (!dest.is_empty()).then(|| dest.replace("%20", " ")),
            number: None,
            section,
            children: Vec::new(),
            line,
            column,
        }
    }

    /// Prefix or suffix chapters: links outside lists, and separators. Prefix chapters end at the first list or
    /// part heading; suffix chapters may not be followed by one.
    fn affix(&mut self, section: Section) -> Vec<Item> {
        let mut items = Vec::new();
        while let Some(ev) = self.peek() {
            if matches!(ev, Event::Start(Tag::List(_))) || is_h1(ev) {
                if section == Section::Prefix {
                    break;
                }
                let (_, offset) = self.next().expect("peeked");
                self.diags.push(
                    Diagnostic::error("a list or part title after the suffix chapters")
                        .at(self.at(offset))
                        .help(
                            "suffix chapters (links outside a list) come last; move this list above them, or \
                             make the chapters after it numbered with `- [Title](page.md)`",
                        ),
                );
                self.skip_element();
                continue;
            }
            let (ev, offset) = self.next().expect("peeked");
            match ev {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    items.push(Item::Chapter(self.link(&dest_url, offset, section)))
                }
                Event::Rule => items.push(Item::Separator),
                _ => {}
            }
        }
        items
    }

    /// The numbered chapters: runs of lists, each run optionally under a `# Part` title. Numbers go on across
    /// parts and separators.
    fn parts(&mut self) -> Vec<Item> {
        let mut items = Vec::new();
        let mut root_count = 0u32;
        loop {
            match self.peek() {
                None | Some(Event::Start(Tag::Paragraph)) => break,
                Some(ev) if is_h1(ev) => {
                    let (_, offset) = self.next().expect("peeked");
                    let title = self.text_until(TagEnd::Heading(HeadingLevel::H1));
                    items.push(Item::Part {
                        title,
                        line: self.line_col(offset).0,
                    });
                }
                Some(_) => {}
            }
            self.numbered(&mut items, &mut root_count);
        }
        items
    }

    fn numbered(&mut self, items: &mut Vec<Item>, root_count: &mut u32) {
        let mut first = true;
        while let Some(ev) = self.peek() {
            match ev {
                // A paragraph ends the run (the suffix chapters start), except right at its start.
                Event::Start(Tag::Paragraph) if !first => return,
                ev if is_h1(ev) => return,
                _ => {}
            }
            let (ev, _) = self.next().expect("peeked");
            match ev {
                Event::Start(Tag::List(_)) => {
                    let mut chapters = self.list(&SectionNumber::default());
                    for c in &mut chapters {
                        shift(c, *root_count);
                    }
                    *root_count += chapters.len() as u32;
                    items.extend(chapters.into_iter().map(Item::Chapter));
                }
                Event::Start(Tag::Paragraph) => {}
                // Anything else (a `## Subheading`, a quote…) is skipped, as mdBook does.
                Event::Start(_) => self.skip_element(),
                Event::Rule => items.push(Item::Separator),
                _ => {}
            }
            first = false;
        }
    }

    /// The items of a list whose start was just read, numbered under `parent`.
    fn list(&mut self, parent: &SectionNumber) -> Vec<Chapter> {
        let mut chapters: Vec<Chapter> = Vec::new();
        while let Some((ev, offset)) = self.next() {
            match ev {
                Event::Start(Tag::Item) => {
                    if let Some(c) = self.item(parent, chapters.len(), offset) {
                        chapters.push(c);
                    }
                }
                Event::Start(Tag::List(_)) => match chapters.last_mut() {
                    Some(last) => {
                        let number = last.number.clone().unwrap_or_default();
                        last.children = self.list(&number);
                    }
                    // A list that nests under nothing (after a skipped item): keep its entries at this level.
                    None => chapters.extend(self.list(parent)),
                },
                Event::End(TagEnd::List(_)) => break,
                _ => {}
            }
        }
        chapters
    }

    /// One `- [Title](path)` item; its nested list, if any, is read by [`Self::list`].
    fn item(&mut self, parent: &SectionNumber, existing: usize, item_offset: usize) -> Option<Chapter> {
        // Elements open since the item's start (the item itself, then any paragraph of a loose list).
        let mut open = 1usize;
        loop {
            let (ev, offset) = self.next()?;
            match ev {
                Event::Start(Tag::Paragraph) => open += 1,
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let mut c = self.link(&dest_url, offset, Section::Numbered);
                    let mut n = parent.0.clone();
                    n.push(existing as u32 + 1);
                    c.number = Some(SectionNumber(n));
                    return Some(c);
                }
                other => {
                    let at = if matches!(other, Event::End(_)) {
                        item_offset
                    } else {
                        offset
                    };
                    self.diags.push(
                        Diagnostic::error("a numbered chapter must be only a link")
                            .at(self.at(at))
                            .help(
                                "write `- [Title](page.md)`, or `- [Title]()` for a draft chapter; text and \
                                 styling go inside the brackets",
                            ),
                    );
                    // Skip the rest of this item, nested list included.
                    match other {
                        Event::Start(_) => open += 1,
                        Event::End(_) => open -= 1,
                        _ => {}
                    }
                    while open > 0 {
                        match self.next()?.0 {
                            Event::Start(_) => open += 1,
                            Event::End(_) => open -= 1,
                            _ => {}
                        }
                    }
                    return None;
                }
            }
        }
    }

    /// mdBook refuses a file listed twice; so do we, at the second entry.
    fn duplicates(&mut self, summary: &Summary) {
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (_, c) in summary.chapters() {
            let Some(key) = c.key() else { continue };
            if let Some(first) = seen.get(&key) {
                self.diags.push(
                    Diagnostic::error(format!("`{key}` is listed twice in SUMMARY.md"))
                        .at(Location::at_line_col(self.file, self.text, c.line, c.column))
                        .help(format!(
                            "a file is one chapter; remove this entry or the one on line {first}, or point one to another file"
                        )),
                );
            } else {
                seen.insert(key, c.line);
            }
        }
    }
}

/// Add `by` to the top-level number of `c` and its children: a list after a separator or part heading starts
/// counting at 1 and is moved after the chapters before it.
fn shift(c: &mut Chapter, by: u32) {
    if let Some(n) = &mut c.number
        && let Some(first) = n.0.first_mut()
    {
        *first += by;
    }
    for child in &mut c.children {
        shift(child, by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    /// A compact, readable outline of a summary: one line per item.
    fn outline(s: &Summary) -> String {
        fn ch(out: &mut String, c: &Chapter, depth: usize) {
            let kind = match c.section {
                Section::Prefix => "prefix",
                Section::Numbered => "numbered",
                Section::Suffix => "suffix",
            };
            let path = c.path.as_deref().map_or("(draft)".to_string(), |p| format!("({p})"));
            let _ = writeln!(
                out,
                "{}{kind} {} {path} @{}:{}",
                "  ".repeat(depth),
                c.label(false),
                c.line,
                c.column
            );
            for child in &c.children {
                ch(out, child, depth + 1);
            }
        }
        let mut out = String::new();
        if let Some(t) = &s.title {
            let _ = writeln!(out, "title {t}");
        }
        for item in &s.items {
            match item {
                Item::Chapter(c) => ch(&mut out, c, 0),
                Item::Part { title, line } => {
                    let _ = writeln!(out, "part {title} @{line}");
                }
                Item::Separator => out.push_str("---\n"),
            }
        }
        out
    }

    fn ok(text: &str) -> String {
        let (s, d) = parse(Path::new("SUMMARY.md"), text);
        assert!(d.is_empty(), "unexpected problems in {text:?}: {d:#?}");
        outline(&s)
    }

    /// Cases taken from mdBook's own summary tests and guide, with the outline mdBook's rules give.
    #[test]
    fn mdbook_cases() {
        let table: &[(&str, &str, &str)] = &[
            ("title only", "# Summary", "title Summary\n"),
            ("styled title", "# My **Awesome** Summary", "title My Awesome Summary\n"),
            (
                "prefix items",
                "[First](./first.md)\n[Second](./second.md)\n",
                "prefix First (./first.md) @1:1\nprefix Second (./second.md) @2:1\n",
            ),
            (
                "prefix with separator",
                "[First](./first.md)\n\n---\n\n[Second](./second.md)\n",
                "prefix First (./first.md) @1:1\n---\nprefix Second (./second.md) @5:1\n",
            ),
            (
                "one numbered",
                "- [First](./first.md)\n",
                "numbered 1. First (./first.md) @1:3\n",
            ),
            (
                "nested",
                "- [First](./first.md)\n  - [Nested](./nested.md)\n- [Second](./second.md)",
                "numbered 1. First (./first.md) @1:3\n  numbered 1.1. Nested (./nested.md) @2:5\nnumbered 2. Second (./second.md) @3:3\n",
            ),
            (
                "separated by a comment",
                "- [First](./first.md)\n<!-- this is a comment -->\n- [Second](./second.md)",
                "numbered 1. First (./first.md) @1:3\nnumbered 2. Second (./second.md) @3:3\n",
            ),
            (
                "titled parts, numbers go on, tab indent",
                "- [First](./first.md)\n- [Second](./second.md)\n# Title 2\n- [Third](./third.md)\n\t- [Fourth](./fourth.md)",
                "numbered 1. First (./first.md) @1:3\nnumbered 2. Second (./second.md) @2:3\npart Title 2 @3\nnumbered 3. Third (./third.md) @4:3\n  numbered 3.1. Fourth (./fourth.md) @5:4\n",
            ),
            (
                "subheading between items is skipped",
                "- [First](./first.md)\n\n## Subheading\n\n- [Second](./second.md)\n",
                "numbered 1. First (./first.md) @1:3\nnumbered 2. Second (./second.md) @5:3\n",
            ),
            ("draft chapter", "- [Empty]()\n", "numbered 1. Empty (draft) @1:3\n"),
            (
                "numbering kept after separators (mdBook #779)",
                "- [First](./first.md)\n---\n- [Second](./second.md)\n---\n- [Third](./third.md)\n",
                "numbered 1. First (./first.md) @1:3\n---\nnumbered 2. Second (./second.md) @3:3\n---\nnumbered 3. Third (./third.md) @5:3\n",
            ),
            (
                "multi-line names get a space (mdBook #1218)",
                "- [Chapter\ntitle](./chapter.md)",
                "numbered 1. Chapter title (./chapter.md) @1:3\n",
            ),
            (
                "spaces in destinations",
                "- [test1](./test%20link1.md)\n- [test2](<./test link2.md>)",
                "numbered 1. test1 (./test link1.md) @1:3\nnumbered 2. test2 (./test link2.md) @2:3\n",
            ),
            (
                "star bullets and code in titles",
                "* [The `cargo` tool](cargo.md)\n    * [Deep](deep.md)\n        * [Deeper](deeper.md)\n",
                "numbered 1. The cargo tool (cargo.md) @1:3\n  numbered 1.1. Deep (deep.md) @2:7\n    numbered 1.1.1. Deeper (deeper.md) @3:11\n",
            ),
            (
                "whole format",
                "# Summary\n\n[Intro](intro.md)\n[Foreword]()\n\n---\n\n# Part One\n\n- [A](a.md)\n  - [A1](a/one.md)\n  - [Draft]()\n- [B](b.md)\n\n# Part Two\n\n- [C](c/README.md)\n\n---\n\n[Appendix](appendix.md)\n[Later]()\n",
                "title Summary\nprefix Intro (intro.md) @3:1\nprefix Foreword (draft) @4:1\n---\npart Part One @8\nnumbered 1. A (a.md) @10:3\n  numbered 1.1. A1 (a/one.md) @11:5\n  numbered 1.2. Draft (draft) @12:5\nnumbered 2. B (b.md) @13:3\npart Part Two @15\nnumbered 3. C (c/README.md) @17:3\n---\nsuffix Appendix (appendix.md) @21:1\nsuffix Later (draft) @22:1\n",
            ),
        ];
        for (name, text, want) in table {
            assert_eq!(ok(text), *want, "case: {name}");
        }
    }

    /// mdBook's "skip HTML comments" case: commented-out entries are not chapters; `## Section` is ignored.
    #[test]
    fn html_comments_are_skipped() {
        let text = "<!--\n# Title - En\n-->\n# Title - Local\n\n<!--\n[Prefix - En](ch00-01.md)\n-->\n[Prefix - Local](ch00-01.md)\n\n<!--\n## Section Title - En\n-->\n## Section Title - Localized\n\n<!--\n- [Ch 01-00 - En](ch01-00.md)\n-->\n- [Ch 01-00 - Local](ch01-00.md)\n    - [Ch 01-01 - Local](ch01-01.md)\n\n<!--\n- [Ch 02-00 - En](ch02-00.md)\n-->\n- [Ch 02-00 - Local](ch02-00.md)\n\n[Appendix A - Local](appendix-01.md)\n";
        assert_eq!(
            ok(text),
            "title Title - Local\nprefix Prefix - Local (ch00-01.md) @9:1\nnumbered 1. Ch 01-00 - Local (ch01-00.md) @19:3\n  numbered 1.1. Ch 01-01 - Local (ch01-01.md) @20:7\nnumbered 2. Ch 02-00 - Local (ch02-00.md) @25:3\nsuffix Appendix A - Local (appendix-01.md) @27:1\n"
        );
    }

    #[test]
    fn problems_are_collected_with_place_and_fix() {
        let table: &[(&str, &str, &[&str])] = &[
            (
                "suffix followed by a list",
                "- [A](a.md)\n\n[Suffix](s.md)\n\n- [B](b.md)\n\n# Part\n",
                &[
                    "5:1 a list or part title after the suffix chapters",
                    "7:1 a list or part title after the suffix chapters",
                ],
            ),
            (
                "item without a link",
                "- Title\n",
                &["1:3 a numbered chapter must be only a link"],
            ),
            (
                "duplicate",
                "# Summary\n- [A](./a.md)\n- [A](./a.md)\n",
                &["3:3 `a.md` is listed twice in SUMMARY.md"],
            ),
            (
                "duplicate nested",
                "- [A](./a.md)\n  - [A](a.md)\n",
                &["2:5 `a.md` is listed twice in SUMMARY.md"],
            ),
            (
                "duplicate across prefix and suffix (mdBook duplicate_entries_5)",
                "# Summary\n[A](./a.md)\n\n# hi\n- [B](./b.md)\n\n# bye\n\n---\n\n[A](./a.md)\n",
                &["11:1 `a.md` is listed twice in SUMMARY.md"],
            ),
            (
                "two problems in one file",
                "- Title\n- [Ok](ok.md)\n- **bold**\n",
                &[
                    "1:3 a numbered chapter must be only a link",
                    "3:3 a numbered chapter must be only a link",
                ],
            ),
        ];
        for (name, text, want) in table {
            let (_, diags) = parse(Path::new("src/SUMMARY.md"), text);
            let got: Vec<String> = diags
                .iter()
                .map(|d| {
                    let l = d.location.as_ref().expect("located");
                    assert!(d.help.is_some(), "{name}: no fix offered");
                    assert_eq!(l.file, Path::new("src/SUMMARY.md"));
                    format!("{}:{} {}", l.line.unwrap_or(0), l.column.unwrap_or(0), d.message)
                })
                .collect();
            assert_eq!(got, *want, "case: {name}");
        }
        // Parsing goes on past a bad item, its nested list skipped with it: the good one is kept, numbered 1.
        for text in [
            "- Title\n- [Ok](ok.md)\n",
            "- **bold** text\n  - [Child](c.md)\n- [Ok](ok.md)\n",
            "- Title\n\n  - [Child](c.md)\n\n- [Ok](ok.md)\n",
        ] {
            let (s, d) = parse(Path::new("S"), text);
            assert_eq!(d.len(), 1, "{text:?}: {d:?}");
            let line = text.lines().position(|l| l.contains("[Ok]")).expect("ok line") + 1;
            assert_eq!(outline(&s), format!("numbered 1. Ok (ok.md) @{line}:3\n"), "{text:?}");
        }
    }

    #[test]
    fn labels_honour_no_section_label() {
        let (s, _) = parse(Path::new("S"), "[Intro](i.md)\n- [A](a.md)\n  - [B](b.md)\n");
        let labels = |flag| s.chapters().iter().map(|(_, c)| c.label(flag)).collect::<Vec<_>>();
        assert_eq!(labels(false), ["Intro", "1. A", "1.1. B"]);
        assert_eq!(labels(true), ["Intro", "A", "B"]);
        assert_eq!(SectionNumber::default().to_string(), "0");
    }

    #[test]
    fn bad_input_never_panics() {
        for text in [
            "",
            "-",
            "- [",
            "[](",
            "- [a](b.md)\n\t\t\t\t- x\n  - [c]()",
            "# \n# \n---\n- \n* * *\n> [q](q.md)",
            "- [a](a.md)\n  <!--\n  - [b](b.md)",
        ] {
            let _ = parse(Path::new("S"), text);
        }
    }

    /// The shipped guide's SUMMARY.md files read the same here as with today's parser in `content`.
    #[test]
    fn shipped_guide_parses_as_content_does() {
        use crate::content::{SummaryItem, parse_summary};
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let mut checked = 0;
        for entry in std::fs::read_dir(&root).expect("content folder") {
            let file = entry.expect("entry").path().join("SUMMARY.md");
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let old = parse_summary(&file, &text).expect("shipped summary parses today");
            let (new, diags) = parse(&file, &text);
            assert!(diags.is_empty(), "{}: {diags:?}", file.display());
            let mut mine = Vec::new();
            fn flat(c: &Chapter, depth: usize, out: &mut Vec<SummaryItem>) {
                out.push(SummaryItem::Chapter {
                    title: c.title.clone(),
                    key: c.key().expect("linked"),
                    level: depth,
                });
                for k in &c.children {
                    flat(k, depth + 1, out);
                }
            }
            for item in &new.items {
                match item {
                    Item::Chapter(c) => flat(c, 0, &mut mine),
                    Item::Part { title, .. } => mine.push(SummaryItem::Part { title: title.clone() }),
                    Item::Separator => mine.push(SummaryItem::Separator),
                }
            }
            assert_eq!(mine, old.items, "{}", file.display());
            checked += 1;
        }
        assert!(checked >= 2, "expected the en and es guides");
    }
}
