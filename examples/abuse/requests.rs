//! Audit sections 5, 6, 8 and 9: requests in the wrong method or shape, a forged
//! `X-Forwarded-For` against the rate limit, the probes' own endpoints while the limit is
//! spent, a cursor past `u64`, and bodies that are not one GraphQL request.

use std::time::{Duration, Instant};

use futures_util::{FutureExt, StreamExt};
use reqwest::header::CONTENT_TYPE;
use serde_json::json;

use crate::http::{self, Answer};
use crate::probe::{Budget, Observed, Probe};
use crate::queries::LOOKUP;
use crate::raw;
use crate::server::{limits, Config, Target};

/// What a malformed request should get.
#[derive(Clone, Copy)]
enum Refusal {
    /// This status.
    Status(u16),
    /// GraphQL-shaped JSON errors, each with an `extensions.code`.
    CodedErrors,
}

/// A POST to `/graphql` with a body the server should refuse.
struct Body {
    name: &'static str,
    content_type: Option<&'static str>,
    body: &'static str,
    refusal: Refusal,
}

const ONE_QUERY: &str = r#"{"query":"{ stats { entities } }"}"#;

static BODIES: [Body; 6] = [
    Body {
        name: "5 POST as text/plain",
        content_type: Some("text/plain"),
        body: ONE_QUERY,
        refusal: Refusal::Status(415),
    },
    Body {
        name: "5 POST form-encoded",
        content_type: Some("application/x-www-form-urlencoded"),
        body: "query=%7B+stats+%7B+entities+%7D+%7D",
        refusal: Refusal::Status(415),
    },
    Body {
        name: "5 POST without Content-Type",
        content_type: None,
        body: ONE_QUERY,
        refusal: Refusal::Status(415),
    },
    Body {
        name: "9 batch (JSON array)",
        content_type: Some("application/json"),
        body: r#"[{"query":"{ stats { entities } }"},{"query":"{ stats { relations } }"}]"#,
        refusal: Refusal::CodedErrors,
    },
    Body {
        name: "9 variables as a string",
        content_type: Some("application/json"),
        body: r#"{"query":"{ stats { entities } }","variables":"x"}"#,
        refusal: Refusal::CodedErrors,
    },
    Body {
        name: "9 application/graphql body",
        content_type: Some("application/graphql"),
        body: "{ stats { entities } }",
        refusal: Refusal::CodedErrors,
    },
];

/// A cursor one past anything a list can hold.
static CURSORS: [(&str, &str); 2] = [
    (
        "8 entities after cursor:u64::MAX",
        r#"{ entities(first: 1, after: "cursor:18446744073709551615") { id } }"#,
    ),
    (
        "8 relations after cursor:u64::MAX",
        r#"{ country(code: "PK") { relations(first: 1, after: "cursor:18446744073709551615") { totalCount } } }"#,
    ),
];

impl Refusal {
    fn describe(self) -> String {
        match self {
            Refusal::Status(status) => status.to_string(),
            Refusal::CodedErrors => "JSON errors with a code".to_string(),
        }
    }

    fn fits(self, answer: &Answer) -> bool {
        match self {
            Refusal::Status(status) => answer.status == status,
            Refusal::CodedErrors => answer.coded_errors(),
        }
    }
}

pub fn probes() -> Vec<Probe> {
    let mut probes = vec![Probe::new(
        "5 GET /graphql?query=mutation",
        "405, Allow: POST",
        Config::Defaults,
        Budget::Answer,
        |t| mutation_over_get(t).boxed_local(),
    )];
    for body in &BODIES {
        probes.push(Probe::new(
            body.name,
            body.refusal.describe(),
            Config::Defaults,
            Budget::Answer,
            move |t| malformed(t, body).boxed_local(),
        ));
    }
    probes.push(Probe::new(
        "9 chunked body of 2 MiB",
        "413",
        Config::Defaults,
        Budget::Answer,
        |t| chunked_over_limit(t).boxed_local(),
    ));
    for (name, query) in &CURSORS {
        probes.push(Probe::new(
            *name,
            "BAD_USER_INPUT",
            Config::Defaults,
            Budget::Answer,
            move |t| {
                async move {
                    let result = http::post_graphql(t, query, &json!({})).await;
                    http::observe(result, |a| a.code() == Some("BAD_USER_INPUT"), name)
                }
                .boxed_local()
            },
        ));
    }
    probes.push(Probe::new(
        "6 300 requests, X-Forwarded-For varied",
        "429s: XFF from 127.0.0.1 not trusted",
        Config::Defaults,
        Budget::Answer,
        |t| forwarded_for(t).boxed_local(),
    ));
    probes.push(Probe::new(
        "6 /healthz and /metrics once limited",
        "200 and 200",
        Config::Defaults,
        Budget::Answer,
        |t| probes_while_limited(t).boxed_local(),
    ));
    probes
}

