//! The measurements. Each adds entries to the report.

use anyhow::{Context, Result, bail};
use futures::StreamExt;
use revhost::caps::http::{CannedResponse, Transport};
use revhost::{Registry, ReverseRequest};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::native::NativeCryptomus;
use crate::report::Report;
use crate::setup::{cpu_time, cryptomus_credentials, cryptomus_registry, peak_rss_kib, rss_kib};

const SUCCESS: &[u8] = br#"{"state":0,"result":{"commission":"0.50","amount":"9.50"}}"#;
const ADDRESS: &str = "TK8xBenchRefundAddress";

/// A group of measurements, selectable with `--only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// 1. Sandbox overhead against the native adapter, with its breakdown.
    Overhead,
    /// 5. The overhead for each of the four plugins.
    PerProvider,
    /// 3. Cold compile against cached load.
    Load,
    /// 2. End-to-end throughput and latency against the simulator.
    E2e,
    /// 4. 1000 reversals in flight.
    Scale,
    /// 5. Component sizes.
    Sizes,
}

/// Run the measurements in `only` (all when empty).
pub async fn run_all(
    plugins: &Path,
    quick: bool,
    only: &[Scenario],
    report: &mut Report,
) -> Result<()> {
    let wanted = |s: Scenario| only.is_empty() || only.contains(&s);
    if wanted(Scenario::Overhead) {
        overhead(plugins, if quick { 300 } else { 20_000 }, report).await?;
    }
    if wanted(Scenario::PerProvider) {
        crate::per_provider::run(plugins, if quick { 50 } else { 2_000 }, report).await?;
    }
    if wanted(Scenario::Load) {
        load(plugins, report)?;
    }
    if wanted(Scenario::E2e) {
        end_to_end(plugins, &Sim::start(plugins)?, quick, report).await?;
    }
    if only == [Scenario::Scale] {
        let n = if quick { 100 } else { 1_000 };
        scale(plugins, &Sim::start(plugins)?, n, report).await?;
    } else if wanted(Scenario::Scale) {
        scale_in_fresh_process(plugins, quick, report)?;
    }
    if wanted(Scenario::Sizes) {
        sizes(plugins, report)?;
    }
    Ok(())
}

fn refund(wallet: &str) -> ReverseRequest {
    let mut r = ReverseRequest::refund(wallet);
    r.params = vec![("address".into(), ADDRESS.into())];
    r
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Batches each side of a micro-benchmark is split into. The two sides'
/// batches alternate, so drift on a noisy machine hits both alike, and the
/// reported figure is the median batch, so one disturbed batch does not move it.
const BATCHES: usize = 10;

/// 1. Sandbox overhead per reversal: plugin through the host with an
///    in-process responder versus the native adapter, in alternating batches.
async fn overhead(plugins: &Path, n: usize, report: &mut Report) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut registry = cryptomus_registry(
        dir.path(),
        plugins,
        "https://api.cryptomus.com",
        "https://api.cryptomus.com",
        &dir.path().join("cache"),
    )?;
    let respond = |_: &reqwest::Request| CannedResponse {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: SUCCESS.to_vec(),
    };
    registry.set_transport("cryptomus", Transport::Responder(Arc::new(respond)))?;
    let request = refund("bench-wallet");
    let (merchant, api_key) = cryptomus_credentials();
    let native = NativeCryptomus {
        url: "https://api.cryptomus.com/v1/wallet/blocked-address-refund".into(),
        merchant,
        api_key,
    };
    let answer = |_: &[u8], _: &str| (200u16, SUCCESS.to_vec());
    for _ in 0..n.min(500) {
        let r = registry.reverse("cryptomus", &request).await?;
        check(r.result.is_ok())?;
        check(
            native
                .reverse_in_process("bench-wallet", ADDRESS, &answer)
                .is_ok(),
        )?;
    }

    let per_batch = (n / BATCHES).max(1);
    let (mut host, mut base, mut guest) = (Vec::new(), Vec::new(), Duration::ZERO);
    for _ in 0..BATCHES {
        let started = Instant::now();
        for _ in 0..per_batch {
            let r = registry.reverse("cryptomus", &request).await?;
            guest += r.usage.guest_time;
        }
        host.push(started.elapsed().as_nanos() as f64 / per_batch as f64);
        let started = Instant::now();
        for _ in 0..per_batch {
            std::hint::black_box(native.reverse_in_process("bench-wallet", ADDRESS, &answer)).ok();
        }
        base.push(started.elapsed().as_nanos() as f64 / per_batch as f64);
    }
    let overheads: Vec<f64> = host.iter().zip(&base).map(|(h, b)| h - b).collect();

    crate::breakdown::run(&registry, n, report).await?;
    report.add(
        "of which: instantiate + run the plugin (guest time)",
        guest.as_nanos() as f64 / (per_batch * BATCHES) as f64,
        "ns/call",
    );
    report.compare(
        "cryptomus reversal in the sandbox (no network)",
        median(&host),
        "ns/call",
        ("native adapter", median(&base)),
        "",
    );
    report.compare(
        "sandbox overhead per reversal",
        median(&overheads) / 1000.0,
        "µs",
        ("native adapter", 0.0),
        "<= 10 µs",
    );
    let (lo, hi) = overheads
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &o| (lo.min(o), hi.max(o)));
    report.add(
        &format!("sandbox overhead, spread of {BATCHES} batches (max - min)"),
        (hi - lo) / 1000.0,
        "µs",
    );
    Ok(())
}

