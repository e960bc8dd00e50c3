//! Finding the CERTs a sentence names: CERT-style tokens ("PakCERT", "KrCERT/CC"), multi-word
//! names around a bare "CERT" ("CERT Australia", "ICIC CERT", "Sri Lanka CERT|CC"), the name in
//! brackets after "CIRT" ("(Sri Lanka CERT)"), the name after "known as", and the subject of
//! "… is the national CIRT". Also the role words and e-mail addresses said of them.

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::names::{cert_token_spans, cert_tokens, is_generic_cert_word};
use crate::resolve::country;

static KNOWN_AS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\bknown as (?:the )?").ok());
static BRACKETED: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:CIRTs?|CERTs?|CSIRTs?|team)\s*\(([^()]{2,40})\)").ok());
static SUBJECT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:Therefore|However|Also|Currently|Thus),?\s+)?(?:The\s+)?((?:[A-Z][\w&'’.-]*|of|for|and|&|the)(?:\s+(?:[A-Z][\w&'’.-]*|of|for|and|&|the)){0,8})\s+(?:\(([A-Z][\w./-]+)\)\s+)?(?:is|acts as)\s+(?:the|a|an)\s+[^.]*?\b(?:CIRT|CERT|CSIRT|[Cc]omputer (?:[Ee]mergency|[Ii]ncident|[Ss]ecurity [Ii]ncident) [Rr]esponse [Tt]eam)\b",
    )
    .ok()
});
static EMAIL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+").ok());
static ROLE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(nationally|national|governmental|government|military|academic|research|educational|education|university|sector-specific|sectorial|sectoral|sector|financial|public|private|commercial)\b",
    )
    .ok()
});

/// Words that follow a bare "CERT" without being part of its name.
const NOT_A_NAME: [&str; 14] = [
    "Assessment",
    "Readiness",
    "Team",
    "Teams",
    "In",
    "The",
    "A",
    "An",
    "Is",
    "Has",
    "And",
    "Of",
    "Project",
    "Program",
];

/// Sentence openers that are not the name of a team ("There is a … CIRT").
const NOT_A_SUBJECT: [&str; 8] = [
    "There", "It", "This", "That", "These", "Which", "They", "He",
];

/// A CERT named in a sentence: its name, another name it is given, and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct CertName {
    pub name: String,
    pub alias: Option<String>,
    pub start: usize,
    pub end: usize,
}

fn role_of(word: &str) -> &'static str {
    match word.to_lowercase().as_str() {
        "national" | "nationally" => "NATIONAL",
        "government" | "governmental" => "GOVERNMENT",
        "military" => "MILITARY",
        "academic" | "research" | "education" | "educational" | "university" => "ACADEMIC",
        "public" => "PUBLIC",
        "private" | "commercial" => "PRIVATE",
        _ => "SECTORAL",
    }
}

/// The role words in a stretch of text, in order. A capitalised role word opening a proper
/// name ("the National Cyber Security Centre", "the National Police") names that body, not
/// the team's role; "National CIRT" and "(Military Network)" still count.
pub(super) fn roles_in(text: &str) -> Vec<&'static str> {
    let Some(re) = ROLE.as_ref() else {
        return Vec::new();
    };
    re.find_iter(text)
        .filter(|m| {
            let capitalised = m.as_str().starts_with(char::is_uppercase);
            let next = text[m.end()..].split_whitespace().next().unwrap_or("");
            let previous = text[..m.start()]
                .split_whitespace()
                .next_back()
                .unwrap_or("");
            let in_a_name = capitalised
                && matches!(previous, "the" | "The" | "of")
                && next.starts_with(char::is_uppercase)
                && cert_token_spans(next).is_empty()
                && !is_generic(next.trim_end_matches([',', '.', ')']));
            !in_a_name
        })
        .map(|m| role_of(m.as_str()))
        .collect()
}

/// A word that continues a bare "CERT" into a name ("CERT Australia", "CERT Bund", "CERT LA
/// POSTE"): capitalised, not a common noun ("Implementation"), not a team name itself.
fn is_name_word(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.', ';', ')']);
    let common = ["tion", "ment", "ness", "ing", "ity", "ance", "ence", "ship"]
        .iter()
        .any(|end| w.len() > 5 && w.ends_with(end) && !is_capitals_word(w));
    w.starts_with(|c: char| c.is_uppercase())
        && !NOT_A_NAME.contains(&w)
        && !common
        && cert_tokens(w).is_empty()
}

/// "CSIRT/CERT": bare words joined, still no team's name.
fn is_generic(token: &str) -> bool {
    token.split(['/', '|']).all(is_generic_cert_word)
}

fn is_capitals_word(word: &str) -> bool {
    word.len() >= 2
        && word
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
        && word.chars().any(char::is_alphabetic)
}

