//! The write stage: every output file of the site, through a [`Writer`]: pages and their Markdown alternates,
//! the root chooser and 404 pages, content assets, the search index and page list of each language, `llms.txt`,
//! `sitemap.xml` and `robots.txt`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::alternates::{self, LlmsEntry};
use crate::assets::Assets;
use crate::check::{self, Checked};
use crate::config::Config;
use crate::content::Content;
use crate::deferred::{JobDoc, SearchJob};
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Catalog;
use crate::markdown::Rendered;
use crate::nav::{self, LangNav};
use crate::output::{self, SitemapEntry};
use crate::page_template;
use crate::plan::{Plan, Route};
use crate::render::{self, PageListEntry, PagesContext, RootContext, SiteView};
use crate::resolve::Urls;
use crate::search::{self, SearchText};
use crate::views;
use crate::write::Writer;

/// What the write stage needs besides the plan and the rendered pages.
struct Emit<'a> {
    config: &'a Config,
    content: &'a Content,
    catalog: &'a Catalog,
    plan: &'a Plan<'a>,
    checked: &'a Checked,
    prepared: &'a Prepared<'a>,
    out: &'a dyn Writer,
    previous: &'a Signatures,
    /// A session's rebuild: stale search indexes are left to [`crate::deferred`].
    defer_search: bool,
}

/// What the previous build of a session produced from which inputs, so an incremental build skips what did not
/// change: each page's signature by its site path, each language's search signature.
#[derive(Debug, Default, Clone)]
pub(crate) struct Signatures {
    pub pages: HashMap<String, u64>,
    pub search: HashMap<String, u64>,
    pub navs: nav::NavHtml,
    /// The site-wide files' signature ([`Emit::listing_signature`]) and their paths.
    pub lists: Option<(u64, Vec<String>)>,
}

/// A writer that notes the path of every file written through it.
struct Recording<'a> {
    inner: &'a dyn Writer,
    paths: std::sync::Mutex<Vec<String>>,
}

impl Writer for Recording<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        self.inner.write(rel, bytes)
    }

    fn copy(&self, rel: &str, src: &std::path::Path) -> std::io::Result<()> {
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_string());
        self.inner.copy(rel, src)
    }

    fn files(&self) -> usize {
        self.inner.files()
    }
}

/// What every page is rendered with: each language's templates and sidebar, the site's view, what a language's
/// pages share (as a hash), and each language's checker catalogue. Made before the Markdown pass on a plain
/// build, so each page is written as soon as it is rendered.
pub(crate) struct Prepared<'a> {
    teras: HashMap<&'a str, tera::Tera>,
    /// Each language's strings for [`crate::page_template`], when the theme's page and sidebar templates are the
    /// shipped ones and every string formats; a language without renders its pages and sidebars through Tera.
    rust_page: HashMap<&'a str, page_template::Strings>,
    navs: HashMap<&'a str, LangNav>,
    nav_html: nav::NavHtml,
    site: SiteView,
    shapes: HashMap<&'a str, u64>,
    catalogues: &'a HashMap<String, String>,
}

/// Templates per language, sidebars (those of `previous` whose inputs did not change are reused), the site's
/// view and each language's shape.
#[allow(clippy::too_many_arguments)]
pub(crate) fn prepare<'a>(
    config: &'a Config,
    content: &Content,
    catalog: &Arc<Catalog>,
    plan: &Plan<'_>,
    assets: &Assets,
    templates: &render::Templates,
    catalogues: &'a HashMap<String, String>,
    previous: &Signatures,
    diags: &mut Diagnostics,
) -> Prepared<'a> {
    let teras: HashMap<&str, tera::Tera> = config
        .languages
        .iter()
        .map(|l| {
            let t = render::for_language(&templates.tera, &l.code, catalog.clone(), assets.urls.clone());
            (l.code.as_str(), t)
        })
        .collect();
    let names: Vec<(String, String)> = config
        .languages
        .iter()
        .map(|l| (l.code.clone(), l.name.clone()))
        .collect();
    let rust_page = config
        .languages
        .iter()
        .filter(|_| templates.rust_page)
        .filter_map(|l| {
            Some((
                l.code.as_str(),
                page_template::Strings::new(catalog, &l.code, &names, &assets.urls)?,
            ))
        })
        .collect();
    // What a language's sidebars are rendered with besides their entries: the theme and the strings (a language
    // falls back on another's).
    let strings = {
        let mut h = DefaultHasher::new();
        assets.signature.hash(&mut h);
        for f in catalog.files.values().flatten() {
            f.text().hash(&mut h);
        }
        h.finish()
    };
    let (navs, nav_html, d) = nav::sidebars(config, content, plan, &teras, &rust_page, strings, &previous.navs);
    diags.extend(d);
    // What every page of a language shares: the sidebar (titles, order), the strings, the theme and assets.
    let shapes: HashMap<&str, u64> = navs
        .iter()
        .map(|(lang, nav)| {
            let mut h = DefaultHasher::new();
            (strings, nav.signature(), catalogues.get(*lang)).hash(&mut h);
            (*lang, h.finish())
        })
        .collect();
    crate::timings::mark("templates, sidebars");
    Prepared {
        teras,
        rust_page,
        navs,
        nav_html,
        site: views::site_view(config, assets),
        shapes,
        catalogues,
    }
}

