//! The build driver: loads the project, then runs each stage once, in order, collecting every problem; the site is
//! written through a [`Writer`] and swapped in only when there are no errors.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::{Checked, RenderCache};
use crate::config::Config;
use crate::content::Content;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::emit::{self, Signatures, write_error};
use crate::i18n::Catalog;
use crate::plan::Plan;
use crate::project::Project;
use crate::theme::Theme;
use crate::write::{Finished, Sink};
use crate::{assets, check, plan, render, timings};

/// What to build.
#[derive(Clone, Default)]
pub struct BuildOptions {
    /// The folder holding `book.toml`.
    pub root: PathBuf,
    /// Treat warnings (missing translations of UI strings, pages outside SUMMARY.md…) as errors.
    pub strict: bool,
    /// Write here instead of `[build] build-dir`.
    pub out_dir: Option<PathBuf>,
    /// Build into memory ([`BuildReport::memory`]) instead of the disk.
    pub in_memory: bool,
    /// Folder with the checker widget's `token_check_web.js` and `token_check_web_bg.wasm`.
    pub checker_dir: Option<PathBuf>,
    /// Where the site will be served, overriding `[site] url` and `base-path` (e.g. GitLab Pages' `CI_PAGES_URL`).
    pub public_url: Option<String>,
    /// Add the pseudo-locales `en-XA` (accented, longer) and `ar-XB` (right to left), made from the default language.
    pub pseudo: bool,
    /// Told of progress: the stage's name, and pages done out of the total while rendering.
    pub progress: Option<Arc<dyn Fn(Progress) + Send + Sync>>,
}

impl std::fmt::Debug for BuildOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildOptions")
            .field("root", &self.root)
            .field("strict", &self.strict)
            .field("out_dir", &self.out_dir)
            .field("in_memory", &self.in_memory)
            .field("pseudo", &self.pseudo)
            .finish_non_exhaustive()
    }
}

/// Where a build is.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    Stage(&'static str),
    Pages { done: usize, total: usize },
}

/// A successful build.
#[derive(Debug)]
pub struct BuildReport {
    pub out_dir: PathBuf,
    /// HTML pages written (every language).
    pub pages: usize,
    pub files: usize,
    /// Pages whose Markdown pass ran in this build (in a [`crate::Session`], only those whose inputs changed).
    pub rendered: usize,
    pub warnings: Vec<Diagnostic>,
    /// With [`BuildOptions::in_memory`]: every file, by its path below the output folder.
    pub memory: Option<BTreeMap<String, Vec<u8>>>,
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
            .filter(|d| d.severity == Severity::Error)
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

/// Build the site: check everything, then render through a writer (a staging folder swapped in for the output
/// folder, or memory). On any error nothing is swapped: the previous output stays exactly as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    run(options, &mut Cache::default())
}

/// What a [`crate::Session`] keeps from one build to the next. Empty for a plain build.
#[derive(Default)]
pub(crate) struct Cache {
    /// Write the output folder in place (a session's), knowing what the previous build wrote.
    pub in_place: Option<HashMap<String, u64>>,
    /// The files a session's watcher saw change since the last build, if it knows (`None`: look at every file).
    pub changed: Option<Vec<PathBuf>>,
    pub content: Option<Content>,
    pub rendered: RenderCache,
    pub parity: check::ParityCache,
    pub signatures: Signatures,
    /// Leave stale search indexes to [`crate::deferred`] (a session's rebuilds); they land in `search_jobs`.
    pub defer_search: bool,
    pub search_jobs: Vec<crate::deferred::SearchJob>,
}

