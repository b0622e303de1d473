//! Diagnostics: problems found while building, with their place in a file, collected and printed like rustc.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is. Warnings become errors under `--strict`; notes never do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Information that needs no fix to build, even with `--strict` (the mdBook settings polydoc ignores).
    Note,
}

/// Where a problem is: a file and, when known, a 1-based line and column with that line's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub source_line: Option<String>,
}

impl Location {
    /// A whole file, no position.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
            source_line: None,
        }
    }

    /// A byte offset inside `text`, the contents of `file`.
    pub fn at_offset(file: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let (line, column, source_line) = line_col(text, offset);
        Self {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            source_line: Some(source_line),
        }
    }

    /// A 1-based line and column inside `text`, the contents of `file`.
    pub fn at_line_col(file: impl Into<PathBuf>, text: &str, line: usize, column: usize) -> Self {
        let source_line = text.lines().nth(line.saturating_sub(1)).map(|l| l.to_string());
        Self {
            file: file.into(),
            line: Some(line),
            column: Some(column.max(1)),
            source_line,
        }
    }
}

/// 1-based line and column (in characters) of a byte offset, and that line's text.
pub fn line_col(text: &str, offset: usize) -> (usize, usize, String) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let source_line = text[line_start..line_end].trim_end_matches('\r').to_string();
    (line, column, source_line)
}

/// The byte offset of each line's start in a text, for many [`line_col`] lookups in one text without scanning it
/// from the start each time.
pub(crate) struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn new(text: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineStarts(starts)
    }

    /// 1-based line and column (in characters) of a byte offset in `text`, the text this was made from: the
    /// same as [`line_col`].
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.0.partition_point(|&s| s <= offset);
        let start = self.0[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}

/// One problem: what is wrong, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Box<Location>>,
    pub help: Option<String>,
    /// The kind, for problems that come by the hundred (see [`KINDS`]): warnings are grouped by it.
    pub code: Option<&'static str>,
}

/// Kinds of warning that a large site can have by the hundred: what they are, and the one command that fixes
/// the kind. The CLI shows a few of each with a count, and all of them with `--verbose`.
pub const KINDS: &[(&str, &str, &str)] = &[
    (
        "translation-untracked",
        "translations with no `translated-from`",
        "review them, then `polydoc i18n mark --all-current`",
    ),
    (
        "translation-outdated",
        "translations whose original changed",
        "update them, then `polydoc i18n mark <file>`; `polydoc i18n status` lists them",
    ),
    (
        "translation-parity",
        "translations whose code, links, ids or checker scopes differ from the original",
        "`polydoc i18n status` lists each difference",
    ),
    (
        "message-missing",
        "UI messages missing in a language",
        "`polydoc i18n status --lang <lang>` lists them",
    ),
    (
        "summary-unlisted",
        "pages not listed in SUMMARY.md",
        "add a `- [Title](page.md)` line for each to SUMMARY.md",
    ),
    (
        "link-site-absolute",
        "site-absolute links (`/path`)",
        "link to the page's Markdown file relatively, e.g. `other.md#anchor`",
    ),
];

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            help: None,
            code: None,
        }
    }

    /// Mark this problem as one of the [`KINDS`].
    pub fn code(mut self, code: &'static str) -> Self {
        debug_assert!(KINDS.iter().any(|(c, _, _)| *c == code), "unknown kind {code}");
        self.code = Some(code);
        self
    }

    /// A [`Severity::Note`]: shown, never failing a build, `--strict` or not.
    pub fn note(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Note,
            ..Self::error(message)
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(Box::new(location));
        self
    }

    pub fn in_file(self, file: impl Into<PathBuf>) -> Self {
        self.at(Location::file(file))
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The location with its path shown relative to `root`, for printing.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Some(loc) = &mut self.location
            && let Ok(rel) = loc.file.strip_prefix(root)
        {
            loc.file = rel.to_path_buf();
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    /// rustc style: `error: msg`, ` --> file:line:col`, the source line with a caret, `= help: …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let mut gutter = 1;
        if let Some(loc) = &self.location {
            let width = loc.line.map_or(1, |l| l.to_string().len());
            gutter = width;
            let pad = " ".repeat(width);
            write!(f, "{pad}--> {}", loc.file.display())?;
            if let Some(line) = loc.line {
                write!(f, ":{line}")?;
                if let Some(col) = loc.column {
                    write!(f, ":{col}")?;
                }
            }
            writeln!(f)?;
            if let (Some(line), Some(src)) = (loc.line, &loc.source_line) {
                writeln!(f, "{pad} |")?;
                writeln!(f, "{line} | {src}")?;
                if let Some(col) = loc.column {
                    let indent: String = src
                        .chars()
                        .take(col.saturating_sub(1))
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    writeln!(f, "{pad} | {indent}^")?;
                }
            }
        }
        if let Some(help) = &self.help {
            writeln!(f, "{} = help: {help}", " ".repeat(gutter))?;
        }
        Ok(())
    }
}

