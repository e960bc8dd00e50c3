//! The parts a name is made of: the provision a law's name cites ("Article 176 of the
//! Criminal Code") and the separate bodies a listed name joins ("A, B and C", "A and the B").
//!
//! Pure text, used by the name cleaner (`clean`) and the profile parser's law and name rules.

use std::sync::LazyLock;

use regex::Regex;

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

/// The words that open a law's title ("Act on …", "Law of …").
const LEGAL_HEADS: [&str; 9] = [
    "Act",
    "Law",
    "Code",
    "Decree",
    "Ordinance",
    "Bill",
    "Regulation",
    "Regulations",
    "Rules",
];

/// "A and the B", "A & B": two names when both sides are names by themselves; the last
/// "and" is tried first, so "Law on Preventing and Combating Cybercrime and Penal Code"
/// splits before "Penal Code" only.
fn split_and(name: &str, is_name: &impl Fn(&str) -> bool) -> Vec<String> {
    // "Act on Cybersecurity and Change of Related Acts": a legal head word and a preposition
    // open a title whose "and" is its own, unless a head word opens the other side too. A
    // body's name has no such titles: "Ministry of … Technology and the Electronic
    // Transaction Development Agency" is two bodies.
    let mut words = name.split_whitespace();
    let titled = words.next().is_some_and(|w| LEGAL_HEADS.contains(&w))
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

#[cfg(test)]
mod tests {
    use super::*;

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
            split_bodies(
                "Ministry of Information and Communication Technology and the Electronic Transaction Development Agency",
                |p: &str| is_name(p) || p.ends_with("Agency")
            ),
            [
                "Ministry of Information and Communication Technology",
                "Electronic Transaction Development Agency"
            ]
        );
        assert_eq!(
            split_bodies("Act on Cybersecurity and Change of Related Acts", is_name),
            ["Act on Cybersecurity and Change of Related Acts"]
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
}
