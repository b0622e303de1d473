//! The Markdown stage and the checks that need every page rendered: the pass over each route (in parallel),
//! problems reported once per source file, structure parity of translations, the checker's help page and
//! catalogues, and every internal link and `#anchor`.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::checker;
use crate::config::Config;
use crate::content::Content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Catalog;
use crate::links::{self, LinkSource};
use crate::markdown::{self, Rendered};
use crate::plan::{Plan, Route};
use crate::resolve::{CheckerAssets, PageResolver};
use crate::translation;

/// Every route rendered, in the plan's order, and the checker catalogue of each language that has a checker.
pub(crate) struct Checked {
    pub rendered: Vec<Arc<Rendered>>,
    /// What each route's Markdown pass depended on: equal signatures, equal output.
    pub signatures: Vec<u64>,
    /// How many routes the Markdown pass ran for (the others came from the cache).
    pub fresh: usize,
    /// How writing each page went, when pages were written as they were rendered (a plain build).
    pub streamed: Option<Vec<Result<(), Diagnostic>>>,
    /// Each translation's parity problems, for the next build of a session.
    pub parity: ParityCache,
    /// The languages whose search index the pass already wrote.
    pub indexed: HashSet<String>,
}

/// A translation's parity problems by its site path, with the pass signatures of the original and the translation
/// they were found for: equal signatures, equal problems.
pub(crate) type ParityCache = HashMap<String, (u64, u64, Vec<Diagnostic>)>;

/// What a page is handed to as soon as it is rendered: write it (a plain build).
pub(crate) type WritePage<'a> = dyn Fn(&Route<'_>, &Rendered) -> Result<(), Diagnostic> + Sync + 'a;

/// A plain build's search indexes: each page is handed over as soon as it is rendered, and each language once
/// all its pages were.
pub(crate) trait Index: Sync {
    /// The search text of `route`, page number `position` of its language (its place among the language's
    /// routes).
    fn page(&self, route: &Route<'_>, position: usize, text: crate::search::SearchText);
    /// Every one of the `pages` pages of `lang` was handed over: write the rest of its index. Returns the
    /// index's problems.
    fn done(&self, lang: &str, pages: usize) -> Vec<Diagnostic>;
}

/// The most pages one thread renders in a row without letting another take the rest. Rayon stops splitting
/// after a few halvings unless a piece is stolen, so once pages also fed the index its last piece of a language
/// kept one core busy for about 0.3 s (2 × 5,000 pages) while the other had nothing left to take.
const PIECE: usize = 32;

/// One route's pass, its signature, and how writing its page went (when it was written at once).
type PassResult = (Arc<Rendered>, u64, Option<Result<(), Diagnostic>>);

/// How to run the pass: the rendered pages of an earlier build, and whom to tell of progress.
pub(crate) struct Rendering<'a> {
    pub cache: &'a RenderCache,
    pub parity: &'a ParityCache,
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
}

/// Rendered pages of an earlier build, by site path (one per language and key), with the signature of what they depended on.
pub(crate) type RenderCache = HashMap<String, (u64, Arc<Rendered>)>;

/// Everything a page's Markdown pass may ask the resolver about, as one hash: the site's routes and URLs, its
/// files, its strings, the checker's assets and the settings that reach the HTML.
fn epoch(
    config: &Config,
    content: &Content,
    catalog: &Catalog,
    plan: &Plan<'_>,
    checker: Option<&CheckerAssets>,
) -> u64 {
    let mut h = DefaultHasher::new();
    (&config.base_path, &config.site_url, &config.checker_help).hash(&mut h);
    for r in &plan.routes {
        (&r.lang.code, r.key, &r.site_path).hash(&mut h);
    }
    for (lang, assets) in &content.assets {
        (lang, assets.keys().collect::<Vec<_>>()).hash(&mut h);
    }
    content.unloaded.hash(&mut h);
    for files in catalog.files.values() {
        for f in files {
            f.text().hash(&mut h);
        }
    }
    checker.map(|c| (&c.glue, &c.wasm)).hash(&mut h);
    h.finish()
}

