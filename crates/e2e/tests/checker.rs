//! The token checker in headless Chromium, on the site served under a sub-path (`/project/`):
//! every fake-GitLab scenario in English and Spanish (verdict id, outcome, localized heading),
//! unreachable host, timeout, local pre-check rejections, and the security properties: hostile
//! strings stay text, the token only travels in `PRIVATE-TOKEN` to the typed host, and nothing
//! (storage, cookies, URL, history, console, DOM) keeps it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use e2e::checker::{self, PageState, Shown};
use e2e::{Browser, BrowserOptions, Expect, Site, ftl, with_browser};
use fake_gitlab::{Config, FakeGitLab, Scenario, hostile};
use serde_json::json;

/// What the checker on the "check your token" page (`require-any: [api, read_api]`) concludes
/// for each scenario: (scenario, verdict id, outcome).
const EXPECTED: &[(Scenario, &str, &str)] = &[
    // `api` where `read_api` is enough.
    (Scenario::ValidNewest, "verdict-extra-scopes", "warning"),
    // `read_api`, expires in 60 days.
    (Scenario::ValidShape17_8, "verdict-ok", "ok"),
    // `read_user` only.
    (Scenario::ValidShapePre17_7, "verdict-missing-scopes", "error"),
    (Scenario::ReadRepositoryOnly, "verdict-missing-scopes", "error"),
    // `api sudo admin_mode` (also expires within a month, which ranks lower).
    (Scenario::ExcessScopes, "verdict-extra-scopes", "warning"),
    (Scenario::ExpiresIn5Days, "verdict-expires-very-soon", "warning"),
    (Scenario::ExpiresIn20Days, "verdict-expires-soon", "warning"),
    (Scenario::NoExpiry, "verdict-never-expires", "warning"),
    // No `/personal_access_tokens/self` before 15.5: valid, scopes unknown.
    (Scenario::OldGitLab, "verdict-scopes-unknown", "warning"),
    (Scenario::Expired, "verdict-token-expired", "error"),
    (Scenario::Revoked, "verdict-token-revoked", "error"),
    (Scenario::UnknownToken, "verdict-token-unknown", "error"),
    (Scenario::BlockedUser, "verdict-account-blocked", "error"),
    // An OAuth token sent as PRIVATE-TOKEN is looked up as a PAT and not found.
    (Scenario::NotAPat, "verdict-token-unknown", "error"),
    (Scenario::NotFoundEverywhere, "verdict-not-gitlab-api", "error"),
    (Scenario::RateLimitedJson, "verdict-rate-limited", "error"),
    (Scenario::RateLimitedText, "verdict-rate-limited", "error"),
    (Scenario::ServerError, "verdict-server-error", "error"),
    (Scenario::SignInPage, "verdict-unexpected-response", "error"),
    // 502 without CORS headers: the browser reports only a failed fetch.
    (Scenario::NoCors, "verdict-network-error", "error"),
    // In the sweep the stall is short (SHORT_STALL), then it answers like ValidNewest.
    (Scenario::Stall, "verdict-extra-scopes", "warning"),
    // `read_api`, expires in 30 days.
    (Scenario::HostileStrings, "verdict-expires-soon", "warning"),
    // A 307 to another origin is not followed (`redirect: "manual"`).
    (Scenario::Redirect, "verdict-redirect", "error"),
    // 3 MiB from `/self`: the body reader stops at 1 MiB.
    (Scenario::HugeBody, "verdict-response-too-large", "error"),
    // `read_api`, expires in 30 days; names with bidi overrides and control characters.
    (Scenario::BidiStrings, "verdict-expires-soon", "warning"),
    // 60,000 write scopes more than needed.
    (Scenario::ManyScopes, "verdict-extra-scopes", "warning"),
];

/// The checker page in each language.
const PAGES: &[(&str, &str)] = &[("en", "en/check-your-token/"), ("es", "es/comprueba-tu-token/")];

