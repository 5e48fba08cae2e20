//! Plugin signatures: ed25519 over the manifest and the component, so nobody
//! can swap the code or widen a plugin's permissions (allowed hosts, secrets,
//! limits) without signing again.
//!
//! A signed plugin directory holds `plugin.sig`:
//! ```text
//! key = "<public key, hex>"
//! signature = "<ed25519 signature, hex>"
//! ```
//! over the message `revhost-plugin-signature-v1\n<sha256(plugin.toml)>\n<sha256(component)>\n`.
//! Key files are hex text: `<name>.key` (the 32-byte seed; keep it secret) and
//! `<name>.pub` (the public key, for the host's `trusted_keys`).

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sha2::Digest;
use std::path::{Path, PathBuf};

use crate::plugins::manifest::{MANIFEST_FILE, Manifest};

/// The signature file in a plugin directory.
pub const SIGNATURE_FILE: &str = "plugin.sig";

const DOMAIN: &str = "revhost-plugin-signature-v1";

/// A public key the host trusts, with where it came from.
#[derive(Debug, Clone)]
pub struct TrustedKey {
    /// The key.
    pub key: VerifyingKey,
    /// The file it was read from (for messages).
    pub source: PathBuf,
}

/// Why a plugin's signature is not acceptable.
#[derive(Debug, thiserror::Error)]
pub enum SignatureError {
    /// No `plugin.sig`.
    #[error(
        "it is not signed: sign it with `revhost plugin sign --key <key> <dir>` and trust the key \
         in trusted_keys, or start the host with --allow-unsigned"
    )]
    Unsigned,
    /// The signature file cannot be read or parsed.
    #[error("its plugin.sig is malformed: {0}")]
    Malformed(String),
    /// The signature does not match the files.
    #[error(
        "its signature does not match: plugin.toml or the component changed after signing \
         (a widened allowlist or new secret needs a new signature)"
    )]
    Mismatch,
    /// Signed by a key the host does not trust.
    #[error("it is signed by key {0}, which is not in this host's trusted_keys")]
    Untrusted(String),
    /// A file could not be read.
    #[error("cannot read {0}: {1}")]
    Io(PathBuf, std::io::Error),
}

/// The message a signature covers.
fn message(dir: &Path) -> Result<Vec<u8>, SignatureError> {
    let manifest_path = dir.join(MANIFEST_FILE);
    let manifest_bytes =
        std::fs::read(&manifest_path).map_err(|e| SignatureError::Io(manifest_path.clone(), e))?;
    let manifest =
        Manifest::load(&manifest_path).map_err(|e| SignatureError::Malformed(e.to_string()))?;
    let wasm_path = dir.join(&manifest.component);
    let wasm = std::fs::read(&wasm_path).map_err(|e| SignatureError::Io(wasm_path, e))?;
    Ok(format!(
        "{DOMAIN}\n{}\n{}\n",
        hex::encode(sha2::Sha256::digest(&manifest_bytes)),
        hex::encode(sha2::Sha256::digest(&wasm))
    )
    .into_bytes())
}

/// Create a key pair: `<out>.key` (secret, mode 0600) and `<out>.pub`.
pub fn keygen(out: &Path) -> std::io::Result<(PathBuf, PathBuf)> {
    let key = SigningKey::generate(&mut rand::rngs::OsRng);
    let secret = out.with_extension("key");
    let public = out.with_extension("pub");
    write_private(&secret, &hex::encode(key.to_bytes()))?;
    std::fs::write(&public, hex::encode(key.verifying_key().to_bytes()) + "\n")?;
    Ok((secret, public))
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    writeln!(f, "{text}")
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, format!("{text}\n"))
}

fn read_hex<const N: usize>(path: &Path) -> Result<[u8; N], SignatureError> {
    let text = std::fs::read_to_string(path).map_err(|e| SignatureError::Io(path.into(), e))?;
    let bytes = hex::decode(text.trim())
        .map_err(|e| SignatureError::Malformed(format!("{}: {e}", path.display())))?;
    bytes.try_into().map_err(|_| {
        SignatureError::Malformed(format!("{}: expected {N} bytes of hex", path.display()))
    })
}

