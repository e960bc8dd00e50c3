//! Audit section 4: one WebSocket asked for too much — twenty thousand operations in a burst,
//! one operation past the execution limit, two hundred thousand subscriptions.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use futures_util::{FutureExt, SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use crate::probe::{Budget, Observed, Probe};
use crate::queries;
use crate::server::{limits, Config, Target};
use crate::{procfs, ws};

/// Longest a flood may take to send, and to be answered after.
const FLOOD_DEADLINE: Duration = Duration::from_secs(60);

/// Quiet after the last message sent, after which no more answers are awaited.
const QUIET: Duration = Duration::from_secs(3);

/// How much above its size before the flood the server's RSS may stay once the socket closed.
const SETTLED_MB: f64 = 32.0;

pub fn probes() -> Vec<Probe> {
    vec![
        Probe::new(
            "4 WS: 20000 operations in a burst",
            "most refused (rate), or closed 1008/4429",
            Config::Defaults,
            Budget::Answer,
            |t| operation_burst(t).boxed_local(),
        ),
        Probe::new(
            "4 WS: 200000 subscriptions",
            "32 kept, rest refused or closed",
            Config::Defaults,
            Budget::Answer,
            |t| subscription_flood(t).boxed_local(),
        ),
        Probe::new(
            "4 WS: operation past --timeout-ms 1000",
            "TIMEOUT, no message > 32 MiB",
            Config::LargeGraph,
            Budget::Timeout(limits::EXECUTION_TIMEOUT),
            |t| long_operation(t).boxed_local(),
        ),
    ]
}

/// What the server answered a flood of operations with.
#[derive(Default)]
struct Tally {
    /// Messages sent before the flood ended (all of them, unless the server closed).
    sent: usize,
    /// Operations answered with data.
    answered: usize,
    /// Operations refused, by error code (`-` for none).
    refused: BTreeMap<String, usize>,
    /// Operations that ended (`complete` or `error`).
    ended: usize,
    /// The first refusal or close, from the first message sent.
    first_refusal: Option<Duration>,
    /// The close, if the server closed.
    closed: Option<String>,
    /// From the first message sent to the end of the flood.
    elapsed: Duration,
}

impl Tally {
    fn refused_total(&self) -> usize {
        self.refused.values().sum()
    }

    fn refusals(&self) -> String {
        let parts: Vec<String> = self
            .refused
            .iter()
            .map(|(code, n)| format!("{n} {code}"))
            .collect();
        parts.join(", ")
    }

    fn count(&mut self, message: &Value, at: Duration) {
        let errors = match message["type"].as_str() {
            Some("next") => &message["payload"]["errors"],
            Some("error") => &message["payload"],
            Some("complete") => {
                self.ended += 1;
                return;
            }
            _ => return,
        };
        if message["type"] == "error" {
            self.ended += 1;
        }
        match errors[0]["extensions"]["code"].as_str() {
            Some(code) => {
                *self.refused.entry(code.to_string()).or_default() += 1;
                self.first_refusal.get_or_insert(at);
            }
            None if errors.is_null() => self.answered += 1,
            None => *self.refused.entry("-".to_string()).or_default() += 1,
        }
    }
}

