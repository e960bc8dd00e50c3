//! The sections that name policies, agencies, standards and programmes (1.2.2 … 1.4.4,
//! 1.5.2, 1.5.3, 2.3, 2.4): names with a head word, the subject of "X is the … project",
//! CERTs and agencies this document already named, and the programmes they run.

use std::sync::LazyLock;

use regex::Regex;

use super::items::Item;
use super::laws::listed_law;
use super::reader::{is_negative, SectionReader};
use crate::ingest::names::{cert_tokens, kind_of_name, named_phrases};
use crate::model::{EntityKind, RelationKind};

static DEFINED_AS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^((?:[A-Z0-9][\w&'’.-]*\s+){0,6}[A-Z0-9][\w&'’.-]*)\s+(?:is|was)\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,4}(?:project|programme|program|initiative|partnership|platform|service|hotline|helpline|portal|centre|center|campaign|framework|strategy|policy)\b",
    )
    .ok()
});
static HAS_PROGRAM: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(?:has|runs|offers|operates|provides)\s+(?:a|an|the)\s+((?:[A-Z][\w-]*\s*)+)")
        .ok()
});

/// A list entry that is itself a name: short, capitalised, not an address or a sentence.
fn entry_is_a_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower_words = words
        .iter()
        .filter(|w| w.starts_with(char::is_lowercase))
        .filter(|w| {
            !matches!(
                **w,
                "of" | "on" | "the" | "and" | "for" | "to" | "in" | "against"
            )
        })
        .count();
    (1..=12).contains(&words.len())
        && lower_words <= 1
        && text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && text.chars().any(char::is_alphabetic)
        && !text.contains('@')
        && !text.to_lowercase().contains("http")
        && ![
            " is ",
            " are ",
            " has ",
            " have ",
            " was ",
            " provides ",
            " offers ",
        ]
        .iter()
        .any(|v| text.contains(v))
}

/// "GovCERT.DK and the Center for Cyber Security": two names joined by "and", when each
/// side is a name by itself; "Ministry of IT and Telecommunication" stays whole.
fn split_joined(name: &str) -> Vec<String> {
    for joint in [" and the ", " and "] {
        if let Some((left, right)) = name.split_once(joint) {
            let is_name = |s: &str| kind_of_name(s).is_some() || !cert_tokens(s).is_empty();
            if is_name(left) && is_name(right) {
                return vec![left.to_string(), right.to_string()];
            }
        }
    }
    vec![name.to_string()]
}

impl SectionReader<'_> {
    pub(super) fn read_named(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            let names = self.names_in(item);
            named.extend(self.relate_named(&names, item));
        }
        named
    }

    /// The names an item gives, in order: links, head-word names, the defined subject, and
    /// CERTs or agencies of this document mentioned again.
    fn names_in(&self, item: &Item) -> Vec<String> {
        let negative = is_negative(&item.text);
        let mut names: Vec<String> = item.links.clone();
        if !negative {
            for phrase in named_phrases(&item.text) {
                for name in split_joined(&phrase.name) {
                    if !names
                        .iter()
                        .any(|n| n.contains(&name) || name.contains(n.as_str()))
                    {
                        names.push(name);
                    }
                }
            }
        }
        // "PISA R3C is the newly formed collaborative project …".
        if let Some(subject) = DEFINED_AS
            .as_ref()
            .and_then(|re| re.captures(&item.text))
            .and_then(|c| c.get(1))
        {
            let subject = subject.as_str().trim().to_string();
            if !negative
                && subject != self.country.name
                && !names
                    .iter()
                    .any(|n| n.contains(&subject) || subject.contains(n.as_str()))
            {
                names.push(subject);
            }
        }
        for known in self
            .out
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityKind::Cert | EntityKind::Agency))
        {
            let mentioned = item
                .text
                .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                .any(|w| w == known.name);
            if mentioned && !names.contains(&known.name) {
                names.insert(0, known.name.clone());
            }
        }
        if item.bullet && names.is_empty() && !negative {
            let tokens = cert_tokens(&item.text);
            let entry = listed_law(&item.text).name;
            if !tokens.is_empty() {
                names.extend(tokens);
            } else if entry_is_a_name(&entry) {
                names.push(entry);
            }
        }
        names
    }

    /// Relates the names of one item: to the country, or, when a CERT or agency this document
    /// already named is among them, as programmes it runs ("PakCERT has a Security Awareness
    /// Public Services").
    fn relate_named(&mut self, names: &[String], item: &Item) -> Vec<String> {
        let runner = names.iter().find_map(|n| {
            self.out
                .entities
                .iter()
                .find(|e| e.name == *n && matches!(e.kind, EntityKind::Cert | EntityKind::Agency))
                .map(|e| e.id.clone())
        });
        let mut ids = Vec::new();
        for name in names {
            match &runner {
                Some(runner) => {
                    let (id, kind) = self.entity(name, self.def.names, item);
                    if &id != runner && kind == EntityKind::Program {
                        self.relate(RelationKind::Runs, runner, &id, item);
                    }
                    ids.push(id);
                }
                None => ids.push(self.name_for_country(name, item)),
            }
        }
        if let Some(runner) = &runner {
            let programme = HAS_PROGRAM
                .as_ref()
                .and_then(|re| re.captures(&item.text))
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().trim().to_string());
            if let Some(programme) =
                programme.filter(|p| p.split_whitespace().count() >= 2 && !names.contains(p))
            {
                let (id, _) = self.entity(&programme, EntityKind::Program, item);
                self.relate(RelationKind::Runs, runner, &id, item);
                ids.push(id);
            }
        }
        ids
    }
}
