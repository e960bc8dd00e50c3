//! RDF: N-Triples and JSON-LD carrying the same triples. Entities are `urn:cyberkg:<id>`;
//! each relation is both a direct triple (`<source> ck:HAS_CERT <target>`) and a resource of
//! its own (`urn:cyberkg:relation:<id>`) holding its dates and provenance, so an RDF store sees
//! the plain graph and can still query the evidence summary. Dates keep their precision as
//! `xsd:gYear`, `xsd:gYearMonth` or `xsd:date`.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use super::{EdgeAttributes, NodeAttributes};

const VOCAB: &str = "urn:cyberkg:vocab:";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// Percent-encodes what may not stand in an IRI path (ids are mostly `[a-z0-9:-]`).
fn iri_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b':' | b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn entity_iri(id: &str) -> String {
    format!("urn:cyberkg:{}", iri_part(id))
}

fn relation_iri(id: &str) -> String {
    format!("urn:cyberkg:relation:{}", iri_part(id))
}

/// `COUNTRY` → `Country`, `HAS_CERT` stays as it is for predicates.
fn class(kind: &str) -> String {
    let lower = kind.to_lowercase();
    let mut c = lower.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn date_type(date: &str) -> &'static str {
    match date.len() {
        4 => "gYear",
        7 => "gYearMonth",
        _ => "date",
    }
}

/// An N-Triples string literal.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An object of a triple: an IRI or a literal, typed where the type is not `xsd:string`.
enum Term {
    Iri(String),
    Text(String),
    Typed(String, &'static str),
}

fn node_triples(n: &NodeAttributes) -> Vec<(String, String, Term)> {
    let s = entity_iri(n.id);
    let mut t = vec![
        (
            s.clone(),
            RDF_TYPE.to_string(),
            Term::Iri(format!("{VOCAB}{}", class(n.kind))),
        ),
        (
            s.clone(),
            RDFS_LABEL.to_string(),
            Term::Text(n.label.to_string()),
        ),
        (
            s.clone(),
            format!("{VOCAB}kind"),
            Term::Text(n.kind.to_string()),
        ),
    ];
    if let Some(country) = n.country {
        t.push((
            s.clone(),
            format!("{VOCAB}country"),
            Term::Text(country.to_string()),
        ));
    }
    t
}

fn edge_triples(e: &EdgeAttributes) -> Vec<(String, String, Term)> {
    let r = relation_iri(e.id);
    let mut t = vec![
        (
            entity_iri(e.source),
            format!("{VOCAB}{}", e.kind),
            Term::Iri(entity_iri(e.target)),
        ),
        (
            r.clone(),
            RDF_TYPE.to_string(),
            Term::Iri(format!("{VOCAB}Relation")),
        ),
        (
            r.clone(),
            format!("{VOCAB}kind"),
            Term::Text(e.kind.to_string()),
        ),
        (
            r.clone(),
            format!("{VOCAB}source"),
            Term::Iri(entity_iri(e.source)),
        ),
        (
            r.clone(),
            format!("{VOCAB}target"),
            Term::Iri(entity_iri(e.target)),
        ),
        (
            r.clone(),
            format!("{VOCAB}evidenceCount"),
            Term::Typed(e.evidence_count.to_string(), "integer"),
        ),
        (
            r.clone(),
            format!("{VOCAB}documents"),
            Term::Text(e.documents.clone()),
        ),
        (
            r.clone(),
            format!("{VOCAB}excerpt"),
            Term::Text(e.excerpt.clone()),
        ),
    ];
    for (name, value) in [
        ("since", &e.since),
        ("until", &e.until),
        ("firstReported", &e.first_reported),
    ] {
        if let Some(date) = value {
            t.push((
                r.clone(),
                format!("{VOCAB}{name}"),
                Term::Typed(date.clone(), date_type(date)),
            ));
        }
    }
    t
}

pub(super) fn ntriples(nodes: &[NodeAttributes], edges: &[EdgeAttributes]) -> String {
    let mut out = String::new();
    let all = nodes
        .iter()
        .flat_map(node_triples)
        .chain(edges.iter().flat_map(edge_triples));
    for (s, p, o) in all {
        let object = match o {
            Term::Iri(iri) => format!("<{iri}>"),
            Term::Text(text) => literal(&text),
            Term::Typed(text, ty) => format!("{}^^<{XSD}{ty}>", literal(&text)),
        };
        let _ = writeln!(out, "<{s}> <{p}> {object} .");
    }
    out
}

pub(super) fn jsonld(nodes: &[NodeAttributes], edges: &[EdgeAttributes]) -> String {
    let mut graph: Vec<Map<String, Value>> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let all = nodes
        .iter()
        .flat_map(node_triples)
        .chain(edges.iter().flat_map(edge_triples));
    for (s, p, o) in all {
        let at = *index.entry(s.clone()).or_insert_with(|| {
            let mut m = Map::new();
            m.insert("@id".into(), Value::String(s.clone()));
            graph.push(m);
            graph.len() - 1
        });
        let value = match o {
            Term::Iri(iri) => json!({ "@id": iri }),
            Term::Text(text) => json!({ "@value": text }),
            Term::Typed(text, ty) => json!({ "@value": text, "@type": format!("{XSD}{ty}") }),
        };
        match graph[at].get_mut(&p) {
            Some(Value::Array(values)) => values.push(value),
            _ => {
                graph[at].insert(p, Value::Array(vec![value]));
            }
        }
    }
    json!({ "@context": { "ck": VOCAB, "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": XSD }, "@graph": graph })
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_and_literals_are_escaped() {
        assert_eq!(entity_iri("cert:PK:pakcert"), "urn:cyberkg:cert:PK:pakcert");
        assert_eq!(
            relation_iri("HAS_CERT:country:PK->cert:PK:x"),
            "urn:cyberkg:relation:HAS_CERT:country:PK-%3Ecert:PK:x"
        );
        assert_eq!(literal("a \"b\"\n\\"), "\"a \\\"b\\\"\\n\\\\\"");
        assert_eq!(date_type("2016"), "gYear");
        assert_eq!(date_type("2021-08"), "gYearMonth");
        assert_eq!(date_type("2015-03-05"), "date");
    }
}
