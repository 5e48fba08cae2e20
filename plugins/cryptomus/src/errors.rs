//! Cryptomus' documented `message` values and what each means.
//!
//! Every documented message is here; anything else is `in-doubt`.

use revhost_sdk::{ErrorClass, OutcomeKind};

/// What a documented message means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// A normalized outcome (the provider decided).
    Outcome(OutcomeKind),
    /// An error class.
    Error(ErrorClass),
}

/// `(message, meaning, advice)` for every message the API page lists.
pub const MESSAGES: &[(&str, Meaning, &str)] = &[
    (
        "Not found",
        Meaning::Error(ErrorClass::NotFound),
        "no static wallet with this uuid/order_id; check the reference",
    ),
    (
        "You can withdraw only once",
        Meaning::Outcome(OutcomeKind::AlreadyReversed),
        "the wallet's blocked funds were already refunded; nothing to do",
    ),
    (
        "Refund is in process",
        Meaning::Outcome(OutcomeKind::Pending),
        "a refund of this wallet is under way; ask again later",
    ),
    (
        "You are forbidden",
        Meaning::Error(ErrorClass::AuthConfig),
        "the merchant or user is blocked (e.g. 24 h after a password change); an operator must act",
    ),
    (
        "Nothing to withdraw",
        Meaning::Outcome(OutcomeKind::Declined),
        "no funds are blocked on this wallet",
    ),
    (
        "The amount is too small",
        Meaning::Outcome(OutcomeKind::Declined),
        "the blocked amount is below the network's minimum; it cannot be refunded",
    ),
    (
        "Server error",
        Meaning::Error(ErrorClass::ProviderDown),
        "technical works at Cryptomus; retry later",
    ),
    (
        "The service was not found",
        Meaning::Error(ErrorClass::ProviderDown),
        "the refund service is temporarily unavailable; retry later",
    ),
];

/// The meaning of a documented message, if it is one.
pub fn lookup(message: &str) -> Option<(Meaning, &'static str)> {
    MESSAGES
        .iter()
        .find(|(m, _, _)| *m == message.trim())
        .map(|(_, meaning, advice)| (*meaning, *advice))
}
