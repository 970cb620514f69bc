//! Secrets at rest and the server's token key, both derived from the master key file
//! `D/master.key` (32 random bytes, mode 0600).
//!
//! Every sealed row is `nonce(12) || AES-256-GCM(ciphertext || tag)` with a fresh random nonce
//! and the row's identity as associated data, so a sealed value copied to another row (or
//! another table) does not open. A copied database file without the key file gives nothing.

use aes_gcm::aead::{Aead as _, KeyInit as _, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::error::ServeError;

/// Length of the master key file.
pub const MASTER_KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;

/// The keys derived from the master key. Wiped on drop, never printed.
pub struct Keys {
    storage: Aes256Gcm,
    token: Zeroizing<[u8; 32]>,
    manifest: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

/// What a sealed value belongs to; it is bound as associated data.
#[derive(Clone, Copy, Debug)]
pub enum Row<'a> {
    /// A signer's decryption key, by signer id.
    SignerKey(&'a str),
    /// A signer's stored share of a key.
    Share {
        /// The key id.
        key_id: &'a str,
        /// The signer id.
        signer_id: &'a str,
    },
}

impl Row<'_> {
    fn aad(&self) -> Vec<u8> {
        let mut out = b"keyport-server sealed v1\0".to_vec();
        match self {
            Row::SignerKey(id) => {
                out.extend_from_slice(b"signer\0");
                out.extend_from_slice(id.as_bytes());
            }
            Row::Share { key_id, signer_id } => {
                out.extend_from_slice(b"share\0");
                out.extend_from_slice(key_id.as_bytes());
                out.push(0);
                out.extend_from_slice(signer_id.as_bytes());
            }
        }
        out
    }
}

impl Keys {
    /// Derive the storage, token and manifest keys from the master key (HKDF-SHA256, one
    /// `info` each).
    pub fn derive(master: &[u8]) -> Result<Self, ServeError> {
        if master.len() != MASTER_KEY_LEN {
            return Err(ServeError::Crypto(format!(
                "the master key file holds {} bytes; it must hold {MASTER_KEY_LEN}",
                master.len()
            )));
        }
        let hk = Hkdf::<Sha256>::new(Some(b"keyport-server"), master);
        let mut storage = Zeroizing::new([0u8; 32]);
        let mut token = Zeroizing::new([0u8; 32]);
        let bad = |_| ServeError::Crypto("HKDF output length".into());
        hk.expand(b"storage key v1", &mut storage[..])
            .map_err(bad)?;
        hk.expand(b"token key v1", &mut token[..]).map_err(bad)?;
        let mut manifest = Zeroizing::new([0u8; 32]);
        hk.expand(b"manifest key v1", &mut manifest[..])
            .map_err(bad)?;
        let storage = Aes256Gcm::new_from_slice(&storage[..])
            .map_err(|_| ServeError::Crypto("AES-256 key length".into()))?;
        Ok(Self {
            storage,
            token,
            manifest,
        })
    }

    /// The Ed25519 seed (RFC 8032) of the signer-manifest key (SPEC.md §10).
    pub fn manifest_seed(&self) -> &[u8; 32] {
        &self.manifest
    }

    /// The HMAC-SHA256 key of service tokens.
    pub fn token_key(&self) -> &[u8; 32] {
        &self.token
    }

    /// Seal `plaintext` for `row` under a fresh random nonce.
    pub fn seal(&self, row: Row<'_>, plaintext: &[u8]) -> Result<Vec<u8>, String> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| format!("randomness: {e}"))?;
        let aad = row.aad();
        let ct = self
            .storage
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| "AES-GCM seal failed".to_string())?;
        let mut out = Vec::with_capacity(NONCE_LEN + ct.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// Open a value sealed for `row`. Fails for another row, another master key or any change.
    pub fn open(&self, row: Row<'_>, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
        let (nonce, ct) = sealed
            .split_at_checked(NONCE_LEN)
            .ok_or_else(|| format!("sealed {row:?} is shorter than its nonce"))?;
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| "nonce length".to_string())?;
        let aad = row.aad();
        self.storage
            .decrypt(&Nonce::from(nonce), Payload { msg: ct, aad: &aad })
            .map(Zeroizing::new)
            .map_err(|_| {
                format!("sealed {row:?} does not open: the database or D/master.key was altered or swapped")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_rows_open_only_as_themselves() {
        let keys = Keys::derive(&[7u8; 32]).unwrap();
        let row = Row::Share {
            key_id: "key-1",
            signer_id: "AA==",
        };
        let sealed = keys.seal(row, b"share").unwrap();
        assert_eq!(&*keys.open(row, &sealed).unwrap(), b"share");
        // Fresh nonce each time.
        assert_ne!(sealed, keys.seal(row, b"share").unwrap());
        // Another row, another key, a flipped bit, a truncation: all refused.
        let other = Row::Share {
            key_id: "key-2",
            signer_id: "AA==",
        };
        assert!(keys.open(other, &sealed).is_err());
        assert!(keys.open(Row::SignerKey("AA=="), &sealed).is_err());
        assert!(
            Keys::derive(&[8u8; 32])
                .unwrap()
                .open(row, &sealed)
                .is_err()
        );
        let mut flipped = sealed.clone();
        flipped[20] ^= 1;
        assert!(keys.open(row, &flipped).is_err());
        assert!(keys.open(row, &sealed[..5]).is_err());
        assert!(Keys::derive(&[0u8; 31]).is_err());
    }
}