/// The driver: each stage once, in order.
pub(crate) fn run(options: &BuildOptions, cache: &mut Cache) -> Result<BuildReport, BuildFailure> {
    let tell = |p: Progress| options.progress.as_ref().map_or((), |f| f(p));
    let fail = |d: Diagnostics| BuildFailure {
        root: options.root.clone(),
        diagnostics: finish(d, options.strict),
    };
    timings::mark("start");
    tell(Progress::Stage("loading"));
    let (config, content, catalog, mut diags) = load(options, cache).map_err(fail)?;
    let (theme, d) = Theme::load(&config);
    diags.extend(d);
    let tera = render::templates(&theme).map_err(|d| diags.extend(d)).ok();
    let (assets, d) = assets::collect(&config, &theme, options.checker_dir.as_deref());
    diags.extend(d);
    let (plan, d) = plan::plan(&config, &content);
    diags.extend(d);
    let (catalogues, lints) = check::checker_catalogues(&config, &catalog);
    let out_dir = options.out_dir.clone().unwrap_or_else(|| config.build_dir.clone());
    // A plain build writes each page as soon as it is rendered (a failed build drops the staging folder).
    let early = tera
        .as_ref()
        .filter(|_| cache.in_place.is_none() && !diags.has_errors());
    let project = (&config, &content, &catalog);
    let early = early.map(|t| stream(options, &out_dir, project, &plan, (&assets, t, &catalogues), &mut diags));
    let early = early.transpose().map_err(|e| fail(with(&diags, &out_dir, &e)))?;
    timings::mark("theme, assets, plan");
    let pages = |done, total| tell(Progress::Pages { done, total });
    let (mut checked, d) = pass(project, &plan, &assets, early.as_ref(), (cache, &pages), lints);
    diags.extend(d);
    timings::mark("Markdown pass and checks");
    // Everything is checked: from here on files are written, and only a clean build is kept.
    let Some(tera) = tera.filter(|_| !failing(&diags, options.strict)) else {
        return Err(fail(diags));
    };
    tell(Progress::Stage("writing"));
    let rest = (&assets, &tera, &catalogues, early);
    let written = write(options, cache, &out_dir, project, &plan, &mut checked, rest, &mut diags);
    timings::mark("swap into place");
    let (pages, files, memory) = written.map_err(fail)?;
    drop(plan);
    let rendered = checked.fresh;
    if cache.in_place.is_some() {
        cache.content = Some(content);
    } else {
        free_aside((content, checked));
    }
    let warnings = diags
        .sorted()
        .into_iter()
        .map(|d| d.relative_to(&options.root))
        .collect();
    timings::mark("report");
    Ok(BuildReport {
        out_dir,
        pages,
        files,
        rendered,
        warnings,
        memory,
    })
}

/// Free a plain build's pages (their sources and passes) on a thread of their own, once the output is in place:
/// freeing them took a tenth of a second of one core at the end of a 2×5,000-page build, with the other idle.
/// The command line exits without waiting for it; a longer-lived caller gets the memory back a little later.
fn free_aside<T: Send + 'static>(pages: T) {
    // If no thread can be started, the closure and the pages it holds are dropped here instead.
    let _ = std::thread::Builder::new()
        .name("polydoc-free".into())
        .spawn(move || drop(pages));
}

/// The load stage: the project (reusing a session's unchanged pages), with the pseudo-locales when asked for.
fn load(options: &BuildOptions, cache: &Cache) -> Result<(Config, Content, Arc<Catalog>, Diagnostics), Diagnostics> {
    let public_url = options.public_url.as_deref();
    let changed = cache.changed.as_deref();
    let (mut project, diags) = Project::load_changed(&options.root, public_url, cache.content.as_ref(), changed)?;
    if options.pseudo {
        crate::pseudo::extend(&mut project.config, &mut project.content, &mut project.catalog);
    }
    timings::mark("load");
    Ok((project.config, project.content, Arc::new(project.catalog), diags))
}

