//! The refund request: body fields and the `merchant` + `sign` headers.
//!
//! `sign = hex(md5(base64(body) + API_KEY))` over the exact body bytes sent;
//! the host computes it, so the API key never enters the sandbox.

use revhost_sdk::http::{Method, RequestBuilder, join};
use revhost_sdk::signing::{self, DigestAlgorithm, Encoding, Part, Value};
use revhost_sdk::{ErrorClass, Operation, ReversalError, ReverseRequest, outcome, param};
use serde::Serialize;

use crate::invalid;

/// The endpoint, relative to the instance's `base_url`.
pub const PATH: &str = "v1/wallet/blocked-address-refund";

/// Body of the refund call. Exactly one of `uuid` / `order_id` is sent.
#[derive(Debug, Serialize)]
pub struct CryptomusRefundRequest<'a> {
    /// The static wallet's uuid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uuid: Option<&'a str>,
    /// The static wallet's order id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<&'a str>,
    /// Where all blocked funds go.
    pub address: &'a str,
}

/// Build the signed refund call for `req`.
pub fn refund(req: &ReverseRequest) -> Result<RequestBuilder<'static>, ReversalError> {
    if req.operation != Operation::Refund {
        return Err(invalid(
            "Cryptomus blocked-address refunds support only the refund operation",
        ));
    }
    if req.amount.is_some() {
        return Err(invalid(
            "Cryptomus refunds the whole blocked balance of a wallet; omit the amount",
        ));
    }
    let address = param(&req.params, "address").ok_or_else(|| {
        invalid("the refund address is missing: pass the param address=<wallet address>")
    })?;
    let body = serde_json::to_vec(&body(&req.payment_ref, address))
        .map_err(|e| invalid(&format!("cannot encode the request: {e}")))?;
    let base_url = revhost_sdk::required_config("base_url")?;
    let merchant = revhost_sdk::required_config("merchant")?;
    let sign = sign(&body)?;
    Ok(RequestBuilder::new(Method::Post, &join(&base_url, PATH))
        .header("merchant", &merchant)
        .header("sign", &sign)
        .header("content-type", "application/json")
        .body(body))
}

/// The body for a wallet reference: a UUID is sent as `uuid`, anything else
/// as `order_id` (Cryptomus identifies by uuid when both are present, so we
/// never send both).
pub fn body<'a>(wallet: &'a str, address: &'a str) -> CryptomusRefundRequest<'a> {
    if is_uuid(wallet) {
        CryptomusRefundRequest {
            uuid: Some(wallet),
            order_id: None,
            address,
        }
    } else {
        CryptomusRefundRequest {
            uuid: None,
            order_id: Some(wallet),
            address,
        }
    }
}

fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `hex(md5(base64(body) + api_key))`, computed by the host.
fn sign(body: &[u8]) -> Result<String, ReversalError> {
    let signing_error =
        |e| outcome::error(ErrorClass::AuthConfig, "", &format!("cannot sign: {e:?}"));
    let encoded = match signing::encode(Encoding::Base64, &[Part::Bytes(body.to_vec())])
        .map_err(signing_error)?
    {
        Value::Clear(b) => b,
        Value::Sealed(_) => unreachable!("no secret went in"),
    };
    let digest = signing::digest(
        DigestAlgorithm::Md5,
        &[Part::Bytes(encoded), Part::Secret("api_key".into())],
    )
    .map_err(signing_error)?;
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_goes_as_uuid_anything_else_as_order_id() {
        let b = serde_json::to_string(&body("8b03432e-385b-4670-8d06-064591096795", "TK8abcdefgh"))
            .unwrap();
        assert_eq!(
            b,
            r#"{"uuid":"8b03432e-385b-4670-8d06-064591096795","address":"TK8abcdefgh"}"#
        );
        let b = serde_json::to_string(&body("order-1", "TK8abcdefgh")).unwrap();
        assert_eq!(b, r#"{"order_id":"order-1","address":"TK8abcdefgh"}"#);
    }
}
