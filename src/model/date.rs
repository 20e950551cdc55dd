//! Partial calendar dates that keep their precision (year, month or day).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
}

/// A Gregorian date known to year, month or day precision.
///
/// Ordering is by (year, month, day) with unknown parts first, so `2013` < `2013-01` < `2013-01-01`.
///
/// ```
/// use diplograph::model::PartialDate;
/// let d: PartialDate = "2013-10".parse().unwrap();
/// assert_eq!(d.to_string(), "2013-10");
/// assert_eq!(d.first_day().to_string(), "2013-10-01");
/// assert_eq!(d.last_day().to_string(), "2013-10-31");
/// assert!("2013-02-30".parse::<PartialDate>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a date is not a real date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date `{input}`: {reason}")]
pub struct DateError {
    /// The text that was given.
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// Number of days in `month` of `year` (Gregorian).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl PartialDate {
    /// A year-precision date. Years outside 1..=9999 are rejected.
    pub fn year(year: i32) -> Result<Self, DateError> {
        Self::new(year, None, None)
    }

    /// A month-precision date.
    pub fn month(year: i32, month: u8) -> Result<Self, DateError> {
        Self::new(year, Some(month), None)
    }

    /// A day-precision date.
    pub fn day(year: i32, month: u8, day: u8) -> Result<Self, DateError> {
        Self::new(year, Some(month), Some(day))
    }

    /// Build and validate a date. A day without a month is rejected.
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Result<Self, DateError> {
        let err = |reason| DateError {
            input: format_parts(year, month, day),
            reason,
        };
        if !(1..=9999).contains(&year) {
            return Err(err("year out of range 1..9999"));
        }
        match (month, day) {
            (None, Some(_)) => return Err(err("a day needs a month")),
            (Some(m), _) if !(1..=12).contains(&m) => return Err(err("month out of range 1..12")),
            (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => {
                return Err(err("no such day in that month"));
            }
            _ => {}
        }
        Ok(Self { year, month, day })
    }

    /// The year.
    pub fn year_part(self) -> i32 {
        self.year
    }

    /// The month, when known.
    pub fn month_part(self) -> Option<u8> {
        self.month
    }

    /// The day, when known.
    pub fn day_part(self) -> Option<u8> {
        self.day
    }

    /// How precise the date is.
    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The first day this date can mean.
    pub fn first_day(self) -> Self {
        Self {
            year: self.year,
            month: Some(self.month.unwrap_or(1)),
            day: Some(self.day.unwrap_or(1)),
        }
    }

    /// The last day this date can mean.
    pub fn last_day(self) -> Self {
        let month = self.month.unwrap_or(12);
        Self {
            year: self.year,
            month: Some(month),
            day: Some(self.day.unwrap_or_else(|| days_in_month(self.year, month))),
        }
    }

    /// The XSD datatype local name matching the precision: `date`, `gYearMonth` or `gYear`.
    pub fn xsd_type(self) -> &'static str {
        match self.precision() {
            Precision::Day => "date",
            Precision::Month => "gYearMonth",
            Precision::Year => "gYear",
        }
    }

    /// True when `self` and `other` can mean the same day (one's range contains the other's).
    pub fn overlaps(self, other: Self) -> bool {
        self.first_day() <= other.last_day() && other.first_day() <= self.last_day()
    }
}

fn format_parts(year: i32, month: Option<u8>, day: Option<u8>) -> String {
    match (month, day) {
        (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
        (Some(m), None) => format!("{year:04}-{m:02}"),
        (None, Some(d)) => format!("{year:04}-??-{d:02}"),
        (None, None) => format!("{year:04}"),
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_parts(self.year, self.month, self.day))
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| DateError {
            input: s.to_owned(),
            reason,
        };
        let mut parts = s.trim().split('-');
        let year_text = parts.next().unwrap_or_default();
        if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("expected YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        let number = |text: Option<&str>| -> Result<Option<u8>, DateError> {
            match text {
                None => Ok(None),
                Some(t) if t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit()) => {
                    t.parse().map(Some).map_err(|_| err("expected two digits"))
                }
                Some(_) => Err(err("expected YYYY, YYYY-MM or YYYY-MM-DD")),
            }
        };
        let month = number(parts.next())?;
        let day = number(parts.next())?;
        if parts.next().is_some() {
            return Err(err("expected YYYY, YYYY-MM or YYYY-MM-DD"));
        }
        let year = year_text
            .parse()
            .map_err(|_| err("expected a four-digit year"))?;
        Self::new(year, month, day).map_err(|e| DateError {
            input: s.to_owned(),
            reason: e.reason,
        })
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_precisions_and_keeps_them() {
        for text in ["2013", "2013-10", "2013-10-03", "2024-02-29"] {
            assert_eq!(text.parse::<PartialDate>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for text in [
            "2013-02-29",
            "2013-13",
            "2013-00-10",
            "2013-04-31",
            "13-01-01",
            "2013/01/01",
            "",
            "2013-1-1",
        ] {
            assert!(text.parse::<PartialDate>().is_err(), "{text}");
        }
    }

    #[test]
    fn orders_less_precise_first_and_bounds_ranges() {
        let y: PartialDate = "2013".parse().unwrap();
        let m: PartialDate = "2013-02".parse().unwrap();
        let d: PartialDate = "2013-02-03".parse().unwrap();
        assert!(y < m && m < d);
        assert_eq!(m.last_day().to_string(), "2013-02-28");
        assert!(y.overlaps(d) && m.overlaps(d));
        assert!(!m.overlaps("2013-03-01".parse().unwrap()));
    }
}
