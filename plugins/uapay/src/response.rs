//! UAPAY's answers: wire structs and the first sorting of an HTTP answer into
//! "accepted" (`status` 1), "refused" (`{"error":{code,message,fields}}`) or
//! a typed error (HTTP-level or unrecognised, never guessed).

use revhost_sdk::http::Response;
use revhost_sdk::outcome::{error, generic_http_class, retry_after_ms, unrecognised, with_raw};
use revhost_sdk::{ErrorClass, ReversalError};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::errors::{Meaning, lookup};

/// Which call an answer belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Session Create.
    Session,
    /// C2A Reverse Initiate.
    Initiate,
    /// C2A Reverse Complete.
    Complete,
    /// C2A Reverse Cancel.
    Cancel,
    /// Payments show.
    Show,
}

impl Step {
    /// Whether the call can change a payment (so a failure is in doubt).
    fn acts(self) -> bool {
        matches!(self, Step::Initiate | Step::Complete | Step::Cancel)
    }
}

/// Session Create's answer, `{"status":1,"id":"..."}`.
#[derive(Debug, Deserialize)]
pub struct SessionAnswer {
    /// The session id.
    pub id: String,
}

/// Any `{"status":1,"data":{...}}` answer.
#[derive(Debug, Deserialize)]
pub struct DataAnswer<T> {
    /// The answer's data.
    pub data: T,
}

/// `data` of initiate, complete and cancel.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReverseData {
    /// Payment id.
    pub payment_id: String,
    /// The RETURN operation's id.
    pub reverse_operation_id: String,
    /// Our reference.
    pub reverse_external_id: String,
}

/// `data` of Payments show.
#[derive(Debug, Clone, Deserialize)]
pub struct PaymentData {
    /// Payment id.
    pub id: String,
    /// Payment status (`FINISHED`, `WAITING_COMPLETE`, `RETURNED`, ...).
    pub status: String,
    /// Amount in kopecks.
    #[serde(default)]
    pub amount: Option<u64>,
    /// The payment's operations.
    #[serde(default)]
    pub operations: Vec<OperationData>,
}

/// One operation in Payments show.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationData {
    /// Operation id.
    pub id: String,
    /// `SEND` or `RETURN`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `NEEDS_COMPLETE`, `FINISHED`, `REJECTED`, `CANCELED`.
    pub status: String,
    /// The client's external id.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Amount in kopecks.
    #[serde(default)]
    pub amount: Option<u64>,
}

/// A refusal: `{"error":{"code","message","fields"}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Refusal {
    /// UAPAY's error code.
    pub code: String,
    /// UAPAY's message.
    #[serde(default)]
    pub message: String,
    /// Field errors, e.g. `{"params":{"clientId":"REQUIRED"}}`.
    #[serde(default)]
    pub fields: Option<Value>,
    /// HTTP status and raw body, for the operator.
    #[serde(skip)]
    pub raw: Option<(u16, Vec<u8>)>,
}

impl Refusal {
    /// The refusal as a typed error of `class`, with the raw answer.
    pub fn to_error(&self, class: ErrorClass, advice: &str) -> ReversalError {
        let mut text = format!("UAPAY {}: {}", self.code, self.message);
        if let Some(fields) = self.fields.as_ref().filter(|f| !f.is_null()) {
            text.push_str(&format!(" (fields: {fields})"));
        }
        text.push_str(&format!("; {advice}"));
        let e = error(class, &self.code, &text);
        match &self.raw {
            Some((status, body)) => with_raw(e, *status, body),
            None => e,
        }
    }
}

/// How an answer sorts.
#[derive(Debug)]
pub enum Answer<T> {
    /// `status` 1 with the expected fields.
    Accepted(T),
    /// A refusal whose meaning is to read the payment.
    ReadPayment(Refusal),
}

#[derive(Debug, Deserialize)]
struct Envelope {
    status: Option<Value>,
    error: Option<Refusal>,
}

