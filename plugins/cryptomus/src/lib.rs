//! revhost plugin for Cryptomus: refund the blocked funds of a static wallet
//! (`POST /v1/wallet/blocked-address-refund`).
//!
//! `request` builds and signs the call, `response` maps the answer using the
//! table in `errors`. See README.md for the full outcome table.

mod errors;
pub mod request;
pub mod response;

use revhost_sdk::outcome::from_http_error;
use revhost_sdk::{
    ErrorClass, Operation, Outcome, Plugin, PluginInfo, ReversalError, ReverseRequest,
};

/// The Cryptomus adapter.
pub struct Cryptomus;

impl Plugin for Cryptomus {
    fn info() -> PluginInfo {
        PluginInfo {
            name: "cryptomus".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            provider: "Cryptomus".into(),
            operations: vec![Operation::Refund],
            status_by_reference: false,
            supports_status: false,
        }
    }

    fn reverse(req: ReverseRequest) -> Result<Outcome, ReversalError> {
        let call = request::refund(&req)?;
        let resp = call.send().map_err(from_http_error)?;
        response::map(resp.status, &resp.headers, &resp.body)
    }

    // No status call: Cryptomus documents none for blocked-address refunds.
    // After `in-doubt`, retrying `reverse` is safe: the provider refunds a
    // wallet only once and answers "You can withdraw only once"
    // (already-reversed) if the first attempt went through.
}

/// Refuse what Cryptomus cannot do before anything is sent.
fn invalid(message: &str) -> ReversalError {
    revhost_sdk::outcome::error(ErrorClass::InvalidRequest, "", message)
}

revhost_sdk::export!(Cryptomus);
