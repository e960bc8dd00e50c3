//! From an article's text to its sentences: front matter (JSON, YAML or `key: value`
//! metadata) read and set aside, Markdown markup and reference sections removed, paragraphs
//! split into sentences that keep the line they start on.
//!
//! Knows nothing about entities or relations; the rules work on what this yields.

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::text::{lines, sentences, squash_spaces, strip_links};
use crate::model::PartialDate;

/// A sentence of the article with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    /// The line in the original text.
    pub line: usize,
    /// The text with markup removed and whitespace squashed.
    pub text: String,
}

/// What a front matter block says about the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// `date`, `published` or `start_date`, to the precision written.
    pub date: Option<PartialDate>,
    /// `publisher`.
    pub publisher: Option<String>,
}

/// An article's readable content.
#[derive(Debug, Clone, Default)]
pub(crate) struct Source {
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
    /// The front matter, if the text opens with one.
    pub front: FrontMatter,
}

fn regex(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

static METADATA_LINE: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"^([A-Za-z][A-Za-z0-9_-]{0,30}):\s+(\S.*)$"));
static HEADING: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"^#{1,6}\s+(.*?)\s*#*$"));
static LINK_DEFINITION: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"^\[[^\]]+\]:\s*\S"));
static REFERENCE_LINK: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"\[([^\[\]]+)\]\[[^\[\]]*\]"));
static AUTOLINK_OR_TAG: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"<(?:https?://[^>\s]*|/?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?)>"));
static BARE_URL: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"https?://\S+"));
static LIST_MARKER: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"^(?:[-*+]|\d+[.)])\s+"));

/// Metadata keys that make a leading `key: value` block front matter rather than prose.
const METADATA_KEYS: [&str; 10] = [
    "title",
    "date",
    "author",
    "authors",
    "tags",
    "category",
    "slug",
    "summary",
    "published",
    "modified",
];

/// Headings after which a text holds citations, not statements.
const REFERENCE_HEADINGS: [&str; 9] = [
    "references",
    "notes",
    "external links",
    "see also",
    "further reading",
    "sources",
    "bibliography",
    "citations",
    "footnotes",
];

/// A date as metadata writes it: `2015-09-30T10:00:00`, `2022-01-23`, `2021-08`, or prose.
pub(crate) fn metadata_date(value: &str) -> Option<PartialDate> {
    let value = value.trim().trim_matches(['"', '\'']);
    for len in [10, 7, 4] {
        if let Some(head) = value.get(..len) {
            let rest = value.get(len..).unwrap_or("");
            let ends = rest.is_empty() || rest.starts_with(['T', ' ', 'Z', '+']);
            if let (true, Ok(date)) = (ends, head.parse::<PartialDate>()) {
                return Some(date);
            }
        }
    }
    PartialDate::find_in_prose(value)
}

/// The 1-based line a byte offset lies on (`\n`, `\r\n` and a lone `\r` each end a line, as
/// in [`lines`]).
fn line_at(text: &str, offset: usize) -> usize {
    let head = text.get(..offset).unwrap_or(text);
    let bytes = head.as_bytes();
    let mut line = 1;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'\n' => line += 1,
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => line += 1,
            _ => {}
        }
    }
    line
}

