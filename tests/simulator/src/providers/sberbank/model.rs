//! Public data types of the Sberbank simulator (also the admin API's JSON).

use serde::{Deserialize, Serialize};

/// An order of the payment gateway. Amounts are integer kopecks, as on the
/// wire.
///
/// The boolean switches make the bank refuse a reversal with each documented
/// error-7 text; they are checked in the order [`SberbankSim`] documents.
///
/// [`SberbankSim`]: super::SberbankSim
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// The bank's order id (`orderId`, 36 characters, UUID-like).
    pub order_id: String,
    /// The merchant's order number (`orderNumber`).
    #[serde(default)]
    pub order_number: String,
    /// Order amount, kopecks.
    pub amount: u64,
    /// ISO 4217 numeric currency (`"643"` roubles).
    #[serde(default = "rub")]
    pub currency: String,
    /// Where the order stands.
    #[serde(default)]
    pub status: OrderStatus,
    /// A reversal was already tried (successfully or not): the bank allows
    /// one attempt per order.
    #[serde(default)]
    pub reversal_attempted: bool,
    /// The bank-defined time for reversals after payment has not run out.
    #[serde(default = "yes")]
    pub reversal_window_open: bool,
    /// The bank's internal order state is inconsistent
    /// ("The order is in an incorrect state").
    #[serde(default)]
    pub incorrect_state: bool,
    /// The reversal hits an internal failure ("System error.").
    #[serde(default)]
    pub system_error: bool,
    /// The payment type cannot be reversed.
    #[serde(default)]
    pub type_not_supported: bool,
    /// A chargeback is registered for the payment.
    #[serde(default)]
    pub chargeback: bool,
    /// Held and deposited amounts differ.
    #[serde(default)]
    pub amounts_mismatch: bool,
    /// A transaction on the order is being processed now ("try again
    /// later"); unlike the other refusals this does not use up the attempt.
    #[serde(default)]
    pub processing: bool,
    /// Kopecks reversed (0 until a reversal is applied).
    #[serde(default)]
    pub reversed_amount: u64,
}

fn rub() -> String {
    "643".to_owned()
}

fn yes() -> bool {
    true
}

/// `orderStatus` of an order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// 0: registered, not paid.
    Created,
    /// 1: amount held (pre-authorisation).
    #[default]
    Approved,
    /// 2: amount deposited (charged).
    Deposited,
    /// 3: authorisation reversed.
    Reversed,
    /// 4: refunded.
    Refunded,
    /// 5: ACS (3-D Secure) authentication started.
    AcsAuthStarted,
    /// 6: declined.
    Declined,
}

impl OrderStatus {
    /// The wire value of `orderStatus`.
    pub fn code(self) -> u8 {
        match self {
            OrderStatus::Created => 0,
            OrderStatus::Approved => 1,
            OrderStatus::Deposited => 2,
            OrderStatus::Reversed => 3,
            OrderStatus::Refunded => 4,
            OrderStatus::AcsAuthStarted => 5,
            OrderStatus::Declined => 6,
        }
    }

    /// `paymentAmountInfo.paymentState`.
    pub fn payment_state(self) -> &'static str {
        match self {
            OrderStatus::Created => "CREATED",
            OrderStatus::Approved => "APPROVED",
            OrderStatus::Deposited => "DEPOSITED",
            OrderStatus::Reversed => "REVERSED",
            OrderStatus::Refunded => "REFUNDED",
            OrderStatus::AcsAuthStarted => "STARTED",
            OrderStatus::Declined => "DECLINED",
        }
    }
}

/// Merchant-wide switches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MerchantFlags {
    /// The API user's password expired: every call answers error 5 "The
    /// user must change the password."
    pub must_change_password: bool,
    /// The merchant has the reversal permission (else `reverse.do` answers
    /// error 5 "Unsuccessful.").
    pub reversal_permitted: bool,
    /// The merchant may reverse part of an order's amount.
    pub partial_reversal_permitted: bool,
    /// `getOrderStatusExtended.do` fails with error 7 "System error.".
    pub status_unavailable: bool,
}

impl Default for MerchantFlags {
    fn default() -> Self {
        MerchantFlags {
            must_change_password: false,
            reversal_permitted: true,
            partial_reversal_permitted: true,
            status_unavailable: false,
        }
    }
}

/// One applied reversal, as recorded in the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reversal {
    /// The reversed order.
    pub order_id: String,
    /// Kopecks reversed.
    pub amount: u64,
}
