//! A credential's keys and the one signature encoding per kind.
//!
//! - Ed25519: RFC 8032 signatures, raw 64 bytes; verified with `verify_strict` (no small-order
//!   public key, canonical `S`).
//! - ECDSA P-256: over SHA-256 of the message, the signature DER-encoded (what AWS KMS and
//!   Dfns's SDKs produce). A raw `r || s` signature is refused.
//!
//! Private keys travel as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). An Ed25519 key is
//! written in PKCS#8 v1 form (RFC 8410 §7, no public key member): Python's `cryptography`,
//! which Dfns's Python SDK loads the key with, refuses the v2 form ed25519-dalek writes.

use core::fmt;

use ed25519_dalek::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _, KeypairBytes};
use p256::elliptic_curve::Generate as _;
use p256::pkcs8::LineEnding;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::kind::CredentialKind;

/// A credential's private key (zeroized on drop; its `Debug` shows only the kind).
pub struct CredentialKey(Private);

enum Private {
    Ed25519(ed25519_dalek::SigningKey),
    P256(p256::ecdsa::SigningKey),
}

impl fmt::Debug for CredentialKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialKey")
            .field("kind", &self.kind())
            .field("key", &"<redacted>")
            .finish()
    }
}

impl CredentialKey {
    /// A new key of `kind` from the operating system's random number generator.
    pub fn generate(kind: CredentialKind) -> Result<Self> {
        Ok(Self(match kind {
            CredentialKind::Ed25519 => {
                let mut seed = Zeroizing::new([0u8; 32]);
                getrandom::fill(&mut seed[..]).map_err(|_| Error::Randomness)?;
                Private::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed))
            }
            CredentialKind::P256 => Private::P256(
                p256::ecdsa::SigningKey::try_generate_from_rng(&mut getrandom::SysRng)
                    .map_err(|_| Error::Randomness)?,
            ),
        }))
    }

    /// From a PKCS#8 PEM private key, Ed25519 (v1 or v2) or P-256, as `keyport serve init`
    /// and the Dfns dashboard write it. Surrounding whitespace is ignored.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self> {
        let pem = pem.trim();
        if let Ok(k) = ed25519_dalek::SigningKey::from_pkcs8_pem(pem) {
            return Ok(Self(Private::Ed25519(k)));
        }
        p256::ecdsa::SigningKey::from_pkcs8_pem(pem)
            .map(|k| Self(Private::P256(k)))
            .map_err(|_| Error::PrivateKey)
    }

    /// The key as PKCS#8 PEM with LF line endings (Ed25519 in v1 form, see the module docs).
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>> {
        match &self.0 {
            Private::Ed25519(k) => KeypairBytes {
                secret_key: k.to_bytes(),
                public_key: None,
            }
            .to_pkcs8_pem(LineEnding::LF),
            Private::P256(k) => p256::pkcs8::EncodePrivateKey::to_pkcs8_pem(k, LineEnding::LF),
        }
        .map_err(|_| Error::Encoding)
    }

    /// The key's kind.
    pub fn kind(&self) -> CredentialKind {
        match self.0 {
            Private::Ed25519(_) => CredentialKind::Ed25519,
            Private::P256(_) => CredentialKind::P256,
        }
    }

    /// The public key, as the server registers it.
    pub fn public_key(&self) -> CredentialPublicKey {
        CredentialPublicKey(match &self.0 {
            Private::Ed25519(k) => Public::Ed25519(k.verifying_key()),
            Private::P256(k) => Public::P256(*k.verifying_key()),
        })
    }

    /// The signature over exactly `message` in the kind's encoding: Ed25519 raw 64 bytes,
    /// P-256 ECDSA over SHA-256 in DER.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        match &self.0 {
            Private::Ed25519(k) => ed25519_dalek::Signer::sign(k, message).to_bytes().to_vec(),
            Private::P256(k) => {
                let sig: p256::ecdsa::Signature = p256::ecdsa::signature::Signer::sign(k, message);
                sig.to_der().as_bytes().to_vec()
            }
        }
    }
}

