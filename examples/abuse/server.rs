//! The server under attack: a `cyberkg serve` child process on a free loopback port, in one of
//! the configurations the probes need, and the [`Target`] a probe is given. The child is
//! killed when the [`Server`] is dropped, so no run leaves a server behind.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

/// The limits the server is expected to keep at its defaults, as the audit's fixes set them.
pub mod limits {
    use std::time::Duration;

    /// Connections one client IP may hold open (`--max-connections-per-ip`).
    pub const CONNECTIONS_PER_IP: usize = 64;
    /// Operations one WebSocket may run at once (`--ws-max-operations`).
    pub const WS_OPERATIONS: usize = 32;
    /// Largest answer sent (`--max-answer-bytes`, 32 MiB).
    pub const ANSWER_BYTES: usize = 32 << 20;
    /// Largest request body (`--max-body-bytes`, 1 MiB).
    pub const BODY_BYTES: usize = 1 << 20;
    /// Requests a client IP may send in a burst (`--rate-burst`).
    pub const RATE_BURST: usize = 100;

    /// The header timeout of the short-timeouts configuration (`--header-timeout-ms`).
    pub const HEADER_TIMEOUT: Duration = Duration::from_millis(2_000);
    /// Its body timeout (`--body-timeout-ms`).
    pub const BODY_TIMEOUT: Duration = Duration::from_millis(2_000);
    /// Its wait for `connection_init` (`--ws-init-timeout-ms`).
    pub const WS_INIT_TIMEOUT: Duration = Duration::from_millis(2_000);
    /// Its execution limit (`--timeout-ms`).
    pub const EXECUTION_TIMEOUT: Duration = Duration::from_millis(1_000);
}

/// A configuration the server is started in; each probe names the one it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Config {
    /// Every default, the rate limit on (several probes are about it).
    Defaults,
    /// Header, body and WebSocket-init timeouts of two seconds, so the probes that wait for
    /// them finish quickly.
    ShortTimeouts,
    /// A one-second execution limit on a generated graph of [`LARGE_GRAPH_COUNTRIES`]
    /// countries, where a query can run long (on the small seed data none does).
    LargeGraph,
    /// The rate limit off (`--rate-per-second 0`): the load probe's clients all come from
    /// 127.0.0.1 and would otherwise spend one budget.
    NoRateLimit,
}

impl Config {
    /// Every configuration, in the order they run.
    pub const ALL: [Config; 4] = [
        Config::Defaults,
        Config::ShortTimeouts,
        Config::LargeGraph,
        Config::NoRateLimit,
    ];

    /// The flags added to `cyberkg serve --data DATA --addr ADDR`, in pairs.
    fn flags(self) -> Vec<(&'static str, String)> {
        let ms = |d: Duration| d.as_millis().to_string();
        match self {
            Config::Defaults => Vec::new(),
            Config::ShortTimeouts => vec![
                ("--header-timeout-ms", ms(limits::HEADER_TIMEOUT)),
                ("--body-timeout-ms", ms(limits::BODY_TIMEOUT)),
                ("--ws-init-timeout-ms", ms(limits::WS_INIT_TIMEOUT)),
            ],
            Config::LargeGraph => vec![("--timeout-ms", ms(limits::EXECUTION_TIMEOUT))],
            Config::NoRateLimit => vec![("--rate-per-second", "0".to_string())],
        }
    }

    /// What the configuration is for, in a few words.
    pub fn describe(self) -> &'static str {
        match self {
            Config::Defaults => "defaults, rate limit on",
            Config::ShortTimeouts => "short timeouts, so the timeout probes run quickly",
            Config::LargeGraph => "generated graph of 2000 countries, where queries can run long",
            Config::NoRateLimit => "rate limit off, for the load probe",
        }
    }
}

/// Countries in the generated graph of [`Config::LargeGraph`].
pub const LARGE_GRAPH_COUNTRIES: usize = 2_000;

