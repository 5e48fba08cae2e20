//! Sberbank acquiring: reversal (cancel) of an order payment.
//!
//! `POST /sberbank/payment/rest/reverse.do` and
//! `POST /sberbank/payment/rest/getOrderStatusExtended.do`, both with an
//! `application/x-www-form-urlencoded` body carrying `userName`, `password`
//! and `orderId` (`reverse.do` also takes `amount` in kopecks, `jsonParams`,
//! `language`). Every answer is HTTP 200 JSON with `errorCode` and
//! `errorMessage`:
//!
//! | situation | `errorCode` | `errorMessage` |
//! |---|---|---|
//! | reversed | 0 | `Success` |
//! | wrong `userName` / `password` | 5 | `Access denied.` |
//! | merchant flag `must_change_password` | 5 | `The user must change the password.` |
//! | merchant without `reversal_permitted` | 5 | `Unsuccessful.` |
//! | `orderId` missing or not 36 characters | 6 (as `ErrorCode`) | `Wrong order number.` |
//! | `orderId` unknown | 6 | `Unregistered` |
//! | status not 1/2, window closed, attempt used | 7 | `Invalid operation for the current order status.` |
//! | order flags, amount checks | 7 | the other documented texts |
//!
//! A reversal can be tried once per order: any refusal after the lookup and
//! permission checks (except "Transaction is being processed now") uses the
//! attempt up, and so does a success. The order then stays refused with
//! "Invalid operation for the current order status.". See [`SberbankSim`] for
//! the check order. The status endpoint answers the order's `orderStatus`
//! (0 created, 1 approved, 2 deposited, 3 reversed, 4 refunded, 5 ACS
//! authentication started, 6 declined).

mod admin;
mod answers;
mod form;
mod handler;
mod model;
mod state;

pub use model::{MerchantFlags, Order, OrderStatus, Reversal};
pub use state::SberbankSim;

use super::Mount;

/// Path-prefix name of the provider.
pub const NAME: &str = "sberbank";

/// Path of the API root, relative to the provider's base URL: the plugin's
/// `base_url` is `<base>/payment/rest/`.
pub const API_ROOT: &str = "/payment/rest";

/// Path of the reversal endpoint, relative to the provider's base URL.
pub const REVERSE_PATH: &str = "/payment/rest/reverse.do";

/// Path of the order-status endpoint, relative to the provider's base URL.
pub const STATUS_PATH: &str = "/payment/rest/getOrderStatusExtended.do";

/// API user name used when none is configured.
pub const DEFAULT_USER_NAME: &str = "sim-sberbank-api";

/// API password used when none is configured. It contains form-special
/// characters on purpose, so a client that does not URL-encode it fails.
pub const DEFAULT_PASSWORD: &str = "s1m P@ss&word=+%";

/// Merchant credentials the simulator checks every request against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SberbankConfig {
    /// Expected `userName`.
    pub user_name: String,
    /// Expected `password`.
    pub password: String,
}

impl Default for SberbankConfig {
    fn default() -> Self {
        SberbankConfig {
            user_name: DEFAULT_USER_NAME.to_owned(),
            password: DEFAULT_PASSWORD.to_owned(),
        }
    }
}

impl SberbankSim {
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

    /// Adds the demo orders of [`demo_orders`].
    pub fn seed_demo(&self) {
        for order in demo_orders() {
            self.add_order(order);
        }
    }
}

/// An order of `amount` kopecks in `status`, with the reversal window open
/// and no refusal flags set.
pub fn order(order_id: &str, amount: u64, status: OrderStatus) -> Order {
    Order {
        order_id: order_id.to_owned(),
        order_number: format!("shop-{}", &order_id[order_id.len().saturating_sub(4)..]),
        amount,
        currency: "643".to_owned(),
        status,
        reversal_attempted: false,
        reversal_window_open: true,
        incorrect_state: false,
        system_error: false,
        type_not_supported: false,
        chargeback: false,
        amounts_mismatch: false,
        processing: false,
        reversed_amount: 0,
    }
}

/// Demo orders, ids `5b1c7a0e-d3f2-4a6b-9c8d-00000000000N`:
/// 1 approved 12.34 RUB (reversible), 2 deposited 500.00 RUB (reversible,
/// also in part), 3 already reversed, 4 deposited with the reversal window
/// closed (refused with error 7).
pub fn demo_orders() -> Vec<Order> {
    let id = |n: u8| format!("5b1c7a0e-d3f2-4a6b-9c8d-00000000000{n}");
    let mut reversed = order(&id(3), 9900, OrderStatus::Reversed);
    reversed.reversal_attempted = true;
    reversed.reversed_amount = 9900;
    let mut closed = order(&id(4), 25000, OrderStatus::Deposited);
    closed.reversal_window_open = false;
    vec![
        order(&id(1), 1234, OrderStatus::Approved),
        order(&id(2), 50000, OrderStatus::Deposited),
        reversed,
        closed,
    ]
}
