//! The accept loop of `dossier serve`, with the limits that keep one client from starving the
//! others or the rebuilds:
//!
//! - a request's header must arrive within [`HEADER_READ_TIMEOUT`] (also between the requests
//!   of a kept-alive connection), so idle and slowly trickling connections are closed;
//! - at most [`connection_cap`] connections (WebSockets included) are open at once; more wait
//!   in the listen queue. The cap stays below the open-files limit, which is raised towards its
//!   hard maximum first, so a flood of connections never makes a rebuild fail with "too many
//!   open files";
//! - WebSocket messages from the browser (the live-reload script sends none) are limited to
//!   [`WEBSOCKET_MESSAGE_LIMIT`] bytes.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

/// How long a client has to send a request's header, from the moment the server waits for it.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The most connections open at once, when the open-files limit allows it.
pub const MAX_CONNECTIONS: usize = 4096;
/// Open files kept free for rebuilds, the watcher and the output folder.
const RESERVED_FILES: u64 = 256;
/// The largest WebSocket message or frame accepted from a browser.
pub const WEBSOCKET_MESSAGE_LIMIT: usize = 4096;

/// One open connection's place under the cap; a WebSocket keeps it for as long as it lives.
#[derive(Clone, Debug)]
pub struct ConnectionSlot(#[allow(dead_code)] Arc<OwnedSemaphorePermit>);

/// Raises the soft open-files limit to what [`MAX_CONNECTIONS`] needs (at most the hard limit),
/// then returns how many connections may be open at once.
pub fn connection_cap() -> usize {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        let wanted = MAX_CONNECTIONS as u64 + RESERVED_FILES;
        let limit = getrlimit(Resource::Nofile);
        if let Some(current) = limit.current
            && current < wanted
        {
            let raised = limit.maximum.map_or(wanted, |maximum| maximum.min(wanted));
            let _ = setrlimit(
                Resource::Nofile,
                Rlimit {
                    current: Some(raised),
                    maximum: limit.maximum,
                },
            );
        }
        match getrlimit(Resource::Nofile).current {
            Some(current) => usize::try_from(current.saturating_sub(RESERVED_FILES))
                .unwrap_or(MAX_CONNECTIONS)
                .clamp(16, MAX_CONNECTIONS),
            None => MAX_CONNECTIONS,
        }
    }
    #[cfg(not(unix))]
    MAX_CONNECTIONS
}

/// Serves `app` on `listener` until `stop` becomes `true`; then open connections finish their
/// current request and close, and this returns when all of them have.
pub async fn serve(listener: TcpListener, app: Router, stop: watch::Receiver<bool>, max_connections: usize) {
    let slots = Arc::new(Semaphore::new(max_connections));
    accept(&listener, app, stop, &slots).await;
    drop(listener);
    // Every connection gives its slot back when it has closed.
    let _ = slots
        .acquire_many(u32::try_from(max_connections).unwrap_or(u32::MAX))
        .await;
}

async fn accept(listener: &TcpListener, app: Router, stop: watch::Receiver<bool>, slots: &Arc<Semaphore>) {
    let mut stopping = stop.clone();
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => return,
            },
            () = stopped(&mut stopping) => return,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors or a connection reset before it was accepted: wait
                // a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = stopped(&mut stopping) => return,
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(
            stream,
            app.clone(),
            ConnectionSlot(Arc::new(permit)),
            stop.clone(),
        ));
    }
}

/// One connection: HTTP/1.1 with the header timeout, upgraded to a WebSocket on request.
async fn connection(stream: tokio::net::TcpStream, app: Router, slot: ConnectionSlot, mut stop: watch::Receiver<bool>) {
    let router = TowerToHyperService::new(app);
    let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
        // The WebSocket handler takes the slot along, so open WebSockets count too.
        request.extensions_mut().insert(slot.clone());
        hyper::service::Service::call(&router, request)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let connection = builder.serve_connection(TokioIo::new(stream), service).with_upgrades();
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => {}
        () = stopped(&mut stop) => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
}

/// Returns when `stop` becomes `true` (or its sender is gone).
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stop| *stop).await;
}
