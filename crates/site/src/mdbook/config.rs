//! mdBook's `book.toml` keys as data: every key its guide documents (and the 0.4-era keys still found in real
//! books), each either honoured or accepted with a note saying why it is ignored; `[preprocessor.*]` and
//! outputs other than `html` are reported as not run. Unknown keys in mdBook's tables stay errors with a
//! suggestion, as in `config`.
//!
//! [`KEYS`] is the table; [`lookup`] answers for one dotted path, so `config`'s strict key check can consult it;
//! [`read`] walks a whole `book.toml` into [`Settings`] (the honoured values) and notes.

use std::collections::BTreeMap;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Location, nearest};

/// What polydoc does with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Treatment {
    /// Read into [`Settings`] and acted on.
    Honoured,
    /// Accepted; one warning says it has no effect and why.
    Ignored,
    /// A preprocessor or renderer polydoc does not run; one warning per table.
    NotRun,
}

/// The value a key takes (checked for honoured keys, where a wrong type is an error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Str,
    Bool,
    Int,
    StrList,
    /// Anything (ignored keys and whole tables).
    Any,
}

/// One row: a dotted path (`*` is any one name; a final `**` covers the table and everything in it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key {
    pub path: &'static str,
    pub kind: Kind,
    pub treatment: Treatment,
    /// For honoured keys, what polydoc does with it; for the others, why it has no effect.
    pub note: &'static str,
}

const fn key(path: &'static str, kind: Kind, treatment: Treatment, note: &'static str) -> Key {
    Key {
        path,
        kind,
        treatment,
        note,
    }
}

use Kind::*;
use Treatment::*;

