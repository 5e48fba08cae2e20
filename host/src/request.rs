//! What a caller asks the host for, independent of any WIT version.

use serde::Serialize;
use sha2::Digest;
use std::str::FromStr;

use crate::bindings::latest::revhost::provider::types as wit;

/// The kind of reversal asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operation {
    /// Return settled funds.
    Refund,
    /// Cancel an unsettled authorisation.
    Void,
    /// Undo an unconfirmed two-phase operation.
    Rollback,
    /// Cancel an order as a whole.
    Cancel,
}

impl FromStr for Operation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "refund" => Ok(Self::Refund),
            "void" => Ok(Self::Void),
            "rollback" => Ok(Self::Rollback),
            "cancel" => Ok(Self::Cancel),
            _ => Err(format!(
                "unknown operation {s:?}: use refund, void, rollback or cancel"
            )),
        }
    }
}

impl Operation {
    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Refund => "refund",
            Self::Void => "void",
            Self::Rollback => "rollback",
            Self::Cancel => "cancel",
        }
    }
}

impl From<Operation> for wit::Operation {
    fn from(o: Operation) -> Self {
        match o {
            Operation::Refund => Self::Refund,
            Operation::Void => Self::Void,
            Operation::Rollback => Self::Rollback,
            Operation::Cancel => Self::Cancel,
        }
    }
}

impl From<wit::Operation> for Operation {
    fn from(o: wit::Operation) -> Self {
        match o {
            wit::Operation::Refund => Self::Refund,
            wit::Operation::Void => Self::Void,
            wit::Operation::Rollback => Self::Rollback,
            wit::Operation::Cancel => Self::Cancel,
        }
    }
}

/// "Reverse payment X at this provider instance."
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReverseRequest {
    /// The provider's payment, order or wallet id.
    pub payment_ref: String,
    /// Our reference for the reversal; derived from the request when absent
    /// (see [`ReverseRequest::reference_for`]).
    pub reference: Option<String>,
    /// What to do.
    pub operation: Operation,
    /// Amount, decimal string in major units; `None` for the whole amount.
    pub amount: Option<String>,
    /// Currency of `amount`.
    pub currency: Option<String>,
    /// Free-text reason.
    pub reason: Option<String>,
    /// Provider-specific parameters.
    pub params: Vec<(String, String)>,
}

/// "What happened to reversal X?"
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusRequest {
    /// The provider's payment, order or wallet id.
    pub payment_ref: String,
    /// Our reference for the reversal (as `reverse` used it).
    pub reference: Option<String>,
    /// Provider-specific parameters.
    pub params: Vec<(String, String)>,
}

impl ReverseRequest {
    /// A full refund of `payment_ref` with no parameters.
    pub fn refund(payment_ref: impl Into<String>) -> Self {
        Self {
            payment_ref: payment_ref.into(),
            reference: None,
            operation: Operation::Refund,
            amount: None,
            currency: None,
            reason: None,
            params: Vec::new(),
        }
    }

    /// The reference in force: the caller's, or one derived from the instance,
    /// payment, operation and amount, so that asking again for the same
    /// reversal reuses the same reference (and the provider can deduplicate).
    pub fn reference_for(&self, instance: &str) -> String {
        if let Some(r) = &self.reference {
            return r.clone();
        }
        derived_reference(&[
            instance,
            &self.payment_ref,
            self.operation.as_str(),
            self.amount.as_deref().unwrap_or("full"),
        ])
    }

    pub(crate) fn to_wit(&self, instance: &str, now: u64) -> wit::ReverseRequest {
        wit::ReverseRequest {
            payment_ref: self.payment_ref.clone(),
            reference: self.reference_for(instance),
            operation: self.operation.into(),
            amount: self.amount.clone(),
            currency: self.currency.clone(),
            reason: self.reason.clone(),
            params: to_params(&self.params),
            now_unix_seconds: now,
        }
    }
}

impl StatusRequest {
    /// The reference in force: the caller's, or the one a full refund of the
    /// same payment at `instance` derives.
    pub fn reference_for(&self, instance: &str) -> String {
        self.reference.clone().unwrap_or_else(|| {
            ReverseRequest::refund(self.payment_ref.clone()).reference_for(instance)
        })
    }

    pub(crate) fn to_wit(&self, instance: &str, now: u64) -> wit::StatusRequest {
        wit::StatusRequest {
            payment_ref: self.payment_ref.clone(),
            reference: self.reference_for(instance),
            params: to_params(&self.params),
            now_unix_seconds: now,
        }
    }
}

fn to_params(params: &[(String, String)]) -> Vec<wit::Param> {
    params
        .iter()
        .map(|(name, value)| wit::Param {
            name: name.clone(),
            value: value.clone(),
        })
        .collect()
}

/// `rvh-` + 24 hex digits of SHA-256 over the fields: short enough for any
/// provider's external-id field, and stable across retries.
fn derived_reference(fields: &[&str]) -> String {
    let mut h = sha2::Sha256::new();
    for f in fields {
        h.update(f.as_bytes());
        h.update([0u8]);
    }
    format!("rvh-{}", &hex::encode(h.finalize())[..24])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_reference_is_stable_and_distinguishes_requests() {
        let a = ReverseRequest::refund("p1");
        assert_eq!(a.reference_for("x"), a.reference_for("x"));
        assert_ne!(a.reference_for("x"), a.reference_for("y"));
        let mut b = a.clone();
        b.amount = Some("1.00".into());
        assert_ne!(a.reference_for("x"), b.reference_for("x"));
        b.reference = Some("mine".into());
        assert_eq!(b.reference_for("x"), "mine");
        assert_eq!(a.reference_for("x").len(), 28);
    }
}
