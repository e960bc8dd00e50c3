//! Sections that list legal instruments (1.1.1, 1.1.2, 2.1): one law per list entry, the
//! provisions cited ("Section 293 of the Criminal Code") kept on the relation to the law,
//! drafts and bills marked as such, and treaties listed among the instruments left to the
//! treaty rules.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::items::Item;
use super::reader::{date_statement, is_negative, SectionReader};
use crate::ingest::names::{kind_of_name, named_phrases};
use crate::ingest::text::sentences;
use crate::model::{EntityKind, PartialDate, Stage};
use crate::resolve::clean::{clean, is_pronoun};
use crate::resolve::parts::{is_bare_provision, split_bodies, split_provision};

/// Where the name of a law ends and a remark about it begins.
static REMARK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?:,?\s+\(?(?:which|that|is currently|has been|will|reformed|talks about|amends)\s|\s+[–-]\s+[a-z]|:\s+[a-z]|,\s+[a-z])",
    )
    .ok()
});
static DRAFT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(draft|drafting|bills?|proposal|proposed|in view|being enacted|awaiting)\b")
        .ok()
});
/// A trailing bracket after a law's name: "(1990)", "(RICA)", "(Draft)".
static TRAILER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s*\(([^()]+)\)$").ok());

/// A list entry that says there is nothing: "None.", "Nil", "N/A".
fn says_none(text: &str) -> bool {
    let t = text.trim().trim_end_matches(['.', ';', ',']).to_lowercase();
    matches!(t.as_str(), "" | "none" | "nil" | "n/a" | "not available")
        || t.starts_with("there is no")
        || t.starts_with("no ")
        // "Cyber Crime law in Iraq revoked": there is none any more.
        || t.ends_with(" revoked")
        || t.ends_with(" repealed")
}

/// A law as listed: its name without remarks, an acronym or year given after it, and
/// whether it is a draft or bill rather than an enacted law.
#[derive(Debug, PartialEq)]
pub(super) struct ListedLaw {
    pub name: String,
    pub alias: Option<String>,
    pub year: Option<PartialDate>,
    pub draft: bool,
}

/// The name with the provision bracketed right after it in the text ("Child Act (Article 96
/// and 116)"), so that the provision reaches the relation; else the name.
fn with_provision_after(text: &str, name: &str) -> String {
    let bracket = text
        .find(name)
        .map(|at| text[at + name.len()..].trim_start())
        .filter(|after| after.starts_with('('))
        .and_then(|after| after.find(')').map(|end| &after[..=end]));
    match bracket {
        Some(bracket) if split_provision(&format!("{name} {bracket}")).1.is_some() => {
            format!("{name} {bracket}")
        }
        _ => name.to_string(),
    }
}

pub(super) fn listed_law(text: &str) -> ListedLaw {
    let draft = DRAFT.as_ref().is_some_and(|re| re.is_match(text));
    // An entry that goes on after its name ("… the fight against internet crime. This decree
    // stipulates …") keeps its first sentence.
    let first = sentences(text).into_iter().next().unwrap_or_default();
    let mut name = first.trim().trim_end_matches(['.', ';', ',']).trim();
    if let Some(m) = REMARK.as_ref().and_then(|re| re.find(name)) {
        name = name[..m.start()].trim();
    }
    // "The proposed Special Law against Cybercrime": the name starts with a capital.
    while let Some((word, rest)) = name.split_once(' ') {
        let lead = word == "The"
            || (word.starts_with(char::is_lowercase) && word.chars().all(char::is_alphabetic));
        if !lead || rest.is_empty() {
            break;
        }
        name = rest.trim_start();
    }
    let mut law = ListedLaw {
        name: name.to_string(),
        alias: None,
        year: None,
        draft,
    };
    let caps = TRAILER.as_ref().and_then(|re| re.captures(name));
    if let Some((head, tail)) = caps.and_then(|c| Some((c.get(1)?.as_str(), c.get(2)?.as_str()))) {
        let is_year = tail.len() == 4 && tail.bytes().all(|b| b.is_ascii_digit());
        let is_acronym = !tail.contains(' ')
            && tail.len() <= 10
            && tail.chars().filter(|c| c.is_uppercase()).count() >= 2;
        if is_year {
            law.year = PartialDate::find_year(tail);
            law.name = head.to_string();
        } else if DRAFT.as_ref().is_some_and(|re| re.is_match(tail))
            || tail.starts_with(char::is_lowercase)
        {
            // "(Draft)", "(currently reviewing)": a remark, not part of the name.
            law.name = head.to_string();
        } else if is_acronym {
            law.alias = Some(tail.to_string());
            law.name = head.to_string();
        }
    }
    law
}

