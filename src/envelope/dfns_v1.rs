//! dfns-v1: the ECIES scheme Dfns signers speak today, byte for byte.
//!
//! * Encryption key: `0x01 || compressed secp256k1 point` (34 bytes).
//! * Decryption key: `0x01 || scalar` (33 bytes, the scalar 32 bytes big-endian).
//! * Ciphertext: `AES-256-GCM(key, nonce = 12 zero bytes, aad)(plaintext) || tag(16) || E(33)`,
//!   where `E = e·G` for a fresh ephemeral scalar `e`, `S = e·PK` compressed (prefix byte
//!   included), and `key = HKDF-SHA256(salt = "DFNS_KEY_IMPORT", ikm = S,
//!   info = "ENCRYPTION_KEY", L = 32)`. There is no version byte in the ciphertext.
//!
//! The zero nonce is safe only because every ciphertext uses a fresh ephemeral key, hence a
//! fresh AES key. [`seal_with_ephemeral`] exists for known-answer tests; never reuse `e`.
//!
//! This module is stricter than the reference where the reference is lax (see SPEC.md):
//! it rejects an identity ephemeral point (which the reference opens with *any* key), a zero
//! decryption key, and scalars shorter than 32 bytes (which the reference left-pads).

use alloc::vec::Vec;
use core::fmt;

use hkdf::Hkdf;
use k256::elliptic_curve::BatchNormalize;
use k256::elliptic_curve::Generate;
use k256::elliptic_curve::group::GroupEncoding;
use k256::{AffinePoint, NonZeroScalar, ProjectivePoint, PublicKey, SecretKey};
use rand_core::CryptoRng;
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

/// The version byte that starts both dfns-v1 key encodings.
pub const VERSION: u8 = 1;
/// HKDF salt of the key derivation.
pub const HKDF_SALT: &[u8] = b"DFNS_KEY_IMPORT";
/// HKDF info of the key derivation.
pub const HKDF_INFO: &[u8] = b"ENCRYPTION_KEY";
/// Length of the encoded encryption (public) key: version byte and compressed point.
pub const PUBLIC_KEY_LEN: usize = 34;
/// Length of the encoded decryption (secret) key: version byte and 32-byte scalar.
pub const SECRET_KEY_LEN: usize = 33;
/// Length of a compressed secp256k1 point.
const POINT_LEN: usize = 33;
/// Length of the AES-GCM tag.
const TAG_LEN: usize = 16;
/// What a ciphertext adds to its plaintext: the tag and the ephemeral point.
pub const OVERHEAD: usize = TAG_LEN + POINT_LEN;

const CURVE: &str = "secp256k1";
const KNOWN: &[u8] = &[VERSION];

/// A dfns-v1 encryption key: a secp256k1 point that is not the identity.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct DfnsV1PublicKey(PublicKey);

impl DfnsV1PublicKey {
    /// Parses `0x01 || point`.
    ///
    /// The point is normally 33-byte compressed SEC1. Like the reference, a 65-byte uncompressed
    /// point is accepted too; [`to_bytes`](Self::to_bytes) always re-encodes it compressed.
    ///
    /// # Errors
    /// [`Error::UnknownEnvelopeVersion`] for a version byte other than 1,
    /// [`Error::PointLength`] for a point that is neither 33 nor 65 bytes,
    /// [`Error::IdentityPoint`] for the identity, [`Error::InvalidPoint`] for anything else
    /// that is not a point on secp256k1.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let point = strip_version(bytes, "dfns-v1 encryption key")?;
        parse_point(point, true).map(DfnsV1PublicKey)
    }

    /// `0x01 || compressed point`.
    pub fn to_bytes(&self) -> [u8; PUBLIC_KEY_LEN] {
        let mut out = [0u8; PUBLIC_KEY_LEN];
        out[0] = VERSION;
        out[1..].copy_from_slice(&self.0.as_affine().to_bytes());
        out
    }

    /// The compressed point without the version byte.
    pub fn to_sec1_compressed(&self) -> [u8; POINT_LEN] {
        let mut out = [0u8; POINT_LEN];
        out.copy_from_slice(&self.0.as_affine().to_bytes());
        out
    }
}

impl fmt::Debug for DfnsV1PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DfnsV1PublicKey(")?;
        for b in self.to_bytes() {
            write!(f, "{b:02x}")?;
        }
        f.write_str(")")
    }
}

