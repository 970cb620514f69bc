//! Signed signer manifests (SPEC.md §8.7): a signer network states, under a key the client has
//! pinned, which signers it runs and for how long that statement holds.
//!
//! A client checks a manifest with [`SignedManifest::verify`] at a time it supplies (the
//! library never reads a clock), then that the signers it is about to encrypt to are exactly
//! the manifest's ([`SignerSet::check_same_as`] with [`PinnedBy::Manifest`]). Each check that
//! fails has its own error: [`Error::ManifestWrongKey`], [`Error::ManifestSignatureInvalid`],
//! [`Error::ManifestNotYetValid`], [`Error::ManifestExpired`], [`Error::SignerSetChanged`].
//!
//! The signature covers a canonical binary encoding, never the JSON text, so whitespace,
//! member order and escapes of the JSON cannot change what was signed:
//!
//! ```text
//! "keyport signer manifest v1" || 0x00 || u64be(issuedAt) || u64be(expiresAt)
//!     || SignerSet::canonical_bytes()   (the fingerprint's input, §8.4)
//! ```
//!
//! ```
//! use keyport::api::SignerInfo;
//! use keyport::{Manifest, ManifestSigningKey, PinnedBy, SignedManifest, SignerSet};
//!
//! let signers = [SignerInfo { signer_id: "AQ==".into(), encryption_key: "DA==".into() }];
//! let set = SignerSet::new("c1", &signers)?;
//! let key = ManifestSigningKey::ed25519_from_seed(&[7; 32]);
//! let json = Manifest::new(set.clone(), 1_000, 2_000)?.sign(&key);
//!
//! let pinned = key.public_key();
//! let manifest = SignedManifest::from_json(&json)?;
//! let stated = manifest.verify(&pinned, 1_500)?;
//! set.check_same_as(stated, PinnedBy::Manifest)?;
//! assert!(manifest.verify(&pinned, 2_000).is_err()); // expired
//! # Ok::<(), keyport::Error>(())
//! ```

use alloc::string::{String, ToString as _};
use alloc::vec::Vec;
use core::fmt;

use ed25519_dalek::pkcs8::DecodePublicKey as _;
use p256::ecdsa::signature::{Signer as _, Verifier as _};
use sha2::{Digest as _, Sha256};

use crate::error::{Error, Result};
use crate::json::{self, table::wire_struct};

use super::SignerSet;
use super::codec::{PinnedSigner, Seconds, Version1, pinned_signers, signer_infos};

wire_struct! {
    /// A signed manifest's JSON (SPEC.md §8.7; a format keyport owns: unknown members are
    /// refused).
    struct ManifestFile as "a signer manifest", deny_unknown {
        /// Always 1.
        version: Version1 = "keyportSignerManifest",
        /// The cluster id.
        cluster_id: String = "clusterId",
        /// The signers, in id byte order.
        signers: Vec<PinnedSigner> = "signers",
        /// Valid from (seconds since 1970-01-01 UTC).
        issued_at: Seconds = "issuedAt",
        /// Valid until, exclusive.
        expires_at: Seconds = "expiresAt",
        /// The manifest key's algorithm.
        algorithm: String = "algorithm",
        /// The manifest key's id.
        key_id: String = "keyId",
        /// The signature, standard padded base64.
        signature: String = "signature",
    }
}

/// The domain separation prefix of the signed bytes (before its `0x00`).
pub const MANIFEST_DOMAIN: &str = "keyport signer manifest v1";

/// A pinned manifest public key: Ed25519 (RFC 8032, strict verification) or ECDSA P-256 over
/// SHA-256 (FIPS 186-5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ManifestKey {
    /// An Ed25519 public key.
    Ed25519(ed25519_dalek::VerifyingKey),
    /// A P-256 public key.
    P256(p256::ecdsa::VerifyingKey),
}

