//! Request handling: the relative root, GitLab's CORS (rack-cors), authentication, scope checks and each scenario's answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::Value;

use crate::bodies::{self, errors};
use crate::clock::{self, Instant};
use crate::record::{RecordedRequest, Recorder};
use crate::scenario::Scenario;

/// `Access-Control-Allow-Methods` of rack-cors with `methods: :any`.
pub const CORS_ALLOW_METHODS: &str = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
/// `Access-Control-Expose-Headers` of GitLab's public CORS rule (newest version).
pub const CORS_EXPOSE_HEADERS: &str = "Link, X-Total, X-Total-Pages, X-Per-Page, X-Page, X-Next-Page, X-Prev-Page, X-Gitlab-Blob-Id, X-Gitlab-Commit-Id, X-Gitlab-Content-Sha256, X-Gitlab-Encoding, X-Gitlab-File-Name, X-Gitlab-File-Path, X-Gitlab-Last-Commit-Id, X-Gitlab-Ref, X-Gitlab-Size, X-Request-Id, ETag";
/// `Access-Control-Max-Age`: the rack-cors default.
pub const CORS_MAX_AGE: &str = "7200";

const JSON: &str = "application/json";
const HTML: &str = "text/html; charset=utf-8";

/// Everything a request handler needs; shared by all connections.
pub(crate) struct App {
    /// Normalized relative root: empty, or `/segment(/segment)*` without a trailing slash.
    pub root: String,
    /// `http://127.0.0.1:PORT` + root.
    pub instance_url: String,
    pub stall: Duration,
    pub log_requests: bool,
    pub redirect_to: Option<String>,
    pub recorder: Recorder,
    pub next_request_id: AtomicU64,
}

/// The axum fallback handler: records the request, then answers it.
pub(crate) async fn handle(State(app): State<Arc<App>>, req: Request) -> Response {
    let (parts, _body) = req.into_parts();
    let recorded = record(&parts);
    app.recorder.push(recorded.clone());
    let (response, scenario) = respond(&app, &parts).await;
    if app.log_requests {
        eprintln!(
            "fake-gitlab: {} {} -> {}{}",
            recorded.method,
            recorded.path,
            response.status().as_u16(),
            scenario.map(|s| format!(" [{s}]")).unwrap_or_default(),
        );
    }
    response
}

fn record(parts: &Parts) -> RecordedRequest {
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let origin = headers.iter().find(|(n, _)| n == "origin").map(|(_, v)| v.clone());
    RecordedRequest {
        method: parts.method.as_str().to_owned(),
        path: parts
            .uri
            .path_and_query()
            .map(|pq| pq.as_str().to_owned())
            .unwrap_or_else(|| parts.uri.path().to_owned()),
        headers,
        origin,
    }
}

/// The part of `path` below `root`, or `None` if `path` is outside it.
fn strip_root<'a>(root: &str, path: &'a str) -> Option<&'a str> {
    let rest = path.strip_prefix(root)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

/// The answer, and the scenario the token selected (for the log).
async fn respond(app: &App, parts: &Parts) -> (Response, Option<Scenario>) {
    let Some(rest) = strip_root(&app.root, parts.uri.path()) else {
        // Outside the relative root: not GitLab's business (no CORS either).
        return (html(StatusCode::NOT_FOUND, bodies::NOT_FOUND_HTML), None);
    };
    let Some(api_path) = rest.strip_prefix("/api").filter(|p| p.is_empty() || p.starts_with('/')) else {
        return (web(rest, &parts.method, &app.instance_url), None);
    };
    let origin = parts.headers.contains_key(header::ORIGIN);
    let preflight_method = parts.headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if parts.method == Method::OPTIONS && origin && preflight_method {
        return (preflight(&parts.headers), None);
    }
    let creds = Credentials::from_parts(parts);
    let presented = creds.any().and_then(Scenario::from_token);
    let (mut response, cors) = api(app, parts, api_path, &creds, presented).await;
    gitlab_headers(app, &mut response);
    if cors {
        add_cors(response.headers_mut());
    }
    (response, presented)
}