/// A folder of the harness's own under the temporary folder, removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes a graph of [`LARGE_GRAPH_COUNTRIES`] fictional but well-formed profiles with the
/// binary's own `gen` command into a fresh data directory.
pub async fn generate_large_graph(binary: &Path) -> Result<Scratch, String> {
    let data =
        Scratch(std::env::temp_dir().join(format!("cyberkg-abuse-graph-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(data.path());
    let mut command = Command::new(binary);
    command
        .arg("gen")
        .args(["--countries", &LARGE_GRAPH_COUNTRIES.to_string()])
        .arg("--out")
        .arg(data.path().join("documents"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .kill_on_drop(true);
    match tokio::time::timeout(Duration::from_secs(120), command.status()).await {
        Ok(Ok(status)) if status.success() => Ok(data),
        Ok(Ok(status)) => Err(format!("`gen` {}", ended(status))),
        Ok(Err(e)) => Err(format!("`gen`: {e}")),
        Err(_) => Err("`gen` did not finish in 120 s".into()),
    }
}

/// Every `--flag` that `BINARY serve --help` mentions.
pub async fn known_flags(binary: &Path) -> Result<HashSet<String>, String> {
    let mut command = Command::new(binary);
    command
        .args(["serve", "--help"])
        .stdin(Stdio::null())
        .kill_on_drop(true);
    let output = match tokio::time::timeout(Duration::from_secs(10), command.output()).await {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => return Err(e.to_string()),
        Err(_) => return Err("`serve --help` did not finish in 10 s".into()),
    };
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '=')
        .filter(|word| word.starts_with("--"))
        .map(str::to_string)
        .collect())
}

/// What a probe attacks: the server's addresses and process id, and an HTTP client for it.
#[derive(Clone)]
pub struct Target {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The address it listens on.
    pub addr: SocketAddr,
    /// Its process id, for memory and socket readings.
    pub pid: u32,
    /// A client with timeouts and no proxy, its connections pooled.
    pub client: reqwest::Client,
}

impl Target {
    /// The URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// `ws://127.0.0.1:PORT/graphql/ws`.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/graphql/ws", self.addr)
    }

    /// Waits up to five seconds for `/healthz` to answer 200 (polling, since a probe may have
    /// spent the rate limit's budget); the last status otherwise.
    pub async fn healthy(&self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut last = String::from("no answer");
        while Instant::now() < deadline {
            let request = self
                .client
                .get(self.url("/healthz"))
                .timeout(Duration::from_secs(2));
            match request.send().await {
                Ok(response) if response.status() == 200 => return Ok(()),
                Ok(response) => last = response.status().as_u16().to_string(),
                Err(e) => last = crate::http::describe(&e),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err(last)
    }
}

/// A running `cyberkg serve` child process.
pub struct Server {
    child: Child,
    binary: PathBuf,
    data: PathBuf,
    /// The flags it was started with, those the binary does not know left out.
    flags: Vec<String>,
    /// Flags of the configuration the binary does not know.
    dropped: Vec<String>,
    /// Where its log (standard error) goes.
    log: PathBuf,
    /// What probes attack.
    pub target: Target,
    /// Notes for the report: restarts after a probe killed it.
    events: Vec<String>,
}

impl Server {
    /// Starts the binary in `config` on a free port and waits until `/healthz` answers 200.
    pub async fn start(
        binary: &Path,
        data: &Path,
        config: Config,
        known: &HashSet<String>,
    ) -> Result<Server, String> {
        let mut flags = Vec::new();
        let mut dropped = Vec::new();
        for (flag, value) in config.flags() {
            if known.contains(flag) {
                flags.extend([flag.to_string(), value]);
            } else {
                dropped.push(flag.to_string());
            }
        }
        let (child, target, log) = spawn(binary, data, &flags).await?;
        Ok(Server {
            child,
            binary: binary.to_path_buf(),
            data: data.to_path_buf(),
            flags,
            dropped,
            log,
            target,
            events: Vec::new(),
        })
    }

    /// The command line it runs, port left out.
    pub fn command_line(&self) -> String {
        let mut line = format!("cyberkg serve --data {}", self.data.display());
        for flag in &self.flags {
            line.push(' ');
            line.push_str(flag);
        }
        line
    }

    /// What the report should say about this server besides its rows.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if !self.dropped.is_empty() {
            notes.push(format!(
                "this binary does not know {}: left out, the server ran with its own behaviour there",
                self.dropped.join(", ")
            ));
        }
        notes.extend(self.events.iter().cloned());
        notes
    }

    /// `Ok` while the process runs; how it ended otherwise.
    pub fn alive(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(ended(status)),
            Err(e) => Err(format!("cannot tell: {e}")),
        }
    }

    /// Starts the same command again (on a new port) after the process died, noting why.
    pub async fn restart(&mut self, after_probe: &str, how: &str) -> Result<(), String> {
        self.events.push(format!(
            "died during `{after_probe}` ({how}); log: {}; restarted",
            log_tail(&self.log)
        ));
        let (child, target, log) = spawn(&self.binary, &self.data, &self.flags).await?;
        self.child = child;
        self.target = target;
        let _ = std::fs::remove_file(std::mem::replace(&mut self.log, log));
        Ok(())
    }

    /// Kills the process and waits for it.
    pub async fn stop(mut self) {
        let _ = self.child.start_kill();
        let _ = tokio::time::timeout(Duration::from_secs(5), self.child.wait()).await;
    }
}

/// The process is killed as its `Child` is dropped (`kill_on_drop`); its log goes with it.
impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.log);
    }
}

/// Spawns `serve` on a free port with `flags` and waits until it is healthy.
async fn spawn(
    binary: &Path,
    data: &Path,
    flags: &[String],
) -> Result<(Child, Target, PathBuf), String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let log = std::env::temp_dir().join(format!("cyberkg-abuse-{port}.log"));
    let log_file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let mut child = Command::new(binary)
        .args(["serve", "--data"])
        .arg(data)
        .args(["--addr", &addr.to_string()])
        .args(flags)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log_file)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
    let pid = child.id().ok_or("the server exited at once")?;
    let client = crate::http::client().map_err(|e| e.to_string())?;
    let target = Target {
        base: format!("http://{addr}"),
        addr,
        pid,
        client,
    };
    match ready(&mut child, &target, &log).await {
        Ok(()) => Ok((child, target, log)),
        Err(e) => {
            let _ = std::fs::remove_file(&log);
            Err(e)
        }
    }
}

/// Waits up to 60 s for `/healthz` to answer 200; an error when the process exits first.
async fn ready(child: &mut Child, target: &Target, log: &Path) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("{}; log: {}", ended(status), log_tail(log)));
        }
        let probe = target.client.get(target.url("/healthz")).send().await;
        if probe.is_ok_and(|r| r.status() == 200) {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err("/healthz did not answer 200 within 60 s".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// How a process ended: its exit code or the signal that killed it.
fn ended(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        if let Some(signal) = status.signal() {
            return format!("killed by signal {signal}");
        }
    }
    match status.code() {
        Some(code) => format!("exited with code {code}"),
        None => "ended".into(),
    }
}

/// The last line of a log worth quoting (a panic or an overflow when there is one).
fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let telling = lines
        .iter()
        .rev()
        .find(|l| l.contains("overflow") || l.contains("panicked") || l.contains("memory"));
    match telling.or(lines.last()) {
        Some(line) => format!("\"{}\"", line.trim()),
        None => "(empty)".into(),
    }
}
