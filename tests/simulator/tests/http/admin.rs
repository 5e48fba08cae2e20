//! The admin HTTP API drives the same state as the library handle.

use std::time::Instant;

use revhost_sim::WalletState;
use serde_json::{Value, json};

use crate::common::*;

async fn admin(method: reqwest::Method, url: String, body: Option<Value>) -> (u16, Value) {
    let mut request = client().request(method, url);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn health() {
    let sim = start().await;
    let (status, body) = admin(
        reqwest::Method::GET,
        format!("{}/health", sim.admin_url()),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn wallets_merchant_and_ledger() {
    let sim = start().await;
    let base = format!("{}/cryptomus", sim.admin_url());
    let post = reqwest::Method::POST;
    let get = reqwest::Method::GET;

    // Minimal wallet: defaults fill the rest.
    let (status, body) = admin(
        post.clone(),
        format!("{base}/wallets"),
        Some(json!({"uuid": UUID_A.to_uppercase(), "order_id": "order-1", "blocked_amount": "10", "commission": "0.5"})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(
        body,
        json!({
            "uuid": UUID_A, "order_id": "order-1", "blocked_amount": "10.00",
            "commission": "0.50", "min_amount": "0.00", "state": "blocked",
            "service_enabled": true
        })
    );
    let (status, _) = admin(
        post.clone(),
        format!("{base}/wallets"),
        Some(json!({"uuid": "bad", "blocked_amount": "1"})),
    )
    .await;
    assert_eq!(status, 400);
    let (status, body) = admin(
        post.clone(),
        format!("{base}/wallets"),
        Some(json!({"uuid": UUID_B, "blocked_amount": "1", "state": "refund_in_process"})),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(body["state"], "refund_in_process");
    assert_eq!(
        sim.cryptomus().wallet(UUID_B).unwrap().state,
        WalletState::RefundInProcess
    );

    let (status, body) = admin(get.clone(), format!("{base}/wallets/order-1"), None).await;
    assert_eq!((status, body["uuid"].as_str()), (200, Some(UUID_A)));
    let (status, _) = admin(get.clone(), format!("{base}/wallets/nope"), None).await;
    assert_eq!(status, 404);

    let (status, _) = admin(
        post.clone(),
        format!("{base}/merchant"),
        Some(json!({"forbidden": true})),
    )
    .await;
    assert_eq!(status, 200);
    assert_message(
        &refund(&sim, &by_order("order-1")).await,
        "You are forbidden",
    );
    let (status, _) = admin(
        post.clone(),
        format!("{base}/merchant"),
        Some(json!({"forbidden": false, "maintenance": false})),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(refund(&sim, &by_order("order-1")).await.status, 200);

    let (status, body) = admin(get, format!("{base}/ledger"), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!([{
            "uuid": UUID_A, "order_id": "order-1", "address": ADDRESS,
            "amount": "9.50", "commission": "0.50"
        }])
    );
}

#[tokio::test]
async fn faults_over_http() {
    let sim = start().await;
    sim.cryptomus().add_wallet(wallet(UUID_A, Some("order-1")));
    let url = format!("{}/faults", sim.admin_url());

    let (status, _) = admin(
        reqwest::Method::POST,
        url.clone(),
        Some(json!({"provider": "nowhere", "kind": {"type": "drop_after"}, "times": 1})),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = admin(
        reqwest::Method::POST,
        url.clone(),
        Some(json!({"provider": "cryptomus", "kind": {"type": "explode"}})),
    )
    .await;
    assert_eq!(status, 400);

    let (status, body) = admin(
        reqwest::Method::POST,
        url.clone(),
        Some(json!({"provider": "cryptomus", "kind": {"type": "drop_after"}, "times": 1})),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    // Admin requests do not consume provider faults.
    let (_, pending) = admin(reqwest::Method::GET, url.clone(), None).await;
    assert_eq!(pending.as_array().map(Vec::len), Some(1));

    let started = Instant::now();
    let result = try_refund(&sim, &by_order("order-1")).await;
    assert!(result.is_err(), "{result:?}");
    assert!(started.elapsed().as_secs() < 5);
    assert_eq!(sim.cryptomus().ledger().len(), 1);

    admin(
        reqwest::Method::POST,
        url.clone(),
        Some(json!({"provider": "cryptomus", "kind": {"type": "status_500"}, "times": 3})),
    )
    .await;
    let (status, _) = admin(reqwest::Method::DELETE, url.clone(), None).await;
    assert_eq!(status, 204);
    assert!(sim.faults().pending().is_empty());
}
