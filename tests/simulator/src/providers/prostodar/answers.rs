//! The provider's documented answers: `{"status": "...", "message": "..."}`.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::model::BankError;

/// Every documented answer of the rollback endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The rollback was applied.
    Ok,
    /// No partner with this name and password.
    PartnerLoginIsNotCorrect,
    /// The request's source address is not allowed for the partner.
    NotValidIpPartner,
    /// The partner account is blocked.
    AccountIsBlocked,
    /// The encrypted parameters could not be decrypted.
    RequestIncorrectly,
    /// The service is temporarily unavailable.
    ServiceUnavailable,
    /// No issue with this walletId and requestId.
    NotFound,
    /// A required parameter is missing (its name).
    Validation(&'static str),
    /// The bank failed to roll the card back.
    CardNotRolledBack,
    /// The bank answered with an error.
    Bank(BankError),
    /// The issue was already committed, rolled back or auto-declined.
    AlreadyIssued,
}

impl Status {
    /// The `status` field.
    pub fn code(&self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::PartnerLoginIsNotCorrect => "PARTNER_LOGIN_IS_NOT_CORRECT",
            Status::NotValidIpPartner => "NOT_VALID_IP_PARTNER",
            Status::AccountIsBlocked => "ACCOUNT_IS_BLOCKED",
            Status::RequestIncorrectly => "REQUEST_INCORRECTLY",
            Status::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            Status::NotFound => "NOT_FOUND_REQUEST_BY_WALLET_ID_AND_REQUEST_ID",
            Status::Validation(_) => "VALIDATION_ERROR",
            Status::CardNotRolledBack => "CARD_NOT_ROLLED_BACK",
            Status::Bank(_) => "BANK_ERROR",
            Status::AlreadyIssued => "ALREADY_ISSUED_FOR_THIS_REQUEST",
        }
    }

    /// The `message` field.
    pub fn message(&self) -> String {
        match self {
            Status::Ok => "Request successfully completed",
            Status::PartnerLoginIsNotCorrect => "Partner login is not correct",
            Status::NotValidIpPartner => "Not valid IP partner",
            Status::AccountIsBlocked => "Account is blocked",
            Status::RequestIncorrectly => "Request incorrectly",
            Status::ServiceUnavailable => "Service unavailable",
            Status::NotFound => "Not found by wallet Id and request id",
            Status::Validation(param) => return format!("Missing '{param}' parameter"),
            Status::CardNotRolledBack => "Card rollback error",
            Status::Bank(BankError::Generic) => "Generic error",
            Status::Bank(BankError::BadRequest) => "Bad request",
            Status::AlreadyIssued => "Already issued for this request",
        }
        .to_owned()
    }
}

#[derive(Serialize)]
struct Body<'a> {
    status: &'a str,
    message: &'a str,
}

/// The answer to `status`: HTTP 200 for `OK`; errors with HTTP 400, or 200
/// when `errors_with_200`.
pub fn answer(status: &Status, errors_with_200: bool) -> Response {
    let http = if *status == Status::Ok || errors_with_200 {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let message = status.message();
    // Two strings always serialise.
    let body = serde_json::to_string(&Body {
        status: status.code(),
        message: &message,
    })
    .unwrap_or_default();
    (http, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// HTTP 500 with the front proxy's HTML page (no Prostodar answer).
pub fn internal_error() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html")],
        "<html><head><title>500 Internal Server Error</title></head><body><h1>500 Internal Server Error</h1></body></html>",
    )
        .into_response()
}

/// HTTP 200 with a success answer cut off mid-way (not parsable JSON).
pub fn malformed() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"status":"OK","mess"#,
    )
        .into_response()
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
            text(answer(&Status::Ok, false)).await,
            (
                200,
                r#"{"status":"OK","message":"Request successfully completed"}"#.into()
            )
        );
        assert_eq!(
            text(answer(&Status::Validation("walletId"), false)).await,
            (
                400,
                r#"{"status":"VALIDATION_ERROR","message":"Missing 'walletId' parameter"}"#.into()
            )
        );
        assert_eq!(
            text(answer(&Status::Bank(BankError::BadRequest), true)).await,
            (
                200,
                r#"{"status":"BANK_ERROR","message":"Bad request"}"#.into()
            )
        );
        let (status, body) = text(malformed()).await;
        assert_eq!(status, 200);
        assert!(serde_json::from_str::<serde_json::Value>(&body).is_err());
        assert_eq!(text(internal_error()).await.0, 500);
    }
}
