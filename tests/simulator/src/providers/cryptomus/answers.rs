//! The provider's documented answers, byte-for-byte in field order.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::model::Refund;
use super::validation::FieldErrors;

/// A business-rule refusal, answered as HTTP 422 `{"state":1,"message":...}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// No wallet with that uuid / order id.
    NotFound,
    /// The wallet's one refund was already made.
    AlreadyRefunded,
    /// The wallet is in `refund_in_process`.
    InProcess,
    /// The merchant is blocked.
    Forbidden,
    /// Maintenance.
    Maintenance,
    /// The blocked amount is zero.
    NothingToWithdraw,
    /// The blocked amount is below the wallet's minimum.
    TooSmall,
    /// The wallet's service is disabled.
    ServiceNotFound,
}

impl Refusal {
    /// The provider's message text.
    pub(super) fn message(self) -> &'static str {
        match self {
            Refusal::NotFound => "Not found",
            Refusal::AlreadyRefunded => "You can withdraw only once",
            Refusal::InProcess => "Refund is in process",
            Refusal::Forbidden => "You are forbidden",
            Refusal::Maintenance => "Server error",
            Refusal::NothingToWithdraw => "Nothing to withdraw",
            Refusal::TooSmall => "The amount is too small",
            Refusal::ServiceNotFound => "The service was not found",
        }
    }
}

#[derive(Serialize)]
struct Success<'a> {
    state: u8,
    result: Amounts<'a>,
}

#[derive(Serialize)]
struct Amounts<'a> {
    commission: &'a str,
    amount: &'a str,
}

#[derive(Serialize)]
struct Errors<'a> {
    state: u8,
    errors: &'a FieldErrors,
}

#[derive(Serialize)]
struct Message<'a> {
    state: u8,
    message: &'a str,
}

#[derive(Serialize)]
struct InternalError {
    message: &'static str,
    code: u16,
    error: Option<()>,
}

/// HTTP 200 `{"state":0,"result":{"commission":"0.50","amount":"9.50"}}`.
pub(super) fn success(refund: &Refund) -> Response {
    json(
        StatusCode::OK,
        &Success {
            state: 0,
            result: Amounts {
                commission: &refund.commission,
                amount: &refund.amount,
            },
        },
    )
}

/// HTTP 422 `{"state":1,"errors":{...}}`.
pub(super) fn invalid(errors: &FieldErrors) -> Response {
    json(
        StatusCode::UNPROCESSABLE_ENTITY,
        &Errors { state: 1, errors },
    )
}

/// HTTP 422 `{"state":1,"message":"..."}`.
pub(super) fn refused(refusal: Refusal) -> Response {
    message(StatusCode::UNPROCESSABLE_ENTITY, refusal.message())
}

/// HTTP 401 `{"state":1,"message":"Invalid Sign"}`.
pub(super) fn invalid_sign() -> Response {
    message(StatusCode::UNAUTHORIZED, "Invalid Sign")
}

/// HTTP 500 `{"message":"Server error, #1","code":500,"error":null}`.
pub(super) fn internal_error() -> Response {
    json(
        StatusCode::INTERNAL_SERVER_ERROR,
        &InternalError {
            message: "Server error, #1",
            code: 500,
            error: None,
        },
    )
}

/// HTTP 200 with a success answer cut off mid-way (not parsable JSON).
pub(super) fn malformed() -> Response {
    raw(
        StatusCode::OK,
        r#"{"state":0,"result":{"commission":"0."#.into(),
    )
}

fn message(status: StatusCode, text: &str) -> Response {
    json(
        status,
        &Message {
            state: 1,
            message: text,
        },
    )
}

fn json(status: StatusCode, body: &impl Serialize) -> Response {
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
        let refund = Refund {
            uuid: String::new(),
            order_id: None,
            address: String::new(),
            amount: "9.50".into(),
            commission: "0.50".into(),
        };
        assert_eq!(
            text(success(&refund)).await,
            (
                200,
                r#"{"state":0,"result":{"commission":"0.50","amount":"9.50"}}"#.into()
            )
        );
        assert_eq!(
            text(internal_error()).await,
            (
                500,
                r#"{"message":"Server error, #1","code":500,"error":null}"#.into()
            )
        );
        assert_eq!(
            text(invalid_sign()).await,
            (401, r#"{"state":1,"message":"Invalid Sign"}"#.into())
        );
        assert_eq!(
            text(invalid(&FieldErrors::not_json())).await,
            (
                422,
                r#"{"state":1,"errors":{"body":["validation.json"]}}"#.into()
            )
        );
        let (status, body) = text(malformed()).await;
        assert_eq!(status, 200);
        assert!(serde_json::from_str::<serde_json::Value>(&body).is_err());
    }
}
