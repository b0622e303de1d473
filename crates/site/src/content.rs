//! Loading `content/<lang>/`: pages with front matter, their language and language-free key, assets, and SUMMARY.md.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::frontmatter::{self, FrontMatter};

/// One Markdown file in one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// Language code, taken once from the folder under `content/`.
    pub lang: String,
    /// Path below `content/<lang>/` with `/` separators: the key that pairs translations (`guide/setup.md`).
    pub key: String,
    pub file: PathBuf,
    pub text: String,
    pub front: FrontMatter,
    pub body_offset: usize,
    /// Short hash of the whole file, which translations record in `translated-from`.
    pub hash: String,
    /// The site path below the base path, e.g. `es/crear-token/` (or `es/` for `index.md`).
    pub site_path: String,
    /// The file's modification time and size when it was read, to reuse it while it has not changed.
    pub(crate) stamp: Option<(std::time::SystemTime, u64)>,
    /// When the page includes files (`{{#include}}`): `text` is the expanded text, and this says where each line
    /// came from and what the included files' stamps were (a change to one of them reloads the page).
    pub(crate) includes: Option<std::sync::Arc<Includes>>,
}

/// What a page's preprocessor directives read.
#[derive(Debug)]
pub(crate) struct Includes {
    pub expanded: crate::mdbook::include::Expanded,
    pub stamps: Vec<(PathBuf, Option<(std::time::SystemTime, u64)>)>,
}

impl Page {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// Where byte `offset` of [`Page::text`] was written: this file, or the included file it came from.
    pub(crate) fn location(&self, offset: usize) -> Location {
        let here = Location::at_offset(&self.file, &self.text, offset);
        match self.includes.as_ref().and_then(|i| i.expanded.origin(offset)) {
            Some((file, line)) => Location {
                file: file.to_path_buf(),
                line: Some(line),
                ..here
            },
            None => here,
        }
    }

    /// Whether a file this page included changed since it was read.
    fn includes_changed(&self) -> bool {
        self.includes
            .as_ref()
            .is_some_and(|i| i.stamps.iter().any(|(f, s)| stamp(f) != *s))
    }
}

/// A non-Markdown file under `content/<lang>/` (images, downloads).
#[derive(Debug, Clone)]
pub struct Asset {
    pub lang: String,
    pub key: String,
    pub file: PathBuf,
}

/// One entry of SUMMARY.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryItem {
    /// A `# Part title` heading.
    Part {
        title: String,
    },
    /// A link to a page; `level` 0 for prefix/suffix chapters and top-level list items.
    Chapter {
        title: String,
        key: String,
        level: usize,
    },
    Separator,
    /// `[Title]()`: listed, not linked (mdBook's draft chapter).
    Draft {
        title: String,
        level: usize,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub items: Vec<SummaryItem>,
    /// The section number of each numbered entry, by its index in `items`, as mdBook prints it (`1.2.`).
    pub numbers: BTreeMap<usize, String>,
}

/// Everything under `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// `pages[lang][key]`.
    pub pages: BTreeMap<String, BTreeMap<String, Arc<Page>>>,
    pub assets: BTreeMap<String, BTreeMap<String, Asset>>,
    pub summaries: BTreeMap<String, Summary>,
    /// `(lang, key)` of pages that exist but could not be loaded (already reported): links to them are not errors.
    /// Only pages that failed are here (this once held every page, which turned links to other languages into `#`).
    pub unloaded: std::collections::BTreeSet<(String, String)>,
    /// Languages translated by `po/<lang>.po`: the file and how its messages fared over the whole book.
    pub(crate) po: BTreeMap<String, (PathBuf, crate::po::Counts)>,
    /// Whether loading reported nothing: then an edit of known pages can reuse everything else as it is.
    pub(crate) clean: bool,
}

impl Content {
    pub fn page(&self, lang: &str, key: &str) -> Option<&Page> {
        self.pages.get(lang)?.get(key).map(|p| &**p)
    }

    pub fn asset(&self, lang: &str, key: &str) -> Option<&Asset> {
        self.assets.get(lang)?.get(key)
    }
}

/// Short, stable content hash (first 10 hex digits of SHA-256 over the text with `\n` line ends).
pub fn short_hash(text: &str) -> String {
    let digest = if text.contains('\r') {
        Sha256::digest(text.replace("\r\n", "\n").as_bytes())
    } else {
        Sha256::digest(text.as_bytes())
    };
    let mut hex = String::with_capacity(10);
    for b in &digest[..5] {
        hex.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        hex.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    hex
}

/// Where a page lives below the base path: its folders, then its slug (none for `index.md`), then `/`.
pub fn site_path(lang: &str, key: &str, slug: Option<&str>) -> String {
    let path = Path::new(key);
    let mut parts: Vec<String> = vec![lang.to_string()];
    if let Some(parent) = path.parent() {
        parts.extend(parent.components().filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        }));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match slug {
        Some(s) => parts.push(s.to_string()),
        None if stem == "index" || stem == "README" => {}
        None => parts.push(stem),
    }
    format!("{}/", parts.join("/"))
}