/// CERT-style tokens with the words that complete their names around them.
fn token_names(text: &str) -> Vec<CertName> {
    let mut out = Vec::new();
    for (at, end) in cert_token_spans(text) {
        let token = &text[at..end];
        let generic = is_generic(token);
        let before: Vec<&str> = text[..at].split_whitespace().collect();
        let after: Vec<&str> = text[end..].split_whitespace().collect();
        let right: Vec<&str> = after
            .iter()
            .take(3)
            .take_while(|w| is_name_word(w))
            .map(|w| w.trim_end_matches([',', '.', ';', ')']))
            .collect();
        let left: Vec<&str> = before
            .iter()
            .rev()
            .take(3)
            .take_while(|w| is_capitals_word(w))
            .copied()
            .collect();
        let name = if generic && !right.is_empty() && !text[end..].starts_with(['.', ',']) {
            // "CERT Australia", "CERT LA POSTE": the name continues to the right.
            format!("{token} {}", right.join(" "))
        } else if !left.is_empty() && (generic || token.starts_with("CERT")) {
            // "ICIC CERT", "LTU MOD CIRT": capitals to the left.
            let left: Vec<&str> = left.iter().rev().copied().collect();
            format!("{} {token}", left.join(" "))
        } else if let Some(country) =
            country_before(text, at).filter(|_| generic || token.starts_with("CERT"))
        {
            // "Sri Lanka CERT|CC": a country's name to the left.
            format!("{country} {token}")
        } else if generic {
            continue;
        } else if let Some(next) = after
            .first()
            .filter(|w| is_capitals_word(w) && w.len() >= 3 && text[end..].starts_with(' '))
        {
            // "CERTCC MAHER".
            format!("{token} {}", next.trim_end_matches(['.', ',']))
        } else {
            token.to_string()
        };
        let start = text.find(&name).unwrap_or(at);
        out.push(CertName {
            end: start + name.len(),
            name,
            alias: None,
            start,
        });
    }
    out
}

/// The country name that ends right before byte `at` ("Sri Lanka " before "CERT|CC").
fn country_before(text: &str, at: usize) -> Option<&str> {
    let head = text.get(..at)?;
    let trimmed = head.trim_end();
    if trimmed.len() == head.len() {
        return None;
    }
    country::find_in(trimmed)
        .into_iter()
        .find(|m| m.end == trimmed.len())
        .map(|m| m.text)
}

/// A name read from the words after "known as" or inside brackets: capitalised words and the
/// connectors between them, up to a clause end; a bracketed acronym after it is its alias.
fn name_from(text: &str, start: usize) -> Option<CertName> {
    let rest = &text[start..];
    let words: Vec<&str> = rest.split_whitespace().collect();
    let mut taken: Vec<&str> = Vec::new();
    let mut alias = None;
    for (i, word) in words.iter().enumerate() {
        let connector = matches!(*word, "of" | "for" | "against" | "and" | "&" | "on")
            && words
                .get(i + 1)
                .is_some_and(|n| n.starts_with(char::is_uppercase));
        if word.starts_with('(') {
            let inner = word
                .trim_start_matches('(')
                .trim_end_matches([')', '.', ',']);
            if !taken.is_empty()
                && word.ends_with([')', '.', ','])
                && is_capitals_word(inner.split(['-', '.']).next().unwrap_or(""))
            {
                alias = Some(inner.to_string());
            }
            break;
        }
        if !(word.starts_with(|c: char| c.is_uppercase())
            || connector
            || !cert_tokens(word).is_empty())
        {
            break;
        }
        taken.push(word.trim_end_matches([',', '.', ';', ':']));
        if word.ends_with([',', '.', ';', ':']) {
            break;
        }
    }
    if taken.is_empty() {
        return None;
    }
    let name = taken.join(" ");
    Some(CertName {
        end: start + name.len(),
        name,
        alias,
        start,
    })
}

/// The CERTs a sentence names, left to right, without overlaps.
pub(super) fn cert_names(text: &str, links: &[String]) -> Vec<CertName> {
    let mut found: Vec<CertName> = Vec::new();
    for link in links {
        if let Some(start) = text.find(link.as_str()) {
            found.push(CertName {
                name: link.clone(),
                alias: None,
                start,
                end: start + link.len(),
            });
        }
    }
    if let Some(re) = KNOWN_AS.as_ref() {
        found.extend(re.find_iter(text).filter_map(|m| name_from(text, m.end())));
    }
    if let Some(re) = BRACKETED.as_ref() {
        for caps in re.captures_iter(text) {
            let Some(inner) = caps.get(1) else { continue };
            let words = inner.as_str().split_whitespace().count();
            if words <= 4
                && !is_generic(inner.as_str())
                && inner.as_str().starts_with(char::is_uppercase)
            {
                found.push(CertName {
                    name: inner.as_str().trim().to_string(),
                    alias: None,
                    start: inner.start(),
                    end: inner.end(),
                });
            }
        }
    }
    if let Some(caps) = SUBJECT.as_ref().and_then(|re| re.captures(text)) {
        if let Some(subject) = caps.get(1).filter(|s| !NOT_A_SUBJECT.contains(&s.as_str())) {
            let acronym = caps.get(2).map(|m| m.as_str().to_string());
            found.push(CertName {
                name: subject.as_str().to_string(),
                alias: acronym,
                start: subject.start(),
                end: caps.get(2).map_or(subject.end(), |m| m.end() + 1),
            });
        }
    }
    found.extend(token_names(text));
    // "Computer Emergency Response Team of Mauritius (CERT-MU)": the team goes by its acronym.
    for name in &mut found {
        if let Some(alias) = name.alias.take() {
            if !cert_tokens(&alias).is_empty() && cert_tokens(&name.name).is_empty() {
                name.alias = Some(std::mem::replace(&mut name.name, alias));
            } else {
                name.alias = Some(alias);
            }
        }
    }
    // Longest first at each place; a name inside one already taken is the same CERT.
    found.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
    });
    let mut out: Vec<CertName> = Vec::new();
    for name in found {
        let overlaps = out.iter().any(|o| name.start < o.end && o.start < name.end);
        let alias_of = out
            .iter_mut()
            .find(|o| o.alias.as_deref() == Some(name.name.as_str()));
        if overlaps
            || alias_of.is_some()
            || out.iter().any(|o| o.name.eq_ignore_ascii_case(&name.name))
        {
            continue;
        }
        out.push(name);
    }
    out
}

