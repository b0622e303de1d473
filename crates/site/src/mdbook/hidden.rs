//! Hidden lines in code blocks, as mdBook marks them ("boring" lines): in Rust, a line whose first
//! non-blank character is `#` followed by a space or nothing (`# use std::fmt;`, `#`), with `##` as the escape
//! for a literal `#`; in other languages, the prefix given by a `hidelines=<prefix>` word in the info string or
//! by `output.html.code.hidelines.<lang>` in `book.toml`.
//!
//! The rules are mdBook's (`mdbook-html`'s `hide_lines`), written anew. mdBook shows hidden lines behind a
//! script button; without scripts, the caller either drops them ([`visible`]) or keeps them in a
//! `<span class="boring">` ([`lines`]).

use std::collections::BTreeMap;

/// One line of a code block, its newline included, and whether it is hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeLine {
    /// The text to show once revealed: the `# ` marker removed, `##` turned into `#`.
    pub text: String,
    pub hidden: bool,
}

/// The language and the `hidelines=` prefix of an info string (`rust,ignore`, `python hidelines=~`), split on
/// spaces, tabs and commas as mdBook splits it.
fn info_words(info: &str) -> (Option<&str>, Option<&str>) {
    let mut words = info.split([' ', '\t', ',']).filter(|w| !w.is_empty());
    let lang = words.next();
    let prefix = words.find_map(|w| w.strip_prefix("hidelines="));
    (lang, prefix)
}

/// The lines of a code block with hidden ones marked, or `None` when the block hides nothing by these rules
/// (not Rust, and no prefix for its language). `hidelines` is `output.html.code.hidelines` (language → prefix).
pub(crate) fn lines(info: &str, code: &str, hidelines: &BTreeMap<String, String>) -> Option<Vec<CodeLine>> {
    let (lang, inline_prefix) = info_words(info);
    let lang = lang.unwrap_or("");
    if lang == "rust" {
        return Some(rust(code));
    }
    let prefix = inline_prefix.or_else(|| hidelines.get(lang).map(String::as_str))?;
    if prefix.is_empty() {
        return None;
    }
    Some(with_prefix(code, prefix))
}

/// The text a reader sees without scripts: hidden lines removed, escapes resolved. Blocks that hide nothing
/// come back unchanged.
pub(crate) fn visible(info: &str, code: &str, hidelines: &BTreeMap<String, String>) -> String {
    match lines(info, code, hidelines) {
        Some(ls) => ls.into_iter().filter(|l| !l.hidden).map(|l| l.text).collect(),
        None => code.to_string(),
    }
}

/// Split into lines keeping each line's `\n` (mdBook keeps none on the last line; neither do we).
fn split(code: &str) -> impl Iterator<Item = (&str, &str)> {
    code.split_inclusive('\n').map(|l| {
        let text = l.strip_suffix('\n').unwrap_or(l);
        (text, &l[text.len()..])
    })
}

fn rust(code: &str) -> Vec<CodeLine> {
    split(code)
        .map(|(line, nl)| {
            let ws_len = line.len() - line.trim_start().len();
            let (ws, rest) = line.split_at(ws_len);
            match rest.strip_prefix('#') {
                // `##…`: the escape, one `#` dropped.
                Some(after) if after.starts_with('#') => CodeLine {
                    text: format!("{ws}{after}{nl}"),
                    hidden: false,
                },
                // `#` alone or `# …`: hidden, the marker and its space removed.
                Some(after) if after.is_empty() || after.starts_with(' ') => {
                    let after = after.strip_prefix(' ').unwrap_or(after);
                    CodeLine {
                        text: format!("{ws}{after}{nl}"),
                        hidden: true,
                    }
                }
                // `#[derive]`, `#!`, `#x`: code.
                _ => CodeLine {
                    text: format!("{line}{nl}"),
                    hidden: false,
                },
            }
        })
        .collect()
}

fn with_prefix(code: &str, prefix: &str) -> Vec<CodeLine> {
    split(code)
        .map(|(line, nl)| {
            if line.trim_start().starts_with(prefix) {
                let pos = line.find(prefix).unwrap_or(0);
                CodeLine {
                    text: format!("{}{}{nl}", &line[..pos], &line[pos + prefix.len()..]),
                    hidden: true,
                }
            } else {
                CodeLine {
                    text: format!("{line}{nl}"),
                    hidden: false,
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    /// Each line of a Rust block, and what mdBook makes of it.
    #[test]
    fn rust_lines() {
        let table: &[(&str, &str, bool)] = &[
            ("# use std::fmt;", "use std::fmt;", true),
            ("#", "", true),
            ("    # let hidden = 1;", "    let hidden = 1;", true),
            ("## not hidden", "# not hidden", false),
            ("    ##[attr]", "    #[attr]", false),
            ("#[derive(Debug)]", "#[derive(Debug)]", false),
            ("#![allow(unused)]", "#![allow(unused)]", false),
            ("#  two spaces", " two spaces", true),
            ("let x = 1; # not at start", "let x = 1; # not at start", false),
            ("\t# tab indent", "\ttab indent", true),
        ];
        for (line, text, hidden) in table {
            let got = lines("rust", line, &none()).expect("rust");
            assert_eq!(
                got,
                vec![CodeLine {
                    text: text.to_string(),
                    hidden: *hidden
                }],
                "{line:?}"
            );
        }
    }

    #[test]
    fn blocks() {
        let code = "# fn main() {\nlet x = 5;\n## escaped\n# }\n";
        assert_eq!(visible("rust", code, &none()), "let x = 5;\n# escaped\n");
        assert_eq!(visible("rust,ignore", code, &none()), "let x = 5;\n# escaped\n");
        assert_eq!(visible("rust edition2021", code, &none()), "let x = 5;\n# escaped\n");
        // Not Rust and no prefix: unchanged, `#` comments included.
        assert_eq!(visible("python", "# comment\nx = 1\n", &none()), "# comment\nx = 1\n");
        assert_eq!(lines("bash", "# c\n", &none()), None);
        // A prefix from the info string, or from book.toml.
        assert_eq!(
            visible("python hidelines=!!!", "!!!import os\nos.getcwd()\n", &none()),
            "os.getcwd()\n"
        );
        let config = BTreeMap::from([("python".to_string(), "~".to_string())]);
        assert_eq!(visible("python", "~hidden\n  ~also\nshown\n", &config), "shown\n");
        assert_eq!(
            lines("python", "  ~also", &config),
            Some(vec![CodeLine {
                text: "  also".into(),
                hidden: true
            }])
        );
        // The last line keeps no newline it did not have.
        assert_eq!(visible("rust", "a\n# b", &none()), "a\n");
        assert_eq!(visible("rust", "", &none()), "");
    }
}
