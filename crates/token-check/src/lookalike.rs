//! Look-alike host names: what makes a typed name worth a second look before a token goes to it
//! (look-alike punctuation such as U+2215 "∕" for "/", letters of several scripts in one label,
//! letters that only look Latin, and names that merely start with gitlab.com). Each finding is a
//! warning the reader confirms with one more click; none of them is a refusal, since real
//! internationalized names exist.
//!
//! The script data is a small range table (no Unicode crate: this code runs in the wasm), close to
//! UTS #39's "highly restrictive" level: one script per label, except Latin with Han and
//! Hiragana/Katakana, Bopomofo or Hangul.

#[allow(unused_imports)]
use crate::prelude::*;

use crate::messages::{Arg, Message, m_str, msg};

/// Warnings about the host name `typed` (as typed, before IDNA), which converts to `ascii`.
pub(crate) fn warnings(typed: &str, ascii: &str) -> Vec<Message> {
    let mut out = Vec::new();
    if let Some(c) = typed.chars().find(|c| lookalike_punctuation(*c)) {
        out.push(char_msg("host-lookalike-punctuation", c));
    }
    // Loops, not `find_map`: no closure-call adapters in the wasm.
    let labels = labels(typed);
    let mut mixed = None;
    let mut lookalike = None;
    for l in &labels {
        mixed = mixed.or_else(|| mixed_script_char(l));
        lookalike = lookalike.or_else(|| confusable_char(l));
    }
    if let Some(c) = mixed {
        out.push(char_msg("host-mixed-scripts", c));
    } else if let Some(c) = lookalike {
        out.push(char_msg("host-confusable", c));
    }
    if ascii.len() > WELL_KNOWN.len() && ascii.starts_with(WELL_KNOWN) {
        out.push(m_str("host-looks-like-gitlab-com", "name", ascii));
    }
    out
}

/// The labels of a name, split at `.` and the ideographic and fullwidth full stops (a loop:
/// smaller in the wasm than `str::split` with a char set).
fn labels(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices() {
        if matches!(c, '.' | '\u{3002}' | '\u{ff0e}' | '\u{ff61}') {
            out.push(crate::sub(name, start, i));
            start = i + c.len_utf8();
        }
    }
    out.push(crate::tail(name, start));
    out
}

/// The message ids [`warnings`] can return.
pub(crate) const WARNINGS: &str =
    "host-lookalike-punctuation host-mixed-scripts host-confusable host-looks-like-gitlab-com";

/// `gitlab.com.` followed by more labels is somebody else's host.
const WELL_KNOWN: &str = "gitlab.com.";

fn char_msg(id: &'static str, c: char) -> Message {
    let mut buf = [0; 4];
    msg(
        id,
        vec![
            ("char", Arg::Str(c.encode_utf8(&mut buf).to_owned())),
            ("code", Arg::Str(code_point(c))),
        ],
    )
}

/// `U+2215`: at least four upper-case hex digits.
pub fn code_point(c: char) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let n = c as u32;
    let mut digits = Vec::new();
    let mut v = n;
    while v > 0 || digits.len() < 4 {
        digits.push(HEX[(v & 15) as usize]);
        v >>= 4;
    }
    crate::rev_ascii(&digits, String::from("U+"))
}

/// Characters that look like `/ . : @ - \` or other URL punctuation, and fullwidth forms.
fn lookalike_punctuation(c: char) -> bool {
    matches!(c,
        '\u{2215}' | '\u{2044}' | '\u{29f8}' | '\u{2571}' | '\u{27cb}' | '\u{3033}' // slashes
        | '\u{29f5}' | '\u{29f9}' | '\u{2572}' | '\u{fe68}' | '\u{27cd}'          // backslashes
        | '\u{2024}' | '\u{2027}' | '\u{00b7}' | '\u{0701}' | '\u{0702}' | '\u{a4f8}' | '\u{fe52}' // dots
        | '\u{3002}' | '\u{ff61}' | '\u{06d4}' | '\u{2e3c}'
        | '\u{2236}' | '\u{0589}' | '\u{a789}' | '\u{fe13}' | '\u{fe55}' | '\u{05c3}' | '\u{02d0}' // colons
        | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{2043}' | '\u{fe58}' | '\u{fe63}' | '\u{02d7}' // hyphens
        | '\u{fe6b}' | '\u{2100}' | '\u{2101}' | '\u{2105}' | '\u{2106}'          // @ and a/c-like
        | '\u{ff01}'..='\u{ff5e}'                                                  // fullwidth ASCII
    )
}

