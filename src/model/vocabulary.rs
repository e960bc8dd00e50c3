//! The closed vocabularies of the graph: entity kinds, relation kinds, evidence methods,
//! indicator statuses, stages and pillars. Each is declared once here; the GraphQL enums, the parsers
//! and the exports all derive from these. Imports nothing from the rest of the crate.

use serde::{Deserialize, Serialize};

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EntityKind {
    /// A state, keyed by ISO 3166-1.
    Country,
    /// Act, ordinance, code, rules, regulation, or a section of one.
    Law,
    /// Strategy, policy, roadmap or framework adopted by a government.
    Policy,
    /// Ministry, regulator, authority, council, police unit.
    Agency,
    /// CERT / CIRT / CSIRT team.
    Cert,
    /// Treaty, convention or optional protocol.
    Convention,
    /// International or regional body or network.
    Organization,
    /// Programme, initiative, project, partnership, public service.
    Program,
    /// Standard, framework or certification scheme.
    Standard,
    /// A source document the graph was built from.
    Document,
}

impl EntityKind {
    /// Every kind, in declaration order.
    pub const ALL: [EntityKind; 10] = [
        EntityKind::Country,
        EntityKind::Law,
        EntityKind::Policy,
        EntityKind::Agency,
        EntityKind::Cert,
        EntityKind::Convention,
        EntityKind::Organization,
        EntityKind::Program,
        EntityKind::Standard,
        EntityKind::Document,
    ];

    /// The prefix of ids of this kind: `law:PK:peca-2016`, `org:sco`.
    pub fn id_prefix(self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Law => "law",
            EntityKind::Policy => "policy",
            EntityKind::Agency => "agency",
            EntityKind::Cert => "cert",
            EntityKind::Convention => "convention",
            EntityKind::Organization => "org",
            EntityKind::Program => "program",
            EntityKind::Standard => "standard",
            EntityKind::Document => "doc",
        }
    }

    /// The upper-case name used in the API and in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Country => "COUNTRY",
            EntityKind::Law => "LAW",
            EntityKind::Policy => "POLICY",
            EntityKind::Agency => "AGENCY",
            EntityKind::Cert => "CERT",
            EntityKind::Convention => "CONVENTION",
            EntityKind::Organization => "ORGANIZATION",
            EntityKind::Program => "PROGRAM",
            EntityKind::Standard => "STANDARD",
            EntityKind::Document => "DOCUMENT",
        }
    }

    /// Whether entities of this kind belong to one country (laws, agencies, CERTs, …) rather
    /// than being shared by all (organizations, conventions).
    pub fn is_country_scoped(self) -> bool {
        matches!(
            self,
            EntityKind::Law
                | EntityKind::Policy
                | EntityKind::Agency
                | EntityKind::Cert
                | EntityKind::Program
                | EntityKind::Standard
        )
    }
}

/// The edge vocabulary. Direction is source → target as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RelationKind {
    /// COUNTRY → LAW.
    Enacted,
    /// COUNTRY → POLICY.
    Adopted,
    /// COUNTRY → CERT; qualifiers `role`, `recognized`.
    HasCert,
    /// COUNTRY → AGENCY; qualifier `responsibility`.
    HasAgency,
    /// COUNTRY|CERT|AGENCY|ORGANIZATION → ORGANIZATION.
    MemberOf,
    /// COUNTRY → CONVENTION; qualifiers `mode`, `reservations`, `declarations`.
    PartyTo,
    /// CONVENTION → CONVENTION.
    ProtocolTo,
    /// COUNTRY|AGENCY|CERT|ORGANIZATION → PROGRAM|ORGANIZATION.
    ParticipatesIn,
    /// AGENCY|CERT|ORGANIZATION → PROGRAM|CERT (runs a programme, hosts a team).
    Runs,
    /// COUNTRY → COUNTRY; qualifier `instrument`.
    CooperatesWith,
    /// LAW|POLICY → LAW; qualifier `sections`.
    IssuedUnder,
    /// LAW|POLICY → POLICY|LAW|STANDARD.
    CompliesWith,
    /// LAW|POLICY → AGENCY|CERT|PROGRAM.
    Establishes,
    /// AGENCY → LAW|POLICY|PROGRAM (formulates, administers).
    ResponsibleFor,
    /// LAW → LAW (a section of an act); ORGANIZATION → ORGANIZATION.
    PartOf,
    /// DOCUMENT → any.
    Mentions,
}