/// A dfns-v1 decryption key: a non-zero secp256k1 scalar. Zeroized on drop.
#[derive(Clone)]
pub struct DfnsV1SecretKey(SecretKey);

// `k256::SecretKey` wipes itself on drop.
impl zeroize::ZeroizeOnDrop for DfnsV1SecretKey {}

impl DfnsV1SecretKey {
    /// Parses `0x01 || scalar`, exactly 33 bytes, the scalar big-endian.
    ///
    /// # Errors
    /// [`Error::UnknownEnvelopeVersion`] for a version byte other than 1,
    /// [`Error::ScalarLength`] unless exactly 32 scalar bytes follow (the reference left-pads
    /// shorter ones; keyport does not), [`Error::ZeroScalar`] for zero,
    /// [`Error::ScalarOutOfRange`] for a value not below the group order.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let scalar = strip_version(bytes, "dfns-v1 decryption key")?;
        parse_scalar(scalar).map(|s| DfnsV1SecretKey(SecretKey::from(s)))
    }

    /// `0x01 || scalar` (33 bytes).
    pub fn to_bytes(&self) -> Zeroizing<[u8; SECRET_KEY_LEN]> {
        let mut out = Zeroizing::new([0u8; SECRET_KEY_LEN]);
        out[0] = VERSION;
        let mut scalar = self.0.to_bytes();
        out[1..].copy_from_slice(&scalar);
        scalar.zeroize();
        out
    }

    /// A fresh random key.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        DfnsV1SecretKey(SecretKey::generate_from_rng(rng))
    }

    /// The matching encryption key (`d·G`, using the precomputed generator table).
    pub fn public_key(&self) -> DfnsV1PublicKey {
        DfnsV1PublicKey(self.0.public_key())
    }
}

impl fmt::Debug for DfnsV1SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DfnsV1SecretKey(<redacted>)")
    }
}

/// Seals `plaintext` to `pk` with a fresh ephemeral key from `rng`.
///
/// Dfns uses an empty `aad` for both import and export.
///
/// # Errors
/// [`Error::Malformed`] only if AES-GCM refuses the input (a plaintext over 64 GiB).
pub fn seal<R: CryptoRng + ?Sized>(
    pk: &DfnsV1PublicKey,
    plaintext: &[u8],
    aad: &[u8],
    rng: &mut R,
) -> Result<Vec<u8>> {
    let e = Zeroizing::new(NonZeroScalar::generate_from_rng(rng));
    seal_inner(pk, plaintext, aad, &e)
}

/// Seals one plaintext to each of several recipients, as [`seal`] would one by one (the same
/// bytes for the same RNG stream: one ephemeral scalar per recipient, drawn in order), but
/// with the `2n` points (each `E_i = G·e_i` and each shared point `pk_i·e_i`) brought to
/// affine form with one field inversion instead of `2n`.
///
/// # Errors
/// As [`seal`].
pub fn seal_many<R: CryptoRng + ?Sized>(
    items: &[(&DfnsV1PublicKey, &[u8])],
    aad: &[u8],
    rng: &mut R,
) -> Result<Vec<Vec<u8>>> {
    let ephemerals: Vec<Zeroizing<NonZeroScalar>> = items
        .iter()
        .map(|_| Zeroizing::new(NonZeroScalar::generate_from_rng(rng)))
        .collect();
    let mut points: Zeroizing<Vec<ProjectivePoint>> =
        Zeroizing::new(Vec::with_capacity(2 * items.len()));
    for ((pk, _), e) in items.iter().zip(&ephemerals) {
        points.push(ProjectivePoint::mul_by_generator(e));
        points.push(pk.0.to_projective() * ***e);
    }
    let affine: Zeroizing<Vec<AffinePoint>> = Zeroizing::new(<ProjectivePoint as BatchNormalize<
        [ProjectivePoint],
    >>::batch_normalize(&points));
    let mut out = Vec::with_capacity(items.len());
    for ((_, plaintext), pair) in items.iter().zip(affine.chunks_exact(2)) {
        let key = kdf(&pair[1])?;
        out.push(encrypt(&key, plaintext, aad, &pair[0])?);
    }
    Ok(out)
}

