//! How much of the server each client may use: GraphQL requests (and WebSocket operations,
//! and downloads) per second, milliseconds of execution per second, and operations running at
//! once. Clients are told apart by [`super::client`]. Health checks and metrics are not
//! counted, so monitoring keeps working while a client is held back.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::config::HttpLimits;

/// Requests per second per client (GCRA, from the `governor` crate).
pub(super) struct RequestRate {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
}

impl RequestRate {
    /// The rate of `limits` (none when its rate is 0).
    pub(super) fn new(limits: &HttpLimits) -> Self {
        let limiter = NonZeroU32::new(limits.rate_per_second).map(|rate| {
            let burst = NonZeroU32::new(limits.rate_burst).unwrap_or(rate);
            RateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
        });
        RequestRate { limiter }
    }

    /// Counts one request of `client`; how long to wait when it is over its rate.
    pub(super) fn admit(&self, client: IpAddr) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        let clock = DefaultClock::default();
        limiter
            .check_key(&client)
            .map_err(|not_until| not_until.wait_time_from(clock.now()))
    }

    /// Forgets clients that have been quiet long enough to be back at a full burst.
    pub(super) fn forget_idle(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
        }
    }
}

/// Milliseconds of execution per second per client, and how many of its operations may run
/// at once: each client's balance refills at a steady rate up to a burst; an operation is
/// admitted while the balance is not below zero and fewer than the allowed number of the
/// client's operations run, and is charged the time it took when it ends (the balance may go
/// below zero, and the client then waits until it is back above). Capping the operations
/// that run at once is what keeps a client from starting many before the first is charged.
pub(super) struct ExecutionBudget {
    per_second: f64,
    burst: f64,
    at_once: usize,
    /// Balances by client, in shards so requests of different clients rarely wait on one
    /// lock (each is held for a few arithmetic steps).
    shards: Vec<Mutex<HashMap<IpAddr, Balance>>>,
}

/// One client's balance, in milliseconds, as of `at`, and its operations running now.
#[derive(Clone, Copy)]
struct Balance {
    ms: f64,
    at: Instant,
    running: usize,
}

/// Shards of [`ExecutionBudget`].
const SHARDS: usize = 16;

/// An admitted operation: charged to its client, and its place given back, when dropped.
pub(super) struct Running {
    budget: Arc<ExecutionBudget>,
    client: IpAddr,
    started: Instant,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.budget.charge(self.client, self.started.elapsed());
    }
}

impl ExecutionBudget {
    /// The budget of `limits` (none when its rate is 0).
    pub(super) fn new(limits: &HttpLimits) -> Option<Arc<Self>> {
        (limits.execution_ms_per_second > 0).then(|| {
            Arc::new(ExecutionBudget {
                per_second: f64::from(limits.execution_ms_per_second),
                burst: f64::from(
                    limits
                        .execution_ms_burst
                        .max(limits.execution_ms_per_second),
                ),
                at_once: limits.executions_at_once.max(1),
                shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            })
        })
    }

