//! Cryptomus end to end: the real `revhost` binary runs the real
//! `cryptomus.wasm` against the simulator over loopback HTTP, one test per
//! documented answer, plus transport faults.

use revhost_sim::providers::cryptomus::{MerchantFlags, Wallet, WalletState};
use revhost_sim::{Fault, FaultKind, SimConfig, Simulator};
use revhost_tests::{Host, conformance};
use serde_json::Value;

const ADDRESS: &str = "TK8xRefundAddress01";

async fn sim() -> Simulator {
    Simulator::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
        .await
        .expect("the simulator starts")
}

/// A host with the Cryptomus plugin pointed at `sim`, signing with `api_key`.
fn host(sim: &Simulator, api_key: &str) -> Host {
    let cfg = SimConfig::default();
    Host::new()
        .with_plugin("cryptomus")
        .with_instance(
            "cryptomus",
            &format!(
                r#"plugin = "cryptomus"
allow_hosts = ["http://{addr}"]
allow_private = ["127.0.0.1"]
[instances.cryptomus.config]
base_url = "{base}"
merchant = "{merchant}"
[instances.cryptomus.secrets]
api_key = {{ env = "TEST_CRYPTOMUS_KEY" }}
[instances.cryptomus.limits]
http_timeout_ms = 1500
"#,
                addr = sim.addr(),
                base = sim.base_url("cryptomus"),
                merchant = cfg.cryptomus.merchant,
            ),
        )
        .with_env("TEST_CRYPTOMUS_KEY", api_key)
}

fn good_host(sim: &Simulator) -> Host {
    host(sim, &SimConfig::default().cryptomus.api_key)
}

fn wallet(order_id: &str, blocked: &str, state: WalletState) -> Wallet {
    Wallet {
        uuid: format!("{:0>8}-0000-4000-8000-000000000000", order_id.len()),
        order_id: Some(order_id.into()),
        blocked_amount: blocked.into(),
        commission: "0.50".into(),
        min_amount: "1.00".into(),
        state,
        service_enabled: true,
    }
}

async fn refund(host: &Host, payment: &str) -> (i32, Value) {
    host.json(&[
        "reverse",
        "--provider",
        "cryptomus",
        "--payment",
        payment,
        "--param",
        &format!("address={ADDRESS}"),
    ])
    .await
}

fn outcome(v: &Value) -> &str {
    v["outcome"]["kind"]
        .as_str()
        .unwrap_or_else(|| panic!("no outcome in {v}"))
}

fn error_class(v: &Value) -> &str {
    v["error"]["class"]
        .as_str()
        .unwrap_or_else(|| panic!("no error in {v}"))
}

#[tokio::test]
async fn success_refunds_blocked_funds_minus_commission() {
    let sim = sim().await;
    sim.cryptomus()
        .add_wallet(wallet("ord-1", "10.00", WalletState::Blocked));
    let (code, v) = refund(&good_host(&sim), "ord-1").await;
    assert_eq!((code, outcome(&v)), (0, "succeeded"), "{v}");
    assert_eq!(v["outcome"]["amount"], "9.50");
    assert_eq!(v["outcome"]["fee"], "0.50");
    let ledger = sim.cryptomus().ledger();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].address, ADDRESS);
}

#[tokio::test]
async fn refund_by_uuid_identifies_the_wallet_by_uuid() {
    let sim = sim().await;
    let w = wallet("ord-uuid", "5.00", WalletState::Blocked);
    let uuid = w.uuid.clone();
    sim.cryptomus().add_wallet(w);
    let (code, v) = refund(&good_host(&sim), &uuid).await;
    assert_eq!((code, outcome(&v)), (0, "succeeded"), "{v}");
    assert_eq!(v["outcome"]["amount"], "4.50");
}

