//! gettext `.po` catalogues (`po/<lang>.po`, the layout of mdbook-i18n-helpers): reading them, with every
//! problem a [`Diagnostic`] at file:line:col, and looking messages up the way the helpers do: a fuzzy or empty
//! translation shows the original, and is counted.
//!
//! [`segment`] cuts a page into the helpers' messages and translates it back.

pub(crate) mod pages;
pub(crate) mod segment;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::diag::{Diagnostic, Location};

/// One entry of a catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub context: Option<String>,
    pub id: String,
    pub id_plural: Option<String>,
    /// `msgstr`, or `msgstr[0]`, `msgstr[1]`… for plurals.
    pub strs: Vec<String>,
    pub fuzzy: bool,
    /// 1-based line of its `msgid`.
    pub line: usize,
}

impl Entry {
    /// Translated: not fuzzy, and every form non-empty.
    pub fn is_translated(&self) -> bool {
        !self.fuzzy && !self.strs.is_empty() && self.strs.iter().all(|s| !s.is_empty())
    }
}

/// What a lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup<'a> {
    Translated(&'a str),
    /// In the catalogue but marked `#, fuzzy`: the original is shown.
    Fuzzy,
    /// In the catalogue with an empty `msgstr`: the original is shown.
    Untranslated,
    /// Not in the catalogue (the page changed since `msgmerge`): the original is shown.
    Missing,
}

/// How a set of lookups went, for `i18n status`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub translated: usize,
    pub fuzzy: usize,
    pub untranslated: usize,
    pub missing: usize,
}

impl Counts {
    pub fn add(&mut self, l: Lookup<'_>) {
        match l {
            Lookup::Translated(_) => self.translated += 1,
            Lookup::Fuzzy => self.fuzzy += 1,
            Lookup::Untranslated => self.untranslated += 1,
            Lookup::Missing => self.missing += 1,
        }
    }
}

/// A parsed `.po` file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Catalog {
    /// The header entry's fields (`Language`, `Plural-Forms`…).
    pub header: BTreeMap<String, String>,
    entries: Vec<Entry>,
    index: HashMap<(Option<String>, String), usize>,
}

impl Catalog {
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The translation of `id` (no context), falling back as mdbook-i18n-helpers does.
    pub fn lookup(&self, id: &str) -> Lookup<'_> {
        self.lookup_in(None, id)
    }

    pub fn lookup_in(&self, context: Option<&str>, id: &str) -> Lookup<'_> {
        let Some(&i) = self.index.get(&(context.map(str::to_string), id.to_string())) else {
            return Lookup::Missing;
        };
        let e = &self.entries[i];
        if e.fuzzy {
            Lookup::Fuzzy
        } else if e.is_translated() {
            Lookup::Translated(&e.strs[0])
        } else {
            Lookup::Untranslated
        }
    }

    /// The state of the whole catalogue.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for e in &self.entries {
            c.add(self.lookup_in(e.context.as_deref(), &e.id));
        }
        c
    }
}

#[derive(Default)]
struct Pending {
    context: Option<String>,
    id: Option<(String, usize)>,
    id_plural: Option<String>,
    strs: BTreeMap<usize, String>,
    fuzzy: bool,
    /// The field continuation strings append to.
    field: Option<Field>,
    has_str: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Context,
    Id,
    IdPlural,
    Str(usize),
}

