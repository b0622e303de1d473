//! Server behaviour beyond single scenarios: CORS preflight, the request log, the relative root, stalls, start/shutdown and the CLI.

mod support;

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fake_gitlab::{Config, Scenario};
use support::{get, send};

const ORIGIN: &str = "http://docs.example.test";

#[test]
fn preflight_is_answered_like_rack_cors() {
    let server = fake_gitlab::start_in_background(Config::default().with_relative_root("/gl")).expect("server starts");
    // (path, requested headers) → the echoed Access-Control-Allow-Headers.
    let cases: &[(&str, Option<&str>)] = &[
        ("/gl/api/v4/personal_access_tokens/self", Some("private-token")),
        ("/gl/api/v4/user", Some("authorization")),
        ("/gl/api/v4/version", Some("private-token, content-type, x-custom")),
        ("/gl/api/v4/does-not-exist", Some("private-token")),
        ("/gl/api/v4/metadata", None),
    ];
    for &(path, requested) in cases {
        let mut headers = vec![("Origin", ORIGIN), ("Access-Control-Request-Method", "GET")];
        if let Some(h) = requested {
            headers.push(("Access-Control-Request-Headers", h));
        }
        let r = send(server.addr(), "OPTIONS", path, &headers).expect("preflight");
        assert_eq!(r.status, 200, "{path}");
        assert!(r.body.is_empty(), "{path}: empty body");
        assert_eq!(r.header("access-control-allow-origin"), Some("*"), "{path}");
        assert_eq!(
            r.header("access-control-allow-methods"),
            Some("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
            "{path}"
        );
        assert_eq!(r.header("access-control-allow-headers"), requested, "{path}");
        assert_eq!(r.header("access-control-max-age"), Some("7200"), "{path}");
        assert_eq!(
            r.header("access-control-expose-headers"),
            Some(fake_gitlab::CORS_EXPOSE_HEADERS),
            "{path}"
        );
        assert_eq!(r.header("access-control-allow-credentials"), None, "{path}");
    }
    // Not preflights: OPTIONS without Origin reaches GitLab's catch-all; outside /api there is no CORS.
    let r = send(
        server.addr(),
        "OPTIONS",
        "/gl/api/v4/user",
        &[("Access-Control-Request-Method", "GET")],
    )
    .expect("options");
    assert_eq!((r.status, r.text().as_str()), (404, r#"{"error":"404 Not Found"}"#));
    let r = send(
        server.addr(),
        "OPTIONS",
        "/gl/users/sign_in",
        &[("Origin", ORIGIN), ("Access-Control-Request-Method", "GET")],
    )
    .expect("options outside /api");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("access-control-allow-origin"), None);
    assert!(server.requests().iter().filter(|r| r.is_preflight()).count() >= cases.len());
}

#[test]
fn rate_limit_headers_are_sent_but_not_exposed_to_cors() {
    let server = fake_gitlab::start_in_background(Config::default()).expect("server starts");
    let token = Scenario::RateLimitedText.token();
    let r = get(
        server.addr(),
        "/api/v4/user",
        &[("Origin", ORIGIN), ("PRIVATE-TOKEN", &token)],
    )
    .expect("request");
    assert_eq!(r.status, 429);
    let exposed = r
        .header("access-control-expose-headers")
        .unwrap_or("")
        .to_ascii_lowercase();
    for name in [
        "ratelimit-name",
        "ratelimit-limit",
        "ratelimit-observed",
        "ratelimit-remaining",
        "ratelimit-reset",
        "ratelimit-resettime",
        "retry-after",
    ] {
        assert!(r.header(name).is_some(), "{name} is sent");
        assert!(!exposed.contains(name), "{name} must not be exposed");
    }
    let reset: i64 = r.header("ratelimit-reset").and_then(|v| v.parse().ok()).unwrap_or(0);
    let retry: i64 = r.header("retry-after").and_then(|v| v.parse().ok()).unwrap_or(-1);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
    assert!((reset - now - retry).abs() <= 2, "Reset {reset} is now + Retry-After");
}

#[test]
fn requests_are_recorded_and_can_be_cleared() {
    let server = fake_gitlab::start_in_background(Config::default()).expect("server starts");
    let token = Scenario::ValidNewest.token();
    get(
        server.addr(),
        "/api/v4/personal_access_tokens/self?x=1&y=2",
        &[
            ("Origin", ORIGIN),
            ("PRIVATE-TOKEN", &token),
            ("X-Extra", "a"),
            ("X-Extra", "b"),
        ],
    )
    .expect("get");
    send(
        server.addr(),
        "OPTIONS",
        "/api/v4/user",
        &[("Origin", ORIGIN), ("Access-Control-Request-Method", "GET")],
    )
    .expect("options");
    get(server.addr(), "/api/v4/version", &[]).expect("no origin");

    let log = server.requests();
    let summary: Vec<(&str, &str, Option<&str>, bool)> = log
        .iter()
        .map(|r| {
            (
                r.method.as_str(),
                r.path.as_str(),
                r.origin.as_deref(),
                r.is_preflight(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "GET",
                "/api/v4/personal_access_tokens/self?x=1&y=2",
                Some(ORIGIN),
                false
            ),
            ("OPTIONS", "/api/v4/user", Some(ORIGIN), true),
            ("GET", "/api/v4/version", None, false),
        ]
    );
    let first = &log[0];
    assert_eq!(first.path_only(), "/api/v4/personal_access_tokens/self");
    assert_eq!(first.header("private-token"), Some(token.as_str()));
    assert_eq!(first.header("PRIVATE-TOKEN"), Some(token.as_str()));
    let extras: Vec<&str> = first
        .headers
        .iter()
        .filter(|(n, _)| n == "x-extra")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(extras, ["a", "b"], "repeated headers are kept in order");
    assert!(
        first
            .headers
            .iter()
            .all(|(n, _)| n.chars().all(|c| !c.is_ascii_uppercase()))
    );

    server.clear();
    assert!(server.requests().is_empty());
    get(server.addr(), "/api/v4/version", &[]).expect("after clear");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn relative_root_separates_inside_from_outside() {
    let server =
        fake_gitlab::start_in_background(Config::default().with_relative_root("gitlab/")).expect("server starts");
    assert_eq!(server.relative_root(), "/gitlab");
    assert_eq!(server.instance_url(), format!("{}/gitlab", server.base_url()));
    assert_eq!(server.api_url(), format!("{}/gitlab/api/v4", server.base_url()));
    assert_eq!(server.base_url(), format!("http://{}", server.addr()));
    let token = Scenario::ValidNewest.token();
    let auth = [("Origin", ORIGIN), ("PRIVATE-TOKEN", token.as_str())];
    // (path, status, CORS expected)
    let cases: &[(&str, u16, bool)] = &[
        ("/gitlab/api/v4/user", 200, true),
        ("/api/v4/user", 404, false),
        ("/gitlabx/api/v4/user", 404, false),
        ("/gitlab/api/v4/nope", 404, true),
        ("/gitlab/api", 404, true),
        ("/gitlab", 200, false),
    ];
    for &(path, status, cors) in cases {
        let r = get(server.addr(), path, &auth).expect("request");
        assert_eq!(r.status, status, "{path}");
        assert_eq!(r.header("access-control-allow-origin").is_some(), cors, "{path}");
    }
    let user = get(server.addr(), "/gitlab/api/v4/user", &auth)
        .expect("user")
        .json()
        .expect("json");
    let base = server.instance_url();
    assert_eq!(user["web_url"], format!("{base}/ana.garcia"));
    let avatar = user["avatar_url"].as_str().unwrap_or("");
    assert!(avatar.starts_with(&base), "avatar {avatar} is local");
    let path = avatar.strip_prefix(&server.base_url()).unwrap_or("");
    let png = get(server.addr(), path, &[]).expect("avatar");
    assert_eq!((png.status, png.header("content-type")), (200, Some("image/png")));
}

#[test]
fn a_stall_does_not_block_other_requests() {
    let stall = Duration::from_millis(1500);
    let server = fake_gitlab::start_in_background(Config::default().with_stall(stall)).expect("server starts");
    let addr = server.addr();
    let started = Instant::now();
    let stalled = std::thread::spawn(move || {
        let token = Scenario::Stall.token();
        let r = get(
            addr,
            "/api/v4/personal_access_tokens/self",
            &[("PRIVATE-TOKEN", &token)],
        );
        (r, started.elapsed())
    });
    // Wait until the stalled request has arrived (it is recorded before the stall).
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.requests().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(server.requests().len(), 1, "stalled request recorded on arrival");

    let before = Instant::now();
    let token = Scenario::ValidNewest.token();
    let quick = get(addr, "/api/v4/user", &[("PRIVATE-TOKEN", &token)]).expect("quick request");
    let quick_took = before.elapsed();
    assert_eq!(quick.status, 200);
    assert!(
        quick_took < Duration::from_millis(1000),
        "quick request took {quick_took:?}"
    );
    assert!(!stalled.is_finished(), "stalled request still pending");

    let (reply, took) = stalled.join().expect("stalled thread");
    let reply = reply.expect("stalled request completes");
    assert_eq!(reply.status, 200);
    assert!(took >= stall, "held for {took:?}, configured {stall:?}");
}

fn refuses(addr: SocketAddr) -> bool {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn background_server_shuts_down_even_while_stalled() {
    let server =
        fake_gitlab::start_in_background(Config::default().with_stall(Duration::from_secs(60))).expect("server starts");
    let addr = server.addr();
    let token = Scenario::Stall.token();
    let stalled = std::thread::spawn(move || get(addr, "/api/v4/user", &[("PRIVATE-TOKEN", &token)]));
    while server.requests().is_empty() {
        std::thread::sleep(Duration::from_millis(10));
    }
    let t = Instant::now();
    server.shutdown();
    assert!(t.elapsed() < Duration::from_secs(5), "shutdown took {:?}", t.elapsed());
    assert!(refuses(addr), "port closed after shutdown");
    // The stalled client sees the connection end rather than hanging for a minute.
    let outcome = stalled.join().expect("client thread");
    assert!(outcome.is_err(), "stalled request is cut off: {outcome:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_start_serves_on_the_callers_runtime() {
    let server = fake_gitlab::start(Config::default()).await.expect("server starts");
    let addr = server.addr();
    let token = Scenario::ValidShape17_8.token();
    let reply = tokio::task::spawn_blocking(move || {
        get(
            addr,
            "/api/v4/personal_access_tokens/self",
            &[("PRIVATE-TOKEN", &token)],
        )
    })
    .await
    .expect("join")
    .expect("request");
    assert_eq!(reply.status, 200);
    assert_eq!(server.requests().len(), 1);
    server.shutdown();
    let closed = tokio::task::spawn_blocking(move || refuses(addr)).await.expect("join");
    assert!(closed, "port closed after shutdown");
}

#[test]
fn bad_configs_are_errors() {
    for root in ["/a b", "/x?y", "/../etc", "//a//b"] {
        let r = fake_gitlab::start_in_background(Config::default().with_relative_root(root));
        assert!(r.is_err(), "relative root {root:?} should be rejected");
    }
    let first = fake_gitlab::start_in_background(Config::default()).expect("server starts");
    let taken = fake_gitlab::start_in_background(Config::default().with_addr(first.addr()));
    assert!(taken.is_err(), "binding a taken port fails");
}

#[test]
fn the_cli_prints_the_url_and_every_token() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-gitlab"))
        .args(["--port", "0", "--relative-root", "/gitlab", "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn fake-gitlab");
    let mut lines = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let done = line.starts_with("Press Ctrl-C");
            lines.push(line);
            if done {
                break;
            }
        }
    }
    let url = lines.first().cloned().unwrap_or_default();
    let reply = url
        .strip_prefix("http://")
        .and_then(|rest| rest.split_once('/'))
        .and_then(|(host, _)| host.parse::<SocketAddr>().ok())
        .map(|addr| {
            let token = Scenario::ValidNewest.token();
            get(addr, "/gitlab/api/v4/version", &[("PRIVATE-TOKEN", &token)])
        });
    let _ = child.kill();
    let _ = child.wait();

    assert!(url.ends_with("/gitlab"), "first line is the instance URL: {url:?}");
    let reply = reply.expect("URL parses").expect("request to the CLI's server");
    assert_eq!(reply.status, 200);
    for s in Scenario::ALL {
        assert!(
            lines.iter().any(|l| l.contains(s.slug()) && l.contains(&s.token())),
            "table lists {}",
            s.slug()
        );
    }
    let help = Command::new(env!("CARGO_BIN_EXE_fake-gitlab"))
        .arg("--help")
        .output()
        .expect("run --help");
    assert!(help.status.success());
    let bad = Command::new(env!("CARGO_BIN_EXE_fake-gitlab"))
        .arg("--bogus")
        .output()
        .expect("run --bogus");
    assert_eq!(bad.status.code(), Some(2));
}
