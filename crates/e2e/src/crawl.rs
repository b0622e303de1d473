//! A link crawler over HTTP (no browser): from the site root it follows every same-origin
//! `href`, `src`, `data-glue`/`data-wasm`/`data-help`, CSS `url(…)` and Markdown link (the
//! pages' Markdown alternates, `llms.txt`), plus `sitemap.xml` and `robots.txt`,
//! records each answer, and reports broken links, missing anchors and links outside the base path.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::site::Site;

/// The attributes whose values are URLs the browser (or the checker) fetches or follows.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "data-glue", "data-wasm", "data-help"];

/// One fetched URL.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    pub content_type: String,
    /// For HTML: every `id` attribute.
    pub ids: BTreeSet<String>,
}

/// A link found in a page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub from: String,
    /// Absolute, without the fragment.
    pub to: String,
    pub fragment: Option<String>,
}

/// What the crawl found.
#[derive(Debug, Default)]
pub struct Crawl {
    /// Every internal URL fetched (no fragment), with its answer.
    pub fetched: BTreeMap<String, Fetched>,
    pub links: Vec<Link>,
    /// External links seen (not fetched).
    pub external: BTreeSet<String>,
    /// Broken links, missing anchors, links outside the base path.
    pub problems: Vec<String>,
}

/// Decodes the few entities that appear in attribute values.
pub fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The values of attribute `name` in an HTML text (double- or single-quoted), unescaped.
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['"', '\''] {
        let needle = format!(" {name}={quote}");
        let mut rest = html;
        while let Some(i) = rest.find(&needle) {
            rest = &rest[i + needle.len()..];
            if let Some(end) = rest.find(quote) {
                out.push(unescape(&rest[..end]));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// The targets of CSS `url(…)`, without quotes; `data:` URLs left out.
pub fn css_urls(css: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        if let Some(end) = rest.find(')') {
            let v = rest[..end].trim().trim_matches(['"', '\'']);
            if !v.is_empty() && !v.starts_with("data:") {
                out.push(v.to_owned());
            }
            rest = &rest[end..];
        }
    }
    out
}

/// The targets of Markdown links and images, `[text](target "title")`.
pub fn markdown_links(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = md;
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        let end = rest.find([')', ' ', '\n']).unwrap_or(rest.len());
        let target = rest[..end].trim_matches(['<', '>']);
        if !target.is_empty() {
            out.push(target.to_owned());
        }
        rest = &rest[end..];
    }
    out
}

/// `<loc>` values of a sitemap.
pub fn sitemap_locs(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<loc>") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find("</loc>") {
            out.push(unescape(rest[..end].trim()));
            rest = &rest[end..];
        }
    }
    out
}

/// Resolves `reference` against the absolute `base` URL (http only). `None` for other schemes
/// (mailto:, javascript:, data:, https:) — those are not the site's own files.
pub fn resolve(base: &str, reference: &str) -> Option<String> {
    let reference = reference.trim();
    if reference.starts_with("http://") {
        return Some(normalize(reference));
    }
    let first_delimiter = reference.find(['/', '?', '#']).unwrap_or(reference.len());
    if reference.find(':').is_some_and(|i| i < first_delimiter) {
        return None; // another scheme
    }
    let rest = base.strip_prefix("http://")?;
    let slash = rest.find('/').unwrap_or(rest.len());
    let origin = &base[..7 + slash];
    let base_path = &rest[slash..];
    let base_path = base_path.split(['?', '#']).next().unwrap_or("/");
    let joined = if let Some(r) = reference.strip_prefix("//") {
        return Some(normalize(&format!("http://{r}")));
    } else if reference.starts_with('/') {
        reference.to_owned()
    } else if reference.starts_with('#') || reference.starts_with('?') || reference.is_empty() {
        format!("{base_path}{reference}")
    } else {
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{reference}")
    };
    Some(normalize(&format!("{origin}{joined}")))
}

/// Removes `.` and `..` path segments.
fn normalize(url: &str) -> String {
    let Some(rest) = url.strip_prefix("http://") else {
        return url.to_owned();
    };
    let slash = rest.find('/').unwrap_or(rest.len());
    let (authority, path_etc) = rest.split_at(slash);
    let split = path_etc.find(['?', '#']).unwrap_or(path_etc.len());
    let (path, tail) = path_etc.split_at(split);
    let mut segs: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').collect();
    for (i, seg) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        match *seg {
            "." => {
                if last {
                    segs.push("");
                }
            }
            ".." => {
                if segs.len() > 1 {
                    segs.pop();
                }
                if last {
                    segs.push("");
                }
            }
            s => segs.push(s),
        }
    }
    let mut path = segs.join("/");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    format!("http://{authority}{path}{tail}")
}

fn split_fragment(url: &str) -> (String, Option<String>) {
    match url.split_once('#') {
        Some((u, f)) => (u.to_owned(), Some(f.to_owned())),
        None => (url.to_owned(), None),
    }
}

