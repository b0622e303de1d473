//! The build driver: runs each stage once, in order, collects every problem, and writes the site only when there are no errors.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::alternates;
use crate::checker;
use crate::config::{Config, Language};
use crate::content::{self, Content, Page, SummaryItem};
use crate::diag::{Diagnostic, Diagnostics};
use crate::frontmatter::CheckerBlock;
use crate::i18n::{Arg, Catalog};
use crate::links::{self, LinkSource};
use crate::markdown::{self, Rendered, Resolver, escape_html};
use crate::output::{self, SitemapEntry, Staging};
use crate::render::{
    self, AlternateView, LinkView, NavContext, NavView, PageContext, PageListEntry, PageView, PagesContext,
    RootContext, SiteView,
};
use crate::search;
use crate::status::{self, PageState};
use crate::theme::Theme;

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The folder holding `book.toml`.
    pub root: PathBuf,
    /// Treat warnings (missing translations of UI strings, pages outside SUMMARY.md…) as errors.
    pub strict: bool,
    /// Write here instead of `[build] build-dir`.
    pub out_dir: Option<PathBuf>,
    /// Folder with the checker widget's `token_check_web.js` and `token_check_web_bg.wasm`.
    pub checker_dir: Option<PathBuf>,
    /// Where the site will be served, overriding `[site] url` and `base-path` (e.g. GitLab Pages' `CI_PAGES_URL`).
    pub public_url: Option<String>,
    /// Add the pseudo-locales `en-XA` (accented, longer) and `ar-XB` (right to left), made from the default language.
    pub pseudo: bool,
}

/// A successful build.
#[derive(Debug)]
pub struct BuildReport {
    pub out_dir: PathBuf,
    /// HTML pages written (every language).
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
}

/// A failed build: every problem found, errors first. Nothing was written.
#[derive(Debug)]
pub struct BuildFailure {
    pub root: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == crate::Severity::Error)
            .count()
    }
}

impl std::fmt::Display for BuildFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{}", d.clone().relative_to(&self.root))?;
        }
        let n = self.error_count();
        write!(
            f,
            "error: build failed with {n} error{}; the previous output was left untouched",
            if n == 1 { "" } else { "s" }
        )
    }
}

/// One page to publish: a key in a language, with the file its text comes from.
struct Output<'a> {
    lang: &'a Language,
    key: &'a str,
    source: &'a Page,
    translated: bool,
    /// Translated, but the original changed since.
    outdated: bool,
    site_path: String,
}

