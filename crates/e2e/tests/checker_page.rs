//! The checker page itself (issue 11), in English and Spanish, in headless Chromium: the form is
//! server-rendered (the box has the same height before and after the wasm mounts, and no layout
//! shift), inert to a native submit even without its script, its fields carry no `name` and the
//! password-manager opt-outs; the origin line shows where the token will go (in punycode) and a
//! look-alike address takes one more click; the token field is emptied after a check; a redirect
//! gets its own verdict and nothing reaches the redirect's target; a 3 MiB body stops at the cap;
//! GitLab's strings are bidi-isolated with control characters visible; and a wasm trap shows
//! "the checker stopped" with a reload, not an eternal "Checking…".

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::Context;
use e2e::checker::{self, Shown};
use e2e::{Browser, BrowserOptions, Expect, Site, ftl, with_browser};
use fake_gitlab::{Config, FakeGitLab, Scenario};
use serde_json::{Value, json};

const PAGES: &[(&str, &str)] = &[("en", "en/check-your-token/"), ("es", "es/comprueba-tu-token/")];
const VERDICT_WAIT: Duration = Duration::from_secs(20);

/// Runs before any page script: the checker box as the server sent it (at DOMContentLoaded, so
/// before the wasm could load), and every layout shift of the page.
const RECORDER: &str = r#"
window.__shifts = [];
new PerformanceObserver(l => { for (const e of l.getEntries()) window.__shifts.push({ value: e.value, input: e.hadRecentInput,
    sources: (e.sources || []).map(s => s.node ? (s.node.id || s.node.className || s.node.nodeName) + ' ' + JSON.stringify([s.previousRect.y, s.previousRect.height, s.currentRect.y, s.currentRect.height]) : '?') }); })
  .observe({ type: 'layout-shift', buffered: true });
document.addEventListener('DOMContentLoaded', () => {
  const b = document.querySelector('.token-checker');
  const f = b && document.getElementById(b.id + '-fields');
  window.__before = b && { height: b.getBoundingClientRect().height, mounted: b.hasAttribute('data-mounted'),
    form: !!document.getElementById(b.id + '-host'), disabled: !!(f && f.disabled) };
}, { capture: true });
"#;

const AFTER: &str = r#"
const b = document.querySelector('.token-checker');
const inputs = [...b.querySelectorAll('input, button, select, textarea')];
const t = document.getElementById(b.id + '-token');
const h = document.getElementById(b.id + '-host');
const f = document.getElementById(b.id + '-form');
return { before: window.__before, height: b.getBoundingClientRect().height,
  shifts: window.__shifts, named: inputs.filter(e => e.hasAttribute('name')).map(e => e.id),
  token: Object.fromEntries(['type', 'autocomplete', 'data-1p-ignore', 'data-lpignore', 'data-bwignore', 'data-form-type']
    .map(a => [a, t.getAttribute(a)])),
  host: h.value, method: f.getAttribute('method'), action: f.getAttribute('action'),
  origin: document.getElementById(b.id + '-origin').textContent };
"#;

/// A copy of the form outside the widget (so no handler of the widget sees it), enabled and
/// filled, submitted natively: it must neither navigate nor even try (no CSP violation).
const NATIVE_SUBMIT: &str = r#"
const done = arguments[arguments.length - 1];
const b = document.querySelector('.token-checker');
const copy = document.getElementById(b.id + '-form').cloneNode(true);
copy.id = 'native-submit-copy';
copy.querySelectorAll('[id]').forEach(e => e.id = 'copy-' + e.id);
copy.querySelector('fieldset').disabled = false;
copy.querySelector('input[type=password]').value = 'glpat-native-submit-probe1';
const violations = [];
document.addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective));
const href = location.href, len = history.length;
let submitted = false;
copy.addEventListener('submit', () => { submitted = true; });
document.body.appendChild(copy);
copy.requestSubmit();
setTimeout(() => { const r = { submitted, violations, same: location.href === href, history: history.length === len };
  copy.remove(); done(r); }, 500);
