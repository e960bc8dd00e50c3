//! Who a client is, and how much of the server it may use: requests per second and
//! milliseconds of execution per second, per client address.
//!
//! The client is the peer address, unless the peer is a trusted proxy: then the nearest
//! untrusted address its `X-Forwarded-For` (or `Forwarded`) header names. Headers from anyone
//! else are ignored, so a client cannot pick its own address to dodge a limit. The request
//! rate counts GraphQL requests, WebSocket operations and downloads; health checks and
//! metrics are not counted, so monitoring keeps working while a client is being held back.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use ipnet::IpNet;

use super::config::HttpLimits;

/// The peer of a connection, when the router is served with its connection info (as
/// [`super::run`] does); an embedder that serves it without gets one shared address for all.
pub(super) fn peer(
    info: Option<axum::Extension<axum::extract::ConnectInfo<SocketAddr>>>,
) -> SocketAddr {
    info.map_or(SocketAddr::from(([0, 0, 0, 0], 0)), |info| info.0 .0)
}

/// The client behind a request from `peer` with `headers`, given the trusted proxies.
pub(super) fn client_ip(peer: SocketAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let peer = peer.ip();
    if !is_trusted(&peer) {
        return peer;
    }
    // Each proxy appends the address it got the request from: read from the right, the
    // first address no trusted proxy vouches for is the client.
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    let forwarded = if forwarded.is_empty() {
        forwarded_for(headers)
    } else {
        forwarded
    };
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !is_trusted(ip))
        .unwrap_or(peer)
}

/// The `for=` addresses of RFC 7239 `Forwarded` headers, in order.
fn forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split([',', ';']))
        .filter_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            if !key.trim().eq_ignore_ascii_case("for") {
                return None;
            }
            let value = value.trim().trim_matches('"');
            // `[2001:db8::1]:4711` or `192.0.2.1:4711` or a bare address.
            let host = match value.strip_prefix('[') {
                Some(rest) => rest.split(']').next().unwrap_or(rest),
                None => match value.rsplit_once(':') {
                    Some((host, port)) if !host.contains(':') && port.parse::<u16>().is_ok() => {
                        host
                    }
                    _ => value,
                },
            };
            host.parse().ok()
        })
        .collect()
}

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

/// Milliseconds of execution per second per client: each client's balance refills at a
/// steady rate up to a burst, every execution is charged after it ends (it may go below
/// zero), and a client below zero waits until it is back above.
pub(super) struct ExecutionBudget {
    per_second: f64,
    burst: f64,
    /// Balances by client, in shards so requests of different clients rarely wait on one
    /// lock (each is held for a few arithmetic steps).
    shards: Vec<Mutex<HashMap<IpAddr, Balance>>>,
}

/// One client's balance, in milliseconds, as of `at`.
#[derive(Clone, Copy)]
struct Balance {
    ms: f64,
    at: Instant,
}

/// Shards of [`ExecutionBudget`].
const SHARDS: usize = 16;

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
                shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            })
        })
    }

    fn shard(&self, client: IpAddr) -> &Mutex<HashMap<IpAddr, Balance>> {
        let n = match client {
            IpAddr::V4(a) => usize::from(a.octets()[3]),
            IpAddr::V6(a) => usize::from(a.octets()[15]),
        };
        &self.shards[n % SHARDS]
    }

    /// The balance of `client` now, refilled since it was last seen.
    fn refilled(&self, balance: Option<Balance>, now: Instant) -> f64 {
        match balance {
            None => self.burst,
            Some(b) => {
                let earned = now.duration_since(b.at).as_secs_f64() * self.per_second;
                (b.ms + earned).min(self.burst)
            }
        }
    }

    /// Whether `client` may run something now; how long to wait when it may not.
    pub(super) fn admit(&self, client: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let Ok(shard) = self.shard(client).lock() else {
            return Ok(());
        };
        let balance = self.refilled(shard.get(&client).copied(), now);
        if balance >= 0.0 {
            Ok(())
        } else {
            Err(Duration::from_secs_f64(-balance / self.per_second))
        }
    }

    /// Charges `client` for `spent` of execution.
    pub(super) fn charge(&self, client: IpAddr, spent: Duration) {
        let now = Instant::now();
        let Ok(mut shard) = self.shard(client).lock() else {
            return;
        };
        let balance = self.refilled(shard.get(&client).copied(), now);
        let ms = balance - spent.as_secs_f64() * 1_000.0;
        shard.insert(client, Balance { ms, at: now });
    }

    /// Forgets clients whose balance has refilled to a full burst.
    pub(super) fn forget_idle(&self) {
        let now = Instant::now();
        for shard in &self.shards {
            if let Ok(mut shard) = shard.lock() {
                shard.retain(|_, b| self.refilled(Some(*b), now) < self.burst);
            }
        }
    }
}

