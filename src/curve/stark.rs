//! The StarkNet ("stark") curve.
//!
//! `y² = x³ + α·x + β` over `p = 2²⁵¹ + 17·2¹⁹² + 1`, with `α = 1` and
//! `β = 0x06f21413efbe40de150e596d72f7a8c5609ad26c15c915c1f4cdfcb99cee9e89`. The group has prime
//! order `n = 0x0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2f` (cofactor 1).
//!
//! Field and scalar arithmetic come from `primefield` (generic Montgomery arithmetic from
//! `crypto-bigint`, constant time), point arithmetic from `primeorder` (complete
//! Renes–Costello–Batina formulas). Fixed-base multiplication uses `primeorder`'s lazily built
//! basepoint table.
//!
//! Wire format (see SPEC.md): scalars are 32 bytes big-endian; points are SEC1 compressed
//! (`02`/`03 || x`, 33 bytes) or uncompressed (`04 || x || y`, 65 bytes), coordinates 32 bytes
//! big-endian. Coordinates are below `p < 2²⁵²`, so the first coordinate byte is at most `0x08`.
//!
//! Decoding a compressed point needs a square root mod `p`, whose 2-adicity is 192; that
//! Tonelli–Shanks run costs milliseconds. To check that a known point is `G·s`, compute `G·s`,
//! encode it and compare bytes rather than decoding the known point.

use alloc::vec::Vec;

use elliptic_curve::{
    BatchNormalize, CurveArithmetic, FieldBytes, PrimeCurveArithmetic,
    bigint::{Odd, U256},
    consts::U32,
    hazmat::FieldArithmetic,
    point::{AffineCoordinates, DecompressPoint},
    subtle::Choice,
};
use group::Group;
use primeorder::{PrimeCurveParams, PrimeCurveWithBasepointTable, point_arithmetic};

use super::{Curve, CurveId, PointForm, SCALAR_LEN, check_scalar_len};
use crate::error::{Error, Result};

/// Name used in error messages.
const CURVE_NAME: &str = "stark";

/// Length of one encoded coordinate.
const COORD_LEN: usize = 32;

/// SEC1 tag of a compressed point with even `y`.
const TAG_COMPRESSED_EVEN: u8 = 0x02;
/// SEC1 tag of a compressed point with odd `y`.
const TAG_COMPRESSED_ODD: u8 = 0x03;
/// SEC1 tag of an uncompressed point.
const TAG_UNCOMPRESSED: u8 = 0x04;

/// The base field modulus `p = 2²⁵¹ + 17·2¹⁹² + 1`, big-endian hex (the one definition of `p`).
const FIELD_MODULUS_HEX: &str = "0800000000000011000000000000000000000000000000000000000000000001";

/// The group order `n`, big-endian hex. This string is the one definition of `n`: the scalar
/// field, [`elliptic_curve::Curve::ORDER`] and [`ORDER`] are all built from it.
const ORDER_HEX: &str = "0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2f";

/// The group order `n` (see the module docs), 32 bytes big-endian: a stark key is a 32-byte
/// big-endian integer in `1..n`.
pub const ORDER: [u8; 32] = be_bytes(&U256::from_be_hex(ORDER_HEX));

/// A 256-bit integer as 32 big-endian bytes, at compile time.
const fn be_bytes(n: &U256) -> [u8; 32] {
    let encoded = n.to_be_bytes();
    let bytes = encoded.as_slice();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < out.len() {
        out[i] = bytes[i];
        i += 1;
    }
    out
}

/// Base field arithmetic (integers mod `p`).
// primefield 0.14.0's `monty_field_params!` calls crypto-bigint's `Uint::bits`, deprecated in
// 0.7.11 (which rsa 0.10, feature `nitro`, needs).
#[allow(deprecated)]
mod field {
    // The `primefield` macros expand to code naming these items unqualified.
    use elliptic_curve::{
        bigint::U256,
        ff::PrimeField,
        subtle::{Choice, ConstantTimeEq, CtOption},
    };

    primefield::monty_field_params! {
        name: FieldParams,
        modulus: super::FIELD_MODULUS_HEX,
        uint: U256,
        byte_order: primefield::ByteOrder::BigEndian,
        multiplicative_generator: 3,
        doc: "Montgomery parameters for the StarkNet base field modulus p = 2^251 + 17*2^192 + 1"
    }

