//! `polydoc i18n mark`: record the original's current hash in a translation's `translated-from`.

use std::path::PathBuf;

use crate::config::Config;
use crate::content::Content;
use crate::diag::Diagnostic;

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

#[cfg(test)]
mod tests {
    use super::*;

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