fn front_from_json(map: &serde_json::Map<String, serde_json::Value>) -> FrontMatter {
    let text = |key: &str| {
        map.get(key)
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    FrontMatter {
        title: text("title"),
        date: ["date", "published", "start_date"]
            .iter()
            .find_map(|k| text(k).as_deref().and_then(metadata_date)),
        publisher: text("publisher"),
    }
}

/// Reads a front matter block at the start of `text`: the last line it covers and what it says.
fn front_matter(text: &str) -> (usize, FrontMatter) {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let start = text.len() - trimmed.len();
    if trimmed.starts_with('{') {
        // A JSON object followed by prose: the stream reader stops after the first value.
        let mut stream =
            serde_json::Deserializer::from_str(trimmed).into_iter::<serde_json::Value>();
        if let Some(Ok(serde_json::Value::Object(map))) = stream.next() {
            let end = start + stream.byte_offset();
            return (line_at(text, end), front_from_json(&map));
        }
        return (0, FrontMatter::default());
    }
    let all = lines(text);
    let Some(first) = all.first() else {
        return (0, FrontMatter::default());
    };
    let mut front = FrontMatter::default();
    let mut take = |key: &str, value: &str| match key.to_ascii_lowercase().as_str() {
        "title" => front.title = Some(value.trim().to_string()),
        "date" | "published" => front.date = front.date.or_else(|| metadata_date(value)),
        "publisher" => front.publisher = Some(value.trim().to_string()),
        _ => {}
    };
    let pair = |line: &str| {
        METADATA_LINE
            .as_ref()
            .and_then(|re| re.captures(line))
            .and_then(|c| {
                Some((
                    c.get(1)?.as_str().to_string(),
                    c.get(2)?.as_str().to_string(),
                ))
            })
    };
    // YAML front matter: `---` on the first line, closed by `---` or `...`. Checked on the raw
    // lines because `lines` drops rules such as `---`.
    let raw: Vec<&str> = trimmed.lines().map(|l| l.trim_end_matches('\r')).collect();
    if start == 0 && raw.first().is_some_and(|l| l.trim_end() == "---") {
        let Some(close) = raw
            .iter()
            .skip(1)
            .position(|l| matches!(l.trim_end(), "---" | "..."))
        else {
            return (0, FrontMatter::default());
        };
        for line in raw.iter().skip(1).take(close) {
            if let Some((k, v)) = pair(line.trim()) {
                take(&k, &v);
            }
        }
        return (close + 2, front);
    }
    // `key: value` lines up to the first blank line (Pelican, MultiMarkdown).
    let known = pair(&first.text)
        .is_some_and(|(k, _)| METADATA_KEYS.contains(&k.to_ascii_lowercase().as_str()));
    if first.number != 1 || !known {
        return (0, FrontMatter::default());
    }
    let mut last = 0;
    for line in &all {
        if line.number != last + 1 {
            break;
        }
        let Some((k, v)) = pair(&line.text) else {
            return (0, FrontMatter::default());
        };
        take(&k, &v);
        last = line.number;
    }
    (last, front)
}

/// Removes inline Markdown and HTML: links keep their text, URLs and tags go, emphasis marks go.
fn clean_inline(line: &str) -> String {
    let (text, _) = strip_links(line);
    let text = match REFERENCE_LINK.as_ref() {
        Some(re) => re.replace_all(&text, "$1").into_owned(),
        None => text,
    };
    let text = match AUTOLINK_OR_TAG.as_ref() {
        Some(re) => re.replace_all(&text, " ").into_owned(),
        None => text,
    };
    let text = match BARE_URL.as_ref() {
        Some(re) => re.replace_all(&text, " ").into_owned(),
        None => text,
    };
    let text = text.replace(['*', '`'], "").replace("__", "");
    squash_spaces(&text)
}

/// Splits a text into its front matter and its sentences.
pub(crate) fn read(text: &str) -> Source {
    let (front_end, front) = front_matter(text);
    // Paragraphs as (first line of each joined piece, text) runs.
    let mut paragraphs: Vec<Vec<(usize, String)>> = Vec::new();
    let mut last_line = 0;
    let mut in_references = false;
    for line in lines(text).into_iter().filter(|l| l.number > front_end) {
        let contiguous = line.number == last_line + 1;
        last_line = line.number;
        if LINK_DEFINITION
            .as_ref()
            .is_some_and(|re| re.is_match(&line.text))
        {
            continue;
        }
        if let Some(heading) = HEADING
            .as_ref()
            .and_then(|re| re.captures(&line.text))
            .and_then(|c| c.get(1))
        {
            let heading = clean_inline(heading.as_str());
            in_references =
                REFERENCE_HEADINGS.contains(&heading.to_ascii_lowercase().trim_end_matches(':'));
            if !in_references && !heading.is_empty() {
                paragraphs.push(vec![(line.number, heading)]);
                // A heading stands alone; the next line opens a new paragraph.
                last_line = 0;
            }
            continue;
        }
        if in_references {
            continue;
        }
        let list_item = LIST_MARKER
            .as_ref()
            .is_some_and(|re| re.is_match(&line.text));
        let content = match LIST_MARKER.as_ref() {
            Some(re) if list_item => re.replace(&line.text, "").into_owned(),
            _ => line.text.clone(),
        };
        let cleaned = clean_inline(&content);
        if cleaned.is_empty() {
            continue;
        }
        match paragraphs.last_mut() {
            Some(paragraph) if contiguous && !list_item => paragraph.push((line.number, cleaned)),
            _ => paragraphs.push(vec![(line.number, cleaned)]),
        }
    }
    let mut out = Vec::new();
    for paragraph in paragraphs {
        // Join the lines, remembering where each starts, to give each sentence its own line.
        let mut joined = String::new();
        let mut starts: Vec<(usize, usize)> = Vec::new();
        for (number, piece) in &paragraph {
            if !joined.is_empty() {
                joined.push(' ');
            }
            starts.push((joined.len(), *number));
            joined.push_str(piece);
        }
        let mut cursor = 0;
        for sentence in sentences(&joined) {
            let at = joined
                .get(cursor..)
                .and_then(|rest| rest.find(&sentence))
                .map(|i| i + cursor)
                .unwrap_or(cursor);
            cursor = at + sentence.len();
            let line = starts
                .iter()
                .take_while(|(offset, _)| *offset <= at)
                .last()
                .map(|(_, number)| *number)
                .unwrap_or(0);
            out.push(Sentence {
                line,
                text: sentence,
            });
        }
    }
    Source {
        sentences: out,
        front,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<PartialDate> {
        s.parse().ok()
    }

    #[test]
    fn json_front_matter_gives_the_date_and_is_not_read_as_prose() {
        let text = "{\n  \"title\": \"CERT-UK\",\n  \"date\": \"2015-09-30T10:00:00\",\n  \"publisher\": \"cert.gov.uk\"\n}\n\nCERT-UK is a team. It was formed in 2014.";
        let source = read(text);
        assert_eq!(source.front.date, d("2015-09-30"));
        assert_eq!(source.front.title.as_deref(), Some("CERT-UK"));
        assert_eq!(source.front.publisher.as_deref(), Some("cert.gov.uk"));
        let got: Vec<(usize, &str)> = source
            .sentences
            .iter()
            .map(|s| (s.line, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![(7, "CERT-UK is a team."), (7, "It was formed in 2014.")]
        );
    }

    #[test]
    fn metadata_lines_markdown_and_reference_sections_are_set_aside() {
        let text = "title: A post\ndate: 2022-01-23\n\n**BruCERT** is a *team*\nof [Brunei](https://x.bn). See <https://a.b>.\n\n## History\n\nIt was established.\n\n## References\n\n- [\"FIRST\"][4]. Retrieved 2022-02-15.\n\n[4]: https://www.first.org/\n";
        let source = read(text);
        assert_eq!(source.front.date, d("2022-01-23"));
        let got: Vec<(usize, &str)> = source
            .sentences
            .iter()
            .map(|s| (s.line, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (4, "BruCERT is a team of Brunei."),
                (5, "See ."),
                (7, "History"),
                (9, "It was established."),
            ]
        );
    }

    #[test]
    fn prose_that_looks_like_metadata_is_kept() {
        let source = read("Note: the Act was passed.\nIt took effect.");
        assert_eq!(source.front, FrontMatter::default());
        assert_eq!(source.sentences.len(), 2);
        let broken = read("{ not json\nThe Act was passed.");
        assert_eq!(broken.sentences.len(), 1);
        assert_eq!(read("---\ntitle: x\n").sentences.len(), 1);
        let yaml = read("---\ntitle: T\ndate: 2020-01-02\n---\nThe Act was passed.");
        assert_eq!(yaml.front.date, d("2020-01-02"));
        assert_eq!(yaml.sentences.len(), 1);
    }

    #[test]
    fn metadata_dates_keep_their_precision() {
        assert_eq!(metadata_date("2015-09-30T10:00:00"), d("2015-09-30"));
        assert_eq!(metadata_date("2021-08"), d("2021-08"));
        assert_eq!(metadata_date("August 9, 2025"), d("2025-08-09"));
        assert_eq!(metadata_date("soon"), None);
    }
}
