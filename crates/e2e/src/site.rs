//! The shipped site, built into a temporary folder with the compiled checker widget and served on
//! `127.0.0.1:<free port>` under a base path, with a log of every request it served.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, bail};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use tokio::sync::oneshot;

/// What to tell someone who runs the browser tests before building the widget.
pub const BUILD_FIRST: &str = "run `cargo xtask build` first (or `cargo xtask test`)";

/// The files `cargo xtask build` leaves in `$CARGO_TARGET_DIR/checker/`.
const CHECKER_FILES: [&str; 2] = ["token_check_web.js", "token_check_web_bg.wasm"];

/// The folder with the compiled checker widget (`token_check_web.js`, `token_check_web_bg.wasm`):
/// `$POLYDOC_CHECKER_DIR` when set (as `cargo xtask test` does), else the `checker/` folder of
/// the target directory this test binary was built in (where `cargo xtask build` puts it).
pub fn checker_dir() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("locating the test binary")?;
    find_checker_dir(std::env::var_os("POLYDOC_CHECKER_DIR"), &exe)
}

/// [`checker_dir`] with its inputs given: the variable's value and the test binary's path.
pub fn find_checker_dir(var: Option<std::ffi::OsString>, exe: &Path) -> anyhow::Result<PathBuf> {
    let has_files = |dir: &Path| CHECKER_FILES.iter().all(|f| dir.join(f).is_file());
    if let Some(dir) = var.filter(|d| !d.is_empty()) {
        let dir = PathBuf::from(dir);
        if !has_files(&dir) {
            bail!(
                "POLYDOC_CHECKER_DIR={} lacks {}: {BUILD_FIRST}",
                dir.display(),
                CHECKER_FILES.join(" or ")
            );
        }
        return Ok(dir);
    }
    // target/debug/deps/<test binary>: look for target/checker up the tree.
    if let Some(dir) = exe
        .ancestors()
        .skip(1)
        .map(|a| a.join("checker"))
        .find(|d| has_files(d))
    {
        return Ok(dir);
    }
    bail!(
        "the compiled checker widget was not found (POLYDOC_CHECKER_DIR is not set and no checker/ folder \
         with {} is next to {}): {BUILD_FIRST}",
        CHECKER_FILES.join(" and "),
        exe.display()
    )
}

/// One request the static server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub method: String,
    /// Path and query as requested.
    pub path: String,
    /// The `Host` header.
    pub host: String,
    pub status: u16,
}

/// A built site being served. Dropping it stops the server and deletes the files.
pub struct Site {
    addr: SocketAddr,
    base_path: String,
    out_dir: PathBuf,
    log: Arc<Mutex<Vec<Served>>>,
    stop: Option<oneshot::Sender<()>>,
    _tmp: tempfile::TempDir,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("addr", &self.addr)
            .field("base_path", &self.base_path)
            .field("out_dir", &self.out_dir)
            .finish_non_exhaustive()
    }
}

