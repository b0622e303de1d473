//! Translation status: which pages are translated, outdated, missing or untracked in each language, which
//! Fluent messages are missing, extra, have other variables or lack a CLDR plural variant, and structure parity.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde::Serialize;

use crate::config::Config;
use crate::content::Content;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::i18n::Catalog;
use crate::markdown;
pub use crate::translation::{PageState, page_state};

#[derive(Debug, Clone, Serialize)]
pub struct PageStatus {
    /// The page's path below `content/<lang>/`, the same in every language.
    pub key: String,
    pub state: PageState,
    /// The translation's file (absent when missing), relative to the project root.
    pub file: Option<String>,
    /// The original's file, relative to the project root.
    pub source_file: String,
    /// The original's current hash: what `polydoc i18n mark` records.
    pub source_hash: String,
    /// The hash the translation recorded, if any.
    pub translated_from: Option<String>,
}

/// What is wrong with a message of a language, compared with the default language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageProblem {
    /// In the default language, not in this one: readers see the default text.
    Missing,
    /// In this language, not in the default one: nothing uses it.
    Extra,
    /// Uses other `$variables` than the default language's message.
    Variables,
    /// A plural select lacks a category this language's CLDR rules need.
    Plural,
}

#[derive(Debug, Clone, Serialize)]
pub struct MessageStatus {
    pub id: String,
    pub problem: MessageProblem,
    /// The file to edit, relative to the project root, and the line (for missing ones: the default language's).
    pub file: String,
    pub line: usize,
    pub detail: String,
}

/// A translation whose structure differs from its original's.
#[derive(Debug, Clone, Serialize)]
pub struct ParityIssue {
    pub key: String,
    pub file: String,
    /// `code-blocks`, `links`, `checker-scopes` or `heading-ids`.
    pub kind: &'static str,
    pub detail: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub current: usize,
    pub outdated: usize,
    pub untracked: usize,
    pub missing: usize,
    pub messages: usize,
    pub parity: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    pub lang: String,
    pub name: String,
    /// The folder of the language's pages, relative to the project root (`content/es`, or `src-es` beside an
    /// mdBook book's `src`).
    pub dir: String,
    /// For a language translated by `po/<lang>.po` (mdbook-i18n-helpers): how its messages fare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub po: Option<PoStatus>,
    pub counts: Counts,
    pub pages: Vec<PageStatus>,
    pub messages: Vec<MessageStatus>,
    pub parity: Vec<ParityIssue>,
}

/// The messages of a `po/<lang>.po` over the whole book; readers see the original for all but `translated`.
#[derive(Debug, Clone, Serialize)]
pub struct PoStatus {
    pub file: String,
    pub translated: usize,
    pub fuzzy: usize,
    pub untranslated: usize,
    /// In the pages but not in the catalogue (run `msgmerge`).
    pub missing: usize,
}

/// `polydoc i18n status --format json` prints this (format version 1; fields are only ever added).
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub format: u32,
    pub default_language: String,
    pub languages: Vec<LanguageStatus>,
}

impl StatusReport {
    /// Is anything missing, outdated, untracked or inconsistent (what `--strict` fails on)?
    pub fn has_work(&self) -> bool {
        self.languages.iter().any(|l| {
            l.counts.outdated + l.counts.untracked + l.counts.missing + l.counts.messages + l.counts.parity > 0
        })
    }
}

/// Compute the status of every non-default language (or only `only`).
pub fn status(config: &Config, content: &Content, catalog: &Catalog, only: Option<&str>) -> StatusReport {
    let default = &config.default_language().code;
    let empty = BTreeMap::new();
    let originals = content.pages.get(default).unwrap_or(&empty);
    let mut languages = Vec::new();
    for lang in config.languages.iter().skip(1) {
        if only.is_some_and(|o| o != lang.code) {
            continue;
        }
        let own = content.pages.get(&lang.code);
        let mut pages = Vec::new();
        let mut parity = Vec::new();
        for (key, original) in originals {
            let translation = own.and_then(|o| o.get(key));
            let state = page_state(original, translation.map(|t| &**t));
            if let Some(t) = translation {
                parity.extend(
                    crate::translation::parity(&markdown::structure_of(original), &markdown::structure_of(t))
                        .into_iter()
                        .map(|(kind, detail)| ParityIssue {
                            key: key.clone(),
                            file: config.relative(&t.file),
                            kind,
                            detail,
                        }),
                );
            }
            pages.push(PageStatus {
                key: key.clone(),
                state,
                file: translation.map(|t| config.relative(&t.file)),
                source_file: config.relative(&original.file),
                source_hash: original.hash.clone(),
                translated_from: translation.and_then(|t| t.front.translated_from.clone()),
            });
        }
        let messages = message_status(config, catalog, &lang.code);
        let mut counts = Counts {
            messages: messages.len(),
            parity: parity.len(),
            ..Counts::default()
        };
        for p in &pages {
            match p.state {
                PageState::Current => counts.current += 1,
                PageState::Outdated => counts.outdated += 1,
                PageState::Untracked => counts.untracked += 1,
                PageState::Missing => counts.missing += 1,
            }
        }
        languages.push(LanguageStatus {
            lang: lang.code.clone(),
            name: lang.name.clone(),
            dir: config.relative(&config.lang_dir(&lang.code)).replace('\\', "/"),
            po: content.po.get(&lang.code).map(|(file, c)| PoStatus {
                file: config.relative(file).replace('\\', "/"),
                translated: c.translated,
                fuzzy: c.fuzzy,
                untranslated: c.untranslated,
                missing: c.missing,
            }),
            counts,
            pages,
            messages,
            parity,
        });
    }
    StatusReport {
        format: 1,
        default_language: default.clone(),
        languages,
    }
}

