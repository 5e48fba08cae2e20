//! `revhost-sim`: a loopback simulator of the payment providers revhost's
//! plugins talk to, with fault injection.
//!
//! It is an independent implementation of each provider's documented
//! behaviour (it shares no code with the plugins) served over real HTTP, for
//! the integration tests and the demo. Each provider lives under its own path
//! prefix ([`Simulator::base_url`]):
//!
//! - Cryptomus at `/cryptomus` (see [`providers::cryptomus`]),
//! - Sberbank at `/sberbank/payment/rest` (see [`providers::sberbank`]),
//! - UAPAY at `/uapay/api` (see [`providers::uapay`]),
//! - Prostodar at `/prostodar/partner/vc/mobile` (see [`providers::prostodar`]),
//! - hostile answers no provider should give at `/hostile/<kind>` (see
//!   [`providers::hostile`]).
//!
//! Tests drive the state in-process ([`Simulator::cryptomus`],
//! [`Simulator::sberbank`], [`Simulator::uapay`], [`Simulator::prostodar`],
//! [`Simulator::faults`]); the same state is also reachable over HTTP through
//! the admin API under `/__admin`, which is what the `revhost-sim` binary's
//! users (the demo, CLI-driven tests) use.
//!
//! Admin API (JSON):
//!
//! - `GET /__admin/health`
//! - `POST /__admin/faults` with a [`Fault`], e.g.
//!   `{"provider":"cryptomus","kind":{"type":"drop_after"},"times":1}`;
//!   `GET`/`DELETE /__admin/faults`
//! - `POST /__admin/cryptomus/wallets` with a [`Wallet`] → 201;
//!   `GET /__admin/cryptomus/wallets/{uuid_or_order_id}`
//! - `POST /__admin/cryptomus/merchant` with [`MerchantFlags`]
//! - `GET /__admin/cryptomus/ledger` → `[Refund]`
//! - each other provider's own routes under `/__admin/<provider>/` (see its module)
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use revhost_sim::{Fault, FaultKind, SimConfig, Simulator, Wallet, WalletState};
//!
//! let sim = Simulator::start("127.0.0.1:0".parse()?, SimConfig::default()).await?;
//! sim.cryptomus().add_wallet(Wallet {
//!     uuid: "11111111-1111-4111-8111-111111111111".into(),
//!     order_id: Some("order-1".into()),
//!     blocked_amount: "10.00".into(),
//!     commission: "0.50".into(),
//!     min_amount: "1.00".into(),
//!     state: WalletState::Blocked,
//!     service_enabled: true,
//! });
//! sim.faults().push(Fault { provider: "cryptomus".into(), kind: FaultKind::DropAfter, times: 1 });
//! let endpoint = format!("{}/v1/wallet/blocked-address-refund", sim.base_url("cryptomus"));
//! # let _ = endpoint;
//! sim.shutdown().await;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod admin;
pub mod faults;
mod money;
pub mod providers;
mod server;

use std::net::SocketAddr;

use anyhow::Context as _;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use faults::{Fault, FaultKind, Faults};
pub use providers::cryptomus::{
    CryptomusConfig, CryptomusSim, MerchantFlags, Refund, Wallet, WalletError, WalletState,
};

use providers::Providers;

/// Configuration of every simulated provider.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimConfig {
    /// Cryptomus merchant credentials.
    pub cryptomus: CryptomusConfig,
    /// Sberbank merchant credentials.
    pub sberbank: providers::sberbank::SberbankConfig,
    /// UAPAY client credentials.
    pub uapay: providers::uapay::UapayConfig,
    /// Prostodar partner credentials.
    pub prostodar: providers::prostodar::ProstodarConfig,
}

/// Handle on a running simulator. Dropping it stops the server as well;
/// [`Simulator::shutdown`] also waits until it has stopped.
pub struct Simulator {
    addr: SocketAddr,
    providers: Providers,
    faults: Faults,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl Simulator {
    /// Binds `addr` (port 0 picks a free port) and serves on the current
    /// tokio runtime until shut down.
    pub async fn start(addr: SocketAddr, config: SimConfig) -> anyhow::Result<Simulator> {
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let addr = listener.local_addr().context("no local address")?;
        let providers = Providers::new(config);
        let faults = Faults::new();
        let app = server::app(&providers, &faults);
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(server::serve(listener, app, stopped));
        tracing::info!(%addr, "simulator listening");
        Ok(Simulator {
            addr,
            providers,
            faults,
            stop,
            task: Some(task),
        })
    }

    /// The address actually bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Base URL of a provider's API, e.g. `http://127.0.0.1:PORT/cryptomus`.
    pub fn base_url(&self, provider: &str) -> String {
        format!("http://{}/{provider}", self.addr)
    }

    /// Base URL of the admin API, `http://127.0.0.1:PORT/__admin`.
    pub fn admin_url(&self) -> String {
        format!("http://{}/__admin", self.addr)
    }

    /// The Cryptomus state (the same state the server and admin API use).
    pub fn cryptomus(&self) -> &CryptomusSim {
        &self.providers.cryptomus
    }

    /// The Sberbank state.
    pub fn sberbank(&self) -> &providers::sberbank::SberbankSim {
        &self.providers.sberbank
    }

    /// The UAPAY state.
    pub fn uapay(&self) -> &providers::uapay::UapaySim {
        &self.providers.uapay
    }

    /// The Prostodar state.
    pub fn prostodar(&self) -> &providers::prostodar::ProstodarSim {
        &self.providers.prostodar
    }

    /// The fault queue shared by all providers.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Stops accepting, closes every open connection and waits for the
    /// server task to finish.
    pub async fn shutdown(mut self) {
        self.stop.send_replace(true);
        if let Some(task) = self.task.take()
            && let Err(e) = task.await
            && e.is_panic()
        {
            tracing::error!(error = %e, "simulator server task panicked");
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}
