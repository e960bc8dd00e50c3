//! Everything an operator can set, each a flag and an environment variable, declared once:
//! `cyberkg serve` flattens [`ServeArgs`] into its command line, and the defaults live in the
//! `DEFAULT` constants the flags read. `docs/OPERATIONS.md` lists them all.

use std::net::IpAddr;
use std::path::PathBuf;

use ipnet::IpNet;

pub use super::client::ForwardedHeader;
use crate::api::Limits;
use crate::query::ExploreLimits;

/// What the server needs to start.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The data directory to load.
    pub data_dir: PathBuf,
    /// Query limits: depth, cost, work, traversal caps.
    pub limits: Limits,
    /// Request limits: sizes, time, rate.
    pub http: HttpLimits,
    /// Connection limits: timeouts and how many at once.
    pub connections: ConnectionLimits,
    /// WebSocket limits.
    pub websocket: WsLimits,
    /// Proxies whose `X-Forwarded-For` / `Forwarded` headers name the client.
    pub trusted_proxies: Vec<IpNet>,
    /// Which of the two headers they write.
    pub forwarded_header: ForwardedHeader,
    /// The bearer token that allows writes; `None` disables them.
    pub admin_token: Option<String>,
    /// Whether to reload when files in the data directory change (SIGHUP always reloads).
    pub watch: bool,
    /// Memory for answers to repeated read queries, kept per snapshot version; 0 turns the
    /// cache off.
    pub response_cache_bytes: u64,
}

/// The default memory for answers to repeated queries: 64 MiB.
pub const RESPONSE_CACHE_BYTES: u64 = 64 << 20;

impl ServerConfig {
    /// Defaults for a data directory: standard limits, writes disabled, no file watching.
    pub fn new(data_dir: PathBuf) -> Self {
        ServerConfig {
            data_dir,
            limits: Limits::default(),
            http: HttpLimits::default(),
            connections: ConnectionLimits::default(),
            websocket: WsLimits::default(),
            trusted_proxies: Vec::new(),
            forwarded_header: ForwardedHeader::default(),
            admin_token: None,
            watch: false,
            response_cache_bytes: RESPONSE_CACHE_BYTES,
        }
    }
}

/// Limits on each request, each configurable; the defaults suit a public read server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Args)]
pub struct HttpLimits {
    /// Largest request body, in bytes (413 past it).
    #[arg(long = "max-body-bytes", env = "CYBERKG_MAX_BODY_BYTES", default_value_t = HttpLimits::DEFAULT.body_bytes)]
    pub body_bytes: usize,
    /// Longest query text, in bytes.
    #[arg(long = "max-query-bytes", env = "CYBERKG_MAX_QUERY_BYTES", default_value_t = HttpLimits::DEFAULT.query_bytes)]
    pub query_bytes: usize,
    /// Most aliases in one query.
    #[arg(long = "max-aliases", env = "CYBERKG_MAX_ALIASES", default_value_t = HttpLimits::DEFAULT.aliases)]
    pub aliases: usize,
    /// Deepest nesting of brackets (`{`, `[`, `(`) in a query's text, checked before it is
    /// parsed.
    #[arg(long = "max-nesting", env = "CYBERKG_MAX_NESTING", default_value_t = HttpLimits::DEFAULT.nesting)]
    pub nesting: usize,
    /// Longest execution of one query or operation, in milliseconds (`TIMEOUT` past it).
    #[arg(long = "timeout-ms", env = "CYBERKG_TIMEOUT_MS", default_value_t = HttpLimits::DEFAULT.timeout_ms)]
    pub timeout_ms: u64,
    /// Largest answer sent, in bytes (`RESULT_TOO_LARGE` past it).
    #[arg(long = "max-answer-bytes", env = "CYBERKG_MAX_ANSWER_BYTES", default_value_t = HttpLimits::DEFAULT.answer_bytes)]
    pub answer_bytes: usize,
    /// GraphQL requests (and WebSocket operations) per second each client may sustain; 0
    /// turns the rate limit off.
    #[arg(long = "rate-per-second", env = "CYBERKG_RATE_PER_SECOND", default_value_t = HttpLimits::DEFAULT.rate_per_second)]
    pub rate_per_second: u32,
    /// Requests a client may send in a burst above that rate.
    #[arg(long = "rate-burst", env = "CYBERKG_RATE_BURST", default_value_t = HttpLimits::DEFAULT.rate_burst)]
    pub rate_burst: u32,
    /// Milliseconds of execution per second each client may use on average (0: no limit).
    #[arg(long = "execution-ms-per-second", env = "CYBERKG_EXECUTION_MS_PER_SECOND", default_value_t = HttpLimits::DEFAULT.execution_ms_per_second)]
    pub execution_ms_per_second: u32,
    /// Milliseconds of execution a client may use in a burst above that.
    #[arg(long = "execution-ms-burst", env = "CYBERKG_EXECUTION_MS_BURST", default_value_t = HttpLimits::DEFAULT.execution_ms_burst)]
    pub execution_ms_burst: u32,
    /// Operations of one client that may run at once (with the execution share on).
    #[arg(long = "executions-at-once", env = "CYBERKG_EXECUTIONS_AT_ONCE", default_value_t = HttpLimits::DEFAULT.executions_at_once)]
    pub executions_at_once: usize,
}

