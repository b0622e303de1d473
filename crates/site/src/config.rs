//! `book.toml`: the typed, strict configuration, its unknown-key check with suggestions, and validation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, Diagnostics, Location, nearest};

/// The whole `book.toml`, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawConfig {
    book: RawBook,
    #[serde(default)]
    build: RawBuild,
    #[serde(default)]
    site: RawSite,
    /// Optional: a book without it is a one-language site (`book.language`, default `en`).
    #[serde(default)]
    i18n: Option<RawI18n>,
    #[serde(default)]
    output: RawOutput,
    #[serde(default)]
    checker: RawChecker,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawChecker {
    help_page: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawBook {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    src: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawBuild {
    build_dir: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawSite {
    url: Option<String>,
    base_path: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawI18n {
    default: String,
    #[serde(flatten)]
    languages: BTreeMap<String, RawLanguage>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawLanguage {
    name: String,
    #[serde(default)]
    dir: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawOutput {
    html: Option<RawHtml>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct RawHtml {
    theme: Option<String>,
    #[serde(default)]
    allow_content_scripts: bool,
}

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// One configured language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// BCP 47 code, as used in URLs and folders (`en`, `es`, `pt-BR`).
    pub code: String,
    /// The language's own name for itself (`Español`).
    pub name: String,
    pub dir: Direction,
}

/// The validated configuration every later stage reads.
#[derive(Debug, Clone)]
pub struct Config {
    /// The project root (the folder holding `book.toml`).
    pub root: PathBuf,
    pub title: String,
    pub authors: Vec<String>,
    pub description: Option<String>,
    /// `content/` (mdBook's `src`).
    pub content_dir: PathBuf,
    /// `locales/`.
    pub locales_dir: PathBuf,
    /// Where the site goes (`public/`).
    pub build_dir: PathBuf,
    /// Absolute site URL without trailing slash, e.g. `https://group.gitlab.io`; empty when not set.
    pub site_url: String,
    /// Always starts and ends with `/`.
    pub base_path: String,
    /// The default language first, then the others in `book.toml` order.
    pub languages: Vec<Language>,
    /// A project theme folder layered over the default theme, if any.
    pub theme_dir: Option<PathBuf>,
    /// `[output.html] allow-content-scripts`: content may script the pages (raw `<script>`, `on*`,
    /// `javascript:`, `.js`/`.html`/scripted `.svg` files). Off by default; see `rawhtml`.
    pub allow_content_scripts: bool,
    /// `[checker] help-page`: the page (key, e.g. `troubleshooting.md`) with a section per checker verdict.
    pub checker_help: Option<String>,
    /// A book in mdBook's layout (`<src>/SUMMARY.md`, the default language's pages directly in `<src>/`): its
    /// mdBook settings. `None` for polydoc's `content/<lang>/` layout.
    pub(crate) mdbook: Option<Box<crate::mdbook::config::Settings>>,
    /// Warnings about `book.toml` itself (mdBook keys that are ignored or not run), reported by the build.
    pub(crate) notes: Diagnostics,
}

impl Config {
    pub fn default_language(&self) -> &Language {
        &self.languages[0]
    }

    /// A path as the user knows it: relative to the project root when inside it.
    pub fn relative(&self, path: &Path) -> String {
        path.strip_prefix(&self.root).unwrap_or(path).display().to_string()
    }

    /// The folder of language `code`'s pages: `content/<code>/`; in mdBook's layout the book's `src/` for the
    /// default language and `<src>-<code>/` beside it for a translation.
    pub fn lang_dir(&self, code: &str) -> PathBuf {
        if self.mdbook.is_none() {
            return self.content_dir.join(code);
        }
        if code == self.default_language().code {
            return self.content_dir.clone();
        }
        let src = self.content_dir.file_name().map(|n| n.to_string_lossy().into_owned());
        self.content_dir
            .with_file_name(format!("{}-{code}", src.unwrap_or_else(|| "src".into())))
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// Absolute URL for a site path (which starts after the base path), when `[site] url` is set.
    pub fn absolute_url(&self, site_path: &str) -> String {
        format!("{}{}{}", self.site_url, self.base_path, site_path)
    }

    /// Serve the site at `url` (e.g. GitLab Pages' `https://group.gitlab.io/project`): sets `[site] url` and `base-path`.
    pub fn set_public_url(&mut self, url: &str) -> Result<(), String> {
        let url = url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| format!("`{url}` is not an http(s) URL"))?;
        let scheme_len = url.len() - rest.len();
        let (origin, path) = match rest.find('/') {
            Some(i) => (&url[..scheme_len + i], &rest[i..]),
            None => (url, "/"),
        };
        if path.contains("..") || path.contains('?') || path.contains('#') {
            return Err(format!("`{url}` has a path polydoc cannot serve under"));
        }
        self.site_url = origin.to_string();
        self.base_path = format!("/{}/", path.trim_matches('/')).replace("//", "/");
        Ok(())
    }

    /// Load and validate `<root>/book.toml`, reporting every problem found.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join("book.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                let mut d = Diagnostics::new();
                d.push(
                    Diagnostic::error(format!("cannot read `book.toml`: {e}"))
                        .in_file(&path)
                        .help("run polydoc from the project folder, or pass `--root DIR`"),
                );
                return Err(d);
            }
        };
        Self::parse(root, &path, &text)
    }

    pub fn parse(root: &Path, path: &Path, text: &str) -> Result<Config, Diagnostics> {
        let mut diags = Diagnostics::new();
        match DeTable::parse(text) {
            Ok(table) => check_keys(table.get_ref(), &[], path, text, &mut diags),
            Err(e) => {
                diags.push(toml_error(&e, path, text));
                return Err(diags);
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let raw: RawConfig = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                diags.push(toml_error(&e, path, text));
                return Err(diags);
            }
        };
        let (book, notes) = crate::mdbook::book::settings(root, path, text, raw.book.src.as_deref());
        diags.extend(notes);
        if diags.has_errors() {
            return Err(diags);
        }
        let mut config = validate(root, path, text, raw, &book).map_err(|mut d| {
            d.extend(diags.clone());
            d
        })?;
        config.notes = diags;
        config.mdbook = book.layout.then(|| Box::new(book.settings));
        Ok(config)
    }
}

fn toml_error(e: &toml::de::Error, path: &Path, text: &str) -> Diagnostic {
    let loc = match e.span() {
        Some(span) => Location::at_offset(path, text, span.start),
        None => Location::file(path),
    };
    Diagnostic::error(format!("invalid `book.toml`: {}", e.message().trim_end()))
        .at(loc)
        .help("see the `book.toml` section of README.md for the keys polydoc reads")
}

const TOP: &[&str] = &["book", "build", "site", "i18n", "output", "checker"];
const CHECKER: &[&str] = &["help-page"];
const BOOK: &[&str] = &["title", "authors", "description", "src"];
const BUILD: &[&str] = &["build-dir"];
const SITE: &[&str] = &["url", "base-path"];
const OUTPUT: &[&str] = &["html"];
const HTML: &[&str] = &["theme", "allow-content-scripts"];
const LANGUAGE: &[&str] = &["name", "dir"];

/// The keys allowed in the table at `path`, or `None` where any key is allowed (language tables' names).
fn known_keys(path: &[&str]) -> Option<&'static [&'static str]> {
    match path {
        [] => Some(TOP),
        ["book"] => Some(BOOK),
        ["build"] => Some(BUILD),
        ["site"] => Some(SITE),
        ["output"] => Some(OUTPUT),
        ["output", "html"] => Some(HTML),
        ["checker"] => Some(CHECKER),
        ["i18n"] => None,
        ["i18n", _] => Some(LANGUAGE),
        _ => Some(&[]),
    }
}

/// Walk the spanned table and report each unknown key with its line and the nearest known key. A key that is
/// not polydoc's but that mdBook documents is left to `mdbook::config::read` (honoured, or one grouped note).
fn check_keys(table: &DeTable<'_>, path: &[&str], file: &Path, text: &str, diags: &mut Diagnostics) {
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        let known = known_keys(path);
        let allowed = match known {
            Some(keys) => keys.contains(&name),
            // In [i18n]: `default`, or a table for one language.
            None => name == "default" || matches!(value.get_ref(), DeValue::Table(_)),
        };
        let here = || {
            let mut p: Vec<&str> = path.to_vec();
            p.push(name);
            p.join(".")
        };
        let full: Vec<&str> = path.iter().copied().chain([name]).collect();
        if !allowed && crate::mdbook::config::accepts(&full) {
            continue;
        }
        if !allowed {
            let mut d = Diagnostic::error(format!("unknown key `{}` in `book.toml`", here())).at(Location::at_offset(
                file,
                text,
                key.span().start,
            ));
            let candidates: Vec<&str> = match known {
                Some(keys) => keys.to_vec(),
                None => vec!["default"],
            };
            d = match nearest(name, candidates.iter().copied()) {
                Some(n) => d.help(format!("did you mean `{n}`?")),
                None if candidates.is_empty() => d.help("this table takes no keys; remove it"),
                None => d.help(format!("known keys here: {}", candidates.join(", "))),
            };
            diags.push(d);
            continue;
        }
        if let DeValue::Table(inner) = value.get_ref() {
            let mut p: Vec<&str> = path.to_vec();
            p.push(name);
            check_keys(inner, &p, file, text, diags);
        }
    }
}

fn validate(
    root: &Path,
    path: &Path,
    text: &str,
    raw: RawConfig,
    book: &crate::mdbook::book::Book,
) -> Result<Config, Diagnostics> {
    let mut diags = Diagnostics::new();
    // Point at the line of a key for value errors.
    let at_key = |section: &str, key: &str| -> Location {
        let header = format!("[{section}]");
        let start = text.find(&header).unwrap_or(0);
        let off = text[start..]
            .lines()
            .scan(start, |pos, line| {
                let here = *pos;
                *pos += line.len() + 1;
                Some((here, line))
            })
            .find(|(_, l)| l.trim_start().starts_with(key))
            .map_or(start, |(o, _)| o);
        Location::at_offset(path, text, off)
    };

    let mut languages = Vec::new();
    // No `[i18n]`: one language, `book.language` (mdBook's key), `en` by default.
    let i18n = raw.i18n.unwrap_or_else(|| {
        let (code, name, dir) = book.one_language();
        RawI18n {
            default: code.clone(),
            languages: BTreeMap::from([(code, RawLanguage { name, dir: Some(dir) })]),
        }
    });
    for (code, lang) in &i18n.languages {
        if code.parse::<unic_langid::LanguageIdentifier>().is_err() {
            diags.push(
                Diagnostic::error(format!("`{code}` is not a valid language code"))
                    .at(at_key(&format!("i18n.{code}"), "name"))
                    .help("use a BCP 47 code such as `en`, `es` or `pt-BR`"),
            );
        }
        let dir = match lang.dir.as_deref() {
            None | Some("ltr") => Direction::Ltr,
            Some("rtl") => Direction::Rtl,
            Some(other) => {
                diags.push(
                    Diagnostic::error(format!("text direction `{other}` of `{code}` is not `ltr` or `rtl`"))
                        .at(at_key(&format!("i18n.{code}"), "dir"))
                        .help("write `dir = \"ltr\"` (left to right) or `dir = \"rtl\"` (right to left)"),
                );
                Direction::Ltr
            }
        };
        languages.push(Language {
            code: code.clone(),
            name: lang.name.clone(),
            dir,
        });
    }
    // mdbook-i18n-helpers' `po/<lang>.po`: each is a language, named or not in `[i18n]`.
    for code in &book.po {
        if !languages.iter().any(|l: &Language| &l.code == code) {
            let (code, name, dir) = crate::mdbook::book::Book::po_language(code);
            let dir = if dir == "rtl" { Direction::Rtl } else { Direction::Ltr };
            languages.push(Language { code, name, dir });
        }
    }
    // Keep book.toml order for the non-default languages.
    languages.sort_by_key(|l| text.find(&format!("[i18n.{}]", l.code)).unwrap_or(usize::MAX));
    match languages.iter().position(|l| l.code == i18n.default) {
        Some(i) => {
            let d = languages.remove(i);
            languages.insert(0, d);
        }
        None => diags.push(
            Diagnostic::error(format!(
                "the default language `{}` has no `[i18n.{}]` table",
                i18n.default, i18n.default
            ))
            .at(at_key("i18n", "default"))
            .help(format!(
                "add `[i18n.{0}]` with `name = \"…\"`, or set `default` to one of: {1}",
                i18n.default,
                languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", ")
            )),
        ),
    }

    let mut base_path = raw
        .site
        .base_path
        .or_else(|| book.settings.site_url.clone())
        .unwrap_or_else(|| "/".into());
    if base_path.contains("..") || base_path.contains('?') || base_path.contains('#') || base_path.contains("//") {
        diags.push(
            Diagnostic::error(format!("`base-path = \"{base_path}\"` is not a plain URL path"))
                .at(at_key("site", "base-path"))
                .help("write the folder the site is served under, such as `/` or `/project/`"),
        );
    }
    if !base_path.starts_with('/') {
        base_path.insert(0, '/');
    }
    if !base_path.ends_with('/') {
        base_path.push('/');
    }
    let site_url = raw.site.url.unwrap_or_default().trim_end_matches('/').to_string();
    if !(site_url.is_empty() || site_url.starts_with("https://") || site_url.starts_with("http://")) {
        diags.push(
            Diagnostic::error(format!("`url = \"{site_url}\"` is not an http(s) URL"))
                .at(at_key("site", "url"))
                .help("write the site's origin, such as `https://group.gitlab.io`; put any sub-path in `base-path`"),
        );
    }
    if let Some(p) = site_url
        .strip_prefix("https://")
        .or_else(|| site_url.strip_prefix("http://"))
        && p.contains('/')
    {
        diags.push(
            Diagnostic::error(format!("`url = \"{site_url}\"` has a path"))
                .at(at_key("site", "url"))
                .help("keep only the origin in `url` and move the path to `base-path`"),
        );
    }

    let allow_content_scripts = raw.output.html.as_ref().is_some_and(|h| h.allow_content_scripts);
    let theme_dir = raw.output.html.and_then(|h| h.theme).map(|t| root.join(t));
    if let Some(dir) = &theme_dir
        && !dir.is_dir()
    {
        diags.push(
            Diagnostic::error(format!("theme folder `{}` does not exist", dir.display()))
                .at(at_key("output.html", "theme"))
                .help("create it with a `templates/` folder holding the templates to override, or remove `theme`"),
        );
    }

    let src = book.src.as_str();
    let build_dir = raw.build.build_dir.as_deref().unwrap_or(book.build_dir());
    if let Err(why) = check_build_dir(
        build_dir,
        src,
        theme_dir.as_deref().and_then(|d| d.strip_prefix(root).ok()),
    ) {
        diags.push(
            Diagnostic::error(format!("`build-dir = \"{build_dir}\"` {why}"))
                .at(at_key("build", "build-dir"))
                .help("a successful build replaces that folder whole: name a folder of its own inside the project, such as `public`"),
        );
    }

    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Config {
        root: root.to_path_buf(),
        title: raw.book.title.unwrap_or_default(),
        authors: raw.book.authors,
        description: raw.book.description,
        content_dir: root.join(src),
        locales_dir: root.join("locales"),
        build_dir: root.join(build_dir),
        site_url,
        base_path,
        languages,
        theme_dir,
        allow_content_scripts,
        checker_help: raw.checker.help_page,
        mdbook: None,
        notes: Diagnostics::new(),
    })
}

