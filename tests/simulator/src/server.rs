//! The HTTP server: accept loop, one hyper HTTP/1 connection task per socket,
//! and the fault hook in front of every provider API.
//!
//! Connections are served by hand (not `axum::serve`) so that a fault can
//! drop a connection without any HTTP response: each connection gets a
//! [`ConnectionKill`] in its requests' extensions; firing it makes the
//! connection task drop the hyper connection, which closes the socket before
//! a status line is written.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tower::ServiceExt as _;

use crate::admin;
use crate::faults::{FaultKind, Faults};
use crate::providers::Providers;

/// Largest request body read before dropping a connection.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// The whole application: every provider under `/<name>` behind its fault
/// hook, and the admin API under `/__admin`.
pub(crate) fn app(providers: &Providers, faults: &Faults) -> Router {
    let mut app = Router::new();
    let mut admins = Vec::new();
    for mount in providers.mounts() {
        let hook = FaultHook {
            provider: mount.name,
            faults: faults.clone(),
            internal_error: mount.internal_error,
            malformed: mount.malformed,
        };
        let api = mount
            .api
            .layer(middleware::from_fn_with_state(hook, fault_hook));
        app = app.nest(&format!("/{}", mount.name), api);
        admins.push((mount.name, mount.admin));
    }
    app.merge(admin::router(faults.clone(), admins))
}

/// Accepts connections until `stop` changes (or its sender is dropped), then
/// aborts every open connection and waits for them.
pub(crate) async fn serve(listener: TcpListener, app: Router, mut stop: watch::Receiver<bool>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    connections.spawn(connection(stream, peer, app.clone()));
                }
                Err(e) => {
                    // E.g. out of file descriptors: back off instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            },
        }
    }
    connections.shutdown().await;
    tracing::debug!("server stopped");
}

/// Serves one TCP connection until it ends or a fault kills it.
async fn connection(stream: TcpStream, peer: SocketAddr, app: Router) {
    let _ = stream.set_nodelay(true);
    let kill = ConnectionKill::default();
    let service = {
        let kill = kill.clone();
        service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(kill.clone());
            app.clone().oneshot(request)
        })
    };
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = conn => {
            if let Err(e) = result {
                tracing::debug!(%peer, error = %e, "connection error");
            }
        }
        () = kill.fired() => {
            // Dropping `conn` here closes the socket with no response written.
            tracing::info!(%peer, "connection dropped by fault");
        }
    }
}

/// Lets a request handler close its own connection without answering.
#[derive(Clone, Default)]
struct ConnectionKill(Arc<Notify>);

impl ConnectionKill {
    /// Asks the connection task to drop the connection, then never returns:
    /// the caller's future is dropped together with the connection.
    async fn fire(&self) -> Response {
        self.0.notify_one();
        std::future::pending().await
    }

    /// Resolves once [`ConnectionKill::fire`] was called.
    async fn fired(&self) {
        self.0.notified().await;
    }
}

/// What the fault hook needs to know about its provider.
#[derive(Clone)]
struct FaultHook {
    provider: &'static str,
    faults: Faults,
    internal_error: fn() -> Response,
    malformed: fn() -> Response,
}

/// Middleware in front of a provider API: consumes the provider's next
/// fault, if any, and carries it out.
async fn fault_hook(State(hook): State<FaultHook>, request: Request, next: Next) -> Response {
    let Some(kind) = hook.faults.take(hook.provider) else {
        return next.run(request).await;
    };
    tracing::info!(
        provider = hook.provider,
        ?kind,
        path = request.uri().path(),
        "injecting fault"
    );
    match kind {
        FaultKind::Delay { ms } => {
            // Detached, like a slow server that keeps working when the
            // client gives up: the operation is applied after the delay even
            // if the connection is gone by then.
            let delayed = tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                next.run(request).await
            });
            match delayed.await {
                Ok(response) => response,
                Err(e) => {
                    tracing::error!(error = %e, "delayed request failed");
                    (hook.internal_error)()
                }
            }
        }
        FaultKind::Status500 => (hook.internal_error)(),
        FaultKind::Malformed => (hook.malformed)(),
        FaultKind::DropBefore => {
            let kill = request.extensions().get::<ConnectionKill>().cloned();
            // Read the request fully so the socket closes cleanly (FIN, not RST
            // because of unread data) and the client has finished sending.
            let _ = axum::body::to_bytes(request.into_body(), DRAIN_LIMIT).await;
            drop_connection(kill, &hook).await
        }
        FaultKind::DropAfter => {
            let kill = request.extensions().get::<ConnectionKill>().cloned();
            let response = next.run(request).await;
            tracing::info!(status = %response.status(), "operation done, dropping its answer");
            drop(response);
            drop_connection(kill, &hook).await
        }
    }
}

async fn drop_connection(kill: Option<ConnectionKill>, hook: &FaultHook) -> Response {
    match kill {
        Some(kill) => kill.fire().await,
        None => {
            tracing::error!(
                "request not served by the simulator's connection loop; cannot drop it"
            );
            (hook.internal_error)()
        }
    }
}
