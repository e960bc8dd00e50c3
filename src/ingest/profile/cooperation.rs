//! Treaties and cooperation: section 2.2 (UN convention and protocol), treaties named in any
//! other section ("signatory to the Council of Europe Convention on Cybercrime"), section
//! 1.5.4 (memberships and participation) and section 1.5.1 (partner countries and bodies).
//!
//! International bodies and treaties resolve through the gazetteer to one shared node each.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::cert_names::{cert_country, cert_names, CertName};
use super::items::Item;
use super::reader::{is_negative, SectionReader};
use crate::model::{entity_id, Entity, EntityKind, PartialDate, RelationKind};
use crate::resolve::country;

static ARTICLES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"articles?\s+([0-9][0-9a-z() ,]*(?:and\s+[0-9][0-9a-z()]*)?)").ok()
});
static CONDITIONS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\bwith\s+(.+?),\s+to\s+the\b").ok());
static INSTRUMENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(joint declaration|joint statement|memorandum of understanding|MoU|agreement|treaty|declaration|action plan|partnership)\b",
    )
    .ok()
});

/// Whether the words around a country's name make it part of a body's name ("US Secret
/// Service", "Korea Internet & Security Agency", "e-Governance Academy of Estonia"): an
/// organization never makes its country a partner.
fn names_a_body(before: &str, after: &str) -> bool {
    // "e-Governance Academy of Estonia": the country closes a body's name.
    let closes = before.strip_suffix(" of ").is_some_and(|head| {
        head.split_whitespace()
            .next_back()
            .is_some_and(|w| w.starts_with(char::is_uppercase))
    });
    closes
        || after
            .strip_prefix(' ')
            .and_then(|rest| rest.split_whitespace().next())
            .is_some_and(|word| {
                word.starts_with(char::is_uppercase) && country::find_in(word).is_empty()
            })
}

/// How a country stands to a treaty, as the sentence says it: SIGNED (including "signed but
/// did not ratify"), RATIFIED, ACCEDED; `None` when the sentence names no act.
fn treaty_mode(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    if lower.contains("signed but") || lower.contains("not ratif") {
        Some("SIGNED")
    } else if lower.contains("acceded") || lower.contains("accession") {
        Some("ACCEDED")
    } else if lower.contains("ratif") {
        Some("RATIFIED")
    } else if ["signed", "signator", "signing"]
        .iter()
        .any(|w| lower.contains(w))
    {
        Some("SIGNED")
    } else {
        None
    }
}

/// A sentence saying the country is not bound: "has not acceded", "did not accede", "There
/// is no information on whether …". "Signed but did not ratify" is a signature, not this.
fn denies_treaty(text: &str) -> bool {
    let lower = text.to_lowercase();
    let signed = lower.contains("signed but") || lower.contains("signed and not");
    !signed && is_negative(text)
}

/// The relation between a member and a body, from the verb of the sentence.
pub(super) fn membership(text: &str) -> Option<RelationKind> {
    let lower = text.to_lowercase();
    if lower.contains("candidate") {
        None
    } else if ["member", "affiliated", "part of", "accredited"]
        .iter()
        .any(|w| lower.contains(w))
    {
        Some(RelationKind::MemberOf)
    } else {
        Some(RelationKind::ParticipatesIn)
    }
}

