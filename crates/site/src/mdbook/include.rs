//! mdBook's preprocessor directives on a page's Markdown: `{{#include}}`, `{{#rustdoc_include}}`,
//! `{{#playground}}` (and its old name `playpen`) and `{{#title}}`, with `\{{#…}}` left literal.
//!
//! The grammar is mdBook's `links` preprocessor's, read from its source and tests and written anew:
//! - `{{#include file}}` the whole file; `file:N` line N; `file:N:M` lines N to M; `file:N:` from N; `file::M`
//!   to M; `file::` the whole file (1-based, inclusive). Anything else after the colon is an anchor name:
//!   the lines between `ANCHOR: name` and `ANCHOR_END: name`, every marker line removed. mdBook has no `$`:
//!   `file:N:$` reads as `file:N:` (an end that is not a number means "to the end"), and `file:$` names an
//!   anchor `$`, which no marker can define, so it is reported as missing.
//! - `{{#rustdoc_include …}}` the same ranges, with every line outside them kept but prefixed `# `, which
//!   hides it in a Rust code block (see [`super::hidden`]).
//! - Included text is expanded again, relative to the included file, up to 10 levels as mdBook allows; each
//!   line after the first gets the text that stood before the directive on its line, so an include inside an
//!   indented list item or a `>` quote stays inside it (mdBook's newest behaviour).
//!
//! Each line of the result knows the file and line it came from ([`Expanded::origin`]), so later problems
//! (a broken link in an included file) can be reported where they were written.
//!
//! Unlike mdBook, which logs and goes on, a missing file, a missing anchor, an include cycle and a too-deep
//! nesting are [`Diagnostic`]s at the directive's file:line:col; the directive is then left as written.

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Location};

/// mdBook's limit on nested includes.
const MAX_DEPTH: usize = 10;

/// A page after its directives ran.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Expanded {
    pub text: String,
    /// The last `{{#title …}}`, which overrides the page's `<title>` (not its heading or sidebar entry).
    pub title: Option<String>,
    /// Every file read, in order, for the watcher of `serve`.
    pub files: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
    /// For each line of `text`, the file and 1-based line it came from, so a problem found later in the
    /// expanded text is reported where it was written.
    pub origins: Vec<(PathBuf, usize)>,
}

