//! Admin API of the UAPAY simulator, mounted at `/__admin/uapay`:
//!
//! - `POST /payments` (a [`Payment`]) → 201 with the stored payment
//! - `GET /payments/{id}` → the payment (auto-cancel applied), or 404
//! - `GET /ledger` → every completed [`Return`](super::Return)
//! - `POST /clock` (a [`ClockChange`]) → `{"now": <simulator Unix seconds>}`

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::UapaySim;
use super::model::{ClockChange, Payment};
use crate::admin::{AdminError, json, parse_json};

/// The admin router, relative to `/__admin/uapay`.
pub(super) fn router(sim: UapaySim) -> Router {
    Router::new()
        .route("/payments", post(add_payment))
        .route("/payments/{id}", get(get_payment))
        .route("/ledger", get(ledger))
        .route("/clock", post(clock))
        .with_state(sim)
}

async fn add_payment(State(sim): State<UapaySim>, body: Bytes) -> Result<Response, AdminError> {
    let payment: Payment = parse_json(&body)?;
    if payment.id.is_empty() {
        return Err(AdminError::bad_request("payment id must not be empty"));
    }
    let id = payment.id.clone();
    sim.add_payment(payment);
    let stored = sim
        .payment(&id)
        .ok_or_else(|| AdminError::new(StatusCode::INTERNAL_SERVER_ERROR, "payment vanished"))?;
    Ok((StatusCode::CREATED, json(&stored)).into_response())
}

async fn get_payment(
    State(sim): State<UapaySim>,
    Path(id): Path<String>,
) -> Result<Response, AdminError> {
    let payment = sim
        .payment(&id)
        .ok_or_else(|| AdminError::new(StatusCode::NOT_FOUND, "no such payment"))?;
    Ok(json(&payment))
}

async fn ledger(State(sim): State<UapaySim>) -> Response {
    json(&sim.ledger())
}

async fn clock(State(sim): State<UapaySim>, body: Bytes) -> Result<Response, AdminError> {
    let change: ClockChange = parse_json(&body)?;
    if let Some(skew) = change.skew_secs {
        sim.set_clock_skew(skew);
    }
    sim.advance_clock(Duration::from_secs(change.advance_secs));
    Ok(json(&serde_json::json!({ "now": sim.now() })))
}
