//! Calendar dates that keep the precision the source gave: a year, a month or a day.
//!
//! Sources say "2016", "in August 2021" or "5th March 2015"; collapsing those to one day would
//! invent precision. Parsing of ISO input (API arguments, metadata) and of English prose dates
//! (documents) both live here. Imports nothing from the rest of the crate.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date known to year, month or day precision.
///
/// Ordering compares the earliest day each date may denote, then the precision (a year sorts
/// before a day in that year), so sorting observations is stable and deterministic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("'{0}' is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD")]
    Syntax(String),
    /// The parts are numbers but not a real calendar date.
    #[error("'{0}' is not a calendar date")]
    OutOfRange(String),
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// The month number (1–12) of an English month name or its three-letter abbreviation.
pub fn month_number(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(&word)))
        .map(|i| i as u8 + 1)
}

impl PartialDate {
    /// A year-precision date.
    pub fn year(year: i32) -> Self {
        Self {
            year,
            month: None,
            day: None,
        }
    }

    /// A checked date of any precision; `day` requires `month`.
    pub fn new(year: i32, month: Option<u8>, day: Option<u8>) -> Result<Self, DateError> {
        let text = || match (month, day) {
            (Some(m), Some(d)) => format!("{year:04}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{year:04}-{m:02}"),
            _ => format!("{year:04}"),
        };
        if !(1000..=9999).contains(&year) {
            return Err(DateError::OutOfRange(text()));
        }
        match (month, day) {
            (None, Some(_)) => Err(DateError::OutOfRange(text())),
            (Some(m), _) if !(1..=12).contains(&m) => Err(DateError::OutOfRange(text())),
            (Some(m), Some(d)) if d == 0 || d > days_in_month(year, m) => {
                Err(DateError::OutOfRange(text()))
            }
            _ => Ok(Self { year, month, day }),
        }
    }

    /// The year.
    pub fn year_value(&self) -> i32 {
        self.year
    }

    /// The earliest day this date may denote, as `(year, month, day)`.
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The latest day this date may denote, as `(year, month, day)`.
    pub fn last_day(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        (
            self.year,
            month,
            self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        )
    }

    /// Whether everything this date denotes lies on or before the last day of `other`.
    ///
    /// Used for "as of" checks: a fact since 2016 holds as of 2016-08-18, and a fact since
    /// 2016-08-18 holds as of "2016" (read as the end of that year).
    pub fn starts_on_or_before(&self, other: &PartialDate) -> bool {
        self.first_day() <= other.last_day()
    }

    /// Combines two dates given for the same event: where one lies within the other ("2016"
    /// and "2016-08-18") the more precise one wins; otherwise the earlier one.
    pub fn refine(self, other: PartialDate) -> PartialDate {
        let within = |a: &PartialDate, b: &PartialDate| {
            a.first_day() >= b.first_day() && a.last_day() <= b.last_day()
        };
        if within(&other, &self) {
            other
        } else if within(&self, &other) {
            self
        } else {
            self.min(other)
        }
    }

    /// Reads the first English prose date in `text`: "5th March 2015", "12      August 2014",
    /// "8th JANUARY 2015", "March 5, 2015", "in August 2021", "December 2012". A bare year is
    /// not accepted here (too many numbers in prose are not dates); see [`PartialDate::find_year`].
    pub fn find_in_prose(text: &str) -> Option<Self> {
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
            .filter(|w| !w.is_empty())
            .collect();
        for (i, word) in words.iter().enumerate() {
            let Some(month) = month_number(word) else {
                continue;
            };
            // "may" is also a verb: require a year right after it.
            let year = words
                .get(i + 1)
                .and_then(|w| parse_year(w))
                .or_else(|| words.get(i + 2).and_then(|w| parse_year(w)));
            let Some(year) = year else { continue };
            let day_before = i
                .checked_sub(1)
                .and_then(|j| words.get(j))
                .and_then(|w| parse_day(w));
            let day_after = words.get(i + 1).and_then(|w| parse_day(w));
            let day = day_before.or(if parse_year(words.get(i + 1).unwrap_or(&"")).is_none() {
                day_after
            } else {
                None
            });
            if let Ok(date) = PartialDate::new(year, Some(month), day) {
                return Some(date);
            }
            if let Ok(date) = PartialDate::new(year, Some(month), None) {
                return Some(date);
            }
        }
        None
    }

