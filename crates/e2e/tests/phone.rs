//! The site on a phone (issue 11: the header overflowed to 531 px at 390 px and the sidebar was only at the
//! bottom): at 360 CSS px no page kind scrolls sideways in either language, with the checker mounted too; the
//! "menu" link at the top reaches the sidebar; every language link is inside the screen and works.
//! Regression: with smooth scrolling, the jump to the sidebar landed short once lazy images above it loaded.
//! Screenshots go to `<target>/tmp/phone-*.png` for a person to look at.

use std::time::Duration;

use e2e::browser::poll;
use e2e::{Browser, BrowserOptions, Site, with_browser};
use fantoccini::Locator;

const WIDTH: u32 = 360;
const WAIT: Duration = Duration::from_secs(10);

/// Every kind of page: (label, path below the base path).
const PAGES: &[(&str, &str)] = &[
    ("root", ""),
    ("home-en", "en/"),
    ("home-es", "es/"),
    ("tables-en", "en/scopes/"),
    ("tables-es", "es/ambitos/"),
    ("code-en", "en/rate-limits-and-errors/"),
    ("checker-en", "en/check-your-token/"),
    ("checker-es", "es/comprueba-tu-token/"),
    ("five-checkers-en", "en/use-your-token/"),
    ("page-list-en", "en/pages/"),
    ("page-list-es", "es/pages/"),
    ("not-found-en", "en/no-such-page/"),
    ("not-found-es", "es/no-existe/"),
];

const MEASURE: &str = r#"
const d = document.documentElement;
const wide = [...document.querySelectorAll('body *')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > arguments[0] + 0.5 || r.left < -0.5); })
  .filter(e => !e.closest('pre, .table-wrap, .visually-hidden, .skip-link'))
  .slice(0, 5)
  .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right));
return { scrollWidth: d.scrollWidth, innerWidth: innerWidth, wide: wide };
"#;

async fn measure(b: &Browser, label: &str) -> anyhow::Result<()> {
    let m = b.js(MEASURE, vec![serde_json::json!(WIDTH)]).await?;
    let (sw, iw) = (
        m["scrollWidth"].as_u64().unwrap_or(0),
        m["innerWidth"].as_u64().unwrap_or(0),
    );
    // A phone widens the layout viewport to fit content that is too wide, so this is the first symptom.
    assert_eq!(
        iw,
        u64::from(WIDTH),
        "{label}: the page is wider than the phone; too wide: {}",
        m["wide"]
    );
    assert!(
        sw <= iw,
        "{label}: the page scrolls sideways: scrollWidth {sw} > innerWidth {iw}; too wide: {}",
        m["wide"]
    );
    Ok(())
}

async fn screenshot(b: &Browser, name: &str) -> anyhow::Result<()> {
    let png = b.client.screenshot().await?;
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(dir.join(format!("phone-{name}.png")), png)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn phone_layout_has_no_sideways_scroll_and_reaches_the_menu() -> anyhow::Result<()> {
    let site = Site::start("/project/").await?;
    let fake = fake_gitlab::start(fake_gitlab::Config::default()).await?;
    with_browser(BrowserOptions::default().phone(WIDTH), move |b| async move {
        for (label, path) in PAGES {
            b.goto(&site.url(path)).await?;
            measure(&b, label).await?;
            screenshot(&b, label).await?;
        }

        // The checker mounted and showing a verdict is as narrow as the screen.
        for (label, path) in [("checker-en", "en/check-your-token/"), ("checker-es", "es/comprueba-tu-token/")] {
            let token = fake_gitlab::Scenario::ValidNewest.token();
            let pid = e2e::checker::open(&b, &site.url(path)).await?;
            e2e::checker::type_into(&b, &format!("{pid}-host"), &fake.base_url()).await?;
            e2e::checker::type_into(&b, &format!("{pid}-token"), &token).await?;
            let submit = b.client.find(Locator::Css(&format!("#{pid} .checker-submit"))).await?;
            b.js("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", vec![serde_json::to_value(&submit)?]).await?;
            if let Err(e) = submit.click().await {
                panic!("{label}: tapping the submit button failed: {e:?}");
            }
            let shown = e2e::checker::verdict(&b, &pid, WAIT * 2).await?;
            assert!(!shown.verdict.is_empty(), "{label}: no verdict");
            measure(&b, &format!("{label} with a verdict")).await?;
            b.js("document.querySelector('.token-checker .result').scrollIntoView()", vec![]).await?;
            screenshot(&b, &format!("{label}-verdict")).await?;
        }

        // The menu link is at the top and takes the reader to the sidebar, without JavaScript doing it.
        for path in ["en/create-token/", "es/crear-token/"] {
            b.goto(&site.url(path)).await?;
            let menu = b.client.find(Locator::Css(".site-header .menu-link")).await?;
            assert!(menu.is_displayed().await?, "{path}: no menu link");
            let top = b.js("return document.querySelector('.menu-link').getBoundingClientRect().top", vec![]).await?;
            assert!(top.as_f64().unwrap_or(1e9) < 120.0, "{path}: the menu link is not at the top: {top}");
            assert_eq!(menu.attr("href").await?.as_deref(), Some("#site-nav"));
            menu.click().await?;
            poll("the sidebar to scroll into view", WAIT, || async {
                let v = b
                    .js(
                        "const r = document.getElementById('site-nav').getBoundingClientRect(); \
                         return location.hash === '#site-nav' && r.top >= -1 && r.top < innerHeight - 100",
                        vec![],
                    )
                    .await?;
                Ok(v.as_bool().unwrap_or(false).then_some(()))
            })
            .await
            .map_err(|e| {
                anyhow::anyhow!("{path}: {e}; the menu link did not bring the sidebar into view")
            })?;
            screenshot(&b, &format!("menu-{}", &path[..2])).await?;
            let links = b.client.find_all(Locator::Css("#site-nav a")).await?;
            assert!(links.len() > 5, "{path}: the sidebar has {} links", links.len());
        }

        // The language switcher: every link inside the screen, big enough to tap, and it switches.
        for (from, to, want) in [
            ("en/create-token/", "es", "es/crear-token/"),
            ("es/crear-token/", "en", "en/create-token/"),
            ("en/pages/", "es", "es/pages/"),
        ] {
            b.goto(&site.url(from)).await?;
            let rects = b
                .js(
                    "return [...document.querySelectorAll('.lang-switcher a')].map(a => { const r = a.getBoundingClientRect(); \
                     return [r.left, r.right, r.height]; })",
                    vec![],
                )
                .await?;
            for r in rects.as_array().into_iter().flatten() {
                let (l, rt, h) = (r[0].as_f64().unwrap_or(-1.0), r[1].as_f64().unwrap_or(1e9), r[2].as_f64().unwrap_or(0.0));
                assert!(l >= 0.0 && rt <= f64::from(WIDTH), "{from}: a language link is off screen: {r}");
                assert!(h >= 24.0, "{from}: a language link is {h} px high, too small to tap");
            }
            b.client
                .find(Locator::Css(&format!(".lang-switcher a[hreflang={to}]")))
                .await?
                .click()
                .await?;
            let want_url = site.url(want);
            poll("the other language", WAIT, || async {
                Ok((b.url().await? == want_url).then_some(()))
            })
            .await?;
        }
        Ok(())
    })
    .await
}
