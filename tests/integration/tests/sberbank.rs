//! Sberbank end to end: the real `revhost` binary runs the real
//! `sberbank.wasm` against the simulator over loopback HTTP, one test per
//! documented answer and order status, plus the once-only reversal under
//! transport faults.
//!
//! The plugin's flow is: read the order, `reverse.do`, and read the order
//! again when the answer is lost or is error 7. A fault is consumed by the
//! next request to the provider, so `skip(n)` queues `n` harmless zero
//! delays first to make a fault hit `reverse.do` (n = 1) or the read after
//! it (n = 2).

use std::time::Duration;

use revhost_sim::providers::sberbank::{MerchantFlags, Order, OrderStatus, order as new_order};
use revhost_sim::{Fault, FaultKind, SimConfig, Simulator};
use revhost_tests::{Host, conformance};
use serde_json::Value;

async fn sim() -> Simulator {
    Simulator::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
        .await
        .expect("the simulator starts")
}

/// A host with the Sberbank plugin pointed at `sim`, logging in with
/// `password` and waiting `timeout_ms` per HTTP request.
fn host_with(sim: &Simulator, password: &str, timeout_ms: u64) -> Host {
    let cfg = SimConfig::default().sberbank;
    Host::new()
        .with_plugin("sberbank")
        .with_instance(
            "sberbank",
            &format!(
                r#"plugin = "sberbank"
allow_hosts = ["http://{addr}"]
allow_private = ["127.0.0.1"]
[instances.sberbank.config]
base_url = "{base}/payment/rest/"
user_name = "{user}"
[instances.sberbank.secrets]
password = {{ env = "TEST_SBERBANK_PASSWORD" }}
[instances.sberbank.limits]
http_timeout_ms = {timeout_ms}
"#,
                addr = sim.addr(),
                base = sim.base_url("sberbank"),
                user = cfg.user_name,
            ),
        )
        .with_env("TEST_SBERBANK_PASSWORD", password)
}

fn host(sim: &Simulator) -> Host {
    host_with(sim, &SimConfig::default().sberbank.password, 1_500)
}

/// The order id of test order `n`.
fn id(n: u32) -> String {
    format!("0e5b7c2a-1f3d-4e6a-8b9c-{n:012}")
}

/// Adds order `n` (12.34 RUB) in `status`, changed by `tweak`.
fn add(sim: &Simulator, n: u32, status: OrderStatus, tweak: impl FnOnce(&mut Order)) -> String {
    let mut order = new_order(&id(n), 1234, status);
    tweak(&mut order);
    sim.sberbank().add_order(order);
    id(n)
}

async fn reverse(host: &Host, payment: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec![
        "reverse",
        "--provider",
        "sberbank",
        "--operation",
        "cancel",
        "--payment",
        payment,
    ];
    args.extend_from_slice(extra);
    host.json(&args).await
}

/// Queue `n` zero delays so that the next fault hits request `n + 1`.
fn skip(sim: &Simulator, n: u32) {
    sim.faults().push(Fault {
        provider: "sberbank".into(),
        kind: FaultKind::Delay { ms: 0 },
        times: n,
    });
}

fn fault(sim: &Simulator, kind: FaultKind) {
    sim.faults().push(Fault {
        provider: "sberbank".into(),
        kind,
        times: 1,
    });
}

/// Outcome kind or error class.
fn result(v: &Value) -> &str {
    v["outcome"]["kind"]
        .as_str()
        .or(v["error"]["class"].as_str())
        .unwrap_or_else(|| panic!("neither outcome nor error: {v}"))
}

fn provider_code(v: &Value) -> &str {
    v["outcome"]["provider_code"]
        .as_str()
        .or(v["error"]["provider_code"].as_str())
        .unwrap_or_else(|| panic!("no provider code: {v}"))
}

fn ledger(sim: &Simulator) -> usize {
    sim.sberbank().ledger().len()
}

