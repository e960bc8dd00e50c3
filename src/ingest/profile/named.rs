//! The sections that name policies, agencies, standards and programmes (1.2.2 … 1.4.4,
//! 1.5.2, 1.5.3, 2.3, 2.4): names with a head word, the subject of "X is the … project",
//! CERTs and agencies this document already named, and the programmes they run.

use std::sync::LazyLock;

use regex::Regex;

use super::items::Item;
use super::laws::listed_law;
use super::reader::{is_negative, KindRule, SectionReader};
use crate::ingest::names::{cert_tokens, kind_of_name, named_phrases};
use crate::model::{EntityKind, RelationKind};
use crate::resolve::clean::{clean, is_pronoun};
use crate::resolve::junk::junk_reason;
use crate::resolve::parts::split_bodies;

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

/// A name as this module hands it on: the cleaned name and the other names given with it.
struct Named {
    name: String,
    aliases: Vec<String>,
}

/// Whether a piece of a joined name is a name by itself.
fn is_name(piece: &str) -> bool {
    kind_of_name(piece).is_some() || !cert_tokens(piece).is_empty()
}

/// The names a raw name stands for, cleaned: "GovCERT.DK and the Center for Cyber Security"
/// is two; a pronoun, a post or a bare provision is none.
fn cleaned(raw: &str, acronym: Option<&str>) -> Vec<Named> {
    split_bodies(raw, is_name)
        .into_iter()
        .filter_map(|piece| {
            let c = clean(&piece);
            let unnamed = c.name.is_empty()
                || is_pronoun(&c.name)
                || matches!(
                    junk_reason(&c.name),
                    Some("job title" | "page furniture" | "provision" | "no name")
                );
            (!unnamed).then(|| Named {
                aliases: c
                    .aliases
                    .into_iter()
                    .chain(acronym.map(str::to_string))
                    .collect(),
                name: c.name,
            })
        })
        .collect()
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

    /// The names an item gives, in order: links, head-word names with their acronyms, the
    /// defined subject, and CERTs or agencies of this document mentioned again.
    fn names_in(&self, item: &Item) -> Vec<Named> {
        let negative = is_negative(&item.text);
        let mut names: Vec<Named> = item.links.iter().flat_map(|l| cleaned(l, None)).collect();
        let fresh = |names: &[Named], name: &str| {
            !names
                .iter()
                .any(|n| n.name.contains(name) || name.contains(n.name.as_str()))
        };
        if !negative {
            for phrase in named_phrases(&item.text) {
                let acronym = phrase.acronym.as_deref();
                for found in cleaned(&phrase.name, acronym) {
                    if fresh(&names, &found.name) {
                        names.push(found);
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
            for found in cleaned(subject.as_str().trim(), None) {
                if !negative && found.name != self.country.name && fresh(&names, &found.name) {
                    names.push(found);
                }
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
            if mentioned && !names.iter().any(|n| n.name == known.name) {
                names.insert(
                    0,
                    Named {
                        name: known.name.clone(),
                        aliases: Vec::new(),
                    },
                );
            }
        }
        if item.bullet && names.is_empty() && !negative {
            let tokens = cert_tokens(&item.text);
            let entry = listed_law(&item.text).name;
            if !tokens.is_empty() {
                names.extend(tokens.iter().flat_map(|t| cleaned(t, None)));
            } else if entry_is_a_name(&entry) {
                names.extend(cleaned(&entry, None));
            }
        }
        names
    }

    /// Gives an entity of this document the other names read with it.
    fn add_aliases(&mut self, id: &str, aliases: &[String]) {
        if let Some(entity) = self.out.entities.iter_mut().find(|e| e.id == id) {
            for alias in aliases {
                entity.add_alias(alias);
            }
        }
    }

    /// Relates the names of one item: to the country, or, when a CERT or agency this document
    /// already named is among them, as programmes it runs ("PakCERT has a Security Awareness
    /// Public Services").
    fn relate_named(&mut self, names: &[Named], item: &Item) -> Vec<String> {
        let runner = names.iter().find_map(|n| {
            self.out
                .entities
                .iter()
                .find(|e| {
                    e.name == n.name && matches!(e.kind, EntityKind::Cert | EntityKind::Agency)
                })
                .map(|e| e.id.clone())
        });
        let mut ids = Vec::new();
        for named in names {
            let id = match &runner {
                Some(runner) => {
                    let rule = KindRule::Guess(self.def.names);
                    let (id, kind) = self.entity_with(&named.name, rule, &named.aliases, item);
                    if &id != runner && kind == EntityKind::Program {
                        self.relate(RelationKind::Runs, runner, &id, item);
                    }
                    id
                }
                None => self.name_for_country(&named.name, item),
            };
            self.add_aliases(&id, &named.aliases);
            ids.push(id);
        }
        if let Some(runner) = &runner {
            let programme = HAS_PROGRAM
                .as_ref()
                .and_then(|re| re.captures(&item.text))
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().trim().to_string());
            if let Some(programme) = programme.filter(|p| {
                p.split_whitespace().count() >= 2 && !names.iter().any(|n| n.name == *p)
            }) {
                let (id, _) = self.entity(&programme, EntityKind::Program, item);
                self.relate(RelationKind::Runs, runner, &id, item);
                ids.push(id);
            }
        }
        ids
    }
}