impl Prepared<'_> {
    /// One page's HTML and its Markdown alternate.
    pub fn page(
        &self,
        config: &Config,
        plan: &Plan<'_>,
        out: &dyn Writer,
        o: &Route<'_>,
        r: &Rendered,
    ) -> Result<(), Diagnostic> {
        let lang = o.lang.code.as_str();
        let nav = &self.navs[lang];
        let rust = self.rust_page.get(lang);
        let mut ctx = views::page_context(config, plan, o, r, &self.site, (nav, rust.is_none()));
        if !r.checkers.is_empty() {
            ctx.checker_catalogue = self.catalogues.get(&o.lang.code).cloned();
        }
        let sidebar = views::sidebar(nav, o.key);
        let html = match rust.and_then(|s| page_template::render(&ctx, s, sidebar)) {
            Some(html) => html,
            None => {
                if rust.is_some() {
                    ctx.nav_html = nav::mark_current(sidebar, &ctx.page.url);
                }
                render::render(&self.teras[lang], "page.html", &ctx, &o.source.file)?
            }
        };
        let put = |path: &str, bytes: &[u8]| out.write(path, bytes).map_err(|e| write_error(path, &e));
        put(&crate::text::concat(&[&o.site_path, "index.html"]), html.as_bytes())?;
        let header = views::alternate_header(config, plan, o);
        let md = alternates::page_markdown(o.source, &header, &r.alternate_edits);
        put(&crate::text::concat(&[&o.site_path, "index.md"]), md.as_bytes())
    }
}

