//! Public data types of the Cryptomus simulator (also the admin API's JSON).

use serde::{Deserialize, Serialize};

/// A static wallet whose incoming funds were blocked (e.g. by AML) and can be
/// refunded once to an address of the payer's choosing.
///
/// Amounts are decimal strings (`"10.00"`); the simulator keeps them as
/// integer cents and always reports them with two decimals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wallet {
    /// Wallet uuid (uuid format, matched case-insensitively).
    pub uuid: String,
    /// The merchant's order id of the static wallet (1..32 chars, `[A-Za-z0-9_-]`).
    #[serde(default)]
    pub order_id: Option<String>,
    /// Blocked amount that a refund would release (`"0.00"` once refunded).
    pub blocked_amount: String,
    /// Commission withheld from the refund.
    #[serde(default = "zero")]
    pub commission: String,
    /// Smallest blocked amount that may be refunded.
    #[serde(default = "zero")]
    pub min_amount: String,
    /// Refund state of the wallet.
    #[serde(default)]
    pub state: WalletState,
    /// Whether the wallet's currency/network service is enabled.
    #[serde(default = "yes")]
    pub service_enabled: bool,
}

fn zero() -> String {
    "0.00".to_owned()
}

fn yes() -> bool {
    true
}

/// Refund state of a [`Wallet`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WalletState {
    /// Funds are blocked and may be refunded.
    #[default]
    Blocked,
    /// A refund was started and has not finished.
    RefundInProcess,
    /// The one allowed refund was made.
    Refunded,
}

/// Merchant-wide switches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MerchantFlags {
    /// The merchant may not withdraw (e.g. within 24h of a password change).
    pub forbidden: bool,
    /// The provider is under maintenance.
    pub maintenance: bool,
}

/// One applied refund, as recorded in the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    /// Uuid of the refunded wallet.
    pub uuid: String,
    /// Order id of the refunded wallet, if it has one.
    pub order_id: Option<String>,
    /// Destination address given in the request.
    pub address: String,
    /// Amount sent (blocked amount minus commission), two decimals.
    pub amount: String,
    /// Commission withheld, two decimals.
    pub commission: String,
}
