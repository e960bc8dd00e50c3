//! Cleaning the names documents give: what is part of a thing's name and what is the prose,
//! the page or the citation around it.
//!
//! A name read from a profile may open with a discourse word ("However the …"), a possessive
//! country ("Thailand's Ministry …"), carry a footnote star, end with a date, a remark or an
//! acronym in brackets, or cite a provision ("Article 176 of the Criminal Code"). [`clean`]
//! takes these off and says what they were; [`junk_reason`] says why a name that reached the
//! graph is still not a name. Pure text: no graph, no documents.

use std::sync::LazyLock;

use regex::Regex;

use super::country;

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
const DISCOURSE: [&str; 22] = [
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
const PRONOUNS: [&str; 14] = [
    "It", "There", "This", "That", "These", "Those", "They", "He", "She", "We", "Its", "Their",
    "Such", "Which",
];

/// Titles of persons: a name that opens with one names a post, not a body.
const JOB_TITLES: [&str; 12] = [
    "Prime Minister",
    "Minister",
    "Deputy Minister",
    "President",
    "Vice President",
    "Director General",
    "Director",
    "Chairman",
    "Chairperson",
    "Secretary General",
    "Head of",
    "Chief of",
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

/// Lines of the page rather than of the text.
const FURNITURE: [&str; 6] = [
    "cyberwellness",
    "page ",
    "http",
    "www.",
    "last updated",
    "itu-d",
];

static PROVISION_OF: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^((?:Sections?|Articles?|Art\.?|Arts\.?|Chapters?|Parts?|Titles?|Paragraphs?|§)\s*[^ ].*?)\s+of\s+(?:the\s+)?(.+)$",
    )
    .ok()
});
static PROVISION_AFTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(.+?)\s*\(((?:Sections?|Articles?|Art\.?|Arts\.?|Chapters?|Paragraphs?|§)\s*[^()]+)\)$",
    )
    .ok()
});
static PROVISION_TAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(.+?)[,\s]+((?:Sections?|Articles?|Art\.?|Arts\.?|Paragraphs?|§)\s*§?\s*[0-9][0-9A-Za-z().,§\s-]*(?:\s+and\s+[0-9][0-9A-Za-z().-]*)?)$",
    )
    .ok()
});
static BARE_PROVISION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:Sections?|Articles?|Art\.?|Arts\.?|Chapters?|Paragraphs?|§)\s*[0-9IVX]").ok()
});
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
fn strip_word<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(prefix)?;
    if rest.is_empty() {
        return Some(rest);
    }
    rest.starts_with([' ', ','])
        .then(|| rest.trim_start_matches([',', ' ']))
}

