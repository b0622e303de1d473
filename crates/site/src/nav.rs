//! The sidebar of each language, rendered once per unfolded branch (mdBook's `fold`), and the chapter order that
//! prev/next links and section titles come from.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Language};
use crate::content::{Content, SummaryItem};
use crate::diag::Diagnostic;
use crate::plan::Plan;
use crate::render::{self, NavContext, NavView};
use crate::resolve::Urls;

/// Rendered sidebars of an earlier build of a session, by language and unfolded branch, with the hash of what
/// each was rendered from.
pub(crate) type NavHtml = HashMap<(String, Option<usize>), (u64, Arc<str>)>;

/// Every language's sidebar: the chapters of its SUMMARY.md, rendered with `nav.html`. A rendering whose inputs
/// (its entries, and `inputs`: a hash of the theme and the strings) are those of one in `previous` is
/// taken from there. Also returns every rendering, for the next build of a session.
pub(crate) fn sidebars<'c>(
    config: &'c Config,
    content: &Content,
    plan: &Plan<'_>,
    teras: &HashMap<&str, tera::Tera>,
    rust: &HashMap<&str, crate::page_template::Strings>,
    inputs: u64,
    previous: &NavHtml,
) -> (HashMap<&'c str, LangNav>, NavHtml, Vec<Diagnostic>) {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut diags = Vec::new();
    let mut navs = HashMap::new();
    let mut rendered = NavHtml::new();
    for l in &config.languages {
        let (items, mut nav) = lang_nav(config, content, plan, l);
        let unfolded = unfolded_levels(config);
        // Nested chapters show only in the current page's top-level branch, so a page's sidebar stays small on
        // large sites; one rendering per branch that has children, one for the rest.
        let variants: Vec<Option<usize>> = std::iter::once(None)
            .chain(nav.branches_with_children.iter().copied().map(Some))
            .collect();
        // Every rendering of the language follows from its entries: hash them once.
        let mut h = DefaultHasher::new();
        (inputs, &l.code, &items, unfolded).hash(&mut h);
        let entries = h.finish();
        // The renderings of a language are independent of each other: on every core.
        let results: Vec<Rendering> = variants
            .into_par_iter()
            .map(|open| {
                let hash = {
                    let mut h = DefaultHasher::new();
                    (entries, open).hash(&mut h);
                    h.finish()
                };
                if let Some((was, html)) = previous.get(&(l.code.clone(), open))
                    && *was == hash
                {
                    return (open, hash, Ok(html.clone()));
                }
                let shown: Vec<NavView> = items
                    .iter()
                    .filter(|i| i.level <= unfolded || Some(i.branch) == open)
                    .cloned()
                    .collect();
                if let Some(strings) = rust.get(l.code.as_str()) {
                    let html = crate::page_template::nav(&shown, open, unfolded, strings);
                    return (open, hash, Ok(Arc::from(html)));
                }
                let ctx = NavContext {
                    lang: l.code.clone(),
                    nav: shown,
                    open_branch: open,
                    unfolded,
                };
                let html = render::render(
                    &teras[l.code.as_str()],
                    "nav.html",
                    &ctx,
                    &config.root.join("book.toml"),
                );
                (open, hash, html.map(Arc::from))
            })
            .collect();
        for (open, hash, html) in results {
            match html {
                Ok(html) => {
                    rendered.insert((l.code.clone(), open), (hash, html.clone()));
                    nav.html.insert(open, html);
                }
                Err(d) => diags.push(d),
            }
        }
        navs.insert(l.code.as_str(), nav);
    }
    (navs, rendered, diags)
}

/// One rendering of a sidebar: the unfolded branch, the hash of its inputs, the HTML or why it failed.
type Rendering = (Option<usize>, u64, Result<Arc<str>, Diagnostic>);

/// How many levels of nested chapters show in every branch: none for polydoc's layout (only the open branch
/// unfolds); in mdBook's layout, `fold.level` when `fold.enable`, else all (mdBook's default is unfolded).
fn unfolded_levels(config: &Config) -> usize {
    match config.mdbook.as_deref() {
        None => 0,
        Some(m) if m.fold.enable => usize::from(m.fold.level),
        Some(_) => 255,
    }
}

/// A language's sidebar, computed once: its rendered HTML and the chapter order for prev/next and section titles.
pub(crate) struct LangNav {
    /// The sidebar with one top-level branch unfolded (`Some(branch)`), or none (`None`).
    pub html: HashMap<Option<usize>, Arc<str>>,
    /// Top-level branches that have nested chapters.
    pub branches_with_children: BTreeSet<usize>,
    /// (url, title, section, branch) in SUMMARY order.
    pub chapters: Vec<(String, String, Option<String>, usize)>,
    pub position: HashMap<String, usize>,
}

