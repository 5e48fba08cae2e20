//! The `data` of a Payments show answer.
//!
//! UAPAY's page for `POST /api/p2p/payments/show` documents `id`, `status`,
//! `type` and `amount` (kopecks) and says the method shows the payment's
//! debit and credit operations; the shape of that list is not published, so
//! the simulator answers `operations: [{id, type, status, externalId, amount}]`.

use serde::Serialize;

use super::model::{OperationStatus, OperationType, Payment, PaymentStatus};

/// A payment as Payments show answers it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PaymentView<'a> {
    id: &'a str,
    status: PaymentStatus,
    #[serde(rename = "type")]
    kind: &'static str,
    amount: u64,
    operations: Vec<OperationView<'a>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct OperationView<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: OperationType,
    status: OperationStatus,
    external_id: &'a str,
    amount: u64,
}

impl<'a> From<&'a Payment> for PaymentView<'a> {
    fn from(p: &'a Payment) -> Self {
        PaymentView {
            id: &p.id,
            status: p.status,
            kind: "C2A",
            amount: p.amount,
            operations: p
                .operations
                .iter()
                .map(|o| OperationView {
                    id: &o.id,
                    kind: o.kind,
                    status: o.status,
                    external_id: &o.external_id,
                    amount: o.amount,
                })
                .collect(),
        }
    }
}