/// Sorts an HTTP answer of `step`. Refusals with a fixed class come back as
/// errors; refusals that depend on the payment's state as
/// [`Answer::ReadPayment`].
pub fn parse<T: DeserializeOwned>(step: Step, resp: &Response) -> Result<Answer<T>, ReversalError> {
    let (status, body) = (resp.status, resp.body.as_slice());
    let Ok(envelope) = serde_json::from_slice::<Envelope>(body) else {
        return Err(http_level(step, resp, "the body is not UAPAY JSON"));
    };
    if let Some(mut refusal) = envelope.error {
        refusal.raw = Some((status, body.to_vec()));
        return match lookup(&refusal.code) {
            Some((Meaning::Error(class), advice)) => {
                let mut e = refusal.to_error(class, advice);
                e.retry_after_ms = retry_after_ms(&resp.headers);
                Err(e)
            }
            Some((Meaning::ReadPayment, _)) => Ok(Answer::ReadPayment(refusal)),
            Some((Meaning::Internal, advice)) if step.acts() => Err(refusal.to_error(
                ErrorClass::InDoubt,
                &format!("{advice}; the step may or may not have been applied: run `status` first"),
            )),
            Some((Meaning::Internal, advice)) => Err(refusal.to_error(
                ErrorClass::ProviderDown,
                &format!("{advice}; nothing was changed, retry later"),
            )),
            None => Err(refusal.to_error(
                ErrorClass::InDoubt,
                "unknown UAPAY error code; run `status` before retrying",
            )),
        };
    }
    if is_success(envelope.status.as_ref()) {
        return serde_json::from_slice::<T>(body)
            .map(Answer::Accepted)
            .map_err(|e| unrecognised(status, body, &format!("status 1 but {e}")));
    }
    Err(http_level(step, resp, "neither status 1 nor an error"))
}

/// `status` 1, as a number or (as UAPAY's examples show) a string.
fn is_success(status: Option<&Value>) -> bool {
    match status {
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        Some(Value::String(s)) => s == "1",
        _ => false,
    }
}

/// An answer without a UAPAY error: the HTTP status's generic class, or in-doubt.
fn http_level(step: Step, resp: &Response, what: &str) -> ReversalError {
    let (status, body) = (resp.status, resp.body.as_slice());
    match generic_http_class(status) {
        Some(class) => {
            let mut e = with_raw(
                error(
                    class,
                    &status.to_string(),
                    &format!("HTTP {status} from UAPAY ({step:?})"),
                ),
                status,
                body,
            );
            e.retry_after_ms = retry_after_ms(&resp.headers);
            e
        }
        None => unrecognised(status, body, &format!("{what}, at step {step:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn sorts_answers() {
        let ok = parse::<SessionAnswer>(Step::Session, &resp(200, r#"{"status":"1","id":"s"}"#));
        assert!(matches!(ok, Ok(Answer::Accepted(SessionAnswer { id })) if id == "s"));
        let e = parse::<SessionAnswer>(
            Step::Session,
            &resp(
                401,
                r#"{"error":{"code":"TIMELIMIT_ERROR","message":"late"}}"#,
            ),
        )
        .unwrap_err();
        assert_eq!(
            (e.class, e.provider_code.as_str()),
            (ErrorClass::AuthConfig, "TIMELIMIT_ERROR")
        );
        let e = parse::<SessionAnswer>(
            Step::Session,
            &resp(
                400,
                r#"{"error":{"code":"FORMAT_ERROR","fields":{"params":{"clientId":"REQUIRED"}}}}"#,
            ),
        )
        .unwrap_err();
        assert_eq!(e.class, ErrorClass::InvalidRequest);
        assert!(e.message.contains("clientId"), "{}", e.message);
        let read = parse::<DataAnswer<ReverseData>>(
            Step::Initiate,
            &resp(
                409,
                r#"{"error":{"code":"EXTERNAL_ID_EXISTS","message":"dup"}}"#,
            ),
        );
        assert!(matches!(read, Ok(Answer::ReadPayment(r)) if r.code == "EXTERNAL_ID_EXISTS"));
    }

    #[test]
    fn never_guesses() {
        let internal = r#"{"error":{"code":"INTERNAL_ERROR","message":"x"}}"#;
        let e = parse::<SessionAnswer>(Step::Initiate, &resp(500, internal)).unwrap_err();
        assert_eq!(e.class, ErrorClass::InDoubt);
        let e = parse::<SessionAnswer>(Step::Session, &resp(500, internal)).unwrap_err();
        assert_eq!(e.class, ErrorClass::ProviderDown);
        let e = parse::<SessionAnswer>(
            Step::Initiate,
            &resp(409, r#"{"error":{"code":"NEW_CODE"}}"#),
        )
        .unwrap_err();
        assert_eq!(
            (e.class, e.provider_code.as_str()),
            (ErrorClass::InDoubt, "NEW_CODE")
        );
        let e = parse::<SessionAnswer>(Step::Initiate, &resp(200, r#"{"status":1,"data":{"#))
            .unwrap_err();
        assert_eq!(e.class, ErrorClass::InDoubt);
        let e = parse::<SessionAnswer>(Step::Initiate, &resp(200, r#"{"status":0}"#)).unwrap_err();
        assert_eq!(e.class, ErrorClass::InDoubt);
        let e = parse::<SessionAnswer>(Step::Show, &resp(503, "down")).unwrap_err();
        assert_eq!(e.class, ErrorClass::ProviderDown);
    }
}
