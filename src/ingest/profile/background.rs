//! The background block of a profile: total population and internet users with their data
//! sources.
//!
//! Two layouts occur: one figure per line, each followed by its "(data source: …)" line, and
//! both figures side by side on one line with both sources side by side below (sometimes a
//! source wrapped onto a third line). Figures and sources are therefore read as two ordered
//! lists and paired in order.

use std::sync::LazyLock;

use regex::Regex;

use super::layout::is_flag_furniture;
use crate::ingest::text::{squash_spaces, strip_links, Line};
use crate::model::{Evidence, EvidenceMethod, Observation, PartialDate, UnparsedLine};

/// The figures the background states, in the order they are laid out.
const MEASURES: [(&str, &str, &str); 2] = [
    ("TOTAL POPULATION", "population", "persons"),
    ("INTERNET USERS", "internetUsersPercent", "%"),
];

/// A strict figure: digits grouped by spaces or commas, an optional decimal part, an
/// optional "million" and an optional percent sign. "Unknown", "N/A" and "60:50%" are not
/// figures.
static VALUE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,3}(?:[ ,]\s?\d{3})+|\d+)(\.\d+)?\s*(million)?\s*%?\s*\.?$").ok()
});

/// A label found on a line: which measure, and the text from the label to the next label.
struct Label {
    measure: &'static str,
    unit: &'static str,
    text: String,
    line: usize,
}

/// A "(data source: …)" fragment, possibly still open when it wraps onto the next line.
struct Source {
    text: String,
    closed: bool,
}

/// What the background block yields: observations, and lines it could not place.
pub(super) struct Background {
    pub observations: Vec<Observation>,
    pub unparsed: Vec<UnparsedLine>,
}

/// Reads the background lines of a profile; `document` is the id put in the evidence.
pub(super) fn read(lines: &[Line], document: &str) -> Background {
    let mut labels: Vec<Label> = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    let mut unparsed = Vec::new();
    for line in lines {
        // Justified text spreads "(data        source:" over runs of spaces.
        let plain = squash_spaces(&strip_links(&line.text).0);
        let found = labels_in(&plain, line.number);
        let fragments = source_fragments(&plain);
        if !found.is_empty() {
            labels.extend(found);
        } else if !fragments.is_empty() {
            sources.extend(fragments);
        } else if continues_source(&plain, &mut sources) || is_block_furniture(&plain) {
            // A wrapped source, the "BACKGROUND" label or a flag caption.
        } else {
            unparsed.push(UnparsedLine {
                line: line.number,
                section: Some("background".into()),
                text: line.text.clone(),
            });
        }
    }
    let observations = labels
        .iter()
        .enumerate()
        .filter_map(|(i, label)| observation(label, sources.get(i), document))
        .collect();
    Background {
        observations,
        unparsed,
    }
}

fn is_block_furniture(text: &str) -> bool {
    let upper = text.trim().to_uppercase();
    upper == "BACKGROUND" || upper == "BACKROUND" || is_flag_furniture(text)
}

/// The labels on one line, left to right, each with its text up to the next label.
fn labels_in(text: &str, line: usize) -> Vec<Label> {
    let upper = text.to_uppercase();
    let mut starts: Vec<(usize, &str, &str)> = MEASURES
        .iter()
        .filter_map(|(label, measure, unit)| upper.find(label).map(|at| (at, *measure, *unit)))
        .collect();
    starts.sort_by_key(|(at, _, _)| *at);
    starts
        .iter()
        .enumerate()
        .filter_map(|(i, (at, measure, unit))| {
            let end = starts.get(i + 1).map_or(text.len(), |(next, _, _)| *next);
            Some(Label {
                measure,
                unit,
                text: text.get(*at..end)?.trim().to_string(),
                line,
            })
        })
        .collect()
}

/// The "(data source: …)" fragments of a line; the last may be left open by a wrap.
fn source_fragments(text: &str) -> Vec<Source> {
    let lower = text.to_lowercase();
    let mut starts: Vec<usize> = lower
        .match_indices("(data source")
        .map(|(i, _)| i)
        .collect();
    if starts.is_empty() && lower.trim_start().starts_with("data source") {
        starts.push(lower.len() - lower.trim_start().len());
    }
    starts
        .iter()
        .enumerate()
        .filter_map(|(i, start)| {
            let end = starts.get(i + 1).copied().unwrap_or(text.len());
            let fragment = text.get(*start..end)?.trim();
            Some(Source {
                text: fragment.to_string(),
                closed: fragment.ends_with(')'),
            })
        })
        .collect()
}

