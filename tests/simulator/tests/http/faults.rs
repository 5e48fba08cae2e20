//! Fault injection as seen by a real client.

use std::time::{Duration, Instant};

use revhost_sim::{Fault, FaultKind, Simulator, WalletState};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

use crate::common::*;

fn fault(kind: FaultKind, times: u32) -> Fault {
    Fault {
        provider: "cryptomus".into(),
        kind,
        times,
    }
}

async fn sim_with_wallet() -> Simulator {
    let sim = start().await;
    sim.cryptomus().add_wallet(wallet(UUID_A, Some("order-1")));
    sim
}

/// Asserts the client got no HTTP answer at all (and not because of a timeout).
fn assert_no_answer(result: reqwest::Result<Reply>, started: Instant) {
    let err = result.expect_err("no HTTP response expected");
    assert!(
        !err.is_timeout(),
        "timed out instead of a closed connection: {err:?}"
    );
    assert!(err.status().is_none(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn drop_before_gives_client_error_and_applies_nothing() {
    let sim = sim_with_wallet().await;
    sim.faults().push(fault(FaultKind::DropBefore, 1));
    let started = Instant::now();
    assert_no_answer(try_refund(&sim, &by_order("order-1")).await, started);
    assert!(sim.cryptomus().ledger().is_empty());
    assert_eq!(
        sim.cryptomus().wallet("order-1").unwrap().state,
        WalletState::Blocked
    );
    assert!(sim.faults().pending().is_empty());

    // The fault is consumed: the retry is answered and applied.
    assert_eq!(refund(&sim, &by_order("order-1")).await.status, 200);
    assert_eq!(sim.cryptomus().ledger().len(), 1);
}

#[tokio::test]
async fn drop_after_applies_exactly_once() {
    let sim = sim_with_wallet().await;
    sim.faults().push(fault(FaultKind::DropAfter, 1));
    let started = Instant::now();
    assert_no_answer(try_refund(&sim, &by_order("order-1")).await, started);
    assert_eq!(sim.cryptomus().ledger().len(), 1);
    assert_eq!(
        sim.cryptomus().wallet("order-1").unwrap().state,
        WalletState::Refunded
    );

    // The client retries: the provider says it was already done.
    assert_message(
        &refund(&sim, &by_order("order-1")).await,
        "You can withdraw only once",
    );
    assert_eq!(sim.cryptomus().ledger().len(), 1);
}

#[tokio::test]
async fn dropped_connection_carries_no_bytes_at_all() {
    for kind in [FaultKind::DropBefore, FaultKind::DropAfter] {
        let sim = sim_with_wallet().await;
        sim.faults().push(fault(kind.clone(), 1));
        let body = by_order("order-1");
        let request = format!(
            "POST /cryptomus/v1/wallet/blocked-address-refund HTTP/1.1\r\nhost: {}\r\n\
             merchant: {MERCHANT}\r\nsign: {}\r\ncontent-type: application/json\r\n\
             content-length: {}\r\n\r\n{body}",
            sim.addr(),
            sign(body.as_bytes(), API_KEY),
            body.len()
        );
        let mut stream = TcpStream::connect(sim.addr()).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut received = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received))
            .await
            .expect("connection closed within 5 s");
        // Either a clean EOF or a reset; never any byte of an HTTP answer.
        assert!(
            received.is_empty(),
            "{kind:?}: got {:?}",
            String::from_utf8_lossy(&received)
        );
        if let Err(e) = read {
            assert_eq!(
                e.kind(),
                std::io::ErrorKind::ConnectionReset,
                "{kind:?}: {e}"
            );
        }
        let applied = sim.cryptomus().ledger().len();
        assert_eq!(
            applied,
            usize::from(kind == FaultKind::DropAfter),
            "{kind:?}"
        );
    }
}

#[tokio::test]
async fn status_500_applies_nothing() {
    let sim = sim_with_wallet().await;
    sim.faults().push(fault(FaultKind::Status500, 1));
    let reply = refund(&sim, &by_order("order-1")).await;
    assert_eq!(reply.status, 500);
    assert_eq!(
        reply.body,
        r#"{"message":"Server error, #1","code":500,"error":null}"#
    );
    assert!(sim.cryptomus().ledger().is_empty());
    assert_eq!(refund(&sim, &by_order("order-1")).await.status, 200);
}

#[tokio::test]
async fn malformed_is_unparsable_and_applies_nothing() {
    let sim = sim_with_wallet().await;
    sim.faults().push(fault(FaultKind::Malformed, 1));
    let reply = refund(&sim, &by_order("order-1")).await;
    assert_eq!(reply.status, 200);
    assert!(
        serde_json::from_str::<serde_json::Value>(&reply.body).is_err(),
        "{reply:?}"
    );
    assert!(sim.cryptomus().ledger().is_empty());
    assert_eq!(refund(&sim, &by_order("order-1")).await.status, 200);
}

#[tokio::test]
async fn delay_then_normal_answer() {
    let sim = sim_with_wallet().await;
    sim.faults().push(fault(FaultKind::Delay { ms: 300 }, 1));
    let started = Instant::now();
    let reply = refund(&sim, &by_order("order-1")).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, 200);
    assert_eq!(sim.cryptomus().ledger().len(), 1);
}

