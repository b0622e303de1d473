//! Links as mdBook books write them: `chapter.html` and `chapter.html#anchor` mean the chapter `chapter.md`
//! (a folder's `index.html` means its `README.md` or `index.md`), and a relative link that climbs out of the
//! book (`../std/index.html`, resolved on the site that hosts it) is allowed, with one warning per place it
//! leads to rather than one per link.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Diagnostic, Location};

/// Where a link in a chapter points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A chapter of the book, by key (path below the source folder, `/`-separated), maybe with an anchor.
    Chapter { key: String, fragment: Option<String> },
    /// `#anchor` on the same page.
    SamePage { fragment: String },
    /// Above the book's root: the path from the root (`../std/index.html`).
    OutsideBook { path: String },
    /// A scheme (`https:`, `mailto:`) or a site-absolute path (`/x`): not the book's to check.
    External,
    /// Inside the book but not a chapter (an image, a download, or a missing page): `key` as resolved.
    File { key: String, fragment: Option<String> },
}

/// Resolve `dest`, written in the chapter `from_key`, against the book's chapters (`is_chapter(key)`).
pub(crate) fn resolve(from_key: &str, dest: &str, is_chapter: &dyn Fn(&str) -> bool) -> Target {
    let dest = dest.trim();
    if dest.is_empty() {
        return Target::SamePage {
            fragment: String::new(),
        };
    }
    if let Some(f) = dest.strip_prefix('#') {
        return Target::SamePage {
            fragment: f.to_string(),
        };
    }
    let scheme = dest.find(':').is_some_and(|i| {
        dest[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            && dest[..i].starts_with(|c: char| c.is_ascii_alphabetic())
    });
    if scheme || dest.starts_with('/') || dest.starts_with("//") {
        return Target::External;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let path = percent_decode(path);
    let base = from_key.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut parts: Vec<&str> = if base.is_empty() {
        Vec::new()
    } else {
        base.split('/').collect()
    };
    let mut above = 0usize;
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    above += 1;
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if above > 0 {
        let mut p = "../".repeat(above);
        p.push_str(&joined);
        if path.ends_with('/') && !p.ends_with('/') {
            p.push('/');
        }
        return Target::OutsideBook { path: p };
    }
    let dir_link = path.is_empty() || path.ends_with('/');
    for candidate in chapter_candidates(&joined, dir_link) {
        if is_chapter(&candidate) {
            return Target::Chapter {
                key: candidate,
                fragment,
            };
        }
    }
    Target::File { key: joined, fragment }
}

/// The chapter keys a resolved path can mean, in mdBook's order: `a.md` itself; `a.html` → `a.md`; a folder
/// or its `index.html` → `README.md`, then `index.md` in it.
fn chapter_candidates(joined: &str, dir_link: bool) -> Vec<String> {
    let in_dir = |dir: &str| {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        vec![format!("{prefix}README.md"), format!("{prefix}index.md")]
    };
    if dir_link {
        return in_dir(joined);
    }
    if joined.ends_with(".md") {
        return vec![joined.to_string()];
    }
    if let Some(stem) = joined.strip_suffix(".html").or_else(|| joined.strip_suffix(".htm")) {
        let mut out = vec![format!("{stem}.md")];
        if stem == "index" || stem.ends_with("/index") {
            out.extend(in_dir(stem.strip_suffix("index").unwrap_or("").trim_end_matches('/')));
        }
        return out;
    }
    Vec::new()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|d| d as u8)
}

/// The place a link out of the book leads to, for grouping: its leading `../` and first folder (`../std/`).
pub(crate) fn outside_prefix(path: &str) -> String {
    let ups = path.matches("../").count();
    let rest = &path[ups * 3..];
    match rest.split_once('/') {
        Some((first, _)) => format!("{}{first}/", "../".repeat(ups)),
        None => "../".repeat(ups),
    }
}

/// One link that leaves the book: the file it is in, that file's text, the link's byte offset, its target.
pub(crate) struct OutsideLink<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub offset: usize,
    pub path: &'a str,
}

