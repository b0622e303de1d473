//! The check itself: a small state machine the browser edge drives (`next_request` → fetch →
//! `on_response` / `on_network_error`, until `next_request` returns `None`), and the
//! [`Verdict`] it reaches from GitLab's answers.
//!
//! Plan: `GET /api/v4/personal_access_tokens/self` (any scope may call it: name, scopes,
//! expiry); then `/api/v4/user` for the owner, only if the scopes allow it (`read_user`,
//! `read_api`, `api`; a 403 `insufficient_scope` just means the owner can't be shown); then
//! `/api/v4/version` (optional). If `self` gives GitLab's catch-all 404 (GitLab < 15.5), the
//! check falls back to `/user`. If the base does not answer like GitLab's API and the host
//! has an [`alternate`](crate::Host::alternate) reading, that is tried once.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::expiry::{Expiry, classify};
use crate::host::{Host, api_url};
use crate::json::Json;
use crate::messages::{Arg, Message, m_str, m0, msg};
use crate::scopes::{Requirement, ScopeReport};
use crate::token::{PatFormat, Token, TokenKind};
use crate::{Field, Problem, find, sub, tail};

/// Per-request timeout the edge should apply.
pub const TIMEOUT_MS: u32 = 10_000;

/// The most of a response body the edge reads; past it, the body is cancelled and the answer is
/// [`NetError::TooLarge`]. GitLab's answers to the checker's requests are under 2 KB.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// A request for the edge to perform: `GET url` with header `header_name: header_value`,
/// `credentials: "omit"`, `redirect: "manual"`, aborted after `timeout_ms`. Its `Debug` output
/// never shows the header's value.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub url: String,
    /// Always `PRIVATE-TOKEN` (GitLab's header for access tokens).
    pub header_name: &'static str,
    pub header_value: String,
    pub timeout_ms: u32,
}

impl core::fmt::Debug for Request {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Request")
            .field("url", &self.url)
            .field("header_name", &self.header_name)
            .field("header_value", &crate::token::Redacted(self.header_value.len()))
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// What the edge could see of a response (cross-origin, most headers are hidden; pass what
/// is readable).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: Option<String>,
    pub www_authenticate: Option<String>,
    pub body: String,
}

/// A request that produced no response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetError {
    /// `fetch` rejected (DNS, offline, TLS, CORS refused, blocked by an extension…).
    Failed,
    /// No answer within [`TIMEOUT_MS`].
    Timeout,
    /// The answer was a redirect (an opaque one: fetch's `redirect: "manual"`), which is not
    /// followed, so the token never reaches the redirect's target.
    Redirected,
    /// The body was longer than [`MAX_BODY_BYTES`]; the edge stopped reading it.
    TooLarge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Warning,
    Error,
}

/// What `personal_access_tokens/self` said about the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub name: String,
    pub scopes: Vec<String>,
    /// `YYYY-MM-DD`, or `None` for a token that never expires.
    pub expires_at: Option<String>,
    pub description: Option<String>,
    pub created_at: Option<String>,
    pub last_used_at: Option<String>,
    pub user_id: Option<u64>,
    pub active: bool,
    /// A fine-grained token (permissions instead of scopes).
    pub granular: bool,
}

/// Whose token it is (`/user`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserInfo {
    pub id: Option<u64>,
    pub username: String,
    pub name: String,
    /// Only kept if it is an `http(s)://` URL.
    pub web_url: Option<String>,
    pub bot: bool,
}

/// The result shown to the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Outcome,
    /// One `verdict-*` message: the section title of the troubleshooting page.
    pub headline: Message,
    /// Explanations, further warnings, notes on how the input was read.
    pub details: Vec<Message>,
    /// What to do, most useful first.
    pub fixes: Vec<Message>,
    pub token: Option<TokenInfo>,
    pub user: Option<UserInfo>,
    pub scopes: Option<ScopeReport>,
    pub gitlab_version: Option<String>,
    /// The pre-filled "create a token" link, when creating a token is part of the fix.
    pub create_token_url: Option<String>,
    /// The base URL the check used (the host's base or its alternate); empty if none.
    pub base: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    SelfInfo,
    User,
    Version,
    Done,
}

