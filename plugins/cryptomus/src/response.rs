//! Mapping Cryptomus' answer onto the normalized outcome.

use revhost_sdk::http::ResponseHeader;
use revhost_sdk::outcome::{
    error, generic_http_class, outcome, retry_after_ms, unrecognised, with_raw,
};
use revhost_sdk::{ErrorClass, Outcome, OutcomeKind, ReversalError};
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::errors::{Meaning, lookup};

/// Any answer of the refund endpoint.
#[derive(Debug, Deserialize)]
pub struct CryptomusResponse {
    /// 0 success, 1 error.
    pub state: Option<i64>,
    /// On success: commission and amount refunded.
    pub result: Option<CryptomusRefundResult>,
    /// On validation errors: field → messages.
    pub errors: Option<BTreeMap<String, Vec<String>>>,
    /// On other errors: the message.
    pub message: Option<String>,
    /// On HTTP 500: the code.
    pub code: Option<i64>,
}

/// The success body's `result`.
#[derive(Debug, Deserialize)]
pub struct CryptomusRefundResult {
    /// Refund commission, decimal string.
    pub commission: String,
    /// Amount refunded, decimal string.
    pub amount: String,
}

/// Map an HTTP answer.
pub fn map(status: u16, headers: &[ResponseHeader], body: &[u8]) -> Result<Outcome, ReversalError> {
    let parsed: Option<CryptomusResponse> = serde_json::from_slice(body).ok();
    let Some(r) = parsed else {
        return Err(match generic_http_class(status) {
            Some(class) => with_raw(
                error(
                    class,
                    &status.to_string(),
                    "HTTP error without a Cryptomus body",
                ),
                status,
                body,
            ),
            None => unrecognised(status, body, "the body is not Cryptomus JSON"),
        });
    };
    if status == 200 && r.state == Some(0) {
        return match r.result {
            Some(res) => {
                let mut o = outcome(OutcomeKind::Succeeded, "0", "refund accepted");
                o.amount = Some(res.amount);
                o.fee = Some(res.commission);
                Ok(o)
            }
            None => Err(unrecognised(status, body, "state 0 without a result")),
        };
    }
    if let Some(errors) = r.errors.filter(|e| !e.is_empty()) {
        let fields: Vec<String> = errors
            .iter()
            .map(|(field, msgs)| format!("{field}: {}", msgs.join(", ")))
            .collect();
        return Err(with_raw(
            error(
                ErrorClass::InvalidRequest,
                "validation",
                &format!("Cryptomus refused the request: {}", fields.join("; ")),
            ),
            status,
            body,
        ));
    }
    if status == 500 {
        return Err(with_raw(
            error(
                ErrorClass::InDoubt,
                &r.code.unwrap_or(500).to_string(),
                &format!(
                    "Cryptomus internal error ({}); retrying is safe: a wallet is refunded only once",
                    r.message.as_deref().unwrap_or("no message")
                ),
            ),
            status,
            body,
        ));
    }
    if let Some(message) = &r.message {
        if let Some((meaning, advice)) = lookup(message) {
            return match meaning {
                Meaning::Outcome(kind) => {
                    let mut o = outcome(kind, message, message);
                    if kind == OutcomeKind::Pending {
                        o.next_step = Some(advice.to_owned());
                    }
                    Ok(o)
                }
                Meaning::Error(class) => {
                    let mut e = with_raw(
                        error(class, message, &format!("{message}: {advice}")),
                        status,
                        body,
                    );
                    e.retry_after_ms = retry_after_ms(headers);
                    Err(e)
                }
            };
        }
        if status == 401 || status == 403 {
            return Err(with_raw(
                error(
                    ErrorClass::AuthConfig,
                    message,
                    &format!("{message}: check the merchant id and API key"),
                ),
                status,
                body,
            ));
        }
    }
    if let Some(class) = generic_http_class(status) {
        let mut e = with_raw(
            error(class, &status.to_string(), "HTTP error from Cryptomus"),
            status,
            body,
        );
        e.retry_after_ms = retry_after_ms(headers);
        return Err(e);
    }
    Err(unrecognised(status, body, "unknown state or message"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(status: u16, body: &str) -> String {
        match map(status, &[], body.as_bytes()) {
            Ok(o) => format!("{:?}", o.kind),
            Err(e) => format!("{:?}", e.class),
        }
    }

    #[test]
    fn every_documented_message_is_mapped() {
        for (message, meaning, _) in crate::errors::MESSAGES {
            let body = format!(r#"{{"state":1,"message":"{message}"}}"#);
            let want = match meaning {
                Meaning::Outcome(k) => format!("{k:?}"),
                Meaning::Error(c) => format!("{c:?}"),
            };
            assert_eq!(kind(422, &body), want, "{message}");
        }
    }

    #[test]
    fn unknown_or_malformed_answers_are_in_doubt() {
        let in_doubt = format!("{:?}", ErrorClass::InDoubt);
        assert_eq!(
            kind(422, r#"{"state":1,"message":"Something new"}"#),
            in_doubt
        );
        assert_eq!(kind(200, r#"{"state":0}"#), in_doubt);
        assert_eq!(kind(200, "<html>"), in_doubt);
        assert_eq!(
            kind(
                500,
                r#"{"message":"Server error, #1","code":500,"error":null}"#
            ),
            in_doubt
        );
        assert_eq!(kind(429, ""), format!("{:?}", ErrorClass::RateLimited));
    }
}
