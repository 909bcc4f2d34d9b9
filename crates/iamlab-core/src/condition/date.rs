//! Dates for the `Date*` operators: the W3C profile of ISO 8601, or epoch
//! seconds (AWS: "IAM JSON policy elements: Condition operators", date
//! condition operators). A string of digits only is epoch seconds, so `2024`
//! means 2024 seconds after 1970 (spec §10 #13). A date without a zone is UTC.

/// An instant, in nanoseconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(pub i128);

impl Instant {
    /// Whole seconds since 1970-01-01T00:00:00Z (rounded down).
    pub fn epoch_seconds(self) -> i64 {
        i64::try_from(self.0.div_euclid(1_000_000_000)).unwrap_or(i64::MAX)
    }
}

/// Parses a date, or `None` when it is not one.
pub fn parse_date(text: &str) -> Option<Instant> {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: i64 = text.parse().ok()?;
        return Some(Instant(i128::from(seconds) * 1_000_000_000));
    }
    let bytes = text.as_bytes();
    let year = digits(bytes, 0, 4)?;
    let mut month = 1;
    let mut day = 1;
    let mut pos = 4;
    if bytes.get(pos) == Some(&b'-') {
        month = digits(bytes, pos + 1, 2)?;
        pos += 3;
        if bytes.get(pos) == Some(&b'-') {
            day = digits(bytes, pos + 1, 2)?;
            pos += 3;
        }
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds_of_day = 0i64;
    let mut nanos = 0i128;
    let mut offset_seconds = 0i64;
    if let Some(b'T' | b't') = bytes.get(pos) {
        let hour = digits(bytes, pos + 1, 2)?;
        if bytes.get(pos + 3) != Some(&b':') {
            return None;
        }
        let minute = digits(bytes, pos + 4, 2)?;
        pos += 6;
        let mut second = 0;
        if bytes.get(pos) == Some(&b':') {
            second = digits(bytes, pos + 1, 2)?;
            pos += 3;
            if bytes.get(pos) == Some(&b'.') {
                pos += 1;
                let start = pos;
                let mut scale = 100_000_000i128;
                while let Some(digit) = bytes.get(pos).filter(|b| b.is_ascii_digit()) {
                    nanos += i128::from(digit - b'0') * scale;
                    scale /= 10;
                    pos += 1;
                }
                if pos == start {
                    return None;
                }
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        seconds_of_day = i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second);
        match bytes.get(pos) {
            None => {}
            Some(b'Z' | b'z') => pos += 1,
            Some(&sign @ (b'+' | b'-')) => {
                let hours = digits(bytes, pos + 1, 2)?;
                if bytes.get(pos + 3) != Some(&b':') {
                    return None;
                }
                let minutes = digits(bytes, pos + 4, 2)?;
                let offset = i64::from(hours) * 3600 + i64::from(minutes) * 60;
                offset_seconds = if sign == b'+' { offset } else { -offset };
                pos += 6;
            }
            Some(_) => return None,
        }
    }
    if pos != bytes.len() {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    let seconds = days * 86_400 + seconds_of_day - offset_seconds;
    Some(Instant(i128::from(seconds) * 1_000_000_000 + nanos))
}

fn digits(bytes: &[u8], start: usize, count: usize) -> Option<u32> {
    let slice = bytes.get(start..start + count)?;
    let mut value = 0u32;
    for &byte in slice {
        if !byte.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(byte - b'0');
    }
    Some(value)
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(text: &str) -> Option<i128> {
        parse_date(text).map(|instant| instant.0 / 1_000_000_000)
    }

    #[test]
    fn dates() {
        assert_eq!(seconds("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(seconds("2025-01-01T00:00:00Z"), Some(1_735_689_600));
        assert_eq!(seconds("1735689600"), Some(1_735_689_600));
        assert_eq!(seconds("2025-01-01"), Some(1_735_689_600));
        assert_eq!(seconds("2025-01"), Some(1_735_689_600));
        assert_eq!(seconds("2025-01-01T01:00:00+01:00"), Some(1_735_689_600));
        assert_eq!(seconds("2025-01-01T00:00Z"), Some(1_735_689_600));
        assert_eq!(seconds("2024-02-29"), Some(1_709_164_800));
        assert_eq!(seconds("2023-02-29"), None);
        assert_eq!(seconds("2025-13-01"), None);
        assert_eq!(seconds("yesterday"), None);
        assert_eq!(seconds("2024"), Some(2024));
        assert_eq!(
            parse_date("2025-01-01T00:00:00.5Z").map(|i| i.0 % 1_000_000_000),
            Some(500_000_000)
        );
    }
}
