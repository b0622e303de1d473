//! Incremental builds, for `serve`: a [`Session`] keeps the last build's pages, rendered Markdown and page
//! signatures, so a rebuild after an edit reads only the changed files, runs the Markdown pass only for the pages
//! whose text or dependencies changed, re-renders only the pages whose inputs changed, and writes only the files
//! whose bytes changed, in place.

use crate::build::{BuildFailure, BuildOptions, BuildReport, Cache, run};

/// A build that is run again and again on the same project and output folder.
pub struct Session {
    options: BuildOptions,
    cache: Cache,
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
        }
    }

    /// Build, doing only what changed since the last build of this session. A failed build writes nothing.
    pub fn build(&mut self) -> Result<BuildReport, BuildFailure> {
        run(&self.options, &mut self.cache)
    }
}
