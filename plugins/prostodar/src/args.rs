//! The caller's request, checked before anything is sent: operation, amount
//! and the Prostodar-specific params.

use revhost_sdk::{ErrorClass, Operation, ReversalError, ReverseRequest, outcome, param};

/// Name of the param carrying the create call's `requestId`.
pub const REQUEST_ID: &str = "request_id";
/// Name of the param by which the caller states whether it ever sent a
/// commit (confirm) for this card issue.
pub const COMMIT_SENT: &str = "commit_sent";

/// What the caller knows about the commit (confirm) of this card issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commit {
    /// The caller states it never sent a commit for this issue, not even one
    /// that timed out (`commit_sent=no`).
    NeverSent,
    /// A commit may have been sent (`commit_sent=yes` or `unknown`, or no
    /// param): the default.
    Unknown,
}

/// A checked rollback request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollbackArgs {
    /// `walletId`: the id the successful create returned (the payment ref).
    pub wallet_id: String,
    /// `requestId`: the create call's request id.
    pub request_id: String,
    /// What the caller knows about the commit.
    pub commit: Commit,
}

/// Check `req` and pull out what the rollback call needs.
pub fn parse(req: &ReverseRequest) -> Result<RollbackArgs, ReversalError> {
    if !matches!(req.operation, Operation::Rollback | Operation::Void) {
        return Err(invalid(
            "Prostodar can only roll back (void) a card issue before it is confirmed: use --operation rollback",
        ));
    }
    if req.amount.is_some() {
        return Err(invalid(
            "a Prostodar rollback cancels the whole card issue: omit the amount",
        ));
    }
    let wallet_id = req.payment_ref.trim();
    if wallet_id.is_empty() {
        return Err(invalid(
            "the payment must be the walletId returned by the create call",
        ));
    }
    let request_id = param(&req.params, REQUEST_ID)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            invalid("the create call's request id is missing: pass --param request_id=<requestId of the create>")
        })?;
    let commit = match param(&req.params, COMMIT_SENT).map(str::trim) {
        None | Some("yes" | "unknown") => Commit::Unknown,
        Some("no") => Commit::NeverSent,
        Some(other) => {
            return Err(invalid(&format!(
                "commit_sent must be no, yes or unknown, not {other:?}"
            )));
        }
    };
    Ok(RollbackArgs {
        wallet_id: wallet_id.to_owned(),
        request_id: request_id.to_owned(),
        commit,
    })
}

/// A request refused before anything is sent.
pub fn invalid(message: &str) -> ReversalError {
    outcome::error(ErrorClass::InvalidRequest, "", message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use revhost_sdk::Param;

    fn req(operation: Operation, params: &[(&str, &str)]) -> ReverseRequest {
        ReverseRequest {
            payment_ref: "d2FsbGV0".into(),
            reference: "ref-1".into(),
            operation,
            amount: None,
            currency: None,
            reason: None,
            params: params
                .iter()
                .map(|(n, v)| Param {
                    name: (*n).into(),
                    value: (*v).into(),
                })
                .collect(),
            now_unix_seconds: 0,
        }
    }

    fn class(r: Result<RollbackArgs, ReversalError>) -> ErrorClass {
        r.unwrap_err().class
    }

    #[test]
    fn needs_rollback_and_request_id() {
        let ok = parse(&req(Operation::Rollback, &[("request_id", "r-1")])).unwrap();
        assert_eq!(ok.request_id, "r-1");
        assert_eq!(ok.wallet_id, "d2FsbGV0");
        assert_eq!(ok.commit, Commit::Unknown);
        assert!(parse(&req(Operation::Void, &[("request_id", "r-1")])).is_ok());
        assert_eq!(
            class(parse(&req(Operation::Refund, &[("request_id", "r")]))),
            ErrorClass::InvalidRequest
        );
        assert_eq!(
            class(parse(&req(Operation::Rollback, &[]))),
            ErrorClass::InvalidRequest
        );
        assert_eq!(
            class(parse(&req(Operation::Rollback, &[("request_id", " ")]))),
            ErrorClass::InvalidRequest
        );
        let mut with_amount = req(Operation::Rollback, &[("request_id", "r")]);
        with_amount.amount = Some("1.00".into());
        assert_eq!(class(parse(&with_amount)), ErrorClass::InvalidRequest);
    }

    #[test]
    fn commit_sent_param() {
        let commit = |v: &str| {
            parse(&req(
                Operation::Rollback,
                &[("request_id", "r"), ("commit_sent", v)],
            ))
        };
        assert_eq!(commit("no").unwrap().commit, Commit::NeverSent);
        assert_eq!(commit("yes").unwrap().commit, Commit::Unknown);
        assert_eq!(commit("unknown").unwrap().commit, Commit::Unknown);
        assert_eq!(class(commit("nope")), ErrorClass::InvalidRequest);
    }
}
