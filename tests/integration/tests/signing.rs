//! Plugin signing: only plugins signed by a trusted key load, and a signature
//! covers the manifest (allowed hosts, secrets, limits) and the component.

use revhost_tests::{Host, Run, revhost_bin};
use serde_json::Value;
use std::path::{Path, PathBuf};

async fn revhost(args: &[&str]) -> Run {
    let out = tokio::process::Command::new(revhost_bin())
        .args(args)
        .output()
        .await
        .unwrap();
    Run::from(out)
}

/// A key pair in `dir`; returns (secret, public).
async fn keygen(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    let prefix = dir.join(name);
    let r = revhost(&["plugin", "keygen", "--out", prefix.to_str().unwrap()]).await;
    assert_eq!(r.code, 0, "{r:?}");
    (prefix.with_extension("key"), prefix.with_extension("pub"))
}

async fn sign(plugin_dir: &Path, key: &Path) {
    let r = revhost(&[
        "plugin",
        "sign",
        "--key",
        key.to_str().unwrap(),
        plugin_dir.to_str().unwrap(),
    ])
    .await;
    assert_eq!(r.code, 0, "{r:?}");
}

fn host(trusted: &[PathBuf]) -> Host {
    Host::new()
        .with_plugin("hostile")
        .with_instance(
            "h",
            "plugin = \"hostile\"\n[instances.h.secrets]\nown_key = { env = \"K\" }",
        )
        .with_env("K", "k")
        .trusting(trusted)
}

async fn list(host: &Host) -> Value {
    let (code, v) = host.json(&["plugins", "list"]).await;
    assert_eq!(code, 0, "{v}");
    v
}

fn refusal(v: &Value) -> String {
    v["refused"][0]["error"]
        .as_str()
        .unwrap_or_else(|| panic!("not refused: {v}"))
        .to_owned()
}

#[tokio::test]
async fn a_signed_plugin_loads_and_runs() {
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "ops").await;
    let host = host(std::slice::from_ref(&public));
    sign(&host.plugins_dir().join("hostile"), &secret).await;
    let v = list(&host).await;
    assert!(
        v["plugins"][0]["signed_by"]
            .as_str()
            .unwrap()
            .ends_with("ops.pub"),
        "{v}"
    );
    let (code, v) = host
        .json(&[
            "reverse",
            "--provider",
            "h",
            "--payment",
            "p",
            "--param",
            "mode=ok",
        ])
        .await;
    assert_eq!(code, 0, "{v}");
    let r = revhost(&[
        "plugin",
        "verify",
        "--key",
        public.to_str().unwrap(),
        host.plugins_dir().join("hostile").to_str().unwrap(),
    ])
    .await;
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("signature valid"), "{r:?}");
}

#[tokio::test]
async fn an_unsigned_plugin_is_refused_without_allow_unsigned() {
    let keys = tempfile::tempdir().unwrap();
    let (_, public) = keygen(keys.path(), "ops").await;
    let v = list(&host(&[public])).await;
    assert!(refusal(&v).contains("it is not signed"), "{v}");
    assert!(v["plugins"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_manifest_edited_after_signing_is_refused() {
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "ops").await;
    let host = host(&[public]);
    let dir = host.plugins_dir().join("hostile");
    sign(&dir, &secret).await;
    let manifest = std::fs::read_to_string(dir.join("plugin.toml")).unwrap();
    let widened = manifest.replace(
        "allowed_hosts = []",
        "allowed_hosts = [\"https://evil.example.com\"]",
    );
    assert_ne!(manifest, widened);
    std::fs::write(dir.join("plugin.toml"), widened).unwrap();
    let v = list(&host).await;
    assert!(refusal(&v).contains("signature does not match"), "{v}");
}

#[tokio::test]
async fn a_component_swapped_after_signing_is_refused_even_with_allow_unsigned() {
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "ops").await;
    let host = host(&[public]);
    let dir = host.plugins_dir().join("hostile");
    sign(&dir, &secret).await;
    let mut wasm = std::fs::read(dir.join("hostile.wasm")).unwrap();
    wasm.push(0);
    std::fs::write(dir.join("hostile.wasm"), wasm).unwrap();
    assert!(refusal(&list(&host).await).contains("signature does not match"));
    let r = revhost(&[
        "--config",
        host.config_path().to_str().unwrap(),
        "--allow-unsigned",
        "--json",
        "plugins",
        "list",
    ])
    .await;
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(refusal(&v).contains("signature does not match"), "{v}");
}

#[tokio::test]
async fn a_plugin_signed_by_an_untrusted_key_is_refused() {
    let keys = tempfile::tempdir().unwrap();
    let (_, trusted) = keygen(keys.path(), "ops").await;
    let (other_secret, _) = keygen(keys.path(), "stranger").await;
    let host = host(&[trusted]);
    sign(&host.plugins_dir().join("hostile"), &other_secret).await;
    assert!(refusal(&list(&host).await).contains("not in this host's trusted_keys"));
}
