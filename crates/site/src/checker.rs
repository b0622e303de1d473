//! The builder's side of the token checker: the widget's form markup (server-rendered, disabled until the wasm
//! mounts), the per-language message catalogue compiled from `checker.ftl` (and the lint of what it cannot
//! express), and the check that the help page has a section for every verdict.

use std::collections::BTreeMap;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement, VariantKey};
use serde_json::{Map, Value, json};

use crate::diag::{Diagnostic, Location};
use crate::frontmatter::CheckerBlock;
use crate::i18n::{Arg, Catalog};
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
    (script_safe_json(&json), diags)
}

/// The placeholder a `token-checker` block becomes: the widget mounts into it, and without scripts it explains
/// how to check by hand.
pub(crate) fn placeholder_html(
    catalog: &Catalog,
    lang: &str,
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
    let pid = format!("token-checker-{}", index + 1);
    let form = Form {
        pid: &pid,
        require: &block.require,
        require_any: &block.require_any,
        token_name: block.token_name.as_deref().unwrap_or(""),
        noscript,
    };
    format!("<div {attrs}>\n{}</div>\n", form_html(catalog, lang, &form))
}

/// JSON text made safe to embed in a `<script type="application/json">` element: `<`, `>` and `&` become
/// `\u003c`, `\u003e` and `\u0026`, so no `</script`, `<script` or `<!--` can appear, and the text is still the
/// same JSON. (These characters only occur inside JSON strings, where the escapes mean the same.)
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// What one checker box on a page asks for.
pub struct Form<'a> {
    /// The placeholder's id (`token-checker-N`): ASCII letters, digits and `-` only.
    pub pid: &'a str,
    pub require: &'a [String],
    pub require_any: &'a [String],
    pub token_name: &'a str,
    /// The theme's no-script explanation, already formatted.
    pub noscript: &'a str,
}