impl ManifestKey {
    /// A key from its raw bytes: 32 bytes are Ed25519, 33 or 65 bytes (SEC1 compressed or
    /// uncompressed) are P-256.
    ///
    /// # Errors
    /// [`Error::Malformed`] about `manifest key` for another length, a point not on the curve,
    /// or a small-order (weak) Ed25519 key.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let bad = |reason: &str| Error::Malformed {
            what: "manifest key",
            reason: reason.into(),
        };
        match bytes.len() {
            32 => {
                let mut raw = [0u8; 32];
                raw.copy_from_slice(bytes);
                let key = ed25519_dalek::VerifyingKey::from_bytes(&raw)
                    .map_err(|_| bad("32 bytes that are not an Ed25519 public key"))?;
                if key.is_weak() {
                    return Err(bad(
                        "a small-order Ed25519 point, which anyone can sign for",
                    ));
                }
                Ok(Self::Ed25519(key))
            }
            // Only the two standard SEC1 forms (sec1 also reads 0x05 "compact" points).
            33 | 65 if matches!((bytes.len(), bytes[0]), (33, 2 | 3) | (65, 4)) => {
                p256::ecdsa::VerifyingKey::from_sec1_bytes(bytes)
                    .map(Self::P256)
                    .map_err(|_| bad("not a P-256 point (SEC1 compressed or uncompressed)"))
            }
            33 | 65 => Err(bad("not a P-256 point (SEC1 compressed or uncompressed)")),
            n => Err(Error::Malformed {
                what: "manifest key",
                reason: alloc::format!("{n} bytes; expected 32 (Ed25519) or 33/65 (P-256, SEC1)"),
            }),
        }
    }

    /// A key from text: a PEM `PUBLIC KEY` (SubjectPublicKeyInfo, RFC 8410 for Ed25519 or
    /// RFC 5480 for P-256), or the raw bytes of [`ManifestKey::from_bytes`] in hex. Surrounding
    /// whitespace is ignored.
    ///
    /// # Errors
    /// [`Error::Malformed`] about `manifest key` for anything else.
    pub fn from_text(text: &str) -> Result<Self> {
        let text = text.trim();
        if text.starts_with("-----BEGIN") {
            if let Ok(k) = ed25519_dalek::VerifyingKey::from_public_key_pem(text) {
                return Self::from_bytes(k.as_bytes());
            }
            return p256::ecdsa::VerifyingKey::from_public_key_pem(text)
                .map(Self::P256)
                .map_err(|_| Error::Malformed {
                    what: "manifest key",
                    reason: "a PEM block that is not an Ed25519 or P-256 PUBLIC KEY \
                             (SubjectPublicKeyInfo)"
                        .into(),
                });
        }
        let bytes = hex::decode(text).map_err(|_| Error::Malformed {
            what: "manifest key",
            reason: "neither a PEM PUBLIC KEY nor hex".into(),
        })?;
        Self::from_bytes(&bytes)
    }

    /// The raw bytes: 32 (Ed25519) or 33 (P-256, SEC1 compressed).
    pub fn to_bytes(&self) -> Vec<u8> {
        match self {
            Self::Ed25519(k) => k.as_bytes().to_vec(),
            Self::P256(k) => k.to_sec1_bytes_compressed(),
        }
    }

    /// The manifest's `algorithm` name: `ed25519` or `ecdsa-p256-sha256`.
    pub const fn algorithm(&self) -> &'static str {
        match self {
            Self::Ed25519(_) => "ed25519",
            Self::P256(_) => "ecdsa-p256-sha256",
        }
    }

    /// The manifest's `keyId`: the first 8 bytes of SHA-256 of [`ManifestKey::to_bytes`], hex.
    /// It only tells a wrong key from a tampered manifest; the signature is the check.
    pub fn key_id(&self) -> String {
        hex::encode(&Sha256::digest(self.to_bytes())[..8])
    }

    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        match self {
            Self::Ed25519(k) => ed25519_dalek::Signature::from_slice(signature)
                .is_ok_and(|s| k.verify_strict(message, &s).is_ok()),
            Self::P256(k) => p256::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|s| k.verify(message, &s).is_ok()),
        }
    }
}

