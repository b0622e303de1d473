//! Search in Chromium: each language searches only its own pages, with stemming (a Spanish inflected word
//! finds the Spanish page), results that link to the matching section, highlighted excerpts and keyboard
//! navigation; without scripts, a page-list link.

use std::time::Duration;

use e2e::browser::poll;
use e2e::{Browser, BrowserOptions, Site, with_browser};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

const WAIT: Duration = Duration::from_secs(10);

/// Type `query` into the search box of the page at `url`; return each result's (href, title, marked words).
async fn search(b: &Browser, url: &str, query: &str) -> anyhow::Result<Vec<(String, String, Vec<String>)>> {
    b.goto(url).await?;
    let input = poll("the search box", WAIT, || async {
        Ok(b.client
            .find_all(Locator::Css("#site-search-input"))
            .await?
            .into_iter()
            .next())
    })
    .await?;
    input.send_keys(query).await?;
    let results = poll("search results", WAIT, || async {
        let v = b
            .js(
                "const items = [...document.querySelectorAll('#site-search-results [role=option] a')];
                 return items.length ? items.map(a => [a.getAttribute('href'), a.querySelector('.search-title').textContent,
                   [...a.querySelectorAll('mark')].map(m => m.textContent)]) : null;",
                vec![],
            )
            .await?;
        Ok(if v.is_null() { None } else { Some(v) })
    })
    .await?;
    let parsed = serde_json::from_value::<Vec<(String, String, Vec<String>)>>(results)?;
    Ok(parsed)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_stems_per_language_and_navigates_by_keyboard() -> anyhow::Result<()> {
    let site = Site::start("/project/").await?;
    let es = site.url("es/");
    let en = site.url("en/");
    let expiry_es = "/project/es/caducidad-rotacion-revocacion/".to_string();
    let origin = site.origin();
    // What `search::query_cost` (the bench's mirror of search.js) expects for each query, as result links.
    let expected = |lang: &str, query: &str| -> anyhow::Result<Vec<String>> {
        let dir = site.out_dir().join("search").join(lang);
        let mut files = std::collections::BTreeMap::new();
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d)? {
                let path = e?.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(&dir)?.to_string_lossy().replace('\\', "/");
                    files.insert(rel, std::fs::read(&path)?);
                }
            }
        }
        let cost = polydoc_site::query_cost(&files, query, 8);
        cost.hits
            .iter()
            .map(|(file, section)| {
                let page: serde_json::Value = serde_json::from_slice(&files[file])?;
                let url = page["u"].as_str().unwrap_or_default();
                Ok(match page["s"][*section][1].as_str().unwrap_or_default() {
                    "" => url.to_string(),
                    anchor => format!("{url}#{anchor}"),
                })
            })
            .collect()
    };
    let mut mirrored = Vec::new();
    for (lang, query) in [
        ("es", "caduca"),
        ("es", "tokens caducados"),
        ("en", "expiring tokens"),
        ("en", "scope"),
    ] {
        mirrored.push((site.url(&format!("{lang}/")), query, expected(lang, query)?));
    }
    with_browser(BrowserOptions::default(), move |b| async move {
        // The browser client and its mirror in Rust agree, result for result (the bench's query costs rely on it).
        for (url, query, want) in &mirrored {
            let got: Vec<String> = search(&b, url, query)
                .await?
                .into_iter()
                .map(|(href, ..)| href)
                .collect();
            assert_eq!(&got, want, "{url} {query:?}: search.js and search::query_cost disagree");
        }

        // "caduca" is not the word the Spanish expiry page uses most ("caducidad"): stemming joins them.
        let found = search(&b, &es, "caduca").await?;
        assert!(!found.is_empty(), "no results for caduca");
        assert!(
            found.iter().all(|(href, ..)| href.starts_with("/project/es/")),
            "only Spanish pages: {found:?}"
        );
        // Results link to the section that holds the word: the page's URL, then `#` and the heading's id.
        let page_of = |href: &str| href.split('#').next().unwrap_or_default().to_string();
        assert!(
            found
                .iter()
                .any(|(href, ..)| page_of(href) == expiry_es && href.contains('#')),
            "the expiry page is found, at a section: {found:?}"
        );
        assert!(
            found
                .iter()
                .flat_map(|(_, _, marks)| marks)
                .any(|m| m.to_lowercase().starts_with("caduc")),
            "excerpts highlight the inflected forms: {found:?}"
        );

        // English stems too: "tokens" finds pages about "token"; only English pages.
        let found = search(&b, &en, "expiring tokens").await?;
        assert!(
            found.iter().all(|(href, ..)| href.starts_with("/project/en/")),
            "only English pages: {found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(href, ..)| page_of(href) == "/project/en/expiry-rotation-revocation/"),
            "{found:?}"
        );

        // Keyboard: ArrowDown selects the first result, Enter opens it.
        let input = b.client.find(Locator::Css("#site-search-input")).await?;
        input.send_keys(&Key::Down.to_string()).await?;
        let selected = b
            .js(
                "return document.querySelector('[role=option][aria-selected=true] a').getAttribute('href')",
                vec![],
            )
            .await?;
        input.send_keys(&Key::Enter.to_string()).await?;
        let want = format!("{origin}{}", selected.as_str().unwrap_or_default());
        poll("navigation to the selected result", WAIT, || {
            let b = b.clone();
            let want = want.clone();
            async move { Ok((b.url().await? == want).then_some(())) }
        })
        .await?;

        // A word with no match says so.
        b.goto(&es).await?;
        let input = b.client.find(Locator::Css("#site-search-input")).await?;
        input.send_keys("zzzqqq").await?;
        poll("the no-results line", WAIT, || async {
            let t = b
                .js(
                    "const e = document.querySelector('.search-empty'); return e ? e.textContent : null",
                    vec![],
                )
                .await?;
            Ok(t.as_str().map(str::to_owned))
        })
        .await
        .map(|t| assert_eq!(t, "Sin resultados"))?;
        Ok(())
    })
    .await?;
    drop(site);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_scripts_search_is_a_page_list_link() -> anyhow::Result<()> {
    let site = Site::start("/").await?;
    let es = site.url("es/");
    let pages = site.url("es/pages/");
    with_browser(BrowserOptions::default().javascript(false), move |b| async move {
        b.goto(&es).await?;
        let link = b.client.find(Locator::Css(".site-search .search-fallback")).await?;
        assert!(link.is_displayed().await?);
        assert_eq!(link.text().await?.trim(), "Todas las páginas");
        assert!(b.client.find_all(Locator::Css("#site-search-input")).await?.is_empty());
        b.goto(&pages).await?;
        let items = b
            .js(
                "return document.querySelectorAll('.page-list li').length",
                vec![json!(null)],
            )
            .await?;
        assert_eq!(items.as_u64(), Some(11), "the Spanish page list has the eleven pages");
        Ok(())
    })
    .await?;
    drop(site);
    Ok(())
}