/// One Fluent message's shape: its variables, and for each select on a variable, its variant keys.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Shape {
    variables: BTreeSet<String>,
    selects: Vec<(String, BTreeSet<String>)>,
}

fn shapes(catalog: &Catalog, lang: &str) -> BTreeMap<String, (Shape, PathBuf, usize)> {
    let mut out = BTreeMap::new();
    for file in catalog.files.get(lang).into_iter().flatten() {
        for entry in file.entries() {
            if let Entry::Message(m) = entry {
                let mut shape = Shape::default();
                if let Some(v) = &m.value {
                    walk(v, &mut shape);
                }
                for a in &m.attributes {
                    walk(&a.value, &mut shape);
                }
                let line = file.line_of(m.id.name);
                out.insert(m.id.name.to_string(), (shape, file.path.clone(), line));
            }
        }
    }
    out
}

fn walk(p: &Pattern<&str>, shape: &mut Shape) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            walk_expr(expression, shape);
        }
    }
}

fn walk_expr(e: &Expression<&str>, shape: &mut Shape) {
    match e {
        Expression::Inline(i) => walk_inline(i, shape),
        Expression::Select { selector, variants } => {
            walk_inline(selector, shape);
            if let InlineExpression::VariableReference { id } = selector {
                let keys = variants
                    .iter()
                    .map(|v| match &v.key {
                        VariantKey::Identifier { name } => name.to_string(),
                        VariantKey::NumberLiteral { value } => value.to_string(),
                    })
                    .collect();
                shape.selects.push((id.name.to_string(), keys));
            }
            for v in variants {
                walk(&v.value, shape);
            }
        }
    }
}

fn walk_inline(i: &InlineExpression<&str>, shape: &mut Shape) {
    match i {
        InlineExpression::VariableReference { id } => {
            shape.variables.insert(id.name.to_string());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                walk_inline(a, shape);
            }
        }
        InlineExpression::Placeable { expression } => walk_expr(expression, shape),
        _ => {}
    }
}

const PLURAL_KEYS: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// The CLDR cardinal plural categories `lang` uses, found by asking its rules about representative numbers.
pub fn plural_categories(lang: &str) -> BTreeSet<&'static str> {
    let Ok(id) = lang.parse::<unic_langid::LanguageIdentifier>() else {
        return BTreeSet::from(["other"]);
    };
    let rules = PluralRules::create(id.clone(), PluralRuleType::CARDINAL).or_else(|_| {
        PluralRules::create(
            unic_langid::LanguageIdentifier::from_parts(id.language, None, None, &[]),
            PluralRuleType::CARDINAL,
        )
    });
    let Ok(rules) = rules else {
        return BTreeSet::from(["other"]);
    };
    let mut found = BTreeSet::new();
    let mut probe = |n: &str| {
        if let Ok(c) = rules.select(n) {
            found.insert(match c {
                PluralCategory::ZERO => "zero",
                PluralCategory::ONE => "one",
                PluralCategory::TWO => "two",
                PluralCategory::FEW => "few",
                PluralCategory::MANY => "many",
                PluralCategory::OTHER => "other",
            });
        }
    };
    for n in 0..=1000 {
        probe(&n.to_string());
    }
    for n in [
        "0.0",
        "0.5",
        "1.0",
        "1.5",
        "2.5",
        "10.1",
        "1000000",
        "2000000",
        "1000000.0",
    ] {
        probe(n);
    }
    found
}

