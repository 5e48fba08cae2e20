//! Reading Sberbank's answers: wire structs and the mapping of each answer
//! onto an outcome, an error, or "read the order first".
//!
//! Sberbank answers HTTP 200 with JSON for business errors too; the error
//! code is `errorCode` (sometimes spelled `ErrorCode`), a string or a number,
//! and may be missing on success.

use revhost_sdk::outcome::{error, generic_http_class, outcome, unrecognised, with_raw};
use revhost_sdk::{ErrorClass, Outcome, OutcomeKind, ReversalError};
use serde::{Deserialize, Deserializer};

use crate::errors::{Meaning, SUCCESS, reverse_lookup, status_lookup};

/// Any answer of `reverse.do`.
#[derive(Debug, Deserialize)]
pub struct SberbankReverseResponse {
    /// "0" success, "5"/"6"/"7" errors; missing means success.
    #[serde(
        rename = "errorCode",
        alias = "ErrorCode",
        default,
        deserialize_with = "code"
    )]
    pub error_code: Option<String>,
    /// The bank's text.
    #[serde(rename = "errorMessage", alias = "ErrorMessage", default)]
    pub error_message: Option<String>,
}

/// The fields of a `getOrderStatusExtended.do` answer the plugin uses.
#[derive(Debug, Deserialize)]
pub struct SberbankOrderStatusResponse {
    /// As in [`SberbankReverseResponse`].
    #[serde(
        rename = "errorCode",
        alias = "ErrorCode",
        default,
        deserialize_with = "code"
    )]
    pub error_code: Option<String>,
    /// The bank's text.
    #[serde(rename = "errorMessage", alias = "ErrorMessage", default)]
    pub error_message: Option<String>,
    /// 0 created .. 6 declined.
    #[serde(rename = "orderStatus", default)]
    pub order_status: Option<i64>,
    /// The merchant's order number.
    #[serde(rename = "orderNumber", default)]
    pub order_number: Option<String>,
    /// Order amount in kopecks.
    #[serde(default)]
    pub amount: Option<u64>,
}

/// `errorCode` as text, whether the bank sent a string or a number.
fn code<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.trim().to_owned())),
        Some(serde_json::Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(serde::de::Error::custom(format!(
            "errorCode is neither a string nor a number: {other}"
        ))),
    }
}

/// What a `reverse.do` answer says, and whether the order must be read.
#[derive(Debug)]
pub enum Reply {
    /// errorCode 0: reversed now.
    Reversed {
        /// The bank's text.
        message: String,
    },
    /// A final error that needs no status read (codes 5 and 6, HTTP 429/503).
    Final(ReversalError),
    /// Error 7: read the order; if it is reversed the answer is
    /// `already-reversed`, else this.
    Refused(Result<Outcome, ReversalError>),
    /// An answer that cannot be read (unknown code, non-JSON, HTTP error):
    /// read the order; if it is reversed, our call did it (`succeeded`),
    /// else this `in-doubt` error.
    Unreadable(ReversalError),
}

/// Map a `reverse.do` answer.
pub fn reverse_reply(status: u16, body: &[u8]) -> Reply {
    if status != 200 {
        return match generic_http_class(status) {
            Some(class @ (ErrorClass::RateLimited | ErrorClass::ProviderDown)) => {
                Reply::Final(with_raw(
                    error(
                        class,
                        &status.to_string(),
                        "Sberbank did not take the request; retry later",
                    ),
                    status,
                    body,
                ))
            }
            _ => Reply::Unreadable(unrecognised(status, body, "HTTP error from reverse.do")),
        };
    }
    let Ok(r) = serde_json::from_slice::<SberbankReverseResponse>(body) else {
        return Reply::Unreadable(unrecognised(status, body, "not Sberbank JSON"));
    };
    let code = r.error_code.unwrap_or_else(|| SUCCESS.to_owned());
    let message = r.error_message.unwrap_or_default();
    if code == SUCCESS {
        return Reply::Reversed { message };
    }
    match reverse_lookup(&code, &message) {
        None => Reply::Unreadable(unrecognised(
            status,
            body,
            &format!("errorCode {code} {message:?}"),
        )),
        Some((meaning, advice)) => {
            let mapped = match meaning {
                Meaning::Outcome(kind) => {
                    let mut o = outcome(kind, &code, &message);
                    o.details.push(revhost_sdk::Param {
                        name: "advice".into(),
                        value: advice.to_owned(),
                    });
                    Ok(o)
                }
                Meaning::Error(class) => Err(with_raw(
                    error(class, &code, &format!("{message}: {advice}")),
                    status,
                    body,
                )),
            };
            if code == "7" {
                Reply::Refused(mapped)
            } else {
                Reply::Final(mapped.err().unwrap_or_else(|| {
                    unrecognised(status, body, "a success outcome under an error code")
                }))
            }
        }
    }
}

/// An order as `getOrderStatusExtended.do` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// `orderStatus`.
    pub status: i64,
    /// `orderNumber`, the merchant's number.
    pub number: Option<String>,
    /// `amount`, kopecks.
    pub amount: Option<u64>,
}