/// Non-API paths below the root: an index of scenarios, the avatar, else GitLab's HTML 404.
fn web(rest: &str, method: &Method, instance_url: &str) -> Response {
    let readable = *method == Method::GET || *method == Method::HEAD;
    match rest {
        "" | "/" if readable => html(StatusCode::OK, &bodies::index_html(instance_url)),
        p if readable && p == bodies::AVATAR_PATH => {
            let mut r = Response::new(Body::from(bodies::AVATAR_PNG));
            set(r.headers_mut(), header::CONTENT_TYPE, "image/png");
            r
        }
        _ => html(StatusCode::NOT_FOUND, bodies::GITLAB_404_HTML),
    }
}

/// rack-cors' answer to a preflight: 200, empty body, the public rule's headers and the
/// requested headers echoed back. No `Access-Control-Allow-Credentials`.
fn preflight(req: &HeaderMap) -> Response {
    let mut r = Response::new(Body::empty());
    let h = r.headers_mut();
    add_cors(h);
    if let Some(v) = req.get(header::ACCESS_CONTROL_REQUEST_HEADERS) {
        h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, v.clone());
    }
    r
}

fn add_cors(h: &mut HeaderMap) {
    set(h, header::ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    set(h, header::ACCESS_CONTROL_ALLOW_METHODS, CORS_ALLOW_METHODS);
    set(h, header::ACCESS_CONTROL_EXPOSE_HEADERS, CORS_EXPOSE_HEADERS);
    set(h, header::ACCESS_CONTROL_MAX_AGE, CORS_MAX_AGE);
}

fn gitlab_headers(app: &App, r: &mut Response) {
    let id = app.next_request_id.fetch_add(1, Ordering::Relaxed);
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!("01FAKEG1T1AB{id:014X}")) {
        h.insert(HeaderName::from_static("x-request-id"), v);
    }
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
}

fn set(h: &mut HeaderMap, name: HeaderName, value: &'static str) {
    h.insert(name, HeaderValue::from_static(value));
}

fn with_body(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    set(r.headers_mut(), header::CONTENT_TYPE, content_type);
    r
}

fn html(status: StatusCode, body: &str) -> Response {
    with_body(status, HTML, body.to_owned())
}

fn json_error(status: StatusCode, fixture: &str) -> Response {
    let mut r = with_body(status, JSON, bodies::error_body(fixture));
    set(r.headers_mut(), header::CACHE_CONTROL, "no-cache");
    r
}

fn json_ok(value: Result<Value, serde_json::Error>) -> Response {
    match value {
        Ok(v) => {
            let mut r = with_body(StatusCode::OK, JSON, v.to_string());
            set(
                r.headers_mut(),
                header::CACHE_CONTROL,
                "max-age=0, private, must-revalidate",
            );
            r
        }
        Err(_) => json_error(StatusCode::INTERNAL_SERVER_ERROR, errors::INTERNAL),
    }
}

fn invalid_token(fixture: &str, description: &str) -> Response {
    let mut r = json_error(StatusCode::UNAUTHORIZED, fixture);
    let challenge = format!(
        "Bearer realm=\"Protected by OAuth 2.0\", error=\"invalid_token\", error_description=\"{description}\""
    );
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    r
}

/// Rack::Attack's throttled response, with its headers relative to now.
fn rack_attack_429() -> Response {
    let now = Instant::now().secs;
    let reset = (now.div_euclid(60) + 1) * 60;
    let mut r = with_body(
        StatusCode::TOO_MANY_REQUESTS,
        "text/plain",
        errors::RACK_ATTACK.to_owned(),
    );
    let h = r.headers_mut();
    let pairs = [
        ("ratelimit-name", "throttle_authenticated_api".to_owned()),
        ("ratelimit-limit", "2000".to_owned()),
        ("ratelimit-observed", "2001".to_owned()),
        ("ratelimit-remaining", "0".to_owned()),
        ("ratelimit-reset", reset.to_string()),
        ("ratelimit-resettime", clock::http_date(reset)),
        ("retry-after", (reset - now).to_string()),
    ];
    for (name, value) in pairs {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(HeaderName::from_static(name), v);
        }
    }
    r
}