    /// The first plausible four-digit year (1900–2099) in `text`, with year precision. A
    /// number naming an instrument ("Resolution 1998", "Decree No. 2012") is not a year.
    pub fn find_year(text: &str) -> Option<Self> {
        super::written::year_candidates(text)
            .into_iter()
            .map(|(_, year)| year)
            .find(|year| (1900..=2099).contains(year))
            .map(PartialDate::year)
    }
}

fn parse_year(word: &str) -> Option<i32> {
    let word = word.trim_end_matches(['.', ',', ';', ':']);
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    word.parse()
        .ok()
        .filter(|y: &i32| (1900..=2099).contains(y))
}

fn parse_day(word: &str) -> Option<u8> {
    let word = word.trim_end_matches(['.', ',']).to_ascii_lowercase();
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(&word);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

impl FromStr for PartialDate {
    type Err = DateError;

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let syntax = || DateError::Syntax(text.to_string());
        let parts: Vec<&str> = text.split('-').collect();
        let number = |p: &str, len: usize| -> Result<u32, DateError> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| syntax())
            } else {
                Err(syntax())
            }
        };
        let (year, month, day) = match parts.as_slice() {
            [y] => (number(y, 4)?, None, None),
            [y, m] => (number(y, 4)?, Some(number(m, 2)?), None),
            [y, m, d] => (number(y, 4)?, Some(number(m, 2)?), Some(number(d, 2)?)),
            _ => return Err(syntax()),
        };
        PartialDate::new(year as i32, month.map(|m| m as u8), day.map(|d| d as u8))
            .map_err(|_| DateError::OutOfRange(text.to_string()))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => write!(f, "{:04}-{m:02}", self.year),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.first_day()
            .cmp(&other.first_day())
            .then(self.month.is_some().cmp(&other.month.is_some()))
            .then(self.day.is_some().cmp(&other.day.is_some()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
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

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn iso_round_trips_keep_precision() {
        for text in ["2016", "2021-08", "2015-03-05", "2024-02-29"] {
            assert_eq!(d(text).to_string(), text);
        }
    }

    #[test]
    fn iso_rejects_non_dates_with_the_reason() {
        assert!(matches!(
            "2015-13".parse::<PartialDate>(),
            Err(DateError::OutOfRange(_))
        ));
        assert!(matches!(
            "2023-02-29".parse::<PartialDate>(),
            Err(DateError::OutOfRange(_))
        ));
        for bad in [
            "",
            "15",
            "2015/03/05",
            "March 2015",
            "2015-3-5",
            "2015-03-05-01",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn prose_dates_as_profiles_and_articles_write_them() {
        let cases = [
            ("Last updated on 5th March 2015", "2015-03-05"),
            ("Last updated on 12      August 2014", "2014-08-12"),
            ("Last updated on 8th JANUARY 2015", "2015-01-08"),
            ("Last updated on 22th October 2014", "2014-10-22"),
            ("was started in August 2021.", "2021-08"),
            ("(data source: ITU Statistics, December 2013)", "2013-12"),
            ("on March 5, 2015", "2015-03-05"),
        ];
        for (text, want) in cases {
            assert_eq!(
                PartialDate::find_in_prose(text).map(|x| x.to_string()),
                Some(want.to_string()),
                "{text}"
            );
        }
        assert_eq!(PartialDate::find_in_prose("you may 2 go"), None);
        assert_eq!(PartialDate::find_in_prose("no date here"), None);
    }

    #[test]
    fn refining_prefers_precision_within_the_same_span() {
        assert_eq!(d("2016").refine(d("2016-08-18")), d("2016-08-18"));
        assert_eq!(d("2016-08-18").refine(d("2016-08")), d("2016-08-18"));
        assert_eq!(d("2017").refine(d("2016-08-18")), d("2016-08-18"));
        assert_eq!(d("2015").refine(d("2016")), d("2015"));
    }

    #[test]
    fn as_of_comparison_uses_the_span_of_each_date() {
        assert!(d("2016").starts_on_or_before(&d("2016-08-18")));
        assert!(d("2016-08-18").starts_on_or_before(&d("2016")));
        assert!(!d("2017").starts_on_or_before(&d("2016-12-31")));
        assert!(d("2016") < d("2016-01-01"));
        assert!(d("2015-03-05") < d("2015-03-09"));
    }
}
