//! A conformance suite any plugin can be run against.
//!
//! Implement [`Provider`] for a plugin (how to configure it against the
//! simulator, how to prepare a reversible payment, what its ledger holds) and
//! invoke [`conformance!`]: every scenario below becomes a test that runs the
//! real `revhost` binary, the real `.wasm` and the simulator over loopback.
//!
//! Scenarios: happy path; replay → `already-reversed` with one ledger entry;
//! unknown payment → `not-found`; wrong secret → `auth-config`; provider
//! internal error, malformed answer, timeout and a connection dropped after
//! the provider applied the reversal → typed errors, never a trap, and never
//! a second reversal.

use revhost_sim::{Fault, FaultKind, SimConfig, Simulator};
use serde_json::Value;

use crate::Host;

/// How to run one plugin against the simulator.
pub trait Provider {
    /// The simulator's path prefix and the fault-queue name (e.g. `cryptomus`).
    const SIM_NAME: &'static str;
    /// The plugin's name; the instance gets the same name.
    const PLUGIN: &'static str;

    /// A host with the plugin configured against `sim`; `good_secret` false
    /// gives it a wrong secret.
    fn host(sim: &Simulator, good_secret: bool) -> Host;
    /// Prepare a payment that can be reversed; returns the `reverse`
    /// arguments after `--provider <instance>` (e.g. `--payment X --param ...`).
    fn reversible(sim: &Simulator, n: u32) -> Vec<String>;
    /// `reverse` arguments for a payment the provider does not know.
    fn unknown(sim: &Simulator) -> Vec<String>;
    /// Reversals the provider has applied so far.
    fn ledger_len(sim: &Simulator) -> usize;
    /// Results acceptable after a timeout on the reversal call (most plugins:
    /// `in-doubt`; a plugin that reads the status afterwards may know more).
    fn after_timeout() -> &'static [&'static str] {
        &["in-doubt"]
    }
    /// The HTTP timeout (ms) the host is configured with in [`Provider::host`]
    /// (the timeout scenario delays the answer past it).
    fn http_timeout_ms() -> u64 {
        1_500
    }
}

/// Start a simulator with default credentials.
pub async fn sim() -> Simulator {
    Simulator::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
        .await
        .expect("the simulator starts")
}

/// Run `revhost --json reverse --provider <P> <args>`.
pub async fn reverse<P: Provider>(host: &Host, args: &[String]) -> (i32, Value) {
    let mut all = vec!["reverse", "--provider", P::PLUGIN];
    all.extend(args.iter().map(String::as_str));
    host.json(&all).await
}

/// The outcome kind or error class of a JSON result.
pub fn result(v: &Value) -> &str {
    v["outcome"]["kind"]
        .as_str()
        .or(v["error"]["class"].as_str())
        .unwrap_or_else(|| panic!("neither outcome nor error: {v}"))
}

fn no_trap(v: &Value) {
    assert!(
        v["error"]["fault"].is_null(),
        "the plugin must map the answer, not trap: {v}"
    );
}

fn inject(sim: &Simulator, provider: &str, kind: FaultKind) {
    sim.faults().push(Fault {
        provider: provider.into(),
        kind,
        times: 1,
    });
}

/// The payment is reversed once.
pub async fn happy_path<P: Provider>() {
    let sim = sim().await;
    let args = P::reversible(&sim, 1);
    let (code, v) = reverse::<P>(&P::host(&sim, true), &args).await;
    assert_eq!((code, result(&v)), (0, "succeeded"), "{v}");
    assert_eq!(P::ledger_len(&sim), 1);
}

/// Asking again reports `already-reversed` and reverses nothing more.
pub async fn replay_is_already_reversed<P: Provider>() {
    let sim = sim().await;
    let host = P::host(&sim, true);
    let args = P::reversible(&sim, 1);
    assert_eq!(reverse::<P>(&host, &args).await.0, 0);
    let (code, v) = reverse::<P>(&host, &args).await;
    assert_eq!((code, result(&v)), (0, "already-reversed"), "{v}");
    assert_eq!(P::ledger_len(&sim), 1);
}

/// A payment the provider does not know is `not-found`.
pub async fn unknown_payment_is_not_found<P: Provider>() {
    let sim = sim().await;
    let (code, v) = reverse::<P>(&P::host(&sim, true), &P::unknown(&sim)).await;
    assert_eq!((code, result(&v)), (16, "not-found"), "{v}");
    no_trap(&v);
}

