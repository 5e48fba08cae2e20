//! Test harness: run the real `revhost` binary (or the library) with real
//! `.wasm` plugins against the simulator on loopback.
//!
//! `cargo xtask test` builds the binary and the plugins before the tests run;
//! run it once before `cargo test -p revhost-tests` by hand.

pub mod conformance;

use std::path::{Path, PathBuf};
use std::process::Output;

/// The shared cargo target directory.
pub fn target_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(d);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target")
}

fn built(path: PathBuf, what: &str) -> PathBuf {
    assert!(
        path.exists(),
        "{} is missing: run `cargo xtask test` (it builds {what} first)",
        path.display()
    );
    path
}

/// The `revhost` binary.
pub fn revhost_bin() -> PathBuf {
    built(target_dir().join("debug/revhost"), "the revhost binary")
}

/// The directory of a built plugin (`target/plugins/<name>` or `target/test-plugins/<name>`).
pub fn plugin_dir(name: &str) -> PathBuf {
    let p = target_dir().join("plugins").join(name);
    if p.exists() {
        return p;
    }
    built(target_dir().join("test-plugins").join(name), "the plugins")
}

/// A host set-up in a temporary directory: its own plugins dir and config.
pub struct Host {
    /// The temporary directory (removed on drop).
    pub dir: tempfile::TempDir,
    instances: String,
    env: Vec<(String, String)>,
    trusted_keys: Vec<PathBuf>,
}

impl Default for Host {
    fn default() -> Self {
        Self::new()
    }
}

impl Host {
    /// An empty host: no plugins, no instances.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::create_dir_all(dir.path().join("plugins")).unwrap();
        Self {
            dir,
            instances: String::new(),
            env: Vec::new(),
            trusted_keys: Vec::new(),
        }
    }

    /// The plugins directory.
    pub fn plugins_dir(&self) -> PathBuf {
        self.dir.path().join("plugins")
    }

    /// Copy a built plugin into the plugins directory.
    pub fn with_plugin(self, name: &str) -> Self {
        copy_dir(&plugin_dir(name), &self.plugins_dir().join(name));
        self
    }

    /// Add an instance section (TOML body after `[instances.<name>]`).
    pub fn with_instance(mut self, name: &str, toml_body: &str) -> Self {
        self.instances
            .push_str(&format!("\n[instances.{name}]\n{toml_body}\n"));
        self
    }

    /// Require signed plugins, trusting these public-key files. Without this
    /// the host runs with `--allow-unsigned`.
    pub fn trusting(mut self, keys: &[PathBuf]) -> Self {
        self.trusted_keys = keys.to_vec();
        self
    }

    /// Set an environment variable for the binary (e.g. a secret).
    pub fn with_env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// The configuration file, written now.
    pub fn config_path(&self) -> PathBuf {
        let path = self.dir.path().join("revhost.toml");
        let cache = target_dir().join("revhost-test-cache");
        let keys: Vec<String> = self
            .trusted_keys
            .iter()
            .map(|k| format!("{:?}", k.display().to_string()))
            .collect();
        let text = format!(
            "plugins_dir = \"plugins\"\ncache_dir = \"{}\"\ntrusted_keys = [{}]\n{}",
            cache.display(),
            keys.join(", "),
            self.instances
        );
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Run `revhost <args>` and wait for it.
    pub async fn run(&self, args: &[&str]) -> Run {
        let mut cmd = tokio::process::Command::new(revhost_bin());
        cmd.arg("--config").arg(self.config_path());
        if self.trusted_keys.is_empty() {
            cmd.arg("--allow-unsigned");
        }
        cmd.args(args);
        cmd.env_remove("RUST_LOG");
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let out = cmd.output().await.expect("revhost runs");
        Run::from(out)
    }

    /// Run `revhost --json <args>` and parse its JSON.
    pub async fn json(&self, args: &[&str]) -> (i32, serde_json::Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let r = self.run(&all).await;
        let v = serde_json::from_str(r.stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): stdout {:?} stderr {:?}",
                r.stdout, r.stderr
            )
        });
        (r.code, v)
    }
}

/// What a run of the binary printed.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Self {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Copy a directory's files (not recursive: plugin directories are flat).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}
