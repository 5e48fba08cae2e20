//! Setting up hosts for the benchmarks: a temporary configuration with the
//! built plugins, against the simulator or an in-process responder.

use revhost::{HostConfig, HostOptions, Registry};
use std::path::Path;

/// The simulator's default Cryptomus merchant and key.
pub fn cryptomus_credentials() -> (String, String) {
    let c = revhost_sim::SimConfig::default().cryptomus;
    (c.merchant, c.api_key)
}

/// A registry over `plugins` with the given `[instances.*]` TOML; secrets
/// are files in `dir` (written by the caller).
pub fn registry(
    dir: &Path,
    plugins: &Path,
    instances: &str,
    cache: &Path,
) -> anyhow::Result<Registry> {
    let config = format!(
        "plugins_dir = {:?}\ncache_dir = {:?}\n{instances}",
        plugins.display().to_string(),
        cache.display().to_string(),
    );
    let path = dir.join("revhost.toml");
    std::fs::write(&path, config)?;
    let config = HostConfig::load(&path)?;
    let options = HostOptions {
        allow_unsigned: true,
        ..HostOptions::default()
    };
    Ok(Registry::load(&config, &options)?)
}

/// A registry over `plugins` with one Cryptomus instance named `cryptomus`
/// whose base URL is `base_url` (and which may reach `origin`).
pub fn cryptomus_registry(
    dir: &Path,
    plugins: &Path,
    base_url: &str,
    origin: &str,
    cache: &Path,
) -> anyhow::Result<Registry> {
    let (merchant, key) = cryptomus_credentials();
    std::fs::write(dir.join("cryptomus.key"), key)?;
    let instances = format!(
        "[instances.cryptomus]\nplugin = \"cryptomus\"\nallow_hosts = [\"{origin}\"]\n\
         allow_private = [\"127.0.0.1\"]\n\
         [instances.cryptomus.config]\nbase_url = \"{base_url}\"\nmerchant = \"{merchant}\"\n\
         [instances.cryptomus.secrets]\napi_key = {{ file = \"cryptomus.key\" }}\n"
    );
    registry(dir, plugins, &instances, cache)
}

/// Peak resident set of this process, KiB.
pub fn peak_rss_kib() -> u64 {
    proc_status("VmHWM:")
}

/// Current resident set of this process, KiB.
pub fn rss_kib() -> u64 {
    proc_status("VmRSS:")
}

fn proc_status(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time (user + system, all threads) this process has used so far.
pub fn cpu_time() -> std::time::Duration {
    // SAFETY: getrusage only writes the struct we pass.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut u);
        u
    };
    let tv = |t: libc::timeval| {
        std::time::Duration::from_micros(t.tv_sec as u64 * 1_000_000 + t.tv_usec as u64)
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}