/// Every key of mdBook's configuration guide (`guide/src/format/configuration/`), mdBook 0.5, plus the keys
/// mdBook 0.4 books still carry (marked "0.4").
pub(crate) const KEYS: &[Key] = &[
    // [book]
    key("book.title", Str, Honoured, "the site's title"),
    key("book.authors", StrList, Honoured, "the pages' author metadata"),
    key("book.description", Str, Honoured, "the pages' description metadata"),
    key(
        "book.src",
        Str,
        Honoured,
        "the folder of the default language's pages (mdBook's default `src`)",
    ),
    key(
        "book.language",
        Str,
        Honoured,
        "the default language's code (`<html lang>`)",
    ),
    key(
        "book.text-direction",
        Str,
        Honoured,
        "`ltr` or `rtl` for the default language (else from its code)",
    ),
    key(
        "book.multilingual",
        Any,
        Ignored,
        "mdBook 0.4 never used it and 0.5 removed it",
    ),
    // [rust]
    key(
        "rust.edition",
        Any,
        Ignored,
        "polydoc does not compile or run code blocks",
    ),
    // [build]
    key(
        "build.build-dir",
        Str,
        Honoured,
        "where the site is written (mdBook's default `book`)",
    ),
    key(
        "build.create-missing",
        Any,
        Ignored,
        "polydoc never creates pages: a chapter without its file is an error",
    ),
    key(
        "build.use-default-preprocessors",
        Any,
        Ignored,
        "polydoc always expands `{{#include}}` and uses `README.md` as a chapter's index",
    ),
    key(
        "build.extra-watch-dirs",
        Any,
        Ignored,
        "`polydoc serve` watches the book's own folders only",
    ),
    // [preprocessor.*]: the two built-in ones are what polydoc does anyway.
    key(
        "preprocessor.links.**",
        Any,
        Honoured,
        "built in: `{{#include}}`, `{{#rustdoc_include}}`, `{{#title}}`",
    ),
    key(
        "preprocessor.index.**",
        Any,
        Honoured,
        "built in: `README.md` is a chapter's index",
    ),
    key(
        "preprocessor.*.**",
        Any,
        NotRun,
        "polydoc runs no external preprocessors; the pages are built as written",
    ),
    // [output.html]
    key(
        "output.html.theme",
        Any,
        Ignored,
        "mdBook's Handlebars themes are not read; polydoc uses its own theme",
    ),
    key(
        "output.html.default-theme",
        Any,
        Ignored,
        "light or dark follows the reader's system and the theme toggle",
    ),
    key(
        "output.html.preferred-dark-theme",
        Any,
        Ignored,
        "polydoc has one dark theme",
    ),
    key(
        "output.html.smart-punctuation",
        Bool,
        Honoured,
        "curly quotes and dashes (pulldown-cmark's option); default on, as in mdBook 0.5",
    ),
    key(
        "output.html.curly-quotes",
        Bool,
        Honoured,
        "mdBook 0.4's name for `smart-punctuation`",
    ),
    key(
        "output.html.definition-lists",
        Bool,
        Honoured,
        "definition lists (pulldown-cmark's option); default on",
    ),
    key(
        "output.html.admonitions",
        Bool,
        Honoured,
        "`> [!NOTE]` callouts; default on",
    ),
    key(
        "output.html.mathjax-support",
        Any,
        Ignored,
        "no MathJax: math is shown as written",
    ),
    key(
        "output.html.additional-css",
        StrList,
        Honoured,
        "stylesheets linked after the theme's",
    ),
    key(
        "output.html.additional-js",
        StrList,
        Honoured,
        "scripts loaded after the theme's",
    ),
    key(
        "output.html.no-section-label",
        Bool,
        Honoured,
        "no `1.2.` numbers in the sidebar",
    ),
    key(
        "output.html.git-repository-url",
        Str,
        Honoured,
        "a link to the repository in the header",
    ),
    key(
        "output.html.git-repository-icon",
        Any,
        Ignored,
        "polydoc ships no icon font",
    ),
    key(
        "output.html.edit-url-template",
        Str,
        Honoured,
        "an \"edit this page\" link; `{path}` is the page's path from the book's root",
    ),
    key(
        "output.html.input-404",
        Any,
        Ignored,
        "polydoc's 404 page comes from its theme",
    ),
    key(
        "output.html.site-url",
        Str,
        Honoured,
        "the path the site is served under (`base-path`)",
    ),
    key(
        "output.html.cname",
        Any,
        Ignored,
        "write `CNAME` yourself or set it in your host's settings",
    ),
    key(
        "output.html.hash-files",
        Any,
        Ignored,
        "polydoc always adds content hashes to asset names",
    ),
    key(
        "output.html.sidebar-header-nav",
        Any,
        Ignored,
        "polydoc shows an \"On this page\" list instead",
    ),
    key(
        "output.html.live-reload-endpoint",
        Any,
        Ignored,
        "`polydoc serve` has its own live reload",
    ),
    key(
        "output.html.copy-fonts",
        Any,
        Ignored,
        "mdBook 0.4: polydoc uses system fonts",
    ),
    key(
        "output.html.google-analytics",
        Any,
        Ignored,
        "mdBook 0.4: polydoc adds no tracking",
    ),
    key(
        "output.html.redirect.*",
        Str,
        Honoured,
        "a redirect page at the old address",
    ),
    key("output.html.fold.enable", Bool, Honoured, "fold the sidebar's sections"),
    key(
        "output.html.fold.level",
        Int,
        Honoured,
        "sections deeper than this start folded",
    ),
    key(
        "output.html.print.**",
        Any,
        Ignored,
        "no print page; browsers print each page",
    ),
    key(
        "output.html.playground.**",
        Any,
        Ignored,
        "no playground: code blocks are highlighted, not run or edited",
    ),
    key(
        "output.html.playpen.**",
        Any,
        Ignored,
        "mdBook 0.4's name for `playground`: code is not run",
    ),
    key(
        "output.html.code.hidelines.*",
        Str,
        Honoured,
        "the prefix that hides a line in that language's code blocks",
    ),
    key(
        "output.html.search.enable",
        Bool,
        Honoured,
        "`false` builds no search index",
    ),
    key(
        "output.html.search.**",
        Any,
        Ignored,
        "polydoc's search has its own ranking and result page",
    ),
    // Other renderers.
    key(
        "output.*.**",
        Any,
        NotRun,
        "polydoc writes HTML (and Markdown alternates) only",
    ),
];