/// "Thailand's Ministry …", "Kazakhstan’s Criminal Code": the country's possessive before
/// the name.
fn strip_possessive_country(text: &str) -> Option<&str> {
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
fn strip_in_country(text: &str) -> Option<&str> {
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

/// The provision a law name cites and the law it belongs to: "Article 176 of the Criminal
/// Code", "Criminal Code (Article 263)", "Penal Code(Section 177A)".
pub fn split_provision(name: &str) -> (String, Option<String>) {
    if let Some(c) = PROVISION_OF.as_ref().and_then(|re| re.captures(name)) {
        if let (Some(part), Some(law)) = (c.get(1), c.get(2)) {
            return (
                law.as_str().trim().to_string(),
                Some(part.as_str().trim().to_string()),
            );
        }
    }
    if let Some(c) = PROVISION_AFTER.as_ref().and_then(|re| re.captures(name)) {
        if let (Some(law), Some(part)) = (c.get(1), c.get(2)) {
            return (
                law.as_str().trim().to_string(),
                Some(part.as_str().trim().to_string()),
            );
        }
    }
    if let Some(c) = PROVISION_TAIL.as_ref().and_then(|re| re.captures(name)) {
        if let (Some(law), Some(part)) = (c.get(1), c.get(2)) {
            return (
                law.as_str().trim().to_string(),
                Some(part.as_str().trim().to_string()),
            );
        }
    }
    (name.to_string(), None)
}

/// Whether a name is only a provision with no law named ("§178", "Article 12").
pub fn is_bare_provision(name: &str) -> bool {
    BARE_PROVISION.as_ref().is_some_and(|re| re.is_match(name)) && !name.contains(" of ")
}

/// Whether a name opens with a word that stands for a thing without naming it ("It",
/// "There", "This Plan"), is a bare head word ("Office", "National Directorate") or has no
/// word at all ("48", "n. 8590").
pub fn is_pronoun(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    PRONOUNS.contains(&first.trim_end_matches([',', '.'])) || is_generic(name) || no_name(name)
}

fn is_generic(name: &str) -> bool {
    let rest = name.strip_prefix("National ").unwrap_or(name);
    GENERIC.contains(&rest)
}

fn no_name(name: &str) -> bool {
    name.split_whitespace()
        .all(|w| w.chars().filter(|c| c.is_alphabetic()).count() < 2)
}

/// "A and the B", "A & B": two names when both sides are names by themselves; the last
/// "and" is tried first, so "Law on Preventing and Combating Cybercrime and Penal Code"
/// splits before "Penal Code" only.
fn split_and(name: &str, is_name: &impl Fn(&str) -> bool) -> Vec<String> {
    // "Act on Cybersecurity and Change of Related Acts": a head word and a preposition open
    // a title whose "and" is its own, unless a head word opens the other side too.
    let mut words = name.split_whitespace();
    let titled = words.next().is_some_and(is_name)
        && words
            .next()
            .is_some_and(|w| matches!(w, "on" | "of" | "for" | "to" | "against" | "concerning"));
    let opens_a_name = |right: &str| right.split_whitespace().next().is_some_and(is_name);
    for joint in [" and the ", " & ", " and "] {
        let mut at = name.len();
        while let Some(i) = name[..at].rfind(joint) {
            let (left, right) = (&name[..i], &name[i + joint.len()..]);
            if right.starts_with(|c: char| c.is_uppercase())
                && is_name(left)
                && is_name(right)
                && (!titled || opens_a_name(right))
            {
                return vec![left.trim().to_string(), right.trim().to_string()];
            }
            at = i;
        }
    }
    vec![name.to_string()]
}

/// The bodies a listed name stands for: "A, B and C" and "A and the B" are separate bodies
/// when every piece is a name by itself (`is_name`); a title with commas or "and" inside it
/// ("Ministry of Science, Technology, Energy and Mining") stays whole.
pub fn split_bodies(name: &str, is_name: impl Fn(&str) -> bool) -> Vec<String> {
    let commas: Vec<&str> = name.split(", ").collect();
    if commas.len() == 1 {
        return split_and(name, &is_name);
    }
    let mut out = Vec::new();
    for piece in commas {
        let piece = piece
            .strip_prefix("and the ")
            .or_else(|| piece.strip_prefix("and "))
            .unwrap_or(piece);
        out.extend(split_and(piece, &is_name));
    }
    if out.iter().all(|p| is_name(p)) {
        out
    } else {
        vec![name.to_string()]
    }
}

/// Cleans a name as read: see the module documentation. The result may still be junk (a
/// pronoun); ask [`junk_reason`].
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

/// Why a name is not the name of a thing, if it is not: a pronoun, a sentence opener, a
/// person's post, a possessive country, a footnote mark, page furniture, a date or remark
/// after the name, a provision, an acronym in brackets left in.
pub fn junk_reason(name: &str) -> Option<&'static str> {
    let name = name.trim();
    let lower = name.to_lowercase();
    let first = name.split_whitespace().next().unwrap_or("");
    if is_bare_provision(name) || split_provision(name).1.is_some() {
        return Some("provision");
    }
    if no_name(name) {
        return Some("no name");
    }
    if is_generic(name) {
        return Some("generic word");
    }
    if PRONOUNS.contains(&first.trim_end_matches(',')) {
        return Some("pronoun");
    }
    if DISCOURSE
        .iter()
        .any(|w| strip_word(name, w).is_some_and(|r| !r.is_empty()))
    {
        return Some("discourse word");
    }
    if JOB_TITLES
        .iter()
        .any(|t| strip_word(name, t).is_some_and(|r| !r.starts_with("'s") && !r.starts_with("’s")))
    {
        return Some("job title");
    }
    if strip_possessive_country(name).is_some() {
        return Some("possessive country");
    }
    if strip_in_country(name).is_some() {
        return Some("discourse word");
    }
    if name.contains('*') {
        return Some("footnote mark");
    }
    if FURNITURE.iter().any(|f| lower.contains(f)) {
        return Some("page furniture");
    }
    if name.starts_with(|c: char| !(c.is_alphanumeric() || c == '§' || c == '"' || c == '“')) {
        return Some("leading punctuation");
    }
    let cleaned = clean(name);
    if cleaned.date.is_some() {
        return Some("date in name");
    }
    if !cleaned.aliases.is_empty() {
        return Some("acronym in name");
    }
    if cleaned.name.len() < name.len() {
        return Some("remark in name");
    }
    None
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
        assert!(is_bare_provision("§178"));
        assert_eq!(junk_reason("§178"), Some("provision"));
    }

    #[test]
    fn lists_split_into_bodies_and_titles_stay_whole() {
        let is_name = |p: &str| {
            ["Code", "Law", "Ministry", "Act", "Center", "CERT"]
                .iter()
                .any(|h| p.contains(h))
        };
        assert_eq!(
            split_bodies(
                "Penal Code, Law on Preventing and Combating cybercrime",
                is_name
            ),
            ["Penal Code", "Law on Preventing and Combating cybercrime"]
        );
        assert_eq!(
            split_bodies("GovCERT.DK and the Center for Cyber Security", is_name),
            ["GovCERT.DK", "Center for Cyber Security"]
        );
        assert_eq!(
            split_bodies(
                "Ministry of Science, Technology, Energy and Mining",
                is_name
            ),
            ["Ministry of Science, Technology, Energy and Mining"]
        );
        assert_eq!(
            split_bodies("Ministry of IT and Telecommunication", is_name),
            ["Ministry of IT and Telecommunication"]
        );
        assert_eq!(
            split_bodies(
                "Computer Crime Act, Evidence Act and the Penal Code",
                is_name
            ),
            ["Computer Crime Act", "Evidence Act", "Penal Code"]
        );
    }

    #[test]
    fn junk_is_named_and_names_are_not() {
        for junk in [
            "It",
            "There",
            "This Plan",
            "However the Ministry",
            "Minister of Interior",
            "Criminal Code*",
            "Thailand's Ministry of ICT",
        ] {
            assert!(junk_reason(junk).is_some(), "{junk}");
        }
        for fine in [
            "Ministry of Science, Technology, Energy and Mining",
            "Prime Minister's Office",
            "Crimes Act 2013",
            "Law on Preventing and Combating cybercrime",
            "CERT-UA",
            "Head Office",
        ] {
            assert_eq!(junk_reason(fine), None, "{fine}");
        }
    }
}
