//! Cryptomus: refund of funds blocked on a static wallet.
//!
//! `POST /cryptomus/v1/wallet/blocked-address-refund` with a JSON body
//! `{"uuid": ..., "order_id": ..., "address": ...}` and the headers
//! `merchant: <merchant uuid>` and
//! `sign: hex(md5(base64(raw body) + api_key))`. A wallet's blocked funds can
//! be refunded only once.
//!
//! Answers (all `application/json`):
//!
//! | situation | HTTP | body |
//! |---|---|---|
//! | refund applied | 200 | `{"state":0,"result":{"commission":"0.50","amount":"9.50"}}` |
//! | bad/missing `merchant` or `sign` | 401 | `{"state":1,"message":"Invalid Sign"}` |
//! | body not a JSON object | 422 | `{"state":1,"errors":{"body":["validation.json"]}}` |
//! | field rules failed | 422 | `{"state":1,"errors":{"uuid":["validation.required_without"],...}}` |
//! | business refusal | 422 | `{"state":1,"message":"Not found"}` (etc.) |
//! | internal error (fault) | 500 | `{"message":"Server error, #1","code":500,"error":null}` |
//!
//! Checks run in this order: signature, body JSON, validation, merchant
//! forbidden, maintenance, wallet lookup, service, state (in process /
//! refunded), nothing to withdraw, too small; then the refund is applied.

mod admin;
mod answers;
mod handler;
mod model;
mod signature;
mod state;
mod validation;

pub use model::{MerchantFlags, Refund, Wallet, WalletState};
pub use state::{CryptomusSim, WalletError};

use answers::Refusal;

use super::Mount;

/// Path-prefix name of the provider.
pub const NAME: &str = "cryptomus";

/// Path of the refund endpoint, relative to the provider's base URL.
pub const REFUND_PATH: &str = "/v1/wallet/blocked-address-refund";

/// Merchant uuid used when none is configured.
pub const DEFAULT_MERCHANT: &str = "8b03432e-385b-4670-8d06-064591096795";

/// API key used when none is configured.
pub const DEFAULT_API_KEY: &str = "sim-cryptomus-api-key";

/// Merchant credentials the simulator checks requests against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CryptomusConfig {
    /// Expected `merchant` header.
    pub merchant: String,
    /// Secret API key used in the `sign` header.
    pub api_key: String,
}

impl Default for CryptomusConfig {
    fn default() -> Self {
        CryptomusConfig {
            merchant: DEFAULT_MERCHANT.to_owned(),
            api_key: DEFAULT_API_KEY.to_owned(),
        }
    }
}

impl CryptomusSim {
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

    /// Adds the demo wallets of [`demo_wallets`].
    pub fn seed_demo(&self) {
        for wallet in demo_wallets() {
            self.add_wallet(wallet);
        }
    }
}

/// Demo wallets: `demo-1` (10.00 blocked, commission 0.50, minimum 1.00,
/// refundable for 9.50), `demo-2` (already refunded) and `demo-3` (nothing
/// blocked).
pub fn demo_wallets() -> Vec<Wallet> {
    let wallet = |n: u8, blocked: &str, state: WalletState| Wallet {
        uuid: format!("0d3a5e6c-7b1f-4c2a-9e8d-00000000000{n}"),
        order_id: Some(format!("demo-{n}")),
        blocked_amount: blocked.to_owned(),
        commission: "0.50".to_owned(),
        min_amount: "1.00".to_owned(),
        state,
        service_enabled: true,
    };
    vec![
        wallet(1, "10.00", WalletState::Blocked),
        wallet(2, "0.00", WalletState::Refunded),
        wallet(3, "0.00", WalletState::Blocked),
    ]
}
