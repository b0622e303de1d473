//! Small text helpers shared by the stages: HTML escaping, joining pieces, byte-range edits, percent-decoding and heading slugs.

use unicode_normalization::UnicodeNormalization;

/// The pieces joined, in a string of exactly their length: for the URLs and tags every page builds many of, where
/// `format!` (which guesses its capacity from the literal parts and grows from there) was 4.5% of a build's
/// instructions.
pub(crate) fn concat(pieces: &[&str]) -> String {
    let mut s = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for p in pieces {
        s.push_str(p);
    }
    s
}

/// `s` with `&`, `<`, `>`, `"` and `'` written as entities: safe in text and in quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

/// [`escape_html`], appended to `out`: runs that need no entity are copied whole.
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

/// Replace byte ranges of `text` (non-overlapping after sorting; an overlapping edit is dropped, and so is one
/// whose ends are not on character boundaries).
pub(crate) fn apply_edits(text: &str, edits: &[(std::ops::Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(text.len() + edits.iter().map(|(_, t)| t.len()).sum::<usize>());
    push_edited(&mut out, text, edits);
    out
}

/// [`apply_edits`], appended to `out`, the edits borrowed (taken in order of their ranges).
pub(crate) fn push_edited(out: &mut String, text: &str, edits: &[(std::ops::Range<usize>, String)]) {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].0.start, edits[i].0.end));
    let mut pos = 0;
    for (r, replacement) in order.into_iter().map(|i| &edits[i]) {
        if r.start < pos || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(replacement);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
}

/// `%XX` escapes decoded (invalid ones kept as they are).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A stable id from heading text: accents folded, lowercase, letters and digits kept, other runs → `-`.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    };
    if text.is_ascii() {
        // ASCII needs no Unicode decomposition.
        for c in text.chars() {
            push(c.to_ascii_lowercase(), &mut out);
        }
    } else {
        for c in text.nfd().filter(|c| !is_combining(*c)).flat_map(char::to_lowercase) {
            push(c, &mut out);
        }
    }
    if out.is_empty() { "section".to_string() } else { out }
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Whether `bytes` are all printable ASCII (space to `~`) with no two spaces in a row. Eight bytes at a time
/// (this runs on every piece of a page's text): `str::contains("  ")` set up a substring search for each piece,
/// most of them a few words long.
fn plain(bytes: &[u8]) -> bool {
    use crate::bytes8::{HIGH, at_least, equal};
    let mut blocks = bytes.chunks_exact(8);
    // Whether the byte before the current block was a space.
    let mut space_before = false;
    for block in &mut blocks {
        let x = crate::bytes8::load(block, 0).unwrap_or_default();
        let printable = at_least(x, b' ') & !at_least(x, 0x7f);
        let spaces = equal(x, b' ');
        let pairs = spaces & ((spaces << 8) | u64::from(space_before) << 7);
        if printable != HIGH || pairs != 0 {
            return false;
        }
        space_before = spaces >> 63 != 0;
    }
    blocks
        .remainder()
        .iter()
        .try_fold(space_before, |before, &b| {
            ((b' '..=b'~').contains(&b) && !(before && b == b' ')).then_some(b == b' ')
        })
        .is_some()
}

/// Append `text` to `out`, whitespace collapsed as the text goes: every run of whitespace becomes one space, and
/// none starts `out`. Pieces appended one after another give what `split_whitespace().collect::<Vec<_>>()
/// .join(" ")` gives for their concatenation, except for one trailing space when the last piece ends in
/// whitespace ([`end_collapsed`] drops it). Runs of words one plain space apart, most of prose, are copied whole.
pub(crate) fn push_collapsed(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Most text is printable ASCII with single spaces: copied whole, a space added for an end that is one.
    if plain(bytes) {
        let gap = |out: &mut String| {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        };
        let inner = text.trim_matches(' ');
        if inner.len() < text.len() && text.starts_with(' ') {
            gap(out);
        }
        out.push_str(inner);
        if !inner.is_empty() && text.ends_with(' ') {
            gap(out);
        }
        return;
    }
    // The character at `i`: whether it is white space (`char::is_whitespace`) and its length. ASCII is tested
    // by byte, other characters decoded.
    let at = |i: usize| -> (bool, usize) {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => (true, 1),
            b if b < 0x80 => (false, 1),
            _ => match text[i..].chars().next() {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => (false, 1),
            },
        }
    };
    let mut i = 0;
    loop {
        let gap = i;
        while i < bytes.len() {
            let (white, len) = at(i);
            if !white {
                break;
            }
            i += len;
        }
        if i > gap && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        loop {
            while i < bytes.len() {
                // Printable ASCII is the common case.
                if (b'!'..=b'~').contains(&bytes[i]) {
                    i += 1;
                    continue;
                }
                let (white, len) = at(i);
                if white {
                    break;
                }
                i += len;
            }
            if i + 1 < bytes.len() && bytes[i] == b' ' && !at(i + 1).0 {
                i += 1;
            } else {
                break;
            }
        }
        out.push_str(&text[start..i]);
    }
}

