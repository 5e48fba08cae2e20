//! The provider's book: card issues, partner flags, the ledger of rollbacks
//! and the log of received requests, behind one lock so check-and-apply is
//! atomic; and the RSA key pair.

use crate::providers::constant_time_eq;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use super::ProstodarConfig;
use super::answers::Status;
use super::keys::KeyPair;
use super::model::{Issue, IssueState, PartnerFlags, Received, Rollback};
use super::query::RollbackQuery;

/// Handle on the Prostodar simulator's state (cheap to clone; clones share
/// state).
#[derive(Clone, Debug)]
pub struct ProstodarSim {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: ProstodarConfig,
    /// Generated on first use, so simulators that never see a Prostodar
    /// request pay nothing.
    keys: Mutex<Option<Arc<KeyPair>>>,
    book: Mutex<Book>,
}

#[derive(Debug, Default)]
struct Book {
    /// By (walletId, requestId).
    issues: BTreeMap<(String, String), Issue>,
    partner: PartnerFlags,
    ledger: Vec<Rollback>,
    received: Vec<Received>,
}

impl ProstodarSim {
    /// A fresh state checking requests against `config`.
    pub fn new(config: ProstodarConfig) -> ProstodarSim {
        ProstodarSim {
            inner: Arc::new(Inner {
                config,
                keys: Mutex::new(None),
                book: Mutex::new(Book::default()),
            }),
        }
    }

    /// The credentials in force.
    pub fn config(&self) -> &ProstodarConfig {
        &self.inner.config
    }

    /// The public key partners must encrypt with, PEM (SPKI). Put it in the
    /// plugin instance's `public_key` config key.
    pub fn public_key_pem(&self) -> String {
        self.keys().public_pem().to_owned()
    }

    /// Replaces the key pair with a fresh random one, as when Prostodar
    /// rotates its certificate: partners still using the old public key get
    /// `REQUEST_INCORRECTLY`. Returns the new public key PEM.
    pub fn rotate_key(&self) -> String {
        let pair = Arc::new(KeyPair::random());
        let pem = pair.public_pem().to_owned();
        *lock(&self.inner.keys) = Some(pair);
        pem
    }

    /// Encrypts `text` under the current public key and base64-encodes it, as
    /// a partner does (for tests that build requests by hand).
    pub fn encrypt(&self, text: &str) -> String {
        self.keys().encrypt(text)
    }

    /// Adds or replaces an issue.
    pub fn add_issue(&self, issue: Issue) {
        let key = (issue.wallet_id.clone(), issue.request_id.clone());
        self.book().issues.insert(key, issue);
    }

    /// The issue with this walletId and requestId.
    pub fn issue(&self, wallet_id: &str, request_id: &str) -> Option<Issue> {
        self.book()
            .issues
            .get(&(wallet_id.to_owned(), request_id.to_owned()))
            .cloned()
    }

    /// Every issue, ordered by walletId then requestId.
    pub fn issues(&self) -> Vec<Issue> {
        self.book().issues.values().cloned().collect()
    }

    /// The partner's commit of a `created` issue. Whether it applied.
    pub fn confirm(&self, wallet_id: &str, request_id: &str) -> bool {
        self.close(wallet_id, request_id, IssueState::Confirmed)
    }

    /// Prostodar's decline of a `created` issue for lack of a commit.
    /// Whether it applied.
    pub fn auto_decline(&self, wallet_id: &str, request_id: &str) -> bool {
        self.close(wallet_id, request_id, IssueState::AutoDeclined)
    }

    /// Sets the partner-wide flags.
    pub fn set_partner(&self, flags: PartnerFlags) {
        self.book().partner = flags;
    }

    /// The partner-wide flags in force.
    pub fn partner(&self) -> PartnerFlags {
        self.book().partner.clone()
    }

    /// Every rollback applied so far, in order.
    pub fn ledger(&self) -> Vec<Rollback> {
        self.book().ledger.clone()
    }

