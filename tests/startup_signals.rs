//! Signals a server receives while it is still loading its data directory: a SIGHUP (a
//! reload asked for too early, or a terminal closing) must not stop it.

mod common;

use std::process::Command;
use std::time::Duration;

use common::child::ChildServer;
use common::shared;

/// `/healthz`'s status, or `None` while nothing listens.
async fn health(client: &reqwest::Client, server: &ChildServer) -> Option<u16> {
    let response = client
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .ok()?;
    Some(response.status().as_u16())
}

#[cfg(unix)]
#[tokio::test]
async fn a_sighup_while_loading_is_not_fatal_and_the_server_becomes_healthy() {
    // The real corpus, read in place: large enough that loading takes a while.
    let mut server = ChildServer::spawn_env(&shared("corpus/profiles"), &[], &[]);
    let client = reqwest::Client::new();
    // The listener is bound before loading starts; from then on `/healthz` says 503.
    let mut status = None;
    for _ in 0..1000 {
        status = health(&client, &server).await;
        if status.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(status, Some(503), "the server was not caught loading");
    for _ in 0..3 {
        let sent = Command::new("kill")
            .args(["-HUP", &server.pid().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(sent, "kill -HUP failed");
    }
    let mut healthy = false;
    for _ in 0..600 {
        if !server.alive() {
            break;
        }
        if health(&client, &server).await == Some(200) {
            healthy = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(server.alive(), "SIGHUP during loading ended the process");
    assert!(healthy, "the server never became healthy");
}
