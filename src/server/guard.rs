//! Abuse limits a public server can keep: request body size, execution time, per-IP rate,
//! query length and aliases (async-graphql limits depth and complexity but not aliases), and
//! the constant-time comparison of the admin token.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::ServerError;
use axum::body::Body;
use axum::http::{header, Response, StatusCode};
use axum::Router;
use subtle::ConstantTimeEq;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::GovernorLayer;

/// HTTP-level limits, each configurable; the defaults suit a public read server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// Largest request body, in bytes (default 1 MiB: room for a long document).
    pub body_bytes: usize,
    /// Longest query text, in bytes (default 16 KiB).
    pub query_bytes: usize,
    /// Most aliases in one query (default 50).
    pub aliases: usize,
    /// Longest execution of one query, in milliseconds (default 5 000).
    pub timeout_ms: u64,
    /// Requests per second each client IP may sustain; 0 turns the rate limit off (default 50).
    pub rate_per_second: u32,
    /// Requests a client IP may send in a burst above that rate (default 100).
    pub rate_burst: u32,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            body_bytes: 1 << 20,
            query_bytes: 16 * 1024,
            aliases: 50,
            timeout_ms: 5_000,
            rate_per_second: 50,
            rate_burst: 100,
        }
    }
}

/// Whether two secrets are equal, in time that does not depend on where they differ.
pub(super) fn same_secret(presented: &[u8], expected: &[u8]) -> bool {
    if presented.len() != expected.len() {
        // Spend the same work as a real comparison before refusing.
        let _ = expected.ct_eq(expected);
        return false;
    }
    presented.ct_eq(expected).into()
}

fn count_aliases(set: &SelectionSet, doc: &ExecutableDocument, depth: usize) -> usize {
    if depth > 64 {
        return 0;
    }
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => {
                usize::from(f.node.alias.is_some())
                    + count_aliases(&f.node.selection_set.node, doc, depth + 1)
            }
            Selection::InlineFragment(f) => {
                count_aliases(&f.node.selection_set.node, doc, depth + 1)
            }
            Selection::FragmentSpread(s) => doc
                .fragments
                .get(&s.node.fragment_name.node)
                .map(|f| count_aliases(&f.node.selection_set.node, doc, depth + 1))
                .unwrap_or(0),
        })
        .sum()
}

/// Fields that return pages: they cost their page size even when `first` is omitted.
const PAGED: [&str; 3] = ["relations", "entities", "countries"];
/// The page size those fields use when `first` is omitted.
const DEFAULT_PAGE: u64 = 100;
/// The largest page any field serves.
const MAX_PAGE: u64 = 1_000;

/// What one field multiplies its selection's cost by: its `first` argument (a literal or a
/// variable), else the default page for paged fields, else 1.
fn multiplier(
    field: &async_graphql::parser::types::Field,
    variables: &async_graphql::Variables,
) -> u64 {
    let first = field
        .get_argument("first")
        .and_then(|v| {
            v.node
                .clone()
                .into_const_with(|name| variables.get(&name).cloned().ok_or(()))
                .ok()
        })
        .and_then(|v| match v {
            async_graphql::Value::Number(n) => n.as_u64(),
            _ => None,
        });
    // Pages larger than the maximum are refused by the resolver with the argument's name;
    // a paged field has a selection (`stats { entities }` is a plain number of that name).
    let paged =
        PAGED.contains(&field.name.node.as_str()) && !field.selection_set.node.items.is_empty();
    first
        .map(|f| f.min(MAX_PAGE))
        .unwrap_or(if paged { DEFAULT_PAGE } else { 1 })
        .max(1)
}

