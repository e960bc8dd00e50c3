//! Exploration on large graphs: a depth-2 neighbourhood, k shortest paths between two
//! countries, and the whole cooperation network (projection and centralities), on the real
//! 194-profile corpus and on 2,000 synthetic countries.
//!
//! Run: `cargo bench --bench explore`

use std::path::{Path, PathBuf};

use std::sync::atomic::AtomicBool;

use criterion::{criterion_group, criterion_main, Criterion};
use cyberkg::graph::{Direction, KnowledgeGraph};
use cyberkg::query::limits::Work;
use cyberkg::query::{self, ExploreLimits, PathQuery, View};

fn synthetic(n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cyberkg-bench-gen-{n}"));
    if !dir.exists() {
        let _ = cyberkg::synth::write_profiles(n, &dir, 2015);
    }
    dir
}

/// Loads `dir`, leaving out documents that fail (reported on stderr) so a bench still runs.
fn load(dir: &Path) -> Option<KnowledgeGraph> {
    let gazetteer = cyberkg::ingest::Gazetteer::built_in().ok()?;
    let mut extractions = vec![gazetteer.extraction()];
    for path in cyberkg::ingest::document_files(dir).ok()? {
        match cyberkg::ingest::ingest_file(&path, &path.display().to_string(), &gazetteer) {
            Ok(x) => extractions.push(x),
            Err(e) => eprintln!("left out: {e}"),
        }
    }
    Some(KnowledgeGraph::build(extractions))
}

fn bench_explore(c: &mut Criterion) {
    let sets = [
        (
            "real-corpus",
            Path::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/corpus/profiles"
            ))
            .to_path_buf(),
        ),
        ("synthetic-2000", synthetic(2000)),
    ];
    let limits = ExploreLimits {
        max_nodes: 1_000_000,
        ..ExploreLimits::default()
    };
    let mut group = c.benchmark_group("explore");
    group.sample_size(10);
    for (label, dir) in &sets {
        let Some(graph) = load(dir) else { continue };
        let all_but_mentions = query::default_path_kinds();
        group.bench_function(format!("{label}/neighborhood-depth-2"), |b| {
            b.iter(|| {
                let around = query::Around {
                    id: "country:PK",
                    depth: 2,
                    kinds: Some(&all_but_mentions),
                    direction: Direction::Both,
                };
                query::neighborhood(&graph, around, View::default(), limits, &Work::unlimited())
                    .map(|s| s.nodes.len())
            })
        });
        group.bench_function(format!("{label}/paths-k5-max4"), |b| {
            let q = PathQuery {
                from: "country:PK",
                to: "country:TJ",
                max_length: 4,
                kinds: None,
                limit: 5,
            };
            b.iter(|| {
                query::paths(&graph, q, View::default(), limits, &Work::unlimited())
                    .map(|p| p.len())
            })
        });
        // The whole network, and its centralities alone (no country pairs).
        let centrality_only = query::Parts {
            links: false,
            centrality: true,
        };
        for (name, parts) in [
            ("cooperation-network", query::Parts::ALL),
            ("cooperation-centrality", centrality_only),
        ] {
            group.bench_function(format!("{label}/{name}"), |b| {
                b.iter(|| {
                    let stop = AtomicBool::new(false);
                    query::cooperation_network(&graph, None, None, View::default(), parts, &stop)
                        .map(|n| n.links.len() + n.centrality.len())
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench_explore);
criterion_main!(benches);
