//! Timestamps: RFC 3339 parsing and "3 days ago" wording.

/// Keys unused for this long are marked stale.
pub const STALE_AFTER_DAYS: i64 = 90;

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// Seconds since the epoch of an RFC 3339 timestamp (`2026-03-20T15:30:45Z`, fractions and
/// offsets allowed); `None` if it is not one.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        std::str::from_utf8(b.get(from..to)?).ok()?.parse().ok()
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &b[19..];
    if rest.first() == Some(&b'.') {
        let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        rest = &rest[1 + digits..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let part = |x: &u8, y: &u8| -> Option<i64> {
                Some(i64::from(
                    (*x as char).to_digit(10)? * 10 + (*y as char).to_digit(10)?,
                ))
            };
            let minutes = part(h1, h2)? * 60 + part(m1, m2)?;
            if *sign == b'+' {
                minutes * 60
            } else {
                -minutes * 60
            }
        }
        _ => return None,
    };
    Some(days_from_civil(year, month, day) * DAY + hour * HOUR + minute * MINUTE + second - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit} ago")
    } else {
        format!("{n} {unit}s ago")
    }
}

/// "just now", "5 minutes ago", "yesterday", "3 days ago", "2 months ago", "1 year ago".
pub fn relative(now: i64, then: i64) -> String {
    let ago = now - then;
    if ago < 45 {
        // Includes small clock skew into the future.
        return "just now".to_owned();
    }
    if ago < HOUR {
        return plural((ago / MINUTE).max(1), "minute");
    }
    if ago < DAY {
        return plural(ago / HOUR, "hour");
    }
    let days = ago / DAY;
    match days {
        1 => "yesterday".to_owned(),
        2..=29 => plural(days, "day"),
        30..=364 => plural(days / 30, "month"),
        _ => plural(days / 365, "year"),
    }
}

/// What the revoke confirmation says about a key's last use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastUse {
    /// Never used: revoking it breaks nothing that ran before.
    Never,
    /// Used within the last 24 hours: something may still depend on it ("3 hours ago").
    Recent(String),
    /// Used longer ago ("3 days ago").
    Earlier(String),
}

impl LastUse {
    /// From the key's `last_used_at` (epoch seconds), at `now`.
    pub fn of(now: i64, last_used_at: Option<i64>) -> Self {
        match last_used_at {
            None => Self::Never,
            Some(at) if now - at < DAY => Self::Recent(relative(now, at)),
            Some(at) => Self::Earlier(relative(now, at)),
        }
    }

    /// The sentence shown in the confirmation.
    pub fn sentence(&self) -> String {
        match self {
            Self::Never => "This key has never been used.".to_owned(),
            Self::Recent(when) => {
                format!("This key was used {when}. Anything still using it will stop working.")
            }
            Self::Earlier(when) => format!("This key was last used {when}."),
        }
    }
}

/// Whether a key counts as stale: unused (or never used) for [`STALE_AFTER_DAYS`] or more.
pub fn is_stale(now: i64, created_at: i64, last_used_at: Option<i64>) -> bool {
    now - last_used_at.unwrap_or(created_at) >= STALE_AFTER_DAYS * DAY
}