/// Parse `text`, the contents of `file`. The catalogue holds every entry that could be read.
pub(crate) fn parse(file: &Path, text: &str) -> (Catalog, Vec<Diagnostic>) {
    let mut cat = Catalog::default();
    let mut diags = Vec::new();
    let mut p = Pending::default();
    let at = |line: usize, col: usize| Location::at_line_col(file, text, line, col);

    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('#') {
            // A comment after a complete entry starts the next one.
            if p.has_str {
                finish(&mut p, &mut cat, &mut diags, file, text);
            }
            if rest.starts_with('~') {
                continue; // obsolete entry
            }
            if let Some(flags) = rest.strip_prefix(',') {
                p.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            }
            continue;
        }
        if trimmed.starts_with('"') {
            let Some(field) = p.field else {
                diags.push(
                    Diagnostic::error("a string with no `msgid` or `msgstr` before it")
                        .at(at(line_no, indent + 1))
                        .help("continued strings follow a `msgid \"…\"` or `msgstr \"…\"` line"),
                );
                continue;
            };
            match unquote(trimmed) {
                Ok(s) => append(&mut p, field, &s),
                Err((col, msg)) => diags.push(bad_string(at(line_no, indent + col), msg)),
            }
            continue;
        }
        let (keyword, rest) = trimmed.split_once([' ', '\t']).unwrap_or((trimmed, ""));
        let field = match keyword {
            "msgctxt" => Field::Context,
            "msgid" => Field::Id,
            "msgid_plural" => Field::IdPlural,
            "msgstr" => Field::Str(0),
            k if k.starts_with("msgstr[") && k.ends_with(']') => match k[7..k.len() - 1].parse() {
                Ok(i) => Field::Str(i),
                Err(_) => {
                    diags.push(
                        Diagnostic::error(format!("`{k}` is not a plural form"))
                            .at(at(line_no, indent + 1))
                            .help("plural forms are numbered: `msgstr[0]`, `msgstr[1]`…"),
                    );
                    continue;
                }
            },
            other => {
                diags.push(
                    Diagnostic::error(format!("unknown keyword `{other}`"))
                        .at(at(line_no, indent + 1))
                        .help("a .po entry has `msgctxt`, `msgid`, `msgid_plural` and `msgstr` lines; comments start with `#`"),
                );
                p.field = None;
                continue;
            }
        };
        // `msgctxt` or `msgid` after a `msgstr` starts a new entry.
        if matches!(field, Field::Context | Field::Id) && (p.has_str || (field == Field::Id && p.id.is_some())) {
            finish(&mut p, &mut cat, &mut diags, file, text);
        }
        if matches!(field, Field::Str(_)) && p.id.is_none() {
            diags.push(
                Diagnostic::error("`msgstr` without a `msgid` before it")
                    .at(at(line_no, indent + 1))
                    .help("each translation follows the `msgid \"…\"` it translates"),
            );
            p.field = None;
            continue;
        }
        let col = indent + keyword.len() + 1 + (rest.len() - rest.trim_start().len()) + 1;
        let value = match unquote(rest.trim_start()) {
            Ok(s) => s,
            Err((c, msg)) => {
                diags.push(bad_string(at(line_no, col - 1 + c), msg));
                String::new()
            }
        };
        match field {
            Field::Context => p.context = Some(value),
            Field::Id => p.id = Some((value, line_no)),
            Field::IdPlural => p.id_plural = Some(value),
            Field::Str(i) => {
                p.strs.insert(i, value);
                p.has_str = true;
            }
        }
        p.field = Some(field);
    }
    finish(&mut p, &mut cat, &mut diags, file, text);
    (cat, diags)
}

fn append(p: &mut Pending, field: Field, s: &str) {
    match field {
        Field::Context => p.context.get_or_insert_with(String::new).push_str(s),
        Field::Id => {
            if let Some((id, _)) = &mut p.id {
                id.push_str(s);
            }
        }
        Field::IdPlural => p.id_plural.get_or_insert_with(String::new).push_str(s),
        Field::Str(i) => p.strs.entry(i).or_default().push_str(s),
    }
}

fn bad_string(at: Location, msg: &str) -> Diagnostic {
    Diagnostic::error(msg.to_string()).at(at).help(
        "strings are in double quotes, with `\\\"`, `\\\\`, `\\n` and `\\t` escapes; a long one continues on the next line as another \"…\"",
    )
}

fn finish(p: &mut Pending, cat: &mut Catalog, diags: &mut Vec<Diagnostic>, file: &Path, text: &str) {
    let pending = std::mem::take(p);
    let Some((id, line)) = pending.id else {
        return;
    };
    if !pending.has_str {
        diags.push(
            Diagnostic::error("`msgid` without a `msgstr`")
                .at(Location::at_line_col(file, text, line, 1))
                .help("add `msgstr \"\"` (untranslated) or the translation after it"),
        );
        return;
    }
    let strs: Vec<String> = pending.strs.into_values().collect();
    if id.is_empty() && pending.context.is_none() {
        // The header: `Field: value\n` lines.
        for l in strs.first().map(String::as_str).unwrap_or("").lines() {
            if let Some((k, v)) = l.split_once(':') {
                cat.header.insert(k.trim().to_string(), v.trim().to_string());
            }
        }
        return;
    }
    let key = (pending.context.clone(), id.clone());
    if let Some(&first) = cat.index.get(&key) {
        diags.push(
            Diagnostic::error("this message is in the catalogue twice")
                .at(Location::at_line_col(file, text, line, 1))
                .help(format!(
                    "keep one of the two entries (the other is on line {})",
                    cat.entries[first].line
                )),
        );
        return;
    }
    cat.index.insert(key, cat.entries.len());
    cat.entries.push(Entry {
        context: pending.context,
        id,
        id_plural: pending.id_plural,
        strs,
        fuzzy: pending.fuzzy,
        line,
    });
}