/// A failed check, before it becomes a verdict.
#[derive(Debug, Clone)]
struct Failure {
    headline: Message,
    details: Vec<Message>,
    fixes: Vec<Message>,
    link: bool,
    /// The answer did not come from GitLab's API: worth trying the alternate base.
    not_gitlab: bool,
    /// A token problem: attach the token's format notes.
    token_notes: bool,
}

impl Failure {
    fn new(id: &'static str) -> Self {
        Failure {
            headline: m0(id),
            details: Vec::new(),
            fixes: Vec::new(),
            link: false,
            not_gitlab: false,
            token_notes: false,
        }
    }
    // Out of line: one copy instead of one per call site (the wasm budget).
    #[inline(never)]
    fn detail(mut self, m: Message) -> Self {
        self.details.push(m);
        self
    }
    #[inline(never)]
    fn fix(mut self, id: &'static str) -> Self {
        self.fixes.push(m0(id));
        self
    }
    #[inline(never)]
    fn api_message(self, text: Option<&str>) -> Self {
        match text.map(crate::trim).filter(|t| !t.is_empty()) {
            Some(t) => self.detail(m_str("detail-api-message", "message", t)),
            None => self,
        }
    }
    #[inline(never)]
    fn create(mut self) -> Self {
        self.link = true;
        self.fix("fix-create-token")
    }
}

/// A parsed response body.
struct Body {
    json: Option<Json>,
    html: bool,
}

impl Body {
    fn of(r: &Response) -> Body {
        let ct = r.content_type.as_deref().unwrap_or("").to_ascii_lowercase();
        // `trim` (shared code) reads the same as `trim_start` for a prefix test.
        let html = find(&ct, "html").is_some() || crate::trim(&r.body).starts_with('<');
        let json = if html { None } else { Json::parse(&r.body) };
        Body { json, html }
    }
    fn str(&self, key: &str) -> Option<&str> {
        self.json.as_ref()?.get(key)?.as_str()
    }
    /// Whether `key` is the string `want` (no `Option` comparison code in the wasm).
    fn is(&self, key: &str, want: &str) -> bool {
        self.str(key).is_some_and(|s| s == want)
    }
    /// `{"message": …}` or `{"error": …}`: how GitLab's API phrases errors.
    fn gitlab_shaped(&self) -> bool {
        self.json
            .as_ref()
            .is_some_and(|v| v.get("message").is_some() || v.get("error").is_some())
    }
    /// The readable error text: `message` (or `message.error`), else `error_description`,
    /// else `error`.
    fn api_text(&self) -> Option<&str> {
        let v = self.json.as_ref()?;
        v.get("message")
            .and_then(|m| m.as_str().or_else(|| m.get("error")?.as_str()))
            .or_else(|| self.str("error_description"))
            .or_else(|| self.str("error"))
    }
}

/// The check of one token against one host, driven by the edge.
#[derive(Debug, Clone)]
pub struct Check {
    host: Host,
    token: Token,
    req: Requirement,
    now: i64,
    base: String,
    alternate: Option<String>,
    /// The first base's failure while its alternate is tried.
    first_failure: Option<Failure>,
    step: Step,
    /// `personal_access_tokens/self` unavailable: validated through `/user` only.
    fallback: bool,
    info: Option<TokenInfo>,
    user: Option<UserInfo>,
    user_note: Option<&'static str>,
    version: Option<String>,
    failure: Option<Failure>,
}

impl Check {
    /// Starts a check. `now_unix_seconds` is the reader's clock, used for expiry.
    pub fn new(host: Host, token: Token, requirement: Requirement, now_unix_seconds: i64) -> Self {
        Check {
            base: host.base.clone(),
            alternate: host.alternate.clone(),
            host,
            token,
            req: requirement,
            now: now_unix_seconds,
            first_failure: None,
            step: Step::SelfInfo,
            fallback: false,
            info: None,
            user: None,
            user_note: None,
            version: None,
            failure: None,
        }
    }