async fn mutation_over_get(target: &Target) -> Observed {
    let request = target
        .client
        .get(target.url("/graphql"))
        .query(&[("query", r#"mutation { retractFact(id: "x") { version } }"#)]);
    match http::send(request).await {
        Ok(answer) => {
            let allow = answer.allow.clone().unwrap_or_default();
            let fits = answer.status == 405 && allow.contains("POST");
            let status = match &answer.allow {
                Some(allow) => format!("{}, Allow: {allow}", answer.status),
                None => answer.summary(),
            };
            Observed::new(status, answer.elapsed, fits)
        }
        Err((error, elapsed)) => Observed::new("no answer", elapsed, false).noted(error),
    }
}

async fn malformed(target: &Target, body: &Body) -> Observed {
    let mut request = target.client.post(target.url("/graphql")).body(body.body);
    if let Some(content_type) = body.content_type {
        request = request.header(CONTENT_TYPE, content_type);
    }
    let result = http::send(request).await;
    http::observe(result, |a| body.refusal.fits(a), body.name)
}

async fn chunked_over_limit(target: &Target) -> Observed {
    let head = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
                Transfer-Encoding: chunked\r\n\r\n";
    match raw::chunked_upload(target.addr, head, 2 * limits::BODY_BYTES).await {
        Ok((response, elapsed)) => {
            let observed =
                Observed::new(response.status.to_string(), elapsed, response.status == 413);
            let text = String::from_utf8_lossy(&response.body);
            let short: String = text.trim().chars().take(110).collect();
            if short.is_empty() {
                observed
            } else {
                observed.noted(format!("chunked body of 2 MiB: \"{short}\""))
            }
        }
        Err(error) => Observed::new("no response", Duration::ZERO, false)
            .noted(format!("chunked body of 2 MiB: {error}")),
    }
}

/// Statuses of `count` lookups sent 8 at a time (each with a forged `X-Forwarded-For` of its
/// own when `forwarded`), and the slowest answer.
async fn burst(
    target: &Target,
    count: usize,
    forwarded: bool,
) -> (Vec<Result<u16, String>>, Duration) {
    let body = json!({ "query": LOOKUP });
    let results: Vec<(Result<u16, String>, Duration)> = futures_util::stream::iter(0..count)
        .map(|i| {
            let mut request = target.client.post(target.url("/graphql")).json(&body);
            if forwarded {
                let forged = format!("1.2.{}.{}", i / 250, i % 250 + 1);
                request = request.header("x-forwarded-for", forged);
            }
            async move {
                match http::send(request).await {
                    Ok(answer) => (Ok(answer.status), answer.elapsed),
                    Err((error, elapsed)) => (Err(error), elapsed),
                }
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let slowest = results.iter().map(|(_, e)| *e).max().unwrap_or_default();
    (results.into_iter().map(|(r, _)| r).collect(), slowest)
}

async fn forwarded_for(target: &Target) -> Observed {
    // A full budget first: 100 requests of burst come back at 50 a second.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let (statuses, slowest) = burst(target, 300, true).await;
    let count = |status: u16| statuses.iter().filter(|s| **s == Ok(status)).count();
    let (ok, limited) = (count(200), count(429));
    let failed = statuses.iter().filter(|s| s.is_err()).count();
    let mut status = format!("{ok} x 200, {limited} x 429");
    if failed > 0 {
        status.push_str(&format!(", {failed} failed"));
    }
    // Trusted, each forged address would get a budget of its own and none would be limited.
    Observed::new(status, slowest, limited > 0)
}

async fn probes_while_limited(target: &Target) -> Observed {
    let started = Instant::now();
    let mut limited = false;
    let mut sent = 0;
    while !limited && sent < 6 * limits::RATE_BURST {
        let (statuses, _) = burst(target, 50, false).await;
        sent += statuses.len();
        limited = statuses.contains(&Ok(429));
    }
    if !limited {
        return Observed::new(
            format!("never limited ({sent} sent)"),
            started.elapsed(),
            false,
        );
    }
    let health = http::send(target.client.get(target.url("/healthz")));
    let metrics = http::send(target.client.get(target.url("/metrics")));
    let (health, metrics) = futures_util::join!(health, metrics);
    let mut slowest = Duration::ZERO;
    let mut status_of = |result: Result<Answer, (String, Duration)>| match result {
        Ok(answer) => {
            slowest = slowest.max(answer.elapsed);
            answer.status.to_string()
        }
        Err((_, elapsed)) => {
            slowest = slowest.max(elapsed);
            "no answer".to_string()
        }
    };
    let (health, metrics) = (status_of(health), status_of(metrics));
    let fits = health == "200" && metrics == "200";
    Observed::new(
        format!("healthz {health}, metrics {metrics}"),
        slowest,
        fits,
    )
}