/// One documented answer: (exit code, outcome or class, provider code), and
/// nothing reversed.
async fn documented(
    sim: &Simulator,
    payment: &str,
    want: (i32, &str, &str),
    message_part: &str,
) -> Value {
    let (code, v) = reverse(&host(sim), payment, &[]).await;
    assert_eq!((code, result(&v), provider_code(&v)), want, "{v}");
    let text = format!(
        "{} {}",
        v["outcome"]["provider_message"]
            .as_str()
            .unwrap_or_default(),
        v["error"]["message"].as_str().unwrap_or_default()
    );
    assert!(text.contains(message_part), "{message_part:?} not in {v}");
    assert_eq!(ledger(sim), 0, "nothing reversed");
    v
}

// ---- errorCode 0 ----

#[tokio::test]
async fn held_order_is_reversed_in_full() {
    let sim = sim().await;
    let order = add(&sim, 1, OrderStatus::Approved, |_| {});
    let (code, v) = reverse(&host(&sim), &order, &[]).await;
    assert_eq!(
        (code, result(&v), provider_code(&v)),
        (0, "succeeded", "0"),
        "{v}"
    );
    assert_eq!(v["outcome"]["provider_message"], "Success");
    assert_eq!(v["outcome"]["amount"], "12.34");
    let ledger = sim.sberbank().ledger();
    assert_eq!((ledger.len(), ledger[0].amount), (1, 1234));
    assert_eq!(
        sim.sberbank().order(&order).unwrap().status,
        OrderStatus::Reversed
    );
}

#[tokio::test]
async fn deposited_order_is_reversed_in_part_in_kopecks() {
    let sim = sim().await;
    let order = add(&sim, 2, OrderStatus::Deposited, |_| {});
    let (code, v) = reverse(&host(&sim), &order, &["--amount", "10.5"]).await;
    assert_eq!((code, result(&v)), (0, "succeeded"), "{v}");
    assert_eq!(v["outcome"]["amount"], "10.50");
    assert_eq!(sim.sberbank().ledger()[0].amount, 1050);
}

// ---- orderStatus read before the reversal: nothing sent ----

async fn not_sent(status: OrderStatus, want: (i32, &str, &str), part: &str) {
    let sim = sim().await;
    let order = add(&sim, 3, status, |_| {});
    documented(&sim, &order, want, part).await;
    assert!(
        !sim.sberbank().order(&order).unwrap().reversal_attempted,
        "reverse.do must not be sent"
    );
}

#[tokio::test]
async fn created_order_is_declined_without_sending() {
    not_sent(
        OrderStatus::Created,
        (1, "declined", "orderStatus=0"),
        "never paid",
    )
    .await;
}

#[tokio::test]
async fn reversed_order_is_already_reversed_without_sending() {
    let sim = sim().await;
    let order = add(&sim, 4, OrderStatus::Reversed, |_| {});
    let (code, v) = reverse(&host(&sim), &order, &[]).await;
    assert_eq!(
        (code, result(&v), provider_code(&v)),
        (0, "already-reversed", "orderStatus=3"),
        "{v}"
    );
    assert!(!sim.sberbank().order(&order).unwrap().reversal_attempted);
    assert_eq!(ledger(&sim), 0);
}

#[tokio::test]
async fn refunded_order_is_declined_without_sending() {
    not_sent(
        OrderStatus::Refunded,
        (1, "declined", "orderStatus=4"),
        "refund",
    )
    .await;
}

#[tokio::test]
async fn order_in_3ds_authentication_is_declined_without_sending() {
    not_sent(
        OrderStatus::AcsAuthStarted,
        (1, "declined", "orderStatus=5"),
        "3-D Secure",
    )
    .await;
}

#[tokio::test]
async fn declined_payment_is_declined_without_sending() {
    not_sent(
        OrderStatus::Declined,
        (1, "declined", "orderStatus=6"),
        "declined",
    )
    .await;
}

// ---- errorCode 5 ----

