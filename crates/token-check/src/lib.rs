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

pub mod check;
pub mod expiry;
pub mod host;
pub mod messages;
pub mod scopes;
pub mod token;

pub use check::{
    Check, NetError, Outcome, Rejection, Request, Response, TokenInfo, UserInfo, Verdict, rejection_verdict,
};
pub use host::Host;
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
pub fn precheck(
    host_input: &str,
    token_input: &str,
    requirement: &Requirement,
    to_ascii: &dyn Fn(&str) -> Option<String>,
) -> Result<(Host, Token), Box<Rejection>> {
    let host = host::parse(host_input, to_ascii);
    let token = token::parse(token_input);
    let mut problems = Vec::new();
    if let Err(m) = &host {
        problems.push(Problem {
            field: Field::Host,
            message: m.clone(),
        });
    }
    if let Err(m) = &token {
        problems.push(Problem {
            field: Field::Token,
            message: m.clone(),
        });
    }
    match (host, token) {
        (Ok(h), Ok(t)) => Ok((h, t)),
        (h, _) => {
            let verdict = rejection_verdict(&problems, h.as_ref().ok(), requirement);
            Err(Box::new(Rejection { problems, verdict }))
        }
    }
}
