//! The plan stage: which pages are published where. Every page of the default language in every language, each
//! from its translation or (with a notice) from its original, in SUMMARY order; URL collisions and reserved paths.

use std::collections::{BTreeMap, HashMap};

use crate::config::{Config, Language};
use crate::content::{self, Content, Page, SummaryItem};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::translation::{self, PageState};

/// One page to publish: a key in a language, with the file its text comes from.
pub(crate) struct Route<'a> {
    pub lang: &'a Language,
    pub key: &'a str,
    pub source: &'a Page,
    /// Where this route stands as a translation (`None` in the default language).
    pub state: Option<PageState>,
    /// The site path below the base path, e.g. `es/crear-token/`.
    pub site_path: String,
}

impl Route<'_> {
    /// Published from its own language's text (the default language, or a translation).
    pub fn translated(&self) -> bool {
        !matches!(self.state, Some(PageState::Missing))
    }

    pub fn outdated(&self) -> bool {
        self.state == Some(PageState::Outdated)
    }
}

/// Every route, and where to find a `(lang, key)` among them (by `FxHash`: every link of every page is looked up
/// here, and the keys are the site's own paths).
pub(crate) struct Plan<'a> {
    pub routes: Vec<Route<'a>>,
    index: rustc_hash::FxHashMap<(&'a str, &'a str), usize>,
}

impl<'a> Plan<'a> {
    pub fn get(&self, lang: &str, key: &str) -> Option<&Route<'a>> {
        self.position(lang, key).map(|i| &self.routes[i])
    }

    pub fn position(&self, lang: &str, key: &str) -> Option<usize> {
        self.index.get(&(lang, key)).copied()
    }

    /// The routes of one language, in SUMMARY order.
    pub fn of<'p>(&'p self, lang: &'p str) -> impl Iterator<Item = &'p Route<'a>> + 'p {
        self.routes.iter().filter(move |r| r.lang.code == lang)
    }
}

/// Decide what to publish.
pub(crate) fn plan<'a>(config: &'a Config, content: &'a Content) -> (Plan<'a>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let default = config.default_language();
    static EMPTY: std::sync::OnceLock<BTreeMap<String, std::sync::Arc<Page>>> = std::sync::OnceLock::new();
    let default_pages = content
        .pages
        .get(&default.code)
        .unwrap_or_else(|| EMPTY.get_or_init(BTreeMap::new));
    let order = summary_order(content, &default.code);
    check_summary(config, content, default_pages, &order, &mut diags);
    let mut routes = Vec::new();
    for lang in &config.languages {
        let own = content.pages.get(&lang.code);
        let mut keys: Vec<&str> = default_pages.keys().map(String::as_str).collect();
        for (key, page) in own.into_iter().flatten() {
            if default_pages.contains_key(key) {
                continue;
            }
            if lang.code != default.code && !content.unloaded.contains(&(default.code.clone(), key.clone())) {
                diags.push(
                    Diagnostic::warning(format!(
                        "`{key}` has no `{}` original; it is published in `{}` only",
                        default.code, lang.code
                    ))
                    .in_file(&page.file)
                    .help(format!(
                        "pages are paired by path: create `content/{}/{key}`, or rename this file to match its original",
                        default.code
                    )),
                );
            }
            keys.push(key);
        }
        keys.sort_by_cached_key(|k| (order.get(k).copied().unwrap_or(usize::MAX), *k));
        for key in keys {
            let translation = own.and_then(|o| o.get(key));
            let source = translation.unwrap_or_else(|| &default_pages[key]);
            let site_path = match translation {
                Some(p) => p.site_path.clone(),
                None => content::site_path(&lang.code, key, source.front.slug.as_deref()),
            };
            let state = match default_pages.get(key) {
                _ if lang.code == default.code => None,
                Some(original) => Some(translation::page_state(original, translation.map(|t| &**t))),
                // Published in this language only: nothing to compare with.
                None => None,
            };
            routes.push(Route {
                lang,
                key,
                source,
                state,
                site_path,
            });
        }
    }
    check_urls(config, &routes, &mut diags);
    let index = routes
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.lang.code.as_str(), r.key), i))
        .collect();
    (Plan { routes, index }, diags)
}