/// The inside of a checker box, in the page's language: the no-script explanation with a curl fallback, then
/// the form (hidden without scripts by the theme, its fields disabled until the wasm mounts and enables them),
/// the result region, the "create a token" link and the "checker stopped" panel. Everything the widget needs is
/// here, so nothing moves when it mounts. The contract with the widget is the ids (`{pid}-host`, …).
///
/// The form can't be sent the native way: its fields have no `name` (unnamed controls are never
/// submitted) and it uses `method="dialog"`, which outside a `<dialog>` does nothing, CSP or not.
pub fn form_html(catalog: &Catalog, lang: &str, f: &Form<'_>) -> String {
    let t = |id: &str| escape_html(&catalog.text(lang, id));
    let with = |id: &str, name: &str, value: &str| {
        escape_html(
            &catalog
                .format(lang, id, &[(name.to_string(), Arg::Str(value.to_string()))])
                .unwrap_or_else(|_| id.to_string()),
        )
    };
    let p = f.pid;
    let req = token_check::Requirement {
        require: f.require.to_vec(),
        require_any: f.require_any.to_vec(),
        token_name: f.token_name.trim().to_string(),
    };
    let mut requires = String::new();
    // The form is named by its title and its scopes, so several checkers on a page have distinct names.
    let mut labelled = format!("{p}-title");
    for (id, list) in [("checker-requires", f.require), ("checker-requires-any", f.require_any)] {
        if !list.is_empty() {
            requires.push_str(&format!(
                "<p class=\"checker-requires\" id=\"{p}-{id}\">{}</p>\n",
                with(id, "scopes", &list.join(", "))
            ));
            labelled.push_str(&format!(" {p}-{id}"));
        }
    }
    let (origin, create) = match token_check::host::parse(DEFAULT_HOST, &|_| None) {
        Ok(h) => (
            with("origin-will-contact", "origin", &h.origin),
            req.create_token_url(&h),
        ),
        Err(_) => (String::new(), String::new()),
    };
    format!(
        r#"<noscript><p class="checker-noscript">{noscript}</p>
<p class="checker-noscript">{curl_intro}</p>
<pre class="checker-curl"><code>read -rs TOKEN
curl --header "PRIVATE-TOKEN: $TOKEN" https://gitlab.com/api/v4/personal_access_tokens/self</code></pre></noscript>
<form class="checker-form" id="{p}-form" method="dialog" novalidate autocomplete="off" aria-labelledby="{labelled}">
<fieldset class="checker-fields" id="{p}-fields" disabled>
<p class="checker-title" id="{p}-title">{title}</p>
{requires}<div class="field field-host"><label for="{p}-host">{host_label}</label>
<input id="{p}-host" type="text" value="{DEFAULT_HOST}" placeholder="{placeholder}" autocomplete="off" spellcheck="false" autocapitalize="off" data-1p-ignore data-lpignore="true" data-bwignore data-form-type="other" aria-describedby="{p}-host-hint {p}-origin {p}-host-error">
<p class="hint" id="{p}-host-hint">{host_hint}</p>
<p class="checker-origin" id="{p}-origin">{origin}</p>
<p class="field-error" id="{p}-host-error" hidden></p></div>
<div class="field field-token"><label for="{p}-token">{token_label}</label>
<div class="token-row"><input id="{p}-token" type="password" autocomplete="off" spellcheck="false" autocapitalize="off" data-1p-ignore data-lpignore="true" data-bwignore data-form-type="other" aria-describedby="{p}-token-hint {p}-token-error">
<button type="button" class="checker-toggle" id="{p}-toggle" aria-pressed="false" aria-controls="{p}-token">{show}</button></div>
<p class="hint" id="{p}-token-hint">{token_hint} {token_cleared}</p>
<p class="field-error" id="{p}-token-error" hidden></p></div>
<p class="hint checker-privacy">{privacy}</p>
<button type="submit" class="checker-submit" id="{p}-submit">{check}</button>
</fieldset>
</form>
<div class="result" id="{p}-result" role="status" aria-live="polite" hidden></div>
<p class="checker-create"><a class="checker-create-link" id="{p}-create" target="_blank" rel="noopener noreferrer" href="{create}">{create_text}</a></p>
<div class="checker-stopped" id="{p}-stopped" role="alert" hidden><p>{stopped}</p>
<button type="button" class="checker-retry" id="{p}-retry">{retry}</button></div>
"#,
        noscript = escape_html(f.noscript),
        curl_intro = t("checker-curl-intro"),
        title = t("checker-title"),
        host_label = t("checker-host-label"),
        placeholder = t("checker-host-placeholder"),
        host_hint = t("checker-host-hint"),
        token_label = t("checker-token-label"),
        show = t("checker-token-show"),
        token_hint = t("checker-token-hint"),
        token_cleared = t("checker-token-cleared"),
        privacy = t("checker-privacy"),
        check = t("checker-check-button"),
        create = escape_html(&create),
        create_text = t("checker-create-token-link"),
        stopped = t("checker-stopped"),
        retry = t("checker-stopped-retry"),
    )
}

/// What the host field holds when the page loads.
const DEFAULT_HOST: &str = "gitlab.com";

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
pub fn missing_help_sections(ids: &crate::markdown::Ids) -> Vec<&'static str> {
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

    /// Regression (F13): a `<!--` in a Fluent message was escaped as `<\\!--`, which is not JSON, so the widget
    /// never mounted. Every `<`, `>` and `&` is now a `\\u` escape: nothing can close or open a script element,
    /// and the text parses back to the same strings.
    #[test]
    fn catalogue_with_html_comment_or_script_tags_stays_valid_json_f13() {
        let texts = [
            "<!-- a comment opener",
            "</script><script>alert(1)</script>",
            "</SCRIPT >",
            "a & b > c < d",
            "<\\!-- the old escape",
            "«plain» text é ∕",
        ];
        for text in texts {
            let json = json!({ "lang": "en", "messages": { "m": [text] } }).to_string();
            let safe = script_safe_json(&json);
            let lower = safe.to_ascii_lowercase();
            for bad in ["<!--", "</script", "<script", "<", ">"] {
                assert!(!lower.contains(bad), "{text:?}: {bad:?} in {safe}");
            }
            let back: Value = serde_json::from_str(&safe).unwrap_or_else(|e| panic!("{text:?}: {e}: {safe}"));
            assert_eq!(back["messages"]["m"][0], text, "{safe}");
        }
    }

    #[test]
    fn unescapes_literals() {
        assert_eq!(unescape(r#"a\"b\\c\u00E9"#), "a\"b\\cé");
    }
}
