//! Audit section 3: connections that cost the server without asking anything of it — a
//! thousand idle sockets from one address, headers and bodies dripped a byte every two
//! seconds, an idle keep-alive, a WebSocket that never says `connection_init`.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use serde_json::json;

use crate::probe::{Budget, Observed, Probe};
use crate::queries::LOOKUP;
use crate::server::{limits, Config, Target};
use crate::{http, procfs, raw, ws};

/// How many idle sockets the first probe opens.
const IDLE_SOCKETS: usize = 1_100;

/// A client dripping bytes sends one this often.
const DRIP_INTERVAL: Duration = Duration::from_secs(2);

/// How long past a timeout a probe waits for the server to keep it before giving up.
const GRACE: Duration = Duration::from_secs(3);

pub fn probes() -> Vec<Probe> {
    vec![
        Probe::new(
            "3 1100 idle sockets, then a query",
            "<= 64 held; query from 127.0.0.2 answers",
            Config::Defaults,
            Budget::Answer,
            |t| idle_sockets(t).boxed_local(),
        ),
        Probe::new(
            "3 headers, 1 byte / 2 s",
            "closed within header timeout 2 s",
            Config::ShortTimeouts,
            Budget::Timeout(limits::HEADER_TIMEOUT),
            |t| slow_headers(t).boxed_local(),
        ),
        Probe::new(
            "3 body of 1000 bytes, 1 byte / 2 s",
            "408/400/closed within body timeout 2 s",
            Config::ShortTimeouts,
            Budget::Timeout(limits::BODY_TIMEOUT),
            |t| slow_body(t).boxed_local(),
        ),
        Probe::new(
            "3 idle keep-alive after one request",
            "closed within header timeout 2 s",
            Config::ShortTimeouts,
            Budget::Timeout(limits::HEADER_TIMEOUT),
            |t| idle_keep_alive(t).boxed_local(),
        ),
        Probe::new(
            "3 WebSocket without connection_init",
            "closed within ws-init timeout 2 s",
            Config::ShortTimeouts,
            Budget::Timeout(limits::WS_INIT_TIMEOUT),
            |t| silent_websocket(t).boxed_local(),
        ),
    ]
}

