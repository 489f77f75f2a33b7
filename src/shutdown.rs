//! Stopping: signals, the grace period for updates in flight, and servers that close
//! gracefully, so the store is flushed by the last one holding it.

use std::future::Future;
use std::time::Duration;
use teloxide::stop::StopToken;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

/// How long a server may take to finish its requests in progress.
const SERVER_CLOSE: Duration = Duration::from_secs(2);

/// A spawned axum server that stops on request.
pub struct Served {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl Served {
    pub fn spawn(listener: TcpListener, router: axum::Router, what: &'static str) -> Served {
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            let served = axum::serve(listener, router).with_graceful_shutdown(shutdown);
            if let Err(error) = served.await {
                tracing::error!(%error, server = what, "a server stopped");
            }
        });
        Served { stop, task }
    }

    /// Stops taking connections, lets requests in progress finish (briefly), and waits
    /// until the server let go of everything it held.
    pub async fn stop(self) {
        let Served { stop, mut task } = self;
        let _ = stop.send(());
        if tokio::time::timeout(SERVER_CLOSE, &mut task).await.is_err() {
            task.abort();
            let _ = task.await;
        }
    }
}

/// Runs `dispatch` to its end, unless `grace_over` comes first: false then.
pub async fn finish_within(
    dispatch: impl Future<Output = ()>,
    grace_over: impl Future<Output = ()>,
) -> bool {
    tokio::select! {
        () = dispatch => true,
        () = grace_over => false,
    }
}

/// On Ctrl-C or SIGTERM: stop taking updates and start the grace period.
pub async fn stop_on_signals(stop: StopToken, stopping: watch::Sender<bool>) {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for SIGTERM");
                    let _ = ctrl_c.await;
                    stop.stop();
                    stopping.send_replace(true);
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    tracing::info!("stopping: finishing the updates in flight");
    stop.stop();
    stopping.send_replace(true);
}
