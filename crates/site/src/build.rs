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
    pub content: Option<Content>,
    pub rendered: RenderCache,
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
    let (mut project, mut diags) =
        Project::load_reusing(&options.root, options.public_url.as_deref(), cache.content.as_ref()).map_err(fail)?;
    if options.pseudo {
        crate::pseudo::extend(&mut project.config, &mut project.content, &mut project.catalog);
    }
    let Project {
        config,
        content,
        catalog,
    } = project;
    timings::mark("load");
    let (theme, d) = Theme::load(&config);
    diags.extend(d);
    let tera = render::templates(&theme).map_err(|d| diags.extend(d)).ok();
    let (assets, d) = assets::collect(&config, &theme, options.checker_dir.as_deref());
    diags.extend(d);
    let (plan, d) = plan::plan(&config, &content);
    diags.extend(d);
    timings::mark("theme, assets, plan");
    let pages = |done, total| tell(Progress::Pages { done, total });
    let checker = assets.checker.as_ref();
    let (mut checked, d) =
        check::render_and_check(&config, &content, &catalog, &plan, checker, &cache.rendered, &pages);
    diags.extend(d);
    timings::mark("Markdown pass and checks");
    // Everything is checked: from here on files are written, and only a clean build is kept.
    let Some(tera) = tera.filter(|_| !failing(&diags, options.strict)) else {
        return Err(fail(diags));
    };
    tell(Progress::Stage("writing"));
    let out_dir = options.out_dir.clone().unwrap_or_else(|| config.build_dir.clone());
    let written = write(
        options,
        cache,
        &out_dir,
        (&config, &content, catalog),
        &plan,
        &mut checked,
        &assets,
        &tera,
        &mut diags,
    );
    timings::mark("llms.txt, sitemap, swap");
    let (pages, files, memory) = written.map_err(fail)?;
    let rendered = checked.fresh;
    drop(plan);
    cache.content = cache.in_place.is_some().then_some(content);
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

/// What the write stage hands back: pages, files, and a memory build's files.
type Written = (usize, usize, Option<BTreeMap<String, Vec<u8>>>);

/// The write stage: open the writer (memory, the session's folder in place, or a staging folder), emit every
/// file, and keep the result only when the build is clean. Returns the pages, the files and a memory build's files.
#[allow(clippy::too_many_arguments)]
fn write(
    options: &BuildOptions,
    cache: &mut Cache,
    out_dir: &Path,
    (config, content, catalog): (&Config, &Content, Catalog),
    plan: &Plan<'_>,
    checked: &mut Checked,
    assets: &assets::Assets,
    tera: &tera::Tera,
    diags: &mut Diagnostics,
) -> Result<Written, Diagnostics> {
    let sink = Sink::open(out_dir, options.in_memory, cache.in_place.as_ref()).map_err(|e| with(diags, out_dir, &e))?;
    let (out, previous) = (sink.writer(), &cache.signatures);
    let session = (cache.in_place.is_some(), cache.defer_search);
    let (pages, sigs, jobs) = emit::site(
        config, content, catalog, plan, checked, assets, tera, out, previous, session, diags,
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
        checked: &Checked,
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
            .map(|(r, (s, rendered))| ((r.lang.code.clone(), r.key.to_string()), (*s, rendered.clone())))
            .collect();
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
