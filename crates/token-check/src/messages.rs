//! Message ids and arguments: the only thing this crate says to people. Texts live in
//! `locales/<lang>/checker.ftl`; [`MESSAGES`] lists every id the crate can emit with its variables.

#[allow(unused_imports)]
use crate::prelude::*;

/// One argument of a message. Strings that come from the GitLab API are always `Str` and
/// must be shown as text (never HTML).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Str(String),
    Num(i64),
    /// A calendar date `YYYY-MM-DD`, formatted by the browser.
    Date(String),
    /// A list of short strings (scope names), formatted as a list by the browser.
    List(Vec<String>),
}

/// A message to show: a Fluent id and its named arguments. (`Default`, an empty id, is only a
/// placeholder left behind by `core::mem::take`.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    /// The argument called `name`, if any.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, a)| a)
    }
}

/// An id the crate can emit and the variables its text may use (exactly these are passed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageSpec {
    pub id: &'static str,
    pub vars: &'static [&'static str],
}

/// Builds a message; in debug builds checks it against [`MESSAGES`]. The three builders stay out of
/// line: inlined at each of their ~100 call sites they cost the wasm ~190 bytes brotli.
#[inline(never)]
pub(crate) fn msg(id: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
    debug_assert!(
        MESSAGES
            .iter()
            .any(|s| s.id == id && s.vars.len() == args.len() && args.iter().all(|(n, _)| s.vars.contains(n))),
        "message {id} is not in MESSAGES with these variables"
    );
    Message { id, args }
}

/// A message without arguments.
#[inline(never)]
pub(crate) fn m0(id: &'static str) -> Message {
    msg(id, Vec::new())
}

/// A message with one string argument.
#[inline(never)]
pub(crate) fn m_str(id: &'static str, name: &'static str, value: &str) -> Message {
    msg(id, vec![(name, Arg::Str(value.to_owned()))])
}

const fn s(id: &'static str, vars: &'static [&'static str]) -> MessageSpec {
    MessageSpec { id, vars }
}

/// Every message id this crate can emit, with its variables. Both `checker.ftl` files must
/// define each of them with the same variables (a test enforces it).
pub const MESSAGES: &[MessageSpec] = &[
    // Host field: problems (block the check).
    s("host-empty", &[]),
    s("host-whitespace", &[]),
    s("host-credentials", &[]),
    s("host-ssh-address", &["url"]),
    s("host-bad-scheme", &["scheme"]),
    s("host-insecure-http", &["url"]),
    s("host-loopback-by-name", &["url"]),
    s("host-invalid-name", &["name"]),
    s("host-invalid-port", &["port"]),
    s("host-query-or-fragment", &[]),
    s("host-looks-like-token", &[]),
    s("host-gitlab-website", &["name"]),
    s("host-scheme-typo", &["url"]),
    s("host-scheme-doubled", &["url"]),
    // Host field: warnings (the check goes ahead after one more click).
    s("host-lookalike-punctuation", &["char", "code"]),
    s("host-mixed-scripts", &["char", "code"]),
    s("host-confusable", &["char", "code"]),
    s("host-looks-like-gitlab-com", &["name"]),
    // Under the host field: where the token will go.
    s("origin-will-contact", &["origin"]),
    s("origin-will-contact-idn", &["origin"]),
    // Host field: notes.
    s("host-path-dropped", &["base", "path"]),
    s("host-sub-path-kept", &["base", "path"]),
    s("host-alternate-used", &["base"]),
    s("host-alternate-failed", &["base"]),
    // Token field: problems (block the check).
    s("token-empty", &[]),
    s("token-whitespace", &[]),
    s("token-invalid-characters", &["char"]),
    s("token-looks-like-url", &[]),
    s("token-truncated-or-mistyped", &[]),
    s("token-type-deploy", &[]),
    s("token-type-runner", &[]),
    s("token-type-runner-registration", &[]),
    s("token-type-job", &[]),
    s("token-type-trigger", &[]),
    s("token-type-feed", &[]),
    s("token-type-incoming-mail", &[]),
    s("token-type-agent", &[]),
    s("token-type-workspace", &[]),
    s("token-type-scim", &[]),
    s("token-type-feature-flags", &[]),
    s("token-type-oauth-secret", &[]),
    s("token-type-session-cookie", &[]),
    // Token field: notes (the check still runs).
    s("token-header-stripped", &["header"]),
    s("token-pat-unexpected-length", &["length"]),
    s("token-pat-confusable", &[]),
    s("token-no-prefix", &[]),
    s("token-looks-oauth", &[]),
    s("token-unknown-format", &[]),
    // Verdict headlines.
    s("verdict-ok", &[]),
    s("verdict-host-rejected", &[]),
    s("verdict-host-lookalike", &[]),
    s("verdict-token-rejected", &[]),
    s("verdict-wrong-token-type", &[]),
    s("verdict-token-damaged", &[]),
    s("verdict-token-unknown", &[]),
    s("verdict-token-expired", &[]),
    s("verdict-token-revoked", &[]),
    s("verdict-token-invalid", &[]),
    s("verdict-token-inactive", &[]),
    s("verdict-account-blocked", &[]),
    s("verdict-not-a-pat", &[]),
    s("verdict-missing-scopes", &[]),
    s("verdict-not-gitlab-api", &[]),
    s("verdict-unexpected-response", &[]),
    s("verdict-proxy-auth", &[]),
    s("verdict-rate-limited", &[]),
    s("verdict-server-error", &[]),
    s("verdict-http-error", &[]),
    s("verdict-network-error", &[]),
    s("verdict-timeout", &[]),
    s("verdict-redirect", &[]),
    s("verdict-response-too-large", &[]),
    s("verdict-expires-today", &[]),
    s("verdict-expires-very-soon", &[]),
    s("verdict-expires-soon", &[]),
    s("verdict-never-expires", &[]),
    s("verdict-extra-scopes", &[]),
    s("verdict-fine-grained", &[]),
    s("verdict-scopes-unknown", &[]),
    // Details.
    s("detail-api-message", &["message"]),
    s("detail-status", &["status"]),
    s("detail-html-body", &[]),
    s("detail-unexpected-json", &[]),
    s("detail-network-causes", &[]),
    s("detail-redirect", &["url"]),
    s("detail-response-too-large", &[]),
    s("detail-retry-after-hidden", &[]),
    s("detail-old-gitlab", &[]),
    s("detail-fine-grained", &[]),
    s("user-not-visible", &[]),
    s("user-not-loaded", &[]),
    s("user-id-hint", &["id"]),
    s("scopes-missing", &["scopes"]),
    s("scopes-missing-one-of", &["scopes"]),
    s("scopes-extra", &["scopes"]),
    s("scopes-instead", &["scope", "instead"]),
    s("expiry-in-days", &["days", "date"]),
    s("expiry-last-day", &["date"]),
    s("expiry-today", &["date"]),
    s("expiry-never", &[]),
    // Fixes.
    s("fix-create-token", &[]),
    s("fix-copy-again", &[]),
    s("fix-check-host", &[]),
    s("fix-rotate", &[]),
    s("fix-set-expiry", &[]),
    s("fix-reduce-scopes", &[]),
    s("fix-wait", &[]),
    s("fix-open-api-url", &["url"]),
    s("fix-redirect-final-address", &[]),
    s("fix-sign-in-proxy", &[]),
    s("fix-contact-admin", &[]),
    s("fix-status-page", &[]),
];