    primefield::monty_field_element! {
        name: FieldElement,
        params: FieldParams,
        uint: U256,
        doc: "Element of the StarkNet base field (curve coordinates), integers mod p"
    }

    primefield::monty_field_arithmetic! {
        name: FieldElement,
        params: FieldParams,
        uint: U256
    }

    impl elliptic_curve::ops::BatchInvert for FieldElement {}

    #[cfg(test)]
    mod tests {
        use super::{FieldElement, U256};
        primefield::test_primefield!(FieldElement, U256);
    }
}

/// Scalar field arithmetic (integers mod the group order `n`).
// primefield 0.14.0's `monty_field_params!` calls crypto-bigint's `Uint::bits`, deprecated in
// 0.7.11 (which rsa 0.10, feature `nitro`, needs).
#[allow(deprecated)]
mod scalar {
    // The `primefield` macros expand to code naming these items unqualified.
    use elliptic_curve::{
        Curve as _,
        bigint::U256,
        ff::PrimeField,
        scalar::{FromUintUnchecked, IsHigh},
        subtle::{Choice, ConstantTimeEq, ConstantTimeGreater, CtOption},
    };

    use super::StarkCurve;

    primefield::monty_field_params! {
        name: ScalarParams,
        modulus: super::ORDER_HEX,
        uint: U256,
        byte_order: primefield::ByteOrder::BigEndian,
        multiplicative_generator: 3,
        doc: "Montgomery parameters for the StarkNet group order n"
    }

    primefield::monty_field_element! {
        name: Scalar,
        params: ScalarParams,
        uint: U256,
        doc: "Element of the StarkNet scalar field, integers mod the group order n"
    }

    primefield::monty_field_arithmetic! {
        name: Scalar,
        params: ScalarParams,
        uint: U256
    }

    primefield::monty_field_reduce! {
        name: Scalar,
        params: ScalarParams,
        uint: U256,
    }

    elliptic_curve::scalar_impls!(StarkCurve, Scalar);
    primeorder::wnaf::impl_wnaf_size_for_scalar!(Scalar);

    impl AsRef<Scalar> for Scalar {
        fn as_ref(&self) -> &Scalar {
            self
        }
    }

    impl FromUintUnchecked for Scalar {
        type Uint = U256;

        fn from_uint_unchecked(uint: U256) -> Self {
            Self::from_uint_unchecked(uint)
        }
    }

    impl IsHigh for Scalar {
        fn is_high(&self) -> Choice {
            const N_SHR1: U256 = StarkCurve::ORDER.as_ref().shr_vartime(1);
            self.to_canonical().ct_gt(&N_SHR1)
        }
    }

    #[cfg(test)]
    mod tests {
        use super::{Scalar, U256};
        primefield::test_primefield!(Scalar, U256);
    }
}

// The field types and Montgomery parameters are this module's arithmetic, not API: only the
// scalar type (`<Stark as Curve>::Scalar`) is public.
use field::FieldElement;
pub use scalar::Scalar;

/// The StarkNet curve as an `elliptic-curve`/`primeorder` parameter set.
///
/// This is the type the RustCrypto traits hang off; keyport's own [`Curve`] trait is implemented
/// by [`Stark`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StarkCurve;

/// A StarkNet curve point in affine coordinates.
pub type AffinePoint = primeorder::AffinePoint<StarkCurve>;

/// A StarkNet curve point in projective coordinates (the group element type).
pub type ProjectivePoint = primeorder::ProjectivePoint<StarkCurve>;

impl elliptic_curve::Curve for StarkCurve {
    type FieldBytesSize = U32;
    type Uint = U256;
    const ORDER: Odd<U256> = Odd::<U256>::from_be_hex(ORDER_HEX);
}

impl elliptic_curve::PrimeCurve for StarkCurve {}

impl CurveArithmetic for StarkCurve {
    type AffinePoint = AffinePoint;
    type ProjectivePoint = ProjectivePoint;
    type Scalar = Scalar;
}

impl PrimeCurveArithmetic for StarkCurve {
    type CurveGroup = ProjectivePoint;
}

impl FieldArithmetic for StarkCurve {
    type FieldElement = FieldElement;
}

/// Number of lookup tables in the basepoint table: one per scalar byte plus one carry table.
const BASEPOINT_WINDOW: usize = 33;

