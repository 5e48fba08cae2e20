//! The sandbox: engine, per-call state and limits, and running one call.

pub mod call;
pub mod engine;
pub mod limits;
pub mod state;