/// `307` to the same path and query on another origin: [`App::redirect_to`], or this server as
/// `localhost` instead of `127.0.0.1`.
fn redirect(app: &App, parts: &Parts) -> Response {
    let origin = match &app.redirect_to {
        Some(o) => format!("{}{}", o.trim_end_matches('/'), app.root),
        None => app.instance_url.replacen("127.0.0.1", "localhost", 1),
    };
    let target = format!(
        "{}{}",
        origin,
        parts
            .uri
            .path_and_query()
            .map(|pq| pq.as_str())
            .unwrap_or("")
            .strip_prefix(app.root.as_str())
            .unwrap_or(""),
    );
    let mut r = Response::new(Body::empty());
    *r.status_mut() = StatusCode::TEMPORARY_REDIRECT;
    if let Ok(v) = HeaderValue::from_str(&target) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Tokens as GitLab finds them: `private_token` param or `PRIVATE-TOKEN` header for PATs;
/// `Authorization: Bearer` or `access_token` param, tried as OAuth first, then as a PAT.
struct Credentials {
    private: Option<String>,
    bearer: Option<String>,
}

impl Credentials {
    fn from_parts(parts: &Parts) -> Self {
        let query = parts.uri.query().unwrap_or("");
        let header_value = |name: &str| {
            parts
                .headers
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        };
        let private = query_param(query, "private_token")
            .or_else(|| header_value("private-token"))
            .filter(|t| !t.is_empty());
        let bearer = header_value("authorization")
            .and_then(|v| {
                let (scheme, rest) = v.split_at_checked(7)?;
                scheme.eq_ignore_ascii_case("bearer ").then(|| rest.to_owned())
            })
            .or_else(|| query_param(query, "access_token"))
            .filter(|t| !t.is_empty());
        Self { private, bearer }
    }

    /// The token a PAT lookup would use.
    fn any(&self) -> Option<&str> {
        self.private.as_deref().or(self.bearer.as_deref())
    }

    /// GitLab's `find_oauth_access_token || find_personal_access_token`, then the token checks.
    fn authenticate(&self) -> Result<Scenario, AuthFailure> {
        if self.bearer.as_deref().and_then(Scenario::from_token) == Some(Scenario::NotAPat) {
            return Ok(Scenario::NotAPat);
        }
        match self.any().map(Scenario::from_token) {
            None => Err(AuthFailure::Unauthorized),
            // An OAuth token in PRIVATE-TOKEN is looked up as a PAT and not found.
            Some(None | Some(Scenario::UnknownToken | Scenario::NotAPat)) => Err(AuthFailure::Unauthorized),
            Some(Some(Scenario::Expired)) => Err(AuthFailure::Expired),
            Some(Some(Scenario::Revoked)) => Err(AuthFailure::Revoked),
            Some(Some(s)) => Ok(s),
        }
    }
}

/// Why authentication failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AuthFailure {
    /// No token, or a token GitLab does not know.
    Unauthorized,
    Expired,
    Revoked,
}

impl AuthFailure {
    fn response(self) -> Response {
        match self {
            AuthFailure::Unauthorized => json_error(StatusCode::UNAUTHORIZED, errors::UNAUTHORIZED),
            AuthFailure::Expired => invalid_token(
                errors::EXPIRED,
                "Token is expired. You can either do re-authorization or token refresh.",
            ),
            AuthFailure::Revoked => invalid_token(
                errors::REVOKED,
                "Token was revoked. You have to re-authorize from the user.",
            ),
        }
    }
}

fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(k) == key).then(|| percent_decode(v))
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endpoint {
    PatSelf,
    User,
    Version,
    Metadata,
}

impl Endpoint {
    fn from_path(method: &Method, api_path: &str) -> Option<Self> {
        if *method != Method::GET && *method != Method::HEAD {
            return None;
        }
        match api_path {
            "/v4/personal_access_tokens/self" => Some(Endpoint::PatSelf),
            "/v4/user" => Some(Endpoint::User),
            "/v4/version" => Some(Endpoint::Version),
            "/v4/metadata" => Some(Endpoint::Metadata),
            _ => None,
        }
    }

