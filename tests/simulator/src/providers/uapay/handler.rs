//! The provider API, relative to `/uapay`:
//!
//! - `POST /api/sessions/create` `{"params":{"clientId"}}` → `{"status":1,"id"}`
//! - `POST /api/p2p/payments/c2a/reverse/initiate` `{"params":{"sessionId",
//!   one of "paymentId"|"operationId"|"externalId", "reverseExternalId"}}`
//! - `POST /api/p2p/payments/c2a/reverse/complete` and `.../cancel`
//!   `{"params":{"sessionId", one of "paymentId"|"reverseOperationId"|"reverseExternalId"}}`
//! - `POST /api/p2p/payments/show` `{"params":{"sessionId","id"}}`
//!
//! Every body is first opened by [`envelope::open`] (format, token, `iat`).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;

use super::answers::{self, Refusal};
use super::envelope::{self, Params};
use super::state::{Finish, PaymentRef, ReverseRef};
use super::{UapaySim, views};

/// Longest `reverseExternalId` UAPAY accepts.
const MAX_EXTERNAL_ID: usize = 255;

/// The API router, relative to the provider's `/uapay` prefix.
pub(super) fn router(sim: UapaySim) -> Router {
    Router::new()
        .route("/api/sessions/create", post(create_session))
        .route("/api/p2p/payments/c2a/reverse/initiate", post(initiate))
        .route("/api/p2p/payments/c2a/reverse/complete", post(complete))
        .route("/api/p2p/payments/c2a/reverse/cancel", post(cancel))
        .route("/api/p2p/payments/show", post(show))
        .with_state(sim)
}

/// Runs `f` on the opened body and renders its refusal, if any.
fn serve(
    sim: &UapaySim,
    body: &[u8],
    what: &str,
    f: impl FnOnce(Params) -> Result<Response, Refusal>,
) -> Response {
    match envelope::open(body, sim).and_then(f) {
        Ok(response) => response,
        Err(refusal) => {
            tracing::info!(endpoint = what, code = refusal.code(), "uapay refused");
            answers::refused(&refusal)
        }
    }
}

/// Checks `params.sessionId`.
fn session(sim: &UapaySim, params: &Params) -> Result<(), Refusal> {
    sim.check_session(&params.required("sessionId")?)
}

async fn create_session(State(sim): State<UapaySim>, body: Bytes) -> Response {
    serve(&sim, &body, "sessions/create", |params| {
        let id = sim.create_session(&params.required("clientId")?)?;
        Ok(answers::session(&id))
    })
}

async fn initiate(State(sim): State<UapaySim>, body: Bytes) -> Response {
    serve(&sim, &body, "reverse/initiate", |params| {
        session(&sim, &params)?;
        let target = match (
            params.optional("paymentId")?,
            params.optional("operationId")?,
            params.optional("externalId")?,
        ) {
            (Some(id), None, None) => PaymentRef::Payment(id),
            (None, Some(id), None) => PaymentRef::SendOperation(id),
            (None, None, Some(id)) => PaymentRef::SendExternal(id),
            (None, None, None) => return Err(Refusal::param("paymentId", "REQUIRED")),
            _ => return Err(Refusal::param("paymentId", "ONE_OF")),
        };
        let reverse_external_id = params.required("reverseExternalId")?;
        if reverse_external_id.chars().count() > MAX_EXTERNAL_ID {
            return Err(Refusal::param("reverseExternalId", "MAX_LENGTH"));
        }
        Ok(answers::data(&sim.initiate(&target, &reverse_external_id)?))
    })
}

fn finish(sim: &UapaySim, body: &[u8], how: Finish) -> Response {
    serve(sim, body, "reverse/finish", |params| {
        session(sim, &params)?;
        let target = match (
            params.optional("paymentId")?,
            params.optional("reverseOperationId")?,
            params.optional("reverseExternalId")?,
        ) {
            (Some(id), None, None) => ReverseRef::Payment(id),
            (None, Some(id), None) => ReverseRef::Operation(id),
            (None, None, Some(id)) => ReverseRef::External(id),
            (None, None, None) => return Err(Refusal::param("paymentId", "REQUIRED")),
            _ => return Err(Refusal::param("paymentId", "ONE_OF")),
        };
        Ok(answers::data(&sim.finish(&target, how)?))
    })
}

async fn complete(State(sim): State<UapaySim>, body: Bytes) -> Response {
    finish(&sim, &body, Finish::Complete)
}

async fn cancel(State(sim): State<UapaySim>, body: Bytes) -> Response {
    finish(&sim, &body, Finish::Cancel)
}

async fn show(State(sim): State<UapaySim>, body: Bytes) -> Response {
    serve(&sim, &body, "payments/show", |params| {
        session(&sim, &params)?;
        let payment = sim.show(&params.required("id")?)?;
        Ok(answers::data(&views::PaymentView::from(&payment)))
    })
}
