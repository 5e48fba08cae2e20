//! Per-call limits of a plugin, with their defaults.
//!
//! A plugin's manifest may ask for limits; the operator's instance
//! configuration may override them. Every limit hit ends the call with a
//! typed error naming the limit.

use serde::Deserialize;
use std::time::Duration;

/// Linear memory a plugin may use, 32 MiB: a reversal adapter builds a few
/// small JSON bodies; anything near this is a bug or an attack.
pub const DEFAULT_MEMORY_BYTES: u64 = 32 << 20;
/// Time a plugin may spend executing WebAssembly (waiting for host calls not
/// counted), 1 s: mapping a response takes microseconds.
pub const DEFAULT_CPU_MS: u64 = 1_000;
/// Wall time for the whole call, host calls included, 30 s: long enough for
/// a status read after a slow provider call, short enough for a caller to wait.
pub const DEFAULT_WALL_MS: u64 = 30_000;
/// Host calls (signing, config, log, HTTP) per call, 1000.
pub const DEFAULT_MAX_HOST_CALLS: u32 = 1_000;
/// HTTP requests per call, 16: the longest seed flow (UAPAY) needs 4.
pub const DEFAULT_MAX_HTTP_REQUESTS: u32 = 16;
/// Timeout of one HTTP request, connect to last body byte, 10 s.
pub const DEFAULT_HTTP_TIMEOUT_MS: u64 = 10_000;
/// Largest request body a plugin may send, 256 KiB.
pub const DEFAULT_MAX_REQUEST_BYTES: u64 = 256 << 10;
/// Largest response body handed to a plugin, 1 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 1 << 20;
/// Bytes of log a plugin may write per call, 64 KiB; more is dropped.
pub const DEFAULT_MAX_LOG_BYTES: u64 = 64 << 10;

/// The limits in force for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Linear memory, bytes.
    pub memory_bytes: u64,
    /// WebAssembly execution time.
    pub cpu: Duration,
    /// Wall time of the whole call.
    pub wall: Duration,
    /// Host calls of any kind.
    pub max_host_calls: u32,
    /// HTTP requests.
    pub max_http_requests: u32,
    /// Timeout of one HTTP request.
    pub http_timeout: Duration,
    /// Largest request body, bytes.
    pub max_request_bytes: u64,
    /// Largest response body, bytes.
    pub max_response_bytes: u64,
    /// Log bytes per call.
    pub max_log_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            memory_bytes: DEFAULT_MEMORY_BYTES,
            cpu: Duration::from_millis(DEFAULT_CPU_MS),
            wall: Duration::from_millis(DEFAULT_WALL_MS),
            max_host_calls: DEFAULT_MAX_HOST_CALLS,
            max_http_requests: DEFAULT_MAX_HTTP_REQUESTS,
            http_timeout: Duration::from_millis(DEFAULT_HTTP_TIMEOUT_MS),
            max_request_bytes: DEFAULT_MAX_REQUEST_BYTES,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_log_bytes: DEFAULT_MAX_LOG_BYTES,
        }
    }
}

/// Limits as written in a manifest's or an instance's `[limits]` table; unset
/// fields keep the value below them.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LimitsOverride {
    /// Linear memory, MiB.
    pub memory_mib: Option<u64>,
    /// WebAssembly execution time, ms.
    pub cpu_ms: Option<u64>,
    /// Wall time of the whole call, ms.
    pub wall_ms: Option<u64>,
    /// Host calls per call.
    pub max_host_calls: Option<u32>,
    /// HTTP requests per call.
    pub max_http_requests: Option<u32>,
    /// Timeout of one HTTP request, ms.
    pub http_timeout_ms: Option<u64>,
    /// Largest request body, bytes.
    pub max_request_bytes: Option<u64>,
    /// Largest response body, bytes.
    pub max_response_bytes: Option<u64>,
    /// Log bytes per call.
    pub max_log_bytes: Option<u64>,
}

impl Limits {
    /// The largest memory any plugin may be given: the pooling allocator
    /// reserves this much address space per slot.
    pub const MAX_MEMORY_BYTES: u64 = 256 << 20;

    /// These limits with `o`'s fields applied on top.
    pub fn with(mut self, o: &LimitsOverride) -> Self {
        if let Some(v) = o.memory_mib {
            self.memory_bytes = (v << 20).min(Self::MAX_MEMORY_BYTES);
        }
        if let Some(v) = o.cpu_ms {
            self.cpu = Duration::from_millis(v);
        }
        if let Some(v) = o.wall_ms {
            self.wall = Duration::from_millis(v);
        }
        if let Some(v) = o.max_host_calls {
            self.max_host_calls = v;
        }
        if let Some(v) = o.max_http_requests {
            self.max_http_requests = v;
        }
        if let Some(v) = o.http_timeout_ms {
            self.http_timeout = Duration::from_millis(v);
        }
        if let Some(v) = o.max_request_bytes {
            self.max_request_bytes = v;
        }
        if let Some(v) = o.max_response_bytes {
            self.max_response_bytes = v;
        }
        if let Some(v) = o.max_log_bytes {
            self.max_log_bytes = v;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_changes_only_given_fields_and_caps_memory() {
        let o = LimitsOverride {
            memory_mib: Some(10_000),
            wall_ms: Some(500),
            ..Default::default()
        };
        let l = Limits::default().with(&o);
        assert_eq!(l.memory_bytes, Limits::MAX_MEMORY_BYTES);
        assert_eq!(l.wall, Duration::from_millis(500));
        assert_eq!(l.cpu, Limits::default().cpu);
    }
}
