//! `revhost:provider/config`: the instance's non-secret settings.

use crate::bindings::latest::revhost::provider::config;
use crate::runtime::state::PluginState;

impl config::Host for PluginState {
    fn get(&mut self, key: String) -> wasmtime::Result<Option<String>> {
        self.host_call()?;
        Ok(self.instance.config.get(&key).cloned())
    }

    fn instance(&mut self) -> wasmtime::Result<String> {
        self.host_call()?;
        Ok(self.instance.name.clone())
    }
}
