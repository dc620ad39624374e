//! Timestamps: RFC 3339 parsing, and how long ago a time was (which the browser words).

use crate::i18n::{Locale, Msg, TimeUnit, Value};

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

/// How long ago `then` was at `now`, in the unit people would say it in: `(0, Second)` for
/// just now (and small clock skew into the future), `(-5, Minute)`, `(-1, Day)` for yesterday,
/// `(-2, Month)`. `Intl.RelativeTimeFormat` words it.
pub fn relative(now: i64, then: i64) -> (i64, TimeUnit) {
    let ago = now - then;
    if ago < 45 {
        return (0, TimeUnit::Second);
    }
    if ago < HOUR {
        return (-(ago / MINUTE).max(1), TimeUnit::Minute);
    }
    if ago < DAY {
        return (-(ago / HOUR), TimeUnit::Hour);
    }
    let days = ago / DAY;
    match days {
        1..=29 => (-days, TimeUnit::Day),
        30..=364 => (-(days / 30), TimeUnit::Month),
        _ => (-(days / 365), TimeUnit::Year),
    }
}

/// What the revoke confirmation says about a key's last use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastUse {
    /// Never used: revoking it breaks nothing that ran before.
    Never,
    /// Used within the last 24 hours: something may still depend on it ("3 hours ago").
    Recent((i64, TimeUnit)),
    /// Used longer ago ("3 days ago").
    Earlier((i64, TimeUnit)),
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
    pub fn sentence(&self, locale: &Locale) -> String {
        let (msg, (value, unit)) = match *self {
            Self::Never => return locale.text(Msg::LastUseNever),
            Self::Recent(when) => (Msg::LastUseRecent, when),
            Self::Earlier(when) => (Msg::LastUseEarlier, when),
        };
        let when = locale.relative(value, unit);
        locale.format(msg, &[("when", Value::Text(&when))])
    }
}

/// Whether a key counts as stale: unused (or never used) for [`STALE_AFTER_DAYS`] or more.
pub fn is_stale(now: i64, created_at: i64, last_used_at: Option<i64>) -> bool {
    now - last_used_at.unwrap_or(created_at) >= STALE_AFTER_DAYS * DAY
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
    fn picks_the_unit_people_would_say() {
        let now = 1_000_000_000;
        assert_eq!(relative(now, now), (0, TimeUnit::Second));
        assert_eq!(relative(now, now + 30), (0, TimeUnit::Second), "clock skew");
        assert_eq!(relative(now, now - 60), (-1, TimeUnit::Minute));
        assert_eq!(relative(now, now - 59 * MINUTE), (-59, TimeUnit::Minute));
        assert_eq!(relative(now, now - 2 * HOUR), (-2, TimeUnit::Hour));
        assert_eq!(relative(now, now - DAY - HOUR), (-1, TimeUnit::Day));
        assert_eq!(relative(now, now - 3 * DAY), (-3, TimeUnit::Day));
        assert_eq!(relative(now, now - 65 * DAY), (-2, TimeUnit::Month));
        assert_eq!(relative(now, now - 400 * DAY), (-1, TimeUnit::Year));
        assert_eq!(relative(now, now - 800 * DAY), (-2, TimeUnit::Year));
    }

    #[test]
    fn a_use_within_a_day_is_a_warning() {
        let now = 1_774_020_645;
        let en = Locale::english();
        assert_eq!(LastUse::of(now, None), LastUse::Never);
        assert_eq!(
            LastUse::of(now, Some(now - 12 * MINUTE)).sentence(&en),
            "This key was used 12 minutes ago. Anything still using it will stop working."
        );
        assert!(matches!(
            LastUse::of(now, Some(now - DAY + 1)),
            LastUse::Recent(_)
        ));
        assert_eq!(
            LastUse::of(now, Some(now - DAY)),
            LastUse::Earlier((-1, TimeUnit::Day))
        );
        assert_eq!(
            LastUse::of(now, Some(now - 3 * DAY)).sentence(&en),
            "This key was last used 3 days ago."
        );
        assert_eq!(
            LastUse::Never.sentence(&en),
            "This key has never been used."
        );
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
}
