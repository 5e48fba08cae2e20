//! The provider's book: wallets, merchant flags and the ledger of refunds,
//! behind one lock so check-and-apply is atomic.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use super::model::{MerchantFlags, Refund, Wallet, WalletState};
use super::validation::{Target, is_alpha_dash, is_uuid};
use super::{CryptomusConfig, Refusal};
use crate::money::Cents;

/// Handle on the Cryptomus simulator's state (cheap to clone; clones share
/// state). Tests and the admin API read and change the same state the HTTP
/// handler serves.
#[derive(Clone)]
pub struct CryptomusSim {
    inner: Arc<Inner>,
}

struct Inner {
    config: CryptomusConfig,
    book: Mutex<Book>,
}

#[derive(Default)]
struct Book {
    merchant: MerchantFlags,
    /// Keyed by lower-case uuid.
    wallets: HashMap<String, Record>,
    /// order id → lower-case uuid.
    orders: HashMap<String, String>,
    ledger: Vec<Refund>,
}

/// A wallet with its amounts in cents.
#[derive(Clone)]
struct Record {
    uuid: String,
    order_id: Option<String>,
    blocked: Cents,
    commission: Cents,
    min: Cents,
    state: WalletState,
    service_enabled: bool,
}

/// Why [`CryptomusSim::try_add_wallet`] rejected a wallet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalletError(String);

impl fmt::Display for WalletError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WalletError {}

impl Record {
    fn from_wallet(wallet: Wallet) -> Result<Record, WalletError> {
        if !is_uuid(&wallet.uuid) {
            return Err(WalletError(format!("uuid {:?} is not a uuid", wallet.uuid)));
        }
        if let Some(order_id) = &wallet.order_id
            && (order_id.len() > 32 || !is_alpha_dash(order_id))
        {
            return Err(WalletError(format!(
                "order_id {order_id:?} must be 1..32 characters of [A-Za-z0-9_-]"
            )));
        }
        let amount = |field: &str, text: &str| {
            Cents::parse(text).map_err(|e| WalletError(format!("{field}: {e}")))
        };
        Ok(Record {
            uuid: wallet.uuid.to_ascii_lowercase(),
            blocked: amount("blocked_amount", &wallet.blocked_amount)?,
            commission: amount("commission", &wallet.commission)?,
            min: amount("min_amount", &wallet.min_amount)?,
            order_id: wallet.order_id,
            state: wallet.state,
            service_enabled: wallet.service_enabled,
        })
    }

    fn to_wallet(&self) -> Wallet {
        Wallet {
            uuid: self.uuid.clone(),
            order_id: self.order_id.clone(),
            blocked_amount: self.blocked.to_string(),
            commission: self.commission.to_string(),
            min_amount: self.min.to_string(),
            state: self.state,
            service_enabled: self.service_enabled,
        }
    }
}

impl Book {
    fn find(&self, target: &Target) -> Option<&String> {
        match target {
            Target::Uuid(uuid) => {
                let key = uuid.to_ascii_lowercase();
                self.wallets.get_key_value(&key).map(|(k, _)| k)
            }
            Target::OrderId(order_id) => self.orders.get(order_id),
        }
    }
}

impl CryptomusSim {
    /// A simulator with no wallets, default merchant flags and an empty ledger.
    pub fn new(config: CryptomusConfig) -> CryptomusSim {
        CryptomusSim {
            inner: Arc::new(Inner {
                config,
                book: Mutex::new(Book::default()),
            }),
        }
    }

    /// The merchant credentials requests are checked against.
    pub fn config(&self) -> &CryptomusConfig {
        &self.inner.config
    }

    /// Adds a wallet, or replaces the wallet with the same uuid.
    ///
    /// # Panics
    /// If the wallet is invalid (see [`CryptomusSim::try_add_wallet`]).
    pub fn add_wallet(&self, wallet: Wallet) {
        if let Err(e) = self.try_add_wallet(wallet) {
            panic!("invalid Cryptomus wallet: {e}");
        }
    }

