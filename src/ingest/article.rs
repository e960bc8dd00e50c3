//! The article extractor: deterministic sentence rules over free text (news, press
//! releases). Each fact carries its sentence as evidence, the name of the rule that produced
//! it and a confidence below 1.0.
//!
//! Rules, in the order they run on each sentence:
//! - `named-entity`: names of laws, policies, agencies, programmes by their head word, with an
//!   acronym defined right after them ("Prevention of Electronic Crime Act (PECA), 2016")
//!   becoming an alias and a following year the date; later bare acronyms resolve to them;
//! - `approval`: "approval to / approved / enacted / promulgated X" → country ENACTED X;
//! - `dated-instrument`: a law or policy given with its year → ENACTED / ADOPTED since then;
//! - `issued-under`: "under section N[, read with section M] of X" → ISSUED_UNDER, `sections`;
//! - `in-compliance-with`: "in compliance with X" → COMPLIES_WITH;
//! - `formulated-by`: an agency formulating / drafting X → RESPONSIBLE_FOR;
//! - `designated-organization`: an agency designated to deal with cyber security → HAS_AGENCY;
//! - `to-be-established`: "a X council will be established" → the instrument ESTABLISHES it;
//! - `cert-kinds`: a list of "… CERT" kinds defined by the instrument (an attribute).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::country;
use super::gazetteer::Gazetteer;
use super::names::{kind_of_name, named_phrases};
use super::text::{lines, sentences, squash_spaces};
use super::DocumentMeta;
use crate::model::{
    entity_id, slug, Document, DocumentFormat, Entity, EntityKind, Evidence, EvidenceMethod,
    Extraction, IndicatorObservation, IndicatorStatus, PartialDate, RelationKind, Statement,
};

fn regex(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

static UNDER_SECTIONS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\bunder\s+sections?\s+(\d+[A-Z]?)((?:(?:\s*(?:,|and|read with)\s*)+(?:sections?\s+)?\d+[A-Z]?)*)\s+of\s+(?:the\s+)?",
    )
});
static SECTION_NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"\d+[A-Z]?"));
static ESTABLISHED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:an?|the)\s+((?:[A-Z][\w-]*\s+)*(?:council|committee|authority|agency|board|centre|center|unit|team|forum))\s+(?:will|shall|would)\s+be\s+(?:established|set up|created|formed)",
    )
});
static CERT_KIND: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"((?:[A-Z][a-z]+\s+){1,3})CERT\b"));

const CONFIDENCE_NAME: f64 = 0.9;
const CONFIDENCE_RELATION: f64 = 0.8;
const CONFIDENCE_CONTEXT: f64 = 0.6;

/// A sentence with where it starts.
struct Sentence {
    line: usize,
    text: String,
}

fn paragraph_sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph: Vec<(usize, String)> = Vec::new();
    let mut last_line = 0;
    let flush = |paragraph: &mut Vec<(usize, String)>, out: &mut Vec<Sentence>| {
        if let Some((first, _)) = paragraph.first() {
            let joined = paragraph
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            for s in sentences(&squash_spaces(&joined)) {
                out.push(Sentence {
                    line: *first,
                    text: s,
                });
            }
        }
        paragraph.clear();
    };
    for line in lines(text) {
        if line.number > last_line + 1 {
            flush(&mut paragraph, &mut out);
        }
        last_line = line.number;
        paragraph.push((line.number, line.text));
    }
    flush(&mut paragraph, &mut out);
    out
}