/// Connection-aware cost: each field costs 1 plus its selection, times its page size. Unlike
/// the schema's own complexity this also holds for fields reached through the `Entity`
/// interface (`node`, `entities`), so `first: 100000` costs what it would fetch.
pub(super) fn cost(
    set: &SelectionSet,
    doc: &ExecutableDocument,
    variables: &async_graphql::Variables,
    depth: usize,
) -> u64 {
    if depth > 64 {
        return u64::MAX / 4;
    }
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => {
                let inner = cost(&f.node.selection_set.node, doc, variables, depth + 1);
                multiplier(&f.node, variables).saturating_mul(inner.saturating_add(1))
            }
            Selection::InlineFragment(f) => {
                cost(&f.node.selection_set.node, doc, variables, depth + 1)
            }
            Selection::FragmentSpread(s) => doc
                .fragments
                .get(&s.node.fragment_name.node)
                .map(|f| cost(&f.node.selection_set.node, doc, variables, depth + 1))
                .unwrap_or(0),
        })
        .fold(0u64, u64::saturating_add)
}

/// Parsed queries by their text, so a query sent again is not parsed again: for a small
/// query, parsing is the largest single cost of a request. Only queries that parse are kept;
/// the cache is bounded by the total length of the queries it holds.
pub(super) struct ParsedQueries {
    cache: quick_cache::sync::Cache<String, Arc<Parsed>, QueryBytes>,
}

/// A parsed query and what the guard needs of it whatever the variables.
struct Parsed {
    doc: ExecutableDocument,
    aliases: usize,
    depth: usize,
}

/// What a query spends, reported to the client in `extensions`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Spent {
    /// The connection-aware cost ([`cost`]).
    pub cost: u64,
    /// The deepest nesting of fields.
    pub depth: usize,
}

/// How deeply fields nest in `set` (`{ a { b } }` is 2), following fragments.
fn depth(set: &SelectionSet, doc: &ExecutableDocument, level: usize) -> usize {
    if level > 64 {
        return level;
    }
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => 1 + depth(&f.node.selection_set.node, doc, level + 1),
            Selection::InlineFragment(f) => depth(&f.node.selection_set.node, doc, level + 1),
            Selection::FragmentSpread(s) => doc
                .fragments
                .get(&s.node.fragment_name.node)
                .map(|f| depth(&f.node.selection_set.node, doc, level + 1))
                .unwrap_or(0),
        })
        .max()
        .unwrap_or(0)
}

/// Weighs a cached query by its length, so many long queries cannot crowd the memory.
#[derive(Clone)]
struct QueryBytes;

impl quick_cache::Weighter<String, Arc<Parsed>> for QueryBytes {
    fn weight(&self, query: &String, _: &Arc<Parsed>) -> u64 {
        query.len().max(1) as u64
    }
}

impl ParsedQueries {
    /// A cache holding at most `bytes` of query text (0 turns caching off).
    pub(super) fn new(bytes: u64) -> Self {
        let items = usize::try_from(bytes / 256).unwrap_or(usize::MAX).max(1);
        ParsedQueries {
            cache: quick_cache::sync::Cache::with_weighter(items, bytes, QueryBytes),
        }
    }

    fn get_or_parse(&self, query: &str) -> Option<Arc<Parsed>> {
        if let Some(hit) = self.cache.get(query) {
            return Some(hit);
        }
        let doc = async_graphql::parser::parse_query(query).ok()?;
        let sets = || {
            doc.operations
                .iter()
                .map(|(_, op)| &op.node.selection_set.node)
        };
        let aliases = sets().map(|set| count_aliases(set, &doc, 0)).sum();
        let depth = sets().map(|set| depth(set, &doc, 0)).max().unwrap_or(0);
        let parsed = Arc::new(Parsed {
            doc,
            aliases,
            depth,
        });
        self.cache.insert(query.to_string(), parsed.clone());
        Some(parsed)
    }
}