/// Problems collected over a whole build, so they are reported together.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Warning)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Under `--strict`, every warning is an error (notes stay notes).
    pub fn make_strict(&mut self) {
        for d in &mut self.items {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }

    /// Whether `--strict` fails on these: any error or warning.
    pub fn fails_strict(&self) -> bool {
        self.items.iter().any(|d| d.severity != Severity::Note)
    }

    /// Errors first, then by file and line, so output is stable whatever order the work ran in.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        self.items.dedup();
        self.items
    }
}

/// What diagnostics are sorted by, borrowed (a large site has thousands of warnings).
fn sort_key(d: &Diagnostic) -> (Severity, Option<&Path>, Option<usize>, Option<usize>, &str) {
    let l = d.location.as_deref();
    (
        d.severity,
        l.map(|l| l.file.as_path()),
        l.and_then(|l| l.line),
        l.and_then(|l| l.column),
        d.message.as_str(),
    )
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Warnings for a terminal: every one without a kind, then for each kind a few examples, the count and the
/// command that fixes them. `all` prints every warning as it is.
pub fn grouped_warnings(warnings: &[Diagnostic], all: bool, shown_per_kind: usize) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if all {
        for w in warnings {
            let _ = writeln!(out, "{w}");
        }
        return out;
    }
    for w in warnings.iter().filter(|w| w.code.is_none()) {
        let _ = writeln!(out, "{w}");
    }
    for (code, what, fix) in KINDS {
        let of_kind: Vec<&Diagnostic> = warnings.iter().filter(|w| w.code == Some(*code)).collect();
        if of_kind.is_empty() {
            continue;
        }
        for w in of_kind.iter().take(shown_per_kind) {
            let _ = writeln!(out, "{w}");
        }
        let more = of_kind.len().saturating_sub(shown_per_kind);
        let word = if of_kind.iter().all(|w| w.severity == Severity::Note) {
            "note"
        } else {
            "warning"
        };
        let _ = writeln!(
            out,
            "note: {} {word}{} [{code}]: {what}{}\n  = fix: {fix}\n",
            of_kind.len(),
            if of_kind.len() == 1 { "" } else { "s" },
            if more > 0 {
                format!(" ({more} more not shown; `--verbose` lists all)")
            } else {
                String::new()
            }
        );
    }
    out
}

/// The end of a build's closing line: how many warnings and notes it had (`, 2 warnings, 1 note`), or nothing.
pub fn tally(diagnostics: &[Diagnostic]) -> String {
    let notes = diagnostics.iter().filter(|d| d.severity == Severity::Note).count();
    let warnings = diagnostics.len() - notes;
    let mut out = String::new();
    for (n, word) in [(warnings, "warning"), (notes, "note")] {
        match n {
            0 => {}
            1 => out.push_str(&format!(", 1 {word}")),
            n => out.push_str(&format!(", {n} {word}s")),
        }
    }
    out
}

/// The closest known name to `unknown`, if any is close enough to be a likely typo.
pub fn nearest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a\nñandú: x\n";
        assert_eq!(line_col(text, 0), (1, 1, "a".into()));
        let off = text.find(':').unwrap();
        assert_eq!(line_col(text, off), (2, 6, "ñandú: x".into()));
    }

    #[test]
    fn line_starts_agree_with_line_col() {
        let text = "a\nñandú: x\n\nlast";
        let starts = LineStarts::new(text);
        for offset in 0..=text.len() + 2 {
            let (line, col, _) = line_col(text, offset);
            assert_eq!(starts.line_col(text, offset), (line, col), "offset {offset}");
        }
    }

    #[test]
    fn renders_like_rustc() {
        let d = Diagnostic::error("unknown key `titel`")
            .at(Location::at_line_col("content/en/a.md", "---\ntitel: x\n", 2, 1))
            .help("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "error: unknown key `titel`\n --> content/en/a.md:2:1\n  |\n2 | titel: x\n  | ^\n  = help: did you mean `title`?\n"
        );
    }

    /// Regression: notes were counted and grouped as warnings (`1 warning [mdbook-ignored]`).
    #[test]
    fn notes_are_counted_and_grouped_as_notes() {
        assert_eq!(tally(&[]), "");
        let w = |code| Diagnostic::warning("w").code(code);
        let n = |code| Diagnostic::note("n").code(code);
        let code = KINDS[0].0;
        let other = KINDS[1].0;
        assert_eq!(tally(&[w(code), w(code), n(other)]), ", 2 warnings, 1 note");
        assert_eq!(tally(&[n(other), n(other)]), ", 2 notes");
        let grouped = grouped_warnings(&[w(code), n(other), n(other)], false, 3);
        assert!(grouped.contains(&format!("note: 1 warning [{code}]")), "{grouped}");
        assert!(grouped.contains(&format!("note: 2 notes [{other}]")), "{grouped}");
    }

    #[test]
    fn nearest_suggests_typos_only() {
        let known = ["title", "description", "slug"];
        assert_eq!(nearest("titel", known), Some("title"));
        assert_eq!(nearest("zzzzz", known), None);
    }
}
