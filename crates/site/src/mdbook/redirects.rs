//! Redirect pages from a deployed mdBook book's addresses to polydoc's: every chapter's `chapter.html` (and
//! `dir/index.html` for a `README.md`), in each language (`<lang>/chapter.html` for translations, as
//! mdbook-i18n-helpers deploys them), and each `output.html.redirect` entry. A redirect page is static HTML: a
//! `<meta http-equiv="refresh">`, a canonical link and a plain link, no script (the CSP allows none inline).

use std::collections::BTreeMap;

use crate::config::Config;
use crate::mdbook::links::{self, Target};
use crate::plan::Plan;
use crate::resolve::Urls;
use crate::text::escape_html;

/// Every redirect page to write: its path below the output folder → its HTML.
pub(crate) fn pages(config: &Config, plan: &Plan<'_>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Some(book) = config.mdbook.as_deref() else {
        return out;
    };
    let urls = Urls::new(config);
    let default = &config.default_language().code;
    let pages: std::collections::HashSet<String> = plan
        .routes
        .iter()
        .map(|r| format!("{}index.html", r.site_path))
        .collect();
    for r in &plan.routes {
        let Some(old) = old_address(r.key) else {
            continue;
        };
        let old = if &r.lang.code == default {
            old
        } else {
            format!("{}/{old}", r.lang.code)
        };
        // Never over a page: the root's index.html is polydoc's language chooser (which leads to the book's
        // start), and a translation's `es/index.html` is its own home.
        if old == "index.html" || pages.contains(old.as_str()) {
            continue;
        }
        let url = urls.of(r);
        out.insert(
            old,
            page(&r.lang.code, &r.source.front.title, &url, &urls.absolute(&url)),
        );
    }
    let lang = config.default_language();
    for (from, to) in &book.redirect {
        let from = from.trim_start_matches('/').to_string();
        let target = match links::resolve(&from, to, &|k| plan.get(&lang.code, k).is_some()) {
            Target::Chapter { key, fragment } => plan.get(&lang.code, &key).map(|r| {
                let url = urls.of(r);
                let url = fragment.map_or(url.clone(), |f| format!("{url}#{f}"));
                (r.source.front.title.clone(), url)
            }),
            _ => None,
        };
        let (title, url) = target.unwrap_or_else(|| (to.clone(), to.clone()));
        let abs = if url.starts_with('/') {
            urls.absolute(&url)
        } else {
            url.clone()
        };
        out.insert(from, page(&lang.code, &title, &url, &abs));
    }
    out
}

/// mdBook's address of the chapter `key`: `guide/intro.md` → `guide/intro.html`, `guide/README.md` →
/// `guide/index.html`.
fn old_address(key: &str) -> Option<String> {
    let stem = key.strip_suffix(".md")?;
    Some(match stem.strip_suffix("README") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("{dir}index.html"),
        _ => format!("{stem}.html"),
    })
}

fn page(lang: &str, title: &str, url: &str, absolute: &str) -> String {
    let (t, u, a) = (escape_html(title), escape_html(url), escape_html(absolute));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n\
         <meta http-equiv=\"refresh\" content=\"0; url={u}\">\n<link rel=\"canonical\" href=\"{a}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<p><a href=\"{u}\">{t}</a></p>\n</body>\n</html>\n",
        escape_html(lang)
    )
}

#[cfg(test)]
mod tests {
    use super::old_address;

    #[test]
    fn old_addresses_are_mdbooks() {
        for (key, old) in [
            ("intro.md", Some("intro.html")),
            ("guide/setup.md", Some("guide/setup.html")),
            ("README.md", Some("index.html")),
            ("guide/README.md", Some("guide/index.html")),
            ("guide/NOTREADME.md", Some("guide/NOTREADME.html")),
            ("image.png", None),
        ] {
            assert_eq!(old_address(key).as_deref(), old, "{key}");
        }
    }
}