/// Refuses a query that is too long, uses too many aliases or would cost more than
/// `max_cost`, before any work is done; returns what it spends otherwise. The query is parsed once,
/// here (or taken from `parsed`), and handed to the executor already parsed. (Syntax errors
/// are left to the executor, which reports them with their position.)
pub(super) fn check_query(
    request: &mut async_graphql::Request,
    limits: &HttpLimits,
    max_cost: usize,
    parsed: &ParsedQueries,
) -> Result<Spent, ServerError> {
    let refuse = |message: String| {
        let mut error = ServerError::new(message, None);
        let mut ext = async_graphql::ErrorExtensionValues::default();
        ext.set("code", async_graphql::Value::from("QUERY_TOO_EXPENSIVE"));
        error.extensions = Some(ext);
        error
    };
    let query = &request.query;
    if query.len() > limits.query_bytes {
        return Err(refuse(format!(
            "the query is {} bytes; at most {} are accepted",
            query.len(),
            limits.query_bytes
        )));
    }
    let Some(found) = parsed.get_or_parse(query) else {
        return Ok(Spent::default());
    };
    if found.aliases > limits.aliases {
        return Err(refuse(format!(
            "the query uses {} aliases; at most {} are accepted",
            found.aliases, limits.aliases
        )));
    }
    let doc = &found.doc;
    let total = doc
        .operations
        .iter()
        .map(|(_, op)| cost(&op.node.selection_set.node, doc, &request.variables, 0))
        .max()
        .unwrap_or(0);
    if total > max_cost as u64 {
        return Err(refuse(format!(
            "the query would cost {total} (fields times page sizes); at most {max_cost} is accepted: ask for smaller pages"
        )));
    }
    request.set_parsed_query(doc.clone());
    Ok(Spent {
        cost: total,
        depth: found.depth,
    })
}

