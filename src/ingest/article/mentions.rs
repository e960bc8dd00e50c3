//! Names in one sentence, with where they stand: laws, policies, agencies, CERTs and
//! programmes by their head word; CERT acronyms ("BruCERT", "CERT-UK"); capitalised phrases
//! that define an acronym ("National Intelligence Estimate (NIE)"); and the gazetteer's
//! international bodies. Each mention carries the acronym defined right after it and the date
//! or period written with it ("(PECA), 2016", "(NSS) 2024–2029", ", published in 2011").
//!
//! This is the article's own finder rather than `ingest::names`, because the rules need byte
//! spans and the article ids must not move when the profile reader's name heuristics change;
//! the head-word finder itself is in `heads`.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::{dates_in, words, DateMention, Word};
use super::heads::{
    acronym_in, clean_word, ends_clause, head_names, is_capitalised, overlaps, CONNECTORS,
};
use super::instrument_names;
use super::named_certs;
use crate::ingest::gazetteer::Gazetteer;
use crate::model::{EntityKind, PartialDate};

/// Words that open a CERT's long name without naming anyone ("Computer Emergency …").
const CERT_LONG_FORMS: [&str; 3] = [
    "Computer Emergency Response Team",
    "Computer Security Incident Response Team",
    "Computer Incident Response Team",
];

/// CERT acronyms that name a kind of team, not a team.
const GENERIC_CERT_TOKENS: [&str; 5] = ["CERT", "CIRT", "CSIRT", "CSIRC", "SIRT"];

/// Words of a CERT's long name that describe any team ("Computer Security Incident Response
/// Team"); a name made only of them, with no acronym of its own, names no one team.
const GENERIC_CERT_WORDS: [&str; 9] = [
    "Computer",
    "Cyber",
    "Security",
    "Emergency",
    "Incident",
    "Incidents",
    "Response",
    "Readiness",
    "Team",
];

static CERT_TOKEN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b[A-Za-z0-9]*[-.]?(?:CERT|CIRT|CSIRT|CSIRC|SIRT)(?:[-./][A-Za-z0-9]+)*\b").ok()
});
static AFTER_NAME: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s,–—-]*(?:(?:which\s+)?(?:was|is|were)\s+)?(?:(?:published|adopted|enacted|approved|issued|launched|passed|promulgated|signed|dated|of)(?:\s+(?:in|on))?)?[\s,–—-]*$",
    )
    .ok()
});
static LIST_GAP: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)^[\s,;]*(?:and|or)?[\s,]*(?:the\s+)?$").ok());
static KNOWN_AS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^.;]{0,100}\b(?:commonly|also|better|formerly|locally)?\s*known\s+as\s*$")
        .ok()
});
static COPULA: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*,?\s*(?:is|was|serves as|acts as)\s+(?:the|a|an)\s*$").ok()
});

/// How a mention was found; decides how it may merge with others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// A capitalised name around a head word.
    Head,
    /// A CERT acronym standing alone ("BruCERT").
    CertToken,
    /// A capitalised phrase defining an acronym, with no head word.
    Acronym,
    /// A name the gazetteer knows.
    Gazetteer,
    /// A name made by a rule from lower-case words ("a CERT council").
    Rule,
}

/// A name in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    /// Byte offset of the name.
    pub start: usize,
    /// Byte offset just after the name.
    pub end: usize,
    /// Byte offset just after the name with its acronym and the date written with it.
    pub extent: usize,
    /// The name, inner acronyms left out ("Computer Emergency Response Teams Rule 2023").
    pub name: String,
    /// What it names.
    pub kind: EntityKind,
    /// An acronym defined right after it: "(PECA)".
    pub acronym: Option<String>,
    /// The name from an inner acronym on: "CERTs Rule 2023".
    pub short_form: Option<String>,
    /// The gazetteer's id and name, for international bodies and treaties.
    pub global: Option<(String, String)>,
    /// The date written in or with the name ("Rule 2023", "(NCSP), 2021", "published in 2011").
    pub date: Option<PartialDate>,
    /// A period written with it: "2024–2029".
    pub period: Option<String>,
    /// How it was found.
    pub found: Found,
    /// Written as not yet in force: "Draft law on …", "the proposed …", "… Bill".
    pub draft: bool,
}

/// Two mentions of one sentence that name the same thing ("X, commonly known as Y"; "Y is
/// the X"), as indices into the sentence's mentions.
pub(crate) type SameAs = (usize, usize);

