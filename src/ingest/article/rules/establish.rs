//! `establishes`: an instrument creating a body. Active: "the Act established the Zambia
//! Computer Incidence Response Team", "the draft law establishing the National Cyber
//! Security Authority", "the Act also relates to the establishment of the National Cyber
//! Security Committee" → the law ESTABLISHES the agency or CERT named right after the cue
//! (`draft: true` when the law is a draft or bill). Passive: "The National Cybersecurity
//! Authority was established by Royal Decree No. 6801 of October 31, 2017" → the decree
//! ESTABLISHES the body named before, and the decree's date is when the body was founded.
//!
//! The law must be the nearest name before an active cue ("the Act", "this decree" resolve
//! through `coref`); a body "to be established" is left to `to-be-established`.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::{regex, Emitter, Here, Memory, CONFIDENCE_RELATION};
use crate::model::{EntityKind, RelationKind};

static CUE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:establish(?:es|ed|ing)?|creat(?:es|ed|ing)|the establishment of|the creation of)\s+(?:the\s+|an?\s+)?",
    )
});
static PASSIVE_BEFORE: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\b(?:was|were|is|are|has been|have been|had been)\s+$"));
static PASSIVE_AFTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)^\s*(?:by|under|through|pursuant to)\s+(?:the\s+)?$"));
/// A future or planned creation: "will be established", "is yet to be set up".
static FUTURE: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\b(?:will|shall|would|to)\s+be\s+$"));

const BODIES: [EntityKind; 2] = [EntityKind::Agency, EntityKind::Cert];

fn is(re: &LazyLock<Option<Regex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(text))
}

/// `establishes` (see the module doc).
pub(super) fn establishes(out: &mut Emitter<'_>, here: &Here<'_>, memory: &mut Memory) {
    let Some(re) = CUE.as_ref() else { return };
    let res = out.article.resolution;
    let ids = out.article.ids;
    let kind = |d: usize| res.drafts[d].kind;
    for cue in re.find_iter(here.text) {
        let before = here.text.get(..cue.start()).unwrap_or("");
        if is(&FUTURE, before) {
            continue;
        }
        let (law, body) = if is(&PASSIVE_BEFORE, before) {
            let body = here
                .placed
                .iter()
                .rev()
                .find(|p| p.extent <= cue.start())
                .filter(|p| BODIES.contains(&kind(p.draft)));
            let law = here.placed.iter().find(|p| {
                p.start >= cue.end()
                    && kind(p.draft) == EntityKind::Law
                    && here
                        .text
                        .get(cue.end()..p.start)
                        .is_some_and(|gap| is(&PASSIVE_AFTER, gap))
            });
            (law, body)
        } else {
            let law = here
                .placed
                .iter()
                .rev()
                .find(|p| p.extent <= cue.start())
                .filter(|p| kind(p.draft) == EntityKind::Law)
                .filter(|p| {
                    here.text
                        .get(p.extent..cue.start())
                        .is_some_and(|gap| gap.len() <= 40 && !gap.contains([';', ':']))
                });
            let body = here
                .placed
                .iter()
                .find(|p| p.start >= cue.end() && p.start <= cue.end() + 2)
                .filter(|p| BODIES.contains(&kind(p.draft)));
            (law, body)
        };
        let (Some(law), Some(body)) = (law, body) else {
            continue;
        };
        let draft = res.drafts[law.draft].draft;
        let date = res.drafts[law.draft].date;
        let e = out.evidence(here.si, "establishes", CONFIDENCE_RELATION);
        if let Some(s) = out.state(
            RelationKind::Establishes,
            &ids[law.draft],
            &ids[body.draft],
            e,
        ) {
            s.since = s.since.or(date);
            if draft {
                s.qualifiers.insert("draft".into(), json!(true));
            }
        }
        if let (Some(date), Some(slot)) = (date, memory.founded.get_mut(body.draft)) {
            slot.get_or_insert((date, here.si));
        }
        if draft {
            if let Some(slot) = memory.planned.get_mut(body.draft) {
                *slot = true;
            }
        }
    }
}

/// "yet to be set up", "will be established" right after a body's name.
static NOT_YET: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)^[^.;]{0,40}?\b(?:yet to be|will be|shall be|is to be|to be)\s+(?:set up|established|created|formed|constituted)",
    )
});

/// Bodies the sentence says do not exist yet ("a Joint Committee …, which is yet to be set
/// up"): no `government-body` for them.
pub(super) fn planned(here: &Here<'_>, memory: &mut Memory) {
    for p in here.placed {
        let after = here.text.get(p.extent..).unwrap_or("");
        // "which will be formed by representatives of …" says who sits in it, not that it
        // is yet to exist.
        let composed = NOT_YET
            .as_ref()
            .and_then(|re| re.find(after))
            .and_then(|m| after.get(m.end()..))
            .is_some_and(|rest| rest.starts_with(" by ") || rest.starts_with(" of "));
        if is(&NOT_YET, after) && !composed {
            if let Some(slot) = memory.planned.get_mut(p.draft) {
                *slot = true;
            }
        }
    }
}
