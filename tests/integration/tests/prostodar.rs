//! Prostodar end to end: the real `revhost` binary runs the real
//! `prostodar.wasm` against the simulator over loopback HTTP, one test per
//! documented status (BANK_ERROR twice: it has two messages), the
//! ALREADY_ISSUED_FOR_THIS_REQUEST cases, the encryption of the marked
//! parameters, transport faults, and the conformance suite.

use std::net::IpAddr;

use revhost_sim::providers::prostodar::{
    BankError, DEFAULT_PARTNER_PASSWORD, Issue, IssueState, PartnerFlags,
};
use revhost_sim::{Fault, FaultKind, SimConfig, Simulator};
use revhost_tests::{Host, conformance};
use serde_json::Value;

async fn sim() -> Simulator {
    Simulator::start("127.0.0.1:0".parse().unwrap(), SimConfig::default())
        .await
        .expect("the simulator starts")
}

/// A host with the Prostodar plugin pointed at `sim`, with this partner
/// password and public key.
fn host_with(sim: &Simulator, password: &str, public_key: &str) -> Host {
    let cfg = sim.prostodar().config().clone();
    Host::new()
        .with_plugin("prostodar")
        .with_instance(
            "prostodar",
            &format!(
                r#"plugin = "prostodar"
allow_hosts = ["http://{addr}"]
allow_private = ["127.0.0.1"]
[instances.prostodar.config]
base_url = "{base}"
partner_name = "{name}"
public_key = """
{public_key}"""
[instances.prostodar.secrets]
partner_password = {{ env = "TEST_PROSTODAR_PASSWORD" }}
[instances.prostodar.limits]
http_timeout_ms = 1500
"#,
                addr = sim.addr(),
                base = sim.base_url("prostodar"),
                name = cfg.partner_name,
            ),
        )
        .with_env("TEST_PROSTODAR_PASSWORD", password)
}

fn good_host(sim: &Simulator) -> Host {
    host_with(
        sim,
        &sim.prostodar().config().partner_password,
        &sim.prostodar().public_key_pem(),
    )
}

/// A created (rollback-able) issue: walletId `w-<n>`, requestId `r-<n>`.
fn issue(sim: &Simulator, n: &str) -> Issue {
    let issue = Issue::created(&format!("w-{n}"), &format!("r-{n}"));
    sim.prostodar().add_issue(issue.clone());
    issue
}

async fn rollback(host: &Host, issue: &Issue, extra: &[&str]) -> (i32, Value) {
    let request_id = format!("request_id={}", issue.request_id);
    let mut args = vec![
        "reverse",
        "--provider",
        "prostodar",
        "--operation",
        "rollback",
        "--payment",
        &issue.wallet_id,
        "--param",
        &request_id,
    ];
    args.extend_from_slice(extra);
    host.json(&args).await
}

const COMMIT_NEVER_SENT: &[&str] = &["--param", "commit_sent=no"];

/// (exit code, outcome kind or error class, provider code).
fn summary(v: &Value) -> (String, String) {
    let got = v["outcome"]["kind"]
        .as_str()
        .or(v["error"]["class"].as_str())
        .unwrap_or_else(|| panic!("neither outcome nor error: {v}"));
    let code = v["outcome"]["provider_code"]
        .as_str()
        .or(v["error"]["provider_code"].as_str())
        .unwrap_or_default();
    (got.to_owned(), code.to_owned())
}

fn assert_result(code: i32, v: &Value, want_code: i32, want: &str, provider_code: &str) {
    assert_eq!(
        (code, summary(v)),
        (want_code, (want.to_owned(), provider_code.to_owned())),
        "{v}"
    );
}

/// One documented status: set up, roll back `w-doc`/`r-doc`, check the
/// result, and that nothing was rolled back.
async fn documented(
    setup: impl FnOnce(&Simulator, &mut Issue),
    want_code: i32,
    want: &str,
    status: &str,
) -> Value {
    let sim = sim().await;
    let mut doc = Issue::created("w-doc", "r-doc");
    setup(&sim, &mut doc);
    sim.prostodar().add_issue(doc.clone());
    let (code, v) = rollback(&good_host(&sim), &doc, &[]).await;
    assert_result(code, &v, want_code, want, status);
    assert!(sim.prostodar().ledger().is_empty(), "nothing rolled back");
    assert_eq!(sim.prostodar().received().len(), 1, "one request sent");
    v
}

