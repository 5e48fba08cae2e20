//! UAPAY's error codes and what each means.
//!
//! `TIMELIMIT_ERROR` and `FORMAT_ERROR` are UAPAY's published codes; the
//! others are the names this project assumes for refusals UAPAY's pages
//! describe without publishing a code (see README.md). Anything not listed
//! is `in-doubt`.

use revhost_sdk::ErrorClass;

/// What a documented error code means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// A fixed error class.
    Error(ErrorClass),
    /// The request was refused because of the payment's or the reverse's
    /// state: read the payment (Payments show) to learn the reversal's state.
    ReadPayment,
    /// UAPAY failed internally: `provider-down` for calls that change
    /// nothing (session, show), `in-doubt` for initiate/complete/cancel.
    Internal,
}

/// `(code, meaning, advice)` for every code the plugin knows.
pub const CODES: &[(&str, Meaning, &str)] = &[
    (
        "TIMELIMIT_ERROR",
        Meaning::Error(ErrorClass::AuthConfig),
        "the host clock differs from UAPAY's by more than about 20 s; fix the host's time \
         synchronisation (NTP), then retry: nothing was done",
    ),
    (
        "TOKEN_ERROR",
        Meaning::Error(ErrorClass::AuthConfig),
        "UAPAY refused the request's JWT; check the instance secret `key` (the merchant key \
         from the UAPAY cabinet)",
    ),
    (
        "CLIENT_NOT_FOUND",
        Meaning::Error(ErrorClass::AuthConfig),
        "UAPAY does not know this client; check the instance config `client_id`",
    ),
    (
        "FORMAT_ERROR",
        Meaning::Error(ErrorClass::InvalidRequest),
        "UAPAY refused the request's fields; fix them and retry",
    ),
    (
        "SESSION_NOT_FOUND",
        Meaning::Error(ErrorClass::ProviderDown),
        "UAPAY lost the session it had just opened; nothing was done, retry later",
    ),
    (
        "PAYMENT_NOT_FOUND",
        Meaning::Error(ErrorClass::NotFound),
        "UAPAY knows no payment with this reference; check --payment and the ref_type param",
    ),
    (
        "OPERATION_NOT_FOUND",
        Meaning::Error(ErrorClass::NotFound),
        "UAPAY knows no reverse with this reference; start one with `reverse` (no action param)",
    ),
    (
        "PAYMENT_STATUS_ERROR",
        Meaning::ReadPayment,
        "the payment is not in a status that allows this step",
    ),
    (
        "EXTERNAL_ID_EXISTS",
        Meaning::ReadPayment,
        "a reverse with this reference already exists",
    ),
    (
        "INTERNAL_ERROR",
        Meaning::Internal,
        "UAPAY failed internally",
    ),
];

/// The meaning and advice of a known code.
pub fn lookup(code: &str) -> Option<(Meaning, &'static str)> {
    CODES
        .iter()
        .find(|(c, _, _)| *c == code.trim())
        .map(|(_, meaning, advice)| (*meaning, *advice))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_codes() {
        assert_eq!(
            lookup("TIMELIMIT_ERROR").map(|m| m.0),
            Some(Meaning::Error(ErrorClass::AuthConfig))
        );
        assert_eq!(
            lookup("EXTERNAL_ID_EXISTS").map(|m| m.0),
            Some(Meaning::ReadPayment)
        );
        assert!(lookup("SOMETHING_NEW").is_none());
        let mut codes: Vec<_> = CODES.iter().map(|c| c.0).collect();
        codes.dedup();
        assert_eq!(codes.len(), CODES.len());
    }
}