"#;

const RESULT_DETAILS: &str = r#"
const r = document.querySelector('#' + arguments[0] + ' .result');
const dd = [...r.querySelectorAll('dd')];
return { text: r.textContent, isolated: dd.map(d => getComputedStyle(d).unicodeBidi),
  spans: [...r.querySelectorAll('dd > *')].map(d => getComputedStyle(d).unicodeBidi),
  token: document.getElementById(arguments[0] + '-token').value };
"#;

struct Ctx {
    b: Browser,
    site: Site,
    fake: FakeGitLab,
    /// Where the fake's redirect points: a second origin that must see nothing.
    target: FakeGitLab,
    texts: BTreeMap<String, BTreeMap<String, String>>,
}

impl Ctx {
    fn text(&self, lang: &str, id: &str) -> String {
        self.texts[lang]
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("<no {id} in {lang}>"))
    }

    /// Loads `page` and waits for the widget; returns its id.
    async fn open(&self, page: &str) -> anyhow::Result<String> {
        self.fake.clear();
        self.target.clear();
        checker::open(&self.b, &self.site.url(page)).await
    }

    async fn click_submit(&self, pid: &str) -> anyhow::Result<()> {
        self.b
            .client
            .find(fantoccini::Locator::Css(&format!("#{pid} .checker-submit")))
            .await?
            .click()
            .await?;
        Ok(())
    }

    async fn text_of(&self, id: &str) -> anyhow::Result<String> {
        let v = self
            .b
            .js(
                "const e = document.getElementById(arguments[0]); return e ? e.textContent : null;",
                vec![json!(id)],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checker_page_in_chromium() -> anyhow::Result<()> {
    let site = Site::start("/").await?;
    let target = fake_gitlab::start(Config::default()).await?;
    let fake = fake_gitlab::start(Config::default().with_redirect_to(target.base_url())).await?;
    let mut texts = BTreeMap::new();
    for (lang, _) in PAGES {
        texts.insert((*lang).to_owned(), ftl::checker_templates(lang)?);
    }
    with_browser(BrowserOptions::default(), move |b| async move {
        let ctx = Ctx {
            b,
            site,
            fake,
            target,
            texts,
        };
        let mut e = Expect::new();
        ctx.b
            .cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": RECORDER }))
            .await?;
        for &(lang, page) in PAGES {
            server_rendered_form(&ctx, &mut e, lang, page)
                .await
                .context("server-rendered form")?;
            origin_and_lookalike(&ctx, &mut e, lang, page)
                .await
                .context("origin and look-alike")?;
            hostile_answers(&ctx, &mut e, lang, page)
                .await
                .context("hostile answers")?;
            checker_stopped(&ctx, &mut e, lang, page)
                .await
                .context("checker stopped")?;
        }
        eprintln!("checker page: {} checks", e.checks());
        e.finish("checker page in Chromium");
        Ok(())
    })
    .await
}

/// The box is the server's: same height before and after mount, no layout shift, inert form.
async fn server_rendered_form(ctx: &Ctx, e: &mut Expect, lang: &str, page: &str) -> anyhow::Result<()> {
    let label = format!("{lang} form");
    ctx.open(page).await?;
    let v = ctx.b.js(AFTER, vec![]).await?;
    let before = &v["before"];
    e.eq(
        &format!("{label}: form in the served page"),
        &before["form"],
        &json!(true),
    );
    e.eq(
        &format!("{label}: disabled before mount"),
        &before["disabled"],
        &json!(true),
    );
    e.eq(
        &format!("{label}: not mounted at DOMContentLoaded"),
        &before["mounted"],
        &json!(false),
    );
    e.eq(
        &format!("{label}: box height before/after mount"),
        &before["height"],
        &v["height"],
    );
    e.that(v["height"].as_f64().unwrap_or(0.0) > 100.0, || {
        format!("{label}: the box is {} px tall, not the form", v["height"])
    });
    let cls: f64 = v["shifts"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|s| s["input"] == json!(false))
                .filter_map(|s| s["value"].as_f64())
                .sum()
        })
        .unwrap_or(0.0);
    e.that(cls < 0.05, || {
        format!("{label}: layout shift {cls} (entries {})", v["shifts"])
    });
    e.eq(&format!("{label}: fields with name="), &v["named"], &json!([]));
    e.eq(
        &format!("{label}: token field attributes"),
        &v["token"],
        &json!({ "type": "password", "autocomplete": "off", "data-1p-ignore": "", "data-lpignore": "true",
                 "data-bwignore": "", "data-form-type": "other" }),
    );
    e.eq(&format!("{label}: method"), &v["method"], &json!("dialog"));
    e.eq(&format!("{label}: no action"), &v["action"], &Value::Null);
    e.eq(&format!("{label}: host"), &v["host"], &json!("gitlab.com"));
    let origin_line = ctx
        .text(lang, "origin-will-contact")
        .replace("{ $origin }", "https://gitlab.com");
    e.eq(
        &format!("{label}: origin line"),
        v["origin"].as_str().unwrap_or_default(),
        origin_line.as_str(),
    );
    let native = ctx.b.client.execute_async(NATIVE_SUBMIT, vec![]).await?;
    e.eq(
        &format!("{label}: native submit of the bare form"),
        &native,
        &json!({ "submitted": true, "violations": [], "same": true, "history": true }),
    );
    Ok(())
}

