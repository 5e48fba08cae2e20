//! Host bindings for each supported WIT version of `revhost:provider`.
//!
//! Generated code is quarantined here (one private `bindgen!` per version); the
//! rest of the host speaks to [`latest`]. Supporting a new API version means
//! adding a `v0_x` module and converting its types onto `latest` at this edge.

/// Bindings for `revhost:provider@0.1.0` (`wit/v0.1`).
pub mod v0_1 {
    #![allow(missing_docs, reason = "bindgen-generated code")]

    wasmtime::component::bindgen!({
        path: "../wit/v0.1",
        world: "plugin",
        // Only `http.send` waits (on the network); every other import
        // finishes at once and is a plain call, without a boxed future.
        imports: {
            "revhost:provider/http.send": async | trappable,
            default: trappable,
        },
        exports: { default: async },
        with: {
            "revhost:provider/signing.sealed": crate::caps::signing::Sealed,
        },
    });

    /// The version string of this API, as it appears in interface names.
    pub const VERSION: &str = "0.1.0";
}

pub use v0_1 as latest;

/// The WIT package name plugins target.
pub const PACKAGE: &str = "revhost:provider";

/// The API versions this host can run.
pub const SUPPORTED_VERSIONS: &[&str] = &[v0_1::VERSION];