/// A slug is one URL segment: no separators, no dot segments, no spaces.
fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() {
        return Err("is empty");
    }
    if slug == "." || slug == ".." || slug.contains("..") {
        return Err("would leave the output folder (`..`)");
    }
    if slug.starts_with('/') || slug.starts_with('\\') || slug.contains(':') {
        return Err("is an absolute path");
    }
    if slug.contains('/') || slug.contains('\\') {
        return Err("contains a path separator; a slug is one URL segment");
    }
    if slug
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "?#%\"'<>".contains(c))
    {
        return Err("contains a space or a character that needs escaping in a URL");
    }
    Ok(())
}

/// Walk `content/`, load every page and asset, and every locale's SUMMARY.md; pages whose file has not changed
/// (same size and modification time) are taken from `previous`. Told which files changed since `previous` was
/// loaded (a session's file watcher), when each is a page `previous` has and `previous` loaded cleanly in
/// polydoc's layout, the folders are not walked at all: only those pages (and any page whose included files
/// changed) are read again.
pub(crate) fn load_changed(
    config: &Config,
    previous: Option<&Content>,
    changed: Option<&[PathBuf]>,
) -> (Content, Diagnostics) {
    if let (Some(previous), Some(changed)) = (previous, changed)
        && let Some(content) = reload_pages(config, previous, changed)
    {
        return (content, Diagnostics::new());
    }
    let mut diags = Diagnostics::new();
    let mut content = Content::default();
    let dir = &config.content_dir;
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error(format!("content folder `{}` does not exist", dir.display()))
                .help("create `content/<lang>/index.md`, or set `src` in `[book]`"),
        );
        return (content, diags);
    }
    let mut files: Vec<(String, String, PathBuf)> = Vec::new();
    let walk_root = if config.mdbook.is_some() {
        files = book_files(config, &mut diags);
        None
    } else {
        Some(dir)
    };
    for entry in walk_root
        .into_iter()
        .flat_map(|dir| WalkDir::new(dir).follow_links(false).sort_by_file_name())
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(format!("cannot read the content folder: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let mut comps = rel.components();
        let lang = match (comps.next(), comps.clone().next()) {
            (Some(Component::Normal(l)), Some(_)) => l.to_string_lossy().into_owned(),
            _ => {
                diags.push(
                    Diagnostic::error(format!("`{}` is not inside a language folder", rel.display()))
                        .in_file(entry.path())
                        .help(format!(
                            "move it to `{}/<lang>/`, e.g. `{}/{}/{}`",
                            dir.display(),
                            dir.display(),
                            config.default_language().code,
                            rel.display()
                        )),
                );
                continue;
            }
        };
        if config.language(&lang).is_none() {
            diags.push(
                Diagnostic::error(format!("`{}` is in `{lang}/`, but `{lang}` is not a configured language", rel.display()))
                    .in_file(entry.path())
                    .help(format!(
                        "add `[i18n.{lang}]` with `name = \"…\"` to book.toml (or run `polydoc i18n add {lang}`), or move the file; configured: {}",
                        config.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", ")
                    )),
            );
            continue;
        }
        let key = comps.as_path().to_string_lossy().replace('\\', "/");
        files.push((lang, key, entry.path().to_path_buf()));
    }

    let (assets, texts): (Vec<_>, Vec<_>) = files.into_iter().partition(|(_, key, _)| !key.ends_with(".md"));
    // Anything but Markdown is an asset, copied as it is: never read here.
    for (lang, key, file) in assets {
        let refused = crate::rawhtml::check_asset(&file, &key, config.allow_content_scripts);
        if !refused.is_empty() {
            diags.extend(refused);
            continue;
        }
        content
            .assets
            .entry(lang.clone())
            .or_default()
            .insert(key.clone(), Asset { lang, key, file });
    }
    // Pages are read and parsed in parallel; one that has not changed since `previous` is taken from it as it is.
    let loaded: Vec<(String, String, Loaded)> = texts
        .into_par_iter()
        .map(|(lang, key, file)| {
            let stamp = stamp(&file);
            let reused = previous
                .and_then(|p| p.pages.get(&lang)?.get(&key))
                .filter(|p| p.file == file && stamp.is_some() && p.stamp == stamp && !p.includes_changed());
            let loaded = match reused {
                Some(p) => Loaded::Page(p.clone()),
                None => load_file(&lang, &key, file, stamp, config.mdbook.is_some()),
            };
            (lang, key, loaded)
        })
        .collect();
    for (lang, key, loaded) in loaded {
        match loaded {
            Loaded::Page(page) => {
                if let Some(i) = &page.includes {
                    // The directives name the files they read by their full path: show it from the book's root.
                    let root = format!("{}{}", config.root.display(), std::path::MAIN_SEPARATOR);
                    diags.extend(i.expanded.diagnostics.iter().cloned().map(|mut d| {
                        d.message = d.message.replace(&root, "");
                        d.help = d.help.map(|h| h.replace(&root, ""));
                        d
                    }));
                }
                content.pages.entry(lang).or_default().insert(key, page);
            }
            Loaded::Summary(s) => {
                content.summaries.insert(lang, s);
            }
            Loaded::Failed { page, problems } => {
                if page {
                    content.unloaded.insert((lang, key));
                }
                diags.extend(problems);
            }
        }
    }
    if config.mdbook.is_some() {
        untitled_pages(&mut content);
        crate::po::pages::translate_book(config, &mut content, &mut diags);
    }
    content.clean = diags.is_empty();
    (content, diags)
}

