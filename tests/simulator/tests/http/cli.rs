//! The `revhost-sim` binary: first stdout line, demo wallets, env API key.

use std::process::Stdio;
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncBufReadExt as _, BufReader};
use tokio::process::Command;

use crate::common::*;

#[tokio::test]
async fn binary_serves_demo_wallets() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_revhost-sim"))
        .arg("--seed-demo")
        .env("SIM_CRYPTOMUS_API_KEY", "env-key")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
        .await
        .expect("first line in time")
        .unwrap()
        .expect("a first line");
    let base = first
        .strip_prefix("revhost-sim listening on http://127.0.0.1:")
        .map(|port| format!("http://127.0.0.1:{port}"))
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"));

    let health = client()
        .get(format!("{base}/__admin/health"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    let post = |body: String, key: &str| {
        client()
            .post(format!("{base}/cryptomus/v1/wallet/blocked-address-refund"))
            .header("merchant", MERCHANT)
            .header("sign", sign(body.as_bytes(), key))
            .body(body)
            .send()
    };
    let answer = |response: reqwest::Response| async move {
        (response.status().as_u16(), response.text().await.unwrap())
    };
    let body = |order_id: &str| json!({"order_id": order_id, "address": ADDRESS}).to_string();

    // The default key is not the configured one.
    assert_eq!(
        answer(post(body("demo-1"), API_KEY).await.unwrap()).await.0,
        401
    );
    assert_eq!(
        answer(post(body("demo-1"), "env-key").await.unwrap()).await,
        (
            200,
            r#"{"state":0,"result":{"commission":"0.50","amount":"9.50"}}"#.into()
        )
    );
    assert_eq!(
        answer(post(body("demo-2"), "env-key").await.unwrap()).await,
        (
            422,
            r#"{"state":1,"message":"You can withdraw only once"}"#.into()
        )
    );
    assert_eq!(
        answer(post(body("demo-3"), "env-key").await.unwrap()).await,
        (422, r#"{"state":1,"message":"Nothing to withdraw"}"#.into())
    );
    let ledger: serde_json::Value = client()
        .get(format!("{base}/__admin/cryptomus/ledger"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ledger.as_array().map(Vec::len), Some(1));

    // SIGTERM stops it cleanly, with nothing more on stdout.
    let pid = child.id().expect("still running").to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("exits after SIGTERM")
        .unwrap();
    assert!(status.success(), "{status:?}");
    assert_eq!(lines.next_line().await.unwrap(), None);
}
