//! HTTP/1.1 as bytes over TCP, for what a well-behaved client cannot send: requests dripped a
//! byte at a time, bodies that never end, idle connections. Every read and write has a
//! deadline.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// Longest a connect or a single read of a response may take.
const IO_TIMEOUT: Duration = Duration::from_secs(5);

/// A TCP connection to `addr`, within five seconds.
pub async fn connect(addr: SocketAddr) -> Result<TcpStream, String> {
    match tokio::time::timeout(IO_TIMEOUT, TcpStream::connect(addr)).await {
        Ok(Ok(stream)) => Ok(stream),
        Ok(Err(e)) => Err(format!("connect: {e}")),
        Err(_) => Err("connect: no answer in 5 s".into()),
    }
}

/// The head of a response and as much of its body as `Content-Length` announced.
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

/// Reads one response: its head and a body of `Content-Length` bytes (none without one).
pub async fn read_response<R: AsyncRead + Unpin>(stream: &mut R) -> Result<Response, String> {
    let deadline = Instant::now() + IO_TIMEOUT;
    let mut buffer = Vec::new();
    let head_end = loop {
        if let Some(end) = find(&buffer, b"\r\n\r\n") {
            break end + 4;
        }
        read_some(stream, &mut buffer, deadline).await?;
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let status = status_of(&buffer).ok_or_else(|| format!("not HTTP: {head:?}"))?;
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        read_some(stream, &mut buffer, deadline).await?;
    }
    Ok(Response {
        status,
        body: buffer[head_end..head_end + length].to_vec(),
    })
}

/// Appends what the next read gives; an error at end of stream or past the deadline.
async fn read_some<R: AsyncRead + Unpin>(
    stream: &mut R,
    buffer: &mut Vec<u8>,
    deadline: Instant,
) -> Result<(), String> {
    let mut chunk = [0u8; 8192];
    let left = deadline.saturating_duration_since(Instant::now());
    match tokio::time::timeout(left, stream.read(&mut chunk)).await {
        Ok(Ok(0)) => Err("closed before a whole response".into()),
        Ok(Ok(n)) => {
            buffer.extend_from_slice(&chunk[..n]);
            Ok(())
        }
        Ok(Err(e)) => Err(format!("read: {e}")),
        Err(_) => Err("no response in 5 s".into()),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The status of `HTTP/1.x NNN …` at the start of `bytes`.
fn status_of(bytes: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(bytes.get(..12)?).ok()?;
    text.strip_prefix("HTTP/1.")?.get(2..5)?.parse().ok()
}

/// How a connection that the server should close went.
pub struct Closing {
    /// From the start of the wait to the close, or to giving up.
    pub after: Duration,
    /// Whether the server closed (or reset) it.
    pub closed: bool,
    /// The status of a response sent before closing (`408`), if any.
    pub status: Option<u16>,
    /// When that response began to arrive.
    pub answered_after: Option<Duration>,
}

impl Closing {
    /// `408, closed after 2.0 s`, `closed after 2.0 s` or `open after 5.0 s`.
    pub fn summary(&self) -> String {
        let seconds = self.after.as_secs_f64();
        let state = if self.closed { "closed" } else { "open" };
        match self.status {
            Some(status) => format!("{status}, {state} after {seconds:.1} s"),
            None => format!("{state} after {seconds:.1} s"),
        }
    }
}

/// Sends `drip` one byte every `interval` (nothing when it is empty) and watches for the
/// server to answer or close, for at most `give_up`.
pub async fn drip(
    stream: &mut TcpStream,
    drip: &[u8],
    interval: Duration,
    give_up: Duration,
) -> Closing {
    let started = Instant::now();
    let mut sent = 0;
    let mut next_byte = started;
    let mut answer = Vec::new();
    let mut answered_after = None;
    let ending = |answer: &[u8], answered_after, closed| Closing {
        after: started.elapsed(),
        closed,
        status: status_of(answer),
        answered_after,
    };
    loop {
        if started.elapsed() >= give_up {
            return ending(&answer, answered_after, false);
        }
        if sent < drip.len() && Instant::now() >= next_byte {
            if stream.write_all(&drip[sent..=sent]).await.is_err() {
                return ending(&answer, answered_after, true);
            }
            sent += 1;
            next_byte += interval;
        }
        let until = if sent < drip.len() {
            next_byte.min(started + give_up)
        } else {
            started + give_up
        };
        let mut chunk = [0u8; 4096];
        let wait = until.saturating_duration_since(Instant::now());
        match tokio::time::timeout(wait, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return ending(&answer, answered_after, true),
            Ok(Ok(n)) => {
                answered_after = answered_after.or(Some(started.elapsed()));
                if answer.len() < 4096 {
                    answer.extend_from_slice(&chunk[..n]);
                }
            }
            Err(_) => {}
        }
    }
}

/// Sends a request head announcing a chunked body, then `total` bytes of body in chunks,
/// reading the response at the same time (a server that refuses early need not read the
/// rest); returns the response, timed from the first byte sent.
pub async fn chunked_upload(
    addr: SocketAddr,
    head: &str,
    total: usize,
) -> Result<(Response, Duration), String> {
    let mut stream = connect(addr).await?;
    let started = Instant::now();
    let (mut reader, mut writer) = stream.split();
    let upload = upload(&mut writer, head, total);
    let response = read_response(&mut reader);
    tokio::pin!(upload, response);
    let response = tokio::select! {
        response = &mut response => response?,
        // Sent in full (or the server stopped it): the response is still to come.
        _ = &mut upload => response.await?,
    };
    Ok((response, started.elapsed()))
}

async fn upload<W: AsyncWrite + Unpin>(
    writer: &mut W,
    head: &str,
    total: usize,
) -> std::io::Result<()> {
    let chunk = vec![b' '; 64 * 1024];
    writer.write_all(head.as_bytes()).await?;
    let mut sent = 0;
    while sent < total {
        writer
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .await?;
        writer.write_all(&chunk).await?;
        writer.write_all(b"\r\n").await?;
        sent += chunk.len();
    }
    writer.write_all(b"0\r\n\r\n").await
}