/// `"project"`, `"/project"`, `"/project/"` → `"/project/"`; `""` or `"/"` → `"/"`.
pub fn normalize_base(base: &str) -> String {
    let trimmed = base.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

impl Site {
    /// Builds the repository's site for `http://127.0.0.1:PORT{base_path}` and serves it.
    /// Fails with [`BUILD_FIRST`] when the checker widget has not been compiled.
    pub async fn start(base_path: &str) -> anyhow::Result<Site> {
        let checker = checker_dir()?;
        let base_path = normalize_base(base_path);
        let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .context("binding the static server")?;
        let addr = listener.local_addr()?;
        let tmp = tempfile::Builder::new().prefix("polydoc-e2e-site-").tempdir()?;
        let out_dir = tmp.path().join("public");
        let public_url = format!("http://{addr}{}", base_path.trim_end_matches('/'));
        let options = polydoc_site::BuildOptions {
            root: crate::ftl::repo_root(),
            strict: false,
            out_dir: Some(out_dir.clone()),
            checker_dir: Some(checker),
            public_url: Some(public_url.clone()),
            ..Default::default()
        };
        let report = tokio::task::spawn_blocking(move || polydoc_site::build(&options))
            .await
            .context("the site build panicked")?
            .map_err(|failure| anyhow::anyhow!("the site did not build for {public_url}:\n{failure}"))?;
        if report.pages == 0 {
            bail!("the site build wrote no pages");
        }

        let log = Arc::new(Mutex::new(Vec::new()));
        let state = Arc::new(Files {
            root: out_dir.clone(),
            base: base_path.clone(),
            log: log.clone(),
        });
        let router = axum::Router::new().fallback(serve).with_state(state);
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let server = axum::serve(listener, router).with_graceful_shutdown(async move {
                let _ = stop_rx.await;
            });
            if let Err(e) = server.await {
                eprintln!("e2e static server: {e}");
            }
        });
        Ok(Site {
            addr,
            base_path,
            out_dir,
            log,
            stop: Some(stop_tx),
            _tmp: tmp,
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `127.0.0.1:PORT`.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// The base path, `/` or `/project/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The URL of `path` below the base: `url("en/")` → `http://127.0.0.1:PORT/project/en/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.origin(), self.base_path, path.trim_start_matches('/'))
    }

    /// Where the built files are.
    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Every request served so far.
    pub fn served(&self) -> Vec<Served> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

struct Files {
    root: PathBuf,
    base: String,
    log: Arc<Mutex<Vec<Served>>>,
}

/// The media type for a file name, as a static host would send it.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes; `None` for bad escapes or non-UTF-8 results.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// What the server does with a request path.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

/// Maps a request path to a file below `root` served under `base` (`/` or `/x/`), like a
/// static host: `dir/` → `dir/index.html`, `dir` → redirect to `dir/`, nothing outside `base`.
pub fn resolve(root: &Path, base: &str, path: &str) -> Resolved {
    if path == base.trim_end_matches('/') && base != "/" {
        return Resolved::Redirect(base.to_owned());
    }
    let Some(rest) = path.strip_prefix(base) else {
        return Resolved::NotFound;
    };
    let Some(rest) = percent_decode(rest) else {
        return Resolved::NotFound;
    };
    let mut file = root.to_path_buf();
    for seg in rest.split('/').filter(|s| !s.is_empty()) {
        if seg == "." || seg == ".." || seg.contains('\\') {
            return Resolved::NotFound;
        }
        file.push(seg);
    }
    if file.is_dir() {
        if !rest.is_empty() && !rest.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    if file.is_file() {
        Resolved::File(file)
    } else {
        Resolved::NotFound
    }
}

async fn serve(State(files): State<Arc<Files>>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    let host = req
        .headers()
        .get(header::HOST)
        .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned())
        .unwrap_or_default();
    let resolved = resolve(&files.root, &files.base, &path);
    let mut response = match resolved {
        Resolved::File(file) => match std::fs::read(&file) {
            Ok(bytes) => with_type(StatusCode::OK, content_type(&file.to_string_lossy()), bytes),
            Err(_) => plain(StatusCode::INTERNAL_SERVER_ERROR, "read error"),
        },
        Resolved::Redirect(to) => {
            let mut r = plain(StatusCode::MOVED_PERMANENTLY, "moved");
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Resolved::NotFound => match std::fs::read(files.root.join("404.html")) {
            Ok(bytes) => with_type(StatusCode::NOT_FOUND, "text/html; charset=utf-8", bytes),
            Err(_) => plain(StatusCode::NOT_FOUND, "not found"),
        },
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let served = Served {
        method: req.method().as_str().to_owned(),
        path: req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or(path),
        host,
        status: response.status().as_u16(),
    };
    files.log.lock().unwrap_or_else(|e| e.into_inner()).push(served);
    response
}

fn with_type(status: StatusCode, media: &'static str, bytes: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(bytes));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    r
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    with_type(status, "text/plain; charset=utf-8", text.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_the_checker() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("target");
        let exe = target.join("debug/deps/checker-123");
        let built = target.join("checker");
        let empty = tmp.path().join("empty");
        std::fs::create_dir_all(exe.parent().unwrap()).unwrap();
        std::fs::create_dir_all(&empty).unwrap();
        let found = |var: Option<&Path>| find_checker_dir(var.map(|p| p.as_os_str().to_owned()), &exe);
        // Nothing built yet: both ways fail, saying what to run.
        for var in [None, Some(empty.as_path())] {
            let err = found(var).unwrap_err().to_string();
            assert!(err.contains(BUILD_FIRST), "{err}");
        }
        std::fs::create_dir_all(&built).unwrap();
        for f in CHECKER_FILES {
            std::fs::write(built.join(f), "x").unwrap();
        }
        assert_eq!(found(None).unwrap(), built);
        assert_eq!(found(Some(built.as_path())).unwrap(), built);
        // An explicit but wrong folder is an error, not a silent fallback.
        assert!(found(Some(empty.as_path())).is_err());
    }

    #[test]
    fn bases() {
        for (input, want) in [("", "/"), ("/", "/"), ("project", "/project/"), ("/a/b/", "/a/b/")] {
            assert_eq!(normalize_base(input), want, "{input:?}");
        }
    }

    #[test]
    fn types() {
        for (name, want) in [
            ("a/b.wasm", "application/wasm"),
            ("x.JS", "text/javascript; charset=utf-8"),
            ("i.html", "text/html; charset=utf-8"),
            ("f.svg", "image/svg+xml"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(name), want, "{name}");
        }
    }

    #[test]
    fn resolving() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("en/page")).unwrap();
        std::fs::write(root.join("index.html"), "root").unwrap();
        std::fs::write(root.join("en/page/index.html"), "page").unwrap();
        std::fs::write(root.join("a b.txt"), "x").unwrap();
        let file = |p: &str| Resolved::File(root.join(p));
        let cases: &[(&str, &str, Resolved)] = &[
            ("/p/", "/p/", file("index.html")),
            ("/p/", "/p", Resolved::Redirect("/p/".into())),
            ("/p/", "/p/en/page/", file("en/page/index.html")),
            ("/p/", "/p/en/page", Resolved::Redirect("/p/en/page/".into())),
            ("/p/", "/p/a%20b.txt", file("a b.txt")),
            ("/p/", "/en/page/", Resolved::NotFound),
            ("/p/", "/p/../p/index.html", Resolved::NotFound),
            ("/p/", "/p/missing", Resolved::NotFound),
            ("/p/", "/p/%zz", Resolved::NotFound),
            ("/", "/", file("index.html")),
            ("/", "/en/page/", file("en/page/index.html")),
        ];
        for (base, path, want) in cases {
            assert_eq!(&resolve(root, base, path), want, "{base} {path}");
        }
    }
}
