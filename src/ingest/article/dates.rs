//! Dates written in article prose, with where they stand in the sentence: "1 May 2004",
//! "in March 2014", "published in 2011", "2024–2029", and "19 July" (the year taken from the
//! publication date). Each keeps the precision the text gives.

use crate::model::{month_number, PartialDate};

/// A date found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateMention {
    /// Byte offset of the first word of the date.
    pub start: usize,
    /// Byte offset just after its last word.
    pub end: usize,
    /// The date, to the precision written.
    pub date: PartialDate,
    /// The year was not written but taken from the publication date ("on 19 July").
    pub year_inferred: bool,
    /// The second year of a range ("2024–2029"): a horizon, not an event.
    pub range_end: bool,
}

/// A whitespace-separated word with its byte span and its letters and digits only.
pub(crate) struct Word<'a> {
    /// Byte offset of the word.
    pub start: usize,
    /// Byte offset after the word, punctuation included.
    pub end: usize,
    /// The word as written.
    pub raw: &'a str,
    /// The word without leading and trailing punctuation.
    pub bare: &'a str,
    /// Byte offset of `bare`.
    pub bare_start: usize,
}

impl Word<'_> {
    /// Byte offset after `bare`.
    pub fn bare_end(&self) -> usize {
        self.bare_start + self.bare.len()
    }
}

/// Splits `text` into words with their byte spans.
pub(crate) fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                let raw = text.get(s..i).unwrap_or("");
                let lead = raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
                let bare = raw.trim_matches(|c: char| !c.is_alphanumeric());
                out.push(Word {
                    start: s,
                    end: i,
                    raw,
                    bare,
                    bare_start: s + lead,
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1900..=2099).contains(y))
}

