//! GraphQL scalars and enums: the `Date` scalar and mirrors of the model's vocabularies
//! (checked against the model by `remote`, so the two cannot drift apart).

use async_graphql::{Enum, InputValueError, InputValueResult, Scalar, ScalarType, Value};

use crate::model::{self, PartialDate};

/// Calendar date, ISO 8601, with the precision known.
pub struct Date(pub PartialDate);

/// The view on the two clocks that `asOf` and `knownAt` arguments ask for.
pub fn view(as_of: Option<Date>, known_at: Option<Date>) -> crate::query::View {
    crate::query::View {
        as_of: as_of.map(|d| d.0),
        known_at: known_at.map(|d| d.0),
    }
}

/// Calendar date, ISO 8601. Output: the precision known ("2016", "2021-08", "2015-03-05").
/// Input: any of those; a year or month as `asOf` means its last day.
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => text
                .parse::<PartialDate>()
                .map(Date)
                .map_err(|e| InputValueError::custom(e.to_string())),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(text) if text.parse::<PartialDate>().is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

/// What a node is.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::EntityKind")]
pub enum EntityKind {
    /// A state, keyed by ISO 3166-1.
    Country,
    /// Act, ordinance, code, rules, regulation; or a section of one.
    Law,
    /// Strategy, policy, roadmap or framework adopted by a government.
    Policy,
    /// Ministry, regulator, authority, council, police unit.
    Agency,
    /// CERT / CIRT / CSIRT team.
    Cert,
    /// Treaty, convention or optional protocol.
    Convention,
    /// International or regional body or network: ITU, ITU-IMPACT, SCO, UN, APSIRC-WG.
    Organization,
    /// Programme, initiative, project, partnership, public service.
    Program,
    /// Standard, framework or certification scheme.
    Standard,
    /// A source document the graph was built from.
    Document,
}

/// Edge vocabulary. Direction is source -> target as written.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::RelationKind")]
pub enum RelationKind {
    /// COUNTRY -> LAW.
    Enacted,
    /// COUNTRY -> POLICY.
    Adopted,
    /// COUNTRY -> CERT; qualifiers: role (NATIONAL, GOVERNMENT, SECTORAL, PUBLIC, …), recognized.
    HasCert,
    /// COUNTRY -> AGENCY; qualifiers: responsibility.
    HasAgency,
    /// COUNTRY|CERT|AGENCY|ORGANIZATION -> ORGANIZATION.
    MemberOf,
    /// COUNTRY -> CONVENTION; qualifiers: mode (ACCEDED, RATIFIED, SIGNED), reservations, declarations.
    PartyTo,
    /// CONVENTION -> CONVENTION.
    ProtocolTo,
    /// COUNTRY|AGENCY|CERT|ORGANIZATION -> PROGRAM|ORGANIZATION.
    ParticipatesIn,
    /// AGENCY|CERT|ORGANIZATION -> PROGRAM|CERT (runs a programme, hosts a team).
    Runs,
    /// COUNTRY -> COUNTRY; qualifiers: instrument ("joint declaration").
    CooperatesWith,
    /// LAW|POLICY -> LAW; qualifiers: sections.
    IssuedUnder,
    /// LAW|POLICY -> POLICY|LAW|STANDARD.
    CompliesWith,
    /// LAW|POLICY -> AGENCY|CERT|PROGRAM.
    Establishes,
    /// AGENCY -> LAW|POLICY|PROGRAM (formulates, administers).
    ResponsibleFor,
    /// LAW -> LAW (a section of an act); ORGANIZATION -> ORGANIZATION.
    PartOf,
    /// DOCUMENT -> any.
    Mentions,
}

/// Which edges of a node to follow.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Edges leaving the node (the node is the source).
    Out,
    /// Edges entering the node (the node is the target).
    In,
    /// Both.
    #[default]
    Both,
}

impl From<Direction> for crate::graph::Direction {
    fn from(d: Direction) -> Self {
        match d {
            Direction::Out => crate::graph::Direction::Out,
            Direction::In => crate::graph::Direction::In,
            Direction::Both => crate::graph::Direction::Both,
        }
    }
}

/// How a piece of evidence was obtained.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::EvidenceMethod")]
pub enum EvidenceMethod {
    /// Read from the fixed layout of an ITU Cyberwellness Profile.
    ProfileParser,
    /// Read from free text by a sentence rule.
    ArticleExtractor,
    /// Stated by a curator, with a source note.
    Curated,
    /// Submitted by a user.
    User,
}

/// What the deciding observation says about an indicator.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::IndicatorStatus")]
pub enum IndicatorStatus {
    /// The source names what the indicator asks for.
    Present,
    /// The source says it is missing.
    Absent,
    /// The source names part of it.
    Partial,
    /// No source says anything.
    Unknown,
}

/// Where a thing stands when a source speaks of it as not (or no longer) established.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::Stage")]
pub enum Stage {
    /// Intended, announced or expected: "plans to", "will be set up", "not yet".
    Planned,
    /// Work under way: "in the process of", "is working out", "being developed".
    InProgress,
    /// A text exists but is not in force: a draft, a bill, "awaiting approval".
    Draft,
    /// It existed and no longer does ("now defunct"): the reason for an ABSENT.
    Defunct,
}

/// The groups of indicators in an ITU Cyberwellness Profile.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "model::Pillar")]
pub enum Pillar {
    /// 1.1 Legal measures.
    Legal,
    /// 1.2 Technical measures.
    Technical,
    /// 1.3 Organization measures.
    Organizational,
    /// 1.4 Capacity building.
    CapacityBuilding,
    /// 1.5 Cooperation.
    Cooperation,
    /// 2 Child online protection.
    ChildOnlineProtection,
}
