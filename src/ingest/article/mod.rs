//! The article extractor: deterministic sentence rules over news and press texts. Every fact
//! carries its sentence as evidence, the name of the rule that produced it and a confidence
//! below 1.0; a text with no recognisable facts gives an extraction holding only its document.
//!
//! Reading (`source`): a JSON, YAML or `key: value` front matter is set aside and gives the
//! title, publisher and date; Markdown and HTML markup and reference sections are dropped;
//! paragraphs are split into sentences that keep their line.
//!
//! Names (`heads`, `mentions`, `entities`), evidence rule `named-entity`:
//! - names of laws, policies, agencies, programmes, standards and CERTs by their head word
//!   ("… Act", "… Strategy", "Ministry of …", "… Response Team"); CERT acronyms ("BruCERT",
//!   "CERT-UK", "Nam-CSIRT"); international bodies and treaties through the gazetteer,
//!   including CERT long forms it knows by acronym ("OIC Computer Emergency Response Team" →
//!   `org:oic-cert`);
//! - acronym definitions: "Prevention of Electronic Crime Act (PECA), 2016" makes PECA an
//!   alias and 2016 the year; a later bare "PECA" is the same entity; "X, commonly known as Y"
//!   and "Y is the X" join two names of one CERT or agency;
//! - a capitalised phrase defining an acronym without a head word ("National Intelligence
//!   Estimate (NIE)") takes the kind of the list it stands in, or is left out;
//! - the date written with a law or policy ("Rule 2023", "(NCSP), 2021", ", published in
//!   2011", "(NSS) 2024–2029") is its year, and a range its `period`;
//! - ids follow the project scheme: kind, country, acronym + year or name (`law:PK:peca-2016`,
//!   `cert:BN:brucert`); a name holding another country's name belongs to that country;
//! - `country-named`: the sentence first naming the article's country.
//!
//! Relations (`rules`), per sentence:
//! - `issued-under`: "under section N[, read with section M] of X" → ISSUED_UNDER, `sections`;
//! - `in-compliance-with`: "in compliance with X" → COMPLIES_WITH;
//! - `approval`: "approval to / approved / enacted / adopted / published / unveiled X" → the
//!   country ENACTED a law or ADOPTED a policy, since a date written after the cue, else the
//!   instrument's own date (the publication date when it falls inside it);
//! - `dated-instrument`: a law or policy written with its date → ENACTED / ADOPTED since then;
//! - `formulated-by`: an agency formulating / drafting / taking the lead on X → RESPONSIBLE_FOR;
//! - `designated-organization`: an agency designated to deal with cyber security → HAS_AGENCY
//!   (`responsibility: cybersecurity`);
//! - `to-be-established`: "a X council will be established" → the principal law ESTABLISHES it;
//! - `formed-under`: "formed / established … in response to / under / pursuant to X" → X
//!   ESTABLISHES the CERT or agency;
//! - `established-on`: "established / formed / founded / set up … `<date>`" about a CERT or
//!   agency → the `since` of its HAS_CERT / HAS_AGENCY (no statement of its own);
//! - `member-of`: "affiliated with / a member of / joined" bodies the gazetteer knows →
//!   MEMBER_OF;
//! - `hosted-by`: "its host organization is X", "hosted / run by X", "falls under X", "X, under
//!   which the Y falls" → X RUNS Y (and X is an agency);
//! - `cert-kinds`: a list of three or more "… CERT" kinds → the principal law's `certKinds`.
//!
//! - `party-to`: "A, B and C acceded to / ratified / signed the T", "ratified by … including
//!   A and B" → PARTY_TO with `mode`;
//! - `cooperates-with`: an MoU or agreement signed "between X and Y", "X signed … with Y",
//!   "X and Y signed", "on behalf of X … on behalf of Y" → COOPERATES_WITH;
//! - `establishes`: "the Act established X", "the draft law establishing X", "X was
//!   established by Decree No. N of <date>" → ESTABLISHES (`draft: true` from a draft);
//! - `issued-under-list`: "regulations drafted under the Act … They are …" → ISSUED_UNDER;
//! - `secretariat`: "Y will act as Executive Secretariat" → Y RUNS the body named before.
//!
//! Before the rules, definite references ("the Act", "this decree", "the 2004 Act", "the
//! Authority", "the university") become mentions of the entity named last with that head
//! (`coref`). Drafts and bills ("Draft law on …", "… Bill") are never adopted; they are
//! enacted, with `draft: true`, only when passed or assented to.
//!
//! Over the whole article:
//! - `national-cert` / `cert-of-country`: a named CERT → HAS_CERT from its country, `role:
//!   NATIONAL` where the text calls it national, since the date of an "established / formed
//!   on …" sentence about it;
//! - `government-body`: a named ministry, department, authority, regulator, commission,
//!   agency, directorate, committee, council, office, division, centre or bureau →
//!   HAS_AGENCY from its country (cabinets, parliaments and bodies not yet set up excluded);
//! - `law-of-country`: a named law of the country, not a draft or regulation → ENACTED;
//! - `pending`: "the enactment … is still pending" → that law's ENACTED is a draft;
//! - indicator observations implied by the relations (see `rules::indicators`), dated by the
//!   fact's date, else the publication date.
//!
//! The article's country is the side-car's, else the one named most (first on a tie); its date
//! the side-car's, else the front matter's, else the latest year mentioned (marked inferred).

