//! The Sberbank simulator over HTTP: form bodies, the password check, the
//! once-only reversal, the `ErrorCode` spelling and the admin routes.

use revhost_sim::Simulator;
use revhost_sim::providers::sberbank::{DEFAULT_PASSWORD, DEFAULT_USER_NAME};
use serde_json::{Value, json};

use crate::common::{client, start};

const ORDER: &str = "0e5b7c2a-1f3d-4e6a-8b9c-000000000001";

/// POSTs a form to `endpoint` with the credentials first; the JSON answer.
async fn call(sim: &Simulator, endpoint: &str, password: &str, fields: &[(&str, &str)]) -> Value {
    let mut form = vec![("userName", DEFAULT_USER_NAME), ("password", password)];
    form.extend_from_slice(fields);
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    let resp = client()
        .post(format!(
            "{}/payment/rest/{endpoint}",
            sim.base_url("sberbank")
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

async fn add_order_over_admin(sim: &Simulator) {
    let resp = client()
        .post(format!("{}/sberbank/orders", sim.admin_url()))
        .json(&json!({"order_id": ORDER, "amount": 1234, "status": "approved"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
}

#[tokio::test]
async fn reverses_once_and_keeps_a_ledger() {
    let sim = start().await;
    add_order_over_admin(&sim).await;
    let order = [("orderId", ORDER)];
    let v = call(&sim, "getOrderStatusExtended.do", DEFAULT_PASSWORD, &order).await;
    assert_eq!(
        (v["errorCode"].as_str(), v["orderStatus"].as_u64()),
        (Some("0"), Some(1))
    );
    let v = call(&sim, "reverse.do", DEFAULT_PASSWORD, &order).await;
    assert_eq!(v, json!({"errorCode": "0", "errorMessage": "Success"}));
    let v = call(&sim, "reverse.do", DEFAULT_PASSWORD, &order).await;
    assert_eq!(
        v,
        json!({"errorCode": "7", "errorMessage": "Invalid operation for the current order status."})
    );
    let v = call(&sim, "getOrderStatusExtended.do", DEFAULT_PASSWORD, &order).await;
    assert_eq!(v["orderStatus"], 3);
    let ledger: Value = client()
        .get(format!("{}/sberbank/ledger", sim.admin_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(ledger, json!([{"order_id": ORDER, "amount": 1234}]));
    sim.shutdown().await;
}

#[tokio::test]
async fn wrong_password_and_wrong_order_number() {
    let sim = start().await;
    add_order_over_admin(&sim).await;
    let v = call(&sim, "reverse.do", "nope", &[("orderId", ORDER)]).await;
    assert_eq!(
        v,
        json!({"errorCode": "5", "errorMessage": "Access denied."})
    );
    let v = call(&sim, "reverse.do", DEFAULT_PASSWORD, &[("orderId", "42")]).await;
    assert_eq!(
        v,
        json!({"ErrorCode": "6", "ErrorMessage": "Wrong order number."})
    );
    assert!(sim.sberbank().ledger().is_empty());
    assert!(!sim.sberbank().order(ORDER).unwrap().reversal_attempted);
    sim.shutdown().await;
}
