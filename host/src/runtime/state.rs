//! `PluginState`: the data of one call's `Store`.
//!
//! A fresh state per call: nothing a plugin does survives the call.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::ResourceLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::WasiCtx;

use crate::caps::http::policy::EgressPolicy;
use crate::caps::signing::{Keyring, RsaKeys};
use crate::outcome::PluginFault;
use crate::runtime::limits::Limits;

/// Everything a provider instance gives its plugin, shared by its calls.
pub struct InstanceCtx {
    /// The instance's name.
    pub name: String,
    /// The plugin's name.
    pub plugin: String,
    /// Non-secret settings.
    pub config: BTreeMap<String, String>,
    /// Secrets by name.
    pub keyring: Keyring,
    /// Parsed RSA keys from `config`.
    pub rsa_keys: RsaKeys,
    /// Where the plugin may connect.
    pub egress: Arc<EgressPolicy>,
    /// How requests leave: the instance's HTTP client (its resolver enforces
    /// `egress`), or an in-process responder.
    pub transport: crate::caps::http::Transport,
    /// Limits in force.
    pub limits: Limits,
}

/// What one call used, reported with its result.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Usage {
    /// Host calls made.
    pub host_calls: u32,
    /// HTTP requests made.
    pub http_requests: u32,
    /// Whether a request may have reached a provider.
    pub maybe_sent: bool,
    /// Time spent waiting in HTTP calls (µs in JSON).
    #[serde(serialize_with = "as_micros", rename = "host_time_us")]
    pub host_time: Duration,
    /// Time spent executing WebAssembly: wall time minus host time (µs in JSON).
    #[serde(serialize_with = "as_micros", rename = "guest_time_us")]
    pub guest_time: Duration,
    /// Largest linear memory reached, bytes.
    #[serde(rename = "peak_memory_bytes")]
    pub peak_memory: u64,
    /// Bytes held in sealed values.
    pub sealed_bytes: u64,
    /// Log bytes written.
    pub log_bytes: u64,
}

fn as_micros<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u64(d.as_micros() as u64)
}

/// The `Store` data of one call.
pub struct PluginState {
    pub(crate) table: ResourceTable,
    pub(crate) wasi: WasiCtx,
    pub(crate) instance: Arc<InstanceCtx>,
    pub(crate) usage: Usage,
    /// The first limit hit, if any: it explains the trap that follows.
    pub(crate) fault: Option<PluginFault>,
    pub(crate) started: Instant,
    pub(crate) memory_limit: u64,
}

/// Plugin instances alive now, and the most alive at once, in this process.
static LIVE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Plugin call states (one per instance) alive now.
pub fn live_instances() -> usize {
    LIVE.load(std::sync::atomic::Ordering::Relaxed)
}

/// The most plugin call states alive at once since the process started.
pub fn peak_instances() -> usize {
    PEAK.load(std::sync::atomic::Ordering::Relaxed)
}

impl Drop for PluginState {
    fn drop(&mut self) {
        LIVE.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The error a host function returns to trap the guest after a limit.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct LimitTrap(pub String);

impl PluginState {
    /// A fresh state for one call of `instance`.
    pub fn new(instance: Arc<InstanceCtx>) -> Self {
        let memory_limit = instance.limits.memory_bytes;
        let live = LIVE.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        PEAK.fetch_max(live, std::sync::atomic::Ordering::Relaxed);
        Self {
            table: ResourceTable::new(),
            wasi: crate::caps::wasi::empty_ctx(),
            instance,
            usage: Usage::default(),
            fault: None,
            started: Instant::now(),
            memory_limit,
        }
    }

    /// Count a host call; trap when the budget is spent.
    pub(crate) fn host_call(&mut self) -> wasmtime::Result<()> {
        self.usage.host_calls += 1;
        if self.usage.host_calls > self.instance.limits.max_host_calls {
            return Err(self.limit_hit(format!(
                "more than {} host calls in one call",
                self.instance.limits.max_host_calls
            )));
        }
        Ok(())
    }

    /// Record that a limit was hit and build the trap that ends the call.
    pub(crate) fn limit_hit(&mut self, what: String) -> wasmtime::Error {
        if self.fault.is_none() {
            self.fault = Some(PluginFault::Limit(what.clone()));
        }
        wasmtime::Error::new(LimitTrap(what))
    }

    /// Check time budgets; called on every epoch tick while WebAssembly runs.
    pub(crate) fn check_time(&mut self) -> wasmtime::Result<()> {
        let elapsed = self.started.elapsed();
        let limits = &self.instance.limits;
        if elapsed >= limits.wall {
            let ms = limits.wall.as_millis();
            return Err(self.limit_hit(format!("wall-time limit of {ms} ms")));
        }
        if elapsed.saturating_sub(self.usage.host_time) >= limits.cpu {
            let ms = limits.cpu.as_millis();
            return Err(self.limit_hit(format!("CPU-time limit of {ms} ms")));
        }
        Ok(())
    }

    /// What the call used so far.
    pub fn usage(&self) -> Usage {
        let mut u = self.usage.clone();
        u.guest_time = self.started.elapsed().saturating_sub(u.host_time);
        u
    }
}

impl ResourceLimiter for PluginState {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired as u64 > self.memory_limit {
            let mib = self.memory_limit >> 20;
            return Err(self.limit_hit(format!("memory limit of {mib} MiB")));
        }
        self.usage.peak_memory = self.usage.peak_memory.max(desired as u64);
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > 100_000 {
            return Err(self.limit_hit("table limit of 100000 elements".into()));
        }
        Ok(true)
    }
}
