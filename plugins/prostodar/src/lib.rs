//! revhost plugin for Prostodar (PVK partner API): roll back a mobile top-up
//! issued as a virtual card, before the issue is confirmed
//! (`POST /partner/vc/mobile/rollback/`).
//!
//! `args` checks the caller's request, `request` builds the call (the host
//! RSA-encrypts the marked parameters), `response` maps the answer using the
//! table in `errors`. See README.md for the full outcome table.

pub mod args;
pub mod errors;
pub mod request;
pub mod response;

use revhost_sdk::outcome::from_http_error;
use revhost_sdk::{Operation, Outcome, Plugin, PluginInfo, ReversalError, ReverseRequest};

/// The Prostodar adapter.
pub struct Prostodar;

impl Plugin for Prostodar {
    fn info() -> PluginInfo {
        PluginInfo {
            name: "prostodar".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            provider: "Prostodar".into(),
            operations: vec![Operation::Rollback, Operation::Void],
            status_by_reference: false,
            supports_status: false,
        }
    }

    fn reverse(req: ReverseRequest) -> Result<Outcome, ReversalError> {
        let args = args::parse(&req)?;
        let call = request::rollback(&args)?;
        let resp = call.send().map_err(from_http_error)?;
        response::map(resp.status, &resp.headers, &resp.body, args.commit)
    }

    // No status call: Prostodar documents none. After `in-doubt`, retrying
    // the rollback is safe (an issue is rolled back at most once; a replay
    // answers ALREADY_ISSUED_FOR_THIS_REQUEST), see README.md.
}

revhost_sdk::export!(Prostodar);
