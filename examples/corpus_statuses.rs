//! Counts the indicator statuses the profile parser reads from every ITU Cyberwellness Profile
//! of `../shared/corpus/profiles`, and with `--list` prints each observation with its stage
//! and the sentences it was read from, for checking by eye.
//!
//! Run with `cargo run --example corpus_statuses [-- --list]`. The corpus is read in place.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};

use cyberkg::ingest::{self, Gazetteer};

fn main() -> Result<(), Box<dyn Error>> {
    let list = std::env::args().any(|a| a == "--list");
    let gazetteer = Gazetteer::built_in()?;
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/profiles");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for path in &paths {
        let file = path
            .file_stem()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let extraction = ingest::ingest_file(path, &file, &gazetteer)?;
        for observation in &extraction.indicators {
            let status = format!("{:?}", observation.status).to_uppercase();
            *counts.entry(status.clone()).or_insert(0) += 1;
            let stage = observation.stage.map(|s| s.as_str()).unwrap_or("");
            if !stage.is_empty() {
                *counts.entry(format!("{status} {stage}")).or_insert(0) += 1;
            }
            if list {
                let excerpts: Vec<&str> = observation
                    .evidence
                    .iter()
                    .map(|e| e.excerpt.as_str())
                    .collect();
                println!(
                    "{file}\t{}\t{status}\t{stage}\t{}",
                    observation.code,
                    excerpts.join(" | ")
                );
            }
        }
    }
    println!("{} profiles", paths.len());
    for (status, count) in &counts {
        println!("{status}\t{count}");
    }
    Ok(())
}