/// Seals with a caller-chosen ephemeral scalar (32 bytes big-endian), for known-answer tests.
///
/// Reusing an ephemeral scalar for two plaintexts to the same key reuses the AES key *and*
/// the zero nonce, which destroys confidentiality and integrity. Use [`seal`].
///
/// # Errors
/// [`Error::ZeroScalar`] or [`Error::ScalarOutOfRange`] for an invalid scalar.
pub fn seal_with_ephemeral(
    pk: &DfnsV1PublicKey,
    plaintext: &[u8],
    aad: &[u8],
    ephemeral_secret: &[u8; 32],
) -> Result<Vec<u8>> {
    let e = Zeroizing::new(parse_scalar(ephemeral_secret)?);
    seal_inner(pk, plaintext, aad, &e)
}

/// Opens a dfns-v1 ciphertext.
///
/// # Errors
/// [`Error::CiphertextLength`] below 49 bytes; [`Error::IdentityPoint`] or
/// [`Error::InvalidPoint`] if the trailing 33 bytes are not a compressed point other than the
/// identity; [`Error::DecryptionFailed`] if the tag does not verify (wrong key, wrong `aad`,
/// altered bytes).
pub fn open(sk: &DfnsV1SecretKey, ciphertext: &[u8], aad: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
    let len = ciphertext.len();
    let too_short = || Error::CiphertextLength {
        min: OVERHEAD,
        actual: len,
    };
    let body_len = len.checked_sub(POINT_LEN).ok_or_else(too_short)?;
    let ct_len = body_len.checked_sub(TAG_LEN).ok_or_else(too_short)?;
    let (body, e_bytes) = ciphertext
        .split_at_checked(body_len)
        .ok_or_else(too_short)?;
    let (ct, tag) = body.split_at_checked(ct_len).ok_or_else(too_short)?;

    // The reference accepts 33 zero bytes here, derives the AES key from the all-zero "shared
    // point" and so opens such a ciphertext with any key. Only compressed points are accepted,
    // so the identity is never a valid E.
    let e_point = parse_point(e_bytes, false)?;
    let d = Zeroizing::new(sk.0.to_nonzero_scalar());
    let key = shared_key(&e_point.to_projective(), &d)?;

    let tag: &[u8; keyport_hotpath::aes256gcm::TAG_LEN] =
        tag.try_into().map_err(|_| too_short())?;
    let mut out = Zeroizing::new(Vec::with_capacity(ct.len()));
    out.extend_from_slice(ct);
    keyport_hotpath::aes256gcm::open_in_place(&key, &ZERO_NONCE, aad, out.as_mut_slice(), tag)
        .map_err(|_| Error::DecryptionFailed)?;
    Ok(out)
}

fn seal_inner(
    pk: &DfnsV1PublicKey,
    plaintext: &[u8],
    aad: &[u8],
    e: &NonZeroScalar,
) -> Result<Vec<u8>> {
    let e_point = ProjectivePoint::mul_by_generator(e).to_affine();
    let key = shared_key(&pk.0.to_projective(), e)?;
    encrypt(&key, plaintext, aad, &e_point)
}

/// `AES-256-GCM(key, nonce 0, aad)(plaintext) || tag || E` (E compressed).
fn encrypt(
    key: &Zeroizing<[u8; 32]>,
    plaintext: &[u8],
    aad: &[u8],
    e_point: &AffinePoint,
) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(plaintext.len() + OVERHEAD);
    out.extend_from_slice(plaintext);
    let tag = match keyport_hotpath::aes256gcm::seal_in_place(
        key,
        &ZERO_NONCE,
        aad,
        out.as_mut_slice(),
    ) {
        Ok(tag) => tag,
        Err(_) => {
            out.zeroize();
            return Err(aes_refused());
        }
    };
    out.extend_from_slice(&tag);
    out.extend_from_slice(&e_point.to_bytes());
    Ok(out)
}

fn aes_refused() -> Error {
    // AES-GCM refuses only plaintexts over 64 GiB, far beyond any share payload.
    Error::Internal {
        what: "dfns-v1 AES-256-GCM sealing",
    }
}

/// dfns-v1 derives a fresh key for every message, so its nonce is always zero.
const ZERO_NONCE: [u8; 12] = [0; 12];

/// `S = scalar·point` compressed, then
/// `HKDF-SHA256(salt = "DFNS_KEY_IMPORT", ikm = S, info = "ENCRYPTION_KEY", L = 32)`.
fn shared_key(point: &ProjectivePoint, scalar: &NonZeroScalar) -> Result<Zeroizing<[u8; 32]>> {
    let shared = Zeroizing::new((*point * **scalar).to_affine());
    kdf(&shared)
}

