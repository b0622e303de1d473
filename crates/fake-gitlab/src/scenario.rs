//! The scenarios the fake server plays, each selected by the token a client sends.

use std::fmt;

/// What the fake GitLab does for a request, chosen by the token the client sends.
///
/// Every scenario has a fixed token ([`Scenario::token`]). Legacy-PAT scenarios use
/// `glpat-` followed by exactly 20 characters of `[0-9a-zA-Z_-]` (the kebab-case
/// [`slug`](Scenario::slug) padded with `x`), so a checker's local format check passes.
/// [`Scenario::NotAPat`] uses a 64-hex OAuth access token instead. Any other token is
/// answered like [`Scenario::UnknownToken`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scenario {
    /// Valid PAT, newest `/personal_access_tokens/self` shape (`expired`, `granular`), scopes `api`.
    ValidNewest,
    /// Valid PAT, the 17.8–18.x shape (`description`, `last_used_ips`, no `expired`/`granular`), scopes `read_api`.
    ValidShape17_8,
    /// Valid PAT, the 15.5–17.6 shape (no `description`), scopes `read_user` only:
    /// `/user` and `/version` work, but `api`/`read_api` requirements cannot be met.
    ValidShapePre17_7,
    /// Valid PAT with `read_repository` only: `/self` works, `/user` and `/version` give 403 `insufficient_scope`.
    ReadRepositoryOnly,
    /// Valid PAT of an administrator with more scopes than needed: `api`, `sudo`, `admin_mode`.
    ExcessScopes,
    /// Valid PAT (`read_api`) whose `expires_at` is today (UTC) + 5 days.
    ExpiresIn5Days,
    /// Valid PAT (`read_api`) whose `expires_at` is today (UTC) + 20 days.
    ExpiresIn20Days,
    /// Valid PAT (`read_api`) with `expires_at: null`.
    NoExpiry,
    /// GitLab 15.4 (before 15.5): `/personal_access_tokens/self` is the catch-all 404,
    /// `/user` works, `/version` has the pre-15.5 shape. Scopes `api`.
    OldGitLab,
    /// Expired PAT: 401 `invalid_token` with `WWW-Authenticate` on every authenticated endpoint.
    Expired,
    /// Revoked PAT: 401 `invalid_token` with `WWW-Authenticate` on every authenticated endpoint.
    Revoked,
    /// A well-formed PAT GitLab does not know: plain 401 `{"message":"401 Unauthorized"}`.
    UnknownToken,
    /// Valid PAT of a blocked user: 403 "Your account has been blocked." on every authenticated endpoint.
    BlockedUser,
    /// A 64-hex OAuth access token. Sent as `Authorization: Bearer`, `/self` gives 400
    /// (not a PAT) while `/user` and `/version` work; sent as `PRIVATE-TOKEN` it is unknown (401), as on GitLab.
    NotAPat,
    /// Not GitLab at all: an HTML 404 page on every `/api` route.
    NotFoundEverywhere,
    /// GitLab's application rate limiter: 429 JSON on the known endpoints.
    RateLimitedJson,
    /// Rack::Attack throttle: 429 `text/plain` `Retry later\n` with `RateLimit-*` and `Retry-After`
    /// headers (which CORS does not expose) on every `/api` route.
    RateLimitedText,
    /// Unhandled error: 500 JSON on the known endpoints.
    ServerError,
    /// A proxy/SSO sign-in page: 200 `text/html` on every `/api` route.
    SignInPage,
    /// A proxy error without CORS headers: 502 HTML, no `Access-Control-Allow-Origin`,
    /// so a cross-origin `fetch` fails with a network error.
    NoCors,
    /// Holds every `/api` response for the configured stall duration (default 15 s),
    /// then answers like [`Scenario::ValidNewest`]. Other requests are not blocked.
    Stall,
    /// Valid PAT (`read_api`) whose token name, description, username and user name
    /// contain HTML and script.
    HostileStrings,
    /// Every authenticated `/api` GET answers `307 Temporary Redirect` (with CORS headers) to the
    /// same path on another origin ([`crate::Config::redirect_to`], by default this server as
    /// `localhost`), which must never see the token.
    Redirect,
    /// `/personal_access_tokens/self` answers 200 JSON of 3 MiB (a valid token entity padded
    /// with a long `description`): more than a checker should read.
    HugeBody,
    /// Valid PAT (`read_api`) whose names carry bidi overrides, isolates and control characters
    /// ([`crate::hostile::BIDI_TOKEN_NAME`] …).
    BidiStrings,
    /// Valid PAT with `read_api` plus 60,000 made-up write scopes (about 0.8 MB of JSON): a
    /// scope evaluation that is not linear freezes the tab.
    ManyScopes,
}

