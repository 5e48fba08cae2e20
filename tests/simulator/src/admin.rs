//! Admin HTTP API shared by all providers, under `/__admin`:
//!
//! - `GET /__admin/health` → `{"status":"ok","providers":["cryptomus"]}`
//! - `POST /__admin/faults` (a [`Fault`]) → 201; unknown provider → 400
//! - `GET /__admin/faults` → pending faults; `DELETE /__admin/faults` → 204
//! - `/__admin/<provider>/...` → that provider's own admin routes
//!
//! Errors are `{"error":"<text>"}` with a 4xx status.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::faults::{Fault, Faults};
use crate::providers::NAMES;

/// The `/__admin` router: shared routes plus each provider's admin router.
pub(crate) fn router(faults: Faults, providers: Vec<(&'static str, Router)>) -> Router {
    let mut router = Router::new()
        .route("/__admin/health", get(health))
        .route(
            "/__admin/faults",
            get(pending_faults).post(push_fault).delete(clear_faults),
        )
        .with_state(faults);
    for (name, admin) in providers {
        router = router.nest(&format!("/__admin/{name}"), admin);
    }
    router
}

async fn health() -> Response {
    json(&serde_json::json!({"status": "ok", "providers": NAMES}))
}

async fn push_fault(State(faults): State<Faults>, body: Bytes) -> Result<Response, AdminError> {
    let fault: Fault = parse_json(&body)?;
    if !NAMES.contains(&fault.provider.as_str()) {
        return Err(AdminError::bad_request(format!(
            "unknown provider {:?}",
            fault.provider
        )));
    }
    faults.push(fault.clone());
    Ok((StatusCode::CREATED, json(&fault)).into_response())
}

async fn pending_faults(State(faults): State<Faults>) -> Response {
    json(&faults.pending())
}

async fn clear_faults(State(faults): State<Faults>) -> StatusCode {
    faults.clear();
    StatusCode::NO_CONTENT
}

/// HTTP 200 with `value` as JSON.
pub(crate) fn json(value: &impl Serialize) -> Response {
    match serde_json::to_string(value) {
        Ok(text) => ([(header::CONTENT_TYPE, "application/json")], text).into_response(),
        Err(e) => AdminError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// An admin request that failed: `status` with `{"error": message}`.
#[derive(Debug)]
pub(crate) struct AdminError {
    status: StatusCode,
    message: String,
}

impl AdminError {
    /// An error with this status and text.
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> AdminError {
        AdminError {
            status,
            message: message.into(),
        }
    }

    /// HTTP 400.
    pub(crate) fn bad_request(message: impl Into<String>) -> AdminError {
        AdminError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl IntoResponse for AdminError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.message }).to_string();
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}

/// Parses a JSON request body, or fails with 400 and the reason.
pub(crate) fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, AdminError> {
    serde_json::from_slice(body)
        .map_err(|e| AdminError::bad_request(format!("invalid JSON body: {e}")))
}
