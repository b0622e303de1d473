//! The render-only floor of `cargo xtask bench`: every page of a corpus parsed and rendered to an HTML file by
//! pulldown-cmark (the engine's version and options), on every core, with no templates, links or search. It
//! writes files the way polydoc does.
//!
//! usage: bench-floor <corpus root> <out dir>

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

/// The Markdown below the front matter (`---` … `---`), or the whole file when it has none.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}

/// Render one file to `out`; an error names the file.
fn render(file: &Path, out: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut html = String::with_capacity(text.len() * 2);
    let parser = pulldown_cmark::Parser::new_ext(body(&text), polydoc_site::markdown_options());
    pulldown_cmark::html::push_html(&mut html, parser);
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    write(out, html.as_bytes()).map_err(|e| format!("{}: {e}", out.display()))
}

/// Write a file the way polydoc's staging does: an existing one overwritten in place
/// ([`polydoc_site::overwrite`]), a missing one created.
fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    polydoc_site::overwrite(path, bytes).or_else(|_| std::fs::write(path, bytes))
}

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [root, out] = args.as_slice() else {
        eprintln!("usage: bench-floor <corpus root> <out dir>");
        return ExitCode::from(2);
    };
    let content = root.join("content");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("SUMMARY.md"))
        .collect();
    let errors: Vec<String> = files
        .par_iter()
        .filter_map(|f| {
            let rel = f.strip_prefix(&content).unwrap_or(f);
            render(f, &out.join(rel).with_extension("html")).err()
        })
        .collect();
    for e in &errors {
        eprintln!("error: {e}");
    }
    println!("{}", files.len());
    if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::body;

    #[test]
    fn front_matter_is_not_rendered() {
        for (file, want) in [
            ("---\ntitle: A\n---\n# H\n", "# H\n"),
            ("# No front matter\n", "# No front matter\n"),
            ("---\nunclosed\n# H\n", "---\nunclosed\n# H\n"),
        ] {
            assert_eq!(body(file), want, "{file:?}");
        }
    }
}
