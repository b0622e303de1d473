//! The checker texts the browser must show: one-line `id = text` messages read from
//! `locales/<lang>/checker.ftl` (enough for verdict titles, which have no placeables).

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;

/// The repository root (content/, locales/, book.toml).
pub fn repo_root() -> PathBuf {
    polydoc_site::repo_root().to_path_buf()
}

/// The one-line messages of a Fluent file: `id = text`. Multi-line messages, comments,
/// terms and attributes are skipped.
pub fn one_line_messages(text: &str) -> BTreeMap<String, String> {
    one_line(text, false)
}

/// Like [`one_line_messages`], but keeping messages with placeables (`{ $name }` stays as written).
pub fn one_line_templates(text: &str) -> BTreeMap<String, String> {
    one_line(text, true)
}

fn one_line(text: &str, placeables: bool) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some((id, value)) = line.split_once('=') else {
            continue;
        };
        let id = id.trim_end();
        let is_id = id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let value = value.trim();
        // A continuation line (indented) means a multi-line message: not one of ours.
        let continues = lines
            .peek()
            .is_some_and(|next| next.starts_with(' ') && !next.trim().is_empty());
        if is_id && !value.is_empty() && !continues && (placeables || !value.contains('{')) {
            out.insert(id.to_owned(), value.to_owned());
        }
    }
    out
}

/// The one-line messages of `locales/<lang>/checker.ftl`.
pub fn checker_messages(lang: &str) -> anyhow::Result<BTreeMap<String, String>> {
    let path = repo_root().join("locales").join(lang).join("checker.ftl");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(one_line_messages(&text))
}

/// The one-line messages of `locales/<lang>/checker.ftl`, placeables kept as written.
pub fn checker_templates(lang: &str) -> anyhow::Result<BTreeMap<String, String>> {
    let path = repo_root().join("locales").join(lang).join("checker.ftl");
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(one_line_templates(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_one_line_messages_only() {
        let text = "# comment\n## group\nverdict-ok = Your token works\nwith-var = Hi { $x }\n\
                    multi =\n    { $n ->\n       *[other] x\n    }\nspaced-id   =   It's fine  \n-term = no\nnot an id = no\n";
        let got = one_line_messages(text);
        let want: BTreeMap<String, String> = [("verdict-ok", "Your token works"), ("spaced-id", "It's fine")]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn shipped_catalogues_have_every_verdict_in_both_languages() {
        let en = checker_messages("en").unwrap();
        let es = checker_messages("es").unwrap();
        let verdicts: Vec<&String> = en.keys().filter(|k| k.starts_with("verdict-")).collect();
        assert!(verdicts.len() >= 20, "{verdicts:?}");
        for id in verdicts {
            assert!(es.contains_key(id), "locales/es/checker.ftl lacks {id}");
            assert_ne!(en[id], es[id], "{id} is not translated");
        }
    }
}
