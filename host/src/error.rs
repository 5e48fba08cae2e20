//! Errors of loading configuration and plugins. Per-call failures are
//! [`crate::outcome::ReversalError`]s instead: a provider saying "no" is not
//! exceptional.

use std::path::PathBuf;

/// Why the host could not start or load a plugin. Each message says what to fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The host configuration is invalid.
    #[error("invalid configuration {path}: {reason}")]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A plugin manifest is invalid.
    #[error("invalid plugin manifest {path}: {reason}")]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A component is malformed or does not fit this host.
    #[error("plugin {plugin} refused: {reason}")]
    Component {
        /// The plugin's name (or file).
        plugin: String,
        /// Why, e.g. the import that is not allowed.
        reason: String,
    },
    /// A provider instance refers to something that does not exist or is wrong.
    #[error("provider instance {instance}: {reason}")]
    Instance {
        /// The instance name.
        instance: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// The engine could not be created.
    #[error("cannot start the WebAssembly engine: {0}")]
    Engine(String),
}
