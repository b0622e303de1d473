//! Token input: cleans what was pasted (whitespace, quotes, a `Bearer` / `PRIVATE-TOKEN:`
//! header), names GitLab's other token types by prefix, and checks personal access tokens
//! offline: legacy (`glpat-` + 20) and routable (`….01.…`, CRC32 verified) formats, with
//! optional instance prefixes (`mycompany-glpat-`). Unknown shapes are accepted with a note,
//! since instances can change the prefix.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::messages::{Arg, Message, m_str, m0, msg};
use crate::{all_bytes, any_byte, has_byte, last_of, sub, tail};

/// A token ready to send, with what could be learned offline. Its `Debug` output never shows
/// the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    /// The cleaned token (what goes into the `PRIVATE-TOKEN` header).
    pub value: String,
    pub kind: TokenKind,
    /// Notes for the reader (`token-header-stripped`, format doubts).
    pub notes: Vec<Message>,
}

impl core::fmt::Debug for Token {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Token")
            .field("value", &Redacted(self.value.len()))
            .field("kind", &self.kind)
            .field("notes", &self.notes)
            .finish()
    }
}

/// The value is overwritten before its memory is freed, so the token does not linger in the
/// wasm memory after a check (best effort: copies the browser holds are out of reach).
impl Drop for Token {
    fn drop(&mut self) {
        let mut bytes = core::mem::take(&mut self.value).into_bytes();
        bytes.fill(0);
        core::hint::black_box(&mut bytes);
    }
}

/// Stands for a secret in `Debug` output: only its length is shown.
pub struct Redacted(pub usize);

impl core::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "<redacted, {} bytes>", self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenKind {
    /// A personal (or project, group, impersonation) access token.
    Pat {
        /// Everything before the random part: `glpat-`, `mycompany-glpat-`, a custom prefix,
        /// or empty for very old tokens.
        prefix: String,
        format: PatFormat,
    },
    /// No known prefix or shape: possibly a PAT with a custom prefix.
    Unrecognized,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatFormat {
    /// Prefix + 20 random characters.
    Legacy,
    /// Prefix + base64url payload + `[.01].` + length + CRC32, checksum verified.
    Routable {
        /// `.01.` form (current); `false` for the first, unversioned form.
        versioned: bool,
        /// The `u:` user id in the payload: a hint only, never proof.
        user_id: Option<u64>,
    },
    /// A known PAT prefix but neither known length.
    Unexpected,
}

/// Other GitLab token prefixes, each with the message explaining why it can't be used here.
const OTHER_TYPES: &[(&str, &str)] = &[
    ("gldt-", "token-type-deploy"),
    ("glrt-", "token-type-runner"),
    ("glrtr-", "token-type-runner"),
    ("GR1348941", "token-type-runner-registration"),
    ("glcbt-", "token-type-job"),
    ("glptt-", "token-type-trigger"),
    ("glft-", "token-type-feed"),
    ("glimt-", "token-type-incoming-mail"),
    ("glagent-", "token-type-agent"),
    ("glwt-", "token-type-workspace"),
    ("glsoat-", "token-type-scim"),
    ("glffct-", "token-type-feature-flags"),
    ("gloas-", "token-type-oauth-secret"),
];
const PAT_PREFIX: &str = "glpat-";

/// Where a known prefix starts: at 0, or after an instance prefix ending in `-`.
fn find_prefix(s: &str, p: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len().min(64)).find(|&at| b[at..].starts_with(p.as_bytes()) && (at == 0 || b[at - 1] == b'-'))
}

/// Headers a token is often pasted with.
const HEADERS: [&str; 3] = ["authorization:", "private-token:", "bearer "];

