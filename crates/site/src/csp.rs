//! The pages' Content-Security-Policy (a `<meta>` tag) and the `_headers` file for hosts that read one.
//!
//! A meta policy cannot carry `frame-ancestors`, `report-uri`/`report-to` or `sandbox`, and does not cover
//! files that are not HTML pages. Hosts that read a `_headers` file (Netlify, Cloudflare Pages) get the same
//! policy as a header on every file, plus `frame-ancestors 'none'` and its companions. GitLab Pages reads no
//! headers file (only an instance administrator can set headers, for every site at once).

use token_check::host::HTTP_LOOPBACK;

/// The directives every page carries. `connect-src` allows `https:` (the reader types any GitLab) and http
/// only to the hosts the checker's parser accepts over http ([`HTTP_LOOPBACK`]), so the two never disagree.
fn directives() -> Vec<String> {
    let loopback: Vec<String> = HTTP_LOOPBACK.iter().map(|h| format!("http://{h}:*")).collect();
    vec![
        "default-src 'self'".into(),
        "script-src 'self' 'wasm-unsafe-eval'".into(),
        "style-src 'self'".into(),
        "img-src 'self' data:".into(),
        "font-src 'self'".into(),
        format!("connect-src 'self' https: {}", loopback.join(" ")),
        "object-src 'none'".into(),
        "base-uri 'none'".into(),
        "form-action 'none'".into(),
        "frame-src 'none'".into(),
        "worker-src 'none'".into(),
    ]
}

/// The meta policy. With `trusted_types`, scripts may not pass strings to HTML sinks (`innerHTML`,
/// `insertAdjacentHTML`, …) and may create no Trusted Types policy, so no script can turn text into markup.
pub fn policy(trusted_types: bool) -> String {
    let mut d = directives();
    if trusted_types {
        d.push("require-trusted-types-for 'script'".into());
        d.push("trusted-types 'none'".into());
    }
    d.join("; ")
}

/// The DOM sinks Trusted Types guards that a script could use to turn a string into markup or code.
const HTML_SINKS: &[&str] = &[
    "innerHTML",
    "outerHTML",
    "insertAdjacentHTML",
    "document.write",
    "srcdoc",
    "createContextualFragment",
    "parseFromString",
    "setHTMLUnsafe",
    "parseHTMLUnsafe",
];

/// Whether a shipped script uses an HTML sink; a page that loads it cannot require Trusted Types yet.
pub fn uses_html_sink(js: &[u8]) -> bool {
    let text = String::from_utf8_lossy(js);
    HTML_SINKS.iter().any(|s| text.contains(s))
}

/// Whether any shipped script in `files` (output path, bytes) uses an HTML sink: the theme's scripts, which
/// every page loads, and with `with_checker` also the checker's glue, which only checker pages load.
pub fn uses_html_sink_in(files: &[(String, Vec<u8>)], with_checker: bool) -> bool {
    files
        .iter()
        .filter(|(path, _)| path.ends_with(".js") && (with_checker || !path.contains("token_check_web")))
        .any(|(_, bytes)| uses_html_sink(bytes))
}

/// `_headers` (Netlify and Cloudflare Pages format): the policy as a header on every file below the base
/// path, with what only a header can say. Hosts that don't read it publish it as a plain text file.
pub fn headers_file(base_path: &str) -> String {
    let mut d = directives();
    d.push("frame-ancestors 'none'".into());
    format!(
        "# polydoc: response headers for hosts that read a `_headers` file (Netlify, Cloudflare Pages).\n\
         # The pages carry the same policy in a <meta> tag; only a header can forbid framing.\n\
         {base_path}*\n  \
         Content-Security-Policy: {}\n  \
         X-Frame-Options: DENY\n  \
         X-Content-Type-Options: nosniff\n  \
         Referrer-Policy: no-referrer\n  \
         Cross-Origin-Opener-Policy: same-origin\n",
        d.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 11 (loopback): every host the parser accepts over http is allowed by `connect-src`, and the
    /// loopback names it refuses over http are not in the policy either.
    #[test]
    fn connect_src_matches_the_host_parser() {
        let p = policy(false);
        let connect = p.split("; ").find(|d| d.starts_with("connect-src")).unwrap();
        for (host, http_ok) in [
            ("127.0.0.1", true),
            ("localhost", true),
            ("gdk.localhost", true),
            ("[::1]", false),
            ("127.0.0.2", false),
            ("localhost.example", false),
        ] {
            assert_eq!(token_check::host::is_loopback(host), http_ok, "{host}");
            let allowed = connect.split(' ').any(|src| {
                let Some(pattern) = src.strip_prefix("http://").and_then(|s| s.strip_suffix(":*")) else {
                    return false;
                };
                match pattern.strip_prefix("*.") {
                    Some(parent) => host.ends_with(&format!(".{parent}")),
                    None => host == pattern,
                }
            });
            assert_eq!(allowed, http_ok, "{host} in {connect}");
        }
    }

    #[test]
    fn trusted_types_only_when_asked_and_sinks_are_found() {
        assert!(!policy(false).contains("trusted-types"));
        assert!(policy(true).ends_with("require-trusted-types-for 'script'; trusted-types 'none'"));
        assert!(uses_html_sink(b"el.insertAdjacentHTML('beforeend', s)"));
        assert!(!uses_html_sink(b"el.textContent = s; el.setAttribute('href', u)"));
    }

    #[test]
    fn headers_file_forbids_framing_under_the_base_path() {
        let h = headers_file("/project/");
        assert!(
            h.contains("\n/project/*\n  Content-Security-Policy: default-src 'self'"),
            "{h}"
        );
        assert!(h.contains("; frame-ancestors 'none'\n"), "{h}");
        assert!(h.contains("  X-Frame-Options: DENY\n"), "{h}");
    }
}
