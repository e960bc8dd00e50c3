//! GraphML (graphml.graphdrawing.org): typed keys for every attribute, one `<node>` per
//! entity and one `<edge>` per relation (parallel edges allowed, as relations of different
//! kinds may join the same pair).

use super::xml::Xml;
use super::{EdgeAttributes, NodeAttributes};

const NODE_KEYS: [(&str, &str); 4] = [
    ("label", "string"),
    ("kind", "string"),
    ("country", "string"),
    ("aliases", "string"),
];
const EDGE_KEYS: [(&str, &str); 11] = [
    ("relation", "string"),
    ("since", "string"),
    ("until", "string"),
    ("firstReported", "string"),
    ("evidenceCount", "int"),
    ("documents", "string"),
    ("sections", "string"),
    ("excerpt", "string"),
    ("confidence", "double"),
    ("qualifiers", "string"),
    ("relationId", "string"),
];

pub(super) fn write(nodes: &[NodeAttributes], edges: &[EdgeAttributes]) -> String {
    let mut xml = Xml::new();
    xml.open(
        "graphml",
        &[("xmlns", "http://graphml.graphdrawing.org/xmlns")],
    );
    for (name, ty) in NODE_KEYS {
        let id = format!("n_{name}");
        xml.empty(
            "key",
            &[
                ("id", &id),
                ("for", "node"),
                ("attr.name", name),
                ("attr.type", ty),
            ],
        );
    }
    for (name, ty) in EDGE_KEYS {
        let id = format!("e_{name}");
        xml.empty(
            "key",
            &[
                ("id", &id),
                ("for", "edge"),
                ("attr.name", name),
                ("attr.type", ty),
            ],
        );
    }
    xml.open("graph", &[("id", "cyberkg"), ("edgedefault", "directed")]);
    for n in nodes {
        xml.open("node", &[("id", n.id)]);
        xml.text("data", &[("key", "n_label")], n.label);
        xml.text("data", &[("key", "n_kind")], n.kind);
        if let Some(country) = n.country {
            xml.text("data", &[("key", "n_country")], country);
        }
        xml.text("data", &[("key", "n_aliases")], &n.aliases);
        xml.close("node");
    }
    for e in edges {
        xml.open(
            "edge",
            &[("id", e.id), ("source", e.source), ("target", e.target)],
        );
        xml.text("data", &[("key", "e_relation")], e.kind);
        for (key, value) in [
            ("e_since", &e.since),
            ("e_until", &e.until),
            ("e_firstReported", &e.first_reported),
        ] {
            if let Some(value) = value {
                xml.text("data", &[("key", key)], value);
            }
        }
        xml.text(
            "data",
            &[("key", "e_evidenceCount")],
            &e.evidence_count.to_string(),
        );
        xml.text("data", &[("key", "e_documents")], &e.documents);
        xml.text("data", &[("key", "e_sections")], &e.sections);
        xml.text("data", &[("key", "e_excerpt")], &e.excerpt);
        xml.text(
            "data",
            &[("key", "e_confidence")],
            &e.confidence.to_string(),
        );
        xml.text("data", &[("key", "e_qualifiers")], &e.qualifiers);
        xml.text("data", &[("key", "e_relationId")], e.id);
        xml.close("edge");
    }
    xml.close("graph");
    xml.close("graphml");
    xml.finish()
}