/// Build the site: check everything, then render into a staging folder and swap it in for the output folder.
/// On any error nothing is swapped: the previous output stays exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let fail = |diags: Diagnostics| BuildFailure {
        root: options.root.clone(),
        diagnostics: diags.sorted(),
    };
    let mut config = Config::load(&options.root).map_err(fail)?;
    let mut diags = Diagnostics::new();
    if let Some(url) = &options.public_url
        && let Err(e) = config.set_public_url(url)
    {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(e)
                .help("pass the address the site is served at, such as `https://group.gitlab.io/project`"),
        );
        return Err(fail(d));
    }
    let (mut content, d) = content::load(&config);
    diags.extend(d);
    let (mut catalog, d) = Catalog::load(&config);
    diags.extend(d);
    diags.extend(catalog.lint());
    diags.extend(status::outdated_warnings(&config, &content));
    diags.extend(status::parity_warnings(&config, &content));
    // Pseudo-locales are generated after the translation checks, which are about real translations.
    if options.pseudo {
        crate::pseudo::extend(&mut config, &mut content, &mut catalog);
    }
    let (theme, d) = Theme::load(&config);
    diags.extend(d);
    let tera = match render::templates(&theme) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    // Keep going through Markdown and the link check even after errors, so every problem is reported at once.
    let catalog = Arc::new(catalog);

    // Static assets get content-hashed names. Small files wait in memory until the build is known to be good.
    let mut small: Vec<(String, Vec<u8>)> = Vec::new();
    let mut asset_urls: HashMap<String, String> = HashMap::new();
    for (name, file) in theme.statics() {
        let hashed = output::hashed_name(&format!("assets/{name}"), &file.bytes);
        asset_urls.insert(name.to_string(), format!("{}{hashed}", config.base_path));
        small.push((hashed, file.bytes.clone()));
    }
    let checker = checker_assets(options, &config, &mut small, &mut diags);
    let asset_urls = Arc::new(asset_urls);

    let outputs = plan(&config, &content, &mut diags);
    let index: HashMap<(&str, &str), usize> = outputs
        .iter()
        .enumerate()
        .map(|(i, o)| ((o.lang.code.as_str(), o.key), i))
        .collect();

    // Markdown, in parallel: one render per page per language.
    let rendered: Vec<Rendered> = outputs
        .par_iter()
        .map(|o| {
            let resolver = PageResolver {
                config: &config,
                content: &content,
                catalog: &catalog,
                out: o,
                outputs: &outputs,
                index: &index,
                checker: checker.as_ref(),
            };
            markdown::render(o.source, &resolver)
        })
        .collect();

    // Report each source file's problems once, even when it is rendered for several languages.
    let mut seen: HashSet<(PathBuf, String, Option<usize>)> = HashSet::new();
    for (o, r) in outputs.iter().zip(&rendered) {
        for d in &r.diagnostics {
            let key = (
                o.source.file.clone(),
                d.message.clone(),
                d.location.as_ref().and_then(|l| l.line),
            );
            if seen.insert(key) {
                diags.push(d.clone());
            }
        }
    }
    let ids: HashMap<(String, String), &HashSet<String>> = outputs
        .iter()
        .zip(&rendered)
        .map(|(o, r)| ((o.lang.code.clone(), o.key.to_string()), &r.ids))
        .collect();
    let sources: Vec<LinkSource<'_>> = outputs
        .iter()
        .zip(&rendered)
        .map(|(o, r)| LinkSource {
            lang: &o.lang.code,
            page: o.source,
            links: &r.links,
        })
        .collect(); // The checker's help page needs a section per verdict in every language.
    if let Some(help) = &config.checker_help {
        for l in &config.languages {
            match index.get(&(l.code.as_str(), help.as_str())) {
                None => diags.push(
                    Diagnostic::error(format!("`[checker] help-page = \"{help}\"` is not a page"))
                        .in_file(config.root.join("book.toml"))
                        .help(format!(
                            "create `content/{}/{help}`, or fix the key",
                            config.default_language().code
                        )),
                ),
                Some(&i) => {
                    let missing = checker::missing_help_sections(&rendered[i].ids);
                    if !missing.is_empty() {
                        diags.push(
                            Diagnostic::error(format!(
                                "the checker's help page has no section for {} in `{}`: {}",
                                if missing.len() == 1 { "this verdict" } else { "these verdicts" },
                                l.code,
                                missing.iter().map(|m| format!("`#{m}`")).collect::<Vec<_>>().join(", ")
                            ))
                            .in_file(&outputs[i].source.file)
                            .help("add a heading per verdict with the verdict's id, e.g. `## The token has expired {#verdict-token-expired}`"),
                        );
                    }
                }
            }
        }
    }
    // The checker's messages, compiled once per language for the pages that have a checker.
    let mut catalogues: HashMap<&str, String> = HashMap::new();
    if rendered.iter().any(|r| !r.checkers.is_empty()) {
        let mut seen_lint = HashSet::new();
        for l in &config.languages {
            let (json, lint) = checker::catalogue(&catalog, &l.code);
            for d in lint {
                if seen_lint.insert(d.to_string()) {
                    diags.push(d);
                }
            }
            catalogues.insert(l.code.as_str(), json);
        }
    }
    for d in links::check(&sources, &ids) {
        let key = (
            d.location.as_ref().map(|l| l.file.clone()).unwrap_or_default(),
            d.message.clone(),
            d.location.as_ref().and_then(|l| l.line),
        );
        if seen.insert(key) {
            diags.push(d);
        }
    }
    let Some(tera) = tera.filter(|_| !(diags.has_errors() || (options.strict && !diags.is_empty()))) else {
        return Err(fail(finish(diags, options.strict)));
    };

    // Templates, in parallel per language.
    let site_view = SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        base_path: config.base_path.clone(),
        languages: render::language_views(&config),
        default_language: config.default_language().code.clone(),
        csp: crate::csp::policy(!crate::csp::uses_html_sink_in(&small, false)),
        csp_checker: crate::csp::policy(!crate::csp::uses_html_sink_in(&small, true)),
    };
    let teras: HashMap<&str, tera::Tera> = config
        .languages
        .iter()
        .map(|l| {
            (
                l.code.as_str(),
                render::for_language(&tera, &l.code, catalog.clone(), asset_urls.clone()),
            )
        })
        .collect();
    // From here on files are written, into a staging folder that only a fully successful build swaps in.
    let out_dir = options.out_dir.clone().unwrap_or_else(|| config.build_dir.clone());
    let staging = match Staging::create(&out_dir) {
        Ok(s) => s,
        Err(e) => {
            diags.push(write_error(&out_dir, &e));
            return Err(fail(finish(diags, options.strict)));
        }
    };
    let put = |path: &str, bytes: &[u8]| {
        staging
            .write(path, bytes)
            .map_err(|e| write_error(&out_dir.join(path), &e))
    };
    for (path, bytes) in &small {
        if let Err(d) = put(path, bytes) {
            diags.push(d);
        }
    }

    // Each language's sidebar is rendered once; pages only mark their own entry.
    let mut navs: HashMap<&str, LangNav> = HashMap::new();
    for l in &config.languages {
        let (items, mut nav) = lang_nav(&config, &content, &outputs, &index, l);
        // Nested chapters show only in the current page's top-level branch (mdBook's `fold`), so a page's
        // sidebar stays small on large sites; one rendering per branch that has children, one for the rest.
        let variants: Vec<Option<usize>> = std::iter::once(None)
            .chain(nav.branches_with_children.iter().copied().map(Some))
            .collect();
        for open in variants {
            let shown: Vec<NavView> = items
                .iter()
                .filter(|i| i.level == 0 || Some(i.branch) == open)
                .cloned()
                .collect();
            let ctx = NavContext {
                lang: l.code.clone(),
                nav: shown,
                open_branch: open,
            };
            match render::render(
                &teras[l.code.as_str()],
                "nav.html",
                &ctx,
                &config.root.join("book.toml"),
            ) {
                Ok(html) => {
                    nav.html.insert(open, html);
                }
                Err(d) => diags.push(d),
            }
        }
        navs.insert(l.code.as_str(), nav);
    }
    let pages: Vec<Result<(), Diagnostic>> = outputs
        .par_iter()
        .zip(rendered.par_iter())
        .map(|(o, r)| {
            let mut ctx = page_context(&config, &outputs, &index, o, r, &site_view, &navs[o.lang.code.as_str()]);
            if !r.checkers.is_empty() {
                ctx.checker_catalogue = catalogues.get(o.lang.code.as_str()).cloned();
            }
            let html = render::render(&teras[o.lang.code.as_str()], "page.html", &ctx, &o.source.file)?;
            put(&format!("{}index.html", o.site_path), html.as_bytes())?;
            let md = markdown_alternate(&config, &content, &catalog, &outputs, &index, o, checker.as_ref());
            put(&format!("{}index.md", o.site_path), md.as_bytes())
        })
        .collect();
    let page_count = pages.iter().filter(|p| p.is_ok()).count();
    // A template problem fails every page the same way: report it once, with how many pages it hit.
    let mut by_message: Vec<(Diagnostic, usize)> = Vec::new();
    for d in pages.into_iter().filter_map(Result::err) {
        match by_message.iter_mut().find(|(first, _)| first.message == d.message) {
            Some((_, n)) => *n += 1,
            None => by_message.push((d, 1)),
        }
    }
    for (mut d, n) in by_message {
        if n > 1 {
            d.message = format!("{} (and {} more pages)", d.message, n - 1);
        }
        diags.push(d);
    }

    // The root language chooser and the 404 pages.
    let homes = |current: &str| -> Vec<AlternateView> {
        config
            .languages
            .iter()
            .map(|l| {
                let url = format!("{}{}/", config.base_path, l.code);
                AlternateView {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    href: absolute(&config, &url),
                    url,
                    translated: true,
                    outdated: false,
                    current: l.code == current,
                }
            })
            .collect()
    };
    let default = config.default_language();
    let root_ctx = RootContext {
        site: site_view.clone(),
        lang: default.code.clone(),
        dir: default.dir.as_str(),
        homes: homes(&default.code),
        home_url: config.base_path.clone(),
    };
    for (template, path) in [
        ("root.html", "index.html".to_string()),
        ("404.html", "404.html".to_string()),
    ] {
        match render::render(
            &teras[default.code.as_str()],
            template,
            &root_ctx,
            &config.root.join("book.toml"),
        ) {
            Ok(html) => {
                if let Err(d) = put(&path, html.as_bytes()) {
                    diags.push(d);
                }
            }
            Err(d) => diags.push(d),
        }
    }
    for l in &config.languages[1..] {
        let ctx = RootContext {
            site: site_view.clone(),
            lang: l.code.clone(),
            dir: l.dir.as_str(),
            homes: homes(&l.code),
            home_url: format!("{}{}/", config.base_path, l.code),
        };
        match render::render(
            &teras[l.code.as_str()],
            "404.html",
            &ctx,
            &config.root.join("book.toml"),
        ) {
            Ok(html) => {
                if let Err(d) = put(&format!("{}/404.html", l.code), html.as_bytes()) {
                    diags.push(d);
                }
            }
            Err(d) => diags.push(d),
        }
    }

    // Content assets (images…) keep their names, per language.
    for assets in content.assets.values() {
        for a in assets.values() {
            let path = format!("{}/{}", a.lang, a.key);
            if let Err(e) = staging.copy(&path, &a.file) {
                diags.push(write_error(&out_dir.join(&path), &e));
            }
        }
    } // Search: one index per language, and the page list that stands in for it without scripts.
    for l in &config.languages {
        let mine: Vec<&Output<'_>> = outputs.iter().filter(|o| o.lang.code == l.code).collect();
        let docs: Vec<search::SearchDoc<'_>> = mine
            .iter()
            .map(|o| search::SearchDoc {
                url: url_of(&config, o),
                title: o.source.front.title.clone(),
                content_lang: o.source.lang.clone(),
                content_lang_name: config
                    .language(&o.source.lang)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                page: o.source,
            })
            .collect();
        for (path, bytes) in search::build(&l.code, &docs) {
            if let Err(d) = put(&format!("search/{}/{path}", l.code), &bytes) {
                diags.push(d);
            }
        }
        let ctx = PagesContext {
            site: site_view.clone(),
            lang: l.code.clone(),
            dir: l.dir.as_str(),
            home_url: format!("{}{}/", config.base_path, l.code),
            pages: mine
                .iter()
                .map(|o| PageListEntry {
                    title: o.source.front.title.clone(),
                    url: url_of(&config, o),
                    description: o.source.front.description.clone(),
                    translated: o.translated || o.lang.code == default.code,
                })
                .collect(),
            alternates: render::page_list_alternates(&config, &l.code),
            canonical: absolute(&config, &format!("{}{}/pages/", config.base_path, l.code)),
            x_default: absolute(&config, &format!("{}{}/pages/", config.base_path, default.code)),
        };
        match render::render(
            &teras[l.code.as_str()],
            "pages.html",
            &ctx,
            &config.root.join("book.toml"),
        ) {
            Ok(html) => {
                if let Err(d) = put(&format!("{}/pages/index.html", l.code), html.as_bytes()) {
                    diags.push(d);
                }
            }
            Err(d) => diags.push(d),
        }
    }

    // llms.txt for the site (every language) and for each language, from one list per language.
    let all: Vec<(String, Vec<alternates::LlmsEntry>)> = config
        .languages
        .iter()
        .map(|l| {
            let entries = outputs
                .iter()
                .filter(|o| o.lang.code == l.code)
                .map(|o| alternates::LlmsEntry {
                    title: o.source.front.title.clone(),
                    url: absolute(&config, &format!("{}index.md", url_of(&config, o))),
                    description: o.source.front.description.clone(),
                })
                .collect();
            (l.name.clone(), entries)
        })
        .collect();
    for (l, section) in config.languages.iter().zip(&all) {
        let text = alternates::llms_txt(
            &catalog.text(&l.code, "site-title"),
            &catalog.text(&l.code, "site-description"),
            &catalog.text(&l.code, "llms-intro"),
            std::slice::from_ref(section),
        );
        if let Err(d) = put(&format!("{}/llms.txt", l.code), text.as_bytes()) {
            diags.push(d);
        }
    }
    let root_llms = alternates::llms_txt(
        &catalog.text(&default.code, "site-title"),
        &catalog.text(&default.code, "site-description"),
        &catalog.text(&default.code, "llms-intro"),
        &all,
    );
    if let Err(d) = put("llms.txt", root_llms.as_bytes()) {
        diags.push(d);
    }

    // sitemap.xml and robots.txt.
    if config.site_url.is_empty() {
        diags.push(
            Diagnostic::warning(
                "no `[site] url` in book.toml: sitemap.xml and canonical links need the site's address",
            )
            .in_file(config.root.join("book.toml"))
            .help("add `[site]` with `url = \"https://group.gitlab.io\"`"),
        );
    } else {
        let mut entries = Vec::new();
        for o in &outputs {
            let mut alternates: Vec<(String, String)> = config
                .languages
                .iter()
                .filter_map(|l| {
                    index
                        .get(&(l.code.as_str(), o.key))
                        .map(|&i| (l.code.clone(), absolute(&config, &url_of(&config, &outputs[i]))))
                })
                .collect();
            if let Some(&i) = index.get(&(default.code.as_str(), o.key)) {
                alternates.push(("x-default".into(), absolute(&config, &url_of(&config, &outputs[i]))));
            }
            entries.push(SitemapEntry {
                loc: absolute(&config, &url_of(&config, o)),
                alternates,
            });
        }
        if let Err(d) = put("sitemap.xml", output::sitemap(&entries).as_bytes()) {
            diags.push(d);
        }
    }
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if !config.site_url.is_empty() {
        robots.push_str(&format!("Sitemap: {}\n", config.absolute_url("sitemap.xml")));
    }
    if let Err(d) = put("robots.txt", robots.as_bytes()) {
        diags.push(d);
    }
    if let Err(d) = put("_headers", crate::csp::headers_file(&config.base_path).as_bytes()) {
        diags.push(d);
    }

    if diags.has_errors() || (options.strict && !diags.is_empty()) {
        return Err(fail(finish(diags, options.strict)));
    }
    let files = staging.files();
    if let Err(e) = staging.commit() {
        diags.push(write_error(&out_dir, &e));
        return Err(fail(finish(diags, options.strict)));
    }
    let warnings = diags
        .sorted()
        .into_iter()
        .map(|d| d.relative_to(&options.root))
        .collect();
    Ok(BuildReport {
        out_dir,
        pages: page_count,
        files,
        warnings,
    })
}