    /// Every request the rollback endpoint received, in order.
    pub fn received(&self) -> Vec<Received> {
        self.book().received.clone()
    }

    /// Whether errors are answered with HTTP 200.
    pub(super) fn errors_with_200(&self) -> bool {
        self.book().partner.errors_with_200
    }

    /// Logs a received request and the status it got.
    pub(super) fn record(&self, raw_query: &str, source_ip: IpAddr, status: &Status) {
        self.book().received.push(Received {
            raw_query: raw_query.to_owned(),
            source_ip,
            status: status.code().to_owned(),
        });
    }

    /// Runs the checks in order (service, encryption, login, source IP,
    /// account, lookup, state, bank) and, if they pass, rolls the issue back
    /// and appends it to the ledger.
    pub(super) fn rollback(
        &self,
        query: &RollbackQuery,
        source: IpAddr,
    ) -> Result<Rollback, Status> {
        let keys = self.keys();
        let mut book = self.book();
        if book.partner.service_unavailable {
            return Err(Status::ServiceUnavailable);
        }
        if query.use_auth_by_cert != "Y" {
            return Err(Status::RequestIncorrectly);
        }
        let (Some(password), Some(request_id), Some(wallet_id)) = (
            keys.decrypt(&query.partner_password),
            keys.decrypt(&query.request_id),
            keys.decrypt(&query.wallet_id),
        ) else {
            return Err(Status::RequestIncorrectly);
        };
        let config = &self.inner.config;
        if query.partner_name != config.partner_name
            || !constant_time_eq(password.as_bytes(), config.partner_password.as_bytes())
        {
            return Err(Status::PartnerLoginIsNotCorrect);
        }
        let allowed = book
            .partner
            .allowed_ips
            .as_ref()
            .unwrap_or(&config.allowed_ips);
        if !allowed.contains(&source) {
            return Err(Status::NotValidIpPartner);
        }
        if book.partner.account_blocked {
            return Err(Status::AccountIsBlocked);
        }
        let issue = book
            .issues
            .get_mut(&(wallet_id, request_id))
            .ok_or(Status::NotFound)?;
        if issue.state != IssueState::Created {
            return Err(Status::AlreadyIssued);
        }
        if let Some(error) = issue.bank_error {
            return Err(Status::Bank(error));
        }
        if issue.rollback_fails {
            return Err(Status::CardNotRolledBack);
        }
        issue.state = IssueState::RolledBack;
        let rollback = Rollback {
            wallet_id: issue.wallet_id.clone(),
            request_id: issue.request_id.clone(),
            partner_name: query.partner_name.clone(),
        };
        book.ledger.push(rollback.clone());
        tracing::info!(wallet_id = %rollback.wallet_id, request_id = %rollback.request_id, "prostodar rollback applied");
        Ok(rollback)
    }

    fn close(&self, wallet_id: &str, request_id: &str, to: IssueState) -> bool {
        let mut book = self.book();
        match book
            .issues
            .get_mut(&(wallet_id.to_owned(), request_id.to_owned()))
        {
            Some(issue) if issue.state == IssueState::Created => {
                issue.state = to;
                true
            }
            _ => false,
        }
    }

    fn keys(&self) -> Arc<KeyPair> {
        lock(&self.inner.keys)
            .get_or_insert_with(KeyPair::default_pair)
            .clone()
    }

    fn book(&self) -> MutexGuard<'_, Book> {
        lock(&self.inner.book)
    }
}

