//! The registry: plugins loaded from the plugins directory, and the provider
//! instances configured to run them. The entry point for running reversals.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wasmtime::Engine;

use crate::caps::http::policy::{EgressPolicy, Origin};
use crate::caps::http::{Transport, build_client};
use crate::caps::signing::{Keyring, RsaKeys};
use crate::config::{HostConfig, InstanceConfig};
use crate::error::LoadError;
use crate::plugins::cache::CompileCache;
use crate::plugins::loader::{self, LoadContext, LoadedPlugin};
use crate::plugins::manifest::MANIFEST_FILE;
use crate::plugins::signature;
use crate::request::{ReverseRequest, StatusRequest};
use crate::runtime::call::{self, Call, CallReport};
use crate::runtime::engine::{self, HostOptions};
use crate::runtime::limits::Limits;
use crate::runtime::state::InstanceCtx;

/// A plugin directory that could not be loaded, and why.
#[derive(Debug)]
pub struct Refused {
    /// The directory.
    pub dir: std::path::PathBuf,
    /// Why it was refused.
    pub error: LoadError,
}

/// A provider instance: a loaded plugin plus its settings.
pub struct ProviderInstance {
    /// The plugin it runs.
    pub plugin: Arc<LoadedPlugin>,
    /// What calls get.
    pub ctx: Arc<InstanceCtx>,
}

/// Why a call could not be made at all (caller or configuration error).
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// No such instance.
    #[error("no provider instance named {0:?}; configured instances: {1}")]
    UnknownInstance(String, String),
    /// The instance exists but could not be set up.
    #[error("{0}")]
    Broken(String),
}

/// Plugins and provider instances of one host.
pub struct Registry {
    engine: Engine,
    plugins: BTreeMap<String, Arc<LoadedPlugin>>,
    refused: Vec<Refused>,
    instances: BTreeMap<String, ProviderInstance>,
    broken: BTreeMap<String, LoadError>,
}

