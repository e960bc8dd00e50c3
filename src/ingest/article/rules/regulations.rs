//! `issued-under-list`: "several regulations drafted under the Act have also come into force
//! following their publication in the Federal Gazette on August 22. They are the Cyber
//! Security (…) Regulations 2024, …" → each regulation named in that sentence, else in the
//! next one, ISSUED_UNDER the act, since the sentence's date. The `issued-under` rule reads
//! the singular, sectioned form ("under section 51 of X").

use std::sync::LazyLock;

use regex::Regex;

use super::{find, regex, sentence_date, Emitter, Here, CONFIDENCE_DATED};
use crate::model::{EntityKind, RelationKind};

static MADE_UNDER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:regulations|rules|orders|directives|guidelines)\s+(?:\w+\s+){0,2}?(?:made|drafted|issued|gazetted|prescribed|adopted)\s+under\s+(?:the\s+|this\s+)?",
    )
});

/// `issued-under-list` (see the module doc).
pub(super) fn issued_under_list(out: &mut Emitter<'_>, here: &Here<'_>) {
    let Some(cue) = find(&MADE_UNDER, here.text) else {
        return;
    };
    let res = out.article.resolution;
    let ids = out.article.ids;
    let Some(parent) = here
        .placed
        .iter()
        .find(|p| p.start >= cue.end() && p.start <= cue.end() + 2)
        .map(|p| p.draft)
        .filter(|d| res.drafts[*d].kind == EntityKind::Law)
    else {
        return;
    };
    let laws_in = |si: usize| -> Vec<usize> {
        res.placed
            .get(si)
            .map(|ps| {
                ps.iter()
                    .map(|p| p.draft)
                    .filter(|d| *d != parent && res.drafts[*d].kind == EntityKind::Law)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut children = laws_in(here.si);
    let mut si = here.si;
    if children.is_empty() {
        children = laws_in(here.si + 1);
        si = here.si + 1;
    }
    let since = sentence_date(here, out.article);
    for child in children {
        let e = out.evidence(si, "issued-under-list", CONFIDENCE_DATED);
        if let Some(s) = out.state(RelationKind::IssuedUnder, &ids[child], &ids[parent], e) {
            s.since = s.since.or(since);
        }
    }
}