/// Write the whole site: theme files, then pages (unless `streamed` holds how writing each went, in the plan's
/// order), content files, search, homes, page lists, llms.txt and the sitemap. Returns the number of pages
/// produced, the signatures of this build and the search indexes left to the background.
#[allow(clippy::too_many_arguments)]
pub(crate) fn site(
    prepared: Prepared<'_>,
    (config, content, catalog): (&Config, &Content, &Catalog),
    plan: &Plan<'_>,
    checked: &mut Checked,
    assets: &Assets,
    out: &dyn Writer,
    previous: &Signatures,
    (keep_rendered, defer_search): (bool, bool),
    streamed: Option<Vec<Result<(), Diagnostic>>>,
    diags: &mut Diagnostics,
) -> (usize, Signatures, Vec<SearchJob>) {
    for (path, bytes) in &assets.files {
        if let Err(e) = out.write(path, bytes) {
            diags.push(write_error(path, &e));
        }
    }
    macro_rules! emit {
        ($checked:expr) => {
            Emit {
                config,
                content,
                catalog,
                plan,
                checked: $checked,
                prepared: &prepared,
                out,
                previous,
                defer_search,
            }
        };
    }
    let (pages, page_sigs) = match streamed {
        Some(results) => (count_pages(results, diags), HashMap::new()),
        None => emit!(checked).pages(diags),
    };
    crate::timings::mark("pages");
    // The pages are written and checked: unless a session keeps the passes for its next build, free what only the
    // pages and the checks needed (a plain build freed the HTML and search texts during the pass already).
    for r in checked.rendered.iter_mut().filter(|_| !keep_rendered) {
        if let Some(r) = Arc::get_mut(r) {
            r.html = String::new();
            r.alternate_edits = Vec::new();
            r.ids = Default::default();
            r.links = Vec::new();
            r.structure = Default::default();
            r.outside = Vec::new();
        }
    }
    let emit = emit!(checked);
    emit.assets(diags);
    let (search, jobs) = emit.search(diags);
    crate::timings::mark("content files, search");
    // The site-wide files (homes, page lists, llms.txt, sitemap, redirects): in a session, kept as they are when
    // nothing they are made of changed.
    let listing = emit.listing_signature();
    let lists = match &previous.lists {
        Some((sig, paths)) if *sig == listing => {
            for p in paths {
                out.keep(p);
            }
            Some((listing, paths.clone()))
        }
        _ => {
            let recording = Recording {
                inner: out,
                paths: Default::default(),
            };
            let lists = Emit {
                out: &recording,
                ..emit!(checked)
            };
            // Independent of each other: two at a time, their problems reported in this order.
            let mut found: [Diagnostics; 4] = Default::default();
            let [homes, page_lists, llms, sitemap] = &mut found;
            rayon::join(
                || {
                    lists.homes(homes);
                    lists.page_lists(page_lists);
                },
                || {
                    lists.llms(llms);
                    lists.sitemap(sitemap);
                },
            );
            for d in found {
                diags.extend(d);
            }
            for (path, html) in crate::mdbook::redirects::pages(config, plan) {
                if let Err(d) = lists.put(&path, html.as_bytes()) {
                    diags.push(d);
                }
            }
            let paths = recording.paths.into_inner().unwrap_or_else(|e| e.into_inner());
            keep_rendered.then_some((listing, paths))
        }
    };
    crate::timings::mark("homes, page lists, llms.txt, sitemap");
    (
        pages,
        Signatures {
            pages: page_sigs,
            search,
            navs: prepared.nav_html.clone(),
            lists,
        },
        jobs,
    )
}