/// Inputs the widget must refuse before sending anything: (host, token or `None` for a valid
/// one, verdict id). `{fake}` is replaced by the fake's instance URL.
const REJECTED: &[(&str, Option<&str>, &str)] = &[
    ("{fake}", Some(""), "verdict-token-rejected"),
    ("ssh://git@gitlab.com", None, "verdict-host-rejected"),
    ("http://gitlab.example.com", None, "verdict-host-rejected"),
];

/// The sweep's stall: long enough to show the "checking" state, far below the 10 s timeout.
const SHORT_STALL: Duration = Duration::from_millis(700);
/// Longer than the widget's 10 s timeout.
const LONG_STALL: Duration = Duration::from_secs(15);
/// The widget's own request timeout.
const WIDGET_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a verdict may take in the sweep.
const VERDICT_WAIT: Duration = Duration::from_secs(20);

/// Tags a page must never get from API strings.
const INJECTED_TAGS: &[&str] = &["img", "script", "b", "iframe", "svg", "object", "embed", "style"];

fn expected(s: Scenario) -> (&'static str, &'static str) {
    EXPECTED
        .iter()
        .find(|(x, _, _)| *x == s)
        .map(|&(_, v, o)| (v, o))
        .unwrap_or_else(|| panic!("no expectation for scenario {s}: add it to EXPECTED"))
}

/// One check to run: which page, what to type, how long to wait, which extra origin the page
/// may contact (besides the site and the fakes).
struct Attempt<'a> {
    label: &'a str,
    page: &'a str,
    host: &'a str,
    token: &'a str,
    wait: Duration,
    extra_origins: &'a [String],
}

impl<'a> Attempt<'a> {
    fn new(label: &'a str, page: &'a str, host: &'a str, token: &'a str) -> Self {
        Attempt {
            label,
            page,
            host,
            token,
            wait: VERDICT_WAIT,
            extra_origins: &[],
        }
    }
}

/// Everything a test step needs.
struct Ctx {
    b: Browser,
    site: Site,
    fake: FakeGitLab,
    slow: FakeGitLab,
    texts: BTreeMap<String, BTreeMap<String, String>>,
    /// Every token typed, to search logs for.
    tokens: BTreeSet<String>,
}

impl Ctx {
    /// Origins the page may fetch from: the site and the GitLab it was told to use.
    fn allowed_origins(&self, extra: &[String]) -> Vec<String> {
        let mut v = vec![self.site.origin(), self.fake.base_url(), self.slow.base_url()];
        v.extend(extra.iter().cloned());
        v
    }

    /// Checks the verdict id, outcome and the localized heading.
    fn check_shown(
        &self,
        e: &mut Expect,
        label: &str,
        lang: &str,
        shown: &Shown,
        verdict: &str,
        outcome: Option<&str>,
    ) {
        e.eq(&format!("{label}: verdict"), shown.verdict.as_str(), verdict);
        if let Some(o) = outcome {
            e.eq(&format!("{label}: outcome"), shown.outcome.as_str(), o);
        }
        match self.texts[lang].get(verdict) {
            Some(text) => e.eq(&format!("{label}: heading"), shown.heading.as_str(), text.as_str()),
            None => e.fail(format!("{label}: locales/{lang}/checker.ftl has no {verdict}")),
        }
    }

