//! The page layout of a profile: which line is the title, flag furniture, background, a
//! section heading, section text or the footer. Lines that fit none of these are kept as
//! unparsed, never dropped.
//!
//! Knows the shape of the document, not what its sentences mean.

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::text::Line;
use crate::model::{indicator, IndicatorDef, UnparsedLine};

static HEADING: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(\d)(?:\.\s?(\d))?(?:\.\s?(\d))?\.?(?:\s+([A-Z][A-Z &/,\-–'’]*))?$").ok()
});

/// The group headings that open a pillar ("1.1 LEGAL MEASURES") rather than an indicator.
const GROUP_CODES: [&str; 7] = ["1", "2", "1.1", "1.2", "1.3", "1.4", "1.5"];

/// A section heading: its code ("1.2.1") and title, when the title is on the same line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Heading {
    pub code: String,
    pub title: Option<String>,
}

/// Reads a heading, tolerating the conversions' variants: padded with spaces
/// ("1.1.1      CRIMINAL LEGISLATION"), without the final period ("2 CHILD …"), glued to a
/// bullet ("-1.5.2") or with the title on a later line ("1.1.2").
pub(super) fn heading(text: &str) -> Option<Heading> {
    let text = text.trim().trim_start_matches(['-', ' ']);
    let caps = HEADING.as_ref()?.captures(text)?;
    let code = [caps.get(1), caps.get(2), caps.get(3)]
        .iter()
        .flatten()
        .map(|m| m.as_str())
        .collect::<Vec<_>>()
        .join(".");
    let title = caps.get(4).map(|m| m.as_str().trim().to_string());
    // A bare number is a page number or a list item, not a heading: only the codes of the
    // layout stand alone.
    if title.is_none() && indicator(&code).is_none() {
        return None;
    }
    Some(Heading { code, title })
}