/// Appends a wrapped remainder ("December 2012)") to the first source still open.
fn continues_source(text: &str, sources: &mut [Source]) -> bool {
    let Some(open) = sources.iter_mut().find(|s| !s.closed) else {
        return false;
    };
    open.text = format!("{} {}", open.text, text.trim());
    open.closed = text.trim_end().ends_with(')');
    true
}

/// The figure after a label's colon(s), if it is one.
fn value(label: &str) -> Option<f64> {
    let (_, after) = label.split_once(':')?;
    let after = after.trim_start_matches([':', ' ']).trim();
    let caps = VALUE.as_ref()?.captures(after)?;
    let digits: String = caps
        .get(1)?
        .as_str()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let decimals = caps.get(2).map_or("", |m| m.as_str());
    let number: f64 = format!("{digits}{decimals}").parse().ok()?;
    Some(if caps.get(3).is_some() {
        (number * 1_000_000.0).round()
    } else {
        number
    })
}

/// Who measured and when: "(data source: ITU Statistics, December 2013)".
fn source_and_date(fragment: &str) -> (String, Option<PartialDate>) {
    let inner = fragment
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')');
    let inner = inner.split_once(':').map_or(inner, |(_, v)| v).trim();
    let as_of = PartialDate::find_in_prose(inner).or_else(|| PartialDate::find_year(inner));
    let name = match inner.rsplit_once(',') {
        Some((name, _)) => name,
        // "ITU Statistics 2013": the date without its comma.
        None => inner
            .trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .trim_end(),
    };
    (squash_spaces(name), as_of)
}

fn observation(label: &Label, source: Option<&Source>, document: &str) -> Option<Observation> {
    let value = value(&label.text)?;
    let (source_name, as_of) = match source {
        Some(s) => {
            let (name, date) = source_and_date(&s.text);
            (Some(name), date)
        }
        None => (None, None),
    };
    let excerpt = match source {
        Some(s) => format!("{} {}", label.text, s.text),
        None => label.text.clone(),
    };
    Some(Observation {
        measure: label.measure.to_string(),
        value,
        unit: Some(label.unit.to_string()),
        as_of,
        source: source_name,
        evidence: Some(Evidence {
            document: document.to_string(),
            section: Some("background".to_string()),
            excerpt: squash_spaces(&excerpt),
            method: EvidenceMethod::ProfileParser,
            confidence: 1.0,
            rule: None,
            line: Some(label.line),
            context: None,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::lines;

    fn figures(text: &str) -> Vec<(String, f64, Option<String>, Option<String>)> {
        read(&lines(text), "doc:x")
            .observations
            .into_iter()
            .map(|o| (o.measure, o.value, o.source, o.as_of.map(|d| d.to_string())))
            .collect()
    }

    #[test]
    fn one_figure_a_line_and_side_by_side_read_alike() {
        let stacked = "Total Population: 8 429 000\n(data source: United Nations Statistics Division, December 2012)\n\
                       Internet users, percentage of population: 80.62%\n(data source: ITU Statistics, 2013)";
        let side = "Total Population: 8 429 000        Internet users, percentage of population: 80.62%\n\
                    (data source:   United   Nations Statistics  Division,     (data source: ITU Statistics, 2013)\n\
                    December 2012)";
        let want = vec![
            (
                "population".to_string(),
                8_429_000.0,
                Some("United Nations Statistics Division".to_string()),
                Some("2012-12".to_string()),
            ),
            (
                "internetUsersPercent".to_string(),
                80.62,
                Some("ITU Statistics".to_string()),
                Some("2013".to_string()),
            ),
        ];
        assert_eq!(figures(stacked), want);
        assert_eq!(figures(side), want);
    }

    #[test]
    fn odd_figures_are_read_or_left_out_never_guessed() {
        assert_eq!(value("Total Population: 29.82 million"), Some(29_820_000.0));
        assert_eq!(value("Total Population: : 33 397 000"), Some(33_397_000.0));
        assert_eq!(value("Total Population: 90, 800"), Some(90_800.0));
        assert_eq!(value("Total Population:24 475 000"), Some(24_475_000.0));
        assert_eq!(
            value("Internet users, percentage of population: Unknown%"),
            None
        );
        assert_eq!(value("Internet users, percentage of population: N/A"), None);
        assert_eq!(
            value("Internet users, percentage of population: 60:50%"),
            None
        );
        assert_eq!(value("Total Population:"), None);
    }
}
