//! Partial calendar dates (ISO 8601 at year, month or day precision, or a day without a year).

use serde::Serialize;
use std::fmt;

/// A date known to some precision. `year` may be unknown while month and day are known
/// ("New Year's Day" in an undated article).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn ymd(year: i32, month: u32, day: u32) -> PartialDate {
        PartialDate {
            year: Some(year),
            month: Some(month),
            day: Some(day),
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and checks the calendar.
    pub fn parse_iso(s: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
        };
        let year = num(parts.first()?, 4)? as i32;
        let month = parts.get(1).map(|p| num(p, 2)).unwrap_or(Some(0))?;
        let day = parts.get(2).map(|p| num(p, 2)).unwrap_or(Some(0))?;
        if parts.len() > 3 || (parts.len() >= 2 && !(1..=12).contains(&month)) {
            return None;
        }
        if parts.len() == 3 && (day < 1 || day > days_in_month(year, month)) {
            return None;
        }
        Some(PartialDate {
            year: Some(year),
            month: (parts.len() >= 2).then_some(month),
            day: (parts.len() == 3).then_some(day),
        })
    }

    /// True when every field is known.
    pub fn is_full(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some()
    }

    /// ISO 8601 text at this precision; `--MM-DD` when the year is unknown.
    pub fn iso(&self) -> Option<String> {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
            (Some(y), Some(m), None) => Some(format!("{y:04}-{m:02}")),
            (Some(y), None, None) => Some(format!("{y:04}")),
            (None, Some(m), Some(d)) => Some(format!("--{m:02}-{d:02}")),
            (None, Some(m), None) => Some(format!("--{m:02}")),
            _ => None,
        }
    }

    /// Combines two readings of one date when they agree where both are known.
    pub fn merge(&self, other: &PartialDate) -> Option<PartialDate> {
        fn pick<T: PartialEq + Copy>(a: Option<T>, b: Option<T>) -> Result<Option<T>, ()> {
            match (a, b) {
                (Some(x), Some(y)) if x != y => Err(()),
                (x, y) => Ok(x.or(y)),
            }
        }
        Some(PartialDate {
            year: pick(self.year, other.year).ok()?,
            month: pick(self.month, other.month).ok()?,
            day: pick(self.day, other.day).ok()?,
        })
    }

    /// Number of known fields, for choosing the most precise reading.
    pub fn precision(&self) -> usize {
        usize::from(self.year.is_some())
            + usize::from(self.month.is_some())
            + usize::from(self.day.is_some())
    }

    /// Days since 1970-01-01 of a full date (proleptic Gregorian).
    pub fn days(&self) -> Option<i64> {
        let (y, m, d) = (self.year? as i64, self.month? as i64, self.day? as i64);
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(era * 146097 + doe - 719468)
    }

    /// The full date of a day count (inverse of [`PartialDate::days`]).
    pub fn from_days(z: i64) -> PartialDate {
        let z = z + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400) as i32 + i32::from(m <= 2);
        PartialDate::ymd(y, m, d)
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(&self) -> Option<u32> {
        Some(((self.days()? + 3).rem_euclid(7)) as u32)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.iso().as_deref().unwrap_or("?"))
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_precisions_and_rejects_bad_days() {
        assert_eq!(
            PartialDate::parse_iso("2023-05-06").unwrap().iso().unwrap(),
            "2023-05-06"
        );
        assert_eq!(
            PartialDate::parse_iso("2023-01").unwrap().iso().unwrap(),
            "2023-01"
        );
        assert!(PartialDate::parse_iso("2023-02-30").is_none());
        assert!(PartialDate::parse_iso("2023-13").is_none());
        assert!(PartialDate::parse_iso("23-01-01").is_none());
    }

    #[test]
    fn merges_month_with_yearless_day() {
        let month = PartialDate::parse_iso("2023-01").unwrap();
        let day = PartialDate {
            year: None,
            month: Some(1),
            day: Some(1),
        };
        assert_eq!(month.merge(&day).unwrap().iso().unwrap(), "2023-01-01");
        let other = PartialDate {
            year: None,
            month: Some(2),
            day: Some(1),
        };
        assert!(month.merge(&other).is_none());
    }

    #[test]
    fn day_counts_round_trip_and_weekday() {
        let d = PartialDate::ymd(2023, 5, 6);
        assert_eq!(PartialDate::from_days(d.days().unwrap()), d);
        assert_eq!(d.weekday(), Some(5)); // a Saturday
    }
}
