//! UTC calendar arithmetic (no chrono): today's date, GitLab-style timestamps and HTTP dates.

use std::time::{SystemTime, UNIX_EPOCH};

const SECS_PER_DAY: i64 = 86_400;

/// A point in time as whole seconds since the Unix epoch (UTC), plus milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Instant {
    pub secs: i64,
    pub millis: u32,
}

impl Instant {
    /// The current wall-clock time. A clock before 1970 counts as the epoch.
    pub fn now() -> Self {
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => Self {
                secs: i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 2),
                millis: d.subsec_millis(),
            },
            Err(_) => Self { secs: 0, millis: 0 },
        }
    }

    /// Days since 1970-01-01 of this instant's UTC date.
    pub fn day_number(self) -> i64 {
        self.secs.div_euclid(SECS_PER_DAY)
    }

    /// Shifted by whole days (negative goes back).
    pub fn plus_days(self, days: i64) -> Self {
        Self {
            secs: self.secs.saturating_add(days.saturating_mul(SECS_PER_DAY)),
            millis: self.millis,
        }
    }

    /// Shifted by seconds (negative goes back).
    pub fn plus_secs(self, secs: i64) -> Self {
        Self {
            secs: self.secs.saturating_add(secs),
            millis: self.millis,
        }
    }
}

/// Civil (proleptic Gregorian) date of a day number: (year, month 1..=12, day 1..=31).
/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = if m <= 2 { y + 1 } else { y };
    // Both values are in range by construction; the fallbacks are never used.
    (year, u32::try_from(m).unwrap_or(1), u32::try_from(d).unwrap_or(1))
}

/// `YYYY-MM-DD` of a day number, the format of GitLab's `expires_at`.
pub(crate) fn date_string(day_number: i64) -> String {
    let (y, m, d) = civil_from_days(day_number);
    format!("{y:04}-{m:02}-{d:02}")
}

/// ISO-8601 with milliseconds and `Z`, the format of GitLab's `created_at`.
pub(crate) fn timestamp_string(t: Instant) -> String {
    let (y, mo, d) = civil_from_days(t.day_number());
    let sod = t.secs.rem_euclid(SECS_PER_DAY);
    let (h, mi, s) = (sod / 3600, (sod % 3600) / 60, sod % 60);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z", t.millis)
}

/// RFC 9110 IMF-fixdate, e.g. `Thu, 05 Mar 2026 08:41:00 GMT`.
pub(crate) fn http_date(secs: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs.div_euclid(SECS_PER_DAY);
    let (y, m, d) = civil_from_days(days);
    let weekday = WEEKDAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)];
    let month = MONTHS[usize::try_from(m.saturating_sub(1)).unwrap_or(0) % 12];
    let sod = secs.rem_euclid(SECS_PER_DAY);
    let (h, mi, s) = (sod / 3600, (sod % 3600) / 60, sod % 60);
    format!("{weekday}, {d:02} {month} {y:04} {h:02}:{mi:02}:{s:02} GMT")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        let cases: &[(i64, &str)] = &[
            (0, "1970-01-01"),
            (-1, "1969-12-31"),
            (11_016, "2000-02-29"),
            (19_782, "2024-02-29"),
            (20_517, "2026-03-05"),
            (20_819, "2027-01-01"),
        ];
        for &(days, want) in cases {
            assert_eq!(date_string(days), want, "day {days}");
        }
    }

    #[test]
    fn timestamps_and_http_dates() {
        // The fixture README's Rack::Attack example: 1772700060 = Thu, 05 Mar 2026 08:41:00 GMT.
        assert_eq!(http_date(1_772_700_060), "Thu, 05 Mar 2026 08:41:00 GMT");
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        let t = Instant {
            secs: 1_772_700_060,
            millis: 7,
        };
        assert_eq!(timestamp_string(t), "2026-03-05T08:41:00.007Z");
        assert_eq!(date_string(t.plus_days(5).day_number()), "2026-03-10");
        assert_eq!(timestamp_string(t.plus_secs(-61)), "2026-03-05T08:39:59.007Z");
    }
}
