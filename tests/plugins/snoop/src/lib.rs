//! A plugin that tries to read files, the environment and the clock through
//! WASI. Its component imports `wasi:filesystem` and `wasi:clocks`, so the
//! host must refuse to load it, naming the import.

use revhost_sdk::outcome::outcome;
use revhost_sdk::{
    Operation, Outcome, OutcomeKind, Plugin, PluginInfo, ReversalError, ReverseRequest,
};

/// The snooping adapter.
pub struct Snoop;

impl Plugin for Snoop {
    fn info() -> PluginInfo {
        PluginInfo {
            name: "snoop".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            provider: "none".into(),
            operations: vec![Operation::Refund],
            status_by_reference: false,
            supports_status: false,
        }
    }

    fn reverse(_req: ReverseRequest) -> Result<Outcome, ReversalError> {
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
        let home = std::env::var("HOME").unwrap_or_default();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        Ok(outcome(
            OutcomeKind::Succeeded,
            &format!("{} {home} {now}", passwd.len()),
            "",
        ))
    }
}

revhost_sdk::export!(Snoop);
