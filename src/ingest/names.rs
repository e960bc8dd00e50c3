//! Recognising the names of laws, policies, agencies, CERTs and programmes in prose, and
//! guessing an entity's kind from its name.
//!
//! A name is a run of capitalised words (joined by "of", "on", "the", "and", …) around a head
//! word that says what it is: "Ministry of IT and Telecommunication", "Prevention of Electronic
//! Crime Act", "National Cyber Security Policy". Shared by the profile parser and the article
//! extractor so both read names the same way.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::EntityKind;

/// Head words and the kind of entity they make, most specific first.
const HEADS: [(&str, EntityKind); 58] = {
    use EntityKind as E;
    [
        ("Act", E::Law),
        ("Acts", E::Law),
        ("Code", E::Law),
        ("Law", E::Law),
        ("Laws", E::Law),
        ("Ordinance", E::Law),
        ("Decree", E::Law),
        ("Rules", E::Law),
        ("Rule", E::Law),
        ("Regulation", E::Law),
        ("Regulations", E::Law),
        ("Bill", E::Law),
        ("Proclamation", E::Law),
        ("Strategy", E::Policy),
        ("Policy", E::Policy),
        ("Plan", E::Policy),
        ("Roadmap", E::Policy),
        ("Agenda", E::Policy),
        ("Doctrine", E::Policy),
        ("Ministry", E::Agency),
        ("Authority", E::Agency),
        ("Agency", E::Agency),
        ("Council", E::Agency),
        ("Commission", E::Agency),
        ("Department", E::Agency),
        ("Directorate", E::Agency),
        ("Office", E::Agency),
        ("Police", E::Agency),
        ("Bureau", E::Agency),
        ("Committee", E::Agency),
        ("Division", E::Agency),
        ("Board", E::Agency),
        ("Unit", E::Agency),
        ("Service", E::Agency),
        ("Regulator", E::Agency),
        ("Cabinet", E::Agency),
        ("Secretariat", E::Agency),
        ("Centre", E::Agency),
        ("Center", E::Agency),
        ("Institute", E::Agency),
        ("Programme", E::Program),
        ("Program", E::Program),
        ("Project", E::Program),
        ("Initiative", E::Program),
        ("Partnership", E::Program),
        ("Campaign", E::Program),
        ("Hotline", E::Program),
        ("Helpline", E::Program),
        ("Services", E::Program),
        ("Portal", E::Program),
        ("Network", E::Program),
        ("Forum", E::Program),
        ("Standard", E::Standard),
        ("Standards", E::Standard),
        ("Framework", E::Standard),
        ("Convention", E::Convention),
        ("Protocol", E::Convention),
        ("Treaty", E::Convention),
    ]
};

/// Small words a name may hold between its capitalised words ("Ministry of IT and …").
pub const CONNECTORS: [&str; 14] = [
    "of", "on", "the", "and", "for", "to", "in", "against", "de", "des", "du", "la", "le", "&",
];

/// A CERT-style token: "PakCERT", "CERT-EE", "KrCERT/CC", "Sri Lanka CERT|CC" (its last word),
/// "GovCert.CZ", "ID-SIRTII". "Cert" counts only capitalised and whole, so "Certification"
/// does not.
static CERT_TOKEN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"\b[A-Za-z0-9]*[-.]?(?:CERT|Cert|CIRT|CSIRT|CSIRC|SIRT(?:II)?)(?:[-./|][A-Za-z0-9]+)*\b",
    )
    .ok()
});

/// The bare words that name no particular team.
const GENERIC_CERT_WORDS: [&str; 10] = [
    "CERT", "CIRT", "CSIRT", "CSIRC", "SIRT", "CERTs", "CIRTs", "CSIRTs", "Cert", "Certs",
];

/// The kind a name implies, from CERT acronyms and head words, if any.
/// The kind of entity a head word makes ("Act" → law, "Ministry" → agency), if it is one.
pub fn head_word_kind(word: &str) -> Option<EntityKind> {
    HEADS.iter().find(|(h, _)| *h == word).map(|(_, k)| *k)
}

