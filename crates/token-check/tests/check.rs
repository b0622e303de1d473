//! Verdict table: drives the state machine with the real fixture bodies and checks the
//! requests made, the outcome, the headline, and the details and fixes offered.

mod common;

use token_check::expiry::days_from_civil;
use token_check::{Arg, Check, NetError, Outcome, Request, Requirement, Response, Verdict, host, precheck, token};

/// One answer to the pending request.
#[derive(Clone)]
enum Ans {
    /// status, fixture file (JSON)
    Json(u16, &'static str),
    /// status, JSON body given inline
    Inline(u16, String),
    /// status, content type, body
    Raw(u16, &'static str, &'static str),
    /// status, fixture, WWW-Authenticate
    Auth(u16, &'static str, &'static str),
    Net(NetError),
}
use Ans::*;

fn response(a: &Ans) -> Option<Response> {
    let json = |status, body: String| Response {
        status,
        content_type: Some("application/json".into()),
        www_authenticate: None,
        body,
    };
    Some(match a {
        Json(s, f) => json(*s, common::fixture(f)),
        Inline(s, b) => json(*s, b.clone()),
        Raw(s, ct, b) => Response {
            status: *s,
            content_type: Some(ct.to_string()),
            www_authenticate: None,
            body: b.to_string(),
        },
        Auth(s, f, w) => Response {
            www_authenticate: Some(w.to_string()),
            ..json(
                *s,
                if f.is_empty() {
                    String::new()
                } else {
                    common::fixture(f)
                },
            )
        },
        Net(_) => return None,
    })
}

struct Case {
    name: &'static str,
    host: &'static str,
    token: String,
    require: &'static str,
    require_any: &'static str,
    now: i64,
    answers: Vec<Ans>,
    /// URLs requested, in order.
    urls: &'static [&'static str],
    outcome: Outcome,
    headline: &'static str,
    /// Ids that must appear among the details (in this order, others may be interleaved).
    details: &'static [&'static str],
    fixes: &'static [&'static str],
    link: bool,
}

const SELF: &str = "https://gitlab.example.com/api/v4/personal_access_tokens/self";
const USER: &str = "https://gitlab.example.com/api/v4/user";
const VERSION: &str = "https://gitlab.example.com/api/v4/version";

/// 2026-03-06 12:00 UTC, a few days after the fixtures were "created".
fn now() -> i64 {
    days_from_civil(2026, 3, 6) * 86_400 + 43_200
}

/// `pat_self_ok.json` expiring on 2026-04-15, checked `days` before that date.
fn expiring(days: i64) -> (String, i64) {
    let body = common::fixture("pat_self_ok.json").replace("2027-03-02", "2026-04-15");
    let now = (days_from_civil(2026, 4, 15) - days) * 86_400 + 43_200;
    (body, now)
}

fn legacy() -> String {
    common::example_token("legacy_pat")
}

fn base_case(name: &'static str) -> Case {
    Case {
        name,
        host: "gitlab.example.com",
        token: legacy(),
        require: "",
        require_any: "api read_api",
        now: now(),
        answers: vec![],
        urls: &[],
        outcome: Outcome::Ok,
        headline: "verdict-ok",
        details: &[],
        fixes: &[],
        link: false,
    }
}

fn run(c: &Case) -> (Vec<String>, Verdict) {
    let req = Requirement::parse(c.require, c.require_any, "docs-guide");
    let (h, t) = precheck(c.host, &c.token, &req, &common::to_ascii, "")
        .unwrap_or_else(|r| panic!("{}: precheck failed: {:?}", c.name, r.problems));
    let mut check = Check::new(h, t, req, c.now);
    let mut urls = Vec::new();
    let mut answers = c.answers.iter();
    while let Some(Request {
        url,
        header_name,
        header_value,
        timeout_ms,
    }) = check.next_request()
    {
        assert_eq!(
            check.next_request().map(|r| r.url),
            Some(url.clone()),
            "{}: not idempotent",
            c.name
        );
        assert!(check.verdict().is_none(), "{}: verdict before the end", c.name);
        assert_eq!((header_name, timeout_ms), ("PRIVATE-TOKEN", 10_000));
        assert_eq!(header_value, token::parse(&c.token).unwrap().value);
        urls.push(url);
        let a = answers
            .next()
            .unwrap_or_else(|| panic!("{}: unplanned request {}", c.name, urls.last().unwrap()));
        match (a, response(a)) {
            (_, Some(r)) => check.on_response(r),
            (Net(e), None) => check.on_network_error(*e),
            _ => unreachable!(),
        }
    }
    assert!(answers.next().is_none(), "{}: answers left over", c.name);
    let v = check.verdict().unwrap_or_else(|| panic!("{}: no verdict", c.name));
    (urls, v)
}

