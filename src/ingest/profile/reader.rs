//! The reader of one indicator section: entities, relations with evidence, and the
//! indicator's status. The section-specific rules live beside it (`laws`, `certs`,
//! `cooperation`, `named`); this file holds what they share.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::items::Item;
use crate::ingest::gazetteer::Gazetteer;
use crate::ingest::names::{kind_of_name, named_phrases};
use crate::model::{
    entity_id, find_written_date, local_calendar, Calendar, Document, Entity, EntityKind, Evidence,
    EvidenceMethod, Extraction, IndicatorDef, RelationKind, Statement, WrittenDate,
};
use crate::resolve::clean::clean;
use crate::resolve::country::CountryCode;

static NEGATIVE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(does not|do not|did not|doesn't|has not|have not|is not|are not|there is no|there are no|there was no|there is still no|no information|revoked|repealed|no record|no officially|no agency|no national|no specific|none\b|nil\b|not available|not yet|lacks?\b)",
    )
    .ok()
});
/// Whether a sentence says something is missing.
pub(super) fn is_negative(text: &str) -> bool {
    NEGATIVE.as_ref().is_some_and(|re| re.is_match(text))
}

/// How the kind of a named thing is decided.
#[derive(Debug, Clone, Copy)]
pub(super) enum KindRule {
    /// From its head word, else this kind.
    Guess(EntityKind),
    /// This kind whatever its words say (a CERT called "National Authority against …").
    Fixed(EntityKind),
}

/// A gazetteer entity found in a sentence, where it stands.
pub(super) struct Known {
    pub id: String,
    pub kind: EntityKind,
    /// The words as they stand in the sentence.
    pub text: String,
}

/// Reads one section of one profile into the extraction.
pub(super) struct SectionReader<'a> {
    pub def: &'static IndicatorDef,
    pub country: &'a CountryCode,
    pub country_id: String,
    pub document: &'a Document,
    pub gazetteer: &'a Gazetteer,
    /// Acronyms this document defines for something other than the gazetteer's entity
    /// ("Greek Cybercrime Centre (GCC)"): not resolved through the gazetteer here.
    pub local_acronyms: &'a BTreeSet<String>,
    pub out: &'a mut Extraction,
}

impl SectionReader<'_> {
    pub fn evidence(&self, item: &Item) -> Evidence {
        Evidence {
            document: self.document.id.clone(),
            section: Some(self.def.code.to_string()),
            excerpt: item.text.clone(),
            method: EvidenceMethod::ProfileParser,
            confidence: 1.0,
            rule: None,
            line: Some(item.line),
            context: (item.bullet && !item.context.is_empty()).then(|| item.context.clone()),
        }
    }

    /// Adds (or finds) the entity a name denotes and records the mention; returns its id
    /// and kind.
    pub fn entity(
        &mut self,
        name: &str,
        fallback: EntityKind,
        item: &Item,
    ) -> (String, EntityKind) {
        self.entity_with(name, KindRule::Guess(fallback), &[], item)
    }

    /// Like [`SectionReader::entity`] with a kind rule and aliases (an acronym, a long form).
    pub fn entity_with(
        &mut self,
        name: &str,
        rule: KindRule,
        aliases: &[String],
        item: &Item,
    ) -> (String, EntityKind) {
        let raw = name.trim().trim_end_matches(['.', ';', ',', ':']).trim();
        // The name without the sentence, footnote or citation around it; an acronym given
        // with it is another name of the same thing.
        let cleaned = clean(raw);
        let name = if cleaned.name.is_empty() {
            raw
        } else {
            cleaned.name.as_str()
        };
        let aliases: Vec<String> = aliases.iter().chain(&cleaned.aliases).cloned().collect();
        let aliases = aliases.as_slice();
        let evidence = self.evidence(item);
        if let Some(known) = [raw, name]
            .into_iter()
            .chain(aliases.iter().map(String::as_str))
            .find_map(|n| self.gazetteer.lookup(n))
        {
            let id = known.id.clone();
            self.out.mentions.push((id.clone(), evidence));
            return (id, known.kind);
        }
        // The same name already read from this document (PakCERT in 1.2.1 and 1.4.2).
        let same = |e: &Entity, n: &str| {
            e.name.eq_ignore_ascii_case(n) || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(n))
        };
        let existing = self.out.entities.iter_mut().find(|e| {
            e.kind != EntityKind::Country
                && std::iter::once(name)
                    .chain(aliases.iter().map(String::as_str))
                    .any(|n| same(e, n))
        });
        if let Some(existing) = existing {
            for alias in aliases {
                existing.add_alias(alias);
            }
            let (id, kind) = (existing.id.clone(), existing.kind);
            self.out.mentions.push((id.clone(), evidence));
            return (id, kind);
        }
        let kind = match rule {
            KindRule::Fixed(kind) => kind,
            KindRule::Guess(fallback) => kind_of_name(name)
                .filter(|k| *k != EntityKind::Convention)
                .unwrap_or(fallback),
        };
        let scope = kind.is_country_scoped().then_some(self.country.iso2);
        let id = entity_id(kind, scope, name);
        let mut entity = Entity::new(id.clone(), kind, name);
        entity.country = scope.map(str::to_string);
        for alias in aliases {
            entity.add_alias(alias);
        }
        self.out.entities.push(entity);
        self.out.mentions.push((id.clone(), evidence));
        (id, kind)
    }

    /// Records a relation; a relation this item already stated is not repeated.
    pub fn relate(
        &mut self,
        kind: RelationKind,
        source: &str,
        target: &str,
        item: &Item,
    ) -> &mut Statement {
        let evidence = self.evidence(item);
        let at = self
            .out
            .statements
            .iter()
            .position(|s| {
                s.kind == kind
                    && s.source == source
                    && s.target == target
                    && s.evidence == [evidence.clone()]
            })
            .unwrap_or_else(|| {
                self.out
                    .statements
                    .push(Statement::new(kind, source, target, evidence));
                self.out.statements.len() - 1
            });
        &mut self.out.statements[at]
    }

    /// The relation from the country to a thing of `kind` named in this section.
    pub fn country_relation(&self, kind: EntityKind) -> RelationKind {
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
    pub fn name_for_country(&mut self, name: &str, item: &Item) -> String {
        let (id, kind) = self.entity(name, self.def.names, item);
        let relation = self.country_relation(kind);
        let responsibility = self.def.responsibility;
        let since = self
            .written_date(name)
            .filter(|_| kind == EntityKind::Law || kind == EntityKind::Policy);
        let country_id = self.country_id.clone();
        let statement = self.relate(relation, &country_id, &id, item);
        date_statement(statement, since);
        if let (RelationKind::HasAgency, Some(r)) = (relation, responsibility) {
            statement
                .qualifiers
                .insert("responsibility".into(), json!(r));
        }
        id
    }

    /// The date a name gives ("Federal Law … of 14.10.2014", "Children's Act, 2048"), read
    /// in the country's own calendar where its documents use one.
    pub fn written_date(&self, text: &str) -> Option<WrittenDate> {
        find_written_date(
            text,
            local_calendar(self.country.iso2),
            self.document.published,
        )
    }

    /// The gazetteer entities named in `text`, skipping mentions that name something else:
    /// a co-funder of a project ("EU/ITU co-funded"), the first words of a longer name
    /// ("the Commonwealth of Australia"), a word inside an event's name ("… for Europe and
    /// CIS") and an acronym this document defines for something local.
    pub fn known_in(&self, text: &str) -> Vec<Known> {
        let events: Vec<(usize, usize)> = event_spans(text);
        self.gazetteer
            .find_in(text)
            .into_iter()
            .filter(|(m, _)| !self.local_acronyms.contains(m.text))
            .filter(|(m, _)| !is_co_funder(&text[m.end..]))
            .filter(|(m, _)| !continues_name(m.text, &text[m.end..]))
            .filter(|(m, _)| !events.iter().any(|&(s, e)| m.start > s && m.end <= e))
            .map(|(m, e)| Known {
                id: e.id.clone(),
                kind: e.kind,
                text: m.text.to_string(),
            })
            .collect()
    }
}