/// The message problems of every translated language as build diagnostics: the same list `i18n status` shows, so
/// `build --strict` and `i18n status --strict` agree. Many missing messages of one file (a new language) are one line.
pub(crate) fn message_diagnostics(config: &Config, catalog: &Catalog) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let default = catalog.default_language();
    for lang in config.languages.iter().skip(1) {
        let lang = &lang.code;
        let problems = message_status(config, catalog, lang);
        let mut missing: BTreeMap<&str, Vec<&MessageStatus>> = BTreeMap::new();
        for p in &problems {
            if p.problem == MessageProblem::Missing {
                missing.entry(p.file.as_str()).or_default().push(p);
            }
        }
        let source_location = |id: &str| catalog.origin(default, id).map(|o| o.location());
        for (file, list) in &missing {
            if list.len() > 3 {
                let first = list[0];
                let mut d = Diagnostic::warning(format!(
                    "{} messages of `{}` are missing in `{lang}`; pages show the `{default}` text",
                    list.len(),
                    file.rsplit('/').next().unwrap_or(file)
                ))
                .code("message-missing");
                if let Some(loc) = source_location(&first.id) {
                    d = d.in_file(loc.file);
                }
                diags.push(d.help(format!(
                    "translate them in `{file}`; `polydoc i18n status --lang {lang}` lists each one"
                )));
                continue;
            }
            for p in list {
                let mut d = Diagnostic::warning(format!(
                    "message `{}` is missing in `{lang}`; pages show the `{default}` text",
                    p.id
                ))
                .code("message-missing");
                if let Some(loc) = source_location(&p.id) {
                    d = d.at(loc);
                }
                diags.push(d.help(format!("translate it in `{file}`")));
            }
        }
        for p in problems.iter().filter(|p| p.problem != MessageProblem::Missing) {
            let file = config.root.join(&p.file);
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let (message, help) = match p.problem {
                MessageProblem::Extra => (
                    format!("message `{}` in `{lang}` does not exist in `{default}`", p.id),
                    format!("remove it, or add it to `locales/{default}/` first"),
                ),
                MessageProblem::Variables => (
                    format!("message `{}` in `{lang}` {}", p.id, p.detail),
                    "use the same `{ $variables }` as the original; a misspelt one shows as its name".to_string(),
                ),
                _ => (
                    format!("message `{}` in `{lang}`: {}", p.id, p.detail),
                    "add the missing variants; `polydoc i18n status` lists what each language needs".to_string(),
                ),
            };
            diags.push(
                Diagnostic::warning(message)
                    .at(Location::at_line_col(&file, &text, p.line, 1))
                    .help(help),
            );
        }
    }
    diags
}

fn message_status(config: &Config, catalog: &Catalog, lang: &str) -> Vec<MessageStatus> {
    let source = shapes(catalog, catalog.default_language());
    let target = shapes(catalog, lang);
    let needed = plural_categories(lang);
    let mut out = Vec::new();
    let file_for = |src_file: &Path| -> String {
        let name = src_file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        config.relative(&config.locales_dir.join(lang).join(name))
    };
    for (id, (shape, file, line)) in &source {
        match target.get(id) {
            None => out.push(MessageStatus {
                id: id.clone(),
                problem: MessageProblem::Missing,
                file: file_for(file),
                line: *line,
                detail: format!("not translated; readers see the {} text", catalog.default_language()),
            }),
            Some((t, tfile, tline)) => {
                if t.variables != shape.variables {
                    let fmt = |s: &BTreeSet<String>| s.iter().map(|v| format!("${v}")).collect::<Vec<_>>().join(", ");
                    out.push(MessageStatus {
                        id: id.clone(),
                        problem: MessageProblem::Variables,
                        file: config.relative(tfile),
                        line: *tline,
                        detail: format!(
                            "uses {{{}}}, the original uses {{{}}}",
                            fmt(&t.variables),
                            fmt(&shape.variables)
                        ),
                    });
                }
                for (var, keys) in &t.selects {
                    if !keys.iter().any(|k| PLURAL_KEYS.contains(&k.as_str())) {
                        continue;
                    }
                    let missing: Vec<&str> = needed.iter().copied().filter(|c| !keys.contains(*c)).collect();
                    if !missing.is_empty() {
                        out.push(MessageStatus {
                            id: id.clone(),
                            problem: MessageProblem::Plural,
                            file: config.relative(tfile),
                            line: *tline,
                            detail: format!(
                                "`${var}` select lacks the plural form(s) {} that `{lang}` needs (it has {})",
                                missing.join(", "),
                                keys.iter().cloned().collect::<Vec<_>>().join(", ")
                            ),
                        });
                    }
                }
            }
        }
    }
    for (id, (_, tfile, tline)) in &target {
        if !source.contains_key(id) {
            out.push(MessageStatus {
                id: id.clone(),
                problem: MessageProblem::Extra,
                file: config.relative(tfile),
                line: *tline,
                detail: format!("not in the {} files; nothing shows it", catalog.default_language()),
            });
        }
    }
    out.sort_by(|a, b| (&a.file, a.line, a.problem).cmp(&(&b.file, b.line, b.problem)));
    out
}

