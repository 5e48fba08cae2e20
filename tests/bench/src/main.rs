//! `revhost-bench`: measures what the sandbox costs next to a native adapter,
//! plugin load times, and behaviour at scale. Run through `cargo xtask bench`,
//! which builds the plugins first. Writes JSON (one entry per measurement) and
//! prints a table. Timings are figures, never pass/fail.

mod breakdown;
mod native;
mod per_provider;
mod report;
mod scenarios;
mod setup;

use clap::Parser;
use std::path::PathBuf;

/// Benchmark options.
#[derive(Parser)]
struct Args {
    /// Fewer iterations: checks that every measurement runs (used by `cargo xtask test`).
    #[arg(long)]
    quick: bool,
    /// Where to write the JSON report.
    #[arg(long)]
    out: PathBuf,
    /// The built plugins directory (target/plugins).
    #[arg(long)]
    plugins: PathBuf,
    /// Run only these measurements (for profiling); all when not given.
    #[arg(long, value_enum, value_delimiter = ',')]
    only: Vec<scenarios::Scenario>,
}

fn main() -> anyhow::Result<()> {
    let mut args = Args::parse();
    // The benchmark writes configurations into temporary directories, where
    // a relative plugins path would mean something else.
    args.plugins = std::fs::canonicalize(&args.plugins)
        .map_err(|e| anyhow::anyhow!("--plugins {}: {e}", args.plugins.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let mut report = report::Report::default();
    runtime.block_on(scenarios::run_all(
        &args.plugins,
        args.quick,
        &args.only,
        &mut report,
    ))?;
    report.write(&args.out)?;
    report.print();
    Ok(())
}
