//! UAPAY end to end: the real `revhost` binary runs the real `uapay.wasm`
//! against the simulator over loopback HTTP, one test per documented answer,
//! plus the two-step flow (initiate → complete/cancel), the auto-cancel, the
//! `iat` window and transport faults.
//!
//! A fault is consumed by the next request of the flow, and the flow starts
//! with `sessions/create`; `skip(n)` queues `n` harmless zero delays first so
//! that a fault hits a later step (initiate, complete).

use std::time::Duration;

use revhost_sim::providers::uapay::{
    Operation, OperationStatus, OperationType, Payment, PaymentStatus, UapayConfig,
};
use revhost_sim::{Fault, FaultKind, SimConfig, Simulator};
use revhost_tests::{Host, conformance};
use serde_json::Value;

async fn sim_with(uapay: UapayConfig) -> Simulator {
    let config = SimConfig {
        uapay,
        ..SimConfig::default()
    };
    Simulator::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .expect("the simulator starts")
}

async fn sim() -> Simulator {
    sim_with(UapayConfig::default()).await
}

/// A host with the UAPAY plugin pointed at `sim`.
fn host_with(sim: &Simulator, client_id: &str, key: &str) -> Host {
    Host::new()
        .with_plugin("uapay")
        .with_instance(
            "uapay",
            &format!(
                r#"plugin = "uapay"
allow_hosts = ["http://{addr}"]
allow_private = ["127.0.0.1"]
[instances.uapay.config]
base_url = "{base}"
client_id = "{client_id}"
[instances.uapay.secrets]
key = {{ env = "TEST_UAPAY_KEY" }}
[instances.uapay.limits]
http_timeout_ms = 1500
"#,
                addr = sim.addr(),
                base = sim.base_url("uapay"),
            ),
        )
        .with_env("TEST_UAPAY_KEY", key)
}

fn host(sim: &Simulator) -> Host {
    let cfg = sim.uapay().config().clone();
    host_with(sim, &cfg.client_id, &cfg.key)
}

/// A FINISHED payment of 100.00 UAH, id `pay-<n>`.
fn payment(sim: &Simulator, n: &str) -> String {
    let id = format!("pay-{n}");
    sim.uapay().add_payment(Payment::finished(
        &id,
        &format!("send-{n}"),
        &format!("order-{n}"),
        10_000,
    ));
    id
}

async fn reverse(host: &Host, payment: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["reverse", "--provider", "uapay", "--payment", payment];
    args.extend_from_slice(extra);
    host.json(&args).await
}

async fn status(host: &Host, payment: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["status", "--provider", "uapay", "--payment", payment];
    args.extend_from_slice(extra);
    host.json(&args).await
}

/// Outcome kind or error class, and the provider's code.
fn result(v: &Value) -> (&str, &str) {
    let kind = v["outcome"]["kind"]
        .as_str()
        .or(v["error"]["class"].as_str())
        .unwrap_or_else(|| panic!("neither outcome nor error: {v}"));
    let code = v["outcome"]["provider_code"]
        .as_str()
        .or(v["error"]["provider_code"].as_str())
        .unwrap_or_default();
    (kind, code)
}

fn detail<'a>(v: &'a Value, name: &str) -> &'a str {
    v["outcome"]["details"]
        .as_array()
        .and_then(|d| d.iter().find(|p| p[0] == name))
        .and_then(|p| p[1].as_str())
        .unwrap_or_else(|| panic!("no detail {name} in {v}"))
}

fn push(sim: &Simulator, kind: FaultKind) {
    sim.faults().push(Fault {
        provider: "uapay".into(),
        kind,
        times: 1,
    });
}

/// Lets the next `n` requests through untouched (see the module doc).
fn skip(sim: &Simulator, n: u32) {
    sim.faults().push(Fault {
        provider: "uapay".into(),
        kind: FaultKind::Delay { ms: 0 },
        times: n,
    });
}

fn payment_status(sim: &Simulator, id: &str) -> PaymentStatus {
    sim.uapay().payment(id).expect("the payment exists").status
}

// ---- the flow ------------------------------------------------------------

