//! The attack documents, built from their shape (`[[[…]]]` 2 000 deep, 3 000 spreads) rather
//! than written out, so the numbers of the audit stay readable.

use serde_json::{json, Value};

/// The ordinary question the load probe times.
pub const LOOKUP: &str = r#"{ country(code: "PK") { name } }"#;

/// `[[[…1…]]]`, `depth` lists deep.
fn nested_list(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

/// `{a:{a:…1…}}`, `depth` objects deep.
fn nested_object(depth: usize) -> String {
    format!("{}1{}", "{a:".repeat(depth), "}".repeat(depth))
}

/// An argument that is a list nested 2 000 deep.
pub fn deep_list_argument() -> String {
    format!("{{ node(id: {}) {{ id }} }}", nested_list(2_000))
}

/// An argument that is an object literal nested 1 250 deep.
pub fn deep_object_argument() -> String {
    format!("{{ node(id: {}) {{ id }} }}", nested_object(1_250))
}

/// A variable whose default value is a list nested 2 000 deep.
pub fn deep_variable_default() -> String {
    format!(
        "query($v: ID = {}) {{ node(id: \"country:PK\") {{ id }} }}",
        nested_list(2_000)
    )
}

/// A directive argument nested 1 250 deep.
pub fn deep_directive_argument() -> String {
    format!(
        "{{ node(id: \"country:PK\") @include(if: {}) {{ id }} }}",
        nested_object(1_250)
    )
}

/// `neighbors { neighbors { … } }`, eight levels under one node.
pub fn neighbors_chain() -> String {
    let levels = 8;
    format!(
        "{{ node(id: \"country:PK\") {{ {} id {} }} }}",
        "neighbors { ".repeat(levels),
        "}".repeat(levels)
    )
}

/// One fragment holding a depth-4 `neighborhood`, spread 3 000 times.
pub fn fragment_spread() -> String {
    let spreads = "...F ".repeat(3_000);
    format!(
        "{{ {spreads}}} fragment F on Query {{ neighborhood(id: \"country:PK\", depth: 4) {{ nodes {{ id }} relations {{ id }} }} }}"
    )
}

/// `nodes(ids:)` with 1 000 ids (as a variable, so the text stays short), each asking for its
/// neighbours.
pub fn many_ids() -> String {
    "query($ids: [ID!]!) { nodes(ids: $ids) { neighbors { id } } }".into()
}

/// The variables of [`many_ids`].
pub fn many_ids_variables() -> Value {
    let ids: Vec<String> = (0..1_000)
        .map(|i| {
            if i % 2 == 0 {
                "country:PK".to_string()
            } else {
                "country:TJ".to_string()
            }
        })
        .collect();
    json!({ "ids": ids })
}

/// A thousand entities, a thousand relations each, with their evidence.
pub fn entities_relations() -> String {
    "query($n: Int = 1000) { entities(first: $n) { id relations(first: 1000) { edges { node { id evidence { excerpt } } } } } }".into()
}

/// 2 000 aliased small lists.
pub fn aliased_small_lists() -> String {
    let lists: String = (0..2_000)
        .map(|i| format!("a{i}: countries(first: 1) {{ id }} "))
        .collect();
    format!("{{ {lists}}}")
}

/// Sixteen aliased traversals (eight depth-4 neighbourhoods, eight path searches), with a
/// comment that makes each request's text its own, so none is answered from the cache.
pub fn traversals(tag: usize) -> String {
    let mut text = format!("# load {tag}\n{{");
    for i in 0..8 {
        text.push_str(&format!(
            " n{i}: neighborhood(id: \"country:PK\", depth: 4) {{ nodes {{ id }} relations {{ id }} }}"
        ));
    }
    for i in 0..8 {
        text.push_str(&format!(
            " p{i}: paths(from: \"country:PK\", to: \"country:TJ\", maxLength: 6, limit: 50) {{ length }}"
        ));
    }
    text.push_str(" }");
    text
}

/// The lookup, made distinct by a comment so that it is executed rather than answered from
/// the response cache.
pub fn lookup(tag: usize) -> String {
    format!("# lookup {tag}\n{LOOKUP}")
}

/// A query that runs long on the generated graph of 2 000 countries: ten cooperation
/// networks with their centralities (one takes about a second there; the ten cost about
/// 850 000 of the default 1 000 000).
pub fn long_running() -> String {
    let networks: String = (0..10)
        .map(|i| format!(" c{i}: cooperationNetwork {{ centrality {{ degree }} }}"))
        .collect();
    format!("{{{networks} }}")
}
