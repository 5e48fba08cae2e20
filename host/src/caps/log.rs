//! `revhost:provider/log`: plugin messages into the host's `tracing` log,
//! tagged with plugin and instance, capped per call.

use crate::bindings::latest::revhost::provider::log::{self, Level};
use crate::runtime::state::PluginState;

/// Longest single message kept; the rest is cut.
const MAX_MESSAGE_CHARS: usize = 2_000;

impl log::Host for PluginState {
    fn write(&mut self, level: Level, message: String) -> wasmtime::Result<()> {
        self.host_call()?;
        self.usage.log_bytes += message.len() as u64;
        if self.usage.log_bytes > self.instance.limits.max_log_bytes {
            return Ok(());
        }
        let mut message = message;
        if message.len() > MAX_MESSAGE_CHARS {
            let mut end = MAX_MESSAGE_CHARS;
            while !message.is_char_boundary(end) {
                end -= 1;
            }
            message.truncate(end);
            message.push_str(" [cut]");
        }
        let (plugin, instance) = (&self.instance.plugin, &self.instance.name);
        match level {
            Level::Trace => tracing::trace!(target: "plugin", plugin, instance, "{message}"),
            Level::Debug => tracing::debug!(target: "plugin", plugin, instance, "{message}"),
            Level::Info => tracing::info!(target: "plugin", plugin, instance, "{message}"),
            Level::Warn => tracing::warn!(target: "plugin", plugin, instance, "{message}"),
            Level::Error => tracing::error!(target: "plugin", plugin, instance, "{message}"),
        }
        Ok(())
    }
}