#[tokio::test]
async fn wrong_password_is_access_denied_auth_config() {
    let sim = sim().await;
    let order = add(&sim, 5, OrderStatus::Approved, |_| {});
    let (code, v) = reverse(&host_with(&sim, "not-the-password", 1_500), &order, &[]).await;
    assert_eq!(
        (code, result(&v), provider_code(&v)),
        (14, "auth-config", "5"),
        "{v}"
    );
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Access denied."),
        "{v}"
    );
    assert!(
        v["error"]["raw"].as_str().unwrap().starts_with("HTTP 200"),
        "{v}"
    );
    assert_eq!(ledger(&sim), 0);
}

#[tokio::test]
async fn expired_password_is_auth_config() {
    let sim = sim().await;
    let order = add(&sim, 6, OrderStatus::Approved, |_| {});
    sim.sberbank().set_merchant(MerchantFlags {
        must_change_password: true,
        ..MerchantFlags::default()
    });
    documented(
        &sim,
        &order,
        (14, "auth-config", "5"),
        "The user must change the password.",
    )
    .await;
}

#[tokio::test]
async fn merchant_without_reversal_permission_is_unsuccessful_auth_config() {
    let sim = sim().await;
    let order = add(&sim, 7, OrderStatus::Approved, |_| {});
    sim.sberbank().set_merchant(MerchantFlags {
        reversal_permitted: false,
        ..MerchantFlags::default()
    });
    documented(&sim, &order, (14, "auth-config", "5"), "Unsuccessful.").await;
}

// ---- errorCode 6 ----

#[tokio::test]
async fn malformed_order_id_is_wrong_order_number_spelled_error_code() {
    let sim = sim().await;
    documented(
        &sim,
        "no-such-order",
        (16, "not-found", "6"),
        "Wrong order number.",
    )
    .await;
}

#[tokio::test]
async fn unknown_order_id_is_unregistered_not_found() {
    let sim = sim().await;
    documented(&sim, &id(999), (16, "not-found", "6"), "Unregistered").await;
}

// ---- errorCode 7 (the order is read again: not reversed) ----

async fn refused_7(tweak: impl FnOnce(&mut Order), want: (i32, &str), text: &str) {
    let sim = sim().await;
    let order = add(&sim, 8, OrderStatus::Deposited, tweak);
    let v = documented(&sim, &order, (want.0, want.1, "7"), text).await;
    assert!(
        sim.sberbank().order(&order).unwrap().reversal_attempted,
        "reverse.do was sent"
    );
    let _ = v;
}

#[tokio::test]
async fn closed_window_is_invalid_operation_declined() {
    refused_7(
        |o| o.reversal_window_open = false,
        (1, "declined"),
        "Invalid operation for the current order status.",
    )
    .await;
}

#[tokio::test]
async fn system_error_is_provider_down() {
    refused_7(
        |o| o.system_error = true,
        (13, "provider-down"),
        "System error.",
    )
    .await;
}

#[tokio::test]
async fn unequal_hold_and_deposit_is_declined() {
    refused_7(
        |o| o.amounts_mismatch = true,
        (1, "declined"),
        "The holding and deposit amounts must be equal",
    )
    .await;
}

#[tokio::test]
async fn transaction_in_progress_is_provider_down_and_a_later_retry_succeeds() {
    let sim = sim().await;
    let order = add(&sim, 9, OrderStatus::Approved, |o| o.processing = true);
    let host = host(&sim);
    let (code, v) = reverse(&host, &order, &[]).await;
    assert_eq!(
        (code, result(&v), provider_code(&v)),
        (13, "provider-down", "7"),
        "{v}"
    );
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Transaction is being processed now."),
        "{v}"
    );
    let mut o = sim.sberbank().order(&order).unwrap();
    assert!(
        !o.reversal_attempted,
        "processing does not use up the attempt"
    );
    o.processing = false;
    sim.sberbank().add_order(o);
    let (code, v) = reverse(&host, &order, &[]).await;
    assert_eq!((code, result(&v)), (0, "succeeded"), "{v}");
    assert_eq!(ledger(&sim), 1);
}

