//! revhost: run payment-reversal adapters as sandboxed WebAssembly plugins.
//!
//! Wiring, in the order a call travels:
//! 1. [`config::HostConfig`] is read from `revhost.toml`.
//! 2. [`plugins::registry::Registry::load`] creates the engine
//!    ([`runtime::engine`]), loads and checks every plugin
//!    ([`plugins::loader`], [`plugins::cache`]) and sets up each provider
//!    instance (secrets, egress policy, limits).
//! 3. [`plugins::registry::Registry::reverse`] runs the plugin in a fresh
//!    sandbox ([`runtime::call`]); the plugin reaches the outside only through
//!    the capabilities in [`caps`].
//! 4. The result is an [`outcome::Outcome`] or an [`outcome::ReversalError`].

#![deny(missing_docs)]

pub mod bindings;
pub mod caps;
pub mod config;
pub mod error;
pub mod outcome;
pub mod plugins;
pub mod request;
pub mod runtime;

pub use config::HostConfig;
pub use error::LoadError;
pub use outcome::{ErrorClass, Outcome, OutcomeKind, PluginFault, ReversalError};
pub use plugins::registry::{CallError, Registry};
pub use request::{Operation, ReverseRequest, StatusRequest};
pub use runtime::call::CallReport;
pub use runtime::engine::{EngineOptions, HostOptions};
