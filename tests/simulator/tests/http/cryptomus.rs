//! Every documented Cryptomus answer, produced by the matching state.

use revhost_sim::{MerchantFlags, WalletState};
use serde_json::json;

use crate::common::*;

const SUCCESS: &str = r#"{"state":0,"result":{"commission":"0.50","amount":"9.50"}}"#;

#[tokio::test]
async fn refund_by_order_id_succeeds_once() {
    let sim = start().await;
    sim.cryptomus().add_wallet(wallet(UUID_A, Some("order-1")));

    let reply = refund(&sim, &by_order("order-1")).await;
    assert_eq!((reply.status, reply.body.as_str()), (200, SUCCESS));

    let ledger = sim.cryptomus().ledger();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].uuid, UUID_A);
    assert_eq!(ledger[0].order_id.as_deref(), Some("order-1"));
    assert_eq!(ledger[0].address, ADDRESS);
    assert_eq!(
        (ledger[0].amount.as_str(), ledger[0].commission.as_str()),
        ("9.50", "0.50")
    );
    let after = sim.cryptomus().wallet("order-1").unwrap();
    assert_eq!(after.state, WalletState::Refunded);

    // Only once, by order id or by uuid.
    assert_message(
        &refund(&sim, &by_order("order-1")).await,
        "You can withdraw only once",
    );
    let body = json!({"uuid": UUID_A, "address": ADDRESS}).to_string();
    assert_message(&refund(&sim, &body).await, "You can withdraw only once");
    assert_eq!(sim.cryptomus().ledger().len(), 1);
    sim.shutdown().await;
}

#[tokio::test]
async fn amounts_are_blocked_minus_commission() {
    let sim = start().await;
    let mut w = wallet(UUID_A, None);
    w.blocked_amount = "123.4".into();
    w.commission = "1.05".into();
    sim.cryptomus().add_wallet(w);
    let body = json!({"uuid": UUID_A, "address": ADDRESS}).to_string();
    let reply = refund(&sim, &body).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        r#"{"state":0,"result":{"commission":"1.05","amount":"122.35"}}"#
    );
}

#[tokio::test]
async fn uuid_wins_over_order_id() {
    let sim = start().await;
    sim.cryptomus().add_wallet(wallet(UUID_A, Some("order-a")));
    sim.cryptomus().add_wallet(wallet(UUID_B, Some("order-b")));
    let body = json!({"uuid": UUID_A, "order_id": "order-b", "address": ADDRESS}).to_string();
    assert_eq!(refund(&sim, &body).await.status, 200);
    assert_eq!(sim.cryptomus().ledger()[0].uuid, UUID_A);
    assert_eq!(
        sim.cryptomus().wallet(UUID_B).unwrap().state,
        WalletState::Blocked
    );
    // Unknown uuid: not found even though the order id exists.
    let other = "cccccccc-3333-4333-8333-333333333333";
    let body = json!({"uuid": other, "order_id": "order-b", "address": ADDRESS}).to_string();
    assert_message(&refund(&sim, &body).await, "Not found");
}

#[tokio::test]
async fn concurrent_refunds_apply_once() {
    let sim = start().await;
    sim.cryptomus().add_wallet(wallet(UUID_A, Some("order-1")));
    let body = by_order("order-1");
    let replies = futures::future::join_all((0..16).map(|_| refund(&sim, &body))).await;
    let ok = replies.iter().filter(|r| r.status == 200).count();
    assert_eq!(ok, 1, "{replies:?}");
    for reply in replies.iter().filter(|r| r.status != 200) {
        assert_message(reply, "You can withdraw only once");
    }
    assert_eq!(sim.cryptomus().ledger().len(), 1);
}

#[tokio::test]
async fn business_refusals() {
    let sim = start().await;
    type Change = fn(&mut revhost_sim::Wallet);
    let cases: [(&str, Change, &str); 6] = [
        (
            "in-process",
            |w| w.state = WalletState::RefundInProcess,
            "Refund is in process",
        ),
        (
            "refunded",
            |w| w.state = WalletState::Refunded,
            "You can withdraw only once",
        ),
        (
            "empty",
            |w| w.blocked_amount = "0.00".into(),
            "Nothing to withdraw",
        ),
        (
            "small",
            |w| w.blocked_amount = "0.99".into(),
            "The amount is too small",
        ),
        (
            "no-service",
            |w| w.service_enabled = false,
            "The service was not found",
        ),
        // Service is checked before the state.
        (
            "no-service-refunded",
            |w| {
                w.service_enabled = false;
                w.state = WalletState::Refunded;
            },
            "The service was not found",
        ),
    ];
    for (n, (order_id, change, message)) in cases.into_iter().enumerate() {
        let mut w = wallet(
            &format!("{n:08}-0000-4000-8000-000000000000"),
            Some(order_id),
        );
        change(&mut w);
        sim.cryptomus().add_wallet(w);
        assert_message(&refund(&sim, &by_order(order_id)).await, message);
    }
    assert_message(&refund(&sim, &by_order("missing")).await, "Not found");
    // Refused states before "nothing to withdraw".
    let mut w = wallet(UUID_A, Some("refunded-empty"));
    w.state = WalletState::Refunded;
    w.blocked_amount = "0".into();
    sim.cryptomus().add_wallet(w);
    assert_message(
        &refund(&sim, &by_order("refunded-empty")).await,
        "You can withdraw only once",
    );
    assert!(sim.cryptomus().ledger().is_empty());
}

