//! A list type resolved item after item on the request's own task.
//!
//! async-graphql resolves the items of a `Vec` concurrently, one future each, which suits
//! resolvers that wait on I/O. Every resolver here reads an in-memory snapshot and never
//! waits, so concurrency buys nothing, while a future per item is most of the cost of a
//! large subgraph. [`List`] has exactly the GraphQL type of a `Vec` (the schema does not
//! change) and resolves its items in order.

use std::borrow::Cow;

use async_graphql::parser::types::Field;
use async_graphql::{registry, ContextSelectionSet, OutputType, Positioned, ServerResult, Value};

/// A list whose items are resolved one after another, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct List<T>(pub Vec<T>);

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> Self {
        List(items)
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        List(iter.into_iter().collect())
    }
}

impl<T: OutputType> OutputType for List<T> {
    fn type_name() -> Cow<'static, str> {
        <Vec<T> as OutputType>::type_name()
    }

    fn qualified_type_name() -> String {
        <Vec<T> as OutputType>::qualified_type_name()
    }

    fn create_type_info(registry: &mut registry::Registry) -> String {
        <Vec<T> as OutputType>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        let mut values = Vec::with_capacity(self.0.len());
        for (index, item) in self.0.iter().enumerate() {
            let at = ctx.with_index(index);
            let value = item
                .resolve(&at, field)
                .await
                .map_err(|error| at.set_error_path(error))?;
            values.push(value);
        }
        Ok(Value::List(values))
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema, SimpleObject};

    use super::List;

    #[derive(SimpleObject)]
    struct Item {
        n: i32,
    }

    struct Query;

    #[Object]
    impl Query {
        async fn plain(&self) -> Vec<Item> {
            (0..5).map(|n| Item { n }).collect()
        }
        async fn in_order(&self) -> List<Item> {
            (0..5).map(|n| Item { n }).collect()
        }
        async fn failing(&self) -> List<Option<i32>> {
            List(vec![Some(1), None])
        }
    }

    #[tokio::test]
    async fn resolves_like_a_vec_with_the_same_type() {
        let schema = Schema::new(Query, EmptyMutation, EmptySubscription);
        let sdl = schema.sdl();
        assert!(sdl.contains("plain: [Item!]!"), "{sdl}");
        assert!(sdl.contains("inOrder: [Item!]!"), "{sdl}");
        let response = schema
            .execute("{ plain { n } inOrder { n } failing }")
            .await;
        assert!(response.errors.is_empty(), "{:?}", response.errors);
        let data = response.data.into_json().unwrap_or_default();
        assert_eq!(data["plain"], data["inOrder"]);
        assert_eq!(data["inOrder"][4]["n"], 4);
        assert_eq!(data["failing"], serde_json::json!([1, null]));
    }
}
