//! Building requests for the host to send.

pub use crate::bindings::revhost::provider::http::{
    Header, HttpError, Method, Request, Response, ResponseHeader, send,
};
use crate::signing::Part;

/// A request under construction.
pub struct RequestBuilder<'a> {
    request: Request<'a>,
}

impl<'a> RequestBuilder<'a> {
    /// A request with `method` to a URL given in clear.
    pub fn new(method: Method, url: &str) -> Self {
        Self::with_url_parts(method, vec![Part::Text(url.to_owned())])
    }

    /// A request whose URL is composed by the host (it may carry secrets).
    pub fn with_url_parts(method: Method, url: Vec<Part<'a>>) -> Self {
        Self {
            request: Request {
                method,
                url,
                headers: Vec::new(),
                body: Vec::new(),
            },
        }
    }

    /// Add a header with a clear value.
    pub fn header(self, name: &str, value: &str) -> Self {
        self.header_parts(name, vec![Part::Text(value.to_owned())])
    }

    /// Add a header whose value the host composes.
    pub fn header_parts(mut self, name: &str, value: Vec<Part<'a>>) -> Self {
        self.request.headers.push(Header {
            name: name.to_owned(),
            value,
        });
        self
    }

    /// Set the body to clear bytes.
    pub fn body(self, bytes: Vec<u8>) -> Self {
        self.body_parts(vec![Part::Bytes(bytes)])
    }

    /// Set a body the host composes.
    pub fn body_parts(mut self, parts: Vec<Part<'a>>) -> Self {
        self.request.body = parts;
        self
    }

    /// Send through the host.
    pub fn send(&self) -> Result<Response, HttpError> {
        send(&self.request)
    }
}

/// Join a base URL and a path with exactly one slash.
pub fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn join_handles_slashes() {
        assert_eq!(super::join("http://a/b/", "/c"), "http://a/b/c");
        assert_eq!(super::join("http://a", "c"), "http://a/c");
    }
}
