//! Themes: the default theme compiled into the binary, with `themes/default/` on disk and the project's theme layered over it file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};

/// The default theme as shipped, so `polydoc build` works in any project.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "templates/base.html",
        include_str!("../../../themes/default/templates/base.html"),
    ),
    (
        "templates/page.html",
        include_str!("../../../themes/default/templates/page.html"),
    ),
    (
        "templates/nav.html",
        include_str!("../../../themes/default/templates/nav.html"),
    ),
    (
        "templates/pages.html",
        include_str!("../../../themes/default/templates/pages.html"),
    ),
    (
        "static/search.js",
        include_str!("../../../themes/default/static/search.js"),
    ),
    (
        "templates/languages.html",
        include_str!("../../../themes/default/templates/languages.html"),
    ),
    (
        "templates/switcher.html",
        include_str!("../../../themes/default/templates/switcher.html"),
    ),
    (
        "templates/root.html",
        include_str!("../../../themes/default/templates/root.html"),
    ),
    (
        "templates/404.html",
        include_str!("../../../themes/default/templates/404.html"),
    ),
    (
        "static/style.css",
        include_str!("../../../themes/default/static/style.css"),
    ),
    (
        "static/polydoc.js",
        include_str!("../../../themes/default/static/polydoc.js"),
    ),
    ("static/root.js", include_str!("../../../themes/default/static/root.js")),
];

/// One theme file and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub origin: PathBuf,
    pub bytes: Vec<u8>,
}

/// The merged theme: `templates/…` and `static/…` by relative path.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub files: BTreeMap<String, ThemeFile>,
}

impl Theme {
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, f)| k.strip_prefix("templates/").map(|n| (n, f)))
    }

    pub fn statics(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, f)| k.strip_prefix("static/").map(|n| (n, f)))
    }

    /// Embedded default, then `<root>/themes/default/`, then the configured theme folder.
    pub fn load(config: &Config) -> (Theme, Diagnostics) {
        let mut theme = Theme::default();
        let mut diags = Diagnostics::new();
        for (rel, text) in EMBEDDED {
            theme.files.insert(
                rel.to_string(),
                ThemeFile {
                    origin: PathBuf::from("themes/default").join(rel),
                    bytes: text.as_bytes().to_vec(),
                },
            );
        }
        let mut layers = vec![config.root.join("themes/default")];
        if let Some(dir) = &config.theme_dir {
            layers.push(dir.clone());
        }
        for layer in layers {
            overlay(&mut theme, &layer, &mut diags);
        }
        (theme, diags)
    }
}

fn overlay(theme: &mut Theme, dir: &Path, diags: &mut Diagnostics) {
    if !dir.is_dir() {
        return;
    }
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !(rel.starts_with("templates/") || rel.starts_with("static/")) {
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                theme.files.insert(
                    rel,
                    ThemeFile {
                        origin: entry.path().to_path_buf(),
                        bytes,
                    },
                );
            }
            Err(e) => diags.push(Diagnostic::error(format!("cannot read theme file: {e}")).in_file(entry.path())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of themes/default must be compiled in, or `polydoc build` elsewhere would miss it.
    #[test]
    fn embedded_list_matches_the_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../themes/default");
        let mut on_disk: Vec<String> = WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EMBEDDED.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }
}
