//! Expiry arithmetic: GitLab's `expires_at` is a date, and a token with expiry date D stops
//! working at 00:00 UTC on D. Days are counted between UTC calendar dates, from the caller's
//! "now" (Unix seconds); no clock is read here.

#[allow(unused_imports)]
use crate::prelude::*;

/// How an `expires_at` date relates to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// `expires_at: null`: the token never expires.
    Never,
    /// `days` = expiry date − today (UTC). 1: today is the last day it works; 0 or less:
    /// the date has come (GitLab should already refuse it; the reader's clock may be off).
    Days(i64),
}

/// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses a strict `YYYY-MM-DD` into days since the epoch.
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    // At most 4 ASCII digits: no overflow, and no `str::parse` (its error type) in the wasm.
    let num = |r: core::ops::Range<usize>| -> Option<u32> { crate::small_num(s.get(r)?) };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let dim = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > dim {
        return None;
    }
    Some(days_from_civil(y as i64, m, d))
}

/// Classifies `expires_at` (`None` = JSON null) against `now` (Unix seconds).
/// Returns `None` for a date that can't be read.
pub fn classify(expires_at: Option<&str>, now_unix: i64) -> Option<Expiry> {
    match expires_at {
        None => Some(Expiry::Never),
        Some(d) => Some(Expiry::Days(parse_date(d)? - now_unix.div_euclid(86_400))),
    }
}