#[tokio::test]
async fn second_refund_is_already_reversed_and_ledger_has_one_entry() {
    let sim = sim().await;
    sim.cryptomus()
        .add_wallet(wallet("ord-2", "10.00", WalletState::Blocked));
    let host = good_host(&sim);
    assert_eq!(refund(&host, "ord-2").await.0, 0);
    let (code, v) = refund(&host, "ord-2").await;
    assert_eq!((code, outcome(&v)), (0, "already-reversed"), "{v}");
    assert_eq!(v["outcome"]["provider_code"], "You can withdraw only once");
    assert_eq!(sim.cryptomus().ledger().len(), 1);
}

#[tokio::test]
async fn validation_error_is_invalid_request_naming_the_fields() {
    let sim = sim().await;
    let (code, v) = good_host(&sim)
        .json(&[
            "reverse",
            "--provider",
            "cryptomus",
            "--payment",
            "ord-3",
            "--param",
            "address=short",
        ])
        .await;
    assert_eq!((code, error_class(&v)), (15, "invalid-request"), "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("address"),
        "{v}"
    );
    assert!(
        v["error"]["raw"].as_str().unwrap().starts_with("HTTP 422"),
        "{v}"
    );
}

#[tokio::test]
async fn missing_wallet_reference_is_the_required_without_validation_error() {
    let sim = sim().await;
    let (code, v) = refund(&good_host(&sim), "").await;
    assert_eq!((code, error_class(&v)), (15, "invalid-request"), "{v}");
    let msg = v["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("order_id") && msg.contains("required_without"),
        "{v}"
    );
}

#[tokio::test]
async fn missing_address_is_refused_before_sending() {
    let sim = sim().await;
    let (code, v) = good_host(&sim)
        .json(&["reverse", "--provider", "cryptomus", "--payment", "ord-x"])
        .await;
    assert_eq!((code, error_class(&v)), (15, "invalid-request"), "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("address="),
        "{v}"
    );
}

/// One documented `message` → expected (exit code, outcome or error class).
async fn documented(
    setup: impl FnOnce(&Simulator),
    payment: &str,
    want_code: i32,
    want: &str,
    message: &str,
) {
    let sim = sim().await;
    setup(&sim);
    let (code, v) = refund(&good_host(&sim), payment).await;
    let got = v["outcome"]["kind"]
        .as_str()
        .or(v["error"]["class"].as_str())
        .unwrap();
    assert_eq!((code, got), (want_code, want), "{v}");
    let provider_code = v["outcome"]["provider_code"]
        .as_str()
        .or(v["error"]["provider_code"].as_str());
    assert_eq!(provider_code, Some(message), "{v}");
    assert!(sim.cryptomus().ledger().is_empty());
}

#[tokio::test]
async fn not_found_is_not_found() {
    documented(|_| {}, "no-such-wallet", 16, "not-found", "Not found").await;
}

#[tokio::test]
async fn refund_in_process_is_pending() {
    documented(
        |s| {
            s.cryptomus()
                .add_wallet(wallet("ord-p", "10.00", WalletState::RefundInProcess))
        },
        "ord-p",
        3,
        "pending",
        "Refund is in process",
    )
    .await;
}

#[tokio::test]
async fn forbidden_merchant_is_auth_config() {
    documented(
        |s| {
            s.cryptomus()
                .add_wallet(wallet("ord-f", "10.00", WalletState::Blocked));
            s.cryptomus().set_merchant(MerchantFlags {
                forbidden: true,
                maintenance: false,
            });
        },
        "ord-f",
        14,
        "auth-config",
        "You are forbidden",
    )
    .await;
}

#[tokio::test]
async fn nothing_to_withdraw_is_declined() {
    documented(
        |s| {
            s.cryptomus()
                .add_wallet(wallet("ord-0", "0.00", WalletState::Blocked))
        },
        "ord-0",
        1,
        "declined",
        "Nothing to withdraw",
    )
    .await;
}

#[tokio::test]
async fn amount_too_small_is_declined() {
    documented(
        |s| {
            s.cryptomus()
                .add_wallet(wallet("ord-s", "0.40", WalletState::Blocked))
        },
        "ord-s",
        1,
        "declined",
        "The amount is too small",
    )
    .await;
}

