//! From a section's lines to its items: list entries and the sentences of running text.
//!
//! Lists come in several shapes in the conversions: one bullet a line ("- Penal Code",
//! "-Fraud Act", ". Federal Law …"), several bullets side by side in columns whose wrapped
//! words continue on the next line under their column, several bullets run together on one
//! line ("-ICT Act 2001 -Computer Misuse and Cybercrime Act 2003"), and lists without any
//! bullet after an introducing line ending in a colon.

use crate::ingest::text::{sentences, squash_spaces, strip_links, Line};

/// One list entry or one sentence of a section, with link markup removed.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    /// The line it starts on.
    pub line: usize,
    /// The text, whitespace squashed.
    pub text: String,
    /// Names marked up as links (`[PakCERT](#)`).
    pub links: Vec<String>,
    /// Whether it is a list entry rather than a sentence.
    pub bullet: bool,
    /// For a list entry, the sentence that introduced the list ("Hungary … is part of the
    /// following organizations:"); empty otherwise.
    pub context: String,
}

/// Characters that open a list entry at the start of a line.
const BULLETS: [char; 7] = ['-', '•', '*', '·', '\u{f0b7}', '–', '▪'];
/// Characters that open a further entry in the middle of a line.
const INLINE_BULLETS: [char; 4] = ['-', '•', '\u{f0b7}', '▪'];

/// The text after a bullet at the start of `text`, if it opens with one.
pub(super) fn bullet_body(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    let rest = &text[first.len_utf8()..];
    let opens = match first {
        c if BULLETS.contains(&c) => true,
        // "o Item" and ". Item": a letter or full stop used as a bullet, always followed by
        // a space and a capital.
        'o' | '.' => rest.starts_with(' ') && rest.trim_start().starts_with(char::is_uppercase),
        _ => false,
    };
    opens.then(|| rest.trim())
}

/// Splits a bullet line laid out in columns ("-Penal Code      -Law for Post and") into its
/// entries, each with the column (in characters) it starts at.
fn columns(line: &Line) -> Vec<(usize, String)> {
    let chars: Vec<char> = line.text.chars().collect();
    let mut starts = vec![0];
    for i in 2..chars.len() {
        let gap = chars[i - 1].is_whitespace() && chars[i - 2].is_whitespace();
        if gap && INLINE_BULLETS.contains(&chars[i]) {
            starts.push(i);
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = starts.get(k + 1).copied().unwrap_or(chars.len());
            let text: String = chars[start..end].iter().collect();
            (line.indent + start, text.trim().to_string())
        })
        .collect()
}

