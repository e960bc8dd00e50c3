//! Abuse limits a public server can keep: request body size, execution time, per-IP rate,
//! query length and aliases (async-graphql limits depth and complexity but not aliases), and
//! the constant-time comparison of the admin token.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
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
    /// Deepest nesting of brackets (`{`, `[`, `(`) in a query's text, checked before it is
    /// parsed (default 64).
    pub nesting: usize,
    /// Largest answer sent, in bytes (default 32 MiB); a larger one is replaced by a
    /// `RESULT_TOO_LARGE` error.
    pub answer_bytes: usize,
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
            nesting: 64,
            answer_bytes: 32 << 20,
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

/// What [`measure`] adds up over a selection.
#[derive(Clone, Copy)]
enum Measure {
    /// Aliased fields.
    Aliases,
    /// The deepest nesting of fields (`{ a { b } }` is 2).
    Depth,
}

/// Nesting beyond which a selection is not walked further (the schema's recursion limit
/// refuses such a query anyway).
const MAX_LEVEL: usize = 64;

/// Adds `m` up over `set`, following fragments. Each fragment is measured once and its figure
/// reused wherever it is spread, so nested spreads (`F2 { ...F1 ...F1 }`, `F3 { ...F2 ...F2 }`
/// …) cost linear time, not exponential; a fragment spread inside itself counts 0 here and is
/// refused by validation.
fn measure<'d>(
    set: &'d SelectionSet,
    doc: &'d ExecutableDocument,
    m: Measure,
    fragments: &mut HashMap<&'d str, Option<u64>>,
    level: usize,
) -> u64 {
    if level > MAX_LEVEL {
        return 0;
    }
    let mut total = 0u64;
    for item in &set.items {
        let value = match &item.node {
            Selection::Field(f) => {
                let inner = measure(&f.node.selection_set.node, doc, m, fragments, level + 1);
                match m {
                    Measure::Aliases => inner.saturating_add(u64::from(f.node.alias.is_some())),
                    Measure::Depth => inner.saturating_add(1),
                }
            }
            Selection::InlineFragment(f) => {
                measure(&f.node.selection_set.node, doc, m, fragments, level + 1)
            }
            Selection::FragmentSpread(spread) => {
                let name = &spread.node.fragment_name.node;
                match (fragments.get(name.as_str()), doc.fragments.get(name)) {
                    (Some(known), _) => known.unwrap_or(0),
                    (None, None) => 0,
                    (None, Some(fragment)) => {
                        fragments.insert(name.as_str(), None);
                        let value = measure(
                            &fragment.node.selection_set.node,
                            doc,
                            m,
                            fragments,
                            level + 1,
                        );
                        fragments.insert(name.as_str(), Some(value));
                        value
                    }
                }
            }
        };
        total = match m {
            Measure::Depth => total.max(value),
            Measure::Aliases => total.saturating_add(value),
        };
    }
    total
}

/// `m` over the whole document: the largest over its operations (the sum for aliases).
fn measure_document(doc: &ExecutableDocument, m: Measure) -> u64 {
    let mut fragments = HashMap::new();
    let per_operation = doc
        .operations
        .iter()
        .map(|(_, op)| measure(&op.node.selection_set.node, doc, m, &mut fragments, 0));
    match m {
        Measure::Aliases => per_operation.fold(0, u64::saturating_add),
        Measure::Depth => per_operation.max().unwrap_or(0),
    }
}

/// Selections written in the document (fragments not expanded): what its parsed form holds.
fn written_nodes(set: &SelectionSet) -> u64 {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => 1 + written_nodes(&f.node.selection_set.node),
            Selection::InlineFragment(f) => 1 + written_nodes(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => 1,
        })
        .sum()
}

/// Parsed queries by their text, so a query sent again is not parsed again: for a small
/// query, parsing is the largest single cost of a request. Only queries the guard lets
/// through are kept; the cache is bounded by an estimate of the memory their parsed forms take.
pub(super) struct ParsedQueries {
    cache: quick_cache::sync::Cache<String, Arc<Parsed>, ParsedBytes>,
}

