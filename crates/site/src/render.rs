//! Tera: parsing the theme's templates (every syntax error reported), the `t` and `asset` functions, and the view types templates see.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tera::{Tera, Value};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::i18n::{Arg, Catalog};
use crate::markdown::TocEntry;
use crate::theme::Theme;

/// A language as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageView {
    pub code: String,
    pub name: String,
    pub dir: &'static str,
}

/// The site, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub base_path: String,
    pub languages: Vec<LanguageView>,
    pub default_language: String,
    /// The meta CSP of pages that load no checker, and of pages that do (see `csp`).
    pub csp: String,
    pub csp_checker: String,
    /// `output.html.git-repository-url`: a link in the header.
    pub repository_url: Option<String>,
    /// `output.html.additional-css` and `additional-js`, copied into `assets/`: their URLs, in order.
    pub styles: Vec<String>,
    pub scripts: Vec<String>,
}

/// One link of the language switcher (and one `hreflang` alternate).
#[derive(Debug, Clone, Serialize)]
pub struct AlternateView {
    pub code: String,
    pub name: String,
    pub url: String,
    /// Absolute URL when `[site] url` is set, otherwise the same as `url`.
    pub href: String,
    pub translated: bool,
    /// Translated, but its original changed since (`translated-from` is behind).
    pub outdated: bool,
    pub current: bool,
}

/// One sidebar entry.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct NavView {
    /// `part`, `chapter` or `separator`.
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    pub level: usize,
    /// Index (in chapter order) of the top-level chapter this entry belongs to.
    pub branch: usize,
    /// Whether this entry's page is translated into the page's language.
    pub translated: bool,
    /// The section number shown before the title (`1.2.`, mdBook's layout), or empty.
    pub number: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

/// A content page, as templates see it. Its text and contents are borrowed from the page's pass (copying them,
/// with the site's view, was about half of making a page's view).
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub title: String,
    pub description: Option<String>,
    pub content: Cow<'a, str>,
    pub toc: Cow<'a, [TocEntry]>,
    pub url: String,
    pub canonical: String,
    /// The language the text is really in (differs from the page's language when not translated yet).
    pub content_lang: String,
    pub content_dir: &'static str,
    pub translated: bool,
    /// The original changed since this translation was made: readers see a banner linking to it.
    pub outdated: bool,
    /// The original page's URL (default language).
    pub original_url: String,
    /// This page's Markdown alternate (`index.md` beside it).
    pub markdown_url: String,
    pub has_checker: bool,
    /// mdBook's `{{#title …}}`: the whole `<title>`, in place of "page · site".
    pub html_title: Option<String>,
    /// The page's text starts with its own `<h1>` (mdBook's pages): the template adds none.
    pub own_heading: bool,
    /// `output.html.edit-url-template` with `{path}` made the page's file below the book's root.
    pub edit_url: Option<String>,
}

/// Everything a page template gets; the site's view is borrowed, as it is the same on every page.
#[derive(Debug, Clone, Serialize)]
pub struct PageContext<'a> {
    pub site: Cow<'a, SiteView>,
    pub lang: String,
    pub dir: &'static str,
    pub page: PageView<'a>,
    pub alternates: Vec<AlternateView>,
    pub x_default: String,
    /// The sidebar, rendered once per language by `nav.html`, with this page's entry marked `aria-current`.
    pub nav_html: String,
    pub prev: Option<LinkView>,
    pub next: Option<LinkView>,
    pub section: Option<String>,
    pub home_url: String,
    /// The checker's messages in this language (JSON), on pages that have a checker.
    pub checker_catalogue: Option<String>,
    /// This language's search index folder, and its page list (the search's no-script fallback).
    pub search_index: String,
    pub pages_url: String,
}

/// One entry of a language's page list.
#[derive(Debug, Clone, Serialize)]
pub struct PageListEntry {
    pub title: String,
    pub url: String,
    pub description: Option<String>,
    pub translated: bool,
}

