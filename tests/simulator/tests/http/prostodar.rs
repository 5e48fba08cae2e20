//! The Prostodar rollback endpoint over HTTP, with requests encrypted here
//! (with the `rsa` crate and the public key from the admin API), not with
//! the simulator's own code.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use revhost_sim::Simulator;
use revhost_sim::providers::prostodar::{DEFAULT_PARTNER_NAME, DEFAULT_PARTNER_PASSWORD};
use rsa::pkcs8::DecodePublicKey as _;
use rsa::{Pkcs1v15Encrypt, RsaPublicKey};
use serde_json::json;

use crate::common::{client, start};

async fn public_key(sim: &Simulator) -> RsaPublicKey {
    let pem = client()
        .get(format!("{}/prostodar/public-key", sim.admin_url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(pem, sim.prostodar().public_key_pem());
    RsaPublicKey::from_public_key_pem(&pem).expect("an SPKI PEM")
}

fn encrypt(key: &RsaPublicKey, text: &str) -> String {
    let cipher = key
        .encrypt(&mut rand::thread_rng(), Pkcs1v15Encrypt, text.as_bytes())
        .unwrap();
    STANDARD.encode(cipher)
}

fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The query for a rollback, every value URL-encoded.
fn query(key: &RsaPublicKey, password: &str, wallet: &str, request: &str) -> String {
    format!(
        "requestId={}&partnerName={DEFAULT_PARTNER_NAME}&partnerPassword={}&useAuthByCert=Y&walletId={}",
        url_encode(&encrypt(key, request)),
        url_encode(&encrypt(key, password)),
        url_encode(&encrypt(key, wallet)),
    )
}

async fn post(sim: &Simulator, query: &str) -> (u16, String) {
    let response = client()
        .post(format!(
            "{}/partner/vc/mobile/rollback/?{query}",
            sim.base_url("prostodar")
        ))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn add_issue(sim: &Simulator, wallet: &str, request: &str) {
    let response = client()
        .post(format!("{}/prostodar/issues", sim.admin_url()))
        .json(&json!({"wallet_id": wallet, "request_id": request}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
}

#[tokio::test]
async fn rollback_once_then_already_issued() {
    let sim = start().await;
    let key = public_key(&sim).await;
    add_issue(&sim, "wallet-1", "req-1").await;
    let q = query(&key, DEFAULT_PARTNER_PASSWORD, "wallet-1", "req-1");
    assert_eq!(
        post(&sim, &q).await,
        (
            200,
            r#"{"status":"OK","message":"Request successfully completed"}"#.into()
        )
    );
    let q = query(&key, DEFAULT_PARTNER_PASSWORD, "wallet-1", "req-1");
    assert_eq!(
        post(&sim, &q).await,
        (
            400,
            r#"{"status":"ALREADY_ISSUED_FOR_THIS_REQUEST","message":"Already issued for this request"}"#.into()
        )
    );
    assert_eq!(sim.prostodar().ledger().len(), 1);
    let received = sim.prostodar().received();
    assert_eq!(received.len(), 2);
    assert!(
        received
            .iter()
            .all(|r| !r.raw_query.contains(DEFAULT_PARTNER_PASSWORD))
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn missing_parameter_and_wrong_login() {
    let sim = start().await;
    let key = public_key(&sim).await;
    let q = query(&key, DEFAULT_PARTNER_PASSWORD, "w", "r");
    let without_wallet = q.split("&walletId=").next().unwrap();
    assert_eq!(
        post(&sim, without_wallet).await,
        (
            400,
            r#"{"status":"VALIDATION_ERROR","message":"Missing 'walletId' parameter"}"#.into()
        )
    );
    let q = query(&key, "wrong", "w", "r");
    assert_eq!(
        post(&sim, &q).await.1,
        r#"{"status":"PARTNER_LOGIN_IS_NOT_CORRECT","message":"Partner login is not correct"}"#
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn ciphertext_not_url_encoded_or_not_encrypted_is_request_incorrectly() {
    let sim = start().await;
    let key = public_key(&sim).await;
    add_issue(&sim, "w", "r").await;
    // A password ciphertext whose base64 has a `+`, sent raw: `+` decodes as
    // a space and the ciphertext no longer decrypts.
    let password = std::iter::repeat_with(|| encrypt(&key, DEFAULT_PARTNER_PASSWORD))
        .find(|c| c.contains('+'))
        .unwrap();
    let q = format!(
        "requestId={}&partnerName={DEFAULT_PARTNER_NAME}&partnerPassword={password}&useAuthByCert=Y&walletId={}",
        url_encode(&encrypt(&key, "r")),
        url_encode(&encrypt(&key, "w")),
    );
    let incorrect = r#"{"status":"REQUEST_INCORRECTLY","message":"Request incorrectly"}"#;
    assert_eq!(post(&sim, &q).await, (400, incorrect.into()));
    let clear = format!(
        "requestId=r&partnerName={DEFAULT_PARTNER_NAME}&partnerPassword={DEFAULT_PARTNER_PASSWORD}&useAuthByCert=Y&walletId=w"
    );
    assert_eq!(post(&sim, &clear).await, (400, incorrect.into()));
    assert!(sim.prostodar().ledger().is_empty());
    sim.shutdown().await;
}
