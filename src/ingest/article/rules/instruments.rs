//! Rules about laws and policies: `issued-under`, `in-compliance-with`, `approval`,
//! `dated-instrument`, `formulated-by`, `designated-organization`, `to-be-established` and
//! `cert-kinds`.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::{
    find, matches, name_has, regex, within, Emitter, Here, Memory, CONFIDENCE_CONTEXT,
    CONFIDENCE_DATED, CONFIDENCE_RELATION, STATE_BODIES,
};
use crate::ingest::article::entities::TO_BE_ESTABLISHED;
use crate::model::{EntityKind, RelationKind};

static UNDER_SECTIONS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\bunder\s+sections?\s+(\d+[A-Z]?)((?:(?:\s*(?:,|and|read with)\s*)+(?:sections?\s+)?\d+[A-Z]?)*)\s+of\s+(?:the\s+)?",
    )
});
static SECTION_NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| regex(r"\d+[A-Z]?"));
static IN_COMPLIANCE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:in\s+compliance\s+with|in\s+line\s+with|in\s+accordance\s+with|conformable\s+to|modell?(?:ed|ing)\s+(?:\w+\s+)?on)\b",
    )
});
static APPROVAL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:approval to|approved|enacted|promulgated|passed|adopted|published|unveiled|launched|signed into law|assented|royal assent|the establishment of|came into force|entered into force)\b",
    )
});
static PENDING: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:enactment|promulgation|assent|publication|signature)\b[^.;]{0,120}\b(?:is|are|remains?)\s+(?:still\s+)?pending\b",
    )
});
/// What an instrument named after it is to the approved one: replaced, amended, repealed.
static NOT_APPROVED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:replace|replacing|repeal|repealing|amend|amending|instead of|supersed\w+)\s+(?:\w+\s+){0,3}$",
    )
});
/// Approval cues that enact a bill (as a draft): it passed a chamber or got assent.
static PASSES: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)^(?:approved|passed|assented|royal assent|enacted)$"));
static FORMULATES: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:formulat\w*|drafted|drafting|prepared|taking the lead|spearhead\w*|in charge of implementing)\b",
    )
});
static DESIGNATED: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\b(?:designated|to deal with cyber)"));
static CERT_KIND: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"((?:[A-Z][a-z]+\s+){1,3})CERT\b"));

/// The instruments a sentence names as the ground of another: what "under section N of" and
/// "in compliance with" point at. They are not themselves approved or formulated there.
pub(super) type Targets = [Option<usize>; 2];

/// `issued-under`: "under section N[, read with section M] of X" → ISSUED_UNDER with
/// `sections`; `in-compliance-with`: "in compliance with X" → COMPLIES_WITH. The targets are
/// named after the cue; the subject is the remaining law or policy of the sentence.
pub(super) fn issued_under_and_compliance(out: &mut Emitter<'_>, here: &Here<'_>) -> Targets {
    let res = out.article.resolution;
    let ids = out.article.ids;
    let under = UNDER_SECTIONS
        .as_ref()
        .and_then(|re| re.captures(here.text));
    let under_target = under.as_ref().and_then(|c| c.get(0)).and_then(|m| {
        here.of_kind(res, &[EntityKind::Law])
            .into_iter()
            .filter_map(|i| {
                here.position(i)
                    .filter(|at| *at >= m.end())
                    .map(|at| (at, i))
            })
            .min()
            .map(|(_, i)| i)
    });
    let compliance_target = find(&IN_COMPLIANCE, here.text).and_then(|cue| {
        here.placed
            .iter()
            .filter(|p| p.start > cue.start() && Some(p.draft) != under_target)
            .map(|p| p.draft)
            .next()
    });
    let targets = [under_target, compliance_target];
    let subject = here
        .instruments
        .iter()
        .copied()
        .find(|i| !targets.contains(&Some(*i)));
    if let (Some(caps), Some(target), Some(subject)) = (&under, under_target, subject) {
        let mut sections: Vec<String> = Vec::new();
        for m in [caps.get(1), caps.get(2)].into_iter().flatten() {
            if let Some(re) = SECTION_NUMBER.as_ref() {
                sections.extend(re.find_iter(m.as_str()).map(|n| n.as_str().to_string()));
            }
        }
        let e = out.evidence(here.si, "issued-under", CONFIDENCE_RELATION);
        if let Some(s) = out.state(RelationKind::IssuedUnder, &ids[subject], &ids[target], e) {
            s.qualifiers.insert("sections".into(), json!(sections));
        }
    }
    // Without another instrument, a body formed "in line with" X is what complies with it.
    let compliance_subject = subject.or_else(|| {
        let cue = find(&IN_COMPLIANCE, here.text)?;
        here.placed
            .iter()
            .rev()
            .find(|p| p.extent <= cue.start())
            .map(|p| p.draft)
            .filter(|d| matches!(res.drafts[*d].kind, EntityKind::Agency | EntityKind::Cert))
    });
    if let (Some(target), Some(subject)) = (compliance_target, compliance_subject) {
        let e = out.evidence(here.si, "in-compliance-with", CONFIDENCE_RELATION);
        out.state(RelationKind::CompliesWith, &ids[subject], &ids[target], e);
    }
    targets
}

