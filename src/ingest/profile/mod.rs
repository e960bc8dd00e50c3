//! The ITU Cyberwellness Profile parser: title and country, background figures, the 21
//! indicator sections (1.1.1 … 2.4), the "Last updated on" date.
//!
//! Every section becomes an indicator observation whose status follows what its sentences
//! assert (`modality`): PRESENT when it names or asserts something in place, PARTIAL with a
//! stage for drafts, plans and work under way, ABSENT when it says there is none (or no longer
//! is), UNKNOWN when it says nobody knows. Every named thing becomes an entity related to the
//! country, with the section and verbatim excerpt as evidence, and the stage of the sentence
//! that named it. Lines the parser cannot place are reported as unparsed. Knows the layout,
//! not the graph.
//!
//! `layout` sorts lines into title, background, sections and footer; `background` reads the
//! figures; `items` turns section lines into list entries and sentences; `reader` and the
//! section rules (`laws`, `certs` with `cert_names`, `cooperation`, `named`) turn items into
//! facts; `modality` reads what each sentence asserts.

mod background;
mod cert_names;
mod certs;
mod cooperation;
mod items;
mod laws;
mod layout;
mod modality;
mod named;
mod reader;

use crate::resolve::judgements::Judgements;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::gazetteer::Gazetteer;
use super::names::{cert_tokens, kind_of_name};
use super::text::{lines, squash_spaces, Line};
use super::{DocumentMeta, IngestError};
use crate::model::{
    Document, DocumentFormat, Entity, EntityKind, Evidence, EvidenceMethod, Extraction,
    IndicatorDef, IndicatorObservation, PartialDate, RelationKind, Stage,
};
use crate::resolve::country::{self, CountryCode};
use items::Item;
use modality::{Counted, Modality};
use reader::{counts_for, SectionReader};

/// Whether `text` looks like a Cyberwellness Profile (its title within the first lines).
pub fn looks_like_profile(text: &str) -> bool {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(12)
        .any(|l| l.to_ascii_uppercase().contains("CYBERWELLNESS PROFILE"))
}

static INTRO: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(through the following|following instruments?|the following (laws|legislation|instruments))",
    )
    .ok()
});
static BRACKETED_ACRONYM: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\(([A-Z][A-Z0-9-]{1,9})\)").ok());

