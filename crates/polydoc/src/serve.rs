//! `polydoc serve`: build, serve every language on loopback under the base path, watch the sources, rebuild on
//! change and reload open pages; a failed build keeps the server up and shows its errors in the page.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Response, StatusCode, Uri, header};
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use notify::{RecursiveMode, Watcher};
use polydoc_site::{BuildOptions, Session};
use tokio::sync::watch;

/// The live-reload client, served only by `polydoc serve` and injected only into the pages it serves.
const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");

/// The state of the last build, which open pages follow.
#[derive(Clone, Debug, serde::Serialize)]
pub struct BuildState {
    /// Increases with every build, successful or not.
    pub version: u64,
    pub ok: bool,
    /// The diagnostics of a failed build, as printed on the terminal.
    pub errors: String,
    pub millis: u128,
}

struct Shared {
    out: PathBuf,
    base_path: String,
    state: watch::Receiver<BuildState>,
}

/// What `serve` runs with.
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub open: bool,
    pub checker_dir: Option<PathBuf>,
    /// Stop after this long (tests); `None` runs until Ctrl-C.
    pub run_for: Option<Duration>,
}

/// Build again, incrementally: only what the edit touched is rendered and written.
fn build_once(session: &mut Session, root: &Path, changed: Option<Vec<PathBuf>>) -> (BuildState, Option<String>) {
    let started = Instant::now();
    let result = match changed {
        Some(paths) => session.build_changed(paths),
        None => session.build(),
    };
    match result {
        Ok(report) => {
            eprint!("{}", polydoc_site::diag::grouped_warnings(&report.warnings, false, 3));
            let base = polydoc_site::Config::load(root).ok().map(|c| c.base_path);
            (
                BuildState {
                    version: 0,
                    ok: true,
                    errors: String::new(),
                    millis: started.elapsed().as_millis(),
                },
                base,
            )
        }
        Err(failure) => {
            let text = failure.to_string();
            eprintln!("{text}");
            (
                BuildState {
                    version: 0,
                    ok: false,
                    errors: text,
                    millis: started.elapsed().as_millis(),
                },
                None,
            )
        }
    }
}