/// `2026-03-20 16:30:45 UTC+01:00`: the exact time at `offset_minutes` east of UTC, for
/// tooltips. Written out here rather than by `Intl.DateTimeFormat`, whose first use costs
/// 12–20 ms of a cold start (DevTools CPU profile of `cargo xtask bench`).
pub fn exact_at_offset(secs: i64, offset_minutes: i64) -> String {
    let local = secs + offset_minutes * MINUTE;
    let days = local.div_euclid(DAY);
    let rem = local.rem_euclid(DAY);
    // Inverse of days_from_civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let zone = match offset_minutes {
        0 => "UTC".to_owned(),
        m => format!(
            "UTC{}{:02}:{:02}",
            if m < 0 { '-' } else { '+' },
            m.abs() / 60,
            m.abs() % 60
        ),
    };
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} {zone}",
        rem / HOUR,
        rem % HOUR / MINUTE,
        rem % MINUTE
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_contract_timestamps() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2026-03-20T15:30:45Z"), Some(1_774_020_645));
        assert_eq!(
            parse_rfc3339("2026-03-20T15:30:45.123456Z"),
            Some(1_774_020_645)
        );
        assert_eq!(
            parse_rfc3339("2026-03-20T17:30:45+02:00"),
            Some(1_774_020_645)
        );
        assert_eq!(
            parse_rfc3339("2026-03-20T10:30:45-05:00"),
            Some(1_774_020_645)
        );
        for bad in [
            "",
            "yesterday",
            "2026-13-01T00:00:00Z",
            "2026-03-20",
            "2026-03-20T15:30:45",
            "2026-03-20T15:30:45+0200",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn words_relative_times() {
        let now = 1_000_000_000;
        assert_eq!(relative(now, now), "just now");
        assert_eq!(relative(now, now + 30), "just now", "clock skew");
        assert_eq!(relative(now, now - 60), "1 minute ago");
        assert_eq!(relative(now, now - 59 * MINUTE), "59 minutes ago");
        assert_eq!(relative(now, now - 2 * HOUR), "2 hours ago");
        assert_eq!(relative(now, now - DAY - HOUR), "yesterday");
        assert_eq!(relative(now, now - 3 * DAY), "3 days ago");
        assert_eq!(relative(now, now - 65 * DAY), "2 months ago");
        assert_eq!(relative(now, now - 400 * DAY), "1 year ago");
    }

    #[test]
    fn a_use_within_a_day_is_a_warning() {
        let now = 1_774_020_645;
        assert_eq!(LastUse::of(now, None), LastUse::Never);
        assert_eq!(
            LastUse::of(now, Some(now - 12 * MINUTE)).sentence(),
            "This key was used 12 minutes ago. Anything still using it will stop working."
        );
        assert!(matches!(
            LastUse::of(now, Some(now - DAY + 1)),
            LastUse::Recent(_)
        ));
        assert_eq!(
            LastUse::of(now, Some(now - DAY)),
            LastUse::Earlier("yesterday".to_owned())
        );
        assert_eq!(
            LastUse::of(now, Some(now - 3 * DAY)).sentence(),
            "This key was last used 3 days ago."
        );
        assert_eq!(LastUse::Never.sentence(), "This key has never been used.");
        assert_eq!(relative(now, now - 800 * DAY), "2 years ago");
    }

    #[test]
    fn staleness_at_ninety_days() {
        let now = 1_000_000_000;
        assert!(!is_stale(now, now - 200 * DAY, Some(now - 89 * DAY)));
        assert!(is_stale(now, now - 200 * DAY, Some(now - 90 * DAY)));
        assert!(
            is_stale(now, now - 91 * DAY, None),
            "never used, created long ago"
        );
        assert!(!is_stale(now, now - DAY, None));
    }

    #[test]
    fn exact_times_round_trip() {
        assert_eq!(exact_at_offset(1_774_020_645, 0), "2026-03-20 15:30:45 UTC");
        assert_eq!(exact_at_offset(0, 0), "1970-01-01 00:00:00 UTC");
        assert_eq!(
            exact_at_offset(parse_rfc3339("2024-02-29T23:59:59Z").unwrap_or(0), 0),
            "2024-02-29 23:59:59 UTC"
        );
        assert_eq!(
            exact_at_offset(1_774_020_645, 60),
            "2026-03-20 16:30:45 UTC+01:00"
        );
        assert_eq!(
            exact_at_offset(1_774_020_645, -(9 * 60 + 30)),
            "2026-03-20 06:00:45 UTC-09:30"
        );
        // Crossing midnight and the year backwards.
        assert_eq!(exact_at_offset(0, -300), "1969-12-31 19:00:00 UTC-05:00");
    }
}
