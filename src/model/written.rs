//! Dates as documents write them, converted to the Gregorian calendar with the words kept:
//! numeric days ("26.06.1995", "of 14.10.2014", "dated 20/07/2005"), prose days ("14 August
//! 2009"), Bikram Sambat years (Nepal's "Children's Act, 2048" ≈ 1991) and Hijri years
//! ("1428H", "1428 AH" ≈ 2007). Numbers that name an instrument ("Resolution 181", "Decree
//! No. 2012", "Resolution N° 2035/14") are never years. Imports only `date`.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::date::PartialDate;

/// The calendar a date was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Calendar {
    /// The Gregorian calendar.
    Gregorian,
    /// Nepal's official calendar (Vikram Samvat), about 56.7 years ahead: its year begins in
    /// mid-April, so BS year Y runs from April of Y − 57 to April of Y − 56.
    BikramSambat,
    /// The lunar Islamic calendar (AH), 354 or 355 days a year.
    Hijri,
}

impl Calendar {
    /// The upper-case name used in qualifiers and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Calendar::Gregorian => "GREGORIAN",
            Calendar::BikramSambat => "BIKRAM_SAMBAT",
            Calendar::Hijri => "HIJRI",
        }
    }

    /// The Gregorian year in which year `year` of this calendar begins. A year alone is read
    /// as its start: BS 2048 began in April 1991, AH 1428 in January 2007.
    pub fn gregorian_year(self, year: i32) -> i32 {
        match self {
            Calendar::Gregorian => year,
            Calendar::BikramSambat => year - 57,
            // AH years are 354.37 days: 33 of them make 32 Gregorian years, and AH 1 began in
            // July 622. The floor gives the Gregorian year holding 1 Muharram.
            Calendar::Hijri => ((f64::from(year) - 1.0) * 0.970_224 + 622.54).floor() as i32,
        }
    }
}

/// The calendar a country's own documents may write unmarked years in: Bikram Sambat in
/// Nepal. Declared once; the parsers ask here.
pub fn local_calendar(iso2: &str) -> Option<Calendar> {
    match iso2 {
        "NP" => Some(Calendar::BikramSambat),
        _ => None,
    }
}

/// A date found in a text: its Gregorian reading, the calendar it was written in and the
/// words as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenDate {
    /// The date in the Gregorian calendar.
    pub date: PartialDate,
    /// The calendar the text used.
    pub calendar: Calendar,
    /// The words as the text wrote them ("2048", "1428H", "14.10.2014").
    pub original: String,
}

fn regex(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

/// Day, month and year in figures: "26.06.1995", "20/07/2005", "23-05-1995".
static NUMERIC_DAY: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"\b(\d{1,2})([./-])(\d{1,2})([./-])(\d{4})\b"));
/// A year with a Hijri marker: "1428H", "1428 H", "1428 AH", "1428 A.H.". Only AH 1300–1499
/// (1882–2076), so "2013 H.E. the President" is not read as a Hijri year.
static HIJRI: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"\b(1[34]\d{2})\s?(?:H|AH|A\.H\.?)(?:[^\w]|$)"));
/// A year with a Bikram Sambat marker: "2048 BS", "2048 B.S.", "2048 VS"; BS 1950–2159.
static BIKRAM_SAMBAT: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"\b(19[5-9]\d|20\d{2}|21[0-5]\d)\s?(?:B\.?S\.?|V\.?S\.?)(?:[^\w]|$)"));
/// The words after which a number names an instrument rather than a year.
static NUMBER_MARK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"(?i)(\b(no|nos|nr|number|resolution|resolutions|decision|n)\.?|n°|nº|#)\s*$")
});

/// The first day-precision date written in figures, day first as the profiles write them;
/// month first only when the second number cannot be a month ("12/25/2014").
pub fn find_numeric_day(text: &str) -> Option<(PartialDate, String)> {
    let re = NUMERIC_DAY.as_ref()?;
    re.captures_iter(text).find_map(|c| {
        // "26.06.1995" and "26/06/1995", not "26.06/1995".
        if c.get(2)?.as_str() != c.get(4)?.as_str() {
            return None;
        }
        let first: u8 = c.get(1)?.as_str().parse().ok()?;
        let second: u8 = c.get(3)?.as_str().parse().ok()?;
        let year: i32 = c.get(5)?.as_str().parse().ok()?;
        let (day, month) = if second > 12 {
            (second, first)
        } else {
            (first, second)
        };
        let date = PartialDate::new(year, Some(month), Some(day)).ok()?;
        Some((date, c.get(0)?.as_str().to_string()))
    })
}

/// The four-digit numbers of `text` that may be years, with their byte offsets: numbers
/// naming an instrument ("No. 2012", "Resolution 2035/14") are left out, and so is the
/// first part of a number joined by a dash or slash right after such a word ("No. 2011-476").
pub fn year_candidates(text: &str) -> Vec<(usize, i32)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && bytes[at].is_ascii_digit() {
            at += 1;
        }
        let inside_word = (start > 0 && bytes[start - 1].is_ascii_alphabetic())
            || (at < bytes.len() && bytes[at].is_ascii_alphabetic());
        if at - start != 4 || inside_word {
            continue;
        }
        let before = text.get(..start).unwrap_or("");
        let names_instrument = NUMBER_MARK.as_ref().is_some_and(|re| re.is_match(before));
        if names_instrument {
            continue;
        }
        if let Ok(year) = text[start..at].parse() {
            out.push((start, year));
        }
    }
    out
}

