//! Accepting connections so that no client can hold the server's sockets: HTTP/1 served by
//! hyper with a deadline for each request's headers (which is also how long an idle
//! keep-alive connection stays open), a deadline for the client to read what it is sent
//! ([`super::write_deadline`]), a cap on connections open at once and on those from one
//! address (IPv6 by /64; past it a new connection is closed at once), and the open-file limit
//! raised to what the system allows. Bodies have their own deadline ([`super::request`]);
//! WebSockets their own limits ([`super::ws`]).

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tower::Service;

use super::config::ConnectionLimits;
use super::write_deadline::WriteDeadline;

/// Raises the soft limit on open files to the hard limit, so the connection caps, not the
/// system, decide when to refuse; logs what it got.
pub(super) fn raise_open_file_limit() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::debug!(limit, "open-file limit"),
        Err(e) => tracing::warn!("cannot raise the open-file limit: {e}"),
    }
}

/// Connections open per client address.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

/// One connection's place in [`PerAddress`], given back when dropped.
struct Place {
    table: Arc<PerAddress>,
    ip: IpAddr,
}

impl PerAddress {
    /// A place for a connection from `ip`, unless it has `cap` open already.
    fn take(table: &Arc<PerAddress>, ip: IpAddr, cap: usize) -> Option<Place> {
        let mut open = table.lock();
        let count = open.entry(ip).or_insert(0);
        if *count >= cap {
            return None;
        }
        *count += 1;
        Some(Place {
            table: table.clone(),
            ip,
        })
    }
}

impl PerAddress {
    /// The table, whatever an earlier holder of its lock did (the counts stay right).
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, usize>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut open = self.table.lock();
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// A connection's places in the caps, held by its task and, after an upgrade, by the
/// WebSocket it became: the places are given back when both are done.
#[derive(Clone)]
pub(super) struct Held(
    #[expect(dead_code, reason = "held for its drop")] Arc<(OwnedSemaphorePermit, Place)>,
);

/// Serves `app` on `listener` until `shutdown` resolves, then lets open requests finish.
pub(super) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_millis(limits.header_timeout_ms));
    let mut make = app.into_make_service_with_connect_info::<SocketAddr>();
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let write_timeout = Duration::from_millis(limits.write_timeout_ms);
    let per_address = Arc::new(PerAddress::default());
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    // Every connection task holds a receiver: when all are gone, every connection is done.
    let (done_tx, done_rx) = watch::channel(());
    let mut stopping = stop_rx.clone();
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            _ = stopping.changed() => break,
        };
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors or a connection reset while queued: wait a
                    // moment rather than spin.
                    tracing::debug!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopping.changed() => break,
        };
        let address = super::client::key(peer.ip());
        let Some(place) = PerAddress::take(&per_address, address, limits.max_connections_per_ip)
        else {
            metrics::counter!("cyberkg_connections_refused_total").increment(1);
            drop(tcp);
            continue;
        };
        // Making a router's service cannot fail (its error type is `Infallible`).
        let Ok(service) = make.call(peer).await;
        let held = Held(Arc::new((permit, place)));
        let request_held = held.clone();
        let service = tower::ServiceBuilder::new()
            .map_request(
                move |mut request: axum::http::Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(request_held.clone());
                    request
                },
            )
            .service(service);
        let connection = http
            .serve_connection(
                TokioIo::new(WriteDeadline::new(tcp, write_timeout)),
                TowerToHyperService::new(service),
            )
            .with_upgrades();
        let (mut stop, done) = (stop_rx.clone(), done_rx.clone());
        tokio::spawn(async move {
            futures_util::pin_mut!(connection);
            let ended = tokio::select! {
                ended = connection.as_mut() => ended,
                _ = stop.changed() => {
                    connection.as_mut().graceful_shutdown();
                    connection.as_mut().await
                }
            };
            if let Err(e) = ended {
                tracing::debug!("connection from {peer} ended: {e}");
            }
            drop((held, done));
        });
    }
    drop(done_rx);
    done_tx.closed().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_at_most_its_cap_of_places_and_gets_them_back() {
        let table = Arc::new(PerAddress::default());
        let ip = IpAddr::from([192, 0, 2, 1]);
        let places: Vec<Place> = (0..5)
            .filter_map(|_| PerAddress::take(&table, ip, 3))
            .collect();
        assert_eq!(places.len(), 3);
        assert!(PerAddress::take(&table, IpAddr::from([192, 0, 2, 2]), 3).is_some());
        drop(places);
        assert!(PerAddress::take(&table, ip, 3).is_some());
        assert!(
            table.0.lock().is_ok_and(|t| t.get(&ip).is_none()),
            "freed places are forgotten"
        );
    }
}
