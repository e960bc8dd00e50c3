//! Cytoscape.js elements JSON: `{ "elements": { "nodes": [{ "data": … }], "edges": [{ "data": … }] } }`,
//! which `cy.add(json.elements)` and Cytoscape desktop's JSON import accept.

use serde_json::{json, Value};

use super::{EdgeAttributes, NodeAttributes};

pub(super) fn node_data(n: &NodeAttributes) -> Value {
    json!({ "id": n.id, "label": n.label, "kind": n.kind, "country": n.country, "aliases": n.aliases })
}

pub(super) fn edge_data(e: &EdgeAttributes) -> Value {
    json!({
        "id": e.id, "source": e.source, "target": e.target, "kind": e.kind, "label": e.kind,
        "since": e.since, "until": e.until, "firstReported": e.first_reported,
        "evidenceCount": e.evidence_count, "documents": e.documents, "sections": e.sections,
        "excerpt": e.excerpt, "confidence": e.confidence, "qualifiers": e.qualifiers,
    })
}

pub(super) fn write(nodes: &[NodeAttributes], edges: &[EdgeAttributes]) -> String {
    let nodes: Vec<Value> = nodes
        .iter()
        .map(|n| json!({ "data": node_data(n) }))
        .collect();
    let edges: Vec<Value> = edges
        .iter()
        .map(|e| json!({ "data": edge_data(e) }))
        .collect();
    json!({ "format_version": "1.0", "generated_by": "cyberkg", "elements": { "nodes": nodes, "edges": edges } }).to_string()
}
