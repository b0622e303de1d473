//! Host input: turns what a reader types or pastes (a host name, an instance URL, or the URL of
//! any GitLab page) into the instance base URL, or one specific reason why it can't be used.
//!
//! # How a pasted page URL is reduced
//! The path is scanned left to right for the first *marker*:
//! - `/-/<instance route>` (`user_settings`, `profile`, `ide`, …), `/api/v4` (or `v3`), and
//!   `/users/<sign_in|sign_up|password|auth|…>`: everything before the marker is kept as the
//!   self-managed relative root (`https://example.com/gitlab/-/user_settings/…` →
//!   `https://example.com/gitlab`, with a `host-sub-path-kept` note);
//! - `/-/` followed by anything else is a project or group page: the namespace path can't be
//!   told apart from a relative root, so the root is used (except `/x/-/…`: project pages
//!   need two segments and group pages live under `/groups/`, so `x` is a relative root);
//! - a reserved top-level route as the first segment (`groups`, `explore`, `dashboard`, …)
//!   means the root; `explore`, `dashboard`, `admin`, `help` further down, followed by another
//!   segment, mark a relative root;
//! - a single segment and nothing else (`https://example.com/gitlab`): kept as the relative
//!   root, since that is how a sub-path install is written (it may also be a user or group
//!   page, so the root is the alternate);
//! - otherwise no marker (`https://gitlab.com/group/project`): the root.
//!
//! When a path is dropped without a marker proving that's right, a `host-path-dropped` note is
//! added. For uncertain readings, except on gitlab.com (which never has a sub-path),
//! [`Host::alternate`] holds the other reading (root + first segment, or the root). The check
//! tries it when `base` does not answer like GitLab's API.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::messages::{Arg, Message, m_str, m0, msg};
use crate::{all_bytes, any_byte, cat, cut_at, has_byte, in_words, last_of, small_num, split_at_byte, sub, tail};

/// A usable GitLab instance address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    /// `scheme://host[:port][/relative/root]`, lowercase host, no trailing slash,
    /// default port removed. E.g. `https://example.com/gitlab`.
    pub base: String,
    /// A second reading of an ambiguous pasted path (root + first path segment), tried only
    /// when `base` does not answer like GitLab's API.
    pub alternate: Option<String>,
    /// Notes on how the input was read (`host-path-dropped`, `host-sub-path-kept`).
    pub notes: Vec<Message>,
    /// `scheme://host[:port]` in ASCII: exactly what the browser will contact.
    pub origin: String,
    /// The host name was typed with non-ASCII characters, so [`Host::origin`] (punycode)
    /// differs from what the reader sees in the field.
    pub idn: bool,
    /// Reasons to look twice before sending a token there (look-alike characters, a name that
    /// only starts with gitlab.com): the reader confirms with one more click.
    pub warnings: Vec<Message>,
}

impl Host {
    /// `{base}/api/v4/{path}`.
    pub fn api_url(&self, path: &str) -> String {
        api_url(&self.base, path)
    }

    /// The line shown under the host field: where the token will go, in ASCII.
    pub fn origin_line(&self) -> Message {
        let id = if self.idn {
            "origin-will-contact-idn"
        } else {
            "origin-will-contact"
        };
        m_str(id, "origin", &self.origin)
    }

    /// True for GitLab.com itself.
    pub fn is_gitlab_com(&self) -> bool {
        self.base == "https://gitlab.com"
    }

    /// The "new personal access token" page, pre-filled:
    /// `{base}/-/user_settings/personal_access_tokens?name=…&scopes=a,b` (percent-encoded).
    pub fn token_settings_url(&self, name: &str, scopes: &[String]) -> String {
        settings_url(&self.base, name, scopes)
    }
}

pub(crate) fn settings_url(base: &str, name: &str, scopes: &[String]) -> String {
    let mut u = cat(&[base, "/-/user_settings/personal_access_tokens"]);
    let named = !name.is_empty();
    if named {
        u.push_str("?name=");
        encode_into(&mut u, name);
    }
    for (i, s) in scopes.iter().enumerate() {
        u.push_str(match (i, named) {
            (0, false) => "?scopes=",
            (0, true) => "&scopes=",
            _ => ",",
        });
        encode_into(&mut u, s);
    }
    u
}

