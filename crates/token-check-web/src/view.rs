//! DOM-free helpers of the widget: which strings are safe to hand to browser APIs, how a string
//! from the API is shown (bidi-isolated, control characters made visible), GitLab timestamps, and
//! wiping the token from memory the widget owns.

#[allow(unused_imports)]
use crate::prelude::*;

use token_check::push_char;

/// Whether a non-ASCII host name may be given to the browser's `URL` parser to get its ASCII
/// form: nothing that would make the parser read a different host (delimiters, escapes,
/// user info, ports, brackets, spaces or control characters).
pub fn idna_input_ok(name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    for b in name.bytes() {
        if b <= b' ' || b == 0x7f || token_check::has_byte(b"/\\?#@:%[]", b) {
            return false;
        }
    }
    true
}

/// First strong isolate and pop directional isolate: text between them can't reorder what is
/// around it, whatever direction controls it holds.
pub const FSI: char = '\u{2068}';
pub const PDI: char = '\u{2069}';

/// Appends `s` with its control characters made visible: C0 controls and DEL as their Control
/// Pictures (`␀`…`␟`, `␡`), other invisible format characters (bidi overrides and isolates,
/// marks, zero-width characters, C1 controls) as `[U+XXXX]`.
pub fn push_visible(out: &mut String, s: &str) {
    for c in s.chars() {
        let n = c as u32;
        match n {
            0..=0x1f => push_char(out, char::from_u32(0x2400 + n).unwrap_or('?')),
            0x7f => push_char(out, '\u{2421}'),
            0x80..=0x9f
            | 0xad
            | 0x61c
            | 0x180e
            | 0x200b..=0x200f
            | 0x202a..=0x202e
            | 0x2060..=0x206f
            | 0xfeff
            | 0xfff9..=0xfffb => {
                push_char(out, '[');
                out.push_str(&token_check::code_point(c));
                push_char(out, ']');
            }
            _ => push_char(out, c),
        }
    }
}

/// `s` as it is shown: isolated, with control characters visible (see [`push_visible`]).
pub fn shown(s: &str) -> String {
    let mut out = String::new();
    push_char(&mut out, FSI);
    push_visible(&mut out, s);
    push_char(&mut out, PDI);
    out
}

/// Each of `items` as shown (one function for the catalogue's list arguments and the verdict's
/// scope list: one copy of the loop in the wasm).
pub fn shown_all(items: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for s in items {
        out.push(shown(s));
    }
    out
}

/// The `YYYY-MM-DD` date at the start of a GitLab timestamp (`2024-05-01T12:00:00.000Z`),
/// if valid.
pub fn date_part(timestamp: &str) -> Option<&str> {
    let d = timestamp.get(..10)?;
    token_check::expiry::parse_date(d).map(|_| d)
}

/// Overwrites a string's bytes before freeing them, so a token does not linger in the
/// wasm memory after the check (best effort: copies made elsewhere are out of reach).
pub fn wipe(s: String) {
    let mut bytes = s.into_bytes();
    bytes.fill(0);
    core::hint::black_box(&mut bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idna_inputs() {
        let cases: &[(&str, bool)] = &[
            ("bücher.example", true),
            ("gitlab.例え.jp", true),
            ("", false),
            ("bücher.example/x", false),
            ("bücher.example\\evil.example", false),
            ("bü cher.example", false),
            ("bü\tcher.example", false),
            ("user@bücher.example", false),
            ("bücher.example:443", false),
            ("bücher%2eexample", false),
            ("[bücher]", false),
            ("bücher.example?x", false),
            ("bücher.example#x", false),
        ];
        for (name, want) in cases {
            assert_eq!(idna_input_ok(name), *want, "{name}");
        }
    }

    /// Regression (F9, API strings not bidi-isolated): a U+202E in a name reordered the text
    /// around it. Shown strings are isolated and every control character is visible.
    #[test]
    fn api_strings_are_isolated_and_controls_visible_f9() {
        let cases: &[(&str, &str)] = &[
            ("plain", "plain"),
            ("Eve\u{202e}moc.evil", "Eve[U+202E]moc.evil"),
            ("a\u{2066}b\u{2069}c", "a[U+2066]b[U+2069]c"),
            ("line\nbreak\ttab\u{0}", "line\u{240a}break\u{2409}tab\u{2400}"),
            ("del\u{7f}", "del\u{2421}"),
            ("zero\u{200b}width\u{feff}", "zero[U+200B]width[U+FEFF]"),
            ("c1\u{85}", "c1[U+0085]"),
            ("עברית and العربية", "עברית and العربية"),
            ("", ""),
        ];
        for (input, want) in cases {
            let got = shown(input);
            assert_eq!(got, format!("{FSI}{want}{PDI}"), "{input:?}");
            let inner = &got[FSI.len_utf8()..got.len() - PDI.len_utf8()];
            assert!(
                !inner.chars().any(|c| c.is_control()
                    || ('\u{202a}'..='\u{202e}').contains(&c)
                    || ('\u{2066}'..='\u{2069}').contains(&c)),
                "{input:?} → {got:?}"
            );
        }
    }

    #[test]
    fn dates_from_timestamps() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2024-05-01T12:00:00.000Z", Some("2024-05-01")),
            ("2024-05-01", Some("2024-05-01")),
            ("2024-02-30T00:00:00Z", None),
            ("2024-5-1", None),
            ("yesterday", None),
            ("", None),
            ("2024-05-0é", None),
        ];
        for (ts, want) in cases {
            assert_eq!(date_part(ts), *want, "{ts}");
        }
    }
}
