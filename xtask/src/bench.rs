//! `cargo xtask bench [--quick]`: build what the benchmark needs, run it,
//! check that it wrote a valid JSON report.

use anyhow::{Context, Result, bail};
use std::process::Command;

use crate::{cargo, plugins, target_dir};

/// Run the benchmark; the report goes to target/bench/report.json.
pub fn run(quick: bool) -> Result<()> {
    // Only what the benchmark runs; the same feature resolution as
    // `build_host`, so after `cargo xtask test` nothing is rebuilt.
    let plugins_dir = plugins::build_alongside(|| {
        cargo(&[
            "build",
            "-p",
            "revhost-bench",
            "-p",
            "revhost",
            "-p",
            "revhost-sim",
        ])
    })?;
    let out = target_dir().join("bench/report.json");
    let mut cmd = Command::new(target_dir().join("debug/revhost-bench"));
    cmd.arg("--out")
        .arg(&out)
        .arg("--plugins")
        .arg(&plugins_dir);
    if quick {
        cmd.arg("--quick");
    }
    crate::run(&mut cmd)?;
    let text = std::fs::read_to_string(&out).context("the benchmark wrote no report")?;
    let report: serde_json::Value =
        serde_json::from_str(&text).context("the report is not JSON")?;
    let entries = report["entries"].as_array().map(Vec::len).unwrap_or(0);
    if entries == 0 {
        bail!("the report has no entries");
    }
    println!(
        "xtask bench: {entries} measurements written to {}",
        out.display()
    );
    Ok(())
}
