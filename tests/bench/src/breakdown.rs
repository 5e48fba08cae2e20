//! Where the time of one sandboxed reversal goes: a fresh store and instance
//! alone, then a call that makes no host call (`info`), then the whole
//! reversal. Each step includes the ones before it.

use anyhow::Result;
use revhost::Registry;
use revhost::runtime::call::new_store;
use std::time::Instant;

use crate::report::Report;

/// Measure the steps of one call of the `cryptomus` instance of `registry`.
pub async fn run(registry: &Registry, n: usize, report: &mut Report) -> Result<()> {
    let instance = &registry.instances()["cryptomus"];
    let pre = &instance.plugin.pre;
    let per_call = |started: Instant| started.elapsed().as_nanos() as f64 / n as f64;

    let started = Instant::now();
    for _ in 0..n {
        std::hint::black_box(new_store(pre, instance.ctx.clone()));
    }
    report.add("step: fresh store", per_call(started), "ns/call");

    let started = Instant::now();
    for _ in 0..n {
        let mut store = new_store(pre, instance.ctx.clone());
        pre.instantiate_async(&mut store).await.map_err(wasm)?;
    }
    report.add("step: fresh store + instance", per_call(started), "ns/call");

    let started = Instant::now();
    for _ in 0..n {
        let mut store = new_store(pre, instance.ctx.clone());
        let plugin = pre.instantiate_async(&mut store).await.map_err(wasm)?;
        plugin
            .revhost_provider_adapter()
            .call_info(&mut store)
            .await
            .map_err(wasm)?;
    }
    report.add(
        "step: + a call with no host calls (info)",
        per_call(started),
        "ns/call",
    );
    Ok(())
}

fn wasm(e: wasmtime::Error) -> anyhow::Error {
    anyhow::anyhow!("{e:#}")
}