/// The origin line follows the address in ASCII; a look-alike needs one more click, then the
/// check runs, and the token field is emptied.
async fn origin_and_lookalike(ctx: &Ctx, e: &mut Expect, lang: &str, page: &str) -> anyhow::Result<()> {
    let pid = ctx.open(page).await?;
    let line = |o: &str, idn: bool| {
        let id = if idn {
            "origin-will-contact-idn"
        } else {
            "origin-will-contact"
        };
        ctx.text(lang, id)
            .replace("{ $origin }", &format!("\u{2068}{o}\u{2069}"))
    };
    for (typed, origin, idn) in [
        ("gitlаb.com", "https://xn--gitlb-7ve.com", true),
        (
            "gitlab.com∕evil.example",
            "https://gitlab.xn--comevil-ef0d.example",
            true,
        ),
        (
            "https://gitlab.com.evil.example/x",
            "https://gitlab.com.evil.example",
            false,
        ),
    ] {
        checker::type_into(&ctx.b, &format!("{pid}-host"), typed).await?;
        let shown = ctx.text_of(&format!("{pid}-origin")).await?;
        e.eq(
            &format!("{lang} origin line for {typed:?}"),
            shown.as_str(),
            line(origin, idn).as_str(),
        );
    }
    // An ideographic full stop: it reads as 127.0.0.1 (the fake), but is not what it seems.
    let host = format!("http://127\u{3002}0.0.1:{}", ctx.fake.addr().port());
    let token = Scenario::ValidNewest.token();
    let label = format!("{lang} look-alike");
    checker::submit(&ctx.b, &pid, &host, &token).await?;
    let first = checker::verdict(&ctx.b, &pid, VERDICT_WAIT).await?;
    e.eq(
        &format!("{label}: first click"),
        first.verdict.as_str(),
        "verdict-host-lookalike",
    );
    e.eq(&format!("{label}: outcome"), first.outcome.as_str(), "warning");
    e.eq(
        &format!("{label}: heading"),
        first.heading.as_str(),
        ctx.text(lang, "verdict-host-lookalike").as_str(),
    );
    let warning = ctx.text_of(&format!("{pid}-host-error")).await?;
    e.that(warning.contains("U+3002"), || {
        format!("{label}: the warning doesn't name the character: {warning:?}")
    });
    let button = ctx.text_of(&format!("{pid}-submit")).await?;
    e.eq(
        &format!("{label}: button"),
        button.as_str(),
        ctx.text(lang, "checker-confirm-button").as_str(),
    );
    e.that(ctx.fake.requests().is_empty(), || {
        format!("{label}: sent before the second click")
    });
    let kept = ctx
        .b
        .js(&format!("return document.getElementById('{pid}-token').value"), vec![])
        .await?;
    e.eq(
        &format!("{label}: token kept for the second click"),
        &kept,
        &json!(token),
    );
    ctx.click_submit(&pid).await?;
    let second = poll_verdict_change(ctx, &pid, "verdict-host-lookalike").await?;
    e.eq(
        &format!("{label}: second click"),
        second.verdict.as_str(),
        "verdict-extra-scopes",
    );
    let gets = ctx.fake.requests().iter().filter(|r| r.method == "GET").count();
    e.that(gets > 0, || format!("{label}: the fake saw no check"));
    let after = ctx.b.js(RESULT_DETAILS, vec![json!(pid)]).await?;
    e.eq(
        &format!("{label}: token field after the check"),
        &after["token"],
        &json!(""),
    );
    Ok(())
}