/// Every mutation is completed before anything can panic, so a poisoned lock
/// still guards consistent data.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::prostodar::model::BankError;

    const LOOPBACK: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    fn sim() -> ProstodarSim {
        ProstodarSim::new(ProstodarConfig::default())
    }

    fn query(sim: &ProstodarSim, password: &str, wallet: &str, request: &str) -> RollbackQuery {
        RollbackQuery {
            partner_name: sim.config().partner_name.clone(),
            partner_password: sim.encrypt(password),
            request_id: sim.encrypt(request),
            wallet_id: sim.encrypt(wallet),
            use_auth_by_cert: "Y".into(),
        }
    }

    fn good(sim: &ProstodarSim, wallet: &str, request: &str) -> RollbackQuery {
        let password = sim.config().partner_password.clone();
        query(sim, &password, wallet, request)
    }

    #[test]
    fn rolls_back_once_and_records() {
        let sim = sim();
        sim.add_issue(Issue::created("w1", "r1"));
        let done = sim.rollback(&good(&sim, "w1", "r1"), LOOPBACK).unwrap();
        assert_eq!(
            (done.wallet_id.as_str(), done.request_id.as_str()),
            ("w1", "r1")
        );
        assert_eq!(
            sim.rollback(&good(&sim, "w1", "r1"), LOOPBACK),
            Err(Status::AlreadyIssued)
        );
        assert_eq!(sim.ledger(), vec![done]);
        assert_eq!(sim.issue("w1", "r1").unwrap().state, IssueState::RolledBack);
    }

    #[test]
    fn check_order() {
        let sim = sim();
        let mut issue = Issue::created("w", "r");
        issue.bank_error = Some(BankError::Generic);
        issue.rollback_fails = true;
        sim.add_issue(issue.clone());
        sim.set_partner(PartnerFlags {
            account_blocked: true,
            service_unavailable: true,
            errors_with_200: false,
            allowed_ips: Some(vec![]),
        });
        let mut q = good(&sim, "w", "r");
        assert_eq!(sim.rollback(&q, LOOPBACK), Err(Status::ServiceUnavailable));
        sim.set_partner(PartnerFlags {
            account_blocked: true,
            allowed_ips: Some(vec![]),
            ..PartnerFlags::default()
        });
        q.use_auth_by_cert = "N".into();
        assert_eq!(sim.rollback(&q, LOOPBACK), Err(Status::RequestIncorrectly));
        q.use_auth_by_cert = "Y".into();
        q.wallet_id = "not-base64".into();
        assert_eq!(sim.rollback(&q, LOOPBACK), Err(Status::RequestIncorrectly));
        let q = query(&sim, "wrong", "w", "r");
        assert_eq!(
            sim.rollback(&q, LOOPBACK),
            Err(Status::PartnerLoginIsNotCorrect)
        );
        let q = good(&sim, "w", "r");
        assert_eq!(sim.rollback(&q, LOOPBACK), Err(Status::NotValidIpPartner));
        sim.set_partner(PartnerFlags {
            account_blocked: true,
            ..PartnerFlags::default()
        });
        assert_eq!(sim.rollback(&q, LOOPBACK), Err(Status::AccountIsBlocked));
        sim.set_partner(PartnerFlags::default());
        assert_eq!(
            sim.rollback(&good(&sim, "w", "other"), LOOPBACK),
            Err(Status::NotFound)
        );
        assert_eq!(
            sim.rollback(&q, LOOPBACK),
            Err(Status::Bank(BankError::Generic))
        );
        issue.bank_error = None;
        sim.add_issue(issue.clone());
        assert_eq!(sim.rollback(&q, LOOPBACK), Err(Status::CardNotRolledBack));
        assert!(sim.confirm("w", "r"));
        assert_eq!(sim.rollback(&q, LOOPBACK), Err(Status::AlreadyIssued));
        assert!(
            !sim.auto_decline("w", "r"),
            "a confirmed issue stays confirmed"
        );
        assert!(sim.ledger().is_empty());
    }

    #[test]
    fn rotated_key_refuses_the_old_ciphertexts() {
        let sim = sim();
        sim.add_issue(Issue::created("w", "r"));
        let old = good(&sim, "w", "r");
        let pem = sim.rotate_key();
        assert_eq!(sim.public_key_pem(), pem);
        assert_eq!(
            sim.rollback(&old, LOOPBACK),
            Err(Status::RequestIncorrectly)
        );
        assert!(sim.rollback(&good(&sim, "w", "r"), LOOPBACK).is_ok());
    }
}
