//! Keys and country readings that decide when two mentions are one entity: the countries a
//! name names ("CERT-UK" is the UK's, "… of India" India's), the match key of an instrument
//! (case, plural "s", years, spaces ignored), a bill and the act it became, and how a mention
//! reads as a name.

use super::mentions::Mention;
use crate::model::PartialDate;
use crate::resolve::country;

/// Short forms of country names common in news that the ISO table lacks, matched as written.
const SHORT_FORMS: [(&str, &str); 7] = [
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("Britain", "GB"),
    ("Great Britain", "GB"),
    ("USA", "US"),
    ("U.S.", "US"),
    ("UAE", "AE"),
];

/// The countries named in `text` as `(start, iso2)`, left to right: ISO names and aliases, plus
/// a few short forms ("UK").
pub(crate) fn countries_named(text: &str) -> Vec<(usize, &'static str)> {
    let mut out: Vec<(usize, &'static str)> = country::find_in(text)
        .iter()
        .map(|m| (m.start, *m.value))
        .collect();
    for (form, iso2) in SHORT_FORMS {
        let mut from = 0;
        while let Some(at) = text.get(from..).and_then(|rest| rest.find(form)) {
            let start = from + at;
            let end = start + form.len();
            let before = text.get(..start).and_then(|t| t.chars().next_back());
            let after = text.get(end..).and_then(|t| t.chars().next());
            if before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
            {
                out.push((start, iso2));
            }
            from = end;
        }
    }
    out.sort();
    // `country::find_in` knows some of these short forms too.
    out.dedup();
    out
}

/// The country an ISO code set off inside a CERT acronym names: "CERT-RO", "AZ-CERT",
/// "CERT.br", "GovCERT.AT". Codes glued to the acronym ("GNCIRT" is Guyana's, not Guinea's)
/// are not read.
pub(super) fn token_country(token: &str) -> Option<&'static str> {
    if token.contains(' ') {
        return None;
    }
    // "/CC" is a coordination centre ("CNCERT/CC"), not the Cocos Islands.
    let token = token.split('/').next().unwrap_or(token);
    let parts: Vec<&str> = token.split(['-', '.']).collect();
    if parts.len() < 2 {
        return None;
    }
    parts
        .iter()
        .filter(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .find_map(|p| {
            let upper = p.to_ascii_uppercase();
            SHORT_FORMS
                .iter()
                .find(|(form, _)| *form == upper)
                .map(|(_, iso2)| *iso2)
                .or_else(|| country::resolve(&upper).map(|c| c.iso2))
        })
}

/// A normalised key for matching mentions of one instrument: lower-case words, plural "s"
/// dropped, years, "the", spaces and punctuation ignored ("CERT Rules – 2023" ~ "CERTs
/// Rule").
pub(crate) fn match_key(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    // A number after "No." names the instrument ("Royal Decree No. 6801" is not No. 7053).
    let numbered = |i: usize| i > 0 && words.get(i - 1).is_some_and(|w| w == "no");
    words
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            *w != "the"
                && (numbered(*i) || !(w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())))
        })
        .map(|(_, w)| w.strip_suffix('s').unwrap_or(w).to_string())
        .collect::<Vec<_>>()
        // Joined without spaces: "CyberSecurity and CyberCrimes Act" ~ "Cyber Security and
        // Cyber Crimes Act".
        .join("")
}

/// Whether `bill` names the bill `act` was passed from: "Cyber Security Bill" and "Cyber
/// Security Act 2023", "Cyber Security and Cyber Bill of 2021" and "Cyber Security and Cyber
/// Crimes Act of 2021". The bill's words (two or more) are all in the act's name.
pub(super) fn bill_became_act(bill: &str, act: &str) -> bool {
    let words = |name: &str, head: &str| -> Option<Vec<String>> {
        let all: Vec<String> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        all.iter().any(|w| w == head).then(|| {
            all.into_iter()
                .filter(|w| {
                    let year = w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
                    !(year || matches!(w.as_str(), "bill" | "act" | "of" | "the"))
                })
                .collect()
        })
    };
    let (Some(b), Some(a)) = (words(bill, "bill"), words(act, "act")) else {
        return false;
    };
    b.len() >= 2 && b.iter().all(|w| a.contains(w))
}

pub(super) fn mention_keys(mention: &Mention) -> Vec<String> {
    let mut keys = vec![match_key(&mention.name)];
    // "Infocomm Development Authority of Singapore" is also written without its country.
    if let Some((head, country)) = mention.name.rsplit_once(" of ") {
        if countries_named(country)
            .first()
            .is_some_and(|(at, _)| *at == 0)
        {
            keys.push(match_key(head));
        }
    }
    if let Some(short) = &mention.short_form {
        keys.push(match_key(short));
    }
    // "the Saudi National Cybersecurity Authority" is the National Cybersecurity Authority.
    if let Some((adjective, rest)) = mention.name.split_once(" National ") {
        if !rest.is_empty() && !adjective.contains(' ') {
            keys.push(match_key(&format!("National {rest}")));
        }
    }
    // "the Cyber Security Agency" after "the National Cyber Security Agency".
    if let Some(rest) = mention.name.strip_prefix("National ") {
        if rest.split_whitespace().count() >= 2 {
            keys.push(match_key(rest));
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// How a mention reads as a name: the year left out (it is kept apart), and a short form with
/// an inner plural acronym made singular ("CERTs Rule 2023" → "CERT Rule").
pub(super) fn surface(mention: &Mention) -> String {
    let without_year = |s: &str| match PartialDate::find_year(s) {
        Some(y) => s
            .replace(&y.year_value().to_string(), "")
            .trim_end_matches([' ', '-', '–'])
            .trim()
            .to_string(),
        None => s.to_string(),
    };
    match &mention.short_form {
        // A purpose ("establishing the National … Authority") is a key, not a name.
        Some(short) if short.starts_with(char::is_lowercase) => without_year(&mention.name),
        Some(short) => {
            let mut words: Vec<String> = short.split_whitespace().map(str::to_string).collect();
            if let Some(first) = words.first_mut() {
                let singular = first
                    .strip_suffix('s')
                    .filter(|s| s.len() >= 2 && s.chars().all(|c| !c.is_lowercase()));
                if let Some(s) = singular {
                    *first = s.to_string();
                }
            }
            without_year(&words.join(" "))
        }
        None => without_year(&mention.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_keys_join_spellings_of_one_instrument() {
        assert_eq!(match_key("CERT Rules – 2023"), match_key("CERTs Rule"));
        assert_ne!(match_key("CERT Rules"), match_key("CERT Council"));
    }

    #[test]
    fn short_forms_of_countries_are_whole_words() {
        let found: Vec<&str> = countries_named("CERT-UK and the UK's Pakistan; UKTV")
            .iter()
            .map(|(_, c)| *c)
            .collect();
        assert_eq!(found, vec!["GB", "GB", "PK"]);
    }

    #[test]
    fn iso_codes_set_off_in_cert_acronyms_name_their_country() {
        assert_eq!(token_country("CERT-RO"), Some("RO"));
        assert_eq!(token_country("CERT.br"), Some("BR"));
        assert_eq!(token_country("KE-CIRT/CC"), Some("KE"));
        assert_eq!(token_country("CERT-UK"), Some("GB"));
        assert_eq!(token_country("GNCIRT"), None);
        assert_eq!(token_country("CNCERT/CC"), None);
        assert_eq!(token_country("Nam-CSIRT"), None);
    }
}