#[tokio::test]
async fn ok_rolls_the_issue_back_once() {
    let sim = sim().await;
    let doc = issue(&sim, "ok");
    let (code, v) = rollback(&good_host(&sim), &doc, &[]).await;
    assert_result(code, &v, 0, "succeeded", "OK");
    assert_eq!(
        v["outcome"]["provider_message"],
        "Request successfully completed"
    );
    let ledger = sim.prostodar().ledger();
    assert_eq!(ledger.len(), 1);
    assert_eq!(
        (ledger[0].wallet_id.as_str(), ledger[0].request_id.as_str()),
        ("w-ok", "r-ok")
    );
    assert_eq!(
        sim.prostodar().issue("w-ok", "r-ok").unwrap().state,
        IssueState::RolledBack
    );
}

#[tokio::test]
async fn void_is_accepted_as_rollback() {
    let sim = sim().await;
    let doc = issue(&sim, "void");
    let (code, v) = good_host(&sim)
        .json(&[
            "reverse",
            "--provider",
            "prostodar",
            "--operation",
            "void",
            "--payment",
            &doc.wallet_id,
            "--param",
            "request_id=r-void",
        ])
        .await;
    assert_result(code, &v, 0, "succeeded", "OK");
}

#[tokio::test]
async fn the_password_and_ids_never_travel_in_clear() {
    let sim = sim().await;
    let doc = issue(&sim, "clear");
    let (code, v) = rollback(&good_host(&sim), &doc, &[]).await;
    assert_eq!(code, 0, "{v}");
    let received = sim.prostodar().received();
    assert_eq!(received.len(), 1);
    let raw = &received[0].raw_query;
    for plain in [DEFAULT_PARTNER_PASSWORD, "w-clear", "r-clear"] {
        assert!(!raw.contains(plain), "{plain:?} in clear in {raw}");
    }
    let names: Vec<&str> = raw
        .split('&')
        .map(|kv| kv.split('=').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "requestId",
            "partnerName",
            "partnerPassword",
            "useAuthByCert",
            "walletId"
        ]
    );
    assert!(raw.contains("&partnerName=sim-partner&"), "{raw}");
    assert!(raw.contains("&useAuthByCert=Y&"), "{raw}");
    // Base64 of a 2048-bit ciphertext, URL-encoded: no raw `+`, `/` or `=`.
    let password = raw
        .split('&')
        .find_map(|kv| kv.strip_prefix("partnerPassword="))
        .unwrap();
    assert!(password.len() >= 344, "{password}");
    assert!(!password.contains(['+', '/']), "{password}");
    assert!(
        !password.trim_end_matches("%3D").contains('='),
        "{password}"
    );
}

#[tokio::test]
async fn wrong_password_is_partner_login_is_not_correct_and_auth_config() {
    let sim = sim().await;
    let doc = issue(&sim, "pw");
    let host = host_with(&sim, "not-the-password", &sim.prostodar().public_key_pem());
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 14, "auth-config", "PARTNER_LOGIN_IS_NOT_CORRECT");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("partner_password"),
        "{v}"
    );
    assert!(
        v["error"]["raw"]
            .as_str()
            .unwrap()
            .contains("Partner login is not correct"),
        "{v}"
    );
    assert!(sim.prostodar().ledger().is_empty());
}

#[tokio::test]
async fn not_valid_ip_partner_is_auth_config() {
    documented(
        |s, _| {
            s.prostodar().set_partner(PartnerFlags {
                allowed_ips: Some(vec!["10.0.0.1".parse::<IpAddr>().unwrap()]),
                ..PartnerFlags::default()
            })
        },
        14,
        "auth-config",
        "NOT_VALID_IP_PARTNER",
    )
    .await;
}