/// A normalised key for matching mentions of one instrument: lower-case words, plural "s"
/// dropped, years, "the" and punctuation ignored ("CERT Rules – 2023" ~ "CERTs Rule").
fn match_key(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .filter(|w| w != "the" && !(w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())))
        .map(|w| w.strip_suffix('s').map(str::to_string).unwrap_or(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An entity being assembled from its mentions across the article.
struct Draft {
    kind: EntityKind,
    surfaces: Vec<String>,
    acronym: Option<String>,
    year: Option<PartialDate>,
    keys: Vec<String>,
    mentions: Vec<usize>,
    long_names: Vec<String>,
}

impl Draft {
    fn display_name(&self) -> String {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &self.surfaces {
            *counts.entry(s.as_str()).or_insert(0) += 1;
        }
        let best = counts
            .iter()
            .max_by_key(|(s, n)| (**n, s.len()))
            .map(|(s, _)| s.to_string())
            .unwrap_or_default();
        match self.year {
            Some(year)
                if PartialDate::find_year(&best).is_none() && self.kind != EntityKind::Agency =>
            {
                format!("{best} {}", year.year_value())
            }
            _ => best,
        }
    }

    fn id(&self, iso2: Option<&str>) -> String {
        let base = match (&self.acronym, self.year) {
            (Some(acronym), Some(year)) => format!("{acronym} {}", year.year_value()),
            (Some(acronym), None) => acronym.clone(),
            _ => self.display_name(),
        };
        let scope = self.kind.is_country_scoped().then_some(iso2).flatten();
        match scope {
            Some(_) => entity_id(self.kind, scope, &base),
            None => format!("{}:{}", self.kind.id_prefix(), slug(&base)),
        }
    }
}

/// Extracts what an article states. Never fails: a text with no recognisable facts gives an
/// extraction that holds only its document.
pub fn extract(text: &str, name: &str, meta: &DocumentMeta, gazetteer: &Gazetteer) -> Extraction {
    let sentences = paragraph_sentences(text);
    let iso2 = meta
        .country
        .as_deref()
        .and_then(country::resolve)
        .or_else(|| {
            country::find_in(text)
                .first()
                .and_then(|m| country::resolve(m.value))
        });
    let published = meta.published;
    let (published, inferred) = match published {
        Some(d) => (Some(d), false),
        None => (
            sentences
                .iter()
                .filter_map(|s| PartialDate::find_year(&s.text))
                .max(),
            true,
        ),
    };
    let stem = name.rsplit('/').next().unwrap_or(name);
    let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    let document = Document {
        id: meta
            .id
            .clone()
            .unwrap_or_else(|| format!("doc:{}", slug(stem))),
        title: meta.title.clone().unwrap_or_else(|| {
            sentences
                .first()
                .map(|s| s.text.chars().take(80).collect())
                .unwrap_or_else(|| stem.to_string())
        }),
        format: DocumentFormat::Article,
        published,
        published_inferred: inferred,
        publisher: meta.publisher.clone(),
        country: iso2.as_ref().map(|c| c.iso2.to_string()),
        path: Some(name.to_string()),
    };
    let evidence = |sentence: &Sentence, rule: &str, confidence: f64| Evidence {
        document: document.id.clone(),
        section: None,
        excerpt: sentence.text.clone(),
        method: EvidenceMethod::ArticleExtractor,
        confidence,
        rule: Some(rule.to_string()),
        line: Some(sentence.line),
    };

    // Pass 1: entity drafts from names and acronyms, merged by acronym and match key.
    let mut drafts: Vec<Draft> = Vec::new();
    let mut per_sentence: Vec<Vec<usize>> = Vec::new();
    for (si, sentence) in sentences.iter().enumerate() {
        let mut here = Vec::new();
        for phrase in named_phrases(&sentence.text) {
            if matches!(phrase.kind, EntityKind::Convention)
                || gazetteer.lookup(&phrase.name).is_some()
            {
                continue;
            }
            let kind = kind_of_name(&phrase.name)
                .filter(|k| *k != EntityKind::Cert || phrase.kind == EntityKind::Cert)
                .unwrap_or(phrase.kind);
            // A year right after the acronym or the name: "(PECA), 2016".
            let after = sentence
                .text
                .split(phrase.acronym.as_deref().unwrap_or(&phrase.name))
                .nth(1)
                .unwrap_or("");
            let year = after
                .trim_start_matches([')', ','])
                .split_whitespace()
                .next()
                .and_then(PartialDate::find_year)
                .or_else(|| PartialDate::find_year(&phrase.name));
            let mut keys = vec![match_key(&phrase.name)];
            if let Some(short) = &phrase.short_form {
                keys.push(match_key(short));
            }
            let existing = drafts.iter().position(|d| {
                d.kind == kind
                    && (d.keys.iter().any(|k| keys.contains(k))
                        || phrase.acronym.is_some() && d.acronym == phrase.acronym)
            });
            let at = match existing {
                Some(at) => at,
                None => {
                    drafts.push(Draft {
                        kind,
                        surfaces: Vec::new(),
                        acronym: None,
                        year: None,
                        keys: Vec::new(),
                        mentions: Vec::new(),
                        long_names: Vec::new(),
                    });
                    drafts.len() - 1
                }
            };
            let draft = &mut drafts[at];
            let surface = PartialDate::find_year(&phrase.name)
                .map(|y| {
                    phrase
                        .name
                        .replace(&y.year_value().to_string(), "")
                        .trim_end_matches([' ', '-', '–'])
                        .to_string()
                })
                .unwrap_or_else(|| phrase.name.clone());
            draft.surfaces.push(
                phrase
                    .short_form
                    .clone()
                    .map(|s| s.replace("CERTs", "CERT"))
                    .map(|s| {
                        PartialDate::find_year(&s)
                            .map(|y| {
                                s.replace(&y.year_value().to_string(), "")
                                    .trim()
                                    .to_string()
                            })
                            .unwrap_or(s)
                    })
                    .map(|s| {
                        if s.ends_with(" Rule") {
                            format!("{s}s")
                        } else {
                            s
                        }
                    })
                    .unwrap_or(surface),
            );
            if phrase.short_form.is_some() && !draft.long_names.contains(&phrase.name) {
                draft.long_names.push(phrase.name.clone());
            }
            draft.acronym = draft.acronym.clone().or(phrase.acronym.clone());
            draft.year = draft.year.or(year);
            for k in keys {
                if !draft.keys.contains(&k) {
                    draft.keys.push(k);
                }
            }
            draft.mentions.push(si);
            here.push(at);
        }
        // Bare acronyms defined earlier ("the PECA").
        for (at, draft) in drafts.iter_mut().enumerate() {
            let Some(acronym) = &draft.acronym else {
                continue;
            };
            let bare = sentence
                .text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == acronym);
            if bare && !here.contains(&at) {
                draft.mentions.push(si);
                here.push(at);
            }
        }
        // Lower-case "a CERT council will be established".
        if let Some(caps) = ESTABLISHED
            .as_ref()
            .and_then(|re| re.captures(&sentence.text))
        {
            if let Some(m) = caps.get(1) {
                let name = m
                    .as_str()
                    .split_whitespace()
                    .map(|w| {
                        let mut c = w.chars();
                        c.next()
                            .map(|f| f.to_uppercase().chain(c).collect::<String>())
                            .unwrap_or_default()
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                let kind = kind_of_name(&name)
                    .filter(|k| *k != EntityKind::Cert)
                    .unwrap_or(EntityKind::Agency);
                drafts.push(Draft {
                    kind,
                    surfaces: vec![name.clone()],
                    acronym: None,
                    year: None,
                    keys: vec![match_key(&name)],
                    mentions: vec![si],
                    long_names: Vec::new(),
                });
                here.push(drafts.len() - 1);
            }
        }
        per_sentence.push(here);
    }

    let country_id = iso2.as_ref().map(|c| format!("country:{}", c.iso2));
    let scope = iso2.as_ref().map(|c| c.iso2);
    let ids: Vec<String> = drafts.iter().map(|d| d.id(scope)).collect();
    let mut out = Extraction {
        document: Some(document.clone()),
        ..Extraction::default()
    };
    for (draft, id) in drafts.iter().zip(&ids) {
        let mut entity = Entity::new(id.clone(), draft.kind, draft.display_name());
        entity.country = draft
            .kind
            .is_country_scoped()
            .then(|| scope.map(str::to_string))
            .flatten();
        if let Some(acronym) = &draft.acronym {
            entity.add_alias(acronym);
        }
        for surface in draft.surfaces.iter().chain(&draft.long_names) {
            entity.add_alias(surface);
        }
        for si in &draft.mentions {
            out.mentions.push((
                id.clone(),
                evidence(&sentences[*si], "named-entity", CONFIDENCE_NAME),
            ));
        }
        out.entities.push(entity);
    }
    if let (Some(code), Some(cid)) = (&iso2, &country_id) {
        let mut c = Entity::new(cid.clone(), EntityKind::Country, code.name.clone());
        c.country = Some(code.iso2.to_string());
        out.entities.push(c);
        if let Some(s) = sentences.iter().find(|s| {
            country::find_in(&s.text)
                .iter()
                .any(|m| *m.value == code.iso2)
        }) {
            out.mentions
                .push((cid.clone(), evidence(s, "country-named", CONFIDENCE_NAME)));
        }
    }

    // The principal instrument: the law mentioned most often.
    let principal = drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == EntityKind::Law)
        .max_by_key(|(_, d)| d.mentions.len())
        .map(|(i, _)| i);

    // Pass 2: relations stated in each sentence.
    for (si, sentence) in sentences.iter().enumerate() {
        let here = &per_sentence[si];
        let lower = sentence.text.to_lowercase();
        let of_kind = |k: EntityKind| -> Vec<usize> {
            here.iter()
                .copied()
                .filter(|i| drafts[*i].kind == k)
                .collect()
        };
        let position = |i: usize| -> usize {
            let d = &drafts[i];
            d.surfaces
                .iter()
                .chain(d.acronym.iter())
                .filter_map(|s| sentence.text.find(s.as_str()))
                .min()
                .unwrap_or(usize::MAX)
        };

        // issued-under and in-compliance-with: the targets are named after the cue; the
        // subject is the remaining law of the sentence.
        let under = UNDER_SECTIONS
            .as_ref()
            .and_then(|re| re.captures(&sentence.text));
        let under_target = under.as_ref().and_then(|c| c.get(0)).and_then(|m| {
            of_kind(EntityKind::Law)
                .into_iter()
                .filter(|i| position(*i) >= m.end())
                .min_by_key(|i| position(*i))
        });
        let compliance_at = lower.find("in compliance with");
        let compliance_target = compliance_at.and_then(|at| {
            here.iter()
                .copied()
                .filter(|i| position(*i) > at && Some(*i) != under_target)
                .min_by_key(|i| position(*i))
        });
        let subject = of_kind(EntityKind::Law)
            .into_iter()
            .find(|i| Some(*i) != under_target && Some(*i) != compliance_target);
        if let (Some(caps), Some(target), Some(subject)) = (&under, under_target, subject) {
            let mut sections: Vec<String> = Vec::new();
            for m in [caps.get(1), caps.get(2)].into_iter().flatten() {
                if let Some(re) = SECTION_NUMBER.as_ref() {
                    sections.extend(re.find_iter(m.as_str()).map(|n| n.as_str().to_string()));
                }
            }
            let statement = Statement::new(
                RelationKind::IssuedUnder,
                &ids[subject],
                &ids[target],
                evidence(sentence, "issued-under", CONFIDENCE_RELATION),
            )
            .with("sections", json!(sections));
            out.statements.push(statement);
        }
        if let (Some(target), Some(subject)) = (compliance_target, subject) {
            out.statements.push(Statement::new(
                RelationKind::CompliesWith,
                &ids[subject],
                &ids[target],
                evidence(sentence, "in-compliance-with", CONFIDENCE_RELATION),
            ));
        }

        // approval / enactment of a law by the government.
        let approved = [
            "approval to",
            "approved",
            "enacted",
            "promulgated",
            "passed the",
            "adopted the",
        ]
        .iter()
        .any(|cue| lower.contains(cue));
        if let (true, Some(cid)) = (approved, &country_id) {
            for law in of_kind(EntityKind::Law) {
                let mut s = Statement::new(
                    RelationKind::Enacted,
                    cid,
                    &ids[law],
                    evidence(sentence, "approval", CONFIDENCE_RELATION),
                );
                s.since = published.filter(|_| !inferred);
                if let Some(body) = of_kind(EntityKind::Agency).into_iter().find(|a| {
                    drafts[*a].surfaces.iter().any(|s| {
                        s.contains("Cabinet") || s.contains("Parliament") || s.contains("Assembly")
                    })
                }) {
                    s.qualifiers
                        .insert("approvedBy".into(), json!(drafts[body].display_name()));
                }
                out.statements.push(s);
            }
        }

        // dated-instrument: a law or policy with its year, not already approved here.
        if let Some(cid) = &country_id {
            for i in here.iter().copied() {
                let d = &drafts[i];
                let relation = match d.kind {
                    EntityKind::Law if !approved => RelationKind::Enacted,
                    EntityKind::Policy => RelationKind::Adopted,
                    _ => continue,
                };
                let Some(year) = d.year else { continue };
                if out
                    .statements
                    .iter()
                    .any(|s| s.kind == relation && s.target == ids[i])
                {
                    continue;
                }
                let mut s = Statement::new(
                    relation,
                    cid,
                    &ids[i],
                    evidence(sentence, "dated-instrument", CONFIDENCE_CONTEXT + 0.1),
                );
                s.since = Some(year);
                out.statements.push(s);
            }
        }

        // formulated-by and designated-organization.
        let formulates = [
            "formulat",
            "drafted",
            "drafting",
            "prepared",
            "taking the lead",
        ]
        .iter()
        .any(|cue| lower.contains(cue));
        let designated = lower.contains("designated") || lower.contains("to deal with cyber");
        for agency in of_kind(EntityKind::Agency) {
            let name = drafts[agency].display_name();
            if name.contains("Cabinet") || name.contains("Parliament") {
                continue;
            }
            if formulates {
                for law in of_kind(EntityKind::Law)
                    .into_iter()
                    .filter(|l| Some(*l) != under_target && Some(*l) != compliance_target)
                {
                    if !out.statements.iter().any(|s| {
                        s.kind == RelationKind::ResponsibleFor
                            && s.source == ids[agency]
                            && s.target == ids[law]
                    }) {
                        out.statements.push(Statement::new(
                            RelationKind::ResponsibleFor,
                            &ids[agency],
                            &ids[law],
                            evidence(sentence, "formulated-by", CONFIDENCE_RELATION),
                        ));
                    }
                }
            }
            if let (true, Some(cid)) = (designated, &country_id) {
                let mut s = Statement::new(
                    RelationKind::HasAgency,
                    cid,
                    &ids[agency],
                    evidence(sentence, "designated-organization", CONFIDENCE_RELATION),
                )
                .with("responsibility", "cybersecurity")
                .with("designated", true);
                s.since = published.filter(|_| !inferred);
                out.statements.push(s);
            }
        }

        // to-be-established: established by the principal instrument.
        if ESTABLISHED
            .as_ref()
            .is_some_and(|re| re.is_match(&sentence.text))
        {
            if let Some(law) = principal {
                for created in here.iter().copied().filter(|i| {
                    matches!(
                        drafts[*i].kind,
                        EntityKind::Agency | EntityKind::Program | EntityKind::Cert
                    )
                }) {
                    out.statements.push(Statement::new(
                        RelationKind::Establishes,
                        &ids[law],
                        &ids[created],
                        evidence(sentence, "to-be-established", CONFIDENCE_CONTEXT),
                    ));
                }
            }
        }

        // cert-kinds: "National CERT, Government CERT, … and Provincial CERT".
        let kinds: Vec<String> = CERT_KIND
            .as_ref()
            .map(|re| {
                re.captures_iter(&sentence.text)
                    .filter_map(|c| c.get(0))
                    .map(|m| squash_spaces(m.as_str()))
                    .collect()
            })
            .unwrap_or_default();
        if kinds.len() >= 3 {
            if let Some(law) = principal {
                if let Some(entity) = out.entities.iter_mut().find(|e| e.id == ids[law]) {
                    entity.attributes.insert("certKinds".into(), json!(kinds));
                }
                out.mentions.push((
                    ids[law].clone(),
                    evidence(sentence, "cert-kinds", CONFIDENCE_CONTEXT),
                ));
            }
        }
    }

    // Indicator observations implied by what the article states.
    if let Some(cid) = &country_id {
        for statement in &out.statements {
            let code = match statement.kind {
                RelationKind::Enacted => {
                    let name = out
                        .entities
                        .iter()
                        .find(|e| e.id == statement.target)
                        .map(|e| e.name.to_lowercase())
                        .unwrap_or_default();
                    if ["crime", "criminal", "penal", "cyber"]
                        .iter()
                        .any(|w| name.contains(w))
                    {
                        "1.1.1"
                    } else {
                        "1.1.2"
                    }
                }
                RelationKind::Adopted => "1.3.1",
                RelationKind::HasAgency => "1.3.3",
                _ => continue,
            };
            out.indicators.push(IndicatorObservation {
                country: cid.clone(),
                code: code.to_string(),
                status: IndicatorStatus::Present,
                date: statement.since.or(published),
                entities: vec![statement.target.clone()],
                evidence: statement.evidence.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_keys_join_spellings_of_one_instrument() {
        assert_eq!(match_key("CERT Rules – 2023"), match_key("CERTs Rule"));
        assert_ne!(match_key("CERT Rules"), match_key("CERT Council"));
    }
}
