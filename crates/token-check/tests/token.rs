//! Token field table: the fixture tokens, corrupted and re-prefixed copies, pasted headers,
//! every other GitLab token prefix, and shapes the checker can only call "possible".

mod common;

use token_check::token::{self, PatFormat, TokenKind, crc32};
use token_check::{Arg, Message};

/// Expected classification.
#[derive(Debug)]
enum Want {
    Legacy(&'static str),
    Routable(&'static str, bool, Option<u64>),
    Unexpected,
    Unrecognized,
    Err(&'static str),
}

fn base36(mut n: u64, width: usize) -> String {
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    while n > 0 {
        out.push(digits[(n % 36) as usize]);
        n /= 36;
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

fn b64url(bytes: &[u8]) -> String {
    let a = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, b| (acc << 8) | *b as u32) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(a[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Builds a routable token the way GitLab does, for any prefix and layout.
fn routable(prefix: &str, payload: &str, versioned: bool) -> String {
    let random = [7u8; 16];
    let mut raw = Vec::new();
    if versioned {
        raw.extend_from_slice(&random);
        raw.extend_from_slice(payload.as_bytes());
    } else {
        raw.extend_from_slice(payload.as_bytes());
        raw.extend_from_slice(&random);
    }
    raw.push(16);
    let b64 = b64url(&raw);
    let mut t = format!("{prefix}{b64}.");
    if versioned {
        t.push_str("01.");
    }
    t.push_str(&base36(b64.len() as u64, 2));
    let crc = crc32(t.as_bytes());
    t.push_str(&base36(crc as u64, 7));
    t
}

fn flip(s: &str, at: usize) -> String {
    let mut b = s.as_bytes().to_vec();
    b[at] = if b[at] == b'A' { b'B' } else { b'A' };
    String::from_utf8(b).unwrap()
}

#[test]
fn crc32_matches_zlib() {
    assert_eq!(crc32(b""), 0);
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b"The quick brown fox jumps over the lazy dog"), 0x414F_A339);
}

#[test]
fn helpers_reproduce_the_fixture_token() {
    // The synthetic v01 fixture token, rebuilt from its documented parts.
    let fixture = common::example_token("routable_pat_v01");
    let tail = &fixture[fixture.len() - 7..];
    let head = &fixture[..fixture.len() - 7];
    assert_eq!(base36(crc32(head.as_bytes()) as u64, 7), tail);
}

#[test]
fn token_table() {
    let legacy = common::example_token("legacy_pat");
    let routable_v01 = common::example_token("routable_pat_v01");
    let mid = routable_v01.len() / 2;
    let cases: Vec<(String, Want, Vec<&str>)> = vec![
        // Fixture tokens.
        (legacy.clone(), Want::Legacy("glpat-"), vec![]),
        (routable_v01.clone(), Want::Routable("glpat-", true, Some(4242)), vec![]),
        // Damaged copies of the routable token.
        (
            flip(&routable_v01, mid),
            Want::Err("token-truncated-or-mistyped"),
            vec![],
        ),
        (flip(&routable_v01, 8), Want::Err("token-truncated-or-mistyped"), vec![]),
        (
            routable_v01[..routable_v01.len() - 1].to_owned(),
            Want::Err("token-truncated-or-mistyped"),
            vec![],
        ),
        (
            routable_v01[..routable_v01.len() - 9].to_owned(),
            Want::Err("token-truncated-or-mistyped"),
            vec![],
        ),
        (
            routable_v01.replace(".01.", ".01x"),
            Want::Err("token-truncated-or-mistyped"),
            vec![],
        ),
        (
            routable_v01.replace("12w26n4", "12w26n5"),
            Want::Err("token-truncated-or-mistyped"),
            vec![],
        ),
        ("glpat-abc.def".into(), Want::Err("token-truncated-or-mistyped"), vec![]),
        // Routable token cut before its dot: the PAT prefix but an unknown length.
        (
            routable_v01[..routable_v01.find('.').unwrap()].to_owned(),
            Want::Unexpected,
            vec!["token-pat-unexpected-length"],
        ),
        // Other layouts and prefixes, built like GitLab builds them.
        (
            routable("glpat-", "c:1\no:1\nu:39u", false),
            Want::Routable("glpat-", false, Some(4242)),
            vec![],
        ),
        (
            routable("mycompany-glpat-", "c:1\no:2s\nu:1", true),
            Want::Routable("mycompany-glpat-", true, Some(1)),
            vec![],
        ),
        (
            routable("acme_", "c:1\no:1\nu:zz", true),
            Want::Routable("acme_", true, Some(1295)),
            vec![],
        ),
        (
            routable("glpat-", "c:1\no:1", true),
            Want::Routable("glpat-", true, None),
            vec![],
        ),
        (
            flip(&routable("mycompany-glpat-", "c:1\no:1\nu:39u", true), 20),
            Want::Err("token-truncated-or-mistyped"),
            vec![],
        ),
        (format!("mycompany-{legacy}"), Want::Legacy("mycompany-glpat-"), vec![]),
        // Pasted headers and quotes.
        (
            format!("Bearer {legacy}"),
            Want::Legacy("glpat-"),
            vec!["token-header-stripped"],
        ),
        (
            format!("PRIVATE-TOKEN: {legacy}"),
            Want::Legacy("glpat-"),
            vec!["token-header-stripped"],
        ),
        (
            format!("private-token:{legacy}"),
            Want::Legacy("glpat-"),
            vec!["token-header-stripped"],
        ),
        (
            format!("Authorization: Bearer {routable_v01}"),
            Want::Routable("glpat-", true, Some(4242)),
            vec!["token-header-stripped"],
        ),
        (
            format!("\"PRIVATE-TOKEN: {legacy}\""),
            Want::Legacy("glpat-"),
            vec!["token-header-stripped"],
        ),
        (format!("  \"{legacy}\"\n"), Want::Legacy("glpat-"), vec![]),
        (format!("\t{legacy}\r\n"), Want::Legacy("glpat-"), vec![]),
        // Problems.
        ("".into(), Want::Err("token-empty"), vec![]),
        (" \n\t".into(), Want::Err("token-empty"), vec![]),
        ("PRIVATE-TOKEN:".into(), Want::Err("token-empty"), vec![]),
        (
            "glpat-CFdcERFmdD 4nHQrroDno".into(),
            Want::Err("token-whitespace"),
            vec![],
        ),
        (
            "glpat-CFdcERFmdD\n4nHQrroDno".into(),
            Want::Err("token-whitespace"),
            vec![],
        ),
        (
            "glpat-CFdcERFmdD4n…".into(),
            Want::Err("token-invalid-characters"),
            vec![],
        ),
        (
            "glpat-********************".into(),
            Want::Err("token-invalid-characters"),
            vec![],
        ),
        ("https://gitlab.com".into(), Want::Err("token-looks-like-url"), vec![]),
        // Other GitLab token types.
        (
            "gldt-8zTgq3KLPmXg4xYdYsh9".into(),
            Want::Err("token-type-deploy"),
            vec![],
        ),
        (
            "glrt-t1_8zTgq3KLPmXg4xYdYsh9".into(),
            Want::Err("token-type-runner"),
            vec![],
        ),
        (
            "glrtr-8zTgq3KLPmXg4xYdYsh9".into(),
            Want::Err("token-type-runner"),
            vec![],
        ),
        (
            "mycompany-glrt-8zTgq3KLPmXg4xYdYsh9".into(),
            Want::Err("token-type-runner"),
            vec![],
        ),
        (
            "GR1348941a8zTgq3KLPmXg4xYd".into(),
            Want::Err("token-type-runner-registration"),
            vec![],
        ),
        (
            "glcbt-64_8zTgq3KLPmXg4xYdYsh9".into(),
            Want::Err("token-type-job"),
            vec![],
        ),
        (
            "glptt-8zTgq3KLPmXg4xYdYsh9aa".into(),
            Want::Err("token-type-trigger"),
            vec![],
        ),
        ("glft-8zTgq3KLPmXg4xYdYsh9".into(), Want::Err("token-type-feed"), vec![]),
        (
            "glimt-8zTgq3KLPmXg4xYdYsh9".into(),
            Want::Err("token-type-incoming-mail"),
            vec![],
        ),
        (
            "glagent-8zTgq3KLPmXg4xYdYsh9".into(),
            Want::Err("token-type-agent"),
            vec![],
        ),
        (
            "glwt-8zTgq3KLPmXg4xYdYsh9".into(),
            Want::Err("token-type-workspace"),
            vec![],
        ),
        (
            "glsoat-8zTgq3KLPmXg4xYdYsh9".into(),
            Want::Err("token-type-scim"),
            vec![],
        ),
        (
            "glffct-8zTgq3KLPmXg4xYdYsh9".into(),
            Want::Err("token-type-feature-flags"),
            vec![],
        ),
        (
            "gloas-8zTgq3KLPmXg4xYdYsh9".into(),
            Want::Err("token-type-oauth-secret"),
            vec![],
        ),
        (
            "_gitlab_session=3f2a9b8c7d6e5f4a".into(),
            Want::Err("token-type-session-cookie"),
            vec![],
        ),
        (
            "Cookie:_gitlab_session=3f2a9b8c7d6e5f4a".into(),
            Want::Err("token-type-session-cookie"),
            vec![],
        ),
        // Possible, with a note.
        (
            "glpat-CFdcERFmdD4nHQrroDnoX".into(),
            Want::Unexpected,
            vec!["token-pat-unexpected-length"],
        ),
        (
            "glpat-CFdc".into(),
            Want::Unexpected,
            vec!["token-pat-unexpected-length"],
        ),
        (
            "glpat-CFdcERFmdD4nHQrrolno".into(),
            Want::Legacy("glpat-"),
            vec!["token-pat-confusable"],
        ),
        ("CFdcERFmdD4nHQrroDno".into(), Want::Legacy(""), vec!["token-no-prefix"]),
        (
            "a3f1c0d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1".into(),
            Want::Unrecognized,
            vec!["token-looks-oauth"],
        ),
        (
            "acme-8zTgq3KLPmXg4xYdYsh9wq".into(),
            Want::Unrecognized,
            vec!["token-unknown-format"],
        ),
        ("x".into(), Want::Unrecognized, vec!["token-unknown-format"]),
    ];
    let mut failures = Vec::new();
    for (input, want, notes) in &cases {
        let got = token::parse(input);
        let ok = match (want, &got) {
            (Want::Err(id), Err(m)) => m.id == *id,
            (_, Err(_)) | (Want::Err(_), Ok(_)) => false,
            (want, Ok(t)) => {
                let kind_ok = match (want, &t.kind) {
                    (
                        Want::Legacy(p),
                        TokenKind::Pat {
                            prefix,
                            format: PatFormat::Legacy,
                        },
                    ) => prefix == p,
                    (
                        Want::Routable(p, v, u),
                        TokenKind::Pat {
                            prefix,
                            format: PatFormat::Routable { versioned, user_id },
                        },
                    ) => prefix == p && versioned == v && user_id == u,
                    (
                        Want::Unexpected,
                        TokenKind::Pat {
                            format: PatFormat::Unexpected,
                            ..
                        },
                    ) => true,
                    (Want::Unrecognized, TokenKind::Unrecognized) => true,
                    _ => false,
                };
                let ids: Vec<&str> = t.notes.iter().map(|m| m.id).collect();
                kind_ok && ids == *notes && !t.value.contains(char::is_whitespace)
            }
        };
        if !ok {
            failures.push(format!("{input:?}: want {want:?} {notes:?}, got {got:?}"));
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
fn cleaned_values_and_note_arguments() {
    let legacy = common::example_token("legacy_pat");
    let cases: &[(String, Option<&str>)] = &[
        (format!("Bearer {legacy}"), Some("Bearer")),
        (format!("bearer   {legacy}"), Some("bearer")),
        (format!("PRIVATE-TOKEN: {legacy}"), Some("PRIVATE-TOKEN:")),
        (format!("Authorization: Bearer {legacy}"), Some("Authorization: Bearer")),
        (
            format!("'Authorization: Bearer {legacy}'"),
            Some("Authorization: Bearer"),
        ),
        (format!(" {legacy} "), None),
    ];
    for (input, header) in cases {
        let t = token::parse(input).unwrap();
        assert_eq!(t.value, legacy, "{input:?}");
        let note: Option<&Message> = t.notes.iter().find(|m| m.id == "token-header-stripped");
        assert_eq!(
            note.and_then(|m| m.arg("header")),
            header.map(|h| Arg::Str(h.into())).as_ref(),
            "{input:?}"
        );
    }
    let m = token::parse("glpat-CFdcERFmdD4nHQrroDnoXY").unwrap();
    assert_eq!(m.notes[0].arg("length"), Some(&Arg::Num(22)));
    let m = token::parse("glpat-abc…").unwrap_err();
    assert_eq!(m.arg("char"), Some(&Arg::Str("…".into())));
}

#[test]
fn secrets_are_recognized_in_the_host_field() {
    for s in ["glpat-x", "gldt-x", "GR1348941x", "_gitlab_session=x"] {
        assert!(token::looks_like_secret(s), "{s}");
    }
    for s in ["gitlab.com", "glpat.example.com", "https://gitlab.com"] {
        assert!(!token::looks_like_secret(s), "{s}");
    }
}
