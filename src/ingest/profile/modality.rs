//! What a sentence of a profile asserts about the thing its section asks for: that it exists,
//! that it is missing, that it is being prepared (and how far along), that it is gone, or that
//! nobody knows. Then the indicator's status from the sentences of its section.
//!
//! The status follows the assertion, not a word: "does not yet have … but there is a work in
//! progress" is work under way, "There is no information on …" is not knowing, and "has
//! numerous certified professionals … but did not conduct a survey" is presence with an
//! unknown count. Pure functions over text; knows no entities.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{IndicatorStatus, Stage};

/// What one sentence or list entry asserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Modality {
    /// Describes or names something without saying it is missing, planned or unknown.
    Described,
    /// Says outright that the thing exists: "has officially recognized", "was approved".
    Asserted,
    /// Describes what another sentence spoke of ("This Plan is based on four pillars", the
    /// entries under "Other bodies involved in the preparation of this document are:").
    Refers,
    /// Speaks of the thing as prepared, not in place: a draft, a plan, work under way.
    Staged(Stage),
    /// Says the thing is missing but being prepared: "does not yet have", "does not have …
    /// but there is a work in progress".
    Pending(Stage),
    /// Says the thing existed and no longer does.
    Defunct,
    /// Says the thing is missing.
    Missing,
    /// Says how many there are is not known ("does not have the exact number", "did not
    /// conduct a survey"): beside a sentence naming them, they exist.
    Uncounted,
    /// Says it is not known.
    Unknown,
}

impl Modality {
    /// Whether things named in the sentence stand as established facts. What a sentence
    /// names while describing a draft or plan ("the Office … is responsible for the
    /// preparation of this document") is not counted either way.
    pub fn establishes(self) -> bool {
        matches!(self, Modality::Described | Modality::Asserted)
    }
}

fn regex(pattern: &str) -> Option<Regex> {
    Regex::new(pattern).ok()
}

static DEFUNCT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(r"(?i)\b(defunct|no longer|ceased to|dissolved|abolished|revoked|repealed)\b")
});

/// Not knowing whether the thing exists, as the profiles word it.
static UNKNOWN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?ix)\b(
            no\s+(publicly\s+)?(available\s+)?information
          | information\s+(is\s+)?(not\s+available|unavailable)
          | unknown | not\s+known | (does|do|did)\s+not\s+know
          | no\s+records?\b | not\s+applicable
        )",
    )
});
/// Not knowing how many: "does not have the exact number of … professionals certified", "did
/// not conduct a survey to gather the exact statistic", "no record of how many".
static UNCOUNTED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?ix)\b(
            exact\s+(numbers?|figures?|statistics?|count)
          | (did|has|have)\s+not\s+(conduct(ed)?|carr(y|ied)\s+out)\s+(a|any)\s+survey
          | no\s+statistics?\s+showing | no\s+records?\s+(of\s+|showing\s+)?(how\s+many|the\s+number)
        )",
    )
});
/// "N/A" standing alone, in any case; "NA" is too often an acronym to read.
static NOT_APPLICABLE: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)(^|[\s(])n/a($|[\s.,;)])"));