impl Registry {
    /// Load every plugin in the configured directory and set up every
    /// instance. A bad plugin or instance does not stop the others: it is
    /// listed in [`Registry::refused`] / reported when used.
    pub fn load(config: &HostConfig, options: &HostOptions) -> Result<Self, LoadError> {
        let engine = engine::create(&options.engine)?;
        let linker = engine::linker(&engine)?;
        let cache = CompileCache::new(config.cache_dir(), &engine);
        let trusted = config
            .trusted_keys
            .iter()
            .map(|p| {
                signature::read_public_key(p).map_err(|e| LoadError::Config {
                    path: p.clone(),
                    reason: format!("trusted key: {e}"),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let cx = LoadContext {
            engine: &engine,
            linker: &linker,
            cache: &cache,
            trusted: &trusted,
            allow_unsigned: options.allow_unsigned,
        };
        let mut plugins = BTreeMap::new();
        let mut refused = Vec::new();
        let entries = std::fs::read_dir(&config.plugins_dir).map_err(|e| LoadError::Io {
            path: config.plugins_dir.clone(),
            source: e,
        })?;
        let mut dirs: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join(MANIFEST_FILE).is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            match loader::load(&dir, &cx) {
                Ok(p) => match plugins.entry(p.manifest.name.clone()) {
                    std::collections::btree_map::Entry::Vacant(slot) => {
                        slot.insert(Arc::new(p));
                    }
                    std::collections::btree_map::Entry::Occupied(taken) => refused.push(Refused {
                        dir,
                        error: LoadError::Component {
                            plugin: taken.key().clone(),
                            reason: "another plugin directory has the same name".into(),
                        },
                    }),
                },
                Err(error) => {
                    tracing::warn!(dir = %dir.display(), "{error}");
                    refused.push(Refused { dir, error });
                }
            }
        }
        let mut instances = BTreeMap::new();
        let mut broken = BTreeMap::new();
        for (name, inst) in &config.instances {
            match instance(name, inst, &plugins, &refused) {
                Ok(i) => {
                    instances.insert(name.clone(), i);
                }
                Err(e) => {
                    broken.insert(name.clone(), e);
                }
            }
        }
        Ok(Self {
            engine,
            plugins,
            refused,
            instances,
            broken,
        })
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Loaded plugins by name.
    pub fn plugins(&self) -> &BTreeMap<String, Arc<LoadedPlugin>> {
        &self.plugins
    }

    /// Plugin directories that were refused, with the reason.
    pub fn refused(&self) -> &[Refused] {
        &self.refused
    }

    /// Instances that could not be set up, with the reason.
    pub fn broken_instances(&self) -> &BTreeMap<String, LoadError> {
        &self.broken
    }

    /// Working instances by name.
    pub fn instances(&self) -> &BTreeMap<String, ProviderInstance> {
        &self.instances
    }

    fn get(&self, name: &str) -> Result<&ProviderInstance, CallError> {
        if let Some(i) = self.instances.get(name) {
            return Ok(i);
        }
        if let Some(e) = self.broken.get(name) {
            return Err(CallError::Broken(e.to_string()));
        }
        let known: Vec<&str> = self
            .instances
            .keys()
            .chain(self.broken.keys())
            .map(String::as_str)
            .collect();
        Err(CallError::UnknownInstance(
            name.to_owned(),
            if known.is_empty() {
                "none".into()
            } else {
                known.join(", ")
            },
        ))
    }

    /// Replace how `instance` sends requests (e.g. an in-process responder
    /// for benchmarks). Only before any call has been made.
    pub fn set_transport(&mut self, instance: &str, transport: Transport) -> Result<(), CallError> {
        let i = self
            .instances
            .get_mut(instance)
            .ok_or_else(|| CallError::UnknownInstance(instance.to_owned(), String::new()))?;
        let ctx = Arc::get_mut(&mut i.ctx).ok_or_else(|| {
            CallError::Broken("the transport can only change before calls start".into())
        })?;
        ctx.transport = transport;
        Ok(())
    }

    /// Reverse a payment at `instance`.
    pub async fn reverse(
        &self,
        instance: &str,
        request: &ReverseRequest,
    ) -> Result<CallReport, CallError> {
        let i = self.get(instance)?;
        let call = Call::Reverse(request.to_wit(instance, unix_now()));
        Ok(call::run(&i.plugin.pre, i.ctx.clone(), call).await)
    }

    /// Read a reversal's state at `instance`.
    pub async fn status(
        &self,
        instance: &str,
        request: &StatusRequest,
    ) -> Result<CallReport, CallError> {
        let i = self.get(instance)?;
        let call = Call::Status(request.to_wit(instance, unix_now()));
        Ok(call::run(&i.plugin.pre, i.ctx.clone(), call).await)
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Set up one instance: its plugin, config, secrets, egress and limits.
fn instance(
    name: &str,
    inst: &InstanceConfig,
    plugins: &BTreeMap<String, Arc<LoadedPlugin>>,
    refused: &[Refused],
) -> Result<ProviderInstance, LoadError> {
    let fail = |reason: String| LoadError::Instance {
        instance: name.to_owned(),
        reason,
    };
    let plugin = plugins.get(&inst.plugin).cloned().ok_or_else(|| {
        let why = refused
            .iter()
            .find(|r| r.dir.file_name().is_some_and(|f| f == inst.plugin.as_str()))
            .map(|r| format!("plugin {:?} was refused: {}", inst.plugin, r.error))
            .unwrap_or_else(|| {
                format!(
                    "plugin {:?} is not in the plugins directory (loaded: {})",
                    inst.plugin,
                    plugins.keys().cloned().collect::<Vec<_>>().join(", ")
                )
            });
        fail(why)
    })?;
    let m = &plugin.manifest;
    for key in &m.config_keys {
        if !inst.config.contains_key(key) {
            return Err(fail(format!(
                "config key {key:?} is required by plugin {}; set it under [instances.{name}.config]",
                m.name
            )));
        }
    }
    for key in inst.config.keys() {
        if !m.declares_config(key) {
            return Err(fail(format!(
                "config key {key:?} is not used by plugin {} (it reads: {})",
                m.name,
                m.config_keys
                    .iter()
                    .chain(&m.optional_config_keys)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let mut secrets = BTreeMap::new();
    for secret in &m.secrets {
        let source = inst.secrets.get(secret).ok_or_else(|| {
            fail(format!(
                "secret {secret:?} is required by plugin {}; set it under [instances.{name}.secrets] \
                 as {{ env = \"VAR\" }} or {{ file = \"path\" }}",
                m.name
            ))
        })?;
        secrets.insert(secret.clone(), source.read().map_err(fail)?);
    }
    for secret in inst.secrets.keys() {
        if !m.secrets.contains(secret) {
            return Err(fail(format!(
                "secret {secret:?} is not declared by plugin {}; a plugin gets only the secrets its manifest names",
                m.name
            )));
        }
    }
    let origins = m
        .allowed_hosts
        .iter()
        .chain(&inst.allow_hosts)
        .map(|h| Origin::parse(h).map_err(&fail))
        .collect::<Result<Vec<_>, _>>()?;
    let egress = Arc::new(EgressPolicy::new(origins, inst.allow_private.clone()));
    let limits = Limits::default().with(&m.limits).with(&inst.limits);
    let client = build_client(
        egress.clone(),
        limits.http_timeout.min(Duration::from_secs(5)),
    );
    let ctx = InstanceCtx {
        name: name.to_owned(),
        plugin: m.name.clone(),
        config: inst.config.clone(),
        keyring: Keyring::new(secrets),
        rsa_keys: RsaKeys::default(),
        egress,
        transport: Transport::Network(client),
        limits,
    };
    Ok(ProviderInstance {
        plugin,
        ctx: Arc::new(ctx),
    })
}
