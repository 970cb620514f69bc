//! Edwards25519 via `curve25519-dalek`, plus the RFC 8032 seed → secret scalar conversion.
//!
//! On the wire keyport (like the API) writes ed25519 scalars big-endian, even though RFC 8032
//! and dalek use little-endian internally; this module is the only place that flips them.

use alloc::vec::Vec;

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::{Scalar, clamp_integer};
use group::Group;
use sha2::{Digest, Sha512};
use zeroize::Zeroizing;

use super::{Curve, CurveId, PointForm, SCALAR_LEN, check_scalar_len};
use crate::error::{Error, Result};

const NAME: &str = "ed25519";

/// The Edwards25519 group (EdDSA / FROST, Solana keys).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ed25519;

impl Curve for Ed25519 {
    type Scalar = Scalar;
    type Point = EdwardsPoint;

    const ID: CurveId = CurveId::Ed25519;
    const COMPRESSED_LEN: usize = 32;
    const UNCOMPRESSED_LEN: usize = 32;

    fn scalar_from_be_bytes(bytes: &[u8]) -> Result<Scalar> {
        let mut le = Zeroizing::new(*check_scalar_len(bytes)?);
        le.reverse();
        Option::from(Scalar::from_canonical_bytes(*le))
            .ok_or(Error::ScalarOutOfRange { curve: NAME })
    }

    fn scalar_to_be_bytes(s: &Scalar) -> [u8; SCALAR_LEN] {
        let mut out = s.to_bytes();
        out.reverse();
        out
    }

    fn mul_base(s: &Scalar) -> EdwardsPoint {
        // dalek's `Group::mul_by_generator` is the generic variable-base path; `mul_base` uses
        // the precomputed basepoint table.
        EdwardsPoint::mul_base(s)
    }

    fn encode_point(p: &EdwardsPoint, _form: PointForm) -> Result<Vec<u8>> {
        if bool::from(p.is_identity()) {
            return Err(Error::IdentityPoint);
        }
        Ok(p.compress().to_bytes().to_vec())
    }

    fn encode_points(points: &[EdwardsPoint], _form: PointForm) -> Result<Vec<Vec<u8>>> {
        if points.iter().any(|p| bool::from(p.is_identity())) {
            return Err(Error::IdentityPoint);
        }
        // One field inversion for the whole batch.
        Ok(EdwardsPoint::compress_batch_alloc(points)
            .into_iter()
            .map(|c| c.to_bytes().to_vec())
            .collect())
    }

    /// Decodes the 32-byte RFC 8032 encoding. Besides off-curve points it rejects non-canonical
    /// encodings (y ≥ p, or a redundant sign bit), the identity and any point with a torsion
    /// component: shares and keys live in the prime-order subgroup.
    fn decode_point(bytes: &[u8]) -> Result<EdwardsPoint> {
        let arr: [u8; 32] = bytes.try_into().map_err(|_| Error::PointLength {
            curve: NAME,
            actual: bytes.len(),
        })?;
        let point = CompressedEdwardsY(arr)
            .decompress()
            .ok_or(Error::InvalidPoint { curve: NAME })?;
        if point.compress().to_bytes() != arr {
            return Err(Error::InvalidPoint { curve: NAME });
        }
        if bool::from(point.is_identity()) {
            return Err(Error::IdentityPoint);
        }
        if !point.is_torsion_free() {
            return Err(Error::PointNotInSubgroup);
        }
        Ok(point)
    }
}

/// The RFC 8032 secret scalar of a 32-byte ed25519 seed: `SHA-512(seed)[0..32]`, clamped, read
/// little-endian and reduced mod L.
///
/// This scalar is what threshold EdDSA shares. It cannot be turned back into the seed, so an
/// exported ed25519 key is this scalar, never the seed. It is wiped when dropped.
///
/// This is keyport's only seed → scalar derivation: key parsing
/// ([`crate::keys::ParsedKey::from_ed25519_seed`]) and import both call it.
pub fn seed_to_scalar(seed: &[u8]) -> Result<Zeroizing<Scalar>> {
    let seed: &[u8; 32] = seed.try_into().map_err(|_| Error::Malformed {
        what: "ed25519 seed",
        reason: alloc::format!("an RFC 8032 seed is exactly 32 bytes, got {}", seed.len()),
    })?;
    let digest = Zeroizing::new(Sha512::digest(seed));
    let mut lower = Zeroizing::new([0u8; 32]);
    lower.copy_from_slice(&digest[..32]);
    let clamped = Zeroizing::new(clamp_integer(*lower));
    Ok(Zeroizing::new(Scalar::from_bytes_mod_order(*clamped)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8032 §7.1 TEST 1-3: (secret key, public key).
    const RFC8032: [(&str, &str); 3] = [
        (
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        ),
        (
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        ),
        (
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        ),
    ];

    #[test]
    fn rfc8032_seed_to_public_key() {
        for (seed, pk) in RFC8032 {
            let s = seed_to_scalar(&hex::decode(seed).unwrap()).unwrap();
            let p = Ed25519::encode_point(&Ed25519::mul_base(&s), PointForm::Compressed).unwrap();
            assert_eq!(hex::encode(p), pk);
        }
    }

    #[test]
    fn scalar_is_big_endian_on_the_wire() {
        let one = Ed25519::scalar_from_be_bytes(&{
            let mut b = [0u8; 32];
            b[31] = 1;
            b
        })
        .unwrap();
        assert_eq!(one, Scalar::ONE);
        assert_eq!(Ed25519::scalar_to_be_bytes(&Scalar::ONE)[31], 1);
        // L itself is not canonical.
        let l = hex::decode("1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed")
            .unwrap();
        assert_eq!(
            Ed25519::scalar_from_be_bytes(&l),
            Err(Error::ScalarOutOfRange { curve: NAME })
        );
    }

    #[test]
    fn rejects_identity_torsion_and_noncanonical() {
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(Ed25519::decode_point(&identity), Err(Error::IdentityPoint));
        // A point of order 8 (from the standard small-order list).
        let order8 =
            hex::decode("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")
                .unwrap();
        assert!(matches!(
            Ed25519::decode_point(&order8),
            Err(Error::PointNotInSubgroup) | Err(Error::InvalidPoint { .. })
        ));
        // y = p (non-canonical encoding of y = 0).
        let non_canonical =
            hex::decode("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
                .unwrap();
        assert_eq!(
            Ed25519::decode_point(&non_canonical),
            Err(Error::InvalidPoint { curve: NAME })
        );
        assert_eq!(
            Ed25519::decode_point(&[0u8; 33]),
            Err(Error::PointLength {
                curve: NAME,
                actual: 33
            })
        );
        assert!(seed_to_scalar(&[0u8; 31]).is_err());
    }
}
