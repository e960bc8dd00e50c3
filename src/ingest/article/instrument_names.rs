//! Names of laws the head-word finder cannot read:
//! - a subject in brackets before the head: "Cyber Security (Compounding of Offences)
//!   Regulations 2024";
//! - a law named by what it does: "the draft law establishing the National Cyber Security
//!   Authority", "the Bill establishing …", "a law (the “Law”) approving the Convention on
//!   Cybercrime". Its mention covers the head word only, so the body or treaty named after it
//!   stays a mention of its own and the rules read "law establishing X" as about X. Written
//!   "draft …" or "Bill …" it is a draft.

use std::sync::LazyLock;

use regex::Regex;

use super::mentions::{Found, Mention};
use crate::model::{EntityKind, PartialDate};

static BRACKETED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"((?:\p{Lu}[\w-]*\s+)+)\((\p{Lu}[^()]{2,80})\)\s+(Regulations|Rules|Order|Orders|Act|Bill)\b(?:\s+(\d{4})\b)?",
    )
    .ok()
});

static PURPOSE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[Tt]he|[Aa]|[Dd]raft)\s+(law|Law|bill|Bill|decree|Decree)\s+(?:\([^()]{0,30}\)\s+)?(establishing|creating|approving|amending|ratifying|on)\s+(?:the\s+)?(\p{Lu}[\w’'-]*(?:\s+(?:on|and|for|\p{Lu}[\w’'-]*))*)",
    )
    .ok()
});

fn mention(start: usize, end: usize, name: String) -> Mention {
    Mention {
        start,
        end,
        extent: end,
        name,
        kind: EntityKind::Law,
        acronym: None,
        short_form: None,
        global: None,
        date: None,
        period: None,
        found: Found::Head,
        draft: false,
    }
}

/// The bracketed and purpose-named laws of `sentence`.
pub(super) fn find(sentence: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    if let Some(re) = BRACKETED.as_ref() {
        for caps in re.captures_iter(sentence) {
            let (Some(all), Some(lead), Some(subject), Some(head)) =
                (caps.get(0), caps.get(1), caps.get(2), caps.get(3))
            else {
                continue;
            };
            let mut name = format!(
                "{} ({}) {}",
                lead.as_str().trim(),
                subject.as_str().trim(),
                head.as_str()
            );
            let mut m = mention(all.start(), all.end(), String::new());
            if let Some(year) = caps.get(4) {
                name.push(' ');
                name.push_str(year.as_str());
                m.date = year.as_str().parse().ok().map(PartialDate::year);
            }
            m.name = name;
            out.push(m);
        }
    }
    if let Some(re) = PURPOSE.as_ref() {
        for caps in re.captures_iter(sentence) {
            let (Some(head), Some(verb), Some(object)) = (caps.get(1), caps.get(2), caps.get(3))
            else {
                continue;
            };
            // "the Convention on Cybercrime of the Council of Europe": the object ends before a
            // second "of the".
            let object = object.as_str();
            let mut object = object.split(" of the ").next().unwrap_or(object).trim_end();
            while let Some(rest) = [" on", " and", " for"]
                .iter()
                .find_map(|c| object.strip_suffix(c))
            {
                object = rest;
            }
            let mut m = mention(
                head.start(),
                head.end(),
                format!("{} {} the {object}", head.as_str(), verb.as_str()),
            );
            // Two spellings of one purpose ("draft law establishing X", "Bill establishing X")
            // share this key.
            m.short_form = Some(format!("{} the {object}", verb.as_str()));
            out.push(m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_subjects_and_purposes_name_laws() {
        let found = find("They are the Cyber Security (Compounding of Offences) Regulations 2024.");
        assert_eq!(
            found.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
            vec!["Cyber Security (Compounding of Offences) Regulations 2024"]
        );
        let found = find("the Chamber passed the draft law establishing the National Cyber Security Authority (NCSA).");
        assert_eq!(
            found.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
            vec!["law establishing the National Cyber Security Authority"]
        );
    }
}
