//! Subgraphs written for the tools people already use: Cytoscape (JSON), GraphML (yEd,
//! networkx, Gephi), GEXF 1.3 (Gephi), Graphviz DOT, D3 / graphology JSON, JSON-LD and
//! N-Triples (RDF stores). One file per format; this module declares the format list once and
//! the attributes every format carries: node kind, label, country; relation kind, dates and a
//! provenance summary (evidence count, documents, sections, first excerpt, best confidence).
//!
//! Depends on `query` (the subgraph) and `model`; knows nothing of GraphQL or HTTP.

mod cytoscape;
mod d3;
mod dot;
mod gexf;
mod graphml;
mod rdf;
mod xml;

use crate::model::Entity;
use crate::query::{RelationView, Subgraph};

/// The export formats. Declared once; the API enum, HTTP routes and content types derive
/// from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Cytoscape.js elements JSON (`cy.add`).
    CytoscapeJson,
    /// GraphML.
    Graphml,
    /// GEXF 1.3.
    Gexf,
    /// Graphviz DOT.
    Dot,
    /// graphology serialisation, with D3's `links` beside `edges`.
    D3Json,
    /// JSON-LD.
    Jsonld,
    /// RDF N-Triples.
    Ntriples,
}

impl ExportFormat {
    /// Every format.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::CytoscapeJson,
        ExportFormat::Graphml,
        ExportFormat::Gexf,
        ExportFormat::Dot,
        ExportFormat::D3Json,
        ExportFormat::Jsonld,
        ExportFormat::Ntriples,
    ];

    /// The file extension used in `/export/NAME.EXT` routes.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::CytoscapeJson => "cyjs.json",
            ExportFormat::Graphml => "graphml",
            ExportFormat::Gexf => "gexf",
            ExportFormat::Dot => "dot",
            ExportFormat::D3Json => "d3.json",
            ExportFormat::Jsonld => "jsonld",
            ExportFormat::Ntriples => "nt",
        }
    }

    /// The HTTP content type.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::CytoscapeJson | ExportFormat::D3Json => "application/json",
            ExportFormat::Graphml => "application/graphml+xml",
            ExportFormat::Gexf => "application/gexf+xml",
            ExportFormat::Dot => "text/vnd.graphviz; charset=utf-8",
            ExportFormat::Jsonld => "application/ld+json",
            ExportFormat::Ntriples => "application/n-triples",
        }
    }

    /// The format whose extension `ext` is.
    pub fn from_extension(ext: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.extension() == ext)
    }
}

/// The attributes of a node, as every format writes them.
pub(crate) struct NodeAttributes<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub kind: &'static str,
    pub country: Option<&'a str>,
    pub aliases: String,
}

impl<'a> NodeAttributes<'a> {
    fn of(entity: &'a Entity) -> Self {
        NodeAttributes {
            id: &entity.id,
            label: &entity.name,
            kind: entity.kind.as_str(),
            country: entity.country.as_deref(),
            aliases: entity.aliases.join("; "),
        }
    }
}

/// The attributes of an edge, as every format writes them.
pub(crate) struct EdgeAttributes<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub target: &'a str,
    pub kind: &'static str,
    pub since: Option<String>,
    pub until: Option<String>,
    pub first_reported: Option<String>,
    pub evidence_count: usize,
    pub documents: String,
    pub sections: String,
    pub excerpt: String,
    pub confidence: f64,
    pub qualifiers: String,
}

impl<'a> EdgeAttributes<'a> {
    fn of(r: &'a RelationView<'_>) -> Self {
        let s = &r.relation.statement;
        let mut documents: Vec<&str> = r.evidence.iter().map(|e| e.document.as_str()).collect();
        documents.dedup();
        let mut sections: Vec<&str> = r
            .evidence
            .iter()
            .filter_map(|e| e.section.as_deref())
            .collect();
        sections.dedup();
        EdgeAttributes {
            id: &r.relation.id,
            source: &s.source,
            target: &s.target,
            kind: s.kind.as_str(),
            since: s.since.map(|d| d.to_string()),
            until: s.until.map(|d| d.to_string()),
            first_reported: r.first_reported.map(|d| d.to_string()),
            evidence_count: r.evidence.len(),
            documents: documents.join(" "),
            sections: sections.join(" "),
            excerpt: r
                .evidence
                .first()
                .map(|e| e.excerpt.clone())
                .unwrap_or_default(),
            confidence: r.evidence.iter().map(|e| e.confidence).fold(0.0, f64::max),
            qualifiers: serde_json::Value::Object(s.qualifiers.clone()).to_string(),
        }
    }
}

/// Writes `subgraph` in `format`.
pub fn render(format: ExportFormat, subgraph: &Subgraph<'_>) -> String {
    let nodes: Vec<NodeAttributes> = subgraph
        .nodes
        .iter()
        .map(|e| NodeAttributes::of(e))
        .collect();
    let edges: Vec<EdgeAttributes> = subgraph.relations.iter().map(EdgeAttributes::of).collect();
    match format {
        ExportFormat::CytoscapeJson => cytoscape::write(&nodes, &edges),
        ExportFormat::Graphml => graphml::write(&nodes, &edges),
        ExportFormat::Gexf => gexf::write(&nodes, &edges),
        ExportFormat::Dot => dot::write(&nodes, &edges),
        ExportFormat::D3Json => d3::write(&nodes, &edges),
        ExportFormat::Jsonld => rdf::jsonld(&nodes, &edges),
        ExportFormat::Ntriples => rdf::ntriples(&nodes, &edges),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_unique_and_round_trip() {
        for f in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_extension(f.extension()), Some(f));
        }
        assert_eq!(ExportFormat::from_extension("xlsx"), None);
    }
}
