//! CERTs named by the bare kind and a qualifier rather than by an acronym of their own:
//! a country's name before or after the kind ("CERT Australia", "Tonga CERT") and a definite
//! national team ("the National CERT", "the National CERT of the Republic of Serbia").
//!
//! The bare kind alone ("CERT", "National CERT, Government CERT") names a kind of team and is
//! left to the list rules; only the country's name or the definite article makes it one team.

use std::sync::LazyLock;

use regex::Regex;

use super::mentions::{Found, Mention};
use crate::model::EntityKind;
use crate::resolve::country;

/// The bare kinds a country's name may qualify.
static KIND: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b(?:CERT|CSIRT|CIRT)\b").ok());

/// "the National CERT", optionally "of the <Country>".
static NATIONAL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b[Tt]he\s+(National\s+(?:CERT|CSIRT|CIRT))\b(?:\s+of\s+(?:the\s+)?)?").ok()
});

fn mention(start: usize, end: usize, extent: usize, name: String) -> Mention {
    Mention {
        start,
        end,
        extent,
        name,
        kind: EntityKind::Cert,
        acronym: None,
        short_form: None,
        global: None,
        date: None,
        period: None,
        found: Found::CertToken,
        draft: false,
    }
}

/// CERTs named "CERT <Country>" or "<Country> CERT" in `sentence`, and "the National CERT
/// [of <Country>]". `taken` spans are already names and are skipped.
pub(super) fn find(sentence: &str, taken: &[(usize, usize)]) -> Vec<Mention> {
    let free = |a: usize, b: usize| !taken.iter().any(|t| t.0 < b && a < t.1);
    let mut out = Vec::new();
    let countries = country::find_in(sentence);
    if let Some(re) = KIND.as_ref() {
        for kind in re.find_iter(sentence) {
            let after = countries.iter().find(|c| {
                sentence
                    .get(kind.end()..c.start)
                    .is_some_and(|gap| gap == " ")
            });
            let before = countries.iter().find(|c| {
                sentence
                    .get(c.end..kind.start())
                    .is_some_and(|gap| gap == " ")
            });
            let span = match (after, before) {
                (Some(c), _) => Some((kind.start(), c.end)),
                (None, Some(c)) => Some((c.start, kind.end())),
                _ => None,
            };
            if let Some((start, end)) = span.filter(|(a, b)| free(*a, *b)) {
                if let Some(name) = sentence.get(start..end) {
                    out.push(mention(start, end, end, name.to_string()));
                }
            }
        }
    }
    if let Some(re) = NATIONAL.as_ref() {
        for caps in re.captures_iter(sentence) {
            let (Some(all), Some(name)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            if !free(name.start(), name.end()) {
                continue;
            }
            // "of the Republic of Serbia" belongs to the name when a country follows.
            let extent = countries
                .iter()
                .find(|c| c.start == all.end() && all.end() > name.end())
                .map_or(name.end(), |c| c.end);
            out.push(mention(
                name.start(),
                name.end(),
                extent,
                name.as_str().to_string(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sentence: &str) -> Vec<String> {
        find(sentence, &[]).into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn a_country_before_or_after_the_kind_names_one_team() {
        assert_eq!(
            names("to share information with CERT Australia and the Fiji CERT."),
            vec!["CERT Australia", "Fiji CERT"]
        );
        assert!(names("a CERT was set up").is_empty());
    }

    #[test]
    fn the_national_cert_is_one_team() {
        assert_eq!(
            names("a visit to the National CERT of the Republic of Serbia."),
            vec!["National CERT"]
        );
        assert!(names("National CERT, Government CERT and PakCERT").is_empty());
    }
}
