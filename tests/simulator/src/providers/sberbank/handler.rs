//! The provider API: `POST /payment/rest/reverse.do` and
//! `POST /payment/rest/getOrderStatusExtended.do`, form bodies.
//!
//! Every call checks `userName` / `password` first (error 5 "Access
//! denied."), then the expired-password flag (error 5 "The user must change
//! the password."), then runs the call's own checks.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;

use super::answers::{self, Refusal};
use super::form::Form;
use super::{REVERSE_PATH, STATUS_PATH, SberbankSim};

/// The API router, relative to the provider's `/sberbank` prefix.
pub(super) fn router(sim: SberbankSim) -> Router {
    Router::new()
        .route(REVERSE_PATH, post(reverse))
        .route(STATUS_PATH, post(order_status))
        .with_state(sim)
}

/// The credential checks every call starts with.
fn authenticate(sim: &SberbankSim, form: &Form) -> Result<(), Refusal> {
    if !form.authenticates(sim.config()) {
        return Err(Refusal::AccessDenied);
    }
    if sim.must_change_password() {
        return Err(Refusal::MustChangePassword);
    }
    Ok(())
}

async fn reverse(State(sim): State<SberbankSim>, body: Bytes) -> Response {
    let form = Form::parse(&body);
    let result = authenticate(&sim, &form)
        .and_then(|()| sim.reverse(form.get("orderId"), form.get("amount")));
    match result {
        Ok(_) => answers::reversed(),
        Err(refusal) => {
            tracing::info!(order_id = ?form.get("orderId"), message = refusal.message(), "sberbank reverse.do refused");
            answers::refused(refusal)
        }
    }
}

async fn order_status(State(sim): State<SberbankSim>, body: Bytes) -> Response {
    let form = Form::parse(&body);
    match authenticate(&sim, &form).and_then(|()| sim.status(form.get("orderId"))) {
        Ok(order) => answers::order_status(&order),
        Err(refusal) => {
            tracing::info!(order_id = ?form.get("orderId"), message = refusal.message(), "sberbank getOrderStatusExtended.do refused");
            answers::refused(refusal)
        }
    }
}