/// Read a public key file.
pub fn read_public_key(path: &Path) -> Result<TrustedKey, SignatureError> {
    let key = VerifyingKey::from_bytes(&read_hex::<32>(path)?)
        .map_err(|e| SignatureError::Malformed(format!("{}: {e}", path.display())))?;
    Ok(TrustedKey {
        key,
        source: path.to_owned(),
    })
}

/// Sign the plugin in `dir` with the secret key in `key_file`; writes `plugin.sig`.
pub fn sign(dir: &Path, key_file: &Path) -> Result<VerifyingKey, SignatureError> {
    let key = SigningKey::from_bytes(&read_hex::<32>(key_file)?);
    let signature = key.sign(&message(dir)?);
    let text = format!(
        "key = \"{}\"\nsignature = \"{}\"\n",
        hex::encode(key.verifying_key().to_bytes()),
        hex::encode(signature.to_bytes())
    );
    let path = dir.join(SIGNATURE_FILE);
    std::fs::write(&path, text).map_err(|e| SignatureError::Io(path, e))?;
    Ok(key.verifying_key())
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SignatureFile {
    key: String,
    signature: String,
}

/// Verify the plugin in `dir` against `trusted` keys; returns the key that signed it.
pub fn verify<'a>(dir: &Path, trusted: &'a [TrustedKey]) -> Result<&'a TrustedKey, SignatureError> {
    let path = dir.join(SIGNATURE_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(SignatureError::Unsigned),
        Err(e) => return Err(SignatureError::Io(path, e)),
    };
    let file: SignatureFile =
        toml::from_str(&text).map_err(|e| SignatureError::Malformed(e.to_string()))?;
    let key_bytes: [u8; 32] = hex::decode(&file.key)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| SignatureError::Malformed("key is not 32 bytes of hex".into()))?;
    let sig_bytes: [u8; 64] = hex::decode(&file.signature)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| SignatureError::Malformed("signature is not 64 bytes of hex".into()))?;
    let trusted_key = trusted
        .iter()
        .find(|t| t.key.to_bytes() == key_bytes)
        .ok_or_else(|| SignatureError::Untrusted(file.key.clone()))?;
    trusted_key
        .key
        .verify(&message(dir)?, &Signature::from_bytes(&sig_bytes))
        .map_err(|_| SignatureError::Mismatch)?;
    Ok(trusted_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plugin(dir: &Path) {
        std::fs::write(
            dir.join(MANIFEST_FILE),
            "name = \"p\"\nversion = \"0.1.0\"\nprovider = \"P\"\napi = \"revhost:provider@0.1.0\"\n\
             component = \"p.wasm\"\nallowed_hosts = [\"api.p.com\"]\n",
        )
        .unwrap();
        std::fs::write(dir.join("p.wasm"), b"\0asm component bytes").unwrap();
    }

    #[test]
    fn sign_then_verify_and_tampering_is_detected() {
        let tmp = std::env::temp_dir().join(format!("revhost-sig-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).unwrap();
        plugin(&tmp);
        let (secret, public) = keygen(&tmp.join("ops")).unwrap();
        let trusted = vec![read_public_key(&public).unwrap()];
        assert!(matches!(
            verify(&tmp, &trusted),
            Err(SignatureError::Unsigned)
        ));
        sign(&tmp, &secret).unwrap();
        assert!(verify(&tmp, &trusted).is_ok());
        assert!(matches!(
            verify(&tmp, &[]),
            Err(SignatureError::Untrusted(_))
        ));
        let manifest = std::fs::read_to_string(tmp.join(MANIFEST_FILE)).unwrap();
        std::fs::write(
            tmp.join(MANIFEST_FILE),
            manifest.replace("[\"api.p.com\"]", "[\"api.p.com\", \"evil.com\"]"),
        )
        .unwrap();
        assert!(matches!(
            verify(&tmp, &trusted),
            Err(SignatureError::Mismatch)
        ));
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
