//! Eight bytes at a time: tests of every byte of a `u64` at once (safe code, no SIMD intrinsics), for the scans
//! that run over every page's text: finding words (`search`), escaping JSON (`search`) and collapsing whitespace
//! (`text`). Each test gives the high bit of each byte that passes it, every other bit clear.

/// The high bit of every byte.
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;

/// `b` in every byte.
pub(crate) const fn each(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The eight bytes of `bytes` from `at`, little-endian (the first byte lowest), when there are eight.
pub(crate) fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let block: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(block))
}

/// The bytes of `x` that are ASCII and at least `lo` (at most 0x80): `0x80 - lo` added to a byte's low seven
/// bits carries into its high bit exactly when the byte is at least `lo`, and never into the next byte.
pub(crate) fn at_least(x: u64, lo: u8) -> u64 {
    ((x & !HIGH) + each(0x80 - lo)) & !x & HIGH
}

/// The ASCII bytes of `x`.
pub(crate) fn ascii(x: u64) -> u64 {
    !x & HIGH
}

/// The bytes of `x` equal to `b`: those of `x ^ b…` that are zero (a byte's low seven bits plus 0x7f carry into
/// its high bit unless they are all zero).
pub(crate) fn equal(x: u64, b: u8) -> u64 {
    let v = x ^ each(b);
    !(((v & !HIGH) + !HIGH) | v) & HIGH
}

/// The bytes of `x` that are ASCII letters or digits.
pub(crate) fn alphanumeric(x: u64) -> u64 {
    let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
    // Setting 0x20 makes an ASCII capital its small letter, and moves no other byte into a..=z.
    let folded = x | each(0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    digit | letter
}

/// The place of the first byte whose high bit is set in `mask` (which has one).
pub(crate) fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    /// Every test, on every byte value at every place of the eight, against the byte-by-byte rule.
    #[test]
    fn each_test_agrees_with_the_byte_rule_for_every_byte_at_every_place() {
        let bit = |mask: u64, at: usize| mask & (0x80 << (8 * at)) != 0;
        for b in 0u8..=255 {
            for at in 0..8 {
                let mut bytes = [b'x'; 8];
                bytes[at] = b;
                let x = u64::from_le_bytes(bytes);
                assert_eq!(bit(super::ascii(x), at), b.is_ascii(), "{b:#x} ascii");
                assert_eq!(bit(super::equal(x, b'"'), at), b == b'"', "{b:#x} equal");
                assert_eq!(
                    bit(super::at_least(x, 0x20), at),
                    b.is_ascii() && b >= 0x20,
                    "{b:#x} at least"
                );
                assert_eq!(
                    bit(super::alphanumeric(x), at),
                    b.is_ascii_alphanumeric(),
                    "{b:#x} alphanumeric"
                );
                // The other seven bytes are `x`: ASCII, a letter, not a quote.
                let others = (0..8).filter(|&i| i != at);
                assert!(
                    others
                        .clone()
                        .all(|i| bit(super::alphanumeric(x), i) && !bit(super::equal(x, b'"'), i))
                );
            }
        }
        assert_eq!(super::load(b"abcdefgh", 0), Some(u64::from_le_bytes(*b"abcdefgh")));
        assert_eq!(super::load(b"abcdefg", 0), None);
        assert_eq!(super::first(super::HIGH << 24 & super::HIGH), 3);
    }
}