/// The OAuth access token of [`Scenario::NotAPat`]: the hex of `fake-gitlab-oauth-access-token-x`.
const OAUTH_TOKEN: &str = "66616b652d6769746c61622d6f617574682d6163636573732d746f6b656e2d78";

impl Scenario {
    /// Every scenario, in the order of the CLI table.
    pub const ALL: [Scenario; 26] = [
        Scenario::ValidNewest,
        Scenario::ValidShape17_8,
        Scenario::ValidShapePre17_7,
        Scenario::ReadRepositoryOnly,
        Scenario::ExcessScopes,
        Scenario::ExpiresIn5Days,
        Scenario::ExpiresIn20Days,
        Scenario::NoExpiry,
        Scenario::OldGitLab,
        Scenario::Expired,
        Scenario::Revoked,
        Scenario::UnknownToken,
        Scenario::BlockedUser,
        Scenario::NotAPat,
        Scenario::NotFoundEverywhere,
        Scenario::RateLimitedJson,
        Scenario::RateLimitedText,
        Scenario::ServerError,
        Scenario::SignInPage,
        Scenario::NoCors,
        Scenario::Stall,
        Scenario::HostileStrings,
        Scenario::Redirect,
        Scenario::HugeBody,
        Scenario::BidiStrings,
        Scenario::ManyScopes,
    ];