/// Splits entries run together on one line ("- UN GGE - ASEAN") where every piece is a name
/// by itself (`is_name`); pieces that are not names stay with the entry before them, so
/// "18 USC Chapter 47 - Fraud and related activity" stays whole.
pub(super) fn split_inline(text: &str, is_name: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let after = &text[i + c.len_utf8()..];
        let opens_entry = c.is_whitespace()
            && after.strip_prefix(INLINE_BULLETS).is_some_and(|rest| {
                rest.trim_start()
                    .starts_with(|n: char| n.is_uppercase() || n.is_ascii_digit() || n == '“')
            });
        if opens_entry {
            pieces.push(std::mem::take(&mut current));
            chars.next();
            continue;
        }
        current.push(c);
    }
    pieces.push(current);
    let pieces: Vec<String> = pieces
        .iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if pieces.len() < 2 || !pieces.first().is_some_and(|p| is_name(p)) {
        return vec![text.trim().to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    for piece in pieces {
        match out.last_mut() {
            Some(last) if !is_name(&piece) => *last = format!("{last} - {piece}"),
            _ => out.push(piece),
        }
    }
    out
}

/// A list being read: the item each column continues.
struct OpenList {
    /// `(column, index into the items)`, left to right.
    columns: Vec<(usize, usize)>,
    last_line: usize,
}

/// A list without bullets after a line ending in a colon.
struct OpenBareList {
    /// Entries are separated by blank lines when the first one was.
    spaced: bool,
    last_line: usize,
}

/// Reads a section's lines into items. `pitch` is the document's line step (1, or 2 when
/// every line break was doubled), so a larger gap is a blank line; `is_name` tells whether a
/// piece of a run-together list is a name by itself.
pub(super) fn items(lines: &[Line], pitch: usize, is_name: &dyn Fn(&str) -> bool) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    let mut paragraph: Vec<&Line> = Vec::new();
    let mut list: Option<OpenList> = None;
    let mut bare: Option<OpenBareList> = None;
    let mut context = String::new();
    let mut previous: Option<usize> = None;
    for line in lines {
        let adjacent = previous.is_some_and(|p| line.number - p <= pitch);
        previous = Some(line.number);
        if bullet_body(&line.text).is_some() {
            flush(&mut paragraph, &mut out, &mut context);
            bare = None;
            list = Some(open_bullets(line, &context, is_name, &mut out));
            continue;
        }
        if let Some(open) = list.as_mut() {
            if line.number - open.last_line <= pitch && continue_list(line, open, &mut out) {
                continue;
            }
            list = None;
        }
        if let Some(open) = bare.as_mut() {
            if continue_bare(line, open, pitch, &mut out) {
                continue;
            }
            bare = None;
        }
        if !adjacent {
            flush(&mut paragraph, &mut out, &mut context);
        }
        paragraph.push(line);
        if line.text.ends_with(':') {
            flush(&mut paragraph, &mut out, &mut context);
            bare = Some(OpenBareList {
                spaced: false,
                last_line: line.number,
            });
            if let Some(open) = bare.as_mut() {
                open.spaced = lines
                    .iter()
                    .find(|l| l.number > line.number)
                    .is_some_and(|next| next.number - line.number > pitch);
            }
        }
    }
    flush(&mut paragraph, &mut out, &mut context);
    out
}

/// Adds the entries of a bullet line (one, several in columns, or several run together).
fn open_bullets(
    line: &Line,
    context: &str,
    is_name: &dyn Fn(&str) -> bool,
    out: &mut Vec<Item>,
) -> OpenList {
    let mut open = OpenList {
        columns: Vec::new(),
        last_line: line.number,
    };
    for (column, entry) in columns(line) {
        let Some(body) = bullet_body(&entry) else {
            continue;
        };
        for piece in split_inline(body, is_name) {
            let (plain, links) = strip_links(&piece);
            out.push(Item {
                line: line.number,
                text: squash_spaces(&plain),
                links,
                bullet: true,
                context: context.to_string(),
            });
        }
        open.columns.push((column, out.len().saturating_sub(1)));
    }
    open
}

/// Continues the open list with a wrapped line, if it is one.
fn continue_list(line: &Line, open: &mut OpenList, out: &mut [Item]) -> bool {
    let words = words_at(line);
    let taken = if open.columns.len() > 1 {
        // "CERT Australia is a member of APCERT and FIRST." under "- UN GGE   - ASEAN" is
        // the next sentence, not the two entries' wrapped words.
        if reads_as_sentence(&line.text) {
            return false;
        }
        spread_over_columns(&words, &open.columns)
    } else {
        continue_single(line, open, out)
    };
    let Some(taken) = taken else {
        return false;
    };
    for (item, word) in taken {
        if let Some(entry) = out.get_mut(item) {
            let (plain, links) = strip_links(word);
            entry.text = squash_spaces(&join_wrapped(&entry.text, &plain));
            entry.links.extend(links);
        }
    }
    open.last_line = line.number;
    true
}

/// The words of a line with the column each starts at.
fn words_at(line: &Line) -> Vec<(usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut chars = 0;
    for (i, c) in line.text.char_indices() {
        if c.is_whitespace() {
            if let Some((s, from)) = start.take() {
                out.push((line.indent + s, line.indent + chars, &line.text[from..i]));
            }
        } else if start.is_none() {
            start = Some((chars, i));
        }
        chars += 1;
    }
    if let Some((s, from)) = start {
        out.push((line.indent + s, line.indent + chars, &line.text[from..]));
    }
    out
}