    /// Adds a wallet, or replaces the wallet with the same uuid. Fails if the
    /// uuid is not a uuid, the order id is not 1..32 alpha-dash characters,
    /// an amount is not a non-negative decimal with at most two decimals, or
    /// the order id belongs to another wallet.
    pub fn try_add_wallet(&self, wallet: Wallet) -> Result<(), WalletError> {
        let record = Record::from_wallet(wallet)?;
        let mut book = self.lock();
        if let Some(order_id) = &record.order_id
            && let Some(owner) = book.orders.get(order_id)
            && *owner != record.uuid
        {
            return Err(WalletError(format!(
                "order_id {order_id:?} already belongs to wallet {owner}"
            )));
        }
        if let Some(old) = book.wallets.remove(&record.uuid)
            && let Some(old_order) = old.order_id
        {
            book.orders.remove(&old_order);
        }
        if let Some(order_id) = &record.order_id {
            book.orders.insert(order_id.clone(), record.uuid.clone());
        }
        tracing::debug!(uuid = %record.uuid, order_id = ?record.order_id, "cryptomus wallet added");
        book.wallets.insert(record.uuid.clone(), record);
        Ok(())
    }

    /// Sets the merchant-wide flags.
    pub fn set_merchant(&self, flags: MerchantFlags) {
        self.lock().merchant = flags;
    }

    /// The current merchant-wide flags.
    pub fn merchant(&self) -> MerchantFlags {
        self.lock().merchant
    }

    /// Every applied refund, oldest first.
    pub fn ledger(&self) -> Vec<Refund> {
        self.lock().ledger.clone()
    }

    /// The wallet with this uuid, or else with this order id.
    pub fn wallet(&self, uuid_or_order_id: &str) -> Option<Wallet> {
        let book = self.lock();
        let by_uuid = Target::Uuid(uuid_or_order_id.to_owned());
        let by_order = Target::OrderId(uuid_or_order_id.to_owned());
        let key = book.find(&by_uuid).or_else(|| book.find(&by_order))?;
        Some(book.wallets[key].to_wallet())
    }

    /// Runs the business checks in the documented order (merchant forbidden,
    /// maintenance, lookup, service, state, nothing to withdraw, too small)
    /// and, if they pass, applies the refund: the wallet becomes `refunded`
    /// with nothing blocked and the refund is appended to the ledger.
    pub(super) fn refund(&self, target: &Target, address: &str) -> Result<Refund, Refusal> {
        let mut book = self.lock();
        if book.merchant.forbidden {
            return Err(Refusal::Forbidden);
        }
        if book.merchant.maintenance {
            return Err(Refusal::Maintenance);
        }
        let key = book.find(target).ok_or(Refusal::NotFound)?.clone();
        let wallet = book.wallets.get_mut(&key).ok_or(Refusal::NotFound)?;
        if !wallet.service_enabled {
            return Err(Refusal::ServiceNotFound);
        }
        match wallet.state {
            WalletState::RefundInProcess => return Err(Refusal::InProcess),
            WalletState::Refunded => return Err(Refusal::AlreadyRefunded),
            WalletState::Blocked => {}
        }
        if wallet.blocked == Cents::ZERO {
            return Err(Refusal::NothingToWithdraw);
        }
        if wallet.blocked < wallet.min {
            return Err(Refusal::TooSmall);
        }
        // A refund that the commission would swallow entirely is too small too.
        let amount = match wallet.blocked.checked_sub(wallet.commission) {
            Some(amount) if amount > Cents::ZERO => amount,
            _ => return Err(Refusal::TooSmall),
        };
        wallet.state = WalletState::Refunded;
        wallet.blocked = Cents::ZERO;
        let refund = Refund {
            uuid: wallet.uuid.clone(),
            order_id: wallet.order_id.clone(),
            address: address.to_owned(),
            amount: amount.to_string(),
            commission: wallet.commission.to_string(),
        };
        book.ledger.push(refund.clone());
        tracing::info!(uuid = %refund.uuid, amount = %refund.amount, address, "cryptomus refund applied");
        Ok(refund)
    }

    fn lock(&self) -> MutexGuard<'_, Book> {
        // Every mutation is completed before anything can panic, so a
        // poisoned lock still guards a consistent book.
        self.inner.book.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const U1: &str = "11111111-1111-4111-8111-111111111111";
    const U2: &str = "22222222-2222-4222-8222-222222222222";

