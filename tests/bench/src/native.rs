//! The baseline: a native Rust Cryptomus adapter doing the same work as the
//! plugin (build the body, sign md5(base64(body) + key), map the answer with
//! the plugin's own mapping compiled natively), called directly.

use base64::Engine as _;
use md5::Digest;
use revhost_plugin_cryptomus::{request, response};
use revhost_sdk::{Outcome, ReversalError};

/// An in-process provider: (body, sign) → (HTTP status, answer body).
pub type Responder<'a> = &'a dyn Fn(&[u8], &str) -> (u16, Vec<u8>);

/// Credentials of the native adapter.
pub struct NativeCryptomus {
    /// Refund endpoint URL.
    pub url: String,
    /// Merchant uuid.
    pub merchant: String,
    /// API key.
    pub api_key: String,
}

impl NativeCryptomus {
    /// The exact body and `sign` header for a refund.
    pub fn build(&self, wallet: &str, address: &str) -> (Vec<u8>, String) {
        let body = serde_json::to_vec(&request::body(wallet, address)).expect("serializable");
        let mut md5 = md5::Md5::new();
        md5.update(base64::engine::general_purpose::STANDARD.encode(&body));
        md5.update(self.api_key.as_bytes());
        (body, hex::encode(md5.finalize()))
    }

    /// A refund answered by `respond` in-process (no network).
    pub fn reverse_in_process(
        &self,
        wallet: &str,
        address: &str,
        respond: Responder<'_>,
    ) -> Result<Outcome, ReversalError> {
        let (body, sign) = self.build(wallet, address);
        let (status, answer) = respond(&body, &sign);
        response::map(status, &[], &answer)
    }

    /// A refund over HTTP with reqwest.
    pub async fn reverse_http(
        &self,
        client: &reqwest::Client,
        wallet: &str,
        address: &str,
    ) -> Result<Outcome, String> {
        let (body, sign) = self.build(wallet, address);
        let resp = client
            .post(&self.url)
            .header("merchant", &self.merchant)
            .header("sign", sign)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.map_err(|e| e.to_string())?;
        response::map(status, &[], &bytes).map_err(|e| e.message)
    }
}