impl SectionReader<'_> {
    /// Section 2.2: each convention with the mode, declarations and articles the sentence
    /// gives; a sentence denying accession names nothing.
    pub(super) fn read_conventions(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            let both = format!("{} {}", item.context, item.text);
            let Some(mode) = treaty_mode(&both) else {
                continue;
            };
            if denies_treaty(&item.text) {
                continue;
            }
            let found: Vec<String> = self
                .gazetteer
                .find_in(&item.text)
                .into_iter()
                .filter(|(_, e)| e.kind == EntityKind::Convention)
                .map(|(m, _)| m.text.to_string())
                .collect();
            let names = if found.is_empty() {
                item.links.clone()
            } else {
                found
            };
            for name in names {
                named.push(self.party_to(&name, Some(mode), item));
            }
        }
        named
    }

    /// Treaties named outside section 2.2: a PARTY_TO when the sentence states an act
    /// ("ratified", "signatory", "party to") or lists the treaty among instruments.
    pub(super) fn read_treaties_named(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            let treaties: Vec<String> = self
                .known_in(&item.text)
                .into_iter()
                .filter(|k| k.kind == EntityKind::Convention)
                .map(|k| k.text)
                .collect();
            if treaties.is_empty() || denies_treaty(&item.text) {
                continue;
            }
            let both = format!("{} {}", item.context, item.text);
            let mode = treaty_mode(&both);
            let stated = mode.is_some() || both.to_lowercase().contains("party") || item.bullet;
            for name in treaties {
                if stated {
                    named.push(self.party_to(&name, mode, item));
                }
            }
        }
        named
    }

    /// Relates the country to a treaty with what the sentence says of it.
    fn party_to(&mut self, name: &str, mode: Option<&str>, item: &Item) -> String {
        let (id, _) = match self.gazetteer.lookup(name) {
            Some(e) => {
                let id = e.id.clone();
                self.out.mentions.push((id.clone(), self.evidence(item)));
                (id, e.kind)
            }
            None => self.entity(name, EntityKind::Convention, item),
        };
        let conditions = CONDITIONS
            .as_ref()
            .and_then(|re| re.captures(&item.text))
            .and_then(|c| c.get(1))
            .map(|m| m.as_str().to_string());
        let articles: Vec<String> = ARTICLES
            .as_ref()
            .and_then(|re| re.captures(conditions.as_deref().unwrap_or("")))
            .and_then(|c| c.get(1))
            .map(|m| {
                m.as_str()
                    .split([',', ' '])
                    .filter(|a| !a.is_empty() && *a != "and")
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        // "a party to the Budapest Convention on Cybercrime since November 2013".
        let since = item.text.split_once(" since ").and_then(|(_, after)| {
            PartialDate::find_in_prose(after).or_else(|| PartialDate::find_year(after))
        });
        let country_id = self.country_id.clone();
        let statement = self.relate(RelationKind::PartyTo, &country_id, &id, item);
        statement.since = statement.since.or(since);
        if let Some(mode) = mode {
            statement.qualifiers.insert("mode".into(), json!(mode));
        }
        if let Some(conditions) = &conditions {
            statement
                .qualifiers
                .insert("declarations".into(), json!(conditions));
            let none = conditions.to_lowercase().starts_with("no ");
            statement.qualifiers.insert(
                "reservations".into(),
                json!(if none { "none" } else { conditions.as_str() }),
            );
        }
        if !articles.is_empty() {
            statement
                .qualifiers
                .insert("articles".into(), json!(articles));
        }
        id
    }

    /// Section 1.5.4: bodies the country (or one of its CERTs or agencies) belongs to or
    /// takes part in. List entries take their verb and member from the sentence that
    /// introduced them.
    pub(super) fn read_memberships(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            let clause = if item.bullet {
                item.context.as_str()
            } else {
                item.text.as_str()
            };
            if is_negative(&item.text) || (item.bullet && is_negative(clause)) {
                continue;
            }
            let Some(relation) = membership(clause) else {
                continue;
            };
            let mut bodies: Vec<String> = self
                .known_in(&item.text)
                .into_iter()
                .filter(|k| matches!(k.kind, EntityKind::Organization | EntityKind::Program))
                .map(|k| k.id)
                .collect();
            for link in &item.links {
                if self.gazetteer.lookup(link).is_none() {
                    bodies.push(self.entity(link, EntityKind::Organization, item).0);
                }
            }
            let members = self.members_in(clause, item);
            for id in bodies {
                self.out.mentions.push((id.clone(), self.evidence(item)));
                for member in &members {
                    if *member != id {
                        self.relate(relation, member, &id, item);
                    }
                }
                named.push(id);
            }
        }
        named
    }

    /// Who is the member: the CERTs or agencies named before the verb ("CERT Australia is a
    /// member of APCERT"; "Sweden, through CERT-SE, …"), else the country.
    pub(super) fn members_in(&mut self, clause: &str, item: &Item) -> Vec<String> {
        let lower = clause.to_lowercase();
        let verb_at = [
            "member",
            "affiliated",
            "particip",
            "part of",
            "engages",
            "accredited",
        ]
        .iter()
        .filter_map(|w| lower.find(w))
        .min()
        .unwrap_or(0);
        let head = clause.get(..verb_at).unwrap_or("");
        let certs: Vec<String> = cert_names(head, &[])
            .into_iter()
            .filter(|c| self.gazetteer.lookup(&c.name).is_none())
            .map(|c| c.name)
            .collect();
        if !certs.is_empty() {
            return certs
                .iter()
                .map(|name| {
                    let rule = super::reader::KindRule::Fixed(EntityKind::Cert);
                    self.entity_with(name, rule, &[], item).0
                })
                .collect();
        }
        let known = self
            .out
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityKind::Cert | EntityKind::Agency))
            .find(|e| {
                std::iter::once(&e.name)
                    .chain(&e.aliases)
                    .any(|n| n.len() > 2 && head.contains(n.as_str()))
            })
            .map(|e| e.id.clone());
        vec![known.unwrap_or_else(|| self.country_id.clone())]
    }

    /// Section 1.5.1: partner countries (with the instrument, where named) and bodies.
    pub(super) fn read_cooperation(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            if is_negative(&item.text) {
                continue;
            }
            let instrument = INSTRUMENT
                .as_ref()
                .and_then(|re| re.find(&item.text))
                .map(|m| m.as_str().to_lowercase());
            // Another country's team is a partner of its own ("Romania CERT (CERT-RO)"):
            // the team, not its country, is what the country cooperates with.
            let teams = self.partner_teams(item);
            named.extend(teams.iter().map(|(id, _)| id.clone()));
            let taken: Vec<(usize, usize)> = teams.into_iter().map(|(_, span)| span).collect();
            let partners: Vec<&'static str> = country::find_in(&item.text)
                .iter()
                .filter(|m| !taken.iter().any(|&(s, e)| m.start >= s && m.end <= e))
                .filter(|m| !names_a_body(&item.text[..m.start], &item.text[m.end..]))
                .map(|m| *m.value)
                .filter(|iso2| *iso2 != self.country.iso2)
                .collect();
            for iso2 in partners {
                named.extend(self.partner(iso2, instrument.as_deref(), item));
            }
            let bodies: Vec<String> = self
                .known_in(&item.text)
                .into_iter()
                .filter(|k| k.kind != EntityKind::Convention)
                .map(|k| k.text)
                .collect();
            for name in bodies {
                named.push(self.name_for_country(&name, item));
            }
        }
        named
    }

    /// The teams of other countries an item names, each with the text it takes up: an
    /// entity of the team's own country, which has it (`HAS_CERT`), and with which this
    /// country cooperates. "United Kingdom CERT (CSIRTUK, and GovCertUK)" names the two teams
    /// in brackets; "Romania CERT (CERT-RO)" one team with two names.
    fn partner_teams(&mut self, item: &Item) -> Vec<(String, (usize, usize))> {
        let text = item.text.clone();
        let mut out = Vec::new();
        let found = cert_names(&text, &[]);
        let mut skip_until = 0;
        for (at, cert) in found.iter().enumerate() {
            if cert.start < skip_until || self.gazetteer.lookup(&cert.name).is_some() {
                continue;
            }
            // The names in the brackets right after this one.
            let inner: Vec<&CertName> = found[at + 1..]
                .iter()
                .take_while(|c| {
                    text.get(cert.end..c.start)
                        .is_some_and(|gap| gap.trim_start().starts_with('(') && !gap.contains(')'))
                })
                .collect();
            let close = text[cert.end..].find(')').map(|i| cert.end + i + 1);
            let names = |cs: &[&CertName]| -> Vec<String> {
                cs.iter()
                    .flat_map(|c| {
                        // "CSIRTUK, and GovCertUK": two teams in one bracket.
                        let pieces: Vec<String> = c
                            .name
                            .split([',', ';'])
                            .flat_map(|p| p.split(" and "))
                            .map(|p| p.trim().trim_start_matches("and ").trim().to_string())
                            .filter(|p| !p.is_empty())
                            .collect();
                        let one_word_each = pieces.iter().all(|p| !p.contains(' '));
                        match pieces.len() > 1 && one_word_each {
                            true => pieces,
                            false => vec![c.name.clone()],
                        }
                    })
                    .collect()
            };
            let inner = names(&inner);
            let (teams, alias): (Vec<String>, Option<&str>) = match inner.as_slice() {
                [] => (vec![cert.name.clone()], cert.alias.as_deref()),
                [one] => (vec![cert.name.clone()], Some(one.as_str())),
                many => (many.to_vec(), None),
            };
            skip_until = close.filter(|_| !inner.is_empty()).unwrap_or(cert.end);
            for team in teams {
                let Some(iso2) = cert_country(&team).or_else(|| alias.and_then(cert_country))
                else {
                    continue;
                };
                if iso2 == self.country.iso2 {
                    continue;
                }
                let alias = alias.filter(|a| *a != team);
                let id = self.foreign_cert(&team, alias, iso2, item);
                out.push((id, (cert.start, skip_until.max(cert.end))));
            }
        }
        out
    }

    /// Adds another country's team, related to its country and to this one.
    fn foreign_cert(&mut self, name: &str, alias: Option<&str>, iso2: &str, item: &Item) -> String {
        let id = entity_id(EntityKind::Cert, Some(iso2), name);
        let evidence = self.evidence(item);
        match self.out.entities.iter_mut().find(|e| e.id == id) {
            Some(known) => alias.into_iter().for_each(|a| known.add_alias(a)),
            None => {
                let mut team = Entity::new(id.clone(), EntityKind::Cert, name);
                team.country = Some(iso2.to_string());
                alias.into_iter().for_each(|a| team.add_alias(a));
                self.out.entities.push(team);
            }
        }
        self.out.mentions.push((id.clone(), evidence));
        if let Some(owner) = self.ensure_country(iso2, item) {
            self.relate(RelationKind::HasCert, &owner, &id, item);
        }
        let country_id = self.country_id.clone();
        self.relate(RelationKind::CooperatesWith, &country_id, &id, item);
        id
    }

    /// The entity of another country named in this document, added once.
    fn ensure_country(&mut self, iso2: &str, item: &Item) -> Option<String> {
        let partner = country::resolve(iso2)?;
        let id = format!("country:{}", partner.iso2);
        if !self.out.entities.iter().any(|e| e.id == id) {
            self.out.entities.push(super::country_entity(&partner));
        }
        self.out.mentions.push((id.clone(), self.evidence(item)));
        Some(id)
    }

    fn partner(&mut self, iso2: &str, instrument: Option<&str>, item: &Item) -> Option<String> {
        let id = self.ensure_country(iso2, item)?;
        let country_id = self.country_id.clone();
        let statement = self.relate(RelationKind::CooperatesWith, &country_id, &id, item);
        if let Some(instrument) = instrument {
            statement
                .qualifiers
                .insert("instrument".into(), json!(instrument));
        }
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn treaty_modes_as_profiles_word_them() {
        assert_eq!(
            treaty_mode("Pakistan has acceded, with no declarations"),
            Some("ACCEDED")
        );
        assert_eq!(
            treaty_mode("Nauru signed but did not ratify articles 2 and 3"),
            Some("SIGNED")
        );
        assert_eq!(
            treaty_mode("Russia has signed but not ratified (as of 14th December 2014)"),
            Some("SIGNED")
        );
        assert_eq!(
            treaty_mode("Tunisia has signed and ratified, with no declarations"),
            Some("RATIFIED")
        );
        assert_eq!(
            treaty_mode("Hungary is signatory to Council of Europe Convention on Cybercrime"),
            Some("SIGNED")
        );
        assert!(denies_treaty(
            "South Sudan has not acceded to articles 16, 17(e) and 34(c)"
        ));
        assert!(denies_treaty(
            "There is no information on whether Palau has acceded to the Convention"
        ));
        assert!(!denies_treaty(
            "Nauru signed but did not ratify articles 2 and 3"
        ));
    }
}
