//! The simulated providers, one module each.
//!
//! Every provider is mounted under its own path prefix (`/cryptomus/...`) and
//! contributes a `Mount`: its API router, its admin router (mounted at
//! `/__admin/<name>/...`) and the bodies the fault hook uses for the
//! provider-specific fault answers. Adding a provider (Sberbank, UAPAY,
//! Prostodar) means: a sibling module, a field in `Providers`, an entry in
//! `Providers::mounts` and [`NAMES`], a config struct in [`crate::SimConfig`].

pub mod cryptomus;
pub mod hostile;
pub mod prostodar;
pub mod sberbank;
pub mod uapay;

use axum::Router;
use axum::response::Response;

use crate::SimConfig;
use cryptomus::CryptomusSim;
use prostodar::ProstodarSim;
use sberbank::SberbankSim;
use uapay::UapaySim;

/// Path-prefix names of every simulated provider.
pub const NAMES: &[&str] = &[
    cryptomus::NAME,
    sberbank::NAME,
    uapay::NAME,
    prostodar::NAME,
];

/// What one provider contributes to the HTTP server.
pub(crate) struct Mount {
    /// Path prefix, without slashes.
    pub name: &'static str,
    /// The provider's API, relative to `/<name>`.
    pub api: Router,
    /// The provider's admin API, relative to `/__admin/<name>`.
    pub admin: Router,
    /// The provider's answer to an internal error (used by `Status500`).
    pub internal_error: fn() -> Response,
    /// A truncated, unparsable success answer (used by `Malformed`).
    pub malformed: fn() -> Response,
}

/// The state of every simulated provider.
#[derive(Clone)]
pub(crate) struct Providers {
    /// Cryptomus.
    pub cryptomus: CryptomusSim,
    /// Sberbank.
    pub sberbank: SberbankSim,
    /// UAPAY.
    pub uapay: UapaySim,
    /// Prostodar.
    pub prostodar: ProstodarSim,
}

impl Providers {
    /// Fresh provider states from the configuration.
    pub fn new(config: SimConfig) -> Providers {
        Providers {
            cryptomus: CryptomusSim::new(config.cryptomus),
            sberbank: SberbankSim::new(config.sberbank),
            uapay: UapaySim::new(config.uapay),
            prostodar: ProstodarSim::new(config.prostodar),
        }
    }

    /// The routers and fault bodies of every provider.
    pub fn mounts(&self) -> Vec<Mount> {
        vec![
            self.cryptomus.mount(),
            self.sberbank.mount(),
            self.uapay.mount(),
            self.prostodar.mount(),
            hostile::mount(),
        ]
    }
}

/// Compare a presented credential with the expected one in time that does not
/// depend on where they differ (a simulator should not teach timing leaks).
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