fn relation_for(kind: EntityKind) -> RelationKind {
    match kind {
        EntityKind::Law => RelationKind::Enacted,
        _ => RelationKind::Adopted,
    }
}

/// `approval`: "approval to / approved / enacted / adopted / published / unveiled X" → the
/// country ENACTED a law or ADOPTED a policy; since a date written after the cue, else the
/// instrument's own date, made precise by the publication date when that falls inside it.
pub(super) fn approval(out: &mut Emitter<'_>, here: &Here<'_>, targets: &Targets) {
    let Some(cue) = find(&APPROVAL, here.text) else {
        return;
    };
    let drafts = &out.article.resolution.drafts;
    let ids = out.article.ids;
    let approver = here
        .of_kind(out.article.resolution, &[EntityKind::Agency])
        .into_iter()
        .map(|a| drafts[a].display_name())
        .find(|name| name_has(name, &["Cabinet", "Parliament", "Assembly", "Senate"]));
    // A bill or draft passed by a chamber or assented to is enacted as a draft; one merely
    // published or launched is not enacted at all.
    let passes = matches(&PASSES, cue.as_str());
    for i in here
        .instruments
        .iter()
        .copied()
        .filter(|i| !targets.contains(&Some(*i)))
        .filter(|i| !drafts[*i].draft || passes && drafts[*i].kind == EntityKind::Law)
        .filter(|i| {
            let at = here.position(*i).unwrap_or(0);
            !here
                .text
                .get(..at)
                .is_some_and(|before| matches(&NOT_APPROVED, before))
        })
    {
        let Some(country) = out.country_of(i) else {
            continue;
        };
        // The date after the cue, else the one the sentence opens with ("On 23rd March 2021,
        // President … assented").
        let stated = here
            .dates
            .iter()
            .find(|d| d.start >= cue.end())
            .or(here.dates.first())
            .map(|d| d.date);
        let since = stated.or(match (drafts[i].date, out.published()) {
            (Some(own), Some(p)) if within(p, own) => Some(p),
            (Some(own), _) => Some(own),
            (None, p) => p,
        });
        let period = drafts[i].period.clone();
        let e = out.evidence(here.si, "approval", CONFIDENCE_RELATION);
        let draft = drafts[i].draft;
        if let Some(s) = out.state(relation_for(drafts[i].kind), &country, &ids[i], e) {
            // A day read here makes a year read from the name precise.
            s.since = match (s.since, since) {
                (Some(old), Some(new)) if within(new, old) => Some(new),
                (old, new) => old.or(new),
            };
            if draft {
                s.qualifiers.insert("draft".into(), json!(true));
            }
            if let Some(approver) = &approver {
                s.qualifiers.insert("approvedBy".into(), json!(approver));
            }
            if let Some(period) = period {
                s.qualifiers.insert("period".into(), json!(period));
            }
        }
    }
}

/// `law-of-country`: a named law of the country, in force (not a draft or bill) and not
/// subsidiary legislation (regulations, rules and orders are issued under a law) → its
/// country ENACTED it, undated, unless a rule above already said so.
pub(super) fn law_of_country(out: &mut Emitter<'_>) {
    let drafts = &out.article.resolution.drafts;
    let ids = out.article.ids;
    for (i, d) in drafts.iter().enumerate() {
        let subsidiary = d.surfaces.iter().any(|s| {
            s.split_whitespace()
                .any(|w| matches!(w, "Regulations" | "Regulation" | "Rules" | "Rule" | "Order"))
        });
        if d.kind != EntityKind::Law || d.global.is_some() || d.draft || subsidiary {
            continue;
        }
        let Some(country) = out.country_of(i) else {
            continue;
        };
        if out.has(RelationKind::Enacted, &country, &ids[i]) {
            continue;
        }
        let si = d.mentions.first().copied().unwrap_or(0);
        let e = out.evidence(si, "law-of-country", CONFIDENCE_CONTEXT);
        out.state(RelationKind::Enacted, &country, &ids[i], e);
    }
}

/// Regulations issued under a law are made under its authority, not enacted by the country:
/// an ENACTED read only from their date or their being named is withdrawn.
pub(super) fn issued_not_enacted(out: &mut Emitter<'_>) {
    let issued: std::collections::BTreeSet<String> = out
        .findings
        .statements
        .iter()
        .filter(|s| s.kind == RelationKind::IssuedUnder)
        .map(|s| s.source.clone())
        .collect();
    out.findings.statements.retain(|s| {
        let weak = s.evidence.iter().all(|e| {
            matches!(
                e.rule.as_deref(),
                Some("dated-instrument" | "law-of-country")
            )
        });
        !(s.kind == RelationKind::Enacted && weak && issued.contains(&s.target))
    });
}

