//! Egress policy: which origins and addresses a provider instance may reach.
//!
//! Deny by default. An origin (scheme, host, port) must be on the plugin's
//! allowlist or the operator's additions, and every address it resolves to
//! must be public unless the operator allowed that exact address. Checked
//! before each request; the resolver checks resolved addresses again.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use url::Url;

/// An allowed origin: scheme, lower-case host and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// `http` or `https`.
    pub scheme: String,
    /// Host name or IP literal, lower-case, without brackets.
    pub host: String,
    /// Port (defaulted from the scheme).
    pub port: u16,
}

impl Origin {
    /// Parse `https://host[:port]`, `http://host[:port]` or a bare `host`
    /// (meaning `https://host:443`). Paths are not allowed.
    pub fn parse(s: &str) -> Result<Self, String> {
        let with_scheme = if s.contains("://") {
            s.to_owned()
        } else {
            format!("https://{s}")
        };
        let url = Url::parse(&with_scheme).map_err(|e| format!("{s:?} is not an origin: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("{s:?}: only http and https are allowed"));
        }
        if url.path() != "/" || url.query().is_some() || !url.username().is_empty() {
            return Err(format!(
                "{s:?}: an origin is scheme://host[:port], without path, query or user"
            ));
        }
        Self::of(&url).ok_or_else(|| format!("{s:?} has no host"))
    }

    /// The origin of a URL, if it has a host.
    pub fn of(url: &Url) -> Option<Self> {
        let host = match url.host()? {
            url::Host::Domain(d) => d.to_ascii_lowercase(),
            url::Host::Ipv4(ip) => ip.to_string(),
            url::Host::Ipv6(ip) => ip.to_string(),
        };
        Some(Self {
            scheme: url.scheme().to_owned(),
            host,
            port: url.port_or_known_default()?,
        })
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.host.contains(':') {
            write!(f, "{}://[{}]:{}", self.scheme, self.host, self.port)
        } else {
            write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

/// The egress rules of one provider instance.
#[derive(Debug, Clone, Default)]
pub struct EgressPolicy {
    origins: Vec<Origin>,
    allow_private: Vec<IpAddr>,
}

impl EgressPolicy {
    /// A policy allowing `origins`, and the listed non-public addresses.
    pub fn new(origins: Vec<Origin>, allow_private: Vec<IpAddr>) -> Self {
        Self {
            origins,
            allow_private,
        }
    }

    /// The allowed origins.
    pub fn origins(&self) -> &[Origin] {
        &self.origins
    }

    /// Check a URL before anything is sent. The error does not repeat the URL
    /// (it may carry sealed values), only its origin.
    pub fn check_url(&self, url: &Url) -> Result<(), String> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("scheme {:?} is not allowed", url.scheme()));
        }
        let origin = Origin::of(url).ok_or("the URL has no host")?;
        if !self.origins.contains(&origin) {
            return Err(format!("{origin} is not on this instance's allowlist"));
        }
        if let Ok(ip) = origin.host.parse::<IpAddr>() {
            self.check_ip(ip)?;
        }
        Ok(())
    }

    /// Check one address a host name resolved to (or an IP literal).
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), String> {
        if is_public(ip) || self.allow_private.contains(&ip) {
            Ok(())
        } else {
            Err(format!(
                "address {ip} is loopback, private, link-local or reserved, and not allowed for this instance"
            ))
        }
    }
}

/// Whether an address is globally routable (not loopback, private, link-local,
/// shared, documentation, multicast or otherwise reserved).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            is_public_v6(v6)
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 && ip.segments()[1] == 0xff9b) // NAT64 (embeds v4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> EgressPolicy {
        EgressPolicy::new(
            vec![
                Origin::parse("api.example.com").unwrap(),
                Origin::parse("http://127.0.0.1:8080").unwrap(),
            ],
            vec!["127.0.0.1".parse().unwrap()],
        )
    }

    #[test]
    fn bare_host_means_https_443() {
        let o = Origin::parse("API.Example.com").unwrap();
        assert_eq!(
            (o.scheme.as_str(), o.host.as_str(), o.port),
            ("https", "api.example.com", 443)
        );
        assert!(Origin::parse("https://x/path").is_err());
        assert!(Origin::parse("ftp://x").is_err());
    }

    #[test]
    fn allows_only_listed_origins() {
        let p = policy();
        assert!(
            p.check_url(&Url::parse("https://api.example.com/v1/x?y=1").unwrap())
                .is_ok()
        );
        assert!(
            p.check_url(&Url::parse("http://api.example.com/v1").unwrap())
                .is_err()
        );
        assert!(
            p.check_url(&Url::parse("https://api.example.com:8443/").unwrap())
                .is_err()
        );
        assert!(
            p.check_url(&Url::parse("https://evil.com/").unwrap())
                .is_err()
        );
        assert!(
            p.check_url(&Url::parse("http://127.0.0.1:8080/x").unwrap())
                .is_ok()
        );
        assert!(
            p.check_url(&Url::parse("http://127.0.0.1:8081/x").unwrap())
                .is_err()
        );
    }

    #[test]
    fn refuses_private_addresses_not_explicitly_allowed() {
        let p = policy();
        for ip in [
            "127.0.0.2",
            "10.0.0.1",
            "169.254.169.254",
            "::1",
            "::ffff:127.0.0.1",
            "fd00::1",
            "100.64.0.1",
            "0.0.0.0",
        ] {
            assert!(
                p.check_ip(ip.parse().unwrap()).is_err(),
                "{ip} should be refused"
            );
        }
        assert!(p.check_ip("127.0.0.1".parse().unwrap()).is_ok());
        assert!(p.check_ip("93.184.216.34".parse().unwrap()).is_ok());
    }
}