impl Emit<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        self.out.write(path, bytes).map_err(|e| write_error(path, &e))
    }

    /// Render `template` with `ctx` for `lang` and write it to `path`.
    fn template<C: Serialize>(&self, lang: &str, template: &str, ctx: &C, path: &str) -> Result<(), Diagnostic> {
        let html = render::render(
            &self.prepared.teras[lang],
            template,
            ctx,
            &self.config.root.join("book.toml"),
        )?;
        self.put(path, html.as_bytes())
    }

    /// A page's signature: its Markdown pass, its language's shape, and its translations' state and URLs.
    fn signature(&self, i: usize) -> u64 {
        let o = &self.plan.routes[i];
        let mut h = DefaultHasher::new();
        (
            self.checked.signatures[i],
            self.prepared.shapes.get(o.lang.code.as_str()),
        )
            .hash(&mut h);
        for l in &self.config.languages {
            self.plan
                .get(&l.code, o.key)
                .map(|r| (&r.site_path, r.state))
                .hash(&mut h);
        }
        h.finish()
    }

    /// Every page and its Markdown alternate, in parallel; a page whose signature did not change since the
    /// previous build of a session is kept as it is. Returns how many pages there are, and their signatures.
    fn pages(&self, diags: &mut Diagnostics) -> (usize, HashMap<String, u64>) {
        let results: Vec<(Result<(), Diagnostic>, u64)> = (0..self.plan.routes.len())
            .into_par_iter()
            .map(|i| {
                let (o, r) = (&self.plan.routes[i], &self.checked.rendered[i]);
                let sig = self.signature(i);
                if self.previous.pages.get(&o.site_path) == Some(&sig) {
                    self.out.keep(&format!("{}index.html", o.site_path));
                    self.out.keep(&format!("{}index.md", o.site_path));
                    return (Ok(()), sig);
                }
                (self.prepared.page(self.config, self.plan, self.out, o, r), sig)
            })
            .collect();
        let sigs = self
            .plan
            .routes
            .iter()
            .zip(&results)
            .filter(|(_, (r, _))| r.is_ok())
            .map(|(o, (_, s))| (o.site_path.clone(), *s))
            .collect();
        (count_pages(results.into_iter().map(|(r, _)| r).collect(), diags), sigs)
    }

    /// The root language chooser, and a 404 page per language.
    fn homes(&self, diags: &mut Diagnostics) {
        let urls = Urls::new(self.config);
        let default = self.config.default_language();
        for l in &self.config.languages {
            let is_default = l.code == default.code;
            let ctx = RootContext {
                site: self.prepared.site.clone(),
                lang: l.code.clone(),
                dir: l.dir.as_str(),
                homes: views::homes(self.config, &l.code),
                home_url: if is_default {
                    self.config.base_path.clone()
                } else {
                    urls.home(&l.code)
                },
            };
            let mut files = vec![("404.html", format!("{}/404.html", l.code))];
            if is_default {
                files = vec![("root.html", "index.html".into()), ("404.html", "404.html".into())];
            }
            for (template, path) in files {
                if let Err(d) = self.template(&l.code, template, &ctx, &path) {
                    diags.push(d);
                }
            }
        }
    }

    /// Content assets (images…) keep their names, per language.
    fn assets(&self, diags: &mut Diagnostics) {
        for a in self.content.assets.values().flat_map(|m| m.values()) {
            let path = format!("{}/{}", a.lang, a.key);
            if let Err(e) = self.out.copy(&path, &a.file) {
                diags.push(write_error(&path, &e));
            }
        }
    }

    /// Each language's search index (kept as it is when none of its inputs changed since the previous build of a
    /// session, and left to a background job when the session defers it), and the page list that stands in for
    /// it without scripts. Returns the signature of each language whose index is written, and the deferred jobs.
    fn search(&self, diags: &mut Diagnostics) -> (HashMap<String, u64>, Vec<SearchJob>) {
        let urls = Urls::new(self.config);
        let mut sigs = HashMap::new();
        let mut stale = Vec::new();
        let mut jobs = Vec::new();
        for l in &self.config.languages {
            let mut h = DefaultHasher::new();
            for (i, o) in self
                .plan
                .routes
                .iter()
                .enumerate()
                .filter(|(_, o)| o.lang.code == l.code)
            {
                (self.checked.signatures[i], &o.site_path, &o.source.front.title).hash(&mut h);
            }
            let sig = h.finish();
            if self.previous.search.get(&l.code) == Some(&sig) {
                self.out.keep_prefix(&format!("search/{}/", l.code));
                sigs.insert(l.code.clone(), sig);
            } else if self.checked.indexed.contains(&l.code) {
                // Written by the Markdown pass as soon as the language's pages were rendered.
                sigs.insert(l.code.clone(), sig);
            } else if self.defer_search {
                // The old index stays until the job has written the new one.
                self.out.keep_prefix(&format!("search/{}/", l.code));
                jobs.push(SearchJob {
                    lang: l.code.clone(),
                    signature: sig,
                    docs: self
                        .pages_of(&l.code)
                        .map(|(o, r)| {
                            let d = search_doc(self.config, &urls, o, Cow::Borrowed(&r.search));
                            JobDoc {
                                url: d.url,
                                title: d.title,
                                content_lang: d.content_lang,
                                content_lang_name: d.content_lang_name,
                                rendered: r.clone(),
                            }
                        })
                        .collect(),
                });
            } else {
                sigs.insert(l.code.clone(), sig);
                stale.push(l);
            }
        }
        // One language after the other (each index is built on every core), so only one is in memory at a time.
        for l in stale {
            let docs: Vec<search::SearchDoc<'_>> = self
                .pages_of(&l.code)
                .map(|(o, r)| search_doc(self.config, &urls, o, Cow::Borrowed(&r.search)))
                .collect();
            diags.extend(search::write(&l.code, docs, |path, bytes| {
                self.put(&format!("search/{}/{path}", l.code), bytes)
            }));
        }
        (sigs, jobs)
    }

    /// The page list of each language, which stands in for the search index without scripts.
    fn page_lists(&self, diags: &mut Diagnostics) {
        let urls = Urls::new(self.config);
        for l in &self.config.languages {
            let ctx = PagesContext {
                site: self.prepared.site.clone(),
                lang: l.code.clone(),
                dir: l.dir.as_str(),
                home_url: urls.home(&l.code),
                pages: self
                    .plan
                    .of(&l.code)
                    .map(|o| PageListEntry {
                        title: o.source.front.title.clone(),
                        url: urls.of(o),
                        description: o.source.front.description.clone(),
                        translated: o.translated(),
                    })
                    .collect(),
                alternates: render::page_list_alternates(self.config, &l.code),
                canonical: urls.absolute(&format!("{}pages/", urls.home(&l.code))),
                x_default: urls.absolute(&format!("{}pages/", urls.home(&self.config.default_language().code))),
            };
            if let Err(d) = self.template(&l.code, "pages.html", &ctx, &format!("{}/pages/index.html", l.code)) {
                diags.push(d);
            }
        }
    }

    /// A hash of everything the site-wide files are made of: each route's language, key, URL, title, description
    /// and whether it is translated, the settings, and each language's strings, theme and sidebar.
    fn listing_signature(&self) -> u64 {
        let mut h = DefaultHasher::new();
        for r in &self.plan.routes {
            let f = &r.source.front;
            (
                &r.lang.code,
                r.key,
                &r.site_path,
                &f.title,
                &f.description,
                // Whether it is translated, not whether the translation is current: no list shows that.
                r.translated(),
                &r.source.lang,
            )
                .hash(&mut h);
        }
        // Every setting (book.toml's redirects, the site's address…), through its printed form.
        format!("{:?}", self.config).hash(&mut h);
        for l in &self.config.languages {
            self.prepared.shapes.get(l.code.as_str()).hash(&mut h);
        }
        h.finish()
    }

    /// The routes of language `lang`, in the plan's order, with their Markdown pass.
    fn pages_of<'s>(&'s self, lang: &'s str) -> impl Iterator<Item = (&'s Route<'s>, &'s Arc<Rendered>)> + 's {
        self.plan
            .routes
            .iter()
            .zip(&self.checked.rendered)
            .filter(move |(o, _)| o.lang.code == lang)
    }

    /// `llms.txt` for the site (every language) and for each language, from one list per language.
    fn llms(&self, diags: &mut Diagnostics) {
        let urls = Urls::new(self.config);
        let all: Vec<(String, Vec<LlmsEntry>)> = self
            .config
            .languages
            .iter()
            .map(|l| {
                let entries = self
                    .plan
                    .of(&l.code)
                    .map(|o| LlmsEntry {
                        title: o.source.front.title.clone(),
                        url: urls.absolute(&format!("{}index.md", urls.of(o))),
                        description: o.source.front.description.clone(),
                    })
                    .collect();
                (l.name.clone(), entries)
            })
            .collect();
        let text = |lang: &str, sections: &[(String, Vec<LlmsEntry>)]| {
            alternates::llms_txt(
                &self.catalog.text(lang, "site-title"),
                &self.catalog.text(lang, "site-description"),
                &self.catalog.text(lang, "llms-intro"),
                sections,
            )
        };
        for (l, section) in self.config.languages.iter().zip(&all) {
            let t = text(&l.code, std::slice::from_ref(section));
            if let Err(d) = self.put(&format!("{}/llms.txt", l.code), t.as_bytes()) {
                diags.push(d);
            }
        }
        let root = text(&self.config.default_language().code, &all);
        if let Err(d) = self.put("llms.txt", root.as_bytes()) {
            diags.push(d);
        }
    }

    /// `sitemap.xml`, with every language's alternates, and `robots.txt`.
    fn sitemap(&self, diags: &mut Diagnostics) {
        let urls = Urls::new(self.config);
        let default = &self.config.default_language().code;
        let mut robots = String::from("User-agent: *\nAllow: /\n");
        if self.config.site_url.is_empty() {
            // mdBook has no such key: for a book in its layout this is information, not a problem to fix.
            let d = if self.config.mdbook.is_some() {
                Diagnostic::note
            } else {
                Diagnostic::warning
            };
            diags.push(
                d("no `[site] url` in book.toml: sitemap.xml and canonical links need the site's address")
                    .in_file(self.config.root.join("book.toml"))
                    .help("add `[site]` with `url = \"https://group.gitlab.io\"`"),
            );
        } else {
            let entries: Vec<SitemapEntry> = self
                .plan
                .routes
                .iter()
                .map(|o| {
                    let mut alternates: Vec<(String, String)> = self
                        .config
                        .languages
                        .iter()
                        .filter_map(|l| {
                            self.plan
                                .get(&l.code, o.key)
                                .map(|r| (l.code.clone(), urls.absolute(&urls.of(r))))
                        })
                        .collect();
                    if let Some(r) = self.plan.get(default, o.key) {
                        alternates.push(("x-default".into(), urls.absolute(&urls.of(r))));
                    }
                    SitemapEntry {
                        loc: urls.absolute(&urls.of(o)),
                        alternates,
                    }
                })
                .collect();
            if let Err(d) = self.put("sitemap.xml", output::sitemap(&entries).as_bytes()) {
                diags.push(d);
            }
            robots.push_str(&format!("Sitemap: {}\n", self.config.absolute_url("sitemap.xml")));
        }
        if let Err(d) = self.put("robots.txt", robots.as_bytes()) {
            diags.push(d);
        }
        if let Err(d) = self.put("_headers", crate::csp::headers_file(&self.config.base_path).as_bytes()) {
            diags.push(d);
        }
    }
}