#[tokio::test]
async fn account_is_blocked_is_auth_config() {
    documented(
        |s, _| {
            s.prostodar().set_partner(PartnerFlags {
                account_blocked: true,
                ..PartnerFlags::default()
            })
        },
        14,
        "auth-config",
        "ACCOUNT_IS_BLOCKED",
    )
    .await;
}

#[tokio::test]
async fn request_incorrectly_after_a_key_rotation_is_auth_config() {
    let sim = sim().await;
    let doc = issue(&sim, "rot");
    // The instance keeps the old public key; the provider rotated its own.
    let host = good_host(&sim);
    sim.prostodar().rotate_key();
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 14, "auth-config", "REQUEST_INCORRECTLY");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("public_key"),
        "{v}"
    );
    assert!(sim.prostodar().ledger().is_empty());
}

#[tokio::test]
async fn service_unavailable_is_provider_down() {
    documented(
        |s, _| {
            s.prostodar().set_partner(PartnerFlags {
                service_unavailable: true,
                ..PartnerFlags::default()
            })
        },
        13,
        "provider-down",
        "SERVICE_UNAVAILABLE",
    )
    .await;
}

#[tokio::test]
async fn unknown_issue_is_not_found() {
    let sim = sim().await;
    issue(&sim, "known");
    let unknown = Issue::created("w-known", "r-other");
    let (code, v) = rollback(&good_host(&sim), &unknown, &[]).await;
    assert_result(
        code,
        &v,
        16,
        "not-found",
        "NOT_FOUND_REQUEST_BY_WALLET_ID_AND_REQUEST_ID",
    );
}

#[tokio::test]
async fn errors_answered_with_http_200_map_the_same() {
    let sim = sim().await;
    sim.prostodar().set_partner(PartnerFlags {
        errors_with_200: true,
        ..PartnerFlags::default()
    });
    let (code, v) = rollback(&good_host(&sim), &Issue::created("w-x", "r-x"), &[]).await;
    assert_result(
        code,
        &v,
        16,
        "not-found",
        "NOT_FOUND_REQUEST_BY_WALLET_ID_AND_REQUEST_ID",
    );
    assert!(
        v["error"]["raw"].as_str().unwrap().starts_with("HTTP 200"),
        "{v}"
    );
}

#[tokio::test]
async fn validation_error_names_the_missing_parameter_and_is_invalid_request() {
    // The plugin sends every parameter; an empty partner_name is sent empty,
    // which the provider counts as missing.
    let sim = sim().await;
    let doc = issue(&sim, "val");
    let host = Host::new().with_plugin("prostodar").with_instance(
        "prostodar",
        &format!(
            "plugin = \"prostodar\"\nallow_hosts = [\"http://{}\"]\nallow_private = [\"127.0.0.1\"]\n\
             [instances.prostodar.config]\nbase_url = \"{}\"\npartner_name = \"\"\npublic_key = \"\"\"\n{}\"\"\"\n\
             [instances.prostodar.secrets]\npartner_password = {{ env = \"TEST_PROSTODAR_PASSWORD\" }}\n",
            sim.addr(),
            sim.base_url("prostodar"),
            sim.prostodar().public_key_pem()
        ),
    );
    let host = host.with_env("TEST_PROSTODAR_PASSWORD", DEFAULT_PARTNER_PASSWORD);
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 15, "invalid-request", "VALIDATION_ERROR");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Missing 'partnerName' parameter"),
        "{v}"
    );
    assert!(sim.prostodar().ledger().is_empty());
}

#[tokio::test]
async fn card_not_rolled_back_is_provider_down_and_a_retry_can_succeed() {
    let sim = sim().await;
    let mut doc = Issue::created("w-cnr", "r-cnr");
    doc.rollback_fails = true;
    sim.prostodar().add_issue(doc.clone());
    let host = good_host(&sim);
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 13, "provider-down", "CARD_NOT_ROLLED_BACK");
    assert!(sim.prostodar().ledger().is_empty());
    assert_eq!(
        sim.prostodar().issue("w-cnr", "r-cnr").unwrap().state,
        IssueState::Created
    );
    doc.rollback_fails = false;
    sim.prostodar().add_issue(doc.clone());
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 0, "succeeded", "OK");
    assert_eq!(sim.prostodar().ledger().len(), 1);
}

