//! The one wasmtime `Engine` of a host: component model, pooling allocator,
//! epoch interruption with a ticker thread, and the linker with every
//! capability.

use std::time::Duration;
use wasmtime::component::Linker;
use wasmtime::{Config, Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::error::LoadError;
use crate::runtime::limits::Limits;
use crate::runtime::state::PluginState;

/// How often the epoch advances: the granularity of CPU and wall-time checks
/// while WebAssembly runs, and how often a busy plugin yields to other calls.
pub const EPOCH_TICK: Duration = Duration::from_millis(5);

/// Options of the engine, fixed for the life of a host.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Calls that can run at the same time; sizes the instance pool. More
    /// calls than this fail fast with a `not-attempted` error.
    pub max_concurrent_calls: u32,
}

/// How a host loads plugins.
#[derive(Debug, Clone, Default)]
pub struct HostOptions {
    /// Engine settings.
    pub engine: EngineOptions,
    /// Load plugins that are not signed by a trusted key (development only).
    pub allow_unsigned: bool,
}

impl Default for EngineOptions {
    fn default() -> Self {
        Self {
            max_concurrent_calls: 1_000,
        }
    }
}

/// Create the engine and start its epoch ticker (which stops when the engine
/// is dropped).
pub fn create(options: &EngineOptions) -> Result<Engine, LoadError> {
    let n = options.max_concurrent_calls.max(1);
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(n)
        // A Rust wasip2 component is a handful of core instances with one memory.
        .total_core_instances(n * 8)
        .total_memories(n * 2)
        .total_tables(n * 8)
        .total_stacks(n)
        .max_memory_size(Limits::MAX_MEMORY_BYTES as usize)
        // Keep the first pages of a slot resident: resetting them is cheaper
        // than faulting them in again on the next call.
        .linear_memory_keep_resident(1 << 20)
        .table_keep_resident(1 << 16)
        .async_stack_keep_resident(128 << 10)
        // Reset only the pages a call dirtied (Linux 6.7+), without madvise.
        .pagemap_scan(Enabled::Auto);
    let mut config = Config::new();
    config
        .wasm_component_model(true)
        .epoch_interruption(true)
        .concurrency_support(false)
        .profiler(profiler())
        .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    let engine = Engine::new(&config).map_err(|e| LoadError::Engine(format!("{e:#}")))?;
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("revhost-epoch".into())
        .spawn(move || {
            while let Some(engine) = weak.upgrade() {
                engine.increment_epoch();
                drop(engine);
                std::thread::sleep(EPOCH_TICK);
            }
        })
        .map_err(|e| LoadError::Engine(format!("cannot start the epoch thread: {e}")))?;
    Ok(engine)
}

/// `REVHOST_PERFMAP=1` writes `/tmp/perf-<pid>.map`, so `perf report` names
/// the compiled plugin functions (`wasm[0]::function[N]`); off otherwise.
fn profiler() -> wasmtime::ProfilingStrategy {
    if std::env::var_os("REVHOST_PERFMAP").is_some() {
        wasmtime::ProfilingStrategy::PerfMap
    } else {
        wasmtime::ProfilingStrategy::None
    }
}

/// A linker with every capability, shared by all plugins of an engine.
pub fn linker(engine: &Engine) -> Result<Linker<PluginState>, LoadError> {
    let mut linker = Linker::new(engine);
    crate::caps::add_to_linker(&mut linker)
        .map_err(|e| LoadError::Engine(format!("cannot link host capabilities: {e:#}")))?;
    Ok(linker)
}

/// A fingerprint of the engine's compilation settings, for the compile cache.
pub fn fingerprint(engine: &Engine) -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut h);
    env!("CARGO_PKG_VERSION").hash(&mut h);
    format!("{:016x}", h.finish())
}
