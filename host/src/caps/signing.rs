//! `revhost:provider/signing`: secrets by name, sealed values, and the
//! transforms providers need, computed by the host.
//!
//! Rules (see `wit/v0.1/signing.wit`): a secret's bytes never cross into the
//! sandbox; a reversible transform with a secret input yields a [`Sealed`]
//! handle; one-way transforms return clear bytes; the RSA key is the
//! operator's, read from the instance configuration.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::{Pkcs1v15Encrypt, RsaPublicKey};
use sha2::Digest;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use wasmtime::component::{Resource, ResourceTable};

use crate::bindings::latest::revhost::provider::signing::{
    self, DigestAlgorithm, Encoding, Part, SigningError, Value,
};
use crate::runtime::state::PluginState;

/// A value derived from a secret, held by the host for one call.
pub struct Sealed(Vec<u8>);

impl Sealed {
    /// The bytes, for the host's own use (composing an outgoing request).
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// The secrets of one provider instance, by name.
#[derive(Default)]
pub struct Keyring {
    secrets: BTreeMap<String, Vec<u8>>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names only; values are never printed.
        f.debug_set().entries(self.secrets.keys()).finish()
    }
}

impl Keyring {
    /// A keyring holding `secrets`.
    pub fn new(secrets: BTreeMap<String, Vec<u8>>) -> Self {
        Self { secrets }
    }

    fn get(&self, name: &str) -> Result<&[u8], SigningError> {
        self.secrets
            .get(name)
            .map(Vec::as_slice)
            .ok_or_else(|| SigningError::UnknownSecret(name.to_owned()))
    }
}

/// Parsed RSA public keys of an instance, by configuration key.
#[derive(Default)]
pub struct RsaKeys(Mutex<BTreeMap<String, Arc<RsaPublicKey>>>);

impl RsaKeys {
    fn get(
        &self,
        config: &BTreeMap<String, String>,
        key: &str,
    ) -> Result<Arc<RsaPublicKey>, SigningError> {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(k) = cache.get(key) {
            return Ok(k.clone());
        }
        let pem = config
            .get(key)
            .ok_or_else(|| SigningError::UnknownConfig(key.to_owned()))?;
        let parsed = RsaPublicKey::from_public_key_pem(pem)
            .or_else(|_| RsaPublicKey::from_pkcs1_pem(pem))
            .map_err(|e| {
                SigningError::InvalidKey(format!(
                    "configuration key {key:?} is not a PEM RSA public key: {e}"
                ))
            })?;
        let parsed = Arc::new(parsed);
        cache.insert(key.to_owned(), parsed.clone());
        Ok(parsed)
    }
}

/// Bytes composed from parts, and whether a secret took part.
pub(crate) struct Composed {
    pub bytes: Vec<u8>,
    pub secret: bool,
}

/// Concatenate `parts`, resolving secrets and sealed handles. At most `cap` bytes.
pub(crate) fn compose(
    keyring: &Keyring,
    table: &ResourceTable,
    parts: &[Part],
    cap: u64,
) -> Result<Composed, SigningError> {
    let mut out = Composed {
        bytes: Vec::new(),
        secret: false,
    };
    for part in parts {
        match part {
            Part::Text(t) => out.bytes.extend_from_slice(t.as_bytes()),
            Part::Bytes(b) => out.bytes.extend_from_slice(b),
            Part::Secret(name) => {
                out.bytes.extend_from_slice(keyring.get(name)?);
                out.secret = true;
            }
            Part::Sealed(handle) => {
                let sealed = table.get(handle).map_err(|_| {
                    SigningError::InvalidInput("a sealed handle is not valid in this call".into())
                })?;
                out.bytes.extend_from_slice(sealed.bytes());
                out.secret = true;
            }
        }
        if out.bytes.len() as u64 > cap {
            return Err(SigningError::InvalidInput(format!(
                "composed value exceeds {cap} bytes"
            )));
        }
    }
    Ok(out)
}

