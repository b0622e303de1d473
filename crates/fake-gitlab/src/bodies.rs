//! Response bodies: GitLab JSON built from the shared fixtures (field sets kept, values made relative to today), plus the non-GitLab HTML pages.

use serde_json::{Map, Value, json};

use crate::clock::{self, Instant};
use crate::scenario::Scenario;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../token-check/tests/fixtures/gitlab/", $name))
    };
}

/// Error bodies, byte for byte as in the fixtures (without the files' trailing newline).
pub(crate) mod errors {
    pub const UNAUTHORIZED: &str = fixture!("error_401.json");
    pub const EXPIRED: &str = fixture!("pat_self_expired_401.json");
    pub const REVOKED: &str = fixture!("pat_self_revoked_401.json");
    pub const NOT_A_PAT: &str = fixture!("pat_self_not_a_pat_400.json");
    pub const BLOCKED: &str = fixture!("error_403_blocked_user.json");
    pub const UNKNOWN_ROUTE: &str = fixture!("error_404_unknown_route.json");
    pub const APPLICATION_LIMIT: &str = fixture!("error_429_application_limit.json");
    /// Exactly `Retry later\n`: this one keeps its newline.
    pub const RACK_ATTACK: &str = fixture!("error_429_rack_attack.txt");
    pub const INTERNAL: &str = fixture!("error_500.json");
    /// The 403 body's template; `scope` is replaced per endpoint.
    pub const INSUFFICIENT_SCOPE: &str = fixture!("error_403_insufficient_scope.json");
}

const PAT_SELF_NEWEST: &str = fixture!("pat_self_ok.json");
const PAT_SELF_17_8: &str = fixture!("pat_self_ok_17_8_to_18_x_shape.json");
const PAT_SELF_PRE_17_7: &str = fixture!("pat_self_ok_pre17_7_shape.json");
const USER: &str = fixture!("user_ok.json");
const VERSION: &str = fixture!("version_ok.json");
const VERSION_PRE_15_5: &str = fixture!("version_ok_pre15_5.json");
const METADATA: &str = fixture!("metadata_ok.json");

/// The 40×40 identicon served as every user's avatar (so no test fetches gravatar).
pub(crate) const AVATAR_PNG: &[u8] = include_bytes!("avatar.png");
/// Where the avatar is served, below the relative root.
pub(crate) const AVATAR_PATH: &str = "/uploads/-/system/user/avatar/4242/avatar.png";

/// The id of the (only) user behind every token.
const USER_ID: u64 = 4242;

/// The hostile strings of [`Scenario::HostileStrings`].
pub mod hostile {
    /// The token's `name`.
    pub const TOKEN_NAME: &str = "<img src=x onerror=alert(1)>";
    /// The token's `description`.
    pub const TOKEN_DESCRIPTION: &str = "<script>alert('description')</script>\"><b>bold</b>";
    /// The user's `username`.
    pub const USERNAME: &str = "\"><b>bold</b>";
    /// The user's `name`.
    pub const USER_NAME: &str = "<script>alert(document.domain)</script><img src=x onerror=alert(2)>";
    /// [`crate::Scenario::BidiStrings`]: the token's `name`, with a right-to-left override
    /// (shown naively, it reads "report-exe.pdf").
    pub const BIDI_TOKEN_NAME: &str = "report-\u{202e}fdp.exe";
    /// Its user's `name`: an override that would swallow the `@username` after it, and a bell.
    pub const BIDI_USER_NAME: &str = "Eve \u{202e}nimdA\u{7}";
    /// Its user's `username`: an isolate left open, and a zero-width space.
    pub const BIDI_USERNAME: &str = "eve\u{2067}\u{200b}x";
    /// The number of made-up scopes of [`crate::Scenario::ManyScopes`] (besides `read_api`).
    pub const MANY_SCOPES: usize = 60_000;
    /// The size of [`crate::Scenario::HugeBody`]'s answer, at least.
    pub const HUGE_BODY_BYTES: usize = 3 << 20;
}

/// An error body as served: the fixture without its trailing newline.
pub(crate) fn error_body(fixture: &str) -> String {
    fixture.trim_end().to_owned()
}

/// The 403 `insufficient_scope` body listing `scope`.
pub(crate) fn insufficient_scope(scope: &str) -> String {
    match serde_json::from_str::<Value>(errors::INSUFFICIENT_SCOPE) {
        Ok(mut v) => {
            if let Some(obj) = v.as_object_mut() {
                obj.insert("scope".into(), Value::String(scope.to_owned()));
            }
            v.to_string()
        }
        Err(_) => json!({
            "error": "insufficient_scope",
            "error_description": "The request requires higher privileges than provided by the access token.",
            "scope": scope,
        })
        .to_string(),
    }
}

