//! GEXF 1.3 (gexf.net), Gephi's native format: declared node and edge attributes, a label on
//! every node and edge, edge `kind` as the label Gephi shows.

use super::xml::Xml;
use super::{EdgeAttributes, NodeAttributes};

const NODE_ATTRIBUTES: [(&str, &str); 3] = [
    ("kind", "string"),
    ("country", "string"),
    ("aliases", "string"),
];
const EDGE_ATTRIBUTES: [(&str, &str); 10] = [
    ("relation", "string"),
    ("since", "string"),
    ("until", "string"),
    ("firstReported", "string"),
    ("evidenceCount", "integer"),
    ("documents", "string"),
    ("sections", "string"),
    ("excerpt", "string"),
    ("confidence", "double"),
    ("qualifiers", "string"),
];

fn declare(xml: &mut Xml, class: &str, attributes: &[(&str, &str)]) {
    xml.open("attributes", &[("class", class), ("mode", "static")]);
    for (name, ty) in attributes {
        xml.empty("attribute", &[("id", name), ("title", name), ("type", ty)]);
    }
    xml.close("attributes");
}

fn values(xml: &mut Xml, pairs: &[(&str, Option<&str>)]) {
    xml.open("attvalues", &[]);
    for (name, value) in pairs {
        if let Some(value) = value {
            xml.empty("attvalue", &[("for", name), ("value", value)]);
        }
    }
    xml.close("attvalues");
}

pub(super) fn write(nodes: &[NodeAttributes], edges: &[EdgeAttributes]) -> String {
    let mut xml = Xml::new();
    xml.open(
        "gexf",
        &[("xmlns", "http://gexf.net/1.3"), ("version", "1.3")],
    );
    xml.open("meta", &[]);
    xml.text("creator", &[], "cyberkg");
    xml.text(
        "description",
        &[],
        "National cybersecurity posture knowledge graph",
    );
    xml.close("meta");
    xml.open(
        "graph",
        &[("defaultedgetype", "directed"), ("mode", "static")],
    );
    declare(&mut xml, "node", &NODE_ATTRIBUTES);
    declare(&mut xml, "edge", &EDGE_ATTRIBUTES);
    xml.open("nodes", &[]);
    for n in nodes {
        xml.open("node", &[("id", n.id), ("label", n.label)]);
        values(
            &mut xml,
            &[
                ("kind", Some(n.kind)),
                ("country", n.country),
                ("aliases", Some(&n.aliases)),
            ],
        );
        xml.close("node");
    }
    xml.close("nodes");
    xml.open("edges", &[]);
    for e in edges {
        xml.open(
            "edge",
            &[
                ("id", e.id),
                ("source", e.source),
                ("target", e.target),
                ("label", e.kind),
            ],
        );
        let count = e.evidence_count.to_string();
        let confidence = e.confidence.to_string();
        values(
            &mut xml,
            &[
                ("relation", Some(e.kind)),
                ("since", e.since.as_deref()),
                ("until", e.until.as_deref()),
                ("firstReported", e.first_reported.as_deref()),
                ("evidenceCount", Some(&count)),
                ("documents", Some(&e.documents)),
                ("sections", Some(&e.sections)),
                ("excerpt", Some(&e.excerpt)),
                ("confidence", Some(&confidence)),
                ("qualifiers", Some(&e.qualifiers)),
            ],
        );
        xml.close("edge");
    }
    xml.close("edges");
    xml.close("graph");
    xml.close("gexf");
    xml.finish()
}