    fn sim() -> CryptomusSim {
        CryptomusSim::new(CryptomusConfig::default())
    }

    fn wallet(uuid: &str, order_id: Option<&str>, blocked: &str) -> Wallet {
        Wallet {
            uuid: uuid.into(),
            order_id: order_id.map(Into::into),
            blocked_amount: blocked.into(),
            commission: "0.50".into(),
            min_amount: "1.00".into(),
            state: WalletState::Blocked,
            service_enabled: true,
        }
    }

    #[test]
    fn refunds_once_and_records() {
        let sim = sim();
        sim.add_wallet(wallet(U1, Some("o-1"), "10"));
        let target = Target::OrderId("o-1".into());
        let refund = sim.refund(&target, "addr").unwrap();
        assert_eq!(
            (refund.amount.as_str(), refund.commission.as_str()),
            ("9.50", "0.50")
        );
        assert_eq!(sim.refund(&target, "addr"), Err(Refusal::AlreadyRefunded));
        assert_eq!(sim.ledger(), vec![refund]);
        let after = sim.wallet("o-1").unwrap();
        assert_eq!(after.state, WalletState::Refunded);
        assert_eq!(after.blocked_amount, "0.00");
        assert_eq!(sim.wallet(&U1.to_uppercase()), Some(after));
    }

    #[test]
    fn check_order() {
        let sim = sim();
        let by_uuid = Target::Uuid(U1.into());
        sim.set_merchant(MerchantFlags {
            forbidden: true,
            maintenance: true,
        });
        assert_eq!(sim.refund(&by_uuid, "a"), Err(Refusal::Forbidden));
        sim.set_merchant(MerchantFlags {
            forbidden: false,
            maintenance: true,
        });
        assert_eq!(sim.refund(&by_uuid, "a"), Err(Refusal::Maintenance));
        sim.set_merchant(MerchantFlags::default());
        assert_eq!(sim.refund(&by_uuid, "a"), Err(Refusal::NotFound));
        let mut w = wallet(U1, None, "0");
        w.service_enabled = false;
        w.state = WalletState::Refunded;
        sim.add_wallet(w.clone());
        assert_eq!(sim.refund(&by_uuid, "a"), Err(Refusal::ServiceNotFound));
        w.service_enabled = true;
        sim.add_wallet(w.clone());
        assert_eq!(sim.refund(&by_uuid, "a"), Err(Refusal::AlreadyRefunded));
        w.state = WalletState::RefundInProcess;
        sim.add_wallet(w.clone());
        assert_eq!(sim.refund(&by_uuid, "a"), Err(Refusal::InProcess));
        w.state = WalletState::Blocked;
        sim.add_wallet(w.clone());
        assert_eq!(sim.refund(&by_uuid, "a"), Err(Refusal::NothingToWithdraw));
        w.blocked_amount = "0.99".into();
        sim.add_wallet(w.clone());
        assert_eq!(sim.refund(&by_uuid, "a"), Err(Refusal::TooSmall));
        w.min_amount = "0".into();
        w.blocked_amount = "0.50".into();
        sim.add_wallet(w);
        assert_eq!(sim.refund(&by_uuid, "a"), Err(Refusal::TooSmall));
        assert!(sim.ledger().is_empty());
    }

    #[test]
    fn rejects_bad_wallets() {
        let sim = sim();
        assert!(sim.try_add_wallet(wallet("w1", None, "1")).is_err());
        assert!(sim.try_add_wallet(wallet(U1, Some("a b"), "1")).is_err());
        assert!(sim.try_add_wallet(wallet(U1, None, "1.001")).is_err());
        sim.add_wallet(wallet(U1, Some("o"), "1"));
        assert!(sim.try_add_wallet(wallet(U2, Some("o"), "1")).is_err());
        // Replacing a wallet frees its old order id.
        sim.add_wallet(wallet(U1, Some("p"), "1"));
        sim.add_wallet(wallet(U2, Some("o"), "1"));
        assert_eq!(sim.wallet("o").unwrap().uuid, U2);
        assert_eq!(sim.wallet("p").unwrap().uuid, U1);
    }
}
