//! Cleaning the names documents give: what is part of a thing's name and what is the prose,
//! the page or the citation around it.
//!
//! A name read from a profile may open with a discourse word ("However the …"), a possessive
//! country ("Thailand's Ministry …"), carry a footnote star, end with a date, a remark or an
//! acronym in brackets, or cite a provision ("Article 176 of the Criminal Code"). [`clean`]
//! takes these off and says what they were; `junk::junk_reason` says why a name that reached
//! the graph is still not a name. Pure text: no graph, no documents.

use std::sync::LazyLock;

use regex::Regex;

use super::country;
use super::parts::split_provision;

/// A name with the furniture taken off, and what the furniture said.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CleanName {
    /// The thing's name.
    pub name: String,
    /// Other names given with it: an acronym in brackets or after a dash ("RA 10175").
    pub aliases: Vec<String>,
    /// The provision cited ("Article 176", "Section 177A", "§178"), which belongs on the
    /// relation, not in the law's name.
    pub sections: Option<String>,
    /// A date written after the name ("February 3, 2004", "(2007)"), as written.
    pub date: Option<String>,
}

/// Words that open a sentence, not a name.
pub(super) const DISCOURSE: [&str; 22] = [
    "However",
    "Furthermore",
    "Moreover",
    "Additionally",
    "Also",
    "Besides",
    "Currently",
    "Therefore",
    "Thus",
    "Finally",
    "Meanwhile",
    "Hence",
    "Consequently",
    "Accordingly",
    "According to",
    "In addition",
    "In addition to",
    "Through",
    "Under",
    "Within",
    "Via",
    "By",
];

/// Words that stand for a thing without naming it.
pub(super) const PRONOUNS: [&str; 14] = [
    "It", "There", "This", "That", "These", "Those", "They", "He", "She", "We", "Its", "Their",
    "Such", "Which",
];

/// Words that start a remark about the thing rather than continue its name.
const REMARK_WORDS: [&str; 30] = [
    "provides",
    "provide",
    "there",
    "which",
    "that",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "does",
    "do",
    "deals",
    "covers",
    "defines",
    "contains",
    "includes",
    "mentions",
    "talks",
    "criminalizes",
    "criminalises",
    "specifies",
    "states",
    "stipulates",
    "will",
    "would",
    "can",
    "only",
];

/// Head words that, alone or after "National", name no particular thing.
const GENERIC: [&str; 24] = [
    "Office",
    "Regulation",
    "Regulations",
    "Law",
    "Act",
    "Code",
    "Decree",
    "Ministry",
    "Agency",
    "Authority",
    "Council",
    "Committee",
    "Department",
    "Directorate",
    "Unit",
    "Service",
    "Strategy",
    "Policy",
    "Plan",
    "Programme",
    "Program",
    "Project",
    "Centre",
    "Center",
];

static DATE_TAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:,\s*|\s+(?:of|dated|on)\s+)((?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?\d{4}|\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4})\s*$",
    )
    .ok()
});
static YEAR_IN_BRACKETS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s*\((\d{4})\)$").ok());
static ACRONYM_IN_BRACKETS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s*\(\s*([A-Za-z][\w./&-]*?)\s*\)$").ok());
static DASH_ALIAS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(.+?)\s+(?:[-–]\s+([A-Z]{1,6}\s*[0-9][0-9./-]*)|(R\.?A\.?\s*(?:No\.?\s*)?[0-9]+))$",
    )
    .ok()
});
/// A remark in brackets after a law's name: "(Amended)", "(as amended)", "(Revised)".
static STATE_IN_BRACKETS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.+?)\s*\((?:as\s+)?(?:amended|revised|repealed|draft|consolidated)\)$").ok()
});

/// Whether `word` looks like an acronym: two or more capitals, no spaces, short.
pub fn is_acronym(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = word.chars().filter(|c| c.is_uppercase()).count();
    (2..=14).contains(&word.chars().count())
        && !word.contains(' ')
        && capitals >= 2
        && capitals * 2 >= letters
}

/// Whether `acronym` could be made from the initials of `name`'s capitalised words ("ANG" of
/// "Argentine National Gendarmerie"), letters taken in order.
pub fn abbreviates(acronym: &str, name: &str) -> bool {
    let initials: String = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    let mut rest = initials.chars();
    let wanted: Vec<char> = acronym.chars().filter(|c| c.is_uppercase()).collect();
    wanted.len() >= 2 && wanted.iter().all(|w| rest.any(|c| c == *w))
}

/// Strips `prefix` (a word or words) from the start of `text` when whole, with a comma after.
pub(super) fn strip_word<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?;
    if rest.is_empty() {
        return Some(rest);
    }
    rest.starts_with([' ', ','])
        .then(|| rest.trim_start_matches([',', ' ']))
}

