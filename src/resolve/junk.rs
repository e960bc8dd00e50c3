//! Telling a name that is no name: the classes of junk the profiles' prose leaves in names
//! (pronouns, sentence openers, persons' posts, possessive countries, footnote marks, page
//! furniture, dates, remarks, provisions, acronyms in brackets), named by [`junk_reason`].
//!
//! The corpus test (`tests/profile_names.rs`) asserts no entity name has one.

use super::clean::{
    clean, is_generic, no_name, strip_in_country, strip_possessive_country, strip_word, DISCOURSE,
    PRONOUNS,
};
use super::parts::{is_bare_provision, split_provision};

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

/// Lines of the page rather than of the text.
const FURNITURE: [&str; 6] = [
    "cyberwellness",
    "page ",
    "http",
    "www.",
    "last updated",
    "itu-d",
];

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