#[tokio::test]
async fn reverse_initiates_completes_and_reads_finished_as_succeeded() {
    let sim = sim().await;
    let id = payment(&sim, "ok");
    let (code, v) = reverse(&host(&sim), &id, &[]).await;
    assert_eq!((code, result(&v)), (0, ("succeeded", "FINISHED")), "{v}");
    assert_eq!(v["outcome"]["amount"], "100.00");
    let ledger = sim.uapay().ledger();
    assert_eq!(ledger.len(), 1);
    assert_eq!(
        ledger[0].reverse_external_id,
        v["reference"].as_str().unwrap()
    );
    assert_eq!(
        v["outcome"]["provider_reference"],
        ledger[0].reverse_operation_id.as_str()
    );
    assert_eq!(payment_status(&sim, &id), PaymentStatus::Returned);
}

#[tokio::test]
async fn payment_can_be_designated_by_its_debit_operation_or_external_id() {
    let sim = sim().await;
    payment(&sim, "a");
    payment(&sim, "b");
    let host = host(&sim);
    let (code, v) = reverse(&host, "send-a", &["--param", "ref_type=operationId"]).await;
    assert_eq!((code, result(&v)), (0, ("succeeded", "FINISHED")), "{v}");
    let (code, v) = reverse(&host, "order-b", &["--param", "ref_type=externalId"]).await;
    assert_eq!((code, result(&v)), (0, ("succeeded", "FINISHED")), "{v}");
    assert_eq!(sim.uapay().ledger().len(), 2);
}

#[tokio::test]
async fn acquirer_refusing_the_return_is_declined_rejected() {
    let sim = sim().await;
    let mut p = Payment::finished("pay-rej", "send-rej", "order-rej", 5_000);
    p.return_fails = true;
    sim.uapay().add_payment(p);
    let (code, v) = reverse(&host(&sim), "pay-rej", &[]).await;
    assert_eq!((code, result(&v)), (1, ("declined", "REJECTED")), "{v}");
    assert!(sim.uapay().ledger().is_empty());
    assert_eq!(payment_status(&sim, "pay-rej"), PaymentStatus::Finished);
}

#[tokio::test]
async fn initiated_but_not_completed_is_pending_in_reverse_and_status_then_completes() {
    let sim = sim().await;
    let id = payment(&sim, "two-step");
    let host = host(&sim);
    let (code, v) = reverse(&host, &id, &["--param", "complete=false"]).await;
    assert_eq!(
        (code, result(&v)),
        (3, ("pending", "NEEDS_COMPLETE")),
        "{v}"
    );
    let op = detail(&v, "reverseOperationId").to_owned();
    let next = v["outcome"]["next_step"].as_str().unwrap();
    assert!(
        next.contains(&format!("complete or cancel reverse {op} before"))
            && next.contains("auto-cancels"),
        "{v}"
    );
    assert_eq!(
        detail(&v, "reverseExternalId"),
        v["reference"].as_str().unwrap()
    );
    assert_eq!(payment_status(&sim, &id), PaymentStatus::WaitingComplete);
    assert!(sim.uapay().ledger().is_empty());

    let (code, s) = status(&host, &id, &[]).await;
    assert_eq!(
        (code, result(&s)),
        (3, ("pending", "NEEDS_COMPLETE")),
        "{s}"
    );
    assert!(
        s["outcome"]["next_step"].as_str().unwrap().contains(&op),
        "{s}"
    );

    let (code, v) = reverse(&host, &id, &["--param", "action=complete"]).await;
    assert_eq!((code, result(&v)), (0, ("succeeded", "FINISHED")), "{v}");
    assert_eq!(sim.uapay().ledger().len(), 1);
    let (code, s) = status(&host, &id, &[]).await;
    assert_eq!((code, result(&s)), (0, ("succeeded", "FINISHED")), "{s}");
}