/// True if `s` looks like a GitLab secret, or a header carrying one (used to refuse a token pasted
/// into the host field before anything could echo it or look it up): any known prefix, also
/// after an instance prefix (`mycompany-glpat-`), a routable token's checksum, a session cookie,
/// or a `PRIVATE-TOKEN:` / `Authorization:` / `Bearer` header.
pub fn looks_like_secret(s: &str) -> bool {
    let head = strip_quotes_one_side(s.get(..15).unwrap_or(s)).to_ascii_lowercase();
    HEADERS.iter().any(|h| head.starts_with(h))
        || find_prefix(s, PAT_PREFIX).is_some()
        || OTHER_TYPES.iter().any(|(p, _)| find_prefix(s, p).is_some())
        || crate::find(s, "_gitlab_session=").is_some()
        || routable(s).is_some()
}

/// Cleans and classifies the token field.
pub fn parse(input: &str) -> Result<Token, Message> {
    let mut s = crate::trim(input);
    let mut notes = Vec::new();
    let mut stripped = false;
    for _ in 0..3 {
        s = strip_quotes(s);
        let lower = s.get(..15).unwrap_or(s).to_ascii_lowercase();
        match HEADERS.iter().find(|h| lower.starts_with(*h)) {
            Some(h) => {
                s = crate::trim(tail(s, h.len()));
                stripped = true;
            }
            None => break,
        }
    }
    if stripped {
        // Name the header as pasted ("Authorization: Bearer", "PRIVATE-TOKEN:"); `s` is a
        // sub-slice of `input`, so its offset is where the header ends.
        let offset = s.as_ptr() as usize - input.as_ptr() as usize;
        let header = crate::trim(sub(input, 0, offset));
        let header = strip_quotes_one_side(header);
        notes.push(m_str("token-header-stripped", "header", header));
    }
    if s.is_empty() {
        return Err(m0("token-empty"));
    }
    if s.chars().any(char::is_whitespace) {
        return Err(m0("token-whitespace"));
    }
    if crate::find(s, "_gitlab_session=").is_some() {
        return Err(m0("token-type-session-cookie"));
    }
    if crate::find(s, "://").is_some() {
        return Err(m0("token-looks-like-url"));
    }
    // Masked (`****`, `•••`) or shortened (`…`) copies, smart quotes, and so on.
    if let Some(c) = s.chars().find(|c| !c.is_ascii_graphic() || *c == '*') {
        return Err(m_str("token-invalid-characters", "char", c.encode_utf8(&mut [0; 4])));
    }

    let pat_at = find_prefix(s, PAT_PREFIX);
    // The earliest other prefix (a loop: smaller in the wasm than `filter_map` + `min_by_key`).
    let mut other: Option<(usize, &'static str)> = None;
    for (p, id) in OTHER_TYPES {
        if let Some(at) = find_prefix(s, p)
            && other.is_none_or(|(o, _)| at < o)
        {
            other = Some((at, id));
        }
    }
    if let Some((at, id)) = other
        && pat_at.is_none_or(|p| at < p)
    {
        return Err(m0(id));
    }

    let value = s.to_owned();
    let kind = if let Some(at) = pat_at {
        let prefix_end = at + PAT_PREFIX.len();
        let rest = tail(s, prefix_end);
        let format = if has_byte(rest.as_bytes(), b'.') {
            match routable(s) {
                Some((_, f)) => f,
                None => return Err(m0("token-truncated-or-mistyped")),
            }
        } else if rest.len() == 20 && all_bytes(rest.as_bytes(), is_b64url) {
            if any_byte(rest.as_bytes(), |b| has_byte(b"lIO0", b)) {
                notes.push(m0("token-pat-confusable"));
            }
            PatFormat::Legacy
        } else {
            notes.push(msg(
                "token-pat-unexpected-length",
                vec![("length", Arg::Num(rest.len() as i64))],
            ));
            PatFormat::Unexpected
        };
        TokenKind::Pat {
            prefix: sub(s, 0, prefix_end).to_owned(),
            format,
        }
    } else if let Some((prefix_len, format)) = routable(s) {
        TokenKind::Pat {
            prefix: sub(s, 0, prefix_len).to_owned(),
            format,
        }
    } else if s.len() == 20 && all_bytes(s.as_bytes(), is_b64url) {
        notes.push(m0("token-no-prefix"));
        TokenKind::Pat {
            prefix: String::new(),
            format: PatFormat::Legacy,
        }
    } else {
        let oauth = s.len() == 64 && all_bytes(s.as_bytes(), |b| b.is_ascii_hexdigit());
        notes.push(m0(if oauth {
            "token-looks-oauth"
        } else {
            "token-unknown-format"
        }));
        TokenKind::Unrecognized
    };
    Ok(Token { value, kind, notes })
}

/// Drops quote characters at either end (a header pasted as `"PRIVATE-TOKEN: …"`).
fn strip_quotes_one_side(s: &str) -> &str {
    // ASCII quotes: byte offsets, without the `char` pattern searchers.
    let b = s.as_bytes();
    let quote = |c: u8| matches!(c, b'"' | b'\'' | b'`');
    let (mut start, mut end) = (0, b.len());
    while start < end && quote(b[start]) {
        start += 1;
    }
    while end > start && quote(b[end - 1]) {
        end -= 1;
    }
    sub(s, start, end)
}

fn strip_quotes(s: &str) -> &str {
    let b = s.as_bytes();
    if b.len() >= 2 && b[0] == b[b.len() - 1] && matches!(b[0], b'"' | b'\'' | b'`') {
        crate::trim(sub(s, 1, s.len() - 1))
    } else {
        s
    }
}

fn is_b64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// Parses a routable token: `<prefix><b64url>[.<vv>].<len:2><crc:7>` where the CRC32 (base36,
/// zero-padded) covers everything before it and `len` (base36) is the base64 part's length.
/// Returns the prefix length and format, or `None` if the structure or checksum is wrong.
pub(crate) fn routable(t: &str) -> Option<(usize, PatFormat)> {
    let dot = last_of(t.as_bytes(), b'.')?;
    let end = tail(t, dot + 1);
    if end.len() != 9 || !all_bytes(end.as_bytes(), |b| b.is_ascii_digit() || b.is_ascii_lowercase()) {
        return None;
    }
    let b64_len = base36(&end.as_bytes()[..2])? as usize;
    let crc = base36(&end.as_bytes()[2..])?;
    if crc32(&t.as_bytes()[..t.len() - 7]) as u64 != crc {
        return None;
    }
    let head = sub(t, 0, dot);
    let hb = head.as_bytes();
    let versioned = hb.len() >= 3
        && hb[hb.len() - 3] == b'.'
        && hb[hb.len() - 2..]
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
    let b64_end = if versioned { head.len() - 3 } else { head.len() };
    let b64_start = b64_end.checked_sub(b64_len)?;
    let b64 = t.get(b64_start..b64_end)?;
    if !all_bytes(b64.as_bytes(), is_b64url) {
        return None;
    }
    let user_id = b64url_decode(b64).and_then(|bytes| payload_user(&bytes, versioned));
    Some((b64_start, PatFormat::Routable { versioned, user_id }))
}

/// Finds `u:<base36>` in the decoded payload. Versioned: random ‖ payload ‖ [n];
/// unversioned: payload ‖ random ‖ [n], where n is the random part's length.
fn payload_user(bytes: &[u8], versioned: bool) -> Option<u64> {
    let (&n, body) = bytes.split_last()?;
    let n = n as usize;
    let payload = if versioned {
        body.get(n..)?
    } else {
        body.get(..body.len().checked_sub(n)?)?
    };
    payload
        .split(|b| *b == b'\n')
        .find_map(|kv| kv.strip_prefix(b"u:"))
        .and_then(base36)
}

/// Lowercase base36 (as GitLab writes it), at most 12 digits.
fn base36(s: &[u8]) -> Option<u64> {
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    s.iter().try_fold(0u64, |acc, &b| {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'z' => b - b'a' + 10,
            _ => return None,
        };
        Some(acc * 36 + d as u64)
    })
}

/// Unpadded base64url decoding.
fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

/// CRC-32 (IEEE, as zlib), bitwise.
pub fn crc32(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = (c >> 1) ^ (0xEDB8_8320 & (c & 1).wrapping_neg());
        }
    }
    !c
}