/// The median of `values` (the upper one of the middle two for an even count).
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

fn check(ok: bool) -> Result<()> {
    if !ok {
        bail!("a benchmark call did not succeed: the set-up is wrong");
    }
    Ok(())
}

/// 3. Plugin load: cold compile versus the cached compiled artifact.
fn load(plugins: &Path, report: &mut Report) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let cache = dir.path().join("cache");
    let config_path = dir.path().join("revhost.toml");
    std::fs::write(
        &config_path,
        format!(
            "plugins_dir = {:?}\ncache_dir = {:?}\n",
            plugins.display().to_string(),
            cache.display().to_string()
        ),
    )?;
    let config = revhost::HostConfig::load(&config_path)?;
    let options = revhost::HostOptions {
        allow_unsigned: true,
        ..Default::default()
    };
    let cold = Registry::load(&config, &options)?;
    let warm = Registry::load(&config, &options)?;
    for (name, p) in cold.plugins() {
        let cached = &warm.plugins()[name];
        report.compare(
            &format!("load {name}: cached artifact"),
            micros(cached.load_time) / 1000.0,
            "ms",
            ("cold compile", micros(p.load_time) / 1000.0),
            "<= 1 ms",
        );
    }
    Ok(())
}

/// The simulator as a separate process, so the host's figures are its own.
struct Sim {
    child: Child,
    url: String,
    client: reqwest::Client,
}

impl Sim {
    fn start(plugins: &Path) -> Result<Sim> {
        let bin = plugins
            .parent()
            .context("plugins dir has a parent")?
            .join("debug/revhost-sim");
        let mut child = Command::new(&bin)
            .args(["--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {}", bin.display()))?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("stdout")?).read_line(&mut line)?;
        let url = line
            .trim()
            .strip_prefix("revhost-sim listening on ")
            .context("the simulator did not start")?
            .to_owned();
        Ok(Sim {
            child,
            url,
            client: reqwest::Client::new(),
        })
    }

    async fn wallets(&self, prefix: &str, n: usize) -> Result<Vec<String>> {
        let ids: Vec<String> = (0..n).map(|i| format!("{prefix}-{i}")).collect();
        let url = format!("{}/__admin/cryptomus/wallets", self.url);
        futures::stream::iter(ids.iter().enumerate())
            .map(|(i, id)| {
                let body = serde_json::json!({
                    "uuid": format!("{:08x}-0000-4000-8000-{:012x}", fxhash(prefix), i),
                    "order_id": id, "blocked_amount": "10.00", "commission": "0.50",
                    "min_amount": "1.00", "state": "blocked", "service_enabled": true,
                });
                self.client.post(&url).json(&body).send()
            })
            .buffer_unordered(32)
            .for_each(|r| async move {
                assert!(
                    r.is_ok_and(|r| r.status().is_success()),
                    "wallet set-up failed"
                );
            })
            .await;
        Ok(ids)
    }
}

