//! Headless Chromium through chromedriver and fantoccini: a fresh profile per session, the flags
//! CI needs, logs (performance, console) read back from chromedriver, and [`with_browser`], which
//! always closes the session and stops chromedriver, even when the test body panics.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// Where the Debian packages put the browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Where the Debian packages put the driver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// What to do when either is missing. The browser tests fail (they never skip) without them.
pub const INSTALL: &str = "install Chromium: apt-get update && apt-get install -y chromium chromium-driver";

/// The flags every session gets (plus a fresh `--user-data-dir`, a window size and a
/// resolver rule that makes every host name but loopback unresolvable: no test reaches out).
pub const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// How a session is set up.
#[derive(Debug, Clone)]
pub struct BrowserOptions {
    /// `false` turns JavaScript off for every site (a profile preference).
    pub javascript: bool,
    /// The reader's preferred language (`--lang` and `intl.accept_languages`); `None`: Chromium's default (en-US).
    pub language: Option<String>,
    /// The whole test body must finish within this; then it is aborted and the test fails.
    pub time_limit: Duration,
    /// `Some(width)`: emulate a phone that many CSS pixels wide (touch, device-width viewport, 780 px high).
    pub phone_width: Option<u32>,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        Self {
            javascript: true,
            language: None,
            time_limit: Duration::from_secs(240),
            phone_width: None,
        }
    }
}

impl BrowserOptions {
    /// Sets [`BrowserOptions::javascript`].
    pub fn javascript(mut self, on: bool) -> Self {
        self.javascript = on;
        self
    }

    /// Sets [`BrowserOptions::phone_width`].
    pub fn phone(mut self, width: u32) -> Self {
        self.phone_width = Some(width);
        self
    }

    /// Sets [`BrowserOptions::language`].
    pub fn prefer_language(mut self, lang: &str) -> Self {
        self.language = Some(lang.to_owned());
        self
    }

    /// The WebDriver capabilities for this session.
    pub fn capabilities(&self, profile: &Path) -> serde_json::Map<String, Value> {
        let mut args: Vec<String> = FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        match self.phone_width {
            // The window matches the emulated screen, or chromedriver clicks at the wrong place.
            Some(w) => args.push(format!("--window-size={w},780")),
            None => args.push("--window-size=1280,1000".to_owned()),
        }
        args.push("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1".to_owned());
        let mut prefs = serde_json::Map::new();
        if let Some(lang) = &self.language {
            args.push(format!("--lang={lang}"));
            prefs.insert("intl.accept_languages".into(), json!(lang));
        }
        if !self.javascript {
            prefs.insert("profile.managed_default_content_settings.javascript".into(), json!(2));
        }
        let mut chrome = json!({ "binary": CHROMIUM, "args": args, "prefs": prefs });
        if let Some(width) = self.phone_width {
            chrome["mobileEmulation"] = json!({
                "deviceMetrics": { "width": width, "height": 780, "pixelRatio": 2.0, "touch": true, "mobile": true },
            });
        }
        let caps = json!({
            "browserName": "chrome",
            "unhandledPromptBehavior": "ignore",
            "goog:chromeOptions": chrome,
            "goog:loggingPrefs": { "performance": "ALL", "browser": "ALL" },
        });
        match caps {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        }
    }
}

/// Fails with [`INSTALL`] unless Chromium and chromedriver are installed.
pub fn require_chromium() -> anyhow::Result<()> {
    for bin in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(bin).is_file() {
            bail!("{bin} is missing: {INSTALL}");
        }
    }
    Ok(())
}

/// A running chromedriver with its own profile folder. Dropping it kills chromedriver and any
/// browser process still using the profile.
struct Driver {
    child: Option<Child>,
    port: u16,
    tmp: tempfile::TempDir,
}