/// Crawls `site` from its root (and its `sitemap.xml`). Fails only when the server cannot be reached.
pub async fn crawl(site: &Site) -> anyhow::Result<Crawl> {
    let origin = site.origin();
    let base_url = site.url("");
    let mut c = Crawl::default();
    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    let mut queued: BTreeSet<String> = BTreeSet::new();
    for start in [
        base_url.clone(),
        site.url("sitemap.xml"),
        site.url("robots.txt"),
        site.url("llms.txt"),
    ] {
        queued.insert(start.clone());
        queue.push_back((start, "(start)".to_owned()));
    }
    while let Some((url, from)) = queue.pop_front() {
        let r = crate::http::get(&url).await?;
        let content_type = r.header("content-type").unwrap_or_default().to_owned();
        let mut fetched = Fetched {
            status: r.status,
            content_type: content_type.clone(),
            ids: BTreeSet::new(),
        };
        let optional = from == "(start)" && url != base_url;
        if r.status != 200 {
            if !(optional && r.status == 404) {
                c.problems
                    .push(format!("{url} (linked from {from}) answered {}", r.status));
            }
            c.fetched.insert(url, fetched);
            continue;
        }
        let text = r.text();
        let mut refs: Vec<String> = Vec::new();
        if content_type.starts_with("text/html") {
            fetched.ids = attribute_values(&text, "id").into_iter().collect();
            for attr in URL_ATTRIBUTES {
                refs.extend(attribute_values(&text, attr));
            }
        } else if content_type.starts_with("text/css") {
            refs.extend(css_urls(&text));
        } else if url.ends_with("sitemap.xml") {
            refs.extend(sitemap_locs(&text));
        } else if content_type.starts_with("text/markdown") || url.ends_with("llms.txt") {
            refs.extend(markdown_links(&text));
        } else if url.ends_with("robots.txt") {
            refs.extend(
                text.lines()
                    .filter_map(|l| l.strip_prefix("Sitemap:"))
                    .map(|s| s.trim().to_owned()),
            );
        }
        c.fetched.insert(url.clone(), fetched);
        for reference in refs {
            let Some(abs) = resolve(&url, &reference) else {
                c.external.insert(reference);
                continue;
            };
            if !abs.starts_with(&format!("{origin}/")) {
                c.external.insert(abs);
                continue;
            }
            let (target, fragment) = split_fragment(&abs);
            if !target.starts_with(&base_url) {
                c.problems.push(format!(
                    "{url} links to {abs}, outside the base path {}",
                    site.base_path()
                ));
                continue;
            }
            c.links.push(Link {
                from: url.clone(),
                to: target.clone(),
                fragment,
            });
            if queued.insert(target.clone()) {
                queue.push_back((target, url.clone()));
            }
        }
    }
    for link in &c.links {
        let Some(frag) = &link.fragment else { continue };
        if frag.is_empty() {
            continue;
        }
        let Some(page) = c.fetched.get(&link.to) else { continue };
        if page.content_type.starts_with("text/html") && page.status == 200 && !page.ids.contains(frag) {
            c.problems.push(format!(
                "{} links to {}#{frag}: no element has that id",
                link.from, link.to
            ));
        }
    }
    c.problems.sort();
    c.problems.dedup();
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolving() {
        let base = "http://h:1/p/en/page/";
        let cases = [
            ("../other/", Some("http://h:1/p/en/other/")),
            ("../../es/x/#a", Some("http://h:1/p/es/x/#a")),
            ("/p/assets/a.css", Some("http://h:1/p/assets/a.css")),
            ("#top", Some("http://h:1/p/en/page/#top")),
            ("img/a.svg", Some("http://h:1/p/en/page/img/a.svg")),
            ("./", Some("http://h:1/p/en/page/")),
            ("http://h:1/p/./x/../y", Some("http://h:1/p/y")),
            ("//h:2/z", Some("http://h:2/z")),
            ("https://gitlab.com/", None),
            ("mailto:a@b", None),
            ("javascript:void(0)", None),
            ("a:b/c", None),
        ];
        for (reference, want) in cases {
            assert_eq!(resolve(base, reference).as_deref(), want, "{reference}");
        }
        assert_eq!(
            resolve("http://h:1/p/en/x.html", "y.html").as_deref(),
            Some("http://h:1/p/en/y.html")
        );
    }

    #[test]
    fn extracting() {
        let html = r#"<a href="/a?x=1&amp;y=2">a</a><img src='b.svg'><div id="x" data-help="/h/"><p id='y'>"#;
        assert_eq!(attribute_values(html, "href"), ["/a?x=1&y=2"]);
        assert_eq!(attribute_values(html, "src"), ["b.svg"]);
        assert_eq!(attribute_values(html, "id"), ["x", "y"]);
        assert_eq!(attribute_values(html, "data-help"), ["/h/"]);
        assert_eq!(
            css_urls("a{b:url(x.svg)} c{d:url( 'y.woff2' )} e{f:url(data:image/png;base64,xx)}"),
            ["x.svg", "y.woff2"]
        );
        assert_eq!(
            markdown_links("See [a](http://h/a/index.md#x) and ![i](img/b.svg \"Cap\") or [c](<d.md>).\n[e]: f"),
            ["http://h/a/index.md#x", "img/b.svg", "d.md"]
        );
        assert_eq!(
            sitemap_locs("<url><loc>http://h/a/</loc></url><url><loc> http://h/b/?x&amp;y </loc></url>"),
            ["http://h/a/", "http://h/b/?x&y"]
        );
    }
}