    /// The request to perform now, or `None` when the check is finished. Calling it again
    /// before answering returns the same request.
    pub fn next_request(&self) -> Option<Request> {
        let path = match self.step {
            Step::SelfInfo => "personal_access_tokens/self",
            Step::User => "user",
            Step::Version => "version",
            Step::Done => return None,
        };
        Some(Request {
            url: api_url(&self.base, path),
            header_name: "PRIVATE-TOKEN",
            header_value: self.token.value.clone(),
            timeout_ms: TIMEOUT_MS,
        })
    }

    /// Feeds the response to the current request.
    pub fn on_response(&mut self, r: Response) {
        let b = Body::of(&r);
        match self.step {
            Step::SelfInfo => self.on_self(&r, &b),
            Step::User => self.on_user(&r, &b),
            Step::Version => {
                if r.status == 200 {
                    self.version = b.str("version").map(str::to_owned);
                }
                self.step = Step::Done;
            }
            Step::Done => {}
        }
    }

    /// Reports that the current request failed without a response.
    pub fn on_network_error(&mut self, e: NetError) {
        let f = match e {
            NetError::Failed => {
                let mut f = Failure::new("verdict-network-error")
                    .detail(m0("detail-network-causes"))
                    .fix("fix-check-host");
                f.fixes.push(self.open_api_fix());
                f.not_gitlab = true;
                f
            }
            NetError::Timeout => {
                let mut f = Failure::new("verdict-timeout").detail(m0("detail-network-causes"));
                f.fixes.push(self.open_api_fix());
                f.fix("fix-wait")
            }
            NetError::Redirected => {
                let mut f = Failure::new("verdict-redirect")
                    .detail(m_str("detail-redirect", "url", &self.base))
                    .fix("fix-redirect-final-address");
                f.fixes.push(self.open_api_fix());
                f.not_gitlab = true;
                f
            }
            NetError::TooLarge => {
                let mut f = Failure::new("verdict-response-too-large")
                    .detail(m0("detail-response-too-large"))
                    .fix("fix-check-host");
                f.fixes.push(self.open_api_fix());
                f.not_gitlab = true;
                f
            }
        };
        match self.step {
            Step::SelfInfo => self.fail(f),
            Step::User if self.fallback => self.fail(f),
            Step::User => {
                self.user_note = Some("user-not-loaded");
                self.step = Step::Done;
            }
            Step::Version | Step::Done => self.step = Step::Done,
        }
    }

    fn on_self(&mut self, r: &Response, b: &Body) {
        if r.status == 200 {
            match b.json.as_ref().and_then(token_info) {
                Some(info) => {
                    let allows = |list: &str| info.granular || info.scopes.iter().any(|s| crate::in_words(list, s));
                    self.step = if !info.active {
                        Step::Done
                    } else if allows("read_user read_api api") {
                        Step::User
                    } else {
                        self.user_note = Some("user-not-visible");
                        if allows("ai_features") {
                            Step::Version
                        } else {
                            Step::Done
                        }
                    };
                    self.info = Some(info);
                }
                None => self.fail(unexpected(r, b, &self.base)),
            }
            return;
        }
        let text = b.api_text().unwrap_or("");
        let fallback = match r.status {
            // Catch-all route: this GitLab has no `self` endpoint (before 15.5).
            404 => b.gitlab_shaped(),
            // `/personal_access_tokens/:id` with id "self" on 15.1–15.4.
            400 => b.gitlab_shaped() && find(text, "personal access token").is_none(),
            // A fine-grained token without the permission to read itself.
            403 => b.is("error", "insufficient_scope"),
            _ => false,
        };
        if fallback {
            // This base answered like GitLab: no reason to try the alternate any more.
            self.alternate = None;
            self.fallback = true;
            self.step = Step::User;
        } else {
            let f = self.error_failure(r, b);
            self.fail(f);
        }
    }

    fn on_user(&mut self, r: &Response, b: &Body) {
        if r.status == 200
            && let Some(u) = b.json.as_ref().and_then(user_info)
        {
            self.user = Some(u);
            self.step = Step::Version;
            return;
        }
        if r.status == 403 && b.is("error", "insufficient_scope") {
            // Fine: the scopes don't include reading the profile. `/version` needs the same.
            self.user_note = Some("user-not-visible");
            self.step = Step::Done;
            return;
        }
        if !self.fallback {
            self.user_note = Some("user-not-loaded");
            self.step = Step::Done;
            return;
        }
        let f = match r.status {
            200 => unexpected(r, b, &self.base),
            404 => self.not_gitlab_api(r, b),
            _ => self.error_failure(r, b),
        };
        self.fail(f);
    }