impl SectionReader<'_> {
    pub(super) fn read_laws(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            if item.bullet {
                named.extend(self.read_listed_law(item));
            } else if !is_negative(&item.text) {
                named.extend(self.read_laws_in_prose(item));
            }
        }
        named
    }

    /// Laws named in running text: linked names and names with a legal head word.
    fn read_laws_in_prose(&mut self, item: &Item) -> Vec<String> {
        let names: Vec<String> = item
            .links
            .iter()
            .cloned()
            .chain(
                named_phrases(&item.text)
                    .into_iter()
                    .filter(|p| p.kind == EntityKind::Law)
                    .map(|p| p.name),
            )
            .collect();
        let draft = DRAFT.as_ref().is_some_and(|re| re.is_match(&item.text));
        names
            .iter()
            .map(|name| {
                let law = ListedLaw {
                    name: with_provision_after(&item.text, name),
                    alias: None,
                    year: None,
                    draft,
                };
                self.add_law(&law, item)
            })
            .filter_map(|ids| ids.into_iter().next())
            .collect()
    }

    fn read_listed_law(&mut self, item: &Item) -> Vec<String> {
        if says_none(&item.text) {
            return Vec::new();
        }
        // A treaty listed among the instruments ("Council of Europe's Convention on
        // Cybercrime") is not a law of the country; the treaty rules relate it.
        if self.is_only_a_treaty(&item.text) {
            return Vec::new();
        }
        let mut named = Vec::new();
        for part in item.text.split(" amended by ") {
            let law = listed_law(part);
            if law.name.is_empty() {
                continue;
            }
            // "Penal Code, Law on Preventing and Combating cybercrime": two laws.
            let is_law = |p: &str| kind_of_name(p) == Some(EntityKind::Law);
            let pieces = split_bodies(&law.name, is_law);
            if pieces.len() == 1 {
                named.extend(self.add_law(&law, item));
                continue;
            }
            for name in pieces {
                let piece = ListedLaw {
                    name,
                    alias: None,
                    year: None,
                    draft: law.draft,
                };
                named.extend(self.add_law(&piece, item));
            }
        }
        named
    }

    fn is_only_a_treaty(&self, text: &str) -> bool {
        let treaties: Vec<String> = self
            .gazetteer
            .find_in(text)
            .into_iter()
            .filter(|(_, e)| e.kind == EntityKind::Convention)
            .map(|(m, _)| m.text.to_string())
            .collect();
        let rest = treaties
            .iter()
            .fold(text.to_string(), |t, m| t.replace(m.as_str(), " "));
        !treaties.is_empty() && kind_of_name(&rest) != Some(EntityKind::Law)
    }

    /// Relates the country to a listed law. A provision cited with it ("Article 176 of the
    /// Criminal Code", "Penal Code (Section 177A)") is not a law of its own: the law is the
    /// entity and the provision goes to the relation's `sections` qualifier.
    fn add_law(&mut self, law: &ListedLaw, item: &Item) -> Vec<String> {
        let cleaned = clean(&law.name);
        if cleaned.name.is_empty() || is_bare_provision(&cleaned.name) || is_pronoun(&cleaned.name)
        {
            return Vec::new();
        }
        let aliases: Vec<String> = law.alias.iter().cloned().collect();
        let (id, kind) = self.entity_with(
            &cleaned.name,
            super::reader::KindRule::Guess(self.def.names),
            &aliases,
            item,
        );
        if kind == EntityKind::Convention {
            // A treaty listed by its bare name ("The Budapest Convention, ratified by …"): the
            // treaty rules relate it with its mode.
            return Vec::new();
        }
        let relation = self.country_relation(kind);
        let country_id = self.country_id.clone();
        let dated = matches!(kind, EntityKind::Law | EntityKind::Policy);
        let written = self.written_date(&law.name).filter(|_| dated);
        // A date written after the name in prose ("Law n° 2004-5, February 3, 2004").
        let prose = cleaned
            .date
            .as_deref()
            .and_then(|date| {
                PartialDate::find_in_prose(date).or_else(|| PartialDate::find_year(date))
            })
            .or_else(|| PartialDate::find_year(&cleaned.name))
            .filter(|_| dated);
        let statement = self.relate(relation, &country_id, &id, item);
        match law.year {
            // "Computer Misuse Act (1990)": the year in brackets says when.
            Some(year) => statement.since = Some(year),
            None if written.is_some() => date_statement(statement, written),
            None => statement.since = statement.since.or(prose),
        }
        if law.draft {
            statement.qualifiers.insert("draft".into(), json!(true));
            statement.stage = Some(Stage::Draft);
        }
        if let Some(sections) = cleaned.sections {
            let mut all: Vec<serde_json::Value> = statement
                .qualifiers
                .get("sections")
                .and_then(|v| v.as_array().cloned())
                .unwrap_or_default();
            if !all.contains(&json!(sections)) {
                all.push(json!(sections));
            }
            statement.qualifiers.insert("sections".into(), json!(all));
        }
        vec![id]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_laws_lose_their_remarks_and_keep_acronyms_and_years() {
        let law = listed_law("Computer Misuse Act (1990)");
        assert_eq!(
            (law.name.as_str(), law.year.map(|y| y.to_string())),
            ("Computer Misuse Act", Some("1990".into()))
        );
        let law = listed_law("Regulation of Interception of Communication Act (RICA).");
        assert_eq!(
            (law.name.as_str(), law.alias.as_deref()),
            (
                "Regulation of Interception of Communication Act",
                Some("RICA")
            )
        );
        let law = listed_law(
            "Act on Cybersecurity and Change of Related Acts which has been recently adopted",
        );
        assert_eq!(law.name, "Act on Cybersecurity and Change of Related Acts");
        let law = listed_law(
            "Article 89* of the Criminal Code – does not mention explicitly child pornography",
        );
        assert_eq!(law.name, "Article 89* of the Criminal Code");
        let law = listed_law(
            "The proposed Special Law against Cybercrime is currently being considered.",
        );
        assert_eq!(
            (law.name.as_str(), law.draft),
            ("Special Law against Cybercrime", true)
        );
        let law = listed_law(
            "Crimes Act 2013 (which deals with accessing electronic system; illegal remaining",
        );
        assert_eq!(law.name, "Crimes Act 2013");
        assert_eq!(
            listed_law("Criminal procedures Act 1972 (currently reviewing)").name,
            "Criminal procedures Act 1972"
        );
        assert!(listed_law("Cybercrime bill (Draft)").draft);
        assert!(listed_law("Computer Crime and Cybercrime Bill (awaiting passing into law)").draft);
        assert!(!listed_law("Penal Code").draft);
        assert!(says_none("None.") && says_none("") && !says_none("Penal Code"));
    }
}
