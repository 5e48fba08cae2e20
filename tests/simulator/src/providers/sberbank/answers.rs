//! The bank's documented answers. Every business answer is HTTP 200 JSON
//! with `errorCode` (a string) and `errorMessage`; the wrong-order-number
//! answer spells them `ErrorCode` / `ErrorMessage`, as the real gateway
//! sometimes does.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::model::Order;

/// A documented error answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    /// 5: wrong `userName` / `password`.
    AccessDenied,
    /// 5: the API user's password expired.
    MustChangePassword,
    /// 5: the merchant has no reversal permission.
    Unsuccessful,
    /// 6: `orderId` missing or not 36 characters (answered as `ErrorCode`).
    WrongOrderNumber,
    /// 6: well-formed `orderId` the bank does not know.
    Unregistered,
    /// 7: the order's state does not allow a reversal (wrong status, window
    /// closed, attempt used up).
    InvalidOperation,
    /// 7: internal failure.
    SystemError,
    /// 7: held and deposited amounts differ.
    HoldDepositUnequal,
    /// 7: a transaction on the order is in progress.
    Processing,
    /// 7: the requested amount does not fit the held/deposited amount.
    CheckAmounts,
    /// 7: chargeback flag set.
    Chargeback,
    /// 7: payment type cannot be reversed.
    TypeNotSupported,
    /// 7: inconsistent order state.
    IncorrectState,
}

impl Refusal {
    /// `errorCode`.
    pub(super) fn code(self) -> &'static str {
        match self {
            Refusal::AccessDenied | Refusal::MustChangePassword | Refusal::Unsuccessful => "5",
            Refusal::WrongOrderNumber | Refusal::Unregistered => "6",
            _ => "7",
        }
    }

    /// `errorMessage`, verbatim from the documentation.
    pub(super) fn message(self) -> &'static str {
        match self {
            Refusal::AccessDenied => "Access denied.",
            Refusal::MustChangePassword => "The user must change the password.",
            Refusal::Unsuccessful => "Unsuccessful.",
            Refusal::WrongOrderNumber => "Wrong order number.",
            Refusal::Unregistered => "Unregistered",
            Refusal::InvalidOperation => "Invalid operation for the current order status.",
            Refusal::SystemError => "System error.",
            Refusal::HoldDepositUnequal => {
                "Reversal is impossible because of incorrect internal parameter values. The holding and deposit amounts must be equal for the transaction after the funds are unblocked."
            }
            Refusal::Processing => "Transaction is being processed now. Please try again later.",
            Refusal::CheckAmounts => {
                "Reversal is impossible because of incorrect internal parameter values. Check the amount put on hold and the deposit amount."
            }
            Refusal::Chargeback => {
                "Reversal is impossible because of incorrect internal parameter values. The chargeback flag is set for this payment."
            }
            Refusal::TypeNotSupported => "This payment type does not support reversal.",
            Refusal::IncorrectState => "The order is in an incorrect state",
        }
    }
}

/// HTTP 200 `{"errorCode":"0","errorMessage":"Success"}`.
pub(super) fn reversed() -> Response {
    json(&json!({"errorCode": "0", "errorMessage": "Success"}))
}

/// HTTP 200 with the error code and text (`ErrorCode` spelling for
/// [`Refusal::WrongOrderNumber`]).
pub(super) fn refused(refusal: Refusal) -> Response {
    let body = if refusal == Refusal::WrongOrderNumber {
        json!({"ErrorCode": refusal.code(), "ErrorMessage": refusal.message()})
    } else {
        json!({"errorCode": refusal.code(), "errorMessage": refusal.message()})
    };
    json(&body)
}

/// HTTP 200 `getOrderStatusExtended.do` success answer for `order`.
pub(super) fn order_status(order: &Order) -> Response {
    let status = order.status;
    let deposited = match status.code() {
        2 | 4 => order.amount,
        _ => 0,
    };
    let refunded = if status.code() == 4 { order.amount } else { 0 };
    json(&json!({
        "errorCode": "0",
        "errorMessage": "Success",
        "orderNumber": order.order_number,
        "orderStatus": status.code(),
        "actionCode": 0,
        "actionCodeDescription": "",
        "amount": order.amount,
        "currency": order.currency,
        "orderDescription": "",
        "merchantOrderParams": [],
        "attributes": [{"name": "mdOrder", "value": order.order_id}],
        "paymentAmountInfo": {
            "paymentState": status.payment_state(),
            "approvedAmount": order.amount,
            "depositedAmount": deposited,
            "refundedAmount": refunded,
        },
    }))
}

/// HTTP 500 with the gateway's HTML error page (used by the `Status500` fault).
pub(super) fn internal_error() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html")],
        "<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>",
    )
        .into_response()
}

/// HTTP 200 with a success answer cut off mid-way (the `Malformed` fault).
pub(super) fn malformed() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        r#"{"errorCode":"0","errorMes"#,
    )
        .into_response()
}

fn json(body: &Value) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        body.to_string(),
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
            text(reversed()).await,
            (200, r#"{"errorCode":"0","errorMessage":"Success"}"#.into())
        );
        assert_eq!(
            text(refused(Refusal::AccessDenied)).await,
            (
                200,
                r#"{"errorCode":"5","errorMessage":"Access denied."}"#.into()
            )
        );
        let (status, body) = text(refused(Refusal::WrongOrderNumber)).await;
        assert_eq!(status, 200);
        let v: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["ErrorCode"], "6");
        assert!(v.get("errorCode").is_none());
        let (status, body) = text(malformed()).await;
        assert_eq!(status, 200);
        assert!(serde_json::from_str::<Value>(&body).is_err());
        assert_eq!(text(internal_error()).await.0, 500);
    }
}
