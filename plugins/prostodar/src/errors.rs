//! Prostodar's documented `status` values (and, for `BANK_ERROR`, its two
//! messages) and what each means.
//!
//! Every status the rollback page lists is here; anything else is
//! `in-doubt`.

use revhost_sdk::{ErrorClass, OutcomeKind};

/// What a documented answer means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// A normalized outcome (the provider decided).
    Outcome(OutcomeKind),
    /// An error class.
    Error(ErrorClass),
    /// `ALREADY_ISSUED_FOR_THIS_REQUEST`: the request is closed, but by a
    /// commit (the top-up stands), a rollback (it was undone) or an
    /// automatic decline (it never happened). Only the caller can tell
    /// which; see [`crate::response::already_issued`].
    AlreadyIssued,
}

/// One documented answer.
#[derive(Debug, Clone, Copy)]
pub struct Documented {
    /// The `status` field, verbatim.
    pub status: &'static str,
    /// The `message` that selects this row, when one status has several
    /// meanings (`BANK_ERROR`); `None` matches any message.
    pub message: Option<&'static str>,
    /// What it means.
    pub meaning: Meaning,
    /// What the operator does next.
    pub advice: &'static str,
}

const fn row(
    status: &'static str,
    message: Option<&'static str>,
    meaning: Meaning,
    advice: &'static str,
) -> Documented {
    Documented {
        status,
        message,
        meaning,
        advice,
    }
}

/// The success status.
pub const OK: &str = "OK";

/// Every documented error status (the success status `OK` is handled apart).
pub const STATUSES: &[Documented] = &[
    row(
        "PARTNER_LOGIN_IS_NOT_CORRECT",
        None,
        Meaning::Error(ErrorClass::AuthConfig),
        "no partner with this name and password: check the config key partner_name and the secret partner_password",
    ),
    row(
        "NOT_VALID_IP_PARTNER",
        None,
        Meaning::Error(ErrorClass::AuthConfig),
        "the host's outgoing IP address is not registered for this partner: ask Prostodar to allow it",
    ),
    row(
        "ACCOUNT_IS_BLOCKED",
        None,
        Meaning::Error(ErrorClass::AuthConfig),
        "the partner account is blocked: contact Prostodar",
    ),
    row(
        "REQUEST_INCORRECTLY",
        None,
        Meaning::Error(ErrorClass::AuthConfig),
        "Prostodar could not decrypt the parameters: check that the config key public_key holds the provider's current public key",
    ),
    row(
        "SERVICE_UNAVAILABLE",
        None,
        Meaning::Error(ErrorClass::ProviderDown),
        "the service is temporarily unavailable and did nothing: retry later, before the issue is confirmed or auto-declined",
    ),
    row(
        "NOT_FOUND_REQUEST_BY_WALLET_ID_AND_REQUEST_ID",
        None,
        Meaning::Error(ErrorClass::NotFound),
        "no card issue with this walletId and requestId: check the payment (walletId from create) and the param request_id",
    ),
    row(
        "VALIDATION_ERROR",
        None,
        Meaning::Error(ErrorClass::InvalidRequest),
        "a required parameter is missing: fix the request",
    ),
    row(
        "CARD_NOT_ROLLED_BACK",
        None,
        Meaning::Error(ErrorClass::ProviderDown),
        "the bank failed to roll the card back and nothing changed: retry soon, before the issue is confirmed or auto-declined; if it keeps failing, contact Prostodar",
    ),
    row(
        "BANK_ERROR",
        Some("Generic error"),
        Meaning::Error(ErrorClass::InDoubt),
        "internal bank error: the rollback may or may not have been applied; retrying is safe (a second rollback of the same issue is refused, never applied twice), or ask Prostodar",
    ),
    row(
        "BANK_ERROR",
        Some("Bad request"),
        Meaning::Error(ErrorClass::InvalidRequest),
        "the bank refused the request's parameters: check the walletId and request_id",
    ),
    row(
        "ALREADY_ISSUED_FOR_THIS_REQUEST",
        None,
        Meaning::AlreadyIssued,
        "this issue was already confirmed (commit), rolled back, or auto-declined for lack of a commit; Prostodar does not say which",
    ),
];

/// The documented row for a `status` and `message`, if there is one. A
/// status whose rows are keyed by message (`BANK_ERROR`) matches only its
/// documented messages.
pub fn lookup(status: &str, message: &str) -> Option<&'static Documented> {
    let status = status.trim();
    let message = message.trim();
    STATUSES
        .iter()
        .find(|d| d.status == status && d.message.is_none_or(|m| m == message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_error_is_keyed_by_message() {
        assert_eq!(
            lookup("BANK_ERROR", "Generic error").unwrap().meaning,
            Meaning::Error(ErrorClass::InDoubt)
        );
        assert_eq!(
            lookup("BANK_ERROR", "Bad request").unwrap().meaning,
            Meaning::Error(ErrorClass::InvalidRequest)
        );
        assert!(lookup("BANK_ERROR", "Something else").is_none());
    }

    #[test]
    fn any_message_for_other_statuses() {
        assert!(lookup("VALIDATION_ERROR", "Missing 'walletId' parameter").is_some());
        assert!(lookup("NOT_A_STATUS", "").is_none());
    }
}