/// Lazily computed table of multiples of the generator (built on first use, about 1 ms).
static BASEPOINT_TABLE: primeorder::BasepointTable<ProjectivePoint, BASEPOINT_WINDOW> =
    primeorder::BasepointTable::new();

impl PrimeCurveWithBasepointTable<BASEPOINT_WINDOW> for StarkCurve {
    const BASEPOINT_TABLE: &'static primeorder::BasepointTable<ProjectivePoint, BASEPOINT_WINDOW> =
        &BASEPOINT_TABLE;
}

impl PrimeCurveParams for StarkCurve {
    type PointArithmetic = point_arithmetic::EquationAIsGeneric;
    type Backend = primeorder::mul_backend::PrecomputedTables<BASEPOINT_WINDOW>;

    const EQUATION_A: FieldElement = FieldElement::ONE;
    const EQUATION_B: FieldElement = FieldElement::from_hex_vartime(
        "06f21413efbe40de150e596d72f7a8c5609ad26c15c915c1f4cdfcb99cee9e89",
    );
    const GENERATOR: (FieldElement, FieldElement) = (
        FieldElement::from_hex_vartime(
            "01ef15c18599971b7beced415a40f0c7deacfd9b0d1819e03d723d8bc943cfca",
        ),
        FieldElement::from_hex_vartime(
            "005668060aa49730b7be4801df46ec62de53ecd11abe43a32873000c36e8dc1f",
        ),
    );
}

/// The StarkNet curve, as keyport's [`Curve`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Stark;

/// Encode a non-identity affine point.
fn encode_affine(p: &AffinePoint, form: PointForm) -> Vec<u8> {
    let x = p.x();
    match form {
        PointForm::Compressed => {
            let tag = if bool::from(p.y_is_odd()) {
                TAG_COMPRESSED_ODD
            } else {
                TAG_COMPRESSED_EVEN
            };
            let mut out = Vec::with_capacity(1 + COORD_LEN);
            out.push(tag);
            out.extend_from_slice(&x);
            out
        }
        PointForm::Uncompressed => {
            let y = p.y();
            let mut out = Vec::with_capacity(1 + 2 * COORD_LEN);
            out.push(TAG_UNCOMPRESSED);
            out.extend_from_slice(&x);
            out.extend_from_slice(&y);
            out
        }
    }
}

/// Copy a 32-byte slice into a field-element byte array.
fn field_bytes(slice: &[u8]) -> Result<FieldBytes<StarkCurve>> {
    let arr: [u8; COORD_LEN] = slice
        .try_into()
        .map_err(|_| Error::InvalidPoint { curve: CURVE_NAME })?;
    Ok(arr.into())
}

impl Curve for Stark {
    type Scalar = Scalar;
    type Point = ProjectivePoint;

    const ID: CurveId = CurveId::Stark;
    const COMPRESSED_LEN: usize = 1 + COORD_LEN;
    const UNCOMPRESSED_LEN: usize = 1 + 2 * COORD_LEN;

    fn scalar_from_be_bytes(bytes: &[u8]) -> Result<Scalar> {
        let arr = check_scalar_len(bytes)?;
        Option::from(<Scalar as ff::PrimeField>::from_repr((*arr).into()))
            .ok_or(Error::ScalarOutOfRange { curve: CURVE_NAME })
    }

    fn scalar_to_be_bytes(s: &Scalar) -> [u8; SCALAR_LEN] {
        ff::PrimeField::to_repr(s).into()
    }

    fn mul_base(s: &Scalar) -> ProjectivePoint {
        ProjectivePoint::mul_by_generator(s)
    }

    fn encode_point(p: &ProjectivePoint, form: PointForm) -> Result<Vec<u8>> {
        if bool::from(p.is_identity()) {
            return Err(Error::IdentityPoint);
        }
        Ok(encode_affine(&p.to_affine(), form))
    }

    /// Normalises all points with a single field inversion, then encodes them. Any identity
    /// point makes the whole call fail with [`Error::IdentityPoint`].
    fn encode_points(points: &[ProjectivePoint], form: PointForm) -> Result<Vec<Vec<u8>>> {
        if points.iter().any(|p| bool::from(p.is_identity())) {
            return Err(Error::IdentityPoint);
        }
        let affine: Vec<AffinePoint> =
            <ProjectivePoint as BatchNormalize<[ProjectivePoint]>>::batch_normalize(points);
        Ok(affine.iter().map(|a| encode_affine(a, form)).collect())
    }

