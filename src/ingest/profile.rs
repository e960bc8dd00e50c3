//! The ITU Cyberwellness Profile parser: title and country, background figures, the 21
//! indicator sections (1.1.1 … 2.4), the "Last updated on" date.
//!
//! Every section becomes an indicator observation (PRESENT when it names something or
//! describes a measure, ABSENT when it says there is none); every named thing becomes an
//! entity related to the country, with the section and verbatim excerpt as evidence.
//! Knows the layout, not the graph.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::country::{self, CountryCode};
use super::gazetteer::Gazetteer;
use super::names::{cert_tokens, kind_of_name, named_phrases};
use super::text::{lines, sentences, squash_spaces, strip_links, Line};
use super::{DocumentMeta, IngestError};
use crate::model::{
    entity_id, indicator, Document, DocumentFormat, Entity, EntityKind, Evidence, EvidenceMethod,
    Extraction, IndicatorDef, IndicatorObservation, IndicatorStatus, Observation, PartialDate,
    RelationKind, Statement, UnparsedLine, INDICATORS,
};

/// Whether `text` looks like a Cyberwellness Profile (its title within the first lines).
pub fn looks_like_profile(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(12)
        .any(|l| l.to_ascii_uppercase().contains("CYBERWELLNESS PROFILE"))
}

fn regex(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

static HEADING: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"^-?\s*(\d)(?:\.\s?(\d))?(?:\.\s?(\d))?\.?\s+([A-Z][A-Z &/,\-–']*)$"));
static NEGATIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(does not|do not|did not|doesn't|has not|have not|is not|are not|there is no|there are no|there was no|no information|no officially|no agency|no national|no specific|none\b|nil\b|not available|not yet|lacks?\b)",
    )
});
static INTRO: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)(through the following|following instruments?|the following (laws|legislation|instruments))",
    )
});
static FIGURE: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"([0-9][0-9 ,.]*[0-9]|[0-9])\s*(%)?"));
static PART_OF: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"^((?:Sections?|Articles?|Chapters?|Parts?|Titles?)\s+.+?)\s+of\s+(?:the\s+)?(.+)$")
});
static DEFINED_AS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"^((?:[A-Z0-9][\w&'’.-]*\s+){0,6}[A-Z0-9][\w&'’.-]*)\s+(?:is|was)\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,4}(?:project|programme|program|initiative|partnership|platform|service|hotline|helpline|portal|centre|center|campaign|framework|strategy|policy)\b",
    )
});
static HAS_PROGRAM: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"\b(?:has|runs|offers|operates|provides)\s+(?:a|an|the)\s+((?:[A-Z][\w-]*\s*)+)")
});
static ARTICLES: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"articles?\s+([0-9][0-9a-z() ,]*(?:and\s+[0-9][0-9a-z()]*)?)"));
static CONDITIONS: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\bwith\s+(.+?),\s+to\s+the\b"));
static INSTRUMENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(joint declaration|joint statement|memorandum of understanding|MoU|agreement|treaty|declaration|action plan|partnership)\b",
    )
});

fn is_negative(text: &str) -> bool {
    NEGATIVE.as_ref().is_some_and(|re| re.is_match(text))
}

/// One list item or sentence of a section, with link markup removed.
struct Item {
    line: usize,
    text: String,
    links: Vec<String>,
    bullet: bool,
}

fn is_bullet(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    if matches!(first, '-' | '•' | '*' | '·' | '\u{f0b7}' | '–' | '▪' | 'o') {
        let rest = &text[first.len_utf8()..];
        if first == 'o' && !rest.starts_with(' ') {
            return None;
        }
        // "-1.5.2" is a heading glued to a bullet, not a list item.
        if rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
            && rest.contains('.')
            && HEADING.as_ref().is_some_and(|re| re.is_match(rest.trim()))
        {
            return None;
        }
        return Some(rest.trim());
    }
    None
}