async fn idle_sockets(target: &Target) -> Observed {
    let before = procfs::sockets(target.pid);
    let connects = (0..IDLE_SOCKETS).map(|_| raw::connect(target.addr));
    let (sockets, failures): (Vec<_>, Vec<_>) = futures_util::future::join_all(connects)
        .await
        .into_iter()
        .partition(Result::is_ok);
    let sockets: Vec<_> = sockets.into_iter().filter_map(Result::ok).collect();
    // Time for the server to accept (or refuse) what it is going to.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let held = procfs::sockets(target.pid)
        .zip(before)
        .map(|(now, before)| now.saturating_sub(before));
    // From another loopback address: a cap per IP must not shut out everyone else.
    let elsewhere = reqwest::Client::builder()
        .no_proxy()
        .local_address(IpAddr::from([127, 0, 0, 2]))
        .timeout(http::REQUEST_TIMEOUT)
        .build();
    let answer = match elsewhere {
        Ok(client) => {
            let request = client
                .post(target.url("/graphql"))
                .json(&json!({ "query": LOOKUP }));
            http::send(request).await
        }
        Err(e) => Err((http::describe(&e), Duration::ZERO)),
    };
    let closed = sockets
        .iter()
        .filter(|socket| {
            let mut byte = [0u8; 1];
            !matches!(socket.try_read(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
        })
        .count();
    drop(sockets);
    let note = format!(
        "{} of {IDLE_SOCKETS} idle sockets from 127.0.0.1 connected ({} failed), {closed} closed by \
         the server; the query came from 127.0.0.2",
        IDLE_SOCKETS - failures.len(),
        failures.len()
    );
    let held_text = match held {
        Some(held) => format!("server held {held}"),
        None => "server's sockets unknown".to_string(),
    };
    match answer {
        Ok(answer) => {
            let capped = held.is_none_or(|held| held <= limits::CONNECTIONS_PER_IP + 2);
            let fits = answer.has_data() && capped;
            let status = format!("{}; {held_text}", answer.summary());
            Observed::new(status, answer.elapsed, fits).noted(note)
        }
        Err((error, elapsed)) => {
            Observed::new(format!("query: no answer; {held_text}"), elapsed, false)
                .noted(format!("{note}; {error}"))
        }
    }
}

/// A connection that the server should close: open, or how connecting failed.
async fn connect_or_fail(target: &Target) -> Result<tokio::net::TcpStream, Observed> {
    raw::connect(target.addr)
        .await
        .map_err(|error| Observed::new(error, Duration::ZERO, false))
}

/// Whether `closing` is the server keeping its timeout: it closed, or answered with one of
/// `statuses`.
fn observed_closing(closing: raw::Closing, statuses: &[u16]) -> Observed {
    let answered = closing.status.is_some_and(|s| statuses.contains(&s));
    let elapsed = match (answered, closing.answered_after) {
        (true, Some(at)) => at,
        _ => closing.after,
    };
    Observed::new(closing.summary(), elapsed, closing.closed || answered)
}

async fn slow_headers(target: &Target) -> Observed {
    let mut stream = match connect_or_fail(target).await {
        Ok(stream) => stream,
        Err(observed) => return observed,
    };
    let request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let closing = raw::drip(
        &mut stream,
        request,
        DRIP_INTERVAL,
        limits::HEADER_TIMEOUT + GRACE,
    )
    .await;
    observed_closing(closing, &[408])
}

async fn slow_body(target: &Target) -> Observed {
    let mut stream = match connect_or_fail(target).await {
        Ok(stream) => stream,
        Err(observed) => return observed,
    };
    let head = "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
                Content-Length: 1000\r\n\r\n";
    if let Err(e) = tokio::io::AsyncWriteExt::write_all(&mut stream, head.as_bytes()).await {
        return Observed::new(format!("write: {e}"), Duration::ZERO, false);
    }
    let body = format!("{{\"query\":\"{}\"}}", " ".repeat(988));
    let closing = raw::drip(
        &mut stream,
        body.as_bytes(),
        DRIP_INTERVAL,
        limits::BODY_TIMEOUT + GRACE,
    )
    .await;
    observed_closing(closing, &[400, 408])
}

async fn idle_keep_alive(target: &Target) -> Observed {
    let mut stream = match connect_or_fail(target).await {
        Ok(stream) => stream,
        Err(observed) => return observed,
    };
    let request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    if let Err(e) = tokio::io::AsyncWriteExt::write_all(&mut stream, request).await {
        return Observed::new(format!("write: {e}"), Duration::ZERO, false);
    }
    match raw::read_response(&mut stream).await {
        Ok(response) if response.status == 200 => {}
        Ok(response) => {
            return Observed::new(
                format!("first request: {}", response.status),
                Duration::ZERO,
                false,
            )
        }
        Err(e) => return Observed::new(format!("first request: {e}"), Duration::ZERO, false),
    }
    let closing = raw::drip(
        &mut stream,
        &[],
        DRIP_INTERVAL,
        limits::HEADER_TIMEOUT + GRACE,
    )
    .await;
    observed_closing(closing, &[408])
}

async fn silent_websocket(target: &Target) -> Observed {
    let mut socket = match ws::connect(target).await {
        Ok(socket) => socket,
        Err(e) => return Observed::new(e, Duration::ZERO, false),
    };
    let started = Instant::now();
    let deadline = started + limits::WS_INIT_TIMEOUT + GRACE;
    loop {
        match ws::next(&mut socket, deadline).await {
            Ok(ws::Frame::Closed(code, reason)) => {
                let seconds = started.elapsed().as_secs_f64();
                let status = format!("{} after {seconds:.1} s", ws::closed(code, &reason));
                return Observed::new(status, started.elapsed(), true);
            }
            // Nothing should come before `connection_init`; whatever does is not a close.
            Ok(ws::Frame::Text(_)) => continue,
            Err(e) if e.starts_with("read") => {
                let seconds = started.elapsed().as_secs_f64();
                let status = format!("reset after {seconds:.1} s");
                return Observed::new(status, started.elapsed(), true).noted(e);
            }
            Err(_) => {
                let seconds = started.elapsed().as_secs_f64();
                return Observed::new(
                    format!("open after {seconds:.1} s"),
                    started.elapsed(),
                    false,
                );
            }
        }
    }
}
