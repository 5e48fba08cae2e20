//! `revhost-bench`: measures what the sandbox costs next to a native adapter,
//! plugin load times, and behaviour at scale. Run through `cargo xtask bench`,
//! which builds the plugins first. Writes JSON (one entry per measurement) and
//! prints a table. Timings are figures, never pass/fail.

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
    /// Run only the sandbox-overhead measurement (for profiling).
    #[arg(long)]
    overhead_only: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let mut report = report::Report::default();
    runtime.block_on(scenarios::run_all(
        &args.plugins,
        args.quick,
        args.overhead_only,
        &mut report,
    ))?;
    report.write(&args.out)?;
    report.print();
    Ok(())
}
