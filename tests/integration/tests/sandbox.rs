//! The sandbox boundary: a misbehaving plugin gets a typed error and the host
//! keeps serving; plugins are loaded, refused and added at run time.

use revhost::{HostConfig, HostOptions, Registry, ReverseRequest};
use revhost_tests::{Host, copy_dir, plugin_dir, revhost_bin};
use serde_json::Value;

fn hostile_host() -> Host {
    Host::new()
        .with_plugin("hostile")
        .with_plugin("cryptomus")
        .with_instance(
            "h",
            "plugin = \"hostile\"\n[instances.h.secrets]\nown_key = { env = \"HOSTILE_OWN_KEY\" }",
        )
        .with_instance(
            "c",
            "plugin = \"cryptomus\"\n[instances.c.config]\nbase_url = \"https://api.cryptomus.com\"\n\
             merchant = \"m\"\n[instances.c.secrets]\napi_key = { env = \"CRYPTOMUS_KEY\" }",
        )
        .with_env("HOSTILE_OWN_KEY", "own-secret")
        .with_env("CRYPTOMUS_KEY", "the-cryptomus-secret")
}

async fn hostile(host: &Host, mode: &str, extra: &[&str]) -> (i32, Value) {
    let mode = format!("mode={mode}");
    let mut args = vec![
        "reverse",
        "--provider",
        "h",
        "--payment",
        "p",
        "--param",
        &mode,
    ];
    for e in extra {
        args.extend(["--param", e]);
    }
    host.json(&args).await
}

fn error(v: &Value) -> (&str, &str) {
    (
        v["error"]["class"]
            .as_str()
            .unwrap_or_else(|| panic!("no error in {v}")),
        v["error"]["message"].as_str().unwrap(),
    )
}

#[tokio::test]
async fn host_outside_the_allowlist_is_denied() {
    let (code, v) = hostile(&hostile_host(), "deny-host", &[]).await;
    let (class, msg) = error(&v);
    assert_eq!((code, class), (10, "not-attempted"), "{v}");
    assert!(
        msg.contains("evil.example.com:443 is not on this instance's allowlist"),
        "{v}"
    );
}

#[tokio::test]
async fn allowed_origin_on_a_loopback_address_is_denied_unless_allowed_private() {
    let host = Host::new()
        .with_plugin("hostile")
        .with_instance(
            "h",
            "plugin = \"hostile\"\nallow_hosts = [\"http://127.0.0.1:9\"]\n\
         [instances.h.secrets]\nown_key = { env = \"K\" }",
        )
        .with_env("K", "k");
    let (code, v) = hostile(&host, "url", &["url=http://127.0.0.1:9/x"]).await;
    let (class, msg) = error(&v);
    assert_eq!((code, class), (10, "not-attempted"), "{v}");
    assert!(msg.contains("127.0.0.1 is loopback"), "{v}");
}

#[tokio::test]
async fn a_plugin_cannot_reference_another_instances_secret() {
    let host = hostile_host();
    // Its own secret works (the digest comes back, one-way)...
    let (code, v) = hostile(&host, "secret", &["name=own_key"]).await;
    assert_eq!(code, 0, "{v}");
    // ...the Cryptomus instance's does not, though both run in one host.
    let (code, v) = hostile(&host, "secret", &["name=api_key"]).await;
    assert_eq!(code, 14, "{v}");
    assert!(error(&v).1.contains("UnknownSecret(\"api_key\")"), "{v}");
}

#[tokio::test]
async fn an_endless_loop_is_stopped_at_the_cpu_limit() {
    let host = hostile_host();
    let started = std::time::Instant::now();
    let (code, v) = hostile(&host, "loop", &[]).await;
    let (class, msg) = error(&v);
    assert_eq!((code, class), (10, "not-attempted"), "{v}");
    assert!(msg.contains("CPU-time limit of 300 ms"), "{v}");
    assert!(started.elapsed().as_secs() < 10);
    let (code, v) = hostile(&host, "ok", &[]).await;
    assert_eq!(code, 0, "the next call works: {v}");
}

#[tokio::test]
async fn a_panic_is_a_trap_with_a_clear_message() {
    let (code, v) = hostile(&hostile_host(), "panic", &[]).await;
    assert_eq!(code, 10, "{v}");
    assert!(error(&v).1.contains("the plugin panicked"), "{v}");
    assert_eq!(v["error"]["fault"]["kind"], "trap");
}

#[tokio::test]
async fn memory_growth_stops_at_the_memory_limit() {
    let (code, v) = hostile(&hostile_host(), "memory", &[]).await;
    assert_eq!(code, 10, "{v}");
    assert!(error(&v).1.contains("memory limit of 32 MiB"), "{v}");
    assert_eq!(v["error"]["fault"]["kind"], "limit");
}

#[tokio::test]
async fn flooding_host_calls_stops_at_the_host_call_limit() {
    let (code, v) = hostile(&hostile_host(), "flood", &[]).await;
    assert_eq!(code, 10, "{v}");
    assert!(error(&v).1.contains("more than 1000 host calls"), "{v}");
}