/// Which `/personal_access_tokens/self` entity a scenario answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Newest,
    V17_8,
    Pre17_7,
}

struct PatSpec {
    shape: Shape,
    id: u64,
    name: &'static str,
    description: &'static str,
    scopes: &'static [&'static str],
    created_days_ago: i64,
    /// Days from today (UTC); `None` → `expires_at: null`.
    expires_in_days: Option<i64>,
    /// Minutes ago; `None` → `last_used_at: null`.
    last_used_mins_ago: Option<i64>,
}

const DEFAULT_NAME: &str = "docs-checker";
const DEFAULT_DESCRIPTION: &str = "Token created while following the read-only guide";

fn pat_spec(s: Scenario) -> PatSpec {
    let base = PatSpec {
        shape: Shape::Newest,
        id: 20_457_113,
        name: DEFAULT_NAME,
        description: DEFAULT_DESCRIPTION,
        scopes: &["read_api"],
        created_days_ago: 10,
        expires_in_days: Some(355),
        last_used_mins_ago: Some(42),
    };
    match s {
        Scenario::ValidShape17_8 => PatSpec {
            shape: Shape::V17_8,
            id: 11_873,
            description: "",
            created_days_ago: 30,
            expires_in_days: Some(60),
            last_used_mins_ago: None,
            ..base
        },
        Scenario::ValidShapePre17_7 => PatSpec {
            shape: Shape::Pre17_7,
            id: 4,
            scopes: &["read_user"],
            created_days_ago: 100,
            expires_in_days: Some(265),
            ..base
        },
        Scenario::ReadRepositoryOnly => PatSpec {
            id: 20_457_120,
            scopes: &["read_repository"],
            expires_in_days: Some(90),
            ..base
        },
        Scenario::ExcessScopes => PatSpec {
            id: 20_457_121,
            name: "admin-everything",
            description: "",
            scopes: &["api", "sudo", "admin_mode"],
            expires_in_days: Some(30),
            ..base
        },
        Scenario::ExpiresIn5Days => PatSpec {
            id: 20_457_122,
            created_days_ago: 25,
            expires_in_days: Some(5),
            ..base
        },
        Scenario::ExpiresIn20Days => PatSpec {
            id: 20_457_123,
            created_days_ago: 10,
            expires_in_days: Some(20),
            ..base
        },
        Scenario::NoExpiry => PatSpec {
            id: 20_457_124,
            created_days_ago: 400,
            expires_in_days: None,
            ..base
        },
        Scenario::HostileStrings => PatSpec {
            id: 20_457_125,
            name: hostile::TOKEN_NAME,
            description: hostile::TOKEN_DESCRIPTION,
            expires_in_days: Some(30),
            ..base
        },
        Scenario::BidiStrings => PatSpec {
            id: 20_457_126,
            name: hostile::BIDI_TOKEN_NAME,
            expires_in_days: Some(30),
            ..base
        },
        Scenario::ManyScopes => PatSpec {
            id: 20_457_127,
            expires_in_days: Some(200),
            ..base
        },
        // ValidNewest, Stall (answers like ValidNewest after the stall), and any other
        // scenario that reaches the endpoint.
        _ => PatSpec {
            scopes: &["api"],
            created_days_ago: 4,
            expires_in_days: Some(361),
            ..base
        },
    }
}

/// The scopes of the token behind a scenario (for scope checks on `/user` and `/version`).
pub(crate) fn scopes(s: Scenario) -> &'static [&'static str] {
    match s {
        Scenario::NotAPat | Scenario::OldGitLab => &["api"],
        other => pat_spec(other).scopes,
    }
}

fn parse_object(text: &str) -> Result<Map<String, Value>, serde_json::Error> {
    match serde_json::from_str::<Value>(text)? {
        Value::Object(m) => Ok(m),
        _ => Ok(Map::new()),
    }
}

/// Sets `key` only if the fixture has it, so each shape keeps exactly its field set.
fn set_existing(obj: &mut Map<String, Value>, key: &str, value: Value) {
    if let Some(slot) = obj.get_mut(key) {
        *slot = value;
    }
}