/// Tables in `book.toml` that are polydoc's own, checked by `config`, not here.
const POLYDOC_TABLES: &[&str] = &["site", "i18n", "checker"];

/// The row for `path`, if mdBook documents it. A `*` matches a name only when no row names it literally at
/// that place (so `output.*` does not swallow `output.html`).
pub(crate) fn lookup(path: &[&str]) -> Option<&'static Key> {
    KEYS.iter().find(|k| matches(k.path, path))
}

/// Whether mdBook documents `path` (a key, or a table with documented keys in it): for `config`'s strict
/// key check, which then leaves the key to [`read`] instead of calling it unknown.
pub(crate) fn accepts(path: &[&str]) -> bool {
    lookup(path).is_some() || has_children(path)
}

/// Whether `pattern`'s first segments match `path` (`*` only where no row names that place literally).
fn prefix_matches(segs: &[&str], path: &[&str]) -> bool {
    segs.len() >= path.len()
        && segs
            .iter()
            .zip(path)
            .enumerate()
            .all(|(i, (s, p))| s == p || (*s == "*" && !literal_at(&path[..=i])))
}

/// Whether some row lies below `path` (it is a table of known keys, to walk into, not one row).
pub(crate) fn has_children(path: &[&str]) -> bool {
    KEYS.iter().any(|k| {
        let segs: Vec<&str> = k.path.split('.').collect();
        segs.len() > path.len() && segs[path.len()] != "**" && prefix_matches(&segs, path)
    })
}

/// Some row names every segment of `path` literally (so `output.*` does not match `output.html`).
fn literal_at(path: &[&str]) -> bool {
    KEYS.iter().any(|k| {
        let segs: Vec<&str> = k.path.split('.').collect();
        segs.len() >= path.len() && segs.iter().zip(path).all(|(s, p)| s == p)
    })
}

fn matches(pattern: &str, path: &[&str]) -> bool {
    let segs: Vec<&str> = pattern.split('.').collect();
    let (segs, deep) = match segs.split_last() {
        Some((&"**", rest)) => (rest.to_vec(), true),
        _ => (segs, false),
    };
    if path.len() < segs.len() || (!deep && path.len() != segs.len()) {
        return false;
    }
    prefix_matches(&segs, &path[..segs.len()])
}

/// mdBook's `fold` table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Fold {
    pub enable: bool,
    pub level: u8,
}

/// The honoured values of an mdBook `book.toml`, with mdBook's defaults where it has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub description: Option<String>,
    /// mdBook's default is `src`.
    pub src: String,
    pub language: Option<String>,
    /// `ltr` or `rtl` when set.
    pub text_direction: Option<String>,
    /// mdBook's default is `book`.
    pub build_dir: String,
    pub site_url: Option<String>,
    pub additional_css: Vec<String>,
    pub additional_js: Vec<String>,
    pub git_repository_url: Option<String>,
    pub edit_url_template: Option<String>,
    /// Old address (absolute from the build folder, e.g. `/old.html`) → new address.
    pub redirect: BTreeMap<String, String>,
    pub no_section_label: bool,
    pub fold: Fold,
    pub smart_punctuation: bool,
    pub definition_lists: bool,
    pub admonitions: bool,
    /// Language → prefix of hidden lines.
    pub hidelines: BTreeMap<String, String>,
    pub search: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            title: None,
            authors: Vec::new(),
            description: None,
            src: "src".into(),
            language: None,
            text_direction: None,
            build_dir: "book".into(),
            site_url: None,
            additional_css: Vec::new(),
            additional_js: Vec::new(),
            git_repository_url: None,
            edit_url_template: None,
            redirect: BTreeMap::new(),
            no_section_label: false,
            fold: Fold::default(),
            smart_punctuation: true,
            definition_lists: true,
            admonitions: true,
            hidelines: BTreeMap::new(),
            search: true,
        }
    }
}

