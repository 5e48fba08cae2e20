//! The provider's answers: `{"status":1,...}` on success and
//! `{"error":{"code":...,"message":...,"fields":{...}}}` on failure.
//!
//! `TIMELIMIT_ERROR` and `FORMAT_ERROR` (with `fields`) are UAPAY's published
//! codes; the other codes are this simulator's names for refusals the UAPAY
//! pages describe without naming a code (see the plugin's README).

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value, json};

/// Why a request was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// Body or fields malformed; `fields` is `{"params":{"x":"REQUIRED"}}`.
    Format(Value),
    /// The JWT does not verify against the merchant key.
    Token,
    /// `iat` is more than the tolerance away from the server clock.
    TimeLimit,
    /// No client with this `clientId`.
    ClientNotFound,
    /// The session id is unknown or expired.
    SessionNotFound,
    /// No payment for the given reference.
    PaymentNotFound,
    /// No RETURN operation for the given reverse reference.
    OperationNotFound,
    /// The payment or operation is not in a status that allows the action.
    PaymentStatus(String),
    /// A RETURN operation with this `reverseExternalId` already exists.
    ExternalIdExists,
}

impl Refusal {
    /// The provider's error code.
    pub(super) fn code(&self) -> &'static str {
        match self {
            Refusal::Format(_) => "FORMAT_ERROR",
            Refusal::Token => "TOKEN_ERROR",
            Refusal::TimeLimit => "TIMELIMIT_ERROR",
            Refusal::ClientNotFound => "CLIENT_NOT_FOUND",
            Refusal::SessionNotFound => "SESSION_NOT_FOUND",
            Refusal::PaymentNotFound => "PAYMENT_NOT_FOUND",
            Refusal::OperationNotFound => "OPERATION_NOT_FOUND",
            Refusal::PaymentStatus(_) => "PAYMENT_STATUS_ERROR",
            Refusal::ExternalIdExists => "EXTERNAL_ID_EXISTS",
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Refusal::Format(_) => StatusCode::BAD_REQUEST,
            Refusal::Token
            | Refusal::TimeLimit
            | Refusal::ClientNotFound
            | Refusal::SessionNotFound => StatusCode::UNAUTHORIZED,
            Refusal::PaymentNotFound | Refusal::OperationNotFound => StatusCode::NOT_FOUND,
            Refusal::PaymentStatus(_) | Refusal::ExternalIdExists => StatusCode::CONFLICT,
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::Format(_) => "request format error".into(),
            Refusal::Token => "invalid token".into(),
            Refusal::TimeLimit => "request time limit exceeded".into(),
            Refusal::ClientNotFound => "client not found".into(),
            Refusal::SessionNotFound => "session not found".into(),
            Refusal::PaymentNotFound => "payment not found".into(),
            Refusal::OperationNotFound => "reverse operation not found".into(),
            Refusal::PaymentStatus(why) => format!("wrong payment status: {why}"),
            Refusal::ExternalIdExists => "reverseExternalId already exists".into(),
        }
    }

    /// Shorthand for a `FORMAT_ERROR` on one field of `params`.
    pub(super) fn param(field: &str, rule: &str) -> Refusal {
        let mut params = Map::new();
        params.insert(field.to_owned(), Value::String(rule.to_owned()));
        Refusal::Format(json!({ "params": params }))
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<&'a Value>,
}

/// The error answer for a refusal.
pub(super) fn refused(refusal: &Refusal) -> Response {
    let fields = match refusal {
        Refusal::Format(f) => Some(f),
        _ => None,
    };
    json_response(
        refusal.status(),
        &ErrorBody {
            error: ErrorDetail {
                code: refusal.code(),
                message: refusal.message(),
                fields,
            },
        },
    )
}

#[derive(Serialize)]
struct Session<'a> {
    status: u8,
    id: &'a str,
}

#[derive(Serialize)]
struct Data<'a, T: Serialize> {
    status: u8,
    data: &'a T,
}

/// HTTP 200 `{"status":1,"id":"<sessionId>"}`.
pub(super) fn session(id: &str) -> Response {
    json_response(StatusCode::OK, &Session { status: 1, id })
}

/// HTTP 200 `{"status":1,"data":{...}}`.
pub(super) fn data(data: &impl Serialize) -> Response {
    json_response(StatusCode::OK, &Data { status: 1, data })
}

/// HTTP 500 `{"error":{"code":"INTERNAL_ERROR","message":"internal error"}}`.
pub(super) fn internal_error() -> Response {
    raw(
        StatusCode::INTERNAL_SERVER_ERROR,
        r#"{"error":{"code":"INTERNAL_ERROR","message":"internal error"}}"#.into(),
    )
}

/// HTTP 200 with a success answer cut off mid-way (not parsable JSON).
pub(super) fn malformed() -> Response {
    raw(
        StatusCode::OK,
        r#"{"status":1,"data":{"paymentId":"a8"#.into(),
    )
}

fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    match serde_json::to_string(body) {
        Ok(text) => raw(status, text),
        Err(e) => {
            tracing::error!(error = %e, "cannot serialise answer");
            internal_error()
        }
    }
}

fn raw(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;

    async fn text(response: Response) -> (u16, String) {
        let status = response.status().as_u16();
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn exact_bodies() {
        assert_eq!(
            text(refused(&Refusal::param("clientId", "REQUIRED"))).await,
            (
                400,
                r#"{"error":{"code":"FORMAT_ERROR","message":"request format error","fields":{"params":{"clientId":"REQUIRED"}}}}"#.into()
            )
        );
        assert_eq!(
            text(refused(&Refusal::TimeLimit)).await,
            (
                401,
                r#"{"error":{"code":"TIMELIMIT_ERROR","message":"request time limit exceeded"}}"#
                    .into()
            )
        );
        assert_eq!(
            text(session("s-1")).await,
            (200, r#"{"status":1,"id":"s-1"}"#.into())
        );
        let (status, body) = text(malformed()).await;
        assert_eq!(status, 200);
        assert!(serde_json::from_str::<Value>(&body).is_err());
    }
}