/// Build the sidebar of language `lang`: titles from its pages, part headings from its own SUMMARY.md when it has one.
fn lang_nav(config: &Config, content: &Content, plan: &Plan<'_>, lang: &Language) -> (Vec<NavView>, LangNav) {
    let default = config.default_language();
    let mut nav = Vec::new();
    let mut chapters = Vec::new();
    let mut position = HashMap::new();
    let mut current_part: Option<String> = None;
    let mut parent_titles: Vec<String> = Vec::new();
    let own_parts: Vec<String> = content
        .summaries
        .get(&lang.code)
        .map(|s| {
            s.items
                .iter()
                .filter_map(|i| {
                    if let SummaryItem::Part { title } = i {
                        Some(title.clone())
                    } else {
                        None
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let own_titles: HashMap<&str, &str> = content
        .summaries
        .get(&lang.code)
        .map(|s| {
            s.items
                .iter()
                .filter_map(|i| match i {
                    SummaryItem::Chapter { key, title, .. } => Some((key.as_str(), title.as_str())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let mut part_n = 0;
    let mut branch = 0;
    let mut branches_with_children = BTreeSet::new();
    if let Some(summary) = content.summaries.get(&default.code) {
        let show_numbers = config.mdbook.as_ref().is_some_and(|m| !m.no_section_label);
        let number = |idx: usize| match summary.numbers.get(&idx) {
            Some(n) if show_numbers => n.clone(),
            _ => String::new(),
        };
        for (idx, item) in summary.items.iter().enumerate() {
            match item {
                SummaryItem::Part { title } => {
                    let t = own_parts.get(part_n).cloned().unwrap_or_else(|| title.clone());
                    part_n += 1;
                    current_part = Some(t.clone());
                    parent_titles.clear();
                    nav.push(NavView {
                        kind: "part",
                        title: t,
                        url: String::new(),
                        level: 0,
                        branch: 0,
                        translated: true,
                        number: String::new(),
                    });
                }
                SummaryItem::Separator => nav.push(NavView {
                    kind: "separator",
                    title: String::new(),
                    url: String::new(),
                    level: 0,
                    branch: 0,
                    translated: true,
                    number: String::new(),
                }),
                SummaryItem::Draft { title, level } => {
                    let t = title.clone();
                    nav.push(NavView {
                        kind: "draft",
                        title: t,
                        url: String::new(),
                        level: *level,
                        branch,
                        translated: true,
                        number: number(idx),
                    });
                }
                SummaryItem::Chapter { key, title, level } => {
                    let Some(target) = plan.get(&lang.code, key) else {
                        continue;
                    };
                    // The entry's text: this language's SUMMARY.md, else (the default language) SUMMARY's text,
                    // else the translated page's title, else the original's.
                    let t = own_titles
                        .get(key.as_str())
                        .map(|t| t.to_string())
                        .or_else(|| (lang.code == default.code).then(|| title.clone()))
                        .unwrap_or_else(|| target.source.front.title.clone());
                    parent_titles.truncate(*level);
                    let section = parent_titles.last().cloned().or_else(|| current_part.clone());
                    parent_titles.push(t.clone());
                    let url = Urls::new(config).of(target);
                    if *level == 0 {
                        branch = chapters.len();
                    } else {
                        branches_with_children.insert(branch);
                    }
                    position.insert(key.clone(), chapters.len());
                    chapters.push((url.clone(), t.clone(), section, branch));
                    nav.push(NavView {
                        kind: "chapter",
                        title: t,
                        url,
                        level: *level,
                        branch,
                        translated: target.translated(),
                        number: number(idx),
                    });
                }
            }
        }
    }
    (
        nav,
        LangNav {
            html: HashMap::new(),
            branches_with_children,
            chapters,
            position,
        },
    )
}

impl LangNav {
    /// A hash of everything a page takes from its language's sidebar.
    pub fn signature(&self) -> u64 {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut h = DefaultHasher::new();
        let mut html: Vec<_> = self.html.iter().collect();
        html.sort();
        (html, &self.chapters).hash(&mut h);
        h.finish()
    }
}

/// The sidebar HTML with the current page marked (`nav.html` writes each link as `href="URL"`).
pub(crate) fn mark_current(html: &str, url: &str) -> String {
    match current_link_end(html, url) {
        Some(end) => format!("{} aria-current=\"page\"{}", &html[..end], &html[end..]),
        None => html.to_string(),
    }
}

/// Where `aria-current` goes in a sidebar: just after the first `href="URL"` of the page's URL, if any. Every
/// page searches its sidebar (kilobytes): with `memchr`'s vectorized search, which took a third of the profile
/// samples `str::find` did (0.3% of a 2×5,000-page build, from 0.9%).
pub(crate) fn current_link_end(html: &str, url: &str) -> Option<usize> {
    let mut needle = String::with_capacity(url.len() + 8);
    needle.push_str("href=\"");
    crate::text::push_escaped(&mut needle, url);
    needle.push('"');
    memchr::memmem::find(html.as_bytes(), needle.as_bytes()).map(|i| i + needle.len())
}