/// `HKDF-SHA256(salt = "DFNS_KEY_IMPORT", ikm = S compressed, info = "ENCRYPTION_KEY", L = 32)`.
fn kdf(shared: &AffinePoint) -> Result<Zeroizing<[u8; 32]>> {
    let mut ikm = Zeroizing::new([0u8; POINT_LEN]);
    let mut compressed = shared.to_bytes();
    ikm.copy_from_slice(&compressed);
    compressed.zeroize();
    let hk = Hkdf::<Sha256>::new(Some(HKDF_SALT), ikm.as_slice());
    let mut okm = Zeroizing::new([0u8; 32]);
    // 32 bytes is far below HKDF-SHA256's limit of 255 * 32, so this cannot fail.
    hk.expand(HKDF_INFO, okm.as_mut_slice())
        .map_err(|_| Error::DecryptionFailed)?;
    Ok(okm)
}

fn strip_version<'a>(bytes: &'a [u8], what: &'static str) -> Result<&'a [u8]> {
    match bytes.split_first() {
        None => Err(Error::Malformed {
            what,
            reason: "empty input".into(),
        }),
        Some((&VERSION, rest)) => Ok(rest),
        Some((&found, _)) => Err(Error::UnknownEnvelopeVersion {
            found,
            known: KNOWN,
        }),
    }
}

/// A 32-byte big-endian scalar in `1..n`.
fn parse_scalar(bytes: &[u8]) -> Result<NonZeroScalar> {
    if bytes.len() != 32 {
        return Err(Error::ScalarLength {
            expected: 32,
            actual: bytes.len(),
        });
    }
    // Whether a key is zero is not worth hiding; the range check below is constant-time.
    if bytes.iter().all(|b| *b == 0) {
        return Err(Error::ZeroScalar);
    }
    NonZeroScalar::try_from(bytes).map_err(|_| Error::ScalarOutOfRange { curve: CURVE })
}

/// A SEC1 point that is not the identity: compressed (33 bytes), or uncompressed (65 bytes)
/// when `allow_uncompressed`.
fn parse_point(bytes: &[u8], allow_uncompressed: bool) -> Result<PublicKey> {
    let len = bytes.len();
    let length_ok = len == POINT_LEN || (allow_uncompressed && len == 65);
    if (length_ok || len == 1) && bytes.iter().all(|b| *b == 0) {
        return Err(Error::IdentityPoint);
    }
    if !length_ok {
        return Err(Error::PointLength {
            curve: CURVE,
            actual: len,
        });
    }
    // Only the 0x02/0x03 (compressed) and 0x04 (uncompressed) forms; SEC1's other tags (such
    // as 0x05 "compact") would give one point several encodings.
    if !crate::curve::secp256k1::sec1_tag_matches_length(bytes) {
        return Err(Error::InvalidPoint { curve: CURVE });
    }
    PublicKey::from_sec1_bytes(bytes).map_err(|_| Error::InvalidPoint { curve: CURVE })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_key_debug_is_redacted() {
        let mut bytes = [7u8; 33];
        bytes[0] = 1;
        let sk = DfnsV1SecretKey::from_bytes(&bytes).unwrap();
        let dbg = alloc::format!("{sk:?}");
        assert_eq!(dbg, "DfnsV1SecretKey(<redacted>)");
    }

    #[test]
    fn point_parsing_errors() {
        assert_eq!(parse_point(&[0u8; 33], false), Err(Error::IdentityPoint));
        assert_eq!(parse_point(&[0u8], true), Err(Error::IdentityPoint));
        assert_eq!(
            parse_point(&[5u8; 33], false),
            Err(Error::InvalidPoint { curve: CURVE })
        );
        assert_eq!(
            parse_point(&[2u8; 34], false),
            Err(Error::PointLength {
                curve: CURVE,
                actual: 34
            })
        );
        // 65-byte points are refused where only compressed points are allowed.
        let mut unc = [0u8; 65];
        unc[0] = 4;
        unc[1] = 1;
        assert_eq!(
            parse_point(&unc, false),
            Err(Error::PointLength {
                curve: CURVE,
                actual: 65
            })
        );
    }

    #[test]
    fn scalar_parsing_errors() {
        assert_eq!(parse_scalar(&[0u8; 32]).err(), Some(Error::ZeroScalar));
        assert_eq!(
            parse_scalar(&[0xffu8; 32]).err(),
            Some(Error::ScalarOutOfRange { curve: CURVE })
        );
        assert_eq!(
            parse_scalar(&[1u8; 31]).err(),
            Some(Error::ScalarLength {
                expected: 32,
                actual: 31
            })
        );
    }
}