/// Render every route once (handing each to `write_page`, when given, and then freeing its HTML) and check what
/// needs all of them. `lints` are the checker catalogues' problems, reported when some page has a checker.
#[allow(clippy::too_many_arguments)]
pub(crate) fn render_and_check(
    config: &Config,
    content: &Content,
    catalog: &Catalog,
    plan: &Plan<'_>,
    checker: Option<&CheckerAssets>,
    Rendering {
        cache,
        parity: previous_parity,
        progress,
    }: Rendering<'_>,
    (write_page, index): (Option<&WritePage<'_>>, Option<&dyn Index>),
    lints: Vec<Diagnostic>,
) -> (Checked, Diagnostics) {
    let total = plan.routes.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let fresh = std::sync::atomic::AtomicUsize::new(0);
    let epoch = epoch(config, content, catalog, plan, checker);
    let highlights = crate::highlight::Cache::default();
    let one = |route: &Route<'_>, position: usize| -> PassResult {
        let mut h = DefaultHasher::new();
        (
            epoch,
            &route.lang.code,
            &route.source.lang,
            &route.source.hash,
            &route.source.file,
        )
            .hash(&mut h);
        // The hash is the file's own; what it includes is in the expanded text.
        if let Some(i) = &route.source.includes {
            i.expanded.text.hash(&mut h);
        }
        let sig = h.finish();
        let cached = cache.get(&route.site_path);
        let r = match cached {
            Some((s, r)) if *s == sig => r.clone(),
            _ => {
                fresh.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let resolver = PageResolver {
                    config,
                    content,
                    catalog,
                    plan,
                    route,
                    checker,
                    highlights: &highlights,
                };
                let mut r = markdown::render(route.source, &resolver);
                if let Some(write) = write_page {
                    let written = write(route, &r);
                    if let Some(index) = index {
                        index.page(route, position, std::mem::take(&mut r.search));
                    }
                    // Written and indexed: what only the page's HTML and its index needed is freed.
                    r.html = String::new();
                    r.alternate_edits = Vec::new();
                    r.toc = Vec::new();
                    progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, total);
                    return (Arc::new(r), sig, Some(written));
                }
                Arc::new(r)
            }
        };
        let written = write_page.map(|write| write(route, &r));
        if let Some(index) = index {
            index.page(route, position, r.search.clone());
        }
        progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, total);
        (r, sig, written)
    };
    // One language after the other (the plan groups routes by language), each on every core; each page goes to
    // its language's index as soon as it is rendered. Once a language's pages are all rendered, its index is
    // finished and its links are checked (against the ids pages have in the same language) while the next
    // language renders: the index's sorting and merging leave cores idle that the next pages fill.
    let finish = |range: std::ops::Range<usize>, part: &mut Vec<PassResult>| {
        // Independent: the index's last steps leave a core idle that the link check fills.
        let (index_problems, link_problems) = rayon::join(
            || index.map_or_else(Vec::new, |i| i.done(&plan.routes[range.start].lang.code, range.len())),
            || check_links(&plan.routes[range.clone()], part),
        );
        // A plain build then frees the links, and the ids nothing else reads.
        if write_page.is_some() {
            for (route, p) in plan.routes[range].iter().zip(part.iter_mut()) {
                if let Some(r) = Arc::get_mut(&mut p.0) {
                    r.links = Vec::new();
                    if config.checker_help.as_deref() != Some(route.key) {
                        r.ids = Default::default();
                    }
                }
            }
        }
        (index_problems, link_problems)
    };
    let mut languages = Vec::new();
    let mut start = 0;
    while start < total {
        let lang = &plan.routes[start].lang.code;
        let end = start + plan.routes[start..].iter().take_while(|r| r.lang.code == *lang).count();
        languages.push(start..end);
        start = end;
    }
    let mut results: Vec<PassResult> = Vec::with_capacity(total);
    let mut indexed = HashSet::new();
    let mut index_problems = Vec::new();
    let mut link_problems = Diagnostics::new();
    let mut finished = |range: std::ops::Range<usize>, part: Vec<PassResult>, (of_index, of_links)| {
        if index.is_some() {
            indexed.insert(plan.routes[range.start].lang.code.clone());
        }
        index_problems.extend(of_index);
        link_problems.extend(of_links);
        results.extend(part);
    };
    let mut pending: Option<(std::ops::Range<usize>, Vec<PassResult>)> = None;
    for (i, range) in languages.iter().enumerate() {
        let previous = pending.take();
        let (previous, part) = rayon::join(
            || {
                previous.map(|(range, mut part)| {
                    let problems = finish(range.clone(), &mut part);
                    (range, part, problems)
                })
            },
            || {
                let routes = &plan.routes[range.clone()];
                routes
                    .par_iter()
                    .enumerate()
                    .with_max_len(PIECE)
                    .map(|(i, r)| one(r, i))
                    .collect::<Vec<_>>()
            },
        );
        if let Some((range, part, problems)) = previous {
            finished(range, part, problems);
        }
        if i + 1 == languages.len() {
            // Every page is rendered: the highlighted code blocks are not needed any more.
            highlights.clear();
        }
        pending = Some((range.clone(), part));
    }
    if let Some((range, mut part)) = pending {
        let problems = finish(range.clone(), &mut part);
        finished(range, part, problems);
    }
    let mut streamed = write_page.map(|_| Vec::with_capacity(results.len()));
    let mut rendered = Vec::with_capacity(results.len());
    let mut signatures = Vec::with_capacity(results.len());
    for (r, sig, written) in results {
        rendered.push(r);
        signatures.push(sig);
        if let (Some(all), Some(w)) = (streamed.as_mut(), written) {
            all.push(w);
        }
    }
    let mut diags = Diagnostics::new();
    diags.extend(index_problems);
    // Report each source file's problems once, even when it is rendered for several languages.
    let mut seen: HashSet<(PathBuf, String, Option<usize>)> = HashSet::new();
    let mut once = |d: Diagnostic, diags: &mut Diagnostics| {
        let key = (
            d.location.as_ref().map(|l| l.file.clone()).unwrap_or_default(),
            d.message.clone(),
            d.location.as_ref().and_then(|l| l.line),
        );
        if seen.insert(key) {
            diags.push(d);
        }
    };
    for r in &rendered {
        for d in &r.diagnostics {
            once(d.clone(), &mut diags);
        }
    }
    diags.extend(outside_book(plan, &rendered));
    let (d, parity) = parity(config, plan, &rendered, &signatures, previous_parity);
    diags.extend(d);
    diags.extend(help_page(config, plan, &rendered));
    if rendered.iter().any(|r| !r.checkers.is_empty()) {
        diags.extend(lints);
    }
    for d in link_problems {
        once(d, &mut diags);
    }
    (
        Checked {
            rendered,
            signatures,
            fresh: fresh.into_inner(),
            streamed,
            parity,
            indexed,
        },
        diags,
    )
}