/// "Thailand's Ministry …", "Kazakhstan’s Criminal Code": the country's possessive before
/// the name.
pub(super) fn strip_possessive_country(text: &str) -> Option<&str> {
    for mark in ["'s ", "’s ", "' ", "’ "] {
        if let Some((head, rest)) = text.split_once(mark) {
            if head.split_whitespace().count() <= 4 && country::resolve(head).is_some() {
                return Some(rest);
            }
        }
    }
    None
}

/// "In Denmark the Center for Cyber Security": where, not what.
pub(super) fn strip_in_country(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("In ")?;
    let m = country::find_in(rest)
        .into_iter()
        .next()
        .filter(|m| m.start == 0)?;
    let after = rest[m.end..].trim_start_matches([',', ' ']);
    (!after.is_empty()).then_some(after)
}

/// Takes the words a sentence wrapped around a name off its start: bullets, "The",
/// discourse words, possessive countries, articles.
fn strip_lead(mut name: &str) -> &str {
    loop {
        let before = name;
        name = name.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '–' | '—' | '•' | '·' | '*' | ',' | ';' | ':')
        });
        for word in DISCOURSE.iter().chain(&["The", "the", "An", "A"]) {
            if let Some(rest) = strip_word(name, word) {
                if !rest.is_empty() {
                    name = rest;
                }
            }
        }
        if let Some(rest) = strip_possessive_country(name).or_else(|| strip_in_country(name)) {
            name = rest;
        }
        if name == before {
            return name;
        }
    }
}

/// Cuts a remark off the end: "Children's Act, 1998 provides only …", "… Adolescents* there
/// is not …".
fn cut_remark(name: &str) -> &str {
    let mut at = name.len();
    if let Some(star) = name.find('*') {
        let after = name[star..].trim_start_matches(['*', ')', ' ']);
        if after.starts_with(char::is_lowercase) {
            at = star;
        }
    }
    let mut offset = 0;
    for (i, word) in name.split(' ').enumerate() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        if i > 0 && offset < at && REMARK_WORDS.contains(&bare) {
            at = offset;
            break;
        }
        offset += word.len() + 1;
    }
    name[..at.min(name.len())].trim_end_matches([' ', ',', ';', ':', '-', '–'])
}

/// Whether a name opens with a word that stands for a thing without naming it ("It",
/// "There", "This Plan"), is a bare head word ("Office", "National Directorate") or has no
/// word at all ("48", "n. 8590").
pub fn is_pronoun(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    PRONOUNS.contains(&first.trim_end_matches([',', '.'])) || is_generic(name) || no_name(name)
}

pub(super) fn is_generic(name: &str) -> bool {
    let rest = name.strip_prefix("National ").unwrap_or(name);
    GENERIC.contains(&rest)
}

pub(super) fn no_name(name: &str) -> bool {
    name.split_whitespace()
        .all(|w| w.chars().filter(|c| c.is_alphabetic()).count() < 2)
}