    /// The shard of `client`, whatever an earlier holder of its lock did (the balances stay
    /// meaningful after a panic elsewhere).
    fn shard(&self, client: IpAddr) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Balance>> {
        let n = match client {
            IpAddr::V4(a) => usize::from(a.octets()[3]),
            IpAddr::V6(a) => usize::from(a.octets()[7]),
        };
        self.shards[n % SHARDS]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The balance `b` has earned by `now`.
    fn refilled(&self, b: Balance, now: Instant) -> f64 {
        let earned = now.duration_since(b.at).as_secs_f64() * self.per_second;
        (b.ms + earned).min(self.burst)
    }

    /// Admits an operation of `client`, or says how long to wait.
    pub(super) fn admit(self: &Arc<Self>, client: IpAddr) -> Result<Running, Duration> {
        let now = Instant::now();
        let mut shard = self.shard(client);
        let current = shard.get(&client).copied().unwrap_or(Balance {
            ms: self.burst,
            at: now,
            running: 0,
        });
        let ms = self.refilled(current, now);
        if ms < 0.0 {
            return Err(Duration::from_secs_f64(-ms / self.per_second));
        }
        if current.running >= self.at_once {
            return Err(Duration::from_secs(1));
        }
        shard.insert(
            client,
            Balance {
                ms,
                at: now,
                running: current.running + 1,
            },
        );
        Ok(Running {
            budget: self.clone(),
            client,
            started: now,
        })
    }

    /// Charges `client` for `spent` of execution and gives its place back.
    fn charge(&self, client: IpAddr, spent: Duration) {
        let now = Instant::now();
        let mut shard = self.shard(client);
        let Some(current) = shard.get(&client).copied() else {
            return;
        };
        let ms = self.refilled(current, now) - spent.as_secs_f64() * 1_000.0;
        let running = current.running.saturating_sub(1);
        shard.insert(
            client,
            Balance {
                ms,
                at: now,
                running,
            },
        );
    }

    /// Forgets clients with nothing running whose balance has refilled to a full burst.
    pub(super) fn forget_idle(&self) {
        let now = Instant::now();
        for n in 0..SHARDS {
            let mut shard = self.shards[n]
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            shard.retain(|_, b| b.running > 0 || self.refilled(*b, now) < self.burst);
        }
    }
}

/// Admits `client` to run something under `budget`, if there is one.
pub(super) fn admit(
    budget: Option<&Arc<ExecutionBudget>>,
    client: IpAddr,
) -> Result<Option<Running>, Duration> {
    budget.map(|b| b.admit(client)).transpose()
}

/// Counts a download against its client's request rate and execution share, and stops it at
/// the execution limit (GraphQL requests and WebSocket operations are counted where they are
/// read).
pub(super) async fn limit_downloads(
    axum::extract::State(state): axum::extract::State<super::state::AppState>,
    info: Option<axum::Extension<axum::extract::ConnectInfo<SocketAddr>>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let media = super::request::MediaType::Json;
    let client = state
        .clients
        .of(super::client::peer(info), request.headers());
    if let Err(wait) = state.rate.admit(client) {
        return super::encode::rate_limited(wait, "too many requests from this client", media);
    }
    let _running = match admit(state.execution.as_ref(), client) {
        Ok(running) => running,
        Err(wait) => {
            return super::encode::rate_limited(
                wait,
                "this client used its share of execution time",
                media,
            )
        }
    };
    let limit = Duration::from_millis(state.http.timeout_ms);
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => super::encode::timed_out(state.http.timeout_ms, media),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(n: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, n])
    }

    #[test]
    fn the_request_rate_refuses_past_the_burst_and_tells_how_long_to_wait() {
        let rate = RequestRate::new(&HttpLimits {
            rate_per_second: 1,
            rate_burst: 3,
            ..HttpLimits::DEFAULT
        });
        assert!((0..3).all(|_| rate.admit(client(1)).is_ok()));
        let wait = rate.admit(client(1));
        assert!(wait.is_err_and(|w| w <= Duration::from_secs(1)));
        assert!(rate.admit(client(2)).is_ok(), "another client");
    }

    fn budget(per_second: u32, burst: u32, at_once: usize) -> Arc<ExecutionBudget> {
        match ExecutionBudget::new(&HttpLimits {
            execution_ms_per_second: per_second,
            execution_ms_burst: burst,
            executions_at_once: at_once,
            ..HttpLimits::DEFAULT
        }) {
            Some(budget) => budget,
            None => panic!("a budget"),
        }
    }

    #[test]
    fn execution_is_charged_when_it_ends_and_a_client_in_debt_waits() {
        let budget = budget(100, 200, 4);
        let running = budget.admit(client(1));
        assert!(running.is_ok());
        budget.charge(client(1), Duration::from_millis(700));
        drop(running);
        let wait = budget.admit(client(1)).err();
        assert!(
            wait.is_some_and(
                |w| w > Duration::from_millis(4_900) && w < Duration::from_millis(5_200)
            ),
            "about 500 ms in debt at 100 ms/s: {wait:?}"
        );
        assert!(budget.admit(client(2)).is_ok(), "another client");
        budget.forget_idle();
        assert!(
            budget.admit(client(1)).is_err(),
            "a client in debt is not forgotten"
        );
    }

    #[test]
    fn a_client_runs_at_most_so_many_operations_at_once() {
        let budget = budget(1_000, 10_000, 2);
        let first = budget.admit(client(1));
        let second = budget.admit(client(1));
        assert!(first.is_ok() && second.is_ok());
        assert!(budget.admit(client(1)).is_err(), "a third waits");
        assert!(budget.admit(client(2)).is_ok(), "another client");
        drop(first);
        assert!(budget.admit(client(1)).is_ok(), "a place was given back");
    }
}