/// The date a name or sentence gives, in the Gregorian calendar: a day first (in figures or
/// prose), then a month, then a year. `local` is the calendar the country's own documents
/// write unmarked years in (Bikram Sambat for Nepal); an unmarked year later than the
/// document itself (`written`) is read in it. Hijri and Bikram Sambat years with their
/// markers are read anywhere.
pub fn find_written_date(
    text: &str,
    local: Option<Calendar>,
    written: Option<PartialDate>,
) -> Option<WrittenDate> {
    let gregorian = |date: PartialDate, original: String| WrittenDate {
        date,
        calendar: Calendar::Gregorian,
        original,
    };
    if let Some((date, original)) = find_numeric_day(text) {
        return Some(gregorian(date, original));
    }
    if let Some(date) = PartialDate::find_in_prose(text) {
        return Some(gregorian(date, date.to_string()));
    }
    for (re, calendar) in [
        (&HIJRI, Calendar::Hijri),
        (&BIKRAM_SAMBAT, Calendar::BikramSambat),
    ] {
        let found = re.as_ref().and_then(|re| re.captures(text));
        if let Some((year, whole)) = found.and_then(|c| Some((c.get(1)?, c.get(0)?))) {
            let year: i32 = year.as_str().parse().ok()?;
            let date = PartialDate::new(calendar.gregorian_year(year), None, None).ok()?;
            let original = whole
                .as_str()
                .trim_end_matches(|c: char| !c.is_alphanumeric());
            return Some(WrittenDate {
                date,
                calendar,
                original: original.to_string(),
            });
        }
    }
    let (_, year) = year_candidates(text)
        .into_iter()
        .find(|(_, y)| (1900..=2199).contains(y))?;
    let calendar = match (local, written) {
        (Some(calendar), Some(written)) if year > written.year_value() + 1 => calendar,
        _ => Calendar::Gregorian,
    };
    let converted = calendar.gregorian_year(year);
    if !(1900..=2099).contains(&converted) {
        return None;
    }
    Some(WrittenDate {
        date: PartialDate::year(converted),
        calendar,
        original: year.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, local: Option<Calendar>) -> Option<(String, Calendar, String)> {
        let written = "2015-03-10".parse().ok();
        find_written_date(text, local, written)
            .map(|w| (w.date.to_string(), w.calendar, w.original))
    }

    fn day(text: &str) -> Option<String> {
        found(text, None).map(|f| f.0)
    }

    #[test]
    fn days_keep_their_day_in_every_format() {
        for (text, want) in [
            (
                "Federal Law No 307-FZ of 14.10.2014 \"Amendments\"",
                "2014-10-14",
            ),
            (
                "Decree of the Government of 26.06.1995 No 608",
                "1995-06-26",
            ),
            ("Law n.115 dated 20/07/2005 Digital documents", "2005-07-20"),
            ("Art. 17 of Law 23/05/1995 n.70", "1995-05-23"),
            (
                "Federal Law on Information Technology of 14 August 2009",
                "2009-08-14",
            ),
            ("Presidential Decree No. 761 of 1 June 2012", "2012-06-01"),
            ("Law n° 2004-575 of June 2004", "2004-06"),
        ] {
            assert_eq!(day(text), Some(want.to_string()), "{text}");
        }
    }

    #[test]
    fn other_calendars_convert_and_keep_the_words() {
        assert_eq!(
            found("Children's Act, 2048", Some(Calendar::BikramSambat)),
            Some(("1991".into(), Calendar::BikramSambat, "2048".into()))
        );
        // A year before the document is Gregorian even in Nepal.
        assert_eq!(
            found(
                "Electronic Transactions Act, 2008",
                Some(Calendar::BikramSambat)
            ),
            Some(("2008".into(), Calendar::Gregorian, "2008".into()))
        );
        assert_eq!(
            found("Copyright Act 2059 B.S.", None).map(|f| (f.0, f.1)),
            Some(("2002".into(), Calendar::BikramSambat))
        );
        for (text, original) in [
            ("Royal Decree 1428H", "1428H"),
            ("Royal Decree 1428 H", "1428 H"),
            ("Law of 1428 AH.", "1428 AH"),
        ] {
            assert_eq!(
                found(text, None),
                Some(("2007".into(), Calendar::Hijri, original.into())),
                "{text}"
            );
        }
        assert_eq!(
            found(
                "signed on 12 March by H.E. the President in 2013 H.E.",
                None
            )
            .map(|f| f.1),
            Some(Calendar::Gregorian)
        );
        assert_eq!(Calendar::Hijri.gregorian_year(1446), 2024);
        assert_eq!(Calendar::Hijri.gregorian_year(1400), 1979);
        assert_eq!(Calendar::Hijri.gregorian_year(1430), 2008);
    }

    #[test]
    fn instrument_numbers_are_never_years() {
        for text in [
            "Resolution 1998 on cybersecurity",
            "Decree No. 2012",
            "Resolution N° 2035/14. Designation of the Attorney",
            "Decree No. 2011-476",
            "Order n° 2010",
            "Resolution 181",
        ] {
            assert_eq!(found(text, None), None, "{text}");
        }
        assert_eq!(day("Resolution No. 614/2013, Art. 53"), Some("2013".into()));
        assert_eq!(day("Crimes Decree 2009"), Some("2009".into()));
        assert_eq!(day("Cybercrime Bill 2013"), Some("2013".into()));
    }
}