pub(crate) fn api_url(base: &str, path: &str) -> String {
    let mut path = path;
    while let Some(rest) = path.strip_prefix('/') {
        path = rest;
    }
    cat(&[base, "/api/v4/", path])
}

/// Percent-encodes everything except ASCII letters, digits and `-._~`.
fn encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || has_byte(b"-._~", b) {
            crate::push_char(out, b as char);
        } else {
            crate::push_char(out, '%');
            crate::push_char(out, HEX[(b >> 4) as usize] as char);
            crate::push_char(out, HEX[(b & 15) as usize] as char);
        }
    }
}

/// Parses the host field. `to_ascii` converts a non-ASCII host name to its ASCII (punycode)
/// form, or returns `None` if it is not a valid name.
pub fn parse(input: &str, to_ascii: &dyn Fn(&str) -> Option<String>) -> Result<Host, Message> {
    let s = crate::trim(input);
    if s.is_empty() {
        return Err(m0("host-empty"));
    }
    // First, so that nothing below can echo a pasted secret.
    if crate::token::looks_like_secret(s) {
        return Err(m0("host-looks-like-token"));
    }
    if s.chars().any(char::is_whitespace) {
        return Err(m0("host-whitespace"));
    }
    if let Some(m) = scheme_typo(s) {
        return Err(m);
    }

    // Scheme.
    let (scheme, rest) = match crate::find(s, "://") {
        Some(i) => {
            let scheme = sub(s, 0, i).to_ascii_lowercase();
            let rest = tail(s, i + 3);
            match scheme.as_str() {
                "https" => (Some("https"), rest),
                "http" => (Some("http"), rest),
                s if in_words("ssh git+ssh ssh+git git", s) => return Err(ssh_error(rest, to_ascii)),
                _ => return Err(m_str("host-bad-scheme", "scheme", &clip(&scheme))),
            }
        }
        None => {
            // `git@host:group/project.git` or `host:group/project.git` (scp-like SSH).
            let first = &s.as_bytes()[..cut_at(s, b"/?#")];
            if let Some(colon) = last_of(first, b':')
                && !all_bytes(&first[colon + 1..], |b| b.is_ascii_digit())
                && !any_byte(&first[..colon], |b| b == b'[' || b == b']')
                && (has_byte(&first[..colon], b'@') || has_byte(s.as_bytes(), b'/'))
            {
                return Err(ssh_error(s, to_ascii));
            }
            (None, s)
        }
    };

    // Authority.
    let auth_end = cut_at(rest, b"/?#");
    let authority = sub(rest, 0, auth_end);
    let remainder = tail(rest, auth_end);
    if has_byte(authority.as_bytes(), b'@') {
        return Err(m0("host-credentials"));
    }
    let (typed, port) = split_port(authority)?;
    let name = normalize_name(typed, to_ascii)?;
    if is_gitlab_website(&name) {
        return Err(m_str("host-gitlab-website", "name", &clip(&name)));
    }
    let loopback = is_loopback(&name);
    let scheme = scheme.unwrap_or(if loopback { "http" } else { "https" });
    // The port as typed (validated digits), unless it is the scheme's default.
    let port_for = |default: u32| match port {
        Some(p) if small_num(p) != Some(default) => cat(&[":", p]),
        _ => String::new(),
    };
    if scheme == "http" && !loopback {
        // `[::1]` and `127.0.0.2` are this computer too, but the page's CSP can only allow them by name.
        if is_loopback_address(&name) {
            let url = cat(&["http://localhost", &port_for(80)]);
            return Err(m_str("host-loopback-by-name", "url", &url));
        }
        let url = cat(&["https://", &name, &port_for(80)]);
        return Err(m_str("host-insecure-http", "url", &url));
    }
    let root = cat(&[
        scheme,
        "://",
        &name,
        &port_for(if scheme == "https" { 443 } else { 80 }),
    ]);

    // Path, query, fragment.
    let qpos = cut_at(remainder, b"?#");
    let query = tail(remainder, qpos);
    let mut segs: Vec<&str> = Vec::new();
    for p in &split_at_byte(sub(remainder, 0, qpos), b'/') {
        if !p.is_empty() {
            segs.push(p);
        }
    }
    let is_com = name == "gitlab.com";
    let (keep, sure) = reduce(&segs, is_com);
    if keep == segs.len() && query.len() > 1 {
        return Err(m0("host-query-or-fragment"));
    }
    let base = cat(&[&root, &join_path(&segs[..keep])]);
    let root_copy = root.clone();
    let mut notes = Vec::new();
    if keep > 0 {
        notes.push(path_note("host-sub-path-kept", &base, &segs[..keep]));
    }
    if !sure && keep < segs.len() {
        notes.push(path_note("host-path-dropped", &base, &segs[keep..]));
    }
    let alternate = match (sure || is_com, keep) {
        (true, _) => None,
        (false, 0) => Some(cat(&[&root, "/", segs[0]])),
        (false, _) => Some(root),
    };
    let typed = typed.strip_suffix('.').unwrap_or(typed);
    Ok(Host {
        base,
        alternate,
        notes,
        idn: !ascii_only(typed),
        warnings: crate::lookalike::warnings(typed, &name),
        origin: root_copy,
    })
}