pub(super) fn country_entity(code: &CountryCode) -> Entity {
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

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "CÔTE D’IVOIRE" → "Côte D’Ivoire", "LAO PEOPLE’S …" → "Lao People’s …": an elided article
/// before an apostrophe keeps the next word capitalised.
fn title_case(text: &str) -> String {
    text.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && matches!(lower.as_str(), "of" | "and" | "the") {
                return lower;
            }
            match lower.split_once(['’', '\'']) {
                Some((head, tail)) if head.chars().count() == 1 => {
                    let apostrophe = &lower[head.len()..lower.len() - tail.len()];
                    format!("{}{apostrophe}{}", capitalised(head), capitalised(tail))
                }
                _ => capitalised(&lower),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The document's line step: 1, or 2 when the conversion doubled every line break
/// (`\r\r\n`). A larger gap between two lines is a blank line.
fn line_pitch(lines: &[Line]) -> usize {
    lines
        .windows(2)
        .map(|w| w[1].number - w[0].number)
        .min()
        .unwrap_or(1)
        .max(1)
}

/// Acronyms the document defines for something other than the gazetteer's entity of that
/// name ("Center for Information Security (CIS)", "Greek Cybercrime Centre (GCC)").
fn local_acronyms(lines: &[Line], gazetteer: &Gazetteer) -> BTreeSet<String> {
    let Some(re) = BRACKETED_ACRONYM.as_ref() else {
        return BTreeSet::new();
    };
    let mut out = BTreeSet::new();
    for line in lines {
        for caps in re.captures_iter(&line.text) {
            let (Some(whole), Some(acronym)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            let Some(entity) = gazetteer.lookup(acronym.as_str()) else {
                continue;
            };
            let before = line.text[..whole.start()]
                .trim_end()
                .trim_end_matches(['”', '"', ' '])
                .trim_end_matches("'s")
                .trim_end_matches("’s");
            let defined_as_itself = before.is_empty()
                || gazetteer
                    .find_in(before)
                    .iter()
                    .any(|(m, e)| e.id == entity.id && before[m.end..].trim().is_empty());
            if !defined_as_itself {
                out.insert(acronym.as_str().to_string());
            }
        }
    }
    out
}

/// The document date: the "Last updated on …" line, else the side-car's, else the latest
/// year the text mentions (marked as inferred).
fn document_date(lines: &[Line], meta: &DocumentMeta) -> (Option<PartialDate>, bool) {
    let stated = lines
        .iter()
        .rev()
        .find(|l| l.text.to_lowercase().contains("last updated"))
        .and_then(|l| PartialDate::find_in_prose(&l.text))
        .or(meta.published);
    match stated {
        Some(date) => (Some(date), false),
        None => (
            lines
                .iter()
                .filter_map(|l| PartialDate::find_year(&l.text))
                .max(),
            true,
        ),
    }
}

fn document(path: &str, meta: &DocumentMeta, country: &CountryCode, lines: &[Line]) -> Document {
    let (published, inferred) = document_date(lines, meta);
    let year = published
        .map(|d| d.year_value().to_string())
        .unwrap_or_else(|| "undated".into());
    Document {
        id: meta
            .id
            .clone()
            .unwrap_or_else(|| format!("doc:itu-cwp-{}-{year}", country.iso2.to_ascii_lowercase())),
        title: meta
            .title
            .clone()
            .unwrap_or_else(|| format!("ITU Cyberwellness Profile: {}", country.name)),
        format: DocumentFormat::ItuCyberwellnessProfile,
        published,
        published_inferred: inferred,
        publisher: Some(
            meta.publisher
                .clone()
                .unwrap_or_else(|| "International Telecommunication Union".into()),
        ),
        country: Some(country.iso2.to_string()),
        path: Some(path.to_string()),
    }
}

/// Parses one profile. `path` names the file in errors; `meta` may supply a date or title
/// the text lacks.
pub fn parse(
    text: &str,
    path: &str,
    meta: &DocumentMeta,
    gazetteer: &Gazetteer,
) -> Result<Extraction, IngestError> {
    parse_judged(text, path, meta, gazetteer, &Judgements::default())
}

/// [`parse`], keeping apart the variants a person judged different in `judgements`.
pub fn parse_judged(
    text: &str,
    path: &str,
    meta: &DocumentMeta,
    gazetteer: &Gazetteer,
    judgements: &Judgements,
) -> Result<Extraction, IngestError> {
    let lines = lines(text);
    let malformed = |line: usize, reason: String| IngestError::Malformed {
        file: path.to_string(),
        line,
        reason,
    };
    let found = layout::layout(&lines).ok_or_else(|| {
        malformed(
            1,
            "no 'CYBERWELLNESS PROFILE' title: not an ITU Cyberwellness Profile".into(),
        )
    })?;
    let title_line = lines.get(found.title.at).map_or(1, |l| l.number);
    let title_name = found.title.name.clone();
    let resolved = meta
        .country
        .as_deref()
        .and_then(country::resolve)
        .or_else(|| country::resolve(&title_name))
        .or_else(|| country::user_assigned(meta.country.as_deref()?, meta.country_name.as_deref()?))
        .ok_or_else(|| {
            malformed(
                found.title.name_line.unwrap_or(title_line),
                format!("cannot resolve the country '{title_name}' to an ISO 3166 code"),
            )
        })?;
    let document = document(path, meta, &resolved, &lines);
    let mut out = Extraction {
        document: Some(document.clone()),
        unparsed: found.unparsed.clone(),
        ..Extraction::default()
    };
    let mut country = country_entity(&resolved);
    if !title_name.is_empty() {
        let official = title_case(&country::natural_order(&title_name));
        country.add_alias(&official);
        country
            .attributes
            .insert("officialName".into(), json!(official));
    }
    let figures = background::read(&found.background, &document.id);
    country.observations.extend(figures.observations);
    out.unparsed.extend(figures.unparsed);
    let country_id = country.id.clone();
    out.mentions.push((
        country_id.clone(),
        Evidence {
            document: document.id.clone(),
            section: None,
            excerpt: squash_spaces(
                &lines[found.title.at..found.title.end]
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            method: EvidenceMethod::ProfileParser,
            confidence: 1.0,
            rule: None,
            line: Some(title_line),
            context: None,
        },
    ));
    out.entities.push(country);
    let context = Context {
        country: &resolved,
        country_id,
        document: &document,
        gazetteer,
        local_acronyms: local_acronyms(&lines, gazetteer),
        pitch: line_pitch(&lines),
    };
    for (def, section_lines) in &found.sections {
        read_section(def, section_lines, &context, &mut out);
    }
    // One node per thing: "Penal Code" in 1.1.1 and "Criminal Code (*)" in 2.1 are one law.
    crate::resolve::same::merge_variants(&mut out, &resolved.name, |a, b| {
        judgements.kept_apart(a, b)
    });
    out.unparsed.sort_by_key(|u| u.line);
    Ok(out)
}

/// What every section of one document is read against.
struct Context<'a> {
    country: &'a CountryCode,
    country_id: String,
    document: &'a Document,
    gazetteer: &'a Gazetteer,
    local_acronyms: BTreeSet<String>,
    pitch: usize,
}

/// The kind of an entity named in this document: its own entities by lookup, the global
/// ones (gazetteer bodies and treaties, partner countries) by their id prefix.
fn kind_of_id(id: &str, out: &Extraction) -> EntityKind {
    if let Some(e) = out.entities.iter().find(|e| e.id == id) {
        return e.kind;
    }
    let prefix = id.split(':').next().unwrap_or("");
    EntityKind::ALL
        .into_iter()
        .find(|k| k.id_prefix() == prefix)
        .unwrap_or(EntityKind::Organization)
}

/// Whether a piece of a run-together list is a name by itself, for the section at hand.
fn is_name_for(def_names: EntityKind, gazetteer: &Gazetteer, piece: &str) -> bool {
    let piece = piece.trim().trim_end_matches(['.', ',', ';']);
    if gazetteer.lookup(piece).is_some() || !cert_tokens(piece).is_empty() {
        return true;
    }
    match def_names {
        EntityKind::Law => kind_of_name(piece) == Some(EntityKind::Law),
        _ => kind_of_name(piece).is_some() || !gazetteer.find_in(piece).is_empty(),
    }
}

fn read_section(
    def: &'static IndicatorDef,
    section_lines: &[Line],
    context: &Context,
    out: &mut Extraction,
) {
    let is_name = |piece: &str| is_name_for(def.names, context.gazetteer, piece);
    let section_items: Vec<Item> = items::items(section_lines, context.pitch, &is_name)
        .into_iter()
        .filter(|i| !INTRO.as_ref().is_some_and(|re| re.is_match(&i.text)) && !i.text.is_empty())
        .collect();
    if section_items.is_empty() {
        return;
    }
    let first_statement = out.statements.len();
    let mut reader = SectionReader {
        def,
        country: context.country,
        country_id: context.country_id.clone(),
        document: context.document,
        gazetteer: context.gazetteer,
        local_acronyms: &context.local_acronyms,
        out,
    };
    let mut named = match def.relation {
        RelationKind::Enacted => reader.read_laws(&section_items),
        RelationKind::HasCert => reader.read_certs(&section_items),
        RelationKind::PartyTo => reader.read_conventions(&section_items),
        RelationKind::MemberOf => reader.read_memberships(&section_items),
        _ if def.code == "1.5.1" => reader.read_cooperation(&section_items),
        _ => reader.read_named(&section_items),
    };
    if def.relation != RelationKind::PartyTo {
        named.extend(reader.read_treaties_named(&section_items));
    }
    named.dedup();
    let mut modalities: Vec<Modality> = Vec::with_capacity(section_items.len());
    for item in &section_items {
        // A sentence cut by a page break ("… Ministry" / "of Interior, …") goes on saying
        // what its first half said.
        let continues = !item.bullet && item.text.starts_with(char::is_lowercase);
        let said = match modalities.last() {
            Some(previous) if continues => *previous,
            _ => modality::modality(&item.text, item.bullet, &item.context),
        };
        modalities.push(said);
    }
    let sentence_of = |line: Option<usize>, excerpt: &str| {
        section_items
            .iter()
            .position(|i| Some(i.line) == line && i.text == excerpt)
            .and_then(|at| modalities.get(at).copied())
    };
    stage_statements(def, first_statement, &sentence_of, reader.out);
    let counted = count_established(def, &named, &sentence_of, reader.out);
    let (status, stage) = modality::section_status(counted, &modalities);
    // The sentence that decides the status is quoted first; the others follow in order.
    let mut evidence: Vec<Evidence> = section_items.iter().map(|i| reader.evidence(i)).collect();
    if let Some(at) = modality::deciding(status, stage, &modalities) {
        if at < evidence.len() {
            let decisive = evidence.remove(at);
            evidence.insert(0, decisive);
        }
    }
    reader.out.indicators.push(IndicatorObservation {
        country: context.country_id.clone(),
        code: def.code.to_string(),
        status,
        stage,
        date: context.document.published,
        entities: named,
        evidence,
    });
}

/// Marks the relations a section read from sentences about drafts, plans, work under way or
/// things gone with that stage. A CERT or agency doing the work ("NISSA is currently developing
/// a strategy") is not itself in preparation, unless the section is about CERTs or agencies.
fn stage_statements(
    def: &IndicatorDef,
    first: usize,
    sentence_of: &dyn Fn(Option<usize>, &str) -> Option<Modality>,
    out: &mut Extraction,
) {
    let kinds: Vec<EntityKind> = out
        .statements
        .iter()
        .skip(first)
        .map(|s| kind_of_id(&s.target, out))
        .collect();
    for (statement, kind) in out.statements.iter_mut().skip(first).zip(kinds) {
        let doer = matches!(
            statement.kind,
            RelationKind::HasCert | RelationKind::HasAgency
        ) && kind != def.names;
        let Some(evidence) = statement.evidence.first() else {
            continue;
        };
        let stage = match sentence_of(evidence.line, &evidence.excerpt) {
            Some(Modality::Staged(stage)) => stage,
            Some(Modality::Defunct) => Stage::Defunct,
            _ => continue,
        };
        if statement.stage.is_none() && !doer {
            statement.stage = Some(stage);
        }
    }
}

/// How many things a section names stand as established: named in a sentence that does not
/// deny, doubt or stage them, and not only as a draft or plan.
fn count_established(
    def: &IndicatorDef,
    named: &[String],
    sentence_of: &dyn Fn(Option<usize>, &str) -> Option<Modality>,
    out: &Extraction,
) -> Counted {
    let in_section = |e: &Evidence| e.section.as_deref() == Some(def.code);
    let mut counted = Counted::default();
    for id in named {
        let kind = kind_of_id(id, out);
        if !counts_for(def, kind) {
            continue;
        }
        let established_mention = out.mentions.iter().any(|(m, e)| {
            m == id
                && in_section(e)
                && sentence_of(e.line, &e.excerpt).is_some_and(Modality::establishes)
        });
        let mut stated = out
            .statements
            .iter()
            .filter(|s| s.target == *id && s.evidence.iter().any(in_section))
            .peekable();
        let only_staged = stated.peek().is_some() && stated.all(|s| s.stage.is_some());
        if !established_mention || only_staged {
            continue;
        }
        if kind == def.names {
            counted.own += 1;
        } else {
            counted.other += 1;
        }
    }
    counted
}
