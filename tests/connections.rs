//! Idle, slow and numerous connections cannot hold the server: headers and bodies have
//! deadlines, idle keep-alive connections are closed, one address gets a bounded share of the
//! connections, and the server keeps answering others meanwhile. Against a child process
//! with short timeouts, so the test takes seconds.

mod common;

use std::time::{Duration, Instant};

use common::child::ChildServer;
use common::seed_data;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn short_timeouts() -> ChildServer {
    ChildServer::start(
        &seed_data(),
        &[
            "--header-timeout-ms",
            "1000",
            "--body-timeout-ms",
            "1000",
            "--max-connections-per-ip",
            "20",
        ],
    )
    .await
}

/// Reads until the server closes the connection (or 10 s pass); the time it took and what
/// it sent.
async fn until_closed(stream: &mut TcpStream) -> (Duration, String) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    while started.elapsed() < Duration::from_secs(10) {
        match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => break,
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
        }
    }
    (
        started.elapsed(),
        String::from_utf8_lossy(&received).into_owned(),
    )
}

#[expect(
    clippy::expect_used,
    reason = "a broken test set-up must fail the test loudly"
)]
async fn connect(server: &ChildServer) -> TcpStream {
    TcpStream::connect(("127.0.0.1", server.port))
        .await
        .expect("connect")
}

#[tokio::test]
async fn slow_headers_and_idle_keep_alive_connections_are_closed_at_the_deadline() {
    let server = short_timeouts().await;
    // One byte of a request line, then nothing.
    let mut slow = connect(&server).await;
    let _ = slow.write_all(b"G").await;
    let (took, _) = until_closed(&mut slow).await;
    assert!(
        took < Duration::from_secs(3),
        "slow headers held for {took:?}"
    );
    // A full request on a keep-alive connection, then silence.
    let mut idle = connect(&server).await;
    let _ = idle
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        .await;
    let (took, received) = until_closed(&mut idle).await;
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    assert!(
        took < Duration::from_secs(3),
        "idle keep-alive held for {took:?}"
    );
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_refused_with_408() {
    let server = short_timeouts().await;
    let mut stream = connect(&server).await;
    let _ = stream
        .write_all(b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"query\"")
        .await;
    let (took, received) = until_closed(&mut stream).await;
    assert!(received.starts_with("HTTP/1.1 408"), "{received}");
    assert!(received.contains("REQUEST_TIMEOUT"), "{received}");
    assert!(took < Duration::from_secs(4), "{took:?}");
}

#[tokio::test]
async fn one_address_cannot_take_every_connection_and_others_are_still_served() {
    let server = short_timeouts().await;
    let mut held = Vec::new();
    for _ in 0..60 {
        if let Ok(stream) = TcpStream::connect(("127.0.0.1", server.port)).await {
            held.push(stream);
        }
    }
    // The connections past the cap are closed by the server at once.
    let mut closed = 0;
    for stream in &mut held {
        let mut byte = [0u8; 1];
        if let Ok(Ok(0)) =
            tokio::time::timeout(Duration::from_millis(200), stream.read(&mut byte)).await
        {
            closed += 1;
        }
    }
    assert!(closed >= 40, "{closed} of 60 closed past a cap of 20");
    // Once the idle ones time out, the address is served again.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let answer = reqwest::get(format!("{}/healthz", server.base)).await;
    assert!(answer.is_ok_and(|r| r.status() == 200));
}
