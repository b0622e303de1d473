//! A minimal HTTP/1.1 client for loopback servers (the static site, chromedriver's JSON API):
//! one request per connection, `Connection: close`, content-length or chunked bodies.

use std::time::Duration;

use anyhow::{Context, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long one request may take, connect to last byte.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A response: status, headers (names lower-cased), body.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `http://host:port/path?query` split into (`host:port`, `/path?query`).
pub fn split_url(url: &str) -> anyhow::Result<(&str, &str)> {
    let rest = url
        .strip_prefix("http://")
        .with_context(|| format!("only http:// URLs are supported: {url}"))?;
    let rest = rest.split('#').next().unwrap_or(rest);
    Ok(match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    })
}

/// `GET url`.
pub async fn get(url: &str) -> anyhow::Result<HttpResponse> {
    request("GET", url, None).await
}

/// `POST url` with a JSON body.
pub async fn post_json(url: &str, body: &serde_json::Value) -> anyhow::Result<HttpResponse> {
    request("POST", url, Some(body.to_string())).await
}

/// Sends one request and reads the whole response.
pub async fn request(method: &str, url: &str, body: Option<String>) -> anyhow::Result<HttpResponse> {
    tokio::time::timeout(TIMEOUT, request_inner(method, url, body))
        .await
        .with_context(|| format!("{method} {url}: no complete answer within {TIMEOUT:?}"))?
        .with_context(|| format!("{method} {url}"))
}

async fn request_inner(method: &str, url: &str, body: Option<String>) -> anyhow::Result<HttpResponse> {
    let (authority, target) = split_url(url)?;
    let mut stream = TcpStream::connect(authority).await?;
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    if let Some(b) = &body {
        head.push_str(&format!(
            "Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    if let Some(b) = &body {
        stream.write_all(b.as_bytes()).await?;
    }
    // Some servers (chromedriver) keep the connection open despite `Connection: close`:
    // stop reading once the response is complete.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
        if is_complete(&raw) {
            break;
        }
    }
    parse_response(&raw)
}

/// Whether `raw` holds a whole response (head plus the body its headers announce).
fn is_complete(raw: &[u8]) -> bool {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let body = &raw[end + 4..];
    for line in head.split("\r\n").skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        match name.trim() {
            "content-length" => return value.trim().parse::<usize>().is_ok_and(|len| body.len() >= len),
            "transfer-encoding" if value.trim() == "chunked" => return dechunk(body).is_ok(),
            _ => {}
        }
    }
    // No length: a body-less status, or one that ends when the connection does.
    let status = head.split(' ').nth(1).unwrap_or_default();
    status.starts_with('1') || status == "204" || status == "304"
}

/// Parses a complete HTTP/1.1 response.
pub fn parse_response(raw: &[u8]) -> anyhow::Result<HttpResponse> {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        bail!("incomplete response head ({} bytes)", raw.len());
    };
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("bad status line {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        dechunk(rest)?
    } else if let Some(len) = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        if rest.len() < len {
            bail!("body shorter than content-length ({} < {len})", rest.len());
        }
        rest[..len].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(HttpResponse { status, headers, body })
}

fn dechunk(mut rest: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = rest.windows(2).position(|w| w == b"\r\n") else {
            bail!("truncated chunk size line");
        };
        let size_text = String::from_utf8_lossy(&rest[..eol]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).with_context(|| format!("bad chunk size {size_text:?}"))?;
        rest = &rest[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        if rest.len() < size + 2 {
            bail!("truncated chunk");
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses() {
        let cases: &[(&[u8], u16, &str)] = &[
            (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 200, "hello"),
            (b"HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\nnoEXTRA", 404, "no"),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
                200,
                "abcde",
            ),
            (b"HTTP/1.1 301 Moved\r\nLocation: /x/\r\n\r\n", 301, ""),
        ];
        for &(raw, status, body) in cases {
            let r = parse_response(raw).unwrap();
            assert_eq!((r.status, r.text().as_str()), (status, body));
        }
        for bad in [
            &b"HTTP/1.1 200 OK\r\n"[..],
            b"garbage\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nab",
        ] {
            assert!(parse_response(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn completeness() {
        let cases: &[(&[u8], bool)] = &[
            (b"HTTP/1.1 200 OK\r\nContent-Length:3\r\n\r\nab", false),
            (b"HTTP/1.1 200 OK\r\nContent-Length:3\r\n\r\nabc", true),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
                false,
            ),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                true,
            ),
            (b"HTTP/1.1 204 No Content\r\n\r\n", true),
            (b"HTTP/1.1 200 OK\r\n\r\nuntil close", false),
            (b"HTTP/1.1 200 OK\r\nContent-Le", false),
        ];
        for &(raw, want) in cases {
            assert_eq!(is_complete(raw), want, "{:?}", String::from_utf8_lossy(raw));
        }
    }

    #[test]
    fn urls() {
        let cases = [
            ("http://127.0.0.1:8/a/b?c=d#e", Some(("127.0.0.1:8", "/a/b?c=d"))),
            ("http://127.0.0.1:8", Some(("127.0.0.1:8", "/"))),
            ("https://example.com/", None),
        ];
        for (url, want) in cases {
            assert_eq!(split_url(url).ok(), want, "{url}");
        }
    }
}
