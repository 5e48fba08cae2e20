//! The provider's RSA key pair: partners encrypt `partnerPassword`,
//! `requestId` and `walletId` with its public half (PKCS#1 v1.5), Prostodar
//! decrypts with the private half.
//!
//! The default pair is generated once per process from a fixed seed, so
//! every simulator (and every run of the `revhost-sim` binary) hands out the
//! same public key and a demo configuration can be written once. It is a
//! test key: its private half is public knowledge. [`KeyPair::random`] makes
//! a fresh one (e.g. to simulate a key rotation).

use std::sync::{Arc, OnceLock};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::SeedableRng as _;
use rand::rngs::StdRng;
use rsa::pkcs8::{EncodePublicKey as _, LineEnding};
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey, RsaPublicKey};

/// Size of the simulator's keys, bits.
pub const KEY_BITS: usize = 2048;

/// Seed of the default key pair.
const DEFAULT_SEED: u64 = 0x5052_4f53_544f_4441; // "PROSTODA"

/// An RSA key pair and its public key as PEM.
pub struct KeyPair {
    private: RsaPrivateKey,
    public_pem: String,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair").finish_non_exhaustive()
    }
}

impl KeyPair {
    /// The process-wide default pair (generated on first use).
    pub fn default_pair() -> Arc<KeyPair> {
        static DEFAULT: OnceLock<Arc<KeyPair>> = OnceLock::new();
        DEFAULT
            .get_or_init(|| Arc::new(KeyPair::generate(&mut StdRng::seed_from_u64(DEFAULT_SEED))))
            .clone()
    }

    /// A fresh random pair.
    pub fn random() -> KeyPair {
        KeyPair::generate(&mut rand::thread_rng())
    }

    fn generate(rng: &mut (impl rand::CryptoRng + rand::RngCore)) -> KeyPair {
        let private = RsaPrivateKey::new(rng, KEY_BITS).expect("RSA key generation");
        let public_pem = RsaPublicKey::from(&private)
            .to_public_key_pem(LineEnding::LF)
            .expect("PEM encoding of a public key");
        KeyPair {
            private,
            public_pem,
        }
    }

    /// The public key, PEM (SPKI, `-----BEGIN PUBLIC KEY-----`).
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }

    /// Decrypts one parameter: standard base64 of a PKCS#1 v1.5 ciphertext
    /// of UTF-8 text. `None` when any step fails.
    pub fn decrypt(&self, base64_text: &str) -> Option<String> {
        let cipher = STANDARD.decode(base64_text.trim()).ok()?;
        let plain = self.private.decrypt(Pkcs1v15Encrypt, &cipher).ok()?;
        String::from_utf8(plain).ok()
    }

    /// Encrypts `text` under the public half, as a partner does (for tests).
    pub fn encrypt(&self, text: &str) -> String {
        let public = RsaPublicKey::from(&self.private);
        let cipher = public
            .encrypt(&mut rand::thread_rng(), Pkcs1v15Encrypt, text.as_bytes())
            .expect("input fits the key");
        STANDARD.encode(cipher)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejects_garbage() {
        let pair = KeyPair::default_pair();
        assert!(pair.public_pem().starts_with("-----BEGIN PUBLIC KEY-----"));
        let c = pair.encrypt("secret");
        assert_ne!(c, pair.encrypt("secret"), "PKCS#1 v1.5 padding is random");
        assert_eq!(pair.decrypt(&c).as_deref(), Some("secret"));
        assert_eq!(pair.decrypt("secret"), None);
        assert_eq!(pair.decrypt("c2VjcmV0"), None);
        assert!(Arc::ptr_eq(&pair, &KeyPair::default_pair()));
    }
}
