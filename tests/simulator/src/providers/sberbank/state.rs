//! The bank's book: orders, merchant flags and the ledger of reversals,
//! behind one lock so check-and-apply is atomic.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::SberbankConfig;
use super::answers::Refusal;
use super::model::{MerchantFlags, Order, OrderStatus, Reversal};

/// Length of a well-formed `orderId` (ANS36).
const ORDER_ID_LEN: usize = 36;

/// Handle on the Sberbank simulator's state (cheap to clone; clones share
/// state). Tests and the admin API read and change the same state the HTTP
/// handler serves.
///
/// `reverse.do` runs its checks in this order: order lookup (missing or
/// malformed id → 6 "Wrong order number.", unknown → 6 "Unregistered"),
/// merchant permission (5 "Unsuccessful."), processing (7, attempt kept),
/// then, each using up the order's one attempt: attempt already used, status
/// not approved/deposited or window closed (7 "Invalid operation ..."),
/// incorrect state, system error, payment type, chargeback, amounts
/// mismatch, requested amount (7, each its own text). Credentials are
/// checked by the handler before any of this.
#[derive(Clone)]
pub struct SberbankSim {
    inner: Arc<Inner>,
}

struct Inner {
    config: SberbankConfig,
    book: Mutex<Book>,
}

#[derive(Default)]
struct Book {
    merchant: MerchantFlags,
    orders: HashMap<String, Order>,
    ledger: Vec<Reversal>,
}

impl Book {
    fn find(&mut self, order_id: Option<&str>) -> Result<&mut Order, Refusal> {
        let id = order_id.ok_or(Refusal::WrongOrderNumber)?;
        if id.chars().count() != ORDER_ID_LEN {
            return Err(Refusal::WrongOrderNumber);
        }
        self.orders.get_mut(id).ok_or(Refusal::Unregistered)
    }
}

impl SberbankSim {
    /// A simulator with no orders, default merchant flags and an empty ledger.
    pub fn new(config: SberbankConfig) -> SberbankSim {
        SberbankSim {
            inner: Arc::new(Inner {
                config,
                book: Mutex::new(Book::default()),
            }),
        }
    }

    /// The merchant credentials requests are checked against.
    pub fn config(&self) -> &SberbankConfig {
        &self.inner.config
    }

    /// Adds an order, or replaces the order with the same id.
    pub fn add_order(&self, order: Order) {
        tracing::debug!(order_id = %order.order_id, status = ?order.status, "sberbank order added");
        self.lock().orders.insert(order.order_id.clone(), order);
    }

    /// The order with this id.
    pub fn order(&self, order_id: &str) -> Option<Order> {
        self.lock().orders.get(order_id).cloned()
    }

    /// Sets the merchant-wide flags.
    pub fn set_merchant(&self, flags: MerchantFlags) {
        self.lock().merchant = flags;
    }

    /// The current merchant-wide flags.
    pub fn merchant(&self) -> MerchantFlags {
        self.lock().merchant
    }

    /// Every applied reversal, oldest first.
    pub fn ledger(&self) -> Vec<Reversal> {
        self.lock().ledger.clone()
    }

    /// Whether the API user must change the password (checked after the
    /// credentials, on every call).
    pub(super) fn must_change_password(&self) -> bool {
        self.lock().merchant.must_change_password
    }

    /// `getOrderStatusExtended.do`: the order, or why not.
    pub(super) fn status(&self, order_id: Option<&str>) -> Result<Order, Refusal> {
        let mut book = self.lock();
        if book.merchant.status_unavailable {
            return Err(Refusal::SystemError);
        }
        book.find(order_id).map(|o| o.clone())
    }

    /// `reverse.do`: runs the checks (see [`SberbankSim`]) and, if they
    /// pass, reverses the order, records the reversal and returns it.
    /// `amount` is the raw form value (kopecks), if given.
    pub(super) fn reverse(
        &self,
        order_id: Option<&str>,
        amount: Option<&str>,
    ) -> Result<Reversal, Refusal> {
        let mut book = self.lock();
        let merchant = book.merchant;
        let order = book.find(order_id)?;
        if !merchant.reversal_permitted {
            return Err(Refusal::Unsuccessful);
        }
        if order.processing {
            return Err(Refusal::Processing);
        }
        let attempt = check(order, amount, merchant);
        order.reversal_attempted = true;
        let amount = attempt?;
        order.status = OrderStatus::Reversed;
        order.reversed_amount = amount;
        let reversal = Reversal {
            order_id: order.order_id.clone(),
            amount,
        };
        book.ledger.push(reversal.clone());
        tracing::info!(order_id = %reversal.order_id, amount, "sberbank reversal applied");
        Ok(reversal)
    }

