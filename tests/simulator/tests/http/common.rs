//! Helpers shared by the HTTP tests. Signatures are computed here from
//! md5/base64 directly, not with the simulator's own code.

use std::time::Duration;

use base64::Engine as _;
use md5::{Digest, Md5};
use revhost_sim::{SimConfig, Simulator, Wallet, WalletState};
use serde_json::Value;

pub const MERCHANT: &str = "8b03432e-385b-4670-8d06-064591096795";
pub const API_KEY: &str = "sim-cryptomus-api-key";
pub const ADDRESS: &str = "TQ4ziwY1mRw9p7hBwTzfBB5FQ1bLm4oYxq";
pub const UUID_A: &str = "aaaaaaaa-1111-4111-8111-111111111111";
pub const UUID_B: &str = "bbbbbbbb-2222-4222-8222-222222222222";

/// Starts a simulator with the default configuration on a free port.
pub async fn start() -> Simulator {
    Simulator::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
        .await
        .expect("simulator starts")
}

/// An HTTP client that never goes through a proxy.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// `hex(md5(base64(body) + key))`.
pub fn sign(body: &[u8], key: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(body);
    hex::encode(Md5::digest(format!("{encoded}{key}").as_bytes()))
}

/// The refund endpoint of a simulator.
pub fn refund_url(sim: &Simulator) -> String {
    format!(
        "{}/v1/wallet/blocked-address-refund",
        sim.base_url("cryptomus")
    )
}

/// A wallet with 10.00 blocked, commission 0.50, minimum 1.00.
pub fn wallet(uuid: &str, order_id: Option<&str>) -> Wallet {
    Wallet {
        uuid: uuid.into(),
        order_id: order_id.map(Into::into),
        blocked_amount: "10.00".into(),
        commission: "0.50".into(),
        min_amount: "1.00".into(),
        state: WalletState::Blocked,
        service_enabled: true,
    }
}

/// A received answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("JSON body")
    }
}

/// Sends `body` signed with `key` by `merchant`; `Err` if no HTTP answer.
pub async fn send(
    sim: &Simulator,
    body: &str,
    merchant: Option<&str>,
    sign_header: Option<String>,
) -> reqwest::Result<Reply> {
    let mut request = client()
        .post(refund_url(sim))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(merchant) = merchant {
        request = request.header("merchant", merchant);
    }
    if let Some(sign) = sign_header {
        request = request.header("sign", sign);
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    let body = response.text().await?;
    Ok(Reply { status, body })
}

/// Sends a correctly signed refund request; `Err` if no HTTP answer.
pub async fn try_refund(sim: &Simulator, body: &str) -> reqwest::Result<Reply> {
    send(
        sim,
        body,
        Some(MERCHANT),
        Some(sign(body.as_bytes(), API_KEY)),
    )
    .await
}

/// Sends a correctly signed refund request and expects an HTTP answer.
pub async fn refund(sim: &Simulator, body: &str) -> Reply {
    try_refund(sim, body).await.expect("an HTTP answer")
}

/// A refund body for an order id and the default address.
pub fn by_order(order_id: &str) -> String {
    serde_json::json!({ "order_id": order_id, "address": ADDRESS }).to_string()
}

/// Asserts an exact `{"state":1,"message":...}` answer with HTTP 422.
pub fn assert_message(reply: &Reply, message: &str) {
    assert_eq!(reply.status, 422, "{reply:?}");
    assert_eq!(
        reply.body,
        format!(r#"{{"state":1,"message":"{message}"}}"#),
        "{reply:?}"
    );
}
