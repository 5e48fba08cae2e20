//! One call into a plugin: a fresh instance from its `InstancePre`, limits
//! armed, and every way it can end turned into an outcome or a typed error.

use std::sync::Arc;
use wasmtime::{Store, Trap, UpdateDeadline};

use crate::bindings::latest::PluginPre;
use crate::bindings::latest::revhost::provider::types as wit;
use crate::outcome::{Outcome, PluginFault, ReversalError};
use crate::runtime::state::{InstanceCtx, PluginState, Usage};

/// Longest raw provider answer kept in an error.
pub const MAX_RAW_CHARS: usize = 8 * 1024;

/// Largest answer (all strings of an outcome or error together) a plugin may
/// return; more is a broken contract, not something to store or print.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// What to call.
pub enum Call {
    /// `adapter.reverse`
    Reverse(wit::ReverseRequest),
    /// `adapter.status`
    Status(wit::StatusRequest),
}

/// The result of a call and what it used.
#[derive(Debug, Clone)]
pub struct CallReport {
    /// The outcome or error.
    pub result: Result<Outcome, ReversalError>,
    /// Resources used.
    pub usage: Usage,
}

/// Run `call` in a fresh instance of `pre` for `instance`.
pub async fn run(
    pre: &PluginPre<PluginState>,
    instance: Arc<InstanceCtx>,
    call: Call,
) -> CallReport {
    let wall = instance.limits.wall;
    let mut store = new_store(pre, instance);
    let outcome = tokio::time::timeout(wall, async {
        let plugin = pre.instantiate_async(&mut store).await?;
        let adapter = plugin.revhost_provider_adapter();
        match &call {
            Call::Reverse(r) => adapter.call_reverse(&mut store, r).await,
            Call::Status(r) => adapter.call_status(&mut store, r).await,
        }
    })
    .await;
    let state = store.data();
    let result = match outcome {
        Ok(Ok(answer)) if answer_size(&answer) > MAX_ANSWER_BYTES => {
            Err(ReversalError::from_fault(
                PluginFault::Contract(format!(
                    "it returned {} bytes of text, more than the {MAX_ANSWER_BYTES} allowed",
                    answer_size(&answer)
                )),
                state.usage.maybe_sent,
            ))
        }
        Ok(Ok(Ok(o))) => Ok(o.into()),
        Ok(Ok(Err(e))) => Err(cap_raw(e.into())),
        Ok(Err(trap)) => Err(ReversalError::from_fault(
            fault_of(state, &trap),
            state.usage.maybe_sent,
        )),
        Err(_elapsed) => Err(ReversalError::from_fault(
            PluginFault::Limit(format!("wall-time limit of {} ms", wall.as_millis())),
            // A timeout during an HTTP call may mean a request is in flight.
            state.usage.maybe_sent || state.usage.http_requests > 0,
        )),
    };
    CallReport {
        result,
        usage: state.usage(),
    }
}

/// The store of one call: a fresh [`PluginState`], the memory limiter, and
/// the epoch callback that enforces the CPU and wall-time limits.
pub fn new_store(pre: &PluginPre<PluginState>, instance: Arc<InstanceCtx>) -> Store<PluginState> {
    let mut store = Store::new(pre.engine(), PluginState::new(instance));
    store.limiter(|s| s);
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(|mut ctx| {
        ctx.data_mut().check_time()?;
        Ok(UpdateDeadline::Yield(1))
    });
    store
}

/// Explain why a call trapped: a limit the host recorded, or the trap itself.
fn fault_of(state: &PluginState, err: &wasmtime::Error) -> PluginFault {
    if let Some(f) = &state.fault {
        return f.clone();
    }
    match err.downcast_ref::<Trap>() {
        Some(Trap::StackOverflow) => PluginFault::Limit("stack overflow".into()),
        Some(Trap::UnreachableCodeReached) => {
            PluginFault::Trap("unreachable code reached (the plugin panicked or aborted)".into())
        }
        Some(t) => PluginFault::Trap(t.to_string()),
        None if is_pool_exhausted(err) => PluginFault::Limit(
            "too many calls at once: the instance pool is full; retry shortly".into(),
        ),
        None => PluginFault::Trap(first_line(err)),
    }
}

fn is_pool_exhausted(err: &wasmtime::Error) -> bool {
    err.chain()
        .any(|e| e.is::<wasmtime::PoolConcurrencyLimitError>())
}

fn first_line(err: &wasmtime::Error) -> String {
    let text = format!("{err:#}");
    text.lines().next().unwrap_or_default().to_owned()
}

/// Bytes of text in a plugin's answer (the raw answer is capped separately).
fn answer_size(answer: &Result<wit::Outcome, wit::ReversalError>) -> usize {
    match answer {
        Ok(o) => {
            let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
            o.provider_code.len()
                + o.provider_message.len()
                + opt(&o.provider_reference)
                + opt(&o.amount)
                + opt(&o.fee)
                + opt(&o.next_step)
                + o.details
                    .iter()
                    .map(|p| p.name.len() + p.value.len())
                    .sum::<usize>()
        }
        Err(e) => e.provider_code.len() + e.message.len(),
    }
}

fn cap_raw(mut e: ReversalError) -> ReversalError {
    if let Some(raw) = &mut e.raw
        && raw.len() > MAX_RAW_CHARS
    {
        let mut end = MAX_RAW_CHARS;
        while !raw.is_char_boundary(end) {
            end -= 1;
        }
        raw.truncate(end);
        raw.push_str(" [cut]");
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::ErrorClass;

    #[test]
    fn raw_answers_are_capped() {
        let e = ReversalError {
            class: ErrorClass::InDoubt,
            provider_code: String::new(),
            message: String::new(),
            retry_after_ms: None,
            raw: Some("é".repeat(MAX_RAW_CHARS)),
            fault: None,
        };
        let capped = cap_raw(e);
        assert!(capped.raw.unwrap().len() <= MAX_RAW_CHARS + 6);
    }
}
