//! Where the token will go (issue 11): the origin shown under the host field, look-alike
//! warnings that ask for one more click, scheme typos with their fix, and secrets in the host
//! field refused without being echoed. IDNA is done by the `idna` crate, as the browser's `URL`
//! does it (UTS #46), so punycode results are real (each cross-checked with Node's WHATWG `URL`).

use token_check::host::{self};
use token_check::{Arg, Field, Message, Requirement, precheck};

/// The browser's host conversion, as in `URL`.
fn browser_ascii(name: &str) -> Option<String> {
    idna::domain_to_ascii(name).ok().filter(|a| !a.is_empty())
}

enum Want {
    /// origin, shown in punycode (`idn`), warning ids in order.
    Goes(&'static str, bool, &'static [&'static str]),
    /// refused: message id, and its `url` (the suggested fix) when it has one.
    Refused(&'static str, Option<&'static str>),
}
use Want::*;

const CASES: &[(&str, Want)] = &[
    // Plain ASCII: the origin is what was typed, no warning.
    ("gitlab.com", Goes("https://gitlab.com", false, &[])),
    (
        "https://gitlab.example.com/gitlab",
        Goes("https://gitlab.example.com", false, &[]),
    ),
    (
        "HTTPS://GitLab.Example.COM:8443/",
        Goes("https://gitlab.example.com:8443", false, &[]),
    ),
    ("http://localhost:3000", Goes("http://localhost:3000", false, &[])),
    // A real internationalized name: shown in punycode, no warning (one script per label).
    ("bücher.example", Goes("https://xn--bcher-kva.example", true, &[])),
    ("https://пример.рф", Goes("https://xn--e1afmkfd.xn--p1ai", true, &[])),
    ("gitlab.例え.jp", Goes("https://gitlab.xn--r8jz45g.jp", true, &[])),
    (
        "日本語とカタカナ.jp",
        Goes("https://xn--o9j6ga3fqc3012co4bc84j.jp", true, &[]),
    ),
    // Homographs: a Cyrillic "а" in a Latin name, Greek omicron, a whole Cyrillic look-alike.
    (
        "gitlаb.com",
        Goes("https://xn--gitlb-7ve.com", true, &["host-mixed-scripts"]),
    ),
    (
        "https://gitlab.cοm",
        Goes("https://gitlab.xn--cm-jbc", true, &["host-mixed-scripts"]),
    ),
    (
        "сорр.example",
        Goes("https://xn--n1aeab.example", true, &["host-confusable"]),
    ),
    (
        "gıtlab.com",
        Goes("https://xn--gtlab-n4a.com", true, &["host-confusable"]),
    ),
    // Look-alike punctuation: U+2215 and U+2044 are not slashes, so the host is another domain.
    (
        "gitlab.com∕evil.example",
        Goes(
            "https://gitlab.xn--comevil-ef0d.example",
            true,
            &["host-lookalike-punctuation"],
        ),
    ),
    (
        "gitlab.com⁄group",
        Goes(
            "https://gitlab.xn--comgroup-g03d",
            true,
            &["host-lookalike-punctuation"],
        ),
    ),
    // Fullwidth letters and dots map to ASCII, but were not what they seem.
    (
        "ｇｉｔｌａｂ.com",
        Goes("https://gitlab.com", true, &["host-lookalike-punctuation"]),
    ),
    (
        "gitlab．com",
        Goes("https://gitlab.com", true, &["host-lookalike-punctuation"]),
    ),
    // Names that only start with a well-known host.
    (
        "https://gitlab.com.evil.example",
        Goes(
            "https://gitlab.com.evil.example",
            false,
            &["host-looks-like-gitlab-com"],
        ),
    ),
    (
        "gitlab.com.example.org/-/user_settings",
        Goes("https://gitlab.com.example.org", false, &["host-looks-like-gitlab-com"]),
    ),
    // Scheme typos and doubled schemes: refused, with the fix.
    (
        "https//gitlab.example.com",
        Refused("host-scheme-typo", Some("https://gitlab.example.com")),
    ),
    (
        "https:/gitlab.example.com",
        Refused("host-scheme-typo", Some("https://gitlab.example.com")),
    ),
    (
        "https:gitlab.example.com",
        Refused("host-scheme-typo", Some("https://gitlab.example.com")),
    ),
    (
        "https:///gitlab.com",
        Refused("host-scheme-typo", Some("https://gitlab.com")),
    ),
    (
        "htps://gitlab.com",
        Refused("host-scheme-typo", Some("https://gitlab.com")),
    ),
    (
        "htttps://gitlab.com",
        Refused("host-scheme-typo", Some("https://gitlab.com")),
    ),
    (
        "hhttps://gitlab.com/group",
        Refused("host-scheme-typo", Some("https://gitlab.com/group")),
    ),
    (
        "https;//gitlab.com",
        Refused("host-scheme-typo", Some("https://gitlab.com")),
    ),
    (
        "htp://localhost:3000",
        Refused("host-scheme-typo", Some("http://localhost:3000")),
    ),
    (
        "https://https://gitlab.com",
        Refused("host-scheme-doubled", Some("https://gitlab.com")),
    ),
    (
        "https://https//gitlab.com",
        Refused("host-scheme-doubled", Some("https://gitlab.com")),
    ),
    (
        "http://https://gitlab.com",
        Refused("host-scheme-doubled", Some("https://gitlab.com")),
    ),
    (
        "https://http:/gitlab.com",
        Refused("host-scheme-doubled", Some("https://gitlab.com")),
    ),
    // Not typos: a host with a port, hosts whose names start like a scheme.
    ("hts:443", Goes("https://hts", false, &[])),
    ("https://hub.example.com", Goes("https://hub.example.com", false, &[])),
    ("https://http.example.com", Goes("https://http.example.com", false, &[])),
    ("httpbin.example", Goes("https://httpbin.example", false, &[])),
];

fn url_arg(m: &Message) -> Option<&str> {
    match m.arg("url") {
        Some(Arg::Str(s)) => Some(s),
        _ => None,
    }
}

#[test]
fn origins_warnings_and_typos() {
    let mut failures = Vec::new();
    for (input, want) in CASES {
        let got = host::parse(input, &browser_ascii);
        let ok = match (want, &got) {
            (Goes(origin, idn, warnings), Ok(h)) => {
                let ids: Vec<&str> = h.warnings.iter().map(|m| m.id).collect();
                h.origin == *origin && h.idn == *idn && ids == *warnings
            }
            (Refused(id, url), Err(m)) => m.id == *id && url_arg(m) == *url,
            _ => false,
        };
        if !ok {
            failures.push(format!("{input:?}: got {got:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn warnings_name_the_character() {
    let cases: &[(&str, &str, &str)] = &[
        ("gitlаb.com", "а", "U+0430"),
        ("gitlab.com∕evil.example", "∕", "U+2215"),
        ("gitlab.com⁄group", "⁄", "U+2044"),
        ("ｇｉｔｌａｂ.com", "ｇ", "U+FF47"),
        ("gıtlab.com", "ı", "U+0131"),
    ];
    for (input, ch, code) in cases {
        let h = host::parse(input, &browser_ascii).expect(input);
        let w = &h.warnings[0];
        assert_eq!(w.arg("char"), Some(&Arg::Str((*ch).into())), "{input}");
        assert_eq!(w.arg("code"), Some(&Arg::Str((*code).into())), "{input}");
    }
}

#[test]
fn origin_line_is_the_ascii_origin() {
    let cases: &[(&str, &str, &str)] = &[
        ("gitlab.com", "origin-will-contact", "https://gitlab.com"),
        (
            "https://example.com/gitlab/-/user_settings",
            "origin-will-contact",
            "https://example.com",
        ),
        ("gitlаb.com", "origin-will-contact-idn", "https://xn--gitlb-7ve.com"),
    ];
    for (input, id, origin) in cases {
        let m = host::parse(input, &browser_ascii).expect(input).origin_line();
        assert_eq!(
            (m.id, m.arg("origin")),
            (*id, Some(&Arg::Str((*origin).into()))),
            "{input}"
        );
    }
}

/// Secrets pasted into the host field are refused before anything could echo them: any known
/// prefix (also after an instance prefix), routable tokens, and headers carrying a token.
#[test]
fn secrets_in_the_host_field_are_refused_without_echo() {
    let secret = "CFdcERFmdD4nHQrroDno";
    let inputs = [
        format!("glpat-{secret}"),
        format!("mycompany-glpat-{secret}"),
        format!("PRIVATE-TOKEN:mycompany-glpat-{secret}"),
        format!("PRIVATE-TOKEN: glpat-{secret}"),
        format!("private-token:{secret}"),
        format!("Authorization: Bearer {secret}"),
        format!("Bearer {secret}"),
        format!("\"PRIVATE-TOKEN: {secret}\""),
        format!("acme-gldt-{secret}"),
        format!("glrt-{secret}"),
        format!("_gitlab_session={secret}"),
        format!("https://gitlab.com/?_gitlab_session={secret}"),
    ];
    for input in &inputs {
        let m = host::parse(input, &browser_ascii).expect_err(input);
        assert_eq!(m.id, "host-looks-like-token", "{input}");
        assert!(m.args.is_empty(), "{input}: {m:?}");
    }
}

/// A host-field text is echoed at most 60 characters long.
#[test]
fn long_host_text_is_clipped_in_messages() {
    let long = format!("gitlab{}.example.com:abc", "x".repeat(200));
    let input = format!("https://{}!.example", "y".repeat(300));
    for text in [long, input] {
        let m = host::parse(&text, &browser_ascii).expect_err(&text);
        for (_, a) in &m.args {
            if let Arg::Str(s) = a {
                assert!(s.chars().count() <= 61, "{}: {s}", m.id);
            }
        }
    }
}

/// The look-alike warnings hold the check until the reader confirms this exact origin.
#[test]
fn lookalike_needs_one_more_click() {
    let req = Requirement::parse("", "api read_api", "docs");
    let token = "glpat-CFdcERFmdD4nHQrroDno";
    let first = precheck("gitlаb.com", token, &req, &browser_ascii, "").expect_err("warned");
    assert_eq!(first.verdict.headline.id, "verdict-host-lookalike");
    assert_eq!(first.verdict.outcome, token_check::Outcome::Warning);
    assert_eq!(first.confirm.as_deref(), Some("https://xn--gitlb-7ve.com"));
    assert!(first.problems.iter().all(|p| p.field == Field::Host));
    assert_eq!(first.problems[0].message.id, "host-mixed-scripts");
    // Confirming another origin does not count.
    let other = precheck("gitlаb.com", token, &req, &browser_ascii, "https://gitlab.com").expect_err("warned");
    assert_eq!(other.confirm.as_deref(), Some("https://xn--gitlb-7ve.com"));
    // The confirmed origin goes ahead.
    let (h, _) = precheck("gitlаb.com", token, &req, &browser_ascii, "https://xn--gitlb-7ve.com").expect("confirmed");
    assert_eq!(h.base, "https://xn--gitlb-7ve.com");
    // A plain host needs no confirmation.
    assert!(precheck("gitlab.com", token, &req, &browser_ascii, "").is_ok());
    // With a token problem too, both are reported, and the host still needs confirming.
    let both = precheck("gitlаb.com", "", &req, &browser_ascii, "").expect_err("two problems");
    assert_eq!(both.problems.len(), 2);
    assert_eq!(both.verdict.headline.id, "verdict-token-rejected");
    assert!(both.confirm.is_some());
}

/// No `Debug` output may print a token (F15): Token, Request, Check and precheck's results.
#[test]
fn debug_output_never_shows_the_token() {
    let secret = "glpat-CFdcERFmdD4nHQrroDno";
    let req = Requirement::parse("", "api", "");
    let (h, t) = precheck("gitlab.com", secret, &req, &browser_ascii, "").expect("valid");
    let check = token_check::Check::new(h, t.clone(), req.clone(), 0);
    let request = check.next_request().expect("a request");
    assert_eq!(request.header_value, secret, "the request itself still carries it");
    let header = precheck(
        "gitlab.com",
        &format!("PRIVATE-TOKEN: {secret}"),
        &req,
        &browser_ascii,
        "",
    )
    .expect("valid")
    .1;
    for (what, text) in [
        ("Token", format!("{t:?}")),
        ("Token {:#?}", format!("{t:#?}")),
        ("Token from a header", format!("{header:?}")),
        ("Request", format!("{request:?}")),
        ("Check", format!("{check:?}")),
        ("Check {:#?}", format!("{check:#?}")),
    ] {
        assert!(
            !text.contains("CFdcERFmdD4nHQrroDno"),
            "{what} prints the token: {text}"
        );
        assert!(text.contains("redacted"), "{what}: {text}");
    }
}
