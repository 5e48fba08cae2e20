//! UAPAY over real HTTP: JWTs are built here from HMAC-SHA256 directly, not
//! with the simulator's own code; the admin API drives payments and the clock.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::common::{client, start};

const CLIENT: &str = "sim-uapay-client";
const KEY: &str = "sim-uapay-merchant-key";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// `{params, iat, token}` with `token = HS256(key, {params, iat})`.
fn body(params: Value, iat: i64, key: &str) -> String {
    let payload = json!({"params": params, "iat": iat}).to_string();
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(&payload)
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    let token = format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    );
    json!({"params": params, "iat": iat, "token": token}).to_string()
}

async fn post(url: String, body: String) -> (u16, Value) {
    let r = client().post(url).body(body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

#[tokio::test]
async fn session_initiate_complete_over_http_and_admin() {
    let sim = start().await;
    let api = |path: &str| format!("{}/api/{path}", sim.base_url("uapay"));
    let admin = |path: &str| format!("{}/uapay/{path}", sim.admin_url());

    let (status, created) = post(
        admin("payments"),
        json!({"id": "p1", "amount": 1000, "operations": [
            {"id": "s1", "type": "SEND", "externalId": "o1", "amount": 1000}
        ]})
        .to_string(),
    )
    .await;
    assert_eq!(
        (status, &created["status"]),
        (201, &json!("FINISHED")),
        "{created}"
    );

    let (status, late) = post(
        api("sessions/create"),
        body(json!({"clientId": CLIENT}), now() - 30, KEY),
    )
    .await;
    assert_eq!(
        (status, &late["error"]["code"]),
        (401, &json!("TIMELIMIT_ERROR"))
    );
    let (status, bad) = post(
        api("sessions/create"),
        body(json!({"clientId": CLIENT}), now(), "k"),
    )
    .await;
    assert_eq!(
        (status, &bad["error"]["code"]),
        (401, &json!("TOKEN_ERROR"))
    );
    let (status, missing) = post(api("sessions/create"), body(json!({}), now(), KEY)).await;
    assert_eq!(status, 400);
    assert_eq!(
        missing["error"]["fields"],
        json!({"params": {"clientId": "REQUIRED"}})
    );

    let (status, session) = post(
        api("sessions/create"),
        body(json!({"clientId": CLIENT}), now(), KEY),
    )
    .await;
    assert_eq!((status, &session["status"]), (200, &json!(1)), "{session}");
    let sid = session["id"].as_str().unwrap();

    let params = json!({"sessionId": sid, "externalId": "o1", "reverseExternalId": "r1"});
    let (status, init) = post(
        api("p2p/payments/c2a/reverse/initiate"),
        body(params, now(), KEY),
    )
    .await;
    assert_eq!(status, 200, "{init}");
    assert_eq!(init["data"]["paymentId"], "p1");
    assert_eq!(init["data"]["reverseExternalId"], "r1");

    let (status, clock) = post(admin("clock"), json!({"advance_secs": 10}).to_string()).await;
    assert_eq!(status, 200, "{clock}");

    let params = json!({"sessionId": sid, "reverseExternalId": "r1"});
    let (status, done) = post(
        api("p2p/payments/c2a/reverse/complete"),
        body(params, now(), KEY),
    )
    .await;
    assert_eq!(status, 200, "{done}");

    let params = json!({"sessionId": sid, "id": "p1"});
    let (_, shown) = post(api("p2p/payments/show"), body(params, now(), KEY)).await;
    assert_eq!(shown["data"]["status"], "RETURNED", "{shown}");
    assert_eq!(
        shown["data"]["operations"][1]["status"], "FINISHED",
        "{shown}"
    );

    let ledger: Value = client()
        .get(admin("ledger"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ledger.as_array().unwrap().len(), 1, "{ledger}");
    let got: Value = client()
        .get(admin("payments/p1"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got["status"], "RETURNED");
}