/// Capitalised phrases defining an acronym without a head word: "National Intelligence
/// Estimate (NIE)". The acronym's capitals must be the initials of the phrase's last words.
fn acronym_names(words: &[Word<'_>], taken: &[(usize, usize)]) -> Vec<Mention> {
    let mut out = Vec::new();
    for (k, word) in words.iter().enumerate() {
        let Some(acronym) = acronym_in(word.raw) else {
            continue;
        };
        if taken.iter().any(|t| overlaps(*t, (word.start, word.end))) {
            continue;
        }
        let capitals: String = acronym.chars().filter(|c| c.is_uppercase()).collect();
        // The capitalised words before it, last first.
        let mut initials = String::new();
        let mut start = None;
        for j in (0..k).rev() {
            let w = clean_word(words[j].raw);
            if ends_clause(words[j].raw) || w.is_empty() {
                break;
            }
            if CONNECTORS.contains(&w) {
                continue;
            }
            if !is_capitalised(w) {
                break;
            }
            initials.insert(0, w.chars().next().unwrap_or(' '));
            if initials == capitals {
                start = Some(j);
                break;
            }
            if initials.len() >= capitals.len() {
                break;
            }
        }
        let Some(start) = start.filter(|s| k - s >= 2) else {
            continue;
        };
        if taken
            .iter()
            .any(|t| overlaps(*t, (words[start].start, word.end)))
        {
            continue;
        }
        let name = words[start..k]
            .iter()
            .map(|w| clean_word(w.raw))
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Mention {
            start: words[start].start,
            end: words[k - 1].end,
            extent: word.end,
            name,
            kind: UNKNOWN_KIND,
            acronym: Some(acronym.to_string()),
            short_form: None,
            global: None,
            date: None,
            period: None,
            found: Found::Acronym,
            draft: false,
        });
    }
    out
}

/// The kind of a headless acronym name until a list gives it one (see `inherit_list_kinds`).
/// Documents are never named in prose, so the kind is free to mean "not known yet".
const UNKNOWN_KIND: EntityKind = EntityKind::Document;

/// The date written in or right after a law's or policy's name, and the period when it is a
/// range: "Rule 2023", "(PECA), 2016", "– 2023", "(NSS) 2024–2029", ", published in 2011".
fn attach_date(sentence: &str, mention: &mut Mention, dates: &[DateMention]) {
    if !matches!(
        mention.kind,
        EntityKind::Law | EntityKind::Policy | EntityKind::Standard | UNKNOWN_KIND
    ) {
        return;
    }
    if let Some(inside) = dates
        .iter()
        .find(|d| d.start >= mention.start && d.end <= mention.end && !d.range_end)
    {
        mention.date = Some(inside.date);
        return;
    }
    let Some((at, date)) = dates
        .iter()
        .enumerate()
        .find(|(_, d)| d.start >= mention.extent && !d.range_end && !d.year_inferred)
    else {
        return;
    };
    let gap = sentence.get(mention.extent..date.start).unwrap_or("x");
    if !AFTER_NAME.as_ref().is_some_and(|re| re.is_match(gap)) {
        return;
    }
    mention.date = Some(date.date);
    mention.extent = date.end;
    if let Some(second) = dates.get(at + 1).filter(|d| d.range_end) {
        mention.period = sentence
            .get(date.start..second.end)
            .map(|p| p.trim_end_matches([',', '.', ';', ')']).to_string());
        mention.extent = second.end;
    }
}

