//! Every page of the built site answers 200 under its base path and no internal link or anchor is
//! broken: a crawl over HTTP (no browser) from the root, at `/` and at a sub-path.

use std::collections::BTreeSet;

use e2e::crawl::{self, Crawl};
use e2e::{Expect, Site, ftl};

/// Base paths the site must work under: a user/group site and a GitLab Pages project site.
const BASES: &[&str] = &["/", "/project/"];

/// Every verdict id but `verdict-ok` (which needs no help) must be an anchor of the
/// troubleshooting page the checker links to.
fn verdict_ids() -> Vec<String> {
    ftl::checker_messages("en")
        .expect("locales/en/checker.ftl")
        .into_keys()
        .filter(|k| k.starts_with("verdict-") && k != "verdict-ok")
        .collect()
}

/// HTML files of the output, as URLs (`dir/index.html` → `dir/`).
fn built_pages(site: &Site) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![site.out_dir().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("reading the output").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let rel = path
                    .strip_prefix(site.out_dir())
                    .expect("below the output")
                    .to_string_lossy()
                    .replace('\\', "/");
                let rel = rel.strip_suffix("index.html").unwrap_or(&rel).to_owned();
                out.insert(site.url(&rel));
            }
        }
    }
    out
}

fn check_crawl(site: &Site, c: &Crawl, e: &mut Expect) {
    let base = site.base_path();
    e.that(c.problems.is_empty(), || {
        format!("under {base}: broken links:\n    {}", c.problems.join("\n    "))
    });
    let html: BTreeSet<&String> = c
        .fetched
        .iter()
        .filter(|(_, f)| f.status == 200 && f.content_type.starts_with("text/html"))
        .map(|(u, _)| u)
        .collect();
    // Two languages × the guide's eleven pages, plus the root.
    e.that(html.len() >= 23, || {
        format!("under {base}: only {} HTML pages reached: {html:?}", html.len())
    });
    for lang in ["en", "es"] {
        let home = site.url(&format!("{lang}/"));
        e.that(html.contains(&home), || format!("under {base}: {home} not reached"));
    }
    // Nothing built is unreachable (the 404 page is served for unknown paths instead).
    for page in built_pages(site) {
        if page.ends_with("/404.html") {
            continue;
        }
        e.that(html.contains(&page), || {
            format!("under {base}: {page} is built but no link leads to it")
        });
    }
    // Every page has the checker assets it references, served with the right types.
    let types = [
        (".wasm", "application/wasm"),
        (".js", "text/javascript"),
        (".css", "text/css"),
    ];
    for (url, f) in &c.fetched {
        for (ext, want) in types {
            if url.ends_with(ext) {
                e.that(f.content_type.starts_with(want), || {
                    format!("{url} served as {:?}, want {want}", f.content_type)
                });
            }
        }
    }
    for ext in [".wasm", ".js"] {
        let reached = c
            .fetched
            .keys()
            .any(|u| u.contains("/assets/token_check_web") && u.ends_with(ext));
        e.that(reached, || {
            format!("under {base}: no checker {ext} referenced by any page")
        });
    }
    // The checker links each verdict to a section of the troubleshooting page.
    let helps: BTreeSet<&String> = c
        .links
        .iter()
        .filter(|l| l.to.ends_with("/solucion-de-problemas/") || l.to.ends_with("/troubleshooting/"))
        .map(|l| &l.to)
        .collect();
    e.that(helps.len() == 2, || {
        format!("under {base}: troubleshooting pages linked: {helps:?}")
    });
    for help in helps {
        let ids = &c.fetched[help].ids;
        for id in verdict_ids() {
            e.that(ids.contains(&id), || format!("{help} has no section #{id}"));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_answers_and_no_internal_link_is_broken() -> anyhow::Result<()> {
    let mut e = Expect::new();
    for base in BASES {
        let site = Site::start(base).await?;
        let c = crawl::crawl(&site).await?;
        check_crawl(&site, &c, &mut e);
        // The server answers unknown paths with the site's 404 page, and nothing outside the base.
        for path in ["en/no-such-page/", "no-such-file.txt"] {
            let r = e2e::http::get(&site.url(path)).await?;
            e.eq(&format!("status of {path} under {base}"), &r.status, &404);
        }
        let served = site.served();
        let outside: Vec<_> = served
            .iter()
            .filter(|s| !s.path.starts_with(site.base_path()))
            .collect();
        e.that(outside.is_empty(), || format!("requests outside {base}: {outside:?}"));
    }
    e.finish("crawl");
    Ok(())
}
