//! The relation rules: each reads one sentence (or, for the article-wide ones, every
//! sentence) and states relations between the entities the sentence mentions, with the
//! sentence as evidence and the rule's name. The rules and what each reads are listed in the
//! module doc of `ingest::article`; `instruments` holds the rules about laws and policies,
//! `bodies` those about CERTs, agencies and memberships, `parties` treaty steps,
//! `cooperation` agreements, `establish` instruments creating bodies, `regulations`
//! regulations issued under an act, `roles` secretariats, `indicators` what they imply for
//! the profile indicators.

mod bodies;
mod cooperation;
mod establish;
mod indicators;
mod instruments;
mod parties;
mod regulations;
mod roles;

use std::sync::LazyLock;

use regex::Regex;

use super::dates::{dates_in, DateMention};
use super::entities::{Placed, Resolution};
use super::source::Sentence;
use crate::model::{EntityKind, Evidence, EvidenceMethod, PartialDate, RelationKind, Statement};

pub(crate) use bodies::{hosts, Hosting};
pub(crate) use indicators::indicators;

/// A name read from the text; a mention's evidence.
pub(crate) const CONFIDENCE_NAME: f64 = 0.9;
/// A relation stated by an explicit cue ("under section 51 of", "affiliated with").
const CONFIDENCE_RELATION: f64 = 0.8;
/// A relation read from a date or a description rather than a verb.
const CONFIDENCE_DATED: f64 = 0.7;
/// A relation implied by context (a body of the country, a council to be established).
const CONFIDENCE_CONTEXT: f64 = 0.6;

fn regex(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

fn matches(re: &LazyLock<Option<Regex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(text))
}

fn find<'t>(re: &LazyLock<Option<Regex>>, text: &'t str) -> Option<regex::Match<'t>> {
    re.as_ref().and_then(|re| re.find(text))
}

/// Whether `inner` lies within `outer` ("2023-07-17" within "2023").
fn within(inner: PartialDate, outer: PartialDate) -> bool {
    inner.first_day() >= outer.first_day() && inner.last_day() <= outer.last_day()
}

fn name_has(name: &str, words: &[&str]) -> bool {
    words.iter().any(|w| name.contains(w))
}

/// Bodies that sit above agencies rather than being one: no `HAS_AGENCY` for them.
const STATE_BODIES: [&str; 6] = [
    "Cabinet",
    "Parliament",
    "Assembly",
    "Senate",
    "Government",
    "Council of Ministers",
];

/// What the rules read: the sentences, the resolved entities and their ids, the article's
/// country and date, and the document the evidence belongs to.
pub(crate) struct Article<'a> {
    pub sentences: &'a [Sentence],
    pub resolution: &'a Resolution,
    pub ids: &'a [String],
    pub country: Option<&'a str>,
    pub published: Option<PartialDate>,
    pub published_inferred: bool,
    pub document: &'a str,
}

/// What the rules found beyond entities.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub statements: Vec<Statement>,
    pub mentions: Vec<(String, Evidence)>,
    /// `(draft, attribute, value)`: attributes the rules read for an entity.
    pub attributes: Vec<(usize, String, serde_json::Value)>,
}

/// One sentence as the per-sentence rules see it.
struct Here<'a> {
    /// Its index.
    si: usize,
    text: &'a str,
    /// Its mentions, left to right.
    placed: &'a [Placed],
    /// Dates written in it outside names, range ends left out.
    dates: Vec<DateMention>,
    /// The laws and policies it names.
    instruments: Vec<usize>,
    /// The same without drafts and bills.
    in_force: Vec<usize>,
}

impl Here<'_> {
    /// The entities of these kinds it names, in order, once each.
    fn of_kind(&self, res: &Resolution, kinds: &[EntityKind]) -> Vec<usize> {
        let mut seen = Vec::new();
        for p in self.placed {
            if kinds.contains(&res.drafts[p.draft].kind) && !seen.contains(&p.draft) {
                seen.push(p.draft);
            }
        }
        seen
    }

    /// Where it first names `draft`.
    fn position(&self, draft: usize) -> Option<usize> {
        self.placed
            .iter()
            .find(|p| p.draft == draft)
            .map(|p| p.start)
    }
}

/// What the rules remember from sentence to sentence.
struct Memory {
    /// The law mentioned most often: what "the Rules" establish and define.
    principal: Option<usize>,
    /// Per sentence, the CERT or agency a pronoun there refers to.
    focus: Vec<Option<usize>>,
    /// Per draft, the date it was established and the sentence saying so.
    founded: Vec<Option<(PartialDate, usize)>>,
    /// Per draft, the sentence calling it national.
    national: Vec<Option<usize>>,
    /// Per draft, whether the body does not exist yet: created by a draft law, or "yet to be
    /// set up". Such a body is no agency of its country.
    planned: Vec<bool>,
}

/// Collects statements, merging a relation stated twice into one.
struct Emitter<'a> {
    article: &'a Article<'a>,
    findings: Findings,
}

