//! The provider API: `POST /partner/vc/mobile/rollback/` with every
//! parameter in the query string.
//!
//! Checks run in this order: required parameters, then the business checks
//! of [`ProstodarSim`](super::ProstodarSim)'s rollback. Every request is
//! logged with its raw query and its answer.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::Router;
use axum::extract::{ConnectInfo, State};
use axum::http::{Extensions, Uri};
use axum::response::Response;
use axum::routing::post;

use super::{ProstodarSim, ROLLBACK_PATH, answers, query};

/// The source address assumed when the server does not pass the peer
/// address in a [`ConnectInfo`] extension.
const UNKNOWN_PEER: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// The API router, relative to the provider's `/prostodar` prefix.
pub(super) fn router(sim: ProstodarSim) -> Router {
    Router::new()
        .route(ROLLBACK_PATH, post(rollback))
        .with_state(sim)
}

async fn rollback(State(sim): State<ProstodarSim>, uri: Uri, extensions: Extensions) -> Response {
    let raw = uri.query().unwrap_or_default();
    let source = source_ip(&extensions);
    let status = match query::parse(raw).and_then(|q| sim.rollback(&q, source)) {
        Ok(_) => answers::Status::Ok,
        Err(status) => {
            tracing::info!(status = status.code(), %source, "prostodar rollback refused");
            status
        }
    };
    sim.record(raw, source, &status);
    answers::answer(&status, sim.errors_with_200())
}

/// The request's source address: the peer address when the server provides
/// it, else [`UNKNOWN_PEER`] (the simulator serves loopback clients).
fn source_ip(extensions: &Extensions) -> IpAddr {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(UNKNOWN_PEER, |ConnectInfo(peer)| peer.ip())
}
