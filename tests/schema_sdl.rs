//! The generated SDL is checked in, and it covers the API contract in
//! `../shared/design/schema.graphql` (names kept; only later parts may be absent).

mod common;

use std::collections::BTreeSet;

use async_graphql::parser::types::{ServiceDocument, TypeKind, TypeSystemDefinition};

#[test]
fn checked_in_schema_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/schema.graphql");
    let on_disk = std::fs::read_to_string(&path).expect("schema/schema.graphql");
    assert!(
        on_disk == cyberkg::api::sdl(),
        "schema/schema.graphql is stale: run `cargo run -- schema > schema/schema.graphql`"
    );
}

/// Type names and their fields / enum values.
fn members(doc: &ServiceDocument) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for def in &doc.definitions {
        let TypeSystemDefinition::Type(t) = def else {
            continue;
        };
        let name = t.node.name.node.to_string();
        out.insert(name.clone());
        match &t.node.kind {
            TypeKind::Object(o) => out.extend(
                o.fields
                    .iter()
                    .map(|f| format!("{name}.{}", f.node.name.node)),
            ),
            TypeKind::Interface(i) => out.extend(
                i.fields
                    .iter()
                    .map(|f| format!("{name}.{}", f.node.name.node)),
            ),
            TypeKind::Enum(e) => out.extend(
                e.values
                    .iter()
                    .map(|v| format!("{name}.{}", v.node.value.node)),
            ),
            _ => {}
        }
    }
    out
}

/// Parts of the contract that later work adds (traversal, analytics, exports).
const LATER: [&str; 12] = [
    "Query.neighborhood",
    "Query.paths",
    "Query.cooperationNetwork",
    "Query.compare",
    "Subgraph",
    "Path",
    "CooperationNetwork",
    "CountryLink",
    "CentralityScore",
    "Comparison",
    "ComparisonRow",
    "ExportFormat",
];

#[test]
fn every_name_in_the_contract_exists() {
    let contract =
        std::fs::read_to_string(common::shared("design/schema.graphql")).expect("contract");
    let contract = async_graphql::parser::parse_schema(contract).expect("contract parses");
    let ours = async_graphql::parser::parse_schema(cyberkg::api::sdl()).expect("our SDL parses");
    let ours = members(&ours);
    let missing: Vec<String> = members(&contract)
        .into_iter()
        .filter(|m| !ours.contains(m))
        .filter(|m| {
            !LATER
                .iter()
                .any(|l| m == l || m.starts_with(&format!("{l}.")))
        })
        .collect();
    assert!(missing.is_empty(), "missing from the schema: {missing:?}");
    assert!(ours.contains("Entity.relations") && ours.contains("RelationKind.COOPERATES_WITH"));
}