fn is_subsequence(want: &[&str], got: &[&str]) -> bool {
    let mut it = got.iter();
    want.iter().all(|w| it.any(|g| g == w))
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let mut add = |c: Case| out.push(c);

    // Working tokens, all three `self` shapes.
    add(Case {
        answers: vec![
            Json(200, "pat_self_ok.json"),
            Json(200, "user_ok.json"),
            Json(200, "version_ok.json"),
        ],
        urls: &[SELF, USER, VERSION],
        details: &["expiry-in-days"],
        ..base_case("newest shape, read_api + read_user")
    });
    add(Case {
        now: days_from_civil(2025, 3, 1) * 86_400,
        answers: vec![
            Json(200, "pat_self_ok_17_8_to_18_x_shape.json"),
            Json(200, "user_ok.json"),
            Json(200, "version_ok.json"),
        ],
        urls: &[SELF, USER, VERSION],
        outcome: Outcome::Warning,
        headline: "verdict-extra-scopes",
        details: &["scopes-instead", "expiry-in-days"],
        fixes: &["fix-reduce-scopes"],
        link: true,
        ..base_case("17.8 shape, api where read_api would do")
    });
    add(Case {
        require: "read_api",
        require_any: "",
        answers: vec![
            Json(200, "pat_self_ok_pre17_7_shape.json"),
            Json(200, "user_ok.json"),
            Json(200, "version_ok_pre15_5.json"),
        ],
        urls: &[SELF, USER, VERSION],
        outcome: Outcome::Error,
        headline: "verdict-missing-scopes",
        details: &["scopes-missing", "verdict-never-expires", "expiry-never"],
        fixes: &["fix-create-token", "fix-set-expiry"],
        link: true,
        ..base_case("pre-17.7 shape, read_user only, never expires")
    });
    // Scopes that can't read the profile: /user is not even asked.
    add(Case {
        require_any: "",
        answers: vec![Inline(
            200,
            common::fixture("pat_self_ok.json").replace("\"read_api\",\n    \"read_user\"", "\"read_repository\""),
        )],
        urls: &[SELF],
        details: &["expiry-in-days", "user-not-visible", "user-id-hint"],
        ..base_case("read_repository only: owner not shown, not a failure")
    });
    // A fine-grained token: /user answers insufficient_scope, which is fine.
    add(Case {
        answers: vec![
            Inline(
                200,
                common::fixture("pat_self_ok.json")
                    .replace("\"granular\": false", "\"granular\": true")
                    .replace("\"read_api\",\n    \"read_user\"", "\"granular\""),
            ),
            Json(403, "error_403_insufficient_scope.json"),
        ],
        urls: &[SELF, USER],
        outcome: Outcome::Warning,
        headline: "verdict-fine-grained",
        details: &["detail-fine-grained", "user-not-visible", "user-id-hint"],
        ..base_case("fine-grained token")
    });
    // Old GitLab: no `self` endpoint (catch-all 404), validated through /user.
    add(Case {
        answers: vec![
            Json(404, "error_404_unknown_route.json"),
            Json(200, "user_ok.json"),
            Json(200, "version_ok_pre15_5.json"),
        ],
        urls: &[SELF, USER, VERSION],
        outcome: Outcome::Warning,
        headline: "verdict-scopes-unknown",
        details: &["detail-old-gitlab"],
        ..base_case("GitLab < 15.5 falls back to /user")
    });
    add(Case {
        answers: vec![
            Json(404, "error_404_unknown_route.json"),
            Json(403, "error_403_insufficient_scope.json"),
        ],
        urls: &[SELF, USER],
        outcome: Outcome::Warning,
        headline: "verdict-scopes-unknown",
        details: &["detail-old-gitlab", "user-not-visible"],
        ..base_case("GitLab < 15.5, token without profile scopes")
    });
    add(Case {
        answers: vec![Json(404, "error_404_unknown_route.json"), Json(401, "error_401.json")],
        urls: &[SELF, USER],
        outcome: Outcome::Error,
        headline: "verdict-token-unknown",
        fixes: &["fix-copy-again", "fix-check-host", "fix-create-token"],
        link: true,
        ..base_case("GitLab < 15.5, unknown token")
    });
    add(Case {
        answers: vec![
            Json(404, "error_404_unknown_route.json"),
            Json(404, "error_404_unknown_route.json"),
        ],
        urls: &[SELF, USER],
        outcome: Outcome::Error,
        headline: "verdict-not-gitlab-api",
        details: &["detail-status"],
        fixes: &["fix-check-host", "fix-open-api-url"],
        ..base_case("both endpoints 404: not the GitLab API")
    });
    add(Case {
        answers: vec![
            Json(404, "error_404_resource.json"),
            Json(200, "user_ok.json"),
            Json(200, "version_ok_pre15_5.json"),
        ],
        urls: &[SELF, USER, VERSION],
        outcome: Outcome::Warning,
        headline: "verdict-scopes-unknown",
        ..base_case("GitLab-shaped resource 404 also falls back")
    });
    add(Case {
        answers: vec![Raw(
            404,
            "text/html; charset=utf-8",
            "<!DOCTYPE html><html><body>Not Found</body></html>",
        )],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-not-gitlab-api",
        details: &["detail-status", "detail-html-body"],
        fixes: &["fix-check-host", "fix-open-api-url"],
        ..base_case("HTML 404: not GitLab")
    });
    // A fine-grained token without permission to read itself: fall back to /user.
    add(Case {
        answers: vec![
            Json(403, "error_403_insufficient_scope.json"),
            Json(200, "user_ok.json"),
            Json(200, "version_ok.json"),
        ],
        urls: &[SELF, USER, VERSION],
        outcome: Outcome::Warning,
        headline: "verdict-scopes-unknown",
        ..base_case("self forbidden by scope")
    });
    // Authentication failures.
    add(Case {
        answers: vec![Auth(
            401,
            "pat_self_expired_401.json",
            "Bearer realm=\"Protected by OAuth 2.0\", error=\"invalid_token\", error_description=\"Token is expired. You can either do re-authorization or token refresh.\"",
        )],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-token-expired",
        details: &["detail-api-message"],
        fixes: &["fix-create-token"],
        link: true,
        ..base_case("expired")
    });
    add(Case {
        answers: vec![Auth(
            401,
            "pat_self_revoked_401.json",
            "Bearer realm=\"Protected by OAuth 2.0\", error=\"invalid_token\", error_description=\"Token was revoked. You have to re-authorize from the user.\"",
        )],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-token-revoked",
        details: &["detail-api-message"],
        fixes: &["fix-create-token"],
        link: true,
        ..base_case("revoked")
    });
    add(Case {
        answers: vec![Auth(
            401,
            "",
            "bearer realm=\"Protected by OAuth 2.0\", error=\"invalid_token\", error_description=\"Token was revoked. You have to re-authorize from the user.\"",
        )],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-token-revoked",
        details: &["detail-api-message"],
        link: true,
        fixes: &["fix-create-token"],
        ..base_case("revoked, only the header says so (lowercase scheme)")
    });
    add(Case {
        answers: vec![Inline(401, r#"{"error":"invalid_token","error_description":"Token is an impersonation token but impersonation was disabled."}"#.into())],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-token-invalid",
        details: &["detail-api-message"],
        fixes: &["fix-create-token"],
        link: true,
        ..base_case("impersonation disabled")
    });
    add(Case {
        token: "glpat-CFdcERFmdD4nHQrroDnoXY".into(),
        answers: vec![Json(401, "error_401.json")],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-token-unknown",
        details: &["token-pat-unexpected-length"],
        fixes: &["fix-copy-again", "fix-check-host", "fix-create-token"],
        link: true,
        ..base_case("unknown token, with the offline doubt attached")
    });
    add(Case {
        answers: vec![Auth(401, "", "Basic realm=\"Corporate proxy\"")],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-proxy-auth",
        fixes: &["fix-sign-in-proxy"],
        ..base_case("a proxy's basic auth")
    });
    add(Case {
        answers: vec![Json(403, "error_403_blocked_user.json")],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-account-blocked",
        details: &["detail-api-message"],
        fixes: &["fix-contact-admin"],
        ..base_case("blocked account")
    });
    add(Case {
        answers: vec![Json(400, "pat_self_not_a_pat_400.json")],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-not-a-pat",
        details: &["detail-api-message"],
        fixes: &["fix-create-token"],
        link: true,
        ..base_case("OAuth token")
    });
    // Rate limits.
    add(Case {
        answers: vec![Json(429, "error_429_application_limit.json")],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-rate-limited",
        details: &["detail-api-message", "detail-retry-after-hidden"],
        fixes: &["fix-wait"],
        ..base_case("application rate limit (JSON)")
    });
    add(Case {
        answers: vec![Raw(429, "text/plain", "Retry later\n")],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-rate-limited",
        details: &["detail-api-message", "detail-retry-after-hidden"],
        fixes: &["fix-wait"],
        ..base_case("Rack::Attack throttle (text/plain)")
    });
    // Server errors.
    add(Case {
        answers: vec![Json(500, "error_500.json")],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-server-error",
        details: &["detail-status", "detail-api-message"],
        fixes: &["fix-wait", "fix-contact-admin"],
        ..base_case("500 JSON")
    });
    add(Case {
        host: "gitlab.com",
        answers: vec![Raw(
            502,
            "text/html",
            "<html><head><title>502 Bad Gateway</title></head></html>",
        )],
        urls: &["https://gitlab.com/api/v4/personal_access_tokens/self"],
        outcome: Outcome::Error,
        headline: "verdict-server-error",
        details: &["detail-status", "detail-html-body"],
        fixes: &["fix-wait", "fix-status-page"],
        ..base_case("502 HTML on gitlab.com")
    });
    add(Case {
        answers: vec![Inline(418, r#"{"message":"418 I'm a teapot"}"#.into())],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-http-error",
        details: &["detail-status", "detail-api-message"],
        ..base_case("other GitLab error status")
    });
    // Answers that aren't GitLab's API.
    add(Case {
        answers: vec![Raw(
            200,
            "text/html",
            "<!doctype html><title>Sign in - Corporate SSO</title>",
        )],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-unexpected-response",
        details: &["detail-status", "detail-html-body"],
        fixes: &["fix-sign-in-proxy", "fix-check-host", "fix-open-api-url"],
        ..base_case("200 HTML sign-in page")
    });
    add(Case {
        answers: vec![Raw(200, "application/json", "{\"status\":\"ok\"}")],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-unexpected-response",
        details: &["detail-status", "detail-unexpected-json"],
        fixes: &["fix-sign-in-proxy", "fix-check-host", "fix-open-api-url"],
        ..base_case("200 JSON of another shape")
    });
    add(Case {
        answers: vec![Raw(403, "text/html", "<html>Access denied by WAF</html>")],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-unexpected-response",
        details: &["detail-status", "detail-html-body"],
        fixes: &["fix-sign-in-proxy", "fix-check-host", "fix-open-api-url"],
        ..base_case("403 HTML from a firewall")
    });
    // Network.
    add(Case {
        host: "gitlab.com",
        answers: vec![Net(NetError::Failed)],
        urls: &["https://gitlab.com/api/v4/personal_access_tokens/self"],
        outcome: Outcome::Error,
        headline: "verdict-network-error",
        details: &["detail-network-causes"],
        fixes: &["fix-check-host", "fix-open-api-url"],
        ..base_case("network error")
    });
    add(Case {
        answers: vec![Net(NetError::Timeout)],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-timeout",
        details: &["detail-network-causes"],
        fixes: &["fix-open-api-url", "fix-wait"],
        ..base_case("timeout")
    });
    // Later steps failing after `self` worked: not failures.
    add(Case {
        answers: vec![Json(200, "pat_self_ok.json"), Json(500, "error_500.json")],
        urls: &[SELF, USER],
        details: &["user-not-loaded"],
        ..base_case("/user 500 after self")
    });
    // A redirect is not followed (fetch's `redirect: "manual"`): its own verdict.
    add(Case {
        answers: vec![Net(NetError::Redirected)],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-redirect",
        details: &["detail-redirect"],
        fixes: &["fix-redirect-final-address", "fix-open-api-url"],
        ..base_case("redirect")
    });
    add(Case {
        host: "https://example.com/gitlab",
        answers: vec![Net(NetError::Redirected), Net(NetError::Redirected)],
        urls: &[
            "https://example.com/gitlab/api/v4/personal_access_tokens/self",
            "https://example.com/api/v4/personal_access_tokens/self",
        ],
        outcome: Outcome::Error,
        headline: "verdict-redirect",
        details: &["detail-redirect", "host-alternate-failed"],
        fixes: &["fix-redirect-final-address", "fix-open-api-url"],
        ..base_case("redirect, then the alternate redirects too")
    });
    add(Case {
        answers: vec![Net(NetError::TooLarge)],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-response-too-large",
        details: &["detail-response-too-large"],
        fixes: &["fix-check-host", "fix-open-api-url"],
        ..base_case("body over the cap")
    });
    add(Case {
        answers: vec![Json(200, "pat_self_ok.json"), Net(NetError::Redirected)],
        urls: &[SELF, USER],
        details: &["user-not-loaded"],
        ..base_case("/user redirect after self")
    });
    add(Case {
        answers: vec![Json(200, "pat_self_ok.json"), Net(NetError::Timeout)],
        urls: &[SELF, USER],
        details: &["user-not-loaded"],
        ..base_case("/user timeout after self")
    });
    add(Case {
        answers: vec![
            Json(200, "pat_self_ok.json"),
            Json(200, "user_ok.json"),
            Net(NetError::Failed),
        ],
        urls: &[SELF, USER, VERSION],
        ..base_case("/version failing is ignored")
    });
    add(Case {
        answers: vec![Inline(
            200,
            common::fixture("pat_self_ok.json").replace("\"active\": true", "\"active\": false"),
        )],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-token-inactive",
        fixes: &["fix-create-token"],
        link: true,
        ..base_case("inactive according to self")
    });
    // The alternate reading of an ambiguous address.
    add(Case {
        host: "https://example.com/gitlab",
        answers: vec![
            Net(NetError::Failed),
            Json(200, "pat_self_ok.json"),
            Json(200, "user_ok.json"),
            Json(200, "version_ok.json"),
        ],
        urls: &[
            "https://example.com/gitlab/api/v4/personal_access_tokens/self",
            "https://example.com/api/v4/personal_access_tokens/self",
            "https://example.com/api/v4/user",
            "https://example.com/api/v4/version",
        ],
        details: &["expiry-in-days", "host-alternate-used"],
        ..base_case("single segment was a user page: root used")
    });
    add(Case {
        host: "https://gitlab.example.com/group/project/-/issues/1",
        answers: vec![Json(401, "error_401.json")],
        urls: &[SELF],
        outcome: Outcome::Error,
        headline: "verdict-token-unknown",
        details: &["host-path-dropped"],
        link: true,
        fixes: &["fix-copy-again", "fix-check-host", "fix-create-token"],
        ..base_case("GitLab-shaped answer at the root: no alternate tried")
    });
    add(Case {
        host: "https://gitlab.example.com/group/project/-/issues/1",
        answers: vec![
            Raw(404, "text/html", "<html>nginx</html>"),
            Raw(200, "text/html", "<html>sign in</html>"),
        ],
        urls: &[
            SELF,
            "https://gitlab.example.com/group/api/v4/personal_access_tokens/self",
        ],
        outcome: Outcome::Error,
        headline: "verdict-not-gitlab-api",
        details: &["detail-html-body", "host-alternate-failed", "host-path-dropped"],
        fixes: &["fix-check-host", "fix-open-api-url"],
        ..base_case("neither reading answers: the first failure is reported")
    });
    add(Case {
        host: "https://example.com/gitlab",
        answers: vec![Net(NetError::Timeout)],
        urls: &["https://example.com/gitlab/api/v4/personal_access_tokens/self"],
        outcome: Outcome::Error,
        headline: "verdict-timeout",
        fixes: &["fix-open-api-url", "fix-wait"],
        ..base_case("a timeout does not try the alternate")
    });
    add(Case {
        host: "https://example.com/gitlab",
        answers: vec![Net(NetError::Failed), Json(401, "pat_self_revoked_401.json")],
        urls: &[
            "https://example.com/gitlab/api/v4/personal_access_tokens/self",
            "https://example.com/api/v4/personal_access_tokens/self",
        ],
        outcome: Outcome::Error,
        headline: "verdict-token-revoked",
        details: &["detail-api-message", "host-alternate-used"],
        fixes: &["fix-create-token"],
        link: true,
        ..base_case("the alternate answers with a GitLab error: it is reported, and named")
    });
    add(Case {
        host: "https://example.com/gitlab",
        answers: vec![Net(NetError::Failed), Net(NetError::Timeout)],
        urls: &[
            "https://example.com/gitlab/api/v4/personal_access_tokens/self",
            "https://example.com/api/v4/personal_access_tokens/self",
        ],
        outcome: Outcome::Error,
        headline: "verdict-network-error",
        details: &["detail-network-causes", "host-alternate-failed", "host-sub-path-kept"],
        fixes: &["fix-check-host", "fix-open-api-url"],
        ..base_case("the alternate times out: the first failure stands")
    });
    add(Case {
        host: "https://example.com/gitlab",
        answers: vec![Json(404, "error_404_unknown_route.json"), Net(NetError::Failed)],
        urls: &[
            "https://example.com/gitlab/api/v4/personal_access_tokens/self",
            "https://example.com/gitlab/api/v4/user",
        ],
        outcome: Outcome::Error,
        headline: "verdict-network-error",
        details: &["detail-network-causes", "host-sub-path-kept"],
        fixes: &["fix-check-host", "fix-open-api-url"],
        ..base_case("a base that answered like GitLab is not abandoned for the alternate")
    });
    // Pasted header: the note survives a working check.
    add(Case {
        token: format!("PRIVATE-TOKEN: {}", legacy()),
        answers: vec![
            Json(200, "pat_self_ok.json"),
            Json(200, "user_ok.json"),
            Json(200, "version_ok.json"),
        ],
        urls: &[SELF, USER, VERSION],
        details: &["expiry-in-days", "token-header-stripped"],
        ..base_case("header pasted with the token")
    });
    // Expiry: 45 / 30 / 7 / 1 / 0 days and null.
    for (days, outcome, headline, line, fixes) in [
        (45, Outcome::Ok, "verdict-ok", "expiry-in-days", &[][..]),
        (31, Outcome::Ok, "verdict-ok", "expiry-in-days", &[]),
        (
            30,
            Outcome::Warning,
            "verdict-expires-soon",
            "expiry-in-days",
            &["fix-rotate"],
        ),
        (
            8,
            Outcome::Warning,
            "verdict-expires-soon",
            "expiry-in-days",
            &["fix-rotate"],
        ),
        (
            7,
            Outcome::Warning,
            "verdict-expires-very-soon",
            "expiry-in-days",
            &["fix-rotate"],
        ),
        (
            2,
            Outcome::Warning,
            "verdict-expires-very-soon",
            "expiry-in-days",
            &["fix-rotate"],
        ),
        (
            1,
            Outcome::Warning,
            "verdict-expires-today",
            "expiry-last-day",
            &["fix-rotate"],
        ),
        (
            0,
            Outcome::Warning,
            "verdict-expires-today",
            "expiry-today",
            &["fix-rotate"],
        ),
    ] {
        let (body, now) = expiring(days);
        let name: &'static str = Box::leak(format!("expires in {days} days").into_boxed_str());
        let details: &'static [&'static str] = Box::leak(vec![line].into_boxed_slice());
        add(Case {
            now,
            answers: vec![
                Inline(200, body),
                Json(200, "user_ok.json"),
                Json(200, "version_ok.json"),
            ],
            urls: &[SELF, USER, VERSION],
            outcome,
            headline,
            details,
            fixes,
            link: !fixes.is_empty(),
            ..base_case(name)
        });
    }
    add(Case {
        answers: vec![
            Inline(
                200,
                common::fixture("pat_self_ok.json").replace("\"2027-03-02\"", "null"),
            ),
            Json(200, "user_ok.json"),
            Json(200, "version_ok.json"),
        ],
        urls: &[SELF, USER, VERSION],
        outcome: Outcome::Warning,
        headline: "verdict-never-expires",
        details: &["expiry-never"],
        fixes: &["fix-set-expiry"],
        link: true,
        ..base_case("never expires")
    });
    // Several warnings: the most urgent leads, the others follow as details.
    add(Case {
        now: expiring(3).1,
        answers: vec![
            Inline(
                200,
                expiring(3)
                    .0
                    .replace("\"read_api\",\n    \"read_user\"", "\"api\", \"sudo\""),
            ),
            Json(200, "user_ok.json"),
            Json(200, "version_ok.json"),
        ],
        urls: &[SELF, USER, VERSION],
        outcome: Outcome::Warning,
        headline: "verdict-expires-very-soon",
        details: &[
            "expiry-in-days",
            "verdict-extra-scopes",
            "scopes-extra",
            "scopes-instead",
        ],
        fixes: &["fix-reduce-scopes", "fix-rotate"],
        link: true,
        ..base_case("expiring soon and too many scopes")
    });
    out
}

#[test]
fn verdict_table() {
    let mut failures = Vec::new();
    for c in cases() {
        let (urls, v) = run(&c);
        let details: Vec<&str> = v.details.iter().map(|m| m.id).collect();
        let fixes: Vec<&str> = v.fixes.iter().map(|m| m.id).collect();
        let mut why = Vec::new();
        if urls != c.urls {
            why.push(format!("urls {urls:?}"));
        }
        if v.outcome != c.outcome {
            why.push(format!("outcome {:?}", v.outcome));
        }
        if v.headline.id != c.headline {
            why.push(format!("headline {}", v.headline.id));
        }
        if !is_subsequence(c.details, &details) {
            why.push(format!("details {details:?}"));
        }
        if fixes != c.fixes {
            why.push(format!("fixes {fixes:?}"));
        }
        if v.create_token_url.is_some() != c.link {
            why.push(format!("link {:?}", v.create_token_url));
        }
        if details.contains(&v.headline.id) {
            why.push("headline repeated in details".into());
        }
        if !why.is_empty() {
            failures.push(format!("{}: {}", c.name, why.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn verdict_contents() {
    // The newest shape, end to end: what the widget shows.
    let c = Case {
        answers: vec![
            Json(200, "pat_self_ok.json"),
            Json(200, "user_ok.json"),
            Json(200, "version_ok.json"),
        ],
        ..base_case("contents")
    };
    let (_, v) = run(&c);
    let t = v.token.as_ref().unwrap();
    assert_eq!(t.name, "docs-checker");
    assert_eq!(t.scopes, ["read_api", "read_user"]);
    assert_eq!(t.expires_at.as_deref(), Some("2027-03-02"));
    assert_eq!(t.user_id, Some(4242));
    assert_eq!(t.last_used_at.as_deref(), Some("2026-03-05T16:40:03.118Z"));
    assert!(t.active && !t.granular);
    let u = v.user.as_ref().unwrap();
    assert_eq!((u.username.as_str(), u.name.as_str()), ("ana.garcia", "Ana García"));
    assert_eq!(u.web_url.as_deref(), Some("https://gitlab.example.com/ana.garcia"));
    assert_eq!(v.gitlab_version.as_deref(), Some("18.9.2-ee"));
    assert_eq!(v.base, "https://gitlab.example.com");
    let s = v.scopes.as_ref().unwrap();
    assert!(s.is_satisfied() && s.extra.is_empty());
    let line = &v.details[0];
    assert_eq!(line.arg("days"), Some(&Arg::Num(361)));
    assert_eq!(line.arg("date"), Some(&Arg::Date("2027-03-02".into())));

    // Old GitLab version string.
    let c = Case {
        answers: vec![
            Json(404, "error_404_unknown_route.json"),
            Json(200, "user_ok.json"),
            Json(200, "version_ok_pre15_5.json"),
        ],
        ..base_case("old version")
    };
    let (_, v) = run(&c);
    assert_eq!(v.gitlab_version.as_deref(), Some("15.4.6"));
    assert!(v.token.is_none() && v.user.is_some());

    // The API's own words are passed on as plain strings.
    let c = Case {
        answers: vec![Json(403, "error_403_blocked_user.json")],
        ..base_case("blocked")
    };
    let (_, v) = run(&c);
    assert_eq!(
        v.details[0].arg("message"),
        Some(&Arg::Str("403 Forbidden - Your account has been blocked.".into()))
    );
    let c = Case {
        answers: vec![Raw(429, "text/plain", "Retry later\n")],
        ..base_case("429")
    };
    assert_eq!(
        run(&c).1.details[0].arg("message"),
        Some(&Arg::Str("Retry later".into()))
    );
    let c = Case {
        answers: vec![Json(429, "error_429_application_limit.json")],
        ..base_case("429 json")
    };
    assert_eq!(
        run(&c).1.details[0].arg("message"),
        Some(&Arg::Str(
            "This endpoint has been requested too many times. Try again later.".into()
        ))
    );

    // Create-token link: least privilege, token name from the page.
    let c = Case {
        answers: vec![Json(401, "pat_self_expired_401.json")],
        ..base_case("link")
    };
    assert_eq!(
        run(&c).1.create_token_url.as_deref(),
        Some("https://gitlab.example.com/-/user_settings/personal_access_tokens?name=docs-guide&scopes=read_api")
    );

    // Network failure points at the unauthenticated version endpoint.
    let c = Case {
        answers: vec![Net(NetError::Failed)],
        ..base_case("net")
    };
    let v = run(&c).1;
    assert_eq!(v.fixes[1].arg("url"), Some(&Arg::Str(VERSION.into())));

    // A missing scope reported by an insufficient_scope body names the endpoint's scopes.
    let c = Case {
        answers: vec![
            Json(404, "error_404_unknown_route.json"),
            Json(200, "user_ok.json"),
            Json(200, "version_ok.json"),
        ],
        ..base_case("user id hint absent when user shown")
    };
    assert!(!run(&c).1.details.iter().any(|m| m.id == "user-id-hint"));
}

#[test]
fn routable_user_id_is_a_hint_when_self_is_missing() {
    let c = Case {
        token: common::example_token("routable_pat_v01"),
        answers: vec![
            Json(404, "error_404_unknown_route.json"),
            Json(403, "error_403_insufficient_scope.json"),
        ],
        ..base_case("hint")
    };
    let (_, v) = run(&c);
    let hint = v.details.iter().find(|m| m.id == "user-id-hint").expect("hint");
    assert_eq!(hint.arg("id"), Some(&Arg::Str("4242".into())));
}

#[test]
fn unsafe_web_url_is_dropped() {
    let body = common::fixture("user_ok.json").replace("https://gitlab.example.com/ana.garcia", "javascript:alert(1)");
    let c = Case {
        answers: vec![
            Json(200, "pat_self_ok.json"),
            Inline(200, body),
            Json(200, "version_ok.json"),
        ],
        ..base_case("web_url")
    };
    let (_, v) = run(&c);
    assert_eq!(v.user.unwrap().web_url, None);
}

#[test]
fn precheck_collects_both_fields() {
    let req = Requirement::parse("", "api read_api", "docs-guide");
    let cases: &[(&str, &str, &[&str], &str, bool)] = &[
        ("", "", &["host-empty", "token-empty"], "verdict-host-rejected", false),
        (
            "http://gitlab.example.com",
            "glpat-x y",
            &["host-insecure-http", "token-whitespace"],
            "verdict-host-rejected",
            false,
        ),
        (
            "gitlab.com",
            "gldt-abcdefghijklmnopqrst",
            &["token-type-deploy"],
            "verdict-wrong-token-type",
            true,
        ),
        (
            "ftp://x",
            "gldt-abcdefghijklmnopqrst",
            &["host-bad-scheme", "token-type-deploy"],
            "verdict-wrong-token-type",
            false,
        ),
        (
            "gitlab.com",
            "glpat-abc.01.1412w26n4",
            &["token-truncated-or-mistyped"],
            "verdict-token-damaged",
            true,
        ),
        ("gitlab.com", "", &["token-empty"], "verdict-token-rejected", false),
    ];
    for (h, t, ids, headline, link) in cases {
        let r = precheck(h, t, &req, &common::to_ascii, "").unwrap_err();
        let got: Vec<&str> = r.problems.iter().map(|p| p.message.id).collect();
        assert_eq!(&got, ids, "{h:?} {t:?}");
        assert_eq!(r.verdict.headline.id, *headline, "{h:?} {t:?}");
        assert_eq!(r.verdict.outcome, Outcome::Error);
        assert_eq!(r.verdict.create_token_url.is_some(), *link, "{h:?} {t:?}");
    }
    let r = precheck("gitlab.com", "gldt-abcdefghijklmnopqrst", &req, &common::to_ascii, "").unwrap_err();
    assert_eq!(r.problems[0].field, token_check::Field::Token);
    assert_eq!(
        r.verdict.create_token_url.as_deref(),
        Some("https://gitlab.com/-/user_settings/personal_access_tokens?name=docs-guide&scopes=read_api")
    );
    assert!(host::parse("gitlab.com", &common::to_ascii).is_ok());
}