pub fn kind_of_name(name: &str) -> Option<EntityKind> {
    let legal = [
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
    if name
        .split_whitespace()
        .any(|w| legal.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
    {
        return Some(EntityKind::Law);
    }
    if CERT_TOKEN.as_ref().is_some_and(|re| re.is_match(name))
        || name.contains("Emergency Response Team")
        || name.contains("Incident Response Team")
    {
        return Some(EntityKind::Cert);
    }
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    // The last head word decides: "Ministry of … Policy" is rare, "Code of … Ministry" rarer;
    // but "Act on the Ministry" is a law, so prefer legal heads anywhere.
    let mut found = None;
    for word in &words {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if let Some((_, kind)) = HEADS.iter().find(|(h, _)| *h == word) {
            if *kind == EntityKind::Law {
                return Some(EntityKind::Law);
            }
            found = found.or(Some(*kind));
        }
    }
    found
}

/// CERT-style acronyms in `text`: "PakCERT", "PISA-CERT", "CERT-UK", "KrCERT/CC".
pub fn cert_tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (start, end) in cert_token_spans(text) {
        let token = &text[start..end];
        if !is_generic_cert_word(token) && !out.iter().any(|o| o == token) {
            out.push(token.to_string());
        }
    }
    out
}

/// Where the CERT-style tokens of `text` stand (byte ranges), generic words ("CERT", "CIRT")
/// included, so that names built around them ("CERT Australia", "ICIC CERT") can be read.
pub fn cert_token_spans(text: &str) -> Vec<(usize, usize)> {
    let Some(re) = CERT_TOKEN.as_ref() else {
        return Vec::new();
    };
    re.find_iter(text)
        .map(|m| {
            let token = m.as_str();
            let trimmed = token.trim_start_matches(['.', '-', '/', '|']);
            let start = m.start() + (token.len() - trimmed.len());
            let trimmed = trimmed.trim_end_matches(['.', '-', '/', '|']);
            (start, start + trimmed.len())
        })
        .filter(|(start, end)| start < end)
        .collect()
}

/// Whether a token is a bare word for a CERT ("CERT", "CSIRTs") rather than a team's name.
pub fn is_generic_cert_word(token: &str) -> bool {
    GENERIC_CERT_WORDS.contains(&token)
}

fn is_capitalised(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '“', '"', '\'']);
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn ends_clause(raw: &str) -> bool {
    raw.ends_with([',', ';', ':', '.', ')', '”', '"']) && !raw.ends_with("No.")
}

fn clean(word: &str) -> &str {
    word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '.' | '(' | ')' | '“' | '”' | '"'))
}

/// A word that may stand in a title's list: capitalised, not a head word, not an acronym
/// (an acronym after a comma is usually another body: "Ministry of ICT, CERT-GH and NCA").
fn is_title_word(word: &str) -> bool {
    is_capitalised(word)
        && head_word_kind(word).is_none()
        && !CONNECTORS.contains(&word)
        && word.chars().any(char::is_lowercase)
        && cert_token_spans(word).is_empty()
        && crate::resolve::country::find_in(word).is_empty()
}

/// Where a title that goes on after a comma ends: "Science, Technology, Energy and Mining"
/// is one list of short capitalised words closed by "and" + word, none a head word of its
/// own. `comma_at` is the word carrying the comma; `None` when the comma ends the name.
fn comma_title_end(raw: &[&str], words: &[&str], comma_at: usize) -> Option<usize> {
    let mut j = comma_at + 1;
    loop {
        let start = j;
        while j < raw.len() && j - start < 3 && is_title_word(words[j]) {
            j += 1;
            if ends_clause(raw[j - 1]) {
                break;
            }
        }
        if j == start {
            return None;
        }
        if raw[j - 1].ends_with(',') {
            continue;
        }
        if ends_clause(raw[j - 1]) || words.get(j) != Some(&"and") {
            return None;
        }
        let start = j + 1;
        let mut k = start;
        while k < raw.len() && k - start < 3 && is_title_word(words[k]) {
            k += 1;
            if ends_clause(raw[k - 1]) {
                break;
            }
        }
        return (k > start).then_some(k - 1);
    }
}

/// A name found in prose, with the acronym defined right after it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedPhrase {
    /// The name as written.
    pub name: String,
    /// "(PECA)" right after the name.
    pub acronym: Option<String>,
    /// The kind its head word implies.
    pub kind: EntityKind,
    /// The name with an acronym defined inside it standing for the words before it:
    /// "Computer Emergency Response Teams (CERTs) Rule 2023" → "CERTs Rule 2023".
    pub short_form: Option<String>,
}