#[tokio::test]
async fn partial_amount_without_permission_is_check_amounts_declined() {
    let sim = sim().await;
    let order = add(&sim, 10, OrderStatus::Approved, |_| {});
    sim.sberbank().set_merchant(MerchantFlags {
        partial_reversal_permitted: false,
        ..MerchantFlags::default()
    });
    let (code, v) = reverse(&host(&sim), &order, &["--amount", "5.00"]).await;
    assert_eq!(
        (code, result(&v), provider_code(&v)),
        (1, "declined", "7"),
        "{v}"
    );
    assert!(
        v["outcome"]["provider_message"]
            .as_str()
            .unwrap()
            .contains("Check the amount put on hold and the deposit amount."),
        "{v}"
    );
    assert_eq!(ledger(&sim), 0);
}

#[tokio::test]
async fn chargeback_is_declined() {
    refused_7(
        |o| o.chargeback = true,
        (1, "declined"),
        "The chargeback flag is set for this payment.",
    )
    .await;
}

#[tokio::test]
async fn unsupported_payment_type_is_declined() {
    refused_7(
        |o| o.type_not_supported = true,
        (1, "declined"),
        "This payment type does not support reversal.",
    )
    .await;
}

#[tokio::test]
async fn incorrect_order_state_is_declined() {
    refused_7(
        |o| o.incorrect_state = true,
        (1, "declined"),
        "The order is in an incorrect state",
    )
    .await;
}

#[tokio::test]
async fn a_failed_attempt_is_final_the_retry_is_invalid_operation() {
    let sim = sim().await;
    let order = add(&sim, 11, OrderStatus::Approved, |o| o.chargeback = true);
    let host = host(&sim);
    assert_eq!(reverse(&host, &order, &[]).await.0, 1);
    let mut o = sim.sberbank().order(&order).unwrap();
    o.chargeback = false;
    sim.sberbank().add_order(o);
    let (code, v) = reverse(&host, &order, &[]).await;
    assert_eq!(
        (code, result(&v), provider_code(&v)),
        (1, "declined", "7"),
        "{v}"
    );
    assert_eq!(
        v["outcome"]["provider_message"],
        "Invalid operation for the current order status."
    );
    assert_eq!(ledger(&sim), 0);
}

#[tokio::test]
async fn error_7_on_an_order_reversed_meanwhile_is_already_reversed() {
    let sim = sim().await;
    let order = add(&sim, 12, OrderStatus::Approved, |_| {});
    // The first read goes through; reverse.do waits 1.5 s, long enough to
    // reverse the order behind the plugin's back.
    skip(&sim, 1);
    fault(&sim, FaultKind::Delay { ms: 1_500 });
    let host = host_with(&sim, &SimConfig::default().sberbank.password, 10_000);
    let call = tokio::spawn(async move { reverse(&host, &order, &[]).await });
    while !sim.faults().pending().is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut o = sim.sberbank().order(&id(12)).unwrap();
    o.status = OrderStatus::Reversed;
    o.reversal_attempted = true;
    sim.sberbank().add_order(o);
    let (code, v) = call.await.unwrap();
    assert_eq!(
        (code, result(&v), provider_code(&v)),
        (0, "already-reversed", "orderStatus=3"),
        "{v}"
    );
    assert_eq!(ledger(&sim), 0, "the plugin reversed nothing itself");
}

// ---- the order-status read before the reversal ----

#[tokio::test]
async fn status_read_system_error_is_provider_down_and_nothing_sent() {
    let sim = sim().await;
    let order = add(&sim, 13, OrderStatus::Approved, |_| {});
    sim.sberbank().set_merchant(MerchantFlags {
        status_unavailable: true,
        ..MerchantFlags::default()
    });
    let v = documented(&sim, &order, (13, "provider-down", "7"), "NOT sent").await;
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("System error."),
        "{v}"
    );
    assert!(!sim.sberbank().order(&order).unwrap().reversal_attempted);
}

