//! Request authentication: every body is `{params, data?, iat, token}` with
//! `token` a compact JWT, HS256 keyed by the merchant key, whose payload is
//! the object `{params, data?, iat}` of the same body.

use crate::providers::constant_time_eq;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

/// Why a token was refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum TokenError {
    /// Not three base64url parts of JSON, or not HS256.
    Malformed,
    /// The signature does not match the merchant key.
    BadSignature,
    /// The signed payload differs from the body's `params`/`data`/`iat`.
    PayloadMismatch,
}

/// HS256 signature of `signing_input` under `key`, base64url without padding.
fn signature(key: &str, signing_input: &str) -> String {
    // HMAC accepts keys of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(signing_input.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// A compact HS256 JWT over `payload` (for tests and the admin API's users).
pub fn sign(key: &str, payload: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(payload.to_string());
    let input = format!("{header}.{body}");
    let sig = signature(key, &input);
    format!("{input}.{sig}")
}

/// Checks `token` against `key` and the body's own fields.
pub(super) fn verify(token: &str, key: &str, body: &Map<String, Value>) -> Result<(), TokenError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let decode = |part: &str| -> Result<Value, TokenError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| TokenError::Malformed)?;
        serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)
    };
    let header = decode(header)?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(TokenError::Malformed);
    }
    let input = &token[..token.len() - sig.len() - 1];
    if !constant_time_eq(sig.as_bytes(), signature(key, input).as_bytes()) {
        return Err(TokenError::BadSignature);
    }
    let Value::Object(signed) = decode(payload)? else {
        return Err(TokenError::Malformed);
    };
    for field in ["params", "data", "iat"] {
        let a = signed.get(field).filter(|v| !v.is_null());
        let b = body.get(field).filter(|v| !v.is_null());
        if a != b {
            return Err(TokenError::PayloadMismatch);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(token: &str, iat: i64) -> Map<String, Value> {
        let Value::Object(m) = json!({"params": {"clientId": "1"}, "iat": iat, "token": token})
        else {
            unreachable!()
        };
        m
    }

    #[test]
    fn known_vector() {
        // jwt.io's HS256 example, key "your-256-bit-secret".
        let input = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.\
                     eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ";
        assert_eq!(
            signature("your-256-bit-secret", input),
            "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
        );
    }

    #[test]
    fn verifies_signature_and_payload() {
        let payload = json!({"params": {"clientId": "1"}, "iat": 100});
        let token = sign("k", &payload);
        assert_eq!(verify(&token, "k", &body(&token, 100)), Ok(()));
        assert_eq!(
            verify(&token, "other", &body(&token, 100)),
            Err(TokenError::BadSignature)
        );
        assert_eq!(
            verify(&token, "k", &body(&token, 101)),
            Err(TokenError::PayloadMismatch)
        );
        assert_eq!(
            verify("a.b", "k", &body("a.b", 100)),
            Err(TokenError::Malformed)
        );
    }
}
