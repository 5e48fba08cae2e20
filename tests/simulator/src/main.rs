//! `revhost-sim`: runs the provider simulator on a TCP address.
//!
//! Prints exactly one line on stdout, `revhost-sim listening on http://ADDR`,
//! then serves until SIGINT or SIGTERM. Logs go to stderr (`RUST_LOG`).

use std::io::{IsTerminal as _, Write as _};
use std::net::SocketAddr;

use anyhow::Context as _;
use clap::Parser;
use revhost_sim::providers::cryptomus::{DEFAULT_API_KEY, DEFAULT_MERCHANT};
use revhost_sim::{CryptomusConfig, SimConfig, Simulator};
use tracing_subscriber::EnvFilter;

/// Loopback simulator of the payment providers used by revhost plugins.
#[derive(Parser, Debug)]
#[command(name = "revhost-sim", version, about)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Cryptomus merchant uuid expected in the `merchant` header.
    #[arg(long, default_value = DEFAULT_MERCHANT)]
    cryptomus_merchant: String,
    /// Cryptomus API key used to check the `sign` header.
    #[arg(long, env = "SIM_CRYPTOMUS_API_KEY", default_value = DEFAULT_API_KEY, hide_env_values = true)]
    cryptomus_api_key: String,
    /// Add the demo wallets (Cryptomus order ids demo-1, demo-2, demo-3).
    #[arg(long)]
    seed_demo: bool,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();

    let config = SimConfig {
        cryptomus: CryptomusConfig {
            merchant: args.cryptomus_merchant,
            api_key: args.cryptomus_api_key,
        },
        ..SimConfig::default()
    };
    let sim = Simulator::start(args.listen, config).await?;
    if args.seed_demo {
        sim.cryptomus().seed_demo();
        sim.sberbank().seed_demo();
        sim.uapay().seed_demo();
        sim.prostodar().seed_demo();
        tracing::info!("demo wallets added");
    }

    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "revhost-sim listening on http://{}", sim.addr())
        .and_then(|()| stdout.flush())
        .context("cannot write to stdout")?;
    drop(stdout);

    wait_for_signal().await?;
    tracing::info!("shutting down");
    sim.shutdown().await;
    Ok(())
}

async fn wait_for_signal() -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result.context("cannot watch SIGINT")?,
        _ = term.recv() => {}
    }
    Ok(())
}
