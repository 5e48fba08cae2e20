//! Rendering results: a two-column table for people, JSON for machines.

use revhost::CallReport;
use revhost::plugins::registry::Registry;
use serde_json::json;

/// Print a call's result.
pub fn report(instance: &str, reference: &str, report: &CallReport, json: bool, verbose: bool) {
    if json {
        let mut v = match &report.result {
            Ok(o) => json!({"instance": instance, "reference": reference, "outcome": o}),
            Err(e) => json!({"instance": instance, "reference": reference, "error": e}),
        };
        if verbose {
            v["usage"] = json!(report.usage);
        }
        println!("{v}");
        return;
    }
    let mut rows: Vec<(&str, String)> = Vec::new();
    match &report.result {
        Ok(o) => {
            rows.push(("outcome", o.kind.to_string()));
            rows.push(("instance", instance.to_owned()));
            rows.push(("reference", reference.to_owned()));
            rows.push(("provider code", o.provider_code.clone()));
            rows.push(("message", o.provider_message.clone()));
            for (k, v) in [
                ("provider ref", &o.provider_reference),
                ("amount", &o.amount),
                ("fee", &o.fee),
                ("next step", &o.next_step),
            ] {
                if let Some(v) = v {
                    rows.push((k, v.clone()));
                }
            }
            for (k, v) in &o.details {
                rows.push((k.as_str(), v.clone()));
            }
        }
        Err(e) => {
            rows.push(("error", format!("{} ({})", e.class, e.class.advice())));
            rows.push(("instance", instance.to_owned()));
            rows.push(("reference", reference.to_owned()));
            rows.push(("provider code", e.provider_code.clone()));
            rows.push(("message", e.message.clone()));
            if let Some(ms) = e.retry_after_ms {
                rows.push(("retry after", format!("{ms} ms")));
            }
            if let Some(raw) = &e.raw {
                rows.push(("raw answer", raw.clone()));
            }
        }
    }
    if verbose {
        let u = &report.usage;
        rows.push(("host calls", u.host_calls.to_string()));
        rows.push(("http requests", u.http_requests.to_string()));
        rows.push(("guest time", format!("{} µs", u.guest_time.as_micros())));
        rows.push(("host time", format!("{} µs", u.host_time.as_micros())));
        rows.push(("peak memory", format!("{} KiB", u.peak_memory >> 10)));
    }
    for (k, v) in rows.into_iter().filter(|(_, v)| !v.is_empty()) {
        println!("{k:<14} {v}");
    }
}

/// Print the plugin list.
pub fn plugins(registry: &Registry, json: bool) {
    if json {
        let plugins: Vec<_> = registry
            .plugins()
            .values()
            .map(|p| {
                let m = &p.manifest;
                json!({
                    "name": m.name, "version": m.version, "provider": m.provider, "api": m.api,
                    "allowed_hosts": m.allowed_hosts, "config_keys": m.config_keys,
                    "secrets": m.secrets, "limits": limits_json(p),
                    "wasm_bytes": p.wasm_bytes, "sha256": p.hash,
                    "loaded": p.provenance, "load_us": p.load_time.as_micros() as u64,
                    "signed_by": p.signed_by.as_ref().map(|k| k.display().to_string()),
                })
            })
            .collect();
        let refused: Vec<_> = registry
            .refused()
            .iter()
            .map(|r| json!({"dir": r.dir.display().to_string(), "error": r.error.to_string()}))
            .collect();
        let instances: Vec<_> = registry
            .instances()
            .iter()
            .map(|(n, i)| json!({"name": n, "plugin": i.plugin.manifest.name, "ok": true}))
            .chain(
                registry
                    .broken_instances()
                    .iter()
                    .map(|(n, e)| json!({"name": n, "ok": false, "error": e.to_string()})),
            )
            .collect();
        println!(
            "{}",
            json!({"plugins": plugins, "refused": refused, "instances": instances})
        );
        return;
    }
    println!(
        "{:<14} {:<8} {:<24} {:<36} {:<20} LIMITS",
        "PLUGIN", "VERSION", "API", "ALLOWED HOSTS", "SECRETS"
    );
    for p in registry.plugins().values() {
        let m = &p.manifest;
        let l = limits_json(p);
        println!(
            "{:<14} {:<8} {:<24} {:<36} {:<20} mem {} MiB, cpu {} ms, wall {} ms, {} host calls",
            m.name,
            m.version,
            m.api,
            m.allowed_hosts.join(","),
            m.secrets.join(","),
            l["memory_mib"],
            l["cpu_ms"],
            l["wall_ms"],
            l["max_host_calls"],
        );
    }
    for r in registry.refused() {
        println!("refused        {}: {}", r.dir.display(), r.error);
    }
    for (name, i) in registry.instances() {
        println!("instance       {name} → {}", i.plugin.manifest.name);
    }
    for (name, e) in registry.broken_instances() {
        println!("broken         {name}: {e}");
    }
}

fn limits_json(p: &revhost::plugins::loader::LoadedPlugin) -> serde_json::Value {
    let l = revhost::runtime::limits::Limits::default().with(&p.manifest.limits);
    json!({
        "memory_mib": l.memory_bytes >> 20, "cpu_ms": l.cpu.as_millis() as u64,
        "wall_ms": l.wall.as_millis() as u64, "max_host_calls": l.max_host_calls,
        "max_http_requests": l.max_http_requests, "http_timeout_ms": l.http_timeout.as_millis() as u64,
        "max_request_bytes": l.max_request_bytes, "max_response_bytes": l.max_response_bytes,
    })
}
