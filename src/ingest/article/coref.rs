//! Definite references inside one article: "the Act", "this decree", "the 2004 Act", "the
//! Authority", "the Committee", "the university" stand for the entity named last whose name
//! carries that head word (and that year, when one is written). They become mentions of it, so
//! the sentence rules see "the Act established …" as said of the act.
//!
//! Only earlier text is searched: a reference never points forward, and one with nothing
//! named before it stays unresolved.

use std::sync::LazyLock;

use regex::Regex;

use super::entities::{Draft, Placed};
use crate::model::EntityKind;

/// "the / this / that / said [YEAR] Head", the head not followed by a name going on
/// ("the Act of 2004" is resolved, "the Authority for Info-communications" is a name).
static DEFINITE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ss]aid)\s+(?:(\d{4})\s+)?(Act|Law|Decree|[Dd]ecree|Bill|Code|Regulations|Authority|Agency|Council|Committee|Centre|Center|Commission|Convention|Protocol|Policy|Strategy|[Uu]niversity|Network)\b(?:\s+\p{Lu})?",
    )
    .ok()
});

/// How many earlier sentences a reference looks back over.
pub(super) const LOOK_BACK: usize = 30;

/// The kind a head word of a definite reference names.
fn kind_of(head: &str) -> Option<EntityKind> {
    Some(match head.to_lowercase().as_str() {
        "act" | "law" | "decree" | "bill" | "code" | "regulations" => EntityKind::Law,
        "authority" | "agency" | "council" | "committee" | "centre" | "center" | "commission" => {
            EntityKind::Agency
        }
        "convention" | "protocol" => EntityKind::Convention,
        "policy" | "strategy" => EntityKind::Policy,
        "university" | "network" => EntityKind::Organization,
        _ => return None,
    })
}

/// Whether a draft may be what "the <head>" refers to: same kind, the head word in one of its
/// names ("Bill" also for an act: the bill became it), the year when one is written.
fn fits(draft: &Draft, head: &str, year: Option<i32>) -> bool {
    let Some(kind) = kind_of(head) else {
        return false;
    };
    let head = head.to_lowercase();
    let named = draft
        .surfaces
        .iter()
        .chain(draft.long_names.iter())
        .chain(draft.global.iter().map(|(_, name)| name))
        .any(|s| {
            s.split_whitespace()
                .any(|w| w.to_lowercase() == head || head == "bill" && w == "Act")
        });
    draft.kind == kind
        && named
        && year.is_none_or(|y| draft.date.is_some_and(|d| d.year_value() == y))
}

/// The definite references of sentence `si` as mentions: each resolves to the draft named
/// last before it (earlier in the sentence, else in the nearest earlier sentence).
pub(super) fn references(
    sentence: &str,
    si: usize,
    placed: &[Placed],
    earlier: &[Vec<Placed>],
    drafts: &[Draft],
) -> Vec<Placed> {
    let Some(re) = DEFINITE.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for caps in re.captures_iter(sentence) {
        let (Some(all), Some(head)) = (caps.get(0), caps.get(2)) else {
            continue;
        };
        // A capital after the head continues a name ("the Authority Act"): not a reference.
        if all.as_str().ends_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let start = all.start();
        if placed
            .iter()
            .any(|p| p.start < head.end() && start < p.extent)
        {
            continue;
        }
        let year = caps.get(1).and_then(|y| y.as_str().parse().ok());
        let before_here = placed.iter().rev().filter(|p| p.extent <= start);
        // A definite reference points to something recent: looking back a bounded number of
        // sentences keeps reading linear in the article.
        let before = earlier[..si.min(earlier.len())]
            .iter()
            .rev()
            .take(LOOK_BACK)
            .flat_map(|ps| ps.iter().rev());
        let target = before_here.chain(before).find(|p| {
            drafts
                .get(p.draft)
                .is_some_and(|d| fits(d, head.as_str(), year))
        });
        if let Some(t) = target {
            // The mention starts at its own words ("2004 Act"), as names do, so a cue ending
            // in "the" is followed by it.
            out.push(Placed {
                draft: t.draft,
                start: caps.get(1).map_or(head.start(), |y| y.start()),
                extent: head.end(),
            });
        }
    }
    out
}
