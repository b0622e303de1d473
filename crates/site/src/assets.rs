//! The theme's static files and the checker widget, under content-hashed names in `assets/`.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output;
use crate::resolve::CheckerAssets;
use crate::theme::Theme;

/// The name templates link the highlighting stylesheet by (`asset(path="highlight.css")`).
const HIGHLIGHT_CSS: &str = "highlight.css";

/// Hashed asset files waiting to be written, and the URL of each theme static by its name.
pub(crate) struct Assets {
    pub files: Vec<(String, Vec<u8>)>,
    pub urls: Arc<HashMap<String, String>>,
    pub checker: Option<CheckerAssets>,
    /// A hash of the whole theme (templates too) and the checker's files: pages change when it does.
    pub signature: u64,
    /// The book's `additional-css` and `additional-js` (mdBook's keys), by their hashed URLs.
    pub styles: Vec<String>,
    pub scripts: Vec<String>,
}

/// The theme's statics, and the checker widget from `checker_dir` when given.
pub(crate) fn collect(config: &Config, theme: &Theme, checker_dir: Option<&Path>) -> (Assets, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut files = Vec::new();
    let mut h = DefaultHasher::new();
    for (name, file) in &theme.files {
        (name, &file.bytes).hash(&mut h);
    }
    let mut urls = HashMap::new();
    for (name, file) in theme.statics() {
        let hashed = output::hashed_name(&format!("assets/{name}"), &file.bytes);
        urls.insert(name.to_string(), format!("{}{hashed}", config.base_path));
        files.push((hashed, file.bytes.clone()));
    }
    // The highlighter's generated stylesheet, unless the theme brings its own `highlight.css`.
    if !urls.contains_key(HIGHLIGHT_CSS) {
        let css = crate::highlight::stylesheet().into_bytes();
        css.hash(&mut h);
        let hashed = output::hashed_name(&format!("assets/{HIGHLIGHT_CSS}"), &css);
        urls.insert(HIGHLIGHT_CSS.to_string(), format!("{}{hashed}", config.base_path));
        files.push((hashed, css));
    }
    let checker = checker_dir.and_then(|dir| {
        let read = |name: &str| std::fs::read(dir.join(name));
        match (read("token_check_web.js"), read("token_check_web_bg.wasm")) {
            (Ok(js), Ok(wasm)) => {
                let glue = output::hashed_name("assets/token_check_web.js", &js);
                let wasm_name = output::hashed_name("assets/token_check_web_bg.wasm", &wasm);
                files.push((glue.clone(), js));
                files.push((wasm_name.clone(), wasm));
                Some(CheckerAssets {
                    glue: format!("{}{glue}", config.base_path),
                    wasm: format!("{}{wasm_name}", config.base_path),
                })
            }
            _ => {
                diags.push(
                    Diagnostic::error(format!("the checker widget is not in `{}`", dir.display()))
                        .help("build it with `cargo xtask build`, which compiles the wasm and writes it there"),
                );
                None
            }
        }
    });
    let (styles, scripts) = additional(config, &mut files, &mut diags);
    (&styles, &scripts).hash(&mut h);
    checker.as_ref().map(|c| (&c.glue, &c.wasm)).hash(&mut h);
    (
        Assets {
            files,
            urls: Arc::new(urls),
            checker,
            signature: h.finish(),
            styles,
            scripts,
        },
        diags,
    )
}

/// mdBook's `additional-css` and `additional-js`: files below the book's root, copied under hashed names (same
/// origin, so the CSP's `'self'` allows them). A missing file is an error naming the key.
fn additional(
    config: &Config,
    files: &mut Vec<(String, Vec<u8>)>,
    diags: &mut Diagnostics,
) -> (Vec<String>, Vec<String>) {
    let Some(book) = config.mdbook.as_deref() else {
        return (Vec::new(), Vec::new());
    };
    let mut copy = |key: &str, paths: &[String]| -> Vec<String> {
        let mut urls = Vec::new();
        for p in paths {
            let file = config.root.join(p);
            match std::fs::read(&file) {
                Ok(bytes) => {
                    let name = Path::new(p)
                        .file_name()
                        .map_or_else(|| p.clone(), |n| n.to_string_lossy().into_owned());
                    let hashed = output::hashed_name(&format!("assets/{name}"), &bytes);
                    urls.push(format!("{}{hashed}", config.base_path));
                    files.push((hashed, bytes));
                }
                Err(e) => diags.push(
                    Diagnostic::error(format!("`output.html.{key}` lists `{p}`, which cannot be read: {e}"))
                        .in_file(config.root.join("book.toml"))
                        .help("the path is relative to the folder of book.toml; fix it or remove it from the list"),
                ),
            }
        }
        urls
    };
    let styles = copy("additional-css", &book.additional_css);
    let scripts = copy("additional-js", &book.additional_js);
    (styles, scripts)
}