/// A route as its language's search index sees it.
fn search_doc<'r>(config: &Config, urls: &Urls<'_>, o: &Route<'_>, text: Cow<'r, SearchText>) -> search::SearchDoc<'r> {
    search::SearchDoc {
        url: urls.of(o),
        title: o.source.front.title.clone(),
        content_lang: o.source.lang.clone(),
        content_lang_name: config
            .language(&o.source.lang)
            .map(|x| x.name.clone())
            .unwrap_or_default(),
        text,
    }
}

/// A plain build's search indexes, one per language, each page added as soon as the Markdown pass is done with
/// it ([`check::Index`]).
pub(crate) struct StreamedIndexes<'a> {
    config: &'a Config,
    out: &'a dyn Writer,
    languages: Vec<(String, search::Indexer<'static>)>,
    /// Page files that could not be written.
    problems: Mutex<Vec<Diagnostic>>,
}

impl<'a> StreamedIndexes<'a> {
    pub fn new(config: &'a Config, out: &'a dyn Writer) -> Self {
        StreamedIndexes {
            config,
            out,
            languages: config
                .languages
                .iter()
                .map(|l| (l.code.clone(), search::Indexer::new(&l.code)))
                .collect(),
            problems: Mutex::new(Vec::new()),
        }
    }

    fn indexer(&self, lang: &str) -> Option<&search::Indexer<'static>> {
        self.languages.iter().find(|(l, _)| l == lang).map(|(_, i)| i)
    }

    fn put(&self, lang: &str, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = crate::text::concat(&["search/", lang, "/", path]);
        self.out.write(&path, bytes).map_err(|e| write_error(&path, &e))
    }
}

