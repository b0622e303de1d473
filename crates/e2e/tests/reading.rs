//! Reading the site in Chromium: without JavaScript (article, sidebar, language links and the
//! checker's <noscript> text visible, theme toggle hidden), and with JavaScript for a reader who
//! prefers Spanish (root redirect, language switcher on every page, theme toggle that persists).

use std::time::Duration;

use e2e::{Browser, BrowserOptions, Site, ftl, with_browser};
use fantoccini::Locator;
use serde_json::json;

/// The guide's pages: source file, English URL path, Spanish URL path.
const PAGES: &[(&str, &str, &str)] = &[
    ("index.md", "en/", "es/"),
    ("create-token.md", "en/create-token/", "es/crear-token/"),
    ("hostname.md", "en/hostname/", "es/nombre-de-host/"),
    ("scopes.md", "en/scopes/", "es/ambitos/"),
    (
        "expiry.md",
        "en/expiry-rotation-revocation/",
        "es/caducidad-rotacion-revocacion/",
    ),
    ("errors.md", "en/rate-limits-and-errors/", "es/limites-y-errores/"),
    ("token-types.md", "en/token-types/", "es/tipos-de-token/"),
    ("troubleshooting.md", "en/troubleshooting/", "es/solucion-de-problemas/"),
    ("security.md", "en/security/", "es/seguridad/"),
    ("check.md", "en/check-your-token/", "es/comprueba-tu-token/"),
    ("use-token.md", "en/use-your-token/", "es/usa-tu-token/"),
];

const WAIT: Duration = Duration::from_secs(10);

/// The `title:` of a content page's front matter.
fn page_title(lang: &str, file: &str) -> String {
    let path = ftl::repo_root().join("content").join(lang).join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .find_map(|l| l.strip_prefix("title:"))
        .map(|t| t.trim().trim_matches('"').to_owned())
        .unwrap_or_else(|| panic!("{} has no title", path.display()))
}

async fn displayed(b: &Browser, css: &str) -> anyhow::Result<bool> {
    let found = b.client.find_all(Locator::Css(css)).await?;
    match found.first() {
        Some(el) => Ok(el.is_displayed().await?),
        None => Ok(false),
    }
}

async fn text_of(b: &Browser, css: &str) -> anyhow::Result<String> {
    Ok(b.client.find(Locator::Css(css)).await?.text().await?.trim().to_owned())
}