/// Counts a download against its client's request rate (GraphQL requests and WebSocket
/// operations are counted where they are read).
pub(super) async fn limit_downloads(
    axum::extract::State(state): axum::extract::State<super::state::AppState>,
    info: Option<axum::Extension<axum::extract::ConnectInfo<SocketAddr>>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let client = client_ip(peer(info), request.headers(), &state.trusted_proxies);
    match state.rate.admit(client) {
        Ok(()) => next.run(request).await,
        Err(wait) => super::encode::rate_limited(
            wait,
            "too many requests from this client",
            super::request::MediaType::Json,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn peer(ip: &str) -> SocketAddr {
        SocketAddr::new(ip.parse().unwrap_or(IpAddr::from([0, 0, 0, 0])), 4000)
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().filter_map(|n| n.parse().ok()).collect()
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_proxies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("1.2.3.4, 10.0.0.2"),
        );
        let proxies = nets(&["10.0.0.0/8"]);
        // From an untrusted peer the header is ignored: the peer is the client.
        assert_eq!(
            client_ip(peer("203.0.113.9"), &headers, &proxies),
            peer("203.0.113.9").ip()
        );
        // Through two trusted proxies, the first untrusted address from the right.
        assert_eq!(
            client_ip(peer("10.0.0.1"), &headers, &proxies),
            peer("1.2.3.4").ip()
        );
        // A trusted proxy without a header is the client itself.
        assert_eq!(
            client_ip(peer("10.0.0.1"), &HeaderMap::new(), &proxies),
            peer("10.0.0.1").ip()
        );
        let mut forwarded = HeaderMap::new();
        forwarded.insert(
            "forwarded",
            HeaderValue::from_static("for=\"[2001:db8::7]:4711\";proto=https, for=198.51.100.3:80"),
        );
        assert_eq!(
            client_ip(peer("10.0.0.1"), &forwarded, &proxies),
            peer("198.51.100.3").ip()
        );
        let only_v6 = nets(&["10.0.0.0/8", "198.51.100.0/24"]);
        assert_eq!(
            client_ip(peer("10.0.0.1"), &forwarded, &only_v6),
            "2001:db8::7"
                .parse::<IpAddr>()
                .unwrap_or(peer("0.0.0.0").ip())
        );
    }

    #[test]
    fn the_request_rate_refuses_past_the_burst_and_tells_how_long_to_wait() {
        let rate = RequestRate::new(&HttpLimits {
            rate_per_second: 1,
            rate_burst: 3,
            ..HttpLimits::DEFAULT
        });
        let client = peer("192.0.2.1").ip();
        assert!((0..3).all(|_| rate.admit(client).is_ok()));
        let wait = rate.admit(client);
        assert!(wait.is_err_and(|w| w <= Duration::from_secs(1)));
        assert!(rate.admit(peer("192.0.2.2").ip()).is_ok(), "another client");
    }

    #[test]
    fn execution_is_charged_after_it_ends_and_a_client_in_debt_waits() {
        let Some(budget) = ExecutionBudget::new(&HttpLimits {
            execution_ms_per_second: 100,
            execution_ms_burst: 200,
            ..HttpLimits::DEFAULT
        }) else {
            panic!("a budget");
        };
        let client = peer("192.0.2.1").ip();
        assert!(budget.admit(client).is_ok());
        budget.charge(client, Duration::from_millis(700));
        let wait = budget.admit(client);
        assert!(
            wait.is_err_and(|w| w > Duration::from_millis(4_000) && w <= Duration::from_secs(5)),
            "500 ms in debt at 100 ms/s"
        );
        assert!(
            budget.admit(peer("192.0.2.2").ip()).is_ok(),
            "another client"
        );
        budget.forget_idle();
        assert!(
            budget.admit(client).is_err(),
            "a client in debt is not forgotten"
        );
    }
}