impl Expanded {
    /// The file and 1-based line that the text at byte `offset` of [`Self::text`] came from.
    pub fn origin(&self, offset: usize) -> Option<(&Path, usize)> {
        let line = self.text.as_bytes()[..offset.min(self.text.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.origins.get(line).map(|(f, l)| (f.as_path(), *l))
    }
}

/// Expand the directives of `text`, the contents of `path`. `read` loads an included file (the build passes
/// `std::fs::read_to_string`; tests pass a map).
pub(crate) fn expand(path: &Path, text: &str, read: &dyn Fn(&Path) -> io::Result<String>) -> Expanded {
    let mut out = Expanded::default();
    let mut stack = vec![normalize(path)];
    let (text, origins) = expand_in(path, text, None, read, &mut stack, &mut out);
    out.text = text;
    out.origins = origins;
    out
}

/// Which lines of a file a directive takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lines {
    /// 0-based start, exclusive end; `None` is open.
    Range(Option<usize>, Option<usize>),
    Anchor(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Directive<'a> {
    /// `\{{#…}}`: the text without its backslash, never expanded.
    Escaped(&'a str),
    Include(&'a str, Lines),
    RustdocInclude(&'a str, Lines),
    Playground(&'a str, Vec<&'a str>),
    Title(&'a str),
}

/// One directive found in a text: its byte range and what it asks.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found<'a> {
    start: usize,
    end: usize,
    directive: Directive<'a>,
}

/// `text` (from `file`; its line `i` is line `lines[i]` there, or `i + 1`) expanded, with each output
/// line's origin.
fn expand_in(
    file: &Path,
    text: &str,
    lines: Option<&[usize]>,
    read: &dyn Fn(&Path) -> io::Result<String>,
    stack: &mut Vec<PathBuf>,
    out: &mut Expanded,
) -> (String, Vec<(PathBuf, usize)>) {
    let base = file.parent().unwrap_or(Path::new(""));
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let line_no = |i: usize| lines.map_or(i + 1, |m| m.get(i).or(m.last()).copied().unwrap_or(1));
    let mut origins = vec![(file.to_path_buf(), line_no(0))];
    // Copy `text[a..b]` and give each new line its origin.
    let copy = |result: &mut String, origins: &mut Vec<(PathBuf, usize)>, a: usize, b: usize| {
        result.push_str(&text[a..b]);
        for (i, _) in text[a..b].match_indices('\n') {
            let next_line = newlines.partition_point(|&n| n <= a + i);
            origins.push((file.to_path_buf(), line_no(next_line)));
        }
    };
    let mut result = String::with_capacity(text.len());
    let mut last = 0;
    for found in find(text) {
        copy(&mut result, &mut origins, last, found.start);
        let at = || Location::at_offset(file, text, found.start);
        let (rel, lines, kind) = match &found.directive {
            Directive::Escaped(literal) => {
                result.push_str(literal);
                last = found.end;
                continue;
            }
            Directive::Title(title) => {
                out.title = Some(title.trim().to_string());
                last = found.end;
                continue;
            }
            Directive::Include(p, l) => (*p, Some(l), "include"),
            Directive::RustdocInclude(p, l) => (*p, Some(l), "rustdoc_include"),
            Directive::Playground(p, _) => (*p, None, "playground"),
        };
        let target = base.join(rel);
        let key = normalize(&target);
        if let Some(i) = stack.iter().position(|p| *p == key) {
            let chain: Vec<String> = stack[i..]
                .iter()
                .chain([&key])
                .map(|p| p.display().to_string())
                .collect();
            out.diagnostics.push(
                Diagnostic::error(format!("include cycle: {}", chain.join(" → ")))
                    .at(at())
                    .help("a file cannot include itself, directly or through others; include a part of it with an anchor range instead, or remove one include"),
            );
            copy(&mut result, &mut origins, found.start, found.end);
            last = found.end;
            continue;
        }
        if stack.len() > MAX_DEPTH {
            out.diagnostics.push(
                Diagnostic::error(format!("includes nested more than {MAX_DEPTH} deep"))
                    .at(at())
                    .help("mdBook stops at 10 levels too; include the innermost file directly"),
            );
            copy(&mut result, &mut origins, found.start, found.end);
            last = found.end;
            continue;
        }
        let content = match read(&target) {
            Ok(c) => c,
            Err(e) => {
                out.diagnostics.push(
                    Diagnostic::error(format!("cannot read `{}` for `{{{{#{kind}}}}}`: {e}", target.display()))
                        .at(at())
                        .help(format!(
                            "the path is relative to the file that includes it ({}); check its spelling",
                            if base.as_os_str().is_empty() {
                                Path::new(".")
                            } else {
                                base
                            }
                            .display()
                        )),
                );
                copy(&mut result, &mut origins, found.start, found.end);
                last = found.end;
                continue;
            }
        };
        out.files.push(target.clone());
        let taken = match (&found.directive, lines) {
            (Directive::Playground(_, attrs), _) => {
                let mut c = content;
                if !c.ends_with('\n') {
                    c.push('\n');
                }
                let info = if attrs.is_empty() {
                    "rust".to_string()
                } else {
                    format!("rust,{}", attrs.join(","))
                };
                let n = c.lines().count().max(1);
                let map: Vec<usize> = std::iter::once(1).chain(1..=n).chain(std::iter::once(n)).collect();
                Some((format!("```{info}\n{c}```\n"), map))
            }
            (Directive::RustdocInclude(..), Some(Lines::Anchor(a))) => rustdoc_anchor_lines(&content, a).map(split),
            (Directive::RustdocInclude(..), Some(Lines::Range(s, e))) => Some((
                rustdoc_range(&content, *s, *e),
                (1..=content.lines().count().max(1)).collect(),
            )),
            (_, Some(Lines::Anchor(a))) => take_anchor_lines(&content, a).map(split),
            (_, Some(Lines::Range(s, e))) => {
                let first = s.unwrap_or(0);
                let text = take_range(&content, *s, *e);
                let n = text.lines().count().max(1);
                Some((text, (first + 1..=first + n).collect()))
            }
            _ => None,
        };
        let Some(taken) = taken else {
            let name = match lines {
                Some(Lines::Anchor(a)) => a.as_str(),
                _ => "",
            };
            out.diagnostics.push(
                Diagnostic::error(format!("`{}` has no anchor `{name}`", target.display()))
                    .at(at())
                    .help(if name == "$" {
                        "mdBook has no `$`: write `file:N:` for line N to the end, or mark the lines with `ANCHOR: name` and `ANCHOR_END: name`".to_string()
                    } else {
                        format!("mark the lines in that file with `// ANCHOR: {name}` and `// ANCHOR_END: {name}`, or use a line range like `:10:20`")
                    }),
            );
            copy(&mut result, &mut origins, found.start, found.end);
            last = found.end;
            continue;
        };
        let (taken, map) = taken;
        stack.push(key);
        let (nested, nested_origins) = expand_in(&target, &taken, Some(&map), read, stack, out);
        stack.pop();
        // Each line after the first gets what stood before the directive on its line (indent, `> `).
        let prefix = result.rsplit('\n').next().unwrap_or("").to_string();
        let nested_lines: Vec<&str> = nested.lines().collect();
        result.push_str(&nested_lines.join(&format!("\n{prefix}")));
        // A directive alone on its line (after indentation or `>`): that line is the included first line.
        if prefix.chars().all(|c| c.is_whitespace() || c == '>')
            && let (Some(first), Some(current)) = (nested_origins.first(), origins.last_mut())
        {
            *current = first.clone();
        }
        origins.extend(
            nested_origins
                .into_iter()
                .skip(1)
                .take(nested_lines.len().saturating_sub(1)),
        );
        last = found.end;
    }
    copy(&mut result, &mut origins, last, text.len());
    (result, origins)
}

/// `a/./b/../c` → `a/c`, without touching the file system (paths may be virtual in tests).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Every directive in `text`, in order, as mdBook's pattern finds them:
/// `\{{#…}}` (to the last `}}` on the line) or `{{ #name args}}` with a name of `[A-Za-z0-9_]` and args
/// without `}`. A known name with no argument, or an unknown name, is not a directive and stays as text.
fn find(text: &str) -> Vec<Found<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'\\' && text[i + 1..].starts_with("{{#") {
            let line_end = text[i..].find('\n').map_or(text.len(), |n| i + n);
            if let Some(close) = text[i..line_end].rfind("}}") {
                let end = i + close + 2;
                out.push(Found {
                    start: i,
                    end,
                    directive: Directive::Escaped(&text[i + 1..end]),
                });
                i = end;
                continue;
            }
            i += 1;
            continue;
        }
        if b[i] == b'{'
            && b[i + 1] == b'{'
            && let Some((end, directive)) = directive_at(text, i)
        {
            if let Some(directive) = directive {
                out.push(Found {
                    start: i,
                    end,
                    directive,
                });
            }
            i = end;
            continue;
        }
        i += 1;
    }
    out
}

/// At a `{{`: the end of the matched pattern and the directive, if the name is known (`Some((end, None))` for
/// a match with an unknown name, which mdBook skips whole).
fn directive_at(text: &str, start: usize) -> Option<(usize, Option<Directive<'_>>)> {
    let rest = &text[start + 2..];
    let after_ws = rest.trim_start();
    let name_part = after_ws.strip_prefix('#')?;
    let name_len = name_part
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &name_part[..name_len];
    let args_all = &name_part[name_len..];
    if !args_all.starts_with(|c: char| c.is_whitespace()) {
        return None;
    }
    let close = args_all.find('}')?;
    // `\s+([^}]+)\}\}`: the whitespace and at least one more character, then `}}`.
    if args_all[..close].chars().count() < 2 || !args_all[close..].starts_with("}}") {
        return None;
    }
    let args = &args_all[..close];
    let end = start + 2 + (rest.len() - after_ws.len()) + 1 + name_len + close + 2;
    let mut words = args.split_whitespace();
    let directive = match (name, words.next()) {
        ("title", _) => Some(Directive::Title(args.trim_start())),
        ("include", Some(p)) => {
            let (p, l) = path_and_lines(p);
            Some(Directive::Include(p, l))
        }
        ("rustdoc_include", Some(p)) => {
            let (p, l) = path_and_lines(p);
            Some(Directive::RustdocInclude(p, l))
        }
        ("playground" | "playpen", Some(p)) => Some(Directive::Playground(p, words.collect())),
        _ => None,
    };
    Some((end, directive))
}

/// `file.rs:2:10` → (`file.rs`, lines 2 to 10): mdBook's rules, including its reading of odd forms.
pub(crate) fn path_and_lines(arg: &str) -> (&str, Lines) {
    let (path, spec) = arg.split_once(':').unwrap_or((arg, ""));
    let mut parts = spec.splitn(3, ':');
    let first = parts.next().unwrap_or("");
    let start = match first.parse::<usize>() {
        Ok(n) => Some(n.saturating_sub(1)),
        Err(_) if first.is_empty() => None,
        Err(_) => return (path, Lines::Anchor(first.to_string())),
    };
    let end = parts.next().map(|e| e.parse::<usize>());
    let lines = match (start, end) {
        (Some(s), Some(Ok(e))) => Lines::Range(Some(s), Some(e)),
        (Some(s), Some(Err(_))) => Lines::Range(Some(s), None),
        (Some(s), None) => Lines::Range(Some(s), Some(s + 1)),
        (None, Some(Ok(e))) => Lines::Range(None, Some(e)),
        (None, _) => Lines::Range(None, None),
    };
    (path, lines)
}

fn take_range(s: &str, start: Option<usize>, end: Option<usize>) -> String {
    let start = start.unwrap_or(0);
    let lines = s.lines().skip(start);
    match end {
        Some(e) => lines.take(e.saturating_sub(start)).collect::<Vec<_>>().join("\n"),
        None => lines.collect::<Vec<_>>().join("\n"),
    }
}

/// The name after `marker` (`ANCHOR:` or `ANCHOR_END:`) on a line, as mdBook's `MARKER\s*([\w_-]+)` finds it.
fn anchor_on(line: &str, marker: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = line[from..].find(marker) {
        let after = line[from + i + marker.len()..].trim_start();
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if !name.is_empty() {
            return Some(name);
        }
        from += i + marker.len();
    }
    None
}

/// Lines with their 1-based numbers in the file, as one text and its line map.
fn split(lines: Vec<(usize, String)>) -> (String, Vec<usize>) {
    let map = lines.iter().map(|(n, _)| *n).collect();
    (lines.into_iter().map(|(_, l)| l).collect::<Vec<_>>().join("\n"), map)
}

/// The lines between `ANCHOR: a` and `ANCHOR_END: a` (or the end of the file), marker lines of any anchor
/// removed, with their line numbers; `None` when the file has no `ANCHOR: a`.
fn take_anchor_lines(s: &str, anchor: &str) -> Option<Vec<(usize, String)>> {
    let mut kept = Vec::new();
    let mut inside = false;
    for (i, l) in s.lines().enumerate() {
        if inside {
            match anchor_on(l, "ANCHOR_END:") {
                Some(name) if name == anchor => break,
                Some(_) => {}
                None if anchor_on(l, "ANCHOR:").is_none() => kept.push((i + 1, l.to_string())),
                None => {}
            }
        } else if anchor_on(l, "ANCHOR:").as_deref() == Some(anchor) {
            inside = true;
        }
    }
    inside.then_some(kept)
}

#[cfg(test)]
fn take_anchor(s: &str, anchor: &str) -> Option<String> {
    take_anchor_lines(s, anchor).map(|l| split(l).0)
}

/// Every line, those outside `start..end` prefixed `# `.
fn rustdoc_range(s: &str, start: Option<usize>, end: Option<usize>) -> String {
    let inside = |i: usize| start.is_none_or(|s| i >= s) && end.is_none_or(|e| i < e);
    s.lines()
        .enumerate()
        .map(|(i, l)| if inside(i) { l.to_string() } else { format!("# {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every line, those outside the anchor prefixed `# `, marker lines removed, with their line numbers;
/// `None` without `ANCHOR: a`.
fn rustdoc_anchor_lines(s: &str, anchor: &str) -> Option<Vec<(usize, String)>> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut found = false;
    for (i, l) in s.lines().enumerate() {
        if inside {
            match anchor_on(l, "ANCHOR_END:") {
                Some(name) if name == anchor => inside = false,
                Some(_) => {}
                None if anchor_on(l, "ANCHOR:").is_none() => out.push((i + 1, l.to_string())),
                None => {}
            }
        } else if let Some(name) = anchor_on(l, "ANCHOR:") {
            if name == anchor {
                inside = true;
                found = true;
            }
        } else if anchor_on(l, "ANCHOR_END:").is_none() {
            out.push((i + 1, format!("# {l}")));
        }
    }
    found.then_some(out)
}

#[cfg(test)]
fn rustdoc_anchor(s: &str, anchor: &str) -> Option<String> {
    rustdoc_anchor_lines(s, anchor).map(|l| split(l).0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn files(list: &[(&str, &str)]) -> impl Fn(&Path) -> io::Result<String> {
        let map: BTreeMap<PathBuf, String> = list.iter().map(|(p, t)| (PathBuf::from(p), t.to_string())).collect();
        move |p: &Path| {
            map.get(&normalize(p))
                .cloned()
                .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "No such file or directory"))
        }
    }

    /// mdBook's `parse_range_or_anchor` cases, and the odd forms.
    #[test]
    fn ranges_and_anchors() {
        let table: &[(&str, &str, Lines)] = &[
            ("file.rs", "file.rs", Lines::Range(None, None)),
            ("file.rs:10", "file.rs", Lines::Range(Some(9), Some(10))),
            ("file.rs:10:20", "file.rs", Lines::Range(Some(9), Some(20))),
            ("file.rs:10:", "file.rs", Lines::Range(Some(9), None)),
            ("file.rs::20", "file.rs", Lines::Range(None, Some(20))),
            ("file.rs::", "file.rs", Lines::Range(None, None)),
            ("file.rs:anchor", "file.rs", Lines::Anchor("anchor".into())),
            ("file.rs:2:$", "file.rs", Lines::Range(Some(1), None)),
            ("file.rs:$", "file.rs", Lines::Anchor("$".into())),
            ("file.rs:0", "file.rs", Lines::Range(Some(0), Some(1))),
            ("file.rs:a:b", "file.rs", Lines::Anchor("a".into())),
        ];
        for (arg, path, lines) in table {
            assert_eq!(path_and_lines(arg), (*path, lines.clone()), "{arg}");
        }
    }

    /// mdBook's `take_lines` and anchor tests.
    #[test]
    fn taking_lines() {
        let s = "Lorem\nipsum\ndolor\nsit\namet";
        assert_eq!(take_range(s, Some(1), Some(3)), "ipsum\ndolor");
        assert_eq!(take_range(s, Some(3), None), "sit\namet");
        assert_eq!(take_range(s, None, Some(3)), "Lorem\nipsum\ndolor");
        assert_eq!(take_range(s, None, None), s);
        assert_eq!(take_range(s, Some(4), Some(3)), "");
        assert_eq!(take_range(s, None, Some(100)), s);

        let anchors: &[(&str, &str, Option<&str>)] = &[
            ("Lorem\nipsum", "test", None),
            ("Lorem\nipsum\nANCHOR_END: test\nsit", "test", None),
            (
                "Lorem\nipsum\nANCHOR: test\ndolor\nsit\namet",
                "test",
                Some("dolor\nsit\namet"),
            ),
            (
                "Lorem\nANCHOR: test\ndolor\nANCHOR_END: test\nlorem",
                "test",
                Some("dolor"),
            ),
            (
                "Lorem\nANCHOR: test\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nipsum",
                "test",
                Some("ipsum\ndolor\nsit\namet"),
            ),
            (
                "Lorem\nANCHOR:    test2\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nANCHOR_END:test2\nipsum",
                "test2",
                Some("ipsum\ndolor\nsit\namet\nlorem"),
            ),
            ("// ANCHOR: test2\nx\n// ANCHOR_END: test2", "test", None),
            (
                "fn a() {} // ANCHOR: ünï-code_1\nx\n// ANCHOR_END: ünï-code_1",
                "ünï-code_1",
                Some("x"),
            ),
        ];
        for (s, a, want) in anchors {
            assert_eq!(take_anchor(s, a).as_deref(), *want, "{s:?} / {a}");
        }
    }

    /// mdBook's `take_rustdoc_include_*` tests.
    #[test]
    fn rustdoc_lines() {
        let s = "Lorem\nipsum\ndolor\nsit\namet";
        assert_eq!(
            rustdoc_range(s, Some(1), Some(3)),
            "# Lorem\nipsum\ndolor\n# sit\n# amet"
        );
        assert_eq!(rustdoc_range(s, Some(3), None), "# Lorem\n# ipsum\n# dolor\nsit\namet");
        assert_eq!(rustdoc_range(s, None, Some(3)), "Lorem\nipsum\ndolor\n# sit\n# amet");
        assert_eq!(rustdoc_range(s, None, None), s);
        assert_eq!(
            rustdoc_range(s, Some(4), Some(3)),
            "# Lorem\n# ipsum\n# dolor\n# sit\n# amet"
        );
        assert_eq!(rustdoc_anchor(s, "test"), None);
        let s = "Lorem\nipsum\nANCHOR: test\ndolor\nsit\namet\nANCHOR_END: test\nlorem\nipsum";
        assert_eq!(
            rustdoc_anchor(s, "test").as_deref(),
            Some("# Lorem\n# ipsum\ndolor\nsit\namet\n# lorem\n# ipsum")
        );
        let s = "Lorem\nANCHOR: other\nipsum\nANCHOR: test\ndolor\nANCHOR_END: test\nlorem\nANCHOR_END: other\nipsum";
        assert_eq!(
            rustdoc_anchor(s, "test").as_deref(),
            Some("# Lorem\n# ipsum\ndolor\n# lorem\n# ipsum")
        );
    }

    /// mdBook's `find_links` cases: what is and is not a directive.
    #[test]
    fn finding_directives() {
        let none = [
            "Some random text without link...",
            "Some random text with {{#playground...",
            "Some random text with {{#include...",
            "Some random text with \\{{#include...",
            "Some random text with {{#playground}} and {{#playground   }} {{}} {{#}}...",
            "Some random text with {{#playgroundz ar.rs}} and {{#incn}} {{baz}} {{#bar}}...",
        ];
        for s in none {
            assert_eq!(find(s), vec![], "{s}");
        }
        let s = "Some random text with {{#playground file.rs}} and {{#playground test.rs }}...";
        let got = find(s);
        assert_eq!(
            got.iter()
                .map(|f| (&s[f.start..f.end], f.directive.clone()))
                .collect::<Vec<_>>(),
            vec![
                ("{{#playground file.rs}}", Directive::Playground("file.rs", vec![])),
                ("{{#playground test.rs }}", Directive::Playground("test.rs", vec![])),
            ]
        );
        let s = "with escaped playground \\{{#playground file.rs editable}} ...";
        assert_eq!(
            find(s)[0].directive,
            Directive::Escaped("{{#playground file.rs editable}}")
        );
        let s = "{{#playground file.rs editable }} and {{#playground my.rs editable no_run should_panic}}";
        assert_eq!(
            find(s)[1].directive,
            Directive::Playground("my.rs", vec!["editable", "no_run", "should_panic"])
        );
        let s = "{{ #include\n  file.rs:3 }}";
        assert_eq!(
            find(s)[0].directive,
            Directive::Include("file.rs", Lines::Range(Some(2), Some(3)))
        );
        assert_eq!(find("{{#title My Title}}")[0].directive, Directive::Title("My Title"));
    }

    fn run(page: &str, text: &str, fs: &[(&str, &str)]) -> Expanded {
        expand(Path::new(page), text, &files(fs))
    }

    #[test]
    fn expansion_table() {
        let fs = &[
            ("src/hello.rs", "fn main() {\n    println!(\"hi\");\n}\n"),
            ("src/lines.txt", "one\ntwo\nthree\nfour\nfive\n"),
            (
                "src/anchors.rs",
                "// intro\n// ANCHOR: body\nlet x = 1;\n// ANCHOR: inner\nlet y = 2;\n// ANCHOR_END: inner\n// ANCHOR_END: body\n",
            ),
            ("src/sub/outer.md", "Outer {{#include inner.md}}"),
            ("src/sub/inner.md", "inner text\n"),
            ("src/sample.md", "This is a sample include.\n"),
        ];
        let table: &[(&str, &str, &str)] = &[
            (
                "whole file",
                "```rust\n{{#include hello.rs}}\n```",
                "```rust\nfn main() {\n    println!(\"hi\");\n}\n```",
            ),
            ("one line", "{{#include lines.txt:2}}", "two"),
            ("range", "{{#include lines.txt:2:4}}", "two\nthree\nfour"),
            ("from", "{{#include lines.txt:4:}}", "four\nfive"),
            ("to", "{{#include lines.txt::2}}", "one\ntwo"),
            ("dollar end reads as open", "{{#include lines.txt:4:$}}", "four\nfive"),
            (
                "anchor, markers removed",
                "{{#include anchors.rs:body}}",
                "let x = 1;\nlet y = 2;",
            ),
            ("inner anchor", "{{#include anchors.rs:inner}}", "let y = 2;"),
            (
                "rustdoc_include hides the rest",
                "{{#rustdoc_include lines.txt:2:3}}",
                "# one\ntwo\nthree\n# four\n# five",
            ),
            (
                "rustdoc_include with anchor",
                "{{#rustdoc_include anchors.rs:inner}}",
                "# // intro\n# let x = 1;\nlet y = 2;",
            ),
            (
                "nested, relative to the included file",
                "{{#include sub/outer.md}}",
                "Outer inner text",
            ),
            (
                "escaped stays literal",
                "\\{{#include hello.rs}} << escaped",
                "{{#include hello.rs}} << escaped",
            ),
            (
                "indented include keeps its indent",
                "- item:\n  ```rust\n  {{#include hello.rs}}\n  ```",
                "- item:\n  ```rust\n  fn main() {\n      println!(\"hi\");\n  }\n  ```",
            ),
            (
                "quoted include stays quoted",
                "> {{#include lines.txt::2}}",
                "> one\n> two",
            ),
            (
                "playground",
                "{{#playground hello.rs editable}}",
                "```rust,editable\nfn main() {\n    println!(\"hi\");\n}\n```",
            ),
            (
                "unknown directive stays",
                "{{#unknown x}} {{#include}}",
                "{{#unknown x}} {{#include}}",
            ),
            (
                "parent path",
                "{{#include ../src/sample.md}}",
                "This is a sample include.",
            ),
        ];
        for (name, text, want) in table {
            let e = run("src/page.md", text, fs);
            assert!(e.diagnostics.is_empty(), "{name}: {:?}", e.diagnostics);
            assert_eq!(e.text, *want, "case: {name}");
        }
    }

    /// Each line of the expanded text knows the file and line it was written on.
    #[test]
    fn origins_point_into_the_included_files() {
        let fs = &[
            (
                "src/code.rs",
                "// intro\n// ANCHOR: body\nlet x = 1;\n// ANCHOR: inner\nlet y = 2;\n// ANCHOR_END: inner\n// ANCHOR_END: body\n",
            ),
            ("src/lines.txt", "one\ntwo\nthree\nfour\n"),
            ("src/sub/outer.md", "Outer\n{{#include inner.md}}\n"),
            ("src/sub/inner.md", "i1\ni2\n"),
        ];
        let page =
            "Intro\n{{#include code.rs:body}}\nText {{#include lines.txt:3:4}}\n  {{#include sub/outer.md}}\nend";
        let e = run("src/page.md", page, fs);
        assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
        let got: Vec<String> = e
            .text
            .lines()
            .zip(&e.origins)
            .map(|(l, (f, n))| format!("{l} <- {}:{n}", f.display()))
            .collect();
        assert_eq!(
            got,
            [
                "Intro <- src/page.md:1",
                "let x = 1; <- src/code.rs:3",
                "let y = 2; <- src/code.rs:5",
                "Text three <- src/page.md:3",
                // mdBook repeats what stood before the directive on each included line.
                "Text four <- src/lines.txt:4",
                "  Outer <- src/sub/outer.md:1",
                "  i1 <- src/sub/inner.md:1",
                "  i2 <- src/sub/inner.md:2",
                "end <- src/page.md:5",
            ]
        );
        assert_eq!(e.origins.len(), e.text.lines().count());
        let off = e.text.find("i2").expect("i2");
        assert_eq!(e.origin(off), Some((Path::new("src/sub/inner.md"), 2)));
    }

    #[test]
    fn title_directive() {
        let e = run("src/a.md", "{{#title My Title}}\n# My Chapter\n", &[]);
        assert_eq!(e.text, "\n# My Chapter\n");
        assert_eq!(e.title.as_deref(), Some("My Title"));
        // A title in an included file counts too, as in mdBook.
        let e = run("src/a.md", "{{#include t.md}}", &[("src/t.md", "{{#title Inner}}body")]);
        assert_eq!((e.text.as_str(), e.title.as_deref()), ("body", Some("Inner")));
    }

    #[test]
    fn problems_name_the_directive() {
        let fs = &[
            ("src/a.md", "A {{#include b.md}}"),
            ("src/b.md", "B\n  {{#include a.md}}"),
            ("src/self.md", "x {{#include self.md}}"),
            ("src/code.rs", "// ANCHOR: one\nx\n// ANCHOR_END: one\n"),
        ];
        let table: &[(&str, &str, &str, &[&str])] = &[
            (
                "missing file",
                "src/page.md",
                "Intro\n\nSee {{#include missing.rs}}.\n",
                &["src/page.md:3:5 cannot read `src/missing.rs` for `{{#include}}`: No such file or directory"],
            ),
            (
                "missing anchor",
                "src/page.md",
                "{{#include code.rs:two}}",
                &["src/page.md:1:1 `src/code.rs` has no anchor `two`"],
            ),
            (
                "dollar alone is an anchor",
                "src/page.md",
                "{{#include code.rs:$}}",
                &["src/page.md:1:1 `src/code.rs` has no anchor `$`"],
            ),
            (
                "cycle through two files, reported where it closes",
                "src/a.md",
                "{{#include b.md}}",
                &["src/b.md:2:3 include cycle: src/a.md → src/b.md → src/a.md"],
            ),
            (
                "a file including itself",
                "src/self.md",
                "x {{#include self.md}}",
                &["src/self.md:1:3 include cycle: src/self.md → src/self.md"],
            ),
            (
                "two problems, both reported",
                "src/page.md",
                "{{#include nope.md}}\n{{#rustdoc_include code.rs:zzz}}",
                &[
                    "src/page.md:1:1 cannot read `src/nope.md` for `{{#include}}`: No such file or directory",
                    "src/page.md:2:1 `src/code.rs` has no anchor `zzz`",
                ],
            ),
        ];
        for (name, page, text, want) in table {
            let e = run(page, text, fs);
            let got: Vec<String> = e
                .diagnostics
                .iter()
                .map(|d| {
                    assert!(d.help.is_some(), "{name}: no fix");
                    let l = d.location.as_ref().expect("located");
                    format!(
                        "{}:{}:{} {}",
                        l.file.display(),
                        l.line.unwrap_or(0),
                        l.column.unwrap_or(0),
                        d.message
                    )
                })
                .collect();
            assert_eq!(got, *want, "case: {name}");
        }
        // The directive stays in the text, so the page still builds and shows what failed.
        assert_eq!(
            run("src/p.md", "{{#include nope.md}}", &[]).text,
            "{{#include nope.md}}"
        );
    }

    #[test]
    fn deep_nesting_stops_at_ten() {
        let mut fs = Vec::new();
        let names: Vec<String> = (0..13).map(|i| format!("src/n{i}.md")).collect();
        let texts: Vec<String> = (0..13).map(|i| format!("{i} {{{{#include n{}.md}}}}", i + 1)).collect();
        for (n, t) in names.iter().zip(&texts) {
            fs.push((n.as_str(), t.as_str()));
        }
        fs.push(("src/n13.md", "end"));
        let e = run("src/n0.md", &texts[0], &fs);
        assert_eq!(e.diagnostics.len(), 1, "{:?}", e.diagnostics);
        assert!(e.diagnostics[0].message.contains("nested more than 10 deep"));
        assert_eq!(e.files.len(), 10);
    }

    /// mdBook's own include fixture book, restated: nested folder, anchors, rustdoc and relative includes.
    #[test]
    fn fixture_book() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mdbook/includes");
        let page = root.join("src/chapter.md");
        let text = std::fs::read_to_string(&page).expect("fixture");
        let e = expand(&page, &text, &|p| std::fs::read_to_string(p));
        assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
        insta::assert_snapshot!("include_fixture_book", e.text);
        assert_eq!(e.title.as_deref(), Some("Includes, all kinds"));
    }

    #[test]
    fn bad_input_never_panics() {
        for s in [
            "{{",
            "{{#",
            "{{#include",
            "\\{{#",
            "{{ #include a}",
            "{{#include \n}}",
            "é{{#title}}é",
            "{{#title  }}",
            "\\",
        ] {
            let _ = run("p.md", s, &[]);
        }
    }
}