#[tokio::test]
async fn cancelling_an_initiated_reverse_is_declined_canceled() {
    let sim = sim().await;
    let id = payment(&sim, "cancel");
    let host = host(&sim);
    assert_eq!(
        reverse(&host, &id, &["--param", "complete=false"]).await.0,
        3
    );
    let (code, v) = reverse(&host, &id, &["--param", "action=cancel"]).await;
    assert_eq!((code, result(&v)), (1, ("declined", "CANCELED")), "{v}");
    assert_eq!(payment_status(&sim, &id), PaymentStatus::Finished);
    let (code, s) = status(&host, &id, &[]).await;
    assert_eq!((code, result(&s)), (1, ("declined", "CANCELED")), "{s}");
    assert!(sim.uapay().ledger().is_empty());
}

#[tokio::test]
async fn uncompleted_reverse_is_auto_cancelled_by_the_simulator_clock() {
    let sim = sim_with(UapayConfig {
        auto_cancel_after: Duration::from_secs(60),
        ..UapayConfig::default()
    })
    .await;
    let id = payment(&sim, "auto");
    let host = host(&sim);
    let (code, v) = reverse(&host, &id, &["--param", "complete=false"]).await;
    assert_eq!(
        (code, result(&v)),
        (3, ("pending", "NEEDS_COMPLETE")),
        "{v}"
    );
    let (_, s) = status(&host, &id, &[]).await;
    assert_eq!(result(&s), ("pending", "NEEDS_COMPLETE"), "{s}");

    sim.uapay().advance_clock(Duration::from_secs(61));
    let (code, s) = status(&host, &id, &[]).await;
    assert_eq!((code, result(&s)), (1, ("declined", "CANCELED")), "{s}");
    assert!(
        s["outcome"]["provider_message"]
            .as_str()
            .unwrap()
            .contains("1 hour"),
        "{s}"
    );
    // Completing now is refused by the provider and read back as cancelled.
    let (code, v) = reverse(&host, &id, &["--param", "action=complete"]).await;
    assert_eq!((code, result(&v)), (1, ("declined", "CANCELED")), "{v}");
    assert!(
        v["outcome"]["provider_message"]
            .as_str()
            .unwrap()
            .contains("PAYMENT_STATUS_ERROR"),
        "{v}"
    );
    assert!(sim.uapay().ledger().is_empty());
}

// ---- state refusals, resolved by reading the payment ---------------------

#[tokio::test]
async fn replay_is_external_id_exists_read_as_already_reversed() {
    let sim = sim().await;
    let id = payment(&sim, "replay");
    let host = host(&sim);
    assert_eq!(reverse(&host, &id, &[]).await.0, 0);
    let (code, v) = reverse(&host, &id, &[]).await;
    assert_eq!(
        (code, result(&v)),
        (0, ("already-reversed", "FINISHED")),
        "{v}"
    );
    assert!(
        v["outcome"]["provider_message"]
            .as_str()
            .unwrap()
            .contains("EXTERNAL_ID_EXISTS"),
        "{v}"
    );
    assert_eq!(sim.uapay().ledger().len(), 1);
}

#[tokio::test]
async fn payment_returned_by_another_reverse_is_already_reversed() {
    let sim = sim().await;
    let mut p = Payment::finished("pay-ret", "send-ret", "order-ret", 2_500);
    p.status = PaymentStatus::Returned;
    p.operations.push(Operation {
        id: "ret-op".into(),
        kind: OperationType::Return,
        status: OperationStatus::Finished,
        external_id: "someone-else".into(),
        amount: 2_500,
        created_at: 0,
    });
    sim.uapay().add_payment(p);
    let (code, v) = reverse(&host(&sim), "pay-ret", &[]).await;
    assert_eq!(
        (code, result(&v)),
        (0, ("already-reversed", "RETURNED")),
        "{v}"
    );
    assert!(
        v["outcome"]["provider_message"]
            .as_str()
            .unwrap()
            .contains("PAYMENT_STATUS_ERROR"),
        "{v}"
    );
    assert!(sim.uapay().ledger().is_empty());
}