/// `previous` with the pages in `changed` read again, or `None` when that is not enough: a changed file that is
/// not a known page (new, removed, SUMMARY.md, an image…), a page that now fails to load, a book in mdBook's
/// layout (its pages are made from others), or a previous load that reported problems (they are reported again
/// only by loading everything).
fn reload_pages(config: &Config, previous: &Content, changed: &[PathBuf]) -> Option<Content> {
    if !previous.clean || config.mdbook.is_some() || changed.is_empty() {
        return None;
    }
    // The configured languages' pages (a session's previous content also holds `--pseudo`'s, made from them).
    let known: HashMap<&Path, (&str, &str)> = previous
        .pages
        .iter()
        .filter(|(lang, _)| config.language(lang).is_some())
        .flat_map(|(lang, pages)| {
            pages
                .iter()
                .map(move |(key, p)| (p.file.as_path(), (lang.as_str(), key.as_str())))
        })
        .collect();
    let mut again: Vec<(&str, &str)> = Vec::new();
    for file in changed {
        again.push(*known.get(file.as_path())?);
    }
    // A page that includes a changed file is read again too.
    for (lang, pages) in previous
        .pages
        .iter()
        .filter(|(lang, _)| config.language(lang).is_some())
    {
        for (key, p) in pages {
            if p.includes_changed() {
                again.push((lang, key));
            }
        }
    }
    let mut content = previous.clone();
    for (lang, key) in again {
        let file = previous.pages[lang][key].file.clone();
        let stamp = stamp(&file);
        match load_file(lang, key, file, stamp, false) {
            Loaded::Page(page) if page.includes.as_ref().is_none_or(|i| i.expanded.diagnostics.is_empty()) => {
                content.pages.get_mut(lang)?.insert(key.to_string(), page);
            }
            _ => return None,
        }
    }
    Some(content)
}

/// A book in mdBook's layout: each language's files below its own folder ([`Config::lang_dir`]), keyed by their
/// path there; a translation's folder may be missing.
fn book_files(config: &Config, diags: &mut Diagnostics) -> Vec<(String, String, PathBuf)> {
    let mut files = Vec::new();
    for lang in &config.languages {
        let dir = config.lang_dir(&lang.code);
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    diags.push(Diagnostic::error(format!("cannot read the book's folder: {e}")));
                    continue;
                }
            };
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let hidden = rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            if !entry.file_type().is_file() || hidden {
                continue;
            }
            let key = rel.to_string_lossy().replace('\\', "/");
            files.push((lang.code.clone(), key, entry.path().to_path_buf()));
        }
    }
    files
}

