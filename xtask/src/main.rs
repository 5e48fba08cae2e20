//! Build glue for revhost: `cargo xtask demo|test|plugins`.
//!
//! Nothing here is product logic: it installs the wasm target, builds the
//! plugins and binaries, and runs what CI runs.

mod bench;
mod demo;
mod docs;
mod plugins;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::Command;

/// revhost build glue.
#[derive(Parser)]
#[command(name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build host and plugins, start the simulator, run real reversals, print the results.
    Demo,
    /// Measure the sandbox against a native adapter, plugin load and scale; writes target/bench/report.json.
    Bench {
        /// Fewer iterations (under 2 minutes); what `cargo xtask test` runs.
        #[arg(long)]
        quick: bool,
    },
    /// Everything CI checks: formatting, clippy, plugin build, all tests.
    Test,
    /// Generate docs/providers.md from the plugins' outcome tables.
    Docs {
        /// Fail if the committed file is stale instead of writing it.
        #[arg(long)]
        check: bool,
    },
    /// Build every plugin for wasm32-wasip2 into target/plugins (and test plugins into target/test-plugins).
    Plugins {
        /// Build only the plugins in these directories (e.g. `--only sberbank`).
        #[arg(long)]
        only: Vec<String>,
    },
}

fn main() -> std::process::ExitCode {
    let result = match Cli::parse().command {
        Task::Demo => demo::run(),
        Task::Test => test(),
        Task::Bench { quick } => bench::run(quick),
        Task::Docs { check } => docs::run(check),
        Task::Plugins { only } => plugins::build_only(&only).map(|_| ()),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// What CI runs.
fn test() -> Result<()> {
    plugins::ensure_wasm_target()?;
    cargo(&["fmt", "--all", "--", "--check"]).context("formatting: run `cargo fmt --all`")?;
    docs::run(true)?;
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    plugins::build_alongside(build_host)?;
    cargo(&["test", "--workspace"])?;
    bench::run(true)?;
    println!("xtask test: all checks passed");
    Ok(())
}

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

/// The shared target directory.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Build every native crate of the workspace (debug profile): the host, the
/// simulator, the benchmark, the test harness.
///
/// One invocation, because cargo resolves features per invocation: building
/// `--bin revhost` and then `-p revhost-bench` resolved them differently and
/// compiled wasmtime twice (minutes on 2 cores). `cargo test --workspace`
/// and the bench's `-p revhost-bench -p revhost -p revhost-sim` resolve to
/// the same set, so they reuse all of it.
fn build_host() -> Result<()> {
    cargo(&["build", "--workspace", "--exclude", "xtask"])
}

/// Run cargo with `args` in the workspace root; fail if it fails.
fn cargo(args: &[&str]) -> Result<()> {
    run(Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())).args(args))
}

fn run(cmd: &mut Command) -> Result<()> {
    cmd.current_dir(root());
    eprintln!("xtask: running {cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}
