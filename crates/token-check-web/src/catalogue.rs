//! The page's message catalogue (`#polydoc-checker-catalogue`, compiled from `checker.ftl` by
//! the site builder) and its part interpreter: literals, variables, and selects with exact keys,
//! plural categories and a default. Locale-aware formatting is delegated to an [`Intl`].
//!
//! Format (see the builder ↔ widget contract): `{"lang":"es","messages":{id: [part, …]}}`,
//! a part being `"text"`, `{"v":"name"}` or `{"s":"name","o":{key:[parts]},"d":"other"}`.
//! A select whose value matches no key and whose default key is missing renders nothing.
//! String and list arguments are shown bidi-isolated, with control characters visible
//! ([`crate::view::shown`]).

#[allow(unused_imports)]
use crate::prelude::*;

use token_check::{Arg, Message};

/// Locale-aware formatting, provided by the browser (`Intl.*`) or by a test double.
pub trait Intl {
    /// The CLDR plural category (`zero one two few many other`) of `n`.
    fn plural(&self, n: i64) -> String;
    /// `n` formatted as a number.
    fn number(&self, n: i64) -> String;
    /// A valid `YYYY-MM-DD` date formatted as a long date (callers check validity first).
    fn date(&self, ymd: &str) -> String;
    /// A list: "a, b and c", or with `either` "a, b or c".
    fn list(&self, items: &[String], either: bool) -> String;
}

/// A parsed JSON value, as far as the catalogue needs one. In the widget it is the result of
/// the browser's `JSON.parse` (the wasm carries no JSON parser), in tests `serde_json`.
pub trait Node: Sized {
    /// The string, if this is one.
    fn string(&self) -> Option<String>;
    /// A member, if this is an object (not an array). It may be inherited (the browser's
    /// objects have `constructor`…): callers only accept strings and arrays.
    fn get(&self, key: &str) -> Option<Self>;
    /// The length, if this is an array.
    fn array_len(&self) -> Option<u32>;
    /// An element, if this is an array.
    fn at(&self, i: u32) -> Option<Self>;
}

/// Nested selects are not allowed in the catalogue; this bounds recursion on bad input.
const MAX_DEPTH: u8 = 4;

/// The page's catalogue, read in place (messages are interpreted when shown).
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue<N> {
    lang: String,
    messages: N,
}

impl<N: Node> Catalogue<N> {
    /// `None` unless `root` has a `messages` object. A missing `lang` becomes `en`.
    pub fn new(root: &N) -> Option<Self> {
        let messages = root
            .get("messages")
            .filter(|m| m.array_len().is_none() && m.string().is_none())?;
        let lang = root
            .get("lang")
            .and_then(|l| l.string())
            .unwrap_or_else(|| "en".to_owned());
        Some(Catalogue { lang, messages })
    }

    /// The catalogue's language tag (`Intl` objects for a malformed one fail and fall back).
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// The text of a message without arguments.
    pub fn text(&self, id: &str, intl: &dyn Intl) -> String {
        self.render(id, &[], intl)
    }

    /// The text of `m`. An unknown id renders as the id itself, a missing variable as
    /// `{$name}` (as Fluent does), so mistakes stay visible without breaking the page.
    pub fn format(&self, m: &Message, intl: &dyn Intl) -> String {
        self.render(m.id, &m.args, intl)
    }

