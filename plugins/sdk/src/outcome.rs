//! Building outcomes and errors, and the mappings every plugin shares.

use crate::bindings::revhost::provider::http::HttpError;
use crate::{ErrorClass, Outcome, OutcomeKind, ReversalError};

/// Longest raw answer a plugin attaches to an error (the host caps it again).
pub const MAX_RAW: usize = 4 * 1024;

/// An outcome with the provider's code and message, nothing else.
pub fn outcome(kind: OutcomeKind, code: &str, message: &str) -> Outcome {
    Outcome {
        kind,
        provider_code: code.to_owned(),
        provider_message: message.to_owned(),
        provider_reference: None,
        amount: None,
        fee: None,
        next_step: None,
        details: Vec::new(),
    }
}

/// An error with the provider's code and a message.
pub fn error(class: ErrorClass, code: &str, message: &str) -> ReversalError {
    ReversalError {
        class,
        provider_code: code.to_owned(),
        message: message.to_owned(),
        retry_after_ms: None,
        raw: None,
    }
}

/// The provider's raw answer for the operator: status line and body, capped.
pub fn raw(status: u16, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut end = text.len().min(MAX_RAW);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("HTTP {status}: {}", &text[..end])
}

/// Attach the raw answer to an error.
pub fn with_raw(mut e: ReversalError, status: u16, body: &[u8]) -> ReversalError {
    e.raw = Some(raw(status, body));
    e
}

/// An answer the plugin does not recognise: never guessed into a final
/// state, always `in-doubt`.
pub fn unrecognised(status: u16, body: &[u8], what: &str) -> ReversalError {
    with_raw(
        error(
            ErrorClass::InDoubt,
            &status.to_string(),
            &format!("unrecognised provider answer ({what}); read the status before retrying"),
        ),
        status,
        body,
    )
}

/// Map a transport failure by whether the provider can have seen the request.
pub fn from_http_error(e: HttpError) -> ReversalError {
    match e {
        HttpError::Denied(m) => error(
            ErrorClass::NotAttempted,
            "",
            &format!("the host refused the request: {m}"),
        ),
        HttpError::Invalid(m) => error(
            ErrorClass::NotAttempted,
            "",
            &format!("the request could not be built: {m}"),
        ),
        HttpError::Connect(m) => error(
            ErrorClass::NotAttempted,
            "",
            &format!("could not connect to the provider: {m}"),
        ),
        HttpError::Timeout(m) => error(
            ErrorClass::InDoubt,
            "",
            &format!("the provider did not answer in time: {m}"),
        ),
        HttpError::NoResponse(m) => error(
            ErrorClass::InDoubt,
            "",
            &format!("the connection broke before the provider answered: {m}"),
        ),
        HttpError::TooLarge(n) => error(
            ErrorClass::InDoubt,
            "",
            &format!("the provider's answer exceeded {n} bytes"),
        ),
    }
}

/// The class of an HTTP status that means the same at every provider, if any:
/// 429 rate-limited, 502/504 in-doubt (a gateway may have forwarded the
/// request), 503 provider-down.
pub fn generic_http_class(status: u16) -> Option<ErrorClass> {
    match status {
        429 => Some(ErrorClass::RateLimited),
        503 => Some(ErrorClass::ProviderDown),
        502 | 504 => Some(ErrorClass::InDoubt),
        _ => None,
    }
}

/// `Retry-After` in milliseconds, when given in seconds.
pub fn retry_after_ms(headers: &[crate::http::ResponseHeader]) -> Option<u64> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("retry-after"))
        .and_then(|h| h.value.trim().parse::<u64>().ok())
        .map(|s| s.saturating_mul(1000))
}
