//! Loading a project: `book.toml` (with the `--public-url` override), `content/`, `locales/` and their lints. The
//! build, `i18n status|mark`, `serve` and xtask all load through [`Project::load`].

use std::path::Path;

use crate::config::Config;
use crate::content::{self, Content};
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Catalog;
use crate::status;

/// A loaded project: its configuration, pages and strings.
pub struct Project {
    pub config: Config,
    pub content: Content,
    pub catalog: Catalog,
}

impl Project {
    /// Load the project at `root`. A configuration that cannot be read is fatal; every other problem is collected
    /// and returned beside the project, so one run reports all of them.
    pub fn load(root: &Path, public_url: Option<&str>) -> Result<(Project, Diagnostics), Diagnostics> {
        Self::load_reusing(root, public_url, None)
    }

    /// [`Project::load`], taking the pages that did not change on disk from `previous`.
    pub(crate) fn load_reusing(
        root: &Path,
        public_url: Option<&str>,
        previous: Option<&Content>,
    ) -> Result<(Project, Diagnostics), Diagnostics> {
        Project::load_changed(root, public_url, previous, None)
    }

    /// [`Project::load_reusing`], told which files changed since `previous` was loaded
    /// ([`content::load_changed`]).
    pub(crate) fn load_changed(
        root: &Path,
        public_url: Option<&str>,
        previous: Option<&Content>,
        changed: Option<&[std::path::PathBuf]>,
    ) -> Result<(Project, Diagnostics), Diagnostics> {
        let mut config = Config::load(root)?;
        if let Some(url) = public_url
            && let Err(e) = config.set_public_url(url)
        {
            let mut d = Diagnostics::new();
            d.push(
                Diagnostic::error(e)
                    .help("pass the address the site is served at, such as `https://group.gitlab.io/project`"),
            );
            return Err(d);
        }
        let (content, mut diags) = content::load_changed(&config, previous, changed);
        diags.extend(config.notes.clone());
        let (catalog, d) = Catalog::load(&config);
        diags.extend(d);
        diags.extend(catalog.required());
        diags.extend(status::message_diagnostics(&config, &catalog));
        diags.extend(status::outdated_warnings(&config, &content));
        Ok((
            Project {
                config,
                content,
                catalog,
            },
            diags,
        ))
    }
}
