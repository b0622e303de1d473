//! A book in mdBook's layout, as `config` sees it: whether the project is one (`<src>/SUMMARY.md`), its
//! mdBook settings from `book.toml`, and the notes about the keys polydoc ignores or does not run, grouped into
//! one note (which `--strict` does not fail on), not one warning per key.

use std::path::Path;

use crate::diag::{Diagnostic, Location, Severity};
use crate::mdbook::config::{self, Settings};

/// What `config` needs to know about a book's mdBook side.
pub(crate) struct Book {
    pub settings: Settings,
    /// The pages' folder below the root (`book.src`; `content` when that folder exists, else mdBook's `src`).
    pub src: String,
    /// `<src>/SUMMARY.md` exists: the default language's pages are directly in `<src>/`.
    pub layout: bool,
    /// The languages of `po/<lang>.po` (mdbook-i18n-helpers' translations), in name order.
    pub po: Vec<String>,
}

impl Book {
    /// mdBook's default output folder is `book`; polydoc's is `public`.
    pub fn build_dir(&self) -> &str {
        if self.layout {
            &self.settings.build_dir
        } else {
            "public"
        }
    }

    /// A language of a `po/<lang>.po` file that `[i18n]` does not name: code, own name and direction.
    pub fn po_language(code: &str) -> (String, String, String) {
        let name = crate::add::native_name(code).map_or_else(|| code.to_string(), str::to_string);
        let dir = code
            .parse()
            .map_or_else(|_| "ltr".to_string(), |id| crate::add::direction(&id).to_string());
        (code.to_string(), name, dir)
    }

    /// The one language of a book without `[i18n]`: code, own name and direction.
    pub fn one_language(&self) -> (String, String, String) {
        let code = self.settings.language.clone().unwrap_or_else(|| "en".into());
        let name = crate::add::native_name(&code).map_or_else(|| code.clone(), str::to_string);
        let dir = self
            .settings
            .text_direction
            .clone()
            .unwrap_or_else(|| match code.parse() {
                Ok(id) => crate::add::direction(&id).to_string(),
                Err(_) => "ltr".into(),
            });
        (code, name, dir)
    }
}

/// Read the mdBook side of `book.toml` (`text`, the contents of `file`, in the project at `root`). Unknown keys
/// are `config`'s to report (it consults the same table), so only the other problems come back: value errors,
/// and the ignored and not-run keys as one warning.
pub(crate) fn settings(root: &Path, file: &Path, text: &str, src: Option<&str>) -> (Book, Vec<Diagnostic>) {
    let (settings, all) = config::read(file, text);
    let mut out = Vec::new();
    let mut ignored: Vec<(String, Diagnostic)> = Vec::new();
    for d in all {
        if d.severity == Severity::Error {
            if !d.message.starts_with("unknown key") {
                out.push(d);
            }
            continue;
        }
        // `output.html.theme` is polydoc's own key (a theme folder), not mdBook's Handlebars theme.
        if d.message.starts_with("`output.html.theme`") {
            continue;
        }
        let key = d.message.split('`').nth(1).unwrap_or_default().to_string();
        ignored.push((key, d));
    }
    if let Some((_, first)) = ignored.first() {
        let at = first
            .location
            .as_deref()
            .cloned()
            .unwrap_or_else(|| Location::file(file));
        let list: Vec<String> = ignored.iter().map(|(_, d)| format!("- {}", d.message)).collect();
        out.push(
            Diagnostic::note(format!(
                "{} mdBook setting{} in `book.toml` {} no effect in polydoc:\n{}",
                ignored.len(),
                if ignored.len() == 1 { "" } else { "s" },
                if ignored.len() == 1 { "has" } else { "have" },
                list.join("\n")
            ))
            .at(at)
            .help(
                "the book builds without them, with `--strict` too; remove them from `book.toml` to silence this note",
            ),
        );
    }
    let src = match src {
        Some(s) => s.to_string(),
        None if root.join("content").is_dir() || !root.join("src").is_dir() => "content".into(),
        None => "src".into(),
    };
    let layout = root.join(&src).join("SUMMARY.md").is_file();
    let mut po: Vec<String> = match std::fs::read_dir(root.join("po")) {
        Ok(rd) if layout => rd
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".po").map(str::to_string)
            })
            .filter(|code| code.parse::<unic_langid::LanguageIdentifier>().is_ok())
            .collect(),
        _ => Vec::new(),
    };
    po.sort();
    (
        Book {
            settings,
            src,
            layout,
            po,
        },
        out,
    )
}
