//! Exit codes: one per outcome and error class, so scripts can branch on them.

use revhost::{ErrorClass, OutcomeKind};

/// Usage or configuration error (nothing was attempted).
pub const USAGE: u8 = 2;

/// The exit-code table, shown in `--help`.
pub const HELP: &str = "\
Exit codes:
  0  succeeded or already-reversed     1  declined
  3  pending or requires-action (not final: read the status later)
  10 not-attempted   11 in-doubt        12 rate-limited   13 provider-down
  14 auth-config     15 invalid-request 16 not-found
  2  usage or configuration error";

/// The exit code of an outcome.
pub fn of_outcome(kind: OutcomeKind) -> u8 {
    match kind {
        OutcomeKind::Succeeded | OutcomeKind::AlreadyReversed => 0,
        OutcomeKind::Declined => 1,
        OutcomeKind::Pending | OutcomeKind::RequiresAction => 3,
    }
}

/// The exit code of an error class.
pub fn of_error(class: ErrorClass) -> u8 {
    match class {
        ErrorClass::NotAttempted => 10,
        ErrorClass::InDoubt => 11,
        ErrorClass::RateLimited => 12,
        ErrorClass::ProviderDown => 13,
        ErrorClass::AuthConfig => 14,
        ErrorClass::InvalidRequest => 15,
        ErrorClass::NotFound => 16,
    }
}
