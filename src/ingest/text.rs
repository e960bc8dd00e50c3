//! Turning raw document bytes into clean, numbered lines and sentences.
//!
//! Real inputs are PDF-to-text conversions: UTF-8 with or without BOM, Windows-1252, GBK,
//! `\r\r\n` line ends, page markers, form feeds. This module undoes those and nothing more;
//! it knows no document layout.

use std::sync::LazyLock;

use regex::Regex;

/// A non-blank line of a document with its 1-based line number in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number.
    pub number: usize,
    /// The text, trimmed, with whitespace runs kept as they are.
    pub text: String,
    /// The column (in characters) where the text starts in the original line. PDF
    /// conversions lay lists out in columns; the indent tells which column a wrapped line
    /// continues.
    pub indent: usize,
}

/// The text encodings recognised by [`decode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// GBK (seen in conversions where ’ appears as the bytes A1 AF).
    Gbk,
    /// Windows-1252, the fallback for any other 8-bit text.
    Windows1252,
}

/// Decodes document bytes to text, detecting the encoding.
///
/// Valid UTF-8 wins (a BOM is dropped). Otherwise GBK is chosen only when the text carries
/// GBK's punctuation (lead byte A1) and decodes without error, else Windows-1252, which
/// accepts any byte.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), Encoding::Utf8);
    }
    let has_gbk_punctuation = bytes
        .windows(2)
        .any(|w| w[0] == 0xA1 && (0xA1..=0xFE).contains(&w[1]));
    if has_gbk_punctuation {
        let (text, _, had_errors) = encoding_rs::GBK.decode(bytes);
        if !had_errors {
            return (text.into_owned(), Encoding::Gbk);
        }
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    (text.into_owned(), Encoding::Windows1252)
}

static PAGE_MARKER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^-{2,}\s*Page\s*\d+\s*-{2,}$").ok());

/// Splits text into its non-blank lines, numbered as `grep -n` numbers them.
///
/// A line break is `\n`, `\r\n` or a lone `\r`; only `\n` counts towards the number, so
/// the pieces of a line split by a lone `\r` share its number. Page markers (`-----Page 3-----`), form
/// feeds and lines holding only a page number are dropped; NUL and other control characters
/// become spaces.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut number = 1;
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let flush = |current: &mut String, number: usize, out: &mut Vec<Line>| {
        let cleaned: String = current
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let trimmed = cleaned.trim();
        let indent = cleaned.chars().take_while(|c| c.is_whitespace()).count();
        let is_page_number = !trimmed.is_empty()
            && trimmed.len() <= 3
            && trimmed.bytes().all(|b| b.is_ascii_digit());
        let is_marker = PAGE_MARKER.as_ref().is_some_and(|re| re.is_match(trimmed));
        let is_rule = trimmed.len() >= 3
            && trimmed
                .chars()
                .all(|c| matches!(c, '-' | '_' | '=' | '*' | '~' | '.' | '–' | '—'));
        if !trimmed.is_empty() && !is_page_number && !is_marker && !is_rule {
            out.push(Line {
                number,
                text: trimmed.to_string(),
                indent,
            });
        }
        current.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                flush(&mut current, number, &mut out);
                number += 1;
            }
            // A lone CR ends a line of text but not a line as `grep -n` counts them (the
            // conversions write "text\r\r\n"): the number stays that of the file's line.
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    flush(&mut current, number, &mut out);
                }
            }
            _ => current.push(c),
        }
    }
    flush(&mut current, number, &mut out);
    out
}

static LINK: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]]+)\]\([^()]*\)").ok());

/// Removes `[Name](#)` link markup, returning the plain text and the linked names in order.
pub fn strip_links(text: &str) -> (String, Vec<String>) {
    let Some(re) = LINK.as_ref() else {
        return (text.to_string(), Vec::new());
    };
    let names = re
        .captures_iter(text)
        .filter_map(|c| c.get(1).map(|m| m.as_str().trim().to_string()))
        .collect();
    (re.replace_all(text, "$1").into_owned(), names)
}

/// Collapses runs of whitespace to one space.
pub fn squash_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const ABBREVIATIONS: [&str; 16] = [
    "mr", "mrs", "dr", "no", "nos", "rep", "st", "art", "arts", "sec", "vs", "inc", "ltd", "co",
    "e.g", "i.e",
];

/// Splits a paragraph into sentences at `.`, `!` or `?` followed by a space and a capital
/// letter, a digit or an opening bracket, except after common abbreviations ("Rep. of").
pub fn sentences(paragraph: &str) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let ends = matches!(c, '.' | '!' | '?' | '”' | '"')
            && chars.get(i + 1).is_some_and(|n| n.is_whitespace())
            && chars[i + 1..]
                .iter()
                .find(|n| !n.is_whitespace())
                .is_some_and(|n| n.is_uppercase() || *n == '[' || *n == '“' || *n == '"');
        let closes_quote =
            matches!(c, '”' | '"') && i > 0 && matches!(chars[i - 1], '.' | '!' | '?');
        if ends && (c != '”' && c != '"' || closes_quote) {
            let word: String = chars[start..i]
                .iter()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .collect::<String>()
                .chars()
                .rev()
                .collect::<String>()
                .to_ascii_lowercase();
            let is_abbreviation =
                ABBREVIATIONS.contains(&word.trim_start_matches('(')) || word.len() == 1;
            if !is_abbreviation {
                let sentence: String = chars[start..=i].iter().collect();
                out.push(sentence.trim().to_string());
                start = i + 1;
            }
        }
        i += 1;
    }
    let rest: String = chars[start..].iter().collect();
    if !rest.trim().is_empty() {
        out.push(rest.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_encodings_found_in_real_conversions() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFPakistan"),
            ("Pakistan".to_string(), Encoding::Utf8)
        );
        assert_eq!(
            decode(b"Sweden\xA1\xAFs"),
            ("Sweden\u{2019}s".to_string(), Encoding::Gbk)
        );
        assert_eq!(
            decode(b"C\xF4te d\x92Ivoire"),
            (
                "C\u{f4}te d\u{2019}Ivoire".to_string(),
                Encoding::Windows1252
            )
        );
    }

    #[test]
    fn lines_are_numbered_as_grep_does_and_drop_page_furniture() {
        let text = "A\r\r\nB\n\n-----Page 2-----\n\x0c12\nC\rD\n-------------";
        let got: Vec<(usize, String)> = lines(text)
            .into_iter()
            .map(|l| (l.number, l.text))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "A".into()),
                (2, "B".into()),
                (6, "C".into()),
                (6, "D".into())
            ]
        );
    }

    #[test]
    fn links_are_stripped_and_collected() {
        let (text, names) = strip_links("member of the [ITU-IMPACT](#) and [SCO](#).");
        assert_eq!(text, "member of the ITU-IMPACT and SCO.");
        assert_eq!(names, vec!["ITU-IMPACT", "SCO"]);
    }

    #[test]
    fn sentences_split_at_full_stops_but_not_abbreviations() {
        let s =
            sentences("Korea (Rep. of) has a CERT. PISA-CERT is the first. It runs 2 services.");
        assert_eq!(
            s,
            vec![
                "Korea (Rep. of) has a CERT.",
                "PISA-CERT is the first.",
                "It runs 2 services."
            ]
        );
    }
}