/// Encode bytes as `encoding` says.
pub fn encode(encoding: Encoding, bytes: &[u8]) -> Vec<u8> {
    match encoding {
        Encoding::Base64 => STANDARD.encode(bytes).into_bytes(),
        Encoding::Base64url => URL_SAFE_NO_PAD.encode(bytes).into_bytes(),
        Encoding::Hex => hex::encode(bytes).into_bytes(),
        Encoding::Url => percent_encoding::percent_encode(bytes, URL_UNRESERVED_COMPLEMENT)
            .to_string()
            .into_bytes(),
    }
}

/// Everything but RFC 3986 unreserved characters is percent-encoded.
const URL_UNRESERVED_COMPLEMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Digest of `bytes`.
pub fn digest(algorithm: DigestAlgorithm, bytes: &[u8]) -> Vec<u8> {
    match algorithm {
        DigestAlgorithm::Md5 => md5::Md5::digest(bytes).to_vec(),
        DigestAlgorithm::Sha1 => sha1::Sha1::digest(bytes).to_vec(),
        DigestAlgorithm::Sha256 => sha2::Sha256::digest(bytes).to_vec(),
        DigestAlgorithm::Sha512 => sha2::Sha512::digest(bytes).to_vec(),
    }
}

/// HMAC of `message` under `key`.
pub fn hmac(algorithm: DigestAlgorithm, key: &[u8], message: &[u8]) -> Vec<u8> {
    fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
        let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key)
            .expect("HMAC accepts keys of any length");
        mac.update(message);
        mac.finalize().into_bytes().to_vec()
    }
    match algorithm {
        DigestAlgorithm::Md5 => run::<Hmac<md5::Md5>>(key, message),
        DigestAlgorithm::Sha1 => run::<Hmac<sha1::Sha1>>(key, message),
        DigestAlgorithm::Sha256 => run::<Hmac<sha2::Sha256>>(key, message),
        DigestAlgorithm::Sha512 => run::<Hmac<sha2::Sha512>>(key, message),
    }
}

/// A compact HS256 JWT over the exact payload bytes.
pub fn jwt_hs256(key: &[u8], payload_json: &str) -> Result<String, SigningError> {
    match serde_json::from_str::<serde_json::Value>(payload_json) {
        Ok(serde_json::Value::Object(_)) => {}
        _ => {
            return Err(SigningError::InvalidInput(
                "the JWT payload must be a JSON object".into(),
            ));
        }
    }
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(payload_json.as_bytes());
    let signing_input = format!("{header}.{payload}");
    let sig = hmac(DigestAlgorithm::Sha256, key, signing_input.as_bytes());
    Ok(format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(sig)))
}

impl PluginState {
    fn compose(&self, parts: &[Part]) -> Result<Composed, SigningError> {
        compose(
            &self.instance.keyring,
            &self.table,
            parts,
            self.instance.limits.max_request_bytes,
        )
    }

    /// Clear bytes, or a new sealed handle when a secret took part.
    fn seal_if_secret(&mut self, c: Composed) -> wasmtime::Result<Value> {
        if !c.secret {
            return Ok(Value::Clear(c.bytes));
        }
        self.usage.sealed_bytes += c.bytes.len() as u64;
        if self.usage.sealed_bytes > 4 * self.instance.limits.max_request_bytes {
            return Err(self.limit_hit(format!(
                "sealed values above {} bytes in one call",
                4 * self.instance.limits.max_request_bytes
            )));
        }
        Ok(Value::Sealed(self.table.push(Sealed(c.bytes))?))
    }
}

impl signing::Host for PluginState {
    fn concat(&mut self, parts: Vec<Part>) -> wasmtime::Result<Result<Value, SigningError>> {
        self.host_call()?;
        match self.compose(&parts) {
            Ok(c) => self.seal_if_secret(c).map(Ok),
            Err(e) => Ok(Err(e)),
        }
    }