/// Sends `count` `subscribe` messages for `query` on `socket` as fast as it takes them while
/// reading what comes back, until every operation ended, the server closed, or nothing came
/// for [`QUIET`] after the last message sent.
async fn flood(socket: ws::Socket, count: usize, query: &str) -> (Tally, Option<ws::Socket>) {
    let (mut sink, mut stream) = socket.split();
    let started = Instant::now();
    let sent = Cell::new(0usize);
    let done = Cell::new(None::<Instant>);
    let writing = async {
        let empty = json!({});
        for i in 0..count {
            let message = ws::subscribe(&i.to_string(), query, &empty).to_string();
            if sink.feed(Message::text(message)).await.is_err() {
                break;
            }
            sent.set(i + 1);
        }
        let _ = sink.flush().await;
        done.set(Some(Instant::now()));
    };
    let writing =
        tokio::time::timeout(FLOOD_DEADLINE, writing).map(|_| done.set(Some(Instant::now())));
    let mut tally = Tally::default();
    let reading = async {
        let deadline = started + FLOOD_DEADLINE + QUIET;
        let mut last = Instant::now();
        loop {
            if let Some(done) = done.get() {
                if tally.ended >= sent.get() || last.max(done).elapsed() >= QUIET {
                    break;
                }
            }
            if Instant::now() >= deadline {
                break;
            }
            let slice = Instant::now() + Duration::from_millis(200);
            match tokio::time::timeout_at(slice.into(), stream.next()).await {
                Err(_) => continue,
                Ok(None) | Ok(Some(Err(_))) => {
                    tally.closed = Some("closed".into());
                    break;
                }
                Ok(Some(Ok(Message::Close(frame)))) => {
                    let (code, reason) = match frame {
                        Some(f) => (Some(u16::from(f.code)), f.reason.to_string()),
                        None => (None, String::new()),
                    };
                    tally.closed = Some(ws::closed(code, &reason));
                    tally.first_refusal.get_or_insert(started.elapsed());
                    break;
                }
                Ok(Some(Ok(Message::Text(text)))) => {
                    last = Instant::now();
                    let message = serde_json::from_str(text.as_str()).unwrap_or(Value::Null);
                    tally.count(&message, started.elapsed());
                }
                Ok(Some(Ok(_))) => {}
            }
        }
    };
    futures_util::join!(writing, reading);
    tally.sent = sent.get();
    tally.elapsed = started.elapsed();
    let socket = if tally.closed.is_none() {
        sink.reunite(stream).ok()
    } else {
        None
    };
    (tally, socket)
}

async fn operation_burst(target: &Target) -> Observed {
    let count = 20_000;
    let socket = match ws::open(target).await {
        Ok(socket) => socket,
        Err(e) => return Observed::new(e, Duration::ZERO, false),
    };
    let (tally, socket) = flood(socket, count, queries::LOOKUP).await;
    if let Some(mut socket) = socket {
        let _ = tokio::time::timeout(Duration::from_secs(1), socket.close(None)).await;
    }
    let refused = tally.refused_total();
    let status = match &tally.closed {
        Some(close) => format!("{close} after {} answered", tally.answered),
        None if refused == 0 => format!("{} answered, none refused", tally.answered),
        None => format!("{} answered, {}", tally.answered, tally.refusals()),
    };
    // Closed as an offender (1008, policy violation) or for too many requests (4429).
    let closed_for_it = tally
        .closed
        .as_deref()
        .is_some_and(|c| c.contains("4429") || c.contains("1008"));
    let fits = closed_for_it || refused * 2 >= count;
    let note = format!(
        "20000 operations: {} sent, {} answered, refused: {}, in {:.1} s",
        tally.sent,
        tally.answered,
        if refused == 0 {
            "none".to_string()
        } else {
            tally.refusals()
        },
        tally.elapsed.as_secs_f64()
    );
    Observed::new(status, tally.first_refusal.unwrap_or(tally.elapsed), fits).noted(note)
}