/// The folders below the project root, as normal components, or why `path` is not one.
fn inside_project(path: &str) -> Result<Vec<String>, &'static str> {
    let mut parts = Vec::new();
    for c in Path::new(path).components() {
        match c {
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => return Err("climbs out of the project with `..`"),
            std::path::Component::RootDir | std::path::Component::Prefix(_) => {
                return Err("is an absolute path");
            }
        }
    }
    Ok(parts)
}

/// Issue 11: the build folder is replaced whole on success, so it must be a folder of the project's own that
/// holds none of its sources: relative, inside the project, not the root, not in or above `content/`,
/// `locales/`, `themes/`, the configured theme or `.git`.
fn check_build_dir(build_dir: &str, src: &str, theme: Option<&Path>) -> Result<(), String> {
    let out = inside_project(build_dir).map_err(str::to_string)?;
    if out.is_empty() {
        return Err("is the project folder itself".into());
    }
    let theme = theme.map(|t| t.to_string_lossy().into_owned());
    let sources = [
        Some(src),
        Some("locales"),
        Some("themes"),
        theme.as_deref(),
        Some(".git"),
        Some("book.toml"),
    ];
    for s in sources.into_iter().flatten() {
        let Ok(s_parts) = inside_project(s) else { continue };
        if s_parts.is_empty() {
            continue;
        }
        let n = out.len().min(s_parts.len());
        if out[..n] == s_parts[..n] {
            let relation = if out.len() > s_parts.len() {
                "is inside"
            } else if out.len() == s_parts.len() {
                "is"
            } else {
                "holds"
            };
            return Err(format!("{relation} the project's `{s}`"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<String>> {
        Config::parse(Path::new("/p"), Path::new("book.toml"), text)
            .map_err(|d| d.into_iter().map(|d| d.to_string()).collect())
    }

    const GOOD: &str = "[book]\ntitle = \"T\"\n[site]\nbase-path = \"project\"\n[i18n]\ndefault = \"es\"\n[i18n.en]\nname = \"English\"\n[i18n.es]\nname = \"Español\"\n[i18n.ar]\nname = \"العربية\"\ndir = \"rtl\"\n";

    #[test]
    fn good_config_puts_default_first_and_normalizes_base_path() {
        let c = parse(GOOD).unwrap();
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["es", "en", "ar"]);
        assert_eq!(c.base_path, "/project/");
        assert_eq!(c.languages[2].dir, Direction::Rtl);
    }

    #[test]
    fn public_url_sets_origin_and_base_path() {
        let mut c = parse(GOOD).unwrap();
        for (url, origin, base) in [
            (
                "https://group.gitlab.io/project",
                "https://group.gitlab.io",
                "/project/",
            ),
            ("https://group.gitlab.io/a/b/", "https://group.gitlab.io", "/a/b/"),
            ("http://127.0.0.1:8000", "http://127.0.0.1:8000", "/"),
        ] {
            c.set_public_url(url).unwrap();
            assert_eq!((c.site_url.as_str(), c.base_path.as_str()), (origin, base), "{url}");
        }
        assert!(c.set_public_url("ftp://x").is_err());
    }

    #[test]
    fn build_dir_must_be_a_folder_of_its_own() {
        let cases: &[(&str, Option<&str>)] = &[
            ("public", None),
            ("site/out", None),
            ("./public", None),
            ("/home/you/Documents", Some("is an absolute path")),
            ("../elsewhere", Some("climbs out of the project")),
            ("public/../..", Some("climbs out of the project")),
            (".", Some("is the project folder itself")),
            ("", Some("is the project folder itself")),
            ("content", Some("is the project's `content`")),
            ("content/en/out", Some("is inside the project's `content`")),
            ("locales", Some("is the project's `locales`")),
            ("themes/default", Some("is inside the project's `themes`")),
            ("my-theme", Some("is the project's `my-theme`")),
            (".git", Some("is the project's `.git`")),
        ];
        for (dir, want) in cases {
            let got = check_build_dir(dir, "content", Some(Path::new("my-theme")));
            match want {
                None => assert_eq!(got, Ok(()), "{dir}"),
                Some(w) => assert!(got.as_ref().is_err_and(|e| e.contains(w)), "{dir}: {got:?}"),
            }
        }
        // A `src` below a folder: building into that folder would hold it.
        assert_eq!(
            check_build_dir("docs", "docs/content", None),
            Err("holds the project's `docs/content`".into())
        );
        let errors = parse(
            "[book]\ntitle = \"T\"\n[build]\nbuild-dir = \"/tmp\"\n[i18n]\ndefault = \"en\"\n[i18n.en]\nname = \"E\"\n",
        )
        .unwrap_err()
        .join("\n");
        assert!(
            errors.contains("`build-dir = \"/tmp\"` is an absolute path\n --> book.toml:4:1"),
            "{errors}"
        );
    }

    #[test]
    fn bad_configs_are_reported_with_place_and_fix() {
        let cases: &[(&str, &str)] = &[
            (
                "[book]\ntitel = \"T\"\n",
                "unknown key `book.titel` in `book.toml`\n --> book.toml:2:1",
            ),
            ("[book]\ntitel = \"T\"\n", "did you mean `title`?"),
            ("[boook]\n", "did you mean `book`?"),
            (
                "[book]\ntitle = \"T\"\n[i18n]\ndefault = \"en\"\n[i18n.en]\nnmae = \"E\"\n",
                "did you mean `name`?",
            ),
            (
                "[book]\ntitle = \"T\"\n[i18n]\ndefault = \"fr\"\n[i18n.en]\nname = \"E\"\n",
                "default language `fr` has no `[i18n.fr]`",
            ),
            (
                "[book]\ntitle = \"T\"\n[i18n]\ndefault = \"en\"\n[i18n.en]\nname = \"E\"\ndir = \"up\"\n",
                "text direction `up`",
            ),
            ("[book]\ntitle = \n", "invalid `book.toml`"),
            (
                "[book]\ntitle = \"T\"\n[site]\nurl = \"https://x.io/p\"\n[i18n]\ndefault = \"en\"\n[i18n.en]\nname = \"E\"\n",
                "has a path",
            ),
        ];
        for (text, expected) in cases {
            let errors = parse(text).expect_err(text).join("\n");
            assert!(
                errors.contains(expected),
                "for {text:?} expected {expected:?} in:\n{errors}"
            );
        }
    }
}