/// Groups a section's lines into bullet items and sentences of the running text.
fn items(lines: &[Line]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut paragraph: Vec<&Line> = Vec::new();
    let flush = |paragraph: &mut Vec<&Line>, out: &mut Vec<Item>| {
        if paragraph.is_empty() {
            return;
        }
        let first_line = paragraph[0].number;
        let joined = paragraph
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let (plain, _) = strip_links(&joined);
        for sentence in sentences(&squash_spaces(&plain)) {
            // Links are re-read per sentence so each keeps only its own.
            let links = linked_names_in(&joined, &sentence);
            out.push(Item {
                line: first_line,
                text: sentence,
                links,
                bullet: false,
            });
        }
        paragraph.clear();
    };
    for line in lines {
        if let Some(rest) = is_bullet(&line.text) {
            flush(&mut paragraph, &mut out);
            let (plain, links) = strip_links(rest);
            out.push(Item {
                line: line.number,
                text: squash_spaces(&plain),
                links,
                bullet: true,
            });
        } else if out.last().is_some_and(|i: &Item| i.bullet)
            && paragraph.is_empty()
            && line.text.starts_with(|c: char| c.is_lowercase())
        {
            // A bullet wrapped onto the next line.
            if let Some(last) = out.last_mut() {
                let (plain, links) = strip_links(&line.text);
                last.text = squash_spaces(&format!("{} {}", last.text, plain));
                last.links.extend(links);
            }
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut out);
    out
}

fn linked_names_in(marked_up: &str, sentence: &str) -> Vec<String> {
    let (_, links) = strip_links(marked_up);
    links
        .into_iter()
        .filter(|l| sentence.contains(l.as_str()))
        .collect()
}

/// What the parser found in one section, before it becomes statements.
struct SectionReader<'a> {
    def: &'static IndicatorDef,
    country: &'a CountryCode,
    country_id: String,
    document: &'a Document,
    gazetteer: &'a Gazetteer,
    out: &'a mut Extraction,
}

