//! The Content-Security-Policy in Chromium (issue 11): `connect-src` allows exactly the hosts the checker's
//! parser takes over http (`127.0.0.1`, `localhost`, `*.localhost`) and blocks `[::1]` and `127.0.0.2`, which
//! the parser now sends to https; Trusted Types are enforced on the pages whose scripts use no HTML sink, and
//! those pages still search and switch themes.

use e2e::{BrowserOptions, Site, with_browser};
use fantoccini::Locator;
use serde_json::json;
use token_check::host;

/// Fetches `url` from the page and tells whether the CSP refused it (a `securitypolicyviolation` event),
/// as opposed to the network failing (nothing listens there, or the name does not resolve).
const FETCH_VERDICT: &str = r#"
const [url, done] = arguments;
let blocked = false;
const seen = e => { if (e.blockedURI && url.startsWith(e.blockedURI)) blocked = true; };
document.addEventListener('securitypolicyviolation', seen);
fetch(url, { mode: 'no-cors', credentials: 'omit' }).catch(() => {}).finally(() =>
  setTimeout(() => { document.removeEventListener('securitypolicyviolation', seen); done(blocked ? 'blocked' : 'allowed'); }, 100));
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csp_matches_the_host_parser_and_trusted_types_hold() -> anyhow::Result<()> {
    let site = Site::start("/project/").await?;
    with_browser(BrowserOptions::default(), move |b| async move {
        b.goto(&site.url("en/scopes/")).await?;
        for (name, url) in [
            ("127.0.0.1", "http://127.0.0.1:9/x"),
            ("localhost", "http://localhost:9/x"),
            ("gdk.localhost", "http://gdk.localhost:9/x"),
            ("[::1]", "http://[::1]:9/x"),
            ("127.0.0.2", "http://127.0.0.2:9/x"),
            ("gitlab.example.com", "http://gitlab.example.com/x"),
        ] {
            let got = b.client.execute_async(FETCH_VERDICT, vec![json!(url)]).await?;
            let want = if host::is_loopback(name) { "allowed" } else { "blocked" };
            assert_eq!(got, json!(want), "{url}: the CSP and host::is_loopback disagree");
        }

        // Trusted Types on pages without the checker; the theme's scripts work under them (no TT error logged),
        // and a string cannot become markup.
        let csp = b
            .js(
                "return document.querySelector('meta[http-equiv=Content-Security-Policy]').content",
                vec![],
            )
            .await?;
        assert!(
            csp.as_str()
                .unwrap_or("")
                .contains("require-trusted-types-for 'script'"),
            "{csp}"
        );
        b.client.find(Locator::Css("#site-search-input")).await?;
        let toggle = b.client.find(Locator::Css(".theme-toggle")).await?;
        toggle.click().await?;
        let theme = b
            .js("return document.documentElement.getAttribute('data-theme')", vec![])
            .await?;
        assert!(theme.is_string(), "the theme toggle did nothing: {theme}");
        let errors: Vec<_> = b
            .log("browser")
            .await?
            .into_iter()
            .filter(|e| e["level"] == "SEVERE" && e["message"].as_str().is_some_and(|m| m.contains("Trusted")))
            .collect();
        assert!(errors.is_empty(), "Trusted Types errors: {errors:?}");

        let sink = b
            .js(
                "try { document.createElement('div').innerHTML = '<b>x</b>'; return 'assigned'; } \
                 catch (e) { return e.name; }",
                vec![],
            )
            .await?;
        assert_eq!(sink, json!("TypeError"), "innerHTML with a string must be refused");

        // The checker pages require Trusted Types exactly when the shipped glue uses no HTML sink.
        let glue = std::fs::read(e2e::site::checker_dir()?.join("token_check_web.js"))?;
        b.goto(&site.url("en/check-your-token/")).await?;
        let csp = b
            .js(
                "return document.querySelector('meta[http-equiv=Content-Security-Policy]').content",
                vec![],
            )
            .await?;
        assert_eq!(
            csp.as_str().unwrap_or("").contains("require-trusted-types-for"),
            !polydoc_site::uses_html_sink(&glue),
            "{csp}"
        );
        Ok(())
    })
    .await
}
