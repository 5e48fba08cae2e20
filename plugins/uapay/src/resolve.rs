//! From a payment's state (Payments show) to the reversal's outcome.
//!
//! Our reverse is the payment's RETURN operation whose external id is our
//! reference. Its status decides: `NEEDS_COMPLETE` waits for complete or
//! cancel, `FINISHED` is returned, `REJECTED` was refused by the acquirer,
//! `CANCELED` was cancelled (by us or by UAPAY after one hour).

use revhost_sdk::outcome::{error, outcome};
use revhost_sdk::{ErrorClass, Outcome, OutcomeKind, Param, ReversalError};

use crate::response::{OperationData, PaymentData, Refusal};

/// UAPAY cancels an initiated reverse after this long without complete.
pub const AUTO_CANCEL_SECS: u64 = 3600;

/// Why the payment was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Initiate was refused (state or duplicate reference).
    Initiate,
    /// Our complete was accepted.
    AfterComplete,
    /// Complete or cancel was refused because of the state.
    Finish,
    /// A `status` call.
    Status,
}

/// What to do next.
#[derive(Debug)]
pub enum Resolution {
    /// A final or intermediate outcome.
    Outcome(Outcome),
    /// An error.
    Error(ReversalError),
    /// Our reverse is initiated and waits: complete it now.
    Resume(String),
}

/// The outcome of our reverse (`reference`) on payment `p`.
pub fn resolve(
    p: &PaymentData,
    reference: &str,
    ctx: Context,
    trigger: Option<&Refusal>,
) -> Resolution {
    let because = trigger.map_or(String::new(), |r| format!("{} ({}); ", r.code, r.message));
    let ours = p
        .operations
        .iter()
        .rev()
        .find(|o| o.kind == "RETURN" && o.external_id.as_deref() == Some(reference));
    let Some(op) = ours else {
        return not_ours(p, ctx, trigger, &because);
    };
    let summary = format!(
        "{because}payment {} is {}, its RETURN operation {} is {}",
        p.id, p.status, op.id, op.status
    );
    let done = |kind| {
        let mut o = with_ids(outcome(kind, &op.status, &summary), p, op);
        o.amount = op.amount.or(p.amount).map(kopecks);
        Resolution::Outcome(o)
    };
    match (op.status.as_str(), ctx) {
        ("NEEDS_COMPLETE", Context::Initiate) => Resolution::Resume(p.id.clone()),
        ("NEEDS_COMPLETE", _) => {
            Resolution::Outcome(pending(&p.id, &op.id, reference, None, &summary))
        }
        ("FINISHED", Context::AfterComplete | Context::Status) => done(OutcomeKind::Succeeded),
        ("FINISHED", _) => done(OutcomeKind::AlreadyReversed),
        ("REJECTED", _) => Resolution::Outcome(with_ids(
            outcome(
                OutcomeKind::Declined,
                "REJECTED",
                &format!(
                    "{summary}: the acquirer refused the return; the payment is FINISHED again"
                ),
            ),
            p,
            op,
        )),
        ("CANCELED", _) => Resolution::Outcome(with_ids(
            outcome(
                OutcomeKind::Declined,
                "CANCELED",
                &format!(
                    "{summary}: the reverse was cancelled (by cancel, or by UAPAY after 1 hour \
                     without complete); a new reverse needs a new --reference"
                ),
            ),
            p,
            op,
        )),
        (other, _) => Resolution::Error(error(
            ErrorClass::InDoubt,
            other,
            &format!("{summary}: unknown operation status; ask UAPAY before retrying"),
        )),
    }
}

/// No RETURN operation carries our reference.
fn not_ours(p: &PaymentData, ctx: Context, trigger: Option<&Refusal>, because: &str) -> Resolution {
    let summary = format!("{because}payment {} is {}", p.id, p.status);
    match p.status.as_str() {
        "RETURNED" => {
            let mut o = outcome(
                OutcomeKind::AlreadyReversed,
                "RETURNED",
                &format!("{summary}: it was returned by another reverse"),
            );
            o.amount = p.amount.map(kopecks);
            o.details.push(param("paymentId", &p.id));
            Resolution::Outcome(o)
        }
        "WAITING_COMPLETE" => {
            let other = p
                .operations
                .iter()
                .rev()
                .find(|o| o.kind == "RETURN" && o.status == "NEEDS_COMPLETE");
            let (id, ext) = other.map_or(("?", "?"), |o| {
                (o.id.as_str(), o.external_id.as_deref().unwrap_or("?"))
            });
            let mut o = outcome(
                OutcomeKind::Pending,
                "WAITING_COMPLETE",
                &format!(
                    "{summary}: another reverse {id} (reverseExternalId {ext}) waits for complete"
                ),
            );
            o.next_step = Some(format!(
                "complete or cancel the other reverse first (--reference {ext} --param action=complete \
                 or action=cancel), or wait for UAPAY's auto-cancel 1 hour after it was initiated"
            ));
            o.details.push(param("paymentId", &p.id));
            o.details.push(param("reverseOperationId", id));
            o.details.push(param("reverseExternalId", ext));
            Resolution::Outcome(o)
        }
        _ => match (ctx, trigger) {
            (Context::Initiate | Context::Finish, Some(r)) => Resolution::Outcome(outcome(
                OutcomeKind::Declined,
                &r.code,
                &format!(
                    "{summary}: only a FINISHED C2A payment with a FINISHED debit can be returned"
                ),
            )),
            (Context::Status, _) => Resolution::Error(error(
                ErrorClass::NotFound,
                &p.status,
                &format!("{summary}: it has no reverse with this reference"),
            )),
            _ => Resolution::Error(error(
                ErrorClass::InDoubt,
                &p.status,
                &format!(
                    "{summary}: UAPAY accepted the step but shows no reverse with this reference; ask UAPAY"
                ),
            )),
        },
    }
}