impl SectionReader<'_> {
    fn evidence(&self, item: &Item) -> Evidence {
        Evidence {
            document: self.document.id.clone(),
            section: Some(self.def.code.to_string()),
            excerpt: item.text.clone(),
            method: EvidenceMethod::ProfileParser,
            confidence: 1.0,
            rule: None,
            line: Some(item.line),
        }
    }

    /// Adds (or finds) the entity a name denotes and records the mention; returns its id.
    fn entity(&mut self, name: &str, fallback: EntityKind, item: &Item) -> (String, EntityKind) {
        let name = name.trim().trim_end_matches(['.', ';', ',', ':']).trim();
        let evidence = self.evidence(item);
        if let Some(known) = self.gazetteer.lookup(name) {
            let id = known.id.clone();
            self.out.mentions.push((id.clone(), evidence));
            return (id, known.kind);
        }
        // The same name already read from this document (PakCERT in 1.2.1 and 1.4.2).
        if let Some(existing) = self.out.entities.iter().find(|e| {
            e.name.eq_ignore_ascii_case(name)
                || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
        }) {
            let (id, kind) = (existing.id.clone(), existing.kind);
            self.out.mentions.push((id.clone(), evidence));
            return (id, kind);
        }
        let kind = kind_of_name(name)
            .filter(|k| *k != EntityKind::Convention)
            .unwrap_or(fallback);
        let scope = kind.is_country_scoped().then_some(self.country.iso2);
        let id = entity_id(kind, scope, name);
        let mut entity = Entity::new(id.clone(), kind, name);
        entity.country = scope.map(str::to_string);
        self.out.entities.push(entity);
        self.out.mentions.push((id.clone(), evidence));
        (id, kind)
    }

    fn relate(
        &mut self,
        kind: RelationKind,
        source: &str,
        target: &str,
        item: &Item,
    ) -> &mut Statement {
        let statement = Statement::new(kind, source, target, self.evidence(item));
        self.out.statements.push(statement);
        let last = self.out.statements.len() - 1;
        &mut self.out.statements[last]
    }

    /// The relation from the country to a thing of `kind` named in this section.
    fn country_relation(&self, kind: EntityKind) -> RelationKind {
        if kind == self.def.names {
            return self.def.relation;
        }
        match kind {
            EntityKind::Law => RelationKind::Enacted,
            EntityKind::Policy | EntityKind::Standard => RelationKind::Adopted,
            EntityKind::Cert => RelationKind::HasCert,
            EntityKind::Agency => RelationKind::HasAgency,
            EntityKind::Convention => RelationKind::PartyTo,
            EntityKind::Organization | EntityKind::Program => RelationKind::ParticipatesIn,
            EntityKind::Country => RelationKind::CooperatesWith,
            EntityKind::Document => RelationKind::Mentions,
        }
    }

    /// Relates the country to a named thing with this section's relation and qualifiers.
    fn name_for_country(&mut self, name: &str, item: &Item) -> String {
        let (id, kind) = self.entity(name, self.def.names, item);
        let relation = self.country_relation(kind);
        let responsibility = self.def.responsibility;
        let since = PartialDate::find_year(name)
            .filter(|_| kind == EntityKind::Law || kind == EntityKind::Policy);
        let country_id = self.country_id.clone();
        let statement = self.relate(relation, &country_id, &id, item);
        statement.since = since;
        if let (RelationKind::HasAgency, Some(r)) = (relation, responsibility) {
            statement
                .qualifiers
                .insert("responsibility".into(), json!(r));
        }
        id
    }

    fn read(&mut self, items: &[Item]) -> Vec<String> {
        match self.def.relation {
            RelationKind::Enacted => self.read_laws(items),
            RelationKind::HasCert => self.read_certs(items),
            RelationKind::PartyTo => self.read_conventions(items),
            RelationKind::MemberOf => self.read_memberships(items),
            _ if self.def.code == "1.5.1" => self.read_cooperation(items),
            _ => self.read_named(items),
        }
    }

    fn read_laws(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            let text = item.text.trim_end_matches(['.', ';', ',']).trim();
            if !item.bullet {
                for name in item.links.iter().cloned().chain(
                    named_phrases(&item.text)
                        .into_iter()
                        .filter(|p| p.kind == EntityKind::Law)
                        .map(|p| p.name),
                ) {
                    named.push(self.name_for_country(&name, item));
                }
                continue;
            }
            if text.is_empty() || is_negative(text) {
                continue;
            }
            let id = self.name_for_country(text, item);
            named.push(id.clone());
            let parent = PART_OF
                .as_ref()
                .and_then(|re| re.captures(text))
                .and_then(|c| c.get(2))
                .map(|m| m.as_str().to_string());
            if let Some(parent) = parent.filter(|p| kind_of_name(p) == Some(EntityKind::Law)) {
                let parent_id = self.name_for_country(&parent, item);
                self.relate(RelationKind::PartOf, &id, &parent_id, item);
                named.push(parent_id);
            }
        }
        named
    }

    fn read_certs(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            let mut names: Vec<String> = item.links.clone();
            for token in cert_tokens(&item.text) {
                if !names.iter().any(|n| n.contains(&token)) {
                    names.push(token);
                }
            }
            if names.is_empty() && is_negative(&item.text) {
                continue;
            }
            let lower = item.text.to_lowercase();
            let role = [
                ("national", "NATIONAL"),
                ("government", "GOVERNMENT"),
                ("military", "MILITARY"),
                ("academic", "ACADEMIC"),
                ("university", "ACADEMIC"),
                ("sectoral", "SECTORAL"),
                ("sector", "SECTORAL"),
                ("financial", "SECTORAL"),
                ("public", "PUBLIC"),
                ("private", "PRIVATE"),
            ]
            .iter()
            .find(|(word, _)| lower.contains(word))
            .map(|(_, role)| *role);
            let recognized = lower.contains("officially recogni");
            for name in names {
                let (id, kind) = self.entity(&name, EntityKind::Cert, item);
                let relation = self.country_relation(kind);
                let country_id = self.country_id.clone();
                let statement = self.relate(relation, &country_id, &id, item);
                if relation == RelationKind::HasCert {
                    if let Some(role) = role {
                        statement.qualifiers.insert("role".into(), json!(role));
                    }
                    statement
                        .qualifiers
                        .insert("recognized".into(), json!(recognized));
                }
                named.push(id);
            }
        }
        named
    }

    fn read_conventions(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            let lower = item.text.to_lowercase();
            let mode = if lower.contains("signed but") || lower.contains("not ratif") {
                Some("SIGNED")
            } else if lower.contains("acceded") || lower.contains("accession") {
                Some("ACCEDED")
            } else if lower.contains("ratified") || lower.contains("ratification") {
                Some("RATIFIED")
            } else if lower.contains("signed") {
                Some("SIGNED")
            } else {
                None
            };
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
            let Some(mode) = mode else { continue };
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
            for name in names {
                let (id, _) = self.entity(&name, EntityKind::Convention, item);
                let country_id = self.country_id.clone();
                let statement = self.relate(RelationKind::PartyTo, &country_id, &id, item);
                statement.qualifiers.insert("mode".into(), json!(mode));
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
                named.push(id);
            }
        }
        named
    }

    fn read_memberships(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            let lower = item.text.to_lowercase();
            let participates = lower.contains("participat");
            let mut names: Vec<String> = self
                .gazetteer
                .find_in(&item.text)
                .into_iter()
                .map(|(m, _)| m.text.to_string())
                .collect();
            for link in &item.links {
                if !names.iter().any(|n| n == link || link.contains(n.as_str()))
                    && self.gazetteer.lookup(link).is_none()
                {
                    names.push(link.clone());
                }
            }
            // A CERT or agency of this country named before "member" is the member.
            let member_at = lower
                .find("member")
                .or_else(|| lower.find("participat"))
                .unwrap_or(0);
            let subject = self
                .out
                .entities
                .iter()
                .filter(|e| matches!(e.kind, EntityKind::Cert | EntityKind::Agency))
                .find(|e| item.text[..member_at].contains(e.name.as_str()))
                .map(|e| e.id.clone())
                .unwrap_or_else(|| self.country_id.clone());
            for name in names {
                let (id, kind) = self.entity(&name, EntityKind::Organization, item);
                if id == subject || kind != EntityKind::Organization && kind != EntityKind::Program
                {
                    continue;
                }
                let relation = if participates || kind == EntityKind::Program {
                    RelationKind::ParticipatesIn
                } else {
                    RelationKind::MemberOf
                };
                self.relate(relation, &subject, &id, item);
                named.push(id);
            }
        }
        named
    }

    fn read_cooperation(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            let instrument = INSTRUMENT
                .as_ref()
                .and_then(|re| re.find(&item.text))
                .map(|m| m.as_str().to_lowercase());
            let partners: Vec<&'static str> = country::find_in(&item.text)
                .iter()
                .map(|m| *m.value)
                .filter(|iso2| *iso2 != self.country.iso2)
                .collect();
            for iso2 in partners {
                let Some(partner) = country::resolve(iso2) else {
                    continue;
                };
                let id = format!("country:{iso2}");
                if !self.out.entities.iter().any(|e| e.id == id) {
                    self.out.entities.push(country_entity(&partner));
                }
                self.out.mentions.push((id.clone(), self.evidence(item)));
                let country_id = self.country_id.clone();
                let statement = self.relate(RelationKind::CooperatesWith, &country_id, &id, item);
                if let Some(instrument) = &instrument {
                    statement
                        .qualifiers
                        .insert("instrument".into(), json!(instrument));
                }
                named.push(id);
            }
            let orgs: Vec<String> = self
                .gazetteer
                .find_in(&item.text)
                .into_iter()
                .map(|(m, _)| m.text.to_string())
                .collect();
            for name in orgs {
                named.push(self.name_for_country(&name, item));
            }
        }
        named
    }

    fn read_named(&mut self, items: &[Item]) -> Vec<String> {
        let mut named = Vec::new();
        for item in items {
            let negative = is_negative(&item.text);
            let mut names: Vec<String> = item.links.clone();
            if !negative {
                for phrase in named_phrases(&item.text) {
                    if !names
                        .iter()
                        .any(|n| n.contains(&phrase.name) || phrase.name.contains(n.as_str()))
                    {
                        names.push(phrase.name);
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
                let country_name = self.country.name.as_str();
                if !negative
                    && subject != country_name
                    && !names
                        .iter()
                        .any(|n| n.contains(&subject) || subject.contains(n.as_str()))
                {
                    names.push(subject);
                }
            }
            // CERTs and agencies this document already named, mentioned again without markup.
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
                names.push(item.text.trim_end_matches(['.', ';']).to_string());
            }
            // "[PakCERT] has a Security Awareness Public Services": a CERT or agency already
            // read from this document runs the programmes named with it.
            let runner = names.iter().find_map(|n| {
                self.out
                    .entities
                    .iter()
                    .find(|e| {
                        e.name == *n && matches!(e.kind, EntityKind::Cert | EntityKind::Agency)
                    })
                    .map(|e| e.id.clone())
            });
            let mut ids = Vec::new();
            for name in &names {
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
            named.extend(ids);
        }
        named
    }
}

fn country_entity(code: &CountryCode) -> Entity {
    let mut entity = Entity::new(
        format!("country:{}", code.iso2),
        EntityKind::Country,
        code.name.clone(),
    );
    entity.country = Some(code.iso2.to_string());
    entity.add_alias(code.iso2);
    entity.add_alias(code.iso3);
    entity.attributes.insert("iso2".into(), json!(code.iso2));
    entity.attributes.insert("iso3".into(), json!(code.iso3));
    entity
}

fn title_case(text: &str) -> String {
    text.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && matches!(lower.as_str(), "of" | "and" | "the") {
                lower
            } else {
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A parsed section heading: the code ("1.2.1") and the heading text.
fn heading(text: &str) -> Option<(String, String)> {
    let caps = HEADING.as_ref()?.captures(text.trim())?;
    let code = [caps.get(1), caps.get(2), caps.get(3)]
        .iter()
        .flatten()
        .map(|m| m.as_str())
        .collect::<Vec<_>>()
        .join(".");
    Some((code, caps.get(4)?.as_str().trim().to_string()))
}

fn figure(text: &str) -> Option<f64> {
    let caps = FIGURE.as_ref()?.captures(text)?;
    let digits = caps.get(1)?.as_str();
    // "179 951 000" and "179,951,000" group thousands; "10.90" is a decimal.
    let cleaned: String = digits
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    cleaned.parse().ok()
}

fn observation(
    measure: &str,
    unit: &str,
    label_line: &Line,
    source_line: Option<&Line>,
    document: &str,
) -> Option<Observation> {
    let after = label_line.text.split_once(':').map(|(_, v)| v)?;
    let value = figure(after)?;
    let (source, as_of) = match source_line {
        Some(line) => {
            let (plain, _) = strip_links(&line.text);
            let inner = plain.trim().trim_start_matches('(').trim_end_matches(')');
            let inner = inner
                .split_once(':')
                .map(|(_, v)| v)
                .unwrap_or(inner)
                .trim();
            let source = inner
                .rsplit_once(',')
                .map(|(s, _)| s)
                .unwrap_or(inner)
                .trim()
                .to_string();
            let as_of = PartialDate::find_in_prose(inner).or_else(|| PartialDate::find_year(inner));
            (Some(source), as_of)
        }
        None => (None, None),
    };
    let excerpt = match source_line {
        Some(s) => format!("{} {}", label_line.text, strip_links(&s.text).0),
        None => label_line.text.clone(),
    };
    Some(Observation {
        measure: measure.to_string(),
        value,
        unit: Some(unit.to_string()),
        as_of,
        source,
        evidence: Some(Evidence {
            document: document.to_string(),
            section: Some("background".to_string()),
            excerpt: squash_spaces(&excerpt),
            method: EvidenceMethod::ProfileParser,
            confidence: 1.0,
            rule: None,
            line: Some(label_line.number),
        }),
    })
}

/// Parses one profile. `path` names the file in errors; `meta` may supply a date or title
/// the text lacks.
pub fn parse(
    text: &str,
    path: &str,
    meta: &DocumentMeta,
    gazetteer: &Gazetteer,
) -> Result<Extraction, IngestError> {
    let lines = lines(text);
    let malformed = |line: usize, reason: String| IngestError::Malformed {
        file: path.to_string(),
        line,
        reason,
    };
    let title_at = lines
        .iter()
        .position(|l| {
            l.text
                .to_ascii_uppercase()
                .contains("CYBERWELLNESS PROFILE")
        })
        .ok_or_else(|| {
            malformed(
                1,
                "no 'CYBERWELLNESS PROFILE' title: not an ITU Cyberwellness Profile".into(),
            )
        })?;
    let title_line = lines[title_at].number;

    // The country name: the rest of the title line and the lines up to BACKGROUND.
    let mut name_parts = Vec::new();
    let mut name_line = None;
    let rest = lines[title_at]
        .text
        .to_ascii_uppercase()
        .replace("CYBERWELLNESS PROFILE", "");
    if !rest.trim().is_empty() {
        name_parts.push(rest.trim().to_string());
        name_line = Some(title_line);
    }
    let mut body_start = title_at + 1;
    for line in &lines[title_at + 1..] {
        let upper = line.text.to_ascii_uppercase();
        if upper.starts_with("BACKGROUND")
            || upper.starts_with("BACKROUND")
            || upper.starts_with("TOTAL POPULATION")
            || heading(&line.text).is_some()
        {
            break;
        }
        body_start += 1;
        if upper.starts_with("HTTP")
            || upper.contains(".PNG")
            || upper.contains(".SVG")
            || upper.contains("FLAG OF")
        {
            continue;
        }
        name_parts.push(line.text.trim().to_string());
        name_line = name_line.or(Some(line.number));
    }
    let title_name = squash_spaces(&name_parts.join(" "));
    let resolved = meta
        .country
        .as_deref()
        .and_then(country::resolve)
        .or_else(|| country::resolve(&title_name))
        .ok_or_else(|| {
            malformed(
                name_line.unwrap_or(title_line),
                format!("cannot resolve the country '{title_name}' to an ISO 3166 code"),
            )
        })?;

    let published = lines
        .iter()
        .rev()
        .find(|l| l.text.to_lowercase().contains("last updated"))
        .and_then(|l| PartialDate::find_in_prose(&l.text))
        .or(meta.published);
    let (published, inferred) = match published {
        Some(date) => (Some(date), false),
        None => (
            lines
                .iter()
                .filter_map(|l| PartialDate::find_year(&l.text))
                .max(),
            true,
        ),
    };
    let year = published
        .map(|d| d.year_value().to_string())
        .unwrap_or_else(|| "undated".into());
    let document = Document {
        id: meta.id.clone().unwrap_or_else(|| {
            format!("doc:itu-cwp-{}-{year}", resolved.iso2.to_ascii_lowercase())
        }),
        title: meta
            .title
            .clone()
            .unwrap_or_else(|| format!("ITU Cyberwellness Profile: {}", resolved.name)),
        format: DocumentFormat::ItuCyberwellnessProfile,
        published,
        published_inferred: inferred,
        publisher: Some(
            meta.publisher
                .clone()
                .unwrap_or_else(|| "International Telecommunication Union".into()),
        ),
        country: Some(resolved.iso2.to_string()),
        path: Some(path.to_string()),
    };

    let mut out = Extraction {
        document: Some(document.clone()),
        ..Extraction::default()
    };
    let mut country = country_entity(&resolved);
    if !title_name.is_empty() {
        let official = title_case(&title_name);
        country.add_alias(&official);
        country
            .attributes
            .insert("officialName".into(), json!(official));
    }

    // Background figures: each label line and the "(data source: …)" line after it.
    let body = &lines[body_start..];
    for (i, line) in body.iter().enumerate() {
        let upper = line.text.to_ascii_uppercase();
        if heading(&line.text).is_some_and(|(code, _)| code == "1") {
            break;
        }
        let source_after = |from: usize| {
            body[from + 1..]
                .iter()
                .take(2)
                .find(|l| l.text.to_lowercase().contains("data source"))
        };
        // Two layouts: one figure a line, or population and internet users side by side.
        if let Some(at) = upper.find("INTERNET USERS") {
            let label = Line {
                number: line.number,
                text: line.text[at..].to_string(),
            };
            let sources: Vec<&Line> = body[i + 1..]
                .iter()
                .take(3)
                .filter(|l| l.text.to_lowercase().contains("data source"))
                .collect();
            let source = if upper.contains("TOTAL POPULATION") {
                sources.get(1).copied()
            } else {
                source_after(i)
            };
            country.observations.extend(observation(
                "internetUsersPercent",
                "%",
                &label,
                source,
                &document.id,
            ));
        }
        if upper.contains("TOTAL POPULATION") {
            let text = match upper.find("INTERNET USERS") {
                Some(at) => line.text[..at].to_string(),
                None => line.text.clone(),
            };
            let label = Line {
                number: line.number,
                text,
            };
            country.observations.extend(observation(
                "population",
                "persons",
                &label,
                source_after(i),
                &document.id,
            ));
        }
    }
    let country_id = country.id.clone();
    out.mentions.push((
        country_id.clone(),
        Evidence {
            document: document.id.clone(),
            section: None,
            excerpt: lines[title_at..body_start]
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            method: EvidenceMethod::ProfileParser,
            confidence: 1.0,
            rule: None,
            line: Some(title_line),
        },
    ));
    out.entities.push(country);

    // Sections: a heading with a known indicator code opens one; its lines run to the next.
    let mut sections: Vec<(&'static IndicatorDef, Vec<Line>)> = Vec::new();
    let mut in_body = false;
    for line in body {
        if let Some((code, _)) = heading(line.text.trim_start_matches('-')) {
            in_body = true;
            match indicator(&code) {
                Some(def) => sections.push((def, Vec::new())),
                None if matches!(
                    code.as_str(),
                    "1" | "2" | "1.1" | "1.2" | "1.3" | "1.4" | "1.5"
                ) =>
                {
                    if code == "2" {
                        sections.push((&INDICATORS[INDICATORS.len() - 1], Vec::new()));
                        sections.pop();
                    }
                }
                None => out.unparsed.push(UnparsedLine {
                    line: line.number,
                    section: None,
                    text: line.text.clone(),
                }),
            }
            continue;
        }
        let lower = line.text.to_lowercase();
        let footer = lower.starts_with("disclaimer")
            || lower.starts_with("more information")
            || lower.contains("last updated")
            || lower.contains("itu.int");
        if footer {
            continue;
        }
        match sections.last_mut() {
            Some((_, section_lines)) if in_body => section_lines.push(line.clone()),
            _ => {
                let background = lower.contains("population")
                    || lower.contains("data source")
                    || lower.contains("internet users")
                    || lower.starts_with("background")
                    || lower.starts_with("backround");
                if !background {
                    out.unparsed.push(UnparsedLine {
                        line: line.number,
                        section: None,
                        text: line.text.clone(),
                    });
                }
            }
        }
    }

    let date = document.published;
    for (def, section_lines) in &sections {
        let section_items: Vec<Item> = items(section_lines)
            .into_iter()
            .filter(|i| {
                !INTRO.as_ref().is_some_and(|re| re.is_match(&i.text)) && !i.text.is_empty()
            })
            .collect();
        if section_items.is_empty() {
            continue;
        }
        let mut reader = SectionReader {
            def,
            country: &resolved,
            country_id: country_id.clone(),
            document: &document,
            gazetteer,
            out: &mut out,
        };
        let mut named = reader.read(&section_items);
        named.dedup();
        let any_negative = section_items.iter().any(|i| is_negative(&i.text));
        let status = if !named.is_empty() || !any_negative {
            IndicatorStatus::Present
        } else {
            IndicatorStatus::Absent
        };
        let evidence = section_items.iter().map(|i| reader.evidence(i)).collect();
        out.indicators.push(IndicatorObservation {
            country: country_id.clone(),
            code: def.code.to_string(),
            status,
            date,
            entities: named,
            evidence,
        });
    }
    Ok(out)
}
