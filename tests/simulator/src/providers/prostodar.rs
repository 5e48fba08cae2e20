//! Prostodar: STUB — to be written (see the seed in ../shared/seeds/).

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::Mount;

/// Path-prefix name of the provider.
pub const NAME: &str = "prostodar";

/// Credentials the simulator checks requests against.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProstodarConfig {}

/// The simulated Prostodar state (cheap to clone; clones share state).
#[derive(Clone, Debug)]
pub struct ProstodarSim {
    config: std::sync::Arc<ProstodarConfig>,
}

impl ProstodarSim {
    /// A fresh state checking requests against `config`.
    pub fn new(config: ProstodarConfig) -> ProstodarSim {
        ProstodarSim {
            config: std::sync::Arc::new(config),
        }
    }

    /// The credentials in force.
    pub fn config(&self) -> &ProstodarConfig {
        &self.config
    }

    /// The routers and fault answers of this provider.
    pub(crate) fn mount(&self) -> Mount {
        Mount {
            name: NAME,
            api: Router::new(),
            admin: Router::new(),
            internal_error,
            malformed,
        }
    }

    /// Adds demo data.
    pub fn seed_demo(&self) {}
}

fn internal_error() -> Response {
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

fn malformed() -> Response {
    (StatusCode::OK, "{\"truncated\":").into_response()
}
