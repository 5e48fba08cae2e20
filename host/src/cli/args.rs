//! Command-line arguments, as typed (no I/O here).

use clap::{Args as ClapArgs, Parser, Subcommand};
use std::path::PathBuf;

/// Run payment reversals through sandboxed provider plugins.
#[derive(Debug, Parser)]
#[command(name = "revhost", version, after_help = super::exit::HELP)]
pub struct Args {
    /// The host configuration file.
    #[arg(
        long,
        short,
        global = true,
        env = "REVHOST_CONFIG",
        default_value = "revhost.toml"
    )]
    pub config: PathBuf,
    /// Print machine-readable JSON instead of a table.
    #[arg(long, global = true)]
    pub json: bool,
    /// Also print what the call used (host calls, HTTP requests, time, memory) and plugin logs.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Load plugins that are not signed by a key in trusted_keys (development only).
    #[arg(long, global = true)]
    pub allow_unsigned: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Reverse (refund, void, roll back, cancel) a payment at a provider instance.
    Reverse(ReverseArgs),
    /// Read the state of a reversal at a provider instance.
    Status(StatusArgs),
    /// Inspect, sign and verify plugins.
    #[command(alias = "plugin")]
    Plugins {
        /// What to do with plugins.
        #[command(subcommand)]
        command: PluginsCommand,
    },
}

/// `revhost plugins ...`
#[derive(Debug, Subcommand)]
pub enum PluginsCommand {
    /// List loaded plugins, refused plugins and provider instances.
    List,
    /// Create an ed25519 key pair: <OUT>.key (secret) and <OUT>.pub (for trusted_keys).
    Keygen {
        /// Path prefix of the key files.
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign a plugin directory (its plugin.toml and component) into plugin.sig.
    Sign {
        /// The secret key file.
        #[arg(long)]
        key: PathBuf,
        /// The plugin directory.
        dir: PathBuf,
    },
    /// Verify a plugin directory's signature (against --key, else the config's trusted_keys).
    Verify {
        /// Trusted public key files.
        #[arg(long)]
        key: Vec<PathBuf>,
        /// The plugin directory.
        dir: PathBuf,
    },
}

/// Arguments of `revhost reverse`.
#[derive(Debug, ClapArgs)]
pub struct ReverseArgs {
    /// The provider instance (a name under [instances] in the configuration).
    #[arg(long)]
    pub provider: String,
    /// The provider's payment, order or wallet id.
    #[arg(long)]
    pub payment: String,
    /// Amount to reverse, decimal in major units (e.g. 9.50); omit for the whole amount.
    #[arg(long)]
    pub amount: Option<String>,
    /// Currency of the amount.
    #[arg(long)]
    pub currency: Option<String>,
    /// refund, void, rollback or cancel.
    #[arg(long, default_value = "refund")]
    pub operation: String,
    /// Free-text reason, for providers that take one.
    #[arg(long)]
    pub reason: Option<String>,
    /// Our reference for this reversal; reuse it when retrying. Default: derived from the request.
    #[arg(long)]
    pub reference: Option<String>,
    /// Provider-specific parameter, NAME=VALUE (repeatable; see the plugin's README).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
}

/// Arguments of `revhost status`.
#[derive(Debug, ClapArgs)]
pub struct StatusArgs {
    /// The provider instance.
    #[arg(long)]
    pub provider: String,
    /// The provider's payment, order or wallet id.
    #[arg(long)]
    pub payment: String,
    /// The reference the reversal was sent with.
    #[arg(long)]
    pub reference: Option<String>,
    /// Provider-specific parameter, NAME=VALUE (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
}
