//! Translation status: which pages are translated, outdated, missing or untracked in each language, which
//! Fluent messages are missing, extra, have other variables or lack a CLDR plural variant, and structure parity.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::config::Config;
use crate::content::{self, Content, Page};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::i18n::{Catalog, message_ids};
use crate::markdown::{self, resolve_key};

/// Where a translated page stands against its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageState {
    /// `translated-from` matches the original's current hash.
    Current,
    /// The original changed since `translated-from` was recorded.
    Outdated,
    /// A translation with no `translated-from`: nobody recorded which original it matches.
    Untracked,
    /// No translation: readers see the original with a notice.
    Missing,
}

impl PageState {
    pub fn label(self) -> &'static str {
        match self {
            PageState::Current => "current",
            PageState::Outdated => "outdated",
            PageState::Untracked => "untracked",
            PageState::Missing => "missing",
        }
    }
}

/// The state of one translated (or missing) page: the value the build, `status` and `mark` share.
pub fn page_state(original: &Page, translation: Option<&Page>) -> PageState {
    match translation {
        None => PageState::Missing,
        Some(t) => match &t.front.translated_from {
            None => PageState::Untracked,
            Some(h) if *h == original.hash => PageState::Current,
            Some(_) => PageState::Outdated,
        },
    }
}

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
    pub counts: Counts,
    pub pages: Vec<PageStatus>,
    pub messages: Vec<MessageStatus>,
    pub parity: Vec<ParityIssue>,
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
            let state = page_state(original, translation);
            if let Some(t) = translation {
                parity.extend(
                    structure_parity(original, t)
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
    for (file, text) in catalog.sources.get(lang).into_iter().flatten() {
        let resource = fluent_syntax::parser::parse(text.as_str()).unwrap_or_else(|(r, _)| r);
        let lines: BTreeMap<String, usize> = message_ids(text).into_iter().collect();
        for entry in &resource.body {
            if let Entry::Message(m) = entry {
                let mut shape = Shape::default();
                if let Some(v) = &m.value {
                    walk(v, &mut shape);
                }
                for a in &m.attributes {
                    walk(&a.value, &mut shape);
                }
                let line = lines.get(m.id.name).copied().unwrap_or(1);
                out.insert(m.id.name.to_string(), (shape, file.clone(), line));
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

/// What a page is made of beyond its prose: the parts a translation must keep.
#[derive(Debug, Default, PartialEq, Eq)]
struct Structure {
    code_blocks: Vec<String>,
    links: BTreeSet<String>,
    checker_scopes: Vec<String>,
    heading_ids: BTreeSet<String>,
}

fn structure(page: &Page) -> Structure {
    let mut s = Structure::default();
    let mut in_code: Option<(bool, String)> = None;
    for ev in Parser::new_ext(page.body(), markdown::options()) {
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let checker = matches!(&kind, CodeBlockKind::Fenced(info) if info.split_whitespace().next() == Some("token-checker"));
                in_code = Some((checker, String::new()));
            }
            Event::Text(t) if in_code.is_some() => {
                if let Some((_, buf)) = in_code.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((checker, buf)) = in_code.take() {
                    if checker {
                        let block =
                            crate::frontmatter::parse_checker(&page.file, &page.text, 0, &buf).unwrap_or_default();
                        let mut all: Vec<String> = block.require.iter().map(|r| format!("all:{r}")).collect();
                        all.extend(block.require_any.iter().map(|r| format!("any:{r}")));
                        all.sort();
                        s.checker_scopes.push(all.join(" "));
                    } else {
                        s.code_blocks.push(buf);
                    }
                }
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                s.heading_ids.insert(id.to_string());
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let dest = dest_url.to_string();
                let (path, anchor) = dest
                    .split_once('#')
                    .map_or((dest.as_str(), None), |(p, a)| (p, Some(a)));
                let target = if path.ends_with(".md") {
                    match resolve_key(&page.key, path) {
                        Some(k) => k,
                        None => path.to_string(),
                    }
                } else {
                    path.to_string()
                };
                s.links.insert(match anchor {
                    Some(a) => format!("{target}#{a}"),
                    None => target,
                });
            }
            _ => {}
        }
    }
    s
}

/// Differences between an original's and its translation's structure, as (kind, detail).
pub fn structure_parity(original: &Page, translation: &Page) -> Vec<(&'static str, String)> {
    let (a, b) = (structure(original), structure(translation));
    let mut out = Vec::new();
    if a.code_blocks != b.code_blocks {
        let changed = a.code_blocks.iter().zip(&b.code_blocks).filter(|(x, y)| x != y).count()
            + a.code_blocks.len().abs_diff(b.code_blocks.len());
        out.push((
            "code-blocks",
            format!(
                "{} code block(s) differ from the original's ({} in the original, {} here)",
                changed,
                a.code_blocks.len(),
                b.code_blocks.len()
            ),
        ));
    }
    let only = |x: &BTreeSet<String>, y: &BTreeSet<String>| x.difference(y).cloned().collect::<Vec<_>>().join(", ");
    if a.links != b.links {
        let mut parts = Vec::new();
        let lost = only(&a.links, &b.links);
        let added = only(&b.links, &a.links);
        if !lost.is_empty() {
            parts.push(format!("the original links to {lost}"));
        }
        if !added.is_empty() {
            parts.push(format!("this translation links to {added}"));
        }
        out.push(("links", format!("link targets differ: {}", parts.join("; "))));
    }
    if a.checker_scopes != b.checker_scopes {
        out.push((
            "checker-scopes",
            format!(
                "checker blocks ask for [{}], the original's for [{}]",
                b.checker_scopes.join(" | "),
                a.checker_scopes.join(" | ")
            ),
        ));
    }
    if a.heading_ids != b.heading_ids {
        let mut parts = Vec::new();
        let lost = only(&a.heading_ids, &b.heading_ids);
        let added = only(&b.heading_ids, &a.heading_ids);
        if !lost.is_empty() {
            parts.push(format!("missing {lost}"));
        }
        if !added.is_empty() {
            parts.push(format!("not in the original: {added}"));
        }
        out.push((
            "heading-ids",
            format!("explicit heading ids differ: {}", parts.join("; ")),
        ));
    }
    out
}

/// Parity problems as build warnings (the build reports them too).
pub fn parity_warnings(config: &Config, content: &Content) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let default = &config.default_language().code;
    let Some(originals) = content.pages.get(default) else {
        return diags;
    };
    for lang in config.languages.iter().skip(1) {
        for (key, t) in content.pages.get(&lang.code).into_iter().flatten() {
            let Some(o) = originals.get(key) else { continue };
            for (kind, detail) in structure_parity(o, t) {
                diags.push(
                    Diagnostic::warning(format!("translation differs from its original ({kind}): {detail}"))
                        .in_file(&t.file)
                        .help(format!(
                            "compare with `{}`; keep code, links, ids and checker scopes as in the original",
                            config.relative(&o.file)
                        )),
                );
            }
        }
    }
    diags
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
        let todo: Vec<&PageStatus> = l.pages.iter().filter(|p| p.state != PageState::Current).collect();
        if !todo.is_empty() {
            let _ = writeln!(s, "\n  {:<10} {:<40} WHAT TO DO", "PAGE", "FILE");
            for p in todo {
                let (file, what) = match p.state {
                    PageState::Missing => (
                        format!("content/{}/{}", l.lang, p.key),
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

/// Load what `status` and `mark` need, reporting load problems.
pub fn load(root: &Path) -> Result<(Config, Content, Catalog, Diagnostics), Diagnostics> {
    let config = Config::load(root)?;
    let (content, mut diags) = content::load(&config);
    let (catalog, d) = Catalog::load(&config);
    diags.extend(d);
    Ok((config, content, catalog, diags))
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
