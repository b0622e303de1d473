//! Answers the Markdown pass's questions for one route: page and asset URLs in the route's language, callout
//! titles, the checker placeholder and, for the Markdown alternate, absolute URLs and the checker note.

use std::path::Path;

use crate::checker;
use crate::config::Config;
use crate::content::Content;
use crate::frontmatter::CheckerBlock;
use crate::i18n::{Arg, Catalog};
use crate::markdown::{PageLink, Resolver};
use crate::plan::{Plan, Route};

/// URLs of the site: with the base path, and absolute with the site's origin.
#[derive(Clone, Copy)]
pub(crate) struct Urls<'a> {
    config: &'a Config,
}

impl<'a> Urls<'a> {
    pub fn new(config: &'a Config) -> Self {
        Urls { config }
    }

    /// A route's URL below the base path (`/project/es/crear-token/`).
    pub fn of(&self, r: &Route<'_>) -> String {
        crate::text::concat(&[&self.config.base_path, &r.site_path])
    }

    /// A site URL (already with the base path) made absolute with `[site] url`.
    pub fn absolute(&self, url: &str) -> String {
        crate::text::concat(&[&self.config.site_url, url])
    }

    /// A language's home below the base path.
    pub fn home(&self, lang: &str) -> String {
        crate::text::concat(&[&self.config.base_path, lang, "/"])
    }
}

/// Checker widget files, hashed into assets/. `None` when not built.
pub(crate) struct CheckerAssets {
    pub glue: String,
    pub wasm: String,
}

/// The resolver of one route.
pub(crate) struct PageResolver<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub catalog: &'a Catalog,
    pub plan: &'a Plan<'a>,
    pub route: &'a Route<'a>,
    pub checker: Option<&'a CheckerAssets>,
    pub highlights: &'a crate::highlight::Cache,
}

impl PageResolver<'_> {
    fn urls(&self) -> Urls<'_> {
        Urls::new(self.config)
    }
}

impl Resolver for PageResolver<'_> {
    fn allow_content_scripts(&self) -> bool {
        self.config.allow_content_scripts
    }

    fn highlights(&self) -> Option<&crate::highlight::Cache> {
        Some(self.highlights)
    }

    fn page(&self, key: &str) -> PageLink {
        let lang = self.route.lang.code.as_str();
        if let Some(target) = self.plan.get(lang, key) {
            return PageLink::Found(self.urls().of(target));
        }
        // A page that failed to load was reported already; don't report every link to it too.
        let default = &self.config.default_language().code;
        if [lang, default.as_str()]
            .iter()
            .any(|l| self.content.unloaded.contains(&(l.to_string(), key.to_string())))
        {
            return PageLink::Unloaded;
        }
        let elsewhere: Vec<String> = self
            .config
            .languages
            .iter()
            .filter(|l| self.plan.get(&l.code, key).is_some())
            .map(|l| l.code.clone())
            .collect();
        if elsewhere.is_empty() {
            PageLink::Missing
        } else {
            PageLink::OtherLanguages(elsewhere)
        }
    }

    fn asset(&self, key: &str) -> Option<(String, &Path)> {
        let src = &self.route.source.lang;
        let default = &self.config.default_language().code;
        [src, default].into_iter().find_map(|l| {
            self.content
                .asset(l, key)
                .map(|a| (format!("{}{l}/{key}", self.config.base_path), a.file.as_path()))
        })
    }

    fn callout_title(&self, kind: &str) -> String {
        // The text's own language: a callout belongs to the content.
        self.catalog.text(&self.route.source.lang, &format!("callout-{kind}"))
    }

    fn checker_html(&self, block: &CheckerBlock, index: usize) -> String {
        let lang = &self.route.lang.code;
        let scopes: Vec<&str> = block
            .require
            .iter()
            .chain(&block.require_any)
            .map(String::as_str)
            .collect();
        let noscript = self.catalog.text_with(
            lang,
            "checker-noscript",
            &[("scopes".into(), Arg::Str(scopes.join(", ")))],
        );
        let help = self
            .config
            .checker_help
            .as_deref()
            .and_then(|k| self.plan.get(lang, k))
            .map(|r| self.urls().of(r));
        checker::placeholder_html(
            self.catalog,
            lang,
            block,
            index,
            &noscript,
            help.as_deref(),
            self.checker.map(|c| (c.glue.as_str(), c.wasm.as_str())),
        )
    }

    fn checker_note(&self, scopes: &[String]) -> String {
        let page_url = self.urls().absolute(&self.urls().of(self.route));
        let text = self.catalog.text_with(
            &self.route.lang.code,
            "checker-markdown-note",
            &[
                ("scopes".into(), Arg::Str(scopes.join(", "))),
                ("url".into(), Arg::Str(page_url)),
            ],
        );
        format!("> {text}\n")
    }

    fn absolute(&self, url: &str) -> String {
        self.urls().absolute(url)
    }

    fn book(&self) -> Option<&crate::mdbook::config::Settings> {
        self.config.mdbook.as_deref()
    }
}