fn write_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write the site: {e}"))
        .in_file(path)
        .help("check that the output folder and its parent are writable and the disk has room; the previous output was kept")
}

/// Apply `--strict` and sort.
fn finish(mut diags: Diagnostics, strict: bool) -> Diagnostics {
    if strict {
        diags.make_strict();
    }
    diags
}

fn url_of(config: &Config, o: &Output<'_>) -> String {
    format!("{}{}", config.base_path, o.site_path)
}

fn absolute(config: &Config, url: &str) -> String {
    format!("{}{}", config.site_url, url)
}

/// Decide what to publish: every page of the default language in every language (translated or not), in SUMMARY order.
fn plan<'a>(config: &'a Config, content: &'a Content, diags: &mut Diagnostics) -> Vec<Output<'a>> {
    let default = config.default_language();
    static EMPTY: std::sync::OnceLock<BTreeMap<String, Page>> = std::sync::OnceLock::new();
    let default_pages = content
        .pages
        .get(&default.code)
        .unwrap_or_else(|| EMPTY.get_or_init(BTreeMap::new));
    let order: HashMap<&str, usize> = content
        .summaries
        .get(&default.code)
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
        .unwrap_or_default();
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
    match content.summaries.get(&default.code) {
        None if !default_pages.is_empty() => diags.push(
            Diagnostic::warning(format!(
                "no `content/{}/SUMMARY.md`: the sidebar and prev/next links are empty",
                default.code
            ))
            .help("list the pages in mdBook's format: `- [Title](page.md)`"),
        ),
        Some(summary) => {
            for item in &summary.items {
                if let SummaryItem::Chapter { key, title, .. } = item
                    && !default_pages.contains_key(key)
                    && !content.failed.contains(&(default.code.clone(), key.clone()))
                {
                    diags.push(
                        Diagnostic::error(format!("SUMMARY.md lists `{key}` ({title}), which does not exist"))
                            .in_file(config.content_dir.join(&default.code).join("SUMMARY.md"))
                            .help(format!("create `content/{}/{key}` or remove the entry", default.code)),
                    );
                }
            }
            for key in default_pages.keys() {
                if !order.contains_key(key.as_str()) {
                    diags.push(
                        Diagnostic::warning(format!(
                            "`{key}` is not listed in SUMMARY.md, so no sidebar entry or prev/next link leads to it"
                        ))
                        .in_file(&default_pages[key].file)
                        .help(format!("add `- [Title]({key})` to content/{}/SUMMARY.md", default.code)),
                    );
                }
            }
        }
        None => {}
    }
    let mut outputs = Vec::new();
    for lang in &config.languages {
        let own = content.pages.get(&lang.code);
        let mut keys: Vec<&str> = default_pages.keys().map(String::as_str).collect();
        if let Some(own) = own {
            for (key, page) in own {
                if !default_pages.contains_key(key) {
                    let original_failed = content.failed.contains(&(default.code.clone(), key.clone()));
                    if lang.code != default.code && !original_failed {
                        diags.push(
                            Diagnostic::warning(format!("`{key}` has no `{}` original; it is published in `{}` only", default.code, lang.code))
                                .in_file(&page.file)
                                .help(format!("pages are paired by path: create `content/{}/{key}`, or rename this file to match its original", default.code)),
                        );
                    }
                    keys.push(key);
                }
            }
        }
        keys.sort_by_key(|k| (order.get(k).copied().unwrap_or(usize::MAX), *k));
        for key in keys {
            let (source, translated) = match own.and_then(|o| o.get(key)) {
                Some(p) => (p, true),
                None => (&default_pages[key], false),
            };
            let site_path = if translated {
                source.site_path.clone()
            } else {
                content::site_path(&lang.code, key, source.front.slug.as_deref())
            };
            let outdated = translated
                && lang.code != default.code
                && default_pages
                    .get(key)
                    .is_some_and(|o| status::page_state(o, Some(source)) == PageState::Outdated);
            outputs.push(Output {
                lang,
                key,
                source,
                translated,
                outdated,
                site_path,
            });
        }
    } // `/<lang>/pages/` is the page list (the search's fallback without scripts).
    for o in &outputs {
        if o.site_path == format!("{}/pages/", o.lang.code) {
            diags.push(
                Diagnostic::error(format!("`/{}` is reserved for the list of pages", o.site_path))
                    .in_file(&o.source.file)
                    .help("give the page another `slug`"),
            );
        }
    }
    // Two pages of a language on one URL (a translated slug meeting a fallback's).
    let mut urls: HashMap<(&str, &str), &Output<'_>> = HashMap::new();
    for o in &outputs {
        if let Some(other) = urls.insert((o.lang.code.as_str(), o.site_path.as_str()), o) {
            diags.push(
                Diagnostic::error(format!(
                    "duplicate URL `/{}`: `{}` and `{}` both publish there",
                    o.site_path,
                    config.relative(&other.source.file),
                    config.relative(&o.source.file)
                ))
                .at(match o.source.text.find("\nslug:") {
                    Some(off) => crate::diag::Location::at_offset(&o.source.file, &o.source.text, off + 1),
                    None => crate::diag::Location::file(&o.source.file),
                })
                .help("give one of them a different `slug`"),
            );
        }
    }
    outputs
}

