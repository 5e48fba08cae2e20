//! The normalized result of a reversal, as the host reports it to callers.
//!
//! These are domain types, independent of any WIT version: the bindings layer
//! converts each version's types into them at the edge.

use serde::Serialize;
use std::fmt;

use crate::bindings::latest::revhost::provider::types as wit;

/// The normalized state of a reversal. See `wit/v0.1/types.wit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeKind {
    /// The provider reversed the payment now.
    Succeeded,
    /// The payment was already reversed; nothing more was done.
    AlreadyReversed,
    /// Accepted, still in progress: read the status later.
    Pending,
    /// Waits for a merchant step (`next_step` says which).
    RequiresAction,
    /// Refused for a business reason; final.
    Declined,
}

/// What a provider answered, normalized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The normalized state.
    pub kind: OutcomeKind,
    /// The provider's own status or code.
    pub provider_code: String,
    /// The provider's own message.
    pub provider_message: String,
    /// The provider's id for the reversal.
    pub provider_reference: Option<String>,
    /// Amount reversed, decimal string.
    pub amount: Option<String>,
    /// Fee charged, decimal string.
    pub fee: Option<String>,
    /// What is left to do, for non-final outcomes.
    pub next_step: Option<String>,
    /// Further provider facts.
    pub details: Vec<(String, String)>,
}

/// Why a reversal did not reach an outcome, and so what to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorClass {
    /// Provably never reached the provider: fix and retry.
    NotAttempted,
    /// Sent, result unknown: read the status before anything else.
    InDoubt,
    /// Retry later.
    RateLimited,
    /// Provider down, did not act: retry later.
    ProviderDown,
    /// Credentials or account wrong: an operator must fix the configuration.
    AuthConfig,
    /// The request is invalid: fix it.
    InvalidRequest,
    /// The provider does not know the payment.
    NotFound,
}

/// What went wrong inside the host or the sandbox (not at the provider).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "detail")]
pub enum PluginFault {
    /// The plugin trapped (panic, unreachable, out-of-bounds access, stack overflow).
    Trap(String),
    /// The plugin hit one of its limits; the string names it.
    Limit(String),
    /// The plugin broke the API contract (e.g. an invalid answer).
    Contract(String),
}

/// A reversal that did not reach an outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReversalError {
    /// The error class.
    pub class: ErrorClass,
    /// The provider's own code (empty when it never answered).
    pub provider_code: String,
    /// The provider's message or the plugin's or host's explanation.
    pub message: String,
    /// How long the provider asked us to wait.
    pub retry_after_ms: Option<u64>,
    /// The provider's raw answer, size-capped.
    pub raw: Option<String>,
    /// Set when the sandbox, not the provider, ended the call.
    pub fault: Option<PluginFault>,
}

impl OutcomeKind {
    /// The kebab-case name used in WIT, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::AlreadyReversed => "already-reversed",
            Self::Pending => "pending",
            Self::RequiresAction => "requires-action",
            Self::Declined => "declined",
        }
    }

    /// Whether the reversal is over (no further step will change it).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Succeeded | Self::AlreadyReversed | Self::Declined
        )
    }
}

impl ErrorClass {
    /// The kebab-case name used in WIT, JSON and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotAttempted => "not-attempted",
            Self::InDoubt => "in-doubt",
            Self::RateLimited => "rate-limited",
            Self::ProviderDown => "provider-down",
            Self::AuthConfig => "auth-config",
            Self::InvalidRequest => "invalid-request",
            Self::NotFound => "not-found",
        }
    }

    /// What the caller should do next, in a sentence.
    pub fn advice(self) -> &'static str {
        match self {
            Self::NotAttempted => "never reached the provider; fix the cause and retry",
            Self::InDoubt => "may have been applied; read the status before anything else",
            Self::RateLimited => "retry later, after the delay the provider asked for",
            Self::ProviderDown => "the provider did not act; retry later",
            Self::AuthConfig => "fix the instance's credentials or account; retrying will not help",
            Self::InvalidRequest => "fix the request; retrying it unchanged will not help",
            Self::NotFound => "the provider does not know this payment; check the reference",
        }
    }
}

impl fmt::Display for OutcomeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for ErrorClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for ReversalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.class, self.message)?;
        if !self.provider_code.is_empty() {
            write!(f, " (provider code {})", self.provider_code)?;
        }
        Ok(())
    }
}

impl std::error::Error for ReversalError {}

impl ReversalError {
    /// An error raised by the sandbox. `sent` says whether any HTTP request had
    /// left the host before the fault: then the provider may have acted.
    pub fn from_fault(fault: PluginFault, sent: bool) -> Self {
        let (class, when) = if sent {
            (ErrorClass::InDoubt, "after a request was sent")
        } else {
            (ErrorClass::NotAttempted, "before any request was sent")
        };
        let what = match &fault {
            PluginFault::Trap(m) => format!("plugin trapped {when}: {m}"),
            PluginFault::Limit(m) => format!("plugin stopped {when}: {m}"),
            PluginFault::Contract(m) => format!("plugin broke the API contract {when}: {m}"),
        };
        Self {
            class,
            provider_code: String::new(),
            message: what,
            retry_after_ms: None,
            raw: None,
            fault: Some(fault),
        }
    }
}

impl From<wit::OutcomeKind> for OutcomeKind {
    fn from(k: wit::OutcomeKind) -> Self {
        match k {
            wit::OutcomeKind::Succeeded => Self::Succeeded,
            wit::OutcomeKind::AlreadyReversed => Self::AlreadyReversed,
            wit::OutcomeKind::Pending => Self::Pending,
            wit::OutcomeKind::RequiresAction => Self::RequiresAction,
            wit::OutcomeKind::Declined => Self::Declined,
        }
    }
}

impl From<wit::ErrorClass> for ErrorClass {
    fn from(c: wit::ErrorClass) -> Self {
        match c {
            wit::ErrorClass::NotAttempted => Self::NotAttempted,
            wit::ErrorClass::InDoubt => Self::InDoubt,
            wit::ErrorClass::RateLimited => Self::RateLimited,
            wit::ErrorClass::ProviderDown => Self::ProviderDown,
            wit::ErrorClass::AuthConfig => Self::AuthConfig,
            wit::ErrorClass::InvalidRequest => Self::InvalidRequest,
            wit::ErrorClass::NotFound => Self::NotFound,
        }
    }
}

impl From<wit::Outcome> for Outcome {
    fn from(o: wit::Outcome) -> Self {
        Self {
            kind: o.kind.into(),
            provider_code: o.provider_code,
            provider_message: o.provider_message,
            provider_reference: o.provider_reference,
            amount: o.amount,
            fee: o.fee,
            next_step: o.next_step,
            details: o.details.into_iter().map(|p| (p.name, p.value)).collect(),
        }
    }
}

impl From<wit::ReversalError> for ReversalError {
    fn from(e: wit::ReversalError) -> Self {
        Self {
            class: e.class.into(),
            provider_code: e.provider_code,
            message: e.message,
            retry_after_ms: e.retry_after_ms,
            raw: e.raw,
            fault: None,
        }
    }
}