/// Pages without front matter (mdBook's layout) take their title from their language's SUMMARY.md entry, else
/// the default language's, else their first heading, else their file name.
fn untitled_pages(content: &mut Content) {
    let titles = |lang: &str| -> BTreeMap<String, String> {
        let mut t = BTreeMap::new();
        for item in content
            .summaries
            .get(lang)
            .map(|s| s.items.as_slice())
            .unwrap_or_default()
        {
            if let SummaryItem::Chapter { key, title, .. } = item {
                t.entry(key.clone()).or_insert_with(|| title.clone());
            }
        }
        t
    };
    let by_lang: BTreeMap<String, BTreeMap<String, String>> =
        content.pages.keys().map(|l| (l.clone(), titles(l))).collect();
    for (lang, pages) in &mut content.pages {
        for (key, page) in pages.iter_mut() {
            if !page.front.title.trim().is_empty() {
                continue;
            }
            let page = Arc::make_mut(page);
            let from_summary = by_lang
                .get(lang)
                .and_then(|t| t.get(key))
                .cloned()
                .or_else(|| by_lang.values().find_map(|t| t.get(key)).cloned());
            page.front.title = from_summary.or_else(|| first_heading(page.body())).unwrap_or_else(|| {
                Path::new(key)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
        }
    }
}

/// The text of a page's first ATX heading (`# Title`), for a page with no other title; not a Markdown parse:
/// a title only, its inline markup kept as written.
fn first_heading(body: &str) -> Option<String> {
    let mut fence = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence || line.len() - t.len() > 3 {
            continue;
        }
        let hashes = t.len() - t.trim_start_matches('#').len();
        let rest = &t[hashes..];
        if (1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
            let title = rest.trim().trim_end_matches('#').trim();
            if !title.is_empty() {
                return Some(title.to_string());
            }
        }
    }
    None
}

/// One file under `content/`, read.
enum Loaded {
    Page(Arc<Page>),
    Summary(Summary),
    /// `page`: it is a page (not SUMMARY.md), so links to it are not reported again.
    Failed {
        page: bool,
        problems: Vec<Diagnostic>,
    },
}

/// A file's size and modification time, to tell whether it changed since the last load.
fn stamp(file: &Path) -> Option<(std::time::SystemTime, u64)> {
    let m = std::fs::metadata(file).ok()?;
    Some((m.modified().ok()?, m.len()))
}

fn load_file(
    lang: &str,
    key: &str,
    file: PathBuf,
    stamp: Option<(std::time::SystemTime, u64)>,
    book_layout: bool,
) -> Loaded {
    let failed = |d: Diagnostic| Loaded::Failed {
        page: key != "SUMMARY.md",
        problems: vec![d],
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            return failed(
                Diagnostic::error(format!("cannot read page: {e}"))
                    .in_file(&file)
                    .help("save it as UTF-8"),
            );
        }
    };
    if key == "SUMMARY.md" {
        return match parse_summary(&file, &text) {
            Ok(s) => Loaded::Summary(s),
            Err(problems) => Loaded::Failed { page: false, problems },
        };
    }
    // mdBook's preprocessor directives run on the file's text before anything reads it; the hash stays the
    // file's own (what a translation records).
    let hash = short_hash(&text);
    let (text, includes) = expand_directives(&file, text);
    let split = frontmatter::split(&text);
    if split.is_none() && book_layout {
        // mdBook's pages have no front matter: the title comes from SUMMARY.md (see `untitled_pages`).
        return Loaded::Page(Arc::new(Page {
            lang: lang.to_string(),
            key: key.to_string(),
            site_path: site_path(lang, key, None),
            hash,
            file,
            text,
            front: FrontMatter::default(),
            body_offset: 0,
            stamp,
            includes,
        }));
    }
    let Some(split) = split else {
        return failed(
            Diagnostic::error("page has no front matter")
                .at(Location::at_line_col(&file, &text, 1, 1))
                .help("start the page with `---`, a line `title: …`, and a closing `---`"),
        );
    };
    let front = match frontmatter::parse(&file, &text, &split) {
        Ok(f) => f,
        Err(d) => return failed(d),
    };
    if front.title.trim().is_empty() {
        return failed(
            Diagnostic::error("`title` is empty")
                .at(Location::at_offset(&file, &text, split.yaml_offset))
                .help("give the page a title: `title: …`"),
        );
    }
    if let Some(slug) = &front.slug
        && let Err(why) = check_slug(slug)
    {
        let off = text.find("slug:").unwrap_or(split.yaml_offset);
        return failed(
            Diagnostic::error(format!("slug `{slug}` {why}"))
                .at(Location::at_offset(&file, &text, off))
                .help("use one URL segment of letters, digits and `-`, such as `create-token`"),
        );
    }
    let body_offset = split.body_offset;
    let site_path = site_path(lang, key, front.slug.as_deref());
    Loaded::Page(Arc::new(Page {
        lang: lang.to_string(),
        key: key.to_string(),
        file,
        text,
        front,
        body_offset,
        hash,
        site_path,
        stamp,
        includes,
    }))
}