/// A registry (in-process host) with the hostile plugin as instance `h`.
fn registry(limits: &str) -> (Host, Registry) {
    let host = Host::new().with_plugin("hostile").with_instance(
        "h",
        &format!(
            "plugin = \"hostile\"\n[instances.h.secrets]\nown_key = {{ file = \"own.key\" }}\n\
             [instances.h.limits]\n{limits}"
        ),
    );
    std::fs::write(host.dir.path().join("own.key"), "k\n").unwrap();
    let config = HostConfig::load(&host.config_path()).unwrap();
    let options = HostOptions {
        allow_unsigned: true,
        ..HostOptions::default()
    };
    let registry = Registry::load(&config, &options).unwrap();
    (host, registry)
}

fn mode(mode: &str) -> ReverseRequest {
    let mut r = ReverseRequest::refund("p");
    r.params = vec![("mode".into(), mode.into())];
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_misbehaviour_is_contained_while_normal_calls_succeed_alongside_and_after() {
    let (_host, registry) = registry("");
    let ok = mode("ok");
    for (bad, fault, needle) in [
        ("loop", "limit", "CPU-time limit"),
        ("panic", "trap", "panicked"),
        ("memory", "limit", "memory limit"),
        ("recursion", "trap", ""),
        ("flood", "limit", "host calls"),
        ("huge-output", "contract", "bytes of text"),
        ("bad-utf8", "trap", "utf-8"),
    ] {
        let request = mode(bad);
        let (bad_report, alongside) =
            tokio::join!(registry.reverse("h", &request), registry.reverse("h", &ok));
        let err = bad_report.unwrap().result.expect_err(bad);
        assert_eq!(err.class, revhost::ErrorClass::NotAttempted, "{bad}: {err}");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["fault"]["kind"], fault, "{bad}: {json}");
        assert!(err.message.contains(needle), "{bad}: {err}");
        assert!(alongside.unwrap().result.is_ok(), "alongside {bad}");
        let after = registry.reverse("h", &ok).await.unwrap();
        assert!(after.result.is_ok(), "after {bad}: {:?}", after.result);
    }
}

#[tokio::test]
async fn plugins_list_shows_manifest_facts() {
    let (code, v) = hostile_host().json(&["plugins", "list"]).await;
    assert_eq!(code, 0);
    let c = v["plugins"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "cryptomus")
        .unwrap();
    assert_eq!(c["api"], "revhost:provider@0.1.0");
    assert_eq!(c["allowed_hosts"][0], "https://api.cryptomus.com");
    assert_eq!(c["secrets"][0], "api_key");
    assert_eq!(c["limits"]["memory_mib"], 32);
}

fn refused_reason(v: &Value, dir: &str) -> String {
    v["refused"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["dir"].as_str().unwrap().ends_with(dir))
        .unwrap_or_else(|| panic!("{dir} not refused: {v}"))["error"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn malformed_components_are_refused_at_load_with_the_reason() {
    let host = Host::new().with_plugin("cryptomus");
    let plugins = host.plugins_dir();
    let manifest = std::fs::read_to_string(plugins.join("cryptomus/plugin.toml")).unwrap();
    let add = |dir: &str, manifest: &str, wasm: &[u8]| {
        std::fs::create_dir_all(plugins.join(dir)).unwrap();
        let m = manifest.replace("name = \"cryptomus\"", &format!("name = \"{dir}\""));
        std::fs::write(plugins.join(dir).join("plugin.toml"), m).unwrap();
        std::fs::write(plugins.join(dir).join("cryptomus.wasm"), wasm).unwrap();
    };
    add("garbage", &manifest, b"this is not wasm at all");
    add("core", &manifest, &[0, b'a', b's', b'm', 1, 0, 0, 0]);
    let other_api = manifest.replace("@0.1.0", "@0.9.0");
    let real = std::fs::read(plugins.join("cryptomus/cryptomus.wasm")).unwrap();
    add("future", &other_api, &real);
    add("truncated", &manifest, &real[..real.len() / 2]);
    let (code, v) = host.json(&["plugins", "list"]).await;
    assert_eq!(code, 0, "{v}");
    assert!(
        refused_reason(&v, "garbage").contains("bad magic number"),
        "{v}"
    );
    assert!(
        refused_reason(&v, "core").contains("core WebAssembly module"),
        "{v}"
    );
    assert!(
        refused_reason(&v, "future").contains("0.9.0 is not supported"),
        "{v}"
    );
    assert!(
        refused_reason(&v, "truncated").contains("not a valid WebAssembly component"),
        "{v}"
    );
    assert_eq!(
        v["plugins"].as_array().unwrap().len(),
        1,
        "the good plugin still loads"
    );
}

#[tokio::test]
async fn a_plugin_dropped_into_the_directory_is_used_without_rebuilding_the_host() {
    let bin = revhost_bin();
    let built_at = std::fs::metadata(&bin).unwrap().modified().unwrap();
    let host = Host::new()
        .with_instance(
            "h",
            "plugin = \"hostile\"\n[instances.h.secrets]\nown_key = { env = \"K\" }",
        )
        .with_env("K", "k");
    let r = host
        .run(&["reverse", "--provider", "h", "--payment", "p"])
        .await;
    assert_eq!(r.code, 2, "no plugin yet: {r:?}");
    assert!(
        r.stderr
            .contains("plugin \"hostile\" is not in the plugins directory"),
        "{r:?}"
    );
    copy_dir(&plugin_dir("hostile"), &host.plugins_dir().join("hostile"));
    let (code, v) = hostile(&host, "ok", &[]).await;
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["outcome"]["kind"], "succeeded");
    assert_eq!(
        std::fs::metadata(&bin).unwrap().modified().unwrap(),
        built_at
    );
}

#[tokio::test]
async fn an_instance_missing_its_secret_says_which_variable() {
    let host = Host::new()
        .with_plugin("hostile")
        .with_instance("h", "plugin = \"hostile\"\n[instances.h.secrets]\nown_key = { env = \"REVHOST_TEST_NEVER_SET\" }");
    let r = host
        .run(&["reverse", "--provider", "h", "--payment", "p"])
        .await;
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("environment variable REVHOST_TEST_NEVER_SET is not set"),
        "{r:?}"
    );
}

