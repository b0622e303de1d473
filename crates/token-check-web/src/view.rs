//! DOM-free helpers of the widget: which strings are safe to hand to browser APIs, GitLab
//! timestamps, and wiping the token from memory the widget owns.

/// Whether a non-ASCII host name may be given to the browser's `URL` parser to get its ASCII
/// form: nothing that would make the parser read a different host (delimiters, escapes,
/// user info, ports, brackets, spaces or control characters).
pub fn idna_input_ok(name: &str) -> bool {
    !name.is_empty()
        && !name
            .bytes()
            .any(|b| b <= b' ' || b == 0x7f || b"/\\?#@:%[]".contains(&b))
}

/// Whether a placeholder id can go into the widget's markup and ids as is: non-empty ASCII
/// letters, digits, `-` and `_` only.
pub fn safe_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The `YYYY-MM-DD` date at the start of a GitLab timestamp (`2024-05-01T12:00:00.000Z`),
/// if valid.
pub fn date_part(timestamp: &str) -> Option<&str> {
    let d = timestamp.get(..10)?;
    token_check::expiry::parse_date(d).map(|_| d)
}

/// Overwrites a string's bytes before freeing them, so a token does not linger in the
/// wasm memory after the check (best effort: copies made elsewhere are out of reach).
pub fn wipe(s: String) {
    let mut bytes = s.into_bytes();
    bytes.fill(0);
    std::hint::black_box(&mut bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idna_inputs() {
        let cases: &[(&str, bool)] = &[
            ("bücher.example", true),
            ("gitlab.例え.jp", true),
            ("", false),
            ("bücher.example/x", false),
            ("bücher.example\\evil.example", false),
            ("bü cher.example", false),
            ("bü\tcher.example", false),
            ("user@bücher.example", false),
            ("bücher.example:443", false),
            ("bücher%2eexample", false),
            ("[bücher]", false),
            ("bücher.example?x", false),
            ("bücher.example#x", false),
        ];
        for (name, want) in cases {
            assert_eq!(idna_input_ok(name), *want, "{name}");
        }
    }

    #[test]
    fn placeholder_ids() {
        let cases: &[(&str, bool)] = &[
            ("token-checker-1", true),
            ("tc_2", true),
            ("", false),
            ("a\"><script>", false),
            ("a b", false),
            ("ñ", false),
            ("{p}", false),
        ];
        for (id, want) in cases {
            assert_eq!(safe_id(id), *want, "{id:?}");
        }
    }

    #[test]
    fn dates_from_timestamps() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2024-05-01T12:00:00.000Z", Some("2024-05-01")),
            ("2024-05-01", Some("2024-05-01")),
            ("2024-02-30T00:00:00Z", None),
            ("2024-5-1", None),
            ("yesterday", None),
            ("", None),
            ("2024-05-0é", None),
        ];
        for (ts, want) in cases {
            assert_eq!(date_part(ts), *want, "{ts}");
        }
    }
}
