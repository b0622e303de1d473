//! The Fluent lint: each language's messages against the default language's (missing, extra, other variables,
//! a CLDR plural variant lacking), as `i18n status` lists them and as the build's diagnostics.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};

use super::{MessageProblem, MessageStatus};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::i18n::Catalog;

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

pub(super) fn message_status(config: &Config, catalog: &Catalog, lang: &str) -> Vec<MessageStatus> {
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
}