impl Driver {
    async fn start() -> anyhow::Result<Driver> {
        require_chromium()?;
        let tmp = tempfile::Builder::new().prefix("polydoc-e2e-chromium-").tempdir()?;
        std::fs::create_dir_all(tmp.path().join("profile"))?;
        let port = free_port()?;
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", tmp.path().join("chromedriver.log").display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {CHROMEDRIVER} ({INSTALL})"))?;
        let mut driver = Driver {
            child: Some(child),
            port,
            tmp,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(child) = driver.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                bail!("chromedriver exited at start ({status}):\n{}", driver.log_tail());
            }
            if let Ok(r) = crate::http::get(&format!("{}/status", driver.url())).await
                && r.status == 200
                && serde_json::from_slice::<Value>(&r.body)
                    .ok()
                    .is_some_and(|v| v["value"]["ready"] == json!(true))
            {
                return Ok(driver);
            }
            if Instant::now() > deadline {
                bail!("chromedriver did not become ready in 20 s:\n{}", driver.log_tail());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn profile(&self) -> PathBuf {
        self.tmp.path().join("profile")
    }

    /// The end of chromedriver's log, for error messages.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.tmp.path().join("chromedriver.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        // A browser whose session could not be closed outlives chromedriver: find it by our
        // unique profile folder and end it by pid.
        for pid in pids_using(&self.profile()) {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(pid.to_string())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Processes whose command line mentions `profile` (ours: the folder is a fresh temp dir).
fn pids_using(profile: &Path) -> Vec<u32> {
    let needle = format!("--user-data-dir={}", profile.display());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|c| String::from_utf8_lossy(&c).replace('\0', " ").contains(&needle))
                .unwrap_or(false)
        })
        .collect()
}

fn free_port() -> anyhow::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(l.local_addr()?.port())
}

/// A browser session: the fantoccini client plus what is needed to read chromedriver's logs.
#[derive(Clone, Debug)]
pub struct Browser {
    pub client: Client,
    driver_url: String,
    session_id: String,
}

impl Browser {
    /// Runs `script` (a function body; `arguments[i]` are `args`) in the page and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> anyhow::Result<Value> {
        self.client
            .execute(script, args)
            .await
            .map_err(|e| anyhow!("script failed: {e}\n{script}"))
    }

    /// Navigates to `url` and waits for the load event.
    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.client
            .goto(url)
            .await
            .map_err(|e| anyhow!("navigating to {url}: {e}"))
    }

    /// The current URL.
    pub async fn url(&self) -> anyhow::Result<String> {
        Ok(self
            .client
            .current_url()
            .await
            .map_err(|e| anyhow!("reading the URL: {e}"))?
            .to_string())
    }

    /// The entries of chromedriver log `kind` (`"performance"`, `"browser"`) since the last read.
    pub async fn log(&self, kind: &str) -> anyhow::Result<Vec<Value>> {
        let url = format!("{}/session/{}/se/log", self.driver_url, self.session_id);
        let r = crate::http::post_json(&url, &json!({ "type": kind })).await?;
        let v: Value = serde_json::from_slice(&r.body).with_context(|| format!("log {kind}: {}", r.text()))?;
        match v["value"].as_array() {
            Some(entries) if r.status == 200 => Ok(entries.clone()),
            _ => bail!("log {kind}: HTTP {}: {}", r.status, r.text()),
        }
    }

    /// Runs a Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`), e.g.
    /// `Page.addScriptToEvaluateOnNewDocument`, and returns its result.
    pub async fn cdp(&self, cmd: &str, params: Value) -> anyhow::Result<Value> {
        let url = format!("{}/session/{}/goog/cdp/execute", self.driver_url, self.session_id);
        let r = crate::http::post_json(&url, &json!({ "cmd": cmd, "params": params })).await?;
        let v: Value = serde_json::from_slice(&r.body).with_context(|| format!("cdp {cmd}: {}", r.text()))?;
        if r.status != 200 {
            bail!("cdp {cmd}: HTTP {}: {}", r.status, r.text());
        }
        Ok(v["value"].clone())
    }

    /// Every URL the page asked the network for since the last read of the performance log
    /// (`Network.requestWillBeSent`), in order.
    pub async fn requested_urls(&self) -> anyhow::Result<Vec<String>> {
        let mut urls = Vec::new();
        for entry in self.log("performance").await? {
            let Some(text) = entry["message"].as_str() else {
                continue;
            };
            let Ok(msg) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            if msg["message"]["method"] == "Network.requestWillBeSent"
                && let Some(u) = msg["message"]["params"]["request"]["url"].as_str()
            {
                urls.push(u.to_owned());
            }
        }
        Ok(urls)
    }
}

