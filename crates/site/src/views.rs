//! View assembly: what the templates see for a page, the site, the language homes and a Markdown alternate's
//! header. Templates see these view types, never domain types.

use std::borrow::Cow;

use crate::alternates::AlternateHeader;
use crate::config::Config;
use crate::markdown::Rendered;
use crate::nav::{LangNav, mark_current};
use crate::plan::{Plan, Route};
use crate::render::{AlternateView, LinkView, PageContext, PageView, SiteView};
use crate::resolve::Urls;
use crate::text::concat;

/// What every template knows about the site; the CSP is computed from the shipped theme, checker and additional files.
pub(crate) fn site_view(config: &Config, assets: &crate::assets::Assets) -> SiteView {
    let files = &assets.files;
    SiteView {
        repository_url: config.mdbook.as_ref().and_then(|m| m.git_repository_url.clone()),
        styles: assets.styles.clone(),
        scripts: assets.scripts.clone(),
        title: config.title.clone(),
        description: config.description.clone(),
        base_path: config.base_path.clone(),
        languages: crate::render::language_views(config),
        default_language: config.default_language().code.clone(),
        csp: crate::csp::policy(!crate::csp::uses_html_sink_in(files, false)),
        csp_checker: crate::csp::policy(!crate::csp::uses_html_sink_in(files, true)),
    }
}

/// The language homes, for the root chooser and the 404 pages, with `current` marked.
pub(crate) fn homes(config: &Config, current: &str) -> Vec<AlternateView> {
    let urls = Urls::new(config);
    config
        .languages
        .iter()
        .map(|l| {
            let url = urls.home(&l.code);
            AlternateView {
                code: l.code.clone(),
                name: l.name.clone(),
                href: urls.absolute(&url),
                url,
                translated: true,
                outdated: false,
                current: l.code == current,
            }
        })
        .collect()
}

/// The front matter of a route's Markdown alternate.
pub(crate) fn alternate_header(config: &Config, plan: &Plan<'_>, o: &Route<'_>) -> AlternateHeader {
    let urls = Urls::new(config);
    let default = config.default_language();
    let original = plan.get(&default.code, o.key).filter(|_| o.lang.code != default.code);
    AlternateHeader {
        title: o.source.front.title.clone(),
        description: o.source.front.description.clone(),
        lang: o.source.lang.clone(),
        page_lang: o.lang.code.clone(),
        url: urls.absolute(&urls.of(o)),
        translation: o.state.map_or("original", |s| s.label()),
        translated_from: original.map(|orig| urls.absolute(&concat(&[&urls.of(orig), "index.md"]))),
    }
}

/// The sidebar a page shows, unmarked: the one with its top-level branch unfolded, if that branch has nested
/// chapters.
pub(crate) fn sidebar<'n>(nav: &'n LangNav, key: &str) -> &'n str {
    let branch = nav
        .position
        .get(key)
        .map(|&p| nav.chapters[p].3)
        .filter(|b| nav.branches_with_children.contains(b));
    nav.html.get(&branch).map(|h| &**h).unwrap_or_default()
}

/// The view of one page: its text, its language links, and the sidebar and prev/next in its language. The sidebar
/// (`nav_html`) is marked and copied in only with `mark_nav`: [`crate::page_template`] marks it as it writes.
pub(crate) fn page_context<'a>(
    config: &Config,
    plan: &Plan<'_>,
    o: &Route<'_>,
    r: &'a Rendered,
    site: &'a SiteView,
    (nav, mark_nav): (&LangNav, bool),
) -> PageContext<'a> {
    let default = config.default_language();
    let urls = Urls::new(config);
    let url = urls.of(o);
    let alternates: Vec<AlternateView> = config
        .languages
        .iter()
        .filter_map(|l| {
            let other = plan.get(&l.code, o.key)?;
            let url = urls.of(other);
            Some(AlternateView {
                code: l.code.clone(),
                name: l.name.clone(),
                href: urls.absolute(&url),
                url,
                translated: other.translated(),
                outdated: other.outdated(),
                current: l.code == o.lang.code,
            })
        })
        .collect();
    let original = plan.get(&default.code, o.key);
    let x_default = urls.absolute(&original.map(|r| urls.of(r)).unwrap_or_else(|| url.clone()));
    // Untranslated text is canonical at its original.
    let canonical = if o.translated() {
        urls.absolute(&url)
    } else {
        x_default.clone()
    };
    let pos = nav.position.get(o.key).copied();
    let link = |p: usize| LinkView {
        title: nav.chapters[p].1.clone(),
        url: nav.chapters[p].0.clone(),
    };
    let prev = pos.and_then(|p| p.checked_sub(1)).map(link);
    let next = pos.filter(|p| p + 1 < nav.chapters.len()).map(|p| link(p + 1));
    let section = pos.and_then(|p| nav.chapters[p].2.clone());
    let content_lang = config.language(&o.source.lang).unwrap_or(default);
    PageContext {
        site: Cow::Borrowed(site),
        lang: o.lang.code.clone(),
        dir: o.lang.dir.as_str(),
        page: PageView {
            title: o.source.front.title.clone(),
            description: o.source.front.description.clone(),
            content: Cow::Borrowed(&r.html),
            toc: Cow::Borrowed(&r.toc),
            url: url.clone(),
            canonical,
            content_lang: content_lang.code.clone(),
            content_dir: content_lang.dir.as_str(),
            translated: o.translated(),
            outdated: o.outdated(),
            original_url: original.map(|r| urls.of(r)).unwrap_or_default(),
            markdown_url: concat(&[&url, "index.md"]),
            has_checker: !r.checkers.is_empty(),
            own_heading: r.html.trim_start().starts_with("<h1"),
            html_title: o.source.includes.as_ref().and_then(|i| i.expanded.title.clone()),
            edit_url: config
                .mdbook
                .as_ref()
                .and_then(|m| m.edit_url_template.as_ref())
                .map(|t| t.replace("{path}", &config.relative(&o.source.file).replace('\\', "/"))),
        },
        alternates,
        x_default,
        nav_html: if mark_nav {
            mark_current(sidebar(nav, o.key), &url)
        } else {
            String::new()
        },
        prev,
        next,
        section,
        home_url: urls.home(&o.lang.code),
        checker_catalogue: None,
        search_index: concat(&[&config.base_path, "search/", &o.lang.code, "/"]),
        pages_url: concat(&[&config.base_path, &o.lang.code, "/pages/"]),
    }
}
