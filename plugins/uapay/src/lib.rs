//! revhost plugin for UAPAY C2A reverse: return a card-to-account payment to
//! the payer's card (`POST /api/p2p/payments/c2a/reverse/initiate`, then
//! `.../complete` or `.../cancel`).
//!
//! `args` checks the request, `request` builds and signs the calls (JWT HS256
//! by the host), `response` sorts the answers using the table in `errors`,
//! `resolve` turns a payment's state into an outcome and `flow` runs the
//! sequences. See README.md for the outcome table.

mod args;
mod errors;
mod flow;
mod request;
mod resolve;
pub mod response;

use revhost_sdk::{
    Operation, Outcome, Plugin, PluginInfo, ReversalError, ReverseRequest, StatusRequest,
};

use args::Action;

/// The UAPAY adapter.
pub struct Uapay;

impl Plugin for Uapay {
    fn info() -> PluginInfo {
        PluginInfo {
            name: "uapay".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            provider: "UAPAY".into(),
            operations: vec![Operation::Refund],
            status_by_reference: true,
            supports_status: true,
        }
    }

    fn reverse(req: ReverseRequest) -> Result<Outcome, ReversalError> {
        let action = args::action(req.operation, req.amount.as_deref(), &req.params)?;
        let call = args::call(
            &req.payment_ref,
            &req.reference,
            &req.params,
            req.now_unix_seconds,
        )?;
        match action {
            Action::Reverse { complete } => flow::reverse(&call, complete),
            Action::Complete => flow::act(&call, false),
            Action::Cancel => flow::act(&call, true),
        }
    }

    fn status(req: StatusRequest) -> Result<Outcome, ReversalError> {
        let call = args::call(
            &req.payment_ref,
            &req.reference,
            &req.params,
            req.now_unix_seconds,
        )?;
        flow::status(&call)
    }
}

revhost_sdk::export!(Uapay);
