//! Plugins on disk: manifests, loading and checking components, the compile
//! cache, and the registry of plugins and provider instances.

pub mod cache;
pub mod loader;
pub mod manifest;
pub mod registry;
pub mod signature;
