//! Admin API of the Cryptomus simulator, mounted at `/__admin/cryptomus`:
//!
//! - `POST /wallets` (a [`Wallet`]) → 201 with the stored wallet
//! - `GET /wallets/{uuid_or_order_id}` → the wallet, or 404
//! - `POST /merchant` (a [`MerchantFlags`]) → 200 with the flags; `GET /merchant`
//! - `GET /ledger` → every applied [`Refund`](super::Refund)

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::CryptomusSim;
use super::model::{MerchantFlags, Wallet};
use crate::admin::{AdminError, json, parse_json};

/// The admin router, relative to `/__admin/cryptomus`.
pub(super) fn router(sim: CryptomusSim) -> Router {
    Router::new()
        .route("/wallets", post(add_wallet))
        .route("/wallets/{id}", get(get_wallet))
        .route("/merchant", post(set_merchant).get(get_merchant))
        .route("/ledger", get(ledger))
        .with_state(sim)
}

async fn add_wallet(State(sim): State<CryptomusSim>, body: Bytes) -> Result<Response, AdminError> {
    let wallet: Wallet = parse_json(&body)?;
    let uuid = wallet.uuid.clone();
    sim.try_add_wallet(wallet)
        .map_err(|e| AdminError::bad_request(e.to_string()))?;
    let stored = sim
        .wallet(&uuid)
        .ok_or_else(|| AdminError::new(StatusCode::INTERNAL_SERVER_ERROR, "wallet vanished"))?;
    Ok((StatusCode::CREATED, json(&stored)).into_response())
}

async fn get_wallet(
    State(sim): State<CryptomusSim>,
    Path(id): Path<String>,
) -> Result<Response, AdminError> {
    let wallet = sim
        .wallet(&id)
        .ok_or_else(|| AdminError::new(StatusCode::NOT_FOUND, "no such wallet"))?;
    Ok(json(&wallet))
}

async fn set_merchant(
    State(sim): State<CryptomusSim>,
    body: Bytes,
) -> Result<Response, AdminError> {
    let flags: MerchantFlags = parse_json(&body)?;
    sim.set_merchant(flags);
    Ok(json(&flags))
}

async fn get_merchant(State(sim): State<CryptomusSim>) -> Response {
    json(&sim.merchant())
}

async fn ledger(State(sim): State<CryptomusSim>) -> Response {
    json(&sim.ledger())
}
