//! The indicator table of the ITU Cyberwellness Profile (sections 1.1.1 … 2.4) and the
//! observations made about them. The table is the one place that says which section is
//! which indicator, in which pillar, and what kind of thing a section names.

use serde::{Deserialize, Serialize};

use super::{EntityKind, Evidence, IndicatorStatus, PartialDate, Pillar, RelationKind, Stage};

/// One indicator of the profile layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorDef {
    /// The profile's section number, "1.1.1" … "2.4".
    pub code: &'static str,
    /// The indicator's name as the profile heading reads, in title case.
    pub name: &'static str,
    /// The pillar it scores in.
    pub pillar: Pillar,
    /// What a thing named in this section is, when nothing more specific is known.
    pub names: EntityKind,
    /// How the country relates to a thing named in this section.
    pub relation: RelationKind,
    /// The `responsibility` qualifier for agencies named in this section.
    pub responsibility: Option<&'static str>,
}

const fn def(
    code: &'static str,
    name: &'static str,
    pillar: Pillar,
    names: EntityKind,
    relation: RelationKind,
) -> IndicatorDef {
    IndicatorDef {
        code,
        name,
        pillar,
        names,
        relation,
        responsibility: None,
    }
}

/// All 21 indicators, in profile order.
pub const INDICATORS: [IndicatorDef; 21] = {
    use EntityKind as E;
    use Pillar as P;
    use RelationKind as R;
    [
        def(
            "1.1.1",
            "Criminal legislation",
            P::Legal,
            E::Law,
            R::Enacted,
        ),
        def(
            "1.1.2",
            "Regulation and compliance",
            P::Legal,
            E::Law,
            R::Enacted,
        ),
        def("1.2.1", "CIRT", P::Technical, E::Cert, R::HasCert),
        def("1.2.2", "Standards", P::Technical, E::Standard, R::Adopted),
        def(
            "1.2.3",
            "Certification",
            P::Technical,
            E::Standard,
            R::Adopted,
        ),
        def("1.3.1", "Policy", P::Organizational, E::Policy, R::Adopted),
        def(
            "1.3.2",
            "Roadmap for governance",
            P::Organizational,
            E::Policy,
            R::Adopted,
        ),
        IndicatorDef {
            responsibility: Some("cybersecurity"),
            ..def(
                "1.3.3",
                "Responsible agency",
                P::Organizational,
                E::Agency,
                R::HasAgency,
            )
        },
        def(
            "1.3.4",
            "National benchmarking",
            P::Organizational,
            E::Program,
            R::ParticipatesIn,
        ),
        def(
            "1.4.1",
            "Standardisation development",
            P::CapacityBuilding,
            E::Program,
            R::ParticipatesIn,
        ),
        def(
            "1.4.2",
            "Manpower development",
            P::CapacityBuilding,
            E::Program,
            R::ParticipatesIn,
        ),
        def(
            "1.4.3",
            "Professional certification",
            P::CapacityBuilding,
            E::Program,
            R::ParticipatesIn,
        ),
        def(
            "1.4.4",
            "Agency certification",
            P::CapacityBuilding,
            E::Standard,
            R::Adopted,
        ),
        def(
            "1.5.1",
            "Intra-state cooperation",
            P::Cooperation,
            E::Organization,
            R::ParticipatesIn,
        ),
        def(
            "1.5.2",
            "Intra-agency cooperation",
            P::Cooperation,
            E::Program,
            R::ParticipatesIn,
        ),
        def(
            "1.5.3",
            "Public sector partnership",
            P::Cooperation,
            E::Program,
            R::ParticipatesIn,
        ),
        def(
            "1.5.4",
            "International cooperation",
            P::Cooperation,
            E::Organization,
            R::MemberOf,
        ),
        def(
            "2.1",
            "National legislation",
            P::ChildOnlineProtection,
            E::Law,
            R::Enacted,
        ),
        def(
            "2.2",
            "UN convention and protocol",
            P::ChildOnlineProtection,
            E::Convention,
            R::PartyTo,
        ),
        IndicatorDef {
            responsibility: Some("child online protection"),
            ..def(
                "2.3",
                "Institutional support",
                P::ChildOnlineProtection,
                E::Agency,
                R::HasAgency,
            )
        },
        def(
            "2.4",
            "Reporting mechanism",
            P::ChildOnlineProtection,
            E::Program,
            R::ParticipatesIn,
        ),
    ]
};

/// The indicator with this section code.
pub fn indicator(code: &str) -> Option<&'static IndicatorDef> {
    INDICATORS.iter().find(|d| d.code == code)
}

/// What one source said about one indicator of one country, and from when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorObservation {
    /// The country's entity id, `country:PK`.
    pub country: String,
    /// The section code, "1.1.1" … "2.4".
    pub code: String,
    /// What the source says.
    pub status: IndicatorStatus,
    /// For a PARTIAL, how far along the thing is (`DRAFT`, `PLANNED`, `IN_PROGRESS`); for an
    /// ABSENT, `DEFUNCT` when it existed and no longer does. `None` otherwise, and in data
    /// stored before stages existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// From when the observation holds (valid time): the date of the fact where the source
    /// gives one, else the document's date.
    pub date: Option<PartialDate>,
    /// Ids of the entities the observation is about: those that make the indicator PRESENT,
    /// or, for a PARTIAL, the drafts and plans it names.
    pub entities: Vec<String>,
    /// Where it was read.
    pub evidence: Vec<Evidence>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_each_code_once_in_profile_order() {
        let codes: Vec<&str> = INDICATORS.iter().map(|d| d.code).collect();
        let mut sorted = codes.clone();
        sorted.dedup();
        assert_eq!(codes.len(), 21);
        assert_eq!(sorted.len(), 21);
        assert_eq!(codes.first(), Some(&"1.1.1"));
        assert_eq!(codes.last(), Some(&"2.4"));
        assert_eq!(
            indicator("1.3.3").and_then(|d| d.responsibility),
            Some("cybersecurity")
        );
        assert!(indicator("1.6.1").is_none());
    }
}