/// Checker widget files, hashed into assets/. `None` when not built.
struct CheckerAssets {
    glue: String,
    wasm: String,
}

fn checker_assets(
    options: &BuildOptions,
    config: &Config,
    small: &mut Vec<(String, Vec<u8>)>,
    diags: &mut Diagnostics,
) -> Option<CheckerAssets> {
    let dir = options.checker_dir.as_ref()?;
    let read = |name: &str| std::fs::read(dir.join(name));
    match (read("token_check_web.js"), read("token_check_web_bg.wasm")) {
        (Ok(js), Ok(wasm)) => {
            let glue = output::hashed_name("assets/token_check_web.js", &js);
            let wasm_name = output::hashed_name("assets/token_check_web_bg.wasm", &wasm);
            small.push((glue.clone(), js));
            small.push((wasm_name.clone(), wasm));
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
}

/// Answers the Markdown renderer's questions for one page in one language.
struct PageResolver<'a> {
    config: &'a Config,
    content: &'a Content,
    catalog: &'a Catalog,
    out: &'a Output<'a>,
    outputs: &'a [Output<'a>],
    index: &'a HashMap<(&'a str, &'a str), usize>,
    checker: Option<&'a CheckerAssets>,
}

impl Resolver for PageResolver<'_> {
    fn page_url(&self, key: &str) -> Option<String> {
        match self.index.get(&(self.out.lang.code.as_str(), key)) {
            Some(i) => Some(url_of(self.config, &self.outputs[*i])),
            // A page that failed to load was reported already; don't report every link to it too.
            None => self
                .content
                .failed
                .iter()
                .any(|(_, k)| k == key)
                .then(|| "#".to_string()),
        }
    }

    fn asset_url(&self, key: &str) -> Option<String> {
        let src = &self.out.source.lang;
        let default = &self.config.default_language().code;
        [src, default]
            .into_iter()
            .find(|l| self.content.asset(l, key).is_some())
            .map(|l| format!("{}{l}/{key}", self.config.base_path))
    }

    fn allow_content_scripts(&self) -> bool {
        self.config.allow_content_scripts
    }

    fn callout_title(&self, kind: &str) -> String {
        // The text's own language: a callout belongs to the content.
        self.catalog.text(&self.out.source.lang, &format!("callout-{kind}"))
    }

    fn checker_html(&self, block: &CheckerBlock, index: usize) -> String {
        let lang = &self.out.lang.code;
        let scopes: Vec<&str> = block
            .require
            .iter()
            .chain(&block.require_any)
            .map(String::as_str)
            .collect();
        let noscript = self
            .catalog
            .format(
                lang,
                "checker-noscript",
                &[("scopes".into(), Arg::Str(scopes.join(", ")))],
            )
            .unwrap_or_default();
        let mut attrs = format!(
            "class=\"token-checker\" id=\"token-checker-{}\" data-require=\"{}\" data-require-any=\"{}\" data-token-name=\"{}\"",
            index + 1,
            escape_html(&block.require.join(" ")),
            escape_html(&block.require_any.join(" ")),
            escape_html(block.token_name.as_deref().unwrap_or("")),
        );
        attrs.push_str(" data-catalogue=\"polydoc-checker-catalogue\"");
        if let Some(help) = self.config.checker_help.as_deref().and_then(|k| self.page_url(k)) {
            attrs.push_str(&format!(" data-help=\"{}\"", escape_html(&help)));
        }
        if let Some(c) = self.checker {
            attrs.push_str(&format!(
                " data-glue=\"{}\" data-wasm=\"{}\"",
                escape_html(&c.glue),
                escape_html(&c.wasm)
            ));
        }
        format!(
            "<div {attrs}>\n<noscript><p class=\"checker-noscript\">{}</p></noscript>\n</div>\n",
            escape_html(&noscript)
        )
    }
}

