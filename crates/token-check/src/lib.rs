//! Pure GitLab personal-access-token checking: host input, token formats, scope rules and a
//! request/response state machine that turns GitLab's answers into a [`Verdict`].
//!
//! Nothing here does I/O or reads a clock: the browser edge (`token-check-web`) performs the
//! requests this crate asks for, passes "now" in, and renders the [`Message`]s (ids and
//! arguments only; the texts live in `locales/<lang>/checker.ftl`).
//!
//! Typical flow:
//! 1. [`precheck`] the two form fields (problems of both fields are collected together);
//! 2. [`Check::new`], then loop `next_request` → fetch → `on_response` / `on_network_error`;
//! 3. [`Check::verdict`] once `next_request` returns `None`.

#![cfg_attr(not(test), no_std)]
// No `std`: the wasm widget links this crate without std's panic and formatting machinery.
extern crate alloc;

#[allow(unused_imports)]
use prelude::*;

/// What `std`'s prelude would give (this crate is `no_std`).
#[allow(unused_imports)]
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::boxed::Box;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod check;
pub mod expiry;
pub mod host;
mod json;
mod lookalike;
pub mod messages;
pub mod scopes;
pub mod token;

pub use check::{
    Check, MAX_BODY_BYTES, NetError, Outcome, Rejection, Request, Response, TokenInfo, UserInfo, Verdict,
    is_host_warning, rejection_verdict,
};
pub use host::Host;
pub use lookalike::code_point;
pub use messages::{Arg, MESSAGES, Message, MessageSpec};
pub use scopes::{ExtraScope, Requirement, ScopeReport};
pub use token::{PatFormat, Token, TokenKind};

/// Which form field a pre-check problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Host,
    Token,
}

/// A problem found before any request, tied to the field to highlight.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub field: Field,
    pub message: Message,
}

/// Checks both form fields locally, before anything is sent. Problems of both fields are
/// collected together, with a verdict to show. `to_ascii` converts an internationalized host
/// name to its ASCII (punycode) form; in the browser that is the `URL` API.
///
/// A host with [`Host::warnings`] is refused until `confirmed` equals its [`Host::origin`]: the
/// reader has seen the warnings and the origin and clicked once more
/// ([`Rejection::confirm`] says which origin to pass back). Otherwise pass `""`.
pub fn precheck(
    host_input: &str,
    token_input: &str,
    requirement: &Requirement,
    to_ascii: &dyn Fn(&str) -> Option<String>,
    confirmed: &str,
) -> Result<(Host, Token), Box<Rejection>> {
    let host = host::parse(host_input, to_ascii);
    let token = token::parse(token_input);
    let mut problems = Vec::new();
    let mut confirm = None;
    match &host {
        Err(m) => problems.push(Problem {
            field: Field::Host,
            message: m.clone(),
        }),
        Ok(h) if !h.warnings.is_empty() && h.origin != confirmed => {
            confirm = Some(h.origin.clone());
            for w in &h.warnings {
                problems.push(Problem {
                    field: Field::Host,
                    message: w.clone(),
                });
            }
        }
        Ok(_) => {}
    }
    if let Err(m) = &token {
        problems.push(Problem {
            field: Field::Token,
            message: m.clone(),
        });
    }
    match (host, token) {
        (Ok(h), Ok(t)) if problems.is_empty() => Ok((h, t)),
        (h, _) => {
            let verdict = rejection_verdict(&problems, h.as_ref().ok(), requirement);
            Err(Box::new(Rejection {
                problems,
                verdict,
                confirm,
            }))
        }
    }
}

/// Byte offset of `needle` in `hay` (a plain window search: smaller in wasm than `str::find`).
pub(crate) fn find(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len().max(1))
        .position(|w| w == needle.as_bytes())
}

/// Whether every byte passes `f`. A function pointer, not a generic: one loop in the wasm for all
/// callers instead of one per closure.
#[inline(never)]
pub(crate) fn all_bytes(s: &[u8], f: fn(u8) -> bool) -> bool {
    for &b in s {
        if !f(b) {
            return false;
        }
    }
    true
}

/// Whether some byte passes `f` (see [`all_bytes`]).
#[inline(never)]
pub(crate) fn any_byte(s: &[u8], f: fn(u8) -> bool) -> bool {
    for &b in s {
        if f(b) {
            return true;
        }
    }
    false
}

