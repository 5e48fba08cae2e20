//! 5. The sandbox cost of one reversal for each provider plugin, with an
//!    in-process responder giving each provider's success answers (no
//!    network): the RSA (Prostodar) and JWT (UAPAY) plugins differ.

use anyhow::{Result, bail};
use revhost::caps::http::{CannedResponse, Transport};
use revhost::{Operation, ReverseRequest};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::report::Report;
use crate::setup::registry;

/// One provider's bench set-up.
struct Case {
    name: &'static str,
    instance: String,
    request: ReverseRequest,
    answer: fn(&str) -> &'static str,
}

const REFERENCE: &str = "bench-ref";

fn request(payment: &str, operation: Operation, params: &[(&str, &str)]) -> ReverseRequest {
    let mut r = ReverseRequest::refund(payment);
    r.operation = operation;
    r.reference = Some(REFERENCE.into());
    r.params = params
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    r
}

fn cases(public_key_pem: &str) -> Vec<Case> {
    let instance = |name: &str, config: &str, secret: &str| {
        format!(
            "[instances.{name}]\nplugin = \"{name}\"\n[instances.{name}.config]\n{config}\n\
             [instances.{name}.secrets]\n{secret} = {{ file = \"bench.secret\" }}\n"
        )
    };
    vec![
        Case {
            name: "cryptomus",
            instance: instance(
                "cryptomus",
                "base_url = \"https://api.cryptomus.com\"\nmerchant = \"m\"",
                "api_key",
            ),
            request: request(
                "bench-wallet",
                Operation::Refund,
                &[("address", "TK8xBenchRefundAddress")],
            ),
            answer: |_| r#"{"state":0,"result":{"commission":"0.50","amount":"9.50"}}"#,
        },
        Case {
            name: "sberbank",
            instance: instance(
                "sberbank",
                "base_url = \"https://securepayments.sberbank.ru/payment/rest/\"\nuser_name = \"u\"",
                "password",
            ),
            request: request(
                "5b1c7a0e-d3f2-4a6b-9c8d-000000000001",
                Operation::Cancel,
                &[],
            ),
            answer: |url| {
                if url.contains("getOrderStatusExtended") {
                    r#"{"errorCode":"0","errorMessage":"Success","orderStatus":1,"orderNumber":"b-1","amount":1234}"#
                } else {
                    r#"{"errorCode":"0","errorMessage":"Success"}"#
                }
            },
        },
        Case {
            name: "uapay",
            instance: instance(
                "uapay",
                "base_url = \"https://api.uapay.ua\"\nclient_id = \"c\"",
                "key",
            ),
            request: request(
                "a85ee391-46ca-4766-b376-000000000001",
                Operation::Refund,
                &[],
            ),
            answer: |url| {
                if url.ends_with("sessions/create") {
                    r#"{"status":1,"id":"bench-session"}"#
                } else if url.ends_with("reverse/initiate") || url.ends_with("reverse/complete") {
                    r#"{"status":1,"data":{"paymentId":"a85ee391-46ca-4766-b376-000000000001","reverseOperationId":"op-r","reverseExternalId":"bench-ref"}}"#
                } else {
                    r#"{"status":1,"data":{"id":"a85ee391-46ca-4766-b376-000000000001","status":"RETURNED","type":"C2A","amount":10000,"operations":[{"id":"op-s","type":"SEND","status":"FINISHED","externalId":"x","amount":10000},{"id":"op-r","type":"RETURN","status":"FINISHED","externalId":"bench-ref","amount":10000}]}}"#
                }
            },
        },
        Case {
            name: "prostodar",
            instance: instance(
                "prostodar",
                &format!(
                    "base_url = \"https://api-pvk.prostodar.ru\"\npartner_name = \"p\"\npublic_key = '''\n{}'''",
                    public_key_pem.trim_end().to_owned() + "\n"
                ),
                "partner_password",
            ),
            request: request(
                "ZmM2NmYxZjAtNDg2NS00MDlmLTgzZDMtYWY5ZGZjMWNiYjEy",
                Operation::Rollback,
                &[("request_id", "r-1")],
            ),
            answer: |_| r#"{"status":"OK","message":"Request successfully completed"}"#,
        },
    ]
}

/// Measure every provider plugin.
pub async fn run(plugins: &Path, n: usize, report: &mut Report) -> Result<()> {
    // The simulator generates the RSA key pair a Prostodar instance needs.
    let sim = revhost_sim::Simulator::start("127.0.0.1:0".parse()?, Default::default()).await?;
    let pem = sim.prostodar().public_key_pem();
    sim.shutdown().await;
    for case in cases(&pem) {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("bench.secret"), "bench-secret")?;
        let mut registry = registry(
            dir.path(),
            plugins,
            &case.instance,
            &dir.path().join("cache"),
        )?;
        let answer = case.answer;
        let respond = move |r: &reqwest::Request| CannedResponse {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: answer(r.url().as_str()).as_bytes().to_vec(),
        };
        registry.set_transport(case.name, Transport::Responder(Arc::new(respond)))?;
        let first = registry.reverse(case.name, &case.request).await?;
        if let Err(e) = &first.result {
            bail!(
                "{}: the canned answers do not give a success: {e}",
                case.name
            );
        }
        let started = Instant::now();
        for _ in 0..n {
            std::hint::black_box(registry.reverse(case.name, &case.request).await?);
        }
        let per_call = started.elapsed().as_nanos() as f64 / n as f64 / 1000.0;
        report.add(
            &format!(
                "{}: one reversal in the sandbox ({} HTTP calls)",
                case.name, first.usage.http_requests
            ),
            per_call,
            "µs",
        );
    }
    Ok(())
}
