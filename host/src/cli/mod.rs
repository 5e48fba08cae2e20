//! The `revhost` command line: arguments → validated requests → registry →
//! printed result and exit code.

pub mod args;
pub mod exit;
mod print;

use anyhow::{Context, Result, bail};
use revhost::plugins::signature;
use revhost::{HostConfig, HostOptions, Registry, ReverseRequest, StatusRequest};

use args::{Args, Command, PluginsCommand};

/// Log to stderr; `RUST_LOG` wins, else warnings (info with `--verbose`).
pub fn init_logging(verbose: bool) {
    let default = if verbose { "info" } else { "warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Run a command; the result is the process exit code.
pub fn run(args: Args) -> Result<u8> {
    let load_config = || {
        HostConfig::load(&args.config).with_context(|| {
            format!(
                "cannot use configuration {} (set --config or REVHOST_CONFIG)",
                args.config.display()
            )
        })
    };
    if let Command::Plugins { command } = &args.command {
        match command {
            PluginsCommand::List => {}
            PluginsCommand::Keygen { out } => {
                let (secret, public) = signature::keygen(out)
                    .with_context(|| format!("cannot write keys at {}", out.display()))?;
                println!("secret key {} (keep it private)", secret.display());
                println!("public key {} (add it to trusted_keys)", public.display());
                return Ok(0);
            }
            PluginsCommand::Sign { key, dir } => {
                let public = signature::sign(dir, key)?;
                println!(
                    "signed {} with key {}",
                    dir.display(),
                    hex::encode(public.to_bytes())
                );
                return Ok(0);
            }
            PluginsCommand::Verify { key, dir } => {
                let files = if key.is_empty() {
                    load_config()?.trusted_keys
                } else {
                    key.clone()
                };
                let trusted = files
                    .iter()
                    .map(|f| signature::read_public_key(f))
                    .collect::<Result<Vec<_>, _>>()?;
                let by = signature::verify(dir, &trusted)
                    .with_context(|| format!("plugin {} is not acceptable", dir.display()))?;
                println!(
                    "{}: signature valid, signed by {}",
                    dir.display(),
                    by.source.display()
                );
                return Ok(0);
            }
        }
    }
    let config = load_config()?;
    let options = HostOptions {
        allow_unsigned: args.allow_unsigned,
        ..HostOptions::default()
    };
    let registry = Registry::load(&config, &options)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    match args.command {
        Command::Plugins { .. } => {
            print::plugins(&registry, args.json);
            Ok(0)
        }
        Command::Reverse(a) => {
            let request = ReverseRequest {
                payment_ref: a.payment,
                reference: a.reference,
                operation: a.operation.parse().map_err(anyhow::Error::msg)?,
                amount: a.amount,
                currency: a.currency,
                reason: a.reason,
                params: parse_params(&a.params)?,
            };
            let reference = request.reference_for(&a.provider);
            let report = runtime.block_on(registry.reverse(&a.provider, &request))?;
            print::report(&a.provider, &reference, &report, args.json, args.verbose);
            Ok(code(&report))
        }
        Command::Status(a) => {
            let request = StatusRequest {
                payment_ref: a.payment,
                reference: a.reference,
                params: parse_params(&a.params)?,
            };
            let reference = request.reference_for(&a.provider);
            let report = runtime.block_on(registry.status(&a.provider, &request))?;
            print::report(&a.provider, &reference, &report, args.json, args.verbose);
            Ok(code(&report))
        }
    }
}

fn code(report: &revhost::CallReport) -> u8 {
    match &report.result {
        Ok(o) => exit::of_outcome(o.kind),
        Err(e) => exit::of_error(e.class),
    }
}

fn parse_params(raw: &[String]) -> Result<Vec<(String, String)>> {
    raw.iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
            _ => bail!("--param {p:?} must be NAME=VALUE"),
        })
        .collect()
}