/// Compressed SEC1 bytes of a P-256 verifying key.
trait CompressedSec1 {
    fn to_sec1_bytes_compressed(&self) -> Vec<u8>;
}

impl CompressedSec1 for p256::ecdsa::VerifyingKey {
    fn to_sec1_bytes_compressed(&self) -> Vec<u8> {
        self.to_sec1_point(true).as_bytes().to_vec()
    }
}

/// A manifest signing key (the signer network's; a secret: zeroized on drop, never printed).
pub enum ManifestSigningKey {
    /// Ed25519.
    Ed25519(ed25519_dalek::SigningKey),
    /// ECDSA P-256 (deterministic nonces, RFC 6979).
    P256(p256::ecdsa::SigningKey),
}

impl fmt::Debug for ManifestSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ManifestSigningKey(<redacted>)")
    }
}

impl ManifestSigningKey {
    /// An Ed25519 signing key from its 32-byte RFC 8032 seed.
    pub fn ed25519_from_seed(seed: &[u8; 32]) -> Self {
        Self::Ed25519(ed25519_dalek::SigningKey::from_bytes(seed))
    }

    /// A P-256 signing key from its 32-byte big-endian scalar.
    ///
    /// # Errors
    /// [`Error::Malformed`] about `manifest signing key` for zero or a value not below the
    /// group order.
    pub fn p256_from_bytes(scalar: &[u8; 32]) -> Result<Self> {
        p256::ecdsa::SigningKey::from_slice(scalar)
            .map(Self::P256)
            .map_err(|_| Error::Malformed {
                what: "manifest signing key",
                reason: "not a P-256 scalar in 1..n-1".into(),
            })
    }

    /// The public key a client pins.
    pub fn public_key(&self) -> ManifestKey {
        match self {
            Self::Ed25519(k) => ManifestKey::Ed25519(k.verifying_key()),
            Self::P256(k) => ManifestKey::P256(*k.verifying_key()),
        }
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        match self {
            Self::Ed25519(k) => k.sign(message).to_bytes().to_vec(),
            Self::P256(k) => {
                let s: p256::ecdsa::Signature = k.sign(message);
                s.to_bytes().to_vec()
            }
        }
    }
}

/// What a manifest states: a signer set valid from `issued_at` (inclusive) to `expires_at`
/// (exclusive), both seconds since 1970-01-01 UTC.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    set: SignerSet,
    issued_at: u64,
    expires_at: u64,
}

impl Manifest {
    /// A manifest for `set`, valid for `issued_at <= now < expires_at`.
    ///
    /// # Errors
    /// [`Error::Malformed`] about `signer manifest` unless `issued_at < expires_at`.
    pub fn new(set: SignerSet, issued_at: u64, expires_at: u64) -> Result<Self> {
        if issued_at >= expires_at {
            return Err(Error::Malformed {
                what: "signer manifest",
                reason: alloc::format!("expiresAt {expires_at} is not after issuedAt {issued_at}"),
            });
        }
        Ok(Self {
            set,
            issued_at,
            expires_at,
        })
    }

    /// The signers it states.
    pub fn signers(&self) -> &SignerSet {
        &self.set
    }

    /// When it was issued (seconds since 1970-01-01 UTC).
    pub fn issued_at(&self) -> u64 {
        self.issued_at
    }

    /// When it expires (seconds since 1970-01-01 UTC; not valid at this second).
    pub fn expires_at(&self) -> u64 {
        self.expires_at
    }