/// Text from the host field, shortened for echoing in a message (at most 60 characters).
pub(crate) fn clip(s: &str) -> String {
    // The byte offset of the 61st character: where the 61st non-continuation byte is.
    let mut chars = 0;
    for (i, b) in s.bytes().enumerate() {
        if b & 0xc0 != 0x80 {
            if chars == 60 {
                return cat(&[sub(s, 0, i), "…"]);
            }
            chars += 1;
        }
    }
    s.to_owned()
}

/// A mistyped or doubled scheme (`https//x`, `https:/x`, `htps://x`, `https://https://x`): the
/// address it should have been. `None` for a correct single scheme or none at all.
fn scheme_typo(s: &str) -> Option<Message> {
    let (mut rest, mut n, mut exact, mut https) = (s, 0, true, false);
    while let Some((len, ok, closer_https)) = scheme_prefix(rest) {
        n += 1;
        exact &= ok;
        https |= closer_https;
        rest = tail(rest, len);
    }
    if n == 0 || (n == 1 && exact) {
        return None;
    }
    let url = cat(&[if https { "https://" } else { "http://" }, rest]);
    let id = if n > 1 {
        "host-scheme-doubled"
    } else {
        "host-scheme-typo"
    };
    Some(m_str(id, "url", &clip(&url)))
}

/// A scheme attempt at the start of `s`: 3–7 letters starting with `h`, within two edits of
/// `http` or `https`, then a run of `:`, `;` and `/`. Returns its length, whether it is exactly
/// `http://` or `https://`, and whether it is nearer `https` than `http`.
fn scheme_prefix(s: &str) -> Option<(usize, bool, bool)> {
    let b = s.as_bytes();
    let letters = run_len(b, |c| c.is_ascii_alphabetic());
    let seps = run_len(b.get(letters..).unwrap_or(&[]), |c| has_byte(b":;/", c));
    let word = sub(s, 0, letters).to_ascii_lowercase();
    let sep = sub(s, letters, letters + seps);
    // `host:8080` is a port, not a scheme.
    let port = sep == ":" && b.get(letters + 1).is_some_and(u8::is_ascii_digit);
    if !(3..=7).contains(&letters) || !word.starts_with('h') || seps == 0 || port {
        return None;
    }
    let (d_http, d_https) = (distance(&word, "http"), distance(&word, "https"));
    if d_http.min(d_https) > 2 {
        return None;
    }
    let exact = (word == "http" || word == "https") && sep == "://";
    Some((letters + seps, exact, d_https <= d_http))
}

