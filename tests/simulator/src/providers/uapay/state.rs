//! The provider's book: payments with their operations, sessions and the
//! ledger of completed returns, behind one lock so check-and-apply is atomic.
//!
//! The one-hour auto-cancel of an initiated reverse is evaluated lazily: every
//! API call and every accessor first cancels the RETURN operations whose
//! deadline has passed on the simulator clock.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;

use super::UapayConfig;
use super::answers::Refusal;
use super::clock::Clock;
use super::model::{Operation, OperationStatus, OperationType, Payment, PaymentStatus, Return};

/// Handle on the UAPAY simulator's state (cheap to clone; clones share
/// state). Tests and the admin API read and change the same state the HTTP
/// handlers serve.
#[derive(Clone)]
pub struct UapaySim {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for UapaySim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UapaySim")
            .field("client_id", &self.inner.config.client_id)
            .finish_non_exhaustive()
    }
}

struct Inner {
    config: UapayConfig,
    clock: Clock,
    book: Mutex<Book>,
}

#[derive(Default)]
struct Book {
    payments: BTreeMap<String, Payment>,
    /// Session id → creation time (simulator clock).
    sessions: HashMap<String, i64>,
    ledger: Vec<Return>,
    next_id: u64,
}

/// How initiate designates the payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PaymentRef {
    /// `params.paymentId`.
    Payment(String),
    /// `params.operationId` (the SEND operation).
    SendOperation(String),
    /// `params.externalId` (the SEND operation's external id).
    SendExternal(String),
}

/// How complete and cancel designate the initiated reverse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum ReverseRef {
    /// `params.paymentId`: the reverse waiting on that payment.
    Payment(String),
    /// `params.reverseOperationId`.
    Operation(String),
    /// `params.reverseExternalId`.
    External(String),
}

/// The `data` of initiate, complete and cancel answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ReverseData {
    pub payment_id: String,
    pub reverse_operation_id: String,
    pub reverse_external_id: String,
}

/// What complete or cancel does to a waiting reverse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Finish {
    /// Reverse Complete.
    Complete,
    /// Reverse Cancel.
    Cancel,
}

impl Book {
    fn new_id(&mut self, kind: u16) -> String {
        self.next_id += 1;
        format!("5a5a{kind:04x}-0000-4000-8000-{:012x}", self.next_id)
    }

    /// Cancels every initiated reverse older than `after` seconds.
    fn sweep(&mut self, now: i64, after: i64) {
        for payment in self.payments.values_mut() {
            let mut cancelled = false;
            for op in &mut payment.operations {
                if op.kind == OperationType::Return
                    && op.status == OperationStatus::NeedsComplete
                    && now.saturating_sub(op.created_at) >= after
                {
                    op.status = OperationStatus::Canceled;
                    cancelled = true;
                    tracing::info!(payment = %payment.id, operation = %op.id, "uapay reverse auto-cancelled");
                }
            }
            if cancelled && payment.status == PaymentStatus::WaitingComplete {
                payment.status = PaymentStatus::Finished;
            }
        }
    }

    fn find_payment(&self, target: &PaymentRef) -> Option<String> {
        match target {
            PaymentRef::Payment(id) => self.payments.contains_key(id).then(|| id.clone()),
            PaymentRef::SendOperation(op) => self.find_by_send(|o| o.id == *op),
            PaymentRef::SendExternal(ext) => self.find_by_send(|o| o.external_id == *ext),
        }
    }

    fn find_by_send(&self, pred: impl Fn(&Operation) -> bool) -> Option<String> {
        self.payments
            .values()
            .find(|p| {
                p.operations
                    .iter()
                    .any(|o| o.kind == OperationType::Send && pred(o))
            })
            .map(|p| p.id.clone())
    }