/// Run the server until Ctrl-C or `SIGTERM` (or `run_for`).
pub fn serve(opts: ServeOptions) -> anyhow::Result<()> {
    let root = opts.root.canonicalize().unwrap_or(opts.root.clone());
    // A private folder (random name, mode 0700): no other user can create or swap it under us.
    let mut builder = tempfile::Builder::new();
    let prefix = format!("{FOLDER_PREFIX}{}-", std::process::id());
    builder.prefix(&prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // tempfile leaves the mode to the umask; say it.
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let private = builder.tempdir()?;
    #[cfg(unix)]
    sweep_stale(private.path());
    let out = private.path().join("site");
    let build_options = BuildOptions {
        root: root.clone(),
        out_dir: Some(out.clone()),
        checker_dir: opts.checker_dir.clone(),
        ..BuildOptions::default()
    };
    let mut session = Session::new(build_options);
    let (first, base) = build_once(&mut session, &root, None);
    // The first build writes everything; after an edit the browser reloads before the search index is rebuilt.
    session.defer_search();
    let base_path = base
        .or_else(|| polydoc_site::Config::load(&root).ok().map(|c| c.base_path))
        .unwrap_or_else(|| "/".to_string());
    let (tx, rx) = watch::channel(BuildState { version: 1, ..first });

    // Watch the sources; rebuild after a short quiet period.
    // Each event's paths, or `None` when the watcher cannot say what changed (then every file is looked at).
    let (ev_tx, ev_rx) = std::sync::mpsc::channel::<Option<Vec<PathBuf>>>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| match res {
        Ok(ev) if matches!(ev.kind, notify::EventKind::Access(_)) => {}
        // Content written in place: the files are known by their paths.
        Ok(ev) if matches!(ev.kind, notify::EventKind::Modify(notify::event::ModifyKind::Data(_))) => {
            let _ = ev_tx.send(Some(ev.paths));
        }
        _ => {
            let _ = ev_tx.send(None);
        }
    })?;
    // polydoc's folders, and an mdBook book's: its `src/`, each `src-<lang>/`, `po/` and `theme/`.
    let mut dirs: Vec<std::path::PathBuf> = ["content", "locales", "themes", "po", "theme"]
        .iter()
        .map(|sub| root.join(sub))
        .collect();
    if let Ok(config) = polydoc_site::Config::load(&root) {
        dirs.push(config.content_dir.clone());
        dirs.extend(config.languages.iter().map(|l| config.lang_dir(&l.code)));
    }
    dirs.sort();
    dirs.dedup();
    for p in dirs {
        if p.is_dir() {
            watcher.watch(&p, RecursiveMode::Recursive)?;
        }
    }
    watcher.watch(&root.join("book.toml"), RecursiveMode::NonRecursive)?;
    let builder = std::thread::spawn(move || {
        while let Ok(first) = ev_rx.recv() {
            // Editors write in bursts (temp file, rename, chmod): wait for 25 ms of quiet.
            let mut changed = first;
            while let Ok(more) = ev_rx.recv_timeout(Duration::from_millis(25)) {
                changed = changed.zip(more).map(|(mut a, b)| {
                    a.extend(b);
                    a
                });
            }
            let (state, _) = build_once(&mut session, &root, changed);
            let version = tx.borrow().version + 1;
            eprintln!(
                "serve: build {version} {} in {} ms",
                if state.ok {
                    "ok"
                } else {
                    "failed; the page shows the errors"
                },
                state.millis
            );
            let _ = tx.send(BuildState { version, ..state });
        }
    });

    let shared = Arc::new(Shared {
        out: out.clone(),
        base_path: base_path.clone(),
        state: rx,
    });
    let router = Router::new()
        .route(
            "/__polydoc/live.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], LIVE_JS) }),
        )
        .route(
            "/__polydoc/live.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], LIVE_CSS) }),
        )
        .route("/__polydoc/state", get(state_json))
        .route("/__polydoc/events", get(events))
        .fallback(get(file))
        .with_state(shared);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let addr = SocketAddr::from(([127, 0, 0, 1], opts.port));
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let port = listener.local_addr()?.port();
        let app = router.layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| async move {
                let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok());
                if host_allowed(host, port) {
                    next.run(req).await
                } else {
                    misdirected(port)
                }
            },
        ));
        let url = format!("http://{}{}", listener.local_addr()?, base_path);
        // The first line of stdout is the URL, for scripts and tests.
        println!("{url}");
        eprintln!("serve: watching the book's pages, locales/, themes/ and book.toml; Ctrl-C stops");
        if opts.open {
            let mut open = std::process::Command::new("xdg-open");
            open.arg(&url);
            #[cfg(target_os = "linux")]
            {
                use std::os::unix::process::CommandExt;
                // SAFETY: between fork and exec the closure only calls `prctl`, which is async-signal-safe: the
                // browser gets back the transparent huge pages that `main` turned off for polydoc.
                unsafe {
                    open.pre_exec(|| {
                        libc::prctl(libc::PR_SET_THP_DISABLE, 0, 0, 0, 0);
                        Ok(())
                    });
                }
            }
            let _ = open.spawn();
        }
        let stop = async move {
            match opts.run_for {
                Some(d) => tokio::select! {
                    () = tokio::time::sleep(d) => {}
                    () = stop_signal() => {}
                },
                None => stop_signal().await,
            }
        };
        axum::serve(listener, app).with_graceful_shutdown(stop).await?;
        anyhow::Ok(())
    })?;
    // No more events: the build thread ends, and with it the session, which stops its background search job.
    // Only then is the output folder removed, so nothing writes into it again.
    drop(watcher);
    let _ = builder.join();
    drop(private);
    Ok(())
}

/// Ctrl-C, or on Unix `SIGTERM` (process managers, scripts) or `SIGHUP` (the terminal closed): each one stops
/// the server, and the private output folder is removed on the way out. A server killed outright (`SIGKILL`, a
/// crash) leaves its folder; the next `serve` removes it ([`sweep_stale`]).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let (Ok(mut term), Ok(mut hup)) = (signal(SignalKind::terminate()), signal(SignalKind::hangup())) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// The start of the name of `serve`'s private folder: `polydoc-serve-<process id>-<random>`.
const FOLDER_PREFIX: &str = "polydoc-serve-";

