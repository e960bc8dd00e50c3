//! graphology's serialisation (`graph.import(json)`), which sigma.js reads, with D3's
//! `links` array beside `edges` and an `id` on each node so `d3.forceLink().id(d => d.id)`
//! works on the same file.

use serde_json::{json, Value};

use super::cytoscape::{edge_data, node_data};
use super::{EdgeAttributes, NodeAttributes};

pub(super) fn write(nodes: &[NodeAttributes], edges: &[EdgeAttributes]) -> String {
    let node_list: Vec<Value> = nodes
        .iter()
        .map(|n| json!({ "key": n.id, "attributes": node_data(n) }))
        .collect();
    let edge_list: Vec<Value> = edges
        .iter()
        .map(|e| json!({ "key": e.id, "source": e.source, "target": e.target, "attributes": edge_data(e) }))
        .collect();
    let d3_nodes: Vec<Value> = nodes.iter().map(node_data).collect();
    let links: Vec<Value> = edges.iter().map(edge_data).collect();
    json!({
        "attributes": { "name": "cyberkg" },
        "options": { "type": "directed", "multi": true, "allowSelfLoops": true },
        "nodes": node_list,
        "edges": edge_list,
        "d3": { "nodes": d3_nodes, "links": links },
    })
    .to_string()
}