    /// Decodes a 33-byte compressed or 65-byte uncompressed SEC1 point.
    ///
    /// The SEC1 identity encoding (a single `0x00`) and all-zero buffers of the point lengths
    /// are reported as [`Error::IdentityPoint`]; other bad tags, coordinates `>= p` and points
    /// off the curve as [`Error::InvalidPoint`]; any other length as [`Error::PointLength`].
    fn decode_point(bytes: &[u8]) -> Result<ProjectivePoint> {
        // A constructor, not a value to clone: `Error::clone` is a match over every variant,
        // and this was its only caller in the WASM module (2.8 KB).
        let invalid = || Error::InvalidPoint { curve: CURVE_NAME };
        let len = bytes.len();
        if matches!(len, 1 | 33 | 65) && bytes.iter().all(|&b| b == 0) {
            return Err(Error::IdentityPoint);
        }
        let Some((&tag, rest)) = bytes.split_first() else {
            return Err(Error::PointLength {
                curve: CURVE_NAME,
                actual: len,
            });
        };
        let affine = match (len, tag) {
            (l, TAG_COMPRESSED_EVEN | TAG_COMPRESSED_ODD) if l == Self::COMPRESSED_LEN => {
                let x = field_bytes(rest)?;
                let y_is_odd = Choice::from(tag & 1);
                Option::<AffinePoint>::from(AffinePoint::decompress(&x, y_is_odd))
            }
            (l, TAG_UNCOMPRESSED) if l == Self::UNCOMPRESSED_LEN => {
                let (x, y) = rest.split_at_checked(COORD_LEN).ok_or_else(invalid)?;
                let (x, y) = (field_bytes(x)?, field_bytes(y)?);
                Option::<AffinePoint>::from(AffinePoint::from_coordinates(&x, &y))
            }
            (l, _) if l == Self::COMPRESSED_LEN || l == Self::UNCOMPRESSED_LEN => None,
            _ => {
                return Err(Error::PointLength {
                    curve: CURVE_NAME,
                    actual: len,
                });
            }
        };
        let point = ProjectivePoint::from(affine.ok_or_else(invalid)?);
        // Cannot happen for a point that satisfied the curve equation (β ≠ 0 and the group has
        // odd order), but the trait promises it, so check rather than argue.
        if bool::from(point.is_identity()) {
            return Err(Error::IdentityPoint);
        }
        Ok(point)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::curve::{decode_nonzero_scalar, points_equal};
    use alloc::{format, string::String, vec};
    use elliptic_curve::ff::Field;
    use rand_chacha::{ChaCha20Rng, rand_core::SeedableRng};

    const VECTOR: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/dfns-v1/import-stark-cggmp21.json"
    );

    fn unhex(s: &str) -> Vec<u8> {
        hex::decode(s.trim_start_matches("0x")).expect("test hex")
    }

    fn scalar(s: &str) -> Scalar {
        Stark::scalar_from_be_bytes(&unhex(s)).expect("test scalar")
    }

    fn field_modulus() -> [u8; 32] {
        unhex(FIELD_MODULUS_HEX).try_into().expect("32 bytes")
    }

    /// Add a small integer to a big-endian 32-byte number (no overflow in these tests).
    fn add_small(mut be: [u8; 32], mut k: u16) -> [u8; 32] {
        for b in be.iter_mut().rev() {
            let sum = u16::from(*b) + k;
            *b = (sum & 0xff) as u8;
            k = sum >> 8;
        }
        assert_eq!(k, 0);
        be
    }

    #[test]
    fn generator_matches_the_published_constants() {
        let g = Stark::encode_point(&ProjectivePoint::generator(), PointForm::Uncompressed)
            .expect("encode");
        assert_eq!(
            hex::encode(g),
            "04\
             01ef15c18599971b7beced415a40f0c7deacfd9b0d1819e03d723d8bc943cfca\
             005668060aa49730b7be4801df46ec62de53ecd11abe43a32873000c36e8dc1f"
        );
        assert_eq!(Stark::mul_base(&Scalar::ONE), ProjectivePoint::generator());
    }