async fn wait_for_url(b: &Browser, want: &str) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let url = b.url().await?;
        if url == want {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            anyhow::bail!("waited {WAIT:?} for the browser to reach {want}; it is at {url}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_without_javascript() -> anyhow::Result<()> {
    let site = Site::start("/").await?;
    let opts = BrowserOptions::default().javascript(false);
    with_browser(opts, move |b| async move {
        // The root lists both languages and stays put: no script may redirect.
        let root = site.url("");
        b.goto(&root).await?;
        for (code, home) in [("en", "en/"), ("es", "es/")] {
            let link = b
                .client
                .find(Locator::Css(&format!(".language-list a[hreflang={code}]")))
                .await?;
            assert!(link.is_displayed().await?, "root: {code} link hidden");
            let href = link.prop("href").await?.unwrap_or_default();
            assert_eq!(href, site.url(home), "root: {code} link");
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(b.url().await?, root, "the root redirected without JavaScript");

        for (lang, other, path, other_path) in [
            ("en", "es", "en/check-your-token/", "es/comprueba-tu-token/"),
            ("es", "en", "es/comprueba-tu-token/", "en/check-your-token/"),
        ] {
            let url = site.url(path);
            b.goto(&url).await?;
            let title = page_title(lang, "check.md");
            assert!(displayed(&b, "article h1").await?, "{url}: no visible title");
            assert_eq!(text_of(&b, "article h1").await?, title, "{url}: title");
            let article = text_of(&b, "article").await?;
            assert!(
                article.len() > 1000,
                "{url}: article text too short ({} chars)",
                article.len()
            );
            assert!(article.contains("curl"), "{url}: the curl instructions are not visible");

            assert!(displayed(&b, ".sidebar").await?, "{url}: sidebar hidden");
            let nav_links = b.client.find_all(Locator::Css(".sidebar a")).await?;
            assert!(
                nav_links.len() >= PAGES.len(),
                "{url}: {} sidebar links",
                nav_links.len()
            );
            for a in &nav_links {
                assert!(a.is_displayed().await?, "{url}: a sidebar link is hidden");
            }

            let switch = b
                .client
                .find(Locator::Css(&format!(".lang-switcher a[hreflang={other}]")))
                .await?;
            assert!(switch.is_displayed().await?, "{url}: language switcher hidden");
            assert_eq!(switch.prop("href").await?.unwrap_or_default(), site.url(other_path));

            assert!(
                displayed(&b, ".checker-noscript").await?,
                "{url}: <noscript> text hidden"
            );
            let noscript = text_of(&b, ".checker-noscript").await?;
            assert!(noscript.contains("api, read_api"), "{url}: noscript text {noscript:?}");
            assert!(
                !displayed(&b, ".theme-toggle").await?,
                "{url}: theme toggle shown without JavaScript"
            );
            // The form is in the page (server-rendered), but without scripts nothing of it shows:
            // no dead form, only the no-script text and the curl fallback.
            for sel in [
                ".checker-form",
                ".token-checker input",
                ".token-checker button",
                ".checker-create",
            ] {
                for el in b.client.find_all(Locator::Css(sel)).await? {
                    assert!(!el.is_displayed().await?, "{url}: {sel} shown without JavaScript");
                }
            }
            assert!(
                displayed(&b, ".token-checker .checker-curl").await?,
                "{url}: the curl fallback is hidden"
            );
            assert!(
                b.client
                    .find_all(Locator::Css(".token-checker[data-mounted]"))
                    .await?
                    .is_empty(),
                "{url}: the checker widget mounted, so JavaScript was not off"
            );

            // The switcher is a plain link: it works without scripts.
            switch.click().await?;
            wait_for_url(&b, &site.url(other_path)).await?;
        }
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_redirect_switcher_and_theme() -> anyhow::Result<()> {
    let site = Site::start("/").await?;
    let opts = BrowserOptions::default().prefer_language("es");
    with_browser(opts, move |b| async move {
        // A reader who prefers Spanish lands on /es/.
        b.goto(&site.url("")).await?;
        wait_for_url(&b, &site.url("es/")).await?;
        assert_eq!(b.js("return document.documentElement.lang", vec![]).await?, json!("es"));

        // The switcher leads to the same page in the other language, both ways.
        for (file, en, es) in PAGES {
            for (from, to, to_lang) in [(en, es, "es"), (es, en, "en")] {
                b.goto(&site.url(from)).await?;
                let current = b
                    .client
                    .find(Locator::Css(".lang-switcher a[aria-current=page]"))
                    .await?
                    .attr("hreflang")
                    .await?;
                let from_lang = if to_lang == "es" { "en" } else { "es" };
                assert_eq!(current.as_deref(), Some(from_lang), "{from}: aria-current");
                b.client
                    .find(Locator::Css(&format!(".lang-switcher a[hreflang={to_lang}]")))
                    .await?
                    .click()
                    .await?;
                wait_for_url(&b, &site.url(to)).await?;
                assert_eq!(
                    text_of(&b, "article h1").await?,
                    page_title(to_lang, file),
                    "{from} → {to}: title"
                );
            }
        }

        // The theme toggle switches data-theme, and the choice survives a reload and other pages.
        b.goto(&site.url("en/")).await?;
        let toggle = b.client.find(Locator::Css(".theme-toggle")).await?;
        assert!(toggle.is_displayed().await?, "theme toggle hidden with JavaScript on");
        let theme = || b.js("return document.documentElement.getAttribute('data-theme')", vec![]);
        let saved = || b.js("return localStorage.getItem('polydoc-theme')", vec![]);
        assert_eq!(theme().await?, json!(null), "a theme was set before any choice");
        let mut previous = String::new();
        for round in 0..2 {
            b.client.find(Locator::Css(".theme-toggle")).await?.click().await?;
            let now = theme().await?.as_str().unwrap_or_default().to_owned();
            assert!(now == "dark" || now == "light", "round {round}: data-theme = {now:?}");
            assert_ne!(now, previous, "round {round}: the toggle did not switch");
            // Headless Chromium prefers light, so the first click goes dark.
            if round == 0 {
                assert_eq!(now, "dark", "the first click from the light default");
            }
            assert_eq!(saved().await?, json!(now), "round {round}: localStorage");
            let pressed = b
                .client
                .find(Locator::Css(".theme-toggle"))
                .await?
                .attr("aria-pressed")
                .await?;
            assert_eq!(pressed.as_deref(), Some(if now == "dark" { "true" } else { "false" }));
            b.client.refresh().await?;
            assert_eq!(theme().await?, json!(now), "round {round}: after a reload");
            b.goto(&site.url("es/ambitos/")).await?;
            assert_eq!(theme().await?, json!(now), "round {round}: on another page");
            b.goto(&site.url("en/")).await?;
            previous = now;
        }
        b.js("localStorage.clear()", vec![]).await?;
        Ok(())
    })
    .await
}