/// A credential's public key, as the server registers and stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialPublicKey(Public);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Public {
    Ed25519(ed25519_dalek::VerifyingKey),
    P256(p256::ecdsa::VerifyingKey),
}

impl CredentialPublicKey {
    /// From its bytes: 32 bytes (Ed25519), or a SEC1 point, compressed or not (P-256).
    pub fn from_bytes(kind: CredentialKind, bytes: &[u8]) -> Result<Self> {
        let bad = || Error::PublicKey {
            kind,
            len: bytes.len(),
        };
        Ok(Self(match kind {
            CredentialKind::Ed25519 => {
                let b = <&[u8; 32]>::try_from(bytes).map_err(|_| bad())?;
                Public::Ed25519(ed25519_dalek::VerifyingKey::from_bytes(b).map_err(|_| bad())?)
            }
            CredentialKind::P256 => {
                Public::P256(p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes).map_err(|_| bad())?)
            }
        }))
    }

    /// Its bytes: 32 (Ed25519), or the uncompressed SEC1 point, 65 bytes (P-256; the form
    /// `keyport serve` has always stored).
    pub fn to_bytes(&self) -> Vec<u8> {
        match &self.0 {
            Public::Ed25519(k) => k.to_bytes().to_vec(),
            Public::P256(k) => k.to_sec1_bytes().to_vec(),
        }
    }

    /// The key's kind.
    pub fn kind(&self) -> CredentialKind {
        match self.0 {
            Public::Ed25519(_) => CredentialKind::Ed25519,
            Public::P256(_) => CredentialKind::P256,
        }
    }

    /// Whether `signature` is this key's signature over exactly `message`, in the kind's
    /// encoding (see [`CredentialKey::sign`]).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match &self.0 {
            Public::Ed25519(k) => ed25519_dalek::Signature::from_slice(signature)
                .is_ok_and(|sig| k.verify_strict(message, &sig).is_ok()),
            Public::P256(k) => p256::ecdsa::Signature::from_der(signature).is_ok_and(|sig| {
                p256::ecdsa::signature::Verifier::verify(k, message, &sig).is_ok()
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keys() -> [CredentialKey; 2] {
        CredentialKind::ALL.map(|k| CredentialKey::generate(k).unwrap())
    }

    #[test]
    fn pem_round_trips_and_ed25519_is_pkcs8_v1() {
        for key in keys() {
            let pem = key.to_pkcs8_pem().unwrap();
            assert!(
                pem.starts_with("-----BEGIN PRIVATE KEY-----\n"),
                "{}",
                &pem[..]
            );
            if key.kind() == CredentialKind::Ed25519 {
                // PKCS#8 v1: version 0, no public key (what Python's cryptography loads).
                assert!(pem.contains("MC4CAQAwBQYDK2VwBCIEI"), "{}", &pem[..]);
            }
            let back = CredentialKey::from_pkcs8_pem(&format!("\n  {}\n", &pem[..])).unwrap();
            assert_eq!(back.kind(), key.kind());
            assert_eq!(back.public_key(), key.public_key());
        }
    }

    #[test]
    fn other_pems_are_refused_without_being_quoted() {
        let p384 = "-----BEGIN PRIVATE KEY-----\nMIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDA\n-----END PRIVATE KEY-----\n";
        for bad in [
            "",
            "SECRETSECRET",
            "-----BEGIN PRIVATE KEY-----\nSECRETSECRET\n",
            p384,
        ] {
            let e = CredentialKey::from_pkcs8_pem(bad).unwrap_err();
            assert_eq!(e, Error::PrivateKey);
            assert!(!e.to_string().contains("SECRET"));
        }
    }

    #[test]
    fn debug_shows_the_kind_only() {
        for key in keys() {
            let pem = key.to_pkcs8_pem().unwrap();
            let body: String = pem.lines().nth(1).unwrap().chars().take(40).collect();
            let debug = format!("{key:?}");
            assert!(debug.contains("<redacted>"), "{debug}");
            assert!(!debug.contains(&body[20..]), "{debug}");
        }
    }

    #[test]
    fn public_keys_round_trip_through_their_bytes() {
        for key in keys() {
            let public = key.public_key();
            let bytes = public.to_bytes();
            let len = match key.kind() {
                CredentialKind::Ed25519 => 32,
                CredentialKind::P256 => 65,
            };
            assert_eq!(bytes.len(), len);
            assert_eq!(
                CredentialPublicKey::from_bytes(key.kind(), &bytes),
                Ok(public.clone())
            );
            assert_eq!(public.kind(), key.kind());
            // The other kind's reading of the same bytes fails, with the length.
            let other = CredentialKind::ALL
                .into_iter()
                .find(|k| *k != key.kind())
                .unwrap();
            assert_eq!(
                CredentialPublicKey::from_bytes(other, &bytes),
                Err(Error::PublicKey { kind: other, len })
            );
        }
        // A compressed P-256 point is accepted too.
        let p = CredentialKey::generate(CredentialKind::P256)
            .unwrap()
            .public_key();
        let Public::P256(vk) = &p.0 else {
            unreachable!()
        };
        let compressed = vk.to_sec1_point(true);
        assert_eq!(
            CredentialPublicKey::from_bytes(CredentialKind::P256, compressed.as_bytes()),
            Ok(p)
        );
        // x = 2^256 - 1 is not below the field prime.
        let mut not_a_point = [0xff; 33];
        not_a_point[0] = 2;
        assert_eq!(
            CredentialPublicKey::from_bytes(CredentialKind::P256, &not_a_point),
            Err(Error::PublicKey {
                kind: CredentialKind::P256,
                len: 33
            })
        );
    }

    #[test]
    fn the_signature_encoding_is_the_kinds() {
        let [ed, p] = keys();
        let msg = b"{\"type\":\"key.get\",\"challenge\":\"c\"}";
        assert_eq!(ed.sign(msg).len(), 64);
        let der = p.sign(msg);
        assert_eq!(der[0], 0x30, "DER SEQUENCE");
        assert!(p.public_key().verify(msg, &der));
        // The same P-256 signature as raw r || s is refused: DER only.
        let raw = p256::ecdsa::Signature::from_der(&der).unwrap().to_bytes();
        assert!(!p.public_key().verify(msg, &raw));
        // Ed25519: exactly 64 bytes.
        let mut long = ed.sign(msg);
        long.push(0);
        assert!(!ed.public_key().verify(msg, &long));
        assert!(!ed.public_key().verify(msg, &long[..63]));
    }

    #[test]
    fn a_small_order_ed25519_key_verifies_nothing() {
        // The identity point: under a non-strict check, (R = identity, S = 0) verifies every
        // message.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let weak = CredentialPublicKey::from_bytes(CredentialKind::Ed25519, &identity).unwrap();
        let mut sig = [0u8; 64];
        sig[0] = 1;
        assert!(!weak.verify(b"anything", &sig));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// A signature verifies over its message under its key, and fails with any bit of the
        /// message or the signature flipped, or under another key of the same kind.
        #[test]
        fn signatures_bind_key_message_and_bytes(
            msg in proptest::collection::vec(any::<u8>(), 0..200),
            p256 in any::<bool>(),
            flip in any::<prop::sample::Index>(),
        ) {
            let kind = if p256 { CredentialKind::P256 } else { CredentialKind::Ed25519 };
            let key = CredentialKey::generate(kind).unwrap();
            let other = CredentialKey::generate(kind).unwrap();
            let sig = key.sign(&msg);
            prop_assert!(key.public_key().verify(&msg, &sig));
            prop_assert!(!other.public_key().verify(&msg, &sig));
            let mut bad_sig = sig.clone();
            let bit = flip.index(bad_sig.len() * 8);
            bad_sig[bit / 8] ^= 1 << (bit % 8);
            prop_assert!(!key.public_key().verify(&msg, &bad_sig));
            let mut bad_msg = msg.clone();
            bad_msg.push(0);
            if !msg.is_empty() {
                let bit = flip.index(msg.len() * 8);
                bad_msg = msg.clone();
                bad_msg[bit / 8] ^= 1 << (bit % 8);
            }
            prop_assert!(!key.public_key().verify(&bad_msg, &sig));
        }
    }
}