    fn render(&self, id: &str, args: &[(&'static str, Arg)], intl: &dyn Intl) -> String {
        let mut out = String::new();
        // Lists in "needs one of: …" messages read as alternatives ("a or b").
        let either = id.ends_with("-any") || id.ends_with("-one-of");
        match self.messages.get(id) {
            Some(parts) => write_parts(&mut out, &parts, args, intl, either, 0),
            None => out.push_str(id),
        }
        out
    }
}

fn write_parts<N: Node>(
    out: &mut String,
    parts: &N,
    args: &[(&'static str, Arg)],
    intl: &dyn Intl,
    either: bool,
    depth: u8,
) {
    for i in 0..parts.array_len().unwrap_or(0) {
        let Some(part) = parts.at(i) else { continue };
        if let Some(s) = part.string() {
            out.push_str(&s);
        } else if let Some(name) = part.get("v").and_then(|v| v.string()) {
            write_var(out, &name, arg(args, &name), intl, either);
        } else if let Some(name) = part.get("s").and_then(|v| v.string())
            && depth < MAX_DEPTH
            && let Some(options) = part.get("o")
        {
            let default = part.get("d").and_then(|d| d.string()).unwrap_or_default();
            let chosen = match arg(args, &name) {
                Some(Arg::Num(n)) => options
                    .get(&token_check::decimal_i64(*n))
                    .or_else(|| options.get(&intl.plural(*n))),
                Some(Arg::Str(s) | Arg::Date(s)) => options.get(s),
                _ => None,
            };
            let is_parts = |p: &N| p.array_len().is_some();
            if let Some(p) = chosen
                .filter(is_parts)
                .or_else(|| options.get(&default).filter(is_parts))
            {
                write_parts(out, &p, args, intl, either, depth + 1);
            }
        }
    }
}

fn arg<'a>(args: &'a [(&'static str, Arg)], name: &str) -> Option<&'a Arg> {
    args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
}

fn write_var(out: &mut String, name: &str, value: Option<&Arg>, intl: &dyn Intl, either: bool) {
    match value {
        // Strings may come from GitLab or the reader: isolated, control characters visible.
        Some(Arg::Str(s)) => out.push_str(&crate::view::shown(s)),
        Some(Arg::Num(n)) => out.push_str(&intl.number(*n)),
        Some(Arg::Date(d)) if token_check::expiry::parse_date(d).is_some() => out.push_str(&intl.date(d)),
        Some(Arg::Date(d)) => out.push_str(&crate::view::shown(d)),
        Some(Arg::List(items)) => {
            out.push_str(&intl.list(&crate::view::shown_all(items), either));
        }
        None => {
            out.push_str("{$");
            out.push_str(name);
            token_check::push_char(out, '}');
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::Value;

    impl Node for Value {
        fn string(&self) -> Option<String> {
            self.as_str().map(str::to_owned)
        }
        fn get(&self, key: &str) -> Option<Self> {
            self.as_object()?.get(key).cloned()
        }
        fn array_len(&self) -> Option<u32> {
            self.as_array().map(|a| a.len() as u32)
        }
        fn at(&self, i: u32) -> Option<Self> {
            self.as_array()?.get(i as usize).cloned()
        }
    }

    /// Parses catalogue JSON text the way the widget reads the page's data block.
    pub(crate) fn parse(json: &str) -> Option<Catalogue<Value>> {
        Catalogue::new(&serde_json::from_str::<Value>(json).ok()?)
    }

    /// English-like formatting, recognisable in assertions.
    pub(crate) struct TestIntl;

    impl Intl for TestIntl {
        fn plural(&self, n: i64) -> String {
            if n == 1 { "one" } else { "other" }.to_owned()
        }
        fn number(&self, n: i64) -> String {
            format!("#{n}")
        }
        fn date(&self, ymd: &str) -> String {
            format!("<{ymd}>")
        }
        fn list(&self, items: &[String], either: bool) -> String {
            items.join(if either { " | " } else { " & " })
        }
    }

    const CATALOGUE: &str = r#"{"lang":"en","messages":{
        "plain":["Hello"],
        "var":["Need ",{"v":"scopes"}," now"],
        "var-any":["Need one of ",{"v":"scopes"}],
        "scopes-missing-one-of":["Needs one of: ",{"v":"scopes"}],
        "days":[{"s":"days","o":{"0":["today"],"one":["in ",{"v":"days"}," day"],"other":["in ",{"v":"days"}," days"]},"d":"other"}],
        "kind":[{"s":"kind","o":{"bot":["a bot"],"other":["a person"]},"d":"other"}],
        "date":["on ",{"v":"date"}],
        "nodefault":[{"s":"n","o":{"few":["few"]},"d":"missing"}],
        "deep":[{"s":"n","o":{"other":[{"s":"n","o":{"other":[{"s":"n","o":{"other":[{"s":"n","o":{"other":[{"s":"n","o":{"other":["too deep"]},"d":"other"}]},"d":"other"}]},"d":"other"}]},"d":"other"}]},"d":"other"}],
        "odd":[42,null,{"x":1},"ok"],
        "badoption":[{"s":"n","o":{"other":"not parts","few":["few"]},"d":"other"}],
        "notarray":"text"
    }}"#;

    fn m(id: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
        Message { id, args }
    }

    #[test]
    fn renders_parts() {
        let cat = parse(CATALOGUE).expect("catalogue parses");
        let list = |v: &[&str]| Arg::List(v.iter().map(|s| s.to_string()).collect());
        let cases: Vec<(Message, &str)> = vec![
            (m("plain", vec![]), "Hello"),
            (
                m("var", vec![("scopes", list(&["api", "read_api"]))]),
                "Need api & read_api now",
            ),
            (m("var", vec![]), "Need {$scopes} now"),
            (
                m("var-any", vec![("scopes", list(&["api", "read_api"]))]),
                "Need one of api | read_api",
            ),
            (
                m("scopes-missing-one-of", vec![("scopes", list(&["a", "b"]))]),
                "Needs one of: a | b",
            ),
            (m("days", vec![("days", Arg::Num(0))]), "today"),
            (m("days", vec![("days", Arg::Num(1))]), "in #1 day"),
            (m("days", vec![("days", Arg::Num(5))]), "in #5 days"),
            (m("days", vec![]), "in {$days} days"),
            (m("days", vec![("days", Arg::Str("0".into()))]), "today"),
            (m("kind", vec![("kind", Arg::Str("bot".into()))]), "a bot"),
            (m("kind", vec![("kind", Arg::Str("human".into()))]), "a person"),
            (m("kind", vec![("kind", list(&["bot"]))]), "a person"),
            (
                m("date", vec![("date", Arg::Date("2026-03-01".into()))]),
                "on <2026-03-01>",
            ),
            (
                m("date", vec![("date", Arg::Date("2026-02-30".into()))]),
                "on 2026-02-30",
            ),
            (m("date", vec![("date", Arg::Date(String::new()))]), "on "),
            (m("nodefault", vec![("n", Arg::Num(3))]), ""),
            (m("deep", vec![("n", Arg::Num(3))]), ""),
            (m("odd", vec![]), "ok"),
            (m("badoption", vec![("n", Arg::Num(2))]), ""),
            (m("notarray", vec![]), ""),
            (m("no-such-id", vec![]), "no-such-id"),
        ];
        // Isolation marks are checked in `arguments_are_isolated`.
        let plain = |s: String| s.replace([crate::view::FSI, crate::view::PDI], "");
        for (msg, want) in cases {
            assert_eq!(plain(cat.format(&msg, &TestIntl)), want, "{msg:?}");
        }
    }

    /// Regression (F9): a U+202E in a GitLab string reordered the message around it. String and
    /// list arguments are isolated and their control characters made visible.
    #[test]
    fn arguments_are_isolated_f9() {
        let cat = parse(r#"{"messages":{"said":["GitLab said: “",{"v":"message"},"” (",{"v":"scopes"},")"]}}"#)
            .expect("catalogue parses");
        let m = m(
            "said",
            vec![
                ("message", Arg::Str("evil\u{202e}txt.exe".into())),
                ("scopes", Arg::List(vec!["api\u{200f}".into(), "read_api".into()])),
            ],
        );
        assert_eq!(
            cat.format(&m, &TestIntl),
            "GitLab said: “\u{2068}evil[U+202E]txt.exe\u{2069}” (\u{2068}api[U+200F]\u{2069} & \u{2068}read_api\u{2069})"
        );
    }

    #[test]
    fn parses_or_refuses() {
        let cases: &[(&str, Option<&str>)] = &[
            (r#"{"lang":"es","messages":{}}"#, Some("es")),
            (r#"{"lang":"pt-BR","messages":{}}"#, Some("pt-BR")),
            (r#"{"messages":{}}"#, Some("en")),
            (r#"{"lang":"es"}"#, None),
            (r#"{"lang":"es","messages":[]}"#, None),
            (r#"[]"#, None),
            (r#"{"lang":"es","messages":{"#, None),
            ("", None),
        ];
        for (json, lang) in cases {
            assert_eq!(parse(json).as_ref().map(|c| c.lang()), *lang, "{json}");
        }
    }
}
