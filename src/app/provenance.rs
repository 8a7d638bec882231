//! Who makes a change and when: `--user`, `$CLAIMTRACK_USER` or git's
//! `user.name`; the time in UTC (or `$SOURCE_DATE_EPOCH`, for reproducible
//! runs and tests).

use std::time::{SystemTime, UNIX_EPOCH};

use toml_edit::{Date, Datetime, Offset, Time};

/// The person to record, if any can be found.
pub(super) fn who(flag: Option<&str>) -> Option<String> {
    let given = |s: String| {
        let s = s.trim().to_string();
        (!s.is_empty()).then_some(s)
    };
    if let Some(f) = flag {
        return given(f.to_string());
    }
    if let Some(u) = std::env::var("CLAIMTRACK_USER").ok().and_then(given) {
        return Some(u);
    }
    let out = std::process::Command::new("git")
        .args(["config", "user.name"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok().and_then(given)
}

/// Now, in UTC, to the second.
pub(super) fn now() -> Datetime {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs())
        });
    utc(secs)
}

/// Seconds since 1970 as a UTC date-time (Howard Hinnant's days-to-civil).
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    reason = "days-to-civil gives a day of 1..=31 and a month of 1..=12; a clock's seconds fall in years 1970..=65535"
)]
fn utc(secs: u64) -> Datetime {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Datetime {
        date: Some(Date { year, month, day }),
        time: Some(Time {
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: Some((rem % 60) as u8),
            nanosecond: None,
        }),
        offset: Some(Offset::Z),
    }
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn seconds_since_1970_become_rfc3339_utc_across_leap_years_and_month_ends() {
        assert_eq!(utc(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400).to_string(), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_798_761_599).to_string(), "2026-12-31T23:59:59Z");
        assert_eq!(utc(1_795_219_200).to_string(), "2026-11-21T00:00:00Z");
    }
}