/// The readable table `polydoc i18n status` prints.
pub fn render_text(report: &StatusReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    for l in &report.languages {
        let c = &l.counts;
        let _ = writeln!(
            s,
            "{} ({}): {} current, {} outdated, {} untracked, {} missing pages; {} message problem(s); {} structure difference(s)",
            l.name, l.lang, c.current, c.outdated, c.untracked, c.missing, c.messages, c.parity
        );
        if let Some(po) = &l.po {
            let _ = writeln!(
                s,
                "  {}: {} translated, {} fuzzy, {} untranslated, {} missing messages (readers see the original for all but the translated)",
                po.file, po.translated, po.fuzzy, po.untranslated, po.missing
            );
        }
        let todo: Vec<&PageStatus> = l.pages.iter().filter(|p| p.state != PageState::Current).collect();
        if !todo.is_empty() {
            let _ = writeln!(s, "\n  {:<10} {:<40} WHAT TO DO", "PAGE", "FILE");
            for p in todo {
                let (file, what) = match p.state {
                    PageState::Missing => (
                        format!("{}/{}", l.dir, p.key),
                        format!("translate {} (readers see the original)", p.source_file),
                    ),
                    PageState::Outdated => (
                        p.file.clone().unwrap_or_default(),
                        format!(
                            "{} changed since {}; update, then `polydoc i18n mark {}`",
                            p.source_file,
                            p.translated_from.as_deref().unwrap_or("?"),
                            p.file.as_deref().unwrap_or_default()
                        ),
                    ),
                    PageState::Untracked => (
                        p.file.clone().unwrap_or_default(),
                        format!(
                            "review against {}, then `polydoc i18n mark {}`",
                            p.source_file,
                            p.file.as_deref().unwrap_or_default()
                        ),
                    ),
                    PageState::Current => continue,
                };
                let _ = writeln!(s, "  {:<10} {:<40} {}", p.state.label(), file, what);
            }
        }
        if !l.messages.is_empty() {
            let _ = writeln!(s, "\n  {:<10} {:<40} ID AND WHAT TO DO", "MESSAGE", "FILE:LINE");
            for m in &l.messages {
                let kind = match m.problem {
                    MessageProblem::Missing => "missing",
                    MessageProblem::Extra => "extra",
                    MessageProblem::Variables => "variables",
                    MessageProblem::Plural => "plural",
                };
                let _ = writeln!(
                    s,
                    "  {:<10} {:<40} {}: {}",
                    kind,
                    format!("{}:{}", m.file, m.line),
                    m.id,
                    m.detail
                );
            }
        }
        if !l.parity.is_empty() {
            let _ = writeln!(s, "\n  STRUCTURE");
            for p in &l.parity {
                let _ = writeln!(s, "  {:<14} {}: {}", p.kind, p.file, p.detail);
            }
        }
        let _ = writeln!(s);
    }
    if report.languages.is_empty() {
        s.push_str("only the default language is configured; add one with `polydoc i18n add <lang>`\n");
    }
    s
}

/// One `mark` edit: the file (relative), the hash it had, the hash it has now.
pub type Marked = (String, Option<String>, String);

