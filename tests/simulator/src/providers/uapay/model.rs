//! Public data types of the UAPAY simulator (also the admin API's JSON).
//!
//! Status names are UAPAY's own (`FINISHED`, `WAITING_COMPLETE`,
//! `NEEDS_COMPLETE`, ...), serialised in upper snake case.

use serde::{Deserialize, Serialize};

/// Status of a C2A payment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentStatus {
    /// Created, nothing debited yet.
    Open,
    /// An operation (here: a RETURN) waits for complete or cancel.
    WaitingComplete,
    /// The debit succeeded; the payment can be returned.
    #[default]
    Finished,
    /// The funds went back to the payer's card.
    Returned,
    /// The debit failed.
    Rejected,
    /// The debit was cancelled.
    Canceled,
}

/// Type of an operation of a payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OperationType {
    /// The debit from the payer's card.
    Send,
    /// A return (reverse) to the payer's card.
    Return,
}

/// Status of an operation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OperationStatus {
    /// Initiated; waits for complete or cancel (auto-cancelled after a while).
    NeedsComplete,
    /// Done.
    #[default]
    Finished,
    /// The acquirer refused it.
    Rejected,
    /// Cancelled by the client or automatically.
    Canceled,
}

/// One operation of a payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// UAPAY's operation id.
    pub id: String,
    /// SEND or RETURN.
    #[serde(rename = "type")]
    pub kind: OperationType,
    /// Current status.
    #[serde(default)]
    pub status: OperationStatus,
    /// The client's external id of the operation.
    pub external_id: String,
    /// Amount in kopecks.
    pub amount: u64,
    /// Simulator clock (Unix seconds) when it was created.
    #[serde(default)]
    pub created_at: i64,
}

/// A C2A payment with its operations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    /// UAPAY's payment id.
    pub id: String,
    /// Current status.
    #[serde(default)]
    pub status: PaymentStatus,
    /// Amount in kopecks.
    pub amount: u64,
    /// Operations, oldest first; the first is the SEND (debit).
    pub operations: Vec<Operation>,
    /// When true, the acquirer refuses returns of this payment: a completed
    /// reverse ends REJECTED and the payment goes back to FINISHED.
    #[serde(default)]
    pub return_fails: bool,
}

impl Payment {
    /// A FINISHED C2A payment of `amount` kopecks whose SEND operation
    /// `send_id` (external id `send_external_id`) is FINISHED.
    pub fn finished(id: &str, send_id: &str, send_external_id: &str, amount: u64) -> Payment {
        Payment {
            id: id.to_owned(),
            status: PaymentStatus::Finished,
            amount,
            operations: vec![Operation {
                id: send_id.to_owned(),
                kind: OperationType::Send,
                status: OperationStatus::Finished,
                external_id: send_external_id.to_owned(),
                amount,
                created_at: 0,
            }],
            return_fails: false,
        }
    }

    /// The RETURN operation with this external id, if any.
    pub fn return_by_external_id(&self, external_id: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|o| o.kind == OperationType::Return && o.external_id == external_id)
    }
}

/// One completed return, as recorded in the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Return {
    /// The returned payment.
    pub payment_id: String,
    /// The RETURN operation's id.
    pub reverse_operation_id: String,
    /// The client's reverse external id.
    pub reverse_external_id: String,
    /// Amount returned, kopecks.
    pub amount: u64,
}

/// A change to the simulator clock (admin API body).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClockChange {
    /// Move the clock forward by this many seconds (e.g. past the auto-cancel).
    pub advance_secs: u64,
    /// Set the clock's skew against real time (seconds; positive = ahead).
    pub skew_secs: Option<i64>,
}