/// Cleans a name as read: see the module documentation. The result may still be junk (a
/// pronoun); ask `junk::junk_reason`.
pub fn clean(raw: &str) -> CleanName {
    let mut out = CleanName::default();
    let squashed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let unquoted = squashed.trim_matches(|c: char| matches!(c, '‘' | '’' | '“' | '”' | '"' | '\''));
    let mut name = strip_lead(unquoted).replace("(*)", "").replace("(**)", "");
    name = cut_remark(&name).to_string();
    name = name.replace('*', "");
    let (law, sections) = split_provision(name.trim());
    name = law;
    out.sections = sections;
    name = strip_lead(&name).to_string();
    // Trailers, repeatedly: "Act on Computer Crime B.E.2550 (2007)", "Law n° 2004-5,
    // February 3, 2004", "National Cyber Security Policy (NCSP)", "Act - RA 10175".
    loop {
        let trimmed = name
            .trim()
            .trim_end_matches([',', ';', ':', '.'])
            .trim()
            .to_string();
        name = trimmed;
        if let Some(c) = YEAR_IN_BRACKETS.as_ref().and_then(|re| re.captures(&name)) {
            if let (Some(head), Some(year)) = (c.get(1), c.get(2)) {
                out.date = out.date.or(Some(year.as_str().to_string()));
                name = head.as_str().to_string();
                continue;
            }
        }
        if let Some(c) = DATE_TAIL.as_ref().and_then(|re| re.captures(&name)) {
            // A bare year after a space is part of the name ("Crimes Act 2013"); after a
            // comma or "of", or a full date, it is the date.
            let whole = c.get(0).map_or("", |m| m.as_str());
            let date = c.get(1).map_or("", |m| m.as_str());
            let only_year = date.len() == 4;
            if !only_year || whole.trim_start().starts_with(',') {
                out.date = out.date.or(Some(date.to_string()));
                name = name[..name.len() - whole.len()].to_string();
                continue;
            }
        }
        if let Some(c) = ACRONYM_IN_BRACKETS
            .as_ref()
            .and_then(|re| re.captures(&name))
        {
            if let (Some(head), Some(acr)) = (c.get(1), c.get(2)) {
                if is_acronym(acr.as_str()) && !head.as_str().contains('(') {
                    out.aliases.push(acr.as_str().to_string());
                    name = head.as_str().to_string();
                    continue;
                }
            }
        }
        if let Some(head) = STATE_IN_BRACKETS
            .as_ref()
            .and_then(|re| re.captures(&name))
            .and_then(|c| c.get(1))
        {
            name = head.as_str().to_string();
            continue;
        }
        if let Some(c) = DASH_ALIAS.as_ref().and_then(|re| re.captures(&name)) {
            if let (Some(head), Some(alias)) = (c.get(1), c.get(2).or(c.get(3))) {
                out.aliases.push(alias.as_str().to_string());
                name = head.as_str().to_string();
                continue;
            }
        }
        // "Argentine National Gendarmerie ANG": an acronym of the words before it.
        if let Some((head, last)) = name.rsplit_once(' ') {
            if is_acronym(last) && !last.contains(['-', '/', '.']) && abbreviates(last, head) {
                out.aliases.push(last.to_string());
                name = head.to_string();
                continue;
            }
        }
        break;
    }
    out.name = name.trim().to_string();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(raw: &str) -> String {
        clean(raw).name
    }

    #[test]
    fn sentence_words_and_possessives_come_off() {
        assert_eq!(
            name("Furthermore the National Committee for Internet Safety"),
            "National Committee for Internet Safety"
        );
        assert_eq!(
            name("Through the Office of the Prime Minister"),
            "Office of the Prime Minister"
        );
        assert_eq!(name("According to Government Decree"), "Government Decree");
        assert_eq!(
            name("Thailand’s Ministry of Justice"),
            "Ministry of Justice"
        );
        assert_eq!(name("Kazakhstan's Criminal Code"), "Criminal Code");
        assert_eq!(
            name("-Information Security Direction"),
            "Information Security Direction"
        );
    }

    #[test]
    fn dates_remarks_stars_and_acronyms_leave_the_name() {
        let law = clean("Law n° 2004-5, February 3, 2004");
        assert_eq!(
            (law.name.as_str(), law.date.as_deref()),
            ("Law n° 2004-5", Some("February 3, 2004"))
        );
        let law = clean("Act on Computer Crime B.E.2550 (2007)");
        assert_eq!(
            (law.name.as_str(), law.date.as_deref()),
            ("Act on Computer Crime B.E.2550", Some("2007"))
        );
        assert_eq!(name("Crimes Act 2013"), "Crimes Act 2013");
        assert_eq!(
            name("Children’s Act, 1998 provides only a definition of child abuse"),
            "Children’s Act"
        );
        assert_eq!(
            name("Law for the Protection of Children and Adolescents* there is not specifically pertaining to the internet"),
            "Law for the Protection of Children and Adolescents"
        );
        let law = clean("Cyber Crime Prevention Act - RA 10175");
        assert_eq!(
            (law.name.as_str(), law.aliases.clone()),
            ("Cyber Crime Prevention Act", vec!["RA 10175".to_string()])
        );
        let law = clean("Data privacy Act of 2012 RA 10173");
        assert_eq!(
            (law.name.as_str(), law.aliases.clone()),
            ("Data privacy Act of 2012", vec!["RA 10173".to_string()])
        );
        assert_eq!(
            name("Information and Communication Act (Amended)"),
            "Information and Communication Act"
        );
        let body = clean("Argentine National Gendarmerie ANG");
        assert_eq!(
            (body.name.as_str(), body.aliases.clone()),
            ("Argentine National Gendarmerie", vec!["ANG".to_string()])
        );
        let body = clean("Ministry of Defence (MoD )");
        assert_eq!(
            (body.name.as_str(), body.aliases.clone()),
            ("Ministry of Defence", vec!["MoD".to_string()])
        );
        assert_eq!(name("Criminal Code (*)"), "Criminal Code");
    }

    #[test]
    fn provisions_belong_to_their_law() {
        let cases = [
            (
                "Article 176 of the Criminal Code",
                "Criminal Code",
                "Article 176",
            ),
            (
                "Criminal Code (Article 263)",
                "Criminal Code",
                "Article 263",
            ),
            ("Penal Code (Section 177A)", "Penal Code", "Section 177A"),
            ("Criminal Code(Section 175)", "Criminal Code", "Section 175"),
            (
                "Article 138 (*) of the Criminal Code",
                "Criminal Code",
                "Article 138",
            ),
            (
                "§178, §178(1) and §179 of the Criminal Code",
                "Criminal Code",
                "§178, §178(1) and §179",
            ),
            (
                "Section 9 of the Sexual Offences Act",
                "Sexual Offences Act",
                "Section 9",
            ),
        ];
        for (raw, law, part) in cases {
            let c = clean(raw);
            assert_eq!(
                (c.name.as_str(), c.sections.as_deref()),
                (law, Some(part)),
                "{raw}"
            );
        }
        assert!(crate::resolve::parts::is_bare_provision("§178"));
    }
}
