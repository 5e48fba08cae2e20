//! `cargo xtask demo`: build everything, start the simulator, run real
//! reversals through the `revhost` CLI for every provider, print what happened.

use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::{plugins, target_dir};

/// One provider's part of the demo.
struct Provider {
    /// Instance and plugin name (also the simulator's path prefix).
    name: &'static str,
    /// Extra TOML for `[instances.<name>]` (config and secrets tables).
    instance: &'static str,
    /// Secret values, as environment variables for `revhost`: the
    /// simulator's default credentials.
    env: &'static [(&'static str, &'static str)],
    /// (title, revhost arguments).
    steps: &'static [(&'static str, &'static [&'static str])],
}

const ADDRESS: &str = "address=TK8xDemoRefundAddress";

const PROVIDERS: &[Provider] = &[
    Provider {
        name: "cryptomus",
        instance: "[instances.cryptomus.config]\nbase_url = \"{url}/cryptomus\"\n\
                   merchant = \"8b03432e-385b-4670-8d06-064591096795\"\n\
                   [instances.cryptomus.secrets]\napi_key = { env = \"DEMO_CRYPTOMUS_API_KEY\" }\n",
        env: &[("DEMO_CRYPTOMUS_API_KEY", "sim-cryptomus-api-key")],
        steps: &[
            (
                "refund wallet demo-1 (10.00 blocked)",
                &[
                    "reverse",
                    "--provider",
                    "cryptomus",
                    "--payment",
                    "demo-1",
                    "--param",
                    ADDRESS,
                ],
            ),
            (
                "the same refund again: the provider refunds once",
                &[
                    "reverse",
                    "--provider",
                    "cryptomus",
                    "--payment",
                    "demo-1",
                    "--param",
                    ADDRESS,
                ],
            ),
            (
                "wallet demo-3 has nothing blocked",
                &[
                    "reverse",
                    "--provider",
                    "cryptomus",
                    "--payment",
                    "demo-3",
                    "--param",
                    ADDRESS,
                ],
            ),
            (
                "an address the provider's validation refuses",
                &[
                    "reverse",
                    "--provider",
                    "cryptomus",
                    "--payment",
                    "demo-2",
                    "--param",
                    "address=bad",
                ],
            ),
        ],
    },
    Provider {
        name: "sberbank",
        instance: "[instances.sberbank.config]\nbase_url = \"{url}/sberbank/payment/rest/\"\n\
                   user_name = \"sim-sberbank-api\"\n\
                   [instances.sberbank.secrets]\npassword = { env = \"DEMO_SBERBANK_PASSWORD\" }\n",
        env: &[("DEMO_SBERBANK_PASSWORD", "s1m P@ss&word=+%")],
        steps: &[
            (
                "cancel a held order (status read first, reverse.do once)",
                &[
                    "reverse",
                    "--provider",
                    "sberbank",
                    "--operation",
                    "cancel",
                    "--payment",
                    "5b1c7a0e-d3f2-4a6b-9c8d-000000000001",
                ],
            ),
            (
                "the same cancel again: nothing is sent twice",
                &[
                    "reverse",
                    "--provider",
                    "sberbank",
                    "--operation",
                    "cancel",
                    "--payment",
                    "5b1c7a0e-d3f2-4a6b-9c8d-000000000001",
                ],
            ),
            (
                "an order whose reversal window has closed",
                &[
                    "reverse",
                    "--provider",
                    "sberbank",
                    "--operation",
                    "cancel",
                    "--payment",
                    "5b1c7a0e-d3f2-4a6b-9c8d-000000000004",
                ],
            ),
            (
                "status of an order reversed earlier",
                &[
                    "status",
                    "--provider",
                    "sberbank",
                    "--payment",
                    "5b1c7a0e-d3f2-4a6b-9c8d-000000000003",
                ],
            ),
        ],
    },
    Provider {
        name: "uapay",
        instance: "[instances.uapay.config]\nbase_url = \"{url}/uapay\"\nclient_id = \"sim-uapay-client\"\n\
                   [instances.uapay.secrets]\nkey = { env = \"DEMO_UAPAY_KEY\" }\n",
        env: &[("DEMO_UAPAY_KEY", "sim-uapay-merchant-key")],
        steps: &[
            (
                "initiate a reverse only: it waits to be completed",
                &[
                    "reverse",
                    "--provider",
                    "uapay",
                    "--payment",
                    "a85ee391-46ca-4766-b376-000000000001",
                    "--param",
                    "complete=false",
                ],
            ),
            (
                "its status shows what is left to do",
                &[
                    "status",
                    "--provider",
                    "uapay",
                    "--payment",
                    "a85ee391-46ca-4766-b376-000000000001",
                ],
            ),
            (
                "complete it",
                &[
                    "reverse",
                    "--provider",
                    "uapay",
                    "--payment",
                    "a85ee391-46ca-4766-b376-000000000001",
                    "--param",
                    "action=complete",
                ],
            ),
            (
                "a payment returned earlier",
                &[
                    "reverse",
                    "--provider",
                    "uapay",
                    "--payment",
                    "a85ee391-46ca-4766-b376-000000000003",
                ],
            ),
        ],
    },
];