/// Waits until the verdict is no longer `old`.
async fn poll_verdict_change(ctx: &Ctx, pid: &str, old: &str) -> anyhow::Result<Shown> {
    e2e::browser::poll("a new verdict", VERDICT_WAIT, || async {
        let s = checker::verdict(&ctx.b, pid, Duration::from_secs(1)).await?;
        Ok((s.verdict != old).then_some(s))
    })
    .await
}

/// Redirect, huge body and bidi strings, checked against the fake.
async fn hostile_answers(ctx: &Ctx, e: &mut Expect, lang: &str, page: &str) -> anyhow::Result<()> {
    let host = ctx.fake.instance_url();
    for (s, verdict) in [
        (Scenario::Redirect, "verdict-redirect"),
        (Scenario::HugeBody, "verdict-response-too-large"),
        (Scenario::BidiStrings, "verdict-expires-soon"),
    ] {
        let label = format!("{lang} {s}");
        let pid = ctx.open(page).await?;
        checker::submit(&ctx.b, &pid, &host, &s.token()).await?;
        let shown = checker::verdict(&ctx.b, &pid, VERDICT_WAIT).await?;
        e.eq(&format!("{label}: verdict"), shown.verdict.as_str(), verdict);
        e.eq(
            &format!("{label}: heading"),
            shown.heading.as_str(),
            ctx.text(lang, verdict).as_str(),
        );
        let seen = ctx.fake.requests();
        let gets: Vec<_> = seen.iter().filter(|r| r.method == "GET").collect();
        e.that(!gets.is_empty(), || format!("{label}: the fake saw no GET"));
        for r in &seen {
            let to = r.header("host").unwrap_or_default();
            e.that(to.starts_with("127.0.0.1:"), || {
                format!("{label}: a request went to {to}: {} {}", r.method, r.path)
            });
        }
        let d = ctx.b.js(RESULT_DETAILS, vec![json!(pid)]).await?;
        e.eq(
            &format!("{label}: token field after the check"),
            &d["token"],
            &json!(""),
        );
        if s == Scenario::Redirect {
            // One GET: the redirect is not followed; its target (reachable) saw nothing.
            e.eq(&format!("{label}: GETs"), &gets.len(), &1);
            let followed = ctx.target.requests();
            e.that(followed.is_empty(), || format!("{label}: the target got {followed:?}"));
        }
        if s == Scenario::BidiStrings {
            let text = d["text"].as_str().unwrap_or_default();
            for raw in ['\u{202e}', '\u{2067}', '\u{200b}', '\u{7}'] {
                e.that(!text.contains(raw), || format!("{label}: raw {raw:?} shown: {text:?}"));
            }
            for visible in [
                "report-[U+202E]fdp.exe",
                "Eve [U+202E]nimdA\u{2407}",
                "@eve[U+2067][U+200B]x",
            ] {
                e.that(text.contains(visible), || {
                    format!("{label}: {visible:?} not in {text:?}")
                });
            }
            for (what, list) in [("dd", &d["isolated"]), ("dd children", &d["spans"])] {
                let all = list
                    .as_array()
                    .is_some_and(|a| !a.is_empty() && a.iter().all(|v| v == "isolate"));
                e.that(all, || format!("{label}: {what} unicode-bidi {list}"));
            }
        }
    }
    Ok(())
}