/// Finish a text built by [`push_collapsed`]: no trailing space, no spare capacity.
pub(crate) fn end_collapsed(out: &mut String) {
    if out.ends_with(' ') {
        out.pop();
    }
    out.shrink_to_fit();
}

/// Heading ids of one page: explicit ids are kept, generated ones get `-1`, `-2`… when taken.
#[derive(Default)]
pub(crate) struct HeadingIds {
    used: rustc_hash::FxHashSet<String>,
}

impl HeadingIds {
    /// Claim an explicit id; `false` if the page already has it.
    pub fn explicit(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// The id generated from a heading's text.
    pub fn generated(&mut self, text: &str) -> String {
        let stem = slugify(text);
        let mut id = stem.clone();
        let mut n = 1;
        while self.used.contains(&id) {
            id = format!("{stem}-{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_escaping_replaces_the_five_characters_only() {
        for (text, escaped) in [
            ("", ""),
            ("plain ñ 日本", "plain ñ 日本"),
            (
                "<a href=\"x\">Tom & 'Jerry'</a>",
                "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;",
            ),
            ("&&", "&amp;&amp;"),
            ("é<", "é&lt;"),
        ] {
            assert_eq!(super::escape_html(text), escaped, "{text:?}");
        }
    }

    #[test]
    fn whitespace_collapses_piece_by_piece_like_split_and_join() {
        for text in [
            "",
            "  ",
            " a  b\tc\n",
            "ñ\u{2003}x",
            "one",
            "\u{b}v\u{c}f\u{85}n\u{a0}z ",
            "日本 語\u{3000}",
            "\u{1c}x\u{1f} y\u{2028}z\u{202f}",
            "  trailing and leading  ",
            "a \u{3000}b x \u{85}",
            "é ñ  ü\u{a0} ő",
            "one space each, as in prose.",
            " lead and trail ",
            " ",
            "a b",
            "x y  z",
            "tab\tthen one space",
        ] {
            let want = text.split_whitespace().collect::<Vec<_>>().join(" ");
            // Whole, and cut into two pieces at every character boundary, and into one piece per character.
            let cuts = text.char_indices().map(|(i, _)| i).chain([text.len()]);
            let mut splits: Vec<Vec<&str>> = cuts.map(|c| vec![&text[..c], &text[c..]]).collect();
            splits.push(text.split_inclusive(|_| true).collect());
            splits.push(vec![text]);
            for pieces in splits {
                let mut out = String::new();
                for piece in &pieces {
                    super::push_collapsed(&mut out, piece);
                }
                super::end_collapsed(&mut out);
                assert_eq!(out, want, "{pieces:?}");
            }
        }
    }

    /// `plain` reads eight bytes at a time: every ASCII byte and a second space, at every place in and across a
    /// block, must give what the byte-by-byte rule gives.
    #[test]
    fn plain_text_is_tested_eight_bytes_at_a_time_as_byte_by_byte() {
        let rule =
            |bytes: &[u8]| bytes.iter().all(|b| (b' '..=b'~').contains(b)) && !bytes.windows(2).any(|w| w == b"  ");
        for b in 0u8..=255 {
            for at in 0..20 {
                for len in [at + 1, at + 2, 20] {
                    for fill in [b'a', b' '] {
                        let mut text: Vec<u8> = (0..len).map(|i| if i % 2 == 0 { b'x' } else { fill }).collect();
                        text[at] = b;
                        assert_eq!(super::plain(&text), rule(&text), "{text:?}");
                        if at + 1 < len {
                            text[at + 1] = b' ';
                            assert_eq!(super::plain(&text), rule(&text), "{text:?}");
                        }
                    }
                }
            }
        }
    }

    use super::*;

    #[test]
    fn slugs_are_stable_and_fold_accents() {
        let cases = [
            ("Create a token", "create-a-token"),
            ("Fecha de caducidad y rotación", "fecha-de-caducidad-y-rotacion"),
            ("`read_api` scope", "read-api-scope"),
            ("What's 401?", "what-s-401"),
            ("  ", "section"),
            ("Ámbitos: ¿cuál elegir?", "ambitos-cual-elegir"),
            ("النطاقات", "النطاقات"),
        ];
        for (text, id) in cases {
            assert_eq!(slugify(text), id, "{text}");
        }
    }

    #[test]
    fn generated_ids_never_repeat() {
        let mut ids = HeadingIds::default();
        assert!(ids.explicit("setup"));
        assert_eq!(ids.generated("Setup"), "setup-1");
        assert_eq!(ids.generated("Setup"), "setup-2");
        assert!(!ids.explicit("setup-1"));
    }

    #[test]
    fn edits_off_character_boundaries_are_dropped() {
        assert_eq!(apply_edits("añb", &[(2..3, "x".into())]), "añb");
        assert_eq!(apply_edits("añb", &[(1..3, "n".into())]), "anb");
    }
}
