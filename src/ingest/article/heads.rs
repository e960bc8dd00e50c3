//! Names around head words: "Prevention of Electronic Crime Act", "Ministry of IT and
//! Telecommunication", "Brunei Computer Emergency Response Team". A head word says what the
//! name is; the name runs left over capitalised words and connectors, right over "of …",
//! capitalised words and a year, and stops at clause ends, numbers, bullets and coordinated
//! names ("FIRST and the OIC …", "… Agency and Commercial Crime Unit").
//!
//! Head words and connectors are those of `ingest::names`; the rules that run over them are
//! the article's own, so profile-side changes to name reading do not move article ids.

use super::dates::Word;
use super::mentions::{Found, Mention};
use crate::model::EntityKind;

const LEGAL: [&str; 10] = [
    "Act",
    "Code",
    "Law",
    "Ordinance",
    "Decree",
    "Rules",
    "Rule",
    "Regulations",
    "Regulation",
    "Bill",
];

pub(super) use crate::ingest::names::CONNECTORS;

/// Words capitalised only because they open a sentence ("However the Ministry of …", "Once
/// the Bill …").
const OPENERS: [&str; 24] = [
    "Once",
    "When",
    "If",
    "After",
    "Before",
    "While",
    "Although",
    "Though",
    "However",
    "Also",
    "Moreover",
    "Furthermore",
    "Additionally",
    "Currently",
    "Meanwhile",
    "Recently",
    "Subsequently",
    "Finally",
    "Today",
    "Thus",
    "Therefore",
    "Now",
    "Since",
    "Under",
];

/// Titles of people: "Director of the … Bureau" names the bureau's director, not a body.
const TITLES: [&str; 9] = [
    "Director",
    "Minister",
    "Secretary",
    "President",
    "Head",
    "Chief",
    "Chairman",
    "Chair",
    "CEO",
];

pub(super) fn clean_word(word: &str) -> &str {
    // Bullets glued to a word ("-Data Protection Act") are not part of it.
    let word = word.trim_start_matches(['-', '–', '—', '•']);
    word.trim_matches(|c: char| {
        matches!(
            c,
            ',' | ';' | ':' | '.' | '(' | ')' | '“' | '”' | '"' | '‘' | '’' | '\'' | '!' | '?'
        )
    })
}

pub(super) fn is_capitalised(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '“', '"', '\'', '‘', '-', '–', '—', '•']);
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

pub(super) fn ends_clause(raw: &str) -> bool {
    raw.ends_with([',', ';', ':', '.', ')', '”', '"', '!', '?']) && !raw.ends_with("No.")
}

/// "No." / "Number" before an instrument's number.
pub(super) fn is_number_sign(word: &str) -> bool {
    matches!(word, "No" | "Number" | "Nº" | "no")
}

/// An instrument's number: digits with thousands separators ("11,856", "6801", "13").
pub(super) fn is_instrument_number(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

pub(super) fn is_year(word: &str) -> bool {
    word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())
}

/// The acronym in a word like "(PECA)," — 2 to 14 characters, two capitals or more, no space.
pub(super) fn acronym_in(raw: &str) -> Option<&str> {
    let inner = raw.trim_end_matches([',', '.', ';', ':']);
    let inner = inner.strip_prefix('(')?.strip_suffix(')')?;
    // A quoted short name: "(“PNCiber”)", "(\"GSI\")".
    let inner = inner.trim_matches(['“', '”', '"']);
    let ok = (2..=14).contains(&inner.chars().count())
        && inner.chars().filter(|c| c.is_uppercase()).count() >= 2
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || "-/&.".contains(c));
    ok.then_some(inner)
}

/// A CERT's acronym of several words in brackets: "(BGD e-Gov CIRT)". Returns it and the
/// number of words it takes; `(None, 0)` when the words do not open with one.
fn cert_acronym(raw: &[&str]) -> (Option<String>, usize) {
    if !raw.first().is_some_and(|w| w.starts_with('(')) {
        return (None, 0);
    }
    for n in 2..=4.min(raw.len()) {
        let last = raw[n - 1].trim_end_matches([',', '.', ';', ':']);
        if !last.ends_with(')') {
            continue;
        }
        let inner = raw[..n].join(" ");
        let inner = inner.trim_end_matches([',', '.', ';', ':']);
        let inner = inner.trim_start_matches('(').trim_end_matches(')');
        let cert = inner
            .split_whitespace()
            .any(|w| matches!(w, "CERT" | "CIRT" | "CSIRT"));
        return if cert && inner.len() <= 24 {
            (Some(inner.to_string()), n)
        } else {
            (None, 0)
        };
    }
    (None, 0)
}