impl CertName {
    /// Whether another mention names the same team, by its name or its other name.
    pub(super) fn answers_to(&self, other: &CertName) -> bool {
        let names = |c: &CertName| {
            std::iter::once(c.name.to_lowercase())
                .chain(c.alias.iter().map(|a| a.to_lowercase()))
                .collect::<Vec<_>>()
        };
        let mine = names(self);
        names(other).iter().any(|n| mine.contains(n))
    }
}

/// Parts of a team's acronym that say it is a team, not whose it is.
const TEAM_PARTS: [&str; 9] = [
    "CERT", "CIRT", "CSIRT", "SIRT", "CC", "GOV", "CSIRC", "NCSC", "TEAM",
];

/// The country a team's name says it belongs to: a country named in it ("Romania CERT",
/// "Japan CIRT"), else the code left in its acronym once the team words are taken off
/// ("CERT-RO", "US-CERT", "JPCERT/CC", "GovCertUK", "CERT GOVIL", "AusCERT"). `None` when
/// the name gives none (an international team such as "CERT-EU").
pub(super) fn cert_country(name: &str) -> Option<&'static str> {
    if let Some(found) = country::find_in(name).first() {
        return Some(*found.value);
    }
    let mut rest = name.to_uppercase();
    for part in TEAM_PARTS {
        rest = rest.replace(part, " ");
    }
    rest.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|piece| (2..=3).contains(&piece.len()))
        .find_map(|piece| country::resolve(piece).map(|c| c.iso2))
}

/// The e-mail addresses in a text, without a sentence's final full stop.
pub(super) fn emails_in(text: &str) -> Vec<String> {
    EMAIL
        .as_ref()
        .map(|re| {
            re.find_iter(text)
                .map(|m| m.as_str().trim_start_matches('-').to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        cert_names(text, &[]).into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn partner_teams_belong_to_the_country_their_name_gives() {
        let of = |n: &str| cert_country(n);
        assert_eq!(of("CERT-RO"), Some("RO"));
        assert_eq!(of("Romania CERT"), Some("RO"));
        assert_eq!(of("US-CERT"), Some("US"));
        assert_eq!(of("JPCERT/CC"), Some("JP"));
        assert_eq!(of("GovCertUK"), Some("GB"));
        assert_eq!(of("CSIRTUK"), Some("GB"));
        assert_eq!(of("CERT GOVIL"), Some("IL"));
        assert_eq!(of("CERT-UA"), Some("UA"));
        assert_eq!(of("CERT-EU"), None);
    }

    #[test]
    fn cert_names_in_the_shapes_profiles_use() {
        assert_eq!(
            names("Czech Republic has an officially recognized and legally mandated a government CERT (GovCert.CZ) and a national CSIRT (CSIRT.CZ)."),
            ["GovCert.CZ", "CSIRT.CZ"]
        );
        assert_eq!(names("CERT Australia is the officially recognized national computer emergency response team (CERT)."), ["CERT Australia"]);
        assert_eq!(
            names("Argentina has an officially recognized national CIRT known as the ICIC CERT."),
            ["ICIC CERT"]
        );
        assert_eq!(
            names("Sri Lanka has an officially recognized national CIRT (Sri Lanka CERT)."),
            ["Sri Lanka CERT"]
        );
        assert_eq!(
            names("Iran has an officially recognized national CIRT known as CERTCC MAHER."),
            ["CERTCC MAHER"]
        );
        assert_eq!(
            names("The Canadian Cyber Incident Response Centre (CCIRC) is the officially recognized CIRT."),
            ["Canadian Cyber Incident Response Centre"]
        );
        assert_eq!(
            names("ITU completed a CIRT readiness assessment for Albania in 2010."),
            Vec::<String>::new()
        );
        let mu = cert_names("Mauritius has a National CERT known as Computer Emergency Response Team of Mauritius (CERT-MU).", &[]);
        assert_eq!(mu[0].name, "CERT-MU");
        assert_eq!(
            mu[0].alias.as_deref(),
            Some("Computer Emergency Response Team of Mauritius")
        );
    }
}
