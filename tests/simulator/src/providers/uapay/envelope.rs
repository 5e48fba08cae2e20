//! The request envelope every endpoint shares: `{params, data?, iat, token}`.
//!
//! Checks run in this order: the body is a JSON object with an object
//! `params`, an integer `iat` and a string `token` (`FORMAT_ERROR`), the
//! token verifies against the merchant key and covers this body
//! (`TOKEN_ERROR`), `iat` is within the tolerance of the server clock
//! (`TIMELIMIT_ERROR`).

use serde_json::{Map, Value, json};

use super::UapaySim;
use super::answers::Refusal;
use super::token;

/// The verified `params` of a request.
#[derive(Debug)]
pub(super) struct Params(Map<String, Value>);

impl Params {
    /// A string parameter; absent, `null` or `""` is `None`, another type is
    /// a `FORMAT_ERROR`.
    pub(super) fn optional(&self, name: &str) -> Result<Option<String>, Refusal> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(Refusal::param(name, "STRING")),
        }
    }

    /// A required string parameter.
    pub(super) fn required(&self, name: &str) -> Result<String, Refusal> {
        self.optional(name)?
            .ok_or_else(|| Refusal::param(name, "REQUIRED"))
    }
}

/// Parses and authenticates a request body.
pub(super) fn open(body: &[u8], sim: &UapaySim) -> Result<Params, Refusal> {
    let Ok(Value::Object(fields)) = serde_json::from_slice::<Value>(body) else {
        return Err(Refusal::Format(json!({"body": "JSON_OBJECT"})));
    };
    let Some(Value::String(token)) = fields.get("token") else {
        return Err(Refusal::Format(json!({"token": "REQUIRED"})));
    };
    let Some(Value::Object(params)) = fields.get("params") else {
        return Err(Refusal::Format(json!({"params": "REQUIRED"})));
    };
    let Some(iat) = fields.get("iat").and_then(Value::as_i64) else {
        return Err(Refusal::Format(json!({"iat": "REQUIRED"})));
    };
    if let Err(e) = token::verify(token, &sim.config().key, &fields) {
        tracing::info!(error = ?e, "uapay: token refused");
        return Err(Refusal::Token);
    }
    if !sim.iat_ok(iat) {
        tracing::info!(iat, "uapay: iat outside the time limit");
        return Err(Refusal::TimeLimit);
    }
    Ok(Params(params.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::uapay::UapayConfig;

    fn signed(key: &str, params: Value, iat: i64) -> Vec<u8> {
        let payload = json!({"params": params, "iat": iat});
        let token = token::sign(key, &payload);
        json!({"params": params, "iat": iat, "token": token})
            .to_string()
            .into_bytes()
    }

    #[test]
    fn order_of_checks() {
        let sim = UapaySim::new(UapayConfig::default());
        let key = sim.config().key.clone();
        let now = sim.now();
        assert_eq!(
            open(b"[]", &sim).unwrap_err(),
            Refusal::Format(json!({"body": "JSON_OBJECT"}))
        );
        let good = signed(&key, json!({"clientId": "c"}), now);
        let params = open(&good, &sim).unwrap();
        assert_eq!(params.required("clientId").unwrap(), "c");
        assert_eq!(
            params.required("sessionId").unwrap_err(),
            Refusal::param("sessionId", "REQUIRED")
        );
        let bad_key = signed("wrong", json!({"clientId": "c"}), now);
        assert_eq!(open(&bad_key, &sim).unwrap_err(), Refusal::Token);
        let late = signed(&key, json!({"clientId": "c"}), now - 30);
        assert_eq!(open(&late, &sim).unwrap_err(), Refusal::TimeLimit);
    }
}
