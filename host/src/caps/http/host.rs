//! The `http.send` host function.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::bindings::latest::revhost::provider::http::{
    self, HttpError, Method, Request, Response, ResponseHeader,
};
use crate::caps::signing::compose;
use crate::runtime::state::{InstanceCtx, PluginState};

use super::policy::EgressPolicy;
use super::resolver::CheckedResolver;

/// How an instance's requests leave the host.
#[derive(Clone)]
pub enum Transport {
    /// Real HTTP(S) with the instance's client.
    Network(reqwest::Client),
    /// An in-process responder: no network at all. For benchmarks and for
    /// testing a plugin's mapping without a server. The request has passed
    /// every policy check, exactly as it would before going out.
    Responder(Arc<dyn Fn(&reqwest::Request) -> CannedResponse + Send + Sync>),
}

/// What a [`Transport::Responder`] answers.
#[derive(Debug, Clone, Default)]
pub struct CannedResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers (lower-case names).
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

/// Build the HTTP client of one provider instance: rustls, no redirects, no
/// proxies from the environment, and a resolver bound to the instance's
/// egress policy.
pub fn build_client(policy: Arc<EgressPolicy>, connect_timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(connect_timeout)
        .dns_resolver(Arc::new(CheckedResolver { policy }))
        .user_agent(concat!("revhost/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the HTTP client configuration is static and valid")
}

impl http::Host for PluginState {
    async fn send(&mut self, request: Request) -> wasmtime::Result<Result<Response, HttpError>> {
        self.host_call()?;
        self.usage.http_requests += 1;
        if self.usage.http_requests > self.instance.limits.max_http_requests {
            return Err(self.limit_hit(format!(
                "more than {} HTTP requests in one call",
                self.instance.limits.max_http_requests
            )));
        }
        let prepared = match self.prepare(request) {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        };
        let started = Instant::now();
        let instance = self.instance.clone();
        let result = execute(&instance, prepared).await;
        self.usage.host_time += started.elapsed();
        if !matches!(
            result,
            Err(HttpError::Connect(_) | HttpError::Denied(_) | HttpError::Invalid(_))
        ) {
            self.usage.maybe_sent = true;
        }
        Ok(result)
    }
}

impl PluginState {
    /// Compose and check a request; nothing is sent here.
    fn prepare(&self, request: Request) -> Result<reqwest::Request, HttpError> {
        let limits = &self.instance.limits;
        let keyring = &self.instance.keyring;
        let part_error = |what: &str, e| HttpError::Invalid(format!("{what}: {e:?}"));
        let url = compose(keyring, &self.table, &request.url, 8 * 1024)
            .map_err(|e| part_error("url", e))?;
        let url_text = String::from_utf8(url.bytes)
            .map_err(|_| HttpError::Invalid("the URL is not UTF-8".into()))?;
        let parsed = url::Url::parse(&url_text).map_err(|e| {
            HttpError::Invalid(if url.secret {
                format!("the URL (with sealed values, not shown) is invalid: {e}")
            } else {
                format!("the URL {url_text:?} is invalid: {e}")
            })
        })?;
        self.instance
            .egress
            .check_url(&parsed)
            .map_err(HttpError::Denied)?;
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut out = reqwest::Request::new(method, parsed);
        for h in &request.headers {
            let name = reqwest::header::HeaderName::from_bytes(h.name.as_bytes())
                .map_err(|_| HttpError::Invalid(format!("header name {:?} is invalid", h.name)))?;
            let value = compose(keyring, &self.table, &h.value, 8 * 1024)
                .map_err(|e| part_error("header value", e))?;
            let value = reqwest::header::HeaderValue::from_bytes(&value.bytes).map_err(|_| {
                HttpError::Invalid(format!("the value of header {:?} is invalid", h.name))
            })?;
            out.headers_mut().append(name, value);
        }
        let body = compose(
            keyring,
            &self.table,
            &request.body,
            limits.max_request_bytes,
        )
        .map_err(|_| {
            HttpError::Denied(format!(
                "the request body is larger than {} bytes, or references an unknown secret",
                limits.max_request_bytes
            ))
        })?;
        if !body.bytes.is_empty() {
            *out.body_mut() = Some(body.bytes.into());
        }
        *out.timeout_mut() = Some(limits.http_timeout);
        Ok(out)
    }
}

/// Send a checked request and read the response within the caps.
async fn execute(instance: &InstanceCtx, request: reqwest::Request) -> Result<Response, HttpError> {
    let limits = &instance.limits;
    let cap = limits.max_response_bytes;
    let client = match &instance.transport {
        Transport::Network(client) => client,
        Transport::Responder(respond) => return canned(respond(&request), cap),
    };
    let exchange = async {
        let mut resp = client.execute(request).await.map_err(classify)?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| ResponseHeader {
                name: k.as_str().to_owned(),
                value: String::from_utf8_lossy(v.as_bytes()).into_owned(),
            })
            .collect();
        if resp.content_length().is_some_and(|n| n > cap) {
            return Err(HttpError::TooLarge(cap));
        }
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(classify)? {
            if (body.len() + chunk.len()) as u64 > cap {
                return Err(HttpError::TooLarge(cap));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    };
    match tokio::time::timeout(limits.http_timeout, exchange).await {
        Ok(r) => r,
        Err(_) => Err(HttpError::Timeout(format!(
            "no complete answer within {} ms",
            limits.http_timeout.as_millis()
        ))),
    }
}

fn canned(r: CannedResponse, cap: u64) -> Result<Response, HttpError> {
    if r.body.len() as u64 > cap {
        return Err(HttpError::TooLarge(cap));
    }
    Ok(Response {
        status: r.status,
        headers: r
            .headers
            .into_iter()
            .map(|(name, value)| ResponseHeader { name, value })
            .collect(),
        body: r.body,
    })
}

/// Map a reqwest error onto whether the provider can have seen the request.
fn classify(e: reqwest::Error) -> HttpError {
    let e = e.without_url();
    let msg = error_chain(&e);
    if e.is_connect() {
        // Also covers our resolver refusing private addresses.
        if msg.contains("no allowed address") {
            HttpError::Denied(msg)
        } else {
            HttpError::Connect(msg)
        }
    } else if e.is_timeout() {
        HttpError::Timeout(msg)
    } else if e.is_builder() {
        HttpError::Invalid(msg)
    } else {
        HttpError::NoResponse(msg)
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        s.push_str(": ");
        s.push_str(&cause.to_string());
        source = cause.source();
    }
    s
}
