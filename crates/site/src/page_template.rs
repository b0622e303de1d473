//! The default theme's page and sidebar templates in Rust: what Tera writes from `page.html` (in `base.html`,
//! with `switcher.html`) and from `nav.html`, byte for byte, without Tera's cost per page. Used only while the
//! theme's four files are the ones mirrored here ([`mirrors`], by hash); a theme that changes any of them
//! renders through Tera.
//!
//! Tera is the reference. The test `the_rust_page_template_writes_what_tera_writes` (tests/templates.rs) builds
//! fixture sites both ways and compares every page; the unit tests here render every branch both ways.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::i18n::Catalog;
use crate::render::{NavView, PageContext};
use crate::text::{escape_html, push_escaped};
use crate::theme::Theme;

/// The templates this file mirrors, in this order.
const FILES: [&str; 4] = [
    "templates/base.html",
    "templates/page.html",
    "templates/switcher.html",
    "templates/nav.html",
];

/// SHA-256 of [`FILES`] as shipped, each followed by a NUL. When the shipped templates change, this stops
/// matching and pages render through Tera until this file is brought level and the hash updated (the test
/// `the_shipped_theme_takes_the_rust_page_template` says so, and prints the new value).
const MIRRORED: &str = "c64f1df8e3df9ff227b197389794e2b24f51d4f70c2840717ed9a906314df130";

