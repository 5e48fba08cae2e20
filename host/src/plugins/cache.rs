//! Compiled-component cache on disk, keyed by the wasm's SHA-256 and the
//! engine's fingerprint, so a host restart loads plugins in microseconds
//! instead of compiling them again.
//!
//! Trust: artifacts are native code loaded without verification, so the cache
//! directory must be writable only by the operator (like the binary itself).

use sha2::Digest;
use std::path::{Path, PathBuf};
use wasmtime::Engine;
use wasmtime::component::Component;

/// How a component was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// Compiled now (and written to the cache).
    Compiled,
    /// Loaded from the cache.
    Cached,
}

/// The compile cache of one engine.
#[derive(Debug, Clone)]
pub struct CompileCache {
    dir: PathBuf,
    fingerprint: String,
}

impl CompileCache {
    /// A cache in `dir` for components of `engine`.
    pub fn new(dir: PathBuf, engine: &Engine) -> Self {
        Self {
            dir,
            fingerprint: crate::runtime::engine::fingerprint(engine),
        }
    }

    /// The SHA-256 of `wasm`, hex.
    pub fn hash(wasm: &[u8]) -> String {
        hex::encode(sha2::Sha256::digest(wasm))
    }

    fn path_for(&self, hash: &str) -> PathBuf {
        self.dir.join(format!("{hash}-{}.cwasm", self.fingerprint))
    }

    /// Load the component for `wasm` from the cache, or compile it and store it.
    pub fn load_or_compile(
        &self,
        engine: &Engine,
        wasm: &[u8],
        hash: &str,
    ) -> wasmtime::Result<(Component, Provenance)> {
        let path = self.path_for(hash);
        if path.exists() {
            // SAFETY: the cache holds only artifacts this host serialized, keyed
            // by content hash and engine fingerprint; its directory is the
            // operator's (see module docs). A corrupt file fails to load and is
            // compiled again.
            if let Ok(c) = unsafe { Component::deserialize_file(engine, &path) } {
                return Ok((c, Provenance::Cached));
            }
        }
        let component = Component::new(engine, wasm)?;
        if let Ok(bytes) = component.serialize() {
            // A cache that cannot be written only costs time.
            let _ = write_atomically(&path, &bytes);
        }
        Ok((component, Provenance::Compiled))
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}