/// Polls `f` every 50 ms until it returns `Some`, or fails after `timeout` saying what it waited for.
pub async fn poll<T, F, Fut>(what: &str, timeout: Duration, mut f: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<Option<T>>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f().await? {
            return Ok(v);
        }
        if Instant::now() > deadline {
            bail!("timed out after {timeout:?} waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Starts chromedriver and a session, runs `body` on its own task, then always closes the
/// session and stops chromedriver; a panic in `body` is resumed after the cleanup.
pub async fn with_browser<F, Fut>(options: BrowserOptions, body: F) -> anyhow::Result<()>
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    let mut driver = Driver::start().await?;
    let caps = options.capabilities(&driver.profile());
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url())
        .await;
    let client = match client {
        Ok(c) => c,
        Err(e) => {
            let tail = driver.log_tail();
            driver.stop();
            bail!("starting a Chromium session failed: {e}\n{tail}\n({INSTALL} if it is missing)");
        }
    };
    let session_id = match client.session_id().await {
        Ok(Some(id)) => id,
        other => {
            let _ = client.close().await;
            driver.stop();
            bail!("chromedriver gave no session id: {other:?}");
        }
    };
    let browser = Browser {
        client: client.clone(),
        driver_url: driver.url(),
        session_id,
    };
    let task = tokio::spawn(body(browser));
    let abort = task.abort_handle();
    let outcome = tokio::time::timeout(options.time_limit, task).await;
    if outcome.is_err() {
        abort.abort();
    }
    let closed = client.close().await;
    driver.stop();
    match outcome {
        Err(_) => bail!("the browser test did not finish within {:?}", options.time_limit),
        Ok(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Ok(Err(e)) => bail!("the browser test task was cancelled: {e}"),
        Ok(Ok(result)) => {
            result?;
            closed.map_err(|e| anyhow!("closing the browser session: {e}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_carry_flags_and_prefs() {
        type Case<'a> = (BrowserOptions, &'a [&'a str], &'a [(&'a str, Value)]);
        let cases: &[Case] = &[
            (BrowserOptions::default(), &[], &[]),
            (
                BrowserOptions::default().javascript(false),
                &[],
                &[("profile.managed_default_content_settings.javascript", json!(2))],
            ),
            (
                BrowserOptions::default().prefer_language("es"),
                &["--lang=es"],
                &[("intl.accept_languages", json!("es"))],
            ),
        ];
        for (opts, extra_args, prefs) in cases {
            let caps = opts.capabilities(Path::new("/tmp/p"));
            let chrome = &caps["goog:chromeOptions"];
            assert_eq!(chrome["binary"], CHROMIUM);
            let args: Vec<&str> = chrome["args"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            for f in FLAGS.iter().chain(*extra_args).chain(&["--user-data-dir=/tmp/p"]) {
                assert!(args.contains(f), "{f} missing from {args:?}");
            }
            assert_eq!(chrome["prefs"].as_object().unwrap().len(), prefs.len(), "{opts:?}");
            assert!(chrome.get("mobileEmulation").is_none(), "{opts:?}");
            for (k, v) in *prefs {
                assert_eq!(&chrome["prefs"][*k], v, "{k}");
            }
        }
    }

    #[test]
    fn phone_emulates_a_narrow_touch_screen() {
        let caps = BrowserOptions::default().phone(360).capabilities(Path::new("/tmp/p"));
        let metrics = &caps["goog:chromeOptions"]["mobileEmulation"]["deviceMetrics"];
        assert_eq!(metrics["width"], 360);
        assert_eq!(metrics["mobile"], true);
    }
}
