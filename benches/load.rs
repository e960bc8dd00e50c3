//! Start-up cost: parsing each seed document and building the graph from the data directory.
//!
//! Run: `cargo bench --bench load`

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use cyberkg::ingest::{self, Gazetteer};

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
}

fn bench_load(c: &mut Criterion) {
    let Ok(gazetteer) = Gazetteer::built_in() else {
        return;
    };
    for name in [
        "000_a422404018157f21.txt",
        "003_6c043799d45a240a.txt",
        "002_aa267144ec28c24c.txt",
    ] {
        let path = data_dir().join("documents").join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(meta) = ingest::read_meta(&path, name) else {
            continue;
        };
        c.bench_function(&format!("parse {name}"), |b| {
            b.iter(|| ingest::ingest_bytes(&bytes, name, &meta, &gazetteer))
        });
    }
    c.bench_function("load data/ and build the graph", |b| {
        b.iter(|| cyberkg::server::load_graph(data_dir()).map(|g| g.entity_count()))
    });
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
