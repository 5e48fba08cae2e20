//! Hostile provider answers: truncated JSON, wrong types, a gigantic body, a
//! slow-loris body, a wrong content type, an HTML error page and redirects.
//! Each must become a typed `in-doubt` error (the request was sent) with the
//! raw answer kept, size-capped, for the operator, while a normal reversal
//! succeeds at the same time and right after.

use revhost_sim::providers::cryptomus::{Wallet, WalletState};
use revhost_sim::{SimConfig, Simulator};
use revhost_tests::Host;
use serde_json::Value;

/// The Cryptomus plugin twice: `good` against the simulated Cryptomus,
/// `bad` against one hostile answer.
fn host(sim: &Simulator, kind: &str) -> Host {
    let cfg = SimConfig::default().cryptomus;
    let instance = |name: &str, base: String| {
        format!(
            "plugin = \"cryptomus\"\nallow_hosts = [\"http://{addr}\"]\nallow_private = [\"127.0.0.1\"]\n\
             [instances.{name}.config]\nbase_url = \"{base}\"\nmerchant = \"{m}\"\n\
             [instances.{name}.secrets]\napi_key = {{ env = \"KEY\" }}\n\
             [instances.{name}.limits]\nhttp_timeout_ms = 1500\n",
            addr = sim.addr(),
            m = cfg.merchant
        )
    };
    Host::new()
        .with_plugin("cryptomus")
        .with_instance("good", &instance("good", sim.base_url("cryptomus")))
        .with_instance(
            "bad",
            &instance("bad", format!("{}/{kind}", sim.base_url("hostile"))),
        )
        .with_env("KEY", &cfg.api_key)
}

async fn refund(host: &Host, instance: &str, wallet: &str) -> (i32, Value) {
    host.json(&[
        "reverse",
        "--provider",
        instance,
        "--payment",
        wallet,
        "--param",
        "address=TK8xHostileTest01",
    ])
    .await
}

fn add_wallet(sim: &Simulator, order_id: &str) {
    sim.cryptomus().add_wallet(Wallet {
        uuid: format!("{:0>8}-0000-4000-8000-000000000000", order_id.len()),
        order_id: Some(order_id.into()),
        blocked_amount: "10.00".into(),
        commission: "0.50".into(),
        min_amount: "1.00".into(),
        state: WalletState::Blocked,
        service_enabled: true,
    });
}

/// Run the hostile answer and a normal refund in parallel, then another
/// normal refund; return the hostile result.
async fn hostile(kind: &str) -> Value {
    let sim = Simulator::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
        .await
        .unwrap();
    add_wallet(&sim, "w-parallel");
    add_wallet(&sim, "w-after");
    let host = host(&sim, kind);
    let ((code, bad), (good_code, good)) = tokio::join!(
        refund(&host, "bad", "w-x"),
        refund(&host, "good", "w-parallel")
    );
    assert_eq!(good_code, 0, "in parallel: {good}");
    let (after, v) = refund(&host, "good", "w-after").await;
    assert_eq!(after, 0, "right after: {v}");
    assert_eq!(
        (code, bad["error"]["class"].as_str()),
        (11, Some("in-doubt")),
        "{bad}"
    );
    assert!(
        bad["error"]["fault"].is_null(),
        "mapped, not trapped: {bad}"
    );
    bad
}

fn raw(v: &Value) -> &str {
    v["error"]["raw"]
        .as_str()
        .unwrap_or_else(|| panic!("no raw answer: {v}"))
}

#[tokio::test]
async fn truncated_json() {
    let v = hostile("truncated").await;
    assert!(raw(&v).contains(r#"{"state":0,"result":{"amou"#), "{v}");
}

#[tokio::test]
async fn wrong_types() {
    let v = hostile("wrong-types").await;
    assert!(raw(&v).contains(r#""state":"zero""#), "{v}");
}

#[tokio::test]
async fn gigantic_body_is_cut_off_at_the_cap() {
    let v = hostile("gigantic").await;
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("exceeded 1048576 bytes"),
        "{v}"
    );
}

#[tokio::test]
async fn slow_loris_body_times_out() {
    let v = hostile("slow").await;
    assert!(
        v["error"]["message"].as_str().unwrap().contains("in time"),
        "{v}"
    );
}

#[tokio::test]
async fn wrong_content_type() {
    let v = hostile("wrong-content-type").await;
    assert!(raw(&v).starts_with("HTTP 200: "), "{v}");
}

#[tokio::test]
async fn html_error_page_keeps_the_page_for_the_operator() {
    let v = hostile("html-error").await;
    assert!(raw(&v).starts_with("HTTP 502: <html>"), "{v}");
}

#[tokio::test]
async fn redirect_loop_is_not_followed() {
    let v = hostile("redirect-loop").await;
    assert!(raw(&v).starts_with("HTTP 302"), "{v}");
}

#[tokio::test]
async fn redirect_to_cloud_metadata_is_not_followed() {
    let v = hostile("redirect-metadata").await;
    assert!(raw(&v).starts_with("HTTP 302"), "{v}");
}
