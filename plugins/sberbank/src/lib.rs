//! revhost plugin for Sberbank acquiring: reverse (cancel) an order payment
//! with `reverse.do`, reading the order with `getOrderStatusExtended.do`
//! before and, when the answer is in doubt, after it.
//!
//! `request` builds the form bodies (the password is a sealed secret),
//! `response` reads the answers using the tables in `errors`, `flow` runs the
//! once-only reversal. See README.md for the outcome table.

mod errors;
mod flow;
mod request;
pub mod response;

use revhost_sdk::{
    Operation, Outcome, Plugin, PluginInfo, ReversalError, ReverseRequest, StatusRequest,
};

/// The Sberbank adapter.
pub struct Sberbank;

impl Plugin for Sberbank {
    fn info() -> PluginInfo {
        PluginInfo {
            name: "sberbank".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            provider: "Sberbank".into(),
            operations: vec![Operation::Void, Operation::Cancel],
            status_by_reference: false,
            supports_status: true,
        }
    }

    fn reverse(req: ReverseRequest) -> Result<Outcome, ReversalError> {
        flow::reverse(&req)
    }

    fn status(req: StatusRequest) -> Result<Outcome, ReversalError> {
        flow::status(&req)
    }
}

revhost_sdk::export!(Sberbank);