/// Chapter keys of a language's SUMMARY.md, numbered in order.
fn summary_order<'a>(content: &'a Content, lang: &str) -> HashMap<&'a str, usize> {
    content
        .summaries
        .get(lang)
        .map(|s| {
            s.items
                .iter()
                .filter_map(|i| match i {
                    SummaryItem::Chapter { key, .. } => Some(key.as_str()),
                    _ => None,
                })
                .enumerate()
                .map(|(n, k)| (k, n))
                .collect()
        })
        .unwrap_or_default()
}

/// SUMMARY.md against the pages: entries without a page, pages without an entry.
fn check_summary(
    config: &Config,
    content: &Content,
    default_pages: &BTreeMap<String, std::sync::Arc<Page>>,
    order: &HashMap<&str, usize>,
    diags: &mut Diagnostics,
) {
    let default = config.default_language();
    if default_pages.is_empty() {
        diags.push(
            Diagnostic::error(format!(
                "no pages in `{}`",
                config.content_dir.join(&default.code).display()
            ))
            .help(format!(
                "create `content/{}/index.md` with front matter `title: …`",
                default.code
            )),
        );
    }
    let Some(summary) = content.summaries.get(&default.code) else {
        if !default_pages.is_empty() {
            diags.push(
                Diagnostic::warning(format!(
                    "no `content/{}/SUMMARY.md`: the sidebar and prev/next links are empty",
                    default.code
                ))
                .help("list the pages in mdBook's format: `- [Title](page.md)`"),
            );
        }
        return;
    };
    for item in &summary.items {
        if let SummaryItem::Chapter { key, title, .. } = item
            && !default_pages.contains_key(key)
            && !content.unloaded.contains(&(default.code.clone(), key.clone()))
        {
            diags.push(
                Diagnostic::error(format!("SUMMARY.md lists `{key}` ({title}), which does not exist"))
                    .in_file(config.content_dir.join(&default.code).join("SUMMARY.md"))
                    .help(format!("create `content/{}/{key}` or remove the entry", default.code)),
            );
        }
    }
    // mdBook builds only what SUMMARY.md lists, so its books hold unlisted files (include fragments, `404.md`):
    // polydoc still publishes them, so links into them work, and says so in a note.
    let unlisted = if config.mdbook.is_some() {
        Diagnostic::note
    } else {
        Diagnostic::warning
    };
    for (key, page) in default_pages {
        if !order.contains_key(key.as_str()) {
            diags.push(
                unlisted(format!(
                    "`{key}` is not listed in SUMMARY.md, so no sidebar entry or prev/next link leads to it"
                ))
                .code("summary-unlisted")
                .in_file(&page.file)
                .help(format!("add `- [Title]({key})` to content/{}/SUMMARY.md", default.code)),
            );
        }
    }
}

/// `/<lang>/pages/` is reserved for the page list; two pages of a language may not share a URL.
fn check_urls(config: &Config, routes: &[Route<'_>], diags: &mut Diagnostics) {
    let mut urls: HashMap<(&str, &str), &Route<'_>> = HashMap::new();
    for r in routes {
        if r.site_path.strip_prefix(r.lang.code.as_str()) == Some("/pages/") {
            diags.push(
                Diagnostic::error(format!("`/{}` is reserved for the list of pages", r.site_path))
                    .in_file(&r.source.file)
                    .help("give the page another `slug`"),
            );
        }
        // A translated slug meeting a fallback's.
        if let Some(other) = urls.insert((r.lang.code.as_str(), r.site_path.as_str()), r) {
            diags.push(
                Diagnostic::error(format!(
                    "duplicate URL `/{}`: `{}` and `{}` both publish there",
                    r.site_path,
                    config.relative(&other.source.file),
                    config.relative(&r.source.file)
                ))
                .at(match r.source.text.find("\nslug:") {
                    Some(off) => Location::at_offset(&r.source.file, &r.source.text, off + 1),
                    None => Location::file(&r.source.file),
                })
                .help("give one of them a different `slug`"),
            );
        }
    }
}