/// The kind a name's words imply: a legal head anywhere makes a law, else the last head word.
fn kind_of(words: &[&str]) -> Option<EntityKind> {
    if words.iter().any(|w| LEGAL.contains(w)) {
        return Some(EntityKind::Law);
    }
    // A university is a body of its own, whatever its institute or centre is called.
    if words.contains(&"University") {
        return Some(EntityKind::Organization);
    }
    words
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, w)| head_kind(words, i).filter(|_| !w.is_empty()))
}

/// The kind a whole name implies by its head words, if any ("CERT Council" → agency).
pub(super) fn kind_of_name(name: &str) -> Option<EntityKind> {
    let words: Vec<&str> = name.split_whitespace().map(clean_word).collect();
    kind_of(&words)
}

fn head_kind(words: &[&str], i: usize) -> Option<EntityKind> {
    let word = *words.get(i)?;
    // The shared head words, less treaties (the gazetteer names those), plus "Team", which
    // heads a CERT's name only in "… Response Team".
    if word == "Team" {
        let before = i.checked_sub(1).and_then(|j| words.get(j));
        return matches!(before, Some(&("Response" | "Readiness"))).then_some(EntityKind::Cert);
    }
    match word {
        // Networks, forums and universities gather members; they are no one state's body.
        "Network" | "Forum" | "University" => return Some(EntityKind::Organization),
        // The gazetteer names conventions; a protocol to one is named by its own words
        // ("Second Additional Protocol to the Convention on Cybercrime").
        "Protocol" => return Some(EntityKind::Convention),
        _ => {}
    }
    crate::ingest::names::head_word_kind(word).filter(|k| *k != EntityKind::Convention)
}

