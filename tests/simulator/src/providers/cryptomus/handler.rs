//! The provider API: `POST /v1/wallet/blocked-address-refund`.
//!
//! Checks run in the documented order: signature, body JSON, validation,
//! then the business checks of [`CryptomusSim::refund`](super::CryptomusSim).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;

use super::validation::{FieldErrors, Invalid};
use super::{CryptomusSim, REFUND_PATH, answers, signature, validation};

/// The API router, relative to the provider's `/cryptomus` prefix.
pub(super) fn router(sim: CryptomusSim) -> Router {
    Router::new()
        .route(REFUND_PATH, post(blocked_address_refund))
        .with_state(sim)
}

async fn blocked_address_refund(
    State(sim): State<CryptomusSim>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !signature::verify(&headers, &body, sim.config()) {
        tracing::info!("cryptomus refund: invalid sign");
        return answers::invalid_sign();
    }
    let request = match validation::parse(&body) {
        Ok(request) => request,
        Err(Invalid::NotJson) => {
            tracing::info!("cryptomus refund: body is not a JSON object");
            return answers::invalid(&FieldErrors::not_json());
        }
        Err(Invalid::Fields(errors)) => {
            tracing::info!(?errors, "cryptomus refund: validation failed");
            return answers::invalid(&errors);
        }
    };
    match sim.refund(&request.target, &request.address) {
        Ok(refund) => answers::success(&refund),
        Err(refusal) => {
            tracing::info!(target_wallet = ?request.target, message = refusal.message(), "cryptomus refund refused");
            answers::refused(refusal)
        }
    }
}
