//! Public data types of the Prostodar simulator (also the admin API's JSON).

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

/// One virtual-card issue (a mobile top-up) made by a successful `create`,
/// identified by the `walletId` the create returned and the create's
/// `requestId`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// The `walletId` the create returned.
    pub wallet_id: String,
    /// The create's `requestId`.
    pub request_id: String,
    /// Where the issue is in its life.
    #[serde(default)]
    pub state: IssueState,
    /// When set, the bank answers the next rollbacks of this issue with
    /// `BANK_ERROR` and this message, and nothing changes.
    #[serde(default)]
    pub bank_error: Option<BankError>,
    /// When set, the bank fails to roll the card back
    /// (`CARD_NOT_ROLLED_BACK`), and nothing changes.
    #[serde(default)]
    pub rollback_fails: bool,
}

impl Issue {
    /// A fresh, unconfirmed issue with no injected failure.
    pub fn created(wallet_id: &str, request_id: &str) -> Issue {
        Issue {
            wallet_id: wallet_id.to_owned(),
            request_id: request_id.to_owned(),
            state: IssueState::Created,
            bank_error: None,
            rollback_fails: false,
        }
    }
}

/// The life of an [`Issue`]: `created`, then exactly one of `confirmed`
/// (the partner's commit), `rolled_back` (the partner's rollback) or
/// `auto_declined` (no commit in time). Only `created` can be rolled back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueState {
    /// Issued, waiting for the partner's commit or rollback.
    #[default]
    Created,
    /// The partner confirmed it (commit): the top-up stands.
    Confirmed,
    /// The partner rolled it back.
    RolledBack,
    /// Declined by Prostodar because no commit came.
    AutoDeclined,
}

/// The bank's two documented `BANK_ERROR` answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BankError {
    /// "Generic error": internal bank error.
    Generic,
    /// "Bad request": the bank refused the request's parameters.
    BadRequest,
}

/// Partner-wide switches and settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnerFlags {
    /// The partner account is blocked (`ACCOUNT_IS_BLOCKED`).
    pub account_blocked: bool,
    /// The service is temporarily down (`SERVICE_UNAVAILABLE`).
    pub service_unavailable: bool,
    /// Answer errors with HTTP 200 instead of 400 (the page only documents
    /// the 200 of a success; both must be handled).
    pub errors_with_200: bool,
    /// Source addresses allowed for the partner, replacing the configured
    /// list when set (`NOT_VALID_IP_PARTNER` for any other).
    pub allowed_ips: Option<Vec<IpAddr>>,
}

/// One applied rollback, as recorded in the ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rollback {
    /// The decrypted `walletId`.
    pub wallet_id: String,
    /// The decrypted `requestId`.
    pub request_id: String,
    /// The partner that rolled it back.
    pub partner_name: String,
}

/// A request that reached the rollback endpoint, whatever its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Received {
    /// The query string exactly as received (still URL-encoded).
    pub raw_query: String,
    /// The address the request came from.
    pub source_ip: IpAddr,
    /// The `status` the simulator answered.
    pub status: String,
}
