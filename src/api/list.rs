//! Output types resolved one step after another on the request's own task.
//!
//! async-graphql resolves the items of a `Vec` and the fields of an object concurrently, a
//! future each, gathered in a `FuturesUnordered`: that suits resolvers that wait on I/O.
//! Every resolver here reads an in-memory snapshot and never waits, so concurrency buys
//! nothing, while the futures and their bookkeeping are most of the cost of an answer.
//! [`List`] has exactly the GraphQL type of a `Vec` (the schema does not change) and resolves
//! its items in order; it yields to the runtime every [`YIELD_EVERY`] items, so a request
//! past its execution deadline is stopped inside a long list rather than at its end. Objects
//! below the root are marked `serial` where they are declared (the root `Query` is always
//! resolved concurrently by async-graphql); the `Entity` interface cannot be, and
//! [`super::entity::EntityNode`] resolves its fields in order instead.

use std::borrow::Cow;

use async_graphql::parser::types::Field;
use async_graphql::{registry, ContextSelectionSet, OutputType, Positioned, ServerResult, Value};

/// Items resolved between two yields to the runtime.
pub const YIELD_EVERY: usize = 128;

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
            if index > 0 && index % YIELD_EVERY == 0 {
                tokio::task::yield_now().await;
            }
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

    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use async_graphql::Context;

    use super::{List, YIELD_EVERY};

    #[derive(SimpleObject)]
    struct Item {
        n: i32,
    }

    /// An item that counts how many of its kind were resolved.
    struct Counted;

    #[Object]
    impl Counted {
        async fn n(&self, ctx: &Context<'_>) -> usize {
            ctx.data_unchecked::<Arc<AtomicUsize>>()
                .fetch_add(1, Ordering::SeqCst)
        }
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
        async fn many(&self) -> List<Counted> {
            (0..10_000).map(|_| Counted).collect()
        }
    }

    #[tokio::test(flavor = "current_thread")]
    async fn a_long_list_yields_so_an_aborted_request_stops_inside_it() {
        let count = Arc::new(AtomicUsize::new(0));
        let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
            .data(count.clone())
            .finish();
        let task = tokio::spawn(async move { schema.execute("{ many { n } }").await });
        // One turn of the single-threaded runtime: the query runs until its first yield.
        tokio::task::yield_now().await;
        task.abort();
        let _ = task.await;
        let resolved = count.load(Ordering::SeqCst);
        assert!(
            (YIELD_EVERY..10_000).contains(&resolved),
            "stopped after {resolved} of 10 000 items"
        );
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
