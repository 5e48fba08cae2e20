//! Sberbank's documented `errorCode` / `errorMessage` pairs and `orderStatus`
//! values, and what each means.
//!
//! Every documented answer is here. A code the tables do not know is
//! `in-doubt`; a known code with an unknown text falls back to the code's
//! meaning (5 auth-config, 6 not-found), except under 7, whose texts mean
//! very different things: an unknown 7 text is `in-doubt`.

use revhost_sdk::{ErrorClass, OutcomeKind};

/// What a documented answer means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// A normalized outcome (the bank decided).
    Outcome(OutcomeKind),
    /// An error class.
    Error(ErrorClass),
}

/// Message of the success answer (`errorCode` 0).
pub const SUCCESS: &str = "0";

/// `(errorCode, errorMessage, meaning, advice)` for every answer the
/// `reverse.do` page lists.
pub const REVERSE_ANSWERS: &[(&str, &str, Meaning, &str)] = &[
    (
        "5",
        "Access denied.",
        Meaning::Error(ErrorClass::AuthConfig),
        "userName or password is wrong: fix the instance's user_name and password secret",
    ),
    (
        "5",
        "The user must change the password.",
        Meaning::Error(ErrorClass::AuthConfig),
        "the API user's password expired: change it in the Sberbank merchant portal, then update the password secret",
    ),
    (
        "5",
        "Unsuccessful.",
        Meaning::Error(ErrorClass::AuthConfig),
        "the merchant has no permission for reversals: ask Sberbank to enable reverse.do for this merchant",
    ),
    (
        "6",
        "Wrong order number.",
        Meaning::Error(ErrorClass::NotFound),
        "no order with this orderId: pass the bank's 36-character orderId as the payment",
    ),
    (
        "6",
        "Unregistered",
        Meaning::Error(ErrorClass::NotFound),
        "Sberbank has no registered order with this orderId: check the payment reference",
    ),
    (
        "7",
        "Invalid operation for the current order status.",
        Meaning::Outcome(OutcomeKind::Declined),
        "the order's state no longer allows a reversal (the reversal window closed, or a reversal was already tried: Sberbank allows one attempt); use a refund instead",
    ),
    (
        "7",
        "System error.",
        Meaning::Error(ErrorClass::ProviderDown),
        "Sberbank failed and the order is not reversed; retry later, but note that Sberbank allows one reversal attempt: if the retry is refused, contact the bank",
    ),
    (
        "7",
        "Reversal is impossible because of incorrect internal parameter values. The holding and deposit amounts must be equal for the transaction after the funds are unblocked.",
        Meaning::Outcome(OutcomeKind::Declined),
        "the held and deposited amounts differ, so the bank cannot reverse; use a refund",
    ),
    (
        "7",
        "Transaction is being processed now. Please try again later.",
        Meaning::Error(ErrorClass::ProviderDown),
        "the bank is still processing a transaction on this order and did not reverse it; retry later (the plugin reads the order before sending again)",
    ),
    (
        "7",
        "Reversal is impossible because of incorrect internal parameter values. Check the amount put on hold and the deposit amount.",
        Meaning::Outcome(OutcomeKind::Declined),
        "the amount does not match the held/deposited amount (or partial reversals are not enabled); the one reversal attempt is used up: use a refund",
    ),
    (
        "7",
        "Reversal is impossible because of incorrect internal parameter values. The chargeback flag is set for this payment.",
        Meaning::Outcome(OutcomeKind::Declined),
        "the payment is under chargeback and cannot be reversed",
    ),
    (
        "7",
        "This payment type does not support reversal.",
        Meaning::Outcome(OutcomeKind::Declined),
        "this payment type cannot be reversed; use a refund",
    ),
    (
        "7",
        "The order is in an incorrect state",
        Meaning::Outcome(OutcomeKind::Declined),
        "the bank considers the order's state unsuitable for a reversal",
    ),
];

/// The meaning of a `reverse.do` error answer: by code and text, else by
/// code alone for 5 and 6. `None` means unknown (in-doubt).
pub fn reverse_lookup(code: &str, message: &str) -> Option<(Meaning, &'static str)> {
    let wanted = normalize(message);
    REVERSE_ANSWERS
        .iter()
        .find(|(c, m, _, _)| *c == code && normalize(m) == wanted)
        .map(|(_, _, meaning, advice)| (*meaning, *advice))
        .or_else(|| code_fallback(code))
}

