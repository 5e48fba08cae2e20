//! The plugin manifest (`plugin.toml`): who a plugin is and what it may do.
//!
//! ```toml
//! name = "cryptomus"
//! version = "0.1.0"
//! provider = "Cryptomus"
//! api = "revhost:provider@0.1.0"
//! component = "cryptomus.wasm"
//! allowed_hosts = ["https://api.cryptomus.com"]
//! config_keys = ["base_url", "merchant"]
//! secrets = ["api_key"]
//! [limits]
//! wall_ms = 20000
//! ```

use serde::Deserialize;
use std::path::Path;

use crate::caps::http::policy::Origin;
use crate::error::LoadError;
use crate::runtime::limits::LimitsOverride;

/// The file name a plugin directory must contain.
pub const MANIFEST_FILE: &str = "plugin.toml";

/// A parsed, validated manifest.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Plugin name, `[a-z0-9-]+`; provider instances refer to it.
    pub name: String,
    /// The plugin's version (semver).
    pub version: String,
    /// The provider it talks to, as people know it.
    pub provider: String,
    /// The WIT package and version it was built for, e.g. `revhost:provider@0.1.0`.
    pub api: String,
    /// The component file, relative to the manifest.
    pub component: String,
    /// Origins the plugin may call (`https://host[:port]`, `http://host:port`,
    /// or a bare `host` meaning `https://host:443`).
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
    /// Configuration keys the plugin needs; every provider instance must set them.
    #[serde(default)]
    pub config_keys: Vec<String>,
    /// Configuration keys the plugin reads when set.
    #[serde(default)]
    pub optional_config_keys: Vec<String>,
    /// Names of the secrets the plugin references.
    #[serde(default)]
    pub secrets: Vec<String>,
    /// Limits the plugin asks for (the operator may override them).
    #[serde(default)]
    pub limits: LimitsOverride,
}

impl Manifest {
    /// Read and validate the manifest at `path`.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|e| LoadError::Io {
            path: path.to_owned(),
            source: e,
        })?;
        Self::parse(&text).map_err(|reason| LoadError::Manifest {
            path: path.to_owned(),
            reason,
        })
    }

    /// Parse and validate a manifest's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let m: Manifest = toml::from_str(text).map_err(|e| e.to_string())?;
        m.validate()?;
        Ok(m)
    }

    fn validate(&self) -> Result<(), String> {
        if !is_name(&self.name) {
            return Err(format!(
                "name {:?} must be lower-case letters, digits and '-'",
                self.name
            ));
        }
        let (package, version) = self.api.split_once('@').ok_or_else(|| {
            format!(
                "api {:?} must look like \"revhost:provider@0.1.0\"",
                self.api
            )
        })?;
        if package != crate::bindings::PACKAGE {
            return Err(format!(
                "api package {package:?} is not {:?}",
                crate::bindings::PACKAGE
            ));
        }
        if !crate::bindings::SUPPORTED_VERSIONS.contains(&version) {
            return Err(format!(
                "api version {version} is not supported by this host (supported: {})",
                crate::bindings::SUPPORTED_VERSIONS.join(", ")
            ));
        }
        if self.component.contains('/') || self.component.contains("..") {
            return Err(format!(
                "component {:?} must be a file name next to the manifest",
                self.component
            ));
        }
        for h in &self.allowed_hosts {
            Origin::parse(h).map_err(|e| format!("allowed_hosts: {e}"))?;
        }
        for k in self.config_keys.iter().chain(&self.optional_config_keys) {
            if k.is_empty() {
                return Err("config_keys: empty key".into());
            }
        }
        for s in &self.secrets {
            if s.is_empty() {
                return Err("secrets: empty name".into());
            }
        }
        Ok(())
    }

    /// The API version part of `api`.
    pub fn api_version(&self) -> &str {
        self.api.split_once('@').map(|(_, v)| v).unwrap_or("")
    }

    /// Whether `key` is one of the configuration keys this plugin declares.
    pub fn declares_config(&self, key: &str) -> bool {
        self.config_keys
            .iter()
            .chain(&self.optional_config_keys)
            .any(|k| k == key)
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
        name = "cryptomus"
        version = "0.1.0"
        provider = "Cryptomus"
        api = "revhost:provider@0.1.0"
        component = "cryptomus.wasm"
        allowed_hosts = ["api.cryptomus.com"]
        config_keys = ["base_url"]
        secrets = ["api_key"]
    "#;

    #[test]
    fn parses_a_good_manifest() {
        let m = Manifest::parse(GOOD).unwrap();
        assert_eq!(m.api_version(), "0.1.0");
        assert!(m.declares_config("base_url"));
    }

    #[test]
    fn refuses_unsupported_api_version() {
        let err = Manifest::parse(&GOOD.replace("@0.1.0", "@9.0.0")).unwrap_err();
        assert!(err.contains("not supported"), "{err}");
    }

    #[test]
    fn refuses_unknown_fields_and_bad_names() {
        assert!(Manifest::parse(&format!("{GOOD}\nextra = 1")).is_err());
        assert!(Manifest::parse(&GOOD.replace("\"cryptomus\"", "\"Crypto Mus\"")).is_err());
        assert!(Manifest::parse(&GOOD.replace("cryptomus.wasm", "../x.wasm")).is_err());
    }
}