/// A parsed query and what the guard needs of it whatever the variables.
struct Parsed {
    doc: ExecutableDocument,
    aliases: u64,
    depth: u64,
    /// Whether every operation in it is a query (no mutation, no subscription).
    read_only: bool,
    /// Selections written in it (fields, fragments and spreads, in operations and fragments).
    selections: u64,
    /// Roughly how much memory the parsed document takes.
    weight: u64,
}

/// Rough memory of one parsed selection (field, name, position, arguments, containers).
const BYTES_PER_NODE: u64 = 256;

/// What a query spends, reported to the client in `extensions`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Spent {
    /// The connection-aware cost ([`cost`]).
    pub cost: u64,
    /// The deepest nesting of fields.
    pub depth: u64,
    /// Whether the document only reads (every operation is a query): its answer may be kept.
    pub read_only: bool,
    /// Selections written in the document (see [`Parsed::selections`]).
    pub selections: u64,
}

/// Weighs a cached query by an estimate of the memory its parsed form takes, so the bound
/// holds however the text is written.
#[derive(Clone)]
struct ParsedBytes;

impl quick_cache::Weighter<String, Arc<Parsed>> for ParsedBytes {
    fn weight(&self, query: &String, parsed: &Arc<Parsed>) -> u64 {
        (query.len() as u64).saturating_add(parsed.weight).max(1)
    }
}

impl ParsedQueries {
    /// A cache holding parsed queries of about `bytes` of memory in all.
    pub(super) fn new(bytes: u64) -> Self {
        let items = usize::try_from(bytes / 4096).unwrap_or(usize::MAX).max(1);
        ParsedQueries {
            cache: quick_cache::sync::Cache::with_weighter(items, bytes, ParsedBytes),
        }
    }

    /// The parsed query, from the cache or parsed now (and not yet cached); `None` when it
    /// does not parse.
    fn get_or_parse(&self, query: &str) -> Option<(Arc<Parsed>, bool)> {
        if let Some(hit) = self.cache.get(query) {
            return Some((hit, true));
        }
        let doc = async_graphql::parser::parse_query(query).ok()?;
        let aliases = measure_document(&doc, Measure::Aliases);
        let depth = measure_document(&doc, Measure::Depth);
        let read_only = doc
            .operations
            .iter()
            .all(|(_, op)| op.node.ty == OperationType::Query);
        let selections: u64 = doc
            .operations
            .iter()
            .map(|(_, op)| written_nodes(&op.node.selection_set.node))
            .chain(
                doc.fragments
                    .values()
                    .map(|f| written_nodes(&f.node.selection_set.node)),
            )
            .fold(0, u64::saturating_add);
        let weight = selections.saturating_add(1).saturating_mul(BYTES_PER_NODE);
        Some((
            Arc::new(Parsed {
                doc,
                aliases,
                depth,
                read_only,
                selections,
                weight,
            }),
            false,
        ))
    }

    /// Keeps a query that passed the guard, for the next time it is sent.
    fn keep(&self, query: &str, parsed: Arc<Parsed>) {
        self.cache.insert(query.to_string(), parsed);
    }
}

/// What a query is priced with: the schema's cost model, the sizes of the snapshot it will
/// run on, and the most it may cost.
#[derive(Clone, Copy)]
pub(super) struct Pricing<'a> {
    pub model: &'a crate::api::cost::CostModel,
    pub sizes: &'a crate::graph::Sizes,
    pub max_cost: usize,
}

