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
async fn a_body_sent_a_byte_at_a_time_is_refused_at_the_whole_bodys_deadline() {
    let server = short_timeouts().await;
    let mut stream = connect(&server).await;
    let _ = stream
        .write_all(b"POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n")
        .await;
    let started = Instant::now();
    // One byte every 200 ms: every part arrives well within a second, the whole never does.
    let mut received = String::new();
    for _ in 0..50 {
        if stream.write_all(b" ").await.is_err() {
            break;
        }
        let mut buffer = [0u8; 1024];
        if let Ok(Ok(n)) =
            tokio::time::timeout(Duration::from_millis(200), stream.read(&mut buffer)).await
        {
            received.push_str(&String::from_utf8_lossy(&buffer[..n]));
            break;
        }
    }
    assert!(received.starts_with("HTTP/1.1 408"), "{received}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_client_that_never_reads_its_answer_is_closed_at_the_write_deadline() {
    // The real corpus: an answer of megabytes, more than the sockets' buffers hold.
    let server = ChildServer::start(
        &common::shared("corpus/profiles"),
        &["--write-timeout-ms", "800", "--header-timeout-ms", "60000"],
    )
    .await;
    // A large answer (the whole graph as GEXF, megabytes), asked for and never read; the
    // socket's receive buffer is kept small so the server's writes stall.
    let Ok(socket) = tokio::net::TcpSocket::new_v4() else {
        panic!("no socket");
    };
    let _ = socket.set_recv_buffer_size(4096);
    let Ok(mut stream) = socket.connect(([127, 0, 0, 1], server.port).into()).await else {
        panic!("connect");
    };
    let request = "GET /export/graph.gexf HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n";
    let _ = stream.write_all(request.as_bytes()).await;
    // Wait past the deadline without reading, then drain: the server has closed its end, so
    // the answer stops short and the read ends.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server kept the connection open");
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.starts_with("HTTP/1.1 200"),
        "{}",
        &text[..text.len().min(200)]
    );
    assert!(
        !text.trim_end().ends_with("</gexf>"),
        "the whole answer was sent ({} bytes)",
        answer.len()
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
    // Another address is served meanwhile.
    let other = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap_or_default();
    let answer = other.get(format!("{}/healthz", server.base)).send().await;
    assert!(
        answer.is_ok_and(|r| r.status() == 200),
        "another client is served"
    );
    // Once the idle ones time out, the address is served again.
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let answer = reqwest::get(format!("{}/healthz", server.base)).await;
    assert!(answer.is_ok_and(|r| r.status() == 200));
}