pub(super) fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Names around head words, as `names::named_phrases` reads them, with their spans.
pub(super) fn head_names(words: &[Word<'_>], known: &[(usize, usize)]) -> Vec<Mention> {
    let raw: Vec<&str> = words.iter().map(|w| w.raw).collect();
    let clean: Vec<&str> = raw.iter().map(|w| clean_word(w)).collect();
    let mut out = Vec::new();
    let mut covered_until = 0;
    for i in 0..clean.len() {
        if i < covered_until {
            continue;
        }
        if head_kind(&clean, i).is_none() {
            continue;
        }
        // Left over capitalised words and connectors, through an inner "(CERTs)".
        // A known body joined by a connector is a name of its own ("FIRST and the OIC …").
        let known_before = |j: usize| {
            (0..j)
                .rev()
                .find(|k| !CONNECTORS.contains(&clean[*k]))
                .is_some_and(|k| {
                    known
                        .iter()
                        .any(|g| overlaps(*g, (words[k].start, words[k].end)))
                })
        };
        // A glued bullet ("-Data Protection Act") opens an item: names do not cross it.
        let bullet = |w: &str| w.len() > 1 && w.starts_with(['-', '–', '—', '•']);
        let mut start = i;
        // A name opening with a bracket starts there ("FIRST (Forum of …)"), unless the
        // bracket holds an inner acronym ("Teams (CERTs) Rule").
        let opens = |w: &str| w.starts_with('(') && acronym_in(w).is_none();
        while start > covered_until && !bullet(raw[start]) && !opens(raw[start]) {
            let prev_raw = raw[start - 1];
            let prev = clean[start - 1];
            let connector = CONNECTORS.contains(&prev);
            if connector && known_before(start - 1) {
                break;
            }
            // "… Agency and Commercial Crime Unit": a complete name ends before "and".
            // So does one before "and the": "SUTD and the Ministry of Defence" are two.
            let after_head = start >= 2 && head_kind(&clean, start - 2).is_some();
            let and_the = prev == "the" && start >= 2 && matches!(clean[start - 2], "and" | "&");
            if matches!(prev, "and" | "&") && after_head || and_the {
                break;
            }
            // An inner acronym is closed by its bracket alone: "(APCERT)," ends a clause.
            // and it sits inside a name, before a word of it: "(CERTs) Rule", not "(SUTD) and".
            let inner_acronym = prev_raw.ends_with(')')
                && acronym_in(prev_raw).is_some()
                && start - 1 > covered_until
                && !CONNECTORS.contains(&clean[start]);
            // A number ends a name to its left: "Rule no. 3,389 of the Ministry", "2010-2015
            // for Canada's … Strategy".
            let number = prev.starts_with(|c: char| c.is_ascii_digit());
            if !inner_acronym
                && (ends_clause(prev_raw)
                    || prev.is_empty()
                    || number
                    || !(is_capitalised(prev) || connector))
            {
                break;
            }
            start -= 1;
        }
        // Right over "of Capitalised …", capitalised words and years.
        let mut end = i;
        // A year closes a name ("ICT Act 2001 -Computer Misuse …").
        // "Ministry of Posts, Telecommunications and Information Technology": after "of", a
        // comma may go on with a list of capitalised words closed by "and" and one more.
        let comma_continues = |end: usize| {
            if !raw[end].ends_with(',') || !clean[start..=end].contains(&"of") {
                return false;
            }
            let mut k = end + 1;
            while k < clean.len() && k <= end + 6 {
                let w = clean[k];
                if matches!(w, "and" | "&") {
                    return clean
                        .get(k + 1)
                        .is_some_and(|n| is_capitalised(n) && head_kind(&clean, k + 1).is_none());
                }
                if !is_capitalised(w)
                    || head_kind(&clean, k).is_some()
                    || raw[k].ends_with(['.', ';', ':', ')'])
                {
                    return false;
                }
                k += 1;
            }
            false
        };
        while end + 1 < clean.len()
            && (!ends_clause(raw[end]) || comma_continues(end))
            && !bullet(raw[end + 1])
            && (end == i || !is_year(clean[end]))
        {
            let next = clean[end + 1];
            // Numbers other than years are not part of a name ("Rules 2020 on 5 March").
            let word_like =
                |w: &str| is_capitalised(w) && !w.starts_with(|c: char| c.is_ascii_digit());
            let joins_two = matches!(next, "and" | "&") && head_kind(&clean, end).is_some();
            let connector = CONNECTORS.contains(&next)
                && !joins_two
                && clean.get(end + 2).is_some_and(|w| word_like(w));
            // "… Team of the Netherlands", "Commission for the Information … Society".
            let preposition_the = matches!(next, "of" | "for" | "on" | "against" | "to" | "in")
                && clean.get(end + 2) == Some(&"the")
                && !ends_clause(raw[end + 1])
                && clean.get(end + 3).is_some_and(|w| word_like(w));
            // "Decree No. 11,856", "Act No. 13 of 2004": the number names the instrument.
            if is_number_sign(clean[end]) && is_instrument_number(next) {
                end += 1;
                if clean.get(end + 1) == Some(&"of")
                    && clean.get(end + 2).is_some_and(|w| is_year(w))
                {
                    end += 2;
                }
                break;
            }
            if word_like(next) && !raw[end + 1].starts_with('(') || is_year(next) || connector {
                end += 1;
            } else if preposition_the {
                end += 2;
            } else {
                break;
            }
        }
        // A sentence opening with a verb ("Creating the National … Authority") and a person's
        // title ("Director of the … Bureau") are not part of the body's name.
        let verb_opening = |k: usize| {
            k == 0
                && clean[k].ends_with("ing")
                && clean.get(k + 1).is_some_and(|w| CONNECTORS.contains(w))
        };
        let title = |k: usize| TITLES.contains(&clean[k]) && clean.get(k + 1) == Some(&"of");
        while start < i
            && (CONNECTORS.contains(&clean[start])
                || clean[start] == "The"
                || start == 0 && OPENERS.contains(&clean[start])
                || verb_opening(start)
                || title(start))
        {
            start += 1;
        }
        while end > i && CONNECTORS.contains(&clean[end]) {
            end -= 1;
        }
        if start == end {
            continue;
        }
        let span = &clean[start..=end];
        let Some(kind) = kind_of(span) else { continue };
        let is_inner = |w: &&str| w.ends_with(')') && acronym_in(w).is_some();
        let name = raw[start..=end]
            .iter()
            .filter(|w| !is_inner(w))
            .map(|w| clean_word(w))
            .collect::<Vec<_>>()
            .join(" ");
        let short_form = raw[start..=end].iter().position(is_inner).map(|at| {
            raw[start + at..=end]
                .iter()
                .map(|w| clean_word(w))
                .collect::<Vec<_>>()
                .join(" ")
        });
        let single = raw
            .get(end + 1)
            .and_then(|w| acronym_in(w))
            .map(str::to_string);
        let (acronym, acronym_words) = match single {
            Some(a) => (Some(a), 1),
            None if kind == EntityKind::Cert => cert_acronym(&raw[end + 1..]),
            None => (None, 0),
        };
        covered_until = end + 1 + acronym_words;
        let first = words[start].raw;
        let last = words[end].raw;
        out.push(Mention {
            start: words[start].start + first.len()
                - first
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .len(),
            end: words[end].start + last.trim_end_matches(|c: char| !c.is_alphanumeric()).len(),
            extent: words[covered_until - 1].end,
            name,
            kind,
            acronym,
            short_form,
            global: None,
            date: None,
            period: None,
            found: Found::Head,
            draft: false,
        });
    }
    out
}