/// Names of laws, policies, agencies, programmes and standards in `text`, in order.
pub fn named_phrases(text: &str) -> Vec<NamedPhrase> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    let words: Vec<&str> = raw.iter().map(|w| clean(w)).collect();
    let mut out: Vec<NamedPhrase> = Vec::new();
    let mut covered_until = 0;
    for i in 0..words.len() {
        if i < covered_until {
            continue;
        }
        let Some(kind) = HEADS.iter().find(|(h, _)| *h == words[i]).map(|(_, k)| *k) else {
            continue;
        };
        if kind == EntityKind::Convention {
            continue;
        }
        // Expand left over capitalised words and connectors, stopping at clause ends.
        let mut start = i;
        while start > 0 {
            let prev_raw = raw[start - 1];
            let prev = words[start - 1];
            let connector = CONNECTORS.contains(&prev);
            let inner_acronym =
                prev_raw.starts_with('(') && prev_raw.ends_with(')') && start - 1 > 0;
            let number = prev.bytes().all(|b| b.is_ascii_digit());
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
        // Expand right over "of Capitalised …", "of the Capitalised …", capitalised words,
        // years, and a title's own list ("Ministry of Science, Technology, Energy and Mining").
        let mut end = i;
        while end + 1 < words.len() {
            if ends_clause(raw[end]) {
                match comma_title_end(&raw, &words, end).filter(|_| raw[end].ends_with(',')) {
                    Some(last) => {
                        end = last;
                        continue;
                    }
                    None => break,
                }
            }
            let next = words[end + 1];
            let is_year = next.len() == 4 && next.bytes().all(|b| b.is_ascii_digit());
            let after_connectors = words[end + 1..]
                .iter()
                .find(|w| !CONNECTORS.contains(w) && **w != "the");
            let connector = CONNECTORS.contains(&next)
                && after_connectors.is_some_and(|w| is_capitalised(w))
                && words
                    .get(end + 2)
                    .is_some_and(|w| is_capitalised(w) || *w == "the");
            if is_capitalised(next) && !raw[end + 1].starts_with('(') || is_year || connector {
                end += 1;
            } else {
                break;
            }
        }
        while start < i && (CONNECTORS.contains(&words[start]) || words[start] == "The") {
            start += 1;
        }
        while end > i && CONNECTORS.contains(&words[end]) {
            end -= 1;
        }
        if start == end {
            continue;
        }
        let is_inner = |w: &&str| w.starts_with('(') && w.ends_with(')');
        // A comma inside the name is the title's own ("Science, Technology, …").
        let name = raw[start..=end]
            .iter()
            .enumerate()
            .filter(|(_, w)| !is_inner(w))
            .map(|(at, w)| match start + at < end && w.ends_with(',') {
                true => format!("{},", clean(w)),
                false => clean(w).to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ");
        let short_form = raw[start..=end].iter().position(is_inner).map(|at| {
            raw[start + at..=end]
                .iter()
                .map(|w| clean(w))
                .collect::<Vec<_>>()
                .join(" ")
        });
        let acronym = raw.get(end + 1).and_then(|w| {
            let inner = w.trim_end_matches([',', '.', ';', ':']);
            let inner = inner.strip_prefix('(')?.strip_suffix(')')?;
            let ok = inner.len() >= 2
                && inner.len() <= 14
                && inner.chars().filter(|c| c.is_uppercase()).count() >= 2
                && !inner.contains(' ');
            ok.then(|| inner.to_string())
        });
        covered_until = end + 1;
        out.push(NamedPhrase {
            name,
            acronym,
            kind,
            short_form,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_with_their_acronyms() {
        let found = named_phrases(
            "under section 51, read with section 49 of the Prevention of Electronic Crime Act (PECA), 2016, and in compliance with the National Cyber Security Policy (NCSP), 2021, the Ministry of IT and Telecommunication (MoITT) as a designated organization",
        );
        let names: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|p| (p.name.as_str(), p.acronym.as_deref()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("Prevention of Electronic Crime Act", Some("PECA")),
                ("National Cyber Security Policy", Some("NCSP")),
                ("Ministry of IT and Telecommunication", Some("MoITT")),
            ]
        );
    }

    #[test]
    fn titles_with_commas_inside_stay_whole() {
        // As the parsers take them: phrases, then the cleaner ("Through the" comes off).
        let names = |text: &str| -> Vec<String> {
            named_phrases(text)
                .into_iter()
                .map(|p| crate::resolve::clean::clean(&p.name).name)
                .collect()
        };
        assert_eq!(
            names("The Ministry of Science, Technology, Energy and Mining is responsible."),
            ["Ministry of Science, Technology, Energy and Mining"]
        );
        assert_eq!(
            names("The Ministry for Information, Communications and Technology (MoICT) leads."),
            ["Ministry for Information, Communications and Technology"]
        );
        assert_eq!(
            names("Through the Office of the National Security Council, Thailand"),
            ["Office of the National Security Council"]
        );
        assert_eq!(
            names("the Ministry of Justice, the Police Service, and others"),
            ["Ministry of Justice", "Police Service"]
        );
        assert_eq!(
            names("Ministry of Information and Communication Technology, Thailand and ThaiCERT."),
            ["Ministry of Information and Communication Technology"]
        );
    }

    #[test]
    fn kinds_come_from_head_words_and_cert_acronyms() {
        assert_eq!(kind_of_name("PakCERT"), Some(EntityKind::Cert));
        assert_eq!(
            kind_of_name("Electronic Transactions Ordinance"),
            Some(EntityKind::Law)
        );
        assert_eq!(
            kind_of_name("Section 293 of the Criminal Code"),
            Some(EntityKind::Law)
        );
        assert_eq!(kind_of_name("PISA R3C"), None);
        assert_eq!(
            cert_tokens("PakCERT and PISA-CERT; a national CERT"),
            vec!["PakCERT", "PISA-CERT"]
        );
        assert_eq!(
            cert_tokens("GovCert.CZ, ID-SIRTII and Sri Lanka CERT|CC; Certification, certified"),
            vec!["GovCert.CZ", "ID-SIRTII", "CERT|CC"]
        );
        assert_eq!(
            kind_of_name("Professional Certification Programme"),
            Some(EntityKind::Program)
        );
    }
}