/// Refuses a query that is too long, uses too many aliases or would cost more than
/// `max_cost`, before any work is done; returns what it spends otherwise. The query is parsed once,
/// here (or taken from `parsed`), and handed to the executor already parsed. (Syntax errors
/// are left to the executor, which reports them with their position.)
pub(super) fn check_query(
    request: &mut async_graphql::Request,
    limits: &HttpLimits,
    pricing: Pricing<'_>,
    parsed: &ParsedQueries,
) -> Result<Spent, ServerError> {
    let max_cost = pricing.max_cost;
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
    // The parser recurses once per level of nesting: deeper texts are refused unparsed.
    if let Some(at) = super::nesting::deeper_than(query, limits.nesting) {
        let mut error = refuse(format!(
            "the query nests brackets more than {} levels deep (line {}, column {}); at most {} are accepted",
            limits.nesting, at.line, at.column, limits.nesting
        ));
        if let Some(ext) = error.extensions.as_mut() {
            ext.set("code", async_graphql::Value::from("GRAPHQL_PARSE_FAILED"));
        }
        error.locations = vec![async_graphql::Pos {
            line: at.line,
            column: at.column,
        }];
        return Err(error);
    }
    let Some((found, cached)) = parsed.get_or_parse(query) else {
        return Ok(Spent::default());
    };
    if found.aliases > limits.aliases as u64 {
        return Err(refuse(format!(
            "the query uses {} aliases; at most {} are accepted",
            found.aliases, limits.aliases
        )));
    }
    let doc = &found.doc;
    let total = pricing
        .model
        .price(doc, &request.variables, pricing.sizes, max_cost as u64);
    if total > max_cost as u64 {
        let said = if total >= crate::api::cost::PRICELESS {
            format!("more than {max_cost}")
        } else {
            total.to_string()
        };
        return Err(refuse(format!(
            "the query would cost {said} (each field 1, lists times their length, traversals what they can touch); at most {max_cost} is accepted: ask for smaller pages, fewer levels or fewer copies"
        )));
    }
    request.set_parsed_query(doc.clone());
    let spent = Spent {
        cost: total,
        depth: found.depth,
        read_only: found.read_only,
        selections: found.selections,
    };
    if !cached {
        // Only queries the guard lets through are kept: refusals do not crowd the cache.
        parsed.keep(&request.query, found);
    }
    Ok(spent)
}

/// The same checks for operations over the WebSocket, which do not pass the HTTP handler:
/// an extension that refuses a query before it is parsed by the executor, and hands the
/// operation the one snapshot it is priced on and runs on.
pub(super) struct WsGuard {
    pub(super) limits: HttpLimits,
    pub(super) max_cost: usize,
    pub(super) work: u64,
    pub(super) parsed: Arc<ParsedQueries>,
    pub(super) model: Arc<crate::api::cost::CostModel>,
    pub(super) store: Arc<crate::store::Store>,
}

impl ExtensionFactory for WsGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(WsGuardExtension {
            limits: self.limits,
            max_cost: self.max_cost,
            work: self.work,
            parsed: self.parsed.clone(),
            model: self.model.clone(),
            store: self.store.clone(),
        })
    }
}

struct WsGuardExtension {
    limits: HttpLimits,
    max_cost: usize,
    work: u64,
    parsed: Arc<ParsedQueries>,
    model: Arc<crate::api::cost::CostModel>,
    store: Arc<crate::store::Store>,
}

