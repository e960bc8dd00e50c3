//! Rules about CERTs, agencies and memberships: `established-on`, `formed-under`,
//! `member-of`, `hosted-by`, and over the whole article `national-cert` / `cert-of-country`
//! and `government-body`. A pronoun ("it", "its", "the team") or an opening participle
//! ("Affiliated with …") refers to the CERT or agency named last (`focus`).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::{
    find, matches, name_has, regex, Article, Emitter, Here, Memory, CONFIDENCE_CONTEXT,
    CONFIDENCE_DATED, CONFIDENCE_RELATION, STATE_BODIES,
};
use crate::ingest::article::entities::{countries_named, Placed, Resolution};
use crate::ingest::article::source::Sentence;
use crate::model::{EntityKind, RelationKind};

static FOUNDED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:established|formed|founded|set up|created|inaugurated|launched|became operational|began operations|started operations|(?:operational|in operation|operating|active) since)\b",
    )
});
static FORMED_UNDER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:established|formed|founded|set up|created)\b[^.;]*?\b(?:in response to|under|pursuant to|as mandated by|by virtue of|as required by)\s+(?:the\s+)?",
    )
});
static MEMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:affiliated (?:with|to)|a member of|full member of|members of|member (?:team )?of|membership (?:of|in)|joined|accredited (?:by|with))\b",
    )
});
/// What follows a body's name when the name only qualifies another thing: "joined APCERT
/// Cyber Security Drills", "a member of the FIRST conference".
static NAME_MODIFIER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"^[\s)”\x22]*(?:\([^()]*\)\s*)?(?:\p{Lu}\p{L}+\s+\p{Lu}|(?i:drills?|exercises?|events?|meetings?|workshops?|trainings?)\b)",
    )
});
/// The article's country referred to by what it is: "the kingdom", "the country".
static THE_COUNTRY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"(?i)\bthe\s+(?:kingdom|country|republic|sultanate|nation|island nation|state)\b")
});
static HOST_IS: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\bhost(?:ing)?\s+organi[sz]ation\s+(?:is|was)\s+(?:the\s+)?"));
static HOSTED_BY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:hosted|housed|operated|run|managed)\s+(?:by|at|within|in)\s+(?:the\s+)?|\bfalls?\s+under\s+(?:the\s+)?|\boperates\s+(?:under|within)\s+(?:the\s+)?|\bis\s+(?:a\s+unit|part)\s+of\s+(?:the\s+)?",
    )
});
static REPRESENTED_BY: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i),?\s*represented\s+by\s+(?:the\s+)?"));
static UNDER_WHICH: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\bunder\s+(?:which|whom)\s+(?:the\s+)?"));
static FALLS: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)^\s*(?:falls|operates|sits|is placed|works)\b"));
static PRONOUN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)(?:^|\W)(?:it|its|the team|the agency|the centre|the center|this team)\b|^\s*[A-Z][a-z]+ed\b",
    )
});
static NATIONAL_AFTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)^[\s,]*(?:\([^)]*\)[\s,]*)?(?:commonly known as \S+[\s,]*)?(?:is|was|serves as|acts as|as)\s+(?:the|a|an)\b[^.;]{0,80}?\bnational\b",
    )
});
static NATIONAL_BEFORE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\bnational\s+(?:cert|csirt|cirt|computer emergency response team)\s*(?:\(|,|known as|called|named)?\s*(?:the\s+)?$",
    )
});

/// Heads of executive bodies: a named one of the country is one of its agencies.
const EXECUTIVE_HEADS: [&str; 14] = [
    "Ministry",
    "Department",
    "Authority",
    "Regulator",
    "Commission",
    "Agency",
    "Directorate",
    "Committee",
    "Council",
    "Office",
    "Division",
    "Centre",
    "Center",
    "Bureau",
];

/// A body hosting a CERT or programme ("Its host organization is …", "under which the
/// Nam-CSIRT falls"), found before ids are made because it decides the host's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hosting {
    pub host: usize,
    pub hosted: usize,
    pub sentence: usize,
}

