//! Every YAML this crate reads (page front matter, token-checker blocks): the one module that touches serde_yaml.

use serde::Deserialize;

use crate::diag::{Diagnostic, Location, nearest};
use std::path::Path;

/// A page's front matter, as written.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    /// On a translation: the short hash of the source page it was translated from.
    #[serde(default)]
    pub translated_from: Option<String>,
}

pub const FRONT_MATTER_KEYS: &[&str] = &["title", "description", "slug", "translated-from"];

/// A page split into front matter and Markdown body.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    /// Byte range of the YAML between the `---` lines.
    pub yaml: &'a str,
    pub yaml_offset: usize,
    pub body_offset: usize,
}

/// Find the `---` fenced YAML block at the start of a page.
pub fn split(text: &str) -> Option<Split<'_>> {
    let rest = text.strip_prefix("\u{feff}").unwrap_or(text).strip_prefix("---")?;
    let bom = text.len() - text.strip_prefix("\u{feff}").unwrap_or(text).len();
    let first_nl = rest.find('\n')?;
    if !rest[..first_nl].trim().is_empty() {
        return None;
    }
    let yaml_offset = bom + 3 + first_nl + 1;
    let mut pos = yaml_offset;
    for line in text[yaml_offset..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(Split {
                yaml: &text[yaml_offset..pos],
                yaml_offset,

                body_offset: pos + line.len(),
            });
        }
        pos += line.len();
    }
    None
}

/// Parse a page's front matter, pointing any error at its line and column in `file`.
pub fn parse(file: &Path, text: &str, split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    serde_yaml::from_str::<FrontMatter>(split.yaml).map_err(|e| {
        yaml_error(
            file,
            text,
            split.yaml_offset,
            split.yaml,
            &e,
            FRONT_MATTER_KEYS,
            "front matter",
        )
    })
}

/// YAML for a small header (the Markdown alternates' front matter).
pub fn to_yaml<T: serde::Serialize>(value: &T) -> String {
    serde_yaml::to_string(value).unwrap_or_default()
}

/// A `token-checker` block: which scopes the page asks for and the token name for the creation link.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct CheckerBlock {
    #[serde(default)]
    pub require: Vec<String>,
    #[serde(default)]
    pub require_any: Vec<String>,
    #[serde(default)]
    pub token_name: Option<String>,
}

pub const CHECKER_KEYS: &[&str] = &["require", "require-any", "token-name"];

/// Parse a `token-checker` fenced block body found at byte `offset` of `text`.
pub fn parse_checker(file: &Path, text: &str, offset: usize, body: &str) -> Result<CheckerBlock, Diagnostic> {
    if body.trim().is_empty() {
        return Ok(CheckerBlock::default());
    }
    serde_yaml::from_str::<CheckerBlock>(body)
        .map_err(|e| yaml_error(file, text, offset, body, &e, CHECKER_KEYS, "`token-checker` block"))
}

fn yaml_error(
    file: &Path,
    text: &str,
    offset: usize,
    yaml: &str,
    e: &serde_yaml::Error,
    keys: &[&str],
    what: &str,
) -> Diagnostic {
    let msg = e.to_string();
    // serde_yaml appends " at line L column C"; keep only the sentence.
    let sentence = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let loc = match e.location() {
        Some(l) => {
            let in_yaml = l.index().min(yaml.len());
            Location::at_offset(file, text, offset + in_yaml)
        }
        None => Location::at_offset(file, text, offset),
    };
    if let Some(field) = sentence
        .strip_prefix("unknown field `")
        .and_then(|s| s.split('`').next())
    {
        let mut d = Diagnostic::error(format!("unknown key `{field}` in {what}")).at(loc);
        d = match nearest(field, keys.iter().copied()) {
            Some(n) => d.help(format!("did you mean `{n}`? known keys: {}", keys.join(", "))),
            None => d.help(format!("known keys: {}", keys.join(", "))),
        };
        return d;
    }
    if let Some(field) = sentence
        .strip_prefix("missing field `")
        .and_then(|s| s.split('`').next())
    {
        return Diagnostic::error(format!("{what} has no `{field}`"))
            .at(loc)
            .help(format!("add a line `{field}: …`"));
    }
    Diagnostic::error(format!("malformed YAML in {what}: {sentence}"))
        .at(loc)
        .help("YAML wants `key: value` lines; quote values that contain `: ` or start with a special character")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(&text[s.body_offset..], "# Body\n");
        assert!(split("# no front matter\n").is_none());
        assert!(split("---\ntitle: A\n").is_none(), "unterminated");
    }

    #[test]
    fn errors_point_into_the_file() {
        let cases: &[(&str, &str)] = &[
            (
                "---\ntitle: A\ntitel: B\n---\n",
                "unknown key `titel` in front matter\n --> p.md:3:1",
            ),
            ("---\ndescription: x\n---\n", "front matter has no `title`"),
            ("---\ntitle: [unclosed\n---\n", "malformed YAML in front matter"),
            ("---\ntitle: A\nslug: b: c\n---\n", "p.md:3:"),
        ];
        for (text, expected) in cases {
            let s = split(text).unwrap();
            let e = parse(Path::new("p.md"), text, &s).unwrap_err().to_string();
            assert!(e.contains(expected), "{text:?}: expected {expected:?} in\n{e}");
        }
    }

    #[test]
    fn checker_blocks() {
        let b = parse_checker(
            Path::new("p.md"),
            "",
            0,
            "require-any: [api, read_api]\ntoken-name: docs\n",
        )
        .unwrap();
        assert_eq!(b.require_any, ["api", "read_api"]);
        assert_eq!(b.token_name.as_deref(), Some("docs"));
        let e = parse_checker(Path::new("p.md"), "requires: [api]\n", 0, "requires: [api]\n").unwrap_err();
        assert!(e.to_string().contains("did you mean `require`"), "{e}");
    }
}
