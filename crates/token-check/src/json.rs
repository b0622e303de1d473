//! A small, strict JSON reader for GitLab's answers (kept tiny for the wasm budget instead of
//! serde_json): objects keep their key order, numbers keep only a non-negative integer value,
//! nesting is limited, and anything that isn't a complete JSON document is `None`.

#[allow(unused_imports)]
use crate::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    /// The value if it is a non-negative integer that fits in `u64`.
    Num(Option<u64>),
    Str(String),
    /// Elements, each with an empty key: one vector type for arrays and objects (less code in the
    /// wasm). [`Json::as_array`] yields the elements.
    Arr(Vec<(String, Json)>),
    Obj(Vec<(String, Json)>),
}

const MAX_DEPTH: u8 = 32;

impl Json {
    pub(crate) fn parse(s: &str) -> Option<Json> {
        let mut p = Parser {
            s,
            b: s.as_bytes(),
            i: 0,
        };
        let v = p.value(0)?;
        p.ws();
        (p.i == p.b.len()).then_some(v)
    }

    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub(crate) fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Num(n) => *n,
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Arr(a) => Some(a),
            _ => None,
        }
    }
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        let hit = self.peek() == Some(c);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn value(&mut self, depth: u8) -> Option<Json> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        let c = self.peek()?;
        match c {
            b'{' | b'[' => {
                self.i += 1;
                let close = if c == b'{' { b'}' } else { b']' };
                let mut fields = Vec::new();
                if !self.eat(close) {
                    loop {
                        let mut k = String::new();
                        if c == b'{' {
                            self.ws();
                            k = self.string()?;
                            if !self.eat(b':') {
                                return None;
                            }
                        }
                        fields.push((k, self.value(depth + 1)?));
                        if self.eat(close) {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(if c == b'{' {
                    Json::Obj(fields)
                } else {
                    Json::Arr(fields)
                })
            }
            b'"' => self.string().map(Json::Str),
            b't' => self.word(b"true", Json::Bool(true)),
            b'f' => self.word(b"false", Json::Bool(false)),
            b'n' => self.word(b"null", Json::Null),
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                while matches!(self.peek(), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
                    self.i += 1;
                }
                let text = &self.b[start..self.i];
                if !text.last()?.is_ascii_digit() {
                    return None;
                }
                // Overflow tested by comparison: `checked_mul` on a `u64` needs a 128-bit multiply
                // helper in the wasm.
                let int = text.iter().try_fold(0u64, |n, d| {
                    if d.is_ascii_digit() && n <= (u64::MAX - 9) / 10 {
                        Some(n * 10 + (d - b'0') as u64)
                    } else if d.is_ascii_digit() && n <= u64::MAX / 10 {
                        (n * 10).checked_add((d - b'0') as u64)
                    } else {
                        None
                    }
                });
                Some(Json::Num(int))
            }
            _ => None,
        }
    }

    fn word(&mut self, w: &[u8], v: Json) -> Option<Json> {
        if self.b[self.i..].starts_with(w) {
            self.i += w.len();
            Some(v)
        } else {
            None
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.b.get(self.i..self.i + 4)?;
        self.i += 4;
        h.iter()
            .try_fold(0u32, |n, c| Some(n * 16 + (*c as char).to_digit(16)?))
    }

    /// A string literal. The input is already valid UTF-8, so runs between escapes are copied
    /// as `str` slices (no re-validation).
    fn string(&mut self) -> Option<String> {
        if self.peek()? != b'"' {
            return None;
        }
        self.i += 1;
        let mut out = String::new();
        let mut run = self.i;
        loop {
            let c = self.peek()?;
            if c == b'"' || c == b'\\' {
                out.push_str(self.s.get(run..self.i)?);
            }
            self.i += 1;
            match c {
                b'"' => return Some(out),
                b'\\' => {
                    let e = self.peek()?;
                    self.i += 1;
                    let ch = match e {
                        b'"' | b'\\' | b'/' => e as char,
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) {
                                if self.b.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return None;
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return None;
                                }
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            }
                            char::from_u32(cp)?
                        }
                        _ => return None,
                    };
                    crate::push_char(&mut out, ch);
                    run = self.i;
                }
                0..=0x1f => return None,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Json::{self, *};

    /// An array value from its elements.
    fn arr(items: Vec<Json>) -> Json {
        Arr(items.into_iter().map(|v| (String::new(), v)).collect())
    }

    #[test]
    fn reads_and_rejects() {
        let ok: &[(&str, Json)] = &[
            ("null", Null),
            (" true ", Bool(true)),
            ("4242", Num(Some(4242))),
            ("-1", Num(None)),
            ("1.5e3", Num(None)),
            ("18446744073709551616", Num(None)),
            (r#""a\"b\\c\/\n\u00ed\ud83d\ude00""#, Str("a\"b\\c/\ní😀".into())),
            ("\"García\"", Str("García".into())),
            ("[]", arr(vec![])),
            ("[1, [null]]", arr(vec![Num(Some(1)), arr(vec![Null])])),
            (
                r#"{"a": {"b": false}, "c": []}"#,
                Obj(vec![
                    ("a".into(), Obj(vec![("b".into(), Bool(false))])),
                    ("c".into(), arr(vec![])),
                ]),
            ),
        ];
        for (src, want) in ok {
            assert_eq!(Json::parse(src).as_ref(), Some(want), "{src}");
        }
        let bad = [
            "",
            "<html>",
            "Retry later\n",
            "{",
            "{\"a\" 1}",
            "{\"a\":1,}",
            "[1 2]",
            "tru",
            "nul",
            "\"open",
            "\"bad \\x escape\"",
            "\"\\ud800\"",
            "\"tab\tinside\"",
            "1.",
            "{} {}",
            "{'a':1}",
        ];
        for src in bad {
            assert_eq!(Json::parse(src), None, "{src:?}");
        }
        let deep = "[".repeat(40) + &"]".repeat(40);
        assert_eq!(Json::parse(&deep), None);
        let fine = "[".repeat(20) + &"]".repeat(20);
        assert!(Json::parse(&fine).is_some());
    }
}
