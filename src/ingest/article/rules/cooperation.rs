//! `cooperates-with`: memoranda of understanding and agreements signed between parties
//! (countries, CERTs, agencies, organizations). COOPERATES_WITH has no direction. A sentence
//! naming an MoU or agreement and the verb "sign" pairs its parties by four patterns:
//! - "between X and Y" / "between X, in cooperation with both Y and Z" → X with each other;
//! - "X and Y (have) signed …" → the parties before the verb, the first with each other;
//! - "X signed an agreement with Y" → X with the first party after "with" ("the government"
//!   as X is the article's country);
//! - "signed on behalf of X … on behalf of Y" → X with Y.
//!
//! Since: the sentence's date ("In May last year", "January 2017:", "today"). A later
//! sentence that only dates the signing ("The MoU was originally signed in April 2017") dates
//! the pairs of the sentence before it.

use std::sync::LazyLock;

use regex::Regex;

use super::{actors, find, regex, sentence_date, Actor, Emitter, Here, CONFIDENCE_RELATION};
use crate::model::{EntityKind, RelationKind};

static INSTRUMENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"(?i)\b(?:memorandum of understanding|mou|agreement|accord|cooperation deal)\b")
});
static SIGNED: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"\b(?:signed|sign|signs)\b"));
static BETWEEN: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"\bbetween\s+"));
static WITH: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"\bwith\s+"));
static ON_BEHALF: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"\bon behalf of\s+"));
static GOVERNMENT: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"(?i)\bgovernment\b"));
/// Where a list of parties ends: a relative clause, a new clause or a purpose.
static CLAUSE_END: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r",\s*which\b|;|\.\s|\bto\s+\p{Ll}|\bfor\s+\p{Ll}|\bon\s+\p{Ll}"));

/// How many of the latest statements a sentence continuing a signing looks at: those of the
/// sentence before are among them, and reading stays linear.
const RECENT: usize = 32;

const PARTY_KINDS: [EntityKind; 5] = [
    EntityKind::Country,
    EntityKind::Cert,
    EntityKind::Agency,
    EntityKind::Organization,
    EntityKind::Program,
];

/// The first party of a list with each of the others.
fn pair_first(list: &[&Actor], pairs: &mut Vec<(String, String)>) {
    if let Some((first, rest)) = list.split_first() {
        for other in rest {
            pairs.push((first.id.clone(), other.id.clone()));
        }
    }
}

fn clause_end(text: &str, from: usize) -> usize {
    text.get(from..)
        .and_then(|rest| CLAUSE_END.as_ref().and_then(|re| re.find(rest)))
        .map_or(text.len(), |m| from + m.start())
}

/// `cooperates-with` (see the module doc).
pub(super) fn cooperates_with(out: &mut Emitter<'_>, here: &Here<'_>) {
    let (Some(instrument), Some(signed)) = (find(&INSTRUMENT, here.text), find(&SIGNED, here.text))
    else {
        return;
    };
    let parties = actors(here, out.article, &PARTY_KINDS);
    let within = |from: usize, to: usize| -> Vec<&Actor> {
        parties
            .iter()
            .filter(|a| a.start >= from && a.end <= to)
            .collect()
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(between) = find(&BETWEEN, here.text) {
        let list = within(between.end(), clause_end(here.text, between.end()));
        pair_first(&list, &mut pairs);
    }
    // The parties before the verb, from the start of its clause, when the verb is active
    // ("X signed an MoU"; "an MoU was signed by …" names its parties otherwise).
    let cue = signed.start();
    let active = signed.start() < instrument.start();
    let clause_start = here
        .text
        .get(..cue)
        .and_then(|t| t.rfind([';', ':']))
        .map_or(0, |at| at + 1);
    let subjects = if active {
        within(clause_start, cue)
    } else {
        Vec::new()
    };
    let with = find(&WITH, here.text.get(signed.end()..).unwrap_or(""))
        .map(|m| signed.end() + m.end())
        .and_then(|at| parties.iter().find(|a| a.start >= at && a.start <= at + 4));
    match (subjects.as_slice(), with.filter(|_| active)) {
        ([], Some(partner)) => {
            let government = here
                .text
                .get(clause_start..cue)
                .is_some_and(|t| GOVERNMENT.as_ref().is_some_and(|re| re.is_match(t)));
            if let (true, Some(country)) = (government, out.article.country) {
                pairs.push((format!("country:{country}"), partner.id.clone()));
            }
        }
        ([.., subject], Some(partner)) => pairs.push((subject.id.clone(), partner.id.clone())),
        (list, None) if list.len() >= 2 => pair_first(list, &mut pairs),
        _ => {}
    }
    if let Some(re) = ON_BEHALF.as_ref() {
        let sides: Vec<&Actor> = re
            .find_iter(here.text)
            .filter_map(|m| {
                parties
                    .iter()
                    .find(|a| a.start >= m.end() && a.start <= m.end() + 4)
            })
            .collect();
        pair_first(&sides, &mut pairs);
    }
    let prev_text = here
        .si
        .checked_sub(1)
        .and_then(|p| out.article.sentences.get(p))
        .map(|p| p.text.as_str());
    // "The agreement was signed on behalf of …" continues the signing just reported.
    let prev_date = out
        .findings
        .statements
        .iter()
        .rev()
        .take(RECENT)
        .filter(|s| s.kind == RelationKind::CooperatesWith)
        .filter(|s| {
            s.evidence
                .iter()
                .any(|e| Some(e.excerpt.as_str()) == prev_text)
        })
        .find_map(|s| s.since);
    let date = sentence_date(here, out.article).or(prev_date);
    if pairs.is_empty() {
        // "The MoU was originally signed in April 2017": dates the pairs just stated.
        let prev = here
            .si
            .checked_sub(1)
            .and_then(|p| out.article.sentences.get(p))
            .map(|p| p.text.clone());
        if let (Some(date), Some(prev)) = (date, prev) {
            for s in out
                .findings
                .statements
                .iter_mut()
                .rev()
                .take(RECENT)
                .filter(|s| {
                    s.kind == RelationKind::CooperatesWith
                        && s.since.is_none()
                        && s.evidence.iter().any(|e| e.excerpt == prev)
                })
            {
                s.since = Some(date);
            }
        }
        return;
    }
    for (a, b) in pairs {
        if a == b || out.has(RelationKind::CooperatesWith, &b, &a) {
            continue;
        }
        let e = out.evidence(here.si, "cooperates-with", CONFIDENCE_RELATION);
        if let Some(s) = out.state(RelationKind::CooperatesWith, &a, &b, e) {
            s.since = s.since.or(date);
        }
    }
}
