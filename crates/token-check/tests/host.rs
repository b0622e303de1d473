//! Host field table: accepted inputs with their base, alternate and notes; rejected inputs
//! with their reason.

mod common;

use token_check::host::{self, Host};
use token_check::{Arg, Message};

enum Want {
    /// base, alternate, note ids
    Ok(&'static str, Option<&'static str>, &'static [&'static str]),
    /// message id, and the one argument's expected value if any
    Err(&'static str, Option<&'static str>),
}
use Want::*;

const CASES: &[(&str, Want)] = &[
    // Plain hosts.
    ("gitlab.com", Ok("https://gitlab.com", None, &[])),
    ("  https://gitlab.com/  ", Ok("https://gitlab.com", None, &[])),
    ("HTTPS://GitLab.COM", Ok("https://gitlab.com", None, &[])),
    (
        "GitLab.Example.com:8443",
        Ok("https://gitlab.example.com:8443", None, &[]),
    ),
    (
        "https://gitlab.example.com:443/",
        Ok("https://gitlab.example.com", None, &[]),
    ),
    (
        "https://gitlab.example.com./",
        Ok("https://gitlab.example.com", None, &[]),
    ),
    (
        "https://gitlab.example.com:",
        Ok("https://gitlab.example.com", None, &[]),
    ),
    ("https://10.1.2.3:8443", Ok("https://10.1.2.3:8443", None, &[])),
    (
        "https://[2001:db8::1]:8443/",
        Ok("https://[2001:db8::1]:8443", None, &[]),
    ),
    // Loopback over http, and its default scheme.
    ("http://localhost:3000", Ok("http://localhost:3000", None, &[])),
    ("localhost:8080", Ok("http://localhost:8080", None, &[])),
    ("http://localhost:80/", Ok("http://localhost", None, &[])),
    ("http://127.0.0.1:8929", Ok("http://127.0.0.1:8929", None, &[])),
    // Issue 11: CSP cannot allow `[::1]` or `127.0.0.2` over http, so the parser does not either.
    (
        "http://[::1]:8080/",
        Err("host-loopback-by-name", Some("http://localhost:8080")),
    ),
    (
        "http://127.0.0.2:8080",
        Err("host-loopback-by-name", Some("http://localhost:8080")),
    ),
    ("[::1]:8443", Ok("https://[::1]:8443", None, &[])),
    ("http://gdk.localhost:3000", Ok("http://gdk.localhost:3000", None, &[])),
    ("https://localhost", Ok("https://localhost", None, &[])),
    // Internationalized names go through the injected converter.
    ("https://bücher.example", Ok("https://xn--bcher-kva.example", None, &[])),
    (
        "gitlab.españa.example/-/user_settings/personal_access_tokens",
        Ok("https://gitlab.xn--espaa-rta.example", None, &[]),
    ),
    // Pasted pages at the instance root: sure reductions, no note.
    (
        "https://gitlab.com/-/user_settings/personal_access_tokens?name=x&scopes=api",
        Ok("https://gitlab.com", None, &[]),
    ),
    (
        "https://gitlab.com/-/profile/personal_access_tokens",
        Ok("https://gitlab.com", None, &[]),
    ),
    (
        "https://gitlab.example.com/api/v4/projects?per_page=5",
        Ok("https://gitlab.example.com", None, &[]),
    ),
    (
        "https://gitlab.example.com/users/sign_in",
        Ok("https://gitlab.example.com", None, &[]),
    ),
    (
        "https://gitlab.example.com/explore",
        Ok("https://gitlab.example.com", None, &[]),
    ),
    (
        "https://gitlab.example.com/dashboard/projects",
        Ok("https://gitlab.example.com", None, &[]),
    ),
    (
        "https://gitlab.example.com/groups/team/-/epics/4",
        Ok("https://gitlab.example.com", None, &[]),
    ),
    (
        "https://gitlab.example.com/-/ide/project/g/p/edit/main",
        Ok("https://gitlab.example.com", None, &[]),
    ),
    (
        "https://gitlab.example.com/admin/users",
        Ok("https://gitlab.example.com", None, &[]),
    ),
    // Relative roots proven by a marker.
    (
        "https://example.com/gitlab/-/user_settings/personal_access_tokens",
        Ok("https://example.com/gitlab", None, &["host-sub-path-kept"]),
    ),
    (
        "https://example.com/gitlab/api/v4/user",
        Ok("https://example.com/gitlab", None, &["host-sub-path-kept"]),
    ),
    (
        "https://example.com/tools/git/users/sign_in?redirect=1",
        Ok("https://example.com/tools/git", None, &["host-sub-path-kept"]),
    ),
    (
        "https://example.com/gitlab/dashboard/projects",
        Ok("https://example.com/gitlab", None, &["host-sub-path-kept"]),
    ),
    (
        "https://example.com/gitlab/-/whatever",
        Ok("https://example.com/gitlab", None, &["host-sub-path-kept"]),
    ),
    // Ambiguous: project, group or user pages. Root first, alternate = first segment.
    (
        "https://gitlab.com/group/sub/project/-/merge_requests/3",
        Ok("https://gitlab.com", None, &["host-path-dropped"]),
    ),
    (
        "https://gitlab.com/group/project",
        Ok("https://gitlab.com", None, &["host-path-dropped"]),
    ),
    (
        "https://gitlab.com/ana.garcia",
        Ok("https://gitlab.com", None, &["host-path-dropped"]),
    ),
    (
        "https://gitlab.example.com/group/project/-/issues/1#note_5",
        Ok(
            "https://gitlab.example.com",
            Some("https://gitlab.example.com/group"),
            &["host-path-dropped"],
        ),
    ),
    (
        "https://gitlab.example.com/group/project.git",
        Ok(
            "https://gitlab.example.com",
            Some("https://gitlab.example.com/group"),
            &["host-path-dropped"],
        ),
    ),
    // A single segment reads as a relative root, with the root as alternate.
    (
        "https://example.com/gitlab",
        Ok(
            "https://example.com/gitlab",
            Some("https://example.com"),
            &["host-sub-path-kept"],
        ),
    ),
    (
        "https://example.com/gitlab/",
        Ok(
            "https://example.com/gitlab",
            Some("https://example.com"),
            &["host-sub-path-kept"],
        ),
    ),
    (
        "127.0.0.1:8929/gitlab",
        Ok(
            "http://127.0.0.1:8929/gitlab",
            Some("http://127.0.0.1:8929"),
            &["host-sub-path-kept"],
        ),
    ),
    // Rejections, each with its own reason.
    ("", Err("host-empty", None)),
    ("   \n", Err("host-empty", None)),
    ("https://", Err("host-empty", None)),
    ("gitlab example.com", Err("host-whitespace", None)),
    ("https://user:secret@gitlab.com", Err("host-credentials", None)),
    (
        "https://oauth2@gitlab.example.com/group/project.git",
        Err("host-credentials", None),
    ),
    (
        "ssh://git@gitlab.example.com:2222/group/project.git",
        Err("host-ssh-address", Some("https://gitlab.example.com")),
    ),
    (
        "git@gitlab.com:group/project.git",
        Err("host-ssh-address", Some("https://gitlab.com")),
    ),
    (
        "gitlab.example.com:group/project.git",
        Err("host-ssh-address", Some("https://gitlab.example.com")),
    ),
    ("ftp://gitlab.com", Err("host-bad-scheme", Some("ftp"))),
    ("file:///etc/passwd", Err("host-bad-scheme", Some("file"))),
    (
        "http://gitlab.example.com",
        Err("host-insecure-http", Some("https://gitlab.example.com")),
    ),
    (
        "http://gitlab.example.com:8080/",
        Err("host-insecure-http", Some("https://gitlab.example.com:8080")),
    ),
    (
        "http://127.0.0.1.nip.example",
        Err("host-insecure-http", Some("https://127.0.0.1.nip.example")),
    ),
    ("http://10.0.0.5", Err("host-insecure-http", Some("https://10.0.0.5"))),
    ("https://gitlab.com/?tab=projects", Err("host-query-or-fragment", None)),
    ("gitlab.com#top", Err("host-query-or-fragment", None)),
    ("https://example.com/gitlab?x=1", Err("host-query-or-fragment", None)),
    (
        "https://gitlab.example.com:99999",
        Err("host-invalid-port", Some("99999")),
    ),
    ("https://gitlab.example.com:abc", Err("host-invalid-port", Some("abc"))),
    ("https://gitlab.example.com:0", Err("host-invalid-port", Some("0"))),
    (
        "https://gitlab!.example.com",
        Err("host-invalid-name", Some("gitlab!.example.com")),
    ),
    (
        "https://gitlab..example.com",
        Err("host-invalid-name", Some("gitlab..example.com")),
    ),
    (
        "https://ünknown.example",
        Err("host-invalid-name", Some("ünknown.example")),
    ),
    ("https://[::1", Err("host-invalid-name", Some("[::1"))),
    ("glpat-CFdcERFmdD4nHQrroDno", Err("host-looks-like-token", None)),
    (
        "https://docs.gitlab.com/user/profile/personal_access_tokens/",
        Err("host-gitlab-website", Some("docs.gitlab.com")),
    ),
    (
        "https://mygroup.gitlab.io/project",
        Err("host-gitlab-website", Some("mygroup.gitlab.io")),
    ),
];