    /// Records a failure. A non-GitLab answer first switches to the alternate base, if any;
    /// if the alternate doesn't answer like GitLab either, the first base's failure stands.
    fn fail(&mut self, f: Failure) {
        let answered = !f.not_gitlab && f.headline.id != "verdict-timeout";
        self.step = Step::Done;
        if !answered && let Some(mut first) = self.first_failure.take() {
            first.details.push(m_str("host-alternate-failed", "base", &self.base));
            self.failure = Some(first);
        } else if f.not_gitlab
            && let Some(alt) = self.alternate.take()
        {
            self.first_failure = Some(f);
            self.base = alt;
            self.step = Step::SelfInfo;
            self.fallback = false;
        } else {
            self.failure = Some(f);
        }
    }

    fn open_api_fix(&self) -> Message {
        m_str("fix-open-api-url", "url", &api_url(&self.base, "version"))
    }

    fn not_gitlab_api(&self, r: &Response, b: &Body) -> Failure {
        let mut f = Failure::new("verdict-not-gitlab-api").detail(status(r.status));
        if b.html {
            f = f.detail(m0("detail-html-body"));
        }
        f = f.fix("fix-check-host");
        f.fixes.push(self.open_api_fix());
        f.not_gitlab = true;
        f
    }

    /// Turns an error status into a failure.
    fn error_failure(&self, r: &Response, b: &Body) -> Failure {
        let text = b.api_text();
        match r.status {
            401 => {
                let www = r.www_authenticate.as_deref().unwrap_or("");
                let www_l = www.to_ascii_lowercase();
                if b.is("error", "invalid_token") || find(&www_l, "invalid_token").is_some() {
                    let desc = b
                        .str("error_description")
                        .map(str::to_owned)
                        .or_else(|| header_param(www, "error_description"))
                        .unwrap_or_default();
                    let d = desc.to_ascii_lowercase();
                    let id = if find(&d, "expired").is_some() {
                        "verdict-token-expired"
                    } else if find(&d, "revoked").is_some() {
                        "verdict-token-revoked"
                    } else {
                        "verdict-token-invalid"
                    };
                    Failure::new(id).api_message(Some(&desc)).create()
                } else if ["basic", "negotiate", "ntlm", "digest"]
                    .iter()
                    .any(|s| crate::trim(&www_l).starts_with(s))
                {
                    Failure::new("verdict-proxy-auth").fix("fix-sign-in-proxy")
                } else if b.gitlab_shaped() {
                    let mut f = Failure::new("verdict-token-unknown")
                        .fix("fix-copy-again")
                        .fix("fix-check-host")
                        .create();
                    f.token_notes = true;
                    f
                } else {
                    unexpected(r, b, &self.base)
                }
            }
            403 if b.is("error", "insufficient_scope") => {
                let needed = b.str("scope").map(crate::scopes::parse_list);
                let f = Failure::new("verdict-missing-scopes");
                match needed {
                    Some(list) => f.detail(msg("scopes-missing-one-of", vec![("scopes", Arg::List(list))])),
                    None => f,
                }
                .create()
            }
            403 if b.gitlab_shaped() => Failure::new("verdict-account-blocked")
                .api_message(text)
                .fix("fix-contact-admin"),
            400 if text.is_some_and(|t| find(t, "personal access token").is_some()) => {
                Failure::new("verdict-not-a-pat").api_message(text).create()
            }
            404 => self.not_gitlab_api(r, b),
            429 => {
                let plain = (!b.html && b.json.is_none() && r.body.len() <= 200).then_some(r.body.as_str());
                Failure::new("verdict-rate-limited")
                    .api_message(text.or(plain))
                    .detail(m0("detail-retry-after-hidden"))
                    .fix("fix-wait")
            }
            500..=599 => {
                let mut f = Failure::new("verdict-server-error").detail(status(r.status));
                if b.html {
                    f = f.detail(m0("detail-html-body"));
                }
                f = f.api_message(text).fix("fix-wait");
                f.fix(if self.host.is_gitlab_com() {
                    "fix-status-page"
                } else {
                    "fix-contact-admin"
                })
            }
            _ if b.gitlab_shaped() => Failure::new("verdict-http-error")
                .detail(status(r.status))
                .api_message(text),
            _ => unexpected(r, b, &self.base),
        }
    }

