//! The command line: `serve` (the default), `ingest`, `check`, `schema`, `gen`. The binary's
//! `main` calls [`run`]; every command calls into the library.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::ingest::{self, Gazetteer};
use crate::server::{self, ServeArgs};

/// A GraphQL knowledge-graph server for national cybersecurity posture.
#[derive(Parser)]
#[command(name = "cyberkg", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the GraphQL API, GraphiQL and the schema over HTTP (the default command).
    Serve(Box<ServeArgs>),
    /// Parse documents without serving and print what was found, or the errors.
    Ingest {
        /// Document files (ITU Cyberwellness Profiles or articles; side-cars `FILE.meta.json` are read).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the extractions as JSON instead of a summary.
        #[arg(long)]
        json: bool,
        /// The gazetteer to resolve organizations and treaties with (default: built in).
        #[arg(long)]
        gazetteer: Option<PathBuf>,
    },
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Write fictional but well-formed profiles, for benchmarks at scale.
    Gen {
        /// How many countries (real ISO states first, then fictional ones).
        #[arg(long)]
        countries: usize,
        /// Folder to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// Seed of the deterministic generator.
        #[arg(long, default_value_t = 2015)]
        seed: u64,
    },
    /// Load a data directory as `serve` would, print its size and exit (non-zero on errors).
    Check {
        /// Data directory.
        #[arg(long, env = "CYBERKG_DATA", default_value = "data")]
        data: PathBuf,
    },
}

/// Parses the command line and runs the command: what the `cyberkg` binary does.
pub fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        // Colours only for a terminal: log files and collectors get plain text.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let cli = Cli::parse();
    let command = match cli.command {
        Some(command) => command,
        // No command: serve, with flags and environment as `cyberkg serve` reads them.
        None => Cli::parse_from(["cyberkg", "serve"])
            .command
            .unwrap_or(Command::Schema),
    };
    match command {
        Command::Serve(args) => serve(args),
        Command::Ingest {
            files,
            json,
            gazetteer,
        } => ingest_files(&files, json, gazetteer),
        Command::Check { data } => check(&data),
        Command::Gen {
            countries,
            out,
            seed,
        } => match crate::synth::write_profiles(countries, &out, seed) {
            Ok(n) => {
                println!("wrote {n} profiles to {}", out.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: cannot write to {}: {e}", out.display());
                ExitCode::FAILURE
            }
        },
        Command::Schema => {
            print!("{}", crate::api::sdl());
            ExitCode::SUCCESS
        }
    }
}

fn serve(args: Box<ServeArgs>) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = args.config();
    let result = runtime.block_on(async move {
        // From here on a SIGHUP no longer ends the process: tokio keeps its handler for the
        // life of the process, and `server::run` listens for reloads before loading.
        #[cfg(unix)]
        let _ = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup());
        let listener = tokio::net::TcpListener::bind(args.addr).await?;
        tracing::info!(
            "listening on http://{}, loading {}",
            args.addr,
            config.data_dir.display()
        );
        server::run(listener, config, server::shutdown::signal()).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn check(data: &std::path::Path) -> ExitCode {
    let started = std::time::Instant::now();
    match server::load_graph(data) {
        Ok(graph) => {
            let stats = crate::query::stats(&graph);
            println!(
                "{}: {} documents, {} entities, {} relations, {} warnings, loaded in {} ms",
                data.display(),
                stats.documents,
                stats.entities,
                stats.relations,
                graph.warnings().len(),
                started.elapsed().as_millis()
            );
            let sizes = graph.sizes();
            println!(
                "largest lists (the bounds queries are priced with): {} relations of one entity, {} pieces of evidence on one relation, {} mentions of one entity, {} aliases, {} observations of one country",
                sizes.max_degree,
                sizes.max_relation_evidence,
                sizes.max_mentions,
                sizes.max_aliases,
                sizes.max_observations
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in errors {
                eprintln!("error: {e}");
            }
            ExitCode::FAILURE
        }
    }
}

fn ingest_files(files: &[PathBuf], json: bool, gazetteer: Option<PathBuf>) -> ExitCode {
    let gazetteer = match gazetteer {
        Some(path) => std::fs::read_to_string(&path)
            .map_err(|source| ingest::IngestError::Io {
                file: path.display().to_string(),
                source,
            })
            .and_then(|text| Gazetteer::from_json(&text, &path.display().to_string())),
        None => Gazetteer::built_in(),
    };
    let gazetteer = match gazetteer {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    let mut results = Vec::new();
    for file in files {
        let shown = file.display().to_string();
        match ingest::ingest_file(file, &shown, &gazetteer) {
            Ok(extraction) => results.push(extraction),
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
            }
        }
    }
    if json {
        match serde_json::to_string_pretty(&results) {
            Ok(text) => {
                let _ = std::io::Write::write_all(
                    &mut std::io::stdout().lock(),
                    format!("{text}\n").as_bytes(),
                );
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        let mut text = String::new();
        for extraction in &results {
            ingest::summary::summarize(extraction, &mut text);
        }
        // A closed pipe (`| head`) is not an error worth a panic.
        let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