/// Per sentence, the CERT or agency a pronoun ("it", "its", "the team") or an opening
/// participle ("Affiliated with …") refers to: the first one named in the latest earlier
/// sentence naming one.
pub(super) fn focus(res: &Resolution) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(res.placed.len());
    let mut current = None;
    for placed in &res.placed {
        out.push(current);
        if let Some(p) = placed.iter().find(|p| {
            let d = &res.drafts[p.draft];
            d.global.is_none() && matches!(d.kind, EntityKind::Cert | EntityKind::Agency)
        }) {
            current = Some(p.draft);
        }
    }
    out
}

/// The CERT or agency a cue at `at` in sentence `si` is said of: the nearest one named before
/// it, else the one a pronoun refers to.
fn subject_before(
    res: &Resolution,
    sentences: &[Sentence],
    focus: &[Option<usize>],
    si: usize,
    at: usize,
    kinds: &[EntityKind],
) -> Option<usize> {
    let placed = res.placed.get(si)?;
    placed
        .iter()
        .rev()
        .find(|p| {
            let d = &res.drafts[p.draft];
            p.extent <= at && d.global.is_none() && kinds.contains(&d.kind)
        })
        .map(|p| p.draft)
        .or_else(|| {
            let text = sentences.get(si)?.text.as_str();
            matches(&PRONOUN, text)
                .then(|| focus.get(si).copied().flatten())
                .flatten()
                .filter(|d| kinds.contains(&res.drafts[*d].kind))
        })
}

/// The first mention starting at or after `at`, within a few characters ("the", quotes).
fn mention_at(placed: &[Placed], text: &str, at: usize) -> Option<Placed> {
    placed.iter().copied().find(|p| {
        p.start >= at
            && text
                .get(at..p.start)
                .is_some_and(|gap| gap.trim().len() <= 4 && !gap.contains([',', ';']))
    })
}

/// Hosts of CERTs and programmes, by the `hosted-by` rule's cues.
pub(crate) fn hosts(sentences: &[Sentence], res: &Resolution) -> Vec<Hosting> {
    let focus = focus(res);
    let mut out = Vec::new();
    let hosted_kinds = [EntityKind::Cert, EntityKind::Program];
    for (si, sentence) in sentences.iter().enumerate() {
        let text = sentence.text.as_str();
        let Some(placed) = res.placed.get(si) else {
            continue;
        };
        let mut push = |host: usize, hosted: usize| {
            if host != hosted
                && !out.contains(&Hosting {
                    host,
                    hosted,
                    sentence: si,
                })
            {
                out.push(Hosting {
                    host,
                    hosted,
                    sentence: si,
                });
            }
        };
        for re in [&HOST_IS, &HOSTED_BY] {
            if let Some(cue) = find(re, text) {
                let host = mention_at(placed, text, cue.end()).map(|p| p.draft);
                let hosted = subject_before(res, sentences, &focus, si, cue.start(), &hosted_kinds);
                if let (Some(host), Some(hosted)) = (host, hosted) {
                    push(host, hosted);
                }
            }
        }
        // "the Information Technology Authority (ITA), represented by OCERT": the authority
        // acts through its CERT.
        if let Some(cue) = find(&REPRESENTED_BY, text) {
            let host = placed
                .iter()
                .rev()
                .find(|p| p.start < cue.start())
                .map(|p| p.draft)
                .filter(|d| res.drafts[*d].kind == EntityKind::Agency);
            let hosted = mention_at(placed, text, cue.end())
                .map(|p| p.draft)
                .filter(|d| res.drafts[*d].kind == EntityKind::Cert);
            if let (Some(host), Some(hosted)) = (host, hosted) {
                push(host, hosted);
            }
        }
        // "…, said the Authority, under which the Nam-CSIRT falls."
        if let Some(cue) = find(&UNDER_WHICH, text) {
            let host = placed
                .iter()
                .rev()
                .find(|p| p.extent <= cue.start())
                .map(|p| p.draft);
            let hosted = mention_at(placed, text, cue.end()).filter(|p| {
                hosted_kinds.contains(&res.drafts[p.draft].kind)
                    && text
                        .get(p.extent..)
                        .is_some_and(|rest| matches(&FALLS, rest))
            });
            if let (Some(host), Some(hosted)) = (host, hosted) {
                push(host, hosted.draft);
            }
        }
    }
    out
}