/// The simulator checks the credential; a wrong one is `auth-config`.
pub async fn wrong_secret_is_auth_config<P: Provider>() {
    let sim = sim().await;
    let args = P::reversible(&sim, 1);
    let (code, v) = reverse::<P>(&P::host(&sim, false), &args).await;
    assert_eq!((code, result(&v)), (14, "auth-config"), "{v}");
    assert_eq!(P::ledger_len(&sim), 0);
}

/// A provider internal error is a typed error, and nothing was reversed.
pub async fn internal_error_is_typed<P: Provider>() {
    let sim = sim().await;
    let args = P::reversible(&sim, 1);
    inject(&sim, P::SIM_NAME, FaultKind::Status500);
    let (code, v) = reverse::<P>(&P::host(&sim, true), &args).await;
    assert_ne!(code, 0, "{v}");
    assert!(v["error"].is_object(), "{v}");
    no_trap(&v);
    assert_eq!(P::ledger_len(&sim), 0);
}

/// A malformed answer is a typed error, never a trap.
pub async fn malformed_answer_is_typed<P: Provider>() {
    let sim = sim().await;
    let args = P::reversible(&sim, 1);
    inject(&sim, P::SIM_NAME, FaultKind::Malformed);
    let (code, v) = reverse::<P>(&P::host(&sim, true), &args).await;
    assert_ne!(code, 0, "{v}");
    assert!(v["error"].is_object(), "{v}");
    no_trap(&v);
}

/// A timeout is not guessed into a final failure.
pub async fn timeout_is_not_final<P: Provider>() {
    let sim = sim().await;
    let args = P::reversible(&sim, 1);
    inject(
        &sim,
        P::SIM_NAME,
        FaultKind::Delay {
            ms: P::http_timeout_ms() + 1_500,
        },
    );
    let (_, v) = reverse::<P>(&P::host(&sim, true), &args).await;
    assert!(P::after_timeout().contains(&result(&v)), "{v}");
    no_trap(&v);
}

/// A connection dropped after the provider applied the reversal never leads
/// to a second reversal: the retry reports it reversed.
pub async fn dropped_after_apply_is_never_reversed_twice<P: Provider>() {
    let sim = sim().await;
    let host = P::host(&sim, true);
    let args = P::reversible(&sim, 1);
    inject(&sim, P::SIM_NAME, FaultKind::DropAfter);
    let (_, first) = reverse::<P>(&host, &args).await;
    assert!(
        ["in-doubt", "succeeded", "already-reversed"].contains(&result(&first)),
        "{first}"
    );
    no_trap(&first);
    let (code, v) = reverse::<P>(&host, &args).await;
    assert_eq!(code, 0, "{v}");
    assert!(
        ["succeeded", "already-reversed"].contains(&result(&v)),
        "{v}"
    );
    assert_eq!(P::ledger_len(&sim), 1, "reversed exactly once");
}

/// Generate one test per conformance scenario for a [`Provider`].
#[macro_export]
macro_rules! conformance {
    ($module:ident, $provider:ty) => {
        mod $module {
            use super::*;
            use $crate::conformance as c;

            #[tokio::test]
            async fn happy_path() {
                c::happy_path::<$provider>().await
            }
            #[tokio::test]
            async fn replay_is_already_reversed() {
                c::replay_is_already_reversed::<$provider>().await
            }
            #[tokio::test]
            async fn unknown_payment_is_not_found() {
                c::unknown_payment_is_not_found::<$provider>().await
            }
            #[tokio::test]
            async fn wrong_secret_is_auth_config() {
                c::wrong_secret_is_auth_config::<$provider>().await
            }
            #[tokio::test]
            async fn internal_error_is_typed() {
                c::internal_error_is_typed::<$provider>().await
            }
            #[tokio::test]
            async fn malformed_answer_is_typed() {
                c::malformed_answer_is_typed::<$provider>().await
            }
            #[tokio::test]
            async fn timeout_is_not_final() {
                c::timeout_is_not_final::<$provider>().await
            }
            #[tokio::test]
            async fn dropped_after_apply_is_never_reversed_twice() {
                c::dropped_after_apply_is_never_reversed_twice::<$provider>().await
            }
        }
    };
}