    /// After a check: the page kept no trace of the token, fetched only from allowed origins,
    /// and the fake saw the token only in `PRIVATE-TOKEN`, from the page's origin.
    async fn audit(
        &self,
        e: &mut Expect,
        label: &str,
        token: &str,
        shown: &Shown,
        history_before: i64,
        extra_origins: &[String],
    ) -> anyhow::Result<()> {
        let state: PageState = checker::page_state(&self.b).await?;
        if !token.is_empty() {
            for s in state.strings() {
                e.that(!s.contains(token), || {
                    format!("{label}: the token is kept in page state: {s:?}")
                });
            }
            e.that(!shown.text.contains(token), || {
                format!("{label}: the result shows the token")
            });
            let in_dom = self
                .b
                .js(
                    "return document.documentElement.outerHTML.includes(arguments[0])",
                    vec![json!(token)],
                )
                .await?;
            e.eq(&format!("{label}: token in the page's HTML"), &in_dom, &json!(false));
        }
        e.eq(
            &format!("{label}: history.length"),
            &state.history_length,
            &history_before,
        );
        let allowed = self.allowed_origins(extra_origins);
        let on_allowed = |u: &str| allowed.iter().any(|o| u.starts_with(&format!("{o}/")) || u == o);
        let requested = self.b.requested_urls().await?;
        // The log must see the check's own requests, or the origin checks below prove nothing.
        for f in [&self.fake, &self.slow] {
            if f.requests().iter().any(|r| r.method == "GET") {
                let api = f.api_url();
                e.that(requested.iter().any(|u| u.starts_with(&api)), || {
                    format!("{label}: the performance log misses the requests to {api}: {requested:?}")
                });
            }
        }
        for u in state.resources.iter().chain(&requested) {
            e.that(on_allowed(u), || {
                format!("{label}: the page fetched {u}, not the site or the typed host")
            });
            if !token.is_empty() {
                e.that(!u.contains(token), || format!("{label}: the token is in a URL: {u}"));
            }
        }
        for r in self.fake.requests().iter().chain(&self.slow.requests()) {
            let what = format!("{label}: {} {}", r.method, r.path);
            e.eq(
                &format!("{what}: Origin"),
                &r.origin.as_deref(),
                &Some(self.site.origin().as_str()),
            );
            e.that(r.path.starts_with("/api/v4/"), || format!("{what}: not an API request"));
            for h in ["cookie", "referer", "authorization"] {
                e.that(r.header(h).is_none(), || format!("{what}: sent a {h} header"));
            }
            if !token.is_empty() {
                e.that(!r.path.contains(token), || format!("{what}: the token is in the URL"));
                for (name, value) in &r.headers {
                    if name != "private-token" {
                        e.that(!value.contains(token), || {
                            format!("{what}: the token is in header {name}")
                        });
                    }
                }
            }
            if r.is_preflight() {
                e.that(r.header("private-token").is_none(), || {
                    format!("{what}: token in a preflight")
                });
            } else if r.method == "GET" {
                e.eq(
                    &format!("{what}: PRIVATE-TOKEN"),
                    &r.header("private-token"),
                    &Some(token),
                );
            } else {
                e.fail(format!("{what}: unexpected method"));
            }
        }
        Ok(())
    }

    /// Loads the page, runs the check, returns what was shown (`None`, with a recorded
    /// failure, when no verdict came) and audits what the check left behind.
    async fn run(&mut self, e: &mut Expect, a: &Attempt<'_>) -> anyhow::Result<Option<Shown>> {
        self.fake.clear();
        self.slow.clear();
        self.tokens.insert(a.token.to_owned());
        let pid = checker::open(&self.b, &self.site.url(a.page)).await?;
        // Drain the log of the page load; the audit reads what the check fetched.
        self.b.requested_urls().await?;
        let history_before = checker::page_state(&self.b).await?.history_length;
        checker::submit(&self.b, &pid, a.host, a.token).await?;
        let shown = match checker::verdict(&self.b, &pid, a.wait).await {
            Ok(s) => s,
            Err(err) => {
                e.fail(format!("{}: {err:#}", a.label));
                return Ok(None);
            }
        };
        self.audit(e, a.label, a.token, &shown, history_before, a.extra_origins)
            .await?;
        Ok(Some(shown))
    }
}

