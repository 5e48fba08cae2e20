//! `cargo xtask demo`: build everything, start the simulator, run real
//! reversals through the `revhost` CLI, print what happened.

use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::{cargo, plugins, target_dir};

/// The simulator's default Cryptomus credentials (see revhost-sim).
const CRYPTOMUS_MERCHANT: &str = "8b03432e-385b-4670-8d06-064591096795";
const CRYPTOMUS_API_KEY: &str = "sim-cryptomus-api-key";

/// Kills the simulator when the demo ends, however it ends.
struct Sim(Child);

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Run the demo.
pub fn run() -> Result<()> {
    let plugins_dir = plugins::build()?;
    cargo(&["build", "--bin", "revhost", "--bin", "revhost-sim"])?;
    let bin = target_dir().join("debug");
    let (sim, url) = start_sim(&bin.join("revhost-sim"))?;
    let demo = target_dir().join("demo");
    std::fs::create_dir_all(&demo)?;
    let config = demo.join("revhost.toml");
    let addr = url.trim_start_matches("http://");
    std::fs::write(
        &config,
        format!(
            r#"# Written by `cargo xtask demo`: the simulator runs on {url}.
plugins_dir = "{plugins}"

[instances.cryptomus]
plugin = "cryptomus"
allow_hosts = ["{url}"]          # the simulator, in addition to api.cryptomus.com
allow_private = ["{ip}"]          # loopback is refused unless allowed explicitly
[instances.cryptomus.config]
base_url = "{url}/cryptomus"
merchant = "{CRYPTOMUS_MERCHANT}"
[instances.cryptomus.secrets]
api_key = {{ env = "DEMO_CRYPTOMUS_API_KEY" }}
"#,
            plugins = plugins_dir.display(),
            ip = addr.split(':').next().unwrap_or("127.0.0.1"),
        ),
    )?;
    println!(
        "\nrevhost demo — simulator at {url}, config {}",
        config.display()
    );
    println!(
        "The demo's plugins are built here and unsigned: revhost runs with --allow-unsigned.\n"
    );
    let revhost = bin.join("revhost");
    let address = "param=address=TK8xDemoRefundAddress";
    let steps: &[(&str, &[&str])] = &[
        ("Plugins loaded", &["plugins", "list"]),
        (
            "Cryptomus: refund wallet demo-1 (10.00 blocked)",
            &[
                "reverse",
                "--provider",
                "cryptomus",
                "--payment",
                "demo-1",
                address,
            ],
        ),
        (
            "Cryptomus: the same refund again (the provider refunds once)",
            &[
                "reverse",
                "--provider",
                "cryptomus",
                "--payment",
                "demo-1",
                address,
            ],
        ),
        (
            "Cryptomus: wallet demo-2 was refunded earlier",
            &[
                "reverse",
                "--provider",
                "cryptomus",
                "--payment",
                "demo-2",
                address,
            ],
        ),
        (
            "Cryptomus: wallet demo-3 has nothing blocked",
            &[
                "reverse",
                "--provider",
                "cryptomus",
                "--payment",
                "demo-3",
                address,
            ],
        ),
        (
            "Cryptomus: an address the provider's validation refuses",
            &[
                "reverse",
                "--provider",
                "cryptomus",
                "--payment",
                "demo-1",
                "--param",
                "address=bad",
            ],
        ),
        (
            "Cryptomus: the same refund as JSON, with resource usage",
            &[
                "--json",
                "-v",
                "reverse",
                "--provider",
                "cryptomus",
                "--payment",
                "demo-1",
                address,
            ],
        ),
    ];
    for (title, args) in steps {
        println!("── {title}");
        let args: Vec<String> = args
            .iter()
            .flat_map(|a| match a.strip_prefix("param=") {
                Some(p) => vec!["--param".to_owned(), p.to_owned()],
                None => vec![(*a).to_owned()],
            })
            .collect();
        println!("$ revhost {}", args.join(" "));
        let status = Command::new(&revhost)
            .arg("--config")
            .arg(&config)
            .arg("--allow-unsigned")
            .args(&args)
            .env("DEMO_CRYPTOMUS_API_KEY", CRYPTOMUS_API_KEY)
            .status()
            .context("cannot run revhost")?;
        println!("(exit code {})\n", status.code().unwrap_or(-1));
    }
    drop(sim);
    println!("demo finished; the simulator was stopped.");
    Ok(())
}

/// Start `revhost-sim` on a free loopback port; return it and its base URL.
fn start_sim(bin: &Path) -> Result<(Sim, String)> {
    let mut child = Command::new(bin)
        .args(["--listen", "127.0.0.1:0", "--seed-demo"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .env("RUST_LOG", "warn")
        .spawn()
        .with_context(|| format!("cannot start {}", bin.display()))?;
    let stdout = child.stdout.take().context("simulator stdout")?;
    let sim = Sim(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    match line.trim().strip_prefix("revhost-sim listening on ") {
        Some(url) => Ok((sim, url.to_owned())),
        None => bail!("the simulator did not start: {line:?}"),
    }
}
