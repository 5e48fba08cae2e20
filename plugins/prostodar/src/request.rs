//! The rollback request: `POST {base_url}/partner/vc/mobile/rollback/` with
//! every parameter in the query string and no body.
//!
//! `partnerName` and `useAuthByCert=Y` travel in clear. `partnerPassword`,
//! `requestId` and `walletId` are each encrypted with RSA PKCS#1 v1.5 under
//! the provider's public key (config key `public_key`, read by the host; the
//! plugin never supplies a key), then standard base64, then URL-encoded. The
//! password is a secret: the host encrypts it, the plugin only sees the
//! ciphertext.

use revhost_sdk::http::{Method, RequestBuilder, join};
use revhost_sdk::signing::{self, Encoding, Part, SigningError, Value};
use revhost_sdk::{ErrorClass, ReversalError, outcome};

use crate::args::RollbackArgs;

/// The endpoint, relative to the instance's `base_url`.
pub const PATH: &str = "partner/vc/mobile/rollback/";
/// Config key holding the provider's RSA public key (PEM).
pub const PUBLIC_KEY: &str = "public_key";
/// Config key holding the partner name.
pub const PARTNER_NAME: &str = "partner_name";
/// Secret holding the partner's API password.
pub const PARTNER_PASSWORD: &str = "partner_password";

/// The query parameters as they go on the wire (before URL-encoding), in the
/// order of the provider's example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProstodarRollbackQuery {
    /// `requestId`: base64 of the RSA ciphertext of the create's request id.
    pub request_id: String,
    /// `partnerName`, in clear.
    pub partner_name: String,
    /// `partnerPassword`: base64 of the RSA ciphertext of the password.
    pub partner_password: String,
    /// `useAuthByCert`: always `Y` (the marked parameters are encrypted).
    pub use_auth_by_cert: &'static str,
    /// `walletId`: base64 of the RSA ciphertext of the create's wallet id.
    pub wallet_id: String,
}

impl ProstodarRollbackQuery {
    /// The query string, every value URL-encoded.
    pub fn to_query(&self) -> String {
        [
            ("requestId", self.request_id.as_str()),
            ("partnerName", self.partner_name.as_str()),
            ("partnerPassword", self.partner_password.as_str()),
            ("useAuthByCert", self.use_auth_by_cert),
            ("walletId", self.wallet_id.as_str()),
        ]
        .iter()
        .map(|(name, value)| format!("{name}={}", url_encode(value)))
        .collect::<Vec<_>>()
        .join("&")
    }
}

/// Build the rollback call for checked `args`.
pub fn rollback(args: &RollbackArgs) -> Result<RequestBuilder<'static>, ReversalError> {
    let base_url = revhost_sdk::required_config("base_url")?;
    let partner_name = revhost_sdk::required_config(PARTNER_NAME)?;
    let query = ProstodarRollbackQuery {
        request_id: encrypt(Part::Text(args.request_id.clone()), "requestId")?,
        partner_name,
        partner_password: encrypt(Part::Secret(PARTNER_PASSWORD.into()), "partnerPassword")?,
        use_auth_by_cert: "Y",
        wallet_id: encrypt(Part::Text(args.wallet_id.clone()), "walletId")?,
    };
    let url = format!("{}?{}", join(&base_url, PATH), query.to_query());
    Ok(RequestBuilder::new(Method::Post, &url))
}

/// `base64(RSA-PKCS1-v1.5(public_key, input))`, computed by the host.
fn encrypt(input: Part<'static>, what: &str) -> Result<String, ReversalError> {
    let cipher =
        signing::rsa_encrypt_pkcs1(PUBLIC_KEY, &[input]).map_err(|e| signing_error(e, what))?;
    match signing::encode(Encoding::Base64, &[Part::Bytes(cipher)])
        .map_err(|e| signing_error(e, what))?
    {
        Value::Clear(b) => String::from_utf8(b).map_err(|_| {
            outcome::error(
                ErrorClass::NotAttempted,
                "",
                "the host's base64 is not text",
            )
        }),
        Value::Sealed(_) => Err(outcome::error(
            ErrorClass::NotAttempted,
            "",
            "the host sealed a ciphertext; cannot put it in the query",
        )),
    }
}

/// Why `what` could not be encrypted, as an error the operator can act on.
fn signing_error(e: SigningError, what: &str) -> ReversalError {
    let (class, message) = match e {
        SigningError::UnknownConfig(k) => (
            ErrorClass::AuthConfig,
            format!(
                "configuration key {k:?} is not set: put Prostodar's RSA public key (PEM) there"
            ),
        ),
        SigningError::InvalidKey(m) => (
            ErrorClass::AuthConfig,
            format!("config key {PUBLIC_KEY:?} is not a usable RSA public key PEM: {m}"),
        ),
        SigningError::UnknownSecret(s) => (
            ErrorClass::AuthConfig,
            format!(
                "secret {s:?} is not set for this instance: give it the partner's API password"
            ),
        ),
        SigningError::InvalidInput(m) => (
            ErrorClass::InvalidRequest,
            format!("{what} cannot be encrypted (too long for the key?): {m}"),
        ),
    };
    outcome::error(class, "", &message)
}

/// Percent-encoding of everything but RFC 3986 unreserved characters (so
/// base64's `+`, `/` and `=` become `%2B`, `%2F`, `%3D`).
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding_of_base64() {
        assert_eq!(url_encode("ab+/9=="), "ab%2B%2F9%3D%3D");
        assert_eq!(url_encode("a b~-._"), "a%20b~-._");
        assert_eq!(url_encode("имя"), "%D0%B8%D0%BC%D1%8F");
    }

    #[test]
    fn query_in_documented_order() {
        let q = ProstodarRollbackQuery {
            request_id: "cmVx".into(),
            partner_name: "name".into(),
            partner_password: "cA==".into(),
            use_auth_by_cert: "Y",
            wallet_id: "d+/a".into(),
        };
        assert_eq!(
            q.to_query(),
            "requestId=cmVx&partnerName=name&partnerPassword=cA%3D%3D&useAuthByCert=Y&walletId=d%2B%2Fa"
        );
    }
}