/// Hands each word of a wrapped line to the column it stands under; `None` when a word
/// straddles a column edge, which makes the line running text rather than a wrap.
fn spread_over_columns<'w>(
    words: &[(usize, usize, &'w str)],
    columns: &[(usize, usize)],
) -> Option<Vec<(usize, &'w str)>> {
    let mut out = Vec::new();
    for &(start, end, word) in words {
        let straddles = columns
            .iter()
            .skip(1)
            .any(|&(edge, _)| start + 2 < edge && end > edge + 1);
        if straddles {
            return None;
        }
        let item = columns
            .iter()
            .rev()
            .find(|&&(edge, _)| start + 2 >= edge)
            .or(columns.first())
            .map(|&(_, item)| item)?;
        out.push((item, word));
    }
    Some(out)
}

/// A line continuing a single bullet: it starts in lower case, with a digit or bracket, or
/// is a short tail of an entry that has not ended ("-The Criminal Legislation / Montenegro").
fn continue_single<'w>(
    line: &'w Line,
    open: &OpenList,
    out: &[Item],
) -> Option<Vec<(usize, &'w str)>> {
    let &(_, item) = open.columns.first()?;
    let entry = out.get(item)?;
    let first = line.text.chars().next()?;
    let continues = first.is_lowercase()
        || first.is_ascii_digit()
        || matches!(first, '(' | '&' | '[')
        || (!entry.text.ends_with(['.', ';', ':'])
            && !line.text.ends_with(':')
            && line.text.split_whitespace().count() <= 6);
    continues.then(|| vec![(item, line.text.as_str())])
}

/// Continues a list without bullets: each entry its own line (or lines separated by blank
/// lines when the first entry was); running sentences end it.
fn continue_bare(line: &Line, open: &mut OpenBareList, pitch: usize, out: &mut Vec<Item>) -> bool {
    let text = line.text.as_str();
    if has_a_verb(text) || text.ends_with(':') {
        return false;
    }
    let gap = line.number - open.last_line;
    let new_entry = if open.spaced {
        gap > pitch
    } else {
        !text.starts_with(char::is_lowercase)
    };
    let context = out
        .iter()
        .rev()
        .find(|i| !i.bullet)
        .map(|i| i.text.clone())
        .unwrap_or_default();
    let (plain, links) = strip_links(text);
    match out.last_mut() {
        Some(last) if !new_entry && last.bullet => {
            last.text = squash_spaces(&join_wrapped(&last.text, &plain));
            last.links.extend(links);
        }
        _ => out.push(Item {
            line: line.number,
            text: squash_spaces(&plain),
            links,
            bullet: true,
            context,
        }),
    }
    open.last_line = line.number;
    true
}

/// Whether a line holds one of the verbs list entries lack.
fn has_a_verb(text: &str) -> bool {
    [" is ", " are ", " has ", " have ", " was ", " were "]
        .iter()
        .any(|verb| text.contains(verb))
}

/// Whether a line is a whole sentence of running text: a verb, and a full stop at its end.
fn reads_as_sentence(text: &str) -> bool {
    has_a_verb(text) && text.ends_with('.')
}

/// Joins a wrapped line to the text before it; a word hyphenated at the line end
/// ("co-" / "funded", "RU-" / "CERT") is joined without a space.
fn join_wrapped(before: &str, next: &str) -> String {
    let chars: Vec<char> = before.chars().rev().take(2).collect();
    let hyphenated = matches!(chars.as_slice(), ['-', c] if c.is_alphanumeric())
        && next.starts_with(char::is_alphanumeric);
    if before.is_empty() {
        next.to_string()
    } else if hyphenated {
        format!("{before}{next}")
    } else {
        format!("{before} {next}")
    }
}