/// Map a `getOrderStatusExtended.do` answer: the order, or why it could not
/// be read (classes as for a read made before any reversal was sent).
pub fn order(status: u16, body: &[u8]) -> Result<Order, ReversalError> {
    if status != 200 {
        let class = generic_http_class(status).or(if status >= 500 {
            Some(ErrorClass::ProviderDown)
        } else {
            None
        });
        return Err(match class {
            Some(class) => with_raw(
                error(
                    class,
                    &status.to_string(),
                    "Sberbank could not read the order (HTTP error); retry later",
                ),
                status,
                body,
            ),
            None => unrecognised(status, body, "HTTP error from getOrderStatusExtended.do"),
        });
    }
    let Ok(r) = serde_json::from_slice::<SberbankOrderStatusResponse>(body) else {
        return Err(unrecognised(
            status,
            body,
            "order status is not Sberbank JSON",
        ));
    };
    let code = r.error_code.unwrap_or_else(|| SUCCESS.to_owned());
    if code != SUCCESS {
        let message = r.error_message.unwrap_or_default();
        return Err(match status_lookup(&code, &message) {
            Some((Meaning::Error(class), advice)) => with_raw(
                error(class, &code, &format!("{message}: {advice}")),
                status,
                body,
            ),
            _ => unrecognised(
                status,
                body,
                &format!("order status errorCode {code} {message:?}"),
            ),
        });
    }
    match r.order_status {
        Some(s) => Ok(Order {
            status: s,
            number: r.order_number,
            amount: r.amount,
        }),
        None => Err(unrecognised(
            status,
            body,
            "order status without orderStatus",
        )),
    }
}

/// A plain outcome for an order state, with the state in `details`.
pub fn order_outcome(kind: OutcomeKind, order: &Order, text: &str) -> Outcome {
    let mut o = outcome(kind, &format!("orderStatus={}", order.status), text);
    o.details.push(revhost_sdk::Param {
        name: "orderStatus".into(),
        value: order.status.to_string(),
    });
    if let Some(number) = &order.number {
        o.details.push(revhost_sdk::Param {
            name: "orderNumber".into(),
            value: number.clone(),
        });
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> String {
        let text = match reverse_reply(status, body.as_bytes()) {
            Reply::Reversed { .. } => "reversed".into(),
            Reply::Final(e) => format!("final {:?}", e.class),
            Reply::Refused(Ok(o)) => format!("refused {:?}", o.kind),
            Reply::Refused(Err(e)) => format!("refused {:?}", e.class),
            Reply::Unreadable(e) => format!("unreadable {:?}", e.class),
        };
        text.replace("ErrorClass::", "")
            .replace("OutcomeKind::", "")
    }

    #[test]
    fn every_documented_answer_is_mapped() {
        for (code, text, meaning, _) in crate::errors::REVERSE_ANSWERS {
            let body = format!(r#"{{"errorCode":"{code}","errorMessage":"{text}"}}"#);
            let want = match (code, meaning) {
                (&"7", Meaning::Outcome(k)) => format!("refused {k:?}"),
                (&"7", Meaning::Error(c)) => format!("refused {c:?}"),
                (_, Meaning::Error(c)) => format!("final {c:?}"),
                (_, Meaning::Outcome(k)) => format!("final? {k:?}"),
            };
            let want = want
                .replace("ErrorClass::", "")
                .replace("OutcomeKind::", "");
            assert_eq!(reply(200, &body), want, "{text}");
        }
    }

    #[test]
    fn both_spellings_and_numeric_codes() {
        assert_eq!(
            reply(
                200,
                r#"{"ErrorCode":"6","ErrorMessage":"Wrong order number."}"#
            ),
            "final NotFound"
        );
        assert_eq!(
            reply(200, r#"{"errorCode":5,"errorMessage":"Access denied."}"#),
            "final AuthConfig"
        );
        assert_eq!(
            reply(200, r#"{"errorCode":"0","errorMessage":"Success"}"#),
            "reversed"
        );
        assert_eq!(reply(200, r#"{"errorCode":0}"#), "reversed");
        assert_eq!(reply(200, r#"{}"#), "reversed");
    }

    #[test]
    fn unknown_answers_need_the_order_read() {
        assert_eq!(
            reply(200, r#"{"errorCode":"7","errorMessage":"Something new"}"#),
            "unreadable InDoubt"
        );
        assert_eq!(reply(200, r#"{"errorCode":"42"}"#), "unreadable InDoubt");
        assert_eq!(
            reply(200, r#"{"errorCode":"0","errorMes"#),
            "unreadable InDoubt"
        );
        assert_eq!(reply(500, "<html>"), "unreadable InDoubt");
        assert_eq!(reply(503, ""), "final ProviderDown");
        assert_eq!(reply(429, ""), "final RateLimited");
    }

    #[test]
    fn order_reads() {
        let o = order(
            200,
            br#"{"errorCode":"0","errorMessage":"Success","orderNumber":"n1","orderStatus":2,"amount":1234}"#,
        )
        .unwrap();
        assert_eq!((o.status, o.amount), (2, Some(1234)));
        let class = |body: &str, status| order(status, body.as_bytes()).unwrap_err().class;
        assert_eq!(
            class(
                r#"{"ErrorCode":"6","ErrorMessage":"Wrong order number."}"#,
                200
            ),
            ErrorClass::NotFound
        );
        assert_eq!(
            class(r#"{"errorCode":"7","errorMessage":"System error."}"#, 200),
            ErrorClass::ProviderDown
        );
        assert_eq!(class(r#"{"errorCode":"0"}"#, 200), ErrorClass::InDoubt);
        assert_eq!(class("<html>", 500), ErrorClass::ProviderDown);
        assert_eq!(class("{", 200), ErrorClass::InDoubt);
    }
}