#[async_trait::async_trait]
impl Extension for WsGuardExtension {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        mut request: async_graphql::Request,
        next: NextPrepareRequest<'_>,
    ) -> async_graphql::ServerResult<async_graphql::Request> {
        let Some(graph) = self.store.snapshot() else {
            return Err(ServerError::new(
                "the knowledge graph is still loading",
                None,
            ));
        };
        let pricing = Pricing {
            model: &self.model,
            sizes: graph.sizes(),
            max_cost: self.max_cost,
        };
        check_query(&mut request, &self.limits, pricing, &self.parsed)?;
        let work = Arc::new(crate::query::limits::Work::new(self.work));
        next.run(ctx, request.data(graph).data(work)).await
    }
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

    /// Pricing on the seed data with the default schema, up to `max_cost`.
    fn pricing(max_cost: usize) -> Pricing<'static> {
        static MODEL: std::sync::OnceLock<crate::api::cost::CostModel> = std::sync::OnceLock::new();
        static GRAPH: std::sync::OnceLock<Arc<crate::graph::KnowledgeGraph>> =
            std::sync::OnceLock::new();
        let model = MODEL.get_or_init(|| {
            let limits = crate::api::Limits::default();
            let schema = crate::api::build_schema(limits, None);
            match crate::api::cost::CostModel::new(&schema, limits.explore) {
                Ok(model) => model,
                Err(e) => panic!("no cost model: {e}"),
            }
        });
        let graph = GRAPH.get_or_init(crate::api::seed_graph);
        Pricing {
            model,
            sizes: graph.sizes(),
            max_cost,
        }
    }

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
        check_query(&mut request, limits, pricing(max_cost), cache).map(|spent| spent.cost)
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
        let large = async_graphql::Variables::from_json(serde_json::json!({ "n": 60 }));
        let limits = HttpLimits::default();
        assert_eq!(check_in(&cache, q, &small, &limits, 100).ok(), Some(10));
        assert!(check_in(&cache, q, &large, &limits, 100)
            .err()
            .is_some_and(|e| e.message.contains("would cost 120 ")));
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
        assert!(check_query(&mut request, &limits, pricing(100), &cache).is_ok());
        assert!(request
            .parsed_query()
            .is_ok_and(|d| d.operations.iter().count() == 1));
        let mut request = async_graphql::Request::new(
            "query { ...F } fragment F on Query { country(code: \"PK\") { relations { totalCount } } }",
        );
        let spent = check_query(&mut request, &limits, pricing(1000), &cache);
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
    fn nested_fragment_spreads_are_measured_once_each() {
        // F60 spreads F59 twice, which spreads F58 twice, and so on: 2^60 paths to F0.
        let mut q = String::from("{ ...F60 } fragment F0 on Query { stats { entities } }");
        for i in 1..=60 {
            q.push_str(&format!(
                " fragment F{i} on Query {{ ...F{p} ...F{p} }}",
                p = i - 1
            ));
        }
        let vars = async_graphql::Variables::default();
        let limits = HttpLimits::default();
        let refused = check(&q, &vars, &limits, 50_000);
        assert!(
            refused
                .err()
                .is_some_and(|e| e.message.contains("would cost")),
            "2^61 is over any budget"
        );
        let cache = ParsedQueries::new(1 << 20);
        let mut request = async_graphql::Request::new(q.replace("F60 }", "F3 }"));
        let spent = check_query(&mut request, &limits, pricing(50_000), &cache).ok();
        assert_eq!(
            spent,
            Some(Spent {
                cost: 16,
                depth: 2,
                read_only: true,
                // As written: one spread, F0's two fields, two spreads in each of F1 … F60.
                selections: 123,
            }),
            "8 copies of F0"
        );
        // A fragment spread inside itself is left to validation, not walked for ever.
        let cyclic = "{ ...A } fragment A on Query { stats { entities } ...A }";
        assert_eq!(check(cyclic, &vars, &limits, 100).ok(), Some(2));
    }

    #[test]
    fn refusals_are_not_cached_and_weight_follows_the_parsed_size() {
        let cache = ParsedQueries::new(8 << 20);
        let vars = async_graphql::Variables::default();
        let strict = HttpLimits {
            aliases: 1,
            ..HttpLimits::default()
        };
        let aliased = "{ a: stats { entities } b: stats { entities } }";
        assert!(check_in(&cache, aliased, &vars, &strict, 100).is_err());
        assert!(check_in(
            &cache,
            "{ entities(first: 1000) { id } }",
            &vars,
            &strict,
            100
        )
        .is_err());
        assert_eq!(cache.cache.len(), 0);
        let wide = format!("{{ {} }}", "__typename ".repeat(500));
        assert!(check_in(&cache, &wide, &vars, &HttpLimits::default(), 10_000).is_ok());
        assert_eq!(cache.cache.len(), 1);
        assert!(
            cache.cache.weight() >= 500 * BYTES_PER_NODE,
            "weighed by its 500 fields, not its {} bytes of text",
            wide.len()
        );
    }

    #[test]
    fn only_documents_of_queries_alone_are_read_only() {
        let cache = ParsedQueries::new(1 << 20);
        let vars = async_graphql::Variables::default();
        let limits = HttpLimits::default();
        for (document, read_only) in [
            ("{ stats { entities } }", true),
            (
                "query A { stats { entities } } query B { __typename }",
                true,
            ),
            ("mutation { retractFact(id: \"x\") { version } }", false),
            ("subscription { graphChanged { version } }", false),
            (
                "query A { __typename } mutation B { retractFact(id: \"x\") { version } }",
                false,
            ),
            ("{ this does not parse", false),
        ] {
            let mut request = async_graphql::Request::new(document).variables(vars.clone());
            let spent = check_query(&mut request, &limits, pricing(100), &cache).ok();
            assert_eq!(spent.map(|s| s.read_only), Some(read_only), "{document}");
        }
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
}
