//! Driving the token checker widget in a page through its test hooks (`{pid}-host`, `{pid}-token`,
//! `.checker-submit`, `.result[data-verdict]`), and reading what a check left behind in the page
//! (storage, cookies, URL, history, fetched resources).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use fantoccini::Locator;
use serde_json::{Value, json};

use crate::browser::{Browser, poll};

/// How long the widget may take to load (the wasm is fetched lazily).
pub const MOUNT_TIMEOUT: Duration = Duration::from_secs(15);

/// What a finished check shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// `data-verdict`: the headline message id.
    pub verdict: String,
    /// `data-outcome`: `ok`, `warning` or `error`.
    pub outcome: String,
    /// The text of the first heading inside `.result`.
    pub heading: String,
    /// `.result` textContent.
    pub text: String,
    /// Elements inside `.result`, by tag name.
    pub tags: BTreeMap<String, u64>,
    /// How long from the click to the verdict.
    pub elapsed: Duration,
}

/// What a page keeps that could hold a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageState {
    pub local_storage: Vec<(String, String)>,
    pub session_storage: Vec<(String, String)>,
    pub cookie: String,
    pub href: String,
    pub history_length: i64,
    pub history_state: String,
    /// `performance.getEntriesByType('resource')` names.
    pub resources: Vec<String>,
}

impl PageState {
    /// Every string in the state, to search for a secret.
    pub fn strings(&self) -> Vec<&str> {
        let mut out: Vec<&str> = vec![&self.cookie, &self.href, &self.history_state];
        for (k, v) in self.local_storage.iter().chain(&self.session_storage) {
            out.push(k);
            out.push(v);
        }
        out
    }
}

const FIND_WIDGET: &str = r#"
const box = document.querySelector('.token-checker');
if (!box) return { error: 'no .token-checker on ' + location.href };
if (box.getAttribute('data-load-error')) return { error: 'the widget failed to load (data-load-error) on ' + location.href };
if (box.getAttribute('data-stopped')) return { error: 'the widget stopped (data-stopped) on ' + location.href };
// The form is in the page from the start; the widget is ready once it has mounted.
if (box.hasAttribute('data-mounted') && document.getElementById(box.id + '-host') && box.querySelector('.checker-submit')) return { id: box.id };
box.scrollIntoView({ block: 'center' });
return null;
"#;

const READ_RESULT: &str = r#"
const r = document.querySelector('#' + arguments[0] + ' .result[data-verdict]');
if (!r) return null;
const h = r.querySelector('h1,h2,h3,h4,h5,h6');
const tags = {};
r.querySelectorAll('*').forEach(e => { const t = e.tagName.toLowerCase(); tags[t] = (tags[t] || 0) + 1; });
return { verdict: r.getAttribute('data-verdict'), outcome: r.getAttribute('data-outcome') || '',
         heading: h ? h.textContent.trim() : '', text: r.textContent, tags };
"#;

const READ_STATE: &str = r#"
const dump = s => { const o = []; for (let i = 0; i < s.length; i++) { const k = s.key(i); o.push([k, s.getItem(k)]); } return o; };
return { local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie, href: location.href,
         historyLength: history.length, historyState: JSON.stringify(history.state),
         resources: performance.getEntriesByType('resource').map(e => e.name) };
"#;

/// Loads `url` and waits until the first checker on it is mounted; returns its placeholder id.
pub async fn open(b: &Browser, url: &str) -> anyhow::Result<String> {
    b.goto(url).await?;
    poll("the checker widget to mount", MOUNT_TIMEOUT, || async {
        let v = b.js(FIND_WIDGET, vec![]).await?;
        if let Some(e) = v["error"].as_str() {
            bail!("{e}");
        }
        Ok(v["id"].as_str().map(str::to_owned))
    })
    .await
    .with_context(|| format!("on {url}"))
}

/// Replaces the text of input `id` with `text`, typing it.
pub async fn type_into(b: &Browser, id: &str, text: &str) -> anyhow::Result<()> {
    let input = b
        .client
        .find(Locator::Id(id))
        .await
        .with_context(|| format!("finding #{id}"))?;
    input.clear().await.with_context(|| format!("clearing #{id}"))?;
    if !text.is_empty() {
        input
            .send_keys(text)
            .await
            .with_context(|| format!("typing into #{id}"))?;
    }
    Ok(())
}

/// Fills the form of checker `pid` and submits it, without waiting.
pub async fn submit(b: &Browser, pid: &str, host: &str, token: &str) -> anyhow::Result<()> {
    type_into(b, &format!("{pid}-host"), host).await?;
    type_into(b, &format!("{pid}-token"), token).await?;
    b.client
        .find(Locator::Css(&format!("#{pid} .checker-submit")))
        .await
        .context("finding the submit button")?
        .click()
        .await
        .context("clicking the submit button")?;
    Ok(())
}

/// Waits for checker `pid` to show a verdict.
pub async fn verdict(b: &Browser, pid: &str, timeout: Duration) -> anyhow::Result<Shown> {
    let started = Instant::now();
    let v = poll("a verdict (.result[data-verdict])", timeout, || async {
        let v = b.js(READ_RESULT, vec![json!(pid)]).await?;
        Ok((!v.is_null()).then_some(v))
    })
    .await?;
    let tags = v["tags"]
        .as_object()
        .map(|m| m.iter().map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(0))).collect())
        .unwrap_or_default();
    let s = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
    Ok(Shown {
        verdict: s("verdict"),
        outcome: s("outcome"),
        heading: s("heading"),
        text: s("text"),
        tags,
        elapsed: started.elapsed(),
    })
}

/// Opens `url`, checks `token` against `host`, and returns what the page shows.
pub async fn check(b: &Browser, url: &str, host: &str, token: &str, timeout: Duration) -> anyhow::Result<Shown> {
    let pid = open(b, url).await?;
    submit(b, &pid, host, token).await?;
    verdict(b, &pid, timeout).await
}

/// Reads storage, cookies, URL, history and fetched resources of the current page.
pub async fn page_state(b: &Browser) -> anyhow::Result<PageState> {
    let v = b.js(READ_STATE, vec![]).await?;
    let pairs = |k: &str| -> Vec<(String, String)> {
        v[k].as_array()
            .map(|a| {
                a.iter()
                    .map(|p| {
                        (
                            p[0].as_str().unwrap_or_default().to_owned(),
                            p[1].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(PageState {
        local_storage: pairs("local"),
        session_storage: pairs("session"),
        cookie: v["cookie"].as_str().unwrap_or_default().to_owned(),
        href: v["href"].as_str().unwrap_or_default().to_owned(),
        history_length: v["historyLength"].as_i64().unwrap_or(-1),
        history_state: v["historyState"].as_str().unwrap_or_default().to_owned(),
        resources: v["resources"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default(),
    })
}