/// A script, as far as mixing goes. `None` for digits, `-`, `_`, combining marks and symbols.
fn script(c: char) -> Option<u32> {
    let n = c as u32;
    Some(match n {
        0x41..=0x5a | 0x61..=0x7a => LATIN,
        0xc0..=0x24f if n != 0xd7 && n != 0xf7 => LATIN,
        0x250..=0x2af | 0x1d00..=0x1dbf | 0x1e00..=0x1eff | 0x2c60..=0x2c7f | 0xa720..=0xa7ff | 0xab30..=0xab6f => {
            LATIN
        }
        0x370..=0x3ff | 0x1f00..=0x1fff => GREEK,
        0x400..=0x52f | 0x1c80..=0x1c8f | 0x2de0..=0x2dff | 0xa640..=0xa69f => CYRILLIC,
        0x3040..=0x309f => HIRAGANA,
        0x30a0..=0x30ff | 0x31f0..=0x31ff | 0xff66..=0xff9f => KATAKANA,
        0x3100..=0x312f | 0x31a0..=0x31bf => BOPOMOFO,
        0x1100..=0x11ff | 0x3130..=0x318f | 0xac00..=0xd7af => HANGUL,
        0x2e80..=0x2fdf | 0x3005 | 0x3007 | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x3134f => {
            HAN
        }
        // Marks, symbols and punctuation of the general blocks belong to no script here.
        0..=0x36f | 0x2000..=0x2bff | 0x3000..=0x303f | 0xfe00..=0xfe6f | 0xff00..=0xffef => return None,
        // Elsewhere: one "script" per 128-code-point block (Armenian, Hebrew, Arabic, Indic…).
        _ => 0x100 + (n >> 7),
    })
}

const LATIN: u32 = 1;
const GREEK: u32 = 2;
const CYRILLIC: u32 = 3;
const HAN: u32 = 4;
const HIRAGANA: u32 = 5;
const KATAKANA: u32 = 6;
const BOPOMOFO: u32 = 7;
const HANGUL: u32 = 8;

/// Script sets one label may use (UTS #39 "highly restrictive"), as bit masks of the named
/// scripts (bit `1 << script`).
const ALLOWED: [u32; 3] = [
    1 << LATIN | 1 << HAN | 1 << HIRAGANA | 1 << KATAKANA,
    1 << LATIN | 1 << HAN | 1 << BOPOMOFO,
    1 << LATIN | 1 << HAN | 1 << HANGUL,
];

/// The first letter of `label` whose script the label's other letters can't be mixed with. The
/// named scripts seen are bits of a mask; a block "script" outside them is in no allowed set,
/// so it mixes with any other script.
fn mixed_script_char(label: &str) -> Option<char> {
    let (mut named, mut other) = (0u32, 0u32);
    for c in label.chars() {
        let Some(s) = script(c) else { continue };
        if s < 0x100 {
            named |= 1 << s;
        } else if other == 0 {
            other = s;
        } else if other != s {
            return Some(c);
        }
        let several = named & named.wrapping_sub(1) != 0;
        let outside = |set: u32| named & !set != 0;
        if (other != 0 && named != 0) || (several && outside(ALLOWED[0]) && outside(ALLOWED[1]) && outside(ALLOWED[2]))
        {
            return Some(c);
        }
    }
    None
}

/// Non-ASCII letters that are read as ASCII letters: Cyrillic and Greek look-alikes, Latin
/// letters such as dotless ı or script ɡ, small capitals, letter-like and mathematical symbols.
fn confusable(c: char) -> bool {
    matches!(c,
        'а' | 'в' | 'е' | 'к' | 'м' | 'н' | 'о' | 'р' | 'с' | 'т' | 'у' | 'х' | 'ѕ' | 'і' | 'ї' | 'ј'
        | 'һ' | 'ԁ' | 'ԛ' | 'ԝ' | 'ӏ' | 'ɡ' | 'ı' | 'ȷ' | 'ɑ' | 'ɩ' | 'ʟ' | 'ο' | 'α' | 'ν' | 'ι'
        | 'κ' | 'ρ' | 'τ' | 'υ' | 'χ' | 'ϲ' | 'ϳ' | 'ԍ' | 'ᴀ'..='ᴢ' | 'ℓ' | 'ⅰ'..='ⅿ' | 'Ⅰ'..='Ⅿ'
        | '\u{1d400}'..='\u{1d7ff}' | '\u{2100}'..='\u{214f}' | 'օ' | 'ս' | 'ց' | 'ո' | 'հ' | 'ɾ' | 'ʏ'
    )
}

/// The first look-alike letter of a label, when every non-ASCII letter in it is one (a whole
/// label such as Cyrillic "сорр" reads as Latin "copp"), or when it sits among ASCII letters.
fn confusable_char(label: &str) -> Option<char> {
    let mut first = None;
    for c in label.chars().filter(|c| !c.is_ascii() && script(*c).is_some()) {
        if !confusable(c) {
            return None;
        }
        first = first.or(Some(c));
    }
    first
}

#[cfg(test)]
mod tests {
    use super::mixed_script_char;

    /// The script mask (which replaced a list of the scripts seen) must find the same letter:
    /// allowed combinations pass, a block script outside the named ones mixes with anything,
    /// and two different block scripts mix with each other.
    #[test]
    fn mixed_scripts_by_mask() {
        let cases: &[(&str, Option<char>)] = &[
            ("gitlab", None),
            ("bücher", None),
            ("日本語とカタカナ", None),
            ("abc漢字", None),
            ("한국abc漢", None),
            ("ㄅㄆ漢a", None),
            ("שלום", None),
            ("gitlаb", Some('а')),
            ("cοm", Some('ο')),
            ("ㄅカ", Some('カ')),
            ("한カ", Some('カ')),
            ("aשלום", Some('ש')),
            ("שa", Some('a')),
            ("שلا", Some('ل')),
            ("1-2_3", None),
        ];
        for (label, want) in cases {
            assert_eq!(mixed_script_char(label), *want, "{label}");
        }
    }
}
