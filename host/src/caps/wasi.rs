//! The part of WASI a `wasm32-wasip2` guest needs to link, granting nothing.
//!
//! Rust's standard library on `wasm32-wasip2` imports CLI environment, exit
//! and stdio interfaces even when a plugin never uses them. They are linked
//! here with an empty context: no arguments, no environment, stdin empty,
//! stdout/stderr discarded. Every other WASI interface (filesystem, sockets,
//! clocks, random, HTTP) is refused when a plugin is loaded.

use wasmtime::component::Linker;
use wasmtime_wasi::cli::{WasiCli, WasiCliView};
use wasmtime_wasi::p2::bindings::cli;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::runtime::state::PluginState;

/// WASI interfaces a plugin may import (any `0.2.x` version), all linked to
/// deny-everything implementations.
pub const ALLOWED_WASI_INTERFACES: &[&str] = &[
    "wasi:cli/environment",
    "wasi:cli/exit",
    "wasi:cli/stdin",
    "wasi:cli/stdout",
    "wasi:cli/stderr",
    "wasi:cli/terminal-input",
    "wasi:cli/terminal-output",
    "wasi:cli/terminal-stdin",
    "wasi:cli/terminal-stdout",
    "wasi:cli/terminal-stderr",
    "wasi:io/error",
    "wasi:io/streams",
    "wasi:io/poll",
];

/// A WASI context that grants nothing.
pub fn empty_ctx() -> WasiCtx {
    WasiCtx::builder().build()
}

impl WasiView for PluginState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

/// Add the allowed WASI interfaces to `linker`.
pub fn add_to_linker(linker: &mut Linker<PluginState>) -> wasmtime::Result<()> {
    use wasmtime_wasi_io::bindings::wasi::io;
    io::error::add_to_linker::<PluginState, HasIo>(linker, |t| t.ctx().table)?;
    io::poll::add_to_linker::<PluginState, HasIo>(linker, |t| t.ctx().table)?;
    io::streams::add_to_linker::<PluginState, HasIo>(linker, |t| t.ctx().table)?;
    let l = linker;
    cli::exit::add_to_linker::<PluginState, WasiCli>(l, PluginState::cli)?;
    cli::environment::add_to_linker::<PluginState, WasiCli>(l, PluginState::cli)?;
    cli::stdin::add_to_linker::<PluginState, WasiCli>(l, PluginState::cli)?;
    cli::stdout::add_to_linker::<PluginState, WasiCli>(l, PluginState::cli)?;
    cli::stderr::add_to_linker::<PluginState, WasiCli>(l, PluginState::cli)?;
    cli::terminal_input::add_to_linker::<PluginState, WasiCli>(l, PluginState::cli)?;
    cli::terminal_output::add_to_linker::<PluginState, WasiCli>(l, PluginState::cli)?;
    cli::terminal_stdin::add_to_linker::<PluginState, WasiCli>(l, PluginState::cli)?;
    cli::terminal_stdout::add_to_linker::<PluginState, WasiCli>(l, PluginState::cli)?;
    cli::terminal_stderr::add_to_linker::<PluginState, WasiCli>(l, PluginState::cli)?;
    Ok(())
}

struct HasIo;

impl wasmtime::component::HasData for HasIo {
    type Data<'a> = &'a mut wasmtime::component::ResourceTable;
}

/// Whether an import name is an allowed WASI interface.
pub fn is_allowed_wasi(import: &str) -> bool {
    let unversioned = import.split('@').next().unwrap_or(import);
    let version_ok = import
        .split_once('@')
        .is_none_or(|(_, v)| v.starts_with("0.2."));
    version_ok && ALLOWED_WASI_INTERFACES.contains(&unversioned)
}