/// A language's sidebar, computed once: its rendered HTML and the chapter order for prev/next and section titles.
struct LangNav {
    /// The sidebar with one top-level branch unfolded (`Some(branch)`), or none (`None`).
    html: HashMap<Option<usize>, String>,
    /// Top-level branches that have nested chapters.
    branches_with_children: std::collections::BTreeSet<usize>,
    /// (url, title, section, branch) in SUMMARY order.
    chapters: Vec<(String, String, Option<String>, usize)>,
    position: HashMap<String, usize>,
}

/// Build the sidebar of language `lang`: titles from its pages, part headings from its own SUMMARY.md when it has one.
fn lang_nav(
    config: &Config,
    content: &Content,
    outputs: &[Output<'_>],
    index: &HashMap<(&str, &str), usize>,
    lang: &Language,
) -> (Vec<NavView>, LangNav) {
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
    let mut branches_with_children = std::collections::BTreeSet::new();
    if let Some(summary) = content.summaries.get(&default.code) {
        for item in &summary.items {
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
                    });
                }
                SummaryItem::Separator => nav.push(NavView {
                    kind: "separator",
                    title: String::new(),
                    url: String::new(),
                    level: 0,
                    branch: 0,
                    translated: true,
                }),
                SummaryItem::Chapter { key, title, level } => {
                    let Some(&i) = index.get(&(lang.code.as_str(), key.as_str())) else {
                        continue;
                    };
                    let target = &outputs[i];
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
                    let url = url_of(config, target);
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
                        translated: target.translated || lang.code == default.code,
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

/// The sidebar HTML with the current page marked (`nav.html` writes each link as `href="URL"`).
fn mark_current(html: &str, url: &str) -> String {
    let needle = format!("href=\"{}\"", escape_html(url));
    match html.find(&needle) {
        Some(i) => {
            let end = i + needle.len();
            format!("{} aria-current=\"page\"{}", &html[..end], &html[end..])
        }
        None => html.to_string(),
    }
}

/// The Markdown alternate of one published page.
fn markdown_alternate(
    config: &Config,
    content: &Content,
    catalog: &Catalog,
    outputs: &[Output<'_>],
    index: &HashMap<(&str, &str), usize>,
    o: &Output<'_>,
    checker: Option<&CheckerAssets>,
) -> String {
    let default = config.default_language();
    let resolver = PageResolver {
        config,
        content,
        catalog,
        out: o,
        outputs,
        index,
        checker,
    };
    let original = index.get(&(default.code.as_str(), o.key)).map(|&i| &outputs[i]);
    let translation = if o.lang.code == default.code {
        "original"
    } else if !o.translated {
        "not-translated"
    } else {
        match original.map(|orig| status::page_state(orig.source, Some(o.source))) {
            Some(PageState::Current) => "current",
            Some(PageState::Outdated) => "outdated",
            Some(PageState::Untracked) => "untracked",
            _ => "original",
        }
    };
    let url = url_of(config, o);
    let header = alternates::AlternateHeader {
        title: o.source.front.title.clone(),
        description: o.source.front.description.clone(),
        lang: o.source.lang.clone(),
        page_lang: o.lang.code.clone(),
        url: absolute(config, &url),
        translation,
        translated_from: original
            .filter(|_| o.lang.code != default.code)
            .map(|orig| absolute(config, &format!("{}index.md", url_of(config, orig)))),
    };
    let page_url = absolute(config, &url);
    alternates::page_markdown(o.source, &header, &resolver, &|u| absolute(config, u), &|scopes| {
        let text = catalog
            .format(
                &o.lang.code,
                "checker-markdown-note",
                &[
                    ("scopes".into(), Arg::Str(scopes.join(", "))),
                    ("url".into(), Arg::Str(page_url.clone())),
                ],
            )
            .unwrap_or_default();
        format!("> {text}\n")
    })
}

/// The view of one page: its text, its language links, and the sidebar and prev/next in its language.
#[allow(clippy::too_many_arguments)]
fn page_context(
    config: &Config,
    outputs: &[Output<'_>],
    index: &HashMap<(&str, &str), usize>,
    o: &Output<'_>,
    r: &Rendered,
    site: &SiteView,
    nav: &LangNav,
) -> PageContext {
    let default = config.default_language();
    let url = url_of(config, o);
    let alternates: Vec<AlternateView> = config
        .languages
        .iter()
        .filter_map(|l| {
            let i = *index.get(&(l.code.as_str(), o.key))?;
            let other = &outputs[i];
            let url = url_of(config, other);
            Some(AlternateView {
                code: l.code.clone(),
                name: l.name.clone(),
                href: absolute(config, &url),
                url,
                translated: other.translated || l.code == default.code,
                outdated: other.outdated,
                current: l.code == o.lang.code,
            })
        })
        .collect();
    let x_default = index
        .get(&(default.code.as_str(), o.key))
        .map(|&i| absolute(config, &url_of(config, &outputs[i])))
        .unwrap_or_else(|| absolute(config, &url));
    // Untranslated text is canonical at its original.
    let canonical = if o.translated || o.lang.code == default.code {
        absolute(config, &url)
    } else {
        x_default.clone()
    };
    let pos = nav.position.get(o.key).copied();
    let branch = pos
        .map(|p| nav.chapters[p].3)
        .filter(|b| nav.branches_with_children.contains(b));
    let nav_html = nav.html.get(&branch).map(String::as_str).unwrap_or_default();
    let link = |p: usize| LinkView {
        title: nav.chapters[p].1.clone(),
        url: nav.chapters[p].0.clone(),
    };
    let prev = pos.and_then(|p| p.checked_sub(1)).map(link);
    let next = pos.filter(|p| p + 1 < nav.chapters.len()).map(|p| link(p + 1));
    let section = pos.and_then(|p| nav.chapters[p].2.clone());
    let content_lang = config.language(&o.source.lang).unwrap_or(default);
    PageContext {
        site: site.clone(),
        lang: o.lang.code.clone(),
        dir: o.lang.dir.as_str(),
        page: PageView {
            title: o.source.front.title.clone(),
            description: o.source.front.description.clone(),
            content: r.html.clone(),
            toc: r.toc.clone(),
            url: url.clone(),
            canonical,
            content_lang: content_lang.code.clone(),
            content_dir: content_lang.dir.as_str(),
            translated: o.translated || o.lang.code == default.code,
            outdated: o.outdated,
            original_url: index
                .get(&(default.code.as_str(), o.key))
                .map(|&i| url_of(config, &outputs[i]))
                .unwrap_or_default(),
            markdown_url: format!("{url}index.md"),
            has_checker: !r.checkers.is_empty(),
        },
        alternates,
        x_default,
        nav_html: mark_current(nav_html, &url),
        prev,
        next,
        section,
        home_url: format!("{}{}/", config.base_path, o.lang.code),
        checker_catalogue: None,
        search_index: format!("{}search/{}/", config.base_path, o.lang.code),
        pages_url: format!("{}{}/pages/", config.base_path, o.lang.code),
    }
}

/// Used by tests and tools: the root of this repository's shipped site.
pub fn repo_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}