#[tokio::test]
async fn a_component_importing_files_or_clocks_is_refused_naming_the_imports() {
    let host = Host::new().with_plugin("snoop");
    let (_, v) = host.json(&["plugins", "list"]).await;
    let why = refused_reason(&v, "snoop");
    assert!(why.contains("wasi:filesystem/preopens"), "{why}");
    assert!(why.contains("wasi:clocks/wall-clock"), "{why}");
}

/// A host whose hostile instance may reach `origin` (but no private address).
fn host_allowing(origin: &str) -> Host {
    Host::new()
        .with_plugin("hostile")
        .with_instance(
            "h",
            &format!(
                "plugin = \"hostile\"\nallow_hosts = [\"{origin}\"]\n\
                 [instances.h.secrets]\nown_key = {{ env = \"K\" }}"
            ),
        )
        .with_env("K", "k")
}

#[tokio::test]
async fn ip_literals_loopback_and_metadata_addresses_are_denied() {
    for origin in [
        "http://127.0.0.1:9",
        "http://[::1]:9",
        "http://169.254.169.254",
        "http://10.1.2.3:8080",
        "http://0.0.0.0:9",
    ] {
        let (code, v) = hostile(&host_allowing(origin), "url", &[&format!("url={origin}/x")]).await;
        let (class, msg) = error(&v);
        assert_eq!((code, class), (10, "not-attempted"), "{origin}: {v}");
        assert!(
            msg.contains("not allowed for this instance"),
            "{origin}: {v}"
        );
    }
}

#[tokio::test]
async fn a_name_resolving_to_loopback_is_denied_by_the_resolver() {
    let (code, v) = hostile(
        &host_allowing("http://localhost:9"),
        "url",
        &["url=http://localhost:9/x"],
    )
    .await;
    let (class, msg) = error(&v);
    assert_eq!((code, class), (10, "not-attempted"), "{v}");
    assert!(msg.contains("resolves to no allowed address"), "{v}");
}

#[tokio::test]
async fn a_request_body_over_the_cap_is_denied() {
    let (code, v) = hostile(
        &host_allowing("https://api.example.com"),
        "big-body",
        &["url=https://api.example.com/x"],
    )
    .await;
    let (class, msg) = error(&v);
    assert_eq!((code, class), (10, "not-attempted"), "{v}");
    assert!(msg.contains("larger than 262144 bytes"), "{v}");
}

#[tokio::test]
async fn a_huge_answer_breaks_the_contract() {
    let (code, v) = hostile(&hostile_host(), "huge-output", &[]).await;
    assert_eq!(code, 10, "{v}");
    assert_eq!(v["error"]["fault"]["kind"], "contract");
    assert!(error(&v).1.contains("more than the 65536 allowed"), "{v}");
}

#[tokio::test]
async fn a_string_that_is_not_utf8_is_refused_by_the_host() {
    let (code, v) = hostile(&hostile_host(), "bad-utf8", &[]).await;
    assert_eq!(code, 10, "{v}");
    assert!(error(&v).1.contains("invalid utf-8"), "{v}");
}

#[tokio::test]
async fn deep_recursion_traps_without_harming_the_host() {
    let host = hostile_host();
    let (code, v) = hostile(&host, "recursion", &[]).await;
    assert_eq!(code, 10, "{v}");
    assert!(v["error"]["fault"].is_object(), "{v}");
    assert_eq!(hostile(&host, "ok", &[]).await.0, 0);
}

#[tokio::test]
async fn a_component_built_for_another_wit_version_is_refused() {
    let (_, v) = Host::new()
        .with_plugin("future")
        .json(&["plugins", "list"])
        .await;
    let why = refused_reason(&v, "future");
    assert!(
        why.contains("does not export revhost:provider/adapter@0.1.0"),
        "{why}"
    );
    assert!(why.contains("revhost:provider/adapter@0.2.0"), "{why}");
}
