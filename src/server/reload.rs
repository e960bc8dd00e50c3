//! Picking up changes made to the data directory by hand: on SIGHUP always, and on file
//! changes when watching is on (debounced). A reload that fails keeps the old snapshot
//! serving and logs every problem.

use std::sync::Arc;
use std::time::Duration;

use crate::store::Store;

async fn reload(store: &Store, cause: &str) {
    match store.reload(cause).await {
        Ok(change) => tracing::info!(
            version = change.version,
            entities = change.entities,
            relations = change.relations,
            "reloaded ({cause})"
        ),
        Err(errors) => {
            for e in errors {
                tracing::error!("reload refused, still serving the previous snapshot: {e}");
            }
        }
    }
}

/// SIGHUPs received from the moment [`Hangups::listen`] was called, answered once the first
/// snapshot is loaded. Listening must start before loading does: until a handler is
/// installed, SIGHUP's default action ends the process, and loading a large directory takes
/// seconds.
pub(super) struct Hangups {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl Hangups {
    /// Installs the SIGHUP handler. Signals that arrive before [`spawn_watchers`] runs are
    /// kept (as one) and answered then with a reload.
    pub(super) fn listen() -> Hangups {
        #[cfg(unix)]
        {
            let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
                .inspect_err(|e| {
                    tracing::warn!("cannot listen for SIGHUP ({e}); reload on signal is off")
                })
                .ok();
            Hangups { signal }
        }
        #[cfg(not(unix))]
        Hangups {}
    }
}

/// Reloads on each SIGHUP and, if `watch`, on file changes.
pub(super) fn spawn_watchers(store: Arc<Store>, hangups: Hangups, watch: bool) {
    #[cfg(unix)]
    if let Some(mut hup) = hangups.signal {
        let store = store.clone();
        tokio::spawn(async move {
            while hup.recv().await.is_some() {
                reload(&store, "reload").await;
            }
        });
    }
    #[cfg(not(unix))]
    let _ = hangups;
    if watch {
        spawn_file_watcher(store);
    }
}

fn spawn_file_watcher(store: Arc<Store>) {
    use notify::{RecursiveMode, Watcher};
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let relevant = event.is_ok_and(|e| {
            !e.kind.is_access()
                && e.paths.iter().any(|p| {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    !name.starts_with('.')
                })
        });
        if relevant {
            let _ = tx.send(());
        }
    });
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            tracing::warn!("cannot watch the data directory ({e}); send SIGHUP to reload");
            return;
        }
    };
    if let Err(e) = watcher.watch(store.dir(), RecursiveMode::Recursive) {
        tracing::warn!(
            "cannot watch {} ({e}); send SIGHUP to reload",
            store.dir().display()
        );
        return;
    }
    tokio::spawn(async move {
        // The watcher lives as long as this task.
        let _watcher = watcher;
        while rx.recv().await.is_some() {
            // Debounce: editors write several events per save.
            tokio::time::sleep(Duration::from_millis(300)).await;
            while rx.try_recv().is_ok() {}
            reload(&store, "reload").await;
        }
    });
}
