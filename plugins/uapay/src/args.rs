//! The caller's request, checked before anything is sent: operation, amount,
//! the `ref_type`, `complete` and `action` params, and the instance config.

use revhost_sdk::{ErrorClass, Operation, Param, ReversalError, outcome, param, required_config};

use crate::request::RefType;

/// What the caller asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Initiate, then complete unless `complete=false`.
    Reverse {
        /// Whether to complete right after initiate.
        complete: bool,
    },
    /// Complete an initiated reverse (`action=complete`).
    Complete,
    /// Cancel an initiated reverse (`action=cancel`).
    Cancel,
}

/// Everything a call needs.
#[derive(Debug, Clone)]
pub struct Call {
    /// `base_url` config, e.g. `https://api.uapay.ua`.
    pub base_url: String,
    /// `client_id` config.
    pub client_id: String,
    /// The caller's payment reference.
    pub payment_ref: String,
    /// How to read it.
    pub ref_type: RefType,
    /// Our reference, sent as `reverseExternalId`.
    pub reference: String,
    /// The host clock, for `iat`.
    pub now: u64,
}

fn invalid(message: &str) -> ReversalError {
    outcome::error(ErrorClass::InvalidRequest, "", message)
}

/// The `ref_type` param (default `paymentId`).
pub fn ref_type(params: &[Param]) -> Result<RefType, ReversalError> {
    match param(params, "ref_type") {
        None | Some("paymentId") => Ok(RefType::Payment),
        Some("operationId") => Ok(RefType::Operation),
        Some("externalId") => Ok(RefType::External),
        Some(other) => Err(invalid(&format!(
            "param ref_type={other:?} is not one of paymentId, operationId, externalId"
        ))),
    }
}

/// The `action` and `complete` params.
pub fn action(
    operation: Operation,
    amount: Option<&str>,
    params: &[Param],
) -> Result<Action, ReversalError> {
    if operation != Operation::Refund {
        return Err(invalid(
            "UAPAY C2A reverse supports only the refund operation",
        ));
    }
    if amount.is_some() {
        return Err(invalid(
            "UAPAY C2A reverse returns the whole payment; omit the amount",
        ));
    }
    let complete = match param(params, "complete") {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            return Err(invalid(&format!(
                "param complete={other:?} must be true or false"
            )));
        }
    };
    match param(params, "action") {
        None => Ok(Action::Reverse { complete }),
        Some("complete") => Ok(Action::Complete),
        Some("cancel") => Ok(Action::Cancel),
        Some(other) => Err(invalid(&format!(
            "param action={other:?} must be complete or cancel"
        ))),
    }
}

/// The instance config and the request's references.
pub fn call(
    payment_ref: &str,
    reference: &str,
    params: &[Param],
    now: u64,
) -> Result<Call, ReversalError> {
    Ok(Call {
        base_url: required_config("base_url")?,
        client_id: required_config("client_id")?,
        payment_ref: payment_ref.to_owned(),
        ref_type: ref_type(params)?,
        reference: reference.to_owned(),
        now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(name: &str, value: &str) -> Param {
        Param {
            name: name.into(),
            value: value.into(),
        }
    }

    #[test]
    fn params() {
        assert_eq!(
            action(Operation::Refund, None, &[]).unwrap(),
            Action::Reverse { complete: true }
        );
        assert_eq!(
            action(Operation::Refund, None, &[p("complete", "false")]).unwrap(),
            Action::Reverse { complete: false }
        );
        assert_eq!(
            action(Operation::Refund, None, &[p("action", "cancel")]).unwrap(),
            Action::Cancel
        );
        assert!(action(Operation::Refund, None, &[p("action", "undo")]).is_err());
        assert!(action(Operation::Void, None, &[]).is_err());
        assert!(action(Operation::Refund, Some("1.00"), &[]).is_err());
        assert_eq!(
            ref_type(&[p("ref_type", "externalId")]).unwrap(),
            RefType::External
        );
        assert!(ref_type(&[p("ref_type", "x")]).is_err());
    }
}
