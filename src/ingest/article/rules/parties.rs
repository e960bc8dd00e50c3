//! `party-to`: states joining a convention or protocol. Active: "Benin, Fiji and Kiribati
//! acceded to the Convention on Cybercrime", "Czechia and Sierra Leone signed the Second
//! Additional Protocol" → each listed state PARTY_TO it, `mode` ACCEDED / RATIFIED / SIGNED,
//! since the sentence's date. Passive: "it has been ratified by 57 countries, including the
//! United States, … and Germany" → each listed state, mode RATIFIED, for the convention
//! named before the cue (or, for "it", the one named last).
//!
//! Only a past-tense verb joined to its subject by auxiliaries counts: "is yet to sign and
//! ratify", "has not ratified", "invited to accede" state nothing.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::{actors, find, regex, sentence_date, Actor, Emitter, Here, CONFIDENCE_RELATION};
use crate::model::{EntityKind, RelationKind};

static ACTIVE: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"\b(acceded|ratified|signed)\s+(?:to\s+)?(?:the\s+)?"));
static PASSIVE: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"\b(?:been|was|were)\s+(acceded to|ratified|signed)\s+by\b"));
/// What may stand between a subject and its verb: auxiliaries and adverbs, no negation.
static AUXILIARIES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"^[\s,]*(?:(?:have|has|had|also|both|all|now|formally|officially|jointly)\s+)*$")
});
/// What joins the states of a list.
static LIST_GAP: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"^\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?$"));
/// What may stand between a passive cue and its list: "57 countries, including the".
static LIST_OPENS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"^[\w\s]{0,30}?(?:,?\s*(?:including|such as|among them)\s+)?(?:the\s+)?$")
});

fn mode(verb: &str) -> &'static str {
    match verb {
        "acceded" | "acceded to" => "ACCEDED",
        "ratified" => "RATIFIED",
        _ => "SIGNED",
    }
}

fn is(re: &LazyLock<Option<Regex>>, text: Option<&str>) -> bool {
    text.is_some_and(|t| re.as_ref().is_some_and(|re| re.is_match(t)))
}

/// The states listed right before `at`, nearest last: "Benin, Fiji and Kiribati".
fn list_before<'a>(states: &'a [Actor], text: &str, at: usize) -> Vec<&'a Actor> {
    let mut out: Vec<&Actor> = Vec::new();
    for s in states.iter().rev().filter(|s| s.end <= at) {
        let until = out.last().map_or(at, |next| next.start);
        let gap = text.get(s.end..until);
        let joined = if out.is_empty() {
            is(&AUXILIARIES, gap)
        } else {
            is(&LIST_GAP, gap)
        };
        if !joined {
            break;
        }
        out.push(s);
    }
    out
}

/// The states listed from `at` on: "57 countries, including the United States, … and
/// Germany".
fn list_after<'a>(states: &'a [Actor], text: &str, at: usize) -> Vec<&'a Actor> {
    let mut out: Vec<&Actor> = Vec::new();
    for s in states.iter().filter(|s| s.start >= at) {
        let from = out.last().map_or(at, |prev| prev.end);
        let gap = text.get(from..s.start);
        let joined = if out.is_empty() {
            is(&LIST_OPENS, gap)
        } else {
            is(&LIST_GAP, gap)
        };
        if !joined {
            break;
        }
        out.push(s);
    }
    out
}

/// The convention a cue is about: named right after it (active), or before it in the
/// sentence, else the one named last in the article (passive, "it has been ratified").
fn convention(out: &Emitter<'_>, here: &Here<'_>, from: usize, after: bool) -> Option<usize> {
    let res = out.article.resolution;
    let is_convention = |d: usize| res.drafts[d].kind == EntityKind::Convention;
    if after {
        return here
            .placed
            .iter()
            .find(|p| {
                p.start >= from
                    && is_convention(p.draft)
                    && here
                        .text
                        .get(from..p.start)
                        .is_some_and(|gap| gap.trim().is_empty())
            })
            .map(|p| p.draft);
    }
    here.placed
        .iter()
        .rev()
        .find(|p| p.extent <= from && is_convention(p.draft))
        .or_else(|| {
            res.placed[..here.si]
                .iter()
                .rev()
                .take(crate::ingest::article::coref::LOOK_BACK)
                .flat_map(|ps| ps.iter().rev())
                .find(|p| is_convention(p.draft))
        })
        .map(|p| p.draft)
}

/// `party-to` (see the module doc).
pub(super) fn party_to(out: &mut Emitter<'_>, here: &Here<'_>) {
    // Most sentences name no treaty step; they cost one regex search.
    if find(&ACTIVE, here.text).is_none() && find(&PASSIVE, here.text).is_none() {
        return;
    }
    let states = actors(here, out.article, &[EntityKind::Country]);
    if states.is_empty() {
        return;
    }
    let date = sentence_date(here, out.article);
    let mut found: Vec<(String, usize, &'static str, bool)> = Vec::new();
    if let Some(re) = ACTIVE.as_ref() {
        for caps in re.captures_iter(here.text) {
            let (Some(cue), Some(verb)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            let Some(treaty) = convention(out, here, cue.end(), true) else {
                continue;
            };
            for s in list_before(&states, here.text, verb.start()) {
                found.push((s.id.clone(), treaty, mode(verb.as_str()), true));
            }
        }
    }
    if let Some(cue) = find(&PASSIVE, here.text) {
        let verb = PASSIVE
            .as_ref()
            .and_then(|re| re.captures(here.text))
            .and_then(|c| c.get(1))
            .map_or("", |m| m.as_str());
        if let Some(treaty) = convention(out, here, cue.start(), false) {
            for s in list_after(&states, here.text, cue.end()) {
                found.push((s.id.clone(), treaty, mode(verb), false));
            }
        }
    }
    let ids = out.article.ids;
    let published = out.published();
    for (state, treaty, mode, active) in found {
        let e = out.evidence(here.si, "party-to", CONFIDENCE_RELATION);
        if let Some(s) = out.state(RelationKind::PartyTo, &state, &ids[treaty], e) {
            s.qualifiers.insert("mode".into(), json!(mode));
            // An active verb in news reports the event (dated by the sentence, else by the
            // publication); a passive "has been ratified by" reports a standing.
            if active {
                s.since = s.since.or(date).or(published);
            } else {
                s.since = s.since.or(here.dates.first().map(|d| d.date));
            }
        }
    }
}