/// `established-on`: "BruCERT was established on 1 May 2004", "CERT-UK …, formed in March
/// 2014" → the date the country's relation to it begins (used by `cert-of-country` and
/// `government-body`).
pub(super) fn established_on(here: &Here<'_>, memory: &mut Memory, article: &Article<'_>) {
    let Some(cue) = find(&FOUNDED, here.text) else {
        return;
    };
    let subject = subject_before(
        article.resolution,
        article.sentences,
        &memory.focus,
        here.si,
        cue.start(),
        &[EntityKind::Cert, EntityKind::Agency],
    )
    .or_else(|| {
        // "The government has formed a National Cyber Security Agency …, reads an official
        // gazette published 17 November."
        mention_at(here.placed, here.text, cue.end())
            .map(|p| p.draft)
            .filter(|d| {
                matches!(
                    article.resolution.drafts[*d].kind,
                    EntityKind::Cert | EntityKind::Agency
                )
            })
    });
    let date = here
        .dates
        .iter()
        .find(|d| d.start >= cue.end())
        .map(|d| d.date);
    if let (Some(subject), Some(date)) = (subject, date) {
        if let Some(slot) = memory.founded.get_mut(subject) {
            slot.get_or_insert((date, here.si));
        }
    }
}

/// `formed-under`: "formed / established … in response to / under / pursuant to the X" → X
/// ESTABLISHES the CERT, agency or programme.
pub(super) fn formed_under(out: &mut Emitter<'_>, here: &Here<'_>, memory: &Memory) {
    let Some(cue) = find(&FORMED_UNDER, here.text) else {
        return;
    };
    let subject = subject_before(
        out.article.resolution,
        out.article.sentences,
        &memory.focus,
        here.si,
        cue.start(),
        &[EntityKind::Cert, EntityKind::Agency, EntityKind::Program],
    );
    let instrument = mention_at(here.placed, here.text, cue.end())
        .map(|p| p.draft)
        .filter(|d| here.instruments.contains(d));
    if let (Some(subject), Some(instrument)) = (subject, instrument) {
        let ids = out.article.ids;
        let e = out.evidence(here.si, "formed-under", CONFIDENCE_DATED);
        out.state(
            RelationKind::Establishes,
            &ids[instrument],
            &ids[subject],
            e,
        );
    }
}

/// `member-of`: "affiliated with / a member of / joined" bodies the gazetteer knows →
/// MEMBER_OF from the CERT, agency or country nearest before the cue (or the one a pronoun
/// refers to), since a date written after the cue.
pub(super) fn member_of(out: &mut Emitter<'_>, here: &Here<'_>, memory: &Memory) {
    let Some(cue) = find(&MEMBER, here.text) else {
        return;
    };
    let res = out.article.resolution;
    let ids = out.article.ids;
    let body = here
        .placed
        .iter()
        .rev()
        .find(|p| {
            let d = &res.drafts[p.draft];
            p.extent <= cue.start()
                && d.global.is_none()
                && matches!(d.kind, EntityKind::Cert | EntityKind::Agency)
        })
        .map(|p| (p.start, ids[p.draft].clone()));
    let state = countries_named(here.text)
        .into_iter()
        .rev()
        .find(|(at, _)| *at < cue.start())
        .map(|(at, iso2)| (at, format!("country:{iso2}")));
    let subject = match (body, state) {
        (Some(b), Some(c)) => Some(if c.0 > b.0 { c.1 } else { b.1 }),
        (b, c) => b.or(c).map(|(_, id)| id),
    }
    .or_else(|| {
        // "The kingdom is one of 14 members of …": the article's country.
        let before = here.text.get(..cue.start()).unwrap_or("");
        matches(&THE_COUNTRY, before)
            .then_some(out.article.country)
            .flatten()
            .map(|iso2| format!("country:{iso2}"))
    })
    .or_else(|| {
        subject_before(
            res,
            out.article.sentences,
            &memory.focus,
            here.si,
            cue.start(),
            &[EntityKind::Cert, EntityKind::Agency],
        )
        .map(|d| ids[d].clone())
    });
    let Some(subject) = subject else { return };
    let since = here
        .dates
        .iter()
        .find(|d| d.start >= cue.end())
        .map(|d| d.date);
    for p in here.placed.iter().filter(|p| p.start >= cue.end()) {
        let d = &res.drafts[p.draft];
        let after = here.text.get(p.extent..).unwrap_or("");
        if d.kind == EntityKind::Organization && !matches(&NAME_MODIFIER, after) {
            let e = out.evidence(here.si, "member-of", CONFIDENCE_RELATION);
            if let Some(s) = out.state(RelationKind::MemberOf, &subject, &ids[p.draft], e) {
                s.since = s.since.or(since);
            }
        }
    }
}