    /// The verdict, once `next_request` has returned `None`; `None` before that.
    pub fn verdict(&self) -> Option<Verdict> {
        self.clone().into_verdict()
    }

    /// [`Check::verdict`], consuming the check: what it learned moves into the verdict, uncopied
    /// (the widget's way: no clone code in the wasm).
    pub fn into_verdict(mut self) -> Option<Verdict> {
        if self.step != Step::Done {
            return None;
        }
        let mut v = match self.failure.take() {
            Some(f) => self.failure_verdict(f),
            None => self.success_verdict(),
        };
        // `first_failure` survives only when the alternate base answered like GitLab.
        if self.first_failure.is_some() {
            v.details.push(m_str("host-alternate-used", "base", &self.base));
        } else {
            v.details.append(&mut self.host.notes);
        }
        Some(v)
    }

    fn verdict_base(&mut self, outcome: Outcome, headline: Message) -> Verdict {
        Verdict {
            outcome,
            headline,
            details: Vec::new(),
            fixes: Vec::new(),
            token: self.info.take(),
            user: self.user.take(),
            scopes: None,
            gitlab_version: self.version.take(),
            create_token_url: None,
            base: self.base.clone(),
        }
    }

    fn create_url(&self) -> String {
        let scopes = self.req.suggested_scopes();
        crate::host::settings_url(&self.base, &self.req.token_name, &scopes)
    }

    fn failure_verdict(&mut self, f: Failure) -> Verdict {
        let mut v = self.verdict_base(Outcome::Error, f.headline);
        v.details = f.details;
        if f.token_notes {
            v.details.append(&mut self.token.notes);
        } else {
            if let Some(m) = header_note(&self.token) {
                v.details.push(m);
            }
        }
        v.fixes = f.fixes;
        if f.link {
            v.create_token_url = Some(self.create_url());
        }
        v
    }

