//! Fault injection shared by every provider.
//!
//! A [`Fault`] targets one provider (by its path prefix name, e.g.
//! `"cryptomus"`) and is consumed by the next request(s) that reach that
//! provider's API, in FIFO order per provider. Admin requests never consume
//! faults. How each [`FaultKind`] is carried out lives in the server's fault
//! hook; this module only keeps the queue.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

/// One injected fault: what to do, to which provider, how many times.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// Provider name, as in its path prefix (`"cryptomus"`).
    pub provider: String,
    /// What happens to the request.
    pub kind: FaultKind,
    /// How many requests this fault applies to (defaults to 1 in JSON).
    #[serde(default = "one")]
    pub times: u32,
}

fn one() -> u32 {
    1
}

/// What a fault does to a provider request.
///
/// JSON form is internally tagged by `type`, e.g. `{"type":"drop_after"}`,
/// `{"type":"delay","ms":250}`, `{"type":"status_500"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FaultKind {
    /// Wait `ms` milliseconds, then answer normally. The operation is
    /// carried out after the delay even if the client stopped waiting.
    Delay {
        /// Delay in milliseconds.
        ms: u64,
    },
    /// Answer HTTP 500 with the provider's internal-error body; nothing applied.
    #[serde(rename = "status_500", alias = "status500")]
    Status500,
    /// Close the TCP connection without any HTTP response; nothing applied.
    DropBefore,
    /// Apply the operation, then close the TCP connection without any HTTP response.
    DropAfter,
    /// Answer HTTP 200 with a truncated JSON body; nothing applied.
    Malformed,
}

/// The FIFO queue of pending faults (cheap to clone; clones share the queue).
#[derive(Clone, Debug, Default)]
pub struct Faults {
    queue: Arc<Mutex<VecDeque<Fault>>>,
}

impl Faults {
    /// Creates an empty queue.
    pub fn new() -> Faults {
        Faults::default()
    }

    /// Appends a fault. A fault with `times == 0` is ignored.
    pub fn push(&self, fault: Fault) {
        if fault.times == 0 {
            return;
        }
        tracing::info!(provider = %fault.provider, kind = ?fault.kind, times = fault.times, "fault armed");
        self.lock().push_back(fault);
    }

    /// Consumes one use of the oldest fault queued for `provider`, if any.
    pub fn take(&self, provider: &str) -> Option<FaultKind> {
        let mut queue = self.lock();
        let index = queue.iter().position(|f| f.provider == provider)?;
        let fault = &mut queue[index];
        fault.times -= 1;
        let kind = fault.kind.clone();
        if fault.times == 0 {
            queue.remove(index);
        }
        Some(kind)
    }

    /// The faults still pending, oldest first, with their remaining `times`.
    pub fn pending(&self) -> Vec<Fault> {
        self.lock().iter().cloned().collect()
    }

    /// Removes every pending fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<Fault>> {
        // A panic while holding the lock cannot leave the queue inconsistent.
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(provider: &str, kind: FaultKind, times: u32) -> Fault {
        Fault {
            provider: provider.into(),
            kind,
            times,
        }
    }

    #[test]
    fn fifo_per_provider_with_countdown() {
        let faults = Faults::new();
        faults.push(fault("a", FaultKind::DropBefore, 2));
        faults.push(fault("b", FaultKind::Malformed, 1));
        faults.push(fault("a", FaultKind::Status500, 1));
        faults.push(fault("a", FaultKind::DropAfter, 0));
        assert_eq!(faults.take("b"), Some(FaultKind::Malformed));
        assert_eq!(faults.take("b"), None);
        assert_eq!(faults.take("a"), Some(FaultKind::DropBefore));
        assert_eq!(faults.pending()[0].times, 1);
        assert_eq!(faults.take("a"), Some(FaultKind::DropBefore));
        assert_eq!(faults.take("a"), Some(FaultKind::Status500));
        assert_eq!(faults.take("a"), None);
        assert!(faults.pending().is_empty());
    }

    #[test]
    fn json_shape() {
        let f: Fault = serde_json::from_str(
            r#"{"provider":"cryptomus","kind":{"type":"drop_after"},"times":1}"#,
        )
        .unwrap();
        assert_eq!(f, fault("cryptomus", FaultKind::DropAfter, 1));
        let f: Fault =
            serde_json::from_str(r#"{"provider":"x","kind":{"type":"delay","ms":5}}"#).unwrap();
        assert_eq!(f, fault("x", FaultKind::Delay { ms: 5 }, 1));
        let f: Fault =
            serde_json::from_str(r#"{"provider":"x","kind":{"type":"status500"}}"#).unwrap();
        assert_eq!(f.kind, FaultKind::Status500);
        assert_eq!(
            serde_json::to_value(FaultKind::Status500).unwrap(),
            serde_json::json!({"type": "status_500"})
        );
    }
}
