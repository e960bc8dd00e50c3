//! The median latency of an ordinary lookup from one client (127.0.0.2) while sixteen
//! connections of another (127.0.0.1) keep sending sixteen aliased traversals each. The
//! request rate is off for this probe (else the heavy client is simply refused at 50/s); what
//! holds it back is its share of execution time.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use serde_json::json;

use crate::http;
use crate::probe::{Budget, Observed, Probe};
use crate::queries;
use crate::server::{Config, Target};

/// Clients sending the heavy query, each on a connection of its own.
const HEAVY_CLIENTS: usize = 16;
/// Lookups timed.
const SAMPLES: usize = 200;
/// Pause between two lookups.
const PAUSE: Duration = Duration::from_millis(10);
/// Longest the lookups may take in all before the probe stops.
const MEASURING: Duration = Duration::from_secs(30);

pub fn probes() -> Vec<Probe> {
    vec![Probe::new(
        "p50 under load: lookup vs 16 x 16 traversals",
        "p50 < 100 ms (lookups from 127.0.0.2)",
        Config::NoRateLimit,
        Budget::Answer,
        |t| median_under_load(t).boxed_local(),
    )]
}

/// Answers the heavy clients got: with data, refused with an error, failed.
#[derive(Default)]
struct Heavy {
    data: AtomicUsize,
    errors: AtomicUsize,
    failed: AtomicUsize,
}

async fn median_under_load(target: &Target) -> Observed {
    let heavy = Arc::new(Heavy::default());
    let mut clients = Vec::new();
    for client in 0..HEAVY_CLIENTS {
        let Ok(http) = http::client() else {
            continue;
        };
        let (heavy, url) = (heavy.clone(), target.url("/graphql"));
        clients.push(tokio::spawn(async move {
            for round in 0usize.. {
                let query = queries::traversals(client * 1_000_000 + round);
                let request = http.post(&url).json(&json!({ "query": query }));
                let counter = match http::send(request).await {
                    Ok(answer) if answer.has_data() => &heavy.data,
                    Ok(_) => &heavy.errors,
                    Err(_) => &heavy.failed,
                };
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    // Lookups come from another address of the loopback: another client.
    let Ok(lookups) = reqwest::Client::builder()
        .no_proxy()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .timeout(Duration::from_secs(10))
        .build()
    else {
        return Observed::new("no client for 127.0.0.2", Duration::ZERO, false);
    };
    // Let the heavy clients get going before timing.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut failures = 0;
    for i in 0..SAMPLES {
        if started.elapsed() > MEASURING {
            break;
        }
        let request = lookups
            .post(target.url("/graphql"))
            .json(&json!({ "query": queries::lookup(i) }));
        let result = http::send(request).await;
        match result {
            Ok(answer) if answer.has_data() => latencies.push(answer.elapsed),
            Ok(_) | Err(_) => failures += 1,
        }
        tokio::time::sleep(PAUSE).await;
    }
    for client in &clients {
        client.abort();
    }
    latencies.sort();
    let at = |q: f64| {
        let index = ((latencies.len() as f64 - 1.0) * q).round() as usize;
        latencies.get(index).copied().unwrap_or_default()
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (p50, p90, max) = (at(0.5), at(0.9), at(1.0));
    let status = format!(
        "p50 {:.1} ms, p90 {:.1}, max {:.1}",
        ms(p50),
        ms(p90),
        ms(max)
    );
    let note = format!(
        "{} lookups timed ({failures} failed), each made distinct by a comment so none came from \
         the response cache; meanwhile {HEAVY_CLIENTS} clients got {} answers with data, {} \
         errors (refused: over the heavy client's share of execution time), {} failures for 8 \
         neighborhood(depth 4) + 8 paths(maxLength 6, limit 50) each, from 127.0.0.1",
        latencies.len(),
        heavy.data.load(Ordering::Relaxed),
        heavy.errors.load(Ordering::Relaxed),
        heavy.failed.load(Ordering::Relaxed),
    );
    let fits = failures == 0 && !latencies.is_empty();
    Observed::new(status, p50, fits).noted(note)
}