static DRAFT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?ix)\b(
            drafts? | bills? | being\s+enacted | awaiting
          | pending\s+(approval|adoption|enactment)
          | submitted\s+(to|for)\s+(the\s+)?(cabinet|parliament|council\s+of\s+ministers|national\s+assembly|approval|adoption|endorsement)
          | under\s+review | yet\s+to\s+be\s+(passed|enacted|adopted|approved)
        )\b
        | \(in\s+view\)",
    )
});
static IN_PROGRESS: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?ix)\b(
            in\s+the\s+process | in\s+process | in\s+progress | work\s+in\s+progress
          | working\s+(out|on) | currently\s+working | presently\s+working
          | (is|are)\s+(currently\s+|now\s+|presently\s+)?(developing|drafting|establishing|preparing|creating|elaborating|finali[sz]ing|embarking)
          | currently\s+(developing|drafting|establishing|preparing|creating|building|embarking)
          | being\s+(developed|drafted|established|prepared|transposed|built|set\s+up|created|finali[sz]ed|reactivated|considered|formulated|elaborated)
          | under\s+(development|formation|preparation|way|consideration|discussion)
          | started\s+(working|developing|drafting|implementing|the\s+(implementation|development)|to\s+(develop|work|implement|draft))
          | currently\s+cooperating | finali[sz]ation\s+stage | drafting
        )\b",
    )
});
static PLANNED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?ix)\b(
            (has|have|had)\s+plans?\s+to | planning\s+to | there\s+(are|is)\s+(a\s+)?plans?
          | plans?\s+to\s+(build|create|establish|develop|set\s+up|adopt|launch|introduce|draft|enact)
          | planned | intends?\s+to | intention\s+to | proposed | envisag\w* | upcoming
          | for\s+the\s+establishment\s+of
          | will\s+be\s+(set\s+up|established|created|included|developed|considered|launched|built|organi[sz]ed|implemented|adopted|presented|put\s+in\s+place|formed|establishing|developing)
          | (is|are)\s+going\s+to | expected\s+to\s+(change|be)
          | to\s+be\s+(launched|established|set\s+up|created|adopted)
          | yet\s+to\s+be | not\s+yet | (does|do|has|have)\s+not\s+(\w+\s+)?yet
        )\b",
    )
});

/// "Not yet": missing today, expected.
static NOT_YET: LazyLock<Option<Regex>> =
    LazyLock::new(|| regex(r"(?i)\b(not\s+(\w+\s+)?yet|yet\s+to\s+be)\b"));

/// Saying it is missing. "Not" alone is not enough ("does not mention explicitly" is about a
/// law that exists), so the verbs of having and the profiles' fixed phrases are spelt out.
static MISSING: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?ix)\b(
            (does|do|did)\s+not\s+(\w+\s+)?(have|possess|participate|exist|provide|offer|run|operate|maintain|support|accede|ratify|sign)
          | (does|do)\s+not\s+any
          | (has|have)\s+not\s+(\w+\s+)?(established|adopted|approved|recognized|recognised|enacted|acceded|ratified|signed)
          | (has|have)\s+no\b | there\s+(is|are|was|were)\s+(still\s+)?(no|not\s+any)\b
          | no\s+(officially|agency|national|specific|current|such)\b
          | (is|are)\s+not\s+(\w+\s+)?(available|in\s+place|established|recognized|recognised)
          | none\b | nil\b | lacks?\b | without\s+any
        )",
    )
});

/// Saying outright that the thing exists, in the profiles' own formulas.
static ASSERTED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    regex(
        r"(?ix)\b(
            (has|have|had)\s+(an?\s+|the\s+)?(officially|numerous|several|many)\b
          | (has|have)\s+(officially\s+)?(established|adopted|approved|enacted|recognized|recognised)\b
          | (was|were|has\s+been|have\s+been)\s+(officially\s+)?(approved|adopted|enacted|established|launched|created|set\s+up|recognized|recognised|published|endorsed|developed)\b
          | is\s+the\s+officially | up\s+and\s+running | in\s+force
        )",
    )
});

fn matches(re: &LazyLock<Option<Regex>>, text: &str) -> bool {
    re.as_ref().is_some_and(|re| re.is_match(text))
}

/// The stage a sentence speaks of, the furthest along when it names several ("a bill is being
/// drafted and is expected to be passed" is a draft).
pub(super) fn stage_in(text: &str) -> Option<Stage> {
    [
        (&DRAFT, Stage::Draft),
        (&IN_PROGRESS, Stage::InProgress),
        (&PLANNED, Stage::Planned),
    ]
    .into_iter()
    .find(|(re, _)| matches(re, text))
    .map(|(_, stage)| stage)
}

/// Whether a sentence says it is not known.
pub(super) fn says_unknown(text: &str) -> bool {
    matches(&UNKNOWN, text) || matches(&NOT_APPLICABLE, text) || matches(&UNCOUNTED, text)
}

/// Whether a sentence describes what an earlier one spoke of rather than something new:
/// it opens with "This", "These", "It", or names "this document", "this plan", ….
fn refers_back(text: &str) -> bool {
    let lower = text.trim_start().to_lowercase();
    ["this ", "these ", "it ", "its "]
        .iter()
        .any(|w| lower.starts_with(w))
        || names_this(&lower)
}