    /// (payment id, operation index) of the RETURN operation `target` designates.
    fn find_reverse(&self, target: &ReverseRef) -> Result<(String, usize), Refusal> {
        let by = |pred: &dyn Fn(&Operation) -> bool| {
            self.payments.values().find_map(|p| {
                p.operations
                    .iter()
                    .position(|o| o.kind == OperationType::Return && pred(o))
                    .map(|i| (p.id.clone(), i))
            })
        };
        match target {
            ReverseRef::Payment(id) => {
                let payment = self.payments.get(id).ok_or(Refusal::PaymentNotFound)?;
                payment
                    .operations
                    .iter()
                    .rposition(|o| {
                        o.kind == OperationType::Return
                            && o.status == OperationStatus::NeedsComplete
                    })
                    .map(|i| (id.clone(), i))
                    .ok_or_else(|| {
                        Refusal::PaymentStatus(format!(
                            "payment is {}, no reverse waits for completion",
                            wire(payment.status)
                        ))
                    })
            }
            ReverseRef::Operation(op) => by(&|o| o.id == *op).ok_or(Refusal::OperationNotFound),
            ReverseRef::External(ext) => {
                by(&|o| o.external_id == *ext).ok_or(Refusal::OperationNotFound)
            }
        }
    }
}

impl UapaySim {
    /// A simulator with no payments, checking requests against `config`.
    pub fn new(config: UapayConfig) -> UapaySim {
        UapaySim {
            inner: Arc::new(Inner {
                clock: Clock::new(config.clock_skew_secs),
                config,
                book: Mutex::new(Book::default()),
            }),
        }
    }

    /// The credentials and timings in force.
    pub fn config(&self) -> &UapayConfig {
        &self.inner.config
    }

    /// The simulator clock, Unix seconds.
    pub fn now(&self) -> i64 {
        self.inner.clock.now()
    }

    /// Moves the simulator clock forward (e.g. past the auto-cancel
    /// deadline), as if time passed for the clients too: the `iat` window is
    /// not affected.
    pub fn advance_clock(&self, by: Duration) {
        self.inner
            .clock
            .advance(i64::try_from(by.as_secs()).unwrap_or(i64::MAX));
    }

    /// Sets how far the simulator clock is ahead of real time (negative:
    /// behind); requests whose `iat` is off by more than the tolerance are
    /// refused with `TIMELIMIT_ERROR`.
    pub fn set_clock_skew(&self, secs: i64) {
        self.inner.clock.set_skew(secs);
    }

    /// Adds a payment, or replaces the payment with the same id.
    pub fn add_payment(&self, payment: Payment) {
        tracing::debug!(id = %payment.id, status = ?payment.status, "uapay payment added");
        self.lock().payments.insert(payment.id.clone(), payment);
    }

    /// The payment with this id, auto-cancellation applied.
    pub fn payment(&self, id: &str) -> Option<Payment> {
        self.lock().payments.get(id).cloned()
    }

    /// Every completed return, oldest first.
    pub fn ledger(&self) -> Vec<Return> {
        self.lock().ledger.clone()
    }

    /// Whether `iat` is within the tolerance of the server clock (real time
    /// plus skew; advancing the clock moves the client's time as well).
    pub(super) fn iat_ok(&self, iat: i64) -> bool {
        self.inner.clock.wall().abs_diff(iat) <= self.inner.config.iat_tolerance_secs
    }

    /// Session Create: a new session for a known client.
    pub(super) fn create_session(&self, client_id: &str) -> Result<String, Refusal> {
        if client_id != self.inner.config.client_id {
            return Err(Refusal::ClientNotFound);
        }
        let now = self.now();
        let mut book = self.lock();
        let id = book.new_id(0x5e55);
        book.sessions.insert(id.clone(), now);
        Ok(id)
    }

    /// Fails unless `id` is a live session.
    pub(super) fn check_session(&self, id: &str) -> Result<(), Refusal> {
        let ttl = secs(self.inner.config.session_ttl);
        let now = self.now();
        match self.lock().sessions.get(id) {
            Some(created) if now.saturating_sub(*created) < ttl => Ok(()),
            _ => Err(Refusal::SessionNotFound),
        }
    }