impl check::Index for StreamedIndexes<'_> {
    fn page(&self, route: &Route<'_>, position: usize, text: SearchText) {
        let lang = route.lang.code.as_str();
        let Some(indexer) = self.indexer(lang) else {
            return;
        };
        let doc = search_doc(self.config, &Urls::new(self.config), route, Cow::Owned(text));
        for (path, body) in indexer.page(position as u32, doc) {
            if let Err(d) = self.put(lang, &path, body.as_bytes()) {
                self.problems.lock().unwrap_or_else(|p| p.into_inner()).push(d);
            }
        }
    }

    fn done(&self, lang: &str, pages: usize) -> Vec<Diagnostic> {
        let mut problems = std::mem::take(&mut *self.problems.lock().unwrap_or_else(|p| p.into_inner()));
        if let Some(indexer) = self.indexer(lang) {
            let never = std::sync::atomic::AtomicBool::new(false);
            problems.extend(indexer.finish(pages, &never, |path, bytes| self.put(lang, path, bytes)));
        }
        problems
    }
}

/// How many pages were written, given how writing each went; the problems go to `diags`. A template problem
/// fails every page the same way: it is reported once, with how many pages it hit.
fn count_pages(results: Vec<Result<(), Diagnostic>>, diags: &mut Diagnostics) -> usize {
    let count = results.iter().filter(|r| r.is_ok()).count();
    let mut by_message: Vec<(Diagnostic, usize)> = Vec::new();
    for d in results.into_iter().filter_map(Result::err) {
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
    count
}

pub(crate) fn write_error(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot write the site (`{path}`): {e}")).help(
        "check that the output folder and its parent are writable and the disk has room; the previous output was kept",
    )
}