#[test]
fn every_scenario_has_an_expectation() {
    for s in Scenario::ALL {
        let (verdict, outcome) = expected(s);
        assert!(verdict.starts_with("verdict-"), "{s}: {verdict}");
        assert!(["ok", "warning", "error"].contains(&outcome), "{s}: {outcome}");
    }
    assert_eq!(EXPECTED.len(), Scenario::ALL.len(), "EXPECTED has duplicates or extras");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checker_in_chromium_under_a_sub_path() -> anyhow::Result<()> {
    let site = Site::start("/project/").await?;
    let slow = fake_gitlab::start(Config::default().with_stall(LONG_STALL)).await?;
    // The redirect scenario points at `slow`: a reachable second origin that must see nothing.
    let fake = fake_gitlab::start(
        Config::default()
            .with_stall(SHORT_STALL)
            .with_redirect_to(slow.base_url()),
    )
    .await?;
    let mut texts = BTreeMap::new();
    for (lang, _) in PAGES {
        texts.insert((*lang).to_owned(), ftl::checker_messages(lang)?);
    }
    with_browser(BrowserOptions::default(), move |b| async move {
        let mut ctx = Ctx {
            b,
            site,
            fake,
            slow,
            texts,
            tokens: BTreeSet::new(),
        };
        let mut e = Expect::new();
        sweep(&mut ctx, &mut e).await?;
        local_rejections(&mut ctx, &mut e).await?;
        unreachable_and_timeout(&mut ctx, &mut e).await?;
        whole_session(&ctx, &mut e).await?;
        eprintln!("checker: {} checks", e.checks());
        e.finish("checker in Chromium");
        Ok(())
    })
    .await
}

/// Every scenario, in both languages, plus the hostile-strings comparisons.
async fn sweep(ctx: &mut Ctx, e: &mut Expect) -> anyhow::Result<()> {
    let host = ctx.fake.instance_url();
    let mut shown: HashMap<(&str, Scenario), Shown> = HashMap::new();
    for &(lang, page) in PAGES {
        for s in Scenario::ALL {
            let label = format!("{lang} {s}");
            let (verdict, outcome) = expected(s);
            let Some(r) = ctx.run(e, &Attempt::new(&label, page, &host, &s.token())).await? else {
                continue;
            };
            ctx.check_shown(e, &label, lang, &r, verdict, Some(outcome));
            if s == Scenario::Redirect {
                let followed = ctx.slow.requests();
                e.that(followed.is_empty(), || {
                    format!("{label}: the redirect's target got {} request(s)", followed.len())
                });
            }
            e.that(!ctx.fake.requests().is_empty() || s == Scenario::NoCors, || {
                format!("{label}: the fake saw no request")
            });
            shown.insert((lang, s), r);
        }
    }
    // Hostile strings from the API show up as text and add no element: the result has exactly
    // the elements of a comparable plain scenario (same verdict and sections).
    for &(lang, _) in PAGES {
        let (Some(h), Some(plain)) = (
            shown.get(&(lang, Scenario::HostileStrings)),
            shown.get(&(lang, Scenario::ExpiresIn20Days)),
        ) else {
            continue;
        };
        let label = format!("{lang} hostile-strings");
        for s in [hostile::TOKEN_NAME, hostile::USERNAME, hostile::USER_NAME] {
            e.that(h.text.contains(s), || format!("{label}: {s:?} not shown as text"));
        }
        // The description may or may not be shown, but never in part (as if markup were eaten).
        e.that(
            !h.text.contains("alert('description')") || h.text.contains(hostile::TOKEN_DESCRIPTION),
            || format!("{label}: the description is shown altered: {:?}", h.text),
        );
        for tag in INJECTED_TAGS {
            e.that(!h.tags.contains_key(*tag), || {
                format!("{label}: a <{tag}> got into the result")
            });
        }
        e.eq(
            &format!("{label}: elements vs expires-in-20-days"),
            &h.tags,
            &plain.tags,
        );
    }
    // An injected onerror/alert would have left a dialog open.
    let alert = ctx.b.client.get_alert_text().await;
    e.that(alert.is_err(), || format!("a dialog is open: {alert:?}"));
    Ok(())
}

/// Refused before any request: nothing reaches the fake, nothing leaves the site's origin.
async fn local_rejections(ctx: &mut Ctx, e: &mut Expect) -> anyhow::Result<()> {
    let valid = Scenario::ValidNewest.token();
    for &(host, token, verdict) in REJECTED {
        let host = host.replace("{fake}", &ctx.fake.instance_url());
        let token = token.unwrap_or(&valid);
        let label = format!("en rejected {host:?} {token:?}");
        let Some(r) = ctx.run(e, &Attempt::new(&label, PAGES[0].1, &host, token)).await? else {
            continue;
        };
        ctx.check_shown(e, &label, "en", &r, verdict, Some("error"));
        let seen = ctx.fake.requests();
        e.that(seen.is_empty(), || {
            format!("{label}: {} request(s) reached the fake", seen.len())
        });
    }
    Ok(())
}

/// A closed port gives the network-error verdict; a stalled answer the timeout verdict.
async fn unreachable_and_timeout(ctx: &mut Ctx, e: &mut Expect) -> anyhow::Result<()> {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0")?;
        format!("http://{}", l.local_addr()?)
    };
    let label = "en unreachable host";
    let token = Scenario::ValidNewest.token();
    if let Some(r) = ctx
        .run(
            e,
            &Attempt {
                extra_origins: std::slice::from_ref(&closed),
                ..Attempt::new(label, PAGES[0].1, &closed, &token)
            },
        )
        .await?
    {
        ctx.check_shown(e, label, "en", &r, "verdict-network-error", Some("error"));
    }

    let label = "en stall (timeout)";
    let host = ctx.slow.instance_url();
    let token = Scenario::Stall.token();
    if let Some(r) = ctx
        .run(
            e,
            &Attempt {
                wait: LONG_STALL + Duration::from_secs(5),
                ..Attempt::new(label, PAGES[0].1, &host, &token)
            },
        )
        .await?
    {
        ctx.check_shown(e, label, "en", &r, "verdict-timeout", Some("error"));
        let low = WIDGET_TIMEOUT - Duration::from_millis(500);
        e.that(r.elapsed >= low && r.elapsed < LONG_STALL, || {
            format!("{label}: verdict after {:?}, want about {WIDGET_TIMEOUT:?}", r.elapsed)
        });
        e.that(!ctx.slow.requests().is_empty(), || {
            format!("{label}: the slow fake saw nothing")
        });
    }
    Ok(())
}