/// The broken `page#anchor` links of one language's routes (`part`, in the routes' order).
fn check_links(routes: &[Route<'_>], part: &[PassResult]) -> Diagnostics {
    let ids: HashMap<(&str, &str), &crate::markdown::Ids> = routes
        .iter()
        .zip(part)
        .map(|(o, p)| ((o.lang.code.as_str(), o.key), &p.0.ids))
        .collect();
    let sources: Vec<LinkSource<'_>> = routes
        .iter()
        .zip(part)
        .map(|(o, p)| LinkSource {
            lang: &o.lang.code,
            page: o.source,
            links: &p.0.links,
        })
        .collect();
    links::check(&sources, &ids)
}

/// Links that leave an mdBook book (`../std/index.html`): one warning per place they lead to, each source file's
/// links counted once however many languages show it.
fn outside_book(plan: &Plan<'_>, rendered: &[Arc<Rendered>]) -> Diagnostics {
    let mut seen = HashSet::new();
    let mut links = Vec::new();
    for (route, r) in plan.routes.iter().zip(rendered) {
        for (offset, path) in &r.outside {
            if seen.insert((&route.source.file, *offset)) {
                links.push(crate::mdbook::links::OutsideLink {
                    file: &route.source.file,
                    text: &route.source.text,
                    offset: *offset,
                    path,
                });
            }
        }
    }
    let mut diags = Diagnostics::new();
    for d in crate::mdbook::links::outside_book_warnings(&links) {
        diags.push(d);
    }
    diags
}

/// Translations whose code, links, checker scopes or explicit ids differ from their original's, from the
/// structure the Markdown pass recorded; a pair whose passes are those of `previous` keeps its problems.
fn parity(
    config: &Config,
    plan: &Plan<'_>,
    rendered: &[Arc<Rendered>],
    signatures: &[u64],
    previous: &ParityCache,
) -> (Diagnostics, ParityCache) {
    let default = &config.default_language().code;
    // Each translation compared on every core; the problems are then reported in route order.
    let compared: Vec<(&Route<'_>, (u64, u64), Vec<Diagnostic>)> = plan
        .routes
        .par_iter()
        .enumerate()
        .filter_map(|(i, route)| {
            if route.lang.code == *default || !route.translated() || route.source.lang != route.lang.code {
                return None;
            }
            let o = plan.position(default, route.key)?;
            let sigs = (signatures[o], signatures[i]);
            let found = match previous.get(&route.site_path) {
                Some((a, b, found)) if (*a, *b) == sigs => found.clone(),
                _ => translation::parity(&rendered[o].structure, &rendered[i].structure)
                    .into_iter()
                    .map(|(kind, detail)| {
                        Diagnostic::warning(format!("translation differs from its original ({kind}): {detail}"))
                            .code("translation-parity")
                            .in_file(&route.source.file)
                            .help(format!(
                                "compare with `{}`; keep code, links, ids and checker scopes as in the original",
                                config.relative(&plan.routes[o].source.file)
                            ))
                    })
                    .collect(),
            };
            Some((route, sigs, found))
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut now = ParityCache::new();
    for (route, sigs, found) in compared {
        diags.extend(found.iter().cloned());
        now.insert(route.site_path.clone(), (sigs.0, sigs.1, found));
    }
    (diags, now)
}

/// The checker's help page needs a section per verdict in every language.
fn help_page(config: &Config, plan: &Plan<'_>, rendered: &[Arc<Rendered>]) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let Some(help) = &config.checker_help else { return diags };
    for l in &config.languages {
        match plan.position(&l.code, help) {
            None => diags.push(
                Diagnostic::error(format!("`[checker] help-page = \"{help}\"` is not a page"))
                    .in_file(config.root.join("book.toml"))
                    .help(format!(
                        "create `content/{}/{help}`, or fix the key",
                        config.default_language().code
                    )),
            ),
            Some(i) => {
                let missing = checker::missing_help_sections(&rendered[i].ids);
                if !missing.is_empty() {
                    diags.push(
                        Diagnostic::error(format!(
                            "the checker's help page has no section for {} in `{}`: {}",
                            if missing.len() == 1 { "this verdict" } else { "these verdicts" },
                            l.code,
                            missing.iter().map(|m| format!("`#{m}`")).collect::<Vec<_>>().join(", ")
                        ))
                        .in_file(&plan.routes[i].source.file)
                        .help("add a heading per verdict with the verdict's id, e.g. `## The token has expired {#verdict-token-expired}`"),
                    );
                }
            }
        }
    }
    diags
}

/// The checker's messages, compiled once per language, and the problems found compiling them (each once).
pub(crate) fn checker_catalogues(config: &Config, catalog: &Catalog) -> (HashMap<String, String>, Vec<Diagnostic>) {
    let mut out = HashMap::new();
    let mut lints = Vec::new();
    let mut seen = HashSet::new();
    for l in &config.languages {
        let (json, lint) = checker::catalogue(catalog, &l.code);
        for d in lint {
            if seen.insert(d.to_string()) {
                lints.push(d);
            }
        }
        out.insert(l.code.clone(), json);
    }
    (out, lints)
}