/// Our reverse waits for complete or cancel; `initiated_at` (host clock)
/// gives the auto-cancel deadline when known.
pub fn pending(
    payment_id: &str,
    operation_id: &str,
    reference: &str,
    initiated_at: Option<u64>,
    message: &str,
) -> Outcome {
    let deadline = initiated_at.map_or(
        "its auto-cancel (1 hour after it was initiated)".to_owned(),
        |t| utc(t.saturating_add(AUTO_CANCEL_SECS)),
    );
    let mut o = outcome(OutcomeKind::Pending, "NEEDS_COMPLETE", message);
    o.provider_reference = Some(operation_id.to_owned());
    o.next_step = Some(format!(
        "complete or cancel reverse {operation_id} before {deadline} (rerun reverse with the same \
         --payment and --reference and --param action=complete or --param action=cancel); \
         UAPAY auto-cancels an initiated reverse after 1 hour"
    ));
    o.details = vec![
        param("paymentId", payment_id),
        param("reverseOperationId", operation_id),
        param("reverseExternalId", reference),
    ];
    o
}

fn with_ids(mut o: Outcome, p: &PaymentData, op: &OperationData) -> Outcome {
    o.provider_reference = Some(op.id.clone());
    o.details = vec![
        param("paymentId", &p.id),
        param("reverseOperationId", &op.id),
        param("reverseExternalId", op.external_id.as_deref().unwrap_or("")),
        param("paymentStatus", &p.status),
    ];
    o
}

fn param(name: &str, value: &str) -> Param {
    Param {
        name: name.to_owned(),
        value: value.to_owned(),
    }
}

/// Kopecks as a decimal string in hryvnias: 10050 → "100.50".
pub fn kopecks(k: u64) -> String {
    format!("{}.{:02}", k / 100, k % 100)
}

/// Unix seconds as `YYYY-MM-DD HH:MM UTC` (civil-from-days, no clock needed).
pub fn utc(ts: u64) -> String {
    let days = i64::try_from(ts / 86_400).unwrap_or(0);
    let secs = ts % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payment(status: &str, ops: &[(&str, &str)]) -> PaymentData {
        PaymentData {
            id: "p".into(),
            status: status.into(),
            amount: Some(10_050),
            operations: ops
                .iter()
                .enumerate()
                .map(|(i, (ext, st))| OperationData {
                    id: format!("op{i}"),
                    kind: "RETURN".into(),
                    status: (*st).into(),
                    external_id: Some((*ext).into()),
                    amount: Some(10_050),
                })
                .collect(),
        }
    }

    fn kind(r: Resolution) -> String {
        match r {
            Resolution::Outcome(o) => format!("{:?}", o.kind).replace("OutcomeKind::", ""),
            Resolution::Error(e) => format!("{:?}", e.class).replace("ErrorClass::", ""),
            Resolution::Resume(p) => format!("resume {p}"),
        }
    }

    #[test]
    fn our_operation_decides() {
        let p = payment("WAITING_COMPLETE", &[("r", "NEEDS_COMPLETE")]);
        assert_eq!(kind(resolve(&p, "r", Context::Initiate, None)), "resume p");
        assert_eq!(kind(resolve(&p, "r", Context::Status, None)), "Pending");
        let p = payment("RETURNED", &[("r", "FINISHED")]);
        assert_eq!(kind(resolve(&p, "r", Context::Status, None)), "Succeeded");
        assert_eq!(
            kind(resolve(&p, "r", Context::Initiate, None)),
            "AlreadyReversed"
        );
        let p = payment("FINISHED", &[("r", "CANCELED")]);
        assert_eq!(kind(resolve(&p, "r", Context::Status, None)), "Declined");
        let p = payment("FINISHED", &[("r", "REJECTED")]);
        assert_eq!(kind(resolve(&p, "r", Context::Status, None)), "Declined");
        let p = payment("FINISHED", &[("r", "SOMETHING")]);
        assert_eq!(kind(resolve(&p, "r", Context::Status, None)), "InDoubt");
    }

    #[test]
    fn without_our_operation() {
        let p = payment("RETURNED", &[("other", "FINISHED")]);
        assert_eq!(
            kind(resolve(&p, "r", Context::Status, None)),
            "AlreadyReversed"
        );
        let p = payment("WAITING_COMPLETE", &[("other", "NEEDS_COMPLETE")]);
        assert_eq!(kind(resolve(&p, "r", Context::Initiate, None)), "Pending");
        let p = payment("FINISHED", &[]);
        assert_eq!(kind(resolve(&p, "r", Context::Status, None)), "NotFound");
        assert_eq!(
            kind(resolve(&p, "r", Context::AfterComplete, None)),
            "InDoubt"
        );
    }

    #[test]
    fn formats() {
        assert_eq!(kopecks(10_050), "100.50");
        assert_eq!(kopecks(7), "0.07");
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(1_700_000_000), "2023-11-14 22:13 UTC");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00 UTC");
    }
}