/// A same-origin module that makes the next `fetch` throw a `WebAssembly.RuntimeError`, as an
/// out-of-memory abort or any other trap does. (Injected as a file of the site: errors of
/// WebDriver's own scripts reach the page as a muted "Script error.", with no error object.)
const TRAP_JS: &str = "window.fetch = () => { throw new WebAssembly.RuntimeError('unreachable (simulated trap)'); };\n";

/// A trap in the wasm shows the localized "checker stopped" panel, not an eternal "Checking…";
/// its button reloads a working page.
async fn checker_stopped(ctx: &Ctx, e: &mut Expect, lang: &str, page: &str) -> anyhow::Result<()> {
    let label = format!("{lang} checker stopped");
    let pid = ctx.open(page).await?;
    std::fs::write(ctx.site.out_dir().join("e2e-trap.js"), TRAP_JS)?;
    let src = ctx.site.url("e2e-trap.js");
    ctx.b
        .client
        .execute_async(
            // `import()`, not a `<script src>`: the page requires Trusted Types, and `script.src = string` is a sink.
            "import(arguments[0]).then(() => arguments[1](true), () => arguments[1](false));",
            vec![json!(src)],
        )
        .await?;
    checker::submit(&ctx.b, &pid, &ctx.fake.instance_url(), &Scenario::ValidNewest.token()).await?;
    let stopped = e2e::browser::poll("the stopped panel", VERDICT_WAIT, || async {
        let v = ctx
            .b
            .js(
                "const p = document.getElementById(arguments[0] + '-stopped'); return p && !p.hidden ? p.querySelector('p').textContent : null;",
                vec![json!(pid)],
            )
            .await?;
        Ok(v.as_str().map(str::to_owned))
    })
    .await;
    match stopped {
        Ok(text) => e.eq(
            &format!("{label}: text"),
            text.as_str(),
            ctx.text(lang, "checker-stopped").as_str(),
        ),
        Err(err) => {
            let log = ctx.b.log("browser").await.unwrap_or_default();
            let state = ctx
                .b
                .js(
                    "const b = document.querySelector('.token-checker'); return b.outerHTML.slice(0, 3000);",
                    vec![],
                )
                .await?;
            e.fail(format!("{label}: {err:#}\nconsole: {log:?}\nbox: {state}"));
            return Ok(());
        }
    }
    let token = ctx
        .b
        .js(&format!("return document.getElementById('{pid}-token').value"), vec![])
        .await?;
    e.eq(&format!("{label}: token field"), &token, &json!(""));
    let retry = ctx.text_of(&format!("{pid}-retry")).await?;
    e.eq(
        &format!("{label}: button"),
        retry.as_str(),
        ctx.text(lang, "checker-stopped-retry").as_str(),
    );
    ctx.b.js("window.__reloaded = 'no'; return null;", vec![]).await?;
    ctx.b
        .client
        .find(fantoccini::Locator::Id(&format!("{pid}-retry")))
        .await?
        .click()
        .await?;
    let again = e2e::browser::poll("the reloaded page", VERDICT_WAIT, || async {
        let v = ctx
            .b
            .js(
                "return window.__reloaded === undefined && document.readyState === 'complete';",
                vec![],
            )
            .await?;
        Ok((v == json!(true)).then_some(()))
    })
    .await;
    e.that(again.is_ok(), || format!("{label}: the button did not reload the page"));
    let pid = checker::open(&ctx.b, &ctx.b.url().await?).await?;
    checker::submit(&ctx.b, &pid, &ctx.fake.instance_url(), &Scenario::ValidNewest.token()).await?;
    let shown = checker::verdict(&ctx.b, &pid, VERDICT_WAIT).await?;
    e.eq(
        &format!("{label}: after reload"),
        shown.verdict.as_str(),
        "verdict-extra-scopes",
    );
    Ok(())
}