    fn encode(
        &mut self,
        encoding: Encoding,
        input: Vec<Part>,
    ) -> wasmtime::Result<Result<Value, SigningError>> {
        self.host_call()?;
        match self.compose(&input) {
            Ok(c) => {
                let bytes = encode(encoding, &c.bytes);
                self.seal_if_secret(Composed {
                    bytes,
                    secret: c.secret,
                })
                .map(Ok)
            }
            Err(e) => Ok(Err(e)),
        }
    }

    fn digest(
        &mut self,
        algorithm: DigestAlgorithm,
        input: Vec<Part>,
    ) -> wasmtime::Result<Result<Vec<u8>, SigningError>> {
        self.host_call()?;
        Ok(self.compose(&input).map(|c| digest(algorithm, &c.bytes)))
    }

    fn hmac(
        &mut self,
        algorithm: DigestAlgorithm,
        key: Vec<Part>,
        message: Vec<Part>,
    ) -> wasmtime::Result<Result<Vec<u8>, SigningError>> {
        self.host_call()?;
        Ok((|| {
            let k = self.compose(&key)?;
            let m = self.compose(&message)?;
            Ok(hmac(algorithm, &k.bytes, &m.bytes))
        })())
    }

    fn rsa_encrypt_pkcs1(
        &mut self,
        key_config: String,
        input: Vec<Part>,
    ) -> wasmtime::Result<Result<Vec<u8>, SigningError>> {
        self.host_call()?;
        Ok((|| {
            let key = self
                .instance
                .rsa_keys
                .get(&self.instance.config, &key_config)?;
            let plain = self.compose(&input)?;
            key.encrypt(&mut rand::thread_rng(), Pkcs1v15Encrypt, &plain.bytes)
                .map_err(|e| SigningError::InvalidInput(format!("RSA encryption failed: {e}")))
        })())
    }

    fn jwt_hs256(
        &mut self,
        key: Vec<Part>,
        payload_json: String,
    ) -> wasmtime::Result<Result<String, SigningError>> {
        self.host_call()?;
        Ok(self
            .compose(&key)
            .and_then(|k| jwt_hs256(&k.bytes, &payload_json)))
    }
}

impl signing::HostSealed for PluginState {
    fn drop(&mut self, rep: Resource<Sealed>) -> wasmtime::Result<()> {
        self.table.delete(rep)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyring() -> Keyring {
        Keyring::new(BTreeMap::from([("api_key".to_owned(), b"k3y".to_vec())]))
    }

    #[test]
    fn composing_with_a_secret_marks_it_and_unknown_secret_is_an_error() {
        let table = ResourceTable::new();
        let c = compose(
            &keyring(),
            &table,
            &[Part::Text("a".into()), Part::Secret("api_key".into())],
            1024,
        )
        .unwrap();
        assert_eq!(c.bytes, b"ak3y");
        assert!(c.secret);
        let err = compose(&keyring(), &table, &[Part::Secret("other".into())], 1024).err();
        assert!(matches!(err, Some(SigningError::UnknownSecret(n)) if n == "other"));
        assert!(compose(&keyring(), &table, &[Part::Text("x".repeat(10))], 5).is_err());
    }

    #[test]
    fn cryptomus_signature_matches_reference() {
        // md5(base64("{}") + "k3y"), computed independently: base64("{}") = "e30=".
        let sig = hex::encode(digest(DigestAlgorithm::Md5, b"e30=k3y"));
        assert_eq!(sig, format!("{:x}", md5::Md5::digest(b"e30=k3y")));
        assert_eq!(encode(Encoding::Base64, b"{}"), b"e30=");
    }

    #[test]
    fn url_encoding_keeps_only_unreserved() {
        assert_eq!(encode(Encoding::Url, b"a b+/=~._-"), b"a%20b%2B%2F%3D~._-");
    }

    #[test]
    fn jwt_has_three_parts_and_refuses_non_objects() {
        let t = jwt_hs256(b"key", r#"{"iat":1}"#).unwrap();
        assert_eq!(t.split('.').count(), 3);
        assert!(t.starts_with("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."));
        assert!(jwt_hs256(b"key", "[1]").is_err());
    }
}