/// Whether `byte` is in `set`. A plain loop: `<[u8]>::contains` goes through `memchr`, which
/// costs the wasm ~700 bytes for sets of a few bytes. (Public for the widget.)
#[inline(never)]
pub fn has_byte(set: &[u8], byte: u8) -> bool {
    for &b in set {
        if b == byte {
            return true;
        }
    }
    false
}

/// Offset of the last `byte` in `s`.
#[inline(never)]
pub(crate) fn last_of(s: &[u8], byte: u8) -> Option<usize> {
    s.iter().rposition(|b| *b == byte)
}

/// `s` split at every `sep` byte (an ASCII separator), empty pieces included, like `str::split`;
/// one non-generic function for every split in the crate.
#[inline(never)]
pub(crate) fn split_at_byte(s: &str, sep: u8) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == sep {
            out.push(sub(s, start, i));
            start = i + 1;
        }
    }
    out.push(tail(s, start));
    out
}

/// Whether `w` is one of the space-separated `words` (a list written as one string: no table of
/// string pointers in the wasm).
#[inline(never)]
pub(crate) fn in_words(words: &str, w: &str) -> bool {
    split_at_byte(words, b' ').contains(&w)
}

/// Length of `s` up to the first byte in `stops`.
pub(crate) fn cut_at(s: &str, stops: &[u8]) -> usize {
    // A loop, not `position`: one iterator adapter fewer in the wasm.
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && !has_byte(stops, b[i]) {
        i += 1;
    }
    i
}

/// A short run of ASCII digits (at most 5) as a number.
pub(crate) fn small_num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 5 {
        return None;
    }
    s.bytes()
        .try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + (b - b'0') as u32))
}

/// `n` in decimal digits, without locale grouping (no `core::fmt`, which costs the wasm bytes).
pub fn decimal(mut n: u64) -> String {
    let mut d = Vec::new();
    loop {
        d.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    rev_ascii(&d, String::new())
}

/// `out` followed by the ASCII bytes `rev` in reverse order (one loop for the digit writers).
#[inline(never)]
pub(crate) fn rev_ascii(rev: &[u8], mut out: String) -> String {
    let mut i = rev.len();
    while i > 0 {
        i -= 1;
        push_char(&mut out, rev[i] as char);
    }
    out
}

/// `s[a..b]` without a panic path: callers pass offsets found by ASCII searches (always char
/// boundaries), and a slicing panic would pull Unicode tables into the wasm build.
pub(crate) fn sub(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).unwrap_or("")
}

/// `s[a..]`, see [`sub`].
pub(crate) fn tail(s: &str, a: usize) -> &str {
    s.get(a..).unwrap_or("")
}

/// `str::trim` (Unicode white space at both ends) in one forward pass: the standard one's
/// double-ended searcher costs the wasm more.
#[inline(never)]
pub(crate) fn trim(s: &str) -> &str {
    let (mut start, mut end) = (s.len(), 0);
    for (i, c) in s.char_indices() {
        if !c.is_whitespace() {
            start = start.min(i);
            end = i + c.len_utf8();
        }
    }
    // All white space: the empty end of `s`, still a sub-slice of it (as `str::trim` gives).
    if start < end {
        sub(s, start, end)
    } else {
        tail(s, s.len())
    }
}

/// `s.push(c)` through `encode_utf8` and `push_str`: one copy of the UTF-8 encoder in the wasm
/// (the standard `String::push` brings its own). (Public for the widget.)
#[inline(never)]
pub fn push_char(s: &mut String, c: char) {
    s.push_str(c.encode_utf8(&mut [0; 4]));
}

/// Concatenates string pieces (one small loop instead of many `push_str` sequences).
pub(crate) fn cat(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts {
        out.push_str(p);
    }
    out
}

/// A signed `n` in decimal digits (see [`decimal`]).
pub fn decimal_i64(n: i64) -> String {
    let digits = decimal(n.unsigned_abs());
    if n < 0 { cat(&["-", &digits]) } else { digits }
}

#[cfg(test)]
mod tests {
    #[test]
    fn trims_like_str_trim() {
        let cases = ["", " ", "a", "  a b  ", "\u{3000}x\u{a0}", "\t\n", "é ", " ü\u{2029}"];
        for s in cases {
            let t = super::trim(s);
            assert_eq!(t, s.trim(), "{s:?}");
            // A sub-slice of `s` (the token reader takes offsets from it).
            let at = t.as_ptr() as usize - s.as_ptr() as usize;
            assert!(at + t.len() <= s.len(), "{s:?}");
        }
    }
}