    #[test]
    fn order_and_field_constants() {
        use ff::PrimeField;
        assert_eq!(Scalar::MODULUS, ORDER_HEX);
        assert_eq!(ORDER.to_vec(), unhex(ORDER_HEX));
        assert_eq!(FieldElement::MODULUS, FIELD_MODULUS_HEX);
        assert_eq!(Scalar::NUM_BITS, 252);
        assert_eq!(FieldElement::NUM_BITS, 252);
        assert_eq!(FieldElement::S, 192);
        // n·G is the identity: (n-1)·G = -G.
        let n_minus_1 = -Scalar::ONE;
        assert_eq!(Stark::mul_base(&n_minus_1), -ProjectivePoint::generator());
        assert_eq!(
            Stark::mul_base(&n_minus_1) + ProjectivePoint::generator(),
            ProjectivePoint::identity()
        );
    }

    #[test]
    fn known_answer_public_key() {
        let sk = scalar("03c1e9550e66958296d11b60f8e8e7a7ad990d07fa65d5f7652c4a6c87d4e3cc");
        let pk = Stark::mul_base(&sk);
        let enc = Stark::encode_point(&pk, PointForm::Compressed).expect("encode");
        assert_eq!(
            hex::encode(&enc[1..]),
            "077a3b314db07c45076d11f62b6f9e748a39790441823307743cf00d6597ea43"
        );
        // Fixed-base (table) and variable-base multiplication agree.
        assert_eq!(pk, ProjectivePoint::generator() * sk);
    }

    #[test]
    fn interop_vector_shares_and_public_key() {
        let text = std::fs::read_to_string(VECTOR).expect("read import-stark-cggmp21.json");
        let v: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(v["curve"], "stark");
        let coeffs: Vec<Scalar> = v["polynomialCoefficients"]
            .as_array()
            .expect("coefficients")
            .iter()
            .map(|c| scalar(c.as_str().expect("hex")))
            .collect();
        assert_eq!(coeffs.len(), 3);
        assert_eq!(
            coeffs[0],
            scalar(v["secretKey"].as_str().expect("secretKey"))
        );

        let pk = Stark::mul_base(&coeffs[0]);
        let pk_c = Stark::encode_point(&pk, PointForm::Compressed).expect("encode");
        let pk_u = Stark::encode_point(&pk, PointForm::Uncompressed).expect("encode");
        assert_eq!(
            hex::encode(&pk_c),
            v["publicKey"].as_str().expect("publicKey")
        );
        assert_eq!(
            hex::encode(&pk_u),
            v["publicKeyUncompressed"]
                .as_str()
                .expect("publicKeyUncompressed")
        );

        let expected: Vec<&str> = v["publicShares"]
            .as_array()
            .expect("publicShares")
            .iter()
            .map(|s| s.as_str().expect("hex"))
            .collect();
        assert_eq!(expected.len(), 5);
        let shares: Vec<Scalar> = (1u64..=5)
            .map(|i| {
                let x = Scalar::from(i);
                // Horner: a0 + x·(a1 + x·a2)
                coeffs.iter().rev().fold(Scalar::ZERO, |acc, c| acc * x + c)
            })
            .collect();
        // The secret shares recorded in the vector match too.
        for share in v["shares"].as_array().expect("shares") {
            let i = share["index"].as_u64().expect("index");
            let s = scalar(share["secretShare"].as_str().expect("secretShare"));
            assert_eq!(s, shares[(i - 1) as usize], "secret share {i}");
        }
        let points: Vec<ProjectivePoint> = shares.iter().map(Stark::mul_base).collect();
        let batch = Stark::encode_points(&points, PointForm::Compressed).expect("encode");
        for (i, (p, want)) in points.iter().zip(&expected).enumerate() {
            let one = Stark::encode_point(p, PointForm::Compressed).expect("encode");
            assert_eq!(hex::encode(&one), *want, "public share {}", i + 1);
            assert_eq!(batch[i], one);
            let decoded = Stark::decode_point(&one).expect("decode");
            assert!(points_equal::<Stark>(&decoded, p));
        }
        let decoded_pk = Stark::decode_point(&pk_u).expect("decode");
        assert_eq!(decoded_pk, pk);
    }