#[tokio::test]
async fn another_initiated_reverse_is_pending_waiting_complete() {
    let sim = sim().await;
    let id = payment(&sim, "busy");
    let host = host(&sim);
    let first = ["--reference", "first-ref", "--param", "complete=false"];
    assert_eq!(reverse(&host, &id, &first).await.0, 3);
    let (code, v) = reverse(&host, &id, &["--reference", "second-ref"]).await;
    assert_eq!(
        (code, result(&v)),
        (3, ("pending", "WAITING_COMPLETE")),
        "{v}"
    );
    assert!(
        v["outcome"]["next_step"]
            .as_str()
            .unwrap()
            .contains("first-ref"),
        "{v}"
    );
    assert!(sim.uapay().ledger().is_empty());
}

#[tokio::test]
async fn payment_not_in_a_returnable_status_is_declined() {
    let sim = sim().await;
    let mut p = Payment::finished("pay-open", "send-open", "order-open", 1_000);
    p.status = PaymentStatus::Open;
    p.operations[0].status = OperationStatus::NeedsComplete;
    sim.uapay().add_payment(p);
    let (code, v) = reverse(&host(&sim), "pay-open", &[]).await;
    assert_eq!(
        (code, result(&v)),
        (1, ("declined", "PAYMENT_STATUS_ERROR")),
        "{v}"
    );
    assert!(
        v["outcome"]["provider_message"]
            .as_str()
            .unwrap()
            .contains("OPEN"),
        "{v}"
    );
}

#[tokio::test]
async fn initiate_answer_lost_then_retry_completes_the_same_reverse() {
    let sim = sim().await;
    let id = payment(&sim, "lost-init");
    let host = host(&sim);
    skip(&sim, 1);
    push(&sim, FaultKind::DropAfter);
    let (code, v) = reverse(&host, &id, &[]).await;
    assert_eq!((code, result(&v).0), (11, "in-doubt"), "{v}");
    assert_eq!(
        payment_status(&sim, &id),
        PaymentStatus::WaitingComplete,
        "initiated"
    );
    let (code, v) = reverse(&host, &id, &[]).await;
    assert_eq!((code, result(&v)), (0, ("succeeded", "FINISHED")), "{v}");
    assert_eq!(sim.uapay().ledger().len(), 1);
}

#[tokio::test]
async fn complete_answer_lost_is_in_doubt_then_already_reversed_once() {
    let sim = sim().await;
    let id = payment(&sim, "lost-complete");
    let host = host(&sim);
    skip(&sim, 2);
    push(&sim, FaultKind::DropAfter);
    let (code, v) = reverse(&host, &id, &[]).await;
    assert_eq!((code, result(&v).0), (11, "in-doubt"), "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("Complete"),
        "{v}"
    );
    assert_eq!(sim.uapay().ledger().len(), 1, "complete was applied");
    let (code, s) = status(&host, &id, &[]).await;
    assert_eq!((code, result(&s)), (0, ("succeeded", "FINISHED")), "{s}");
    let (code, v) = reverse(&host, &id, &[]).await;
    assert_eq!(
        (code, result(&v)),
        (0, ("already-reversed", "FINISHED")),
        "{v}"
    );
    assert_eq!(sim.uapay().ledger().len(), 1, "and only once");
}

// ---- error codes ------------------------------------------------------------

#[tokio::test]
async fn iat_30_seconds_off_is_timelimit_error_auth_config() {
    for skew in [30, -30] {
        let sim = sim_with(UapayConfig {
            clock_skew_secs: skew,
            ..UapayConfig::default()
        })
        .await;
        let id = payment(&sim, "late");
        let (code, v) = reverse(&host(&sim), &id, &[]).await;
        assert_eq!(
            (code, result(&v)),
            (14, ("auth-config", "TIMELIMIT_ERROR")),
            "{v}"
        );
        assert!(
            v["error"]["message"].as_str().unwrap().contains("clock"),
            "{v}"
        );
        assert!(
            v["error"]["raw"].as_str().unwrap().starts_with("HTTP 401"),
            "{v}"
        );
        assert_eq!(payment_status(&sim, &id), PaymentStatus::Finished);
    }
}

