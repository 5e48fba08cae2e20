//! Admin API of the Prostodar simulator, mounted at `/__admin/prostodar`:
//!
//! - `GET /public-key` → the public key partners encrypt with (PEM, text)
//! - `POST /issues` (an [`Issue`]) → 201 with the stored issue; `GET /issues`
//! - `POST /partner` (a [`PartnerFlags`]) → 200 with the flags; `GET /partner`
//! - `GET /ledger` → every applied [`Rollback`](super::Rollback)
//! - `GET /requests` → every received request ([`Received`](super::Received))

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::ProstodarSim;
use super::model::{Issue, PartnerFlags};
use crate::admin::{AdminError, json, parse_json};

/// The admin router, relative to `/__admin/prostodar`.
pub(super) fn router(sim: ProstodarSim) -> Router {
    Router::new()
        .route("/public-key", get(public_key))
        .route("/issues", get(issues).post(add_issue))
        .route("/partner", get(partner).post(set_partner))
        .route("/ledger", get(ledger))
        .route("/requests", get(requests))
        .with_state(sim)
}

async fn public_key(State(sim): State<ProstodarSim>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/x-pem-file")],
        sim.public_key_pem(),
    )
        .into_response()
}

async fn add_issue(State(sim): State<ProstodarSim>, body: Bytes) -> Result<Response, AdminError> {
    let issue: Issue = parse_json(&body)?;
    if issue.wallet_id.is_empty() || issue.request_id.is_empty() {
        return Err(AdminError::bad_request(
            "wallet_id and request_id must not be empty",
        ));
    }
    sim.add_issue(issue.clone());
    Ok((StatusCode::CREATED, json(&issue)).into_response())
}

async fn issues(State(sim): State<ProstodarSim>) -> Response {
    json(&sim.issues())
}

async fn set_partner(State(sim): State<ProstodarSim>, body: Bytes) -> Result<Response, AdminError> {
    let flags: PartnerFlags = parse_json(&body)?;
    sim.set_partner(flags.clone());
    Ok(json(&flags))
}

async fn partner(State(sim): State<ProstodarSim>) -> Response {
    json(&sim.partner())
}

async fn ledger(State(sim): State<ProstodarSim>) -> Response {
    json(&sim.ledger())
}

async fn requests(State(sim): State<ProstodarSim>) -> Response {
    json(&sim.received())
}