/// `"a\"b"` → `a"b`. On error: the 1-based column within `s` and what is wrong.
fn unquote(s: &str) -> Result<String, (usize, &'static str)> {
    let s = s.trim_end();
    let Some(body) = s.strip_prefix('"') else {
        return Err((1, "expected a string in double quotes"));
    };
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let after = &body[i + 1..];
                let ws = after.len() - after.trim_start().len();
                return if after.trim().is_empty() {
                    Ok(out)
                } else {
                    Err((i + 1 + ws + 2, "text after the closing quote"))
                };
            }
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'a')) => out.push('\u{7}'),
                Some((_, 'b')) => out.push('\u{8}'),
                Some((_, 'f')) => out.push('\u{c}'),
                Some((_, 'v')) => out.push('\u{b}'),
                _ => return Err((i + 2, "unknown escape")),
            },
            c => out.push(c),
        }
    }
    Err((1, "the string has no closing quote"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Catalog, Vec<String>) {
        let (c, d) = parse(Path::new("po/es.po"), text);
        let msgs = d
            .iter()
            .map(|d| {
                let l = d.location.as_ref().expect("located");
                assert!(d.help.is_some());
                format!("{}:{} {}", l.line.unwrap_or(0), l.column.unwrap_or(0), d.message)
            })
            .collect();
        (c, msgs)
    }

    #[test]
    fn fixture_catalogue() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mdbook/po/es.po");
        let text = std::fs::read_to_string(&path).expect("fixture");
        let (cat, diags) = parse(&path, &text);
        assert!(diags.is_empty(), "{diags:#?}");
        assert_eq!(cat.header.get("Language").map(String::as_str), Some("es"));
        let table: &[(&str, Lookup<'_>)] = &[
            ("Introduction", Lookup::Translated("Introducción")),
            (
                "This book is laid out **exactly** as mdBook lays books out.",
                Lookup::Translated("Este libro sigue **exactamente** la disposición de mdBook."),
            ),
            ("Installation", Lookup::Fuzzy),
            ("Pre-compiled binaries", Lookup::Untranslated),
            (
                "A \"quoted\" word\nand a second line",
                Lookup::Translated("Una palabra \"citada\"\ny una segunda línea"),
            ),
            ("Not in the file", Lookup::Missing),
        ];
        for (id, want) in table {
            assert_eq!(cat.lookup(id), *want, "{id}");
        }
        assert_eq!(cat.lookup_in(Some("menu"), "File"), Lookup::Translated("Archivo"));
        assert_eq!(cat.lookup("File"), Lookup::Translated("Fichero"));
        // Obsolete (#~) entries are not messages.
        assert_eq!(cat.lookup("Old text"), Lookup::Missing);
        let plural = cat
            .entries()
            .iter()
            .find(|e| e.id_plural.is_some())
            .expect("plural entry");
        assert_eq!(plural.strs, ["un capítulo", "{n} capítulos"]);
        assert_eq!(
            cat.counts(),
            Counts {
                translated: 6,
                fuzzy: 1,
                untranslated: 1,
                missing: 0
            }
        );
    }

    #[test]
    fn problems_are_collected() {
        let table: &[(&str, &[&str])] = &[
            ("msgid \"a\nmsgstr \"b\"\n", &["1:7 the string has no closing quote"]),
            ("msgid \"a\" x\nmsgstr \"b\"\n", &["1:11 text after the closing quote"]),
            ("msgid \"a\\q\"\nmsgstr \"\"\n", &["1:9 unknown escape"]),
            ("msgstr \"b\"\n", &["1:1 `msgstr` without a `msgid` before it"]),
            (
                "msgid \"a\"\n\nmsgid \"b\"\nmsgstr \"\"\n",
                &["1:1 `msgid` without a `msgstr`"],
            ),
            (
                "msgid \"a\"\nmsgstr \"1\"\n\nmsgid \"a\"\nmsgstr \"2\"\n",
                &["4:1 this message is in the catalogue twice"],
            ),
            (
                "msgid \"a\"\nmsgtsr \"1\"\n",
                &["2:1 unknown keyword `msgtsr`", "1:1 `msgid` without a `msgstr`"],
            ),
            ("\"stray\"\n", &["1:1 a string with no `msgid` or `msgstr` before it"]),
        ];
        for (text, want) in table {
            let (_, got) = load(text);
            assert_eq!(got, *want, "{text:?}");
        }
        // Good entries around a bad one are kept.
        let (cat, _) = load("msgid \"a\"\nmsgstr \"A\"\n\nmsgid \"b\\q\"\nmsgstr \"B\"\n\nmsgid \"c\"\nmsgstr \"C\"\n");
        assert_eq!(
            (cat.lookup("a"), cat.lookup("c")),
            (Lookup::Translated("A"), Lookup::Translated("C"))
        );
    }

    #[test]
    fn bad_input_never_panics() {
        for t in [
            "",
            "\"",
            "msgid",
            "msgstr[",
            "msgstr[x] \"\"",
            "msgid \"\\",
            "#",
            "#,",
            "msgid \"é\"\nmsgstr \"ü",
        ] {
            let _ = parse(Path::new("p"), t);
        }
    }
}
