//! `polydoc serve` over HTTP: pages carry the live-reload script, an edit triggers a rebuild that open pages
//! hear about, a broken file turns the state into its errors (file and line), and fixing it recovers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// Stop a server the way a process manager does, with `SIGTERM`, so it removes its output folder; kill it if it
/// has not exited after 10 s.
fn stop(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    send(child, "TERM");
    if wait_exit(child).is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
}

/// Send `SIG<signal>` to the child.
fn send(child: &Child, signal: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status();
}

/// A new book made by `polydoc init --lang <langs>`, in a temporary folder.
fn new_book(langs: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book");
    let status = Command::new(env!("CARGO_BIN_EXE_polydoc"))
        .args(["init", "--lang", langs])
        .arg(&book)
        .status()
        .unwrap();
    assert!(status.success(), "polydoc init --lang {langs}");
    (dir, book)
}

/// The child's exit status, if it exits within 10 s.
fn wait_exit(child: &mut Child) -> Option<std::process::ExitStatus> {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn start(root: &Path) -> Server {
    start_in(root, &std::env::temp_dir())
}

/// A server whose temporary folders go into `tmp`.
fn start_in(root: &Path, tmp: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_polydoc"))
        .args(["serve", "--port", "0", "--seconds", "60", "--root"])
        .arg(root)
        .env("TMPDIR", tmp)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "first line is the URL: {line:?}");
    Server { child, addr }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    get_as(addr, addr, path)
}