    /// Scopes allowed for GET, and the `scope` string of the 403 (all registered scopes).
    fn scope_rule(self, old_gitlab: bool) -> Option<(&'static [&'static str], &'static str)> {
        match self {
            // "any token regardless of scope should be able to view/revoke itself"
            Endpoint::PatSelf => None,
            Endpoint::User => Some((&["read_user", "api", "read_api"], "read_user api read_api")),
            Endpoint::Version | Endpoint::Metadata if old_gitlab => {
                Some((&["read_user", "api", "read_api"], "read_user api read_api"))
            }
            Endpoint::Version | Endpoint::Metadata => Some((
                &["read_user", "ai_features", "api", "read_api"],
                "read_user ai_features api read_api",
            )),
        }
    }
}

/// An `/api/*` request (not a preflight). Returns the response and whether CORS headers go on it.
async fn api(
    app: &App,
    parts: &Parts,
    api_path: &str,
    creds: &Credentials,
    presented: Option<Scenario>,
) -> (Response, bool) {
    // In front of GitLab: proxies, other servers, Rack::Attack.
    match presented {
        Some(Scenario::NotFoundEverywhere) => {
            return (html(StatusCode::NOT_FOUND, bodies::NOT_FOUND_HTML), true);
        }
        Some(Scenario::SignInPage) => return (html(StatusCode::OK, bodies::SIGN_IN_HTML), true),
        Some(Scenario::NoCors) => {
            return (html(StatusCode::BAD_GATEWAY, bodies::BAD_GATEWAY_HTML), false);
        }
        Some(Scenario::Stall) => tokio::time::sleep(app.stall).await,
        Some(Scenario::RateLimitedText) => return (rack_attack_429(), true),
        Some(Scenario::Redirect) if parts.method == Method::GET => return (redirect(app, parts), true),
        _ => {}
    }
    let catch_all = || json_error(StatusCode::NOT_FOUND, errors::UNKNOWN_ROUTE);
    let old_gitlab = presented == Some(Scenario::OldGitLab);
    let endpoint = match Endpoint::from_path(&parts.method, api_path) {
        // Before 15.5 there is no /personal_access_tokens/self route.
        Some(Endpoint::PatSelf) if old_gitlab => None,
        e => e,
    };
    let Some(endpoint) = endpoint else {
        return (catch_all(), true);
    };
    let who = match creds.authenticate() {
        Ok(s) => s,
        Err(failure) => return (failure.response(), true),
    };
    if who == Scenario::BlockedUser {
        return (json_error(StatusCode::FORBIDDEN, errors::BLOCKED), true);
    }
    if let Some((allowed, listed)) = endpoint.scope_rule(old_gitlab)
        && !bodies::scopes(who).iter().any(|s| allowed.contains(s))
    {
        let mut r = with_body(StatusCode::FORBIDDEN, JSON, bodies::insufficient_scope(listed));
        set(r.headers_mut(), header::CACHE_CONTROL, "no-cache");
        return (r, true);
    }
    let response = match (who, endpoint) {
        (Scenario::NotAPat, Endpoint::PatSelf) => json_error(StatusCode::BAD_REQUEST, errors::NOT_A_PAT),
        (Scenario::RateLimitedJson, _) => json_error(StatusCode::TOO_MANY_REQUESTS, errors::APPLICATION_LIMIT),
        (Scenario::ServerError, _) => json_error(StatusCode::INTERNAL_SERVER_ERROR, errors::INTERNAL),
        (_, Endpoint::PatSelf) => json_ok(bodies::pat_self(who, Instant::now())),
        (_, Endpoint::User) => json_ok(bodies::user(who, Instant::now(), &app.instance_url)),
        (_, Endpoint::Version) => json_ok(bodies::version(who)),
        (_, Endpoint::Metadata) => json_ok(bodies::metadata(who)),
    };
    (response, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_and_queries() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("", "/api/v4/user", Some("/api/v4/user")),
            ("/gitlab", "/gitlab/api/v4/user", Some("/api/v4/user")),
            ("/gitlab", "/gitlab", Some("")),
            ("/gitlab", "/gitlabx/api", None),
            ("/gitlab", "/api/v4/user", None),
        ];
        for &(root, path, want) in cases {
            assert_eq!(strip_root(root, path), want, "{root} {path}");
        }
        assert_eq!(
            query_param("a=1&private_token=glpat-a%2Bb+c", "private_token"),
            Some("glpat-a+b c".to_owned())
        );
        assert_eq!(query_param("a=1", "private_token"), None);
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