/// A typed value read from the file.
#[derive(Debug, Clone)]
enum Val {
    Str(String),
    Bool(bool),
    Int(i64),
    List(Vec<String>),
}

/// Read an mdBook `book.toml` (`text`, the contents of `file`): the honoured settings, and every note
/// (a warning per ignored key or table not run) and error (unknown key, wrong type, bad value).
pub(crate) fn read(file: &Path, text: &str) -> (Settings, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let table = match DeTable::parse(text) {
        Ok(t) => t,
        Err(e) => {
            let at = e
                .span()
                .map_or(Location::file(file), |s| Location::at_offset(file, text, s.start));
            diags.push(
                Diagnostic::error(format!("invalid `book.toml`: {}", e.message().trim_end()))
                    .at(at)
                    .help("fix the TOML syntax at this place"),
            );
            return (Settings::default(), diags);
        }
    };
    let mut values: BTreeMap<String, (Val, usize)> = BTreeMap::new();
    walk(table.get_ref(), &mut Vec::new(), file, text, &mut values, &mut diags);
    let settings = settings(&values, file, text, &mut diags);
    // In file order (the parsed table iterates by name).
    diags.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    (settings, diags)
}

fn walk<'a>(
    table: &'a DeTable<'a>,
    path: &mut Vec<&'a str>,
    file: &Path,
    text: &str,
    values: &mut BTreeMap<String, (Val, usize)>,
    diags: &mut Vec<Diagnostic>,
) {
    for (k, v) in table.iter() {
        let name: &str = k.get_ref();
        if path.is_empty() && POLYDOC_TABLES.contains(&name) {
            continue;
        }
        path.push(name);
        let dotted = path.join(".");
        let at = || Location::at_offset(file, text, k.span().start);
        // A table with rows of its own below it is walked (`search`: `enable` is honoured, the rest noted).
        if let DeValue::Table(inner) = v.get_ref()
            && has_children(path)
        {
            walk(inner, path, file, text, values, diags);
            path.pop();
            continue;
        }
        match lookup(path) {
            Some(row) => match row.treatment {
                Honoured if row.kind == Any => {}
                Honoured => match typed(v.get_ref(), row.kind) {
                    Some(val) => {
                        values.insert(dotted, (val, k.span().start));
                    }
                    None => diags.push(
                        Diagnostic::error(format!("`{dotted}` must be {}", kind_name(row.kind)))
                            .at(Location::at_offset(file, text, v.span().start))
                            .help(format!(
                                "mdBook and polydoc read it as {}: {}",
                                kind_name(row.kind),
                                row.note
                            )),
                    ),
                },
                Ignored => diags.push(
                    Diagnostic::warning(format!("`{dotted}` is ignored: {}", row.note))
                        .at(at())
                        .help("the book builds without it; remove the key to silence this note"),
                ),
                NotRun => {
                    let what = if path.first() == Some(&"preprocessor") {
                        "preprocessor"
                    } else {
                        "output"
                    };
                    diags.push(
                        Diagnostic::warning(format!("{what} `{}` is not run: {}", path[1], row.note))
                            .at(at())
                            .help(if what == "preprocessor" {
                                "if the pages need what it adds, write that into the Markdown; otherwise remove the table"
                            } else {
                                "build that format with mdBook, or remove the table"
                            }),
                    )
                }
            },
            None => {
                let parent = &path[..path.len() - 1];
                let siblings = known_names(parent);
                let mut d = Diagnostic::error(format!("unknown key `{dotted}` in `book.toml`")).at(at());
                d = match nearest(name, siblings.iter().copied()) {
                    Some(n) => d.help(format!("did you mean `{n}`?")),
                    None if siblings.is_empty() => d.help("remove it"),
                    None => d.help(format!("known keys here: {}", siblings.join(", "))),
                };
                diags.push(d);
            }
        }
        path.pop();
    }
}