    fn success_verdict(&mut self) -> Verdict {
        // Findings by rank (7: facts only): each rank has at most one headline (its id) and its lines.
        // The best-ranked headline leads the verdict; everything else follows in rank order (a
        // topic's headline before its lines). Fixed slots, not a list of ranked items: one pass,
        // and no vector type of its own in the wasm.
        let mut heads: [&str; 8] = [""; 8];
        let mut lines: [Vec<Message>; 8] = Default::default();
        let mut fixes: Vec<Message> = Vec::new();
        let mut report = None;
        if let Some(info) = &self.info {
            if !info.active {
                let mut v = self.verdict_base(Outcome::Error, m0("verdict-token-inactive"));
                v.fixes.push(m0("fix-create-token"));
                v.create_token_url = Some(self.create_url());
                return v;
            }
            if info.granular {
                if !self.req.is_empty() {
                    heads[5] = "verdict-fine-grained";
                    lines[5].push(m0("detail-fine-grained"));
                }
            } else {
                let rep = self.req.evaluate(&info.scopes);
                if !rep.is_satisfied() {
                    heads[0] = "verdict-missing-scopes";
                    fixes.push(m0("fix-create-token"));
                }
                if !rep.missing.is_empty() {
                    lines[0].push(list_msg("scopes-missing", &rep.missing));
                }
                if !rep.missing_one_of.is_empty() {
                    lines[0].push(list_msg("scopes-missing-one-of", &rep.missing_one_of));
                }
                if !rep.extra.is_empty() {
                    heads[2] = "verdict-extra-scopes";
                    fixes.push(m0("fix-reduce-scopes"));
                    // Plain loops rather than iterator chains here: each chain is its own code
                    // in the wasm.
                    let (mut unneeded, mut instead) = (Vec::new(), Vec::new());
                    for e in &rep.extra {
                        match &e.instead {
                            None => unneeded.push(e.scope.clone()),
                            Some(w) => {
                                let args = vec![("scope", Arg::Str(e.scope.clone())), ("instead", Arg::Str(w.clone()))];
                                instead.push(msg("scopes-instead", args));
                            }
                        }
                    }
                    if !unneeded.is_empty() {
                        lines[2].push(list_msg("scopes-extra", &unneeded));
                    }
                    lines[2].append(&mut instead);
                }
                report = Some(rep);
            }
            let date = || ("date", Arg::Date(info.expires_at.clone().unwrap_or_default()));
            match classify(info.expires_at.as_deref(), self.now) {
                Some(Expiry::Never) => {
                    fixes.push(m0("fix-set-expiry"));
                    heads[3] = "verdict-never-expires";
                    lines[3].push(m0("expiry-never"));
                }
                Some(Expiry::Days(d)) => {
                    let (rank, head) = match d {
                        ..=1 => (1, "verdict-expires-today"),
                        2..=7 => (1, "verdict-expires-very-soon"),
                        8..=30 => (4, "verdict-expires-soon"),
                        _ => (7, ""),
                    };
                    if rank < 7 {
                        fixes.push(m0("fix-rotate"));
                        heads[rank] = head;
                    }
                    let line = match d {
                        ..=0 => msg("expiry-today", vec![date()]),
                        1 => msg("expiry-last-day", vec![date()]),
                        _ => msg("expiry-in-days", vec![("days", Arg::Num(d)), date()]),
                    };
                    lines[rank].push(line);
                }
                None => {}
            }
        } else {
            heads[6] = "verdict-scopes-unknown";
            lines[6].push(m0("detail-old-gitlab"));
        }
        if self.user.is_none() {
            if let Some(id) = self.user_note {
                lines[7].push(m0(id));
            }
            let hint = self.info.as_ref().and_then(|i| i.user_id).or(match &self.token.kind {
                TokenKind::Pat {
                    format: PatFormat::Routable { user_id, .. },
                    ..
                } => *user_id,
                _ => None,
            });
            if let Some(id) = hint {
                lines[7].push(m_str("user-id-hint", "id", &crate::decimal(id)));
            }
        }
        let mut headline = None;
        let mut details = Vec::new();
        for rank in 0..8 {
            if !heads[rank].is_empty() {
                let h = m0(heads[rank]);
                if headline.is_none() {
                    headline = Some(h);
                } else {
                    details.push(h);
                }
            }
            details.append(&mut lines[rank]);
        }
        if let Some(m) = header_note(&self.token) {
            details.push(m);
        }
        let error = report.as_ref().is_some_and(|r| !r.is_satisfied());
        let outcome = match (&headline, error) {
            (_, true) => Outcome::Error,
            (Some(_), false) => Outcome::Warning,
            (None, false) => Outcome::Ok,
        };
        let link = !fixes.is_empty();
        let mut v = self.verdict_base(outcome, headline.unwrap_or_else(|| m0("verdict-ok")));
        v.details = details;
        v.fixes = fixes;
        v.scopes = report;
        if link {
            v.create_token_url = Some(self.create_url());
        }
        v
    }
}

fn header_note(t: &Token) -> Option<Message> {
    t.notes.iter().find(|m| m.id == "token-header-stripped").cloned()
}

fn list_msg(id: &'static str, items: &[String]) -> Message {
    msg(id, vec![("scopes", Arg::List(items.to_vec()))])
}

fn status(code: u16) -> Message {
    msg("detail-status", vec![("status", Arg::Num(code as i64))])
}

/// A 200 (or other answer) that isn't what GitLab's API sends: a proxy, SSO or VPN page.
fn unexpected(r: &Response, b: &Body, base: &str) -> Failure {
    let mut f = Failure::new("verdict-unexpected-response").detail(status(r.status));
    f = f.detail(m0(if b.json.is_some() {
        "detail-unexpected-json"
    } else {
        "detail-html-body"
    }));
    f = f.fix("fix-sign-in-proxy").fix("fix-check-host");
    f.fixes
        .push(m_str("fix-open-api-url", "url", &api_url(base, "version")));
    f.not_gitlab = true;
    f
}