/// The page list of one language (`/<lang>/pages/`).
#[derive(Debug, Clone, Serialize)]
pub struct PagesContext {
    pub site: SiteView,
    pub lang: String,
    pub dir: &'static str,
    pub home_url: String,
    pub pages: Vec<PageListEntry>,
    /// The page list in every language (`hreflang` links and the switcher), this one marked `current`.
    pub alternates: Vec<AlternateView>,
    pub canonical: String,
    pub x_default: String,
}

/// What `nav.html` gets: the sidebar entries of one language (rendered once for all its pages).
#[derive(Debug, Clone, Serialize)]
pub struct NavContext {
    pub lang: String,
    pub nav: Vec<NavView>,
    /// The top-level branch whose nested chapters are shown, if any.
    pub open_branch: Option<usize>,
    /// Entries at this level or above show in every branch (mdBook's `fold.level`; 0 by default).
    pub unfolded: usize,
}

/// The root page and the 404 pages get the site and a list of language homes.
#[derive(Debug, Clone, Serialize)]
pub struct RootContext {
    pub site: SiteView,
    pub lang: String,
    pub dir: &'static str,
    pub homes: Vec<AlternateView>,
    pub home_url: String,
}

/// The theme's templates, parsed.
pub struct Templates {
    pub tera: Tera,
    /// The theme's page and sidebar templates are the default theme's as shipped: pages and sidebars are written
    /// by [`crate::page_template`], which writes what Tera would.
    pub rust_page: bool,
}

/// Parse every template, reporting each syntax error with its template and line.
pub fn templates(theme: &Theme) -> Result<Templates, Diagnostics> {
    let all: Vec<(&str, &crate::theme::ThemeFile, String)> = theme
        .templates()
        .map(|(name, file)| (name, file, String::from_utf8_lossy(&file.bytes).into_owned()))
        .collect();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which garbles every URL in the page source.
    tera.set_escape_fn(escape);
    // Parsed together once; only when that fails is each parsed alone, so every broken template is reported,
    // not just the first (the lone parses of every build were 24 M instructions, on one core, before any page).
    let together = tera.add_raw_templates(all.iter().map(|(name, _, text)| (*name, text.as_str())));
    if let Err(e) = together {
        let mut diags = Diagnostics::new();
        for (name, file, text) in &all {
            let mut alone = Tera::default();
            alone.autoescape_on(vec![".html", ".xml"]);
            if let Err(e) = alone.add_raw_template(name, text)
                && let Some(d) = syntax_error(&e, &file.origin, text)
            {
                diags.push(d);
            }
        }
        if !diags.has_errors() {
            diags.push(
                Diagnostic::error(format!("theme templates do not fit together: {}", chain(&e))).help(
                    "check `{% extends %}` and `{% include %}` names against the files in the theme's templates/ folder",
                ),
            );
        }
        return Err(diags);
    }
    Ok(Templates {
        tera,
        rust_page: crate::page_template::mirrors(theme),
    })
}

/// HTML escaping for text and attribute values.
fn escape(s: &str) -> String {
    crate::text::escape_html(s)
}

/// A Tera parse error as a diagnostic at `template:line:col`.
fn syntax_error(e: &tera::Error, origin: &std::path::Path, text: &str) -> Option<Diagnostic> {
    let full = chain(e);
    // Tera's pest error reads " --> L:C" then the source and "= expected …".
    let pos = full.find("-->").and_then(|i| {
        let rest = full[i + 3..].trim_start();
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ':'))
            .unwrap_or(rest.len());
        let mut it = rest[..end].split(':');
        Some((it.next()?.parse::<usize>().ok()?, it.next()?.parse::<usize>().ok()?))
    });
    let expected = full
        .lines()
        .find_map(|l| l.trim().strip_prefix("= "))
        .unwrap_or("invalid Tera syntax")
        .to_string();
    if !full.contains("Failed to parse") {
        return None; // inheritance problems are reported when all templates are loaded together
    }
    let loc = match pos {
        Some((line, col)) => Location::at_line_col(origin, text, line, col),
        None => Location::file(origin),
    };
    Some(
        Diagnostic::error(format!("template syntax error: {expected}"))
            .at(loc)
            .help("check the `{{ … }}`, `{% … %}` and `{# … #}` delimiters on that line; see https://keats.github.io/tera/docs/"),
    )
}