/// Whether a lower-cased text speaks of "this document", "this plan", ….
fn names_this(lower: &str) -> bool {
    [
        "this document",
        "this plan",
        "this policy",
        "this strategy",
        "this programme",
        "this program",
        "this project",
        "this framework",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// What a sentence or list entry asserts. `context` is the sentence that introduced a list
/// entry (empty for a sentence). A list entry is a name; it says something is missing only
/// when that is all it says ("None.", "Nil"), since a law's remark ("does not mention
/// explicitly …") does not undo the law.
pub(super) fn modality(text: &str, bullet: bool, context: &str) -> Modality {
    if matches(&DEFUNCT, text) {
        return Modality::Defunct;
    }
    let missing = !bullet && matches(&MISSING, text);
    if let Some(stage) = stage_in(text) {
        let denied = missing || matches(&NOT_YET, text);
        return if denied {
            Modality::Pending(stage)
        } else {
            Modality::Staged(stage)
        };
    }
    if matches(&UNCOUNTED, text) {
        return Modality::Uncounted;
    }
    if says_unknown(text) {
        return Modality::Unknown;
    }
    if bullet {
        let bare = text.trim().trim_end_matches(['.', ';', ',']).to_lowercase();
        return if matches!(bare.as_str(), "none" | "nil" | "not available")
            || bare.starts_with("there is no")
            || bare.starts_with("no ")
        {
            Modality::Missing
        } else if names_this(&context.to_lowercase()) {
            Modality::Refers
        } else {
            Modality::Described
        };
    }
    if missing {
        Modality::Missing
    } else if matches(&ASSERTED, text) {
        Modality::Asserted
    } else if refers_back(text) {
        Modality::Refers
    } else {
        Modality::Described
    }
}

/// What a section names that stands as established, by whether it is the section's own kind
/// of thing (a law in 1.1.1, a CERT in 1.2.1) or something else that counts there.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Counted {
    /// Established things of the section's own kind.
    pub own: usize,
    /// Other established things that count for the section (an agency named in 1.3.1).
    pub other: usize,
}

/// The indicator's status and stage from what its section names and asserts.
///
/// In order: an established thing of the section's own kind, or a sentence asserting one,
/// makes it PRESENT; a thing gone makes it ABSENT (stage DEFUNCT). A draft, plan or work under
/// way makes it PARTIAL with the furthest stage named — unless, with nothing said to be
/// missing, another sentence names an established thing that counts (two awareness programmes
/// "will be organized" beside the agency already raising awareness by radio). Then another
/// established thing makes it PRESENT; an
/// unknown count beside a described measure is PRESENT; not knowing makes it UNKNOWN — before
/// "there is none", since a section saying both does not know about the indicator itself;
/// "there is none" makes it ABSENT; a section that only describes a measure is PRESENT.
pub(super) fn section_status(
    counted: Counted,
    modalities: &[Modality],
) -> (IndicatorStatus, Option<Stage>) {
    let any = |m: Modality| modalities.contains(&m);
    let stage = modalities
        .iter()
        .filter_map(|m| match m {
            Modality::Staged(stage) | Modality::Pending(stage) => Some(*stage),
            _ => None,
        })
        .max();
    let denied =
        any(Modality::Missing) || modalities.iter().any(|m| matches!(m, Modality::Pending(_)));
    let present = (IndicatorStatus::Present, None);
    if counted.own > 0 || any(Modality::Asserted) {
        present
    } else if any(Modality::Defunct) {
        (IndicatorStatus::Absent, Some(Stage::Defunct))
    } else if let Some(stage) = stage {
        if !denied && counted.other > 0 {
            present
        } else {
            (IndicatorStatus::Partial, Some(stage))
        }
    } else if counted.other > 0 || (any(Modality::Uncounted) && any(Modality::Described)) {
        present
    } else if any(Modality::Unknown) || any(Modality::Uncounted) {
        (IndicatorStatus::Unknown, None)
    } else if any(Modality::Missing) {
        (IndicatorStatus::Absent, None)
    } else {
        present
    }
}

/// Which sentence of a section decides the status [`section_status`] gave it: the first
/// that asserts the thing (or, failing one, describes it) for PRESENT, the first naming the
/// stage for PARTIAL, the first saying it is gone, missing or unknown for those.
pub(super) fn deciding(
    status: IndicatorStatus,
    stage: Option<Stage>,
    modalities: &[Modality],
) -> Option<usize> {
    let first = |wanted: &dyn Fn(&Modality) -> bool| modalities.iter().position(wanted);
    match (status, stage) {
        (IndicatorStatus::Present, _) => {
            first(&|m| *m == Modality::Asserted).or_else(|| first(&|m| *m == Modality::Described))
        }
        (IndicatorStatus::Partial, Some(stage)) => {
            first(&|m| matches!(m, Modality::Staged(s) | Modality::Pending(s) if *s == stage))
        }
        (IndicatorStatus::Absent, Some(Stage::Defunct)) => first(&|m| *m == Modality::Defunct),
        (IndicatorStatus::Absent, _) => {
            first(&|m| matches!(m, Modality::Missing | Modality::Pending(_)))
        }
        (IndicatorStatus::Unknown, _) => {
            first(&|m| *m == Modality::Unknown).or_else(|| first(&|m| *m == Modality::Uncounted))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str) -> Modality {
        modality(text, false, "")
    }

    #[test]
    fn work_under_way_is_a_stage_not_presence() {
        use Modality::{Pending, Staged};
        let cases = [
            ("Slovenia is working out a cybersecurity strategy to upgrade its capability against cyber-attacks.", Staged(Stage::InProgress)),
            ("Cape-Verde does not have currently any officially recognized national CIRT but there is a work in progress.", Pending(Stage::InProgress)),
            ("Mongolia is currently in the process of creating the National CIRT (MNCIRT).", Staged(Stage::InProgress)),
            ("Although there is not yet an established national strategy or policy for cybersecurity in El Salvador, one is presently being developed.", Pending(Stage::InProgress)),
            ("There is a draft National Cybersecurity Strategy to be launched soon.", Staged(Stage::Draft)),
            ("However a legislation bill is being drafted and is expected to be passed by parliament shortly.", Staged(Stage::Draft)),
            ("Computer Crime and Cybercrime Bill (awaiting passing into law)", Staged(Stage::Draft)),
            ("However there are plans to build one in the near future.", Staged(Stage::Planned)),
            ("Czech Republic does not yet have any officially recognized national or sector-specific research and development (R&D) programs.", Pending(Stage::Planned)),
            ("The Security Committee (yet to be established) monitors and coordinates the implementation.", Pending(Stage::Planned)),
            ("However it will be included in the upcoming National Cybersecurity policy.", Staged(Stage::Planned)),
        ];
        for (text, want) in cases {
            assert_eq!(sentence(text), want, "{text}");
        }
        // Names and remarks that only look like plans or work.
        for text in [
            "Australia has officially recognized the National Plan to Combat Cybercrime and the Cyber Security Strategy as the national strategy.",
            "The Action plan to the National Strategy for Information Security defines tasks for various agencies.",
            "Antigua and Barbuda is already home to a Regional Cyber Forensics Lab, and has started training police officers in cybercrime investigation.",
            "Incidents can be submitted to the national CERT through its website.",
        ] {
            assert!(!matches!(sentence(text), Staged(_) | Pending(_)), "{text}");
        }
    }

    #[test]
    fn not_knowing_is_not_absence() {
        for text in [
            "There is no information on any framework for sharing cybersecurity assets across borders with other nation states.",
            "There is no record of Ireland being involved in any international cooperation.",
            "N/A",
            "Not applicable.",
        ] {
            assert_eq!(sentence(text), Modality::Unknown, "{text}");
        }
        for text in [
            "Pakistan does not have the exact number of public sector professionals certified under internationally recognized certification programs in cybersecurity.",
            "There is no available information regarding the exact number of public sector professionals certified.",
            "Albania does not know the exact number of public sector professionals certified.",
            "However it did not conduct a survey to gather the exact statistic.",
            "There is no record of how many professionals are certified under internationally recognized programs.",
            "The exact number is unknown.",
        ] {
            assert_eq!(sentence(text), Modality::Uncounted, "{text}");
        }
        assert_eq!(modality("N/A", true, ""), Modality::Unknown);
    }

    #[test]
    fn gone_missing_and_asserted() {
        assert_eq!(
            sentence("Suriname has a now defunct national CIRT known as SurCIRT."),
            Modality::Defunct
        );
        assert_eq!(
            sentence("The agency no longer operates."),
            Modality::Defunct
        );
        for text in [
            "Tajikistan does not have any officially recognized national CIRT.",
            "There is no national governance roadmap for cybersecurity in Slovenia.",
            "The aeCERT has no current project on child online protection.",
            "Bhutan does not any official recognized partnerships to facilitate sharing of cybersecurity assets.",
            "Somalia did not accede to the UN Convention and Protocol pertaining to child online protection.",
        ] {
            assert_eq!(sentence(text), Modality::Missing, "{text}");
        }
        assert_eq!(
            sentence("Bangladesh has numerous public sector professionals certified under internationally recognized certification programs in cybersecurity."),
            Modality::Asserted
        );
        assert_eq!(
            sentence(
                "A national cybersecurity strategy was approved by the Federal Council in 2012."
            ),
            Modality::Asserted
        );
        assert_eq!(
            modality(
                "Section 148 of the Criminal Code but does not mention explicitly pornography.",
                true,
                ""
            ),
            Modality::Described
        );
        assert_eq!(modality("None.", true, ""), Modality::Missing);
        assert_eq!(
            sentence("This Plan is based on four pillars."),
            Modality::Refers
        );
    }

    #[test]
    fn a_section_takes_the_status_its_sentences_assert() {
        use Modality::*;
        let none = Counted::default();
        let one = Counted { own: 1, other: 0 };
        let cases: [(Counted, &[Modality], IndicatorStatus, Option<Stage>); 12] = [
            // "has numerous certified professionals … but did not conduct a survey".
            (none, &[Asserted, Uncounted], IndicatorStatus::Present, None),
            (
                none,
                &[Described, Uncounted],
                IndicatorStatus::Present,
                None,
            ),
            (none, &[Uncounted], IndicatorStatus::Unknown, None),
            (none, &[Described, Unknown], IndicatorStatus::Unknown, None),
            (none, &[Missing, Unknown], IndicatorStatus::Unknown, None),
            // "does not have … However there are plans to build one".
            (
                none,
                &[Described, Missing, Staged(Stage::Planned)],
                IndicatorStatus::Partial,
                Some(Stage::Planned),
            ),
            (
                none,
                &[Staged(Stage::Draft), Refers],
                IndicatorStatus::Partial,
                Some(Stage::Draft),
            ),
            // A readiness assessment beside "is currently establishing a national CIRT".
            (
                none,
                &[Staged(Stage::InProgress), Described],
                IndicatorStatus::Partial,
                Some(Stage::InProgress),
            ),
            // Programmes that "will be organized" beside an agency's radio programme.
            (
                Counted { own: 0, other: 1 },
                &[Described, Staged(Stage::Planned)],
                IndicatorStatus::Present,
                None,
            ),
            (
                none,
                &[Defunct, Staged(Stage::InProgress)],
                IndicatorStatus::Absent,
                Some(Stage::Defunct),
            ),
            // An enacted law beside a bill.
            (
                one,
                &[Described, Staged(Stage::Draft)],
                IndicatorStatus::Present,
                None,
            ),
            (none, &[Missing], IndicatorStatus::Absent, None),
        ];
        for (counted, modalities, status, stage) in cases {
            assert_eq!(
                section_status(counted, modalities),
                (status, stage),
                "{modalities:?}"
            );
        }
        assert_eq!(
            section_status(none, &[Pending(Stage::Planned), Staged(Stage::Draft)]),
            (IndicatorStatus::Partial, Some(Stage::Draft))
        );
        assert_eq!(
            section_status(none, &[Described]),
            (IndicatorStatus::Present, None)
        );
    }
}
