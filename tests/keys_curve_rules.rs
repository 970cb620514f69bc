//! The key formats accept exactly what the curve module accepts: every scalar range check and
//! every point check in `keys` is the one in `curve`, so the two cannot disagree.
//!
//! The property tests compare the `keys` entry points with the curve decoders on inputs built
//! to sit on the edges (the group order ± a little, zero, non-canonical and off-curve point
//! encodings, wrong SEC1 tags and lengths), not only on uniform random bytes, which almost
//! never hit them. The pinned cases below name inputs `keys` used to accept although `curve`
//! refused them.

use keyport::hazmat::curve::{Curve, Ed25519, PointForm, Secp256k1, Stark, decode_nonzero_scalar};
use keyport::keys::{
    Addresses, Network, ParsedKey, bitcoin_p2pkh, ed25519_public_key, ethereum_address,
    secp256k1_public_key, solana_address, starknet_public_key, taproot_output_key,
};
use keyport::{CurveId, Error};
use proptest::prelude::*;
use zeroize::Zeroizing;

/// The group orders, big-endian.
fn order_of(curve: CurveId) -> [u8; 32] {
    let hex = match curve {
        CurveId::Secp256k1 => "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141",
        CurveId::Ed25519 => "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed",
        CurveId::Stark => "0800000000000010ffffffffffffffffb781126dcae7b2321e66a241adc64d2f",
    };
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex, &mut out).unwrap();
    out
}

/// `value + delta` on 32-byte big-endian integers, wrapping.
fn add_signed(mut value: [u8; 32], delta: i16) -> [u8; 32] {
    let mut carry = i32::from(delta);
    for byte in value.iter_mut().rev() {
        let sum = i32::from(*byte) + carry;
        *byte = sum.rem_euclid(256) as u8;
        carry = sum.div_euclid(256);
    }
    value
}

