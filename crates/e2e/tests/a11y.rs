//! axe-core in Chromium on every page the build wrote (both languages, the root, the page lists) and the 404
//! pages, and on every checker page with the widget mounted and showing a verdict: no violation of the WCAG
//! 2 A/AA rules or axe's best practices. Issue 11 named `scrollable-region-focusable` (wide code blocks and
//! tables that could scroll but not be reached by keyboard) on 2 of 4 pages.

use std::time::Duration;

use e2e::{BrowserOptions, Site, axe, checker, with_browser};
use fake_gitlab::Scenario;

/// Every HTML page the build wrote (paths below the base path), and whether it has a checker; then a missing
/// page in each language, which the server answers with that language's 404 page.
fn shipped_pages(site: &Site) -> anyhow::Result<Vec<(String, bool)>> {
    let root = site.out_dir();
    let mut pages = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "index.html") {
                let html = std::fs::read_to_string(&path)?;
                let rel = path
                    .parent()
                    .unwrap_or(root)
                    .strip_prefix(root)?
                    .to_string_lossy()
                    .replace('\\', "/");
                let rel = if rel.is_empty() { rel } else { format!("{rel}/") };
                pages.push((rel, html.contains("class=\"token-checker\"")));
            }
        }
    }
    pages.sort();
    pages.push(("en/no-such-page/".into(), false));
    pages.push(("es/no-existe/".into(), false));
    Ok(pages)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_violations_on_any_page() -> anyhow::Result<()> {
    let script = axe::script()?;
    let site = Site::start("/project/").await?;
    let fake = fake_gitlab::start(fake_gitlab::Config::default()).await?;
    with_browser(BrowserOptions::default(), move |b| async move {
        let mut failures = Vec::new();
        let pages = shipped_pages(&site)?;
        let checkers = pages.iter().filter(|(_, c)| *c).count();
        assert!(
            pages.len() > 20 && checkers >= 2,
            "{} pages, {checkers} with a checker",
            pages.len()
        );
        for (path, has_checker) in &pages {
            if !has_checker {
                b.goto(&site.url(path)).await?;
                for v in axe::violations(&b, &script).await? {
                    failures.push(format!("/{path}: {v}"));
                }
                continue;
            }
            let token = Scenario::ValidNewest.token();
            let pid = checker::open(&b, &site.url(path)).await?;
            for v in axe::violations(&b, &script).await? {
                failures.push(format!("/{path} (mounted): {v}"));
            }
            checker::submit(&b, &pid, &fake.base_url(), &token).await?;
            let shown = checker::verdict(&b, &pid, Duration::from_secs(20)).await?;
            assert!(!shown.verdict.is_empty(), "{path}: no verdict");
            for v in axe::violations(&b, &script).await? {
                failures.push(format!("/{path} (verdict {}): {v}", shown.verdict));
            }
        }
        assert!(failures.is_empty(), "axe {}:\n{}", axe::VERSION, failures.join("\n"));
        Ok(())
    })
    .await
}