fn only_arg(m: &Message) -> Option<String> {
    match m.args.as_slice() {
        [] => None,
        [(_, Arg::Str(s))] => Some(s.clone()),
        other => panic!("{}: unexpected args {other:?}", m.id),
    }
}

#[test]
fn host_table() {
    let mut failures = Vec::new();
    for (input, want) in CASES {
        let got = host::parse(input, &common::to_ascii);
        let ok = match (want, &got) {
            (Ok(base, alt, notes), Result::Ok(h)) => {
                h.base == *base
                    && h.alternate.as_deref() == *alt
                    && h.notes.iter().map(|m| m.id).collect::<Vec<_>>() == *notes
            }
            (Err(id, arg), Result::Err(m)) => m.id == *id && only_arg(m).as_deref() == *arg,
            _ => false,
        };
        if !ok {
            failures.push(format!("{input:?}: got {got:?}"));
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
fn notes_carry_base_and_path() {
    let h = host::parse("https://gitlab.example.com/group/project/-/issues/1", &common::to_ascii).unwrap();
    let note = &h.notes[0];
    assert_eq!(note.arg("base"), Some(&Arg::Str("https://gitlab.example.com".into())));
    assert_eq!(note.arg("path"), Some(&Arg::Str("/group/project/-/issues/1".into())));
    let h = host::parse("https://example.com/a/b/api/v4", &common::to_ascii).unwrap();
    assert_eq!(h.notes[0].arg("path"), Some(&Arg::Str("/a/b".into())));
}

#[test]
fn urls() {
    let h = Host {
        base: "https://example.com/gitlab".into(),
        alternate: None,
        notes: Vec::new(),
        origin: "https://example.com".into(),
        idn: false,
        warnings: Vec::new(),
    };
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "docs-guide",
            &["read_api"],
            "https://example.com/gitlab/-/user_settings/personal_access_tokens?name=docs-guide&scopes=read_api",
        ),
        (
            "",
            &["api", "read_user"],
            "https://example.com/gitlab/-/user_settings/personal_access_tokens?scopes=api,read_user",
        ),
        (
            "my token/ñ&x=1",
            &[],
            "https://example.com/gitlab/-/user_settings/personal_access_tokens?name=my%20token%2F%C3%B1%26x%3D1",
        ),
        (
            "",
            &[],
            "https://example.com/gitlab/-/user_settings/personal_access_tokens",
        ),
    ];
    for (name, scopes, want) in cases {
        let scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
        assert_eq!(h.token_settings_url(name, &scopes), *want);
    }
    assert_eq!(h.api_url("user"), "https://example.com/gitlab/api/v4/user");
    assert_eq!(h.api_url("/version"), "https://example.com/gitlab/api/v4/version");
    assert!(!h.is_gitlab_com());
}

#[test]
fn loopback() {
    for (name, want) in [
        ("localhost", true),
        ("a.localhost", true),
        ("127.0.0.1", true),
        ("127.255.1.9", false),
        ("[::1]", false),
        (".localhost", false),
        ("a.b.localhost", true),
        ("127.0.0.1.example", false),
        ("127.0.0", false),
        ("127.0.0.256", false),
        ("128.0.0.1", false),
        ("localhost.example", false),
    ] {
        assert_eq!(host::is_loopback(name), want, "{name}");
    }
}