/// Record the original's current hash in each translation's `translated-from`, editing only that line.
/// `files` are translation files; returns (file, old, new) per change.
pub fn mark(config: &Config, content: &Content, files: &[PathBuf]) -> Result<Vec<Marked>, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut edits = Vec::new();
    let default = &config.default_language().code;
    for file in files {
        let abs = if file.is_absolute() {
            file.clone()
        } else {
            std::env::current_dir().unwrap_or_default().join(file)
        };
        let abs = abs.canonicalize().unwrap_or(abs);
        let found = content
            .pages
            .iter()
            .filter(|(l, _)| *l != default)
            .flat_map(|(_, pages)| pages.values())
            .find(|p| p.file.canonicalize().unwrap_or_else(|_| p.file.clone()) == abs);
        let Some(page) = found else {
            errors.push(
                Diagnostic::error(format!("`{}` is not a translated page of this project", file.display()))
                    .help("name files under content/<lang>/ of a language other than the default, e.g. content/es/create-token.md"),
            );
            continue;
        };
        let Some(original) = content.page(default, &page.key) else {
            errors.push(
                Diagnostic::error(format!(
                    "`{}` has no original in `{default}`",
                    config.relative(&page.file)
                ))
                .in_file(&page.file)
                .help(format!(
                    "pages are paired by path: create content/{default}/{}",
                    page.key
                )),
            );
            continue;
        };
        edits.push((page, original.hash.clone()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut done = Vec::new();
    for (page, hash) in edits {
        let new_text = set_translated_from(&page.text, &hash);
        if new_text != page.text
            && let Err(e) = std::fs::write(&page.file, &new_text)
        {
            return Err(vec![
                Diagnostic::error(format!("cannot write: {e}")).in_file(&page.file),
            ]);
        }
        done.push((config.relative(&page.file), page.front.translated_from.clone(), hash));
    }
    Ok(done)
}

/// `translated-from: <hash>` set in the front matter: the line replaced if present, else added before the closing `---`.
pub fn set_translated_from(text: &str, hash: &str) -> String {
    let Some(split) = crate::frontmatter::split(text) else {
        return text.to_string();
    };
    let yaml_end = split.yaml_offset + split.yaml.len();
    let mut out = String::with_capacity(text.len() + 32);
    out.push_str(&text[..split.yaml_offset]);
    let mut replaced = false;
    for line in split.yaml.split_inclusive('\n') {
        if line.starts_with("translated-from:") {
            let nl = if line.ends_with("\r\n") { "\r\n" } else { "\n" };
            out.push_str(&format!("translated-from: {hash}{nl}"));
            replaced = true;
        } else {
            out.push_str(line);
        }
    }
    if !replaced {
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&format!("translated-from: {hash}\n"));
    }
    out.push_str(&text[yaml_end..]);
    out
}

/// A warning for every translation the build publishes with an "outdated" banner (so `--strict` catches them).
pub fn outdated_warnings(config: &Config, content: &Content) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let default = &config.default_language().code;
    for lang in config.languages.iter().skip(1) {
        for (key, t) in content.pages.get(&lang.code).into_iter().flatten() {
            let Some(o) = content.page(default, key) else { continue };
            match page_state(o, Some(t)) {
                PageState::Outdated => diags.push(
                    Diagnostic::warning(format!(
                        "`{}` changed since this translation was made",
                        config.relative(&o.file)
                    ))
                    .code("translation-outdated")
                    .at(match t.text.find("translated-from:") {
                        Some(off) => Location::at_offset(&t.file, &t.text, off),
                        None => Location::file(&t.file),
                    })
                    .help(format!(
                        "update the translation, then run `polydoc i18n mark {}`",
                        config.relative(&t.file)
                    )),
                ),
                PageState::Untracked => diags.push(
                    Diagnostic::warning(
                        "translation has no `translated-from`, so nobody can tell when its original changes",
                    )
                    .code("translation-untracked")
                    .in_file(&t.file)
                    .help(format!(
                        "review it against `{}`, then run `polydoc i18n mark {}`",
                        config.relative(&o.file),
                        config.relative(&t.file)
                    )),
                ),
                _ => {}
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cldr_categories() {
        let cases: &[(&str, &[&str])] = &[
            ("en", &["one", "other"]),
            ("ja", &["other"]),
            ("ar", &["few", "many", "one", "other", "two", "zero"]),
            ("ru", &["few", "many", "one", "other"]),
        ];
        for (lang, cats) in cases {
            let got: Vec<&str> = plural_categories(lang).into_iter().collect();
            assert_eq!(got, *cats, "{lang}");
        }
        // intl_pluralrules 7 ships CLDR data in which Spanish is one/other.
        assert_eq!(
            plural_categories("es").into_iter().collect::<Vec<_>>(),
            ["one", "other"]
        );
    }

    #[test]
    fn translated_from_is_set_in_place() {
        let cases = [
            (
                "---\ntitle: T\n---\nBody\n",
                "---\ntitle: T\ntranslated-from: abc\n---\nBody\n",
            ),
            (
                "---\ntitle: T\ntranslated-from: old\nslug: s\n---\nBody\n",
                "---\ntitle: T\ntranslated-from: abc\nslug: s\n---\nBody\n",
            ),
            (
                "---\r\ntitle: T\r\ntranslated-from: old\r\n---\r\nB\r\n",
                "---\r\ntitle: T\r\ntranslated-from: abc\r\n---\r\nB\r\n",
            ),
        ];
        for (before, after) in cases {
            assert_eq!(set_translated_from(before, "abc"), after);
        }
    }
}
