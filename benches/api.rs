//! The GraphQL executor without HTTP: the queries of `bench/run.sh` executed by the schema on
//! the real corpus, so changes to resolvers can be measured apart from the network's noise.
//! Each query is parsed once beforehand, as the server's parsed-query cache does; validation,
//! execution and writing the JSON are measured (`api/…`), and the same without the validation
//! rules (`api-validated/…`), as the server runs a read it has validated before. The answer is
//! written with serde_json.
//!
//! Run: `cargo bench --bench api`

use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "common/queries.rs"]
mod queries;
use cyberkg::api::{build_schema, Limits};

/// The server's allocator, so allocation costs what it costs in the server.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench_api(c: &mut Criterion) {
    let corpus = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/profiles"
    ));
    let Ok(graph) = cyberkg::server::load_graph(corpus) else {
        eprintln!(
            "the corpus at {} does not load; nothing to measure",
            corpus.display()
        );
        return;
    };
    let graph = Arc::new(graph);
    let schemas = [
        ("api", build_schema(Limits::default(), None)),
        (
            "api-validated",
            cyberkg::api::schema_builder(Limits::default(), None)
                .validation_mode(async_graphql::ValidationMode::Fast)
                .finish(),
        ),
    ];
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else {
        return;
    };
    let queries = queries::QUERIES;
    for (group_name, schema) in &schemas {
        let mut group = c.benchmark_group(*group_name);
        for (name, query) in queries {
            let Ok(parsed) = async_graphql::parser::parse_query(query) else {
                eprintln!("{name} does not parse");
                continue;
            };
            group.bench_function(name, |b| {
                b.iter(|| {
                    let mut request = async_graphql::Request::new(query).data(graph.clone());
                    request.set_parsed_query(parsed.clone());
                    let response = runtime.block_on(schema.execute(request));
                    assert!(response.errors.is_empty(), "{name}: {:?}", response.errors);
                    serde_json::to_vec(&response).map_or(0, |v| v.len())
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench_api);
criterion_main!(benches);
