//! The calls: wire structs with UAPAY's field names, and the signed envelope.
//!
//! Every body is `{"params":{...},"iat":<now>,"token":<JWT>}` where the host
//! computes `token = JWT_HS256(key, {"params":{...},"iat":<now>})` over the
//! exact payload bytes embedded in the body; the merchant key never enters the
//! sandbox.

use revhost_sdk::http::{Method, RequestBuilder, join};
use revhost_sdk::signing::{self, Part};
use revhost_sdk::{ErrorClass, ReversalError, outcome};
use serde::Serialize;

/// Session Create.
pub const SESSION: &str = "api/sessions/create";
/// C2A Reverse Initiate.
pub const INITIATE: &str = "api/p2p/payments/c2a/reverse/initiate";
/// C2A Reverse Complete.
pub const COMPLETE: &str = "api/p2p/payments/c2a/reverse/complete";
/// C2A Reverse Cancel.
pub const CANCEL: &str = "api/p2p/payments/c2a/reverse/cancel";
/// Payments show (P2P payment with its operations).
pub const SHOW: &str = "api/p2p/payments/show";

/// `params` of Session Create.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionParams<'a> {
    /// The client id from the UAPAY cabinet.
    pub client_id: &'a str,
}

/// How the caller's `payment_ref` designates the payment (param `ref_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefType {
    /// UAPAY's payment id (default, `ref_type=paymentId`).
    Payment,
    /// The id of the payment's SEND (debit) operation (`ref_type=operationId`).
    Operation,
    /// The client's external id of the SEND operation (`ref_type=externalId`).
    External,
}

/// `params` of C2A Reverse Initiate: exactly one payment reference.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InitiateParams<'a> {
    /// Session id.
    pub session_id: &'a str,
    /// Payment id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<&'a str>,
    /// SEND operation id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<&'a str>,
    /// SEND operation external id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<&'a str>,
    /// Our reference for the reverse (≤ 255 characters).
    pub reverse_external_id: &'a str,
}

impl<'a> InitiateParams<'a> {
    /// Initiate params for `payment_ref` read as `ref_type`.
    pub fn new(
        session_id: &'a str,
        ref_type: RefType,
        payment_ref: &'a str,
        reverse_external_id: &'a str,
    ) -> Self {
        let pick = |t: RefType| (ref_type == t).then_some(payment_ref);
        InitiateParams {
            session_id,
            payment_id: pick(RefType::Payment),
            operation_id: pick(RefType::Operation),
            external_id: pick(RefType::External),
            reverse_external_id,
        }
    }
}

/// `params` of C2A Reverse Complete and Cancel: the reverse by our reference.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FinishParams<'a> {
    /// Session id.
    pub session_id: &'a str,
    /// Our reference, as sent to initiate.
    pub reverse_external_id: &'a str,
}

/// `params` of Payments show.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ShowParams<'a> {
    /// Session id.
    pub session_id: &'a str,
    /// Payment id.
    pub id: &'a str,
}

/// The signed payload, `{params, iat}`.
#[derive(Debug, Serialize)]
struct Payload<'a, P: Serialize> {
    params: &'a P,
    iat: u64,
}

/// The JSON payload the token signs.
pub fn payload<P: Serialize>(params: &P, iat: u64) -> Result<String, ReversalError> {
    serde_json::to_string(&Payload { params, iat }).map_err(|e| {
        outcome::error(
            ErrorClass::InvalidRequest,
            "",
            &format!("cannot encode the request: {e}"),
        )
    })
}

/// The body: the exact payload bytes with `"token"` added as a last field.
pub fn embed(payload: &str, token: &str) -> Vec<u8> {
    let open = payload.strip_suffix('}').unwrap_or(payload);
    let token = serde_json::Value::String(token.to_owned()).to_string();
    format!("{open},\"token\":{token}}}").into_bytes()
}

/// A signed POST of `params` to `path` under `base_url`.
pub fn call<P: Serialize>(
    base_url: &str,
    path: &str,
    params: &P,
    iat: u64,
) -> Result<RequestBuilder<'static>, ReversalError> {
    let payload = payload(params, iat)?;
    let token = signing::jwt_hs256(&[Part::Secret("key".into())], &payload).map_err(|e| {
        outcome::error(
            ErrorClass::AuthConfig,
            "",
            &format!("cannot sign the request with the secret `key`: {e:?}"),
        )
    })?;
    Ok(RequestBuilder::new(Method::Post, &join(base_url, path))
        .header("content-type", "application/json")
        .body(embed(&payload, &token)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initiate_sends_exactly_one_reference() {
        let p = InitiateParams::new("s", RefType::External, "order-1", "rvh-1");
        assert_eq!(
            payload(&p, 7).unwrap(),
            r#"{"params":{"sessionId":"s","externalId":"order-1","reverseExternalId":"rvh-1"},"iat":7}"#
        );
        let p = InitiateParams::new("s", RefType::Payment, "p-1", "rvh-1");
        assert_eq!(
            payload(&p, 7).unwrap(),
            r#"{"params":{"sessionId":"s","paymentId":"p-1","reverseExternalId":"rvh-1"},"iat":7}"#
        );
    }

    #[test]
    fn token_is_appended_to_the_signed_bytes() {
        let payload = payload(&SessionParams { client_id: "c" }, 1).unwrap();
        let body = String::from_utf8(embed(&payload, "h.p.s")).unwrap();
        assert_eq!(
            body,
            r#"{"params":{"clientId":"c"},"iat":1,"token":"h.p.s"}"#
        );
        assert!(body.starts_with(payload.strip_suffix('}').unwrap()));
    }
}