#[tokio::test]
async fn http_500_on_the_status_read_is_provider_down_and_nothing_sent() {
    let sim = sim().await;
    let order = add(&sim, 14, OrderStatus::Approved, |_| {});
    fault(&sim, FaultKind::Status500);
    let v = documented(&sim, &order, (13, "provider-down", "500"), "NOT sent").await;
    assert!(
        v["error"]["raw"].as_str().unwrap().starts_with("HTTP 500"),
        "{v}"
    );
}

// ---- lost or unreadable reverse.do answers ----

#[tokio::test]
async fn dropped_answer_after_the_reversal_is_succeeded_with_one_ledger_entry() {
    let sim = sim().await;
    let order = add(&sim, 15, OrderStatus::Approved, |_| {});
    skip(&sim, 1);
    fault(&sim, FaultKind::DropAfter);
    let host = host(&sim);
    let (code, v) = reverse(&host, &order, &[]).await;
    assert_eq!(
        (code, result(&v), provider_code(&v)),
        (0, "succeeded", "orderStatus=3"),
        "{v}"
    );
    assert_eq!(v["outcome"]["amount"], "12.34");
    assert!(sim.faults().pending().is_empty(), "the drop hit reverse.do");
    assert_eq!(ledger(&sim), 1, "reversed exactly once");
    let (code, v) = reverse(&host, &order, &[]).await;
    assert_eq!((code, result(&v)), (0, "already-reversed"), "{v}");
    assert_eq!(ledger(&sim), 1, "still once");
}

#[tokio::test]
async fn dropped_answer_and_failed_reread_is_in_doubt_and_status_tells() {
    let sim = sim().await;
    let order = add(&sim, 16, OrderStatus::Approved, |_| {});
    skip(&sim, 1);
    fault(&sim, FaultKind::DropAfter);
    fault(&sim, FaultKind::DropBefore);
    let host = host(&sim);
    let (code, v) = reverse(&host, &order, &[]).await;
    assert_eq!((code, result(&v)), (11, "in-doubt"), "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("revhost status"),
        "{v}"
    );
    assert_eq!(ledger(&sim), 1);
    let (code, v) = host
        .json(&["status", "--provider", "sberbank", "--payment", &order])
        .await;
    assert_eq!(
        (code, result(&v), provider_code(&v)),
        (0, "succeeded", "orderStatus=3"),
        "{v}"
    );
    let (code, v) = reverse(&host, &order, &[]).await;
    assert_eq!((code, result(&v)), (0, "already-reversed"), "{v}");
    assert_eq!(ledger(&sim), 1);
}

#[tokio::test]
async fn http_500_on_reverse_is_in_doubt_then_a_retry_reverses_once() {
    let sim = sim().await;
    let order = add(&sim, 17, OrderStatus::Approved, |_| {});
    skip(&sim, 1);
    fault(&sim, FaultKind::Status500);
    let host = host(&sim);
    let (code, v) = reverse(&host, &order, &[]).await;
    assert_eq!(
        (code, result(&v), provider_code(&v)),
        (11, "in-doubt", "500"),
        "{v}"
    );
    assert!(
        v["error"]["raw"].as_str().unwrap().starts_with("HTTP 500"),
        "{v}"
    );
    assert_eq!(ledger(&sim), 0);
    let (code, v) = reverse(&host, &order, &[]).await;
    assert_eq!((code, result(&v)), (0, "succeeded"), "{v}");
    assert_eq!(ledger(&sim), 1);
}

#[tokio::test]
async fn malformed_reverse_answer_is_in_doubt_with_the_raw_body() {
    let sim = sim().await;
    let order = add(&sim, 18, OrderStatus::Approved, |_| {});
    skip(&sim, 1);
    fault(&sim, FaultKind::Malformed);
    let (code, v) = reverse(&host(&sim), &order, &[]).await;
    assert_eq!((code, result(&v)), (11, "in-doubt"), "{v}");
    assert!(
        v["error"]["raw"].as_str().unwrap().contains("errorMes"),
        "{v}"
    );
    assert_eq!(ledger(&sim), 0);
}

