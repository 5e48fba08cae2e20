//! Capabilities: everything a plugin can ask the host for, one module per
//! WIT interface, each behind the instance's policy and the call's budget.

pub mod config;
pub mod http;
pub mod log;
pub mod signing;
pub mod wasi;

use wasmtime::component::{HasSelf, Linker};

use crate::bindings::latest;
use crate::runtime::state::PluginState;

/// Add every capability (and the inert WASI surface) to `linker`.
pub fn add_to_linker(linker: &mut Linker<PluginState>) -> wasmtime::Result<()> {
    latest::Plugin::add_to_linker::<PluginState, HasSelf<PluginState>>(linker, |s| s)?;
    wasi::add_to_linker(linker)
}

/// `revhost:provider/types` has no functions; the host trait is empty.
impl crate::bindings::latest::revhost::provider::types::Host for PluginState {}