/// `{{#include}}`, `{{#rustdoc_include}}`, `{{#title}}` and the rest of mdBook's directives, paths relative to
/// the including file. A page without directives is returned as it is, with no [`Includes`].
fn expand_directives(file: &Path, text: String) -> (String, Option<std::sync::Arc<Includes>>) {
    if !text.contains("{{#") {
        return (text, None);
    }
    let expanded = crate::mdbook::include::expand(file, &text, &|p| std::fs::read_to_string(p));
    if expanded.text == text && expanded.diagnostics.is_empty() && expanded.title.is_none() {
        return (text, None);
    }
    let stamps = expanded.files.iter().map(|f| (f.clone(), stamp(f))).collect();
    (
        expanded.text.clone(),
        Some(std::sync::Arc::new(Includes { expanded, stamps })),
    )
}

/// Parse mdBook's SUMMARY.md, the whole format (`mdbook::summary`): title, prefix and suffix chapters, parts,
/// separators, nested numbered chapters and drafts.
pub fn parse_summary(file: &Path, text: &str) -> Result<Summary, Vec<Diagnostic>> {
    use crate::mdbook::summary::{self, Chapter, Item};
    let (parsed, problems) = summary::parse(file, text);
    if problems.iter().any(|d| d.severity == crate::diag::Severity::Error) {
        return Err(problems);
    }
    fn chapter(c: &Chapter, level: usize, out: &mut Summary) {
        if let Some(n) = &c.number {
            out.numbers.insert(out.items.len(), n.to_string());
        }
        out.items.push(match c.key() {
            Some(key) => SummaryItem::Chapter {
                title: c.title.clone(),
                key,
                level,
            },
            None => SummaryItem::Draft {
                title: c.title.clone(),
                level,
            },
        });
        for child in &c.children {
            chapter(child, level + 1, out);
        }
    }
    let mut out = Summary::default();
    for item in &parsed.items {
        match item {
            Item::Chapter(c) => chapter(c, 0, &mut out),
            Item::Part { title, .. } => out.items.push(SummaryItem::Part { title: title.clone() }),
            Item::Separator => out.items.push(SummaryItem::Separator),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_hashes_are_sha256_and_ignore_crlf() {
        // `printf 'a\nb' | sha256sum`, and of nothing: the first ten hex digits.
        assert_eq!(short_hash("a\nb"), "7e18f73731");
        assert_eq!(short_hash("a\r\nb"), "7e18f73731");
        assert_eq!(short_hash(""), "e3b0c44298");
    }

    #[test]
    fn site_paths() {
        assert_eq!(site_path("en", "index.md", None), "en/");
        assert_eq!(
            site_path("es", "create-token.md", Some("crear-token")),
            "es/crear-token/"
        );
        assert_eq!(site_path("en", "guide/setup.md", None), "en/guide/setup/");
        assert_eq!(site_path("en", "guide/index.md", None), "en/guide/");
    }

    #[test]
    fn slugs_cannot_escape() {
        for bad in ["..", "../x", "/etc", "a/b", "a b", "C:\\x", ""] {
            assert!(check_slug(bad).is_err(), "{bad}");
        }
        assert!(check_slug("crear-token").is_ok());
        assert!(check_slug("ámbitos").is_ok());
    }

    #[test]
    fn summary_format() {
        let text = "# Summary\n\n[Intro](index.md)\n\n# Guide\n\n- [A](a.md)\n  - [B](sub/b.md)\n---\n- oops\n";
        let err = parse_summary(Path::new("SUMMARY.md"), text).unwrap_err();
        assert!(err[0].to_string().contains("SUMMARY.md:10:3"), "{}", err[0]);
        // Drafts are listed (they were refused before mdbook::summary), numbered like mdBook.
        let ok = parse_summary(
            Path::new("S"),
            &text.replace("- oops\n", "").replace("---\n", "  - [Later]()\n---\n"),
        )
        .unwrap();
        assert_eq!(
            ok.items,
            vec![
                SummaryItem::Chapter {
                    title: "Intro".into(),
                    key: "index.md".into(),
                    level: 0
                },
                SummaryItem::Part { title: "Guide".into() },
                SummaryItem::Chapter {
                    title: "A".into(),
                    key: "a.md".into(),
                    level: 0
                },
                SummaryItem::Chapter {
                    title: "B".into(),
                    key: "sub/b.md".into(),
                    level: 1
                },
                SummaryItem::Draft {
                    title: "Later".into(),
                    level: 1
                },
                SummaryItem::Separator,
            ]
        );
        let numbers: Vec<(usize, &str)> = ok.numbers.iter().map(|(i, n)| (*i, n.as_str())).collect();
        assert_eq!(numbers, [(2, "1."), (3, "1.1."), (4, "1.2.")]);
    }
}
