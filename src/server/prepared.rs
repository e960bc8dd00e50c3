//! Queries prepared for execution: refused before any work when they are too long, too
//! deeply nested, too aliased or too costly on the snapshot they will run on; parsed once and
//! kept, by their text, in a cache bounded by the memory their parsed forms take. HTTP and the
//! WebSocket prepare every operation here, with the same limits.

use std::sync::{Arc, Mutex};

use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql::ServerError;

use super::config::HttpLimits;
use super::measure::{measure_document, written_nodes, Measure};
use crate::graph::Sizes;

/// Parsed queries by their text, so a query sent again is not parsed again: for a small
/// query, parsing is the largest single cost of a request. Only queries the guard lets
/// through are kept; the cache is bounded by an estimate of the memory their parsed forms take.
pub(super) struct PreparedQueries {
    cache: quick_cache::sync::Cache<String, Arc<Parsed>, ParsedBytes>,
}

/// A parsed query and what the guard needs of it whatever the variables.
struct Parsed {
    doc: ExecutableDocument,
    aliases: u64,
    depth: u64,
    /// Whether every operation in it is a query (no mutation, no subscription).
    read_only: bool,
    /// Roughly how much memory the parsed document takes.
    weight: u64,
    /// Its price without variables on the snapshot sizes it was last priced with: a
    /// snapshot never changes, so a query sent again is priced once per snapshot.
    price: Mutex<Option<(Sizes, u64)>>,
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
    /// The kind of the operation the request runs (`None` when the document does not say
    /// which: the executor refuses it).
    pub runs: Option<OperationType>,
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

impl PreparedQueries {
    /// A cache holding parsed queries of about `bytes` of memory in all.
    pub(super) fn new(bytes: u64) -> Self {
        let items = usize::try_from(bytes / 4096).unwrap_or(usize::MAX).max(1);
        PreparedQueries {
            cache: quick_cache::sync::Cache::with_weighter(items, bytes, ParsedBytes),
        }
    }

    /// The parsed query, from the cache or parsed now (and not yet cached); `None` when it
    /// does not parse.
    fn get_or_parse(
        &self,
        query: &str,
    ) -> Result<(Arc<Parsed>, bool), async_graphql::parser::Error> {
        if let Some(hit) = self.cache.get(query) {
            return Ok((hit, true));
        }
        let doc = async_graphql::parser::parse_query(query)?;
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
        Ok((
            Arc::new(Parsed {
                doc,
                aliases,
                depth,
                read_only,
                weight,
                price: Mutex::new(None),
            }),
            false,
        ))
    }