/// One warning per place links leave the book to, at its first link, saying how many there are.
pub(crate) fn outside_book_warnings(links: &[OutsideLink<'_>]) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<String, Vec<&OutsideLink<'_>>> = BTreeMap::new();
    for l in links {
        groups.entry(outside_prefix(l.path)).or_default().push(l);
    }
    groups
        .into_iter()
        .map(|(prefix, ls)| {
            let first = ls[0];
            let n = ls.len();
            let files: std::collections::BTreeSet<&Path> = ls.iter().map(|l| l.file).collect();
            Diagnostic::warning(format!(
                "{n} link{} leave{} the book to `{prefix}` (from {} file{}); they are not checked",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" },
                files.len(),
                if files.len() == 1 { "" } else { "s" },
            ))
            .at(Location::at_offset(first.file, first.text, first.offset))
            .help("this is fine when the site that hosts the book serves those pages; otherwise link to a full URL")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHAPTERS: &[&str] = &[
        "README.md",
        "guide/installation.md",
        "guide/README.md",
        "reference/index.md",
        "a b.md",
        "misc/contributors.md",
    ];

    fn r(from: &str, dest: &str) -> Target {
        resolve(from, dest, &|k| CHAPTERS.contains(&k))
    }

    fn ch(key: &str, f: Option<&str>) -> Target {
        Target::Chapter {
            key: key.into(),
            fragment: f.map(str::to_string),
        }
    }

    #[test]
    fn resolution_table() {
        let table: &[(&str, &str, Target)] = &[
            ("README.md", "guide/installation.md", ch("guide/installation.md", None)),
            (
                "README.md",
                "guide/installation.html",
                ch("guide/installation.md", None),
            ),
            (
                "README.md",
                "guide/installation.html#build",
                ch("guide/installation.md", Some("build")),
            ),
            ("guide/installation.md", "../README.md", ch("README.md", None)),
            ("guide/installation.md", "../index.html", ch("README.md", None)),
            ("guide/installation.md", "index.html", ch("guide/README.md", None)),
            ("guide/installation.md", "./", ch("guide/README.md", None)),
            ("README.md", "reference/", ch("reference/index.md", None)),
            (
                "README.md",
                "reference/index.html#keys",
                ch("reference/index.md", Some("keys")),
            ),
            ("README.md", "a%20b.html", ch("a b.md", None)),
            (
                "README.md",
                "#intro",
                Target::SamePage {
                    fragment: "intro".into(),
                },
            ),
            ("README.md", "https://example.org/x.html", Target::External),
            ("README.md", "mailto:a@b.c", Target::External),
            ("README.md", "/absolute.html", Target::External),
            (
                "README.md",
                "../std/index.html",
                Target::OutsideBook {
                    path: "../std/index.html".into(),
                },
            ),
            (
                "guide/installation.md",
                "../../std/fs/index.html",
                Target::OutsideBook {
                    path: "../std/fs/index.html".into(),
                },
            ),
            (
                "guide/installation.md",
                "../../",
                Target::OutsideBook { path: "../".into() },
            ),
            (
                "README.md",
                "img/logo.png",
                Target::File {
                    key: "img/logo.png".into(),
                    fragment: None,
                },
            ),
            (
                "README.md",
                "missing.html#x",
                Target::File {
                    key: "missing.html".into(),
                    fragment: Some("x".into()),
                },
            ),
            (
                "README.md",
                "guide/installation.html?x=1",
                ch("guide/installation.md", None),
            ),
        ];
        for (from, dest, want) in table {
            assert_eq!(r(from, dest), *want, "{from} → {dest}");
        }
    }

    #[test]
    fn prefixes_and_grouped_warnings() {
        assert_eq!(outside_prefix("../std/index.html"), "../std/");
        assert_eq!(outside_prefix("../std/fs/index.html"), "../std/");
        assert_eq!(outside_prefix("../../x/y.html"), "../../x/");
        assert_eq!(outside_prefix("../index.html"), "../");
        let a = Path::new("src/a.md");
        let b = Path::new("src/b.md");
        let ta = "See [fs](../std/fs/index.html) and [io](../std/io/index.html).\n";
        let tb = "[core](../core/index.html) [std](../std/index.html)\n";
        let links = [
            OutsideLink {
                file: a,
                text: ta,
                offset: ta.find("[fs]").unwrap(),
                path: "../std/fs/index.html",
            },
            OutsideLink {
                file: a,
                text: ta,
                offset: ta.find("[io]").unwrap(),
                path: "../std/io/index.html",
            },
            OutsideLink {
                file: b,
                text: tb,
                offset: 0,
                path: "../core/index.html",
            },
            OutsideLink {
                file: b,
                text: tb,
                offset: tb.find("[std]").unwrap(),
                path: "../std/index.html",
            },
        ];
        let got: Vec<String> = outside_book_warnings(&links)
            .iter()
            .map(|d| {
                let l = d.location.as_ref().expect("located");
                format!(
                    "{}:{}:{} {}",
                    l.file.display(),
                    l.line.unwrap_or(0),
                    l.column.unwrap_or(0),
                    d.message
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "src/b.md:1:1 1 link leaves the book to `../core/` (from 1 file); they are not checked",
                "src/a.md:1:5 3 links leave the book to `../std/` (from 2 files); they are not checked",
            ]
        );
    }
}