/// A request sent to `addr` that names `host` in its `Host` header.
fn get_as(addr: &str, host: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut buf = String::new();
    s.read_to_string(&mut buf).unwrap();
    let status = buf.split_whitespace().nth(1).unwrap_or("0").parse().unwrap_or(0);
    let body = buf
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn state(addr: &str) -> serde_json::Value {
    serde_json::from_str(&get(addr, "/__polydoc/state").1).unwrap()
}

/// Wait until the server has finished a build newer than `after`.
fn wait_for_build(addr: &str, after: u64) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let s = state(addr);
        if s["version"].as_u64().unwrap_or(0) > after {
            return s;
        }
        assert!(Instant::now() < deadline, "no rebuild after an edit");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Regression: `serve` stopped only on Ctrl-C, so a `SIGTERM` (or the bench's kill) left its private output
/// folder, the whole built site, in the temporary folder: 186 of them, 470 MB each for the bench's corpus,
/// had filled this machine's disk. And once it stopped on `SIGTERM`, a search index still being rebuilt in the
/// background after an edit wrote its files again after the folder was removed. `SIGHUP` (the terminal
/// closed) stops it the same way.
#[test]
fn a_server_stopped_with_sigterm_or_sighup_removes_its_output_folder() {
    let (_dir, book) = new_book("en,es");
    for signal in ["TERM", "HUP"] {
        let tmp = tempfile::tempdir().unwrap();
        let mut server = start_in(&book, tmp.path());
        assert_eq!(get(&server.addr, "/en/").0, 200);
        assert_eq!(
            serve_folders(tmp.path()).len(),
            1,
            "the server builds into one private folder"
        );
        // An edit: the rebuild leaves the search index to a background job, stopped by the signal below.
        let page = book.join("content/en/index.md");
        let text = std::fs::read_to_string(&page).unwrap();
        let before = state(&server.addr)["version"].as_u64().unwrap_or(0);
        std::fs::write(&page, format!("{text}\nA new searchable paragraph, {signal}.\n")).unwrap();
        wait_for_build(&server.addr, before);
        send(&server.child, signal);
        let status = wait_exit(&mut server.child).unwrap_or_else(|| panic!("the server exits on SIG{signal}"));
        assert!(status.success(), "SIG{signal}: {status:?}");
        assert_eq!(serve_folders(tmp.path()), Vec::<String>::new(), "SIG{signal}");
    }
}

/// A server killed outright cannot remove its folder: the next one removes the folders whose process is gone,
/// and leaves those of live processes (and anything else) alone.
#[test]
fn a_server_removes_the_folders_killed_servers_left() {
    let (_dir, book) = new_book("en");
    let tmp = tempfile::tempdir().unwrap();
    // A process that has exited: its id names no process now.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let stale = format!("polydoc-serve-{}-x1y2z3", gone.id());
    let live = format!("polydoc-serve-{}-a1b2c3", std::process::id());
    for name in [&stale, &live, &"polydoc-serve-notapid".to_string()] {
        std::fs::create_dir_all(tmp.path().join(name).join("site/en")).unwrap();
        std::fs::write(tmp.path().join(name).join("site/en/index.html"), "old").unwrap();
    }
    let mut server = start_in(&book, tmp.path());
    let mut left = serve_folders(tmp.path());
    left.retain(|n| !n.starts_with(&format!("polydoc-serve-{}-", server.child.id())));
    left.sort();
    assert_eq!(left, vec![live, "polydoc-serve-notapid".to_string()]);
    stop(&mut server.child);
}

/// The names of the `polydoc-serve-*` folders in `tmp`.
fn serve_folders(tmp: &Path) -> Vec<String> {
    std::fs::read_dir(tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("polydoc-serve-"))
        .collect()
}

#[test]
fn serve_rebuilds_on_edit_and_reports_errors_until_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../site/tests/fixtures/sites/basic");
    for entry in walkdir(&src) {
        let dest = dir.path().join(entry.strip_prefix(&src).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, dest).unwrap();
    }
    let server = start(dir.path());
    let addr = server.addr.as_str();

    let (status, page) = get(addr, "/es/guide/funciones/");
    assert_eq!(status, 200);
    // Issue 11 (DNS rebinding): only this port's loopback names are answered, and nothing of the site leaks.
    // Issue 11 (predictable temp folder): the site is built in a private folder with a random name.
    assert!(
        !std::env::temp_dir()
            .join(format!("polydoc-serve-{}", server.child.id()))
            .exists()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let private: Vec<_> = std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_name().to_string_lossy().starts_with("polydoc-serve-") && e.path().join("site/en").is_dir()
            })
            .collect();
        assert!(!private.is_empty(), "no private build folder");
        for e in private {
            assert_eq!(
                e.metadata().unwrap().permissions().mode() & 0o777,
                0o700,
                "{}",
                e.path().display()
            );
        }
    }
    let port = addr.rsplit(':').next().unwrap();
    for (host, want) in [
        (format!("localhost:{port}"), 200),
        (format!("LOCALHOST:{port}"), 200),
        (format!("[::1]:{port}"), 200),
        (format!("rebind.example:{port}"), 421),
        ("127.0.0.1".to_string(), 421),
        (format!("127.0.0.1:{port}.evil.example"), 421),
    ] {
        let (status, body) = get_as(addr, &host, "/__polydoc/state");
        assert_eq!(status, want, "Host: {host}");
        if want == 421 {
            assert!(body.contains("answers only to"), "{body}");
        }
    }
    assert!(
        page.contains("<script src=\"/__polydoc/live.js\" defer></script>"),
        "live reload injected"
    );
    assert_eq!(get(addr, "/__polydoc/live.js").0, 200);
    assert_eq!(get(addr, "/en/no-such-page/").0, 404);
    let first = state(addr);
    assert_eq!(first["ok"], true);
    let v1 = first["version"].as_u64().unwrap();

    // An edit shows after one rebuild.
    let page_file = dir.path().join("content/en/index.md");
    let original = std::fs::read_to_string(&page_file).unwrap();
    std::fs::write(&page_file, original.replace("Some text.", "Freshly edited text.")).unwrap();
    let s = wait_for_build(addr, v1);
    assert_eq!(s["ok"], true, "{s}");
    assert!(get(addr, "/en/").1.contains("Freshly edited text."));

    // A broken page: the server stays up, the state carries the error with its place, the old page still serves.
    let v2 = s["version"].as_u64().unwrap();
    std::fs::write(&page_file, "---\ntitel: Home\n---\nBroken.\n").unwrap();
    let s = wait_for_build(addr, v2);
    assert_eq!(s["ok"], false);
    let errors = s["errors"].as_str().unwrap();
    assert!(
        errors.contains("content/en/index.md:2:1") && errors.contains("unknown key `titel`"),
        "{errors}"
    );
    assert!(
        get(addr, "/en/").1.contains("Freshly edited text."),
        "the last good build keeps serving"
    );

    // Fixed: ok again.
    let v3 = s["version"].as_u64().unwrap();
    std::fs::write(&page_file, original).unwrap();
    let s = wait_for_build(addr, v3);
    assert_eq!(s["ok"], true, "{s}");
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}