#[tokio::test]
async fn merchant_flags_come_before_wallet_lookup() {
    let sim = start().await;
    sim.cryptomus().add_wallet(wallet(UUID_A, Some("order-1")));
    sim.cryptomus().set_merchant(MerchantFlags {
        forbidden: true,
        maintenance: true,
    });
    assert_message(
        &refund(&sim, &by_order("missing")).await,
        "You are forbidden",
    );
    assert_message(
        &refund(&sim, &by_order("order-1")).await,
        "You are forbidden",
    );
    sim.cryptomus().set_merchant(MerchantFlags {
        forbidden: false,
        maintenance: true,
    });
    assert_message(&refund(&sim, &by_order("missing")).await, "Server error");
    assert_message(&refund(&sim, &by_order("order-1")).await, "Server error");
    assert!(sim.cryptomus().ledger().is_empty());
    sim.cryptomus().set_merchant(MerchantFlags::default());
    assert_eq!(refund(&sim, &by_order("order-1")).await.status, 200);
}

#[tokio::test]
async fn validation_errors() {
    let sim = start().await;
    sim.cryptomus().set_merchant(MerchantFlags {
        forbidden: true,
        maintenance: false,
    });
    let reply = refund(&sim, &json!({"address": ADDRESS}).to_string()).await;
    assert_eq!(reply.status, 422);
    assert_eq!(
        reply.body,
        r#"{"state":1,"errors":{"uuid":["validation.required_without"],"order_id":["validation.required_without"]}}"#
    );

    for body in ["", "not json", "[1,2]", "\"text\"", "{\"order_id\":"] {
        let reply = refund(&sim, body).await;
        assert_eq!(reply.status, 422, "{body:?}");
        assert_eq!(
            reply.body,
            r#"{"state":1,"errors":{"body":["validation.json"]}}"#
        );
    }

    let cases = [
        (
            json!({"order_id": "o-1"}),
            json!({"address": ["validation.required"]}),
        ),
        (
            json!({"uuid": "nope", "address": ADDRESS}),
            json!({"uuid": ["validation.uuid"]}),
        ),
        (
            json!({"order_id": "x".repeat(33), "address": ADDRESS}),
            json!({"order_id": ["validation.max.string"]}),
        ),
        (
            json!({"order_id": "o/1", "address": ADDRESS}),
            json!({"order_id": ["validation.alpha_dash"]}),
        ),
        (
            json!({"order_id": "o-1", "address": "short"}),
            json!({"address": ["validation.min.string"]}),
        ),
        (
            json!({"order_id": "o-1", "address": "y".repeat(129)}),
            json!({"address": ["validation.max.string"]}),
        ),
        (
            json!({"order_id": "o-1", "address": "has spaces in it"}),
            json!({"address": ["validation.alpha_dash"]}),
        ),
    ];
    for (body, errors) in cases {
        let reply = refund(&sim, &body.to_string()).await;
        assert_eq!(reply.status, 422, "{body}");
        assert_eq!(
            reply.json(),
            json!({"state": 1, "errors": errors}),
            "{body}"
        );
    }
}

#[tokio::test]
async fn signature_is_checked_over_raw_bytes() {
    let sim = start().await;
    sim.cryptomus().add_wallet(wallet(UUID_A, Some("order-1")));
    let body = by_order("order-1");
    let invalid = r#"{"state":1,"message":"Invalid Sign"}"#;

    let attempts = [
        (Some(MERCHANT), Some(sign(body.as_bytes(), "wrong-key"))),
        (Some(MERCHANT), None),
        (None, Some(sign(body.as_bytes(), API_KEY))),
        (
            Some("00000000-0000-4000-8000-000000000000"),
            Some(sign(body.as_bytes(), API_KEY)),
        ),
        // Same JSON, different bytes.
        (
            Some(MERCHANT),
            Some(sign(format!("{body} ").as_bytes(), API_KEY)),
        ),
    ];
    for (merchant, sign_header) in attempts {
        let reply = send(&sim, &body, merchant, sign_header).await.unwrap();
        assert_eq!((reply.status, reply.body.as_str()), (401, invalid));
    }
    // The signature is checked before the body is even parsed.
    let reply = send(&sim, "garbage", Some(MERCHANT), Some(sign(b"x", API_KEY)))
        .await
        .unwrap();
    assert_eq!(reply.status, 401);
    assert!(sim.cryptomus().ledger().is_empty());

    // Unusual but valid bytes, correctly signed, are accepted.
    let spaced = "{ \"address\" : \"TQ4ziwY1mRw9p7hBwTzfBB5FQ1bLm4oYxq\",\n  \"order_id\":\"order\\u002d1\" }";
    let reply = refund(&sim, spaced).await;
    assert_eq!((reply.status, reply.body.as_str()), (200, SUCCESS));
}

#[tokio::test]
async fn configured_credentials_are_used() {
    let config = revhost_sim::SimConfig {
        cryptomus: revhost_sim::CryptomusConfig {
            merchant: UUID_B.into(),
            api_key: "another-key".into(),
        },
        ..revhost_sim::SimConfig::default()
    };
    let sim = revhost_sim::Simulator::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap();
    sim.cryptomus().add_wallet(wallet(UUID_A, Some("order-1")));
    let body = by_order("order-1");
    assert_eq!(try_refund(&sim, &body).await.unwrap().status, 401);
    let reply = send(
        &sim,
        &body,
        Some(UUID_B),
        Some(sign(body.as_bytes(), "another-key")),
    )
    .await
    .unwrap();
    assert_eq!((reply.status, reply.body.as_str()), (200, SUCCESS));
}