/// `str::is_ascii` through [`all_bytes`] (its own word-at-a-time loop costs the wasm more).
fn ascii_only(s: &str) -> bool {
    all_bytes(s.as_bytes(), |b| b.is_ascii())
}

/// How many leading bytes pass `f`.
fn run_len(b: &[u8], f: fn(u8) -> bool) -> usize {
    let mut n = 0;
    while n < b.len() && f(b[n]) {
        n += 1;
    }
    n
}

/// Levenshtein distance of two short ASCII words. `b` is `http` or `https` (at most its first 7
/// bytes count): the row is a fixed array, not a vector.
fn distance(a: &str, b: &str) -> usize {
    let b = &b.as_bytes()[..b.len().min(7)];
    let mut row = [0usize; 8];
    for (j, r) in row.iter_mut().enumerate() {
        *r = j;
    }
    for (i, ca) in a.bytes().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn path_note(id: &'static str, base: &str, segs: &[&str]) -> Message {
    msg(
        id,
        vec![("base", Arg::Str(base.to_owned())), ("path", Arg::Str(join_path(segs)))],
    )
}

fn join_path(segs: &[&str]) -> String {
    let mut p = String::new();
    for s in segs {
        crate::push_char(&mut p, '/');
        p.push_str(s);
    }
    p
}

// The route lists are space-separated words ([`in_words`](crate::in_words)): one string each, no table of
// string pointers in the wasm.
/// `-/<these>` are instance-wide pages: what comes before `/-/` is the relative root.
const DASH_INSTANCE: &str = "user_settings profile ide organizations operations remote_development kubernetes timelogs graphql-explorer jira_connect readiness liveness health metrics autocomplete whats_new manifest.json sandbox search abuse_reports emojis trial_registrations";
const USERS_ROUTES: &str =
    "sign_in sign_up sign_out password auth confirmation unlock almost_there identity_verification";
/// Reserved first segments: the page is at the instance root.
const TOP_ROUTES: &str =
    "- api users groups projects explore dashboard admin help search snippets oauth profile import uploads assets";
/// Deeper down, followed by another segment: a relative-root marker.
const DEEP_ROUTES: &str = "explore dashboard admin help";
/// How many leading segments form the base, and whether that reading is certain.
fn reduce(segs: &[&str], is_com: bool) -> (usize, bool) {
    if segs.is_empty() || in_words(TOP_ROUTES, segs[0]) {
        return (0, true);
    }
    if segs.len() == 1 && !is_com {
        // `https://example.com/gitlab`: most likely typed on purpose as a relative root;
        // the root stays as the alternate (it may be a user or group page).
        return (1, false);
    }
    for i in 1..segs.len() {
        let next = segs.get(i + 1).copied();
        match segs[i] {
            "-" => {
                return match next {
                    Some(n) if in_words(DASH_INSTANCE, n) => (i, true),
                    // Project pages need two segments and group pages live under
                    // `/groups/`, so `/x/-/…` has `x` as relative root.
                    _ if i == 1 => (1, true),
                    _ => (0, false),
                };
            }
            "api" if matches!(next, Some("v4" | "v3")) => return (i, true),
            "users" if next.is_some_and(|n| in_words(USERS_ROUTES, n)) => return (i, true),
            s if in_words(DEEP_ROUTES, s) && next.is_some_and(|n| n != "-") => return (i, true),
            _ => {}
        }
    }
    (0, false)
}

fn ssh_error(rest: &str, to_ascii: &dyn Fn(&str) -> Option<String>) -> Message {
    // rest: `[user@]host[:port|:path][/path]`
    let first = sub(rest, 0, cut_at(rest, b"/?#"));
    let after_user = tail(first, last_of(first.as_bytes(), b'@').map_or(0, |i| i + 1));
    let host = sub(after_user, 0, cut_at(after_user, b":"));
    let name = normalize_name(host, to_ascii).unwrap_or_else(|_| host.to_ascii_lowercase());
    m_str("host-ssh-address", "url", &cat(&["https://", &name]))
}

/// Splits `host[:port]` / `[v6][:port]`; the port comes back as validated digits.
fn split_port(authority: &str) -> Result<(&str, Option<&str>), Message> {
    let (name, port) = if authority.starts_with('[') {
        match Some(cut_at(authority, b"]")).filter(|&end| end < authority.len()) {
            Some(end) => {
                let after = tail(authority, end + 1);
                match after.strip_prefix(':') {
                    Some(p) => (sub(authority, 0, end + 1), Some(p)),
                    None if after.is_empty() => (authority, None),
                    None => return Err(m_str("host-invalid-name", "name", &clip(authority))),
                }
            }
            None => return Err(m_str("host-invalid-name", "name", &clip(authority))),
        }
    } else {
        let colon = cut_at(authority, b":");
        (sub(authority, 0, colon), authority.get(colon + 1..))
    };
    match port {
        None | Some("") => Ok((name, None)),
        Some(p) if small_num(p).is_some_and(|n| (1..=65_535).contains(&n)) => Ok((name, Some(p))),
        Some(p) => Err(m_str("host-invalid-port", "port", &clip(p))),
    }
}

/// Lowercases, converts internationalized names, validates characters.
fn normalize_name(name: &str, to_ascii: &dyn Fn(&str) -> Option<String>) -> Result<String, Message> {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() {
        return Err(m0("host-empty"));
    }
    let invalid = || m_str("host-invalid-name", "name", &clip(name));
    let ascii = if ascii_only(name) {
        name.to_ascii_lowercase()
    } else {
        match to_ascii(name) {
            Some(a) if ascii_only(&a) && !a.is_empty() => a.to_ascii_lowercase(),
            _ => return Err(invalid()),
        }
    };
    if let Some(v6) = ascii.strip_prefix('[') {
        let inner = v6.strip_suffix(']').unwrap_or("");
        if inner.is_empty() || !all_bytes(inner.as_bytes(), |b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return Err(invalid());
        }
        return Ok(ascii);
    }
    if ascii.len() > 253 {
        return Err(invalid());
    }
    // A loop over the labels, not `all`: no adapter in the wasm.
    for l in &split_at_byte(&ascii, b'.') {
        if l.is_empty()
            || l.len() > 63
            || !all_bytes(l.as_bytes(), |b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(invalid());
        }
    }
    Ok(ascii)
}

/// GitLab's own websites that are not the GitLab.com application.
fn is_gitlab_website(name: &str) -> bool {
    in_words(
        "docs.gitlab.com about.gitlab.com www.gitlab.com forum.gitlab.com status.gitlab.com \
         handbook.gitlab.com registry.gitlab.com",
        name,
    ) || name.ends_with(".gitlab.io")
}

/// The only hosts the checker contacts over plain http, written as CSP host-source patterns. The site's
/// `connect-src` is built from this list (`http://<pattern>:*`), so the parser never accepts a host the
/// page's policy blocks. CSP cannot express `[::1]` (IPv6 literals are not host-sources) nor `127.0.0.2`
/// and the like (only `127.0.0.1` matches an IP source), so those go over https like any other host;
/// `localhost` reaches both loopback addresses.
pub const HTTP_LOOPBACK: &[&str] = &["127.0.0.1", "localhost", "*.localhost"];

/// `[::1]` or an address in `127.0.0.0/8`: loopback, but not expressible in a CSP.
fn is_loopback_address(name: &str) -> bool {
    let parts = split_at_byte(name, b'.');
    name == "[::1]"
        || (parts.len() == 4
            && parts[0] == "127"
            && parts[1..]
                .iter()
                .all(|p| p.len() <= 3 && small_num(p).is_some_and(|n| n <= 255)))
}

/// Whether `name` (lowercase ASCII) matches one of [`HTTP_LOOPBACK`]: the only hosts allowed over http.
pub fn is_loopback(name: &str) -> bool {
    HTTP_LOOPBACK.iter().any(|p| match p.strip_prefix("*.") {
        Some(parent) => name
            .strip_suffix(parent)
            .and_then(|rest| rest.strip_suffix('.'))
            .is_some_and(|label| !label.is_empty()),
        None => name == *p,
    })
}
