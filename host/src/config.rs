//! The host configuration file (`revhost.toml`): where plugins are, and the
//! provider instances that run them.
//!
//! ```toml
//! plugins_dir = "plugins"            # relative to this file
//! cache_dir = ".revhost-cache"       # compiled plugins (optional)
//!
//! [instances.cryptomus]
//! plugin = "cryptomus"
//! allow_hosts = ["http://127.0.0.1:8080"]   # added to the plugin's own allowlist
//! allow_private = ["127.0.0.1"]             # private addresses this instance may reach
//! [instances.cryptomus.config]
//! base_url = "http://127.0.0.1:8080/cryptomus"
//! merchant = "8b03432e-385b-4670-8d06-064591096795"
//! [instances.cryptomus.secrets]
//! api_key = { env = "CRYPTOMUS_API_KEY" }   # or { file = "/run/secrets/cryptomus" }
//! [instances.cryptomus.limits]
//! wall_ms = 10000
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use crate::caps::http::policy::Origin;
use crate::error::LoadError;
use crate::runtime::limits::LimitsOverride;

/// The parsed configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostConfig {
    /// Directory holding one sub-directory per plugin (`plugin.toml` + `.wasm`).
    pub plugins_dir: PathBuf,
    /// Directory for compiled plugins; defaults to `<plugins_dir>/.cache`.
    #[serde(default)]
    pub cache_dir: Option<PathBuf>,
    /// Public-key files (see `revhost plugin keygen`) whose signatures the
    /// host accepts; relative to this file.
    #[serde(default)]
    pub trusted_keys: Vec<PathBuf>,
    /// Provider instances by name.
    #[serde(default)]
    pub instances: BTreeMap<String, InstanceConfig>,
}

/// One provider instance: a plugin plus the settings and secrets it runs with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceConfig {
    /// The plugin's name (its manifest `name`).
    pub plugin: String,
    /// Origins this instance may call besides the plugin's own allowlist
    /// (e.g. a sandbox or simulator URL).
    #[serde(default)]
    pub allow_hosts: Vec<String>,
    /// Private, loopback or link-local addresses this instance may connect to.
    #[serde(default)]
    pub allow_private: Vec<IpAddr>,
    /// Non-secret settings the plugin reads with `config.get`.
    #[serde(default)]
    pub config: BTreeMap<String, String>,
    /// Where each secret comes from.
    #[serde(default)]
    pub secrets: BTreeMap<String, SecretSource>,
    /// Limits that override the plugin's.
    #[serde(default)]
    pub limits: LimitsOverride,
}

/// Where a secret's bytes come from. Never written in the file itself.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum SecretSource {
    /// An environment variable of the host process.
    Env(String),
    /// A file (a trailing newline is removed); relative to the configuration file.
    File(PathBuf),
}

impl HostConfig {
    /// Read and check the configuration at `path`; relative paths in it are
    /// resolved against its directory.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|e| LoadError::Io {
            path: path.to_owned(),
            source: e,
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        Self::parse(&text, base).map_err(|reason| LoadError::Config {
            path: path.to_owned(),
            reason,
        })
    }

    /// Parse configuration text; `base` resolves relative paths.
    pub fn parse(text: &str, base: &Path) -> Result<Self, String> {
        let mut c: HostConfig = toml::from_str(text).map_err(|e| e.to_string())?;
        c.plugins_dir = base.join(&c.plugins_dir);
        c.cache_dir = Some(match &c.cache_dir {
            Some(d) => base.join(d),
            None => c.plugins_dir.join(".cache"),
        });
        for key in &mut c.trusted_keys {
            *key = base.join(&*key);
        }
        for (name, inst) in &mut c.instances {
            for h in &inst.allow_hosts {
                Origin::parse(h).map_err(|e| format!("instances.{name}.allow_hosts: {e}"))?;
            }
            for src in inst.secrets.values_mut() {
                if let SecretSource::File(p) = src {
                    *p = base.join(&*p);
                }
            }
        }
        Ok(c)
    }

    /// The cache directory in force.
    pub fn cache_dir(&self) -> PathBuf {
        self.cache_dir
            .clone()
            .unwrap_or_else(|| self.plugins_dir.join(".cache"))
    }
}

impl SecretSource {
    /// Read the secret's bytes. The error names the source, never the value.
    pub fn read(&self) -> Result<Vec<u8>, String> {
        match self {
            SecretSource::Env(var) => std::env::var_os(var)
                .map(|v| v.into_encoded_bytes())
                .ok_or_else(|| format!("environment variable {var} is not set")),
            SecretSource::File(path) => {
                let mut bytes = std::fs::read(path)
                    .map_err(|e| format!("cannot read secret file {}: {e}", path.display()))?;
                if bytes.last() == Some(&b'\n') {
                    bytes.pop();
                    if bytes.last() == Some(&b'\r') {
                        bytes.pop();
                    }
                }
                Ok(bytes)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_against_the_file() {
        let c = HostConfig::parse(
            r#"
            plugins_dir = "p"
            [instances.a]
            plugin = "cryptomus"
            allow_private = ["127.0.0.1"]
            [instances.a.secrets]
            k = { file = "s.txt" }
            j = { env = "J" }
            "#,
            Path::new("/etc/revhost"),
        )
        .unwrap();
        assert_eq!(c.plugins_dir, Path::new("/etc/revhost/p"));
        assert_eq!(c.cache_dir(), Path::new("/etc/revhost/p/.cache"));
        let a = &c.instances["a"];
        assert_eq!(
            a.secrets["k"],
            SecretSource::File("/etc/revhost/s.txt".into())
        );
        assert_eq!(a.secrets["j"], SecretSource::Env("J".into()));
    }

    #[test]
    fn refuses_bad_origins_and_unknown_keys() {
        let bad = "plugins_dir = \"p\"\n[instances.a]\nplugin = \"x\"\nallow_hosts = [\"ftp://x\"]";
        assert!(HostConfig::parse(bad, Path::new(".")).is_err());
        assert!(
            HostConfig::parse("plugins_dir = \"p\"\nplugin_dir = \"q\"", Path::new(".")).is_err()
        );
    }

    #[test]
    fn missing_env_secret_names_the_variable() {
        let err = SecretSource::Env("REVHOST_TEST_UNSET_VAR".into())
            .read()
            .unwrap_err();
        assert!(err.contains("REVHOST_TEST_UNSET_VAR"));
    }
}