/// An error and its causes on one line.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

/// A Tera instance for one language: `t(id=…, var=…)` formats Fluent messages in it; `asset(path=…)` gives hashed URLs.
pub fn for_language(base: &Tera, lang: &str, catalog: Arc<Catalog>, assets: Arc<HashMap<String, String>>) -> Tera {
    let mut tera = base.clone();
    let lang = lang.to_string();
    // A message called with its id alone reads the same on every page: formatted once.
    let plain: std::sync::RwLock<HashMap<String, Value>> = Default::default();
    tera.register_function("t", move |args: &HashMap<String, Value>| {
        let id = args
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs `id=\"message-id\"`"))?;
        if args.len() == 1 {
            if let Some(known) = plain.read().unwrap_or_else(|p| p.into_inner()).get(id) {
                return Ok(known.clone());
            }
            let text = Value::String(catalog.format(&lang, id, &[]).map_err(tera::Error::msg)?);
            plain
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .insert(id.to_string(), text.clone());
            return Ok(text);
        }
        let fargs: Vec<(String, Arg)> = args
            .iter()
            .filter(|(k, _)| k.as_str() != "id")
            .map(|(k, v)| {
                let arg = match v {
                    Value::Number(n) => Arg::Num(n.as_f64().unwrap_or_default()),
                    Value::String(s) => Arg::Str(s.clone()),
                    other => Arg::Str(other.to_string()),
                };
                (k.clone(), arg)
            })
            .collect();
        catalog
            .format(&lang, id, &fargs)
            .map(Value::String)
            .map_err(tera::Error::msg)
    });
    tera.register_function("asset", move |args: &HashMap<String, Value>| {
        let path = args
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("asset() needs `path=\"file.css\"`"))?;
        assets.get(path).cloned().map(Value::String).ok_or_else(|| {
            tera::Error::msg(format!(
                "asset(path=\"{path}\"): no such file in the theme's static/ folder"
            ))
        })
    });
    tera
}

/// Render a template, turning Tera's error chain into one diagnostic.
pub fn render<C: Serialize>(
    tera: &Tera,
    template: &str,
    context: &C,
    page_file: &std::path::Path,
) -> Result<String, Diagnostic> {
    let ctx = tera::Context::from_serialize(context)
        .map_err(|e| Diagnostic::error(format!("internal: cannot serialize the page view: {e}")))?;
    tera.render(template, &ctx).map_err(|e| {
        Diagnostic::error(format!("rendering `{template}` failed: {}", chain(&e)))
            .in_file(page_file)
            .help("a `t(id=…)` call names a message missing from locales/<lang>/*.ftl, or the template uses a variable that does not exist")
    })
}

/// Languages as templates see them.
/// The page list (`<base>/<lang>/pages/`) in every configured language; `current` is marked.
pub fn page_list_alternates(config: &crate::config::Config, current: &str) -> Vec<AlternateView> {
    config
        .languages
        .iter()
        .map(|l| {
            let url = format!("{}{}/pages/", config.base_path, l.code);
            AlternateView {
                code: l.code.clone(),
                name: l.name.clone(),
                href: format!("{}{url}", config.site_url),
                url,
                translated: true,
                outdated: false,
                current: l.code == current,
            }
        })
        .collect()
}

pub fn language_views(config: &crate::config::Config) -> Vec<LanguageView> {
    config
        .languages
        .iter()
        .map(|l| LanguageView {
            code: l.code.clone(),
            name: l.name.clone(),
            dir: l.dir.as_str(),
        })
        .collect()
}
