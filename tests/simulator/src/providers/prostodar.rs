//! Prostodar (PVK partner API): roll back a mobile top-up issued as a
//! virtual card, before the issue is confirmed.
//!
//! `POST /prostodar/partner/vc/mobile/rollback/?requestId=..&partnerName=..
//! &partnerPassword=..&useAuthByCert=Y&walletId=..`, no body. With
//! `useAuthByCert=Y`, `partnerPassword`, `requestId` and `walletId` are each
//! RSA-encrypted (PKCS#1 v1.5) under the provider's public key
//! ([`ProstodarSim::public_key_pem`], `GET /__admin/prostodar/public-key`),
//! standard base64, URL-encoded; the simulator decrypts them with its private
//! key. `partnerName` travels in clear.
//!
//! A card issue ([`Issue`], keyed by walletId + requestId) is `created` by a
//! create call, then closed exactly once: `confirmed` (the partner's commit),
//! `rolled_back` (this endpoint) or `auto_declined` (no commit in time).
//!
//! Answers are `{"status":"...","message":"..."}`, HTTP 200 for `OK` and 400
//! for errors (200 when [`PartnerFlags::errors_with_200`]). Checks run in
//! this order:
//!
//! | check | status | message |
//! |---|---|---|
//! | a parameter absent or empty | `VALIDATION_ERROR` | `Missing 'walletId' parameter` |
//! | service flag | `SERVICE_UNAVAILABLE` | `Service unavailable` |
//! | `useAuthByCert` not `Y`, or a parameter does not decrypt | `REQUEST_INCORRECTLY` | `Request incorrectly` |
//! | partner name / password | `PARTNER_LOGIN_IS_NOT_CORRECT` | `Partner login is not correct` |
//! | source IP not allowed | `NOT_VALID_IP_PARTNER` | `Not valid IP partner` |
//! | account blocked | `ACCOUNT_IS_BLOCKED` | `Account is blocked` |
//! | no such issue | `NOT_FOUND_REQUEST_BY_WALLET_ID_AND_REQUEST_ID` | `Not found by wallet Id and request id` |
//! | issue not `created` | `ALREADY_ISSUED_FOR_THIS_REQUEST` | `Already issued for this request` |
//! | the issue's bank-error flag | `BANK_ERROR` | `Generic error` / `Bad request` |
//! | the issue's rollback-fails flag | `CARD_NOT_ROLLED_BACK` | `Card rollback error` |
//! | rolled back, ledger entry | `OK` | `Request successfully completed` |
//!
//! The source IP is the connection's peer address when the server puts a
//! `ConnectInfo<SocketAddr>` in the request's extensions, else 127.0.0.1.

mod admin;
mod answers;
mod handler;
mod keys;
mod model;
mod query;
mod state;

pub use keys::KEY_BITS;
pub use model::{BankError, Issue, IssueState, PartnerFlags, Received, Rollback};
pub use state::ProstodarSim;

use std::net::{IpAddr, Ipv4Addr};

use super::Mount;

/// Path-prefix name of the provider.
pub const NAME: &str = "prostodar";

/// Path of the rollback endpoint, relative to the provider's base URL.
pub const ROLLBACK_PATH: &str = "/partner/vc/mobile/rollback/";

/// Partner name used when none is configured.
pub const DEFAULT_PARTNER_NAME: &str = "sim-partner";

/// Partner API password used when none is configured.
pub const DEFAULT_PARTNER_PASSWORD: &str = "sim-prostodar-password";

/// Credentials the simulator checks requests against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProstodarConfig {
    /// Expected `partnerName`.
    pub partner_name: String,
    /// Expected (decrypted) `partnerPassword`.
    pub partner_password: String,
    /// Source addresses the partner may call from (default: 127.0.0.1).
    pub allowed_ips: Vec<IpAddr>,
}

impl Default for ProstodarConfig {
    fn default() -> Self {
        ProstodarConfig {
            partner_name: DEFAULT_PARTNER_NAME.to_owned(),
            partner_password: DEFAULT_PARTNER_PASSWORD.to_owned(),
            allowed_ips: vec![IpAddr::V4(Ipv4Addr::LOCALHOST)],
        }
    }
}

impl ProstodarSim {
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

    /// Adds the issues of [`demo_issues`].
    pub fn seed_demo(&self) {
        for issue in demo_issues() {
            self.add_issue(issue);
        }
    }
}

/// Demo issues, walletId (base64 of a uuid, as in the page's example) with
/// requestId:
///
/// - `ZmM2NmYxZjAtNDg2NS00MDlmLTgzZDMtYWY5ZGZjMWNiYjEy` / `demo-req-1`:
///   created, can be rolled back;
/// - `MmIxZTdhOTQtNWMzZC00ZThmLTlhMDYtMWQyYzNiNGE1ZTAy` / `demo-req-2`:
///   confirmed by a commit (the rollback is refused);
/// - `N2Q0YzllMjEtMGE4Yi00ZjZkLWIzYzUtZThmOTBhMWIyYzAz` / `demo-req-3`:
///   auto-declined for lack of a commit.
pub fn demo_issues() -> Vec<Issue> {
    let issue = |wallet: &str, request: &str, state: IssueState| Issue {
        state,
        ..Issue::created(wallet, request)
    };
    vec![
        issue(
            "ZmM2NmYxZjAtNDg2NS00MDlmLTgzZDMtYWY5ZGZjMWNiYjEy",
            "demo-req-1",
            IssueState::Created,
        ),
        issue(
            "MmIxZTdhOTQtNWMzZC00ZThmLTlhMDYtMWQyYzNiNGE1ZTAy",
            "demo-req-2",
            IssueState::Confirmed,
        ),
        issue(
            "N2Q0YzllMjEtMGE4Yi00ZjZkLWIzYzUtZThmOTBhMWIyYzAz",
            "demo-req-3",
            IssueState::AutoDeclined,
        ),
    ]
}