    #[test]
    fn round_trips_random_points() {
        let mut rng = ChaCha20Rng::seed_from_u64(0x5747_4b52);
        let mut points = Vec::new();
        for _ in 0..16 {
            let s = Scalar::random(&mut rng);
            let bytes = Stark::scalar_to_be_bytes(&s);
            assert!(bytes[0] <= 0x08);
            assert_eq!(Stark::scalar_from_be_bytes(&bytes), Ok(s));
            let p = Stark::mul_base(&s);
            for form in [PointForm::Compressed, PointForm::Uncompressed] {
                let enc = Stark::encode_point(&p, form).expect("encode");
                let want_len = match form {
                    PointForm::Compressed => Stark::COMPRESSED_LEN,
                    PointForm::Uncompressed => Stark::UNCOMPRESSED_LEN,
                };
                assert_eq!(enc.len(), want_len);
                assert!(enc[1] <= 0x08);
                assert_eq!(Stark::decode_point(&enc), Ok(p));
            }
            points.push(p);
        }
        for form in [PointForm::Compressed, PointForm::Uncompressed] {
            let batch = Stark::encode_points(&points, form).expect("encode");
            let single: Vec<Vec<u8>> = points
                .iter()
                .map(|p| Stark::encode_point(p, form).expect("encode"))
                .collect();
            assert_eq!(batch, single);
        }
        assert_eq!(Stark::encode_points(&[], PointForm::Compressed), Ok(vec![]));
    }

    #[test]
    fn both_parities_round_trip() {
        let mut seen = [false; 2];
        for i in 1u64..=16 {
            let p = Stark::mul_base(&Scalar::from(i));
            let enc = Stark::encode_point(&p, PointForm::Compressed).expect("encode");
            seen[usize::from(enc[0] - TAG_COMPRESSED_EVEN)] = true;
            assert_eq!(Stark::decode_point(&enc), Ok(p));
            // The other tag decodes to the negation.
            let mut flipped = enc.clone();
            flipped[0] ^= 1;
            assert_eq!(Stark::decode_point(&flipped), Ok(-p));
        }
        assert_eq!(seen, [true, true]);
    }

    #[test]
    fn identity_is_rejected() {
        let id = ProjectivePoint::identity();
        for form in [PointForm::Compressed, PointForm::Uncompressed] {
            assert_eq!(Stark::encode_point(&id, form), Err(Error::IdentityPoint));
            assert_eq!(
                Stark::encode_points(&[ProjectivePoint::generator(), id], form),
                Err(Error::IdentityPoint)
            );
        }
        assert_eq!(Stark::decode_point(&[0x00]), Err(Error::IdentityPoint));
        assert_eq!(Stark::decode_point(&[0u8; 33]), Err(Error::IdentityPoint));
        assert_eq!(Stark::decode_point(&[0u8; 65]), Err(Error::IdentityPoint));
    }