/// The `GET /personal_access_tokens/self` body for a scenario, dated relative to `now`.
pub(crate) fn pat_self(s: Scenario, now: Instant) -> Result<Value, serde_json::Error> {
    let spec = pat_spec(s);
    let mut obj = parse_object(match spec.shape {
        Shape::Newest => PAT_SELF_NEWEST,
        Shape::V17_8 => PAT_SELF_17_8,
        Shape::Pre17_7 => PAT_SELF_PRE_17_7,
    })?;
    let created = now.plus_days(-spec.created_days_ago).plus_secs(-3_217);
    set_existing(&mut obj, "id", json!(spec.id));
    set_existing(&mut obj, "name", json!(spec.name));
    set_existing(&mut obj, "description", json!(spec.description));
    set_existing(&mut obj, "scopes", json!(spec.scopes));
    set_existing(&mut obj, "user_id", json!(USER_ID));
    set_existing(&mut obj, "active", json!(true));
    set_existing(&mut obj, "revoked", json!(false));
    set_existing(&mut obj, "expired", json!(false));
    set_existing(&mut obj, "granular", json!(false));
    set_existing(&mut obj, "created_at", json!(clock::timestamp_string(created)));
    set_existing(
        &mut obj,
        "last_used_at",
        match spec.last_used_mins_ago {
            Some(m) => json!(clock::timestamp_string(now.plus_secs(-60 * m))),
            None => Value::Null,
        },
    );
    set_existing(
        &mut obj,
        "expires_at",
        match spec.expires_in_days {
            Some(d) => json!(clock::date_string(now.day_number() + d)),
            None => Value::Null,
        },
    );
    match s {
        Scenario::ManyScopes => {
            let mut scopes = vec![json!("read_api")];
            scopes.extend((0..hostile::MANY_SCOPES).map(|i| json!(format!("write_x{i}"))));
            obj.insert("scopes".into(), Value::Array(scopes));
        }
        Scenario::HugeBody => {
            obj.insert("description".into(), json!("x".repeat(hostile::HUGE_BODY_BYTES)));
        }
        _ => {}
    }
    Ok(Value::Object(obj))
}

/// The `GET /user` body for a scenario. `instance_url` is `http://host:port` plus the relative root.
pub(crate) fn user(s: Scenario, now: Instant, instance_url: &str) -> Result<Value, serde_json::Error> {
    let mut obj = parse_object(USER)?;
    let (username, name, email) = match s {
        Scenario::HostileStrings => (hostile::USERNAME, hostile::USER_NAME, "hostile@example.com"),
        Scenario::BidiStrings => (hostile::BIDI_USERNAME, hostile::BIDI_USER_NAME, "eve@example.com"),
        Scenario::ExcessScopes => ("root", "Administrator", "admin@example.com"),
        _ => ("ana.garcia", "Ana García", "ana.garcia@example.com"),
    };
    set_existing(&mut obj, "id", json!(USER_ID));
    set_existing(&mut obj, "username", json!(username));
    set_existing(&mut obj, "name", json!(name));
    set_existing(&mut obj, "email", json!(email));
    set_existing(&mut obj, "commit_email", json!(email));
    set_existing(&mut obj, "avatar_url", json!(format!("{instance_url}{AVATAR_PATH}")));
    set_existing(&mut obj, "web_url", json!(format!("{instance_url}/{username}")));
    set_existing(
        &mut obj,
        "last_activity_on",
        json!(clock::date_string(now.day_number())),
    );
    if s == Scenario::ExcessScopes {
        // UserWithAdmin: what an administrator sees about themselves.
        obj.insert("is_admin".into(), json!(true));
        obj.insert("note".into(), json!(""));
        obj.insert("namespace_id".into(), json!(1));
        obj.insert("created_by".into(), Value::Null);
        obj.insert("current_sign_in_ip".into(), json!("203.0.113.24"));
        obj.insert("last_sign_in_ip".into(), json!("203.0.113.24"));
    }
    Ok(Value::Object(obj))
}

/// The `GET /version` body: pre-15.5 shape for [`Scenario::OldGitLab`], else the newest.
pub(crate) fn version(s: Scenario) -> Result<Value, serde_json::Error> {
    serde_json::from_str(if s == Scenario::OldGitLab {
        VERSION_PRE_15_5
    } else {
        VERSION
    })
}