/// `name="value"` from a `WWW-Authenticate` header.
fn header_param(header: &str, name: &str) -> Option<String> {
    let lower = header.to_ascii_lowercase();
    let mut key = name.to_owned();
    key.push_str("=\"");
    let start = find(&lower, &key)? + key.len();
    let end = find(tail(header, start), "\"")? + start;
    Some(sub(header, start, end).to_owned())
}

fn token_info(v: &Json) -> Option<TokenInfo> {
    let mut scopes = Vec::new();
    for (_, s) in v.get("scopes")?.as_array()? {
        scopes.push(s.as_str()?.to_owned());
    }
    let expires_at = match v.get("expires_at")? {
        Json::Null => None,
        Json::Str(s) => Some(s.clone()),
        _ => return None,
    };
    let s = |k: &str| v.get(k).and_then(Json::as_str).map(str::to_owned);
    let flag = |k: &str| v.get(k).and_then(Json::as_bool);
    let granular = flag("granular") == Some(true) || (scopes.len() == 1 && scopes[0] == "granular");
    Some(TokenInfo {
        name: s("name").unwrap_or_default(),
        expires_at,
        description: s("description").filter(|d| !d.is_empty()),
        created_at: s("created_at"),
        last_used_at: s("last_used_at"),
        user_id: v.get("user_id").and_then(Json::as_u64),
        active: flag("active") != Some(false) && flag("revoked") != Some(true) && flag("expired") != Some(true),
        granular,
        scopes,
    })
}

fn user_info(v: &Json) -> Option<UserInfo> {
    let s = |k: &str| v.get(k).and_then(Json::as_str).map(str::to_owned);
    Some(UserInfo {
        id: v.get("id").and_then(Json::as_u64),
        username: s("username")?,
        name: s("name").unwrap_or_default(),
        web_url: s("web_url").filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        bot: v.get("bot").and_then(Json::as_bool).unwrap_or(false),
    })
}

/// A rejection before any request: problems per field, and a verdict to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub problems: Vec<Problem>,
    pub verdict: Verdict,
    /// The host looked like another one ([`Host::warnings`]): the origin to confirm. Passing it
    /// back to [`crate::precheck`] as `confirmed` lets the check go ahead.
    pub confirm: Option<String>,
}

/// The verdict for problems found by [`crate::precheck`]. With a usable host, the
/// "create a token" link is filled in when a new token is the fix.
pub fn rejection_verdict(problems: &[Problem], host: Option<&Host>, requirement: &Requirement) -> Verdict {
    let token_id = problems
        .iter()
        .find(|p| p.field == Field::Token)
        .map_or("", |p| p.message.id);
    let (headline, fixes): (&str, &[&str]) = if token_id.starts_with("token-type-") {
        ("verdict-wrong-token-type", &["fix-create-token"])
    } else if token_id == "token-truncated-or-mistyped" {
        ("verdict-token-damaged", &["fix-copy-again", "fix-create-token"])
    } else if problems
        .iter()
        .any(|p| p.field == Field::Host && !is_host_warning(&p.message))
    {
        ("verdict-host-rejected", &[])
    } else if token_id.is_empty() {
        ("verdict-host-lookalike", &[])
    } else {
        ("verdict-token-rejected", &[])
    };
    let outcome = if headline == "verdict-host-lookalike" {
        Outcome::Warning
    } else {
        Outcome::Error
    };
    let (mut details, mut fix_msgs) = (Vec::new(), Vec::new());
    for p in problems {
        details.push(p.message.clone());
    }
    for f in fixes {
        fix_msgs.push(m0(f));
    }
    Verdict {
        outcome,
        headline: m0(headline),
        details,
        fixes: fix_msgs,
        token: None,
        user: None,
        scopes: None,
        gitlab_version: None,
        create_token_url: host
            .filter(|_| !fixes.is_empty())
            .map(|h| requirement.create_token_url(h)),
        base: host.map(|h| h.base.clone()).unwrap_or_default(),
    }
}

/// Whether `m` is one of [`Host::warnings`] (asks for a confirmation, not a correction).
pub fn is_host_warning(m: &Message) -> bool {
    crate::in_words(crate::lookalike::WARNINGS, m.id)
}