/// Adds the per-IP rate limit (a maintained tower middleware) unless it is turned off.
pub(super) fn rate_limited(router: Router, limits: HttpLimits) -> Router {
    if limits.rate_per_second == 0 {
        return router;
    }
    let per_request_ns = (1_000_000_000 / u64::from(limits.rate_per_second.max(1))).max(1);
    let Some(config) = GovernorConfigBuilder::default()
        .per_nanosecond(per_request_ns)
        .burst_size(limits.rate_burst.max(1))
        .finish()
    else {
        tracing::warn!("invalid rate limit configuration; rate limiting is off");
        return router;
    };
    let config = Arc::new(config);
    let limiter = config.limiter().clone();
    // Forget idle clients now and then, so the table does not grow without bound.
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.retain_recent();
        }
    });
    let layer = GovernorLayer::new(config).error_handler(|error| {
        let message = format!("rate limit: {error}\n");
        Response::builder()
            .status(StatusCode::TOO_MANY_REQUESTS)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .header(header::RETRY_AFTER, "1")
            .body(Body::from(message))
            .unwrap_or_default()
    });
    router.layer(layer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_equal_only_when_identical() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cre", b"s3cret"));
        assert!(!same_secret(b"s3creT", b"s3cret"));
        assert!(!same_secret(b"", b"s3cret"));
    }

    /// Checks `query` with `vars` through `cache`, as the handler does.
    fn check_in(
        cache: &ParsedQueries,
        query: &str,
        vars: &async_graphql::Variables,
        limits: &HttpLimits,
        max_cost: usize,
    ) -> Result<u64, ServerError> {
        let mut request = async_graphql::Request::new(query).variables(vars.clone());
        check_query(&mut request, limits, max_cost, cache).map(|spent| spent.cost)
    }

    fn check(
        query: &str,
        vars: &async_graphql::Variables,
        limits: &HttpLimits,
        max_cost: usize,
    ) -> Result<u64, ServerError> {
        check_in(&ParsedQueries::new(1 << 20), query, vars, limits, max_cost)
    }

    #[test]
    fn a_cached_query_is_checked_again_with_its_own_variables() {
        let cache = ParsedQueries::new(1 << 20);
        let q = "query($n: Int) { entities(first: $n) { id } }";
        let small = async_graphql::Variables::from_json(serde_json::json!({ "n": 5 }));
        let large = async_graphql::Variables::from_json(serde_json::json!({ "n": 1000 }));
        let limits = HttpLimits::default();
        assert_eq!(check_in(&cache, q, &small, &limits, 100).ok(), Some(10));
        assert!(check_in(&cache, q, &large, &limits, 100)
            .err()
            .is_some_and(|e| e.message.contains("would cost 2000")));
        let aliased = "{ a: stats { entities } b: stats { entities } c: stats { entities } }";
        let strict = HttpLimits {
            aliases: 2,
            ..limits
        };
        for _ in 0..2 {
            assert!(check_in(&cache, aliased, &small, &strict, 100)
                .err()
                .is_some_and(|e| e.message.contains("3 aliases")));
        }
        // The parsed document travels with the request, so the executor does not parse again.
        let mut request = async_graphql::Request::new("{ stats { entities } }");
        assert!(check_query(&mut request, &limits, 100, &cache).is_ok());
        assert!(request
            .parsed_query()
            .is_ok_and(|d| d.operations.iter().count() == 1));
        let mut request = async_graphql::Request::new(
            "query { ...F } fragment F on Query { country(code: \"PK\") { relations { totalCount } } }",
        );
        let spent = check_query(&mut request, &limits, 1000, &cache);
        assert_eq!(
            spent.map(|s| s.depth).ok(),
            Some(3),
            "depth through a fragment"
        );
        // A syntax error is left to the executor and nothing is cached for it.
        assert_eq!(
            check_in(&cache, "{ stats {", &small, &limits, 100).ok(),
            Some(0)
        );
    }

    #[test]
    fn the_cache_stays_within_its_bytes() {
        let cache = ParsedQueries::new(4096);
        let vars = async_graphql::Variables::default();
        for i in 0..500 {
            let q = format!("{{ a{i}: stats {{ entities }} }}");
            assert!(check_in(&cache, &q, &vars, &HttpLimits::default(), 100).is_ok());
        }
        assert!(
            cache.cache.weight() <= 4096,
            "weight {}",
            cache.cache.weight()
        );
        assert!(cache.cache.len() < 500);
    }

    #[test]
    fn aliases_are_counted_through_fragments() {
        let limits = HttpLimits {
            aliases: 2,
            ..HttpLimits::default()
        };
        let vars = async_graphql::Variables::default();
        assert!(check(
            "{ a: stats { entities } b: stats { entities } }",
            &vars,
            &limits,
            1000
        )
        .is_ok());
        let q = "{ a: stats { x: entities } ...F } fragment F on Query { c: stats { entities } }";
        let refused = check(q, &vars, &limits, 1000).err().map(|e| e.message);
        assert!(refused.is_some_and(|m| m.contains("3 aliases")));
        let long = "{".repeat(20_000);
        assert!(check(&long, &vars, &HttpLimits::default(), 1000).is_err());
    }

    #[test]
    fn cost_multiplies_page_sizes_through_interfaces_and_variables() {
        let vars = async_graphql::Variables::from_json(serde_json::json!({ "n": 1000 }));
        let cost_of = |q: &str| check(q, &vars, &HttpLimits::default(), usize::MAX).unwrap_or(0);
        assert_eq!(cost_of("{ stats { entities } }"), 2);
        assert_eq!(
            cost_of("{ node(id: \"x\") { relations(first: 10) { totalCount } } }"),
            1 + 10 * 2
        );
        assert_eq!(cost_of("{ entities { id } }"), 100 * 2);
        assert_eq!(
            cost_of("query($n: Int) { entities(first: $n) { id } }"),
            1000 * 2
        );
        let refused = check(
            "{ entities(first: 1000) { relations(first: 1000) { totalCount } } }",
            &vars,
            &HttpLimits::default(),
            50_000,
        );
        assert!(refused
            .err()
            .is_some_and(|e| e.message.contains("would cost")));
    }
}