impl Emitter<'_> {
    fn evidence(&self, si: usize, rule: &str, confidence: f64) -> Evidence {
        let sentence = self.article.sentences.get(si);
        Evidence {
            document: self.article.document.to_string(),
            section: None,
            excerpt: sentence.map(|s| s.text.clone()).unwrap_or_default(),
            method: EvidenceMethod::ArticleExtractor,
            confidence,
            rule: Some(rule.to_string()),
            line: sentence.map(|s| s.line),
            context: None,
        }
    }

    fn has(&self, kind: RelationKind, source: &str, target: &str) -> bool {
        self.findings
            .statements
            .iter()
            .any(|s| s.kind == kind && s.source == source && s.target == target)
    }

    /// Adds a statement unless the same relation is already stated; returns it either way.
    fn state(
        &mut self,
        kind: RelationKind,
        source: &str,
        target: &str,
        evidence: Evidence,
    ) -> Option<&mut Statement> {
        if source == target {
            return None;
        }
        let at = match self
            .findings
            .statements
            .iter()
            .position(|s| s.kind == kind && s.source == source && s.target == target)
        {
            Some(at) => at,
            None => {
                self.findings
                    .statements
                    .push(Statement::new(kind, source, target, evidence));
                self.findings.statements.len() - 1
            }
        };
        self.findings.statements.get_mut(at)
    }

    /// The country entity a draft belongs to: the one its name names, else the article's.
    fn country_of(&self, draft: usize) -> Option<String> {
        let d = &self.article.resolution.drafts[draft];
        d.country
            .or(self.article.country)
            .map(|iso2| format!("country:{iso2}"))
    }

    /// The date a relation is known from when the text gives none: the publication date,
    /// unless it was only inferred.
    fn published(&self) -> Option<PartialDate> {
        self.article
            .published
            .filter(|_| !self.article.published_inferred)
    }
}

/// Runs every rule over the article.
pub(crate) fn relations(article: &Article<'_>, hostings: &[Hosting]) -> Findings {
    let res = article.resolution;
    let drafts = &res.drafts;
    let mut memory = Memory {
        principal: drafts
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == EntityKind::Law)
            .max_by_key(|(i, d)| (d.mentions.len(), std::cmp::Reverse(*i)))
            .map(|(i, _)| i),
        focus: bodies::focus(res),
        founded: vec![None; drafts.len()],
        national: vec![None; drafts.len()],
        planned: vec![false; drafts.len()],
    };
    let mut out = Emitter {
        article,
        findings: Findings::default(),
    };
    for (si, sentence) in article.sentences.iter().enumerate() {
        let placed = res.placed.get(si).map(Vec::as_slice).unwrap_or(&[]);
        let inside_name = |date: &DateMention| {
            placed
                .iter()
                .any(|p| date.start < p.extent && p.start < date.end)
        };
        let mut here = Here {
            si,
            text: &sentence.text,
            placed,
            dates: dates_in(&sentence.text, article.published)
                .into_iter()
                .filter(|d| !d.range_end && !inside_name(d))
                .collect(),
            instruments: Vec::new(),
            in_force: Vec::new(),
        };
        here.instruments = here.of_kind(res, &[EntityKind::Law, EntityKind::Policy]);
        here.in_force = here
            .instruments
            .iter()
            .copied()
            .filter(|i| !drafts[*i].draft)
            .collect();

        let targets = instruments::issued_under_and_compliance(&mut out, &here);
        instruments::approval(&mut out, &here, &targets);
        instruments::dated_instrument(&mut out, &here);
        instruments::formulated_and_designated(&mut out, &here, &targets);
        instruments::to_be_established(&mut out, &here, &memory);
        instruments::cert_kinds(&mut out, &here, &memory);
        bodies::established_on(&here, &mut memory, article);
        bodies::formed_under(&mut out, &here, &memory);
        bodies::member_of(&mut out, &here, &memory);
        bodies::national_role(&here, &mut memory, res);
        parties::party_to(&mut out, &here);
        cooperation::cooperates_with(&mut out, &here);
        establish::establishes(&mut out, &here, &mut memory);
        establish::planned(&here, &mut memory);
        regulations::issued_under_list(&mut out, &here);
        roles::secretariat(&mut out, &here);
    }
    bodies::hosted_by(&mut out, hostings);
    instruments::law_of_country(&mut out);
    instruments::issued_not_enacted(&mut out);
    instruments::pending(&mut out);
    bodies::cert_of_country(&mut out, &memory);
    bodies::government_body(&mut out, &memory);
    out.findings
}

/// A party a sentence names: a country (by its name, outside other names) or a CERT,
/// agency or organization, with its span and id.
#[derive(Debug, Clone)]
struct Actor {
    start: usize,
    end: usize,
    id: String,
}

/// The parties `here` names, left to right. A country's name inside another name ("CERT
/// Australia", "Ministry of … of Bangladesh") is that name's, not a party of its own.
fn actors(here: &Here<'_>, article: &Article<'_>, kinds: &[EntityKind]) -> Vec<Actor> {
    let res = article.resolution;
    let mut out: Vec<Actor> = here
        .placed
        .iter()
        .filter(|p| kinds.contains(&res.drafts[p.draft].kind))
        .map(|p| Actor {
            start: p.start,
            end: p.extent,
            id: article.ids[p.draft].clone(),
        })
        .collect();
    if kinds.contains(&EntityKind::Country) {
        for m in crate::resolve::country::find_in(here.text) {
            let inside = here
                .placed
                .iter()
                .any(|p| p.start < m.end && m.start < p.extent);
            if !inside {
                out.push(Actor {
                    start: m.start,
                    end: m.end,
                    id: format!("country:{}", m.value),
                });
            }
        }
    }
    out.sort_by_key(|a| a.start);
    out
}

/// The date a sentence gives for its event: the first one written in it (range ends and
/// dates inside names left out), else the publication date when the sentence says "today".
fn sentence_date(here: &Here<'_>, article: &Article<'_>) -> Option<PartialDate> {
    here.dates.first().map(|d| d.date).or_else(|| {
        (here.text.contains("today") || here.text.contains("Today"))
            .then_some(article.published)
            .flatten()
            .filter(|_| !article.published_inferred)
    })
}
