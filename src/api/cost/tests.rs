//! The cost model on the seed data: lists multiply by their bounds, copies and variables
//! count, traversals and introspection are priced by what they can touch.

use super::*;
use crate::api::{build_schema, seed_graph, Limits};

/// The price of `query` with `variables` (JSON) on the seed data, with no budget cut-off.
fn price_with(query: &str, variables: serde_json::Value) -> u64 {
    let limits = Limits::default();
    let model = CostModel::new(&build_schema(limits, None), limits.explore);
    let Ok(model) = model else {
        panic!("no cost model: {model:?}");
    };
    let doc = match async_graphql::parser::parse_query(query) {
        Ok(doc) => doc,
        Err(e) => panic!("{query}: {e}"),
    };
    let graph = seed_graph();
    model.price(
        &doc,
        &Variables::from_json(variables),
        graph.sizes(),
        u64::MAX / 8,
    )
}

fn price(query: &str) -> u64 {
    price_with(query, serde_json::json!({}))
}

#[test]
fn every_list_field_of_the_schema_is_paged_or_bounded() {
    let limits = Limits::default();
    let model = CostModel::new(&build_schema(limits, None), limits.explore);
    assert_eq!(model.map(|m| m.unbounded_lists()).ok(), Some(vec![]));
}

#[test]
fn pages_cost_their_size_through_interfaces_and_variables() {
    assert_eq!(price("{ stats { entities } }"), 2);
    assert_eq!(
        price(r#"{ node(id: "x") { relations(first: 10) { totalCount } } }"#),
        1 + 10 * 2
    );
    assert_eq!(price("{ entities { id } }"), 100 * 2, "the default page");
    assert_eq!(
        price("{ search(text: \"a\") { score } }"),
        10 * 2,
        "the schema's default"
    );
    let n = serde_json::json!({ "n": 50 });
    assert_eq!(
        price_with("query($n: Int) { entities(first: $n) { id } }", n),
        50 * 2
    );
    assert_eq!(
        price("query($n: Int = 50) { entities(first: $n) { id } }"),
        50 * 2,
        "a variable's default is priced when the request does not give it"
    );
    // A page is never longer than what there is: the seed data's entities, one entity's
    // relations.
    let sizes = *seed_graph().sizes();
    let all = sizes.entities as u64;
    assert_eq!(price("{ entities(first: 1000) { id } }"), all * 2);
    let degree = sizes.max_degree as u64;
    assert_eq!(
        price(r#"{ node(id: "x") { relations(first: 1000) { totalCount } } }"#),
        1 + degree * 2
    );
}

#[test]
fn unpaged_lists_multiply_by_their_bound_on_the_snapshot() {
    let sizes = *seed_graph().sizes();
    let degree = sizes.max_degree as u64;
    let one = price(r#"{ node(id: "country:PK") { neighbors { id } } }"#);
    assert_eq!(one, 1 + degree * 2);
    let mut nested = String::from("id");
    for _ in 0..8 {
        nested = format!("neighbors {{ {nested} }}");
    }
    let eight = price(&format!(r#"{{ node(id: "country:PK") {{ {nested} }} }}"#));
    assert!(
        eight > degree.pow(8),
        "{eight} for 8 levels of {degree} neighbours"
    );
    assert!(eight > 50_000, "refused by the default budget");
    let evidence = price(r#"{ relation(id: "x") { evidence { excerpt } } }"#);
    assert_eq!(evidence, 1 + sizes.max_relation_evidence as u64 * 2);
}

#[test]
fn every_copy_of_a_field_and_every_spread_counts() {
    let once = price(r#"{ node(id: "country:PK") { neighbors { id } } }"#);
    let twice = price(r#"{ node(id: "country:PK") { neighbors { id } neighbors { id } } }"#);
    assert_eq!(twice, 2 * once - 1);
    let spreads = "...F ".repeat(3_000);
    let query = format!(
        r#"{{ {spreads} }} fragment F on Query {{ neighborhood(id: "country:PK", depth: 4) {{ nodes {{ id }} }} }}"#
    );
    let single = price(r#"{ neighborhood(id: "country:PK", depth: 4) { nodes { id } } }"#);
    assert_eq!(price(&query), 3_000 * single);
    let ids: Vec<String> = (0..1_000).map(|i| format!("\"e{i}\"")).collect();
    let many = price(&format!("{{ nodes(ids: [{}]) {{ id }} }}", ids.join(",")));
    assert_eq!(many, 1_000 * 2, "each id is an entity to answer");
}

#[test]
fn traversals_add_what_they_can_touch() {
    let ids = price(r#"{ neighborhood(id: "country:PK", depth: 1) { nodes { id } } }"#);
    let deeper = price(r#"{ neighborhood(id: "country:PK", depth: 3) { nodes { id } } }"#);
    assert!(deeper > ids, "{deeper} > {ids}");
    let export = price(r#"{ neighborhood(id: "country:PK") { export(format: GEXF) } }"#);
    let sizes = seed_graph().sizes().to_owned();
    assert!(
        export as usize > sizes.relations,
        "an export writes every relation it holds"
    );
}

/// The query GraphiQL sends to read the schema (graphql-js `getIntrospectionQuery`).
const GRAPHIQL_INTROSPECTION: &str = r#"
query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name }
  types { ...FullType } directives { name description locations args { ...InputValue } } } }
fragment FullType on __Type { kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue } interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef } }
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }"#;

#[test]
fn introspection_is_priced_type_by_type() {
    let graphiql = price(GRAPHIQL_INTROSPECTION);
    assert!(graphiql > 1_000, "{graphiql}: the whole schema");
    assert!(
        graphiql < 50_000,
        "{graphiql}: GraphiQL reads the schema within the default budget"
    );
    // Entity's implementers each name Entity among their interfaces: every level of this
    // multiplies the answer by ten.
    let mut bomb = String::from("name");
    for _ in 0..5 {
        bomb = format!("interfaces {{ possibleTypes {{ {bomb} }} }}");
    }
    let bomb = format!("{{ __schema {{ types {{ {bomb} }} }} }}");
    assert!(price(&bomb) > 100_000, "{}", price(&bomb));
    let limits = Limits::default();
    let model = CostModel::new(&build_schema(limits, None), limits.explore).ok();
    let doc = async_graphql::parser::parse_query(&bomb).ok();
    let capped = model
        .zip(doc)
        .map(|(m, d)| m.price(&d, &Variables::default(), seed_graph().sizes(), 50_000));
    assert!(
        capped.is_some_and(|p| p >= PRICELESS),
        "pricing stops once past the budget: {capped:?}"
    );
}