/// The national role, read for `national-cert`: "X is the UK National Computer Emergency
/// Response Team", "…, is a … national cybersecurity organization", "the national CIRT (X)".
pub(super) fn national_role(here: &Here<'_>, memory: &mut Memory, res: &Resolution) {
    for p in here.placed {
        if res.drafts[p.draft].kind != EntityKind::Cert {
            continue;
        }
        let after = here.text.get(p.extent..).unwrap_or("");
        let before = here.text.get(..p.start).unwrap_or("");
        if matches(&NATIONAL_AFTER, after) || matches(&NATIONAL_BEFORE, before) {
            if let Some(slot) = memory.national.get_mut(p.draft) {
                slot.get_or_insert(here.si);
            }
        }
    }
}

/// `hosted-by`: the host RUNS the CERT or programme (see [`hosts`]).
pub(super) fn hosted_by(out: &mut Emitter<'_>, hostings: &[Hosting]) {
    let ids = out.article.ids;
    for h in hostings {
        let e = out.evidence(h.sentence, "hosted-by", CONFIDENCE_DATED);
        out.state(RelationKind::Runs, &ids[h.host], &ids[h.hosted], e);
    }
}

/// `national-cert` / `cert-of-country`: a named CERT → HAS_CERT from its country, `role:
/// NATIONAL` where the text calls it national, since the date it was established.
pub(super) fn cert_of_country(out: &mut Emitter<'_>, memory: &Memory) {
    let drafts = &out.article.resolution.drafts;
    let ids = out.article.ids;
    for (d, draft) in drafts.iter().enumerate() {
        if draft.kind != EntityKind::Cert || draft.global.is_some() {
            continue;
        }
        let Some(country) = out.country_of(d) else {
            continue;
        };
        let national = memory.national[d];
        let founded = memory.founded[d];
        let is_national = national.is_some()
            || draft
                .surfaces
                .iter()
                .any(|s| s.split_whitespace().any(|w| w == "National"));
        let (rule, confidence) = if is_national {
            ("national-cert", CONFIDENCE_RELATION)
        } else {
            ("cert-of-country", CONFIDENCE_DATED)
        };
        let si = founded
            .map(|(_, si)| si)
            .or(national)
            .or(draft.mentions.first().copied())
            .unwrap_or(0);
        let e = out.evidence(si, rule, confidence);
        if let Some(s) = out.state(RelationKind::HasCert, &country, &ids[d], e) {
            s.since = founded.map(|(date, _)| date);
            if is_national {
                s.qualifiers.insert("role".into(), json!("NATIONAL"));
            }
        }
    }
}

/// `government-body`: a named ministry, department, authority, regulator, commission, agency
/// or directorate → HAS_AGENCY from its country; not cabinets and parliaments, not a body a
/// rule made from lower-case words ("a council will be established").
pub(super) fn government_body(out: &mut Emitter<'_>, memory: &Memory) {
    let drafts = &out.article.resolution.drafts;
    let ids = out.article.ids;
    for (d, draft) in drafts.iter().enumerate() {
        let name = draft.display_name();
        let executive = name
            .split_whitespace()
            .any(|w| EXECUTIVE_HEADS.contains(&w));
        if draft.kind != EntityKind::Agency
            || draft.global.is_some()
            || draft.rule_made
            || !executive
            || name_has(&name, &STATE_BODIES)
            || memory.planned[d]
        {
            continue;
        }
        let Some(country) = out.country_of(d) else {
            continue;
        };
        if out.has(RelationKind::HasAgency, &country, &ids[d]) {
            continue;
        }
        let founded = memory.founded[d];
        let si = founded
            .map(|(_, si)| si)
            .or(draft.mentions.first().copied())
            .unwrap_or(0);
        let e = out.evidence(si, "government-body", CONFIDENCE_CONTEXT);
        if let Some(s) = out.state(RelationKind::HasAgency, &country, &ids[d], e) {
            s.since = founded.map(|(date, _)| date);
        }
    }
}