#[tokio::test]
async fn bank_generic_error_is_in_doubt() {
    let v = documented(
        |_, i| i.bank_error = Some(BankError::Generic),
        11,
        "in-doubt",
        "BANK_ERROR",
    )
    .await;
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Generic error"),
        "{v}"
    );
}

#[tokio::test]
async fn bank_bad_request_is_invalid_request() {
    let v = documented(
        |_, i| i.bank_error = Some(BankError::BadRequest),
        15,
        "invalid-request",
        "BANK_ERROR",
    )
    .await;
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Bad request"),
        "{v}"
    );
}

#[tokio::test]
async fn already_issued_for_a_confirmed_issue_is_in_doubt_never_reversed() {
    let v = documented(
        |_, i| i.state = IssueState::Confirmed,
        11,
        "in-doubt",
        "ALREADY_ISSUED_FOR_THIS_REQUEST",
    )
    .await;
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.contains("commit_sent=no"), "{v}");
}

#[tokio::test]
async fn already_issued_for_an_auto_declined_issue_is_already_reversed_when_no_commit_was_sent() {
    let sim = sim().await;
    let mut doc = Issue::created("w-ad", "r-ad");
    doc.state = IssueState::AutoDeclined;
    sim.prostodar().add_issue(doc.clone());
    let host = good_host(&sim);
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 11, "in-doubt", "ALREADY_ISSUED_FOR_THIS_REQUEST");
    let (code, v) = rollback(&host, &doc, COMMIT_NEVER_SENT).await;
    assert_result(
        code,
        &v,
        0,
        "already-reversed",
        "ALREADY_ISSUED_FOR_THIS_REQUEST",
    );
    assert!(sim.prostodar().ledger().is_empty());
}

#[tokio::test]
async fn replay_of_our_own_rollback_is_in_doubt_unless_no_commit_was_sent() {
    let sim = sim().await;
    let doc = issue(&sim, "replay");
    let host = good_host(&sim);
    assert_eq!(rollback(&host, &doc, &[]).await.0, 0);
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 11, "in-doubt", "ALREADY_ISSUED_FOR_THIS_REQUEST");
    let (code, v) = rollback(&host, &doc, COMMIT_NEVER_SENT).await;
    assert_result(
        code,
        &v,
        0,
        "already-reversed",
        "ALREADY_ISSUED_FOR_THIS_REQUEST",
    );
    assert_eq!(sim.prostodar().ledger().len(), 1);
}

#[tokio::test]
async fn missing_request_id_is_refused_before_sending() {
    let sim = sim().await;
    let (code, v) = good_host(&sim)
        .json(&[
            "reverse",
            "--provider",
            "prostodar",
            "--operation",
            "rollback",
            "--payment",
            "w-1",
        ])
        .await;
    assert_eq!(
        (code, summary(&v).0.as_str()),
        (15, "invalid-request"),
        "{v}"
    );
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("request_id="),
        "{v}"
    );
    assert!(sim.prostodar().received().is_empty(), "nothing sent");
}

#[tokio::test]
async fn refund_operation_is_refused_before_sending() {
    let sim = sim().await;
    let (code, v) = good_host(&sim)
        .json(&[
            "reverse",
            "--provider",
            "prostodar",
            "--payment",
            "w-1",
            "--param",
            "request_id=r-1",
        ])
        .await;
    assert_eq!(
        (code, summary(&v).0.as_str()),
        (15, "invalid-request"),
        "{v}"
    );
    assert!(sim.prostodar().received().is_empty(), "nothing sent");
}