    /// C2A Reverse Initiate: creates a RETURN operation NEEDS_COMPLETE and
    /// moves the payment to WAITING_COMPLETE.
    pub(super) fn initiate(
        &self,
        target: &PaymentRef,
        reverse_external_id: &str,
    ) -> Result<ReverseData, Refusal> {
        let now = self.now();
        let mut book = self.lock();
        let id = book.find_payment(target).ok_or(Refusal::PaymentNotFound)?;
        let duplicate = book
            .payments
            .values()
            .any(|p| p.return_by_external_id(reverse_external_id).is_some());
        if duplicate {
            return Err(Refusal::ExternalIdExists);
        }
        let op_id = book.new_id(0x0e7e);
        let payment = book.payments.get_mut(&id).ok_or(Refusal::PaymentNotFound)?;
        let send_finished = payment
            .operations
            .iter()
            .any(|o| o.kind == OperationType::Send && o.status == OperationStatus::Finished);
        if payment.status != PaymentStatus::Finished || !send_finished {
            return Err(Refusal::PaymentStatus(format!(
                "payment is {}; a reverse needs a FINISHED payment with a FINISHED SEND",
                wire(payment.status)
            )));
        }
        payment.operations.push(Operation {
            id: op_id.clone(),
            kind: OperationType::Return,
            status: OperationStatus::NeedsComplete,
            external_id: reverse_external_id.to_owned(),
            amount: payment.amount,
            created_at: now,
        });
        payment.status = PaymentStatus::WaitingComplete;
        tracing::info!(payment = %id, operation = %op_id, "uapay reverse initiated");
        Ok(ReverseData {
            payment_id: id,
            reverse_operation_id: op_id,
            reverse_external_id: reverse_external_id.to_owned(),
        })
    }

    /// C2A Reverse Complete or Cancel of a waiting reverse.
    pub(super) fn finish(&self, target: &ReverseRef, how: Finish) -> Result<ReverseData, Refusal> {
        let mut book = self.lock();
        let (id, index) = book.find_reverse(target)?;
        let payment = book.payments.get_mut(&id).ok_or(Refusal::PaymentNotFound)?;
        let return_fails = payment.return_fails;
        let amount = payment.amount;
        let op = &mut payment.operations[index];
        if op.status != OperationStatus::NeedsComplete
            || payment.status != PaymentStatus::WaitingComplete
        {
            return Err(Refusal::PaymentStatus(format!(
                "the reverse operation is {}, not NEEDS_COMPLETE",
                wire(op.status)
            )));
        }
        let data = ReverseData {
            payment_id: id.clone(),
            reverse_operation_id: op.id.clone(),
            reverse_external_id: op.external_id.clone(),
        };
        let (op_status, payment_status) = match how {
            Finish::Cancel => (OperationStatus::Canceled, PaymentStatus::Finished),
            Finish::Complete if return_fails => {
                (OperationStatus::Rejected, PaymentStatus::Finished)
            }
            Finish::Complete => (OperationStatus::Finished, PaymentStatus::Returned),
        };
        op.status = op_status;
        payment.status = payment_status;
        tracing::info!(payment = %id, operation = %data.reverse_operation_id, ?op_status, "uapay reverse finished");
        if op_status == OperationStatus::Finished {
            book.ledger.push(Return {
                payment_id: data.payment_id.clone(),
                reverse_operation_id: data.reverse_operation_id.clone(),
                reverse_external_id: data.reverse_external_id.clone(),
                amount,
            });
        }
        Ok(data)
    }

    /// Payments show: the payment with its operations.
    pub(super) fn show(&self, id: &str) -> Result<Payment, Refusal> {
        self.lock()
            .payments
            .get(id)
            .cloned()
            .ok_or(Refusal::PaymentNotFound)
    }

    /// The book, with the auto-cancel applied up to now.
    fn lock(&self) -> MutexGuard<'_, Book> {
        let now = self.now();
        // Every mutation completes before anything can panic, so a poisoned
        // lock still guards a consistent book.
        let mut book = self.inner.book.lock().unwrap_or_else(|e| e.into_inner());
        book.sweep(now, secs(self.inner.config.auto_cancel_after));
        book
    }
}

