//! A country: its codes and names, population figures, the laws, CERTs, agencies,
//! memberships and conventions it has, its posture, timeline and conflicting claims.

use async_graphql::{Object, ID};

use super::entity::{entity_type, EntityNode, EntityRef};
use super::evidence::{Evidence, Observation};
use super::history::{Conflict, TimelineEvent};
use super::posture::Posture;
use super::relation::RelationConnection;
use super::scalars::{view, Date, Direction, EntityKind, RelationKind};
use super::serial_list::SerialList;
use crate::model;
use crate::query::{self, View};

entity_type!(Country, "A state, keyed by ISO 3166-1.", {
    /// ISO 3166-1 alpha-2 code.
    async fn iso2(&self) -> async_graphql::Result<String> {
        Ok(self.0.entity()?.country.clone().unwrap_or_default())
    }
    /// ISO 3166-1 alpha-3 code.
    async fn iso3(&self) -> async_graphql::Result<String> {
        let entity = self.0.entity()?;
        Ok(entity
            .attributes
            .get("iso3")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .or_else(|| {
                entity
                    .country
                    .as_deref()
                    .and_then(crate::resolve::country::resolve)
                    .map(|c| c.iso3.to_string())
            })
            .unwrap_or_default())
    }
    /// The official long name as a profile gives it ("Islamic Republic of Pakistan").
    async fn official_name(&self) -> async_graphql::Result<Option<String>> {
        Ok(self
            .0
            .entity()?
            .attributes
            .get("officialName")
            .and_then(|v| v.as_str())
            .map(str::to_string))
    }
    /// Total population, with its source and date.
    async fn population(&self) -> async_graphql::Result<Option<Observation>> {
        self.observation("population")
    }
    /// Internet users, percentage of population, with its source and date.
    async fn internet_users_percent(&self) -> async_graphql::Result<Option<Observation>> {
        self.observation("internetUsersPercent")
    }
    /// Laws the country enacted (ENACTED), in force on `asOf`.
    async fn laws(
        &self,
        #[graphql(desc = "Only laws in force on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only what sources published by this date say.")] known_at: Option<Date>,
    ) -> async_graphql::Result<SerialList<EntityNode>> {
        self.targets(&[model::RelationKind::Enacted], view(as_of, known_at))
    }
    /// The country's CERTs (HAS_CERT).
    async fn certs(
        &self,
        #[graphql(desc = "Only CERTs existing on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only what sources published by this date say.")] known_at: Option<Date>,
    ) -> async_graphql::Result<SerialList<EntityNode>> {
        self.targets(&[model::RelationKind::HasCert], view(as_of, known_at))
    }
    /// The country's agencies (HAS_AGENCY).
    async fn agencies(
        &self,
        #[graphql(desc = "Only agencies existing on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only what sources published by this date say.")] known_at: Option<Date>,
    ) -> async_graphql::Result<SerialList<EntityNode>> {
        self.targets(&[model::RelationKind::HasAgency], view(as_of, known_at))
    }
    /// Organizations and programmes the country is a member of or participates in.
    async fn memberships(
        &self,
        #[graphql(desc = "Only memberships holding on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only what sources published by this date say.")] known_at: Option<Date>,
    ) -> async_graphql::Result<SerialList<EntityNode>> {
        self.targets(
            &[
                model::RelationKind::MemberOf,
                model::RelationKind::ParticipatesIn,
            ],
            view(as_of, known_at),
        )
    }
    /// Conventions the country is party to (PARTY_TO).
    async fn conventions(
        &self,
        #[graphql(desc = "Only conventions in force for it on this date.")] as_of: Option<Date>,
        #[graphql(desc = "Only what sources published by this date say.")] known_at: Option<Date>,
    ) -> async_graphql::Result<SerialList<EntityNode>> {
        self.targets(&[model::RelationKind::PartyTo], view(as_of, known_at))
    }
    /// The 21 indicators with per-pillar scores (latest known when `asOf` is omitted).
    async fn posture(
        &self,
        #[graphql(desc = "Take, per indicator, the latest observation on or before this date.")]
        as_of: Option<Date>,
        #[graphql(desc = "Use only evidence published by this date.")] known_at: Option<Date>,
    ) -> Posture {
        Posture::new(self.clone(), view(as_of, known_at))
    }
    /// Dated changes of the country's indicators and relations, oldest first, with evidence.
    async fn timeline(
        &self,
        #[graphql(desc = "Use only evidence published by this date.")] known_at: Option<Date>,
    ) -> async_graphql::Result<SerialList<TimelineEvent>> {
        Ok(TimelineEvent::of_country(
            &self.0.graph,
            self.0.id()?,
            view(None, known_at),
        ))
    }
    /// Claims about this country that sources disagree on; both sides are kept.
    async fn conflicts(
        &self,
        #[graphql(desc = "Use only evidence published by this date.")] known_at: Option<Date>,
    ) -> async_graphql::Result<SerialList<Conflict>> {
        Ok(Conflict::list(
            &self.0.graph,
            Some(self.0.id()?),
            view(None, known_at),
        ))
    }
});

impl Country {
    fn observation(&self, measure: &str) -> async_graphql::Result<Option<Observation>> {
        Ok(self
            .0
            .entity()?
            .observations
            .iter()
            .find(|o| o.measure == measure)
            .map(|o| Observation::new(&self.0.graph, o)))
    }

    fn targets(
        &self,
        kinds: &[model::RelationKind],
        view: View,
    ) -> async_graphql::Result<SerialList<EntityNode>> {
        Ok(EntityRef::nodes(
            &self.0.graph,
            query::country_targets(&self.0.graph, self.0.id()?, kinds, view),
        ))
    }

    /// The graph and id behind this country.
    pub(crate) fn handle(&self) -> &EntityRef {
        &self.0
    }
}