    /// Every scenario (same as [`Scenario::ALL`]).
    pub fn all() -> &'static [Scenario] {
        &Self::ALL
    }

    /// A short kebab-case name, unique, at most 20 characters.
    pub fn slug(&self) -> &'static str {
        match self {
            Scenario::ValidNewest => "valid-newest",
            Scenario::ValidShape17_8 => "valid-17-8-to-18",
            Scenario::ValidShapePre17_7 => "valid-pre-17-7",
            Scenario::ReadRepositoryOnly => "read-repository-only",
            Scenario::ExcessScopes => "excess-scopes",
            Scenario::ExpiresIn5Days => "expires-in-5-days",
            Scenario::ExpiresIn20Days => "expires-in-20-days",
            Scenario::NoExpiry => "no-expiry",
            Scenario::OldGitLab => "old-gitlab-15-4",
            Scenario::Expired => "expired",
            Scenario::Revoked => "revoked",
            Scenario::UnknownToken => "unknown-token",
            Scenario::BlockedUser => "blocked-user",
            Scenario::NotAPat => "not-a-pat",
            Scenario::NotFoundEverywhere => "html-404-everywhere",
            Scenario::RateLimitedJson => "rate-limit-json",
            Scenario::RateLimitedText => "rate-limit-text",
            Scenario::ServerError => "server-error-500",
            Scenario::SignInPage => "sign-in-page",
            Scenario::NoCors => "no-cors-502",
            Scenario::Stall => "stall",
            Scenario::HostileStrings => "hostile-strings",
            Scenario::Redirect => "redirect-307",
            Scenario::HugeBody => "huge-body-3mib",
            Scenario::BidiStrings => "bidi-strings",
            Scenario::ManyScopes => "many-scopes",
        }
    }

    /// One line saying what the server does, for the CLI table and the index page.
    pub fn summary(&self) -> &'static str {
        match self {
            Scenario::ValidNewest => "valid, newest /self shape, scopes api",
            Scenario::ValidShape17_8 => "valid, 17.8-18.x /self shape, scopes read_api",
            Scenario::ValidShapePre17_7 => "valid, 15.5-17.6 /self shape, scopes read_user only",
            Scenario::ReadRepositoryOnly => "valid, read_repository only: /user and /version 403",
            Scenario::ExcessScopes => "valid admin token, scopes api sudo admin_mode",
            Scenario::ExpiresIn5Days => "valid, read_api, expires in 5 days",
            Scenario::ExpiresIn20Days => "valid, read_api, expires in 20 days",
            Scenario::NoExpiry => "valid, read_api, expires_at null",
            Scenario::OldGitLab => "GitLab 15.4: /self 404, /user ok, old /version",
            Scenario::Expired => "401 invalid_token (expired) + WWW-Authenticate",
            Scenario::Revoked => "401 invalid_token (revoked) + WWW-Authenticate",
            Scenario::UnknownToken => "401 Unauthorized (token not found)",
            Scenario::BlockedUser => "403 account blocked",
            Scenario::NotAPat => "OAuth token (Bearer): /self 400, /user ok",
            Scenario::NotFoundEverywhere => "HTML 404 page everywhere (not GitLab)",
            Scenario::RateLimitedJson => "429 JSON (application rate limit)",
            Scenario::RateLimitedText => "429 text/plain Retry later + RateLimit-* headers",
            Scenario::ServerError => "500 JSON",
            Scenario::SignInPage => "200 HTML sign-in page (proxy/SSO)",
            Scenario::NoCors => "502 HTML without CORS headers (fetch fails)",
            Scenario::Stall => "holds the response (default 15 s), then valid",
            Scenario::HostileStrings => "valid, HTML/script in names and description",
            Scenario::Redirect => "307 to the same path on localhost (another origin)",
            Scenario::HugeBody => "200 JSON of 3 MiB from /self",
            Scenario::BidiStrings => "valid, bidi overrides and control characters in names",
            Scenario::ManyScopes => "valid, read_api plus 60,000 write scopes",
        }
    }

    /// The token that selects this scenario.
    pub fn token(&self) -> String {
        match self {
            Scenario::NotAPat => OAUTH_TOKEN.to_owned(),
            other => format!("glpat-{:x<20}", other.slug()),
        }
    }

    /// The scenario whose token is exactly `token` (no trimming), if any.
    pub fn from_token(token: &str) -> Option<Scenario> {
        Self::ALL.into_iter().find(|s| s.token() == token)
    }

    /// The scenario with this [`slug`](Scenario::slug), if any.
    pub fn from_slug(slug: &str) -> Option<Scenario> {
        Self::ALL.into_iter().find(|s| s.slug() == slug)
    }

    /// True for the OAuth (non-PAT) token.
    pub fn is_oauth(&self) -> bool {
        matches!(self, Scenario::NotAPat)
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn is_legacy_pat(token: &str) -> bool {
        token.strip_prefix("glpat-").is_some_and(|rest| {
            rest.len() == 20
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
    }

    #[test]
    fn tokens_are_well_formed_unique_and_round_trip() {
        let mut seen = HashSet::new();
        for s in Scenario::ALL {
            let token = s.token();
            if s.is_oauth() {
                assert_eq!(token.len(), 64, "{s}");
                assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{s}");
            } else {
                assert!(is_legacy_pat(&token), "{s}: {token}");
            }
            assert!(seen.insert(token.clone()), "duplicate token {token}");
            assert_eq!(Scenario::from_token(&token), Some(s));
            assert_eq!(Scenario::from_slug(s.slug()), Some(s));
        }
        assert_eq!(Scenario::all().len(), seen.len());
    }

    #[test]
    fn from_token_does_not_trim_or_guess() {
        let valid = Scenario::ValidNewest.token();
        for token in [
            format!(" {valid}"),
            format!("{valid}\n"),
            valid.to_uppercase(),
            String::new(),
            "glpat-".to_owned(),
        ] {
            assert_eq!(Scenario::from_token(&token), None, "{token:?}");
        }
    }
}