/// A status as UAPAY spells it (`WAITING_COMPLETE`).
fn wire(value: impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(auto_cancel: u64) -> UapaySim {
        UapaySim::new(UapayConfig {
            auto_cancel_after: Duration::from_secs(auto_cancel),
            ..UapayConfig::default()
        })
    }

    fn pay(sim: &UapaySim) -> PaymentRef {
        sim.add_payment(Payment::finished("p1", "s1", "ext-1", 10_000));
        PaymentRef::Payment("p1".into())
    }

    #[test]
    fn initiate_complete_returns_once() {
        let sim = sim(3600);
        let target = pay(&sim);
        let d = sim.initiate(&target, "r1").unwrap();
        assert_eq!(
            sim.payment("p1").unwrap().status,
            PaymentStatus::WaitingComplete
        );
        assert_eq!(sim.initiate(&target, "r1"), Err(Refusal::ExternalIdExists));
        assert!(matches!(
            sim.initiate(&target, "r2"),
            Err(Refusal::PaymentStatus(_))
        ));
        let done = sim
            .finish(&ReverseRef::External("r1".into()), Finish::Complete)
            .unwrap();
        assert_eq!(done, d);
        let p = sim.payment("p1").unwrap();
        assert_eq!(p.status, PaymentStatus::Returned);
        assert_eq!(p.operations[1].status, OperationStatus::Finished);
        assert_eq!(sim.ledger().len(), 1);
        assert!(matches!(
            sim.finish(&ReverseRef::External("r1".into()), Finish::Complete),
            Err(Refusal::PaymentStatus(_))
        ));
        assert_eq!(
            sim.finish(&ReverseRef::External("nope".into()), Finish::Cancel),
            Err(Refusal::OperationNotFound)
        );
    }

    #[test]
    fn lookup_by_send_operation_and_rejection() {
        let sim = sim(3600);
        let mut p = Payment::finished("p1", "s1", "ext-1", 500);
        p.return_fails = true;
        sim.add_payment(p);
        assert_eq!(
            sim.initiate(&PaymentRef::SendOperation("zz".into()), "r"),
            Err(Refusal::PaymentNotFound)
        );
        sim.initiate(&PaymentRef::SendExternal("ext-1".into()), "r")
            .unwrap();
        sim.finish(&ReverseRef::Payment("p1".into()), Finish::Complete)
            .unwrap();
        let p = sim.payment("p1").unwrap();
        assert_eq!(p.status, PaymentStatus::Finished);
        assert_eq!(p.operations[1].status, OperationStatus::Rejected);
        assert!(sim.ledger().is_empty());
    }

    #[test]
    fn auto_cancel_after_deadline() {
        let sim = sim(60);
        let target = pay(&sim);
        sim.initiate(&target, "r1").unwrap();
        sim.advance_clock(Duration::from_secs(59));
        assert_eq!(
            sim.payment("p1").unwrap().status,
            PaymentStatus::WaitingComplete
        );
        sim.advance_clock(Duration::from_secs(2));
        let p = sim.payment("p1").unwrap();
        assert_eq!(p.status, PaymentStatus::Finished);
        assert_eq!(p.operations[1].status, OperationStatus::Canceled);
        // Cancelled: completing is refused, a new reverse may start.
        assert!(matches!(
            sim.finish(&ReverseRef::External("r1".into()), Finish::Complete),
            Err(Refusal::PaymentStatus(_))
        ));
        sim.initiate(&target, "r2").unwrap();
    }

    #[test]
    fn sessions_and_clients() {
        let sim = sim(60);
        assert_eq!(sim.create_session("other"), Err(Refusal::ClientNotFound));
        let s = sim.create_session(&sim.config().client_id.clone()).unwrap();
        assert_eq!(sim.check_session(&s), Ok(()));
        assert_eq!(sim.check_session("x"), Err(Refusal::SessionNotFound));
        assert!(sim.iat_ok(sim.now() - 20));
        assert!(!sim.iat_ok(sim.now() - 30));
        sim.advance_clock(Duration::from_secs(3600));
        assert!(sim.iat_ok(sim.now() - 3600));
    }
}