    /// The exact bytes signed (module docs; SPEC.md §8.7).
    pub fn signed_bytes(&self) -> Vec<u8> {
        let set = self.set.canonical_bytes();
        let mut out = Vec::with_capacity(MANIFEST_DOMAIN.len() + 17 + set.len());
        out.extend_from_slice(MANIFEST_DOMAIN.as_bytes());
        out.push(0);
        out.extend_from_slice(&self.issued_at.to_be_bytes());
        out.extend_from_slice(&self.expires_at.to_be_bytes());
        out.extend_from_slice(&set);
        out
    }

    /// Sign it: the manifest JSON (compact, one line, with a trailing newline).
    pub fn sign(&self, key: &ManifestSigningKey) -> String {
        let signature = key.sign(&self.signed_bytes());
        let public = key.public_key();
        let file = ManifestFile {
            version: Version1,
            cluster_id: self.set.cluster_id().to_string(),
            signers: pinned_signers(&self.set),
            issued_at: Seconds(self.issued_at),
            expires_at: Seconds(self.expires_at),
            algorithm: public.algorithm().to_string(),
            key_id: public.key_id(),
            signature: keyport_hotpath::base64::encode(&signature),
        };
        let mut text = json::to_wire_string(&file, 0);
        text.push('\n');
        text
    }
}

/// A manifest as read, not yet verified.
#[derive(Clone, Debug)]
pub struct SignedManifest {
    manifest: Manifest,
    algorithm: String,
    key_id: String,
    signature: Vec<u8>,
}

impl SignedManifest {
    /// Read a manifest's JSON (SPEC.md §8.7). Members other than the specified ones are
    /// refused; nothing is verified yet.
    ///
    /// # Errors
    /// [`Error::Malformed`] about `signer manifest` for another shape, a version other than 1,
    /// `expiresAt` not after `issuedAt`, or a signature that is not base64; the errors of
    /// [`SignerSet::new`] for the signers.
    pub fn from_json(text: &str) -> Result<Self> {
        let file: ManifestFile = json::from_str_malformed(text, "signer manifest", "")?;
        let signature =
            keyport_hotpath::base64::decode(&file.signature).map_err(|_| Error::Malformed {
                what: "signer manifest",
                reason: "signature is not standard padded base64".into(),
            })?;
        Ok(Self {
            manifest: Manifest::new(
                SignerSet::new(&file.cluster_id, &signer_infos(file.signers))?,
                file.issued_at.0,
                file.expires_at.0,
            )?,
            algorithm: file.algorithm,
            key_id: file.key_id,
            signature,
        })
    }

    /// Verify it under the pinned `key` at `now` (seconds since 1970-01-01 UTC, from the
    /// caller's clock), and return the signers it states. Checked in this order: signed by
    /// `key` at all (its `algorithm` and `keyId`), the signature over the canonical bytes, then
    /// `issuedAt <= now < expiresAt`.
    ///
    /// # Errors
    /// [`Error::ManifestWrongKey`], [`Error::ManifestSignatureInvalid`],
    /// [`Error::ManifestNotYetValid`] or [`Error::ManifestExpired`].
    pub fn verify(&self, key: &ManifestKey, now: u64) -> Result<&SignerSet> {
        let pinned = alloc::format!("{} {}", key.algorithm(), key.key_id());
        let claimed = alloc::format!("{} {}", self.algorithm, self.key_id);
        if pinned != claimed {
            return Err(Error::ManifestWrongKey {
                pinned,
                signed_by: claimed,
            });
        }
        if !key.verify(&self.manifest.signed_bytes(), &self.signature) {
            return Err(Error::ManifestSignatureInvalid);
        }
        let m = &self.manifest;
        if now < m.issued_at {
            return Err(Error::ManifestNotYetValid {
                issued_at: m.issued_at,
                now,
            });
        }
        if now >= m.expires_at {
            return Err(Error::ManifestExpired {
                expires_at: m.expires_at,
                now,
            });
        }
        Ok(&m.set)
    }

    /// The manifest as read, unverified: for display only, never to decide on.
    pub fn unverified(&self) -> &Manifest {
        &self.manifest
    }
}