/// Turns the pending running text into sentence items; a sentence ending in a colon becomes
/// the context of the list that follows.
fn flush(paragraph: &mut Vec<&Line>, out: &mut Vec<Item>, context: &mut String) {
    if paragraph.is_empty() {
        return;
    }
    let first_line = paragraph[0].number;
    let joined = paragraph
        .iter()
        .fold(String::new(), |text, l| join_wrapped(&text, &l.text));
    let (plain, _) = strip_links(&joined);
    // Where each line's letters and digits end in the paragraph's, to tell the line each
    // sentence starts on (joining and squashing change only spaces and hyphens' places).
    let line_ends: Vec<(usize, usize)> = paragraph
        .iter()
        .scan(0, |letters, l| {
            *letters += letters_in(&strip_links(&l.text).0);
            Some((*letters, l.number))
        })
        .collect();
    let mut before = 0;
    context.clear();
    for sentence in sentences(&squash_spaces(&plain)) {
        // Links are re-read per sentence so each keeps only its own.
        let links = linked_names_in(&joined, &sentence);
        if sentence.ends_with(':') {
            context.clone_from(&sentence);
        }
        let line = line_ends
            .iter()
            .find(|(end, _)| *end > before)
            .map_or(first_line, |&(_, number)| number);
        before += letters_in(&sentence);
        out.push(Item {
            line,
            text: sentence,
            links,
            bullet: false,
            context: String::new(),
        });
    }
    paragraph.clear();
}

/// How many letters and digits `text` holds.
fn letters_in(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

fn linked_names_in(marked_up: &str, sentence: &str) -> Vec<String> {
    let (_, links) = strip_links(marked_up);
    links
        .into_iter()
        .filter(|l| sentence.contains(l.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::lines;

    fn texts(text: &str) -> Vec<(bool, String)> {
        let is_name = |p: &str| p.contains("Act") || p.contains("Code") || p.len() <= 5;
        items(&lines(text), 1, &is_name)
            .into_iter()
            .map(|i| (i.bullet, i.text))
            .collect()
    }

    #[test]
    fn columns_and_their_wrapped_words_stay_together() {
        let text = "Enacted through the following instruments:\n\
            -Information and Communication          -Bangladesh Telecommunication          -Penal Code\n\
            Technology Act                           Regulation Act";
        let got = texts(text);
        assert_eq!(
            got[1..],
            [
                (
                    true,
                    "Information and Communication Technology Act".to_string()
                ),
                (
                    true,
                    "Bangladesh Telecommunication Regulation Act".to_string()
                ),
                (true, "Penal Code".to_string()),
            ]
        );
    }

    #[test]
    fn run_together_entries_split_only_into_names() {
        let got = texts(
            "-ICT Act 2001 -Computer Misuse and Cybercrime Act 2003\n\
                         - 18 USC Chapter 47 - Fraud and related activity\n- UN - NATO - EU.",
        );
        let got: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            got,
            [
                "ICT Act 2001",
                "Computer Misuse and Cybercrime Act 2003",
                "18 USC Chapter 47 - Fraud and related activity",
                "UN",
                "NATO",
                "EU."
            ]
        );
    }

    #[test]
    fn a_list_without_bullets_after_a_colon() {
        let text = "Enacted through the following instruments:\n\nFederal Law No. 436-FZ on Protection of Children\nfrom Harmful Information\n\nPresidential Decree No. 761\n";
        let got = texts(text);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[1].0 && got[1].1.ends_with("from Harmful Information"));
        assert_eq!(got[2], (true, "Presidential Decree No. 761".to_string()));
    }

    #[test]
    fn wrapped_bullets_and_following_sentences() {
        let got = texts("-Law on Ratification of cybercrime\nconvention\n-The Criminal Legislation\nMontenegro\nSri Lanka ratified:\n- the Budapest Convention");
        let got: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            got,
            [
                "Law on Ratification of cybercrime convention",
                "The Criminal Legislation Montenegro",
                "Sri Lanka ratified:",
                "the Budapest Convention"
            ]
        );
    }
}