/// A line of capital letters only: a title or a heading's title wrapped onto its own line.
fn is_capitals(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

/// Flag images and their captions between the title and the background ("Flag of
/// Russia.svg", "Drapeau", "A flag with a white 5-petalled flower …", image URLs).
pub(super) fn is_flag_furniture(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "flag", "drapeau", "flagge", "bandera", ".svg", ".png", "http://", "https://",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn starts_background(text: &str) -> bool {
    let upper = text.to_uppercase();
    upper.starts_with("BACKGROUND")
        || upper.starts_with("BACKROUND")
        || upper.starts_with("TOTAL POPULATION")
        || upper.starts_with("INTERNET USERS")
}

/// Where the footer starts: the disclaimer, the "more information" line or the date.
fn starts_footer(text: &str) -> bool {
    let lower = text.trim_start_matches(['-', ' ']).to_lowercase();
    lower.starts_with("disclaimer")
        || lower.starts_with("more information is available")
        || lower.starts_with("last updated")
}

/// Footer furniture: the footer lines themselves, the ordinal suffix of the date set as a
/// superscript on its own line ("th"), and a URL wrapped onto the next line.
fn is_footer_furniture(text: &str) -> bool {
    let lower = text.to_lowercase();
    starts_footer(text)
        || matches!(lower.as_str(), "th" | "st" | "nd" | "rd")
        || (!lower.contains(' ') && lower.contains('/') && lower.contains(".asp"))
}

/// The title block: the line carrying "CYBERWELLNESS PROFILE" and the country name after it.
#[derive(Debug, Default)]
pub(super) struct Title {
    /// Index (into the document's lines) of the title line.
    pub at: usize,
    /// Index of the first line after the title block.
    pub end: usize,
    /// The country name as written, its wrapped lines joined.
    pub name: String,
    /// The line the name starts on.
    pub name_line: Option<usize>,
}

/// Everything the layout pass found.
#[derive(Debug, Default)]
pub(super) struct Layout {
    pub title: Title,
    /// Lines between the title block and the first heading.
    pub background: Vec<Line>,
    /// Each indicator section present, in document order, with its text lines.
    pub sections: Vec<(&'static IndicatorDef, Vec<Line>)>,
    /// The footer lines (disclaimer, "Last updated on …").
    pub footer: Vec<Line>,
    /// Lines that are none of the above.
    pub unparsed: Vec<UnparsedLine>,
}

fn unparsed(line: &Line, section: Option<&str>) -> UnparsedLine {
    UnparsedLine {
        line: line.number,
        section: section.map(str::to_string),
        text: line.text.clone(),
    }
}

/// Finds the title block. `None` when no line carries the profile title.
pub(super) fn title(lines: &[Line], out: &mut Vec<UnparsedLine>) -> Option<Title> {
    let at = lines
        .iter()
        .position(|l| l.text.to_uppercase().contains("CYBERWELLNESS PROFILE"))?;
    out.extend(lines[..at].iter().map(|l| unparsed(l, None)));
    let mut title = Title {
        at,
        end: at + 1,
        ..Title::default()
    };
    let mut parts = Vec::new();
    let rest = lines[at]
        .text
        .to_uppercase()
        .replace("CYBERWELLNESS PROFILE", "");
    if !rest.trim().is_empty() {
        parts.push(rest.trim().to_string());
        title.name_line = Some(lines[at].number);
    }
    for line in &lines[at + 1..] {
        if starts_background(&line.text) || heading(&line.text).is_some() {
            break;
        }
        title.end += 1;
        if is_flag_furniture(&line.text) {
            continue;
        }
        // The name is set in capitals and may wrap ("PEOPLE'S DEMOCRATIC / REPUBLIC"); a
        // mixed-case line is accepted only as the whole name of a hand-made profile.
        if is_capitals(&line.text) || parts.is_empty() {
            parts.push(line.text.clone());
            title.name_line = title.name_line.or(Some(line.number));
        } else {
            out.push(unparsed(line, None));
        }
    }
    title.name = crate::ingest::text::squash_spaces(&parts.join(" "));
    Some(title)
}

/// Splits the lines after the title block into background, sections and footer.
pub(super) fn layout(lines: &[Line]) -> Option<Layout> {
    let mut out = Layout::default();
    out.title = title(lines, &mut out.unparsed)?;
    let body = &lines[out.title.end..];
    let first_heading = body
        .iter()
        .position(|l| heading(&l.text).is_some())
        .unwrap_or(body.len());
    out.background = body[..first_heading].to_vec();
    read_sections(&body[first_heading..], &mut out);
    Some(out)
}

/// Where a line of the body goes.
enum Place {
    /// Into the current section.
    Section,
    /// Nowhere known: between a group heading and the first indicator, or after a heading
    /// the layout does not have.
    Between,
}

fn read_sections(body: &[Line], out: &mut Layout) {
    let mut place = Place::Between;
    let mut in_footer = false;
    let mut i = 0;
    while i < body.len() {
        let line = &body[i];
        i += 1;
        if let Some(h) = heading(&line.text) {
            in_footer = false;
            // "1.1.2" alone: its title follows on the next line.
            if h.title.is_none() && body.get(i).is_some_and(|n| is_title_line(&n.text)) {
                i += 1;
            }
            place = open(&h, line, out);
            continue;
        }
        if in_footer || starts_footer(&line.text) {
            in_footer = true;
            if is_footer_furniture(&line.text) {
                out.footer.push(line.clone());
            } else {
                out.unparsed.push(unparsed(line, None));
            }
            continue;
        }
        match (&place, out.sections.last_mut()) {
            (Place::Section, Some((_, lines))) => lines.push(line.clone()),
            _ => out.unparsed.push(unparsed(line, None)),
        }
    }
}

/// A heading's title set on its own line: capitals, and not itself a heading.
fn is_title_line(text: &str) -> bool {
    is_capitals(text)
        && heading(text).is_none()
        && text
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '&' | '-' | '/' | ',' | '\'' | '’'))
}

/// Opens the section a heading names, or records a heading the layout does not have.
fn open(h: &Heading, line: &Line, out: &mut Layout) -> Place {
    if let Some(def) = indicator(&h.code) {
        out.sections.push((def, Vec::new()));
        Place::Section
    } else {
        if !GROUP_CODES.contains(&h.code.as_str()) {
            out.unparsed.push(unparsed(line, None));
        }
        Place::Between
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::lines;

    #[test]
    fn headings_in_every_variant_the_conversions_produce() {
        let code = |t: &str| heading(t).map(|h| h.code);
        assert_eq!(
            code("1.1.1           CRIMINAL LEGISLATION"),
            Some("1.1.1".into())
        );
        assert_eq!(code("2        CHILD ONLINE PROTECTION"), Some("2".into()));
        assert_eq!(code("-1.5.2"), Some("1.5.2".into()));
        assert_eq!(code("1.1.2"), Some("1.1.2".into()));
        assert_eq!(code("1.2.1 CIRT & RCC"), Some("1.2.1".into()));
        assert_eq!(code("1. BS25999 from BSI"), None);
        assert_eq!(code("2014"), None);
        assert_eq!(code("1.9"), None);
    }

    #[test]
    fn sections_footer_and_stray_lines_are_told_apart() {
        let text = "CYBERWELLNESS PROFILE LAO\nPEOPLE’S DEMOCRATIC\nFlag of Laos.svg\nREPUBLIC\n\
                    BACKROUND\nTotal Population: 1\n1. CYBERSECURITY\n1.1.1\nCRIMINAL LEGISLATION\n\
                    - Penal Code\n-1.5.2\nINTRA-AGENCY COOPERATION\nNone.\n1.6.1 NO SUCH SECTION\n\
                    stray\nDISCLAIMER: see\nth\nLast updated on 12 August 2014";
        let found = layout(&lines(text)).unwrap_or_default();
        assert_eq!(found.title.name, "LAO PEOPLE’S DEMOCRATIC REPUBLIC");
        let codes: Vec<&str> = found.sections.iter().map(|(d, _)| d.code).collect();
        assert_eq!(codes, ["1.1.1", "1.5.2"]);
        assert_eq!(found.sections[0].1[0].text, "- Penal Code");
        let stray: Vec<&str> = found.unparsed.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(stray, ["1.6.1 NO SUCH SECTION", "stray"]);
        assert_eq!(found.footer.len(), 3);
    }
}