/// The literal names rows give directly under `parent`.
fn known_names(parent: &[&str]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = KEYS
        .iter()
        .filter_map(|k| {
            let segs: Vec<&'static str> = k.path.split('.').collect();
            (segs.len() > parent.len() && segs.iter().zip(parent).all(|(s, p)| s == p || *s == "*"))
                .then(|| segs[parent.len()])
                .filter(|s| *s != "*" && *s != "**")
        })
        .collect();
    if parent.is_empty() {
        out.extend(POLYDOC_TABLES);
    }
    out.dedup();
    out
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Str => "a string",
        Bool => "`true` or `false`",
        Int => "a whole number",
        StrList => "a list of strings",
        Any => "any value",
    }
}

fn typed(v: &DeValue<'_>, kind: Kind) -> Option<Val> {
    match (kind, v) {
        (Str, DeValue::String(s)) => Some(Val::Str(s.to_string())),
        (Bool, DeValue::Boolean(b)) => Some(Val::Bool(*b)),
        (Int, DeValue::Integer(i)) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .map(Val::Int),
        (StrList, DeValue::Array(items)) => items
            .iter()
            .map(|i| i.get_ref().as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(Val::List),
        // A single string where a list is expected: mdBook refuses it; so do we.
        _ => None,
    }
}

fn settings(values: &BTreeMap<String, (Val, usize)>, file: &Path, text: &str, diags: &mut Vec<Diagnostic>) -> Settings {
    let mut s = Settings::default();
    let str_of = |k: &str| match values.get(k) {
        Some((Val::Str(v), _)) => Some(v.clone()),
        _ => None,
    };
    let bool_of = |k: &str| match values.get(k) {
        Some((Val::Bool(v), _)) => Some(*v),
        _ => None,
    };
    let list_of = |k: &str| match values.get(k) {
        Some((Val::List(v), _)) => v.clone(),
        _ => Vec::new(),
    };
    s.title = str_of("book.title");
    s.authors = list_of("book.authors");
    s.description = str_of("book.description");
    if let Some(src) = str_of("book.src") {
        s.src = src;
    }
    s.language = str_of("book.language");
    s.text_direction = str_of("book.text-direction");
    if let Some(dir) = &s.text_direction
        && dir != "ltr"
        && dir != "rtl"
    {
        let at = values.get("book.text-direction").map_or(0, |(_, o)| *o);
        diags.push(
            Diagnostic::error(format!("`text-direction = \"{dir}\"` is not `ltr` or `rtl`"))
                .at(Location::at_offset(file, text, at))
                .help(
                    "write `text-direction = \"ltr\"` or `\"rtl\"`, or remove it to take the direction from `language`",
                ),
        );
        s.text_direction = None;
    }
    if let Some(d) = str_of("build.build-dir") {
        s.build_dir = d;
    }
    s.site_url = str_of("output.html.site-url");
    s.additional_css = list_of("output.html.additional-css");
    s.additional_js = list_of("output.html.additional-js");
    s.git_repository_url = str_of("output.html.git-repository-url");
    s.edit_url_template = str_of("output.html.edit-url-template");
    s.no_section_label = bool_of("output.html.no-section-label").unwrap_or(false);
    s.fold.enable = bool_of("output.html.fold.enable").unwrap_or(false);
    if let Some((Val::Int(level), at)) = values.get("output.html.fold.level") {
        match u8::try_from(*level) {
            Ok(l) => s.fold.level = l,
            Err(_) => diags.push(
                Diagnostic::error(format!("`fold.level = {level}` is out of range"))
                    .at(Location::at_offset(file, text, *at))
                    .help("use a depth from 0 (all folded) to 255"),
            ),
        }
    }
    // `smart-punctuation` wins over mdBook 0.4's `curly-quotes`.
    s.smart_punctuation = bool_of("output.html.smart-punctuation")
        .or_else(|| bool_of("output.html.curly-quotes"))
        .unwrap_or(true);
    s.definition_lists = bool_of("output.html.definition-lists").unwrap_or(true);
    s.admonitions = bool_of("output.html.admonitions").unwrap_or(true);
    s.search = bool_of("output.html.search.enable").unwrap_or(true);
    for (k, (v, _)) in values {
        if let (Some(from), Val::Str(to)) = (k.strip_prefix("output.html.redirect."), v) {
            s.redirect.insert(from.to_string(), to.clone());
        }
        if let (Some(lang), Val::Str(prefix)) = (k.strip_prefix("output.html.code.hidelines."), v) {
            s.hidelines.insert(lang.to_string(), prefix.clone());
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes(text: &str) -> Vec<String> {
        read(Path::new("book.toml"), text)
            .1
            .iter()
            .map(|d| {
                let l = d.location.as_ref().expect("located");
                assert!(d.help.is_some(), "no help: {d:?}");
                let sev = match d.severity {
                    crate::diag::Severity::Error => "error",
                    crate::diag::Severity::Warning => "warning",
                    crate::diag::Severity::Note => "note",
                };
                format!("{sev} {}:{} {}", l.line.unwrap_or(0), l.column.unwrap_or(0), d.message)
            })
            .collect()
    }

    #[test]
    fn lookup_table() {
        let table: &[(&str, Option<(Treatment, &str)>)] = &[
            ("book.title", Some((Honoured, "book.title"))),
            ("book.multilingual", Some((Ignored, "book.multilingual"))),
            ("output.html.fold.level", Some((Honoured, "output.html.fold.level"))),
            (
                "output.html.redirect./old.html",
                Some((Honoured, "output.html.redirect.*")),
            ),
            (
                "output.html.playground.editable",
                Some((Ignored, "output.html.playground.**")),
            ),
            (
                "output.html.search.limit-results",
                Some((Ignored, "output.html.search.**")),
            ),
            (
                "output.html.search.enable",
                Some((Honoured, "output.html.search.enable")),
            ),
            (
                "output.html.search.chapter.appendix.enable",
                Some((Ignored, "output.html.search.**")),
            ),
            ("preprocessor.links", Some((Honoured, "preprocessor.links.**"))),
            ("preprocessor.mermaid", Some((NotRun, "preprocessor.*.**"))),
            ("preprocessor.mermaid.command", Some((NotRun, "preprocessor.*.**"))),
            ("output.linkcheck", Some((NotRun, "output.*.**"))),
            ("output.linkcheck.follow-web-links", Some((NotRun, "output.*.**"))),
            // `output.*` never swallows `html`: its unknown keys stay unknown.
            ("output.html.titel", None),
            ("output.html", None),
            ("book.titel", None),
        ];
        for (path, want) in table {
            // Redirect keys hold dots of their own (`/old.html`).
            let segs: Vec<&str> = match path.strip_prefix("output.html.redirect.") {
                Some(from) => vec!["output", "html", "redirect", from],
                None => path.split('.').collect(),
            };
            let got = lookup(&segs).map(|k| (k.treatment, k.path));
            assert_eq!(got, *want, "{path}");
        }
    }

    #[test]
    fn accepts_for_configs_key_check() {
        for (path, want) in [
            (&["book"][..], true),
            (&["book", "language"][..], true),
            (&["output"][..], true),
            (&["output", "html"][..], true),
            (&["output", "html", "fold"][..], true),
            (&["output", "html", "fold", "level"][..], true),
            (&["output", "epub"][..], true),
            (&["preprocessor", "katex", "macros"][..], true),
            (&["rust"][..], true),
            (&["output", "html", "nonsense"][..], false),
            (&["book", "titel"][..], false),
            (&["nonsense"][..], false),
        ] {
            assert_eq!(accepts(path), want, "{path:?}");
        }
    }

    #[test]
    fn every_documented_key_of_mdbooks_guide_is_in_the_table() {
        // The example book.toml of mdBook's "Configuring Renderers" and "General" pages, all keys together.
        let text = include_str!("../../tests/fixtures/mdbook/config/all-keys.toml");
        let (s, d) = read(Path::new("book.toml"), text);
        assert!(d.iter().all(|d| d.severity == crate::diag::Severity::Warning), "{d:#?}");
        assert_eq!(s.title.as_deref(), Some("Example book"));
        insta::assert_snapshot!("mdbook_config_all_keys_notes", notes(text).join("\n"));
        insta::assert_debug_snapshot!("mdbook_config_all_keys_settings", s);
    }

    #[test]
    fn defaults_are_mdbooks() {
        let (s, d) = read(Path::new("book.toml"), "[book]\ntitle = \"T\"\n");
        assert!(d.is_empty());
        assert_eq!((s.src.as_str(), s.build_dir.as_str()), ("src", "book"));
        assert!(s.smart_punctuation && s.definition_lists && s.admonitions && s.search);
        assert!(!s.no_section_label && !s.fold.enable);
        // 0.4's curly-quotes still counts; smart-punctuation wins when both are set.
        let (s, _) = read(Path::new("b"), "[output.html]\ncurly-quotes = false\n");
        assert!(!s.smart_punctuation);
        let (s, _) = read(
            Path::new("b"),
            "[output.html]\ncurly-quotes = false\nsmart-punctuation = true\n",
        );
        assert!(s.smart_punctuation);
    }

    #[test]
    fn problems() {
        let table: &[(&str, &[&str])] = &[
            (
                "[book]\ntitel = \"x\"\n",
                &["error 2:1 unknown key `book.titel` in `book.toml`"],
            ),
            (
                "[output.html]\nno-section-label = \"yes\"\n",
                &["error 2:20 `output.html.no-section-label` must be `true` or `false`"],
            ),
            (
                "[output.html]\nadditional-css = \"a.css\"\n",
                &["error 2:18 `output.html.additional-css` must be a list of strings"],
            ),
            (
                "[output.html.fold]\nlevel = 300\n",
                &["error 2:1 `fold.level = 300` is out of range"],
            ),
            (
                "[book]\ntext-direction = \"up\"\n",
                &["error 2:1 `text-direction = \"up\"` is not `ltr` or `rtl`"],
            ),
            (
                "[preprocessor.mermaid]\ncommand = \"mdbook-mermaid\"\n[preprocessor.links]\n",
                &[
                    "warning 1:15 preprocessor `mermaid` is not run: polydoc runs no external preprocessors; the pages are built as written",
                ],
            ),
            (
                "[output.pdf]\n[output.html]\n",
                &["warning 1:9 output `pdf` is not run: polydoc writes HTML (and Markdown alternates) only"],
            ),
            ("[nonsense]\n", &["error 1:2 unknown key `nonsense` in `book.toml`"]),
            (
                "[book\n",
                &["error 1:6 invalid `book.toml`: unclosed table, expected `]`"],
            ),
            // polydoc's own tables are left to `config`.
            ("[site]\nurl = \"https://x.org\"\n[i18n]\ndefault = \"en\"\n", &[]),
        ];
        for (text, want) in table {
            assert_eq!(notes(text), *want, "{text}");
        }
        let got = notes("[output.html]\nsite-urll = \"/\"\n");
        assert_eq!(got, ["error 2:1 unknown key `output.html.site-urll` in `book.toml`"]);
        let (_, d) = read(Path::new("b"), "[output.html]\nsite-urll = \"/\"\n");
        assert_eq!(d[0].help.as_deref(), Some("did you mean `site-url`?"));
    }
}