    fn lock(&self) -> MutexGuard<'_, Book> {
        // Every mutation is completed before anything can panic, so a
        // poisoned lock still guards a consistent book.
        self.inner.book.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The checks that use up the order's one attempt; the kopecks to reverse.
fn check(order: &Order, amount: Option<&str>, merchant: MerchantFlags) -> Result<u64, Refusal> {
    let reversible = matches!(order.status, OrderStatus::Approved | OrderStatus::Deposited);
    if order.reversal_attempted || !reversible || !order.reversal_window_open {
        return Err(Refusal::InvalidOperation);
    }
    let flags = [
        (order.incorrect_state, Refusal::IncorrectState),
        (order.system_error, Refusal::SystemError),
        (order.type_not_supported, Refusal::TypeNotSupported),
        (order.chargeback, Refusal::Chargeback),
        (order.amounts_mismatch, Refusal::HoldDepositUnequal),
    ];
    if let Some((_, refusal)) = flags.iter().find(|(set, _)| *set) {
        return Err(*refusal);
    }
    let Some(text) = amount else {
        return Ok(order.amount);
    };
    let requested = text
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse::<u64>().ok())
        .flatten()
        .ok_or(Refusal::CheckAmounts)?;
    let partial_ok = requested < order.amount && merchant.partial_reversal_permitted;
    if requested == 0 || requested > order.amount || (requested != order.amount && !partial_ok) {
        return Err(Refusal::CheckAmounts);
    }
    Ok(requested)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "11111111-2222-4333-8444-555555555555";

    fn sim_with(order: Order) -> SberbankSim {
        let sim = SberbankSim::new(SberbankConfig::default());
        sim.add_order(order);
        sim
    }

    fn order() -> Order {
        Order {
            order_id: ID.into(),
            order_number: "n-1".into(),
            amount: 1234,
            currency: "643".into(),
            status: OrderStatus::Approved,
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

    #[test]
    fn reverses_once() {
        let sim = sim_with(order());
        assert_eq!(sim.reverse(Some(ID), None).unwrap().amount, 1234);
        assert_eq!(sim.reverse(Some(ID), None), Err(Refusal::InvalidOperation));
        assert_eq!(sim.ledger().len(), 1);
        assert_eq!(sim.order(ID).unwrap().status, OrderStatus::Reversed);
    }

    #[test]
    fn a_failed_attempt_uses_up_the_reversal_but_processing_does_not() {
        let sim = sim_with(Order {
            chargeback: true,
            ..order()
        });
        assert_eq!(sim.reverse(Some(ID), None), Err(Refusal::Chargeback));
        sim.add_order(Order {
            chargeback: false,
            ..sim.order(ID).unwrap()
        });
        assert_eq!(sim.reverse(Some(ID), None), Err(Refusal::InvalidOperation));

        let sim = sim_with(Order {
            processing: true,
            ..order()
        });
        assert_eq!(sim.reverse(Some(ID), None), Err(Refusal::Processing));
        sim.add_order(Order {
            processing: false,
            ..sim.order(ID).unwrap()
        });
        assert!(sim.reverse(Some(ID), None).is_ok());
        assert!(sim.ledger().len() == 1);
    }

    #[test]
    fn lookup_and_amounts() {
        let sim = sim_with(order());
        assert_eq!(sim.reverse(None, None), Err(Refusal::WrongOrderNumber));
        assert_eq!(sim.reverse(Some("x"), None), Err(Refusal::WrongOrderNumber));
        assert_eq!(
            sim.reverse(Some("99999999-2222-4333-8444-555555555555"), None),
            Err(Refusal::Unregistered)
        );
        for bad in ["0", "1235", "-1", "12.34", "abc"] {
            sim.add_order(order());
            assert_eq!(
                sim.reverse(Some(ID), Some(bad)),
                Err(Refusal::CheckAmounts),
                "{bad}"
            );
        }
        sim.add_order(order());
        assert_eq!(sim.reverse(Some(ID), Some("1000")).unwrap().amount, 1000);
        sim.set_merchant(MerchantFlags {
            partial_reversal_permitted: false,
            ..MerchantFlags::default()
        });
        sim.add_order(order());
        assert_eq!(
            sim.reverse(Some(ID), Some("1000")),
            Err(Refusal::CheckAmounts)
        );
        sim.add_order(order());
        assert_eq!(sim.reverse(Some(ID), Some("1234")).unwrap().amount, 1234);
    }

    #[test]
    fn refusal_order() {
        let all = Order {
            incorrect_state: true,
            system_error: true,
            type_not_supported: true,
            chargeback: true,
            amounts_mismatch: true,
            ..order()
        };
        let expected = [
            Refusal::IncorrectState,
            Refusal::SystemError,
            Refusal::TypeNotSupported,
            Refusal::Chargeback,
            Refusal::HoldDepositUnequal,
        ];
        let mut o = all;
        for want in expected {
            let sim = sim_with(o.clone());
            assert_eq!(sim.reverse(Some(ID), None), Err(want));
            match want {
                Refusal::IncorrectState => o.incorrect_state = false,
                Refusal::SystemError => o.system_error = false,
                Refusal::TypeNotSupported => o.type_not_supported = false,
                Refusal::Chargeback => o.chargeback = false,
                _ => o.amounts_mismatch = false,
            }
        }
        let sim = sim_with(Order {
            reversal_window_open: false,
            ..order()
        });
        assert_eq!(sim.reverse(Some(ID), None), Err(Refusal::InvalidOperation));
        sim.set_merchant(MerchantFlags {
            reversal_permitted: false,
            ..MerchantFlags::default()
        });
        assert_eq!(sim.reverse(Some(ID), None), Err(Refusal::Unsuccessful));
        assert!(sim.ledger().is_empty());
    }
}
