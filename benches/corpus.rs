//! Ingest at scale: parsing every profile of a set and building the graph from the parsed
//! extractions, for the real corpus (`../shared/corpus/profiles`) and synthetic sets of 200 and
//! 2,000 countries (`cyberkg gen`). Throughput is per profile, so linear scaling shows as a
//! constant time per element across the sets.
//!
//! Run: `cargo bench --bench corpus`

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use cyberkg::graph::KnowledgeGraph;
use cyberkg::ingest::{self, Gazetteer};
use cyberkg::model::Extraction;

/// (file name, bytes, side-car) of every document in `dir` that parses.
fn documents(dir: &Path, gazetteer: &Gazetteer) -> Vec<(String, Vec<u8>, ingest::DocumentMeta)> {
    let Ok(files) = ingest::document_files(dir) else {
        return Vec::new();
    };
    files
        .into_iter()
        .filter_map(|path| {
            let name = path.display().to_string();
            let bytes = std::fs::read(&path).ok()?;
            let meta = ingest::read_meta(&path, &name).ok()?;
            ingest::ingest_bytes(&bytes, &name, &meta, gazetteer).ok()?;
            Some((name, bytes, meta))
        })
        .collect()
}

fn synthetic(n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cyberkg-bench-gen-{n}"));
    if !dir.exists() {
        let _ = cyberkg::synth::write_profiles(n, &dir, 2015);
    }
    dir
}

fn bench_corpus(c: &mut Criterion) {
    let Ok(gazetteer) = Gazetteer::built_in() else {
        return;
    };
    let sets = [
        (
            "real-corpus",
            Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/corpus/profiles"
            ))
            .to_path_buf(),
        ),
        ("synthetic-200", synthetic(200)),
        ("synthetic-2000", synthetic(2000)),
    ];
    let mut parse = c.benchmark_group("parse");
    parse.sample_size(10);
    for (label, dir) in &sets {
        let docs = documents(dir, &gazetteer);
        parse.throughput(Throughput::Elements(docs.len() as u64));
        parse.bench_with_input(BenchmarkId::new(*label, docs.len()), &docs, |b, docs| {
            b.iter(|| {
                docs.iter()
                    .filter_map(|(name, bytes, meta)| {
                        ingest::ingest_bytes(bytes, name, meta, &gazetteer).ok()
                    })
                    .count()
            })
        });
    }
    parse.finish();
    let mut build = c.benchmark_group("build");
    build.sample_size(10);
    for (label, dir) in &sets {
        let extractions: Vec<Extraction> = documents(dir, &gazetteer)
            .iter()
            .filter_map(|(name, bytes, meta)| {
                ingest::ingest_bytes(bytes, name, meta, &gazetteer).ok()
            })
            .collect();
        build.throughput(Throughput::Elements(extractions.len() as u64));
        build.bench_with_input(
            BenchmarkId::new(*label, extractions.len()),
            &extractions,
            |b, x| {
                // The clone is set-up, not measured: build consumes its input.
                b.iter_batched(
                    || x.clone(),
                    |x| KnowledgeGraph::build(x).entity_count(),
                    BatchSize::LargeInput,
                )
            },
        );
    }
    build.finish();
}

criterion_group!(benches, bench_corpus);
criterion_main!(benches);