mod coref;
mod dates;
mod entities;
mod heads;
mod instrument_names;
mod keys;
mod mentions;
mod named_certs;
mod rules;
mod source;

use super::gazetteer::Gazetteer;
use super::DocumentMeta;
use crate::model::{slug, Document, DocumentFormat, Entity, EntityKind, Extraction, PartialDate};
use crate::resolve::country;

use entities::countries_named;
use rules::{Article, CONFIDENCE_NAME};
use source::Sentence;

/// The country the article is about: the side-car's, else the one named most often, the
/// first named on a tie.
fn article_country(meta: &DocumentMeta, sentences: &[Sentence]) -> Option<country::CountryCode> {
    if let Some(code) = meta.country.as_deref().and_then(country::resolve) {
        return Some(code);
    }
    let mut counts: Vec<(&'static str, usize, usize)> = Vec::new();
    for (si, sentence) in sentences.iter().enumerate() {
        for (_, iso2) in countries_named(&sentence.text) {
            match counts.iter_mut().find(|(c, _, _)| *c == iso2) {
                Some(entry) => entry.1 += 1,
                None => counts.push((iso2, 1, si)),
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n, first)| (*n, std::cmp::Reverse(*first)))
        .and_then(|(iso2, _, _)| country::resolve(iso2))
}

/// The latest year the text mentions, leaving out the ends of ranges ("2024–2029" looks
/// ahead; it does not date the text).
fn latest_year(sentences: &[Sentence]) -> Option<PartialDate> {
    sentences
        .iter()
        .flat_map(|s| dates::dates_in(&s.text, None))
        .filter(|d| !d.range_end)
        .map(|d| PartialDate::year(d.date.year_value()))
        .max()
}

/// Extracts what an article states. Never fails: a text with no recognisable facts gives an
/// extraction that holds only its document.
pub fn extract(text: &str, name: &str, meta: &DocumentMeta, gazetteer: &Gazetteer) -> Extraction {
    let source = source::read(text);
    let sentences = &source.sentences;
    let code = article_country(meta, sentences);
    let iso2 = code.as_ref().map(|c| c.iso2);
    let (published, inferred) = match meta.published.or(source.front.date) {
        Some(date) => (Some(date), false),
        None => (latest_year(sentences), true),
    };
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    let document = Document {
        id: meta
            .id
            .clone()
            .unwrap_or_else(|| format!("doc:{}", slug(stem))),
        title: meta
            .title
            .clone()
            .or(source.front.title.clone())
            .unwrap_or_else(|| {
                sentences
                    .first()
                    .map(|s| s.text.chars().take(80).collect())
                    .unwrap_or_else(|| stem.to_string())
            }),
        format: DocumentFormat::Article,
        published,
        published_inferred: inferred,
        publisher: meta.publisher.clone().or(source.front.publisher.clone()),
        country: iso2.map(str::to_string),
        path: Some(name.to_string()),
    };

    let mut resolution = entities::resolve(sentences, gazetteer, published);
    // A body hosting a CERT is an agency even when its head word says programme ("… Services").
    let hostings = rules::hosts(sentences, &resolution);
    for h in &hostings {
        if let Some(host) = resolution.drafts.get_mut(h.host) {
            if host.kind == EntityKind::Program {
                host.kind = EntityKind::Agency;
            }
        }
    }
    let ids: Vec<String> = resolution.drafts.iter().map(|d| d.id(iso2)).collect();
    let article = Article {
        sentences,
        resolution: &resolution,
        ids: &ids,
        country: iso2,
        published,
        published_inferred: inferred,
        document: &document.id,
    };
    let findings = rules::relations(&article, &hostings);

    let mut out = Extraction {
        document: Some(document.clone()),
        ..Extraction::default()
    };
    let evidence = |si: usize, rule: &str| crate::model::Evidence {
        document: document.id.clone(),
        section: None,
        excerpt: sentences
            .get(si)
            .map(|s| s.text.clone())
            .unwrap_or_default(),
        method: crate::model::EvidenceMethod::ArticleExtractor,
        confidence: CONFIDENCE_NAME,
        rule: Some(rule.to_string()),
        line: sentences.get(si).map(|s| s.line),
        context: None,
    };
    for (d, (draft, id)) in resolution.drafts.iter().zip(&ids).enumerate() {
        let mut entity = Entity::new(id.clone(), draft.kind, draft.display_name());
        entity.country = draft
            .kind
            .is_country_scoped()
            .then(|| draft.country.or(iso2).map(str::to_string))
            .flatten();
        for alias in draft.aliases() {
            entity.add_alias(&alias);
        }
        for (at, key, value) in &findings.attributes {
            if *at == d {
                entity.attributes.insert(key.clone(), value.clone());
            }
        }
        for si in &draft.mentions {
            out.mentions
                .push((id.clone(), evidence(*si, "named-entity")));
        }
        out.entities.push(entity);
    }
    if let Some(code) = &code {
        let country_id = format!("country:{}", code.iso2);
        let mut entity = Entity::new(country_id.clone(), EntityKind::Country, code.name.clone());
        entity.country = Some(code.iso2.to_string());
        out.entities.push(entity);
        if let Some(si) = sentences.iter().position(|s| {
            countries_named(&s.text)
                .iter()
                .any(|(_, c)| *c == code.iso2)
        }) {
            out.mentions
                .push((country_id.clone(), evidence(si, "country-named")));
        }
        let names = |id: &str| {
            out.entities
                .iter()
                .find(|e| e.id == id)
                .map(|e| e.name.clone())
                .unwrap_or_default()
        };
        out.indicators = rules::indicators(&findings.statements, &names, &country_id, published);
    }
    // Other countries a relation names ("CERT-UK" in another country's article, a state
    // party to a convention, the partner of an agreement).
    for statement in &findings.statements {
        for end in [&statement.source, &statement.target] {
            let Some(other) = end.strip_prefix("country:") else {
                continue;
            };
            if !out.entities.iter().any(|e| e.id == *end) {
                if let Some(code) = country::resolve(other) {
                    let mut entity = Entity::new(end.clone(), EntityKind::Country, code.name);
                    entity.country = Some(code.iso2.to_string());
                    out.entities.push(entity);
                }
            }
        }
    }
    out.statements = findings.statements;
    out.mentions.extend(findings.mentions);
    out
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_pipeline;
