//! UAPAY: C2A reverse (refund to the payer's card) in two steps.
//!
//! Every request is `POST` with a JSON body `{"params":{...},"data":{...}?,
//! "iat":<unix seconds>,"token":<JWT>}` where `token` is an HS256 JWT, keyed by
//! the merchant key, over `{params, data?, iat}`. An `iat` more than 20 s from
//! the server clock is refused with `TIMELIMIT_ERROR`.
//!
//! Flow: `sessions/create` → `p2p/payments/c2a/reverse/initiate` (payment
//! FINISHED → WAITING_COMPLETE, RETURN operation NEEDS_COMPLETE) →
//! `reverse/complete` (success: payment RETURNED, operation FINISHED; acquirer
//! refusal: payment FINISHED, operation REJECTED) or `reverse/cancel`
//! (payment FINISHED, operation CANCELED). An initiated reverse neither
//! completed nor cancelled within [`UapayConfig::auto_cancel_after`] (one
//! hour at UAPAY) is cancelled automatically. `p2p/payments/show` reads a
//! payment with its operations.
//!
//! Answers: `{"status":1,...}` on success; errors are
//! `{"error":{"code","message","fields"?}}` (codes in `answers`).

mod admin;
mod answers;
mod clock;
mod envelope;
mod handler;
mod model;
mod state;
mod token;
mod views;

use std::time::Duration;

pub use model::{
    ClockChange, Operation, OperationStatus, OperationType, Payment, PaymentStatus, Return,
};
pub use state::UapaySim;
pub use token::sign as sign_jwt;

use super::Mount;

/// Path-prefix name of the provider.
pub const NAME: &str = "uapay";

/// Client id used when none is configured.
pub const DEFAULT_CLIENT_ID: &str = "sim-uapay-client";

/// Merchant key used when none is configured.
pub const DEFAULT_KEY: &str = "sim-uapay-merchant-key";

/// Credentials and timings the simulator checks requests against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UapayConfig {
    /// Expected `clientId` of `sessions/create`.
    pub client_id: String,
    /// Merchant key the JWTs are signed with.
    pub key: String,
    /// How far the simulator clock is ahead of real time (negative: behind).
    pub clock_skew_secs: i64,
    /// Largest accepted difference between `iat` and the simulator clock.
    pub iat_tolerance_secs: u64,
    /// After how long an initiated reverse is cancelled automatically.
    pub auto_cancel_after: Duration,
    /// How long a session stays valid.
    pub session_ttl: Duration,
}

impl Default for UapayConfig {
    fn default() -> Self {
        UapayConfig {
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            key: DEFAULT_KEY.to_owned(),
            clock_skew_secs: 0,
            iat_tolerance_secs: 20,
            auto_cancel_after: Duration::from_secs(3600),
            session_ttl: Duration::from_secs(3600),
        }
    }
}

impl UapaySim {
    /// The routers and fault answers of this provider.
    pub(crate) fn mount(&self) -> Mount {
        Mount {
            name: NAME,
            api: handler::router(self.clone()),
            admin: admin::router(self.clone()),
            internal_error: answers::internal_error,
            malformed: answers::malformed,
        }
    }

    /// Adds the demo payments of [`demo_payments`].
    pub fn seed_demo(&self) {
        for payment in demo_payments() {
            self.add_payment(payment);
        }
    }
}

/// Demo payments: `...-000000000001` (FINISHED, 100.00 UAH, returnable),
/// `...-000000000002` (FINISHED, 50.00 UAH, the acquirer refuses returns) and
/// `...-000000000003` (already RETURNED).
pub fn demo_payments() -> Vec<Payment> {
    let payment = |n: u8, amount: u64| {
        Payment::finished(
            &format!("a85ee391-46ca-4766-b376-00000000000{n}"),
            &format!("bc3c95f1-bf2a-4e61-8c88-00000000000{n}"),
            &format!("demo-order-{n}"),
            amount,
        )
    };
    let mut refused = payment(2, 5_000);
    refused.return_fails = true;
    let mut returned = payment(3, 2_500);
    returned.status = PaymentStatus::Returned;
    returned.operations.push(Operation {
        id: "2a01fd7c-f9ca-444e-a800-000000000003".into(),
        kind: OperationType::Return,
        status: OperationStatus::Finished,
        external_id: "demo-earlier-return".into(),
        amount: 2_500,
        created_at: 0,
    });
    vec![payment(1, 10_000), refused, returned]
}
