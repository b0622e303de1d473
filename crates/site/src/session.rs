//! Incremental builds, for `serve`: a [`Session`] keeps the last build's pages, rendered Markdown and page
//! signatures, so a rebuild after an edit reads only the changed files, runs the Markdown pass only for the pages
//! whose text or dependencies changed, re-renders only the pages whose inputs changed, and writes only the files
//! whose bytes changed, in place. With [`Session::defer_search`], a stale search index is rebuilt after the build
//! returns, on a background thread that the next build cancels.

use crate::build::{BuildFailure, BuildOptions, BuildReport, Cache, run};
use crate::deferred::Pending;
use crate::diag::Diagnostic;

/// A build that is run again and again on the same project and output folder.
pub struct Session {
    options: BuildOptions,
    cache: Cache,
    pending: Option<Pending>,
}

impl Session {
    /// A session building into `options.out_dir` (or `[build] build-dir`), in place.
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options: BuildOptions {
                in_memory: false,
                ..options
            },
            cache: Cache {
                in_place: Some(Default::default()),
                ..Cache::default()
            },
            pending: None,
        }
    }

    /// From the next build on, return once the pages are written and rebuild a stale search index in the
    /// background (`serve`: the browser reloads without waiting for the index). Until the index is written the
    /// old one is served.
    pub fn defer_search(&mut self) {
        self.cache.defer_search = true;
    }

    /// Build, doing only what changed since the last build of this session. A failed build writes nothing. A
    /// search index still being rebuilt in the background is stopped first, and started again if still stale.
    pub fn build(&mut self) -> Result<BuildReport, BuildFailure> {
        let mut errors = self.settle(true);
        let result = run(&self.options, &mut self.cache);
        let jobs = std::mem::take(&mut self.cache.search_jobs);
        match result {
            Ok(mut report) => {
                if !jobs.is_empty()
                    && let Some(written) = &self.cache.in_place
                {
                    self.pending = Some(Pending::start(jobs, &report.out_dir, written));
                }
                errors.extend(report.warnings);
                report.warnings = errors;
                Ok(report)
            }
            Err(failure) => Err(failure),
        }
    }

    /// [`Session::build`], told which files changed since the last build (the paths a file watcher reported):
    /// when each is a page the last build had, the content folders are not walked again. An unknown path (a new
    /// or removed file, SUMMARY.md, an image, a locale) makes it look at every file, as [`Session::build`] does.
    pub fn build_changed(&mut self, changed: Vec<std::path::PathBuf>) -> Result<BuildReport, BuildFailure> {
        self.cache.changed = Some(changed);
        let result = self.build();
        self.cache.changed = None;
        result
    }

    /// Wait until the search indexes left to the background are written. Returns the files that could not be
    /// (then the index is rebuilt by the next build).
    pub fn finish_search(&mut self) -> Vec<Diagnostic> {
        self.settle(false)
    }

    /// Stop (or wait for) the background job and record what it wrote.
    fn settle(&mut self, cancel: bool) -> Vec<Diagnostic> {
        let Some(pending) = self.pending.take() else {
            return Vec::new();
        };
        let written = self.cache.in_place.get_or_insert_with(Default::default);
        pending.settle(cancel, written, &mut self.cache.signatures.search)
    }
}

/// A session that goes away stops its background job and waits for it, so nothing writes into the output folder
/// afterwards (`serve` removes that folder once the session is gone).
impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.settle(true);
    }
}