#[tokio::test]
async fn an_amount_is_refused_before_sending() {
    let sim = sim().await;
    let doc = issue(&sim, "amount");
    let (code, v) = rollback(&good_host(&sim), &doc, &["--amount", "10.00"]).await;
    assert_eq!(
        (code, summary(&v).0.as_str()),
        (15, "invalid-request"),
        "{v}"
    );
    assert!(sim.prostodar().received().is_empty(), "nothing sent");
}

#[tokio::test]
async fn unusable_public_key_is_auth_config_and_nothing_is_sent() {
    let sim = sim().await;
    let doc = issue(&sim, "pem");
    let host = host_with(&sim, DEFAULT_PARTNER_PASSWORD, "not a PEM key");
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_eq!((code, summary(&v).0.as_str()), (14, "auth-config"), "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("public_key"),
        "{v}"
    );
    assert!(sim.prostodar().received().is_empty(), "nothing sent");
}

fn fault(sim: &Simulator, kind: FaultKind) {
    sim.faults().push(Fault {
        provider: "prostodar".into(),
        kind,
        times: 1,
    });
}

#[tokio::test]
async fn http_500_page_is_in_doubt_and_a_retry_succeeds_once() {
    let sim = sim().await;
    let doc = issue(&sim, "500");
    fault(&sim, FaultKind::Status500);
    let host = good_host(&sim);
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 11, "in-doubt", "500");
    assert!(
        v["error"]["raw"].as_str().unwrap().starts_with("HTTP 500"),
        "{v}"
    );
    assert!(sim.prostodar().ledger().is_empty());
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 0, "succeeded", "OK");
    assert_eq!(sim.prostodar().ledger().len(), 1);
}

#[tokio::test]
async fn malformed_answer_is_in_doubt_with_the_raw_body() {
    let sim = sim().await;
    let doc = issue(&sim, "mal");
    fault(&sim, FaultKind::Malformed);
    let (code, v) = rollback(&good_host(&sim), &doc, &[]).await;
    assert_result(code, &v, 11, "in-doubt", "200");
    assert!(
        v["error"]["raw"].as_str().unwrap().starts_with("HTTP 200"),
        "{v}"
    );
}

#[tokio::test]
async fn connection_dropped_after_the_rollback_is_in_doubt_and_never_applied_twice() {
    let sim = sim().await;
    let doc = issue(&sim, "drop");
    fault(&sim, FaultKind::DropAfter);
    let host = good_host(&sim);
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 11, "in-doubt", "");
    assert_eq!(
        sim.prostodar().ledger().len(),
        1,
        "the rollback was applied"
    );
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 11, "in-doubt", "ALREADY_ISSUED_FOR_THIS_REQUEST");
    let (code, v) = rollback(&host, &doc, COMMIT_NEVER_SENT).await;
    assert_result(
        code,
        &v,
        0,
        "already-reversed",
        "ALREADY_ISSUED_FOR_THIS_REQUEST",
    );
    assert_eq!(sim.prostodar().ledger().len(), 1, "and only once");
}

#[tokio::test]
async fn connection_dropped_before_the_rollback_is_in_doubt_and_a_retry_succeeds() {
    let sim = sim().await;
    let doc = issue(&sim, "dropb");
    fault(&sim, FaultKind::DropBefore);
    let host = good_host(&sim);
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 11, "in-doubt", "");
    assert!(sim.prostodar().ledger().is_empty());
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_result(code, &v, 0, "succeeded", "OK");
}

#[tokio::test]
async fn slow_answer_past_the_timeout_is_in_doubt() {
    let sim = sim().await;
    let doc = issue(&sim, "slow");
    fault(&sim, FaultKind::Delay { ms: 3_000 });
    let (code, v) = rollback(&good_host(&sim), &doc, &[]).await;
    assert_result(code, &v, 11, "in-doubt", "");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("in time"),
        "{v}"
    );
}

#[tokio::test]
async fn refused_connection_is_not_attempted() {
    let sim = sim().await;
    let host = good_host(&sim);
    let doc = Issue::created("w-gone", "r-gone");
    sim.shutdown().await;
    let (code, v) = rollback(&host, &doc, &[]).await;
    assert_eq!((code, summary(&v).0.as_str()), (10, "not-attempted"), "{v}");
}

