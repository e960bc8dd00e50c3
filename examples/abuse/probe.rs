//! A probe (one attack and what the server should do about it), what it observed, and the
//! runner that plays probes one after another and judges each: the expected outcome, in time,
//! under the memory ceiling, the server alive and healthy afterwards.

use std::time::Duration;

use futures_util::future::LocalBoxFuture;

use crate::procfs;
use crate::server::{Config, Server, Target};

/// Memory the server may hold, at its peak or after a probe.
pub const MEMORY_CEILING_MB: f64 = 200.0;

/// Longest any probe may run before the runner gives up on it (each client operation has its
/// own, shorter timeout; this is the last resort that keeps the replay from hanging).
const PROBE_DEADLINE: Duration = Duration::from_secs(120);

/// How soon the server must have refused, answered or closed.
#[derive(Debug, Clone, Copy)]
pub enum Budget {
    /// A refusal or an answer: under 100 ms.
    Answer,
    /// A timeout the server keeps: closed within it plus one second.
    Timeout(Duration),
}

impl Budget {
    /// The longest time within the budget.
    pub fn limit(self) -> Duration {
        match self {
            Budget::Answer => Duration::from_millis(100),
            Budget::Timeout(timeout) => timeout + Duration::from_secs(1),
        }
    }
}

/// Runs an attack against a target and reports what it saw.
pub type Run = Box<dyn for<'t> Fn(&'t Target) -> LocalBoxFuture<'t, Observed>>;

/// One attack of the audit and the outcome the server should give.
pub struct Probe {
    /// What the attack is, as the table shows it.
    pub name: String,
    /// The outcome the server should give, in a few words.
    pub expect: String,
    /// The configuration of the server it runs against.
    pub config: Config,
    /// How soon the outcome must come.
    pub budget: Budget,
    /// The attack.
    pub run: Run,
}

impl Probe {
    /// A probe from its parts; `run` is usually `|t| attack(t).boxed_local()`.
    pub fn new<F>(
        name: impl Into<String>,
        expect: impl Into<String>,
        config: Config,
        budget: Budget,
        run: F,
    ) -> Probe
    where
        F: for<'t> Fn(&'t Target) -> LocalBoxFuture<'t, Observed> + 'static,
    {
        Probe {
            name: name.into(),
            expect: expect.into(),
            config,
            budget,
            run: Box::new(run),
        }
    }
}

/// What a probe saw.
pub struct Observed {
    /// What the server did, in a few words: `200 QUERY_TOO_EXPENSIVE`, `closed after 2.0 s`.
    pub status: String,
    /// The time the server took (what is timed is the probe's to say).
    pub elapsed: Duration,
    /// Whether that is the expected outcome (time aside).
    pub as_expected: bool,
    /// Anything more worth reading under the table.
    pub note: Option<String>,
}

impl Observed {
    /// An outcome without a note.
    pub fn new(status: impl Into<String>, elapsed: Duration, as_expected: bool) -> Observed {
        Observed {
            status: status.into(),
            elapsed,
            as_expected,
            note: None,
        }
    }

    /// The same with a note.
    pub fn noted(mut self, note: impl Into<String>) -> Observed {
        self.note = Some(note.into());
        self
    }
}

/// Why a probe failed (none: it passed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    Unexpected,
    Slow,
    Memory,
    Died,
    Unhealthy,
}

impl Failure {
    pub fn word(self) -> &'static str {
        match self {
            Failure::Unexpected => "outcome",
            Failure::Slow => "slow",
            Failure::Memory => "memory",
            Failure::Died => "died",
            Failure::Unhealthy => "unhealthy",
        }
    }
}

/// One line of the report.
pub struct Row {
    pub name: String,
    pub expect: String,
    pub observed: Observed,
    pub memory: Option<procfs::Memory>,
    pub failures: Vec<Failure>,
}

/// Runs `probes` in order against `server`, restarting it when a probe killed it.
pub async fn run_all(server: &mut Server, probes: &[&Probe]) -> Vec<Row> {
    let mut rows = Vec::new();
    for probe in probes {
        eprintln!("  {}", probe.name);
        rows.push(run_one(server, probe).await);
    }
    rows
}

async fn run_one(server: &mut Server, probe: &Probe) -> Row {
    let target = server.target.clone();
    let peak_reset = procfs::reset_peak(target.pid);
    let observed = match tokio::time::timeout(PROBE_DEADLINE, (probe.run)(&target)).await {
        Ok(observed) => observed,
        Err(_) => Observed::new(
            format!("gave up after {} s", PROBE_DEADLINE.as_secs()),
            PROBE_DEADLINE,
            false,
        ),
    };
    let memory = procfs::memory(target.pid);
    let mut failures = Vec::new();
    if !observed.as_expected {
        failures.push(Failure::Unexpected);
    }
    if observed.elapsed > probe.budget.limit() {
        failures.push(Failure::Slow);
    }
    // Without a reset the peak is the process's since it started: judge the current only.
    let over = |m: &procfs::Memory| {
        m.rss_mb() >= MEMORY_CEILING_MB || (peak_reset && m.peak_mb() >= MEMORY_CEILING_MB)
    };
    if memory.as_ref().is_some_and(over) {
        failures.push(Failure::Memory);
    }
    match server.alive() {
        Ok(()) => {
            if let Err(status) = target.healthy().await {
                failures.push(Failure::Unhealthy);
                eprintln!("    /healthz: {status}");
            }
        }
        Err(how) => {
            failures.push(Failure::Died);
            if let Err(e) = server.restart(&probe.name, &how).await {
                eprintln!("    cannot restart the server: {e}");
            }
        }
    }
    Row {
        name: probe.name.clone(),
        expect: probe.expect.clone(),
        observed,
        memory,
        failures,
    }
}