/// The hash of the theme's page templates, as [`MIRRORED`] is written.
fn digest(theme: &Theme) -> Option<String> {
    let mut h = Sha256::new();
    for name in FILES {
        h.update(&theme.files.get(name)?.bytes);
        h.update([0]);
    }
    Some(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether the theme's `base.html`, `page.html`, `switcher.html` and `nav.html` are the ones this file writes.
pub(crate) fn mirrors(theme: &Theme) -> bool {
    digest(theme).as_deref() == Some(MIRRORED)
}

/// What the templates read through `t()` and `asset()` in one language, formatted and escaped once.
pub(crate) struct Strings {
    site_title: String,
    skip_to_content: String,
    repository_link: String,
    theme_toggle_label: String,
    footer_text: String,
    search_label: String,
    search_placeholder: String,
    search_no_results: String,
    search_all_pages: String,
    menu_label: String,
    nav_label: String,
    outdated_notice: String,
    outdated_original_link: String,
    edit_page: String,
    prev_next_label: String,
    prev_label: String,
    next_label: String,
    toc_title: String,
    language_switcher_label: String,
    switcher_not_translated: String,
    switcher_outdated: String,
    /// `not-translated-notice` by the code of the language the text is in, with that language's name.
    not_translated: HashMap<String, String>,
    style_css: String,
    highlight_css: String,
    polydoc_js: String,
    search_js: String,
}

impl Strings {
    /// The strings of `lang`, or `None` when one cannot be formatted or an asset is missing: the language's
    /// pages then render through Tera, which reports the problem where the template meets it.
    pub(crate) fn new(
        catalog: &Catalog,
        lang: &str,
        languages: &[(String, String)],
        assets: &HashMap<String, String>,
    ) -> Option<Strings> {
        let t = |id: &str| catalog.format(lang, id, &[]).ok().map(|s| escape_html(&s));
        let asset = |path: &str| assets.get(path).map(|s| escape_html(s));
        let mut not_translated = HashMap::new();
        for (code, name) in languages {
            if not_translated.contains_key(code) {
                continue; // the template's `filter | first` takes the first language with the code
            }
            let args = [("language".to_string(), crate::i18n::Arg::Str(name.clone()))];
            let text = catalog.format(lang, "not-translated-notice", &args).ok()?;
            not_translated.insert(code.clone(), escape_html(&text));
        }
        Some(Strings {
            site_title: t("site-title")?,
            skip_to_content: t("skip-to-content")?,
            repository_link: t("repository-link")?,
            theme_toggle_label: t("theme-toggle-label")?,
            footer_text: t("footer-text")?,
            search_label: t("search-label")?,
            search_placeholder: t("search-placeholder")?,
            search_no_results: t("search-no-results")?,
            search_all_pages: t("search-all-pages")?,
            menu_label: t("menu-label")?,
            nav_label: t("nav-label")?,
            outdated_notice: t("outdated-notice")?,
            outdated_original_link: t("outdated-original-link")?,
            edit_page: t("edit-page")?,
            prev_next_label: t("prev-next-label")?,
            prev_label: t("prev-label")?,
            next_label: t("next-label")?,
            toc_title: t("toc-title")?,
            language_switcher_label: t("language-switcher-label")?,
            switcher_not_translated: t("switcher-not-translated")?,
            switcher_outdated: t("switcher-outdated")?,
            not_translated,
            style_css: asset("style.css")?,
            highlight_css: asset("highlight.css")?,
            polydoc_js: asset("polydoc.js")?,
            search_js: asset("search.js")?,
        })
    }
}

/// Tera's truth of an optional string: present and not empty.
fn some(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// The page, as Tera writes it from the mirrored templates, with `nav` as its sidebar (unmarked: its link to the
/// page gets `aria-current` here, as `nav::mark_current` gives Tera); `None` for a page whose text is in a
/// language the site does not list (Tera then renders it, as it would).
pub(crate) fn render(c: &PageContext, s: &Strings, nav: &str) -> Option<String> {
    let p = &c.page;
    let not_translated = if p.translated {
        None
    } else {
        Some(s.not_translated.get(&p.content_lang)?)
    };
    let mut o = String::with_capacity(p.content.len() + nav.len() + 6 * 1024);
    let o = &mut o;
    let e = push_escaped;
    // base.html, to the title.
    o.push_str("<!DOCTYPE html>\n<html lang=\"");
    e(o, &c.lang);
    o.push_str("\" dir=\"");
    e(o, c.dir);
    o.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"");
    if some(&c.checker_catalogue).is_some() {
        e(o, &c.site.csp_checker);
    } else {
        e(o, &c.site.csp);
    }
    o.push_str(
        "\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<link rel=\"icon\" href=\"data:,\">\n<title>",
    );
    // page.html's title block.
    if let Some(title) = some(&p.html_title) {
        e(o, title);
    } else {
        e(o, &p.title);
        o.push_str(" · ");
        o.push_str(&s.site_title);
    }
    o.push_str("</title>\n<link rel=\"stylesheet\" href=\"");
    o.push_str(&s.style_css);
    o.push_str("\">\n<link rel=\"stylesheet\" href=\"");
    o.push_str(&s.highlight_css);
    o.push_str("\">\n");
    for url in &c.site.styles {
        o.push_str("<link rel=\"stylesheet\" href=\"");
        e(o, url);
        o.push_str("\">\n");
    }
    o.push_str("<script src=\"");
    o.push_str(&s.polydoc_js);
    o.push_str("\"></script>\n");
    for url in &c.site.scripts {
        o.push_str("<script src=\"");
        e(o, url);
        o.push_str("\" defer></script>\n");
    }
    // `{% endfor -%}` drops the newline after the loop. page.html's head block.
    o.push('\n');
    if let Some(d) = some(&p.description) {
        o.push_str("<meta name=\"description\" content=\"");
        e(o, d);
        o.push_str("\">\n<meta property=\"og:description\" content=\"");
        e(o, d);
        o.push_str("\">");
    }
    o.push_str("\n<meta property=\"og:title\" content=\"");
    e(o, &p.title);
    o.push_str("\">\n<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:locale\" content=\"");
    e(o, &c.lang);
    o.push_str("\">\n<link rel=\"canonical\" href=\"");
    e(o, &p.canonical);
    o.push_str("\">\n<link rel=\"alternate\" type=\"text/markdown\" href=\"");
    e(o, &p.markdown_url);
    o.push_str("\">\n");
    for a in &c.alternates {
        o.push_str("<link rel=\"alternate\" hreflang=\"");
        e(o, &a.code);
        o.push_str("\" href=\"");
        e(o, &a.href);
        o.push_str("\">\n");
    }
    o.push_str("<link rel=\"alternate\" hreflang=\"x-default\" href=\"");
    e(o, &c.x_default);
    o.push_str("\">\n");
    if let Some(catalogue) = some(&c.checker_catalogue) {
        o.push_str("<script type=\"application/json\" id=\"polydoc-checker-catalogue\">");
        o.push_str(catalogue);
        o.push_str("</script>\n");
    }
    // base.html, to the menu.
    o.push_str("\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">");
    o.push_str(&s.skip_to_content);
    o.push_str("</a>\n<header class=\"site-header\">\n  <a class=\"site-title\" href=\"");
    e(o, &c.home_url);
    o.push_str("\">");
    o.push_str(&s.site_title);
    o.push_str("</a>\n  ");
    // page.html's menu block.
    o.push_str("<a class=\"menu-link\" href=\"#site-nav\"><span class=\"menu-icon\" aria-hidden=\"true\"></span>");
    o.push_str(&s.menu_label);
    o.push_str("</a>");
    o.push_str("\n  <div class=\"header-tools\">");
    if let Some(url) = some(&c.site.repository_url) {
        o.push_str("\n    <a class=\"repository-link\" href=\"");
        e(o, url);
        o.push_str("\">");
        o.push_str(&s.repository_link);
        o.push_str("</a>");
    }
    o.push_str("\n    ");
    // page.html's search block.
    o.push_str("\n<div class=\"site-search\" data-index=\"");
    e(o, &c.search_index);
    o.push_str("\" data-lang=\"");
    e(o, &c.lang);
    o.push_str("\" data-label=\"");
    o.push_str(&s.search_label);
    o.push_str("\" data-placeholder=\"");
    o.push_str(&s.search_placeholder);
    o.push_str("\" data-no-results=\"");
    o.push_str(&s.search_no_results);
    o.push_str("\">\n  <a class=\"search-fallback\" href=\"");
    e(o, &c.pages_url);
    o.push_str("\">");
    o.push_str(&s.search_all_pages);
    o.push_str("</a>\n</div>\n<script src=\"");
    o.push_str(&s.search_js);
    o.push_str("\" defer></script>\n");
    o.push_str("\n    ");
    // page.html's switcher block: switcher.html (its first line is a comment).
    o.push_str("\n<nav class=\"lang-switcher\" aria-label=\"");
    o.push_str(&s.language_switcher_label);
    o.push_str("\">\n  <ul>\n  ");
    for a in &c.alternates {
        o.push_str("\n    <li><a href=\"");
        e(o, &a.url);
        o.push_str("\" hreflang=\"");
        e(o, &a.code);
        o.push_str("\" lang=\"");
        e(o, &a.code);
        o.push('"');
        if a.current {
            o.push_str(" aria-current=\"page\"");
        }
        if !a.translated {
            o.push_str(" class=\"untranslated\"");
        } else if a.outdated {
            o.push_str(" class=\"outdated\"");
        }
        o.push('>');
        e(o, &a.name);
        if !a.translated {
            o.push_str(" <span class=\"badge\">");
            o.push_str(&s.switcher_not_translated);
            o.push_str("</span>");
        } else if a.outdated {
            o.push_str(" <span class=\"badge\">");
            o.push_str(&s.switcher_outdated);
            o.push_str("</span>");
        }
        o.push_str("</a></li>\n  ");
    }
    o.push_str("\n  </ul>\n</nav>\n");
    // base.html, to the body.
    o.push_str("\n    <button type=\"button\" class=\"theme-toggle\" hidden aria-pressed=\"false\" title=\"");
    o.push_str(&s.theme_toggle_label);
    o.push_str("\">\n      <span class=\"theme-toggle-icon\" aria-hidden=\"true\"></span>\n      <span class=\"visually-hidden\">");
    o.push_str(&s.theme_toggle_label);
    o.push_str("</span>\n    </button>\n  </div>\n</header>\n");
    // page.html's body block.
    o.push_str("\n<div class=\"layout\">\n  <nav class=\"sidebar\" id=\"site-nav\" tabindex=\"-1\" aria-label=\"");
    o.push_str(&s.nav_label);
    o.push_str("\">\n    ");
    match crate::nav::current_link_end(nav, &p.url) {
        Some(end) => {
            o.push_str(&nav[..end]);
            o.push_str(" aria-current=\"page\"");
            o.push_str(&nav[end..]);
        }
        None => o.push_str(nav),
    }
    o.push_str("\n  </nav>\n  <main id=\"main\" tabindex=\"-1\">\n    ");
    if let Some(section) = some(&c.section) {
        o.push_str("<p class=\"section-title\">");
        e(o, section);
        o.push_str("</p>");
    }
    o.push_str("\n    ");
    if let Some(notice) = not_translated {
        o.push_str("\n    <div class=\"notice notice-untranslated\" role=\"note\">\n      <p dir=\"auto\">");
        o.push_str(notice);
        o.push_str("</p>\n    </div>\n    ");
    }
    o.push_str("\n    ");
    if p.outdated {
        o.push_str("\n    <div class=\"notice notice-outdated\" role=\"note\">\n      <p dir=\"auto\">");
        o.push_str(&s.outdated_notice);
        o.push_str(" <a href=\"");
        e(o, &p.original_url);
        o.push_str("\" hreflang=\"");
        e(o, &c.site.default_language);
        o.push_str("\">");
        o.push_str(&s.outdated_original_link);
        o.push_str("</a></p>\n    </div>\n    ");
    }
    o.push_str("\n    <article lang=\"");
    e(o, &p.content_lang);
    o.push_str("\" dir=\"");
    e(o, p.content_dir);
    o.push_str("\">\n      ");
    if !p.own_heading {
        o.push_str("<h1>");
        e(o, &p.title);
        o.push_str("</h1>");
    }
    o.push_str("\n      ");
    o.push_str(&p.content);
    o.push_str("\n    </article>");
    if let Some(url) = some(&p.edit_url) {
        o.push_str("\n    <p class=\"edit-link\"><a href=\"");
        e(o, url);
        o.push_str("\">");
        o.push_str(&s.edit_page);
        o.push_str("</a></p>");
    }
    o.push_str("\n    ");
    if c.prev.is_some() || c.next.is_some() {
        o.push_str("\n    <nav class=\"prev-next\" aria-label=\"");
        o.push_str(&s.prev_next_label);
        o.push_str("\">\n      ");
        // `<a class="prev" rel="prev" …>` and its `next` twin.
        let link = |o: &mut String, to: &Option<crate::render::LinkView>, dir: &str, label: &str| {
            let Some(to) = to else { return };
            o.push_str("<a class=\"");
            o.push_str(dir);
            o.push_str("\" rel=\"");
            o.push_str(dir);
            o.push_str("\" href=\"");
            e(o, &to.url);
            o.push_str("\"><span class=\"dir-label\">");
            o.push_str(label);
            o.push_str("</span> <span class=\"link-title\">");
            e(o, &to.title);
            o.push_str("</span></a>");
        };
        link(o, &c.prev, "prev", &s.prev_label);
        o.push_str("\n      ");
        link(o, &c.next, "next", &s.next_label);
        o.push_str("\n    </nav>\n    ");
    }
    o.push_str("\n  </main>\n  ");
    if p.toc.len() > 1 {
        o.push_str("\n  <aside class=\"toc\" aria-labelledby=\"toc-title\">\n    <h2 id=\"toc-title\">");
        o.push_str(&s.toc_title);
        o.push_str("</h2>\n    <ol>\n    ");
        for t in p.toc.iter() {
            o.push_str("<li class=\"toc-level-");
            o.push_str(itoa::Buffer::new().format(t.level));
            o.push_str("\"><a href=\"#");
            e(o, &t.id);
            o.push_str("\">");
            e(o, &t.text);
            o.push_str("</a></li>\n    ");
        }
        o.push_str("\n    </ol>\n  </aside>\n  ");
    }
    o.push_str("\n</div>\n");
    // base.html, to the end.
    o.push_str("\n<footer class=\"site-footer\">\n  <p>");
    o.push_str(&s.footer_text);
    o.push_str("</p>\n</footer>\n</body>\n</html>\n");
    Some(std::mem::take(o))
}

/// One sidebar, as Tera writes it from the mirrored `nav.html`: the entries shown, the unfolded branch and how
/// many levels show in every branch.
pub(crate) fn nav(items: &[NavView], open_branch: Option<usize>, unfolded: usize, s: &Strings) -> String {
    let mut o = String::with_capacity(items.len() * 64 + 64);
    let o = &mut o;
    let e = push_escaped;
    o.push_str("<ol class=\"nav-list\">");
    let mut depth = 0;
    for item in items {
        let chapter = item.kind == "chapter" || item.kind == "draft";
        // Tera's `item.branch != open_branch` is false when `open_branch` is none: a number and a null compare
        // neither equal nor unequal.
        if chapter && item.level > unfolded && open_branch.is_some_and(|b| item.branch != b) {
            continue;
        }
        let level = if chapter { item.level } else { 0 };
        for _ in depth..level {
            o.push_str("<ol>");
        }
        for _ in level..depth {
            o.push_str("</ol>");
        }
        depth = level;
        o.push('\n');
        let number = |o: &mut String| {
            if !item.number.is_empty() {
                o.push_str("<strong aria-hidden=\"true\">");
                e(o, &item.number);
                o.push_str("</strong> ");
            }
        };
        match item.kind {
            "part" => {
                o.push_str("<li class=\"nav-part\">");
                e(o, &item.title);
            }
            "separator" => o.push_str("<li class=\"nav-separator\" role=\"separator\">"),
            "draft" => {
                o.push_str("<li class=\"nav-draft\"><span>");
                number(o);
                e(o, &item.title);
                o.push_str("</span>");
            }
            _ => {
                o.push_str("<li><a href=\"");
                e(o, &item.url);
                o.push_str("\">");
                number(o);
                e(o, &item.title);
                if !item.translated {
                    o.push_str(" <span class=\"badge\">");
                    o.push_str(&s.switcher_not_translated);
                    o.push_str("</span>");
                }
                o.push_str("</a>");
            }
        }
    }
    for _ in 0..depth {
        o.push_str("</ol>");
    }
    o.push_str("\n</ol>\n");
    std::mem::take(o)
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::sync::Arc;

    use super::*;
    use crate::markdown::TocEntry;
    use crate::render::{AlternateView, LanguageView, LinkView, PageView, SiteView};
    use crate::theme::ThemeFile;

    fn shipped_theme() -> Theme {
        let mut theme = Theme::default();
        for (rel, text) in crate::theme::EMBEDDED {
            let file = ThemeFile {
                origin: rel.into(),
                bytes: text.as_bytes().to_vec(),
            };
            theme.files.insert(rel.to_string(), file);
        }
        theme
    }

    #[test]
    fn the_shipped_theme_takes_the_rust_page_template() {
        let theme = shipped_theme();
        assert!(
            mirrors(&theme),
            "base.html, page.html or switcher.html changed: bring page_template.rs level with them, then set \
             MIRRORED to {:?}",
            digest(&theme)
        );
    }

    #[test]
    fn a_theme_that_changes_one_page_template_renders_through_tera() {
        for name in FILES {
            let mut theme = shipped_theme();
            theme
                .files
                .get_mut(name)
                .unwrap()
                .bytes
                .extend_from_slice(b"{# changed #}");
            assert!(!mirrors(&theme), "{name}");
            let mut theme = shipped_theme();
            theme.files.remove(name);
            assert!(!mirrors(&theme), "{name} missing");
        }
    }

    /// A page with every optional part present; the cases below take parts away.
    fn full_page() -> PageContext<'static> {
        let alternate = |code: &str, name: &str, translated, outdated, current| AlternateView {
            code: code.into(),
            name: name.into(),
            url: format!("/docs/{code}/a&b/"),
            href: format!("https://example.org/docs/{code}/a&b/"),
            translated,
            outdated,
            current,
        };
        PageContext {
            site: Cow::Owned(SiteView {
                title: "Site".into(),
                description: Some("About <the> site".into()),
                base_path: "/docs/".into(),
                languages: vec![
                    LanguageView {
                        code: "en".into(),
                        name: "English".into(),
                        dir: "ltr",
                    },
                    LanguageView {
                        code: "es".into(),
                        name: "Español".into(),
                        dir: "ltr",
                    },
                ],
                default_language: "en".into(),
                csp: "default-src 'self'".into(),
                csp_checker: "default-src 'self'; connect-src https:".into(),
                repository_url: Some("https://gitlab.com/g/p?a=1&b=\"2\"".into()),
                styles: vec!["/docs/assets/one.css".into(), "/docs/assets/t'wo.css".into()],
                scripts: vec!["/docs/assets/one.js".into(), "/docs/assets/<two>.js".into()],
            }),
            lang: "es".into(),
            dir: "ltr",
            page: PageView {
                title: "Tokens & <scopes> \"quoted\" it's".into(),
                description: Some("What a token <is> & does".into()),
                content: "<h2 id=\"a\">A &amp; B</h2>\n<p>Text</p>\n".into(),
                toc: Cow::Owned(vec![
                    TocEntry {
                        level: 2,
                        id: "a".into(),
                        text: "A & <B>".into(),
                    },
                    TocEntry {
                        level: 3,
                        id: "b\"c".into(),
                        text: "B".into(),
                    },
                ]),
                url: "/docs/es/a/".into(),
                canonical: "https://example.org/docs/es/a/".into(),
                content_lang: "en".into(),
                content_dir: "ltr",
                translated: false,
                outdated: true,
                original_url: "/docs/en/a/".into(),
                markdown_url: "/docs/es/a/index.md".into(),
                has_checker: true,
                html_title: Some("Own <title>".into()),
                own_heading: false,
                edit_url: Some("https://gitlab.com/g/p/-/edit/main/src/a.md?x=1&y".into()),
            },
            alternates: vec![
                alternate("en", "English", true, false, false),
                alternate("es", "Español", false, false, true),
                alternate("fr", "Fran<ç>ais", true, true, false),
            ],
            x_default: "https://example.org/docs/en/a/".into(),
            nav_html: String::new(),
            prev: Some(LinkView {
                title: "Before & <after>".into(),
                url: "/docs/es/p/?q=1&r".into(),
            }),
            next: Some(LinkView {
                title: "Next".into(),
                url: "/docs/es/n/".into(),
            }),
            section: Some("Section <one>".into()),
            home_url: "/docs/es/".into(),
            checker_catalogue: Some("{\"a\":\"<b>\"}".into()),
            search_index: "/docs/search/es/".into(),
            pages_url: "/docs/es/pages/".into(),
        }
    }

    type Case = (&'static str, fn(&mut PageContext<'static>));

    /// A sidebar with a link to the page (`/docs/es/a/`, marked `aria-current`) and one to another.
    const NAV: &str = "<ol><li><a href=\"/docs/es/b/\">B</a><li><a href=\"/docs/es/a/\">A</a></ol>";

    /// Each branch of the templates, taken away one at a time (and all at once, last).
    const CASES: &[Case] = &[
        ("full", |_| {}),
        ("no html title", |c| c.page.html_title = None),
        ("empty html title", |c| c.page.html_title = Some(String::new())),
        ("no description", |c| c.page.description = None),
        ("empty description", |c| c.page.description = Some(String::new())),
        ("no styles or scripts", |c| {
            (c.site.to_mut().styles, c.site.to_mut().scripts) = (vec![], vec![])
        }),
        ("no checker", |c| c.checker_catalogue = None),
        ("empty checker catalogue", |c| c.checker_catalogue = Some(String::new())),
        ("no repository", |c| c.site.to_mut().repository_url = None),
        ("no alternates", |c| c.alternates.clear()),
        ("no section", |c| c.section = None),
        ("translated", |c| c.page.translated = true),
        ("text in Spanish", |c| c.page.content_lang = "es".into()),
        ("current", |c| c.page.outdated = false),
        ("own heading", |c| c.page.own_heading = true),
        ("no edit link", |c| c.page.edit_url = None),
        ("no previous", |c| c.prev = None),
        ("no next", |c| c.next = None),
        ("neither previous nor next", |c| (c.prev, c.next) = (None, None)),
        ("one TOC entry", |c| c.page.toc.to_mut().truncate(1)),
        ("no TOC", |c| c.page.toc.to_mut().clear()),
        ("right to left", |c| (c.dir, c.page.content_dir) = ("rtl", "rtl")),
        ("not in the sidebar", |c| c.page.url = "/docs/es/elsewhere/".into()),
        ("bare", |c| {
            *c = PageContext {
                checker_catalogue: None,
                prev: None,
                next: None,
                section: None,
                alternates: vec![],
                ..c.clone()
            };
            c.page.html_title = None;
            c.page.description = None;
            c.page.edit_url = None;
            c.page.toc.to_mut().clear();
            c.page.translated = true;
            c.page.outdated = false;
            c.site.to_mut().repository_url = None;
            c.site.to_mut().styles.clear();
            c.site.to_mut().scripts.clear();
        }),
    ];

    #[test]
    fn every_branch_renders_as_tera_renders() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let config = crate::config::Config::load(&root).unwrap();
        let (catalog, _) = Catalog::load(&config);
        let catalog = Arc::new(catalog);
        let assets: HashMap<String, String> = ["style.css", "highlight.css", "polydoc.js", "search.js"]
            .iter()
            .map(|p| (p.to_string(), format!("/docs/assets/{p}?v=1&x")))
            .collect();
        let assets = Arc::new(assets);
        let templates = crate::render::templates(&shipped_theme()).unwrap();
        assert!(templates.rust_page);
        let names = vec![
            ("en".to_string(), "English".to_string()),
            ("es".to_string(), "Español".to_string()),
        ];
        for lang in ["en", "es"] {
            let tera = crate::render::for_language(&templates.tera, lang, catalog.clone(), assets.clone());
            let strings = Strings::new(&catalog, lang, &names, &assets).expect("every string formats");
            for (name, change) in CASES {
                let mut c = full_page();
                c.lang = lang.into();
                change(&mut c);
                let got = render(&c, &strings, NAV).expect("the text's language is listed");
                c.nav_html = crate::nav::mark_current(NAV, &c.page.url);
                let want = crate::render::render(&tera, "page.html", &c, "page.md".as_ref()).unwrap();
                assert_eq!(got, want, "{lang}, {name}");
            }
        }
    }

    /// A sidebar with every kind of entry: parts, a separator, drafts with and without a number, chapters three
    /// levels deep in two branches, untranslated ones, text that needs escaping.
    fn sidebar() -> Vec<NavView> {
        let entry = |kind, title: &str, level, branch, translated, number: &str| NavView {
            kind,
            title: title.into(),
            url: if kind == "chapter" {
                format!("/docs/{}/?a&b", title.len())
            } else {
                String::new()
            },
            level,
            branch,
            translated,
            number: number.into(),
        };
        vec![
            entry("chapter", "Intro", 0, 0, true, ""),
            entry("part", "Part <one> & more", 0, 0, true, ""),
            entry("chapter", "Install", 0, 2, true, "1."),
            entry("chapter", "On Linux", 1, 2, false, "1.1."),
            entry("chapter", "From \"source\"", 2, 2, true, "1.1.1."),
            entry("draft", "Later", 1, 2, true, "1.2."),
            entry("chapter", "Deep", 3, 2, true, ""),
            entry("separator", "", 0, 0, true, ""),
            entry("chapter", "Use", 0, 7, false, "2."),
            entry("draft", "Soon <b>", 1, 7, true, ""),
            entry("chapter", "Tokens", 1, 7, true, "2.1."),
            entry("part", "Reference", 0, 0, true, ""),
            entry("chapter", "API", 0, 10, true, "3."),
            entry("chapter", "Ends nested", 2, 10, true, "3.0.1."),
        ]
    }

    #[test]
    fn every_sidebar_renders_as_tera_renders() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let config = crate::config::Config::load(&root).unwrap();
        let (catalog, _) = Catalog::load(&config);
        let catalog = Arc::new(catalog);
        let assets: HashMap<String, String> = ["style.css", "highlight.css", "polydoc.js", "search.js"]
            .iter()
            .map(|p| (p.to_string(), p.to_string()))
            .collect();
        let assets = Arc::new(assets);
        let templates = crate::render::templates(&shipped_theme()).unwrap();
        let tera = crate::render::for_language(&templates.tera, "es", catalog.clone(), assets.clone());
        let strings = Strings::new(&catalog, "es", &[], &assets).unwrap();
        let all = sidebar();
        let empty: Vec<NavView> = Vec::new();
        for items in [&all, &all[..3].to_vec(), &all[5..].to_vec(), &empty] {
            for open in [None, Some(0), Some(2), Some(7), Some(10)] {
                for unfolded in [0, 1, 2, 255] {
                    let ctx = crate::render::NavContext {
                        lang: "es".into(),
                        nav: items.clone(),
                        open_branch: open,
                        unfolded,
                    };
                    let want = crate::render::render(&tera, "nav.html", &ctx, "book.toml".as_ref()).unwrap();
                    let got = nav(items, open, unfolded, &strings);
                    assert_eq!(got, want, "{} entries, open {open:?}, unfolded {unfolded}", items.len());
                }
            }
        }
    }

    #[test]
    fn text_in_a_language_the_site_does_not_list_is_left_to_tera() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let config = crate::config::Config::load(&root).unwrap();
        let (catalog, _) = Catalog::load(&config);
        let names = vec![("en".to_string(), "English".to_string())];
        let assets: HashMap<String, String> = ["style.css", "highlight.css", "polydoc.js", "search.js"]
            .iter()
            .map(|p| (p.to_string(), p.to_string()))
            .collect();
        let strings = Strings::new(&catalog, "en", &names, &assets).unwrap();
        let mut c = full_page();
        c.page.content_lang = "fr".into();
        assert!(render(&c, &strings, NAV).is_none());
        c.page.translated = true;
        assert!(render(&c, &strings, NAV).is_some(), "a translated page shows no notice");
    }

    #[test]
    fn a_missing_asset_leaves_the_language_to_tera() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let config = crate::config::Config::load(&root).unwrap();
        let (catalog, _) = Catalog::load(&config);
        let assets: HashMap<String, String> = ["style.css", "polydoc.js", "search.js"]
            .iter()
            .map(|p| (p.to_string(), p.to_string()))
            .collect();
        assert!(Strings::new(&catalog, "en", &[], &assets).is_none());
    }
}
