//! The `cyberkg` command: parses the command line and calls into the library.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cyberkg::api::Limits;
use cyberkg::ingest::{self, Gazetteer};
use cyberkg::model::{count_by_kind, Extraction};
use cyberkg::server::{self, ServerConfig};

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
    Serve(ServeArgs),
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

#[derive(clap::Args)]
struct ServeArgs {
    /// Data directory: documents (*.txt, *.md, with optional *.meta.json) and curated/.
    #[arg(long, env = "CYBERKG_DATA", default_value = "data")]
    data: PathBuf,
    /// Address to listen on.
    #[arg(long, env = "CYBERKG_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Deepest query nesting allowed.
    #[arg(long, env = "CYBERKG_MAX_DEPTH", default_value_t = Limits::default().depth)]
    max_depth: usize,
    /// Largest query cost allowed.
    #[arg(long, env = "CYBERKG_MAX_COMPLEXITY", default_value_t = Limits::default().complexity)]
    max_complexity: usize,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve(ServeArgs {
        data: PathBuf::from("data"),
        addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
        max_depth: Limits::default().depth,
        max_complexity: Limits::default().complexity,
    }));
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
        } => match cyberkg::synth::write_profiles(countries, &out, seed) {
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
            print!("{}", cyberkg::api::sdl());
            ExitCode::SUCCESS
        }
    }
}

fn serve(args: ServeArgs) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = ServerConfig {
        data_dir: args.data,
        limits: Limits {
            depth: args.max_depth,
            complexity: args.max_complexity,
            ..Limits::default()
        },
    };
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr).await?;
        tracing::info!(
            "listening on http://{}, loading {}",
            args.addr,
            config.data_dir.display()
        );
        server::run(listener, config, shutdown_signal()).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("shutting down");
}

fn check(data: &std::path::Path) -> ExitCode {
    let started = std::time::Instant::now();
    match server::load_graph(data) {
        Ok(graph) => {
            let stats = cyberkg::query::stats(&graph);
            println!(
                "{}: {} documents, {} entities, {} relations, {} warnings, loaded in {} ms",
                data.display(),
                stats.documents,
                stats.entities,
                stats.relations,
                graph.warnings().len(),
                started.elapsed().as_millis()
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
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        for extraction in &results {
            print_summary(extraction);
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_summary(x: &Extraction) {
    if let Some(doc) = &x.document {
        let date = doc
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into());
        println!(
            "{} ({}, {}, {date}{})",
            doc.id,
            doc.path.as_deref().unwrap_or("-"),
            doc.format.as_str(),
            if doc.published_inferred {
                " inferred"
            } else {
                ""
            }
        );
    }
    let counts: Vec<String> = count_by_kind(&x.entities)
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    println!("  entities: {}", counts.join(", "));
    for e in &x.entities {
        println!(
            "    {} {:?}{}",
            e.id,
            e.name,
            if e.aliases.is_empty() {
                String::new()
            } else {
                format!(" aka {}", e.aliases.join(", "))
            }
        );
    }
    println!("  relations: {}", x.statements.len());
    for s in &x.statements {
        let since = s.since.map(|d| format!(" since {d}")).unwrap_or_default();
        let q = if s.qualifiers.is_empty() {
            String::new()
        } else {
            format!(" {}", serde_json::Value::Object(s.qualifiers.clone()))
        };
        println!("    {}{since}{q}", s.id());
        for ev in &s.evidence {
            let at = ev
                .section
                .as_deref()
                .map(|s| format!("§{s} "))
                .unwrap_or_default();
            let rule = ev
                .rule
                .as_deref()
                .map(|r| format!(" [{r} {:.2}]", ev.confidence))
                .unwrap_or_default();
            println!("      {at}\"{}\"{rule}", ev.excerpt);
        }
    }
    if !x.indicators.is_empty() {
        println!("  indicators:");
        for i in &x.indicators {
            let date = i.date.map(|d| d.to_string()).unwrap_or_default();
            println!(
                "    {:<6} {:?} {date} {}",
                i.code,
                i.status,
                i.entities.join(", ")
            );
        }
    }
    if x.unparsed.is_empty() {
        println!("  unparsed lines: none");
    } else {
        println!("  unparsed lines: {}", x.unparsed.len());
        for u in &x.unparsed {
            println!("    line {}: {}", u.line, u.text);
        }
    }
}