/// Mentions without a head word take the kind of the list they stand in ("the National
/// Security Strategy (NSS), the National Intelligence Estimate (NIE) and …"); the rest are
/// dropped, because a name of unknown kind cannot be given an id.
fn inherit_list_kinds(sentence: &str, mentions: &mut Vec<Mention>) {
    loop {
        let mut changed = false;
        for i in 0..mentions.len() {
            if mentions[i].kind != UNKNOWN_KIND {
                continue;
            }
            let neighbour = |j: usize, a: &Mention, b: &Mention| -> Option<EntityKind> {
                let gap = sentence.get(a.extent..b.start)?;
                let listed = LIST_GAP.as_ref().is_some_and(|re| re.is_match(gap));
                let kind = mentions[j].kind;
                (listed
                    && mentions[j].global.is_none()
                    && matches!(
                        kind,
                        EntityKind::Law | EntityKind::Policy | EntityKind::Standard
                    ))
                .then_some(kind)
            };
            let before = i
                .checked_sub(1)
                .and_then(|j| neighbour(j, &mentions[j], &mentions[i]));
            let after = mentions
                .get(i + 1)
                .and_then(|next| neighbour(i + 1, &mentions[i], next));
            if let Some(kind) = before.or(after) {
                mentions[i].kind = kind;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    mentions.retain(|m| m.kind != UNKNOWN_KIND);
}

/// A CERT's long name the gazetteer knows by its acronym form: "OIC Computer Emergency
/// Response Team" is "OIC CERT" / "OIC-CERT".
fn gazetteer_long_form<'g>(
    gazetteer: &'g Gazetteer,
    name: &str,
) -> Option<&'g crate::model::Entity> {
    let (prefix, suffix) = CERT_LONG_FORMS
        .iter()
        .find_map(|long| name.strip_suffix(long).map(|p| (p.trim(), *long)))?;
    if prefix.is_empty() {
        return None;
    }
    let short = if suffix.contains("Security Incident") {
        "CSIRT"
    } else if suffix.contains("Incident") {
        "CIRT"
    } else {
        "CERT"
    };
    [
        format!("{prefix} {short}"),
        format!("{prefix}-{short}"),
        format!("{prefix}{short}"),
    ]
    .iter()
    .find_map(|candidate| gazetteer.lookup(candidate))
}

/// Every mention in `sentence`, left to right, with the pairs that name the same thing.
pub(crate) fn find(
    sentence: &str,
    gazetteer: &Gazetteer,
    published: Option<PartialDate>,
) -> (Vec<Mention>, Vec<SameAs>) {
    let words = words(sentence);
    let dates = dates_in(sentence, published);
    let mut mentions: Vec<Mention> = gazetteer
        .find_in(sentence)
        .into_iter()
        .map(|(m, entity)| Mention {
            start: m.start,
            end: m.end,
            extent: m.end,
            name: m.text.to_string(),
            kind: entity.kind,
            acronym: None,
            short_form: None,
            global: Some((entity.id.clone(), entity.name.clone())),
            date: None,
            period: None,
            found: Found::Gazetteer,
            draft: false,
        })
        .collect();
    // Bracketed names go in before head names (which they hold); purpose-named laws after.
    let (purposes, bracketed): (Vec<Mention>, Vec<Mention>) = instrument_names::find(sentence)
        .into_iter()
        .partition(|m| m.short_form.is_some());
    mentions.extend(bracketed);
    let known: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
    for mut head in head_names(&words, &known) {
        let span = (head.start, head.end);
        // A known body's name wins over a head word inside it ("Forum of Incident Response …");
        // a longer name wins over a known acronym inside it ("OIC Computer Emergency Response
        // Team" holds "OIC").
        // So does a protocol's name over the convention it names ("Second Additional
        // Protocol to the Convention on Cybercrime").
        let inside_known = mentions.iter().any(|g| {
            let inside = g.start >= span.0 && g.end <= span.1;
            let acronym_inside = inside && !g.name.chars().any(char::is_lowercase);
            let protocol = head.kind == EntityKind::Convention && g.start > span.0;
            overlaps((g.start, g.end), span) && !acronym_inside && !protocol
        });
        // "FIRST (Forum of Incident and Response Security Teams)": the bracket spells out the
        // known body just named.
        let spells_out_known = mentions.iter().any(|g| {
            sentence.get(g.end..head.start).is_some_and(|gap| {
                let gap = gap.trim();
                gap == "(" || gap.eq_ignore_ascii_case("(the")
            })
        });
        // "the ITU Telecommunication Development Bureau" is a part of the known body, not a
        // body of the article's country.
        let part_of_known = head.kind == EntityKind::Agency
            && mentions.iter().any(|g| {
                g.global.is_some()
                    && g.start >= span.0
                    && g.end <= span.1
                    && !g.name.chars().any(char::is_lowercase)
            });
        // "designated as Regional Cyber Security Centre", "act as Executive Secretariat": a
        // role without an article is not a body.
        let role = head.kind == EntityKind::Agency
            && sentence
                .get(..head.start)
                .is_some_and(|before| before.trim_end().ends_with(" as"));
        if inside_known || spells_out_known || part_of_known || role {
            continue;
        }
        // "First Additional Protocol to the Convention …" is also written "First Additional
        // Protocol".
        if head.kind == EntityKind::Convention && head.short_form.is_none() {
            head.short_form = head
                .name
                .split_once(" to ")
                .map(|(short, _)| short.to_string());
        }
        mentions.retain(|g| !overlaps((g.start, g.end), span));
        if head.kind == EntityKind::Cert {
            if let Some(entity) = gazetteer_long_form(gazetteer, &head.name) {
                head.kind = entity.kind;
                head.global = Some((entity.id.clone(), entity.name.clone()));
                head.found = Found::Gazetteer;
            }
        }
        mentions.push(head);
    }
    // "acts as the Computer Security Incident Response Team (CSIRT)" defines a role, not a team.
    mentions.retain(|m| {
        let generic_words = m
            .name
            .split_whitespace()
            .all(|w| GENERIC_CERT_WORDS.contains(&w));
        let generic_acronym = m
            .acronym
            .as_deref()
            .is_none_or(|a| GENERIC_CERT_TOKENS.contains(&a.trim_end_matches('s')));
        !(m.kind == EntityKind::Cert && m.global.is_none() && generic_words && generic_acronym)
    });
    let taken: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.extent)).collect();
    for m in CERT_TOKEN
        .as_ref()
        .map(|re| re.find_iter(sentence).collect::<Vec<_>>())
        .unwrap_or_default()
    {
        let token = m
            .as_str()
            .trim_matches(|c: char| c == '.' || c == '-' || c == '/');
        let generic = GENERIC_CERT_TOKENS.contains(&token);
        let start = m.start() + m.as_str().find(token).unwrap_or(0);
        let end = start + token.len();
        if generic || taken.iter().any(|t| overlaps(*t, (start, end))) {
            continue;
        }
        mentions.push(Mention {
            start,
            end,
            extent: end,
            name: token.to_string(),
            kind: EntityKind::Cert,
            acronym: Some(token.to_string()),
            short_form: None,
            global: None,
            date: None,
            period: None,
            found: Found::CertToken,
            draft: false,
        });
    }
    let taken: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.extent)).collect();
    mentions.extend(named_certs::find(sentence, &taken));
    let taken: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.extent)).collect();
    for mut m in purposes {
        if taken.iter().any(|t| overlaps(*t, (m.start, m.end))) {
            continue;
        }
        // "a law approving the Budapest Convention on Cybercrime" and "a law approving the
        // Convention on Cybercrime" approve one treaty: the key names the treaty's node.
        if let Some((verb, object)) = m.short_form.as_deref().and_then(|s| s.split_once(" the ")) {
            if let Some(known) = gazetteer.lookup(object) {
                m.short_form = Some(format!("{verb} {}", known.id));
            }
        }
        mentions.push(m);
    }
    let taken: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.extent)).collect();
    mentions.extend(acronym_names(&words, &taken));
    mentions.sort_by_key(|m| m.start);
    for mention in &mut mentions {
        attach_date(sentence, mention, &dates);
    }
    inherit_list_kinds(sentence, &mut mentions);
    for mention in &mut mentions {
        let before: Vec<&str> = sentence
            .get(..mention.start)
            .unwrap_or("")
            .split_whitespace()
            .rev()
            .take(2)
            .collect();
        mention.draft = mention.kind == EntityKind::Law
            && mention
                .name
                .split_whitespace()
                .any(|w| w == "Bill" || w == "Draft")
            || before
                .iter()
                .any(|w| matches!(clean_word(w).to_lowercase().as_str(), "draft" | "proposed"));
    }
    let mut same = Vec::new();
    for b in 1..mentions.len() {
        let (ma, mb) = (&mentions[b - 1], &mentions[b]);
        let Some(gap) = sentence.get(ma.extent..mb.start) else {
            continue;
        };
        let known_as = KNOWN_AS.as_ref().is_some_and(|re| re.is_match(gap));
        let copula = COPULA.as_ref().is_some_and(|re| re.is_match(gap))
            && ma.kind == mb.kind
            && matches!(ma.kind, EntityKind::Cert | EntityKind::Agency);
        // "Computer Misuse and Crimes Act (Act No. 13 of 2004)": the bracket numbers the law.
        let numbered = gap.trim() == "(" && ma.kind == EntityKind::Law && mb.kind == ma.kind;
        if (known_as || copula || numbered) && ma.global.is_none() && mb.global.is_none() {
            same.push((b - 1, b));
        }
    }
    (mentions, same)
}

#[cfg(test)]
#[path = "mentions_tests.rs"]
mod tests;