/// `pending`: "The enactment of the law by the President and its publication in the Official
/// Gazette are still pending" → the law named last before is enacted only as a draft.
pub(super) fn pending(out: &mut Emitter<'_>) {
    let res = out.article.resolution;
    let ids = out.article.ids;
    for (si, sentence) in out.article.sentences.iter().enumerate() {
        if !matches(&PENDING, &sentence.text) {
            continue;
        }
        let law = res.placed[..=si.min(res.placed.len().saturating_sub(1))]
            .iter()
            .rev()
            .take(crate::ingest::article::coref::LOOK_BACK)
            .flat_map(|ps| ps.iter().rev())
            .find(|p| res.drafts[p.draft].kind == EntityKind::Law)
            .map(|p| ids[p.draft].clone());
        for s in out.findings.statements.iter_mut() {
            if s.kind == RelationKind::Enacted && Some(&s.target) == law.as_ref() {
                s.qualifiers.insert("draft".into(), json!(true));
            }
        }
    }
}

/// `dated-instrument`: a law or policy written with its date ("PECA, 2016", "published in
/// 2011") → ENACTED / ADOPTED since then.
pub(super) fn dated_instrument(out: &mut Emitter<'_>, here: &Here<'_>) {
    let drafts = &out.article.resolution.drafts;
    let ids = out.article.ids;
    for i in here.in_force.iter().copied() {
        let (Some(date), Some(country)) = (drafts[i].date, out.country_of(i)) else {
            continue;
        };
        let relation = relation_for(drafts[i].kind);
        if out.has(relation, &country, &ids[i]) {
            continue;
        }
        let period = drafts[i].period.clone();
        let e = out.evidence(here.si, "dated-instrument", CONFIDENCE_DATED);
        if let Some(s) = out.state(relation, &country, &ids[i], e) {
            s.since = Some(date);
            if let Some(period) = period {
                s.qualifiers.insert("period".into(), json!(period));
            }
        }
    }
}

/// `formulated-by`: an agency formulating / drafting / taking the lead on X → RESPONSIBLE_FOR;
/// `designated-organization`: an agency designated to deal with cyber security → HAS_AGENCY
/// with `responsibility: cybersecurity`, since the publication date.
pub(super) fn formulated_and_designated(out: &mut Emitter<'_>, here: &Here<'_>, targets: &Targets) {
    let res = out.article.resolution;
    let ids = out.article.ids;
    // "regulations drafted under the Act" are issued under it; nobody formulates the act.
    let formulates = FORMULATES.as_ref().is_some_and(|re| {
        re.find_iter(here.text).any(|m| {
            !here
                .text
                .get(m.end()..)
                .is_some_and(|rest| rest.trim_start().starts_with("under"))
        })
    });
    let designated = matches(&DESIGNATED, here.text);
    for agency in here.of_kind(res, &[EntityKind::Agency]) {
        let draft = &res.drafts[agency];
        if draft.global.is_some() || name_has(&draft.display_name(), &STATE_BODIES) {
            continue;
        }
        if formulates {
            for i in here
                .instruments
                .iter()
                .filter(|i| !targets.contains(&Some(**i)))
            {
                let e = out.evidence(here.si, "formulated-by", CONFIDENCE_RELATION);
                out.state(RelationKind::ResponsibleFor, &ids[agency], &ids[*i], e);
            }
        }
        if let (true, Some(country)) = (designated, out.country_of(agency)) {
            let since = out.published();
            let e = out.evidence(here.si, "designated-organization", CONFIDENCE_RELATION);
            if let Some(s) = out.state(RelationKind::HasAgency, &country, &ids[agency], e) {
                s.since = s.since.or(since);
                s.qualifiers
                    .insert("responsibility".into(), json!("cybersecurity"));
                s.qualifiers.insert("designated".into(), json!(true));
            }
        }
    }
}

/// `to-be-established`: "a CERT council will be established" → the principal law
/// ESTABLISHES it.
pub(super) fn to_be_established(out: &mut Emitter<'_>, here: &Here<'_>, memory: &Memory) {
    let (true, Some(law)) = (matches(&TO_BE_ESTABLISHED, here.text), memory.principal) else {
        return;
    };
    let res = out.article.resolution;
    let ids = out.article.ids;
    for created in here.of_kind(
        res,
        &[EntityKind::Agency, EntityKind::Program, EntityKind::Cert],
    ) {
        if res.drafts[created].global.is_none() {
            let e = out.evidence(here.si, "to-be-established", CONFIDENCE_CONTEXT);
            out.state(RelationKind::Establishes, &ids[law], &ids[created], e);
        }
    }
}

/// `cert-kinds`: a list of three or more "… CERT" kinds ("National CERT, Government CERT, …
/// and Provincial CERT") → the principal law's `certKinds`.
pub(super) fn cert_kinds(out: &mut Emitter<'_>, here: &Here<'_>, memory: &Memory) {
    let Some(law) = memory.principal else { return };
    let kinds: Vec<String> = CERT_KIND
        .as_ref()
        .map(|re| {
            re.find_iter(here.text)
                .map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
                .collect()
        })
        .unwrap_or_default();
    if kinds.len() >= 3 {
        out.findings
            .attributes
            .push((law, "certKinds".into(), json!(kinds)));
        let e = out.evidence(here.si, "cert-kinds", CONFIDENCE_CONTEXT);
        out.findings
            .mentions
            .push((out.article.ids[law].clone(), e));
    }
}
