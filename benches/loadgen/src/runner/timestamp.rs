//! The run's UTC timestamp (`started_utc` in the JSON, and the name of the
//! kept copy `benches/results/<stamp>.json`).

use std::time::{SystemTime, UNIX_EPOCH};

/// UTC `YYYYMMDDTHHMMSSZ` without a date crate (civil-from-days).
pub(crate) fn timestamp() -> String {
    utc_stamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0) as i64,
    )
}

/// `secs` since the Unix epoch as `YYYYMMDDTHHMMSSZ`.
fn utc_stamp(secs: i64) -> String {
    let (days, rem) = (secs.div_euclid(86400), secs.rem_euclid(86400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(utc_stamp(0), "19700101T000000Z");
        assert_eq!(utc_stamp(86_399), "19700101T235959Z");
        assert_eq!(utc_stamp(951_782_400), "20000229T000000Z");
        assert_eq!(utc_stamp(1_709_251_199), "20240229T235959Z");
        assert_eq!(utc_stamp(1_735_689_600 + 3_723), "20250101T010203Z");
        assert_eq!(utc_stamp(4_107_542_400), "21000301T000000Z");
        assert_eq!(utc_stamp(-1), "19691231T235959Z");
    }

    #[test]
    fn now_has_the_shape() {
        let t = timestamp();
        assert_eq!(t.len(), 16);
        assert_eq!((&t[8..9], &t[15..]), ("T", "Z"));
        assert!(
            t[..8]
                .bytes()
                .chain(t[9..15].bytes())
                .all(|b| b.is_ascii_digit())
        );
    }
}