/// Over the whole session: the static server served only below the base path, the widget came
/// from there, and the console never showed a token.
async fn whole_session(ctx: &Ctx, e: &mut Expect) -> anyhow::Result<()> {
    let served = ctx.site.served();
    let base = ctx.site.base_path();
    for s in &served {
        e.eq(
            &format!("Host of {}", s.path),
            s.host.as_str(),
            ctx.site.host().as_str(),
        );
        // The theme declares its icon, so not even /favicon.ico is asked for outside the base.
        e.that(s.path.starts_with(base), || format!("served {} outside {base}", s.path));
        for t in &ctx.tokens {
            e.that(t.is_empty() || !s.path.contains(t.as_str()), || {
                format!("the site got a token: {}", s.path)
            });
        }
    }
    let wasm = served
        .iter()
        .any(|s| s.path.starts_with(&format!("{base}assets/")) && s.path.ends_with(".wasm") && s.status == 200);
    e.that(wasm, || format!("the widget's .wasm was not served from {base}assets/"));
    for entry in ctx.b.log("browser").await? {
        let msg = entry["message"].as_str().unwrap_or_default();
        for t in &ctx.tokens {
            e.that(t.is_empty() || !msg.contains(t.as_str()), || {
                format!("the console shows a token: {msg}")
            });
        }
    }
    Ok(())
}