    #[test]
    fn decode_rejects_bad_encodings() {
        let invalid = Err(Error::InvalidPoint { curve: "stark" });
        let g = ProjectivePoint::generator();
        let gc = Stark::encode_point(&g, PointForm::Compressed).expect("encode");
        let gu = Stark::encode_point(&g, PointForm::Uncompressed).expect("encode");

        // Off-curve: G with y + 1.
        let mut off = gu.clone();
        off[64] ^= 0x01;
        assert_eq!(Stark::decode_point(&off), invalid);

        // Wrong tags for the length.
        for tag in [0x00u8, 0x01, 0x04, 0x05, 0x06, 0x07, 0xff] {
            let mut c = gc.clone();
            c[0] = tag;
            assert_eq!(Stark::decode_point(&c), invalid, "compressed tag {tag:#x}");
        }
        for tag in [0x00u8, 0x02, 0x03, 0x06, 0x07, 0xff] {
            let mut u = gu.clone();
            u[0] = tag;
            assert_eq!(
                Stark::decode_point(&u),
                invalid,
                "uncompressed tag {tag:#x}"
            );
        }

        // x >= p: p itself, p + x(G) (≡ x(G) mod p, so only canonicity rejects it), 2^256 - 1.
        let p = field_modulus();
        let mut gx = [0u8; 32];
        gx.copy_from_slice(&gc[1..]);
        let gx_plus_p = {
            let mut out = [0u8; 32];
            let mut carry = 0u16;
            for i in (0..32).rev() {
                let s = u16::from(gx[i]) + u16::from(p[i]) + carry;
                out[i] = (s & 0xff) as u8;
                carry = s >> 8;
            }
            out
        };
        for x in [p, add_small(p, 1), gx_plus_p, [0xff; 32]] {
            for tag in [TAG_COMPRESSED_EVEN, TAG_COMPRESSED_ODD] {
                let mut c = vec![tag];
                c.extend_from_slice(&x);
                assert_eq!(Stark::decode_point(&c), invalid);
            }
            let mut u = vec![TAG_UNCOMPRESSED];
            u.extend_from_slice(&x);
            u.extend_from_slice(&gu[33..]);
            assert_eq!(Stark::decode_point(&u), invalid);
        }
        // y >= p: y(G) + p is congruent to y(G) but not canonical.
        let gy_plus_p = {
            let mut out = [0u8; 32];
            let mut carry = 0u16;
            for i in (0..32).rev() {
                let s = u16::from(gu[33 + i]) + u16::from(p[i]) + carry;
                out[i] = (s & 0xff) as u8;
                carry = s >> 8;
            }
            out
        };
        let mut u = gu[..33].to_vec();
        u.extend_from_slice(&gy_plus_p);
        assert_eq!(Stark::decode_point(&u), invalid);

        // An x with no point on the curve (x³ + x + β is a non-residue).
        let mut found_non_residue = false;
        for k in 0u16..64 {
            let mut c = vec![TAG_COMPRESSED_EVEN];
            c.extend_from_slice(&add_small([0u8; 32], k));
            let r = Stark::decode_point(&c);
            if r.is_err() {
                assert_eq!(r, invalid);
                found_non_residue = true;
                break;
            }
        }
        assert!(found_non_residue);

        // Wrong lengths.
        for len in [0usize, 2, 32, 34, 64, 66, 97] {
            let buf = vec![TAG_COMPRESSED_EVEN; len];
            assert_eq!(
                Stark::decode_point(&buf),
                Err(Error::PointLength {
                    curve: "stark",
                    actual: len
                }),
                "length {len}"
            );
        }
        assert_eq!(
            Stark::decode_point(&[0x02]),
            Err(Error::PointLength {
                curve: "stark",
                actual: 1
            })
        );
        assert_eq!(
            Stark::decode_point(&gc[..32]),
            Err(Error::PointLength {
                curve: "stark",
                actual: 32
            })
        );
    }

    #[test]
    fn scalar_decoding_is_strict() {
        let n: [u8; 32] = unhex(ORDER_HEX).try_into().expect("32 bytes");
        let out_of_range = Err(Error::ScalarOutOfRange { curve: "stark" });
        assert_eq!(Stark::scalar_from_be_bytes(&n), out_of_range);
        assert_eq!(Stark::scalar_from_be_bytes(&add_small(n, 1)), out_of_range);
        assert_eq!(Stark::scalar_from_be_bytes(&[0xff; 32]), out_of_range);
        assert_eq!(Stark::scalar_from_be_bytes(&field_modulus()), out_of_range);

        // n - 1 is the largest valid scalar.
        let mut n_minus_1 = n;
        n_minus_1[31] -= 1;
        let s = Stark::scalar_from_be_bytes(&n_minus_1).expect("n - 1");
        assert_eq!(s, -Scalar::ONE);
        assert_eq!(Stark::scalar_to_be_bytes(&s), n_minus_1);

        // Zero decodes; the non-zero helper rejects it.
        assert_eq!(Stark::scalar_from_be_bytes(&[0u8; 32]), Ok(Scalar::ZERO));
        assert_eq!(
            decode_nonzero_scalar::<Stark>(&[0u8; 32]),
            Err(Error::ZeroScalar)
        );
        let mut one = [0u8; 32];
        one[31] = 1;
        assert_eq!(Stark::scalar_from_be_bytes(&one), Ok(Scalar::ONE));
        assert_eq!(Stark::scalar_to_be_bytes(&Scalar::ONE), one);

        for len in [0usize, 31, 33, 64] {
            assert_eq!(
                Stark::scalar_from_be_bytes(&vec![0u8; len]),
                Err(Error::ScalarLength {
                    expected: 32,
                    actual: len
                })
            );
        }
    }

    #[test]
    fn curve_id() {
        assert_eq!(Stark::ID, CurveId::Stark);
        assert_eq!(Stark::COMPRESSED_LEN, CurveId::Stark.compressed_len());
        let _: String = format!("{:?}", Stark);
    }
}
