//! `revhost:provider/http`: outgoing HTTP through the host, behind the
//! instance's egress policy, with timeouts and size caps.

mod host;
pub mod policy;
mod resolver;

pub use host::{CannedResponse, Transport, build_client};
