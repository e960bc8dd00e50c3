//! The abuse replay: every attack of the security audit, replayed against a release build of
//! the server, with what each one cost the server.
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example abuse -- [--binary target/release/cyberkg] [--data data]
//! ```
//!
//! It builds nothing: it starts the given binary as `cyberkg serve --data DATA --addr
//! 127.0.0.1:PORT` on a free port, once per configuration the probes need (defaults with the
//! rate limit on; short timeouts; no rate limit), waits for `/healthz`, runs each probe, reads
//! the process's RSS from `/proc/PID/status` after it and checks the server is alive and
//! healthy, then prints one table. It exits 1 when any probe fails. A flag the binary does not
//! know yet is left out of its command line and reported, so an older build still runs.
//!
//! # Layout
//!
//! - `server`: the server child process, its configurations and the `Target` probes see;
//! - `procfs`: RSS, peak RSS and open sockets of the server process;
//! - `probe`: a probe, what it observed, and running probes one after another;
//! - `table`: the printed report;
//! - `http`, `raw`, `ws`: clients (reqwest, bytes over TCP, graphql-transport-ws), each with
//!   a timeout on every operation;
//! - `queries`: the attack documents;
//! - `critical`, `connections`, `websocket`, `requests`, `load`: the probes, by audit section.

#[path = "abuse/connections.rs"]
mod connections;
#[path = "abuse/critical.rs"]
mod critical;
#[path = "abuse/http.rs"]
mod http;
#[path = "abuse/load.rs"]
mod load;
#[path = "abuse/probe.rs"]
mod probe;
#[path = "abuse/procfs.rs"]
mod procfs;
#[path = "abuse/queries.rs"]
mod queries;
#[path = "abuse/raw.rs"]
mod raw;
#[path = "abuse/requests.rs"]
mod requests;
#[path = "abuse/server.rs"]
mod server;
#[path = "abuse/table.rs"]
mod table;
#[path = "abuse/websocket.rs"]
mod websocket;
#[path = "abuse/ws.rs"]
mod ws;

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use probe::Probe;
use server::{Config, Server};

/// Replays the security audit's attacks against a release build of cyberkg.
#[derive(Parser)]
#[command(name = "abuse")]
struct Args {
    /// The server binary to start (build it first with `cargo build --release`).
    #[arg(long, default_value = "target/release/cyberkg")]
    binary: PathBuf,
    /// The data directory it serves.
    #[arg(long, default_value = "data")]
    data: PathBuf,
}

/// Every probe, in the order they run within their configuration.
fn all_probes() -> Vec<Probe> {
    let mut probes = Vec::new();
    probes.extend(critical::probes());
    probes.extend(requests::probes());
    probes.extend(connections::probes());
    probes.extend(websocket::probes());
    probes.extend(load::probes());
    probes
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if !args.binary.is_file() {
        eprintln!(
            "no server binary at {}: build it first with `cargo build --release`, or pass --binary",
            args.binary.display()
        );
        return ExitCode::from(2);
    }
    let known = match server::known_flags(&args.binary).await {
        Ok(known) => known,
        Err(e) => {
            eprintln!("cannot ask {} for its flags: {e}", args.binary.display());
            return ExitCode::from(2);
        }
    };
    let probes = all_probes();
    let replay_all = async {
        let mut sections = Vec::new();
        for config in Config::ALL {
            let mine: Vec<&Probe> = probes.iter().filter(|p| p.config == config).collect();
            if !mine.is_empty() {
                sections.push(replay(&args, &known, config, &mine).await);
            }
        }
        sections
    };
    // Ctrl-C drops the replay, and with it the servers (killed) and their temporary files.
    let sections = tokio::select! {
        sections = replay_all => sections,
        _ = tokio::signal::ctrl_c() => {
            eprintln!("interrupted");
            return ExitCode::from(130);
        }
    };
    if table::print(&sections) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs the probes of one configuration against a server of its own, then stops it.
async fn replay(
    args: &Args,
    known: &HashSet<String>,
    config: Config,
    probes: &[&Probe],
) -> table::Section {
    let not_started = |why: String| table::Section {
        heading: config.describe().to_string(),
        notes: vec![why],
        rows: Vec::new(),
    };
    let generated = if config == Config::LargeGraph {
        match server::generate_large_graph(&args.binary).await {
            Ok(folder) => Some(folder),
            Err(e) => return not_started(format!("could not generate its data: {e}")),
        }
    } else {
        None
    };
    let data = generated.as_ref().map_or(args.data.as_path(), |g| g.path());
    let mut server = match Server::start(&args.binary, data, config, known).await {
        Ok(server) => server,
        Err(e) => return not_started(format!("could not start the server: {e}")),
    };
    let heading = format!("{}  ({})", server.command_line(), config.describe());
    eprintln!("{heading}");
    let rows = probe::run_all(&mut server, probes).await;
    let notes = server.notes();
    server.stop().await;
    table::Section {
        heading,
        notes,
        rows,
    }
}
