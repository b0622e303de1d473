//! One real HTTP round-trip per scenario (and per auth variant) against a running fake GitLab, table-driven.

mod support;

use std::collections::HashSet;
use std::time::Duration;

use fake_gitlab::{Config, FakeGitLab, Scenario, hostile};
use serde_json::Value;
use support::{Reply, day_number, send, today};

/// How the token travels.
#[derive(Clone, Copy, Debug)]
enum Auth {
    None,
    PrivateToken,
    Bearer,
    QueryParam,
    EmptyPrivateToken,
}

/// What a JSON field (addressed by JSON pointer) must be.
#[derive(Clone, Copy, Debug)]
enum Want {
    Str(&'static str),
    Bool(bool),
    Int(i64),
    Null,
    Absent,
    Present,
    Scopes(&'static [&'static str]),
    /// A `YYYY-MM-DD` date this many days after today (UTC).
    DaysFromToday(i64),
    /// A string containing this.
    Contains(&'static str),
}

#[derive(Clone, Copy, Debug)]
enum Body {
    Json(&'static [(&'static str, Want)]),
    Exact(&'static str),
    Contains(&'static str),
    Empty,
}

#[derive(Clone, Copy, Debug)]
enum Header {
    Is(&'static str),
    Has(&'static str),
    Present,
    Absent,
}

struct Case {
    scenario: Option<Scenario>,
    auth: Auth,
    method: &'static str,
    path: &'static str,
    status: u16,
    content_type: &'static str,
    cors: bool,
    body: Body,
    headers: &'static [(&'static str, Header)],
}

const SELF: &str = "/api/v4/personal_access_tokens/self";
const USER: &str = "/api/v4/user";
const VERSION: &str = "/api/v4/version";
const METADATA: &str = "/api/v4/metadata";
const JSON: &str = "application/json";
const HTML: &str = "text/html";

const NO_CHALLENGE: &[(&str, Header)] = &[("www-authenticate", Header::Absent)];
const UNAUTHORIZED: Body = Body::Exact(r#"{"message":"401 Unauthorized"}"#);
const CATCH_ALL: Body = Body::Exact(r#"{"error":"404 Not Found"}"#);

fn ok(scenario: Scenario, path: &'static str, body: &'static [(&'static str, Want)]) -> Case {
    Case {
        scenario: Some(scenario),
        auth: Auth::PrivateToken,
        method: "GET",
        path,
        status: 200,
        content_type: JSON,
        cors: true,
        body: Body::Json(body),
        headers: &[],
    }
}

fn err(scenario: Option<Scenario>, path: &'static str, status: u16, body: Body) -> Case {
    Case {
        scenario,
        auth: if scenario.is_some() {
            Auth::PrivateToken
        } else {
            Auth::None
        },
        method: "GET",
        path,
        status,
        content_type: JSON,
        cors: true,
        body,
        headers: &[],
    }
}

fn cases() -> Vec<Case> {
    use Scenario as S;
    use Want::*;
    let insufficient_user = Body::Json(&[
        ("/error", Str("insufficient_scope")),
        (
            "/error_description",
            Str("The request requires higher privileges than provided by the access token."),
        ),
        ("/scope", Str("read_user api read_api")),
    ]);
    let insufficient_version = Body::Json(&[
        ("/error", Str("insufficient_scope")),
        ("/scope", Str("read_user ai_features api read_api")),
    ]);
    let expired = Body::Json(&[
        ("/error", Str("invalid_token")),
        (
            "/error_description",
            Str("Token is expired. You can either do re-authorization or token refresh."),
        ),
    ]);
    let revoked = Body::Json(&[
        ("/error", Str("invalid_token")),
        (
            "/error_description",
            Str("Token was revoked. You have to re-authorize from the user."),
        ),
    ]);
    let blocked = Body::Exact(r#"{"message":"403 Forbidden - Your account has been blocked."}"#);
    let app_limit =
        Body::Exact(r#"{"message":{"error":"This endpoint has been requested too many times. Try again later."}}"#);
    vec![
        // Valid, newest shape.
        ok(
            S::ValidNewest,
            SELF,
            &[
                ("/scopes", Scopes(&["api"])),
                ("/active", Bool(true)),
                ("/revoked", Bool(false)),
                ("/expired", Bool(false)),
                ("/granular", Bool(false)),
                ("/user_id", Int(4242)),
                ("/name", Str("docs-checker")),
                ("/description", Present),
                ("/created_at", Contains("Z")),
                ("/last_used_ips/0", Str("203.0.113.24")),
                ("/expires_at", DaysFromToday(361)),
            ],
        ),
        ok(
            S::ValidNewest,
            USER,
            &[
                ("/id", Int(4242)),
                ("/username", Str("ana.garcia")),
                ("/name", Str("Ana García")),
                ("/state", Str("active")),
                ("/bot", Bool(false)),
                ("/avatar_url", Contains("/uploads/-/system/user/avatar/")),
                ("/web_url", Contains("/ana.garcia")),
                ("/is_admin", Absent),
                ("/last_activity_on", DaysFromToday(0)),
            ],
        ),
        ok(
            S::ValidNewest,
            VERSION,
            &[
                ("/version", Str("18.9.2-ee")),
                ("/revision", Str("3f6c1a9b2d4")),
                ("/enterprise", Bool(true)),
                ("/kas/enabled", Bool(true)),
            ],
        ),
        ok(
            S::ValidNewest,
            METADATA,
            &[("/version", Str("18.9.2-ee")), ("/kas/externalK8sProxyUrl", Present)],
        ),
        // 17.8–18.x shape.
        ok(
            S::ValidShape17_8,
            SELF,
            &[
                ("/scopes", Scopes(&["read_api"])),
                ("/description", Str("")),
                ("/last_used_ips", Present),
                ("/last_used_at", Null),
                ("/expired", Absent),
                ("/granular", Absent),
                ("/active", Bool(true)),
                ("/expires_at", DaysFromToday(60)),
            ],
        ),
        // 15.5–17.6 shape, read_user only.
        ok(
            S::ValidShapePre17_7,
            SELF,
            &[
                ("/scopes", Scopes(&["read_user"])),
                ("/description", Absent),
                ("/last_used_ips", Absent),
                ("/expired", Absent),
                ("/active", Bool(true)),
                ("/expires_at", DaysFromToday(265)),
            ],
        ),
        ok(S::ValidShapePre17_7, USER, &[("/username", Str("ana.garcia"))]),
        ok(S::ValidShapePre17_7, VERSION, &[("/version", Str("18.9.2-ee"))]),
        // read_repository only.
        ok(
            S::ReadRepositoryOnly,
            SELF,
            &[("/scopes", Scopes(&["read_repository"]))],
        ),
        Case {
            headers: NO_CHALLENGE,
            ..err(Some(S::ReadRepositoryOnly), USER, 403, insufficient_user)
        },
        err(Some(S::ReadRepositoryOnly), VERSION, 403, insufficient_version),
        err(Some(S::ReadRepositoryOnly), METADATA, 403, insufficient_version),
        // Excess scopes, admin.
        ok(
            S::ExcessScopes,
            SELF,
            &[("/scopes", Scopes(&["api", "sudo", "admin_mode"]))],
        ),
        ok(
            S::ExcessScopes,
            USER,
            &[("/is_admin", Bool(true)), ("/username", Str("root"))],
        ),
        // Expiry.
        ok(
            S::ExpiresIn5Days,
            SELF,
            &[("/expires_at", DaysFromToday(5)), ("/scopes", Scopes(&["read_api"]))],
        ),
        ok(S::ExpiresIn20Days, SELF, &[("/expires_at", DaysFromToday(20))]),
        ok(S::NoExpiry, SELF, &[("/expires_at", Null), ("/active", Bool(true))]),
        // GitLab 15.4.
        err(Some(S::OldGitLab), SELF, 404, CATCH_ALL),
        ok(S::OldGitLab, USER, &[("/username", Str("ana.garcia"))]),
        Case {
            body: Body::Exact(r#"{"revision":"8c1e2f0a7b3","version":"15.4.6"}"#),
            ..ok(S::OldGitLab, VERSION, &[])
        },
        ok(
            S::OldGitLab,
            METADATA,
            &[
                ("/version", Str("15.4.6")),
                ("/enterprise", Absent),
                ("/kas/externalK8sProxyUrl", Absent),
            ],
        ),
        // Rejected tokens.
        Case {
            headers: &[
                ("www-authenticate", Header::Has(r#"realm="Protected by OAuth 2.0""#)),
                ("www-authenticate", Header::Has(r#"error="invalid_token""#)),
                ("www-authenticate", Header::Has("Token is expired.")),
            ],
            ..err(Some(S::Expired), SELF, 401, expired)
        },
        err(Some(S::Expired), USER, 401, expired),
        Case {
            headers: &[("www-authenticate", Header::Has("Token was revoked."))],
            ..err(Some(S::Revoked), SELF, 401, revoked)
        },
        Case {
            headers: NO_CHALLENGE,
            ..err(Some(S::UnknownToken), SELF, 401, UNAUTHORIZED)
        },
        err(Some(S::BlockedUser), SELF, 403, blocked),
        err(Some(S::BlockedUser), USER, 403, blocked),
        // OAuth token: Bearer works except on /self; as PRIVATE-TOKEN it is unknown.
        Case {
            auth: Auth::Bearer,
            ..err(
                Some(S::NotAPat),
                SELF,
                400,
                Body::Exact(
                    r#"{"message":"400 Bad request - This endpoint requires token type to be a personal access token"}"#,
                ),
            )
        },
        Case {
            auth: Auth::Bearer,
            ..ok(S::NotAPat, USER, &[("/username", Str("ana.garcia"))])
        },
        Case {
            auth: Auth::Bearer,
            ..ok(S::NotAPat, VERSION, &[("/version", Str("18.9.2-ee"))])
        },
        err(Some(S::NotAPat), USER, 401, UNAUTHORIZED),
        // Not GitLab / in front of GitLab.
        Case {
            content_type: HTML,
            body: Body::Contains("<h1>404 Not Found</h1>"),
            ..err(Some(S::NotFoundEverywhere), SELF, 404, Body::Empty)
        },
        Case {
            content_type: HTML,
            body: Body::Contains("<h1>404 Not Found</h1>"),
            ..err(Some(S::NotFoundEverywhere), USER, 404, Body::Empty)
        },
        err(Some(S::RateLimitedJson), SELF, 429, app_limit),
        err(Some(S::RateLimitedJson), USER, 429, app_limit),
        Case {
            content_type: "text/plain",
            headers: &[
                ("ratelimit-name", Header::Is("throttle_authenticated_api")),
                ("ratelimit-limit", Header::Is("2000")),
                ("ratelimit-observed", Header::Is("2001")),
                ("ratelimit-remaining", Header::Is("0")),
                ("ratelimit-reset", Header::Present),
                ("ratelimit-resettime", Header::Has(" GMT")),
                ("retry-after", Header::Present),
            ],
            ..err(Some(S::RateLimitedText), USER, 429, Body::Exact("Retry later\n"))
        },
        Case {
            content_type: "text/plain",
            ..err(
                Some(S::RateLimitedText),
                "/api/v4/does-not-exist",
                429,
                Body::Exact("Retry later\n"),
            )
        },
        err(
            Some(S::ServerError),
            SELF,
            500,
            Body::Exact(r#"{"message":"500 Internal Server Error"}"#),
        ),
        Case {
            content_type: HTML,
            ..err(Some(S::SignInPage), SELF, 200, Body::Contains("Sign in to continue"))
        },
        Case {
            content_type: HTML,
            ..err(Some(S::SignInPage), VERSION, 200, Body::Contains("<form"))
        },
        Case {
            content_type: HTML,
            cors: false,
            ..err(Some(S::NoCors), SELF, 502, Body::Contains("502 Bad Gateway"))
        },
        // Stall (short in this server): eventually answers like valid-newest.
        ok(
            S::Stall,
            SELF,
            &[("/scopes", Scopes(&["api"])), ("/active", Bool(true))],
        ),
        // Hostile strings arrive verbatim (JSON-escaped only).
        ok(
            S::HostileStrings,
            SELF,
            &[
                ("/name", Str(hostile::TOKEN_NAME)),
                ("/description", Str(hostile::TOKEN_DESCRIPTION)),
                ("/scopes", Scopes(&["read_api"])),
            ],
        ),
        ok(
            S::HostileStrings,
            USER,
            &[
                ("/username", Str(hostile::USERNAME)),
                ("/name", Str(hostile::USER_NAME)),
                ("/name", Contains("<script>")),
            ],
        ),
        // Hostile servers: a redirect to another origin, a huge body, bidi controls, 60k scopes.
        Case {
            content_type: "",
            body: Body::Empty,
            headers: &[
                ("location", Header::Has("http://localhost:")),
                ("location", Header::Has(SELF)),
            ],
            ..err(Some(S::Redirect), SELF, 307, Body::Empty)
        },
        Case {
            content_type: "",
            body: Body::Empty,
            headers: &[("location", Header::Has(USER))],
            ..err(Some(S::Redirect), USER, 307, Body::Empty)
        },
        ok(
            S::HugeBody,
            SELF,
            &[("/scopes", Scopes(&["api"])), ("/description", Contains("xxxxxxxx"))],
        ),
        ok(
            S::BidiStrings,
            SELF,
            &[
                ("/name", Str(hostile::BIDI_TOKEN_NAME)),
                ("/scopes", Scopes(&["read_api"])),
            ],
        ),
        ok(
            S::BidiStrings,
            USER,
            &[
                ("/name", Str(hostile::BIDI_USER_NAME)),
                ("/username", Str(hostile::BIDI_USERNAME)),
            ],
        ),
        ok(
            S::ManyScopes,
            SELF,
            &[
                ("/scopes/0", Str("read_api")),
                ("/scopes/1", Str("write_x0")),
                ("/scopes/60000", Str("write_x59999")),
                ("/scopes/60001", Absent),
            ],
        ),
        // Token transport.
        Case {
            headers: NO_CHALLENGE,
            ..err(None, USER, 401, UNAUTHORIZED)
        },
        err(None, SELF, 401, UNAUTHORIZED),
        err(None, VERSION, 401, UNAUTHORIZED),
        Case {
            auth: Auth::EmptyPrivateToken,
            ..err(None, USER, 401, UNAUTHORIZED)
        },
        Case {
            auth: Auth::Bearer,
            ..ok(S::ValidNewest, SELF, &[("/scopes", Scopes(&["api"]))])
        },
        Case {
            auth: Auth::QueryParam,
            ..ok(S::ExpiresIn5Days, SELF, &[("/expires_at", DaysFromToday(5))])
        },
        // Routing.
        err(None, "/api/v4/does-not-exist", 404, CATCH_ALL),
        err(Some(S::ValidNewest), "/api/v4/projects/1/nope", 404, CATCH_ALL),
        err(Some(S::ValidNewest), "/api/v3/user", 404, CATCH_ALL),
        Case {
            method: "POST",
            ..err(Some(S::ValidNewest), USER, 404, CATCH_ALL)
        },
        Case {
            method: "HEAD",
            body: Body::Empty,
            ..ok(S::ValidNewest, USER, &[])
        },
        Case {
            content_type: HTML,
            cors: false,
            ..err(None, "/", 200, Body::Contains(r#"glpat-valid-newestxxxxxxxx"#))
        },
        Case {
            content_type: HTML,
            cors: false,
            ..err(None, "/users/sign_in", 404, Body::Contains("404"))
        },
        Case {
            content_type: "image/png",
            cors: false,
            ..err(
                None,
                "/uploads/-/system/user/avatar/4242/avatar.png",
                200,
                Body::Contains("PNG"),
            )
        },
    ]
}

fn check_json(case: &Case, v: &Value, pointer: &str, want: Want) -> Result<(), String> {
    let got = v.pointer(pointer);
    let ok = match (want, got) {
        (Want::Absent, None) => true,
        (Want::Absent, Some(_)) | (_, None) => false,
        (Want::Present, Some(_)) => true,
        (Want::Str(s), Some(g)) => g.as_str() == Some(s),
        (Want::Bool(b), Some(g)) => g.as_bool() == Some(b),
        (Want::Int(i), Some(g)) => g.as_i64() == Some(i),
        (Want::Null, Some(g)) => g.is_null(),
        (Want::Scopes(s), Some(g)) => {
            g.as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
                == Some(s.to_vec())
        }
        (Want::DaysFromToday(d), Some(g)) => g.as_str().and_then(day_number) == Some(today() + d),
        (Want::Contains(s), Some(g)) => g.as_str().is_some_and(|g| g.contains(s)),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{} {} [{:?}]: {pointer} should be {want:?}, got {got:?}",
            case.method,
            case.path,
            case.scenario.map(|s| s.slug())
        ))
    }
}

fn run(server: &FakeGitLab, case: &Case) -> Result<Reply, String> {
    let token = case.scenario.map(|s| s.token()).unwrap_or_default();
    let bearer = format!("Bearer {token}");
    let mut path = format!("{}{}", server.relative_root(), case.path);
    let mut headers: Vec<(&str, &str)> = vec![("Origin", "http://docs.example.test")];
    match case.auth {
        Auth::None => {}
        Auth::PrivateToken => headers.push(("PRIVATE-TOKEN", &token)),
        Auth::Bearer => headers.push(("Authorization", &bearer)),
        Auth::QueryParam => path = format!("{path}?private_token={token}"),
        Auth::EmptyPrivateToken => headers.push(("PRIVATE-TOKEN", "")),
    }
    send(server.addr(), case.method, &path, &headers).map_err(|e| format!("{path}: {e}"))
}

fn check(case: &Case, reply: &Reply) -> Vec<String> {
    let what = format!(
        "{} {} [{}]",
        case.method,
        case.path,
        case.scenario.map(|s| s.slug()).unwrap_or("no token")
    );
    let mut failures = Vec::new();
    if reply.status != case.status {
        failures.push(format!(
            "{what}: status {} != {} ({})",
            reply.status,
            case.status,
            reply.text()
        ));
    }
    let ct = reply.header("content-type").unwrap_or("");
    if !ct.starts_with(case.content_type) {
        failures.push(format!("{what}: content-type {ct:?}, want {}", case.content_type));
    }
    let acao = reply.header("access-control-allow-origin");
    match (case.cors, acao) {
        (true, Some("*")) | (false, None) => {}
        (want, got) => failures.push(format!("{what}: CORS wanted {want}, ACAO {got:?}")),
    }
    if case.cors {
        for (name, want) in [
            ("access-control-allow-methods", fake_gitlab::CORS_ALLOW_METHODS),
            ("access-control-expose-headers", fake_gitlab::CORS_EXPOSE_HEADERS),
            ("access-control-max-age", "7200"),
        ] {
            if reply.header(name) != Some(want) {
                failures.push(format!("{what}: {name} = {:?}", reply.header(name)));
            }
        }
    }
    if reply.header("access-control-allow-credentials").is_some() {
        failures.push(format!("{what}: must not allow credentials"));
    }
    for &(name, want) in case.headers {
        let got = reply.header(name);
        let ok = match want {
            Header::Is(v) => got == Some(v),
            Header::Has(v) => got.is_some_and(|g| g.contains(v)),
            Header::Present => got.is_some(),
            Header::Absent => got.is_none(),
        };
        if !ok {
            failures.push(format!("{what}: header {name} should be {want:?}, got {got:?}"));
        }
    }
    match case.body {
        Body::Empty => {
            if !reply.body.is_empty() {
                failures.push(format!("{what}: body should be empty: {}", reply.text()));
            }
        }
        Body::Exact(s) => {
            if reply.text() != s {
                failures.push(format!("{what}: body {:?} != {s:?}", reply.text()));
            }
        }
        Body::Contains(s) => {
            if !reply.text().contains(s) {
                failures.push(format!("{what}: body lacks {s:?}"));
            }
        }
        Body::Json(fields) => match reply.json() {
            Ok(v) => {
                failures.extend(fields.iter().filter_map(|&(p, w)| check_json(case, &v, p, w).err()));
            }
            Err(e) => failures.push(format!("{what}: not JSON ({e}): {}", reply.text())),
        },
    }
    failures
}

fn run_table(server: &FakeGitLab) -> Vec<String> {
    cases()
        .iter()
        .flat_map(|case| match run(server, case) {
            Ok(reply) => check(case, &reply),
            Err(e) => vec![e],
        })
        .collect()
}

#[test]
fn every_scenario_answers_like_gitlab() {
    let covered: HashSet<Scenario> = cases().iter().filter_map(|c| c.scenario).collect();
    let missing: Vec<&str> = Scenario::ALL
        .iter()
        .filter(|s| !covered.contains(s))
        .map(|s| s.slug())
        .collect();
    assert!(missing.is_empty(), "scenarios without a case: {missing:?}");

    let server = fake_gitlab::start_in_background(Config::default().with_stall(Duration::from_millis(200)))
        .expect("server starts");
    let failures = run_table(&server);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        server.requests().len(),
        cases().len(),
        "one recorded request per round-trip"
    );
}

#[test]
fn the_same_table_passes_under_a_relative_root() {
    let server = fake_gitlab::start_in_background(
        Config::default()
            .with_relative_root("/gitlab")
            .with_stall(Duration::from_millis(50)),
    )
    .expect("server starts");
    let failures = run_table(&server);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        server.requests().iter().all(|r| r.path.starts_with("/gitlab/")),
        "every request went below the root"
    );
}
