//! The builder's side of the token checker: the per-language message catalogue compiled from `checker.ftl`
//! (and the lint of what it cannot express), and the check that the help page has a section for every verdict.

use std::collections::{BTreeMap, HashSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey};
use serde_json::{Map, Value, json};

use crate::diag::{Diagnostic, Location};
use crate::frontmatter::CheckerBlock;
use crate::i18n::Catalog;
use crate::text::escape_html;

/// The Fluent file whose messages the widget shows.
pub const CHECKER_FTL: &str = "checker.ftl";

/// Message ids of the checker's verdicts that need a section on the help page (all but success).
pub fn verdict_ids() -> impl Iterator<Item = &'static str> {
    token_check::MESSAGES
        .iter()
        .map(|m| m.id)
        .filter(|id| id.starts_with("verdict-") && *id != "verdict-ok")
}

/// Compile `checker.ftl` of `lang` (each message falling back to the default language) into the JSON catalogue
/// the widget reads. Reports constructs the catalogue cannot express, with their place.
pub fn catalogue(catalog: &Catalog, lang: &str) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut messages: BTreeMap<String, Value> = BTreeMap::new();
    // Default language first, so the chosen language overrides it message by message.
    let mut langs = vec![catalog.default_language().to_string()];
    if lang != catalog.default_language() {
        langs.push(lang.to_string());
    }
    for l in &langs {
        for file in catalog.files.get(l).into_iter().flatten() {
            if file.path.file_name().is_none_or(|n| n != CHECKER_FTL) {
                continue;
            }
            let at = |slice: &str| file.location_of(slice);
            for entry in file.entries() {
                match entry {
                    Entry::Message(m) => {
                        let id = m.id.name;
                        if !m.attributes.is_empty() {
                            diags.push(unsupported(at(id), id, "attributes (`.name = …`)"));
                        }
                        let Some(value) = &m.value else { continue };
                        match pattern(value, 0) {
                            Ok(parts) => {
                                messages.insert(id.to_string(), Value::Array(parts));
                            }
                            Err(what) => diags.push(unsupported(at(id), id, what)),
                        }
                    }
                    Entry::Term(t) => diags.push(
                        Diagnostic::error(format!(
                            "term `-{}` in {CHECKER_FTL}: the checker cannot use terms",
                            t.id.name
                        ))
                        .at(at(t.id.name))
                        .help("write the text into each message that needs it"),
                    ),
                    _ => {}
                }
            }
        }
    }
    if lang == catalog.default_language() {
        let missing: Vec<&str> = token_check::MESSAGES
            .iter()
            .map(|m| m.id)
            .filter(|id| !messages.contains_key(*id))
            .collect();
        if !missing.is_empty() {
            diags.push(
                Diagnostic::error(format!(
                    "locales/{lang}/{CHECKER_FTL} lacks {} message(s) the checker shows: {}",
                    missing.len(),
                    missing.join(", ")
                ))
                .help("copy them from polydoc's own locales/en/checker.ftl and adapt the wording"),
            );
        }
    }
    let json = json!({ "lang": lang, "messages": messages }).to_string();
    // Inside <script type="application/json">, `</` must not appear.
    (json.replace("</", "<\\/").replace("<!--", "<\\!--"), diags)
}

/// The placeholder a `token-checker` block becomes: the widget mounts into it, and without scripts it explains
/// how to check by hand.
pub(crate) fn placeholder_html(
    block: &CheckerBlock,
    index: usize,
    noscript: &str,
    help_url: Option<&str>,
    assets: Option<(&str, &str)>,
) -> String {
    let mut attrs = format!(
        "class=\"token-checker\" id=\"token-checker-{}\" data-require=\"{}\" data-require-any=\"{}\" data-token-name=\"{}\"",
        index + 1,
        escape_html(&block.require.join(" ")),
        escape_html(&block.require_any.join(" ")),
        escape_html(block.token_name.as_deref().unwrap_or("")),
    );
    attrs.push_str(" data-catalogue=\"polydoc-checker-catalogue\"");
    if let Some(help) = help_url {
        attrs.push_str(&format!(" data-help=\"{}\"", escape_html(help)));
    }
    if let Some((glue, wasm)) = assets {
        attrs.push_str(&format!(
            " data-glue=\"{}\" data-wasm=\"{}\"",
            escape_html(glue),
            escape_html(wasm)
        ));
    }
    format!(
        "<div {attrs}>\n<noscript><p class=\"checker-noscript\">{}</p></noscript>\n</div>\n",
        escape_html(noscript)
    )
}

fn unsupported(at: Location, id: &str, what: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "message `{id}` in {CHECKER_FTL} uses {what}, which the checker cannot show"
    ))
    .at(at)
    .help(
        "the checker's messages may use plain text, `{ $variable }`, and one level of `{ $var -> [one] … *[other] … }`",
    )
}

