//! A loopback HTTP server that answers like GitLab's REST API (CORS included), with scenarios selected by token, for browser tests and demos.
//!
//! ```no_run
//! # fn main() -> anyhow::Result<()> {
//! use fake_gitlab::{Config, Scenario};
//! let server = fake_gitlab::start_in_background(Config::default().with_relative_root("/gitlab"))?;
//! let url = format!("{}/api/v4/personal_access_tokens/self", server.instance_url());
//! let token = Scenario::ExpiresIn5Days.token();
//! // … send `PRIVATE-TOKEN: {token}` to `url` …
//! assert!(server.requests().iter().all(|r| r.path.starts_with("/gitlab/")));
//! server.shutdown();
//! # Ok(()) }
//! ```

mod bodies;
mod clock;
mod gitlab;
mod record;
mod scenario;

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use anyhow::{Context, bail};
use tokio::sync::oneshot;

pub use bodies::hostile;
pub use gitlab::{CORS_ALLOW_METHODS, CORS_EXPOSE_HEADERS, CORS_MAX_AGE};
pub use record::RecordedRequest;
pub use scenario::Scenario;

use gitlab::App;
use record::Recorder;

/// How long [`Scenario::Stall`] holds its responses unless configured otherwise.
pub const DEFAULT_STALL: Duration = Duration::from_secs(15);

/// Server settings. `Config::default()` binds `127.0.0.1:0` (a free port), no relative root,
/// a 15 s stall, no request log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Address to bind. Port 0 picks a free port.
    pub addr: SocketAddr,
    /// Serve everything below this path, like a self-managed instance at a sub-path
    /// (`"/gitlab"` → `/gitlab/api/v4/…`). Empty (or `"/"`) for none. A missing leading
    /// slash is added and a trailing one removed.
    pub relative_root: String,
    /// How long [`Scenario::Stall`] holds each response.
    pub stall: Duration,
    /// Print one line per request to stderr.
    pub log_requests: bool,
    /// Where [`Scenario::Redirect`] points (an origin such as `http://127.0.0.1:PORT`, the path
    /// is kept); `None`: the same server as `localhost` (another origin, which may not resolve).
    pub redirect_to: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            relative_root: String::new(),
            stall: DEFAULT_STALL,
            log_requests: false,
            redirect_to: None,
        }
    }
}

impl Config {
    /// Sets [`Config::addr`].
    pub fn with_addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Sets [`Config::relative_root`].
    pub fn with_relative_root(mut self, root: impl Into<String>) -> Self {
        self.relative_root = root.into();
        self
    }

    /// Sets [`Config::stall`].
    pub fn with_stall(mut self, stall: Duration) -> Self {
        self.stall = stall;
        self
    }

    /// Sets [`Config::redirect_to`].
    pub fn with_redirect_to(mut self, origin: impl Into<String>) -> Self {
        self.redirect_to = Some(origin.into());
        self
    }

    /// Sets [`Config::log_requests`].
    pub fn with_log_requests(mut self, log: bool) -> Self {
        self.log_requests = log;
        self
    }
}

/// Normalizes a relative root to `""` or `/seg(/seg)*`; rejects characters that cannot be in a path.
fn normalize_root(root: &str) -> anyhow::Result<String> {
    let trimmed = root.trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let ok = trimmed.split('/').all(|seg| {
        !seg.is_empty()
            && seg != "."
            && seg != ".."
            && seg
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@%".contains(&b))
    });
    if !ok {
        bail!("invalid relative root {root:?}: expected something like \"/gitlab\"");
    }
    Ok(format!("/{trimmed}"))
}