#[tokio::test]
async fn iat_within_the_window_is_accepted() {
    let sim = sim_with(UapayConfig {
        clock_skew_secs: 10,
        ..UapayConfig::default()
    })
    .await;
    let id = payment(&sim, "skew-ok");
    let (code, v) = reverse(&host(&sim), &id, &[]).await;
    assert_eq!((code, result(&v).0), (0, "succeeded"), "{v}");
}

#[tokio::test]
async fn wrong_merchant_key_is_token_error_auth_config() {
    let sim = sim().await;
    let id = payment(&sim, "key");
    let client = sim.uapay().config().client_id.clone();
    let (code, v) = reverse(&host_with(&sim, &client, "not-the-key"), &id, &[]).await;
    assert_eq!(
        (code, result(&v)),
        (14, ("auth-config", "TOKEN_ERROR")),
        "{v}"
    );
    assert!(
        v["error"]["message"].as_str().unwrap().contains("`key`"),
        "{v}"
    );
    assert_eq!(payment_status(&sim, &id), PaymentStatus::Finished);
}

#[tokio::test]
async fn unknown_client_id_is_client_not_found_auth_config() {
    let sim = sim().await;
    let id = payment(&sim, "client");
    let key = sim.uapay().config().key.clone();
    let (code, v) = reverse(&host_with(&sim, "someone-else", &key), &id, &[]).await;
    assert_eq!(
        (code, result(&v)),
        (14, ("auth-config", "CLIENT_NOT_FOUND")),
        "{v}"
    );
}

#[tokio::test]
async fn too_long_reference_is_format_error_naming_the_field() {
    let sim = sim().await;
    let id = payment(&sim, "long");
    let reference = "r".repeat(256);
    let (code, v) = reverse(&host(&sim), &id, &["--reference", &reference]).await;
    assert_eq!(
        (code, result(&v)),
        (15, ("invalid-request", "FORMAT_ERROR")),
        "{v}"
    );
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("reverseExternalId"),
        "{v}"
    );
    assert!(
        v["error"]["raw"].as_str().unwrap().starts_with("HTTP 400"),
        "{v}"
    );
}

#[tokio::test]
async fn empty_payment_reference_is_format_error() {
    let sim = sim().await;
    let (code, v) = reverse(&host(&sim), "", &[]).await;
    assert_eq!(
        (code, result(&v)),
        (15, ("invalid-request", "FORMAT_ERROR")),
        "{v}"
    );
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("paymentId"),
        "{v}"
    );
}

#[tokio::test]
async fn expired_session_is_session_not_found_provider_down() {
    let sim = sim_with(UapayConfig {
        session_ttl: Duration::ZERO,
        ..UapayConfig::default()
    })
    .await;
    let id = payment(&sim, "session");
    let (code, v) = reverse(&host(&sim), &id, &[]).await;
    assert_eq!(
        (code, result(&v)),
        (13, ("provider-down", "SESSION_NOT_FOUND")),
        "{v}"
    );
    assert_eq!(payment_status(&sim, &id), PaymentStatus::Finished);
}

#[tokio::test]
async fn unknown_payment_is_payment_not_found() {
    let sim = sim().await;
    let host = host(&sim);
    let (code, v) = reverse(&host, "pay-nowhere", &[]).await;
    assert_eq!(
        (code, result(&v)),
        (16, ("not-found", "PAYMENT_NOT_FOUND")),
        "{v}"
    );
    let (code, s) = status(&host, "pay-nowhere", &[]).await;
    assert_eq!(
        (code, result(&s)),
        (16, ("not-found", "PAYMENT_NOT_FOUND")),
        "{s}"
    );
}

#[tokio::test]
async fn completing_a_reverse_never_initiated_is_operation_not_found() {
    let sim = sim().await;
    let id = payment(&sim, "never");
    let host = host(&sim);
    let (code, v) = reverse(&host, &id, &["--param", "action=complete"]).await;
    assert_eq!(
        (code, result(&v)),
        (16, ("not-found", "OPERATION_NOT_FOUND")),
        "{v}"
    );
    let (code, s) = status(&host, &id, &[]).await;
    assert_eq!((code, result(&s)), (16, ("not-found", "FINISHED")), "{s}");
}