#[tokio::test]
async fn server_error_message_is_provider_down() {
    documented(
        |s| {
            s.cryptomus()
                .add_wallet(wallet("ord-m", "10.00", WalletState::Blocked));
            s.cryptomus().set_merchant(MerchantFlags {
                forbidden: false,
                maintenance: true,
            });
        },
        "ord-m",
        13,
        "provider-down",
        "Server error",
    )
    .await;
}

#[tokio::test]
async fn service_not_found_is_provider_down() {
    documented(
        |s| {
            let mut w = wallet("ord-svc", "10.00", WalletState::Blocked);
            w.service_enabled = false;
            s.cryptomus().add_wallet(w);
        },
        "ord-svc",
        13,
        "provider-down",
        "The service was not found",
    )
    .await;
}

#[tokio::test]
async fn http_500_is_in_doubt_and_a_retry_succeeds_once() {
    let sim = sim().await;
    sim.cryptomus()
        .add_wallet(wallet("ord-500", "10.00", WalletState::Blocked));
    sim.faults().push(Fault {
        provider: "cryptomus".into(),
        kind: FaultKind::Status500,
        times: 1,
    });
    let host = good_host(&sim);
    let (code, v) = refund(&host, "ord-500").await;
    assert_eq!((code, error_class(&v)), (11, "in-doubt"), "{v}");
    assert_eq!(v["error"]["provider_code"], "500");
    assert!(sim.cryptomus().ledger().is_empty());
    let (code, v) = refund(&host, "ord-500").await;
    assert_eq!((code, outcome(&v)), (0, "succeeded"), "{v}");
    assert_eq!(sim.cryptomus().ledger().len(), 1);
}

#[tokio::test]
async fn wrong_api_key_is_rejected_by_the_simulator_as_auth_config() {
    let sim = sim().await;
    sim.cryptomus()
        .add_wallet(wallet("ord-k", "10.00", WalletState::Blocked));
    let (code, v) = refund(&host(&sim, "not-the-key"), "ord-k").await;
    assert_eq!((code, error_class(&v)), (14, "auth-config"), "{v}");
    assert!(
        v["error"]["raw"].as_str().unwrap().contains("Invalid Sign"),
        "{v}"
    );
    assert!(sim.cryptomus().ledger().is_empty());
}

#[tokio::test]
async fn connection_dropped_after_refund_is_in_doubt_then_already_reversed() {
    let sim = sim().await;
    sim.cryptomus()
        .add_wallet(wallet("ord-d", "10.00", WalletState::Blocked));
    sim.faults().push(Fault {
        provider: "cryptomus".into(),
        kind: FaultKind::DropAfter,
        times: 1,
    });
    let host = good_host(&sim);
    let (code, v) = refund(&host, "ord-d").await;
    assert_eq!((code, error_class(&v)), (11, "in-doubt"), "{v}");
    assert_eq!(sim.cryptomus().ledger().len(), 1, "the refund was applied");
    let (code, v) = refund(&host, "ord-d").await;
    assert_eq!((code, outcome(&v)), (0, "already-reversed"), "{v}");
    assert_eq!(sim.cryptomus().ledger().len(), 1, "and only once");
}

#[tokio::test]
async fn connection_dropped_before_refund_is_in_doubt_and_nothing_applied() {
    let sim = sim().await;
    sim.cryptomus()
        .add_wallet(wallet("ord-db", "10.00", WalletState::Blocked));
    sim.faults().push(Fault {
        provider: "cryptomus".into(),
        kind: FaultKind::DropBefore,
        times: 1,
    });
    let (code, v) = refund(&good_host(&sim), "ord-db").await;
    assert_eq!((code, error_class(&v)), (11, "in-doubt"), "{v}");
    assert!(sim.cryptomus().ledger().is_empty());
}

#[tokio::test]
async fn slow_answer_past_the_timeout_is_in_doubt() {
    let sim = sim().await;
    sim.cryptomus()
        .add_wallet(wallet("ord-t", "10.00", WalletState::Blocked));
    sim.faults().push(Fault {
        provider: "cryptomus".into(),
        kind: FaultKind::Delay { ms: 3_000 },
        times: 1,
    });
    let (code, v) = refund(&good_host(&sim), "ord-t").await;
    assert_eq!((code, error_class(&v)), (11, "in-doubt"), "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("in time"),
        "{v}"
    );
}