/// Sets when a relation began from the date its name gives; a date written in another
/// calendar keeps its words (`sinceAsWritten`) and the calendar's name (`calendar`).
pub(super) fn date_statement(statement: &mut Statement, written: Option<WrittenDate>) {
    let Some(written) = written else {
        return;
    };
    statement.since = Some(written.date);
    if written.calendar != Calendar::Gregorian {
        statement
            .qualifiers
            .insert("sinceAsWritten".into(), json!(written.original));
        statement
            .qualifiers
            .insert("calendar".into(), json!(written.calendar.as_str()));
    }
}

/// "/ITU co-funded project": the name before it is a funder, not a membership.
fn is_co_funder(after: &str) -> bool {
    let after = after
        .strip_prefix('/')
        .map(|r| r.trim_start_matches(|c: char| c.is_alphanumeric()))
        .unwrap_or(after)
        .trim_start();
    after.starts_with("co-funded") || after.starts_with("funded")
}

/// The match is the start of a longer, different name ("the Commonwealth of Australia",
/// "the Commonwealth Telecommunication Organisation") or names a region ("Europe and CIS
/// countries").
fn continues_name(found: &str, after: &str) -> bool {
    let of_name = after
        .strip_prefix(" of ")
        .is_some_and(|r| r.starts_with(char::is_uppercase));
    let the_name = found.to_lowercase().starts_with("the ")
        && after
            .strip_prefix(' ')
            .is_some_and(|r| r.starts_with(char::is_uppercase));
    let region = after.starts_with(" countries") || after.starts_with(" region");
    of_name || the_name || region
}

/// The spans of programme, forum and project names ("ITU Regional Forum on Cybersecurity for
/// Europe and CIS"), as byte offsets.
fn event_spans(text: &str) -> Vec<(usize, usize)> {
    named_phrases(text)
        .into_iter()
        .filter(|p| p.kind == EntityKind::Program)
        .filter_map(|p| {
            let first = p.name.split_whitespace().next()?;
            let start = text.find(first)?;
            let last = p.name.split_whitespace().last()?;
            let end = text[start..].find(last).map(|at| start + at + last.len())?;
            Some((start, end))
        })
        .collect()
}

/// Whether a thing named in a section makes it PRESENT: sections about a country's own
/// laws, CERTs or agencies count only what belongs to the country; the cooperation and
/// convention sections count organizations, partners and treaties too.
pub(super) fn counts_for(def: &IndicatorDef, kind: EntityKind) -> bool {
    !def.names.is_country_scoped() || kind.is_country_scoped()
}
