//! `secretariat`: "…, while the GSI will act as Executive Secretariat" → the body acting as
//! the secretariat RUNS the other body the sentence names before it (a committee or council
//! it serves). A secretariat is a role, so it is not an entity of its own (see `mentions`).

use std::sync::LazyLock;

use regex::Regex;

use super::{find, regex, Emitter, Here, CONFIDENCE_DATED};
use crate::model::{EntityKind, RelationKind};

static SECRETARIAT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:will\s+)?(?:act|acts|serve|serves|function|functions|appointed|designated|elected)\s+(?:as\s+)?(?:the\s+|its\s+)?(?:chair\s+and\s+|chairman\s+and\s+)?(?:executive\s+|permanent\s+|technical\s+)?secretariat\b(?:\s+of\s+(?:the\s+)?)?",
    )
});

/// `secretariat` (see the module doc).
pub(super) fn secretariat(out: &mut Emitter<'_>, here: &Here<'_>) {
    let Some(cue) = find(&SECRETARIAT, here.text) else {
        return;
    };
    let res = out.article.resolution;
    let ids = out.article.ids;
    let bodies: Vec<usize> = here
        .placed
        .iter()
        .filter(|p| p.extent <= cue.start())
        .filter(|p| {
            matches!(
                res.drafts[p.draft].kind,
                EntityKind::Agency | EntityKind::Cert
            )
        })
        .map(|p| p.draft)
        .collect();
    let Some((&host, before)) = bodies.split_last() else {
        return;
    };
    // "appointed as the Secretariat of the OIC-CERT": the body served is named after "of".
    let after = cue
        .as_str()
        .trim_end()
        .ends_with("of")
        .then(|| {
            here.placed
                .iter()
                .find(|p| p.start >= cue.end() && p.start <= cue.end() + 2)
        })
        .flatten()
        .map(|p| p.draft)
        .filter(|d| *d != host);
    if let Some(served) = after.or_else(|| before.iter().rev().find(|d| **d != host).copied()) {
        let e = out.evidence(here.si, "secretariat", CONFIDENCE_DATED);
        out.state(RelationKind::Runs, &ids[host], &ids[served], e);
    }
}
