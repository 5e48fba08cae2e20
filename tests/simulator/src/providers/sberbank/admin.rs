//! Admin API of the Sberbank simulator, mounted at `/__admin/sberbank`:
//!
//! - `POST /orders` (an [`Order`]) → 201 with the stored order
//! - `GET /orders/{order_id}` → the order, or 404
//! - `POST /merchant` (a [`MerchantFlags`]) → 200 with the flags; `GET /merchant`
//! - `GET /ledger` → every applied [`Reversal`](super::Reversal)

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::SberbankSim;
use super::model::{MerchantFlags, Order};
use crate::admin::{AdminError, json, parse_json};

/// The admin router, relative to `/__admin/sberbank`.
pub(super) fn router(sim: SberbankSim) -> Router {
    Router::new()
        .route("/orders", post(add_order))
        .route("/orders/{id}", get(get_order))
        .route("/merchant", post(set_merchant).get(get_merchant))
        .route("/ledger", get(ledger))
        .with_state(sim)
}

async fn add_order(State(sim): State<SberbankSim>, body: Bytes) -> Result<Response, AdminError> {
    let order: Order = parse_json(&body)?;
    if order.order_id.is_empty() || order.order_id.chars().count() > 36 {
        return Err(AdminError::bad_request("order_id must be 1..36 characters"));
    }
    sim.add_order(order.clone());
    Ok((StatusCode::CREATED, json(&order)).into_response())
}

async fn get_order(
    State(sim): State<SberbankSim>,
    Path(id): Path<String>,
) -> Result<Response, AdminError> {
    let order = sim
        .order(&id)
        .ok_or_else(|| AdminError::new(StatusCode::NOT_FOUND, "no such order"))?;
    Ok(json(&order))
}

async fn set_merchant(State(sim): State<SberbankSim>, body: Bytes) -> Result<Response, AdminError> {
    let flags: MerchantFlags = parse_json(&body)?;
    sim.set_merchant(flags);
    Ok(json(&flags))
}

async fn get_merchant(State(sim): State<SberbankSim>) -> Response {
    json(&sim.merchant())
}

async fn ledger(State(sim): State<SberbankSim>) -> Response {
    json(&sim.ledger())
}