/// The Markdown pass and its checks ([`check::render_and_check`]). When the writer is open already, each page is
/// written and added to its language's search index as it is rendered, and each index finished as soon as its
/// language's pages are all rendered.
fn pass(
    (config, content, catalog): (&Config, &Content, &Arc<Catalog>),
    plan: &Plan<'_>,
    assets: &assets::Assets,
    early: Option<&Early<'_>>,
    (cache, progress): (&Cache, &(dyn Fn(usize, usize) + Sync)),
    lints: Vec<Diagnostic>,
) -> (Checked, Diagnostics) {
    let write_page = early.map(|(sink, p)| {
        move |o: &crate::plan::Route<'_>, r: &crate::markdown::Rendered| p.page(config, plan, sink.writer(), o, r)
    });
    let write_page = write_page.as_ref().map(|f| f as &check::WritePage<'_>);
    let index = early.map(|(sink, _)| emit::StreamedIndexes::new(config, sink.writer()));
    let index = index.as_ref().map(|i| i as &dyn check::Index);
    let rendering = check::Rendering {
        cache: &cache.rendered,
        parity: &cache.parity,
        progress,
    };
    let checker = assets.checker.as_ref();
    let early = (write_page, index);
    check::render_and_check(config, content, catalog, plan, checker, rendering, early, lints)
}

/// What the write stage hands back: pages, files, and a memory build's files.
type Written = (usize, usize, Option<BTreeMap<String, Vec<u8>>>);

/// A plain build's writer, opened before the Markdown pass, and what each page is rendered with: each page is
/// written as soon as it is rendered, and its HTML freed (a failed build drops the staging folder).
type Early<'a> = (Sink<'a>, emit::Prepared<'a>);

/// Open a plain build's writer and prepare the templates and sidebars, before the Markdown pass.
fn stream<'a>(
    options: &BuildOptions,
    out_dir: &Path,
    (config, content, catalog): (&'a Config, &Content, &Arc<Catalog>),
    plan: &Plan<'_>,
    (assets, tera, catalogues): (&assets::Assets, &render::Templates, &'a HashMap<String, String>),
    diags: &mut Diagnostics,
) -> std::io::Result<Early<'a>> {
    let none = Signatures::default();
    // Independent: the spare folder is walked while the templates and sidebars are made.
    let (sink, prepared) = rayon::join(
        || Sink::open(out_dir, options.in_memory, None),
        || emit::prepare(config, content, catalog, plan, assets, tera, catalogues, &none, diags),
    );
    Ok((sink?, prepared))
}

/// The write stage: open the writer (memory, the session's folder in place, or a staging folder) unless it is
/// open already, emit every file, and keep the result only when the build is clean. Returns the pages, the files
/// and a memory build's files.
#[allow(clippy::too_many_arguments)]
fn write(
    options: &BuildOptions,
    cache: &mut Cache,
    out_dir: &Path,
    (config, content, catalog): (&Config, &Content, &Arc<Catalog>),
    plan: &Plan<'_>,
    checked: &mut Checked,
    (assets, tera, catalogues, early): (
        &assets::Assets,
        &render::Templates,
        &HashMap<String, String>,
        Option<Early<'_>>,
    ),
    diags: &mut Diagnostics,
) -> Result<Written, Diagnostics> {
    let (sink, prepared) = match early {
        Some(early) => early,
        None => {
            let sink = Sink::open(out_dir, options.in_memory, cache.in_place.as_ref())
                .map_err(|e| with(diags, out_dir, &e))?;
            let prepared = emit::prepare(
                config,
                content,
                catalog,
                plan,
                assets,
                tera,
                catalogues,
                &cache.signatures,
                diags,
            );
            (sink, prepared)
        }
    };
    let (out, previous) = (sink.writer(), &cache.signatures);
    let session = (cache.in_place.is_some(), cache.defer_search);
    let streamed = checked.streamed.take();
    let (pages, sigs, jobs) = emit::site(
        prepared,
        (config, content, catalog),
        plan,
        checked,
        assets,
        out,
        previous,
        session,
        streamed,
        diags,
    );
    let files = out.files();
    if failing(diags, options.strict) {
        return Err(diags.clone());
    }
    let finished = sink.finish().map_err(|e| with(diags, out_dir, &e))?;
    cache.search_jobs = jobs;
    Ok((pages, files, cache.remember(finished, sigs, plan, checked)))
}

impl Cache {
    /// Keep what an in-place build produced for the next one; hand back a memory build's files.
    fn remember(
        &mut self,
        finished: Finished,
        sigs: Signatures,
        plan: &Plan<'_>,
        checked: &mut Checked,
    ) -> Option<BTreeMap<String, Vec<u8>>> {
        let written = match finished {
            Finished::Memory(files) => return Some(files),
            Finished::Disk => return None,
            Finished::InPlace(written) => written,
        };
        self.in_place = Some(written);
        self.signatures = sigs;
        self.rendered = plan
            .routes
            .iter()
            .zip(checked.signatures.iter().zip(&checked.rendered))
            .map(|(r, (s, rendered))| (r.site_path.clone(), (*s, rendered.clone())))
            .collect();
        self.parity = std::mem::take(&mut checked.parity);
        None
    }
}

/// `diags` and one more: the output folder could not be written.
fn with(diags: &Diagnostics, out_dir: &std::path::Path, e: &std::io::Error) -> Diagnostics {
    let mut d = diags.clone();
    d.push(write_error(&out_dir.display().to_string(), e));
    d
}

/// Errors stop the build; so do warnings under `--strict`.
fn failing(diags: &Diagnostics, strict: bool) -> bool {
    diags.has_errors() || (strict && diags.fails_strict())
}

/// Apply `--strict` and sort.
fn finish(mut diags: Diagnostics, strict: bool) -> Vec<Diagnostic> {
    if strict {
        diags.make_strict();
    }
    diags.sorted()
}
