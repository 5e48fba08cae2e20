//! An endless-loop plugin is stopped at its deadline every time, and the
//! memory of its instances is reclaimed: the host's resident set stays flat
//! over 1000 such calls. (Its own test binary, so no other test's allocations
//! move the figure.)

use revhost::{HostConfig, HostOptions, Registry, ReverseRequest};
use revhost_tests::Host;

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/self/status")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rss_is_stable_over_1000_stopped_endless_loops() {
    let host = Host::new().with_plugin("hostile").with_instance(
        "h",
        "plugin = \"hostile\"\n[instances.h.secrets]\nown_key = { file = \"own.key\" }\n\
         [instances.h.limits]\ncpu_ms = 2\nwall_ms = 1000",
    );
    std::fs::write(host.dir.path().join("own.key"), "k").unwrap();
    let config = HostConfig::load(&host.config_path()).unwrap();
    let options = HostOptions {
        allow_unsigned: true,
        ..HostOptions::default()
    };
    let registry = Registry::load(&config, &options).unwrap();
    let mut looping = ReverseRequest::refund("p");
    looping.params = vec![("mode".into(), "loop".into())];
    let run = |n: usize| {
        let (registry, looping) = (&registry, &looping);
        async move {
            for _ in 0..n {
                let report = registry.reverse("h", looping).await.unwrap();
                let err = report.result.expect_err("a loop never returns");
                assert!(err.message.contains("CPU-time limit of 2 ms"), "{err}");
            }
        }
    };
    run(50).await;
    let before = rss_kib();
    run(1000).await;
    let after = rss_kib();
    eprintln!("RSS before {before} KiB, after 1000 stopped loops {after} KiB");
    assert!(
        after < before + 16 * 1024,
        "RSS grew from {before} KiB to {after} KiB over 1000 calls"
    );
}
