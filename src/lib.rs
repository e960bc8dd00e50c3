//! cyberkg: a GraphQL knowledge-graph server for national cybersecurity posture.
//!
//! # Layout
//! - [`algo`]: graph algorithms over plain adjacency lists (paths, centrality).
//! - [`model`]: entities, statements with evidence, indicator observations, dates — plain data.
//! - [`ingest`]: source files → extractions (profile parser, article extractor, gazetteer).
//! - [`graph`]: the immutable [`graph::KnowledgeGraph`] snapshot built from extractions.
//! - [`query`]: plain Rust questions over a snapshot (lookups, as-of views, posture, search).
//! - [`export`]: subgraphs in Cytoscape JSON, GraphML, GEXF, DOT, graphology/D3 JSON, JSON-LD, N-Triples.
//! - [`api`]: the async-graphql schema; thin resolvers calling `query`.
//! - [`store`]: the data directory as a durable store; atomic writes; the current snapshot.
//! - [`server`]: the axum router (GraphQL, GraphiQL, schema, health) and its start-up.
//! - [`synth`]: synthetic profiles for benchmarks (`cyberkg gen`).
//! - [`cli`]: the command line the `cyberkg` binary runs.
//!
//! Dependencies point one way: `server → api → query → graph → model` and `ingest → model`.

pub mod algo;
pub mod api;
pub mod cli;
pub mod export;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod query;
pub mod resolve;
pub mod server;
pub mod store;
pub mod synth;