/// A running fake GitLab. Dropping it (or calling [`FakeGitLab::shutdown`]) stops it.
#[derive(Debug)]
pub struct FakeGitLab {
    addr: SocketAddr,
    root: String,
    recorder: Recorder,
    stop: Option<oneshot::Sender<()>>,
    /// Set by [`start_in_background`]: the thread that owns the runtime.
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Starts the server on the current tokio runtime and returns once it is listening.
pub async fn start(config: Config) -> anyhow::Result<FakeGitLab> {
    let (server, task) = launch(config).await?;
    // The task runs detached; `shutdown`/drop signals it to stop accepting.
    drop(task);
    Ok(server)
}

/// Binds and spawns the server task.
async fn launch(config: Config) -> anyhow::Result<(FakeGitLab, tokio::task::JoinHandle<()>)> {
    let root = normalize_root(&config.relative_root)?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("binding {}", config.addr))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    let recorder = Recorder::default();
    let app = Arc::new(App {
        instance_url: format!("http://{addr}{root}"),
        root: root.clone(),
        stall: config.stall,
        log_requests: config.log_requests,
        redirect_to: config.redirect_to.clone(),
        recorder: recorder.clone(),
        next_request_id: AtomicU64::new(1),
    });
    let router = axum::Router::new().fallback(gitlab::handle).with_state(app);
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, router).with_graceful_shutdown(async move {
            // A dropped sender also means stop.
            let _ = stop_rx.await;
        });
        if let Err(e) = serve.await {
            eprintln!("fake-gitlab: server error: {e}");
        }
    });
    Ok((
        FakeGitLab {
            addr,
            root,
            recorder,
            stop: Some(stop_tx),
            thread: None,
        },
        task,
    ))
}

/// Starts the server on its own thread with its own tokio runtime, for sync tests and CLIs.
/// Returns once it is listening. [`FakeGitLab::shutdown`] (or drop) stops the runtime,
/// cutting off any stalled responses.
pub fn start_in_background(config: Config) -> anyhow::Result<FakeGitLab> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel::<anyhow::Result<FakeGitLab>>();
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("fake-gitlab".into())
        .spawn(move || {
            // One thread is plenty, and it makes a handler that blocks instead of awaiting
            // show up in tests (the stall test would fail).
            let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = ready_tx.send(Err(anyhow::Error::new(e).context("building a tokio runtime")));
                    return;
                }
            };
            runtime.block_on(async move {
                let (mut inner, task) = match launch(config).await {
                    Ok(pair) => pair,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let outer = FakeGitLab {
                    addr: inner.addr,
                    root: inner.root.clone(),
                    recorder: inner.recorder.clone(),
                    stop: None,
                    thread: None,
                };
                if ready_tx.send(Ok(outer)).is_err() {
                    return;
                }
                let _ = stop_rx.await;
                inner.signal_stop();
                // Idle connections close at once; give in-flight answers a moment.
                let _ = tokio::time::timeout(Duration::from_millis(500), task).await;
            });
            runtime.shutdown_timeout(Duration::from_millis(100));
        })
        .context("spawning the fake-gitlab thread")?;
    match ready_rx.recv() {
        Ok(Ok(mut server)) => {
            server.stop = Some(stop_tx);
            server.thread = Some(thread);
            Ok(server)
        }
        Ok(Err(e)) => {
            let _ = thread.join();
            Err(e)
        }
        Err(_) => {
            let _ = thread.join();
            bail!("the fake-gitlab thread ended before it was ready")
        }
    }
}

impl FakeGitLab {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (no relative root).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The normalized relative root: `""` or e.g. `"/gitlab"`.
    pub fn relative_root(&self) -> &str {
        &self.root
    }

    /// What a user would enter as the instance: base URL plus relative root,
    /// e.g. `http://127.0.0.1:PORT/gitlab`.
    pub fn instance_url(&self) -> String {
        format!("http://{}{}", self.addr, self.root)
    }

    /// The REST API base: `instance_url() + "/api/v4"`.
    pub fn api_url(&self) -> String {
        format!("{}/api/v4", self.instance_url())
    }

    /// Every request received so far (since the last [`clear`](FakeGitLab::clear)), in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.recorder.snapshot()
    }

    /// Forgets the recorded requests.
    pub fn clear(&self) {
        self.recorder.clear();
    }

    /// Stops the server: it stops accepting at once. For [`start_in_background`] this
    /// waits for the runtime thread to end.
    pub fn shutdown(self) {
        drop(self);
    }

    fn signal_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for FakeGitLab {
    fn drop(&mut self) {
        self.signal_stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_roots() {
        let cases: &[(&str, Option<&str>)] = &[
            ("", Some("")),
            ("/", Some("")),
            ("gitlab", Some("/gitlab")),
            ("/gitlab/", Some("/gitlab")),
            ("/a/b", Some("/a/b")),
            ("/a//b", None),
            ("/a b", None),
            ("/a?b", None),
            ("/../x", None),
        ];
        for &(input, want) in cases {
            assert_eq!(normalize_root(input).ok().as_deref(), want, "{input:?}");
        }
    }
}