/// The conformance host: good or wrong partner password.
fn conformance_host(sim: &Simulator, good_secret: bool) -> Host {
    let password = if good_secret {
        sim.prostodar().config().partner_password.clone()
    } else {
        "wrong".into()
    };
    host_with(sim, &password, &sim.prostodar().public_key_pem())
}

fn conformance_args(n: &str, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = [
        "--operation",
        "rollback",
        "--payment",
        &format!("conf-w-{n}"),
        "--param",
        &format!("request_id=conf-r-{n}"),
    ]
    .map(String::from)
    .to_vec();
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

/// Prostodar, called by a partner that states it never sent a commit for the
/// issues it rolls back (`commit_sent=no`): ALREADY_ISSUED is then
/// `already-reversed`, and every scenario holds.
struct ProstodarNoCommit;

impl conformance::Provider for ProstodarNoCommit {
    const SIM_NAME: &'static str = "prostodar";
    const PLUGIN: &'static str = "prostodar";

    fn host(sim: &Simulator, good_secret: bool) -> Host {
        conformance_host(sim, good_secret)
    }

    fn reversible(sim: &Simulator, n: u32) -> Vec<String> {
        let n = n.to_string();
        sim.prostodar().add_issue(Issue::created(
            &format!("conf-w-{n}"),
            &format!("conf-r-{n}"),
        ));
        conformance_args(&n, COMMIT_NEVER_SENT)
    }

    fn unknown(_sim: &Simulator) -> Vec<String> {
        conformance_args("unknown", COMMIT_NEVER_SENT)
    }

    fn ledger_len(sim: &Simulator) -> usize {
        sim.prostodar().ledger().len()
    }
}

conformance!(prostodar, ProstodarNoCommit);

/// Prostodar with no statement about the commit (the default). A replay
/// answers ALREADY_ISSUED_FOR_THIS_REQUEST, which is `in-doubt` here, so
/// `replay_is_already_reversed` and
/// `dropped_after_apply_is_never_reversed_twice` cannot hold (see
/// `replay_of_our_own_rollback_is_in_doubt_unless_no_commit_was_sent` and
/// `connection_dropped_after_the_rollback_is_in_doubt_and_never_applied_twice`
/// for what happens instead); the other scenarios run as is.
struct ProstodarDefault;

impl conformance::Provider for ProstodarDefault {
    const SIM_NAME: &'static str = "prostodar";
    const PLUGIN: &'static str = "prostodar";

    fn host(sim: &Simulator, good_secret: bool) -> Host {
        conformance_host(sim, good_secret)
    }

    fn reversible(sim: &Simulator, n: u32) -> Vec<String> {
        let n = n.to_string();
        sim.prostodar().add_issue(Issue::created(
            &format!("conf-w-{n}"),
            &format!("conf-r-{n}"),
        ));
        conformance_args(&n, &[])
    }

    fn unknown(_sim: &Simulator) -> Vec<String> {
        conformance_args("unknown", &[])
    }

    fn ledger_len(sim: &Simulator) -> usize {
        sim.prostodar().ledger().len()
    }
}

mod prostodar_default {
    use super::ProstodarDefault;
    use revhost_tests::conformance as c;

    #[tokio::test]
    async fn happy_path() {
        c::happy_path::<ProstodarDefault>().await
    }
    #[tokio::test]
    async fn unknown_payment_is_not_found() {
        c::unknown_payment_is_not_found::<ProstodarDefault>().await
    }
    #[tokio::test]
    async fn wrong_secret_is_auth_config() {
        c::wrong_secret_is_auth_config::<ProstodarDefault>().await
    }
    #[tokio::test]
    async fn internal_error_is_typed() {
        c::internal_error_is_typed::<ProstodarDefault>().await
    }
    #[tokio::test]
    async fn malformed_answer_is_typed() {
        c::malformed_answer_is_typed::<ProstodarDefault>().await
    }
    #[tokio::test]
    async fn timeout_is_not_final() {
        c::timeout_is_not_final::<ProstodarDefault>().await
    }
}