fn day_of(word: &str) -> Option<u8> {
    let lower = word.to_ascii_lowercase();
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| lower.strip_suffix(s))
        .unwrap_or(&lower);
    (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

/// Two years joined by a dash inside one word: "2024–2029", "2009-2014".
fn year_range(word: &str) -> Option<(i32, i32, usize)> {
    let (first, rest) = word.split_once(['-', '–', '—'])?;
    let second_at = word.len() - rest.len();
    Some((year_of(first)?, year_of(rest)?, second_at))
}

/// The year a day and month without a year most likely fall in: that of the publication date,
/// or the year before when the day would come after publication.
fn year_for(month: u8, day: u8, published: Option<PartialDate>) -> Option<i32> {
    let published = published?;
    let (year, pub_month, pub_day) = published.last_day();
    Some(if (month, day) > (pub_month, pub_day) {
        year - 1
    } else {
        year
    })
}

/// A date written "DD.MM.YYYY" ("26.06.1995"); not "11.856" or a version number.
fn dotted(word: &str) -> Option<PartialDate> {
    let mut parts = word.split('.');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || d.len() > 2 || m.len() > 2 {
        return None;
    }
    let (d, m) = (d.parse::<u8>().ok()?, m.parse::<u8>().ok()?);
    PartialDate::new(year_of(y)?, Some(m), Some(d)).ok()
}

/// The year "last year" / "this year" at `at` stands for, against the publication date.
fn relative_year(words: &[Word<'_>], at: usize, published: Option<PartialDate>) -> Option<i32> {
    let year = published?.year_value();
    let next = words.get(at + 1)?.bare;
    if next != "year" {
        return None;
    }
    match words.get(at)?.bare {
        "last" | "past" => Some(year - 1),
        "this" => Some(year),
        _ => None,
    }
}

/// Every date in `sentence`, left to right. A month name must be capitalised ("may" is a verb)
/// and come with a day or a year; a day and month without a year take the year of
/// `published`, and are dropped when it is unknown.
pub(crate) fn dates_in(sentence: &str, published: Option<PartialDate>) -> Vec<DateMention> {
    let words = words(sentence);
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        let month = word
            .bare
            .chars()
            .next()
            .filter(|c| c.is_uppercase())
            .and_then(|_| month_number(word.bare));
        if let Some(month) = month {
            let day_before = i
                .checked_sub(1)
                .and_then(|j| words.get(j))
                .filter(|w| !w.raw.ends_with(','))
                .and_then(|w| day_of(w.bare));
            let next = words.get(i + 1);
            let day_after = next
                .filter(|_| day_before.is_none())
                .and_then(|w| day_of(w.bare));
            let year_at = if day_after.is_some() { i + 2 } else { i + 1 };
            let year = words
                .get(year_at)
                .filter(|_| !word.raw.ends_with(['.', ';']))
                .and_then(|w| year_of(w.bare));
            let day = day_before.or(day_after);
            let start = if day_before.is_some() {
                words[i - 1].bare_start
            } else {
                word.bare_start
            };
            let (date, last, inferred) = match (year, day) {
                (Some(y), d) => (
                    // "31 February 2020" still says February 2020.
                    PartialDate::new(y, Some(month), d)
                        .or_else(|_| PartialDate::new(y, Some(month), None))
                        .ok(),
                    year_at,
                    false,
                ),
                (None, Some(d)) => (
                    year_for(month, d, published)
                        .and_then(|y| PartialDate::new(y, Some(month), Some(d)).ok()),
                    if day_after.is_some() { i + 1 } else { i },
                    true,
                ),
                // "May last year", "April this year": the year of publication or the one
                // before.
                (None, None) => match relative_year(&words, i + 1, published) {
                    Some(y) => (PartialDate::new(y, Some(month), None).ok(), i + 2, false),
                    None => (None, i, false),
                },
            };
            if let Some(date) = date {
                out.push(DateMention {
                    start,
                    end: words.get(last).map_or(word.bare_end(), Word::bare_end),
                    date,
                    year_inferred: inferred,
                    range_end: false,
                });
                i = last + 1;
                continue;
            }
        }
        // "Decree No. 2019", "Law Number 1987": a number, not a year.
        let numbered = i
            .checked_sub(1)
            .and_then(|j| words.get(j))
            .is_some_and(|w| matches!(w.bare, "No" | "Number" | "Nº" | "no"));
        if let Some(date) = dotted(word.bare) {
            // "26.06.1995": day, month and year, as European texts write them.
            out.push(DateMention {
                start: word.bare_start,
                end: word.bare_end(),
                date,
                year_inferred: false,
                range_end: false,
            });
        } else if let Some(y) = year_of(word.bare).filter(|_| !numbered) {
            out.push(DateMention {
                start: word.bare_start,
                end: word.bare_end(),
                date: PartialDate::year(y),
                year_inferred: false,
                range_end: false,
            });
        } else if let Some((first, second, second_at)) = year_range(word.bare) {
            let offset = word.bare_start;
            out.push(DateMention {
                start: offset,
                end: offset + 4,
                date: PartialDate::year(first),
                year_inferred: false,
                range_end: false,
            });
            out.push(DateMention {
                start: offset + second_at,
                end: word.bare_end(),
                date: PartialDate::year(second),
                year_inferred: false,
                range_end: true,
            });
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, published: Option<&str>) -> Vec<String> {
        let published = published.and_then(|p| p.parse().ok());
        dates_in(text, published)
            .iter()
            .map(|d| {
                let mark = match (d.year_inferred, d.range_end) {
                    (true, _) => "~",
                    (_, true) => "+",
                    _ => "",
                };
                format!("{}{mark}", d.date)
            })
            .collect()
    }

    #[test]
    fn prose_dates_keep_the_precision_written() {
        assert_eq!(
            found(
                "BruCERT was established on 1 May 2004 by the government",
                None
            ),
            vec!["2004-05-01"]
        );
        assert_eq!(
            found("formed in March 2014 in response to the Strategy", None),
            vec!["2014-03"]
        );
        assert_eq!(found("published in 2011, sets out", None), vec!["2011"]);
        assert_eq!(
            found("started in August 2021. On March 5, 2015 it", None),
            vec!["2021-08", "2015-03-05"]
        );
        assert_eq!(
            found("the Strategy (NSS) 2024–2029, the Estimate", None),
            vec!["2024", "2029+"]
        );
    }

    #[test]
    fn a_day_and_month_take_the_year_of_publication() {
        assert_eq!(
            found("Nam-CSIRT on 19 July reported", Some("2025-08-09")),
            vec!["2025-07-19~"]
        );
        // After the publication day: the year before.
        assert_eq!(
            found("on 19 December reported", Some("2025-08-09")),
            vec!["2024-12-19~"]
        );
        assert!(found("on 19 July reported", None).is_empty());
    }

    #[test]
    fn verbs_numbers_and_nonsense_are_not_dates() {
        assert!(found("you may 2 go; it may rain", None).is_empty());
        assert!(found("section 51, read with section 49", None).is_empty());
        assert!(found("May", None).is_empty());
        assert_eq!(
            found("31 February 2020 and 3000 and 1850", None),
            vec!["2020-02"]
        );
        assert_eq!(found("February 2020", None), vec!["2020-02"]);
    }

    #[test]
    fn words_keep_their_spans() {
        let text = "  (PECA), 2016 ";
        let w = words(text);
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].raw, w[0].bare), ("(PECA),", "PECA"));
        assert_eq!(text.get(w[1].start..w[1].end), Some("2016"));
    }
}