#[tokio::test]
async fn malformed_answer_is_in_doubt_with_the_raw_body() {
    let sim = sim().await;
    sim.cryptomus()
        .add_wallet(wallet("ord-mal", "10.00", WalletState::Blocked));
    sim.faults().push(Fault {
        provider: "cryptomus".into(),
        kind: FaultKind::Malformed,
        times: 1,
    });
    let (code, v) = refund(&good_host(&sim), "ord-mal").await;
    assert_eq!((code, error_class(&v)), (11, "in-doubt"), "{v}");
    assert!(
        v["error"]["raw"].as_str().unwrap().starts_with("HTTP 200"),
        "{v}"
    );
}

#[tokio::test]
async fn refused_connection_is_not_attempted() {
    let sim = sim().await;
    let host = good_host(&sim);
    sim.shutdown().await;
    let (code, v) = refund(&host, "ord-gone").await;
    assert_eq!((code, error_class(&v)), (10, "not-attempted"), "{v}");
}

#[tokio::test]
async fn human_output_is_a_table_with_the_outcome() {
    let sim = sim().await;
    sim.cryptomus()
        .add_wallet(wallet("ord-h", "10.00", WalletState::Blocked));
    let r = good_host(&sim)
        .run(&[
            "reverse",
            "--provider",
            "cryptomus",
            "--payment",
            "ord-h",
            "--param",
            &format!("address={ADDRESS}"),
        ])
        .await;
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("outcome") && l.ends_with("succeeded")),
        "{r:?}"
    );
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("amount") && l.ends_with("9.50")),
        "{r:?}"
    );
}

/// Cryptomus: a static wallet with blocked funds, refunded to an address.
struct Cryptomus;

impl conformance::Provider for Cryptomus {
    const SIM_NAME: &'static str = "cryptomus";
    const PLUGIN: &'static str = "cryptomus";

    fn host(sim: &Simulator, good_secret: bool) -> Host {
        let cfg = revhost_sim::SimConfig::default().cryptomus;
        let key = if good_secret {
            cfg.api_key
        } else {
            "wrong".into()
        };
        Host::new()
            .with_plugin("cryptomus")
            .with_instance(
                "cryptomus",
                &format!(
                    "plugin = \"cryptomus\"\nallow_hosts = [\"http://{}\"]\nallow_private = [\"127.0.0.1\"]\n\
                     [instances.cryptomus.config]\nbase_url = \"{}\"\nmerchant = \"{}\"\n\
                     [instances.cryptomus.secrets]\napi_key = {{ env = \"CONF_CRYPTOMUS_KEY\" }}\n\
                     [instances.cryptomus.limits]\nhttp_timeout_ms = 1500\n",
                    sim.addr(),
                    sim.base_url("cryptomus"),
                    cfg.merchant
                ),
            )
            .with_env("CONF_CRYPTOMUS_KEY", &key)
    }

    fn reversible(sim: &Simulator, n: u32) -> Vec<String> {
        let order_id = format!("conf-{n}");
        sim.cryptomus().add_wallet(Wallet {
            uuid: format!("{n:08}-0000-4000-8000-000000000000"),
            order_id: Some(order_id.clone()),
            blocked_amount: "10.00".into(),
            commission: "0.50".into(),
            min_amount: "1.00".into(),
            state: WalletState::Blocked,
            service_enabled: true,
        });
        conformance_args(&order_id)
    }

    fn unknown(_sim: &Simulator) -> Vec<String> {
        conformance_args("conf-unknown")
    }

    fn ledger_len(sim: &Simulator) -> usize {
        sim.cryptomus().ledger().len()
    }
}

fn conformance_args(wallet: &str) -> Vec<String> {
    ["--payment", wallet, "--param", "address=TK8xConformance01"]
        .map(String::from)
        .to_vec()
}

conformance!(cryptomus, Cryptomus);