#[tokio::test]
async fn internal_error_opening_the_session_is_provider_down() {
    let sim = sim().await;
    let id = payment(&sim, "500-session");
    push(&sim, FaultKind::Status500);
    let (code, v) = reverse(&host(&sim), &id, &[]).await;
    assert_eq!(
        (code, result(&v)),
        (13, ("provider-down", "INTERNAL_ERROR")),
        "{v}"
    );
    assert_eq!(payment_status(&sim, &id), PaymentStatus::Finished);
}

#[tokio::test]
async fn internal_error_on_initiate_is_in_doubt() {
    let sim = sim().await;
    let id = payment(&sim, "500-init");
    skip(&sim, 1);
    push(&sim, FaultKind::Status500);
    let (code, v) = reverse(&host(&sim), &id, &[]).await;
    assert_eq!(
        (code, result(&v)),
        (11, ("in-doubt", "INTERNAL_ERROR")),
        "{v}"
    );
    assert!(
        v["error"]["message"].as_str().unwrap().contains("status"),
        "{v}"
    );
    assert!(sim.uapay().ledger().is_empty());
}

// ---- transport ----------------------------------------------------------------

#[tokio::test]
async fn malformed_answer_is_in_doubt_with_the_raw_body() {
    let sim = sim().await;
    let id = payment(&sim, "malformed");
    skip(&sim, 1);
    push(&sim, FaultKind::Malformed);
    let (code, v) = reverse(&host(&sim), &id, &[]).await;
    assert_eq!((code, result(&v).0), (11, "in-doubt"), "{v}");
    assert!(
        v["error"]["raw"].as_str().unwrap().starts_with("HTTP 200"),
        "{v}"
    );
}

#[tokio::test]
async fn slow_initiate_past_the_timeout_is_in_doubt() {
    let sim = sim().await;
    let id = payment(&sim, "slow");
    skip(&sim, 1);
    push(&sim, FaultKind::Delay { ms: 3_000 });
    let (code, v) = reverse(&host(&sim), &id, &[]).await;
    assert_eq!((code, result(&v).0), (11, "in-doubt"), "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("in time"),
        "{v}"
    );
}

#[tokio::test]
async fn refused_connection_is_not_attempted() {
    let sim = sim().await;
    let host = host(&sim);
    sim.shutdown().await;
    let (code, v) = reverse(&host, "pay-gone", &[]).await;
    assert_eq!((code, result(&v).0), (10, "not-attempted"), "{v}");
}

#[tokio::test]
async fn bad_params_are_refused_before_sending() {
    let sim = sim().await;
    let id = payment(&sim, "params");
    let host = host(&sim);
    for extra in [
        &["--param", "action=undo"][..],
        &["--param", "ref_type=iban"][..],
        &["--param", "complete=maybe"][..],
        &["--amount", "1.00"][..],
        &["--operation", "void"][..],
    ] {
        let (code, v) = reverse(&host, &id, extra).await;
        assert_eq!(
            (code, result(&v)),
            (15, ("invalid-request", "")),
            "{extra:?}: {v}"
        );
    }
    assert_eq!(payment_status(&sim, &id), PaymentStatus::Finished);
}

// ---- conformance --------------------------------------------------------------

/// UAPAY: a FINISHED C2A payment, returned by reverse initiate + complete.
struct Uapay;

impl conformance::Provider for Uapay {
    const SIM_NAME: &'static str = "uapay";
    const PLUGIN: &'static str = "uapay";

    fn host(sim: &Simulator, good_secret: bool) -> Host {
        let cfg = sim.uapay().config().clone();
        let key = if good_secret { cfg.key } else { "wrong".into() };
        host_with(sim, &cfg.client_id, &key)
    }

    fn reversible(sim: &Simulator, n: u32) -> Vec<String> {
        let id = payment(sim, &format!("conf-{n}"));
        vec!["--payment".into(), id]
    }

    fn unknown(_sim: &Simulator) -> Vec<String> {
        vec!["--payment".into(), "pay-conf-unknown".into()]
    }

    fn ledger_len(sim: &Simulator) -> usize {
        sim.uapay().ledger().len()
    }
}

conformance!(uapay, Uapay);
