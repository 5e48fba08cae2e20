//! Request authentication: `merchant` header plus
//! `sign = hex(md5(base64(raw body) + api_key))` over the exact bytes received.

use crate::providers::constant_time_eq;
use axum::http::HeaderMap;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use md5::{Digest, Md5};

use super::CryptomusConfig;

/// The signature the provider expects for `body` (lower-case hex).
pub(super) fn sign(body: &[u8], api_key: &str) -> String {
    let mut md5 = Md5::new();
    md5.update(STANDARD.encode(body).as_bytes());
    md5.update(api_key.as_bytes());
    hex::encode(md5.finalize())
}

/// Whether the `merchant` and `sign` headers authenticate `body`.
pub(super) fn verify(headers: &HeaderMap, body: &[u8], config: &CryptomusConfig) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (Some(merchant), Some(sign_header)) = (header("merchant"), header("sign")) else {
        return false;
    };
    merchant == config.merchant
        && constant_time_eq(
            sign_header.as_bytes(),
            sign(body, &config.api_key).as_bytes(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn config() -> CryptomusConfig {
        CryptomusConfig {
            merchant: "m".into(),
            api_key: "k".into(),
        }
    }

    #[test]
    fn known_vector() {
        // md5("e30=" + "k"), where "e30=" is base64("{}").
        let mut md5 = Md5::new();
        md5.update(b"e30=k");
        assert_eq!(sign(b"{}", "k"), hex::encode(md5.finalize()));
        // md5("") with an empty key and body.
        assert_eq!(sign(b"", ""), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn verifies_headers() {
        let body = br#"{"order_id":"x"}"#;
        let mut headers = HeaderMap::new();
        assert!(!verify(&headers, body, &config()));
        headers.insert("merchant", HeaderValue::from_static("m"));
        headers.insert("sign", HeaderValue::from_str(&sign(body, "k")).unwrap());
        assert!(verify(&headers, body, &config()));
        assert!(!verify(&headers, br#"{"order_id":"y"}"#, &config()));
        headers.insert("sign", HeaderValue::from_str(&sign(body, "other")).unwrap());
        assert!(!verify(&headers, body, &config()));
        headers.insert("sign", HeaderValue::from_str(&sign(body, "k")).unwrap());
        headers.insert("merchant", HeaderValue::from_static("someone-else"));
        assert!(!verify(&headers, body, &config()));
    }
}