/// A pattern as catalogue parts: strings, `{"v": name}`, `{"s": name, "o": {key: parts}, "d": key}`.
fn pattern(p: &Pattern<&str>, depth: usize) -> Result<Vec<Value>, &'static str> {
    let mut parts = Vec::new();
    for el in &p.elements {
        match el {
            PatternElement::TextElement { value } => push_text(&mut parts, value),
            PatternElement::Placeable { expression } => match expression {
                Expression::Inline(inline) => inline_part(inline, &mut parts)?,
                Expression::Select { selector, variants } => {
                    if depth > 0 {
                        return Err("a select inside a select");
                    }
                    let InlineExpression::VariableReference { id } = selector else {
                        return Err("a select on something other than a `$variable`");
                    };
                    let mut options = Map::new();
                    let mut default = String::new();
                    for v in variants {
                        let key = match &v.key {
                            VariantKey::Identifier { name } => name.to_string(),
                            VariantKey::NumberLiteral { value } => value.to_string(),
                        };
                        if v.default {
                            default = key.clone();
                        }
                        options.insert(key, Value::Array(pattern(&v.value, depth + 1)?));
                    }
                    parts.push(json!({ "s": id.name, "o": options, "d": default }));
                }
            },
        }
    }
    Ok(parts)
}

fn inline_part(inline: &InlineExpression<&str>, parts: &mut Vec<Value>) -> Result<(), &'static str> {
    match inline {
        InlineExpression::VariableReference { id } => parts.push(json!({ "v": id.name })),
        InlineExpression::StringLiteral { value } => push_text(parts, &unescape(value)),
        InlineExpression::NumberLiteral { value } => push_text(parts, value),
        InlineExpression::MessageReference { .. } => return Err("a reference to another message"),
        InlineExpression::TermReference { .. } => return Err("a term"),
        InlineExpression::FunctionReference { .. } => return Err("a function such as NUMBER() or DATETIME()"),
        InlineExpression::Placeable { expression } => match expression.as_ref() {
            Expression::Inline(i) => inline_part(i, parts)?,
            Expression::Select { .. } => return Err("a nested placeable select"),
        },
    }
    Ok(())
}

fn push_text(parts: &mut Vec<Value>, text: &str) {
    if let Some(Value::String(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(Value::String(text.to_string()));
    }
}

/// Fluent string-literal escapes: `\"`, `\\`, `\uXXXX`, `\UXXXXXX`.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(n @ ('u' | 'U')) => {
                let len = if n == 'u' { 4 } else { 6 };
                let hex: String = chars.by_ref().take(len).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Every verdict must have a section (an `id`) on the help page in every language, so the checker's
/// "what this means" link always lands on its explanation.
pub fn missing_help_sections(ids: &HashSet<String>) -> Vec<&'static str> {
    verdict_ids().filter(|v| !ids.contains(*v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(src: &str) -> Result<Vec<Value>, &'static str> {
        let res = fluent_syntax::parser::parse(src).unwrap_or_else(|(r, _)| r);
        let Entry::Message(m) = &res.body[0] else {
            panic!("not a message")
        };
        pattern(m.value.as_ref().unwrap(), 0)
    }

    #[test]
    fn patterns_become_parts() {
        let cases: &[(&str, Value)] = &[
            ("a = Plain text\n", json!(["Plain text"])),
            ("a = Hi { $name }!\n", json!(["Hi ", {"v": "name"}, "!"])),
            ("a = { \"quoted\" } and { 3 }\n", json!(["quoted and 3"])),
            (
                "a = { $days ->\n    [0] today\n    [one] in { $days } day\n   *[other] in { $days } days\n}\n",
                json!([{"s": "days", "d": "other", "o": {
                    "0": ["today"], "one": ["in ", {"v": "days"}, " day"], "other": ["in ", {"v": "days"}, " days"]}}]),
            ),
        ];
        for (src, expected) in cases {
            assert_eq!(&Value::Array(compile(src).unwrap()), expected, "{src}");
        }
    }

    #[test]
    fn unsupported_constructs_are_named() {
        let cases = [
            ("a = { -brand }\n", "a term"),
            ("a = { other }\n", "a reference to another message"),
            ("a = { NUMBER($n) }\n", "a function such as NUMBER() or DATETIME()"),
            (
                "a = { $a ->\n *[x] { $b ->\n *[y] z\n }\n}\n",
                "a select inside a select",
            ),
        ];
        for (src, what) in cases {
            assert_eq!(compile(src), Err(what), "{src}");
        }
    }

    #[test]
    fn unescapes_literals() {
        assert_eq!(unescape(r#"a\"b\\c\u00E9"#), "a\"b\\cé");
    }
}