    /// Keeps a query that passed the guard, for the next time it is sent.
    fn keep(&self, query: &str, parsed: Arc<Parsed>) {
        self.cache.insert(query.to_string(), parsed);
    }
}

impl Parsed {
    /// What the document costs with `variables` on the snapshot `pricing` describes.
    fn priced(&self, variables: &async_graphql::Variables, pricing: Pricing<'_>) -> u64 {
        let price = || {
            let budget = pricing.max_cost as u64;
            pricing
                .model
                .price(&self.doc, variables, pricing.sizes, budget)
        };
        if !variables.is_empty() {
            return price();
        }
        let mut memo = self
            .price
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match *memo {
            Some((sizes, total)) if sizes == *pricing.sizes => total,
            _ => {
                let total = price();
                *memo = Some((*pricing.sizes, total));
                total
            }
        }
    }
}

/// The kind of the operation `name` selects in `doc` (the only one when `name` is `None`).
fn selected_operation(doc: &ExecutableDocument, name: Option<&str>) -> Option<OperationType> {
    let mut operations = doc.operations.iter();
    match name {
        Some(name) => operations
            .find(|(n, _)| n.is_some_and(|n| n.as_str() == name))
            .map(|(_, op)| op.node.ty),
        None => match (operations.next(), operations.next()) {
            (Some((_, op)), None) => Some(op.node.ty),
            _ => None,
        },
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
/// `max_cost`, or does not parse, before any work is done; returns what it spends otherwise.
/// The query is parsed once, here (or taken from `parsed`), and handed to the executor
/// already parsed.
pub(super) fn prepare(
    request: &mut async_graphql::Request,
    limits: &HttpLimits,
    pricing: Pricing<'_>,
    parsed: &PreparedQueries,
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
    let (found, cached) = match parsed.get_or_parse(query) {
        Ok(found) => found,
        Err(syntax) => {
            let mut error = refuse(syntax.to_string());
            error.locations = syntax.positions().collect();
            if let Some(ext) = error.extensions.as_mut() {
                ext.set("code", async_graphql::Value::from("GRAPHQL_PARSE_FAILED"));
            }
            return Err(error);
        }
    };
    if found.aliases > limits.aliases as u64 {
        return Err(refuse(format!(
            "the query uses {} aliases; at most {} are accepted",
            found.aliases, limits.aliases
        )));
    }
    let doc = &found.doc;
    let total = found.priced(&request.variables, pricing);
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
    let runs = selected_operation(doc, request.operation_name.as_deref());
    let spent = Spent {
        cost: total,
        depth: found.depth,
        read_only: found.read_only,
        runs,
    };
    if !cached {
        // Only queries the guard lets through are kept: refusals do not crowd the cache.
        parsed.keep(&request.query, found);
    }
    Ok(spent)
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

    /// Checks `query` with `vars` through `cache`, as the handler does.
    fn check_in(
        cache: &PreparedQueries,
        query: &str,
        vars: &async_graphql::Variables,
        limits: &HttpLimits,
        max_cost: usize,
    ) -> Result<u64, ServerError> {
        let mut request = async_graphql::Request::new(query).variables(vars.clone());
        prepare(&mut request, limits, pricing(max_cost), cache).map(|spent| spent.cost)
    }

    fn check(
        query: &str,
        vars: &async_graphql::Variables,
        limits: &HttpLimits,
        max_cost: usize,
    ) -> Result<u64, ServerError> {
        check_in(
            &PreparedQueries::new(1 << 20),
            query,
            vars,
            limits,
            max_cost,
        )
    }

    #[test]
    fn a_cached_query_is_priced_again_on_a_snapshot_of_other_sizes() {
        let cache = PreparedQueries::new(1 << 20);
        let q = "{ country(code: \"PK\") { neighbors { id } } }";
        let none = async_graphql::Variables::default();
        let mut request = async_graphql::Request::new(q);
        let seed = pricing(1_000_000);
        let first = prepare(&mut request, &HttpLimits::default(), seed, &cache).map(|s| s.cost);
        let again = prepare(&mut request, &HttpLimits::default(), seed, &cache).map(|s| s.cost);
        assert_eq!(first.as_ref().ok(), again.as_ref().ok());
        let wider = Sizes {
            max_degree: seed.sizes.max_degree * 10,
            ..*seed.sizes
        };
        let other = Pricing {
            sizes: &wider,
            ..seed
        };
        let mut request = async_graphql::Request::new(q).variables(none);
        let priced = prepare(&mut request, &HttpLimits::default(), other, &cache).map(|s| s.cost);
        assert!(
            priced.as_ref().ok() > first.as_ref().ok(),
            "{first:?} then {priced:?} with ten times the neighbours"
        );
    }

    #[test]
    fn a_cached_query_is_checked_again_with_its_own_variables() {
        let cache = PreparedQueries::new(1 << 20);
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
        assert!(prepare(&mut request, &limits, pricing(100), &cache).is_ok());
        assert!(request
            .parsed_query()
            .is_ok_and(|d| d.operations.iter().count() == 1));
        let mut request = async_graphql::Request::new(
            "query { ...F } fragment F on Query { country(code: \"PK\") { relations { totalCount } } }",
        );
        let spent = prepare(&mut request, &limits, pricing(1000), &cache);
        assert_eq!(
            spent.map(|s| s.depth).ok(),
            Some(3),
            "depth through a fragment"
        );
        // A syntax error is refused with its position, and nothing is cached for it.
        let syntax = check_in(&cache, "{ stats {", &small, &limits, 100).err();
        assert!(syntax.is_some_and(|e| {
            e.locations
                .first()
                .is_some_and(|at| at.line == 1 && at.column == 10)
                && e.extensions
                    .and_then(|x| x.get("code").cloned())
                    .is_some_and(|c| c == async_graphql::Value::from("GRAPHQL_PARSE_FAILED"))
        }));
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
        let cache = PreparedQueries::new(1 << 20);
        let mut request = async_graphql::Request::new(q.replace("F60 }", "F3 }"));
        let spent = prepare(&mut request, &limits, pricing(50_000), &cache).ok();
        assert_eq!(
            spent,
            Some(Spent {
                cost: 16,
                depth: 2,
                read_only: true,
                runs: Some(OperationType::Query),
            }),
            "8 copies of F0"
        );
        // A fragment spread inside itself is left to validation, not walked for ever.
        let cyclic = "{ ...A } fragment A on Query { stats { entities } ...A }";
        assert_eq!(check(cyclic, &vars, &limits, 100).ok(), Some(2));
    }

    #[test]
    fn refusals_are_not_cached_and_weight_follows_the_parsed_size() {
        let cache = PreparedQueries::new(8 << 20);
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
        let cache = PreparedQueries::new(1 << 20);
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
        ] {
            let mut request = async_graphql::Request::new(document).variables(vars.clone());
            let spent = prepare(&mut request, &limits, pricing(100), &cache).ok();
            assert_eq!(spent.map(|s| s.read_only), Some(read_only), "{document}");
        }
    }

    #[test]
    fn the_cache_stays_within_its_bytes() {
        let cache = PreparedQueries::new(4096);
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