fn fxhash(s: &str) -> u32 {
    s.bytes().fold(0x811c9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x01000193)
    })
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Run one call per id, `concurrency` at a time. Each call is its own tokio
/// task, as a server runs each request, so both sides use every worker thread.
async fn drive<F, Fut>(ids: &[String], concurrency: usize, call: F) -> Result<Run>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    let (started, cpu) = (Instant::now(), cpu_time());
    let results: Vec<_> = futures::stream::iter(ids.iter().cloned())
        .map(|id| {
            let fut = call(id);
            tokio::spawn(async move {
                let t = Instant::now();
                let ok = fut.await;
                (ok, t.elapsed())
            })
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let (elapsed, cpu) = (started.elapsed(), cpu_time() - cpu);
    let mut latencies = Vec::with_capacity(results.len());
    for r in results {
        let (ok, d) = r.context("a benchmark task panicked")?;
        check(ok)?;
        latencies.push(d);
    }
    Ok(Run {
        elapsed,
        cpu,
        latencies,
    })
}

/// What one [`drive`] measured.
#[derive(Default)]
struct Run {
    elapsed: Duration,
    /// CPU time of this process (all threads).
    cpu: Duration,
    latencies: Vec<Duration>,
}

impl Run {
    /// Add another run of the same side.
    fn merge(mut self, other: Run) -> Run {
        self.elapsed += other.elapsed;
        self.cpu += other.cpu;
        self.latencies.extend(other.latencies);
        self
    }

    fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn cpu_per_call(&self) -> Duration {
        self.cpu / self.latencies.len() as u32
    }

    fn percentile(&mut self, p: f64) -> Duration {
        self.latencies.sort();
        percentile(&self.latencies, p)
    }
}

/// Rounds the e2e measurement alternates its two sides in.
const E2E_ROUNDS: usize = 4;

/// Calls per side before the e2e measurement starts.
const E2E_WARM_UP: usize = 64;

/// 2. End-to-end throughput on loopback against the simulator.
async fn end_to_end(plugins: &Path, sim: &Sim, quick: bool, report: &mut Report) -> Result<()> {
    let n = if quick { 100 } else { 2_000 };
    let concurrency = 32;
    let dir = tempfile::tempdir()?;
    let origin = sim.url.clone();
    let registry = cryptomus_registry(
        dir.path(),
        plugins,
        &format!("{}/cryptomus", sim.url),
        &origin,
        &dir.path().join("cache"),
    )?;
    // The first `E2E_WARM_UP` calls of each side open its connections and
    // touch its instance slots; they are not counted.
    let host_ids = sim.wallets("e2e-host", E2E_WARM_UP + n).await?;
    let native_ids = sim.wallets("e2e-native", E2E_WARM_UP + n).await?;
    let (host_warm, host_ids) = host_ids.split_at(E2E_WARM_UP);
    let (native_warm, native_ids) = native_ids.split_at(E2E_WARM_UP);
    let registry = Arc::new(registry);
    let host_call = |id: String| {
        let registry = registry.clone();
        async move {
            let r = registry.reverse("cryptomus", &refund(&id)).await;
            r.is_ok_and(|r| r.result.is_ok())
        }
    };
    let (merchant, api_key) = cryptomus_credentials();
    let native = NativeCryptomus {
        url: format!("{}/cryptomus/v1/wallet/blocked-address-refund", sim.url),
        merchant,
        api_key,
    };
    let (native, client) = (Arc::new(native), reqwest::Client::new());
    let native_call = |id: String| {
        let (native, client) = (native.clone(), client.clone());
        async move { native.reverse_http(&client, &id, ADDRESS).await.is_ok() }
    };
    drive(host_warm, concurrency, &host_call).await?;
    drive(native_warm, concurrency, &native_call).await?;
    // The two sides alternate in rounds, so a slow spell of the machine
    // hits both rather than one.
    let (mut host, mut base) = (Run::default(), Run::default());
    let round = n.div_ceil(E2E_ROUNDS);
    for (h, b) in host_ids.chunks(round).zip(native_ids.chunks(round)) {
        host = host.merge(drive(h, concurrency, &host_call).await?);
        base = base.merge(drive(b, concurrency, &native_call).await?);
    }
    report.compare(
        "e2e throughput, library (32 in flight)",
        host.per_second(),
        "calls/s",
        ("native reqwest", base.per_second()),
        ">= 90% of native",
    );
    report.compare(
        "e2e CPU of the calling process per call, library",
        micros(host.cpu_per_call()),
        "µs",
        ("native reqwest", micros(base.cpu_per_call())),
        "",
    );
    report.compare(
        "e2e p50 latency, library",
        micros(host.percentile(0.5)),
        "µs",
        ("native reqwest", micros(base.percentile(0.5))),
        "",
    );
    report.compare(
        "e2e p99 latency, library",
        micros(host.percentile(0.99)),
        "µs",
        ("native reqwest", micros(base.percentile(0.99))),
        "",
    );

    // The CLI path: one process per reversal (engine start + cached plugin load + call).
    let runs = if quick { 3 } else { 30 };
    let cli_ids = sim.wallets("e2e-cli", runs).await?;
    let bin = plugins
        .parent()
        .context("target dir")?
        .join("debug/revhost");
    let config = dir.path().join("revhost.toml");
    let mut times = Vec::new();
    for id in &cli_ids {
        let t = Instant::now();
        let out = Command::new(&bin)
            .args([
                "--config",
                config.to_str().unwrap_or_default(),
                "--allow-unsigned",
            ])
            .args([
                "reverse",
                "--provider",
                "cryptomus",
                "--payment",
                id,
                "--param",
            ])
            .arg(format!("address={ADDRESS}"))
            .output()?;
        check(out.status.success())?;
        times.push(t.elapsed());
    }
    times.sort();
    report.compare(
        "e2e p50 latency, CLI (process per call)",
        micros(percentile(&times, 0.5)),
        "µs",
        ("native reqwest", micros(base.percentile(0.5))),
        "",
    );
    Ok(())
}

/// 4. Scale: `n` reversals in flight at once against a simulator answering
///    after 100 ms.
async fn scale(plugins: &Path, sim: &Sim, n: usize, report: &mut Report) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let registry = cryptomus_registry(
        dir.path(),
        plugins,
        &format!("{}/cryptomus", sim.url),
        &sim.url,
        &dir.path().join("cache"),
    )?;
    let ids = sim.wallets("scale", n).await?;
    let fault = serde_json::json!({"provider": "cryptomus", "kind": {"type": "delay", "ms": 100}, "times": n});
    let r = sim
        .client
        .post(format!("{}/__admin/faults", sim.url))
        .json(&fault)
        .send()
        .await?;
    check(r.status().is_success())?;
    let rss_before = rss_kib();
    let registry = &registry;
    let started = Instant::now();
    let results = futures::future::join_all(
        ids.iter()
            .map(|id| async move { registry.reverse("cryptomus", &refund(id)).await }),
    )
    .await;
    let elapsed = started.elapsed();
    let failed = results
        .iter()
        .filter(|r| !r.as_ref().is_ok_and(|r| r.result.is_ok()))
        .count();
    report.add(
        &format!("scale: {n} in flight, 100 ms provider, completion"),
        micros(elapsed) / 1000.0,
        "ms",
    );
    report.add(
        &format!("scale: {n} in flight, failed calls"),
        failed as f64,
        "calls",
    );
    report.add(
        &format!("scale: {n} in flight, plugin instances alive at peak"),
        revhost::runtime::state::peak_instances() as f64,
        "instances",
    );
    report.compare(
        &format!("scale: {n} in flight, peak RSS of the host process"),
        peak_rss_kib() as f64 / 1024.0,
        "MiB",
        ("RSS before", rss_before as f64 / 1024.0),
        "< 200 MiB",
    );
    Ok(())
}

/// Run [`scale`] in a new process of this benchmark, so its peak RSS is that
/// of a host doing only this, not what earlier measurements left allocated.
fn scale_in_fresh_process(plugins: &Path, quick: bool, report: &mut Report) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("scale.json");
    let mut cmd = Command::new(std::env::current_exe()?);
    cmd.args(["--only", "scale", "--plugins"])
        .arg(plugins)
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null());
    if quick {
        cmd.arg("--quick");
    }
    let status = cmd.status().context("cannot start the scale measurement")?;
    if !status.success() {
        bail!("the scale measurement failed ({status})");
    }
    report.entries.extend(Report::read(&out)?.entries);
    Ok(())
}

/// 5. Size of each plugin's component.
fn sizes(plugins: &Path, report: &mut Report) -> Result<()> {
    let mut dirs: Vec<_> = std::fs::read_dir(plugins)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for dir in dirs {
        for f in std::fs::read_dir(&dir)?.filter_map(Result::ok) {
            if f.path().extension().is_some_and(|e| e == "wasm") {
                let name = dir
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                report.add(
                    &format!("size of {name}.wasm"),
                    f.metadata()?.len() as f64 / 1024.0,
                    "KiB",
                );
            }
        }
    }
    Ok(())
}
