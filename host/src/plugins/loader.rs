//! Load one plugin directory: manifest, component bytes, import/export
//! checks, compile (or load from cache), pre-instantiate.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wasmtime::Engine;
use wasmtime::component::{Component, Linker};

use crate::bindings::{self, latest};
use crate::caps::wasi;
use crate::error::LoadError;
use crate::plugins::cache::{CompileCache, Provenance};
use crate::plugins::manifest::{MANIFEST_FILE, Manifest};
use crate::plugins::signature::{self, SignatureError, TrustedKey};
use crate::runtime::state::PluginState;

/// A plugin ready to run: checked, compiled and pre-instantiated.
pub struct LoadedPlugin {
    /// Its manifest.
    pub manifest: Manifest,
    /// The directory it was loaded from.
    pub dir: PathBuf,
    /// SHA-256 of the component, hex.
    pub hash: String,
    /// Size of the component file, bytes.
    pub wasm_bytes: u64,
    /// Whether it was compiled now or loaded from the cache.
    pub provenance: Provenance,
    /// How long compiling or loading took.
    pub load_time: Duration,
    /// The trusted key file that signed it; `None` when loaded unsigned.
    pub signed_by: Option<PathBuf>,
    /// Pre-instantiated component: every call instantiates from it.
    pub pre: latest::PluginPre<PluginState>,
}

impl std::fmt::Debug for LoadedPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedPlugin")
            .field("name", &self.manifest.name)
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// Where and how to load plugins from.
pub struct LoadContext<'a> {
    /// The engine.
    pub engine: &'a Engine,
    /// The linker with every capability.
    pub linker: &'a Linker<PluginState>,
    /// The compile cache.
    pub cache: &'a CompileCache,
    /// Keys whose signatures are accepted.
    pub trusted: &'a [TrustedKey],
    /// Whether unsigned plugins may load.
    pub allow_unsigned: bool,
}

/// Load the plugin in `dir`.
pub fn load(dir: &Path, cx: &LoadContext<'_>) -> Result<LoadedPlugin, LoadError> {
    let (engine, linker, cache) = (cx.engine, cx.linker, cx.cache);
    let manifest = Manifest::load(&dir.join(MANIFEST_FILE))?;
    let refuse = |reason: String| LoadError::Component {
        plugin: manifest.name.clone(),
        reason,
    };
    let signed_by = match signature::verify(dir, cx.trusted) {
        Ok(key) => Some(key.source.clone()),
        Err(SignatureError::Unsigned) if cx.allow_unsigned => None,
        Err(e) if cx.allow_unsigned && !matches!(e, SignatureError::Mismatch) => {
            tracing::warn!(plugin = %manifest.name, "loading anyway (--allow-unsigned): {e}");
            None
        }
        Err(e) => return Err(refuse(e.to_string())),
    };
    let wasm_path = dir.join(&manifest.component);
    let wasm = std::fs::read(&wasm_path).map_err(|e| LoadError::Io {
        path: wasm_path.clone(),
        source: e,
    })?;
    check_header(&wasm).map_err(refuse)?;
    let hash = CompileCache::hash(&wasm);
    let started = Instant::now();
    let (component, provenance) = cache
        .load_or_compile(engine, &wasm, &hash)
        .map_err(|e| refuse(format!("not a valid WebAssembly component: {e:#}")))?;
    let load_time = started.elapsed();
    check_imports_exports(engine, &component, &manifest).map_err(refuse)?;
    let pre = linker
        .instantiate_pre(&component)
        .map_err(|e| refuse(format!("does not fit the host's interfaces: {e:#}")))?;
    let pre = latest::PluginPre::new(pre)
        .map_err(|e| refuse(format!("does not export the adapter interface: {e:#}")))?;
    Ok(LoadedPlugin {
        manifest,
        dir: dir.to_owned(),
        hash,
        wasm_bytes: wasm.len() as u64,
        provenance,
        load_time,
        signed_by,
        pre,
    })
}

/// Refuse what is plainly not a component before handing it to the compiler.
fn check_header(wasm: &[u8]) -> Result<(), String> {
    match wasm.get(..8) {
        Some([0, b'a', b's', b'm', 1, 0, 0, 0]) => Err(
            "this is a core WebAssembly module, not a component: build the plugin for the \
             wasm32-wasip2 target (cargo build --target wasm32-wasip2)"
                .into(),
        ),
        Some([0, b'a', b's', b'm', _, _, 1, 0]) => Ok(()),
        _ => Err("not a WebAssembly file (bad magic number)".into()),
    }
}

/// Every import must be one of ours (at a supported version) or an inert WASI
/// interface; the adapter export must be at the manifest's API version.
fn check_imports_exports(
    engine: &Engine,
    component: &Component,
    manifest: &Manifest,
) -> Result<(), String> {
    let ty = component.component_type();
    let ours = format!("{}/", bindings::PACKAGE);
    let mut refused = Vec::new();
    for (name, _) in ty.imports(engine) {
        if let Some(rest) = name.strip_prefix(&ours) {
            let version = rest.split_once('@').map(|(_, v)| v).unwrap_or("");
            if version != manifest.api_version() {
                return Err(format!(
                    "it imports {name}, but its manifest says api {}; rebuild it against \
                     the WIT in wit/v{}",
                    manifest.api,
                    manifest.api_version()
                ));
            }
        } else if !wasi::is_allowed_wasi(name) {
            refused.push(name);
        }
    }
    if !refused.is_empty() {
        return Err(format!(
            "it imports {}, which revhost does not provide: plugins get no filesystem, \
             sockets, clocks, random or environment; reach the provider through \
             revhost:provider/http and sign with revhost:provider/signing",
            refused.join(", ")
        ));
    }
    let wanted = format!("{}/adapter@{}", bindings::PACKAGE, manifest.api_version());
    let exports: Vec<&str> = ty.exports(engine).map(|(n, _)| n).collect();
    if !exports.contains(&wanted.as_str()) {
        return Err(format!(
            "it does not export {wanted} (it exports: {}); build it with revhost-sdk for \
             api {}",
            if exports.is_empty() {
                "nothing".to_owned()
            } else {
                exports.join(", ")
            },
            manifest.api
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_check_names_core_modules_and_garbage() {
        let core = [0, b'a', b's', b'm', 1, 0, 0, 0];
        assert!(
            check_header(&core)
                .unwrap_err()
                .contains("core WebAssembly module")
        );
        assert!(check_header(b"hello world").unwrap_err().contains("magic"));
        let component = [0, b'a', b's', b'm', 0x0d, 0, 1, 0];
        assert!(check_header(&component).is_ok());
    }
}
