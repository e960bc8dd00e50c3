//! Lists resolved one item after another on the request's own task, each item spending from
//! the request's budget of work.
//!
//! async-graphql resolves the items of a `Vec` and the fields of an object concurrently, a
//! future each, gathered in a `FuturesUnordered`: that suits resolvers that wait on I/O.
//! Every resolver here reads an in-memory snapshot and never waits, so concurrency buys
//! nothing, while the futures and their bookkeeping are most of the cost of an answer.
//! [`SerialList`] has exactly the GraphQL type of a `Vec` (the schema does not change) and
//! resolves its items in order. Every list of objects the schema serves is one, so every item
//! of an answer spends one unit of the request's [`Work`] (put in request data by the
//! server): past the budget the answer stops with `RESULT_TOO_LARGE`, and each time the work
//! spent crosses a multiple of [`YIELD_EVERY`] the list yields to the runtime, so a request
//! past its deadline stops where it stands however its work is spread over lists. Objects
//! below the root are marked `serial` where they are declared (the root `Query` is always
//! resolved concurrently by async-graphql); the `Entity` interface cannot be, and
//! [`super::entity::EntityNode`] resolves its fields in order instead.

use std::borrow::Cow;

use async_graphql::parser::types::Field;
use std::sync::Arc;

use async_graphql::{registry, ContextSelectionSet, OutputType, Positioned, ServerResult, Value};

use super::error::ApiError;
pub use crate::query::limits::{Exhausted, Work, YIELD_EVERY};

/// A list whose items are resolved one after another, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SerialList<T>(pub Vec<T>);

impl<T> From<Vec<T>> for SerialList<T> {
    fn from(items: Vec<T>) -> Self {
        SerialList(items)
    }
}

impl<T> FromIterator<T> for SerialList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        SerialList(iter.into_iter().collect())
    }
}

/// The request's budget of work, or an unlimited one when the caller set none.
pub(crate) fn work_of(ctx: &async_graphql::Context<'_>) -> Arc<Work> {
    ctx.data_opt::<Arc<Work>>()
        .cloned()
        .unwrap_or_else(|| Arc::new(Work::unlimited()))
}

/// The error a request gets when its work is exhausted.
pub(crate) fn exhausted(why: Exhausted) -> async_graphql::Error {
    ApiError::TooLarge(why.to_string()).into()
}

impl<T: OutputType> OutputType for SerialList<T> {
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
        let work = ctx.data_opt::<Arc<Work>>();
        let mut values = Vec::with_capacity(self.0.len());
        for (index, item) in self.0.iter().enumerate() {
            let time_to_yield = match work {
                Some(work) => work
                    .spend(1)
                    .map_err(|why| exhausted(why).into_server_error(field.pos))?,
                None => index > 0 && (index as u64).is_multiple_of(YIELD_EVERY),
            };
            if time_to_yield {
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

    use super::{SerialList, Work, YIELD_EVERY};

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
        async fn in_order(&self) -> SerialList<Item> {
            (0..5).map(|n| Item { n }).collect()
        }
        async fn failing(&self) -> SerialList<Option<i32>> {
            SerialList(vec![Some(1), None])
        }
        async fn many(&self) -> SerialList<Counted> {
            (0..10_000).map(|_| Counted).collect()
        }
        async fn few(&self) -> SerialList<Counted> {
            (0..3).map(|_| Counted).collect()
        }
    }

    /// `{ a0: few { n } a1: few { n } … }`: many lists of three items each.
    fn many_small_lists(lists: usize) -> String {
        let fields: String = (0..lists).map(|i| format!("a{i}: few {{ n }} ")).collect();
        format!("{{ {fields} }}")
    }

    #[tokio::test(flavor = "current_thread")]
    async fn many_small_lists_yield_by_the_work_they_do_together() {
        let count = Arc::new(AtomicUsize::new(0));
        let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
            .data(count.clone())
            .finish();
        let request =
            async_graphql::Request::new(many_small_lists(2_000)).data(Arc::new(Work::unlimited()));
        let task = tokio::spawn(async move { schema.execute(request).await });
        tokio::task::yield_now().await;
        task.abort();
        let _ = task.await;
        let resolved = count.load(Ordering::SeqCst);
        assert!(
            (YIELD_EVERY as usize..6_000).contains(&resolved),
            "stopped after {resolved} of 6 000 items in 2 000 lists"
        );
    }

    #[tokio::test]
    async fn an_answer_past_its_budget_stops_with_result_too_large() {
        let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
            .data(Arc::new(AtomicUsize::new(0)))
            .finish();
        let small = async_graphql::Request::new(many_small_lists(10)).data(Arc::new(Work::new(30)));
        assert!(schema.execute(small).await.errors.is_empty());
        let large = async_graphql::Request::new(many_small_lists(11)).data(Arc::new(Work::new(30)));
        let response = schema.execute(large).await;
        let error = response.errors.first().map(|e| {
            let code = e.extensions.as_ref().and_then(|x| x.get("code").cloned());
            (code, e.message.clone())
        });
        assert!(
            error.as_ref().is_some_and(|(code, message)| {
                *code == Some(async_graphql::Value::from("RESULT_TOO_LARGE"))
                    && message.contains("budget of 30")
            }),
            "{error:?}"
        );
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
            (YIELD_EVERY as usize..10_000).contains(&resolved),
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