/// The ed25519 field prime `p = 2^255 - 19`, little-endian (the RFC 8032 point encoding).
fn ed25519_p_le() -> [u8; 32] {
    let mut p = [0xffu8; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    p
}

/// `y + k` for a little-endian 255-bit `y`, keeping the sign bit of the encoding.
fn ed25519_add_small(encoding: [u8; 32], k: u8) -> [u8; 32] {
    let sign = encoding[31] & 0x80;
    let mut y = encoding;
    y[31] &= 0x7f;
    let mut carry = u16::from(k);
    for byte in y.iter_mut() {
        let sum = u16::from(*byte) + carry;
        *byte = (sum & 0xff) as u8;
        carry = sum >> 8;
    }
    y[31] = (y[31] & 0x7f) | sign;
    y
}

fn curve_strategy() -> impl Strategy<Value = CurveId> {
    prop_oneof![
        Just(CurveId::Secp256k1),
        Just(CurveId::Ed25519),
        Just(CurveId::Stark)
    ]
}

/// 32-byte scalars on and around the edges of `curve`'s range.
fn scalar_strategy(curve: CurveId) -> impl Strategy<Value = [u8; 32]> {
    let order = order_of(curve);
    prop_oneof![
        any::<[u8; 32]>(),
        (-3i16..=3).prop_map(move |d| add_signed(order, d)),
        (-3i16..=3).prop_map(|d| add_signed([0u8; 32], d)),
        // Same top byte as the order: the comparison is decided further down.
        any::<[u8; 32]>().prop_map(move |mut b| {
            b[0] = order[0];
            b
        }),
    ]
}

/// The curve module's verdict on a key: `Ok(())` or its error.
fn curve_verdict(curve: CurveId, bytes: &[u8; 32]) -> Result<(), Error> {
    match curve {
        CurveId::Secp256k1 => decode_nonzero_scalar::<Secp256k1>(bytes).map(|_| ()),
        CurveId::Ed25519 => decode_nonzero_scalar::<Ed25519>(bytes).map(|_| ()),
        CurveId::Stark => decode_nonzero_scalar::<Stark>(bytes).map(|_| ()),
    }
}

/// A compressed (or, with `uncompressed`, full) encoding of `G·k` on `C`.
fn point_of<C: Curve>(k: u64, uncompressed: bool) -> Vec<u8> {
    let form = if uncompressed {
        PointForm::Uncompressed
    } else {
        PointForm::Compressed
    };
    C::encode_point(&C::mul_base(&C::Scalar::from(k.max(1))), form).unwrap()
}

/// SEC1-style buffers for `C`: valid points, each with a byte changed, a wrong tag, the wrong
/// length, all zeros, x or y pushed past the field prime, and random bytes.
fn sec1_strategy<C: Curve>() -> impl Strategy<Value = Vec<u8>> {
    let valid = (1u64..1000, any::<bool>()).prop_map(|(k, u)| point_of::<C>(k, u));
    prop_oneof![
        valid.clone(),
        (valid.clone(), any::<u8>()).prop_map(|(mut p, tag)| {
            p[0] = tag;
            p
        }),
        (valid.clone(), any::<prop::sample::Index>(), any::<u8>()).prop_map(|(mut p, i, x)| {
            let i = i.index(p.len());
            p[i] ^= x | 1;
            p
        }),
        (valid.clone(), 0usize..3).prop_map(|(mut p, extra)| {
            if extra == 0 {
                p.pop();
            } else {
                p.extend(std::iter::repeat_n(0, extra));
            }
            p
        }),
        (valid, 0u8..2).prop_map(|(mut p, coord)| {
            // Set the top bits of a coordinate: at or above the field prime on both curves.
            let at = 1 + 32 * usize::from(coord);
            if let Some(b) = p.get_mut(at) {
                *b = 0xff;
            }
            p
        }),
        prop_oneof![Just(1usize), Just(33), Just(65)].prop_map(|n| vec![0u8; n]),
        prop::collection::vec(any::<u8>(), 0..70),
    ]
}

/// 32-byte ed25519 encodings: valid points, sign-bit flips, non-canonical `y + p`, small
/// order points, and random bytes.
fn ed25519_strategy() -> impl Strategy<Value = [u8; 32]> {
    let valid = (1u64..1000).prop_map(|k| {
        let v = point_of::<Ed25519>(k, false);
        let mut out = [0u8; 32];
        out.copy_from_slice(&v);
        out
    });
    prop_oneof![
        valid.clone(),
        valid.prop_map(|mut p| {
            p[31] ^= 0x80;
            p
        }),
        // y = p + k for k < 19: a second, non-canonical spelling of y = k, either sign.
        (0u8..19, any::<bool>()).prop_map(|(k, sign)| {
            let mut e = ed25519_add_small(ed25519_p_le(), k);
            if sign {
                e[31] |= 0x80;
            }
            e
        }),
        // x = 0 with the sign bit set: y = 1 (identity) and y = -1 (order 2).
        prop_oneof![Just(1u8), Just(0xec)].prop_map(|low| {
            let mut e = if low == 1 { [0u8; 32] } else { ed25519_p_le() };
            e[0] = low;
            e[31] |= 0x80;
            e
        }),
        any::<[u8; 32]>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `ParsedKey::from_scalar` (and with it every key format) takes exactly the scalars the
    /// curve's decoder takes, with the same error.
    #[test]
    fn key_scalars_follow_the_curve(
        (curve, bytes) in curve_strategy().prop_flat_map(|c| (Just(c), scalar_strategy(c)))
    ) {
        let parsed = ParsedKey::from_scalar(curve, Zeroizing::new(bytes)).map(|_| ());
        prop_assert_eq!(parsed, curve_verdict(curve, &bytes));
    }

    /// The public-key helpers are the curve's `G·s`, compressed.
    #[test]
    fn public_keys_follow_the_curve(
        (curve, bytes) in prop_oneof![Just(CurveId::Secp256k1), Just(CurveId::Ed25519)]
            .prop_flat_map(|c| (Just(c), scalar_strategy(c)))
    ) {
        let from_keys = match curve {
            CurveId::Secp256k1 => secp256k1_public_key(&bytes).map(|p| p.to_vec()),
            _ => ed25519_public_key(&bytes).map(|p| p.to_vec()),
        };
        let from_curve = match curve {
            CurveId::Secp256k1 => decode_nonzero_scalar::<Secp256k1>(&bytes).and_then(|s| {
                Secp256k1::encode_point(&Secp256k1::mul_base(&s), PointForm::Compressed)
            }),
            _ => decode_nonzero_scalar::<Ed25519>(&bytes)
                .and_then(|s| Ed25519::encode_point(&Ed25519::mul_base(&s), PointForm::Compressed)),
        };
        prop_assert_eq!(from_keys, from_curve);
    }

    /// secp256k1 addresses are given for exactly the buffers the curve decodes.
    #[test]
    fn secp256k1_addresses_follow_the_curve(bytes in sec1_strategy::<Secp256k1>()) {
        let verdict = Secp256k1::decode_point(&bytes).map(|_| ());
        prop_assert_eq!(ethereum_address(&bytes).map(|_| ()), verdict.clone());
        prop_assert_eq!(bitcoin_p2pkh(&bytes, Network::Mainnet).map(|_| ()), verdict.clone());
        prop_assert_eq!(taproot_output_key(&bytes).map(|_| ()), verdict.clone());
        let all = Addresses::from_public_key(CurveId::Secp256k1, &bytes);
        prop_assert_eq!(all.as_ref().map(|_| ()).map_err(Clone::clone), verdict);
        if let Ok(a) = all {
            let point = Secp256k1::decode_point(&bytes).unwrap();
            let compressed = Secp256k1::encode_point(&point, PointForm::Compressed).unwrap();
            prop_assert_eq!(a.public_key, hex::encode(compressed));
        }
    }

    /// Solana addresses are given for exactly the encodings the ed25519 decoder takes
    /// (canonical, on the curve, not the identity, torsion-free).
    #[test]
    fn ed25519_addresses_follow_the_curve(bytes in ed25519_strategy()) {
        let verdict = Ed25519::decode_point(&bytes).map(|_| ());
        prop_assert_eq!(solana_address(&bytes).map(|_| ()), verdict.clone());
        let all = Addresses::from_public_key(CurveId::Ed25519, &bytes).map(|_| ());
        prop_assert_eq!(all, verdict);
    }
}

proptest! {
    // A compressed stark point costs a square root with 2-adicity 192 to decode.
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// StarkNet public keys are given for exactly the buffers the stark decoder takes, and
    /// they are the x-coordinate of the curve's compressed encoding.
    #[test]
    fn stark_public_keys_follow_the_curve(bytes in sec1_strategy::<Stark>()) {
        let decoded = Stark::decode_point(&bytes);
        let shown = starknet_public_key(&bytes);
        prop_assert_eq!(shown.as_ref().map(|_| ()).map_err(Clone::clone), decoded.as_ref().map(|_| ()).map_err(Clone::clone));
        if let (Ok(shown), Ok(point)) = (shown, decoded) {
            let compressed = Stark::encode_point(&point, PointForm::Compressed).unwrap();
            prop_assert_eq!(shown, format!("0x{}", hex::encode(&compressed[1..])));
            let all = Addresses::from_public_key(CurveId::Stark, &bytes).unwrap();
            prop_assert_eq!(all.public_key, hex::encode(&compressed));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Inputs the key formats accepted before they used the curve's decoders.

/// The ed25519 identity with its sign bit set (`x = -0`), and `y = p + 1`: both non-canonical
/// spellings of the identity. `keys` used to check the identity by its canonical bytes only,
/// so it printed a Solana address for these.
#[test]
fn non_canonical_ed25519_keys_have_no_address() {
    let mut signed_identity = [0u8; 32];
    signed_identity[0] = 1;
    signed_identity[31] = 0x80;
    let y_is_p_plus_1 = ed25519_add_small(ed25519_p_le(), 1);
    for bytes in [signed_identity, y_is_p_plus_1] {
        let invalid = Err(Error::InvalidPoint { curve: "ed25519" });
        assert_eq!(Ed25519::decode_point(&bytes).map(|_| ()), invalid);
        assert_eq!(solana_address(&bytes).map(|_| ()), invalid);
        assert_eq!(
            Addresses::from_public_key(CurveId::Ed25519, &bytes).map(|_| ()),
            invalid
        );
    }
}

/// A stark `x` with no point on the curve, compressed and (with any `y`) uncompressed:
/// `keys` used to check only the tag and `x < p`, so it showed a StarkNet public key for
/// these. The all-zero buffer is now the identity, as the curve module reports it.
#[test]
fn stark_keys_off_the_curve_have_no_public_key() {
    let invalid = Err(Error::InvalidPoint { curve: "stark" });
    let off_curve = (0u8..=255)
        .map(|k| {
            let mut c = vec![0x02];
            c.extend_from_slice(&[0u8; 31]);
            c.push(k);
            c
        })
        .find(|c| Stark::decode_point(c).is_err())
        .expect("some small x is not on the curve");
    assert_eq!(Stark::decode_point(&off_curve).map(|_| ()), invalid);
    assert_eq!(starknet_public_key(&off_curve).map(|_| ()), invalid);
    assert_eq!(
        Addresses::from_public_key(CurveId::Stark, &off_curve).map(|_| ()),
        invalid
    );
    // G with y + 1: a valid x, but (x, y + 1) is not on the curve.
    let mut g = point_of::<Stark>(1, true);
    g[64] ^= 1;
    assert_eq!(starknet_public_key(&g).map(|_| ()), invalid);
    assert_eq!(
        starknet_public_key(&[0u8; 33]).unwrap_err(),
        Error::IdentityPoint
    );
}

/// The 1-byte SEC1 identity is the identity to every secp256k1 address function, as it is
/// to the curve's decoder (it used to be reported as a 1-byte length error).
#[test]
fn secp256k1_identity_byte_is_the_identity() {
    assert_eq!(
        Secp256k1::decode_point(&[0]).unwrap_err(),
        Error::IdentityPoint
    );
    assert_eq!(ethereum_address(&[0]).unwrap_err(), Error::IdentityPoint);
    assert_eq!(
        Addresses::from_public_key(CurveId::Secp256k1, &[0]).unwrap_err(),
        Error::IdentityPoint
    );
}
