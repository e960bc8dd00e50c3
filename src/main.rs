//! The `cyberkg` command: parses the command line and calls into the library.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cyberkg::api::Limits;
use cyberkg::ingest::{self, Gazetteer};
use cyberkg::model::{count_by_kind, Extraction};
use cyberkg::query::ExploreLimits;
use cyberkg::server::{self, HttpLimits, ServerConfig};

/// mimalloc: a server answering many small queries allocates and frees many small objects
/// on every request; it does so markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Bearer token that allows writes (mutations); writes are disabled without it.
    #[arg(long, env = "CYBERKG_ADMIN_TOKEN", hide_env_values = true)]
    admin_token: Option<String>,
    /// Reload when files in the data directory change (SIGHUP always reloads).
    #[arg(long, env = "CYBERKG_WATCH")]
    watch: bool,
    /// Deepest query nesting allowed.
    #[arg(long, env = "CYBERKG_MAX_DEPTH", default_value_t = Limits::default().depth)]
    max_depth: usize,
    /// Largest query cost allowed (connections cost their page size).
    #[arg(long, env = "CYBERKG_MAX_COMPLEXITY", default_value_t = Limits::default().complexity)]
    max_complexity: usize,
    /// Units of work one query may do as it runs (list items; relations traversals look at,
    /// 32 to a unit).
    #[arg(long, env = "CYBERKG_MAX_WORK", default_value_t = Limits::default().work)]
    max_work: u64,
    /// Largest answer sent, in bytes.
    #[arg(long, env = "CYBERKG_MAX_ANSWER_BYTES", default_value_t = HttpLimits::default().answer_bytes)]
    max_answer_bytes: usize,
    /// Most aliases in one query.
    #[arg(long, env = "CYBERKG_MAX_ALIASES", default_value_t = HttpLimits::default().aliases)]
    max_aliases: usize,
    /// Deepest nesting of brackets in a query's text, checked before it is parsed.
    #[arg(long, env = "CYBERKG_MAX_NESTING", default_value_t = HttpLimits::default().nesting)]
    max_nesting: usize,
    /// Longest query text, in bytes.
    #[arg(long, env = "CYBERKG_MAX_QUERY_BYTES", default_value_t = HttpLimits::default().query_bytes)]
    max_query_bytes: usize,
    /// Largest request body, in bytes.
    #[arg(long, env = "CYBERKG_MAX_BODY_BYTES", default_value_t = HttpLimits::default().body_bytes)]
    max_body_bytes: usize,
    /// Longest execution of one query, in milliseconds.
    #[arg(long, env = "CYBERKG_TIMEOUT_MS", default_value_t = HttpLimits::default().timeout_ms)]
    timeout_ms: u64,
    /// Requests per second per client IP (0: no rate limit).
    #[arg(long, env = "CYBERKG_RATE_PER_SECOND", default_value_t = HttpLimits::default().rate_per_second)]
    rate_per_second: u32,
    /// Burst a client IP may send above that rate.
    #[arg(long, env = "CYBERKG_RATE_BURST", default_value_t = HttpLimits::default().rate_burst)]
    rate_burst: u32,
    /// Deepest `neighborhood` allowed.
    #[arg(long, env = "CYBERKG_MAX_TRAVERSAL_DEPTH", default_value_t = ExploreLimits::default().max_depth)]
    max_traversal_depth: usize,
    /// Memory for answers to repeated read queries, in MiB, kept per snapshot version (0: no
    /// response cache).
    #[arg(long, env = "CYBERKG_RESPONSE_CACHE_MIB", default_value_t = server::RESPONSE_CACHE_BYTES >> 20)]
    response_cache_mib: u64,
    /// Most nodes a traversal may return.
    #[arg(long, env = "CYBERKG_MAX_TRAVERSAL_NODES", default_value_t = ExploreLimits::default().max_nodes)]
    max_traversal_nodes: usize,
}

fn main() -> ExitCode {
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
            work: args.max_work,
            explore: ExploreLimits {
                max_depth: args.max_traversal_depth,
                max_nodes: args.max_traversal_nodes,
                ..ExploreLimits::default()
            },
            ..Limits::default()
        },
        http: HttpLimits {
            body_bytes: args.max_body_bytes,
            query_bytes: args.max_query_bytes,
            aliases: args.max_aliases,
            timeout_ms: args.timeout_ms,
            rate_per_second: args.rate_per_second,
            rate_burst: args.rate_burst,
            nesting: args.max_nesting,
            answer_bytes: args.max_answer_bytes,
        },
        admin_token: args.admin_token,
        watch: args.watch,
        response_cache_bytes: args.response_cache_mib.saturating_mul(1 << 20),
    };
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
            summarize(extraction, &mut text);
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

/// Appends a readable account of one extraction to `out`.
fn summarize(x: &Extraction, out: &mut String) {
    use std::fmt::Write as _;
    if let Some(doc) = &x.document {
        let date = doc
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into());
        let _ = writeln!(
            out,
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
    let _ = writeln!(out, "  entities: {}", counts.join(", "));
    for e in &x.entities {
        let _ = writeln!(
            out,
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
    let _ = writeln!(out, "  relations: {}", x.statements.len());
    for s in &x.statements {
        let since = s.since.map(|d| format!(" since {d}")).unwrap_or_default();
        let q = if s.qualifiers.is_empty() {
            String::new()
        } else {
            format!(" {}", serde_json::Value::Object(s.qualifiers.clone()))
        };
        let _ = writeln!(out, "    {}{since}{q}", s.id());
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
            let _ = writeln!(out, "      {at}\"{}\"{rule}", ev.excerpt);
        }
    }
    if !x.indicators.is_empty() {
        let _ = writeln!(out, "  indicators:");
        for i in &x.indicators {
            let date = i.date.map(|d| d.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "    {:<6} {:?} {date} {}",
                i.code,
                i.status,
                i.entities.join(", ")
            );
        }
    }
    if x.statements.is_empty() && x.indicators.is_empty() {
        let _ = writeln!(out, "  nothing recognised: no named laws, policies, agencies, CERTs, memberships or dated events");
    }
    if x.unparsed.is_empty() {
        let _ = writeln!(out, "  unparsed lines: none");
    } else {
        let _ = writeln!(out, "  unparsed lines: {}", x.unparsed.len());
        for u in &x.unparsed {
            let _ = writeln!(out, "    line {}: {}", u.line, u.text);
        }
    }
}
