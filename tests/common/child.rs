//! The release-shaped server as a child process: for probes that could crash a server (a
//! crash then fails the test that caused it instead of aborting the whole test binary) and
//! for tests that need a process of their own (signals, `kill -9`, open-file limits).

#![allow(dead_code)]
#![expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A `cyberkg serve` child process on a loopback port; killed when dropped.
pub struct ChildServer {
    child: Child,
    /// The port it listens on.
    pub port: u16,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl ChildServer {
    /// Starts `cyberkg serve --data DIR` with `args` added (rate limit off unless `args` set
    /// it) and waits until `/healthz` answers 200.
    pub async fn start(data: &Path, args: &[&str]) -> ChildServer {
        Self::start_env(data, args, &[]).await
    }

    /// Like [`ChildServer::start`] with environment variables set for the child.
    pub async fn start_env(data: &Path, args: &[&str], env: &[(&str, &str)]) -> ChildServer {
        let server = Self::spawn_env(data, args, env);
        assert!(server.wait_healthy().await, "the server did not start");
        server
    }

    /// Starts the child without waiting for it.
    pub fn spawn_env(data: &Path, args: &[&str], env: &[(&str, &str)]) -> ChildServer {
        Self::spawn_command(Command::new(env!("CARGO_BIN_EXE_cyberkg")), data, args, env)
    }

    /// Starts the child through `sh -c`, running `prelude` first (`ulimit -f 4`, `trap '' XFSZ`):
    /// limits and ignored signals set there hold for the server, which then replaces the
    /// shell (same process id). Does not wait for it.
    pub fn spawn_after(
        prelude: &str,
        data: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> ChildServer {
        let mut shell = Command::new("sh");
        shell
            .arg("-c")
            .arg(format!("{prelude}; exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_cyberkg"));
        Self::spawn_command(shell, data, args, env)
    }

    fn spawn_command(
        mut command: Command,
        data: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> ChildServer {
        let port = free_port();
        command
            .args(["serve", "--data", &data.to_string_lossy()])
            .args(["--addr", &format!("127.0.0.1:{port}")]);
        if !args.iter().any(|a| a.starts_with("--rate-per-second")) {
            command.args(["--rate-per-second", "0"]);
        }
        // Tests share one address and run debug builds: no execution share unless asked.
        if !args.iter().any(|a| a.starts_with("--execution-ms")) {
            command.args(["--execution-ms-per-second", "0"]);
        }
        command
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let child = command.spawn().expect("spawn cyberkg");
        ChildServer {
            child,
            port,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Waits up to 6 s for `/healthz` to answer 200.
    pub async fn wait_healthy(&self) -> bool {
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if client
                .get(format!("{}/healthz", self.base))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        false
    }

    /// Whether the process is still running (it has not crashed or exited).
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The process id, for signals.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the process at once (SIGKILL) and waits for it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