/// A provider's part, ready to run: instance TOML with the simulator's URL.
struct Part {
    name: &'static str,
    instance: String,
    env: Vec<(String, String)>,
    steps: Vec<(String, Vec<String>)>,
}

fn owned(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| (*a).to_owned()).collect()
}

impl Provider {
    fn part(&self, url: &str) -> Part {
        Part {
            name: self.name,
            instance: self.instance.replace("{url}", url),
            env: self
                .env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            steps: self
                .steps
                .iter()
                .map(|(t, a)| ((*t).to_owned(), owned(a)))
                .collect(),
        }
    }
}

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
    let plugins_dir = plugins::build_alongside(crate::build_host)?;
    let bin = target_dir().join("debug");
    let (sim, url) = start_sim(&bin.join("revhost-sim"))?;
    let demo = target_dir().join("demo");
    std::fs::create_dir_all(&demo)?;
    let config = demo.join("revhost.toml");
    let mut toml = format!(
        "# Written by `cargo xtask demo`: the simulator runs on {url}.\nplugins_dir = \"{}\"\n",
        plugins_dir.display()
    );
    let ip = url
        .trim_start_matches("http://")
        .split(':')
        .next()
        .unwrap_or("127.0.0.1");
    let mut parts: Vec<Part> = PROVIDERS.iter().map(|p| p.part(&url)).collect();
    parts.push(prostodar(&url)?);
    for Part { name, instance, .. } in &parts {
        toml.push_str(&format!(
            "\n[instances.{name}]\nplugin = \"{name}\"\n\
             allow_hosts = [\"{url}\"]   # the simulator, besides the provider's own hosts\n\
             allow_private = [\"{ip}\"]   # loopback is refused unless allowed explicitly\n{instance}"
        ));
    }
    std::fs::write(&config, toml)?;
    println!(
        "\nrevhost demo: simulator at {url}, configuration {}",
        config.display()
    );
    println!(
        "The demo's plugins are built here and unsigned, so revhost runs with --allow-unsigned.\n"
    );
    let revhost = bin.join("revhost");
    let env: Vec<(String, String)> = parts.iter().flat_map(|p| p.env.clone()).collect();
    let mut all_steps = vec![("plugins loaded".to_owned(), owned(&["plugins", "list"]))];
    for p in &parts {
        all_steps.extend(
            p.steps
                .iter()
                .map(|(t, a)| (format!("{}: {t}", p.name), a.clone())),
        );
    }
    for (title, args) in all_steps {
        println!("── {title}");
        println!("$ revhost {}", args.join(" "));
        let status = Command::new(&revhost)
            .arg("--config")
            .arg(&config)
            .arg("--allow-unsigned")
            .args(&args)
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .status()
            .context("cannot run revhost")?;
        println!("(exit code {})\n", status.code().unwrap_or(-1));
    }
    drop(sim);
    println!("demo finished; the simulator was stopped.");
    Ok(())
}

/// Prostodar's part: its instance needs the simulator's RSA public key.
fn prostodar(url: &str) -> Result<Part> {
    let pem = http_get(url, "/__admin/prostodar/public-key")?;
    let instance = format!(
        "[instances.prostodar.config]\nbase_url = \"{url}/prostodar\"\npartner_name = \"sim-partner\"\n\
         public_key = '''\n{}'''\n[instances.prostodar.secrets]\npartner_password = {{ env = \"DEMO_PROSTODAR_PASSWORD\" }}\n",
        pem.trim_end().to_owned() + "\n"
    );
    Ok(Part {
        name: "prostodar",
        instance,
        env: vec![(
            "DEMO_PROSTODAR_PASSWORD".into(),
            "sim-prostodar-password".into(),
        )],
        steps: vec![
            (
                "roll back an unconfirmed top-up (RSA-encrypted by the host)".into(),
                owned(&[
                    "reverse",
                    "--provider",
                    "prostodar",
                    "--operation",
                    "rollback",
                    "--payment",
                    "ZmM2NmYxZjAtNDg2NS00MDlmLTgzZDMtYWY5ZGZjMWNiYjEy",
                    "--param",
                    "request_id=demo-req-1",
                ]),
            ),
            (
                "a top-up whose issue was confirmed".into(),
                owned(&[
                    "reverse",
                    "--provider",
                    "prostodar",
                    "--operation",
                    "rollback",
                    "--payment",
                    "MmIxZTdhOTQtNWMzZC00ZThmLTlhMDYtMWQyYzNiNGE1ZTAy",
                    "--param",
                    "request_id=demo-req-2",
                ]),
            ),
        ],
    })
}

/// A minimal HTTP/1.0 GET on loopback (xtask stays free of HTTP crates).
fn http_get(base: &str, path: &str) -> Result<String> {
    let addr = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).with_context(|| format!("cannot reach {addr}"))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n")?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    match text.split_once("\r\n\r\n") {
        Some((head, body))
            if head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200") =>
        {
            Ok(body.to_owned())
        }
        _ => bail!("GET {path}: unexpected answer {:?}", text.lines().next()),
    }
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