impl HttpLimits {
    /// The defaults: a 1 MiB body (room for a long document), a 16 KiB query, 50 aliases,
    /// nesting 64, 5 s, 32 MiB answers, 50 requests/s with bursts of 100, and a quarter of a
    /// core per client (250 ms of execution a second, bursts of 2 s, two operations at once).
    pub const DEFAULT: HttpLimits = HttpLimits {
        body_bytes: 1 << 20,
        query_bytes: 16 * 1024,
        aliases: 50,
        nesting: 64,
        timeout_ms: 5_000,
        answer_bytes: 32 << 20,
        rate_per_second: 50,
        rate_burst: 100,
        execution_ms_per_second: 250,
        execution_ms_burst: 2_000,
        executions_at_once: 2,
    };
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Limits on connections, so idle or slow clients cannot hold the server's sockets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Args)]
pub struct ConnectionLimits {
    /// Longest wait for a request's headers, in milliseconds; also how long an idle
    /// keep-alive connection stays open.
    #[arg(long = "header-timeout-ms", env = "CYBERKG_HEADER_TIMEOUT_MS", default_value_t = ConnectionLimits::DEFAULT.header_timeout_ms)]
    pub header_timeout_ms: u64,
    /// Longest a whole request body may take to arrive, in milliseconds.
    #[arg(long = "body-timeout-ms", env = "CYBERKG_BODY_TIMEOUT_MS", default_value_t = ConnectionLimits::DEFAULT.body_timeout_ms)]
    pub body_timeout_ms: u64,
    /// Longest a write to a client may wait for the client to read, in milliseconds; past
    /// it the connection is closed.
    #[arg(long = "write-timeout-ms", env = "CYBERKG_WRITE_TIMEOUT_MS", default_value_t = ConnectionLimits::DEFAULT.write_timeout_ms)]
    pub write_timeout_ms: u64,
    /// Most connections open at once (WebSockets included).
    #[arg(long = "max-connections", env = "CYBERKG_MAX_CONNECTIONS", default_value_t = ConnectionLimits::DEFAULT.max_connections)]
    pub max_connections: usize,
    /// Most connections open at once from one client address.
    #[arg(long = "max-connections-per-ip", env = "CYBERKG_MAX_CONNECTIONS_PER_IP", default_value_t = ConnectionLimits::DEFAULT.max_connections_per_ip)]
    pub max_connections_per_ip: usize,
}

impl ConnectionLimits {
    /// The defaults: 10 s for headers, 30 s for a whole body, 10 s for a client to read what
    /// it is sent, 1 024 connections, 64 per client address.
    pub const DEFAULT: ConnectionLimits = ConnectionLimits {
        header_timeout_ms: 10_000,
        body_timeout_ms: 30_000,
        write_timeout_ms: 10_000,
        max_connections: 1_024,
        max_connections_per_ip: 64,
    };
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Limits on GraphQL over WebSocket (`/graphql/ws`), on top of the per-operation limits every
/// query has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Args)]
pub struct WsLimits {
    /// Longest wait for `connection_init` after the upgrade, in milliseconds.
    #[arg(long = "ws-init-timeout-ms", env = "CYBERKG_WS_INIT_TIMEOUT_MS", default_value_t = WsLimits::DEFAULT.init_timeout_ms)]
    pub init_timeout_ms: u64,
    /// How long a client may stay silent before the connection is closed, in milliseconds.
    #[arg(long = "ws-idle-timeout-ms", env = "CYBERKG_WS_IDLE_TIMEOUT_MS", default_value_t = WsLimits::DEFAULT.idle_timeout_ms)]
    pub idle_timeout_ms: u64,
    /// Most operations (subscriptions included) open at once on one connection.
    #[arg(long = "ws-max-operations", env = "CYBERKG_WS_MAX_OPERATIONS", default_value_t = WsLimits::DEFAULT.max_operations)]
    pub max_operations: usize,
    /// Largest message a client may send, in bytes.
    #[arg(long = "ws-max-message-bytes", env = "CYBERKG_WS_MAX_MESSAGE_BYTES", default_value_t = WsLimits::DEFAULT.max_message_bytes)]
    pub max_message_bytes: usize,
}

impl WsLimits {
    /// The defaults: 5 s to initialise, 60 s of silence, 32 operations, 64 KiB messages.
    pub const DEFAULT: WsLimits = WsLimits {
        init_timeout_ms: 5_000,
        idle_timeout_ms: 60_000,
        max_operations: 32,
        max_message_bytes: 64 << 10,
    };
}

impl Default for WsLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// `cyberkg serve`'s flags: every setting of [`ServerConfig`] and the address to listen on.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Data directory: documents (*.txt, *.md, with optional *.meta.json) and curated/.
    #[arg(long, env = "CYBERKG_DATA", default_value = "data")]
    pub data: PathBuf,
    /// Address to listen on.
    #[arg(long, env = "CYBERKG_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Bearer token that allows writes (mutations); writes are disabled without it.
    #[arg(long, env = "CYBERKG_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Reload when files in the data directory change (SIGHUP always reloads).
    #[arg(long, env = "CYBERKG_WATCH")]
    pub watch: bool,
    /// Deepest selection nesting allowed.
    #[arg(long, env = "CYBERKG_MAX_DEPTH", default_value_t = Limits::default().depth)]
    pub max_depth: usize,
    /// Largest query cost allowed (each field 1, lists times their length, traversals what
    /// they can touch).
    #[arg(long, env = "CYBERKG_MAX_COMPLEXITY", default_value_t = Limits::default().complexity)]
    pub max_complexity: usize,
    /// Units of work one query may do as it runs (list items; relations traversals look at,
    /// 32 to a unit).
    #[arg(long, env = "CYBERKG_MAX_WORK", default_value_t = Limits::default().work)]
    pub max_work: u64,
    /// Deepest `neighborhood` allowed.
    #[arg(long, env = "CYBERKG_MAX_TRAVERSAL_DEPTH", default_value_t = ExploreLimits::default().max_depth)]
    pub max_traversal_depth: usize,
    /// Most nodes a traversal may return.
    #[arg(long, env = "CYBERKG_MAX_TRAVERSAL_NODES", default_value_t = ExploreLimits::default().max_nodes)]
    pub max_traversal_nodes: usize,
    /// Memory for answers to repeated read queries, in MiB, kept per snapshot version (0: no
    /// response cache).
    #[arg(long, env = "CYBERKG_RESPONSE_CACHE_MIB", default_value_t = RESPONSE_CACHE_BYTES >> 20)]
    pub response_cache_mib: u64,
    /// Proxies (addresses or networks, comma-separated) whose `X-Forwarded-For` or
    /// `Forwarded` header names the client; from anyone else these headers are ignored.
    #[arg(long, env = "CYBERKG_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_network)]
    pub trusted_proxies: Vec<IpNet>,
    /// The header the trusted proxies write the client's address in (only that one is read).
    #[arg(long, env = "CYBERKG_FORWARDED_HEADER", value_enum, default_value_t = ForwardedHeader::default())]
    pub forwarded_header: ForwardedHeader,
    #[command(flatten)]
    pub http: HttpLimits,
    #[command(flatten)]
    pub connections: ConnectionLimits,
    #[command(flatten)]
    pub websocket: WsLimits,
}

impl ServeArgs {
    /// The server configuration these flags describe.
    pub fn config(&self) -> ServerConfig {
        ServerConfig {
            data_dir: self.data.clone(),
            limits: Limits {
                depth: self.max_depth,
                complexity: self.max_complexity,
                work: self.max_work,
                explore: ExploreLimits {
                    max_depth: self.max_traversal_depth,
                    max_nodes: self.max_traversal_nodes,
                    ..ExploreLimits::default()
                },
                ..Limits::default()
            },
            http: self.http,
            connections: self.connections,
            websocket: self.websocket,
            trusted_proxies: self.trusted_proxies.clone(),
            forwarded_header: self.forwarded_header,
            admin_token: self.admin_token.clone(),
            watch: self.watch,
            response_cache_bytes: self.response_cache_mib.saturating_mul(1 << 20),
        }
    }
}

/// A network (`10.0.0.0/8`) or a single address (`10.0.0.1`).
fn parse_network(text: &str) -> Result<IpNet, String> {
    let text = text.trim();
    text.parse::<IpNet>()
        .or_else(|_| text.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("'{text}' is neither an address nor a network (10.0.0.0/8)"))
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        serve: ServeArgs,
    }

    #[test]
    fn flags_default_to_the_declared_defaults_and_read_their_values() {
        let Ok(parsed) = Command::try_parse_from(["cyberkg"]) else {
            panic!("no flags parse");
        };
        let config = parsed.serve.config();
        assert_eq!(config.http, HttpLimits::DEFAULT);
        assert_eq!(config.connections, ConnectionLimits::DEFAULT);
        assert_eq!(config.websocket, WsLimits::DEFAULT);
        assert_eq!(config.limits.complexity, Limits::default().complexity);
        let parsed = Command::try_parse_from([
            "cyberkg",
            "--header-timeout-ms",
            "2000",
            "--trusted-proxies",
            "10.0.0.1,192.168.0.0/16",
            "--max-body-bytes",
            "4096",
        ]);
        let Ok(parsed) = parsed else {
            panic!("flags parse");
        };
        let config = parsed.serve.config();
        assert_eq!(config.connections.header_timeout_ms, 2_000);
        assert_eq!(config.http.body_bytes, 4_096);
        assert_eq!(config.trusted_proxies.len(), 2);
        assert!(Command::try_parse_from(["cyberkg", "--trusted-proxies", "nowhere"]).is_err());
    }
}