#[tokio::test]
async fn faults_are_fifo_and_count_down() {
    let sim = sim_with_wallet().await;
    sim.faults().push(fault(FaultKind::DropBefore, 2));
    sim.faults().push(fault(FaultKind::Status500, 1));
    // Faults for another provider never touch Cryptomus.
    sim.faults().push(Fault {
        provider: "sberbank".into(),
        kind: FaultKind::DropBefore,
        times: 5,
    });
    let body = by_order("order-1");
    for _ in 0..2 {
        assert_no_answer(try_refund(&sim, &body).await, Instant::now());
    }
    assert_eq!(refund(&sim, &body).await.status, 500);
    assert_eq!(refund(&sim, &body).await.status, 200);
    assert_eq!(sim.cryptomus().ledger().len(), 1);
    assert_eq!(sim.faults().pending().len(), 1);
}

#[tokio::test]
async fn faults_apply_to_invalid_requests_too() {
    // A fault models the network/infrastructure: it hits whatever request
    // comes next, even one the provider would reject.
    let sim = sim_with_wallet().await;
    sim.faults().push(fault(FaultKind::Status500, 1));
    let reply = send(&sim, "{}", None, None).await.unwrap();
    assert_eq!(reply.status, 500);
    assert_eq!(send(&sim, "{}", None, None).await.unwrap().status, 401);
}

#[tokio::test]
async fn drop_after_on_a_reused_connection_is_not_retried() {
    // A pooled keep-alive connection must not make the client resend the
    // request after the drop (which would hide the fault).
    let sim = sim_with_wallet().await;
    let client = client();
    let health = client
        .get(format!("{}/health", sim.admin_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    health.bytes().await.unwrap();

    sim.faults().push(fault(FaultKind::DropAfter, 1));
    let body = by_order("order-1");
    let post = || {
        client
            .post(refund_url(&sim))
            .header("merchant", MERCHANT)
            .header("sign", sign(body.as_bytes(), API_KEY))
            .body(body.clone())
            .send()
    };
    let err = post().await.expect_err("no HTTP response expected");
    assert!(!err.is_timeout(), "{err:?}");
    assert_eq!(sim.cryptomus().ledger().len(), 1);

    let retry = post().await.unwrap();
    assert_eq!(retry.status(), 422);
    assert_eq!(
        retry.text().await.unwrap(),
        r#"{"state":1,"message":"You can withdraw only once"}"#
    );
    assert_eq!(sim.cryptomus().ledger().len(), 1);
}

#[tokio::test]
async fn delay_applies_even_if_the_client_gives_up() {
    let sim = sim_with_wallet().await;
    sim.faults().push(fault(FaultKind::Delay { ms: 400 }, 1));
    let body = by_order("order-1");
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = impatient
        .post(refund_url(&sim))
        .header("merchant", MERCHANT)
        .header("sign", sign(body.as_bytes(), API_KEY))
        .body(body.clone())
        .send()
        .await
        .expect_err("the client times out");
    assert!(err.is_timeout(), "{err:?}");
    assert!(sim.cryptomus().ledger().is_empty());
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(sim.cryptomus().ledger().len(), 1);
}