#[tokio::test]
async fn reverse_timeout_is_in_doubt_and_the_late_reversal_is_seen_on_retry() {
    let sim = sim().await;
    let order = add(&sim, 19, OrderStatus::Approved, |_| {});
    skip(&sim, 1);
    fault(&sim, FaultKind::Delay { ms: 3_000 });
    let host = host(&sim);
    let (code, v) = reverse(&host, &order, &[]).await;
    assert_eq!((code, result(&v)), (11, "in-doubt"), "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("in time"),
        "{v}"
    );
    // The slow bank applies the reversal after all.
    for _ in 0..200 {
        if ledger(&sim) == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(ledger(&sim), 1);
    let (code, v) = reverse(&host, &order, &[]).await;
    assert_eq!((code, result(&v)), (0, "already-reversed"), "{v}");
    assert_eq!(ledger(&sim), 1);
}

#[tokio::test]
async fn refused_connection_is_not_attempted() {
    let sim = sim().await;
    let host = host(&sim);
    sim.shutdown().await;
    let (code, v) = reverse(&host, &id(20), &[]).await;
    assert_eq!((code, result(&v)), (10, "not-attempted"), "{v}");
}

// ---- refused before sending ----

#[tokio::test]
async fn refund_operation_and_bad_amounts_are_invalid_request() {
    let sim = sim().await;
    let order = add(&sim, 21, OrderStatus::Approved, |_| {});
    let host = host(&sim);
    let (code, v) = host
        .json(&["reverse", "--provider", "sberbank", "--payment", &order])
        .await;
    assert_eq!((code, result(&v)), (15, "invalid-request"), "{v}");
    for bad in ["12.345", "-1", "1e3", "0"] {
        let (code, v) = reverse(&host, &order, &[&format!("--amount={bad}")]).await;
        assert_eq!((code, result(&v)), (15, "invalid-request"), "{bad}: {v}");
    }
    let (code, v) = reverse(&host, " ", &[]).await;
    assert_eq!((code, result(&v)), (15, "invalid-request"), "{v}");
    assert!(!sim.sberbank().order(&order).unwrap().reversal_attempted);
}

// ---- status command ----

#[tokio::test]
async fn status_reports_reversed_or_not() {
    let sim = sim().await;
    let open = add(&sim, 22, OrderStatus::Approved, |_| {});
    let done = add(&sim, 23, OrderStatus::Reversed, |_| {});
    let host = host(&sim);
    let (code, v) = host
        .json(&["status", "--provider", "sberbank", "--payment", &done])
        .await;
    assert_eq!((code, result(&v)), (0, "succeeded"), "{v}");
    let (code, v) = host
        .json(&["status", "--provider", "sberbank", "--payment", &open])
        .await;
    assert_eq!(
        (code, result(&v), provider_code(&v)),
        (16, "not-found", "orderStatus=1"),
        "{v}"
    );
}

/// Sberbank: an approved order, cancelled with `reverse.do`.
struct Sberbank;

impl conformance::Provider for Sberbank {
    const SIM_NAME: &'static str = "sberbank";
    const PLUGIN: &'static str = "sberbank";

    fn host(sim: &Simulator, good_secret: bool) -> Host {
        let password = if good_secret {
            SimConfig::default().sberbank.password
        } else {
            "wrong".into()
        };
        host_with(sim, &password, 1_500)
    }

    fn reversible(sim: &Simulator, n: u32) -> Vec<String> {
        let order = add(sim, 1_000 + n, OrderStatus::Approved, |_| {});
        ["--payment", order.as_str(), "--operation", "cancel"]
            .map(String::from)
            .to_vec()
    }

    fn unknown(_sim: &Simulator) -> Vec<String> {
        ["--payment", id(404).as_str(), "--operation", "cancel"]
            .map(String::from)
            .to_vec()
    }

    fn ledger_len(sim: &Simulator) -> usize {
        ledger(sim)
    }
}

conformance!(sberbank, Sberbank);
