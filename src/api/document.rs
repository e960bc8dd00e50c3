//! A source document as a node of the graph: its title, dates, format, publisher and path.

use async_graphql::{Object, ID};

use super::entity::{entity_type, EntityNode, EntityRef};
use super::error::ApiError;
use super::evidence::Evidence;
use super::relation::RelationConnection;
use super::scalars::{view, Date, Direction, EntityKind, RelationKind};
use super::serial_list::SerialList;
use crate::model;

entity_type!(Document, "A source document the graph was built from.", {
    /// The document's title.
    async fn title(&self) -> async_graphql::Result<String> {
        Ok(self.document()?.title.clone())
    }
    /// When it was published or last updated: the known-time of its evidence.
    async fn published(&self) -> async_graphql::Result<Option<Date>> {
        Ok(self.document()?.published.map(Date))
    }
    /// Whether `published` was inferred from the latest year the text mentions.
    async fn published_inferred(&self) -> async_graphql::Result<bool> {
        Ok(self.document()?.published_inferred)
    }
    /// "itu-cyberwellness-profile", "article" or "curated".
    async fn format(&self) -> async_graphql::Result<String> {
        Ok(self.document()?.format.as_str().to_string())
    }
    /// Who published it, where known.
    async fn publisher(&self) -> async_graphql::Result<Option<String>> {
        Ok(self.document()?.publisher.clone())
    }
    /// The file it was loaded from, relative to the data directory.
    async fn path(&self) -> async_graphql::Result<Option<String>> {
        Ok(self.document()?.path.clone())
    }
});

impl Document {
    fn document(&self) -> async_graphql::Result<&model::Document> {
        let id = self.0.id()?;
        self.0
            .graph
            .document(id)
            .ok_or_else(|| ApiError::NotFound(format!("no document with id '{id}'")).into())
    }
}