/// The `GET /metadata` body. On 15.4 it has no `enterprise` (15.6) and no
/// `kas.externalK8sProxyUrl` (17.6); version and revision match `/version`.
pub(crate) fn metadata(s: Scenario) -> Result<Value, serde_json::Error> {
    let mut obj = parse_object(METADATA)?;
    if s == Scenario::OldGitLab {
        let old = parse_object(VERSION_PRE_15_5)?;
        obj.remove("enterprise");
        for key in ["version", "revision"] {
            if let Some(v) = old.get(key) {
                obj.insert(key.into(), v.clone());
            }
        }
        if let Some(Value::Object(kas)) = obj.get_mut("kas") {
            kas.remove("externalK8sProxyUrl");
            if let Some(v) = old.get("version") {
                kas.insert("version".into(), v.clone());
            }
        }
    }
    Ok(Value::Object(obj))
}

/// A web server's own 404 page: what a host that is not GitLab answers.
pub(crate) const NOT_FOUND_HTML: &str = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// A proxy's 502 page.
pub(crate) const BAD_GATEWAY_HTML: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// An SSO proxy's sign-in page, served with 200.
pub(crate) const SIGN_IN_HTML: &str = r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in · Example Corp SSO</title></head>
<body>
<main>
<h1>Sign in to continue</h1>
<form method="post" action="/sso/login">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>
</main>
</body>
</html>
"#;

/// GitLab's own "page not found" for non-API paths the fake does not serve.
pub(crate) const GITLAB_404_HTML: &str = "<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>The page you're looking for could not be found (404)</title></head>\n<body>\n<h1>404</h1>\n<h3>The page could not be found or you don't have permission to view it.</h3>\n</body>\n</html>\n";

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The index page at the relative root: the scenario tokens, for manual tries.
pub(crate) fn index_html(instance_url: &str) -> String {
    let mut rows = String::new();
    for s in Scenario::ALL {
        rows.push_str(&format!(
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td></tr>\n",
            escape_html(s.slug()),
            escape_html(&s.token()),
            escape_html(s.summary()),
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>fake-gitlab</title></head>\n<body>\n<h1>fake-gitlab</h1>\n<p>A loopback server that answers like GitLab's REST API. Instance URL: <code>{url}</code>; API: <code>{url}/api/v4</code>.</p>\n<table>\n<thead><tr><th>scenario</th><th>token</th><th>behaviour</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</body>\n</html>\n",
        url = escape_html(instance_url),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(v: &Value) -> Vec<String> {
        let mut k: Vec<String> = v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        k.sort();
        k
    }

    #[test]
    fn pat_shapes_keep_the_fixture_field_sets() -> Result<(), serde_json::Error> {
        let now = Instant::now();
        let cases = [
            (Scenario::ValidNewest, PAT_SELF_NEWEST),
            (Scenario::ValidShape17_8, PAT_SELF_17_8),
            (Scenario::ValidShapePre17_7, PAT_SELF_PRE_17_7),
            (Scenario::HostileStrings, PAT_SELF_NEWEST),
        ];
        for (s, fixture) in cases {
            let body = pat_self(s, now)?;
            let fixture: Value = serde_json::from_str(fixture)?;
            assert_eq!(keys(&body), keys(&fixture), "{s}");
        }
        Ok(())
    }

    #[test]
    fn error_bodies_are_json_except_rack_attack() {
        for body in [
            errors::UNAUTHORIZED,
            errors::EXPIRED,
            errors::REVOKED,
            errors::NOT_A_PAT,
            errors::BLOCKED,
            errors::UNKNOWN_ROUTE,
            errors::APPLICATION_LIMIT,
            errors::INTERNAL,
            errors::INSUFFICIENT_SCOPE,
        ] {
            assert!(serde_json::from_str::<Value>(body).is_ok(), "{body}");
        }
        assert_eq!(errors::RACK_ATTACK, "Retry later\n");
        let scoped: Value =
            serde_json::from_str(&insufficient_scope("read_user ai_features api read_api")).unwrap_or(Value::Null);
        assert_eq!(scoped["scope"], "read_user ai_features api read_api");
        assert_eq!(scoped["error"], "insufficient_scope");
    }

    #[test]
    fn old_metadata_drops_newer_fields() -> Result<(), serde_json::Error> {
        let old = metadata(Scenario::OldGitLab)?;
        assert_eq!(old["version"], "15.4.6");
        assert!(old.get("enterprise").is_none());
        assert!(old["kas"].get("externalK8sProxyUrl").is_none());
        let new = metadata(Scenario::ValidNewest)?;
        assert_eq!(new["enterprise"], true);
        Ok(())
    }

    #[test]
    fn index_escapes() {
        let html = index_html("http://127.0.0.1:1/<x>");
        assert!(html.contains("&lt;x&gt;"));
        assert!(html.contains(&Scenario::Stall.token()));
    }
}