async fn subscription_flood(target: &Target) -> Observed {
    let count = 200_000;
    let before = procfs::memory(target.pid);
    let socket = match ws::open(target).await {
        Ok(socket) => socket,
        Err(e) => return Observed::new(e, Duration::ZERO, false),
    };
    let (tally, socket) = flood(socket, count, "subscription { graphChanged { version } }").await;
    let during = procfs::memory(target.pid);
    if let Some(mut socket) = socket {
        let _ = tokio::time::timeout(Duration::from_secs(1), socket.close(None)).await;
    }
    // Memory the subscriptions held should go back once the socket is gone.
    let closed_at = Instant::now();
    let mut after = procfs::memory(target.pid);
    while closed_at.elapsed() < Duration::from_secs(5) {
        let settled = match (&before, &after) {
            (Some(b), Some(a)) => a.rss_mb() <= b.rss_mb() + SETTLED_MB,
            _ => true,
        };
        if settled {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        after = procfs::memory(target.pid);
    }
    let settled = match (&before, &after) {
        (Some(b), Some(a)) => a.rss_mb() <= b.rss_mb() + SETTLED_MB,
        _ => true,
    };
    let refused = tally.refused_total();
    let kept = tally.sent.saturating_sub(refused);
    let status = match &tally.closed {
        Some(close) => format!("{close} after {} sent", tally.sent),
        None => format!("{kept} kept, {refused} refused"),
    };
    let capped = tally.closed.is_some() || kept <= limits::WS_OPERATIONS;
    let mb =
        |m: Option<procfs::Memory>| m.map_or("?".to_string(), |m| format!("{:.0}", m.rss_mb()));
    let note =
        format!(
        "200000 subscriptions: {} sent in {:.1} s, refused: {}; RSS {} MB before, {} MB with them \
         open, {} MB {:.1} s after the socket closed",
        tally.sent,
        tally.elapsed.as_secs_f64(),
        if refused == 0 { "none".to_string() } else { tally.refusals() },
        mb(before),
        mb(during),
        mb(after),
        closed_at.elapsed().as_secs_f64()
    );
    let elapsed = tally.first_refusal.unwrap_or(tally.elapsed);
    Observed::new(status, elapsed, capped && settled).noted(note)
}

async fn long_operation(target: &Target) -> Observed {
    let mut socket = match ws::open(target).await {
        Ok(socket) => socket,
        Err(e) => return Observed::new(e, Duration::ZERO, false),
    };
    let started = Instant::now();
    let query = queries::long_running();
    if let Err(e) = ws::send(&mut socket, ws::subscribe("1", &query, &json!({}))).await {
        return Observed::new(e, started.elapsed(), false);
    }
    let deadline = started + limits::EXECUTION_TIMEOUT + Duration::from_secs(5);
    let mut largest = 0;
    let mut first: Option<ws::WsAnswer> = None;
    let ending = loop {
        match ws::next_sized(&mut socket, deadline).await {
            Ok((ws::Frame::Text(message), size)) => {
                largest = largest.max(size);
                if message["id"] == "1" && message["type"] == "complete" {
                    break None;
                }
                if message["id"] == "1" && first.is_none() {
                    first = Some(ws::WsAnswer::of(&message, started.elapsed()));
                    if message["type"] == "error" {
                        break None;
                    }
                }
            }
            Ok((ws::Frame::Closed(code, reason), _)) => break Some(ws::closed(code, &reason)),
            Err(e) => break Some(e),
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), socket.close(None)).await;
    let small = largest <= limits::ANSWER_BYTES;
    let note = format!(
        "largest message {largest} bytes (limit {})",
        limits::ANSWER_BYTES
    );
    match first {
        Some(answer) => {
            let seconds = answer.elapsed.as_secs_f64();
            let in_time = answer.elapsed <= limits::EXECUTION_TIMEOUT;
            // A TIMEOUT is what the limit is for; any other outcome only counts before it.
            let fits = small
                && (answer.code.as_deref() == Some("TIMEOUT")
                    || (in_time && (answer.code.is_some() || answer.data)));
            let note = match (answer.data, in_time) {
                (true, true) => format!(
                    "{note}; answered in full within the limit: the query did not run long here"
                ),
                (true, false) => format!(
                    "{note}; answered in full after {seconds:.1} s: the operation was not stopped at the limit"
                ),
                (false, _) => note,
            };
            Observed::new(answer.summary, answer.elapsed, fits).noted(note)
        }
        None => {
            let status = format!(
                "ws {}",
                ending.unwrap_or_else(|| "complete, no answer".into())
            );
            Observed::new(status, started.elapsed(), false).noted(note)
        }
    }
}