impl RelationKind {
    /// Every kind, in declaration order.
    pub const ALL: [RelationKind; 16] = [
        RelationKind::Enacted,
        RelationKind::Adopted,
        RelationKind::HasCert,
        RelationKind::HasAgency,
        RelationKind::MemberOf,
        RelationKind::PartyTo,
        RelationKind::ProtocolTo,
        RelationKind::ParticipatesIn,
        RelationKind::Runs,
        RelationKind::CooperatesWith,
        RelationKind::IssuedUnder,
        RelationKind::CompliesWith,
        RelationKind::Establishes,
        RelationKind::ResponsibleFor,
        RelationKind::PartOf,
        RelationKind::Mentions,
    ];

    /// The upper-case name used in the API, in relation ids and in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Enacted => "ENACTED",
            RelationKind::Adopted => "ADOPTED",
            RelationKind::HasCert => "HAS_CERT",
            RelationKind::HasAgency => "HAS_AGENCY",
            RelationKind::MemberOf => "MEMBER_OF",
            RelationKind::PartyTo => "PARTY_TO",
            RelationKind::ProtocolTo => "PROTOCOL_TO",
            RelationKind::ParticipatesIn => "PARTICIPATES_IN",
            RelationKind::Runs => "RUNS",
            RelationKind::CooperatesWith => "COOPERATES_WITH",
            RelationKind::IssuedUnder => "ISSUED_UNDER",
            RelationKind::CompliesWith => "COMPLIES_WITH",
            RelationKind::Establishes => "ESTABLISHES",
            RelationKind::ResponsibleFor => "RESPONSIBLE_FOR",
            RelationKind::PartOf => "PART_OF",
            RelationKind::Mentions => "MENTIONS",
        }
    }
}

/// How a piece of evidence was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EvidenceMethod {
    /// Read from the fixed layout of an ITU Cyberwellness Profile.
    ProfileParser,
    /// Read from free text by a sentence rule.
    ArticleExtractor,
    /// Stated by a curator in `data/curated/`, with a source note.
    Curated,
    /// Submitted by a user through the API.
    User,
}

/// What an indicator observation says: the status follows what the text asserts, not which
/// words it contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IndicatorStatus {
    /// The source says the thing exists: a law in force, a CERT at work.
    Present,
    /// The source says it is missing ("There is no …", "None.") or gone ("now defunct"; the
    /// observation's stage is then [`Stage::Defunct`]).
    Absent,
    /// The source says it is being prepared (a draft, a bill, a plan, work in progress) or
    /// names part of it; the observation's stage says which.
    Partial,
    /// The source does not know ("There is no information on …", "does not have the exact
    /// number", "N/A"), or no source says anything. Not evidence of absence.
    Unknown,
}

/// Where something stands in its life when a source speaks of it as not (or no longer)
/// established. A statement or observation without a stage speaks of an established thing.
///
/// Ordered from the earliest stage to the last, so "the furthest along" is the maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Stage {
    /// Intended, announced or expected: "plans to", "will be set up", "not yet".
    Planned,
    /// Work under way: "in the process of", "is working out", "being developed".
    InProgress,
    /// A text exists but is not in force: a draft, a bill, "awaiting approval".
    Draft,
    /// It existed and no longer does: "now defunct", "no longer". The reason for an ABSENT.
    Defunct,
}

impl Stage {
    /// Every stage, in declaration order.
    pub const ALL: [Stage; 4] = [
        Stage::Planned,
        Stage::InProgress,
        Stage::Draft,
        Stage::Defunct,
    ];

    /// The upper-case name used in the API and in exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Planned => "PLANNED",
            Stage::InProgress => "IN_PROGRESS",
            Stage::Draft => "DRAFT",
            Stage::Defunct => "DEFUNCT",
        }
    }
}

/// The groups of indicators in an ITU Cyberwellness Profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
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

impl Pillar {
    /// Every pillar, in profile order.
    pub const ALL: [Pillar; 6] = [
        Pillar::Legal,
        Pillar::Technical,
        Pillar::Organizational,
        Pillar::CapacityBuilding,
        Pillar::Cooperation,
        Pillar::ChildOnlineProtection,
    ];
}