/// Remove the private folders, beside `ours`, that servers killed outright left: those of this user (the owner
/// of `ours`) whose process no longer exists. Symbolic links and other users' folders are never touched.
#[cfg(unix)]
fn sweep_stale(ours: &Path) {
    use std::os::unix::fs::MetadataExt;
    let (Some(tmp), Ok(me)) = (ours.parent(), std::fs::metadata(ours)) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(tmp) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|n| n.strip_prefix(FOLDER_PREFIX))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<libc::pid_t>().ok());
        let Some(pid) = pid.filter(|&p| p > 0 && u32::try_from(p).ok() != Some(std::process::id())) else {
            continue;
        };
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        if !meta.is_dir() || meta.uid() != me.uid() {
            continue;
        }
        // SAFETY: signal 0 sends nothing; `kill` only reports whether the process exists.
        let alive =
            unsafe { libc::kill(pid, 0) } == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH);
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// DNS rebinding guard: a page on another site whose name resolves to 127.0.0.1 reaches this server with its
/// own name in `Host`. Only the loopback names of this port are served.
pub fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return false };
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host.eq_ignore_ascii_case(&format!("{name}:{port}")))
}

fn misdirected(port: u16) -> Response<Body> {
    Response::builder()
        .status(StatusCode::MISDIRECTED_REQUEST)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(format!(
            "polydoc serve answers only to http://127.0.0.1:{port}/ and http://localhost:{port}/\n"
        )))
        .unwrap_or_default()
}

async fn state_json(State(s): State<Arc<Shared>>) -> impl IntoResponse {
    let state = s.state.borrow().clone();
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string(&state).unwrap_or_default(),
    )
}

/// Server-sent events: one `build` event with the state after every build.
async fn events(State(s): State<Arc<Shared>>) -> impl IntoResponse {
    let rx = s.state.clone();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.changed().await.ok()?;
        let data = serde_json::to_string(&*rx.borrow_and_update()).unwrap_or_default();
        Some((
            Ok::<_, std::convert::Infallible>(Event::default().event("build").data(data)),
            rx,
        ))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Serve a file of the built site; HTML pages get the live-reload script.
async fn file(State(s): State<Arc<Shared>>, uri: Uri) -> Response<Body> {
    let path = uri.path();
    let Some(rest) = path
        .strip_prefix(s.base_path.as_str())
        .or_else(|| (path.to_string() + "/" == s.base_path).then_some(""))
    else {
        if path == "/" {
            return redirect(&s.base_path);
        }
        return not_found(&s);
    };
    let rel = polydoc_site::percent_decode(rest);
    let rel_path = Path::new(&rel);
    if rel_path.components().any(|c| !matches!(c, Component::Normal(_))) {
        return not_found(&s);
    }
    let mut target = s.out.join(rel_path);
    if target.is_dir() {
        if !path.ends_with('/') {
            return redirect(&format!("{path}/"));
        }
        target = target.join("index.html");
    }
    match tokio::fs::read(&target).await {
        Ok(bytes) => respond(&target, bytes, StatusCode::OK),
        Err(_) => not_found(&s),
    }
}

fn not_found(s: &Shared) -> Response<Body> {
    let page = s.out.join("404.html");
    let bytes = std::fs::read(&page).unwrap_or_else(|_| b"<!DOCTYPE html><title>404</title>".to_vec());
    respond(&page, bytes, StatusCode::NOT_FOUND)
}

fn redirect(to: &str) -> Response<Body> {
    Response::builder()
        .status(StatusCode::FOUND)
        .header(
            header::LOCATION,
            HeaderValue::from_str(to).unwrap_or(HeaderValue::from_static("/")),
        )
        .body(Body::empty())
        .unwrap_or_default()
}

fn respond(path: &Path, bytes: Vec<u8>, status: StatusCode) -> Response<Body> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let mime = match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let body = if ext == "html" {
        inject_live_reload(&String::from_utf8_lossy(&bytes)).into_bytes()
    } else {
        bytes
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, mime)
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body))
        .unwrap_or_default()
}

/// The live-reload script goes just before `</head>`: an external file, so the page's CSP allows it.
pub fn inject_live_reload(html: &str) -> String {
    let tag = "<script src=\"/__polydoc/live.js\" defer></script>\n";
    match html.find("</head>") {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]),
        None => format!("{tag}{html}"),
    }
}