/// The meaning of a `getOrderStatusExtended.do` error answer (a non-zero
/// code). The read changes nothing, so its 7 ("System error.") means the bank
/// is failing: `provider-down`.
pub fn status_lookup(code: &str, message: &str) -> Option<(Meaning, &'static str)> {
    match code {
        "7" => Some((
            Meaning::Error(ErrorClass::ProviderDown),
            "Sberbank could not read the order; retry later",
        )),
        _ => reverse_lookup(code, message),
    }
}

fn code_fallback(code: &str) -> Option<(Meaning, &'static str)> {
    match code {
        "5" => Some((
            Meaning::Error(ErrorClass::AuthConfig),
            "Sberbank refused the merchant account: check user_name, the password secret and the merchant's permissions",
        )),
        "6" => Some((
            Meaning::Error(ErrorClass::NotFound),
            "Sberbank does not know this orderId: check the payment reference",
        )),
        _ => None,
    }
}

/// Texts compare without case, surrounding blanks or a final period: the
/// bank is not consistent about them.
fn normalize(text: &str) -> String {
    text.trim().trim_end_matches('.').trim().to_lowercase()
}

/// What the plugin does with an order in a given `orderStatus` before
/// sending `reverse.do`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Before {
    /// The bank can reverse it: send `reverse.do`.
    Reverse,
    /// Answer this without sending anything.
    Answer(OutcomeKind),
}

/// `(orderStatus, name, before reversal, explanation)` for every documented
/// status. Any other status is in-doubt.
pub const ORDER_STATUSES: &[(i64, &str, Before, &str)] = &[
    (
        0,
        "created",
        Before::Answer(OutcomeKind::Declined),
        "the order was registered but never paid: nothing to reverse",
    ),
    (
        1,
        "approved (amount held)",
        Before::Reverse,
        "the amount is held: reversible",
    ),
    (
        2,
        "deposited",
        Before::Reverse,
        "the amount is deposited: reversible while the bank's reversal window is open",
    ),
    (
        3,
        "reversed",
        Before::Answer(OutcomeKind::AlreadyReversed),
        "the order is already reversed; nothing was sent",
    ),
    (
        4,
        "refunded",
        Before::Answer(OutcomeKind::Declined),
        "a refund was made on this order: it can no longer be reversed",
    ),
    (
        5,
        "ACS authentication started",
        Before::Answer(OutcomeKind::Declined),
        "3-D Secure authentication is under way and nothing is paid yet; ask again once the order is approved",
    ),
    (
        6,
        "declined",
        Before::Answer(OutcomeKind::Declined),
        "the payment was declined: nothing to reverse",
    ),
];

/// `orderStatus` of a reversed order.
pub const REVERSED: i64 = 3;

/// The row of a documented `orderStatus`.
pub fn order_status(status: i64) -> Option<(&'static str, Before, &'static str)> {
    ORDER_STATUSES
        .iter()
        .find(|(s, _, _, _)| *s == status)
        .map(|(_, name, before, text)| (*name, *before, *text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_match_loosely_and_codes_fall_back() {
        assert_eq!(
            reverse_lookup("5", " access denied ").map(|m| m.0),
            Some(Meaning::Error(ErrorClass::AuthConfig))
        );
        assert_eq!(
            reverse_lookup("6", "something else").map(|m| m.0),
            Some(Meaning::Error(ErrorClass::NotFound))
        );
        assert_eq!(reverse_lookup("7", "something new"), None);
        assert_eq!(reverse_lookup("9", "Access denied."), None);
        assert_eq!(
            status_lookup("7", "System error.").map(|m| m.0),
            Some(Meaning::Error(ErrorClass::ProviderDown))
        );
    }

    #[test]
    fn every_seven_text_is_distinct_and_mapped() {
        let sevens: Vec<_> = REVERSE_ANSWERS.iter().filter(|r| r.0 == "7").collect();
        assert_eq!(sevens.len(), 8);
        for (code, text, meaning, _) in sevens {
            assert_eq!(reverse_lookup(code, text).map(|m| m.0), Some(*meaning));
        }
    }

    #[test]
    fn only_held_and_deposited_orders_are_sent() {
        let sent: Vec<i64> = ORDER_STATUSES
            .iter()
            .filter(|r| r.2 == Before::Reverse)
            .map(|r| r.0)
            .collect();
        assert_eq!(sent, [1, 2]);
        assert_eq!(order_status(9), None);
    }
}
